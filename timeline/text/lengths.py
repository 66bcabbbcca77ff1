"""Lengths of time ("acht Monaten", "seis meses", "quatre jours", "22-jähriger") for the
readers of timeline.text.dayfirst, their units named as CLDR names them.

The names of the units come from CLDR through babel (babel.units, the long forms for one
and for more, and a short form when it is a whole word such as "Nächte"), so a language
module gives only what CLDR does not have: its declined forms (German's "Tagen"), its
adjectives ("einmonatige") and its words for fractions ("anderthalb").

A night counts as a day and a decade as ten years. A count with a half ("anderthalb Jahre")
is stated in the next smaller unit when that makes it whole (18 months); otherwise it states
no length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from .stated import StatedDuration
from .times import alt

# CLDR's unit -> (the unit of a StatedDuration, how many of it one is)
_CLDR_UNITS = {
    "duration-day": ("day", 1),
    "duration-night": ("day", 1),
    "duration-week": ("week", 1),
    "duration-month": ("month", 1),
    "duration-year": ("year", 1),
    "duration-decade": ("year", 10),
}
_SMALLER = {"year": ("month", 12), "week": ("day", 7)}  # a whole count of the next unit
_NOT_WORD = re.compile(r"[\d\s.,/]+")


def unit_names(locale: str) -> dict[str, tuple[str, int]]:
    """CLDR's names of the units of time, lower case, to (unit, how many of it)."""
    from babel.units import format_unit

    names: dict[str, tuple[str, int]] = {}
    for cldr, unit in _CLDR_UNITS.items():
        for length in ("long", "short"):
            for count in (1, 2, 5):
                name = _NOT_WORD.sub("", format_unit(count, cldr, length=length, locale=locale))
                if length == "long" or (name.isalpha() and len(name) >= 3):
                    names[name.lower()] = unit
    return names


@dataclass(frozen=True)
class Lengths:
    """What a language adds to CLDR to state lengths of time.

    `counts` are the words of a count (lower case: "acht", "un"), `declined` gives more
    forms of a unit's name ("tagen" of "tage"), `adjectives` are the stems of adjectives
    made of a count and a unit ("jährig" of "22-jährige"), with the endings they take, and
    `fractions` words for counts that are not whole ("anderthalb").
    """

    locale: str
    counts: Mapping[str, int]
    declined: Callable[[str], set[str]] = lambda name: set()
    adjectives: Mapping[str, str] = field(default_factory=dict)
    adjective_endings: str = ""
    fractions: Mapping[str, Fraction] = field(default_factory=dict)


def lengths_reader(spec: Lengths) -> Callable[[str], list[StatedDuration]]:
    """The `durations` of a Language: each count directly before a unit's name."""
    units = unit_names(spec.locale)
    for name, unit in list(units.items()):
        for form in spec.declined(name):
            units.setdefault(form, unit)
    counts = alt([*spec.counts, *spec.fractions])
    count = rf"(?P<count>\d+|{counts})"
    noun = rf"(?<![\w.,-]){count}[ \u00a0-](?P<unit>{alt(units)})(?!\w)"
    stems = alt(spec.adjectives) if spec.adjectives else "(?!x)x"
    adjective = (
        rf"(?<![\w.,-])(?P<acount>\d+-|{counts})(?P<stem>{stems})"
        rf"(?:{spec.adjective_endings})?(?!\w)"
    )
    length_re = re.compile(rf"{noun}|{adjective}", re.IGNORECASE)

    def value(text: str) -> Fraction:
        text = text.rstrip("-").lower()
        if text.isdigit():
            return Fraction(int(text))
        return spec.fractions.get(text) or Fraction(spec.counts[text])

    def read(text: str) -> list[StatedDuration]:
        found = []
        for match in length_re.finditer(text):
            if match["stem"]:
                amount = value(match["acount"])
                unit, times = spec.adjectives[match["stem"].lower()], 1
            else:
                amount = value(match["count"])
                unit, times = units[match["unit"].lower()]
            amount *= times
            if amount.denominator != 1 and unit in _SMALLER:
                unit, more = _SMALLER[unit]
                amount *= more
            if amount.denominator == 1:
                found.append(StatedDuration(match.group(), int(amount), unit))
        return found

    return read
