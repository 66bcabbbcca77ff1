"""English: its words for months, weekdays, numbers and lengths of time, and the patterns made
of them. The patterns are compiled once, when a quote is first read in English.

Words match in any case, but month and weekday names must be capitalised, so "may be" or
"a march" never become dates. Relative statements keep a leading "on" ("On Tuesday") or
the preposition ("in September") in their text; a month alone needs that preposition,
keeping out "June" the name.
"""

from __future__ import annotations

import re

from .stated import Found, Language, StatedDuration, StatedNumber, TimeRule, digit_run
from .times import (
    ISO_DATE,
    NUMBER_START,
    alt,
    bare,
    build_calendar,
    build_day_month,
    build_day_range,
    build_month,
    build_nearby,
    build_range,
    build_weekday,
)

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
    rf"(?:{alt(_TENS_WORDS)}(?:[- ]{alt(_UNIT_WORDS[1:10])}\b|(?!-{_ORDINAL_WORDS})\b)"
    rf"|{alt(_UNIT_WORDS)}\b)"
)
_BELOW_THOUSAND = rf"(?:(?:a|{_SMALL}) hundred\b(?: (?:and )?{_SMALL})?|{_SMALL})"
_NUMBER_WORDS = (
    rf"\b(?:(?:a|{_BELOW_THOUSAND}) thousand\b(?: (?:and )?{_BELOW_THOUSAND})?"
    rf"|{_BELOW_THOUSAND}|a dozen\b)"
)
_NUMBER_WORDS_RE = re.compile(_NUMBER_WORDS, re.IGNORECASE)
# An ordinal suffix or a plural "s" ("1990s") means the digits do not state that number.
_DIGIT_RUN_RE = digit_run("st|nd|rd|th|s")
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


def _word_numbers(text: str) -> list[Found[StatedNumber]]:
    """Whole numbers written in words: "twenty-one", "a thousand", "a dozen"."""
    found: list[Found[StatedNumber]] = []
    for match in _NUMBER_WORDS_RE.finditer(text):
        if match.group().lower() == "one" and _PRONOUN_ONE_RE.search(text[: match.start()]):
            continue  # "no one" is a pronoun
        number = StatedNumber(match.group(), _words_value(match.group()))
        found.append((match.start(), match.end(), number))
    return found


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


def _durations(text: str) -> list[StatedDuration]:
    """Lengths of time such as "44-day", "nine months" or "10-month-long"."""
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
# A relative day named by one of these is one day; "tomorrow" is left out, as it always was.
_ONE_DAY_RE = re.compile(rf"\b(?:{'|'.join(_WEEKDAYS)}|yesterday|today)\b", re.IGNORECASE)
# Which part of a decade "early", "mid" and "late" cover, as offsets from its first year.
_DECADE_PARTS = {"": (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9)}

_MONTH = rf"{alt(_MONTH_NUMBERS)}\b\.?"
_FULL_MONTH = rf"{alt(_MONTH_NAMES)}\b"
_ON = r"(?:\b(?i:on) )?"
_OF = r"(?: (?i:of))? ?"  # "19th of September"; no space at all in the flawed "9November"
# A number directly followed by one of these measures something, so it is not a year.
_MEASURE = (
    r"[ -]?(?i:(?:days?|weeks?|months?|years?|hours?|km|kilomet\w*|miles?|m|kg|tons?|tonnes?"
    r"|percent)\b|%)"
)


def _day(name: str = "d") -> str:
    """A pattern for a day of the month, optionally ordinal ("19th"), captured as `name`."""
    return rf"{NUMBER_START}(?P<{name}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"


def _year(name: str = "y") -> str:
    """A pattern for a year 1000-2099 that is not part of a larger number or a measure."""
    return rf"{NUMBER_START}(?P<{name}>1\d{{3}}|20\d{{2}})(?!\d|[.,]\d|s\b|{_MEASURE})"


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

_END_ATOMS = (ISO_DATE, _DMY, _MDY, _MY, _DECADE, _year())
# The start of a range may leave its year to the end: "20 February - 12 May 1994".
_START_ATOMS = (*_END_ATOMS, _DM, _MD, rf"\b(?P<mon>{_FULL_MONTH})")
_START = "(?:" + "|".join(bare(p) for p in _START_ATOMS) + ")"
_END = "(?:" + "|".join(bare(p) for p in _END_ATOMS) + ")"


def _joins_day_range(keyword: str, sep: str) -> bool:
    """"between" goes with "and", "from" with any separator but "and"."""
    return not ((keyword == "between" and sep != "and") or (keyword == "from" and sep == "and"))


# What a text must hold for some costly rules to match at all, found far faster than the
# rules fail: a range's end holds a digit at most 12 characters after its "-", "to",
# "until", "till" or "through" ("September 2001", "the early-1990s"); a range of days
# has its second day right after its separator; a decade ends "0s". The range opened by
# "between" needs no hint: that literal fails fast on its own.
_RANGE_HINT = re.compile(r"(?:-| (?i:to|until|till|through) )\D{0,16}\d")
_DAY_RANGE_HINT = re.compile(r"(?:- ?| (?i:and|to|until|till|through) )\d")
_DECADE_HINT = re.compile(r"0s\b")

_TIME_RULES = tuple(
    TimeRule(re.compile(pattern), build, hint)
    for pattern, build, hint in (
        (rf"\b(?i:between) (?P<a>{_START}) (?i:and) (?P<b>{_END})", build_range, None),
        (
            rf"(?:\b(?i:from) )?(?P<a>{_START})(?: ?- ?| (?i:to|until|till|through) )"
            rf"(?P<b>{_END})",
            build_range,
            _RANGE_HINT,
        ),
        (
            rf"{_KEYWORD}{_day('d1')}{_DAY_RANGE_SEP}{_day('d2')}{_OF}(?P<mon>{_MONTH})"
            rf"(?:,? {_year()})?",
            build_day_range,
            _DAY_RANGE_HINT,
        ),
        (
            rf"{_KEYWORD}\b(?P<mon>{_MONTH}) {_day('d1')}{_DAY_RANGE_SEP}{_day('d2')}"
            rf"(?:,? {_year()})?",
            build_day_range,
            _DAY_RANGE_HINT,
        ),
        *(
            (atom, build_calendar, _DECADE_HINT if atom is _DECADE else None)
            for atom in _END_ATOMS
        ),
        (rf"{_ON}{_DM}{_NO_YEAR}", build_day_month, None),
        (rf"{_ON}{_MD}{_NO_YEAR}", build_day_month, None),
        (
            r"\b(?i:in|since|during|until|till|by|from|of|early|late|mid)[ -]"
            rf"(?P<mon>{_FULL_MONTH})(?!'| ?\d)",
            build_month,
            None,
        ),
        # A weekday directly before a date only names that date's day.
        (
            rf"{_ON}\b(?P<wd>{alt(_WEEKDAYS)})\b(?!,? (?:the )?{bare(_DM)}|,? {_MONTH} ?\d)",
            build_weekday,
            None,
        ),
        (rf"\b(?P<near>(?i:{'|'.join(_NEARBY_DAYS)}))\b", build_nearby, None),
    )
)

LANGUAGE = Language(
    code="en",
    months=_MONTH_NUMBERS,
    weekdays={name: n for n, name in enumerate(_WEEKDAYS)},
    nearby_days=_NEARBY_DAYS,
    decade_parts=_DECADE_PARTS,
    joins_day_range=_joins_day_range,
    time_rules=_TIME_RULES,
    range_sides=tuple(re.compile(p) for p in _START_ATOMS),
    digit_run=_DIGIT_RUN_RE,
    word_numbers=_word_numbers,
    durations=_durations,
    one_day=_ONE_DAY_RE,
)
