"""The dataset a build publishes, and `timeline export`: validated, documented, reusable."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
from pathlib import Path

import jsonschema
import pytest
import yaml

from timeline.text.normalise import normalise

from conftest import EVENT, REPO, small_project

DOC = (REPO / "docs" / "dataset.md").read_text(encoding="utf-8")
DATASET_FILES = [
    "events.json",
    "events.csv",
    "evidence.csv",
    "sources.csv",
    "datapackage.json",
    "timeline.json",
    "schema/event.schema.json",
    "schema/events.schema.json",
]


@pytest.fixture
def site(shipped: Path, run, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = shipped.parent / "site"
    assert run(["build", "--out", str(out)], cwd=shipped)[0] == 0
    return out


@pytest.fixture
def offline(monkeypatch):
    """Any connection to a host other than the loopback fails the test."""
    real = socket.socket.connect
    attempts: list[object] = []

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost"):
            attempts.append(address)
            raise OSError(f"network use in a test: {address}")
        return real(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield attempts
    assert attempts == []


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def documented_columns(table: str) -> list[str]:
    """The first column of the table under `### <table>.csv` in docs/dataset.md."""
    section = DOC.split(f"### {table}.csv\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", section, re.M)


# -- the files a build writes ------------------------------------------------------------


def test_build_writes_every_dataset_file_and_the_schemas_as_shipped(site):
    for name in DATASET_FILES:
        assert (site / name).is_file(), name
    for name in ("event.schema.json", "events.schema.json"):
        assert (site / "schema" / name).read_bytes() == (
            REPO / "timeline" / "schema" / name
        ).read_bytes()


@pytest.mark.parametrize("table", ["events", "evidence", "sources"])
def test_csv_columns_are_stable_and_documented(site, table):
    header = rows((site / f"{table}.csv").read_text(encoding="utf-8"))[0]
    assert header == documented_columns(table)
    descriptor = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    assert [field["name"] for field in resource["schema"]["fields"]] == header


@pytest.mark.parametrize("table", ["events", "evidence", "sources"])
def test_csv_is_utf8_rfc4180_with_crlf(site, table):
    data = (site / f"{table}.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    parsed = rows(text)
    width = len(parsed[0])
    assert all(len(row) == width for row in parsed)
    # Outside quoted fields every line ends in CRLF: rewriting the parsed rows gives the file.
    again = io.StringIO()
    csv.writer(again, lineterminator="\r\n").writerows(parsed)
    assert again.getvalue() == text


def test_events_json_matches_its_published_schema_and_the_csv(site):
    document = json.loads((site / "events.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "schema" / "events.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(document)) == []
    assert len(document["events"]) == 10
    table = rows((site / "events.csv").read_text(encoding="utf-8"))
    assert [row[0] for row in table[1:]] == [event["id"] for event in document["events"]]
    # The schema is strict enough to notice a wrong export.
    broken = json.loads(json.dumps(document))
    broken["events"][0]["start"] = "1988"
    del broken["events"][1]["url"]
    wrong = {tuple(error.absolute_path) for error in validator.iter_errors(broken)}
    assert wrong == {("events", 0, "start"), ("events", 1)}


def test_shipped_event_files_match_the_published_event_schema(site):
    schema = json.loads((site / "schema" / "event.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((REPO / "data" / "events").glob("*.yaml"))
    assert len(files) == 10
    for path in files:
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(record)) == [], path.name
    assert list(validator.iter_errors({"title": "x", "date": 1991, "evidence": []}))


def test_every_shipped_quote_is_where_the_evidence_row_says(site, shipped):
    table = rows((site / "evidence.csv").read_text(encoding="utf-8"))
    header, body = table[0], [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    assert header[:4] == ["event_id", "index", "source_id", "quote"]
    cited = 0
    for path in sorted((shipped / "data" / "events").glob("*.yaml")):
        cited += len(yaml.safe_load(path.read_text(encoding="utf-8"))["evidence"])
    assert len(body) == cited == 46
    texts = {}
    for row in body:
        if row["source_id"] not in texts:
            seed = shipped / "seeds" / f"{row['source_id']}.txt"
            with open(seed, encoding="utf-8", newline="") as handle:
                texts[row["source_id"]] = handle.read()
        text = texts[row["source_id"]]
        start, end = int(row["start"]), int(row["end"])
        passage = text[start:end]
        assert normalise(passage) == normalise(row["quote"]), row
        assert passage == passage.strip(), row  # the span holds the passage and nothing more
        before = text[:start]
        assert int(row["line"]) == before.count("\n") + 1, row
        assert int(row["column"]) == start - (before.rfind("\n") + 1) + 1, row
        assert row["confirmed"] == "true", row


# -- datapackage.json ----------------------------------------------------------------------


def test_frictionless_validates_the_package_offline(site, offline, monkeypatch):
    from frictionless import validate

    monkeypatch.chdir(site)  # frictionless only reads paths inside the working folder
    report = validate("datapackage.json")
    assert report.valid, report.flatten(["type", "note"])
    assert report.stats["errors"] == 0
    assert [task.name for task in report.tasks] == ["events", "evidence", "sources"]
    descriptor = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["created"] == "2023-11-14T22:13:20Z"
    assert descriptor["title"] == yaml.safe_load((REPO / "data" / "site.yaml").read_text())["title"]
    assert [lic["name"] for lic in descriptor["licenses"]] == ["CC-BY-SA-4.0"]
    assert len(descriptor["sources"]) == 6
    evidence = next(r for r in descriptor["resources"] if r["name"] == "evidence")
    assert evidence["schema"]["primaryKey"] == ["event_id", "index"]
    assert [key["reference"]["resource"] for key in evidence["schema"]["foreignKeys"]] == [
        "events",
        "sources",
    ]


def test_frictionless_reports_a_broken_foreign_key(site, offline, monkeypatch):
    from frictionless import validate

    path = site / "evidence.csv"
    text = path.read_bytes().decode("utf-8")
    assert "\r\nfirst-war,0," in text
    path.write_bytes(text.replace("\r\nfirst-war,0,", "\r\nno-such-event,0,", 1).encode())
    descriptor = json.loads((site / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:  # the hashes would catch the change first
        del resource["bytes"], resource["hash"]
    (site / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    monkeypatch.chdir(site)
    report = validate("datapackage.json")
    assert not report.valid
    assert [error[0] for error in report.flatten(["type"])] == ["foreign-key"]


def test_created_falls_back_to_the_newest_source(shipped, run, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    status, out, _ = run(["export", "--format", "datapackage"], cwd=shipped)
    assert status == 0
    assert json.loads(out)["created"] == "2024-01-01T00:00:00Z"


# -- the pandas snippet in docs/dataset.md ---------------------------------------------------


def test_pandas_snippet_in_the_docs_reads_the_tables_with_the_right_dtypes(site, monkeypatch):
    import pandas as pd

    section = DOC.split("## Using the dataset", 1)[1]
    snippet = re.search(r"```python\n(.*?)```", section, re.S)[1]
    monkeypatch.chdir(site.parent)
    namespace: dict = {}
    exec(compile(snippet, "docs/dataset.md", "exec"), namespace)  # noqa: S102
    events, evidence = namespace["events"], namespace["evidence"]
    assert len(events) == 10 and len(evidence) == 46
    types = pd.api.types
    assert types.is_datetime64_any_dtype(events["start"])
    assert types.is_datetime64_any_dtype(events["end"])
    assert types.is_bool_dtype(events["approximate"]) and types.is_bool_dtype(events["uncertain"])
    assert str(events["duration_days"].dtype) == "Int64"
    assert types.is_string_dtype(events["date"])
    by_id = events.set_index("id")
    assert by_id.loc["second-war", "duration_days"] == 44
    assert pd.isna(by_id.loc["offensive-2023", "duration_days"])
    assert by_id.loc["first-war", "tags"] == ["war"]
    for column in ("index", "start", "end", "line", "column"):
        assert types.is_integer_dtype(evidence[column]), column
    assert types.is_bool_dtype(evidence["confirmed"])
    assert len(namespace["cited"]) == 46


# -- timeline export -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["--format", "json"], "events.json"),
        (["--format", "csv"], "events.csv"),
        (["--format", "csv", "--table", "evidence"], "evidence.csv"),
        (["--format", "csv", "--table", "sources"], "sources.csv"),
        (["--format", "timelinejs"], "timeline.json"),
    ],
)
def test_export_prints_what_build_writes(site, shipped, run, args, built):
    status, out, err = run(["export", *args], cwd=shipped)
    assert status == 0
    assert "error" not in err
    assert out.encode("utf-8") == (site / built).read_bytes()


def test_export_datapackage_is_one_valid_self_contained_file(shipped, run, tmp_path, offline):
    from frictionless import validate

    target = tmp_path / "dataset.json"
    status, out, _ = run(["export", "--format", "datapackage", "--out", str(target)], cwd=shipped)
    assert (status, out) == (0, "")
    descriptor = json.loads(target.read_text(encoding="utf-8"))
    assert all("path" not in r and r["data"] for r in descriptor["resources"])
    assert len(descriptor["resources"][1]["data"]) == 1 + 46  # header row, then one per quote
    report = validate(descriptor)
    assert report.valid, report.flatten(["type", "note"])


def test_export_base_url_changes_the_links(shipped, run):
    status, out, _ = run(
        ["export", "--format", "json", "--base-url", "https://other.example/x"], cwd=shipped
    )
    assert status == 0
    urls = [event["url"] for event in json.loads(out)["events"]]
    assert urls[0] == "https://other.example/x/events/first-war/"


def test_export_with_an_error_writes_nothing(project, run, tmp_path):
    broken = EVENT.replace('"six people were killed"', '"seven people were killed"')
    root = project(small_project({"data/events/offensive.yaml": broken}))
    target = tmp_path / "events.json"
    target.write_text("previous\n", encoding="utf-8")
    status, out, err = run(["export", "--format", "json", "--out", str(target)], cwd=root)
    assert (status, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith("data/events/offensive.yaml:13:12: error: ")
    assert lines[-1] == f"export failed: 1 error; {target} was not written"
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.json", "project0"]
    status, out, err = run(["export", "--format", "csv"], cwd=root)
    assert (status, out) == (1, "")
    assert err.splitlines()[-1] == "export failed: 1 error; nothing was written"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "json", "--table", "evidence"], "--table evidence only goes with --format csv"),
        (["-f", "csv", "--out", "data"], "--out data is a folder; give a file name"),
        (["-f", "json", "--base-url", "x.org"], "--base-url x.org: give a full http(s) address"),
    ],
)
def test_export_usage_errors_exit_2(project, run, args, message):
    root = project()
    status, out, err = run(["export", *args], cwd=root)
    assert (status, out, err) == (2, "", f"timeline export: error: {message}\n")


@pytest.mark.parametrize("args", [[], ["--format", "xml"], ["--format", "csv", "--table", "x"]])
def test_export_argument_errors_exit_2(project, run, args):
    status, out, err = run(["export", *args], cwd=project())
    assert (status, out) == (2, "")
    assert "timeline export: error:" in err
