"""The sweeps that replaced scans over every quote or event give what the scans gave."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from timeline.evidence import CheckedQuote
from timeline.pagetext import cited_share, events_by, highlight


def _quote(n: int, start: int, end: int) -> CheckedQuote:
    return CheckedQuote(
        event_id=f"e{n}",
        index=0,
        source_id="s",
        quote="",
        start=start,
        end=end,
        line=1,
        col=1,
        supports=(),
        confirmed=True,
        passage="",
    )


@st.composite
def texts_and_quotes(draw):
    text = draw(st.text(st.sampled_from(list("ab \n\t\u00a0.")), max_size=40))
    spans = draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=6)
    )
    quotes = [_quote(n, min(a, b), max(a, b)) for n, (a, b) in enumerate(spans)]
    return text, draw(st.permutations(quotes))


def _highlight_by_scanning(text, quotes):
    cuts = sorted({0, len(text), *(q.start for q in quotes), *(q.end for q in quotes)})
    return [
        {
            "text": text[start:end],
            "marked": any(q.start <= start and end <= q.end for q in quotes),
            "starts": [q for q in quotes if q.start == start],
            "ends": [q for q in quotes if q.end == end],
        }
        for start, end in zip(cuts, cuts[1:], strict=False)
    ]


def _share_by_counting(text, quotes):
    covered = [False] * len(text)
    for quote in quotes:
        covered[quote.start : quote.end] = [True] * (quote.end - quote.start)
    total = sum(1 for char in text if not char.isspace())
    hit = sum(1 for char, on in zip(text, covered, strict=True) if on and not char.isspace())
    return round(100 * hit / total) if total else 0


@given(texts_and_quotes())
def test_highlight_sweeps_to_what_a_scan_finds(case):
    text, quotes = case
    assert highlight(text, quotes) == _highlight_by_scanning(text, quotes)


@given(texts_and_quotes())
def test_cited_share_counts_what_character_by_character_counting_does(case):
    text, quotes = case
    assert cited_share(text, quotes) == _share_by_counting(text, quotes)


@given(st.lists(st.lists(st.sampled_from("abcd"), max_size=3), max_size=8))
def test_events_by_tag_keeps_timeline_order(tag_lists):
    events = [SimpleNamespace(id=str(n), tags=tuple(tags)) for n, tags in enumerate(tag_lists)]
    grouped = events_by(events, "tags")
    for tag in {tag for tags in tag_lists for tag in tags}:
        assert grouped[tag] == [event for event in events if tag in event.tags]
    assert set(grouped) == {tag for tags in tag_lists for tag in tags}
