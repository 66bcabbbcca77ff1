"""Event dates in a subset of EDTF (ISO 8601-2): parsing, checking and wording for readers.

Accepted: "1991", "1991-09", "1991-09-02" and the decade "199X", each optionally followed by
"?" (uncertain), "~" (approximate) or "%" (both), and the intervals "START/END" and "START/..".
Anything else raises DateError with a one-line message that tells the editor how to fix it.
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

_FORMS = 'write YYYY, YYYY-MM or YYYY-MM-DD (e.g. "2023-09-19"), or START/END for an interval'
_EXAMPLE_INTERVAL = '"2020-09-27/2020-11-10"'
_QUALIFIERS = {"": (False, False), "?": (True, False), "~": (False, True), "%": (True, True)}
_MARK_FOR = {flags: mark for mark, flags in _QUALIFIERS.items()}
_ONGOING_WORDS = frozenset({"..", "present", "now", "today", "ongoing", "open"})
MAX_LENGTH = 64  # as the event schema's maxLength: longer text is no date, nor worth diagnosing


class DateError(ValueError):
    """A date string outside the supported EDTF subset; str(e) is a one-line hint for editors."""


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
        return digits + _MARK_FOR[(self.uncertain, self.approximate)]

    def iso(self) -> str:
        """ISO 8601 form for schema.org and <time datetime>; a decade gives its first year."""
        return _ymd(self.year, self.month, self.day)

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
        raise DateError(f"the date is empty; {_FORMS}")
    if stripped != text:
        parse_date(stripped)  # a problem beyond the spaces is worth reporting first
        raise DateError(f'{_q(text)} has spaces around it; write "{stripped}"')
    if "/" in text:
        return _parse_interval(text)
    try:
        return EventDate(text=text, start=_parse_point(text), end=None)
    except DateError as error:
        raise DateError(_diagnose_range(text) or str(error)) from None


def _parse_interval(text: str) -> EventDate:
    """Parse "START/END" or "START/.."."""
    if _numeric_candidates(text):  # "19/09/2023" is a day written with slashes
        raise DateError(_diagnose(text))
    parts = text.split("/")
    if len(parts) != 2:
        raise DateError(
            f'{_q(text)} has more than one "/"; write START/END, e.g. {_EXAMPLE_INTERVAL}'
        )
    first, second = parts
    if first != first.strip() or second != second.strip():
        tidy = f"{first.strip()}/{second.strip()}"
        parse_date(tidy)
        raise DateError(f'{_q(text)} has spaces around "/"; write "{tidy}"')
    if first == "..":
        raise DateError(f'an open start is not supported: {_q(text)}; write a start date for ".."')
    if not first:
        raise DateError(f'the interval {_q(text)} has no start; write the start date before "/"')
    start = _parse_point(first)
    if second == "..":
        return EventDate(text=text, start=start, end=None, open_end=True)
    if not second or second.lower() in _ONGOING_WORDS:
        raise DateError(f'{_q(text)} has no end date; write "{first}/.." if it is still ongoing')
    end = _parse_point(second)
    if end.latest < start.earliest:
        raise DateError(
            f"the interval ends ({end.edtf()}) before it starts ({start.edtf()}); "
            f'write the earlier date first: "{end.edtf()}/{start.edtf()}"'
        )
    return EventDate(text=text, start=start, end=end)


_POINT_RE = re.compile(
    r"(?P<year>\d{3}[\dX])(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[?~%]?)", re.ASCII
)


def _parse_point(part: str) -> DatePoint:
    """Parse one strict EDTF point such as "1991-09~" or "199X"."""
    match = _POINT_RE.fullmatch(part)
    if match is None:
        raise DateError(_diagnose(part))
    uncertain, approximate = _QUALIFIERS[match["q"]]
    year_text, month_text, day_text = match["year"], match["month"], match["day"]
    year = int(year_text.replace("X", "0"))
    if year == 0:  # the decade 000X would include it too
        raise DateError(f"year 0000 is not supported: {_q(part)}; write a year from 0001 to 9999")
    if year_text.endswith("X"):
        if month_text:
            raise DateError(f'a decade has no month or day: {_q(part)}; write "{year_text}"')
        return DatePoint(year, None, None, "decade", uncertain, approximate)
    if month_text is None:
        return DatePoint(year, None, None, "year", uncertain, approximate)
    month = int(month_text)
    if not 1 <= month <= 12:
        layout = "YYYY-MM-DD" if day_text else "YYYY-MM"
        raise DateError(f"month {month_text} does not exist in {_q(part)}; write {layout}")
    if day_text is None:
        return DatePoint(year, month, None, "month", uncertain, approximate)
    day, last = int(day_text), calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(
            f"day {day_text} does not exist in {_q(part)} "
            f"({MONTHS[month - 1]} {year} has {last} days); write YYYY-MM-DD"
        )
    return DatePoint(year, month, day, "day", uncertain, approximate)


# --- Recognising common mistakes -------------------------------------------------------------
_RANGE_RES = (  # a space run is read once, never split between overlapping \s* and \s+
    re.compile(r"(?i)(from\s++)?(?P<a>.*?\S)(?:\s*+(?:[–—]|--)|\s++(-|to|until)\s)\s*+(?P<b>.+)"),
    re.compile(r"(?P<a>\d{4}(?:-\d{2}){0,2}[?~%]?)-(?P<b>\d{4}(?:-\d{2}){0,2}[?~%]?)"),
)
_SINCE_RE = re.compile(r"(?i)since\s+(?P<a>.+)")
_CIRCA_RE = re.compile(r"(?i)(?:c\.|ca\.?|circa|about|around|approx\.?)\s*(?P<rest>\S.*)")
_MARKS_RE = re.compile(r"(?P<pre>[?~%]*+)\s*+(?P<core>(?:.*?\S)??)\s*+(?P<post>[?~%]*+)", re.DOTALL)
_DECADE_RE = re.compile(r"(?i)(?:the\s+)?(?P<d>\d{3})0'?s")
_TIME_RE = re.compile(r"(?P<day>\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}\S*")
_SEP = r"[./ -]"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MON = r"(?P<mon>[A-Za-z]+)\.?"
_NAMED_RES = (
    re.compile(rf"(?:{_DAY}\s+)?{_MON},?\s+(?P<year>\d{{4}})"),  # "19 September 2023", "Sep 2023"
    re.compile(rf"{_MON}\s+{_DAY},?\s+(?P<year>\d{{4}})"),  # "September 19, 2023"
)
_MONTH_NUMBERS = {
    key: n for n, name in enumerate(MONTHS, 1) for key in (name.lower(), name[:3].lower())
} | {"sept": 9}


def _diagnose(part: str) -> str:
    """Explain why `part` is not a strict EDTF point, with the fix when it is clear."""
    if fix := _fix(part):
        return f'{_q(part)} is not an EDTF date; write it as "{fix[0]}"{fix[1]}'
    if len(candidates := _numeric_candidates(part)) == 2:
        return (
            f"{_q(part)} is not an EDTF date, and the order of day and month is unclear; "
            f'write YYYY-MM-DD: "{candidates[0]}" or "{candidates[1]}"'
        )
    if re.fullmatch(r"-\s*\d.*|.*\bBC(E)?\b.*", part, re.IGNORECASE):
        return f"negative (BCE) years are not supported: {_q(part)}; write a year from 0001 to 9999"
    if re.fullmatch(r"Y\d+.*|(?!\d{8}$)\d{5,}(?:[-?~%].*)?", part):
        return f"years after 9999 are not supported: {_q(part)}; write a year from 0001 to 9999"
    if match := re.fullmatch(r"(?P<y>\d{1,3})(?:-\d{1,2}){0,2}[?~%]?", part):
        return (
            f"the year in {_q(part)} must have 4 digits; write YYYY, "
            f'e.g. "{int(match["y"]):04d}" for the year {int(match["y"])}'
        )
    if re.fullmatch(r"\d{0,2}[Xx]{2,4}.*", part):
        return f'{_q(part)} is not supported; only the last digit of a year may be X, as in "199X"'
    if part == "..":
        return '".." alone is not a date; write an ongoing interval as "2022-12-12/.."'
    return f"{_q(part)} is not an EDTF date; {_FORMS}"


def _diagnose_range(text: str) -> str | None:
    """Message for an interval written without "/" ("2020 - 2021", "since 2022"), if it is one."""
    if match := _SINCE_RE.fullmatch(text):
        start = _as_edtf(match["a"])
        return f'{_q(text)} is not an EDTF date; write "{start}/.."' if start else None
    for pattern in _RANGE_RES:
        if match := pattern.fullmatch(text):
            start, end = _as_edtf(match["a"]), _as_edtf(match["b"], end=True)
            if start and end:
                fix = f"{start}/{end}"
                if end != ".." and parse_date(end).latest < parse_date(start).earliest:
                    fix = f"{end}/{start}"  # "1994 - 1991" was still meant as one span
                return f'{_q(text)} is not an EDTF interval; write it as "{fix}"'
            return f"{_q(text)} is not an EDTF interval; write START/END, e.g. {_EXAMPLE_INTERVAL}"
    return None


def _as_edtf(half: str, *, end: bool = False) -> str | None:
    """The EDTF form of one end of a mis-written interval, or None if it cannot be read."""
    half = half.strip()
    if end and half.lower() in _ONGOING_WORDS:
        return ".."
    try:
        return _parse_point(half).edtf()
    except DateError:
        fix = _fix(half)
        return fix[0] if fix else None


def _fix(part: str) -> tuple[str, str] | None:
    """Rewrite a recognisable non-EDTF point as valid EDTF: (fix, note for the editor) or None."""
    core, note = part.strip(), ""
    if circa := _CIRCA_RE.fullmatch(core):
        core, note = circa["rest"], ' ("~" marks an approximate date)'
    marks = _MARKS_RE.fullmatch(core)
    assert marks is not None  # every part of the pattern may be empty
    flags = marks["pre"] + marks["post"]
    uncertain = "?" in flags or "%" in flags
    approximate = "~" in flags or "%" in flags or circa is not None
    fixed = _fix_core(marks["core"])
    if fixed is None:
        return None
    text = fixed[0] + _MARK_FOR[(uncertain, approximate)]
    if text == part or not _POINT_RE.fullmatch(text):
        return None
    try:
        _parse_point(text)
    except DateError:
        return None
    return text, fixed[1] or note


def _fix_core(core: str) -> tuple[str, str] | None:
    """EDTF for a date without qualifiers written another way, with a note, or None."""
    if re.fullmatch(r"\d{4}(?:-\d{2}){0,2}|\d{3}X", core):
        return core, ""
    if match := re.fullmatch(r"(\d{3})x", core):
        return f"{match[1]}X", ""
    if match := _DECADE_RE.fullmatch(core):
        return f"{match['d']}X", " (X stands for the unknown last digit of the year)"
    if match := _TIME_RE.fullmatch(core):
        return match["day"], " (times of day are not kept)"
    if match := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", core):
        return _ymd(match[1], match[2], match[3]), ""
    if len(candidates := _numeric_candidates(core)) == 1:
        return candidates[0], ""
    for pattern in _NAMED_RES:
        match = pattern.fullmatch(core)
        if match and (month := _MONTH_NUMBERS.get(match["mon"].lower())):
            return _ymd(match["year"], month, match["day"]), ""
    return None


def _numeric_candidates(text: str) -> list[str]:
    """EDTF readings of a numeric date with other separators or order, e.g. "19/09/2023"."""
    if match := re.fullmatch(rf"(\d{{4}})({_SEP})(\d{{1,2}})(?:\2(\d{{1,2}}))?", text):
        return [_ymd(match[1], match[3], match[4])]
    if match := re.fullmatch(rf"(\d{{1,2}}){_SEP}(\d{{4}})", text):
        return [_ymd(match[2], match[1])]
    if match := re.fullmatch(rf"(\d{{1,2}})({_SEP})(\d{{1,2}})\2(\d{{4}})", text):
        first, second = int(match[1]), int(match[3])
        day_first, month_first = _ymd(match[4], second, first), _ymd(match[4], first, second)
        if first > 12 or first == second:
            return [day_first]
        return [month_first] if second > 12 else [day_first, month_first]
    return []


def _ymd(year: str | int, month: str | int | None = None, day: str | int | None = None) -> str:
    """Zero-padded "YYYY[-MM[-DD]]"."""
    return "-".join([f"{int(year):04d}", *(f"{int(n):02d}" for n in (month, day) if n is not None)])


def _q(text: str) -> str:
    """Quote text for a one-line message, showing line breaks and other controls as escapes."""
    return '"' + "".join(c if c.isprintable() else repr(c)[1:-1] for c in text) + '"'


def _not_text(value: object) -> str:
    """Message for a date that YAML read as something other than a string."""
    if isinstance(value, datetime.date):
        day = value.isoformat()[:10]
        return f'the date {day} was read by YAML as a date; put it in quotes: "{day}"'
    if value is None:
        return f"the date is empty; {_FORMS}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f'the date {value} was read by YAML as a number; put it in quotes: "{value}"'
    return f'the date must be text such as "2023-09-19", not {type(value).__name__}'
