"""The strict EDTF point: "1991", "1991-09", "1991-09-02" or "199X", with "?", "~" or "%".

The grammar below is all the checker accepts; what editors write instead is recognised in
timeline/datehints.py, and intervals and the event's date as a whole are in timeline/dates.py.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

PRECISIONS = ("decade", "year", "month", "day")  # coarse -> fine

# Spelled out rather than taken from calendar.month_name, which follows the process locale.
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
)
MONTHS = tuple(_MONTH_NAMES.split())

FORMS = 'write YYYY, YYYY-MM or YYYY-MM-DD (e.g. "2023-09-19"), or START/END for an interval'
EXAMPLE_INTERVAL = '"2020-09-27/2020-11-10"'
QUALIFIERS = {"": (False, False), "?": (True, False), "~": (False, True), "%": (True, True)}
MARK_FOR = {flags: mark for mark, flags in QUALIFIERS.items()}
ONGOING_WORDS = frozenset({"..", "present", "now", "today", "ongoing", "open"})
MAX_LENGTH = 64  # as the event schema's maxLength: longer text is no date, nor worth diagnosing


class DateError(ValueError):
    """A date string outside the supported EDTF subset; str(e) is a one-line hint for editors."""


class NotEDTF(DateError):
    """Text that is no strict EDTF point at all; str(e) is the text, to be diagnosed."""


@dataclass(frozen=True, slots=True)
class DatePoint:
    """One point in time, known to the precision it was written with."""

    year: int  # for a decade "199X": 1990
    month: int | None
    day: int | None
    precision: str  # one of PRECISIONS
    uncertain: bool = False  # '?' or '%'
    approximate: bool = False  # '~' or '%'

    def __post_init__(self) -> None:
        rank = PRECISIONS.index(self.precision) if self.precision in PRECISIONS else -1
        has_parts = (self.month is not None, self.day is not None)
        if rank < 0 or has_parts != (rank >= 2, rank >= 3) or (rank == 0 and self.year % 10):
            raise ValueError(f"{self!r} does not fit precision {self.precision!r}")
        month, day = (1 if part is None else part for part in (self.month, self.day))
        # datetime.date rejects impossible years, months and days, including the year 0 of 000X.
        datetime.date(self.year, month, day)

    @property
    def earliest(self) -> datetime.date:
        """The first day this point could mean."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> datetime.date:
        """The last day this point could mean."""
        if self.precision == "decade":
            return datetime.date(self.year + 9, 12, 31)
        if self.month is None:
            return datetime.date(self.year, 12, 31)
        last = self.day or calendar.monthrange(self.year, self.month)[1]
        return datetime.date(self.year, self.month, last)

    def edtf(self) -> str:
        """Canonical EDTF text, e.g. "1991-09~" or "199X"."""
        digits = f"{self.year // 10:03d}X" if self.precision == "decade" else self.iso()
        return digits + MARK_FOR[(self.uncertain, self.approximate)]

    def iso(self) -> str:
        """ISO 8601 form for schema.org and <time datetime>; a decade gives its first year."""
        return ymd(self.year, self.month, self.day)

    def display(self) -> str:
        """Wording for readers, e.g. "2 September 1991" or "about the 1990s (uncertain)"."""
        core, notes = self._display_parts()
        return core + "".join(f" ({note})" for note in notes)

    def _display_parts(self) -> tuple[str, list[str]]:
        """The wording without its parenthesised notes, and those notes."""
        if self.precision == "decade":
            core = f"the {self.year}s"
        elif self.month is None:
            core = str(self.year)
        elif self.day is None:
            core = f"{MONTHS[self.month - 1]} {self.year}"
        else:
            core = f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.approximate:
            core = f"about {core}"
        return core, ["uncertain"] if self.uncertain else []


POINT_RE = re.compile(
    r"(?P<year>\d{3}[\dX])(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[?~%]?)", re.ASCII
)


def parse_point(part: str) -> DatePoint:
    """Parse one strict EDTF point such as "1991-09~" or "199X"."""
    match = POINT_RE.fullmatch(part)
    if match is None:
        raise NotEDTF(part)
    uncertain, approximate = QUALIFIERS[match["q"]]
    year_text, month_text, day_text = match["year"], match["month"], match["day"]
    year = int(year_text.replace("X", "0"))
    if year == 0:  # the decade 000X would include it too
        raise DateError(
            f"year 0000 is not supported: {quote(part)}; write a year from 0001 to 9999"
        )
    if year_text.endswith("X"):
        if month_text:
            raise DateError(f'a decade has no month or day: {quote(part)}; write "{year_text}"')
        return DatePoint(year, None, None, "decade", uncertain, approximate)
    if month_text is None:
        return DatePoint(year, None, None, "year", uncertain, approximate)
    month = int(month_text)
    if not 1 <= month <= 12:
        layout = "YYYY-MM-DD" if day_text else "YYYY-MM"
        raise DateError(f"month {month_text} does not exist in {quote(part)}; write {layout}")
    if day_text is None:
        return DatePoint(year, month, None, "month", uncertain, approximate)
    day, last = int(day_text), calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(
            f"day {day_text} does not exist in {quote(part)} "
            f"({MONTHS[month - 1]} {year} has {last} days); write YYYY-MM-DD"
        )
    return DatePoint(year, month, day, "day", uncertain, approximate)


def ymd(year: str | int, month: str | int | None = None, day: str | int | None = None) -> str:
    """Zero-padded "YYYY[-MM[-DD]]"."""
    return "-".join([f"{int(year):04d}", *(f"{int(n):02d}" for n in (month, day) if n is not None)])


def quote(text: str) -> str:
    """Quote text for a one-line message, showing line breaks and other controls as escapes."""
    return '"' + "".join(c if c.isprintable() else repr(c)[1:-1] for c in text) + '"'
