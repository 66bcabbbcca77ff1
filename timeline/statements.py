"""Find what a normalised quote states: times, durations and whole numbers.

Input is normalised (NFKC, ASCII quotes, every dash "-", single spaces). Words match in any case,
but month and weekday names must be capitalised, so "may be" or "a march" never become dates.
Results come in reading order; of overlapping matches the longest wins, so "19 September 2023"
is not also reported as "September 2023" or "2023".

- A range, a day range ("19 and 20 September 2023") included, is ONE StatedTime from its first
  day to its last, with the finer precision of its two ends.
- Relative statements (weekdays, yesterday/today/tomorrow, day and month without a year, a month
  after a preposition) need `published`; their text keeps a leading "on" ("On Tuesday") or the
  preposition ("in September"). A month alone needs that preposition, keeping out "June" the name.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TypeVar

_PRECISIONS = ("decade", "year", "month", "day")  # coarse to fine
_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 365.2425 / 12, "year": 365.2425}


@dataclass(frozen=True)
class StatedTime:
    """A point or span of time a quote states, as the earliest and latest dates it can mean."""

    text: str
    earliest: datetime.date
    latest: datetime.date
    precision: str
    relative: bool = False

    def value(self) -> str:
        """The time at its precision: "1991", "2023-09", "2023-09-19", "1990 to 1993"."""
        first, last = _at(self.earliest, self.precision), _at(self.latest, self.precision)
        return first if first == last else f"{first} to {last}"


def _at(day: datetime.date, precision: str) -> str:
    if precision in ("year", "decade"):
        return str(day.year)
    return day.isoformat()[:7] if precision == "month" else day.isoformat()


@dataclass(frozen=True)
class StatedDuration:
    """A length of time a quote states, such as "44-day" or "nine months"."""

    text: str
    count: int
    unit: str

    @property
    def days(self) -> float:
        """The length in days, a month being a twelfth of the mean Gregorian year."""
        return self.count * _UNIT_DAYS[self.unit]


@dataclass(frozen=True)
class StatedNumber:
    """A whole number a quote states, in digits or in English words."""

    text: str
    value: int


_T = TypeVar("_T")
_Found = tuple[int, int, _T]  # start, end, statement


def _alt(words: Iterable[str]) -> str:
    """A non-capturing alternation that tries longer words first."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


def _select(found: list[_Found[_T]]) -> list[_T]:
    """Keep the longest of any overlapping matches, then restore reading order."""
    kept: list[_Found[_T]] = []
    for start, end, item in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end, _ in kept):
            kept.append((start, end, item))
    return [item for _, _, item in sorted(kept, key=lambda f: f[0])]


# ---------------------------------------------------------------------------- numbers

_UNIT_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_WORDS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_WORD_VALUES = {word: n for n, word in enumerate(_UNIT_WORDS)} | {
    word: 20 + 10 * n for n, word in enumerate(_TENS_WORDS)
}

# A tens word directly before an ordinal ("twenty-first") is part of the ordinal, not a number.
_SMALL = (
    rf"(?:{_alt(_TENS_WORDS)}(?:[- ]{_alt(_UNIT_WORDS[1:10])}\b|(?!-{_ORDINAL_WORDS})\b)"
    rf"|{_alt(_UNIT_WORDS)}\b)"
)
_BELOW_THOUSAND = rf"(?:(?:a|{_SMALL}) hundred\b(?: (?:and )?{_SMALL})?|{_SMALL})"
_NUMBER_WORDS = (
    rf"\b(?:(?:a|{_BELOW_THOUSAND}) thousand\b(?: (?:and )?{_BELOW_THOUSAND})?"
    rf"|{_BELOW_THOUSAND}|a dozen\b)"
)
_NUMBER_WORDS_RE = re.compile(_NUMBER_WORDS, re.IGNORECASE)
# Letters before digits make a code ("A320"); an ordinal suffix or a plural "s" ("1990s") means
# the digits do not state that number.
_DIGIT_RUN_RE = re.compile(r"(?<![A-Za-z\d])\d+(?:[.,]\d+)*(?!\d|[.,]\d|(?:st|nd|rd|th|s)\b)")
_GROUPED_RE = re.compile(r"\d{1,3}(?:,\d{3})+")
_PRONOUN_ONE_RE = re.compile(r"\bno[ -]$", re.IGNORECASE)


def _words_value(phrase: str) -> int:
    """The value of a phrase such as "one hundred and five" or "a dozen"."""
    total, current = 0, 0
    for token in re.findall(r"[a-z]+", phrase.lower()):
        if token == "a":
            current = 1
        elif token == "dozen":
            current *= 12
        elif token == "hundred":
            current *= 100
        elif token == "thousand":
            total, current = total + current * 1000, 0
        elif token != "and":
            current += _WORD_VALUES[token]
    return total + current


def _digit_numbers(text: str) -> list[_Found[StatedNumber]]:
    """Whole numbers written in digits, with or without thousands separators."""
    found: list[_Found[StatedNumber]] = []
    for match in _DIGIT_RUN_RE.finditer(text):
        run, offset = match.group(), match.start()
        # A decimal is not a whole number, and neither part of it is; a run that long is a code.
        if "." in run or len(run) > 40:
            continue
        if _GROUPED_RE.fullmatch(run):
            found.append((offset, match.end(), StatedNumber(run, int(run.replace(",", "")))))
            continue
        # Commas that do not group thousands separate a list, as in "2019,2020".
        for part in re.finditer(r"\d+", run):
            number = StatedNumber(part.group(), int(part.group()))
            found.append((offset + part.start(), offset + part.end(), number))
    return found


def stated_numbers(text: str) -> list[StatedNumber]:
    """Whole numbers the text states, in digits ("108,615") or words ("twenty-one")."""
    found = _digit_numbers(text)
    for match in _NUMBER_WORDS_RE.finditer(text):
        if match.group().lower() == "one" and _PRONOUN_ONE_RE.search(text[: match.start()]):
            continue  # "no one" is a pronoun
        number = StatedNumber(match.group(), _words_value(match.group()))
        found.append((match.start(), match.end(), number))
    return _select(found)


# -------------------------------------------------------------------------- durations

_DURATION_RE = re.compile(
    rf"(?<![\w.,])(?P<count>\d{{1,3}}(?:,\d{{3}}){{1,4}}|\d{{1,12}}|{_NUMBER_WORDS}|\ban?\b)"
    r"[ -](?P<unit>day|week|month|year)s?\b(?:-long\b)?"
    r"(?![ -]old\b)",  # "a 10-year-old" states an age, not a duration
    re.IGNORECASE,
)


def _count_value(count: str) -> int:
    """The value of a duration's count: digits, number words, or "a"/"an"."""
    if count[0].isdigit():
        return int(count.replace(",", ""))
    return 1 if count.lower() in ("a", "an") else _words_value(count)


def stated_durations(text: str) -> list[StatedDuration]:
    """Lengths of time the text states, such as "44-day", "nine months" or "10-month-long"."""
    return [
        StatedDuration(match.group(), _count_value(match["count"]), match["unit"].lower())
        for match in _DURATION_RE.finditer(text)
    ]


# ------------------------------------------------------------------------------ times

_MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)
_MONTH_NUMBERS = (
    {name: n for n, name in enumerate(_MONTH_NAMES, 1)}
    | {name[:3]: n for n, name in enumerate(_MONTH_NAMES, 1)}
    | {"Sept": 9}
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NEARBY_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
# Which part of a decade "early", "mid" and "late" cover, as offsets from its first year.
_DECADE_PARTS = {"": (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9)}

_MONTH = rf"{_alt(_MONTH_NUMBERS)}\b\.?"
_FULL_MONTH = rf"{_alt(_MONTH_NAMES)}\b"
_NUM_START = r"(?<![\w$€£.,])"
_ON = r"(?:\b(?i:on) )?"
_OF = r"(?: (?i:of))? ?"  # "19th of September"; no space at all in the flawed "9November"
# A number directly followed by one of these measures something, so it is not a year.
_MEASURE = (
    r"[ -]?(?i:(?:days?|weeks?|months?|years?|hours?|km|kilomet\w*|miles?|m|kg|tons?|tonnes?"
    r"|percent)\b|%)"
)


def _day(name: str = "d") -> str:
    """A pattern for a day of the month, optionally ordinal ("19th"), captured as `name`."""
    return rf"{_NUM_START}(?P<{name}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"


def _year(name: str = "y") -> str:
    """A pattern for a year 1000-2099 that is not part of a larger number or a measure."""
    return rf"{_NUM_START}(?P<{name}>1\d{{3}}|20\d{{2}})(?!\d|[.,]\d|s\b|{_MEASURE})"


def _bare(pattern: str) -> str:
    """The pattern with its named groups made anonymous, for reuse inside a larger one."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_ISO = r"(?<!\d)(?<!\d-)(?P<y>1\d{3}|20\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?!\d|-\d)"
_DMY = rf"{_day()}{_OF}(?P<mon>{_MONTH}),? {_year()}"
_MDY = rf"\b(?P<mon>{_MONTH}) {_day()},? {_year()}"
_MY = rf"\b(?P<mon>{_MONTH}) {_year()}"
_DECADE = (
    r"(?:\b(?i:the) )?(?:\b(?P<part>(?i:early|mid|late))[- ]?)?"
    r"(?<![\d.,$€£])(?P<decade>1\d{2}0|20\d0)s\b"
)
_DM = rf"{_day()}{_OF}(?P<mon>{_MONTH})"
_MD = rf"\b(?P<mon>{_MONTH}) {_day()}"
_NO_YEAR = r"(?!,? ?\d{4}\b)"
_DAY_RANGE_SEP = r"(?P<sep> ?- ?| (?i:and|to|until|till|through) )"
_KEYWORD = r"(?:\b(?P<kw>(?i:from|between)) )?"

_END_ATOMS = (_ISO, _DMY, _MDY, _MY, _DECADE, _year())
# The start of a range may leave its year to the end: "20 February - 12 May 1994".
_START_ATOMS = (*_END_ATOMS, _DM, _MD, rf"\b(?P<mon>{_FULL_MONTH})")
_START = "(?:" + "|".join(_bare(p) for p in _START_ATOMS) + ")"
_END = "(?:" + "|".join(_bare(p) for p in _END_ATOMS) + ")"
_SIDE_RES = tuple(re.compile(p) for p in _START_ATOMS)

_Builder = Callable[[re.Match[str], datetime.date | None], StatedTime | None]


def _month_number(name: str) -> int:
    """The number of a month written in full or abbreviated ("Sept.")."""
    return _MONTH_NUMBERS[name.rstrip(".")]


def _span(
    text: str, year: int, *, month: int | None = None, day: int | None = None
) -> StatedTime | None:
    """The year, month or day stated, or None when no such date exists."""
    try:
        first = datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    if day is not None:
        return StatedTime(text, first, first, "day")
    if month is not None:
        last = first.replace(day=calendar.monthrange(year, month)[1])
        return StatedTime(text, first, last, "month")
    return StatedTime(text, first, datetime.date(year, 12, 31), "year")


def _calendar_time(match: re.Match[str], *, year: int | None = None) -> StatedTime | None:
    """The absolute time an atom (date, month, year or decade) states."""
    groups = match.groupdict()
    if groups.get("decade"):
        part = (groups.get("part") or "").lower()
        first, last = (int(groups["decade"]) + offset for offset in _DECADE_PARTS[part])
        return StatedTime(
            match.group(), datetime.date(first, 1, 1), datetime.date(last, 12, 31), "decade"
        )
    if groups.get("y"):
        year = int(groups["y"])
    if year is None:
        return None
    month = int(groups["m"]) if groups.get("m") else None
    if groups.get("mon"):
        month = _month_number(groups["mon"])
    day = int(groups["d"]) if groups.get("d") else None
    return _span(match.group(), year, month=month, day=day)


def _recent_day(published: datetime.date, *, month: int, day: int) -> datetime.date | None:
    """The latest date with this day and month on or before `published`."""
    # Going back eight years always reaches a leap year, for "29 February".
    for year in range(published.year, published.year - 9, -1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _shifted_day(text: str, published: datetime.date, days: int) -> StatedTime | None:
    """The relative day `days` after publication, unless that leaves the calendar."""
    try:
        day = published + datetime.timedelta(days=days)
    except OverflowError:
        return None
    return StatedTime(text, day, day, "day", relative=True)


def _build_range(match: re.Match[str], published: datetime.date | None) -> StatedTime | None:
    """One span from the start of the first end to the end of the second."""
    end = next((_calendar_time(m) for r in _SIDE_RES if (m := r.fullmatch(match["b"]))), None)
    if end is None:
        return None
    year = None if end.precision == "decade" else end.latest.year
    side = (m for r in _SIDE_RES if (m := r.fullmatch(match["a"])))
    start = next((_calendar_time(m, year=year) for m in side), None)
    if start is None or start.earliest > end.latest:
        return None
    precision = max(start.precision, end.precision, key=_PRECISIONS.index)
    return StatedTime(match.group(), start.earliest, end.latest, precision)


def _build_day_range(match: re.Match[str], published: datetime.date | None) -> StatedTime | None:
    """One span over "19 and 20 September 2023" or "September 19-20"."""
    keyword, sep = (match["kw"] or "").lower(), match["sep"].strip().lower()
    if (keyword == "between" and sep != "and") or (keyword == "from" and sep == "and"):
        return None
    first, last, month = int(match["d1"]), int(match["d2"]), _month_number(match["mon"])
    if first >= last:
        return None
    if match["y"]:
        year = int(match["y"])
    elif published is not None and (recent := _recent_day(published, month=month, day=first)):
        year = recent.year
    else:
        return None
    start, end = _span("", year, month=month, day=first), _span("", year, month=month, day=last)
    if start is None or end is None:
        return None
    return StatedTime(match.group(), start.earliest, end.latest, "day", relative=not match["y"])


def _build_day_month(match: re.Match[str], published: datetime.date | None) -> StatedTime | None:
    """A day and month without a year: the latest such day on or before publication."""
    if published is None:
        return None
    found = _recent_day(published, month=_month_number(match["mon"]), day=int(match["d"]))
    if found is None:
        return None
    return StatedTime(match.group(), found, found, "day", relative=True)


def _build_month(match: re.Match[str], published: datetime.date | None) -> StatedTime | None:
    """A month without a year: the latest such month up to the month of publication."""
    if published is None:
        return None
    month = _month_number(match["mon"])
    year = published.year if month <= published.month else published.year - 1
    time = _span(match.group(), year, month=month)
    return None if time is None else replace(time, relative=True)


def _build_weekday(match: re.Match[str], published: datetime.date | None) -> StatedTime | None:
    """A weekday: the latest such day on or before publication (that day itself included)."""
    if published is None:
        return None
    back = (published.weekday() - _WEEKDAYS.index(match["wd"])) % 7
    return _shifted_day(match.group(), published, -back)


def _build_nearby(match: re.Match[str], published: datetime.date | None) -> StatedTime | None:
    """Yesterday, today or tomorrow, counted from publication."""
    if published is None:
        return None
    return _shifted_day(match.group(), published, _NEARBY_DAYS[match["near"].lower()])


_TIME_RULES: tuple[tuple[re.Pattern[str], _Builder], ...] = tuple(
    (re.compile(pattern), build)
    for pattern, build in (
        (rf"\b(?i:between) (?P<a>{_START}) (?i:and) (?P<b>{_END})", _build_range),
        (
            rf"(?:\b(?i:from) )?(?P<a>{_START})(?: ?- ?| (?i:to|until|till|through) )"
            rf"(?P<b>{_END})",
            _build_range,
        ),
        (
            rf"{_KEYWORD}{_day('d1')}{_DAY_RANGE_SEP}{_day('d2')}{_OF}(?P<mon>{_MONTH})"
            rf"(?:,? {_year()})?",
            _build_day_range,
        ),
        (
            rf"{_KEYWORD}\b(?P<mon>{_MONTH}) {_day('d1')}{_DAY_RANGE_SEP}{_day('d2')}"
            rf"(?:,? {_year()})?",
            _build_day_range,
        ),
        *((atom, lambda match, _: _calendar_time(match)) for atom in _END_ATOMS),
        (rf"{_ON}{_DM}{_NO_YEAR}", _build_day_month),
        (rf"{_ON}{_MD}{_NO_YEAR}", _build_day_month),
        (
            r"\b(?i:in|since|during|until|till|by|from|of|early|late|mid)[ -]"
            rf"(?P<mon>{_FULL_MONTH})(?!'| ?\d)",
            _build_month,
        ),
        # A weekday directly before a date only names that date's day.
        (
            rf"{_ON}\b(?P<wd>{_alt(_WEEKDAYS)})\b(?!,? (?:the )?{_bare(_DM)}|,? {_MONTH} ?\d)",
            _build_weekday,
        ),
        (rf"\b(?P<near>(?i:{'|'.join(_NEARBY_DAYS)}))\b", _build_nearby),
    )
)


# What a text must hold for some costly rules to match at all, found far faster than the
# rules fail: a range's end holds a digit at most 12 characters after its "-", "to",
# "until", "till" or "through" ("September 2001", "the early-1990s"); a range of days
# has its second day right after its separator; a decade ends "0s".
_RANGE_HINT = re.compile(r"(?:-| (?i:to|until|till|through) )\D{0,16}\d")
_DAY_RANGE_HINT = re.compile(r"(?:- ?| (?i:and|to|until|till|through) )\d")
_DECADE_HINT = re.compile(r"0s\b")


def _hint(pattern: re.Pattern[str], build: _Builder) -> re.Pattern[str] | None:
    if build is _build_range and not pattern.pattern.startswith(r"\b(?i:between)"):
        return _RANGE_HINT  # "between" is a literal: that rule fails fast on its own
    if build is _build_day_range:
        return _DAY_RANGE_HINT
    if "decade" in pattern.groupindex:
        return _DECADE_HINT
    return None


_TIME_RULES_HINTED = tuple(
    (pattern, build, _hint(pattern, build)) for pattern, build in _TIME_RULES
)


def stated_times(text: str, *, published: datetime.date | None = None) -> list[StatedTime]:
    """Dates, months, years, decades and ranges the text states; relative ones need `published`."""
    found: list[_Found[StatedTime]] = []
    for pattern, build, hint in _TIME_RULES_HINTED:
        if hint is not None and hint.search(text) is None:
            continue
        for match in pattern.finditer(text):
            if (time := build(match, published)) is not None:
                found.append((match.start(), match.end(), time))
    return _select(found)
