"""Spanish: its calendar dates, months, years, decades, weekdays and the words for nearby
days. Month and weekday names are CLDR's (timeline.text.dayfirst reads them through babel);
numbers are read in digits and words ("2,4 millones", "3.000", "dos"), lengths of time as
timeline.text.lengths reads them ("seis meses", "dos décadas").

Names match in lower case, capitalised or in capitals: "19 de septiembre de 2023", "el 9
de noviembre" (the year from publication), "julio 2, 2021" (the month first, as US federal
pages write it), "28/04/1986", "en abril de 2019"; a month alone needs a preposition ("en
septiembre"). "mañana" is "tomorrow" only when no article or "esta" comes before it ("la
mañana" is the morning); "los martes" (every Tuesday) is no day.
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

_MONTHS, _WEEKDAYS = calendar_names("es", lower=True)
_NEARBY_DAYS = {"anteayer": -2, "ayer": -1, "anoche": -1, "hoy": 0, "mañana": 1}
_DECADE_PARTS = {"": (0, 9), "principios": (0, 3), "mediados": (4, 6), "finales": (7, 9)}
_DECADE_PARTS["fines"] = _DECADE_PARTS["finales"]

# A number directly followed by one of these measures something, so it is not a year.
_MEASURE = (
    r"[ -]?(?:(?i:días?|semanas?|meses|mes|años?|horas?|km|kilómetros?|m|kg|toneladas?"
    r"|por ciento|dólares|euros|millones)\b|%|€|\$)"
)
_MONTH = rf"{alt(_MONTHS)}\b\.?"
_FULL_MONTH = alt(full_names(_MONTHS, "es"))
_YEAR = year(_MEASURE)
_DAY = day(r"o|°|\.o|ro")  # "1o" is NFKC's "1º"
_OF = r" (?i:de) "
_NO_YEAR = r"(?!,? ?(?:(?i:de|del) )?\d{4}\b)"

_PIECES = Pieces(
    dmy=rf"{_DAY}{_OF}(?P<mon>{_MONTH}){_OF[:-1]}(?i:l)? {_YEAR}",
    dm=rf"{_DAY}{_OF}(?P<mon>{_MONTH}){_NO_YEAR}",
    my=rf"\b(?P<mon>{_MONTH})(?: (?i:de|del))? {_YEAR}",
    mdy=rf"\b(?P<mon>{_MONTH}) {_DAY},? {_YEAR}",
    numeric=(
        r"(?<![\w.,/])(?P<d>[12]\d|3[01]|0?[1-9])/(?P<m>1[0-2]|0?[1-9])/"
        r"(?P<y>1\d{3}|20\d{2})(?!\d|[.,/]\d)"
    ),
    decade=(
        r"(?:\b(?P<part>(?i:principios|mediados|finales|fines)) de )?"
        r"\b(?i:(?:los )?años|(?:la )?década de(?: los)?) (?P<decade>1\d{2}0|20\d0)s?\b"
    ),
    year=_YEAR,
    full_month=_FULL_MONTH,
    month_before=r"\b(?i:en|desde|hasta|durante|para)",
    on=r"(?:\b(?i:el|este|el próximo|el pasado) )?",
    weekday=rf"(?<!(?i:los) ){alt(_WEEKDAYS)}",
    weekday_after=r"(?!x)x",
    # A weekday directly before a date only names that date's day.
    not_weekday=r"(?!,? \d{1,2}(?: de|,? \d{4}))",
    near=(
        r"\b(?P<near>(?i:anteayer|ayer|anoche|hoy)"
        r"|(?<!(?i:la) )(?<!(?i:esta) )(?<!(?i:una) )(?<!(?i:cada) )(?<!(?i:pasado) )"
        r"(?i:mañana))\b"
    ),
    frm="de|del|desde",
    to="a|al|hasta(?: el)?",
    between="entre",
    and_="y",
)
_TIME_RULES, _RANGE_SIDES = time_rules(_PIECES)

_WORDS = (
    *("dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once"),
    *("doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho"),
    *("diecinueve", "veinte"),
)
_TENS = ("treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa")
_NUMBERS = Numbers(
    # Thousands grouped with dots ("3.000") or, on US federal pages, commas ("1,400");
    # a decimal comma ("2,4") or point ("1.3"); not the "19" of "COVID-19".
    digits=(
        r"(?<![\w.,])(?<![A-Za-z]-)"
        r"(?P<whole>\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)(?:[.,](?P<frac>\d+))?"
        r"(?!\d|[.,]\d|(?:o|°|ro|er|ra|a)\b)"
    ),
    groups=r"[.,]",
    words={w: n for n, w in enumerate(_WORDS, 2)} | {w: 30 + 10 * n for n, w in enumerate(_TENS)},
    scales={"mil millones": 10**9, "millón": 10**6, "millones": 10**6, "mil": 10**3}
    | {"billón": 10**12, "billones": 10**12},
    articles=("un", "una"),
    # The day of a date ("25 de agosto") is no figure.
    not_after=rf" (?i:de) (?:{alt(_MONTHS)})\b",
)

_LENGTHS = Lengths(locale="es", counts=_NUMBERS.words | {"un": 1, "una": 1})

LANGUAGE = Language(
    code="es",
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
    one_day=re.compile(rf"\b(?:{alt(_WEEKDAYS)}|(?i:anteayer|ayer|anoche|hoy))\b"),
)
