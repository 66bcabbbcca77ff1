"""What the readers of languages that write the day before the month (de, es, fr) share: the
month and weekday names of CLDR, and the time rules made of a language's pieces.

Names come from CLDR through babel when a reader is first imported. Measured on 2026-12-07:
importing babel.dates and reading the first locale's names takes about 30-36 ms, each further
locale about 4 ms (under the 50 ms per language that would call for generated tables), so
the names are read at run time and babel is a dependency.

A language module gives `Pieces`: its patterns for the parts of a date (how a day is
written, the word between day and month, and so on); `time_rules` puts them together in
the order of timeline.text.en, whose builders (timeline.text.times) read the matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .stated import TimeRule
from .times import (
    ISO_DATE,
    NUMBER_START,
    alt,
    bare,
    build_calendar,
    build_day_month,
    build_month,
    build_nearby,
    build_range,
    build_weekday,
)


def _cased(name: str, *, lower: bool) -> set[str]:
    """The spellings a name is matched in: as CLDR writes it, capitalised and in capitals,
    and in lower case when the language writes it so (es, fr; not German nouns)."""
    forms = {name, name[:1].upper() + name[1:], name.upper()}
    return forms | {name.lower()} if lower else forms


def calendar_names(locale: str, *, lower: bool) -> tuple[dict[str, int], dict[str, int]]:
    """CLDR's month names (wide and abbreviated, without a final ".") to 1-12, and weekday
    names to datetime.date.weekday(), each in the spellings of `_cased`."""
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                for form in _cased(name.rstrip("."), lower=lower):
                    months[form] = number
    weekdays = {
        form: number
        for number, name in get_day_names("wide", locale=locale).items()
        for form in _cased(name, lower=lower)
    }
    return months, weekdays


def full_names(months: Mapping[str, int], locale: str) -> list[str]:
    """The month names of `months` written in full (the wide names), for a month alone."""
    from babel.dates import get_month_names

    wide = {name.lower() for name in get_month_names("wide", locale=locale).values()}
    return [name for name in months if name.lower() in wide]


def year(measure: str, name: str = "y") -> str:
    """A year 1000-2099 not part of a larger number nor directly followed by `measure`."""
    return rf"{NUMBER_START}(?P<{name}>1\d{{3}}|20\d{{2}})(?!\d|[.,]\d|{measure})"


def day(suffix: str, name: str = "d") -> str:
    """A day of the month followed by an optional `suffix` (an ordinal's "." or "er")."""
    return rf"{NUMBER_START}(?P<{name}>[12]\d|3[01]|0?[1-9])(?:{suffix})?(?!\d)"


@dataclass(frozen=True)
class Pieces:
    """One language's patterns for the parts of a time.

    `dmy`, `dm`, `my` and `mdy` are full patterns with the groups "d", "mon", "y" (dm
    without the year, which it must not be followed by); `numeric` a day-first date in
    digits ("d", "m", "y"); `decade` has "decade" and maybe "part"; `month_before` what
    must come before a month alone ("im", "en"); `weekday_after` what may follow a weekday
    in the same word ("morgen" of "Sonntagmorgen") and `not_weekday` what must not come
    before or after it (a date it only names the day of); `to` and `between`/`and` the
    words of a range.
    """

    dmy: str
    dm: str
    my: str
    mdy: str
    numeric: str
    decade: str
    year: str
    full_month: str
    month_before: str
    on: str
    weekday: str
    weekday_after: str
    not_weekday: str
    near: str
    frm: str
    to: str
    between: str
    and_: str


def time_rules(p: Pieces) -> tuple[tuple[TimeRule, ...], tuple[re.Pattern[str], ...]]:
    """The time rules of a language, and the patterns for each side of a range."""
    end_atoms = (ISO_DATE, p.numeric, p.dmy, p.mdy, p.my, p.decade, p.year)
    start_atoms = (*end_atoms, p.dm, rf"\b(?P<mon>{p.full_month})\b")
    start = "(?:" + "|".join(bare(a) for a in start_atoms) + ")"
    end = "(?:" + "|".join(bare(a) for a in end_atoms) + ")"
    rules: Iterable[tuple[str, object]] = (
        (rf"\b(?i:{p.between}) (?P<a>{start}) (?i:{p.and_}) (?P<b>{end})", build_range),
        (rf"(?:\b(?i:{p.frm}) )?(?P<a>{start})(?: ?- ?| (?i:{p.to}) )(?P<b>{end})", build_range),
        *((atom, build_calendar) for atom in end_atoms),
        (rf"{p.on}{p.dm}", build_day_month),
        (rf"\b(?:{p.month_before})[ -](?P<mon>{p.full_month})\b(?!'| ?\d)", build_month),
        (
            rf"{p.on}\b(?P<wd>{p.weekday})(?:{p.weekday_after})?\b{p.not_weekday}",
            build_weekday,
        ),
        (p.near, build_nearby),
    )
    compiled = tuple(TimeRule(re.compile(pattern), build) for pattern, build in rules)  # type: ignore[arg-type]
    return compiled, tuple(re.compile(a) for a in start_atoms)


def no_numbers(text: str) -> list:
    """No numbers in words, no lengths of time: not read in this language yet."""
    return []


# ---------------------------------------------------------------------------- numbers

NO_DIGIT_RUN = re.compile(r"(?!x)x")  # these readers find numbers in digits themselves


@dataclass(frozen=True)
class Numbers:
    """One language's way of writing numbers: the pattern of a number in digits (groups
    "whole" and "frac"), its thousands separators, its words for small numbers (lower
    case, each one word), its scale words ("millones", lower case) and the words for "a"
    ("un") that count only before a scale word; `not_after` is a pattern that must not
    follow a number for it to be one (a day before its month, "5 Uhr").
    """

    digits: str
    groups: str
    words: dict[str, int]
    scales: dict[str, int]
    articles: tuple[str, ...]
    not_after: str
    # Words that are no number in this spelling ("Acht", the noun: attention).
    not_numbers: tuple[str, ...] = ()


def numbers_reader(spec: Numbers):  # noqa: ANN201 - a Language.word_numbers
    """Whole numbers in digits or words, a scale word applied ("2,4 Millionen" states
    2400000, not 2 nor 4): a decimal without a scale word states no whole number."""
    from decimal import Decimal

    from .stated import StatedNumber

    scale = rf"(?: (?P<scale>{alt(spec.scales)})\b\.?)?"
    words = alt([*spec.words, *spec.articles])
    digit_re = re.compile(rf"{spec.digits}{scale}(?!{spec.not_after})", re.IGNORECASE)
    word_re = re.compile(
        rf"(?<![\w-])(?P<word>{words})(?![\w-]| (?i:et|y|und) (?:{words})\b){scale}"
        rf"(?!{spec.not_after})",
        re.IGNORECASE,
    )

    def scaled(text: str, value: Decimal, found_scale: str | None) -> StatedNumber | None:
        if found_scale:
            value *= spec.scales[found_scale.lower().rstrip(".")]
        if value != value.to_integral_value():
            return None
        return StatedNumber(text, int(value))

    def read(text: str) -> list:
        found = []
        for match in digit_re.finditer(text):
            whole = re.sub(spec.groups, "", match["whole"])
            value = Decimal(f"{whole}.{match['frac']}" if match["frac"] else whole)
            if match["frac"] and not match["scale"]:
                continue  # a decimal is no whole number, and neither part of it is
            if (number := scaled(match.group(), value, match["scale"])) is not None:
                found.append((match.start(), match.end(), number))
        for match in word_re.finditer(text):
            word = match["word"]
            if word.lower() in spec.articles and not match["scale"]:
                continue  # "une femme" is one woman, but not a number
            if word in spec.not_numbers:
                continue
            value = Decimal(1 if word.lower() in spec.articles else spec.words[word.lower()])
            if (number := scaled(match.group(), value, match["scale"])) is not None:
                found.append((match.start(), match.end(), number))
        return found

    return read
