"""Tests for timeline.dates: the EDTF subset used in an event's `date` field."""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline import dates
from timeline.dates import DateError, EventDate, parse_date
from timeline.edtf import PRECISIONS, DatePoint

from conftest import REPO

D = datetime.date


# --- Accepted single dates --------------------------------------------------------------------

SINGLE_CASES = [
    # text, earliest, latest, precision, iso, display
    ("1991", D(1991, 1, 1), D(1991, 12, 31), "year", "1991", "1991"),
    ("1991-09", D(1991, 9, 1), D(1991, 9, 30), "month", "1991-09", "September 1991"),
    ("1991-09-02", D(1991, 9, 2), D(1991, 9, 2), "day", "1991-09-02", "2 September 1991"),
    ("199X", D(1990, 1, 1), D(1999, 12, 31), "decade", "1990", "the 1990s"),
    ("1991?", D(1991, 1, 1), D(1991, 12, 31), "year", "1991", "1991 (uncertain)"),
    ("1991~", D(1991, 1, 1), D(1991, 12, 31), "year", "1991", "about 1991"),
    ("1991%", D(1991, 1, 1), D(1991, 12, 31), "year", "1991", "about 1991 (uncertain)"),
    ("1991-09-02~", D(1991, 9, 2), D(1991, 9, 2), "day", "1991-09-02", "about 2 September 1991"),
    ("1991-09?", D(1991, 9, 1), D(1991, 9, 30), "month", "1991-09", "September 1991 (uncertain)"),
    ("199X~", D(1990, 1, 1), D(1999, 12, 31), "decade", "1990", "about the 1990s"),
    ("0001", D(1, 1, 1), D(1, 12, 31), "year", "0001", "1"),
    ("9999-12", D(9999, 12, 1), D(9999, 12, 31), "month", "9999-12", "December 9999"),
    ("999X", D(9990, 1, 1), D(9999, 12, 31), "decade", "9990", "the 9990s"),
    ("001X", D(10, 1, 1), D(19, 12, 31), "decade", "0010", "the 10s"),
    ("2023-01-09", D(2023, 1, 9), D(2023, 1, 9), "day", "2023-01-09", "9 January 2023"),
]


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "iso", "display"), SINGLE_CASES
)
def test_single_dates(
    text: str, earliest: D, latest: D, precision: str, iso: str, display: str
) -> None:
    event = parse_date(text)
    assert event.text == text
    assert event.end is None
    assert not event.open_end
    assert not event.is_interval
    assert (event.earliest, event.latest) == (earliest, latest)
    assert (event.start.earliest, event.start.latest) == (earliest, latest)
    assert event.precision == event.start.precision == precision
    assert event.start.iso() == iso
    assert event.display() == event.start.display() == display
    assert event.text_canonical() == event.start.edtf() == text
    assert event.sort_key() == (earliest, latest)
    assert event.duration_days() is None
    assert event.duration_range() is None


@pytest.mark.parametrize(
    ("text", "uncertain", "approximate"),
    [("1991", False, False), ("1991?", True, False), ("1991~", False, True), ("1991%", True, True)],
)
def test_qualifier_flags(text: str, uncertain: bool, approximate: bool) -> None:
    start = parse_date(text).start
    assert (start.uncertain, start.approximate) == (uncertain, approximate)


def test_point_fields() -> None:
    assert parse_date("1991-09-02").start == DatePoint(1991, 9, 2, "day")
    assert parse_date("1991-09").start == DatePoint(1991, 9, None, "month")
    assert parse_date("199X%").start == DatePoint(1990, None, None, "decade", True, True)


@pytest.mark.parametrize(
    ("text", "latest"),
    [
        ("2024-02", D(2024, 2, 29)),
        ("2023-02", D(2023, 2, 28)),
        ("2000-02", D(2000, 2, 29)),  # divisible by 400: leap
        ("1900-02", D(1900, 2, 28)),  # divisible by 100 only: not leap
        ("2023-04", D(2023, 4, 30)),
    ],
)
def test_month_ends_follow_the_calendar(text: str, latest: D) -> None:
    assert parse_date(text).latest == latest


@pytest.mark.parametrize("text", ["2024-02-29", "2000-02-29", "1996-02-29"])
def test_leap_days_are_accepted(text: str) -> None:
    assert parse_date(text).start.day == 29


# --- Accepted intervals -----------------------------------------------------------------------

INTERVAL_CASES = [
    # text, earliest, latest, precision, duration_days, duration_range, display
    (
        "1988-02-20/1994-05-12",
        D(1988, 2, 20),
        D(1994, 5, 12),
        "day",
        2273,
        (2273, 2273),
        "20 February 1988 – 12 May 1994",
    ),
    (
        "2020-09-27/2020-11-10",
        D(2020, 9, 27),
        D(2020, 11, 10),
        "day",
        44,
        (44, 44),
        "27 September – 10 November 2020 (44 days)",
    ),
    (
        "2022-12-12/2023-09-19",
        D(2022, 12, 12),
        D(2023, 9, 19),
        "day",
        281,
        (281, 281),
        "12 December 2022 – 19 September 2023 (281 days)",
    ),
    (
        "2023-09-24/2023-10-03",
        D(2023, 9, 24),
        D(2023, 10, 3),
        "day",
        9,
        (9, 9),
        "24 September – 3 October 2023 (9 days)",
    ),
    (
        "2020-09-27/2020-09-30",
        D(2020, 9, 27),
        D(2020, 9, 30),
        "day",
        3,
        (3, 3),
        "27–30 September 2020 (3 days)",
    ),
    (
        "2020-01-01/2020-01-02",
        D(2020, 1, 1),
        D(2020, 1, 2),
        "day",
        1,
        (1, 1),
        "1–2 January 2020 (1 day)",
    ),
    (
        "2023-01-01/2023-12-31",
        D(2023, 1, 1),
        D(2023, 12, 31),
        "day",
        364,
        (364, 364),
        "1 January – 31 December 2023 (364 days)",
    ),
    (
        "2023-01-01/2024-01-01",
        D(2023, 1, 1),
        D(2024, 1, 1),
        "day",
        365,
        (365, 365),
        "1 January 2023 – 1 January 2024",
    ),
    (
        "1988-02/1994",
        D(1988, 2, 1),
        D(1994, 12, 31),
        "month",
        None,
        (2133, 2525),
        "February 1988 – 1994",
    ),
    (
        "1991/1994-05-12",
        D(1991, 1, 1),
        D(1994, 5, 12),
        "day",
        None,
        (863, 1227),
        "1991 – 12 May 1994",
    ),
    ("1991/1994", D(1991, 1, 1), D(1994, 12, 31), "year", None, (732, 1460), "1991 – 1994"),
    (
        "2020-09/2020-11",
        D(2020, 9, 1),
        D(2020, 11, 30),
        "month",
        None,
        (32, 90),
        "September – November 2020",
    ),
    ("199X/2005", D(1990, 1, 1), D(2005, 12, 31), "year", None, (1828, 5843), "the 1990s – 2005"),
    ("1988~/1994", D(1988, 1, 1), D(1994, 12, 31), "year", None, (1827, 2556), "about 1988 – 1994"),
    (
        "2020-09-27~/2020-11-10",
        D(2020, 9, 27),
        D(2020, 11, 10),
        "day",
        44,
        (44, 44),
        "about 27 September 2020 – 10 November 2020",
    ),
    (
        "2020-09-27/2020-09-30?",
        D(2020, 9, 27),
        D(2020, 9, 30),
        "day",
        3,
        (3, 3),
        "27 September 2020 – 30 September 2020 (uncertain)",
    ),
    ("1994/1994-05", D(1994, 1, 1), D(1994, 5, 31), "month", None, (0, 150), "1994 – May 1994"),
    ("2020-05-01/2020-05-01", D(2020, 5, 1), D(2020, 5, 1), "day", 0, (0, 0), "1 May 2020"),
]


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "days", "days_range", "display"), INTERVAL_CASES
)
def test_closed_intervals(
    text: str,
    earliest: D,
    latest: D,
    precision: str,
    days: int | None,
    days_range: tuple[int, int],
    display: str,
) -> None:
    event = parse_date(text)
    assert event.is_interval
    assert event.end is not None
    assert not event.open_end
    assert (event.earliest, event.latest) == (earliest, latest)
    assert event.sort_key() == (earliest, latest)
    assert event.precision == precision
    assert event.duration_days() == days
    assert event.duration_range() == days_range
    assert event.display() == display
    assert event.text_canonical() == text


def test_interval_ends_keep_their_own_precision_and_qualifiers() -> None:
    event = parse_date("1991~/1994-05?")
    assert event.start == DatePoint(1991, None, None, "year", approximate=True)
    assert event.end == DatePoint(1994, 5, None, "month", uncertain=True)
    assert event.display() == "about 1991 – May 1994 (uncertain)"


@pytest.mark.parametrize(
    ("text", "display", "precision"),
    [
        ("2022-12-12/..", "since 12 December 2022 (ongoing)", "day"),
        ("1991/..", "since 1991 (ongoing)", "year"),
        ("1991~/..", "since about 1991 (ongoing)", "year"),
        ("1991-09?/..", "since September 1991 (uncertain, ongoing)", "month"),
        ("199X/..", "since the 1990s (ongoing)", "decade"),
    ],
)
def test_open_intervals(text: str, display: str, precision: str) -> None:
    event = parse_date(text)
    assert event.open_end
    assert event.end is None
    assert event.is_interval
    assert event.latest == datetime.date.max
    assert event.earliest == event.start.earliest
    assert event.precision == precision
    assert event.duration_days() is None
    assert event.duration_range() is None
    assert event.display() == display
    assert event.text_canonical() == text


def test_sort_key_orders_by_start_then_end() -> None:
    texts = ["2020-09-27/2020-11-10", "2020", "2020-09-27", "2020-09-27/..", "199X", "2020-09"]
    ordered = sorted(texts, key=lambda t: parse_date(t).sort_key())
    assert ordered == [
        "199X",
        "2020",
        "2020-09",
        "2020-09-27",
        "2020-09-27/2020-11-10",
        "2020-09-27/..",
    ]


def test_the_projects_real_dates() -> None:
    assert parse_date("1991-09-02").display() == "2 September 1991"
    assert parse_date("1988-02-20/1994-05-12").display() == "20 February 1988 – 12 May 1994"
    assert parse_date("2020-09-27/2020-11-10").duration_days() == 44
    assert parse_date("2022-12-12/2023-09-19").duration_days() == 281
    assert parse_date("2023-09-24/2023-10-03").duration_days() == 9


def test_event_date_is_frozen() -> None:
    event = parse_date("1991")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.text = "1992"  # type: ignore[misc]


# --- Rejected dates: every message an editor can see ------------------------------------------

FORMS = 'write YYYY, YYYY-MM or YYYY-MM-DD (e.g. "2023-09-19"), or START/END for an interval'
DECADE_NOTE = " (X stands for the unknown last digit of the year)"

ERROR_CASES = [
    ("", f"the date is empty; {FORMS}"),
    ("   ", f"the date is empty; {FORMS}"),
    (" 1991", '" 1991" has spaces around it; write "1991"'),
    ("1991-09-02 ", '"1991-09-02 " has spaces around it; write "1991-09-02"'),
    ("1991\n", '"1991\\n" has spaces around it; write "1991"'),
    (" 19/09/2023 ", '"19/09/2023" is not an EDTF date; write it as "2023-09-19"'),
    ("19/09/2023", '"19/09/2023" is not an EDTF date; write it as "2023-09-19"'),
    ("09/19/2023", '"09/19/2023" is not an EDTF date; write it as "2023-09-19"'),
    ("19.09.2023", '"19.09.2023" is not an EDTF date; write it as "2023-09-19"'),
    ("19-09-2023", '"19-09-2023" is not an EDTF date; write it as "2023-09-19"'),
    (
        "09/10/2023",
        '"09/10/2023" is not an EDTF date, and the order of day and month is unclear; '
        'write YYYY-MM-DD: "2023-10-09" or "2023-09-10"',
    ),
    ("05/2023", '"05/2023" is not an EDTF date; write it as "2023-05"'),
    ("2023/09/19", '"2023/09/19" is not an EDTF date; write it as "2023-09-19"'),
    ("2023.09.19", '"2023.09.19" is not an EDTF date; write it as "2023-09-19"'),
    ("2023-9-1", '"2023-9-1" is not an EDTF date; write it as "2023-09-01"'),
    ("20230919", '"20230919" is not an EDTF date; write it as "2023-09-19"'),
    ("September 2023", '"September 2023" is not an EDTF date; write it as "2023-09"'),
    ("Sept. 2023", '"Sept. 2023" is not an EDTF date; write it as "2023-09"'),
    ("19 September 2023", '"19 September 2023" is not an EDTF date; write it as "2023-09-19"'),
    ("19th Sep 2023", '"19th Sep 2023" is not an EDTF date; write it as "2023-09-19"'),
    ("September 19, 2023", '"September 19, 2023" is not an EDTF date; write it as "2023-09-19"'),
    ("1990s", f'"1990s" is not an EDTF date; write it as "199X"{DECADE_NOTE}'),
    ("the 1990's", f'"the 1990\'s" is not an EDTF date; write it as "199X"{DECADE_NOTE}'),
    ("199x", '"199x" is not an EDTF date; write it as "199X"'),
    ("1991?~", '"1991?~" is not an EDTF date; write it as "1991%"'),
    ("?1991", '"?1991" is not an EDTF date; write it as "1991?"'),
    ("1991 ?", '"1991 ?" is not an EDTF date; write it as "1991?"'),
    (
        "circa 1991",
        '"circa 1991" is not an EDTF date; write it as "1991~" ("~" marks an approximate date)',
    ),
    (
        "c. 1991-09",
        '"c. 1991-09" is not an EDTF date; write it as "1991-09~" ("~" marks an approximate date)',
    ),
    (
        "2023-09-19T10:00",
        '"2023-09-19T10:00" is not an EDTF date; write it as "2023-09-19" '
        "(times of day are not kept)",
    ),
    (
        "2020-09-27 - 2020-11-10",
        '"2020-09-27 - 2020-11-10" is not an EDTF interval; write it as "2020-09-27/2020-11-10"',
    ),
    (
        "2020-09-27 – 2020-11-10",
        '"2020-09-27 – 2020-11-10" is not an EDTF interval; write it as "2020-09-27/2020-11-10"',
    ),
    (
        "2020-09-27–2020-11-10",
        '"2020-09-27–2020-11-10" is not an EDTF interval; write it as "2020-09-27/2020-11-10"',
    ),
    (
        "2020-09-27 to 2020-11-10",
        '"2020-09-27 to 2020-11-10" is not an EDTF interval; write it as "2020-09-27/2020-11-10"',
    ),
    ("1991-1994", '"1991-1994" is not an EDTF interval; write it as "1991/1994"'),
    ("1994 - 1991", '"1994 - 1991" is not an EDTF interval; write it as "1991/1994"'),
    (
        "September 2020 – November 2020",
        '"September 2020 – November 2020" is not an EDTF interval; write it as "2020-09/2020-11"',
    ),
    ("1990s–2000s", '"1990s–2000s" is not an EDTF interval; write it as "199X/200X"'),
    ("2023 to present", '"2023 to present" is not an EDTF interval; write it as "2023/.."'),
    (
        "2020 until later",
        '"2020 until later" is not an EDTF interval; write START/END, e.g. "2020-09-27/2020-11-10"',
    ),
    ("since 2022-12-12", '"since 2022-12-12" is not an EDTF date; write "2022-12-12/.."'),
    (
        "2020-09-27 / 2020-11-10",
        '"2020-09-27 / 2020-11-10" has spaces around "/"; write "2020-09-27/2020-11-10"',
    ),
    ("2023-13-01", 'month 13 does not exist in "2023-13-01"; write YYYY-MM-DD'),
    ("2023-13", 'month 13 does not exist in "2023-13"; write YYYY-MM'),
    ("2023-00-10", 'month 00 does not exist in "2023-00-10"; write YYYY-MM-DD'),
    (
        "2023-02-30",
        'day 30 does not exist in "2023-02-30" (February 2023 has 28 days); write YYYY-MM-DD',
    ),
    (
        "2023-02-29",
        'day 29 does not exist in "2023-02-29" (February 2023 has 28 days); write YYYY-MM-DD',
    ),
    (
        "1900-02-29",
        'day 29 does not exist in "1900-02-29" (February 1900 has 28 days); write YYYY-MM-DD',
    ),
    (
        "2024-02-30",
        'day 30 does not exist in "2024-02-30" (February 2024 has 29 days); write YYYY-MM-DD',
    ),
    (
        "2023-04-31",
        'day 31 does not exist in "2023-04-31" (April 2023 has 30 days); write YYYY-MM-DD',
    ),
    (
        "2023-04-00",
        'day 00 does not exist in "2023-04-00" (April 2023 has 30 days); write YYYY-MM-DD',
    ),
    ("-0500", 'negative (BCE) years are not supported: "-0500"; write a year from 0001 to 9999'),
    ("500 BC", 'negative (BCE) years are not supported: "500 BC"; write a year from 0001 to 9999'),
    ("0000", 'year 0000 is not supported: "0000"; write a year from 0001 to 9999'),
    ("000X", 'year 0000 is not supported: "000X"; write a year from 0001 to 9999'),
    ("10000", 'years after 9999 are not supported: "10000"; write a year from 0001 to 9999'),
    ("Y12345", 'years after 9999 are not supported: "Y12345"; write a year from 0001 to 9999'),
    ("991", 'the year in "991" must have 4 digits; write YYYY, e.g. "0991" for the year 991'),
    ("19XX", '"19XX" is not supported; only the last digit of a year may be X, as in "199X"'),
    ("199X-09", 'a decade has no month or day: "199X-09"; write "199X"'),
    (
        "2020-11-10/2020-10-10",
        "the interval ends (2020-10-10) before it starts (2020-11-10); "
        'write the earlier date first: "2020-10-10/2020-11-10"',
    ),
    (
        "2005/199X",
        "the interval ends (199X) before it starts (2005); "
        'write the earlier date first: "199X/2005"',
    ),
    ("../2020", 'an open start is not supported: "../2020"; write a start date for ".."'),
    ("../..", 'an open start is not supported: "../.."; write a start date for ".."'),
    ("/2020", 'the interval "/2020" has no start; write the start date before "/"'),
    ("2022-12-12/", '"2022-12-12/" has no end date; write "2022-12-12/.." if it is still ongoing'),
    (
        "2022-12-12/present",
        '"2022-12-12/present" has no end date; write "2022-12-12/.." if it is still ongoing',
    ),
    (
        "2020/2021/2022",
        '"2020/2021/2022" has more than one "/"; write START/END, e.g. "2020-09-27/2020-11-10"',
    ),
    ("2020-09-27/2020-13-01", 'month 13 does not exist in "2020-13-01"; write YYYY-MM-DD'),
    ("..", '".." alone is not a date; write an ongoing interval as "2022-12-12/.."'),
    ("yesterday", f'"yesterday" is not an EDTF date; {FORMS}'),
    ("31/02/2023", f'"31/02/2023" is not an EDTF date; {FORMS}'),
    ("١٩٩١", f'"١٩٩١" is not an EDTF date; {FORMS}'),  # only ASCII digits are EDTF
]


@pytest.mark.parametrize(("text", "message"), ERROR_CASES)
def test_rejected_dates_explain_the_fix(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == message


SUGGESTED_FIXES = [
    found[1]
    for _, message in ERROR_CASES
    if (found := re.search(r'write (?:it as |the earlier date first: )?"([^"]+)"', message))
]


@pytest.mark.parametrize("fix", SUGGESTED_FIXES)
def test_suggested_fixes_are_valid_canonical_dates(fix: str) -> None:
    assert parse_date(fix).text_canonical() == fix


def test_a_decade_overlapping_its_end_is_not_reversed() -> None:
    # 1995 lies inside the 1990s, so the interval can still be read.
    assert parse_date("1995/199X").duration_range() == (0, 1825)


def test_the_brief_reversed_message_is_a_prefix() -> None:
    with pytest.raises(DateError, match=r"^the interval ends \(2020-10-10\) before it starts"):
        parse_date("2020-11-10/2020-10-10")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1991, 'the date 1991 was read by YAML as a number; put it in quotes: "1991"'),
        (
            D(1991, 9, 2),
            'the date 1991-09-02 was read by YAML as a date; put it in quotes: "1991-09-02"',
        ),
        (
            datetime.datetime(2023, 9, 19, 10, 0),
            'the date 2023-09-19 was read by YAML as a date; put it in quotes: "2023-09-19"',
        ),
        (None, f"the date is empty; {FORMS}"),
        ([1991], 'the date must be text such as "2023-09-19", not list'),
    ],
)
def test_values_that_are_not_text(value: object, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(value)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_date_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_date("soon")


# --- Direct construction ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"year": 1991, "month": None, "day": None, "precision": "week"},
        {"year": 1991, "month": 9, "day": None, "precision": "year"},
        {"year": 1991, "month": None, "day": None, "precision": "month"},
        {"year": 1991, "month": 9, "day": None, "precision": "day"},
        {"year": 1991, "month": None, "day": None, "precision": "decade"},
        {"year": 0, "month": None, "day": None, "precision": "decade"},
        {"year": 0, "month": None, "day": None, "precision": "year"},
        {"year": 1991, "month": 13, "day": None, "precision": "month"},
        {"year": 2023, "month": 2, "day": 29, "precision": "day"},
        {"year": 2023, "month": 2, "day": 0, "precision": "day"},
        {"year": 2023, "month": 0, "day": None, "precision": "month"},
        {"year": 10000, "month": None, "day": None, "precision": "year"},
    ],
)
def test_inconsistent_points_cannot_be_built(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        DatePoint(**fields)  # type: ignore[arg-type]


def test_an_open_interval_cannot_have_an_end() -> None:
    point = DatePoint(2020, None, None, "year")
    with pytest.raises(ValueError):
        EventDate(text="2020/2021", start=point, end=point, open_end=True)


# --- Properties -------------------------------------------------------------------------------


@st.composite
def date_points(draw: st.DrawFn) -> DatePoint:
    """Any valid DatePoint."""
    precision = draw(st.sampled_from(PRECISIONS))
    decades = st.integers(1, 999).map(lambda n: n * 10)
    year = draw(decades if precision == "decade" else st.integers(1, 9999))
    month = draw(st.integers(1, 12)) if precision in ("month", "day") else None
    day = None
    if precision == "day":
        assert month is not None
        day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return DatePoint(year, month, day, precision, draw(st.booleans()), draw(st.booleans()))


@st.composite
def canonical_texts(draw: st.DrawFn) -> str:
    """Canonical EDTF text for a single date, a closed interval or an open interval."""
    start = draw(date_points())
    kind = draw(st.sampled_from(["single", "closed", "open"]))
    if kind == "single":
        return start.edtf()
    if kind == "open":
        return f"{start.edtf()}/.."
    end = draw(date_points())
    if end.latest < start.earliest:
        start, end = end, start  # now start.earliest <= start.latest < end.earliest
    return f"{start.edtf()}/{end.edtf()}"


@given(date_points())
def test_a_point_survives_format_and_parse(point: DatePoint) -> None:
    assert parse_date(point.edtf()).start == point


@given(canonical_texts())
def test_canonical_text_round_trips(text: str) -> None:
    event = parse_date(text)
    assert event.text_canonical() == text
    again = parse_date(event.text_canonical())
    assert (again.start, again.end, again.open_end) == (event.start, event.end, event.open_end)


@given(canonical_texts())
def test_earliest_is_never_after_latest(text: str) -> None:
    event = parse_date(text)
    assert event.start.earliest <= event.start.latest
    assert event.earliest <= event.latest
    assert event.sort_key() == (event.earliest, event.latest)
    if event.end is not None:
        assert event.end.earliest <= event.end.latest
        assert event.latest == event.end.latest


@given(canonical_texts())
def test_durations_are_consistent(text: str) -> None:
    event = parse_date(text)
    days_range = event.duration_range()
    days = event.duration_days()
    if days_range is None:
        assert days is None
        return
    shortest, longest = days_range
    assert 0 <= shortest <= longest
    if days is not None:
        assert shortest <= days <= longest


@given(canonical_texts())
def test_display_is_one_readable_line(text: str) -> None:
    shown = parse_date(text).display()
    assert shown
    assert "None" not in shown
    assert "\n" not in shown


@given(st.text(alphabet="0123456789X-/.?~% tosinceSeptember–", max_size=24) | st.text(max_size=24))
def test_any_text_parses_or_raises_a_one_line_date_error(text: str) -> None:
    try:
        event = parse_date(text)
    except DateError as error:
        message = str(error)
        assert message
        assert len(message.splitlines()) == 1
    else:
        assert event.text == text
        assert event.earliest <= event.latest


# --- Long text: refused, and never backtracked over -------------------------------------------

SPACE_RUNS = {
    "letters": "a" + " " * 1500 + "b",
    "from": "from" + " " * 1500 + "x",
    "tabs": "1" + "\t" * 1500 + "2",
    "to": "2020" + " " * 1500 + "to" + " " * 1500 + "x",
    "marks": "?" * 1000 + " " * 1000 + "x" + " " * 1000 + "~" * 1000,
    "named": "Sep" + " " * 1500 + "1" + " " * 1500 + "x",
    "circa": "c." + " " * 3000 + "x",
}


def test_the_length_limit_is_the_event_schema_s() -> None:
    schema = json.loads((REPO / "timeline/schema/event.schema.json").read_text(encoding="utf-8"))
    assert dates.MAX_LENGTH == schema["properties"]["date"]["maxLength"] == 64


@pytest.mark.parametrize("text", [*SPACE_RUNS.values(), "x" * 10_000_000], ids=[*SPACE_RUNS, "10M"])
def test_a_long_date_is_refused_before_any_pattern_runs(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == f"the date is too long ({len(text):,} characters; at most 64)"


def test_the_longest_date_is_still_diagnosed() -> None:
    text = "from 2020" + " " * 48 + "to 2021"
    assert len(text) == dates.MAX_LENGTH
    with pytest.raises(DateError, match='is not an EDTF interval; write it as "2020/2021"'):
        parse_date(text)
    with pytest.raises(DateError, match="the date is too long"):
        parse_date(text.replace("to", " to"))


@pytest.mark.parametrize("text", SPACE_RUNS.values(), ids=SPACE_RUNS)
def test_the_diagnosing_patterns_read_a_long_space_run_once(monkeypatch, text: str) -> None:
    """Without the limit, the patterns still end at once: no two quantifiers share a run of
    spaces (the interval pattern took time cubic in its length: 13 s on 1,500 spaces)."""
    monkeypatch.setattr(dates, "MAX_LENGTH", 1 << 30)
    with pytest.raises(DateError, match=r"\" is not an EDTF (date|interval); write "):
        parse_date(text)
