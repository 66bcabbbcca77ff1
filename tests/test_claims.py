"""The claim registry is the one place a kind of claim is declared.

What is derived from it (the shipped event schema, the table in docs/format.md) equals
what it derives; a kind registered in a test, and nowhere else, is accepted by the schema,
checked, offered by `timeline find` and `timeline new`, and given its row of the table.
"""

from __future__ import annotations

import re

import pytest

from timeline import claims
from timeline.claims import Hint, Kind, Verdict
from timeline.commands.new import skeleton
from timeline.schema import load_schema, published_text, surely_valid
from timeline.yamlfile import parse_yaml

from conftest import EVENT, REPO, SEED, small_project

SHIPPED_SCHEMA = REPO / "timeline" / "schema" / "event.schema.json"
FORMAT = REPO / "docs" / "format.md"


def test_the_shipped_event_schema_is_what_the_registry_makes():
    shipped = SHIPPED_SCHEMA.read_text(encoding="utf-8")
    assert published_text("event") == shipped, "run python scripts/write_event_schema.py"
    supports = load_schema("event")["properties"]["evidence"]["items"]["properties"]["supports"]
    assert supports["items"]["pattern"] == (
        "^(date|duration|title|places|summary|tags|figures\\.[a-z][a-z0-9_]*)$"
    )


def docs_table() -> list[str]:
    """The lines of the table under "### Evidence" in docs/format.md."""
    text = FORMAT.read_text(encoding="utf-8")
    section = text[text.index("### Evidence") :]
    start = section.index("| supports |")
    return section[start : section.index("\n\n", start)].splitlines()


def test_the_docs_table_is_the_registry_s():
    assert docs_table() == claims.table()


# -- a kind of claim known to this test only -------------------------------------------------

PERCENTAGE = re.compile(r"\d+(?:\.\d+)?%")


def _needs_summary(claim, data, date):
    return None if data.get("summary") else '"percent" needs a summary that says of what'


def _check_percent(quote):
    if PERCENTAGE.search(quote.text):
        return Verdict(True)
    message = f"{quote.label} supports percent, but the quote states no percentage"
    return Verdict(False, ((("evidence", quote.index, "quote"), message),))


def _percent_hints(quote, source):
    return [
        Hint(m.start(), m.end(), f"states a percentage: {m.group()}")
        for m in PERCENTAGE.finditer(quote)
    ]


PERCENT = Kind(
    "percent",
    "percent",
    "percent",
    states='a percentage: "12%"',
    agrees="the summary says of what",
    needs=_needs_summary,
    check=_check_percent,
    hints=_percent_hints,
    skeleton=("# a share the quotes state goes in the summary",),
)

PERCENT_SEED = SEED + "By Friday 12% of the homes had no power.\n"
PERCENT_EVIDENCE = (
    '  - source: article\n    quote: "12% of the homes had no power"\n    supports: [percent]\n'
)


@pytest.fixture
def percent():
    with claims.registered(PERCENT) as kind:
        yield kind


def percent_project(evidence: str = PERCENT_EVIDENCE, event: str = EVENT):
    return small_project(
        {"seeds/article.txt": PERCENT_SEED, "data/events/offensive.yaml": event + evidence}
    )


def test_without_the_kind_percent_is_no_claim(project, run):
    status, out, _ = run(["check"], cwd=project(percent_project()))
    assert (status, out) == (
        1,
        "data/events/offensive.yaml:17:16: error: evidence[2].supports[0]: a quote cannot "
        'support "percent"; use date, duration, title, places, summary, tags, figures.NAME\n'
        "checked 0 events, 1 source, 0 quotes: 1 error, 0 warnings\n",
    )


def test_the_schema_takes_the_registered_kind(percent):
    item = {"source": "article", "quote": "12%", "supports": ["percent", "date"]}
    event = {"title": "A", "date": "2023-09-19", "evidence": [item]}
    assert surely_valid(event, load_schema("event"))  # proven without jsonschema
    assert "|figures\\\\.[a-z][a-z0-9_]*|percent)$" in published_text("event")
    assert "tags, figures.NAME, percent." in published_text("event")


def test_the_schema_forgets_a_kind_removed():
    item = {"source": "article", "quote": "12%", "supports": ["percent"]}
    event = {"title": "A", "date": "2023-09-19", "evidence": [item]}
    with claims.registered(PERCENT):
        assert surely_valid(event, load_schema("event"))
    assert not surely_valid(event, load_schema("event"))
    assert published_text("event") == SHIPPED_SCHEMA.read_text(encoding="utf-8")


def test_a_quote_that_states_the_percentage_passes(percent, project, run):
    status, out, _ = run(["check"], cwd=project(percent_project()))
    assert (status, out) == (0, "checked 1 event, 1 source, 3 quotes: 0 errors, 0 warnings\n")


def test_the_check_of_the_kind_reports_a_quote_without_one(percent, project, run):
    evidence = '  - source: article\n    quote: "By Friday"\n    supports: [percent]\n'
    status, out, _ = run(["check"], cwd=project(percent_project(evidence)))
    assert (status, out) == (
        1,
        "data/events/offensive.yaml:16:12: error: evidence[2] (article) supports percent, "
        "but the quote states no percentage\n"
        "checked 1 event, 1 source, 3 quotes: 1 error, 0 warnings\n",
    )


def test_what_the_kind_needs_of_the_event_is_checked(percent, project, run):
    event = EVENT.replace("summary: Officials report an offensive.\n", "")
    status, out, _ = run(["check"], cwd=project(percent_project(event=event)))
    assert (status, out) == (
        1,
        'data/events/offensive.yaml:16:16: error: "percent" needs a summary that says of what\n'
        "checked 0 events, 1 source, 0 quotes: 1 error, 0 warnings\n",
    )


def test_find_offers_the_kind(percent, project, run):
    status, out, _ = run(["find", "12% of the homes"], cwd=project(percent_project()))
    # The number inside the percentage is not offered as a figure again.
    assert (status, out) == (
        0,
        "seeds/article.txt:5:11: article (exact)\n"
        "  - source: article\n"
        '    quote: "12% of the homes"\n'
        "    # states a percentage: 12%\n"
        "    supports: [percent]\n",
    )


def test_new_offers_the_kind(percent):
    text = skeleton(title="T", date="2023", tags=[], modeline="#")
    assert "#   killed: 6\n# a share the quotes state goes in the summary\nevidence:" in text
    assert text.endswith(
        "supports: [date]  # date, duration, title, places, summary, tags, figures.NAME, "
        "percent\n"
    )
    doc, problems = parse_yaml(text, "new.yaml")
    assert problems == [] and doc is not None


def test_the_docs_table_gives_the_kind_its_row(percent):
    assert claims.table()[-2:] == [
        '| `percent` | a percentage: "12%" | the summary says of what |',
        "| `title`, `places`, `summary`, `tags` | nothing more | the quote is in its source |",
    ]


def test_a_name_is_registered_once(percent):
    with pytest.raises(ValueError, match="registered already"):
        claims.register(PERCENT)


def test_a_check_kept_in_the_cache_is_not_reused_once_the_kind_is_gone(project, run):
    root = project(percent_project())
    with claims.registered(PERCENT):
        assert run(["check"], cwd=root)[0] == 0
    status, out, _ = run(["check"], cwd=root)
    assert (status, out.splitlines()[-1]) == (
        1,
        "checked 0 events, 1 source, 0 quotes: 1 error, 0 warnings",
    )


def test_a_build_publishes_the_schema_with_the_kind(project, run, tmp_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_SEARCH", "off")
    root = project(percent_project())
    out = tmp_path / "site"
    with claims.registered(PERCENT):
        assert run(["build", "--out", str(out)], cwd=root)[0] == 0
        assert (out / "schema" / "event.schema.json").read_text(encoding="utf-8") == (
            published_text("event")
        )
    assert "percent" in (out / "schema" / "event.schema.json").read_text(encoding="utf-8")
    assert "percent" not in published_text("event")
