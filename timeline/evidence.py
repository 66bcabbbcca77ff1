"""Evidence: find every quote in its source, then check what it is said to support."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import claims
from .closest import Budget, closest_passage
from .edtf import PRECISIONS
from .events import Event, Evidence
from .problems import Problem, warning
from .sources import Source
from .text.normalise import normalise
from .yamlfile import YamlDoc

if TYPE_CHECKING:  # the readers compile many patterns: imported when a quote is checked
    from .text.stated import StatedTime


@dataclass(frozen=True, slots=True)
class CheckedQuote:
    """A quote found in its source: where it is, and whether its claims hold."""

    event_id: str
    index: int
    source_id: str
    quote: str
    start: int  # code-point offsets into the source text as stored
    end: int
    line: int
    col: int
    supports: tuple[str, ...]
    confirmed: bool
    # The passage as the source stores it (text[start:end]): what the event's page shows,
    # without the source's whole text (the quote itself when the two are the same).
    passage: str


def check_event(
    event: Event, doc: YamlDoc, sources: dict[str, Source]
) -> tuple[list[CheckedQuote], tuple[str, ...], list[Problem]]:
    """Check one event's evidence against the sources: the quotes found, the fields that
    rest on no quote (editorial), and the problems, located through the event's `doc`."""
    checker = _EventChecker(event, doc, sources)
    quotes = [found for item in event.evidence if (found := checker.check(item))]
    checker.report_misses()
    editorial = checker.finish()
    return quotes, editorial, checker.problems


def uncited(sources: dict[str, Source], cited: set[str]) -> list[Problem]:
    """A warning for each source no event cites."""
    return [
        warning(source.path, 1, 1, f'source "{source.id}" is never cited')
        for source in sources.values()
        if source.id not in cited
    ]


class _EventChecker:
    def __init__(self, event: Event, doc: YamlDoc, sources: dict[str, Source]) -> None:
        self.event = event
        self.sources = sources
        self.doc = doc
        self.problems: list[Problem] = []
        # Per claim kind, what the quotes state that agrees, and the evidence index of each.
        self.attested: dict[str, list[tuple[Any, int]]] = {}
        self.supported: set[str] = set()
        self.misses: list[tuple[int, str, Source]] = []  # evidence index, quote, source

    def check(self, item: Evidence) -> CheckedQuote | None:
        source = self.sources.get(item.source)
        where = ("evidence", item.index)
        if source is None:
            known = sorted(self.sources)
            guess = difflib.get_close_matches(item.source, known, n=1)
            if guess:
                hint = f'; did you mean "{guess[0]}"?'
            else:
                hint = f" (sources: {', '.join(known)})" if known else " (seeds/ has none)"
            self.problems.append(
                self.doc.error((*where, "source"), f'no source "{item.source}" in seeds/{hint}')
            )
            return None
        quote = normalise(item.quote)
        start = source.normal.text.find(quote) if quote else -1
        if start < 0:
            self.misses.append((item.index, quote, source))
            return None
        begin, end = source.normal.original_span(start, start + len(quote))
        line, col = source.line_col(begin)
        confirmed = all(self._claim(claim, item, quote, source) for claim in item.supports)
        passage = source.text[begin:end]
        return CheckedQuote(
            event_id=self.event.id,
            index=item.index,
            source_id=source.id,
            quote=item.quote,
            start=begin,
            end=end,
            line=line,
            col=col,
            supports=item.supports,
            confirmed=confirmed,
            passage=item.quote if passage == item.quote else passage,
        )

    def _claim(self, claim: str, item: Evidence, quote: str, source: Source) -> bool:
        kind = claims.kind_of(claim)
        ok = True
        if kind is not None and kind.check is not None:
            label = f"evidence[{item.index}] ({source.id})"
            verdict = kind.check(claims.Quote(self.event, claim, item.index, quote, source, label))
            for path, message in verdict.problems:
                self._error(path, message)
            if verdict.attested:
                attested = self.attested.setdefault(kind.name, [])
                attested += [(stated, item.index) for stated in verdict.attested]
            ok = verdict.ok
        if ok:
            self.supported.add(claim)
        return ok

    def report_misses(self) -> None:
        """An error for each quote not found, naming the closest passage while the file's
        budget for searching lasts."""
        budget, lowered = Budget(), ("", "")
        for index, quote, source in self.misses:
            if lowered[0] != source.id:  # one lower-cased text at a time, however many
                text = source.normal.text
                lower = text.lower()
                lowered = (source.id, text if lower == text else lower)
            message = _miss_message(quote, source, lowered[1], budget, len(self.misses))
            self._error(("evidence", index, "quote"), message)

    def _error(self, path: tuple, message: str) -> None:
        self.problems.append(self.doc.error(path, message))

    def finish(self) -> tuple[str, ...]:
        """Warn about fields no quote attests; return their names."""
        if any(problem.is_error for problem in self.problems):
            return ()  # the errors come first; what the evidence attests is not known yet
        editorial: list[str] = []
        date = self.event.date
        line, col = self.doc.at("date")
        warnings = []
        points = (
            [("", date.start)]
            if date.end is None
            else [("the start of ", date.start), ("the end of ", date.end)]
        )
        date_statements: list[tuple[StatedTime, int]] = self.attested.get("date", [])
        if not date_statements:
            points = []
            warnings.append(f'date "{date.text}" rests on no quote: no evidence supports date')
        for label, point in points:
            attested = [
                (time, index)
                for time, index in date_statements
                if time.earliest <= point.latest and point.earliest <= time.latest
            ]
            if not attested:
                warnings.append(
                    f'{label}date "{date.text}" rests on no quote: no evidence '
                    "that supports date states it"
                )
                continue
            best, index = max(attested, key=lambda pair: PRECISIONS.index(pair[0].precision))
            if PRECISIONS.index(point.precision) > PRECISIONS.index(best.precision):
                warnings.append(
                    f'{label}date "{date.text}" gives a {point.precision}, but its evidence '
                    f'states only a {best.precision} ("{best.text}", evidence[{index}])'
                )
        if warnings:
            editorial.append("date")
            hint = "; cite a source that states it, or readers see it marked as editorial"
            self.problems += [warning(self.event.path, line, col, text + hint) for text in warnings]
        for name in self.event.figures:
            if f"figures.{name}" not in self.supported:
                editorial.append(f"figures.{name}")
                fline, fcol = self.doc.at("figures", name)
                self.problems.append(
                    warning(
                        self.event.path,
                        fline,
                        fcol,
                        f"figures.{name} rests on no quote; add supports: [figures.{name}] to the "
                        "evidence that states it",
                    )
                )
        return tuple(editorial)


def _miss_message(quote: str, source: Source, lower: str, budget: Budget, misses: int) -> str:
    if not quote:
        return "the quote is empty"
    folded = quote.lower()
    # A text in lower case already, and such a quote: the search has been made.
    found = -1 if lower is source.normal.text and folded == quote else lower.find(folded)
    if found >= 0:
        begin, _ = source.normal.original_span(found, found + len(quote))
        line, col = source.line_col(begin)
        return (
            f"quote not found in {source.id}: it differs only in letter case from "
            f"{source.path}:{line}:{col}"
        )
    closest = closest_passage(quote, source.normal.text, budget)
    if closest is None:
        return (
            f"quote not found in {source.id} (the closest passage was not searched for: "
            f"{misses:,} quotes of this file are missing)"
        )
    start, end, ratio = closest
    begin, _ = source.normal.original_span(start, max(end, start + 1))
    line, col = source.line_col(begin)
    passage = source.normal.text[start:end]
    if len(passage) > 120:
        passage = passage[:117] + "..."
    return (
        f"quote not found in {source.id}; the closest passage, {ratio:.0%} similar, is at "
        f'{source.path}:{line}:{col}: "{passage}"'
    )
