"""The claim kinds timeline knows: date, duration, the figures, and the fields a quote
attests by being found (title, places, summary, tags)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .kind import Hint, Kind, Quote, Source, Verdict

if TYPE_CHECKING:  # the readers compile many patterns: imported when a quote is checked
    from ..dates import EventDate
    from ..text.stated import StatedTime

# How far a stated length may be from the event's (FORMAT.md).
TOLERANCE_DAYS = {"day": 1, "week": 7, "month": 15, "year": 365.2425 / 2}


def _check_date(quote: Quote) -> Verdict:
    date = quote.event.date
    source = quote.source
    from ..text.read import stated_times

    times = stated_times(quote.text, published=source.published, language=source.language)
    if not times:
        message = f"{quote.label} supports date, but the quote states no year, date or weekday"
        return Verdict(False, ((("evidence", quote.index, "quote"), message),))
    start, latest = date.start.earliest, date.latest
    consistent = [time for time in times if _agrees(time, start, latest, source.language)]
    if not consistent:
        stated = "; ".join(_describe_time(time, source) for time in times)
        message = f'date "{date.text}" disagrees with {quote.label}: the quote states {stated}'
        return Verdict(False, ((("date",), message),))
    return Verdict(True, attested=tuple(consistent))


def _agrees(time: StatedTime, earliest: dt.date, latest: dt.date, language: str) -> bool:
    # A weekday or "yesterday" names one day: it must be the day the event starts.
    from ..text.read import names_one_day

    if names_one_day(time, language=language):
        return time.earliest == earliest
    return time.earliest <= latest and earliest <= time.latest


def _describe_time(time: StatedTime, source: Source) -> str:
    value = time.value()
    if time.relative:
        value += f", counted from published {source.published.isoformat()}"
    return f'"{time.text}" ({value})'


def _date_hints(quote: str, source: Source) -> list[Hint]:
    from ..text.read import stated_times

    hints = []
    cursor = 0
    for time in stated_times(quote, published=source.published, language=source.language):
        start = quote.find(time.text, cursor)
        cursor = max(cursor, start + len(time.text))
        hints.append(
            Hint(start, start + len(time.text), f"states a date: {time.value()} ({time.text})")
        )
    return hints


def _needs_interval(claim: str, data: Mapping[str, Any], date: EventDate) -> str | None:
    if date.is_interval:
        return None
    example = "2020-09-27/2020-11-10"
    return f'"duration" needs an interval date like "{example}", but date is "{date.text}"'


def _check_duration(quote: Quote) -> Verdict:
    date = quote.event.date
    lengths = date.duration_range()
    from ..text.read import stated_durations

    durations = stated_durations(quote.text, language=quote.source.language)
    if not durations:
        message = (
            f"{quote.label} supports duration, but the quote states no length "
            '(such as "44-day" or "nine months")'
        )
        return Verdict(False, ((("date",), message),))
    if lengths is None:
        return Verdict(True)  # reported by events: "duration" needs a closed interval
    low, high = lengths
    if any(
        low - TOLERANCE_DAYS[d.unit] <= d.days <= high + TOLERANCE_DAYS[d.unit] for d in durations
    ):
        return Verdict(True)
    span = f"{low} days" if low == high else f"{low} to {high} days"
    stated = ", ".join(f'"{d.text}" (about {round(d.days)} days)' for d in durations)
    message = f'date "{date.text}" lasts {span}, but {quote.label} states {stated}'
    return Verdict(False, ((("date",), message),))


def _duration_hints(quote: str, source: Source) -> list[Hint]:
    from ..text.read import stated_durations

    hints = []
    cursor = 0
    for duration in stated_durations(quote, language=source.language):
        start = quote.find(duration.text, cursor)
        cursor = start + len(duration.text)
        hints.append(Hint(start, cursor, f"states a duration: {duration.text}"))
    return hints


def _needs_figure(claim: str, data: Mapping[str, Any], date: EventDate) -> str | None:
    figures = data.get("figures") or {}
    if claim.partition(".")[2] in figures:
        return None
    known = ", ".join(f"figures.{key}" for key in figures) or "none"
    return f'"{claim}" names no figure of this event (figures: {known})'


def _check_figure(quote: Quote) -> Verdict:
    name = quote.claim.partition(".")[2]
    value = quote.event.figures.get(name)
    if value is None:
        return Verdict(False)  # reported by events: the claim names no figure
    from ..text.read import stated_numbers

    numbers = stated_numbers(quote.text, language=quote.source.language)
    if any(number.value == value for number in numbers):
        return Verdict(True)
    if numbers:
        stated = "states " + ", ".join(f'"{n.text}" ({n.value:,})' for n in numbers)
    else:
        stated = "states no number"
    message = f"figures.{name} is {value:,}, but {quote.label} {stated}"
    return Verdict(False, ((("figures", name), message),))


def _number_hints(quote: str, source: Source) -> list[Hint]:
    from ..text.read import stated_numbers

    hints = []
    cursor = 0
    for number in stated_numbers(quote, language=source.language):
        start = quote.find(number.text, cursor)
        cursor = start + len(number.text)
        value = f"{number.value}"
        text = number.text if number.text == value else f"{number.text} ({value})"
        hints.append(Hint(start, cursor, f"states a number: {text}"))
    return hints


BUILTIN = (
    Kind(
        "date",
        "date",
        "date",
        states='a year, a decade ("the early 1990s" is 1990-1993), a month, a day, a range, '
        'a weekday, "yesterday", or a day and month without a year',
        agrees="the time it states overlaps the event's date; "
        'a weekday or "yesterday" must be the day the event starts',
        check=_check_date,
        hints=_date_hints,
    ),
    Kind(
        "duration",
        "duration",
        "duration",
        states='a length: "44-day", "44 days", "nine months", "10-month-long"',
        agrees="the event's interval lasts that long, within a day for days, a week for "
        "weeks, 15 days for months, half a year for years",
        needs=_needs_interval,
        check=_check_duration,
        hints=_duration_hints,
    ),
    Kind("title", "title", "title"),
    Kind("places", "places", "places"),
    Kind("summary", "summary", "summary"),
    Kind("tags", "tags", "tags"),
    Kind(
        "figures",
        "figures.NAME",
        r"figures\.[a-z][a-z0-9_]*",
        states='the number, in digits ("108,615") or words ("six", "twenty-one")',
        agrees="it equals the figure",
        needs=_needs_figure,
        check=_check_figure,
        hints=_number_hints,
        nested=True,
        skeleton=("# figures:  # optional: name -> whole number a quote states", "#   killed: 6"),
    ),
)
