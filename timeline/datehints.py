"""Recognising the dates editors write instead of EDTF, to say how to write them.

"19/09/2023", "September 19, 2023", "the 1990s", "c. 1991" and "2020 - 2021" are each read here
only to build the message of a DateError; the checker itself never accepts them.
"""

from __future__ import annotations

import re

from .edtf import (
    EXAMPLE_INTERVAL,
    FORMS,
    MARK_FOR,
    MONTHS,
    ONGOING_WORDS,
    POINT_RE,
    DateError,
    parse_point,
    quote,
    ymd,
)

_RANGE_RES = (  # a space run is read once, never split between overlapping \s* and \s+
    re.compile(r"(?i)(from\s++)?(?P<a>.*?\S)(?:\s*+(?:[–—]|--)|\s++(-|to|until)\s)\s*+(?P<b>.+)"),
    re.compile(r"(?P<a>\d{4}(?:-\d{2}){0,2}[?~%]?)-(?P<b>\d{4}(?:-\d{2}){0,2}[?~%]?)"),
)
_SINCE_RE = re.compile(r"(?i)since\s+(?P<a>.+)")
_CIRCA_RE = re.compile(r"(?i)(?:c\.|ca\.?|circa|about|around|approx\.?)\s*(?P<rest>\S.*)")
_MARKS_RE = re.compile(r"(?P<pre>[?~%]*+)\s*+(?P<core>(?:.*?\S)??)\s*+(?P<post>[?~%]*+)", re.DOTALL)
_DECADE_RE = re.compile(r"(?i)(?:the\s+)?(?P<d>\d{3})0'?s")
_TIME_RE = re.compile(r"(?P<day>\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}\S*")
_SEP = r"[./ -]"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MON = r"(?P<mon>[A-Za-z]+)\.?"
_NAMED_RES = (
    re.compile(rf"(?:{_DAY}\s+)?{_MON},?\s+(?P<year>\d{{4}})"),  # "19 September 2023", "Sep 2023"
    re.compile(rf"{_MON}\s+{_DAY},?\s+(?P<year>\d{{4}})"),  # "September 19, 2023"
)
_MONTH_NUMBERS = {
    key: n for n, name in enumerate(MONTHS, 1) for key in (name.lower(), name[:3].lower())
} | {"sept": 9}


def diagnose(part: str) -> str:
    """Explain why `part` is not a strict EDTF point, with the fix when it is clear."""
    if fix := _fix(part):
        return f'{quote(part)} is not an EDTF date; write it as "{fix[0]}"{fix[1]}'
    if len(candidates := numeric_candidates(part)) == 2:
        return (
            f"{quote(part)} is not an EDTF date, and the order of day and month is unclear; "
            f'write YYYY-MM-DD: "{candidates[0]}" or "{candidates[1]}"'
        )
    if re.fullmatch(r"-\s*\d.*|.*\bBC(E)?\b.*", part, re.IGNORECASE):
        return (
            f"negative (BCE) years are not supported: {quote(part)}; write a year from 0001 to 9999"
        )
    if re.fullmatch(r"Y\d+.*|(?!\d{8}$)\d{5,}(?:[-?~%].*)?", part):
        return f"years after 9999 are not supported: {quote(part)}; write a year from 0001 to 9999"
    if match := re.fullmatch(r"(?P<y>\d{1,3})(?:-\d{1,2}){0,2}[?~%]?", part):
        return (
            f"the year in {quote(part)} must have 4 digits; write YYYY, "
            f'e.g. "{int(match["y"]):04d}" for the year {int(match["y"])}'
        )
    if re.fullmatch(r"\d{0,2}[Xx]{2,4}.*", part):
        return (
            f'{quote(part)} is not supported; only the last digit of a year may be X, as in "199X"'
        )
    if part == "..":
        return '".." alone is not a date; write an ongoing interval as "2022-12-12/.."'
    return f"{quote(part)} is not an EDTF date; {FORMS}"


def diagnose_range(text: str) -> str | None:
    """Message for an interval written without "/" ("2020 - 2021", "since 2022"), if it is one."""
    if match := _SINCE_RE.fullmatch(text):
        start = _as_edtf(match["a"])
        return f'{quote(text)} is not an EDTF date; write "{start}/.."' if start else None
    for pattern in _RANGE_RES:
        if match := pattern.fullmatch(text):
            start, end = _as_edtf(match["a"]), _as_edtf(match["b"], end=True)
            if start and end:
                fix = f"{start}/{end}"
                if end != ".." and parse_point(end).latest < parse_point(start).earliest:
                    fix = f"{end}/{start}"  # "1994 - 1991" was still meant as one span
                return f'{quote(text)} is not an EDTF interval; write it as "{fix}"'
            return (
                f"{quote(text)} is not an EDTF interval; write START/END, e.g. {EXAMPLE_INTERVAL}"
            )
    return None


def _as_edtf(half: str, *, end: bool = False) -> str | None:
    """The EDTF form of one end of a mis-written interval, or None if it cannot be read."""
    half = half.strip()
    if end and half.lower() in ONGOING_WORDS:
        return ".."
    try:
        return parse_point(half).edtf()
    except DateError:
        fix = _fix(half)
        return fix[0] if fix else None


def _fix(part: str) -> tuple[str, str] | None:
    """Rewrite a recognisable non-EDTF point as valid EDTF: (fix, note for the editor) or None."""
    core, note = part.strip(), ""
    if circa := _CIRCA_RE.fullmatch(core):
        core, note = circa["rest"], ' ("~" marks an approximate date)'
    marks = _MARKS_RE.fullmatch(core)
    assert marks is not None  # every part of the pattern may be empty
    flags = marks["pre"] + marks["post"]
    uncertain = "?" in flags or "%" in flags
    approximate = "~" in flags or "%" in flags or circa is not None
    fixed = _fix_core(marks["core"])
    if fixed is None:
        return None
    text = fixed[0] + MARK_FOR[(uncertain, approximate)]
    if text == part or not POINT_RE.fullmatch(text):
        return None
    try:
        parse_point(text)
    except DateError:
        return None
    return text, fixed[1] or note


def _fix_core(core: str) -> tuple[str, str] | None:
    """EDTF for a date without qualifiers written another way, with a note, or None."""
    if re.fullmatch(r"\d{4}(?:-\d{2}){0,2}|\d{3}X", core):
        return core, ""
    if match := re.fullmatch(r"(\d{3})x", core):
        return f"{match[1]}X", ""
    if match := _DECADE_RE.fullmatch(core):
        return f"{match['d']}X", " (X stands for the unknown last digit of the year)"
    if match := _TIME_RE.fullmatch(core):
        return match["day"], " (times of day are not kept)"
    if match := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", core):
        return ymd(match[1], match[2], match[3]), ""
    if len(candidates := numeric_candidates(core)) == 1:
        return candidates[0], ""
    for pattern in _NAMED_RES:
        match = pattern.fullmatch(core)
        if match and (month := _MONTH_NUMBERS.get(match["mon"].lower())):
            return ymd(match["year"], month, match["day"]), ""
    return None


def numeric_candidates(text: str) -> list[str]:
    """EDTF readings of a numeric date with other separators or order, e.g. "19/09/2023"."""
    if match := re.fullmatch(rf"(\d{{4}})({_SEP})(\d{{1,2}})(?:\2(\d{{1,2}}))?", text):
        return [ymd(match[1], match[3], match[4])]
    if match := re.fullmatch(rf"(\d{{1,2}}){_SEP}(\d{{4}})", text):
        return [ymd(match[2], match[1])]
    if match := re.fullmatch(rf"(\d{{1,2}})({_SEP})(\d{{1,2}})\2(\d{{4}})", text):
        first, second = int(match[1]), int(match[3])
        day_first, month_first = ymd(match[4], second, first), ymd(match[4], first, second)
        if first > 12 or first == second:
            return [day_first]
        return [month_first] if second > 12 else [day_first, month_first]
    return []
