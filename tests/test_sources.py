"""Normalisation and quote matching: the offset map always leads back to the original."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from timeline.closest import CLOSEST_BUDGET, FILE_BUDGET, Budget, _Matcher, closest_passage
from timeline.text.normalise import (
    _fold,
    _single_char_table,
    _translate,
    normalise,
    normalise_with_map,
)

# Text an article really contains: letters, accents (also decomposed), typographic
# quotes, every kind of dash and space, ligatures and full-width forms.
TRICKY = "aé\u0301ﬁ“”‘’–—‑−\u00a0\u2009\t\n  «»ＡＢ１"
texts = st.text(alphabet=st.sampled_from(list(TRICKY) + list("abc xyz.,-'\"")), max_size=80)


def test_the_rules_of_format_md():
    assert normalise("“large-scale offensive” – six") == '"large-scale offensive" - six'
    assert normalise("Azerbaijan’s\u00a0Defense\n\n  Ministry") == "Azerbaijan's Defense Ministry"
    assert normalise("ﬁve—six−seven") == "five-six-seven"
    assert normalise("  padded  ") == "padded"


@given(texts)
def test_every_normalised_character_maps_back_to_its_source(text):
    normal = normalise_with_map(text)
    assert len(normal.text) == len(normal.starts) == len(normal.ends)
    for index, char in enumerate(normal.text):
        start, end = normal.starts[index], normal.ends[index]
        assert 0 <= start < end <= len(text)
        piece = text[start:end]
        if char == " ":
            assert piece[0].isspace() or unicodedata.normalize("NFKC", piece[0]).isspace()
        else:
            assert char in normalise_with_map(piece).text


@given(texts)
def test_offsets_never_go_backwards(text):
    normal = normalise_with_map(text)
    assert list(normal.starts) == sorted(normal.starts)
    assert list(normal.ends) == sorted(normal.ends)


@given(texts, st.data())
def test_a_slice_of_the_original_is_found_and_maps_back_to_itself(text, data):
    normal = normalise_with_map(text)
    if not normal.text.strip():
        return
    start = data.draw(st.integers(0, len(normal.text) - 1))
    end = data.draw(st.integers(start + 1, len(normal.text)))
    quote = normal.text[start:end].strip()
    if not quote:
        return
    found = normal.text.find(quote)
    assert found >= 0
    begin, finish = normal.original_span(found, found + len(quote))
    # The original passage holds the quote; it is larger only when the quote cuts through
    # what one original character became ("ﬁ" -> "fi", a letter and its accents).
    passage = normalise(text[begin:finish])
    assert quote in passage
    last = found + len(quote) - 1
    cuts_start = found > 0 and normal.starts[found - 1] == normal.starts[found]
    cuts_end = last + 1 < len(normal.text) and normal.ends[last + 1] == normal.ends[last]
    if not cuts_start and not cuts_end:
        assert passage == quote


@given(texts, texts)
def test_a_quote_matches_exactly_when_it_is_a_substring_after_normalising(source, quote):
    quote_n = normalise(quote)
    matched = bool(quote_n) and normalise_with_map(source).text.find(quote_n) >= 0
    assert matched == (bool(quote_n) and quote_n in normalise(source))


def test_closest_passage_points_at_the_nearest_words():
    text = normalise("The war lasted for 44 days and ended in November. Then peace came.")
    start, end, ratio = closest_passage("The war lasted for 45 days", text)
    assert text[start:end] == "The war lasted for 44 days"
    assert 0.9 < ratio < 1


def _common_subsequence(a: str, b: str) -> int:
    row = [0] * (len(b) + 1)
    for char in a:
        diagonal, row[0] = 0, 0
        for j, other in enumerate(b, 1):
            diagonal, row[j] = row[j], diagonal + 1 if char == other else max(row[j], row[j - 1])
    return row[-1]


@given(st.text(alphabet="ab c", max_size=90), st.text(alphabet="ab c", min_size=1, max_size=90))
def test_similarity_is_twice_the_longest_common_subsequence_over_both_lengths(passage, quote):
    similarity = _Matcher(quote).similarity(passage)
    assert similarity == 2 * _common_subsequence(passage, quote) / (len(passage) + len(quote))


def test_a_search_takes_its_work_from_the_budget_and_none_once_it_is_spent():
    # On "abab..." against "aaaa..." difflib's ratio took time cubic in the length.
    quote, text = "ab" * 2_500, "a" * 5_000
    budget = Budget()
    assert closest_passage(quote, text, budget) == closest_passage(quote, text) == (0, 5_000, 0.5)
    assert 0 < FILE_BUDGET - budget.left <= 3 * CLOSEST_BUDGET
    assert closest_passage(quote, text, Budget(0)) is None


_ALPHABET = "aZ 09\t\n\r\u00a0\u2009\u3000“”‘’„«»–—−‐-'\"ＡＢ，ﬁé\u0301ßΩΩ\u2028x"


@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_folding_by_replacements_is_translate(text: str) -> None:
    """_translate's few str.replace passes give what str.translate gives, character by
    character, whatever the order of the table."""
    table = _single_char_table(text)
    expected = {}
    for char in set(text):
        normal = unicodedata.normalize("NFKC", char)
        if unicodedata.combining(char) or len(normal) != 1:
            assert table is None
            return
        folded = " " if normal.isspace() else _fold(normal)
        if folded != char:
            expected[char] = folded
    assert table == expected
    assert _translate(text, table) == text.translate({ord(c): f for c, f in table.items()})
    reordered = dict(reversed(table.items()))
    assert _translate(text, reordered) == _translate(text, table)
