"""Summaries are converted without the inline patterns that cannot match in them
(timeline.markup._converter): the HTML must be what Markdown with every pattern gives."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import markup
from timeline.dataset import load_project

from conftest import REPO

# Every character a pattern looks for, what Markdown turns into them, and plain text.
PIECES = [
    *"`\\[]()!<>&*_#-+.:;@/=\"' \t\r\n\x02\x03",
    "  \n",
    "![a](b)",
    "[a][b]",
    "[b]: http://x.org",
    "<http://x.org>",
    "<a@b.org>",
    "<em>",
    "&amp;",
    "&#42;",
    "**",
    "__",
    "word",
    "Gorrud",
    "1.",
    "> ",
    "    ",
]


def full(text: str) -> str:
    converter = markdown.Markdown(extensions=[], output_format="html")
    return converter.convert(text)


def pruned(text: str) -> str:
    converter = markup._converter(text)
    converter.reset()
    return converter.convert(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_pruned_converters_give_what_every_pattern_gives(text):
    assert pruned(text) == full(text)


def test_the_example_summaries_too():
    data = load_project(str(REPO)).dataset
    texts = [event.summary for event in data.events] + [s.note for s in data.sources.values()]
    assert len(texts) >= 10
    for text in texts:
        assert pruned(text) == full(text), text


def test_a_text_without_triggers_is_searched_by_no_inline_pattern():
    converter = markup._converter("Plain words, two paragraphs.\n\nAnd more.")
    kept = {name for name in markup._NEEDS if name in converter.inlinePatterns}
    assert kept == set()
    assert set(converter.inlinePatterns._data) <= set(markup._NEEDS) | {"not_strong"}


def test_every_pattern_is_kept_when_each_is_needed():
    text = "`\\[!<&* _ x  \ny"
    converter = markup._converter(text)
    every = markdown.Markdown(extensions=[], output_format="html").inlinePatterns
    assert list(converter.inlinePatterns._data) == list(every._data)


@pytest.mark.parametrize(
    "text",
    ["a  \r\nb", "a \rb", "a\t\nb", "a \t\nb", "- a  \n  b", "> a  \n> b", "!\n[a](b)"],
)
def test_line_breaks_markdown_makes_of_tabs_and_returns(text):
    assert pruned(text) == full(text)


def test_stx_and_etx_keep_every_pattern():
    # Markdown drops them first, so "a  \x02\nb" is a line break to it.
    text = "a  \x02\nb"
    assert pruned(text) == full(text) == "<p>a<br>\nb</p>"
