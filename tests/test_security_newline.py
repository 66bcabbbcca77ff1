"""A fixed-form value (an id, a tag, a language, an address) is the whole value: a final
newline, which Python's `$` lets through, is refused, in file names and in fields alike."""

from __future__ import annotations

import re

import pytest

from conftest import EVENT, SITE, SOURCE_META, small_project

EV = "data/events/offensive.yaml"
PROBLEM = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning): [^\n]+$")
TAG = "tags: [offensive]"


def replaced(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


CASES = {
    "event file name": (
        {EV: None, "data/events/x\n.yaml": EVENT},
        'data/events/x\\n.yaml:1:1: error: "x\\n" is not an event id: use a-z, 0-9 and "-", '
        "e.g. x.yaml",
    ),
    "tag": (
        {EV: replaced(EVENT, TAG, 'tags: ["casualties\\n"]')},
        f'{EV}:4:8: error: tags[0]: "casualties\\n" is not a tag; tags use lower-case a-z, '
        '0-9, spaces and "-"',
    ),
    "source language": (
        {"seeds/article.yaml": replaced(SOURCE_META, "language: en", 'language: "en\\n"')},
        "seeds/article.yaml:4:11: error: language: 'en\\n' is not a language code; "
        'write one like "en" or "hy-Latn"',
    ),
    "site language": (
        {"data/site.yaml": replaced(SITE, "language: en", 'language: "en\\n"')},
        "data/site.yaml:4:11: error: language: 'en\\n' is not a language code; "
        'write one like "en" or "hy-Latn"',
    ),
    "base_url": (
        {"data/site.yaml": replaced(SITE, '/t/"', '/t/\\n"')},
        "data/site.yaml:3:11: error: base_url: 'https://example.org/t/\\n' is not a web "
        "address; write http:// or https:// and the address, with no spaces, quotes, < or > "
        "(percent-encode them)",
    ),
    "source url": (
        {"seeds/article.yaml": SOURCE_META + 'url: "https://example.org/a\\n"\n'},
        "seeds/article.yaml:5:6: error: url: 'https://example.org/a\\n' is not a web address",
    ),
    "evidence source": (
        {EV: replaced(EVENT, "- source: article", '- source: "article\\n"')},
        f'{EV}:9:13: error: evidence[0].source: "article\\n" is not a source id',
    ),
    "supports": (
        {EV: replaced(EVENT, "supports: [date]", 'supports: ["date\\n"]')},
        f'{EV}:11:16: error: evidence[0].supports[0]: a quote cannot support "date\\n"',
    ),
    "figure name": (
        {EV: replaced(EVENT, "killed: 6", '"killed\\n": 6')},
        f"{EV}:7:3: error: figures: 'killed\\n' is not allowed here",
    ),
    "source file name": (
        {
            "seeds/article.txt": None,
            "seeds/article.yaml": None,
            "seeds/article\n.txt": "Tense day.\n",
            "seeds/article\n.yaml": SOURCE_META,
        },
        'seeds/article\\n.txt:1:1: error: "article\\n" is not a source id',
    ),
}


@pytest.mark.parametrize(("changes", "expected"), CASES.values(), ids=CASES.keys())
def test_a_final_newline_is_a_located_error(run, project, changes, expected):
    status, out, err = run(["check"], cwd=project(small_project(changes)))
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[-1].startswith("checked ")
    assert all(PROBLEM.match(line) for line in lines[:-1]), lines
    assert any(line.startswith(expected) for line in lines), lines


EVIDENCE = [{"source": "article", "quote": "six people were killed"}]


@pytest.mark.parametrize(
    ("schema", "field", "value"),
    [
        ("site", "base_url", "https://example.org/"),
        ("site", "language", "en"),
        ("source", "language", "hy-Latn"),
        ("source", "url", "https://example.org/a"),
        ("event", "tags", ["war"]),
        ("event", "figures", {"killed": 1}),
    ],
)
def test_both_validators_refuse_a_final_newline(schema, field, value):
    """The quick check and jsonschema (which says what is wrong) both read `$` as the end."""
    from timeline.schema import _validator, load_schema, surely_valid

    base = {
        "site": {"title": "T", "base_url": "https://example.org/"},
        "source": {"title": "T", "published": "2023-09-19"},
        "event": {"title": "T", "date": "2023", "evidence": EVIDENCE},
    }[schema]
    if isinstance(value, list):
        bad = [item + "\n" for item in value]
    elif isinstance(value, dict):
        bad = {key + "\n": item for key, item in value.items()}
    else:
        bad = value + "\n"
    good_doc, bad_doc = {**base, field: value}, {**base, field: bad}
    assert surely_valid(good_doc, load_schema(schema))
    assert list(_validator(schema).iter_errors(good_doc)) == []
    assert not surely_valid(bad_doc, load_schema(schema))
    kinds = {error.validator for error in _validator(schema).iter_errors(bad_doc)}
    assert kinds in ({"pattern"}, {"propertyNames"}), kinds


def test_ecma_regex_reads_dollar_as_the_very_end():
    from timeline.schema import ecma_regex

    assert ecma_regex("^[a-z]+$").search("en") is not None
    assert ecma_regex("^[a-z]+$").search("en\n") is None
    assert ecma_regex(r"^a[$]\$$").search("a$$") is not None  # a $ in a class, escaped
    assert ecma_regex(r"^a[$]\$$").search("a$$\n") is None


def test_new_refuses_a_tag_with_a_final_newline(project, run):
    root = project()
    status, out, err = run(["new", "A", "--date", "2023", "--tag", "war\n"], cwd=root)
    assert (status, out) == (2, "")
    assert "tags use lower-case" in err
    assert sorted(p.name for p in (root / "data/events").iterdir()) == ["offensive.yaml"]
