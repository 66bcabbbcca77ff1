"""Event dates in a subset of EDTF (ISO 8601-2): parsing, checking and wording for readers.

Accepted: "1991", "1991-09", "1991-09-02" and the decade "199X", each optionally followed by
"?" (uncertain), "~" (approximate) or "%" (both), and the intervals "START/END" and "START/..".
Anything else raises DateError with a one-line message that tells the editor how to fix it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .datehints import diagnose, diagnose_range, numeric_candidates
from .edtf import (
    EXAMPLE_INTERVAL,
    FORMS,
    MAX_LENGTH,
    ONGOING_WORDS,
    PRECISIONS,
    DateError,
    DatePoint,
    NotEDTF,
    parse_point,
    quote,
)


@dataclass(frozen=True, slots=True)
class EventDate:
    """An event's date: a single point, a closed interval or an interval that is still open."""

    text: str  # exactly as written
    start: DatePoint
    end: DatePoint | None  # None for a single date and for an open interval
    open_end: bool = False  # "/.."

    def __post_init__(self) -> None:
        if self.open_end and self.end is not None:
            raise ValueError("an open interval has no end point")

    @property
    def is_interval(self) -> bool:
        """True for "START/END" and "START/.."."""
        return self.end is not None or self.open_end

    @property
    def earliest(self) -> datetime.date:
        """The first day the event could have started."""
        return self.start.earliest

    @property
    def latest(self) -> datetime.date:
        """The last day the event could have ended; date.max while it is ongoing."""
        if self.open_end:
            return datetime.date.max
        return (self.end or self.start).latest

    @property
    def precision(self) -> str:
        """The finest precision among the written points."""
        points = [self.start] if self.end is None else [self.start, self.end]
        return max((p.precision for p in points), key=PRECISIONS.index)

    def sort_key(self) -> tuple[datetime.date, datetime.date]:
        """Order events by when they could start, then by when they could end."""
        return self.earliest, self.latest

    def duration_days(self) -> int | None:
        """Days from start to end for a closed interval given to the day, else None."""
        if self.end is None or self.start.day is None or self.end.day is None:
            return None
        return (self.end.earliest - self.start.earliest).days

    def duration_range(self) -> tuple[int, int] | None:
        """Shortest and longest possible length in days of a closed interval, else None."""
        if self.end is None:
            return None
        shortest = max(0, (self.end.earliest - self.start.latest).days)
        return shortest, (self.end.latest - self.start.earliest).days

    def text_canonical(self) -> str:
        """Canonical EDTF text, e.g. "1991-09-02/1992" or "2022-12-12/.."."""
        if self.open_end:
            return f"{self.start.edtf()}/.."
        if self.end is None:
            return self.start.edtf()
        return f"{self.start.edtf()}/{self.end.edtf()}"

    def display(self) -> str:
        """Wording for readers, e.g. "27 September – 10 November 2020 (44 days)"."""
        start, end = self.start, self.end
        if self.open_end:
            core, notes = start._display_parts()
            return f"since {core} ({', '.join([*notes, 'ongoing'])})"
        if end is None or end == start:
            return start.display()
        # Shared months and years are only merged, and a length only given, when both ends are
        # exact: "about 27 September – 10 November" would not say which end is approximate.
        exact = not (start.uncertain or start.approximate or end.uncertain or end.approximate)
        same_precision = start.precision == end.precision != "decade"
        if exact and same_precision and start.year == end.year and start.precision != "year":
            if start.day is not None and start.month == end.month:
                text = f"{start.day}–{end.display()}"
            else:
                text = f"{start.display().removesuffix(f' {start.year}')} – {end.display()}"
        else:
            text = f"{start.display()} – {end.display()}"
        days = self.duration_days()
        # Past a year the day count is noise next to the dates themselves.
        if exact and days is not None and days < 365:
            text += " (1 day)" if days == 1 else f" ({days} days)"
        return text


def parse_date(text: str) -> EventDate:
    """Parse an event's `date` field, raising DateError with a fix for editors if it is wrong."""
    if not isinstance(text, str):
        raise DateError(_not_text(text))
    if len(text) > MAX_LENGTH:
        raise DateError(f"the date is too long ({len(text):,} characters; at most {MAX_LENGTH})")
    stripped = text.strip()
    if not stripped:
        raise DateError(f"the date is empty; {FORMS}")
    if stripped != text:
        parse_date(stripped)  # a problem beyond the spaces is worth reporting first
        raise DateError(f'{quote(text)} has spaces around it; write "{stripped}"')
    if "/" in text:
        return _parse_interval(text)
    try:
        return EventDate(text=text, start=_point(text), end=None)
    except DateError as error:
        raise DateError(diagnose_range(text) or str(error)) from None


def _parse_interval(text: str) -> EventDate:
    """Parse "START/END" or "START/.."."""
    if numeric_candidates(text):  # "19/09/2023" is a day written with slashes
        raise DateError(diagnose(text))
    parts = text.split("/")
    if len(parts) != 2:
        raise DateError(
            f'{quote(text)} has more than one "/"; write START/END, e.g. {EXAMPLE_INTERVAL}'
        )
    first, second = parts
    if first != first.strip() or second != second.strip():
        tidy = f"{first.strip()}/{second.strip()}"
        parse_date(tidy)
        raise DateError(f'{quote(text)} has spaces around "/"; write "{tidy}"')
    if first == "..":
        raise DateError(
            f'an open start is not supported: {quote(text)}; write a start date for ".."'
        )
    if not first:
        raise DateError(f'the interval {quote(text)} has no start; write the start date before "/"')
    start = _point(first)
    if second == "..":
        return EventDate(text=text, start=start, end=None, open_end=True)
    if not second or second.lower() in ONGOING_WORDS:
        raise DateError(f'{quote(text)} has no end date; write "{first}/.." if it is still ongoing')
    end = _point(second)
    if end.latest < start.earliest:
        raise DateError(
            f"the interval ends ({end.edtf()}) before it starts ({start.edtf()}); "
            f'write the earlier date first: "{end.edtf()}/{start.edtf()}"'
        )
    return EventDate(text=text, start=start, end=end)


def _point(part: str) -> DatePoint:
    """One strict EDTF point, or a DateError saying how to write what the editor wrote."""
    try:
        return parse_point(part)
    except NotEDTF:
        raise DateError(diagnose(part)) from None


def _not_text(value: object) -> str:
    """Message for a date that YAML read as something other than a string."""
    if isinstance(value, datetime.date):
        day = value.isoformat()[:10]
        return f'the date {day} was read by YAML as a date; put it in quotes: "{day}"'
    if value is None:
        return f"the date is empty; {FORMS}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f'the date {value} was read by YAML as a number; put it in quotes: "{value}"'
    return f'the date must be text such as "2023-09-19", not {type(value).__name__}'
