"""timeline.text.languages: a source's language tag picks its reader, and a language without
one is read as English, as every source was before there were readers per language."""

from __future__ import annotations

import datetime
import importlib

import pytest

from timeline.text.languages import FALLBACK, READERS, reader
from timeline.text.read import names_one_day, stated_durations, stated_numbers, stated_times
from timeline.text.stated import UNITS, Language

from conftest import SOURCE_META, small_project

QUOTE = "On Tuesday, from 19 to 21 September 2023, twenty-one people waited nine months."
PUBLISHED = datetime.date(2023, 9, 26)


@pytest.mark.parametrize("code", sorted(READERS))
def test_every_registered_reader_defines_its_language(code: str) -> None:
    module = importlib.import_module(f"timeline.text.{READERS[code]}")
    assert isinstance(module.LANGUAGE, Language)
    assert module.LANGUAGE.code == code
    assert reader(code) is module.LANGUAGE
    assert set(module.LANGUAGE.weekdays.values()) == set(range(7))
    assert set(module.LANGUAGE.months.values()) == set(range(1, 13))


@pytest.mark.parametrize("tag", ["en", "EN", "en-GB", "en-Latn-US"])
def test_the_primary_subtag_picks_the_reader(tag: str) -> None:
    assert reader(tag) is reader("en")


@pytest.mark.parametrize("tag", ["", "it", "hy-Latn", "xx"])
def test_a_language_without_a_reader_is_read_as_english(tag: str) -> None:
    assert reader(tag) is reader(FALLBACK) is reader("en")
    assert stated_times(QUOTE, published=PUBLISHED, language=tag) == stated_times(
        QUOTE, published=PUBLISHED
    )
    assert stated_durations(QUOTE, language=tag) == stated_durations(QUOTE)
    assert stated_numbers(QUOTE, language=tag) == stated_numbers(QUOTE)


def test_what_the_english_reader_finds() -> None:
    times = stated_times(QUOTE, published=PUBLISHED)
    assert [(t.text, t.value()) for t in times] == [
        ("On Tuesday", "2023-09-26"),
        ("from 19 to 21 September 2023", "2023-09-19 to 2023-09-21"),
    ]
    assert [names_one_day(t) for t in times] == [True, False]
    assert [(d.text, d.unit) for d in stated_durations(QUOTE)] == [("nine months", "month")]
    assert all(d.unit in UNITS for d in stated_durations(QUOTE))
    assert [n.value for n in stated_numbers(QUOTE)] == [19, 21, 2023, 21, 9]


@pytest.mark.parametrize("tag", ["it", "hy-Latn"])
def test_a_source_in_a_language_without_a_reader_is_checked_as_before(
    run, project, tag: str
) -> None:
    meta = SOURCE_META.replace("language: en", f"language: {tag}")
    other = project(small_project({"seeds/article.yaml": meta}))
    english = project(small_project())
    outcome = run(["check"], cwd=english)
    assert outcome[0] == 0 and "0 errors" in outcome[1]
    assert run(["check"], cwd=other) == outcome
