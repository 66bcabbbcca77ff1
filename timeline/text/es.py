"""Spanish: its calendar dates, months, years, decades, weekdays and the words for nearby
days. Month and weekday names are CLDR's (timeline.text.dayfirst reads them through babel);
numbers in words and lengths of time are not read yet.

Names match in lower case, capitalised or in capitals: "19 de septiembre de 2023", "el 9
de noviembre" (the year from publication), "julio 2, 2021" (the month first, as US federal
pages write it), "28/04/1986", "en abril de 2019"; a month alone needs a preposition ("en
septiembre"). "mañana" is "tomorrow" only when no article or "esta" comes before it ("la
mañana" is the morning); "los martes" (every Tuesday) is no day.
"""

from __future__ import annotations

import re

from .dayfirst import Pieces, calendar_names, day, full_names, no_numbers, time_rules, year
from .stated import Language, digit_run
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

LANGUAGE = Language(
    code="es",
    months=_MONTHS,
    weekdays=_WEEKDAYS,
    nearby_days=_NEARBY_DAYS,
    decade_parts=_DECADE_PARTS,
    joins_day_range=lambda keyword, sep: True,
    time_rules=_TIME_RULES,
    range_sides=_RANGE_SIDES,
    digit_run=digit_run("o|°|ro|er|ra|s"),
    word_numbers=no_numbers,
    durations=no_numbers,
    one_day=re.compile(rf"\b(?:{alt(_WEEKDAYS)}|(?i:anteayer|ayer|anoche|hoy))\b"),
)
