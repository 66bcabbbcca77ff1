"""The form quotes and sources are compared in: NFKC, ASCII quotes, "-" for every dash and
one space for each run of whitespace (FORMAT.md: quote matching).

normalise_with_map keeps, for every normalised character, the offsets of the characters
it came from, so a quote found in a normalised text can be placed in the text as stored.
Nothing here depends on the language of a text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_QUOTES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\uff02", '"'),
    "\u2212": "-",  # the minus sign is not Pd, but editors type it as a dash
}


def _fold(char: str) -> str:
    if char in _QUOTES:
        return _QUOTES[char]
    if unicodedata.category(char) == "Pd":
        return "-"
    return char


@dataclass(frozen=True)
class NormalText:
    """A text after normalisation, with the way back to the original.

    `starts[i]` and `ends[i]` are the code-point offsets in the original text of
    the characters that normalised character `i` came from.
    """

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original of the normalised span [start, end)."""
        return self.starts[start], self.ends[end - 1]


class _CollapsedOffsets(Sequence[int]):
    """The offsets of a text normalised one character to one, but for collapsed space runs.

    Normalised character `n` came from original offset `n + removed` (its start, `shift`
    0) up to `n + removed' + 1` (its end, `shift` 1), where `removed` counts the spaces
    collapsed before it and `removed'` those collapsed up to and including it. Only the
    runs are stored, not two numbers per character.
    """

    def __init__(self, length: int, runs: tuple[int, ...], removed: tuple[int, ...], shift: int):
        self._length = length
        self._runs = runs  # normalised index of each collapsed run, ascending
        self._removed = removed  # spaces removed up to and including each run
        self._shift = shift

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset index out of range")
        run = bisect.bisect_left(self._runs, index + self._shift)
        return index + self._shift + (self._removed[run - 1] if run else 0)

    def __iter__(self) -> Iterator[int]:
        return (self[index] for index in range(self._length))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._length, self._runs, self._removed, self._shift))


# How each character seen so far normalises on its own: None when it does not fold into
# one character by itself (a combining mark, a ligature). Shared by every text.
_FOLDED: dict[str, str | None] = {}


def _fold_alone(char: str) -> str | None:
    if unicodedata.combining(char):
        return None
    normal = unicodedata.normalize("NFKC", char)
    if len(normal) != 1:
        return None
    return " " if normal.isspace() else _fold(normal)


def _single_char_table(text: str) -> dict[str, str] | None:
    """How each character of `text` normalises, when every one does so on its own into one
    character (no combining marks, no ligatures): then the text folds character by
    character (see _translate)."""
    table: dict[str, str] = {}
    for char in set(text):
        folded = _FOLDED.get(char, "")
        if folded == "":
            folded = _FOLDED[char] = _fold_alone(char)
        if folded is None:
            return None
        if folded != char:
            table[char] = folded
    return table


def _translate(text: str, table: dict[str, str]) -> str:
    """text.translate(table) for a table from _single_char_table. No character a table
    folds into is folded again (the folds are already normal), so the order of the
    replacements does not matter, and a few str.replace passes beat translate(), which
    looks up every character of a non-ASCII text in a dict."""
    if len(table) > 24:
        return text.translate({ord(char): folded for char, folded in table.items()})
    for char, folded in table.items():
        text = text.replace(char, folded)
    return text


_SPACE_RUN = re.compile("  +")


def normalise(text: str) -> str:
    """The form quotes and sources are compared in (FORMAT.md: quote matching)."""
    table = _single_char_table(text)
    if table is None:
        return normalise_with_map(text).text.strip()
    return _SPACE_RUN.sub(" ", _translate(text, table)).strip()


def normalise_with_map(original: str) -> NormalText:
    """NFKC, ASCII quotes, '-' for every dash, one space for each whitespace run."""
    table = _single_char_table(original)
    if table is not None:
        # Each character normalises alone into one: only the space runs move offsets.
        folded = _translate(original, table)
        runs: list[int] = []
        removed: list[int] = []
        total = 0
        for match in _SPACE_RUN.finditer(folded):
            runs.append(match.start() - total)
            total += match.end() - match.start() - 1
            removed.append(total)
        text = _SPACE_RUN.sub(" ", folded) if runs else folded
        length = len(text)
        return NormalText(
            text,
            _CollapsedOffsets(length, tuple(runs), tuple(removed), 0),
            _CollapsedOffsets(length, tuple(runs), tuple(removed), 1),
        )
    return _normalise_each_character(original)


def _normalise_each_character(original: str) -> NormalText:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    length = len(original)
    while i < length:
        # A base character and its combining marks normalise together (NFKC composes them).
        j = i + 1
        while j < length and unicodedata.combining(original[j]):
            j += 1
        for char in unicodedata.normalize("NFKC", original[i:j]):
            char = " " if char.isspace() else _fold(char)
            if char == " " and out and out[-1] == " ":
                ends[-1] = j
                continue
            out.append(char)
            starts.append(i)
            ends.append(j)
        i = j
    return NormalText("".join(out), tuple(starts), tuple(ends))
