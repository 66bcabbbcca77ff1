"""How a time rule's match becomes a StatedTime, in any language.

A language module writes the patterns (its words), and gives each rule one of the builders
here, which read the match by its named groups (see timeline.text.stated.Language) and look
the words up in the language's tables. Relative times are counted from `published`.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import replace

from .stated import PRECISIONS, Language, StatedTime

# Not inside a longer number, a word or an amount of money.
NUMBER_START = r"(?<![\w$€£.,])"
ISO_DATE = r"(?<!\d)(?<!\d-)(?P<y>1\d{3}|20\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?!\d|-\d)"


def alt(words: Iterable[str]) -> str:
    """A non-capturing alternation that tries longer words first."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


def bare(pattern: str) -> str:
    """The pattern with its named groups made anonymous, for reuse inside a larger one."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _month_number(name: str, language: Language) -> int:
    """The number of a month written in full or abbreviated ("Sept.")."""
    return language.months[name.rstrip(".")]


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


def _calendar_time(
    match: re.Match[str], language: Language, *, year: int | None = None
) -> StatedTime | None:
    """The absolute time an atom (date, month, year or decade) states."""
    groups = match.groupdict()
    if groups.get("decade"):
        part = (groups.get("part") or "").lower()
        first, last = (int(groups["decade"]) + offset for offset in language.decade_parts[part])
        return StatedTime(
            match.group(), datetime.date(first, 1, 1), datetime.date(last, 12, 31), "decade"
        )
    if groups.get("y"):
        year = int(groups["y"])
    if year is None:
        return None
    month = int(groups["m"]) if groups.get("m") else None
    if groups.get("mon"):
        month = _month_number(groups["mon"], language)
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


def build_calendar(
    match: re.Match[str], published: datetime.date | None, language: Language
) -> StatedTime | None:
    """A date, month, year or decade stated in full."""
    return _calendar_time(match, language)


def build_range(
    match: re.Match[str], published: datetime.date | None, language: Language
) -> StatedTime | None:
    """One span from the start of the first side ("a") to the end of the second ("b")."""
    sides = language.range_sides
    end = next((_calendar_time(m, language) for r in sides if (m := r.fullmatch(match["b"]))), None)
    if end is None:
        return None
    year = None if end.precision == "decade" else end.latest.year
    side = (m for r in sides if (m := r.fullmatch(match["a"])))
    start = next((_calendar_time(m, language, year=year) for m in side), None)
    if start is None or start.earliest > end.latest:
        return None
    precision = max(start.precision, end.precision, key=PRECISIONS.index)
    return StatedTime(match.group(), start.earliest, end.latest, precision)


def build_day_range(
    match: re.Match[str], published: datetime.date | None, language: Language
) -> StatedTime | None:
    """One span over "19 and 20 September 2023" or "September 19-20"."""
    keyword, sep = (match["kw"] or "").lower(), match["sep"].strip().lower()
    if not language.joins_day_range(keyword, sep):
        return None
    first, last = int(match["d1"]), int(match["d2"])
    month = _month_number(match["mon"], language)
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


def build_day_month(
    match: re.Match[str], published: datetime.date | None, language: Language
) -> StatedTime | None:
    """A day and month without a year: the latest such day on or before publication."""
    if published is None:
        return None
    month = _month_number(match["mon"], language)
    found = _recent_day(published, month=month, day=int(match["d"]))
    if found is None:
        return None
    return StatedTime(match.group(), found, found, "day", relative=True)


def build_month(
    match: re.Match[str], published: datetime.date | None, language: Language
) -> StatedTime | None:
    """A month without a year: the latest such month up to the month of publication."""
    if published is None:
        return None
    month = _month_number(match["mon"], language)
    year = published.year if month <= published.month else published.year - 1
    time = _span(match.group(), year, month=month)
    return None if time is None else replace(time, relative=True)


def build_weekday(
    match: re.Match[str], published: datetime.date | None, language: Language
) -> StatedTime | None:
    """A weekday: the latest such day on or before publication (that day itself included)."""
    if published is None:
        return None
    back = (published.weekday() - language.weekdays[match["wd"]]) % 7
    return _shifted_day(match.group(), published, -back)


def build_nearby(
    match: re.Match[str], published: datetime.date | None, language: Language
) -> StatedTime | None:
    """Yesterday, today or tomorrow, counted from publication."""
    if published is None:
        return None
    return _shifted_day(match.group(), published, language.nearby_days[match["near"].lower()])
