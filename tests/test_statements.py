"""Tests for timeline.text.read (English): the times, durations and numbers a quote states."""

from __future__ import annotations

import calendar
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.text.read import stated_durations, stated_numbers, stated_times
from timeline.text.stated import StatedDuration, StatedNumber, StatedTime

D = datetime.date
KARABAKH = (
    "Nagorno-Karabakh, which was declared independent in 1991, has since become a source of "
    "conflict between Armenia and Azerbaijan, which have fought two wars, one in the early 1990s "
    "that ended with an Armenian victory, and another in 2020 in which the Azerbaijanis."
)
UNITS = [
    *["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
    *["eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"],
    *["eighteen", "nineteen"],
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
MONTHS = [
    *["January", "February", "March", "April", "May", "June", "July", "August"],
    *["September", "October", "November", "December"],
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def english(n: int) -> str:
    """An integer from 0 to 99 in English words, hyphenating compounds."""
    if n < 20:
        return UNITS[n]
    tens, unit = divmod(n, 10)
    return TENS[tens - 2] + (f"-{UNITS[unit]}" if unit else "")


def day(text: str, date: datetime.date, *, relative: bool = False) -> StatedTime:
    return StatedTime(text, date, date, "day", relative=relative)


def year(text: str, number: int) -> StatedTime:
    return StatedTime(text, D(number, 1, 1), D(number, 12, 31), "year")


def month(text: str, number: int, month_number: int, *, relative: bool = False) -> StatedTime:
    last = calendar.monthrange(number, month_number)[1]
    return StatedTime(
        text, D(number, month_number, 1), D(number, month_number, last), "month", relative=relative
    )


def times(text: str, published: datetime.date | None = None) -> list[tuple[str, ...]]:
    """Each stated time as (text, earliest, latest, precision), for compact expectations."""
    found = stated_times(text, published=published)
    return [(t.text, str(t.earliest), str(t.latest), t.precision) for t in found]


# ------------------------------------------------------------------------------ times


def test_years_and_decade_in_source_sentence() -> None:
    assert stated_times(KARABAKH) == [
        year("1991", 1991),
        StatedTime("the early 1990s", D(1990, 1, 1), D(1993, 12, 31), "decade"),
        year("2020", 2020),
    ]


@pytest.mark.parametrize(
    "text, stated",
    [
        ("signed on 19 September 2023 in Baku", "19 September 2023"),
        ("signed on September 19, 2023 in Baku", "September 19, 2023"),
        ("signed on 19 Sept. 2023 in Baku", "19 Sept. 2023"),
        ("signed on 19 Sep 2023 in Baku", "19 Sep 2023"),
        ("signed on 2023-09-19 in Baku", "2023-09-19"),
        ("signed on Sept. 19, 2023, in Baku", "Sept. 19, 2023"),
        ("signed on the 19th of September 2023", "19th of September 2023"),
    ],
)
def test_full_date_forms(text: str, stated: str) -> None:
    assert stated_times(text) == [day(stated, D(2023, 9, 19))]


def test_full_date_real_sentences() -> None:
    text = (
        "Renewed hostilities between Azerbaijan and Artsakh together with Armenia began on "
        "27 September 2020."
    )
    # "between Azerbaijan ... and ..." must not become a range: a range needs dates both sides.
    assert stated_times(text) == [day("27 September 2020", D(2020, 9, 27))]
    assert stated_times("Over 100,617 as of 3 October 2023") == [
        day("3 October 2023", D(2023, 10, 3))
    ]
    assert stated_times("signed ... on May 12, 1994, in Bishkek") == [
        day("May 12, 1994", D(1994, 5, 12))
    ]


def test_day_glued_to_month() -> None:
    assert stated_times("a ceasefire deal on 9November 2020") == [
        day("9November 2020", D(2020, 11, 9))
    ]
    assert stated_times(
        "It was signed on 9November by the President", published=D(2023, 10, 1)
    ) == [day("on 9November", D(2022, 11, 9), relative=True)]


@pytest.mark.parametrize(
    "text, stated",
    [
        (
            "On 19 and 20 September 2023, Azerbaijan launched a large-scale military offensive",
            "19 and 20 September 2023",
        ),
        ("On 19-20 September 2023, Azerbaijan launched", "19-20 September 2023"),
        ("fighting on September 19-20, 2023 ended", "September 19-20, 2023"),
        ("fighting between 19 and 20 September 2023", "between 19 and 20 September 2023"),
    ],
)
def test_day_range_is_one_span(text: str, stated: str) -> None:
    assert stated_times(text) == [StatedTime(stated, D(2023, 9, 19), D(2023, 9, 20), "day")]


def test_day_range_without_year_is_relative() -> None:
    assert stated_times("On 19 and 20 September, fighting", published=D(2023, 10, 1)) == [
        StatedTime("19 and 20 September", D(2023, 9, 19), D(2023, 9, 20), "day", relative=True)
    ]
    assert stated_times("On 19 and 20 September, fighting") == []


@pytest.mark.parametrize(
    "text, stated",
    [
        ("by September 2023 the road was closed", "September 2023"),
        ("by Sept. 2023 the road was closed", "Sept. 2023"),
        ("at the end of September 2023 the road was closed", "September 2023"),
    ],
)
def test_month_and_year(text: str, stated: str) -> None:
    assert stated_times(text) == [month(stated, 2023, 9)]


@pytest.mark.parametrize("text", ["in 2020 there was war", "the 2020 war", "after 2020."])
def test_year(text: str) -> None:
    assert stated_times(text) == [year("2020", 2020)]


@pytest.mark.parametrize(
    "text",
    [
        "108,615 people fled",
        "2,000 soldiers",
        "code 12345",
        "a 2000-day siege",
        "a 1500km border",
        "a 1500 km border",
        "rose 99.2020 points",
        "cost $2000",
    ],
)
def test_not_a_year(text: str) -> None:
    assert stated_times(text) == []


@pytest.mark.parametrize(
    "text, stated, first, last",
    [
        ("in the 1990s", "the 1990s", 1990, 1999),
        ("during 1990s wars", "1990s", 1990, 1999),
        ("in the early 1990s", "the early 1990s", 1990, 1993),
        ("in the mid-1990s", "the mid-1990s", 1994, 1996),
        ("in mid 1990s", "mid 1990s", 1994, 1996),
        ("in the late 1990s", "the late 1990s", 1997, 1999),
    ],
)
def test_decades(text: str, stated: str, first: int, last: int) -> None:
    assert stated_times(text) == [StatedTime(stated, D(first, 1, 1), D(last, 12, 31), "decade")]


@pytest.mark.parametrize(
    "text, stated, span",
    [
        (
            "the First Nagorno-Karabakh War (1988-1994)",
            "1988-1994",
            ("1988-01-01", "1994-12-31", "year"),
        ),
        ("20 February 1988 - 12 May 1994", None, ("1988-02-20", "1994-05-12", "day")),
        (
            "war from February 1988 to May 1994 ended",
            "from February 1988 to May 1994",
            ("1988-02-01", "1994-05-31", "month"),
        ),
        (
            "fought between 1988 and 1994.",
            "between 1988 and 1994",
            ("1988-01-01", "1994-12-31", "year"),
        ),
        ("from February 1988 to 1994", None, ("1988-02-01", "1994-12-31", "month")),
        ("20 February - 12 May 1994", None, ("1994-02-20", "1994-05-12", "day")),
        ("from the 1980s to the 1990s", None, ("1980-01-01", "1999-12-31", "decade")),
    ],
)
def test_ranges_are_one_span(text: str, stated: str | None, span: tuple[str, str, str]) -> None:
    assert times(text) == [(stated or text, *span)]


def test_and_without_between_lists_two_years() -> None:
    assert stated_times("in 2020 and 2023") == [year("2020", 2020), year("2023", 2023)]


@pytest.mark.parametrize("published", [D(2023, 9, 19), D(2023, 9, 21), D(2023, 9, 25)])
def test_weekday_is_latest_on_or_before_publication(published: datetime.date) -> None:
    text = "On Tuesday, Nagorno-Karabakh authorities accused Baku of launching"
    assert stated_times(text, published=published) == [
        day("On Tuesday", D(2023, 9, 19), relative=True)
    ]


def test_relative_statements_need_publication_date() -> None:
    text = "On Tuesday, yesterday and today, on 28 September and in September"
    assert stated_times(text) == []


def test_relative_days() -> None:
    published = D(2023, 10, 1)  # a Sunday
    text = "yesterday, today and Sunday; On 28 September, on 20 September and September 27"
    assert stated_times(text, published=published) == [
        day("yesterday", D(2023, 9, 30), relative=True),
        day("today", D(2023, 10, 1), relative=True),
        day("Sunday", D(2023, 10, 1), relative=True),
        day("On 28 September", D(2023, 9, 28), relative=True),
        day("on 20 September", D(2023, 9, 20), relative=True),
        day("September 27", D(2023, 9, 27), relative=True),
    ]


def test_relative_day_after_publication_is_last_year() -> None:
    assert stated_times("on 2 October", published=D(2023, 10, 1)) == [
        day("on 2 October", D(2022, 10, 2), relative=True)
    ]


def test_relative_month() -> None:
    published = D(2023, 10, 1)
    assert stated_times("talks began in September", published=published) == [
        month("in September", 2023, 9, relative=True)
    ]
    assert stated_times("talks began in November", published=published) == [
        month("in November", 2022, 11, relative=True)
    ]


def test_weekday_before_a_date_is_not_separate() -> None:
    assert stated_times("Tuesday, 19 September 2023", published=D(2023, 10, 1)) == [
        day("19 September 2023", D(2023, 9, 19))
    ]


@pytest.mark.parametrize(
    "text",
    [
        "It may be that a march was held",
        "May be true, they said",
        "March on, they said",
        "Theresa May spoke",
        "June Smith and August Wilson",
    ],
)
def test_month_words_that_are_not_months(text: str) -> None:
    assert stated_times(text, published=D(2023, 10, 1)) == []


def test_may_with_day_or_year_is_a_month() -> None:
    assert times("on 12 May, May 12 and May 2020", D(2023, 10, 1)) == [
        ("on 12 May", "2023-05-12", "2023-05-12", "day"),
        ("May 12", "2023-05-12", "2023-05-12", "day"),
        ("May 2020", "2020-05-01", "2020-05-31", "month"),
    ]


def test_invalid_date_is_not_a_day() -> None:
    assert times("on 31 February 2023") == [("February 2023", "2023-02-01", "2023-02-28", "month")]


# -------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    "text, stated, count, unit",
    [
        ("As a result of the recent 44-day war", "44-day", 44, "day"),
        ("Lachine, blocked by Azerbaijan for nine months", "nine months", 9, "month"),
        ("Azerbaijan's 10-month-long blockade of Artsakh", "10-month-long", 10, "month"),
        ("a 44-day-long war", "44-day-long", 44, "day"),
        ("lasted 44 days", "44 days", 44, "day"),
        ("a ten-month blockade", "ten-month", 10, "month"),
        ("for six weeks", "six weeks", 6, "week"),
        ("two years later", "two years", 2, "year"),
        ("one day later", "one day", 1, "day"),
        ("after 1 day", "1 day", 1, "day"),
        ("for twenty-one days", "twenty-one days", 21, "day"),
        ("for a hundred days", "a hundred days", 100, "day"),
    ],
)
def test_durations(text: str, stated: str, count: int, unit: str) -> None:
    assert stated_durations(text) == [StatedDuration(stated, count, unit)]


def test_article_counts_one() -> None:
    assert stated_durations("A year ago, and a month later") == [
        StatedDuration("A year", 1, "year"),
        StatedDuration("a month", 1, "month"),
    ]


def test_not_durations() -> None:
    assert stated_durations("a 10-year-old boy, several days, the year, on Tuesday") == []


def test_duration_days() -> None:
    assert StatedDuration("44-day", 44, "day").days == 44
    assert StatedDuration("six weeks", 6, "week").days == 42
    assert StatedDuration("nine months", 9, "month").days == pytest.approx(9 * 365.2425 / 12)
    assert StatedDuration("two years", 2, "year").days == pytest.approx(730.485)


# ---------------------------------------------------------------------------- numbers


def values(text: str) -> list[int]:
    return [number.value for number in stated_numbers(text)]


def test_numbers_in_source_sentences() -> None:
    assert values(KARABAKH) == [1991, 2, 1, 2020]
    text = (
        "two landmine explosions in the Karabakh region killed six Azerbaijanis - two civilians "
        "and four policemen"
    )
    assert stated_numbers(text) == [
        StatedNumber("two", 2),
        StatedNumber("six", 6),
        StatedNumber("two", 2),
        StatedNumber("four", 4),
    ]
    assert stated_numbers("Over 100,617 as of 3 October 2023") == [
        StatedNumber("100,617", 100617),
        StatedNumber("3", 3),
        StatedNumber("2023", 2023),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("6 dead", [StatedNumber("6", 6)]),
        ("2,000 soldiers", [StatedNumber("2,000", 2000)]),
        ("108,615 refugees", [StatedNumber("108,615", 108615)]),
        ("200+ people", [StatedNumber("200", 200)]),
        ("twenty-one people", [StatedNumber("twenty-one", 21)]),
        ("a hundred people", [StatedNumber("a hundred", 100)]),
        ("one hundred and five people", [StatedNumber("one hundred and five", 105)]),
        ("two thousand people", [StatedNumber("two thousand", 2000)]),
        ("a dozen people", [StatedNumber("a dozen", 12)]),
        ("Seventeen people", [StatedNumber("Seventeen", 17)]),
        ("a 10-month-long blockade", [StatedNumber("10", 10)]),
    ],
)
def test_numbers(text: str, expected: list[StatedNumber]) -> None:
    assert stated_numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "someone often set the tone",
        "the first and second rounds, the twenty-first century",
        "turnout was 99.9 percent",
        "1.2 million",
        "no one came",
        "the 1990s",
        "the 21st and 3rd brigades",
        "an A320 jet",
    ],
)
def test_not_numbers(text: str) -> None:
    assert stated_numbers(text) == []


# ------------------------------------------------------------------- property tests


@given(st.integers(min_value=0, max_value=999_999))
def test_digits_with_separators_are_recovered(n: int) -> None:
    assert stated_numbers(f"Over {n:,} people fled.") == [StatedNumber(f"{n:,}", n)]


@given(st.integers(min_value=0, max_value=99))
def test_english_words_are_recovered(n: int) -> None:
    words = english(n)
    assert stated_numbers(f"They counted {words} of them.") == [StatedNumber(words, n)]
    assert stated_numbers(f"{words.capitalize()} of them.") == [StatedNumber(words.capitalize(), n)]


@given(
    st.integers(min_value=1, max_value=99),
    st.sampled_from(["day", "week", "month", "year"]),
    st.booleans(),
)
def test_word_durations_are_recovered(n: int, unit: str, hyphenated: bool) -> None:
    text = f"{english(n)}-{unit}" if hyphenated else f"{english(n)} {unit}{'s' * (n > 1)}"
    assert stated_durations(f"a blockade of {text} ended") == [StatedDuration(text, n, unit)]


@given(st.integers(min_value=1000, max_value=2099))
def test_years_are_recovered(number: int) -> None:
    assert stated_times(f"In {number}, the war began.") == [year(str(number), number)]


@given(
    st.dates(min_value=D(1000, 1, 1), max_value=D(2099, 12, 31)),
    st.sampled_from(["{d} {M} {y}", "{M} {d}, {y}", "{d} {m}. {y}", "{m} {d}, {y}", "{iso}"]),
)
def test_full_dates_are_recovered(date: datetime.date, form: str) -> None:
    name = MONTHS[date.month - 1]
    stated = form.format(d=date.day, M=name, m=name[:3], y=date.year, iso=date.isoformat())
    assert stated_times(f"It began on {stated} at dawn.") == [day(stated, date)]


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31)), st.integers(0, 6))
def test_weekday_resolves_within_the_week_before(published: datetime.date, index: int) -> None:
    (found,) = stated_times(f"On {WEEKDAYS[index]} they met.", published=published)
    assert found.earliest.weekday() == index
    assert 0 <= (published - found.earliest).days <= 6


# Random sentences are built from the words of this one, so they are dense in near-misses.
SAMPLE = (
    "On Tuesday 19 and 20 September 2023 , - between from to the early mid 1990s May 12 1994 "
    "(1988-1994) nine months 44-day 100,617 9November two thousand one hundred and a 2023-09-19 "
    "in yesterday Sept. 99.9 twenty-one"
)
TOKENS = SAMPLE.split()


@given(st.lists(st.sampled_from(TOKENS), max_size=30), st.dates())
def test_statements_are_ordered_disjoint_spans_of_the_text(
    tokens: list[str], published: datetime.date
) -> None:
    text = " ".join(tokens)
    for found in (
        stated_times(text, published=published),
        stated_durations(text),
        stated_numbers(text),
    ):
        position = 0
        for statement in found:
            start = text.find(statement.text, position)
            assert start >= position
            position = start + len(statement.text)
    for time in stated_times(text, published=published):
        assert time.earliest <= time.latest


# Words and pieces the time rules are made of: random texts of them reach every rule,
# its hint (a quick test of what the rule needs) and the edges between them.
_PIECES = [
    *["from", "to", "until", "till", "through", "between", "and", "-", " - ", "on", "in"],
    *["the", "early", "mid-", "late", "1990s", "2000s", "0s", "2001", "1991", "2023-09-19"],
    *["19", "9", "31st", "September", "Sept.", "May", "Jan.", "Tuesday", "44-day", "yesterday"],
    *["12 May 1994", "20 February", "3", "-4", "and 5", " to 7", ",", "."],
]


def _every_rule(text: str, published: datetime.date | None) -> list[StatedTime]:
    """stated_times without the hints: every rule tried on the whole text."""
    from timeline.text.languages import reader
    from timeline.text.stated import select

    english = reader("en")
    found = []
    for rule in english.time_rules:
        for match in rule.pattern.finditer(text):
            if (time := rule.build(match, published, english)) is not None:
                found.append((match.start(), match.end(), time))
    return select(found)


@given(
    st.lists(st.sampled_from(_PIECES), max_size=14),
    st.sampled_from(["", " "]),
    st.sampled_from([None, D(2023, 9, 19)]),
)
def test_hints_never_skip_a_rule_that_would_match(pieces, glue, published) -> None:
    text = glue.join(pieces)
    assert stated_times(text, published=published) == _every_rule(text, published)


@pytest.mark.parametrize(
    "text",
    [
        KARABAKH,
        "From 12 May to 20 June 1994 the front held",
        "the war of 1988-1994 and the early-1990s",
        "between 1 and 3 May, from September to the early 2000s",
        "It lasted 20-22 February 2001; March 4 - 6, 1999",
    ],
)
def test_hints_agree_on_real_sentences(text: str) -> None:
    found = stated_times(text, published=D(2023, 9, 19))
    assert found  # each sentence states a time, most of them through a hinted rule
    assert found == _every_rule(text, D(2023, 9, 19))
    assert stated_times(text) == _every_rule(text, None)
