"""Find words in the sources and print evidence entries ready to paste.

The text is compared with the sources the way `timeline check` compares quotes
(typographic quotes, dashes and spaces normalised; letter case kept), so an
exact match printed here passes the check. When the words occur nowhere, the
closest passages are printed instead, best first, in the source's own words.

Each hit is printed as PATH:LINE:COL of the passage in the source, then an
entry for an event's evidence: list, with the dates, lengths and numbers the
quote states, so you know what it can support.

exit status: 0 found, 1 nothing found, 2 usage error

examples:
  timeline find "large-scale offensive"
  timeline find "six Azerbaijanis" --in el-diario-2023-09-19
  timeline find "lasted fourty four days"      (no exact match: the closest passages)
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import math
import re
import sys
from dataclasses import dataclass

from .. import claims
from ..problems import plural
from ..sources import Source, load_sources
from ..text.normalise import normalise
from . import UsageError
from .new import yaml_string

NAME = "find"
HELP = "find words in the sources; print evidence entries ready to paste"
MAX_EXACT = 10
MAX_CLOSE = 3
MIN_SIMILARITY = 0.6
CLOSE_MARGIN = 0.1


@dataclass(frozen=True)
class Hit:
    """A passage of a source: where it is, its words, and how like the search it is."""

    source: Source
    start: int  # offsets into the normalised text
    end: int
    similarity: float  # of the passage and the words, letter case aside
    exact: bool = False

    @property
    def passage(self) -> str:
        return self.source.normal.text[self.start : self.end]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", metavar="TEXT", help="the words to look for")
    parser.add_argument(
        "--in",
        dest="within",
        metavar="SOURCE_ID",
        default=None,
        help="search this source only (a file name in seeds/, without .txt)",
    )


def run(args: argparse.Namespace, *, root: str, display_root: str) -> int:
    words = normalise(args.text)
    if not words:
        raise UsageError("give some words to look for")
    sources, problems = load_sources(root, display_root)
    for problem in problems:
        if problem.is_error:
            print(problem, file=sys.stderr)
    if args.within is not None:
        if args.within not in sources:
            guess = difflib.get_close_matches(args.within, sorted(sources), n=1)
            hint = f'; did you mean "{guess[0]}"?' if guess else ""
            raise UsageError(f"--in {args.within}: no source of that id in seeds/{hint}")
        sources = {args.within: sources[args.within]}
    hits = exact_hits(words, sources)
    shown = hits[:MAX_EXACT]
    if not hits:
        shown = closest_hits(words, sources)
    if not shown:
        print(
            f'nothing like "{words}" in {plural(len(sources), "source")}; '
            "try fewer words or other words",
            file=sys.stderr,
        )
        return 1
    print("\n\n".join(describe(hit) for hit in shown))
    if len(hits) > len(shown):
        print(f"\n({len(hits) - len(shown)} more exact matches; add words to narrow it down)")
    return 0


def exact_hits(words: str, sources: dict[str, Source]) -> list[Hit]:
    """Every occurrence of the words, source by source, in reading order."""
    hits = []
    for source in sources.values():
        start = source.normal.text.find(words)
        while start >= 0:
            hits.append(Hit(source, start, start + len(words), 1.0, exact=True))
            start = source.normal.text.find(words, start + 1)
    return hits


def closest_hits(words: str, sources: dict[str, Source]) -> list[Hit]:
    """The passages most like the words, best first, none overlapping another.

    Windows of the words' length start at each word of the text (as
    closest.closest_passage does); the best are then widened or narrowed a few
    words at either end, so a passage is not cut short of a year or a name.
    Letter case is ignored, so a passage that differs only in case ranks first.
    """
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(words.lower())
    candidates: list[Hit] = []
    for source in sources.values():
        lower = source.normal.text.lower()
        bounds = _word_bounds(source.normal.text)
        for index, start in enumerate(bounds.starts):
            end_index = bisect.bisect_left(bounds.ends, min(start + len(words), len(lower)))
            end_index = min(end_index, len(bounds.ends) - 1)
            ratio = _similarity(matcher, lower[start : bounds.ends[end_index]])
            if ratio >= MIN_SIMILARITY:
                candidates.append(Hit(source, index, end_index, ratio))
    candidates.sort(key=lambda hit: -hit.similarity)
    refined = sorted(
        (_refine(matcher, hit) for hit in candidates[: MAX_CLOSE * 8]),
        key=lambda hit: (-hit.similarity, hit.source.id, hit.start),
    )
    chosen: list[Hit] = []
    for hit in refined:
        if all(
            other.source.id != hit.source.id or hit.end <= other.start or hit.start >= other.end
            for other in chosen
        ):
            chosen.append(hit)
    # Far below the best, a passage is only noise.
    best = chosen[0].similarity if chosen else 0.0
    return [hit for hit in chosen[:MAX_CLOSE] if hit.similarity >= best - CLOSE_MARGIN]


@dataclass(frozen=True)
class _Bounds:
    starts: list[int]  # where each word begins
    ends: list[int]  # where each word ends, trailing punctuation left out


def _word_bounds(text: str) -> _Bounds:
    starts, ends = [], []
    for match in re.finditer(r"\S+", text):
        starts.append(match.start())
        end = match.end()
        while end > match.start() + 1 and text[end - 1] in ".,;:!?":  # a quote ends on a word
            end -= 1
        ends.append(end)
    return _Bounds(starts, ends)


def _similarity(matcher: difflib.SequenceMatcher, passage: str) -> float:
    matcher.set_seq1(passage)
    if matcher.real_quick_ratio() < MIN_SIMILARITY or matcher.quick_ratio() < MIN_SIMILARITY:
        return 0.0
    return matcher.ratio()


def _refine(matcher: difflib.SequenceMatcher, hit: Hit) -> Hit:
    """The best passage within a few words of a window (word indexes in, offsets out)."""
    text = hit.source.normal.text
    lower = text.lower()
    bounds = _word_bounds(text)
    best = (hit.similarity, hit.start, hit.end)
    for first in range(max(0, hit.start - 3), min(len(bounds.starts), hit.start + 4)):
        for last in range(max(first, hit.end - 3), min(len(bounds.ends), hit.end + 6)):
            ratio = _similarity(matcher, lower[bounds.starts[first] : bounds.ends[last]])
            if ratio > best[0]:
                best = (ratio, first, last)
    ratio, first, last = best
    return Hit(hit.source, bounds.starts[first], _whole_date_end(hit.source, bounds, last), ratio)


def _whole_date_end(source: Source, bounds: _Bounds, last: int) -> int:
    """The passage's end, moved on a word or two when a date runs on past it ("1 December 2020").

    Cut short, "1 December" would be counted from publication: another year.
    """
    from ..text.read import stated_times  # compiles many patterns: only when needed

    start, end = bounds.starts[max(0, last - 4)], bounds.ends[last]
    for extra in (1, 2):
        if last + extra >= len(bounds.ends):
            break
        longer = source.normal.text[start : bounds.ends[last + extra]]
        for time in stated_times(longer, published=source.published, language=source.language):
            at = longer.find(time.text)
            if at < end - start < at + len(time.text):
                return bounds.ends[last + extra]
    return end


def describe(hit: Hit) -> str:
    """The hit's place and an evidence entry to paste, with what the quote states."""
    source = hit.source
    begin, _ = source.normal.original_span(hit.start, hit.end)
    line, col = source.line_col(begin)
    if hit.exact:
        kind = "exact"
    elif hit.similarity == 1.0:
        kind = "the same words in other letter case"
    else:
        kind = f"{math.floor(hit.similarity * 100)}% similar"
    statements = what_it_states(hit.passage, source)
    supports = [kind for kind, _ in statements]
    lines = [
        f"{source.path}:{line}:{col}: {source.id} ({kind})",
        f"  - source: {source.id}",
        f"    quote: {yaml_string(hit.passage)}",
        *(f"    # {text}" for _, text in statements),
        f"    supports: [{', '.join(dict.fromkeys(supports)) or 'summary'}]",
    ]
    return "\n".join(lines)


def what_it_states(quote: str, source: Source) -> list[tuple[str, str]]:
    """(claim it can support, what it states) for each thing in the quote a kind of claim
    could rest on (timeline.claims): each time, length and number, in reading order.

    A statement of a nested kind within another's (a number, "2023" in "19 September
    2023") is not listed again.
    """
    hinted = [
        (order, kind, kind.hints(quote, source))
        for order, kind in enumerate(claims.kinds())
        if kind.hints is not None
    ]
    taken = [(h.start, h.end) for _, kind, hints in hinted if not kind.nested for h in hints]
    found: list[tuple[int, int, str, str]] = []
    for order, kind, hints in hinted:
        for hint in hints:
            if kind.nested and any(hint.start < end and begin < hint.end for begin, end in taken):
                continue
            found.append((hint.start, order, kind.written, hint.text))
    return [(claim, text) for _, _, claim, text in sorted(found)]
