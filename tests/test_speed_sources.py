"""The fast way of normalising a text gives exactly what the character-by-character way does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from timeline.text.normalise import _normalise_each_character, normalise, normalise_with_map

# Letters, typographic quotes and dashes, every kind of space, ligatures, combining marks.
CHARS = st.sampled_from(
    list("ab A.,'\"-\n\t\r\x0b\x0c\x1c\u00a0\u2009\u3000\u2028")
    + list("\u2018\u2019\u201c\u201d\u00ab\u2013\u2014\u2212\ufb01\u00bd\u0301\u0327e\u00e9")
    + ["\uff02", "\u1100", "\u1161", "\u2460"]
)
TEXTS = st.text(CHARS, max_size=60) | st.text(max_size=60)


@given(TEXTS)
def test_the_fast_normalisation_is_exactly_the_slow_one(text):
    fast, slow = normalise_with_map(text), _normalise_each_character(text)
    assert fast.text == slow.text
    assert list(fast.starts) == list(slow.starts)
    assert list(fast.ends) == list(slow.ends)
    assert [fast.starts[i] for i in range(-len(slow.starts), 0)] == list(slow.starts)
    assert normalise(text) == slow.text.strip()


@given(st.text(st.sampled_from(list("ab \n\u2019\u2014")), min_size=1, max_size=80), st.data())
def test_original_spans_of_a_plain_text_match_the_slow_map(text, data):
    fast, slow = normalise_with_map(text), _normalise_each_character(text)
    if not slow.text:
        return
    start = data.draw(st.integers(0, len(slow.text) - 1))
    end = data.draw(st.integers(start + 1, len(slow.text)))
    assert fast.original_span(start, end) == slow.original_span(start, end)
