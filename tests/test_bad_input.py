"""Each kind of bad input gives one located, one-line error and exit 1; never a traceback."""

from __future__ import annotations

import re

import pytest

from conftest import EVENT, SEED, SOURCE_META, small_project

EV = "data/events/offensive.yaml"
PROBLEM = re.compile(r"^[^:]+:\d+:\d+: (error|warning): \S.*$")


def event(old: str, new: str) -> dict[str, str]:
    assert old in EVENT
    return {EV: EVENT.replace(old, new, 1)}


CASES = {
    "duplicate key": (
        event("tags: [offensive]", "tags: [offensive]\ntitle: Again"),
        f'{EV}:5:1: error: duplicate key "title" (first on line 1); keep one',
    ),
    "unquoted date": (
        event('date: "2023-09-19"', "date: 2023-09-19"),
        f'{EV}:2:7: error: date must be a quoted string: write date: "2023-09-19"',
    ),
    "unquoted year": (
        event('date: "2023-09-19"', "date: 1991"),
        f'{EV}:2:7: error: date must be a quoted string: write date: "1991"',
    ),
    "alias": (
        event("tags: [offensive]\nplaces: [Stepanakert]", "tags: &t [offensive]\nplaces: *t"),
        f"{EV}:5:9: error: YAML aliases (*name) are not allowed; write the value out",
    ),
    "unknown field": (
        event("summary:", "sumary:"),
        f'{EV}:3:1: error: unknown field "sumary"; did you mean "summary"?',
    ),
    "unknown nested field": (
        event("supports: [date]", "suports: [date]"),
        f'{EV}:11:5: error: unknown field "suports" in evidence[0]; did you mean "supports"?',
    ),
    "missing field": (
        {EV: 'title: x\ndate: "2023"\n'},
        f'{EV}:1:1: error: missing required field "evidence": every event needs at least one '
        "quote from a source in seeds/",
    ),
    "list for text": (
        event("title: The offensive begins", "title: [a, b]"),
        f"{EV}:1:8: error: title must be text, not a list",
    ),
    "yes/no word": (
        event("tags: [offensive]", "tags: [offensive, no]"),
        f"{EV}:4:19: error: tags[1] must be text, but YAML reads this word as false; "
        "put it in quotes",
    ),
    "quoted number": (
        event("killed: 6", 'killed: "6"'),
        f"{EV}:7:11: error: figures.killed must be a whole number, not text; remove the quotes: 6",
    ),
    "not UTF-8": (
        {EV: EVENT.encode().replace(b"begins", b"begins \xff")},
        f"{EV}:1:29: error: not valid UTF-8 (byte 0xff); save the file as UTF-8",
    ),
    "empty file": ({EV: ""}, f"{EV}:1:1: error: file is empty"),
    "only comments": ({EV: "# todo\n"}, f"{EV}:1:1: error: file is empty"),
    "bad file name": (
        {EV: None, "data/events/Offensive Day.yaml": EVENT},
        'data/events/Offensive Day.yaml:1:1: error: "Offensive Day" is not an event id: '
        'use a-z, 0-9 and "-", e.g. offensive-day.yaml',
    ),
    ".yml extension": (
        {EV: None, "data/events/offensive.yml": EVENT},
        "data/events/offensive.yml:1:1: error: event files end in .yaml; rename it offensive.yaml",
    ),
    "interval reversed": (
        event('date: "2023-09-19"', 'date: "2023-09-19/2023-09-01"'),
        f"{EV}:2:7: error: the interval ends (2023-09-01) before it starts (2023-09-19); "
        'write the earlier date first: "2023-09-01/2023-09-19"',
    ),
    "not EDTF": (
        event('date: "2023-09-19"', 'date: "19 September 2023"'),
        f'{EV}:2:7: error: "19 September 2023" is not an EDTF date; write it as "2023-09-19"',
    ),
    "unknown claim": (
        event("supports: [date]", "supports: [dates]"),
        f'{EV}:11:16: error: evidence[0].supports[0]: a quote cannot support "dates" '
        '(did you mean "date"?); use date, duration, title, places, summary, tags, figures.NAME',
    ),
    "unknown figure": (
        event("supports: [figures.killed]", "supports: [figures.dead]"),
        f'{EV}:14:16: error: "figures.dead" names no figure of this event '
        "(figures: figures.killed)",
    ),
    "duration of a day": (
        event("supports: [date]", "supports: [date, duration]"),
        f'{EV}:11:22: error: "duration" needs an interval date like "2020-09-27/2020-11-10", '
        'but date is "2023-09-19"',
    ),
    "unknown source": (
        event('  - source: article\n    quote: "On', '  - source: artcle\n    quote: "On'),
        f'{EV}:9:13: error: no source "artcle" in seeds/; did you mean "article"?',
    ),
    "claim the quote does not state": (
        event("supports: [figures.killed]", "supports: [figures.killed, date]"),
        f"{EV}:13:12: error: evidence[1] (article) supports date, but the quote states no "
        "year, date or weekday",
    ),
    "letter case": (
        event("six people were killed", "Six people were killed"),
        f"{EV}:13:12: error: quote not found in article: it differs only in letter case from "
        "seeds/article.txt:3:66",
    ),
    "syntax error": (
        {EV: "title: [unclosed\n"},
        f"{EV}:2:1: error: invalid YAML: did not find expected ',' or ']'",
    ),
    "two documents": (
        {EV: EVENT + "---\ntitle: b\n"},
        f"{EV}:15:1: error: invalid YAML: holds more than one YAML document; keep one per file "
        "(remove the extra '---')",
    ),
    "a list, not a mapping": (
        {EV: "- a\n- b\n"},
        f"{EV}:1:1: error: the file must be a mapping, not a list",
    ),
    "python tag": (
        event("title: The offensive begins", "title: !!python/object/apply:os.system [ls]"),
        f"{EV}:1:8: error: the tag !!python/object/apply:os.system is not allowed here; remove it",
    ),
    "folder named like an event": (
        {"data/events/dir.yaml/x": "a"},
        "data/events/dir.yaml:1:1: error: is a folder, not a file; remove it or rename it",
    ),
    "variant of two places": (
        {"data/places.yaml": "Stepanakert: [Stephanakert]\nOther: [stephanakert]\n"},
        'data/places.yaml:2:9: error: "stephanakert" already names "Stepanakert"; '
        "a spelling belongs to one place only",
    ),
    "source without metadata": (
        {"seeds/article.yaml": None},
        "seeds/article.txt:1:1: error: no metadata: create seeds/article.yaml with title and "
        'published: "YYYY-MM-DD"',
    ),
    "published not a day": (
        {"seeds/article.yaml": 'title: T\npublished: "2023-09"\n'},
        'seeds/article.yaml:2:12: error: published must be a day: "YYYY-MM-DD", not "2023-09"',
    ),
    "no site settings": (
        {"data/site.yaml": None},
        "data/site.yaml:1:1: error: missing: create it with at least `title: ...`",
    ),
    "deep nesting": (
        {EV: "title: " + "[" * 40 + "]" * 40 + "\n"},
        f"{EV}:1:40: error: nesting is deeper than 32 levels",
    ),
    "unquoted day that does not exist": (
        event('date: "2023-09-19"', "date: 2023-02-30"),
        f"{EV}:2:7: error: not a real date: 2023-02-30 (February 2023 has 28 days); "
        'correct the day, and write the date in quotes: "YYYY-MM-DD"',
    ),
    "unquoted month that does not exist": (
        {"seeds/article.yaml": SOURCE_META.replace('"2023-09-19"', "2023-13-01")},
        "seeds/article.yaml:3:12: error: not a real date: 2023-13-01 (there is no month 13); "
        'correct the month, and write the date in quotes: "YYYY-MM-DD"',
    ),
    "number of 5,000 digits": (
        event("killed: 6", "killed: " + "9" * 5000),
        f"{EV}:7:11: error: this number has more than 4,300 digits; shorten it, or put it in "
        "quotes if it is text",
    ),
    "hexadecimal number longer than 4,300 digits written out": (
        event("killed: 6", "killed: 0x" + "f" * 4000),
        f"{EV}:7:11: error: this number has more than 4,300 digits; shorten it, or put it in "
        "quotes if it is text",
    ),
    "empty source text": (
        {"seeds/article.txt": ""},
        "seeds/article.txt:1:1: error: the source text is empty; paste the article's text into "
        "it, or remove it and seeds/article.yaml",
    ),
    "blank source text": (
        {"seeds/article.txt": " \r\n\n"},
        "seeds/article.txt:1:1: error: the source text is empty; paste the article's text into "
        "it, or remove it and seeds/article.yaml",
    ),
    "CR-only line ends, a comment first": (
        {EV: ("# notes\n" + EVENT.replace("summary:", "sumary:")).replace("\n", "\r")},
        f'{EV}:4:1: error: unknown field "sumary"; did you mean "summary"?',
    ),
    "CR-only line ends, not UTF-8": (
        {EV: EVENT.replace("\n", "\r").encode().replace(b"Officials", b"\xffOfficials")},
        f"{EV}:3:10: error: not valid UTF-8 (byte 0xff); save the file as UTF-8",
    ),
    "CR-only line ends in the source text": (
        {
            "seeds/article.txt": SEED.replace("\n", "\r"),
            **event("six people were killed", "Six people were killed"),
        },
        f"{EV}:13:12: error: quote not found in article: it differs only in letter case from "
        "seeds/article.txt:3:66",
    ),
}


@pytest.mark.parametrize("changes, expected", CASES.values(), ids=CASES.keys())
def test_bad_input_is_one_clear_error(run, project, changes, expected):
    status, out, err = run(["check"], cwd=project(small_project(changes)))
    assert status == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[-1].startswith("checked ")
    assert all(PROBLEM.match(line) for line in lines[:-1]), lines
    errors = [line for line in lines if ": error: " in line]
    assert expected in errors


def test_place_not_listed_is_a_warning(run, project):
    status, out, _ = run(
        ["check"], cwd=project(small_project(event("[Stepanakert]", "[Stepanakret]")))
    )
    assert status == 0
    assert out.splitlines() == [
        f'{EV}:5:10: warning: place "Stepanakret" is not in data/places.yaml; add it there '
        "(with its spellings) so the site can list it",
        "checked 1 event, 1 source, 2 quotes: 0 errors, 1 warning",
    ]


def test_uncited_source_is_a_warning(run, project):
    extra = {
        "seeds/other.txt": "Other text.\n",
        "seeds/other.yaml": 'title: Other\npublished: "2023-01-01"\n',
    }
    status, out, _ = run(["check"], cwd=project(small_project(extra)))
    assert status == 0
    assert out.splitlines()[0] == 'seeds/other.txt:1:1: warning: source "other" is never cited'


def test_variant_spelling_names_the_canonical_place(run, project, tmp_path):
    root = project(small_project(event("[Stepanakert]", "[Stephanakert]")))
    status, out, _ = run(["check"], cwd=root)
    assert (status, out) == (0, "checked 1 event, 1 source, 2 quotes: 0 errors, 0 warnings\n")


def test_every_problem_is_reported_not_just_the_first(run, project):
    changes = {
        "data/events/a.yaml": "title: x\n",
        "data/events/b.yaml": EVENT.replace("summary:", "sumary:"),
    }
    status, out, _ = run(["check"], cwd=project(small_project(changes)))
    assert status == 1
    paths = [line.split(":")[0] for line in out.splitlines()[:-1]]
    assert paths == ["data/events/a.yaml", "data/events/a.yaml", "data/events/b.yaml"]
    assert out.splitlines()[-1] == "checked 1 event, 1 source, 2 quotes: 3 errors, 0 warnings"
