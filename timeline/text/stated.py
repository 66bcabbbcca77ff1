"""What a quote states, in any language: the records, the choice among overlapping finds, the
numbers written in digits, and the Language record through which a language module (such as
timeline.text.en) gives the core its words and patterns.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

PRECISIONS = ("decade", "year", "month", "day")  # coarse to fine
UNITS = ("day", "week", "month", "year")
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
    unit: str  # one of UNITS, whatever the language of the text

    @property
    def days(self) -> float:
        """The length in days, a month being a twelfth of the mean Gregorian year."""
        return self.count * _UNIT_DAYS[self.unit]


@dataclass(frozen=True)
class StatedNumber:
    """A whole number a quote states, in digits or in words."""

    text: str
    value: int


_T = TypeVar("_T")
Found = tuple[int, int, _T]  # start, end, statement

# How a time rule turns its match into a time, given the publication date and the language
# (whose tables name the months and weekdays): None when the match states no time after all.
Builder = Callable[[re.Match[str], "datetime.date | None", "Language"], "StatedTime | None"]


@dataclass(frozen=True)
class TimeRule:
    """A pattern for one form of stating a time, and how to read its match.

    `hint` is a pattern found far faster than `pattern` fails: a text without it cannot
    match `pattern`, which is then not tried at all.
    """

    pattern: re.Pattern[str]
    build: Builder
    hint: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Language:
    """Everything the core needs to read one language. A language module makes one, named
    LANGUAGE, when it is first imported (its patterns compiled once).

    The builders of timeline.text.times read a rule's match by its named groups: "y", "m"
    and "d" (digits), "mon" (a key of `months`, a final "." allowed), "wd" (a key of
    `weekdays`), "near" (a key of `nearby_days` in any case), "decade" ("1990") with "part"
    (a key of `decade_parts` in any case), "a" and "b" (the two sides of a range, each read
    with `range_sides`), "d1", "d2", "sep" and "kw" (a range of days; see `joins_day_range`).
    """

    code: str  # the BCP 47 primary subtag: "en"
    months: Mapping[str, int]  # each spelling of a month's name to its number, 1 to 12
    weekdays: Mapping[str, int]  # each weekday's name to datetime.date.weekday(), Monday 0
    nearby_days: Mapping[str, int]  # "yesterday" and its like, lower case, to days after
    decade_parts: Mapping[str, tuple[int, int]]  # "early" etc. to the years covered; "" all
    # Whether a range of days may open with the keyword ("" none) and have the separator,
    # both stripped and in lower case.
    joins_day_range: Callable[[str, str], bool]
    time_rules: tuple[TimeRule, ...]
    range_sides: tuple[re.Pattern[str], ...]  # each side of a range, tried in turn in full
    digit_run: re.Pattern[str]  # a run of digits that may state a number (see digit_numbers)
    word_numbers: Callable[[str], list[Found[StatedNumber]]]  # numbers written in words
    durations: Callable[[str], list[StatedDuration]]
    # Found in the text of a relative day named by a weekday or by "yesterday" or "today".
    one_day: re.Pattern[str]


def select(found: list[Found[_T]]) -> list[_T]:
    """Keep the longest of any overlapping matches, then restore reading order."""
    kept: list[Found[_T]] = []
    for start, end, item in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end, _ in kept):
            kept.append((start, end, item))
    return [item for _, _, item in sorted(kept, key=lambda f: f[0])]


def digit_run(suffixes: str) -> re.Pattern[str]:
    """A run of digits that may state a number: not after letters (a code such as "A320"),
    nor followed by one of the `suffixes` (an alternation, such as an ordinal's "th")."""
    return re.compile(rf"(?<![A-Za-z\d])\d+(?:[.,]\d+)*(?!\d|[.,]\d|(?:{suffixes})\b)")


_GROUPED_RE = re.compile(r"\d{1,3}(?:,\d{3})+")


def digit_numbers(text: str, run: re.Pattern[str]) -> list[Found[StatedNumber]]:
    """Whole numbers written in digits, with or without thousands separators."""
    found: list[Found[StatedNumber]] = []
    for match in run.finditer(text):
        run_text, offset = match.group(), match.start()
        # A decimal is not a whole number, and neither part of it is; a run that long is a code.
        if "." in run_text or len(run_text) > 40:
            continue
        if _GROUPED_RE.fullmatch(run_text):
            number = StatedNumber(run_text, int(run_text.replace(",", "")))
            found.append((offset, match.end(), number))
            continue
        # Commas that do not group thousands separate a list, as in "2019,2020".
        for part in re.finditer(r"\d+", run_text):
            number = StatedNumber(part.group(), int(part.group()))
            found.append((offset + part.start(), offset + part.end(), number))
    return found
