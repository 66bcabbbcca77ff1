"""German: its calendar dates, months, years, decades, weekdays and the words for nearby
days. Month and weekday names are CLDR's (timeline.text.dayfirst reads them through babel);
numbers are read in digits ("1.507", "18,3 Millionen") and in words ("vier"), and
lengths of time as timeline.text.lengths reads them ("seit acht Monaten", "22-jähriger").

Month and weekday names are nouns, so they match capitalised (or in capitals) only. A day
of the month is an ordinal with its dot: "22. Mai 2017", "am 16. Juli" (the year from
publication), "11.09.2012"; "im Mai 2017", "seit Januar 2018"; a month alone needs a
preposition ("im August"). A weekday may open a compound of the time of day
("Dienstagmorgen"). "morgen" is "tomorrow" only in lower case and not after "heute" or
"gestern" (where it is the old spelling of "this morning"); "Morgen" (the morning) is not
read.
"""

from __future__ import annotations

import re
from fractions import Fraction

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

_MONTHS, _WEEKDAYS = calendar_names("de", lower=False)
_NEARBY_DAYS = {"vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2}
_DECADE_PARTS = {"": (0, 9), "anfang": (0, 3), "mitte": (4, 6), "ende": (7, 9)}

# A number directly followed by one of these measures something, so it is not a year.
_MEASURE = (
    r"er\b|[ -]?(?:(?i:Tage?n?|Wochen?|Monate?n?|Jahre?n?|Stunden?|km|Kilometer\w*|m|kg|t"
    r"|Tonnen|Prozent|Euro|Dollar|Uhr)\b|%|€|\$)"
)
_MONTH = rf"{alt(_MONTHS)}\b\.?"
_FULL_MONTH = alt(full_names(_MONTHS, "de"))
_YEAR = year(_MEASURE)
_DAY = day("") + r"\."  # the ordinal's dot is required: "22. Mai"
_NO_YEAR = r"(?!,? ?\d{4}\b)"

_PIECES = Pieces(
    dmy=rf"{_DAY} ?(?P<mon>{_MONTH}),? {_YEAR}",
    dm=rf"{_DAY} ?(?P<mon>{_MONTH}){_NO_YEAR}",
    my=rf"\b(?P<mon>{_MONTH}),? {_YEAR}",
    mdy=r"(?!x)x",  # German does not write the month first
    numeric=(
        r"(?<![\w.,])(?P<d>[12]\d|3[01]|0?[1-9])\.(?P<m>1[0-2]|0?[1-9])\."
        r"(?P<y>1\d{3}|20\d{2})(?!\d|[.,]\d)"
    ),
    decade=(
        r"(?:\b(?P<part>(?i:Anfang|Mitte|Ende)) der )?"
        r"(?<![\d.,$€£])(?P<decade>1\d{2}0|20\d0)er\b(?:[- ]?Jahre[n]?\b)?"
    ),
    year=_YEAR,
    full_month=_FULL_MONTH,
    month_before=r"\b(?i:im|seit|bis|ab|vom|zum|von|für)",
    on=r"(?:\b(?i:am) )?",
    weekday=alt(_WEEKDAYS),
    weekday_after=r"morgen|vormittag|mittag|nachmittag|abend|nacht",
    # A weekday directly before a date only names that date's day.
    not_weekday=r"(?!,? (?:de[nm] )?\d{1,2}\.)",
    near=(
        r"\b(?P<near>(?i:vorgestern|gestern|heute|übermorgen)"
        r"|(?<!(?i:heute) )(?<!(?i:gestern) )morgen)\b"
    ),
    frm="von|vom|ab",
    to="bis(?: zum| Ende)?",
    between="zwischen",
    and_="und",
)
_TIME_RULES, _RANGE_SIDES = time_rules(_PIECES)

_WORDS = (
    *("zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf"),
    *("zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn", "siebzehn", "achtzehn"),
    "neunzehn",
)
_TENS = ("zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig")
_NUMBERS = Numbers(
    # "1.507", "1.996.973", "18,3"; not "1990er", nor the "7" of a code such as "BX7".
    digits=(
        r"(?<![\w.,])(?<![A-Za-z]-)(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?"
        r"(?!\d|[.,]\d|(?:er|te|ten|ste|sten)\b)"
    ),
    groups=r"\.",
    words={w: n for n, w in enumerate(_WORDS, 2)} | {w: 20 + 10 * n for n, w in enumerate(_TENS)},
    scales={"million": 10**6, "millionen": 10**6, "mio": 10**6, "milliarde": 10**9}
    | {"milliarden": 10**9, "mrd": 10**9, "billion": 10**12, "billionen": 10**12},
    articles=("ein", "eine", "einer"),
    # The day of a date ("22. Mai") and the hour of a time ("5 Uhr") are no figures.
    not_after=rf"\.? ?(?:{alt(_MONTHS)})\b| ?Uhr\b",
    not_numbers=("Acht", "Elf"),
)

_LENGTHS = Lengths(
    locale="de",
    counts=_NUMBERS.words | dict.fromkeys(("ein", "eine", "einen", "einem", "einer"), 1),
    # The dative plural adds an "n": "seit acht Monaten", "in den letzten 20 Tagen".
    declined=lambda name: {name + "n"} if name.endswith("e") else set(),
    adjectives={"tägig": "day", "wöchig": "week", "monatig": "month", "jährig": "year"},
    adjective_endings="e|em|en|er|es",
    fractions={"anderthalb": Fraction(3, 2), "eineinhalb": Fraction(3, 2)},
)

LANGUAGE = Language(
    code="de",
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
    one_day=re.compile(rf"\b(?:{alt(_WEEKDAYS)}|(?i:vorgestern|gestern|heute))", re.IGNORECASE),
)
