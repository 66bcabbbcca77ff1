"""What a normalised quote states: times, durations and whole numbers, read in its language.

Input is normalised (timeline.text.normalise). Results come in reading order; of overlapping
matches the longest wins, so "19 September 2023" is not also reported as "September 2023"
or "2023".

- A range, a day range ("19 and 20 September 2023") included, is ONE StatedTime from its
  first day to its last, with the finer precision of its two ends.
- Relative statements (weekdays, yesterday/today/tomorrow, a day and month without a year,
  a month after a preposition) need `published`.

`language` is a source's language tag ("en", "en-GB"); a language without a reader is read
as English (see timeline.text.languages).
"""

from __future__ import annotations

import datetime

from .languages import reader
from .stated import Found, StatedDuration, StatedNumber, StatedTime, digit_numbers, select


def stated_numbers(text: str, *, language: str = "en") -> list[StatedNumber]:
    """Whole numbers the text states, in digits ("108,615") or words ("twenty-one")."""
    words = reader(language)
    return select(digit_numbers(text, words.digit_run) + words.word_numbers(text))


def stated_durations(text: str, *, language: str = "en") -> list[StatedDuration]:
    """Lengths of time the text states, such as "44-day", "nine months" or "10-month-long"."""
    return reader(language).durations(text)


def stated_times(
    text: str, *, published: datetime.date | None = None, language: str = "en"
) -> list[StatedTime]:
    """Dates, months, years, decades and ranges the text states; relative ones need `published`."""
    words = reader(language)
    found: list[Found[StatedTime]] = []
    for rule in words.time_rules:
        if rule.hint is not None and rule.hint.search(text) is None:
            continue
        for match in rule.pattern.finditer(text):
            if (time := rule.build(match, published, words)) is not None:
                found.append((match.start(), match.end(), time))
    return select(found)


def names_one_day(time: StatedTime, *, language: str = "en") -> bool:
    """Whether a relative day is named by a weekday or a word such as "yesterday", rather
    than by a day and month: such a day is one day, not the end of a span."""
    if not time.relative or time.precision != "day":
        return False
    return reader(language).one_day.search(time.text) is not None
