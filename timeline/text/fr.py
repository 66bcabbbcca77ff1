"""French: its calendar dates, months, years, decades, weekdays and the words for nearby
days. Month and weekday names are CLDR's (timeline.text.dayfirst reads them through babel);
numbers are read in digits and words ("2 641", "1,6 milliard", "six"), lengths of time as
timeline.text.lengths reads them ("quatre jours", "neuf mois").

Names match in lower case, capitalised or in capitals: "le 20 juin 2019", "le 1er mai" (the
year from publication), "juin 24, 2020" (the month first, as US embassy pages write it),
"28/04/1986", "en juin 2019"; a month alone needs a preposition ("en septembre").
"""

from __future__ import annotations

import re

from .dayfirst import (
    NO_DIGIT_RUN,
    Numbers,
    Pieces,
    calendar_names,
    day,
    full_names,
    numbers_reader,
    time_rules,
    year,
)
from .lengths import Lengths, lengths_reader
from .stated import Language
from .times import alt

_MONTHS, _WEEKDAYS = calendar_names("fr", lower=True)
_NEARBY_DAYS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "demain": 1, "après-demain": 2}
_DECADE_PARTS = {"": (0, 9), "début": (0, 3), "milieu": (4, 6), "fin": (7, 9)}

# A number directly followed by one of these measures something, so it is not a year.
_MEASURE = (
    r"[ -]?(?:(?i:jours?|semaines?|mois|ans|années?|heures?|km|kilomètres?|m|kg|tonnes?"
    r"|pour cent|dollars|euros|millions?|milliards?)\b|%|€|\$)"
)
_MONTH = rf"{alt(_MONTHS)}\b\.?"
_FULL_MONTH = alt(full_names(_MONTHS, "fr"))
_YEAR = year(_MEASURE)
_DAY = day("er")  # "1er" (NFKC's "1ᵉʳ")
_NO_YEAR = r"(?!,? ?\d{4}\b)"

_PIECES = Pieces(
    dmy=rf"{_DAY} (?P<mon>{_MONTH}),? {_YEAR}",
    dm=rf"{_DAY} (?P<mon>{_MONTH}){_NO_YEAR}",
    my=rf"\b(?P<mon>{_MONTH}) {_YEAR}",
    mdy=rf"\b(?P<mon>{_MONTH}) {_DAY},? {_YEAR}",
    numeric=(
        r"(?<![\w.,/])(?P<d>[12]\d|3[01]|0?[1-9])/(?P<m>1[0-2]|0?[1-9])/"
        r"(?P<y>1\d{3}|20\d{2})(?!\d|[.,/]\d)"
    ),
    decade=(
        r"(?:\b(?P<part>(?i:début|milieu|fin)) (?i:des) )?"
        r"(?:\b(?i:les|des) )?\b(?i:années) (?P<decade>1\d{2}0|20\d0)\b"
    ),
    year=_YEAR,
    full_month=_FULL_MONTH,
    month_before=r"\b(?i:en|depuis|dès|jusqu'en|courant)",
    on=r"(?:\b(?i:le|ce|dès|depuis) )?",
    weekday=alt(_WEEKDAYS),
    weekday_after=r"(?!x)x",
    # A weekday directly before a date only names that date's day.
    not_weekday=r"(?!,? \d{1,2}(?:er)? )",
    near=r"(?<![\w-])(?P<near>(?i:avant-hier|hier|aujourd'hui|après-demain|demain))(?![\w-])",
    frm="de|du|depuis",
    to="à|au|jusqu'à|jusqu'au|jusqu'en",
    between="entre",
    and_="et",
)
_TIME_RULES, _RANGE_SIDES = time_rules(_PIECES)

_WORDS = (
    *("deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze"),
    *("douze", "treize", "quatorze", "quinze", "seize"),
)
_TENS = ("vingt", "trente", "quarante", "cinquante", "soixante")
_NUMBERS = Numbers(
    # Thousands grouped with spaces ("2 641"), a decimal comma ("2,2 milliards"). "neuf"
    # (also "new") and "une" (also "a") are left out.
    digits=(
        r"(?<![\w.,])(?<![A-Za-z]-)(?P<whole>\d{1,3}(?: \d{3})+|\d+)(?:,(?P<frac>\d+))?"
        r"(?!\d|[.,]\d|(?:er|re|e|ème|eme|nd|nde)\b)"
    ),
    groups=" ",
    words={w: n for n, w in enumerate(_WORDS, 2) if w != "neuf"}
    | {w: 20 + 10 * n for n, w in enumerate(_TENS)},
    scales={"million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9}
    | {"mille": 10**3},
    articles=("un",),
    # The day of a date ("30 juin") is no figure, nor the "sept" of "sept." (September).
    not_after=rf" (?:{alt(_MONTHS)})\b|\.",
)

# Before a unit "neuf" and "une" are counts: "neuf mois", "une semaine".
_LENGTHS = Lengths(locale="fr", counts=_NUMBERS.words | {"neuf": 9, "un": 1, "une": 1})

LANGUAGE = Language(
    code="fr",
    months=_MONTHS,
    weekdays=_WEEKDAYS,
    nearby_days=_NEARBY_DAYS,
    decade_parts=_DECADE_PARTS,
    joins_day_range=lambda keyword, sep: True,
    time_rules=_TIME_RULES,
    range_sides=_RANGE_SIDES,
    digit_run=NO_DIGIT_RUN,
    word_numbers=numbers_reader(_NUMBERS),
    durations=lengths_reader(_LENGTHS),
    one_day=re.compile(
        rf"(?<![\w-])(?:{alt(_WEEKDAYS)}|(?i:avant-hier|hier|aujourd'hui))(?![\w-])"
    ),
)
