"""The passage of a source most like a quote missing from it, found with bounded work.

The similarity of two texts is 2·L / (their lengths added), L the length of their longest
common subsequence, computed a whole machine word of the quote at a time (Hyyrö's
bit-parallel method): linear in the passage, whatever the characters. difflib's ratio,
used before, costs the cube of the length on texts like "abab…" against "aaaa…".

Work is counted in characters compared (each character of a passage compared with a quote
of up to 2,048 characters; a longer quote counts once more per 2,048), plus, for each
search, a _SCAN_SHARE-th of the text's length (its scans for word starts run at C speed).
The counts follow from the texts alone, never from the clock, so what is reported, and when
the searching stops, is the same on every run.
"""

from __future__ import annotations

import itertools
import re

# Past this many characters compared in all (the quote at every word start of the text),
# the quote's first _HEAD characters are compared at _SAMPLES places and near the best.
CLOSEST_BUDGET = 200_000
# All the searches for the missing quotes of one event file: once it is spent, the rest
# are reported without a closest passage.
FILE_BUDGET = 2_000_000
_HEAD = 200
_SAMPLES = 1_000
_SCAN_SHARE = 16  # a search scans its text for word starts about twice
_BLOCK = 2_048
_SPACE = re.compile(r"\s")


class Budget:
    """Work left for the closest-passage searches of one event file."""

    def __init__(self, work: int = FILE_BUDGET) -> None:
        self.left = work


def closest_passage(
    quote: str, text: str, budget: Budget | None = None
) -> tuple[int, int, float] | None:
    """The passage of `text` most like `quote`: (start, end, similarity 0..1).

    The work is taken from `budget`; None, without searching, once it is spent."""
    size = len(quote)
    if not size or not text:
        return 0, 0, 0.0
    if budget is not None and budget.left <= 0:
        return None
    limit = CLOSEST_BUDGET // size
    starts = [0, *(m.end() for m in itertools.islice(_SPACE.finditer(text), limit))]
    if len(starts) <= limit:  # every word start
        matcher = _Matcher(quote)
        start, ratio = matcher.best(text, starts)
    else:
        # A long quote missing from a long text: its opening, compared at word starts spread
        # evenly through the text, then at every word start near the best. The similarity
        # is the opening's.
        matcher = _Matcher(quote[:_HEAD])
        span = -(-len(text) // _SAMPLES)
        spread = (_next_start(text, at, at + span) for at in range(0, len(text), span))
        rough, _ = matcher.best(text, [at for at in spread if at >= 0])
        start, ratio = matcher.best(text, _starts_between(text, rough - span, rough + span))
    if budget is not None:
        budget.left -= matcher.work + len(text) // _SCAN_SHARE
    space = _SPACE.search(text, min(start + size, len(text)))  # end on a whole word
    return start, space.start() if space else len(text), ratio


def _next_start(text: str, low: int, high: int) -> int:
    """The first word start in [low, high), or -1."""
    if low == 0:
        return 0
    match = _SPACE.search(text, low - 1, high - 1)
    return match.end() if match else -1


def _starts_between(text: str, low: int, high: int) -> list[int]:
    """Every word start in [low, high]."""
    low = max(low, 0)
    first = [0] if low == 0 else []
    return first + [m.end() for m in _SPACE.finditer(text, max(low - 1, 0), high)]


class _Matcher:
    """The similarity of passages to one pattern, counting the characters compared."""

    def __init__(self, pattern: str) -> None:
        self.size = len(pattern)
        self.masks: dict[str, int] = {}
        for bit, char in enumerate(pattern):
            self.masks[char] = self.masks.get(char, 0) | 1 << bit
        self.weight = 1 + self.size // _BLOCK
        self.work = 0

    def similarity(self, passage: str) -> float:
        """2·(longest common subsequence) / (both lengths), 0..1."""
        self.work += len(passage) * self.weight
        full = (1 << self.size) - 1
        row, masks = full, self.masks
        for char in passage:
            common = row & masks.get(char, 0)
            row = ((row + common) | (row - common)) & full
        common_length = self.size - row.bit_count()
        return 2 * common_length / (self.size + len(passage))

    def best(self, text: str, starts: list[int]) -> tuple[int, float]:
        """The start of the passage most like the pattern (the first of equals), and how
        alike the two are."""
        best, best_start = -1.0, 0
        for start in starts:
            ratio = self.similarity(text[start : start + self.size])
            if ratio > best:
                best, best_start = ratio, start
        return best_start, max(best, 0.0)
