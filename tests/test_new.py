"""timeline new: a skeleton event file, never an overwrite, and usage errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import timeline

from conftest import small_project

INSTALLED_SCHEMA = Path(timeline.__file__).resolve().parent / "schema" / "event.schema.json"


def skeleton(modeline: str) -> str:
    return (
        f"{modeline}\n"
        'title: "Officials report an offensive"\n'
        'date: "2023-09-19"  # EDTF, always quoted\n'
        "summary: |  # Markdown; every statement rests on a quote below\n"
        "  What happened, in a sentence or two.\n"
        'tags: [offensive, "2023", "no"]\n'
        "places: []  # canonical names or variants from data/places.yaml\n"
        "# figures:  # optional: name -> whole number a quote states\n"
        "#   killed: 6\n"
        'evidence:  # at least one; timeline find "some words" prints entries to paste\n'
        "  - source: source-id  # a file in seeds/, without .txt\n"
        '    quote: "the exact words of the source"\n'
        "    supports: [date]  # date, duration, title, places, summary, tags, figures.NAME\n"
    )


ARGS = ["new", "Officials report an offensive", "--date", "2023-09-19"]
TAGS = ["--tag", "offensive", "--tag", "2023", "--tag", "no"]


def test_new_writes_a_skeleton_and_prints_its_path(project, run):
    root = project()
    status, out, err = run([*ARGS, *TAGS], cwd=root)
    assert (status, out, err) == (0, "data/events/officials-report-an-offensive.yaml\n", "")
    text = (root / "data/events/officials-report-an-offensive.yaml").read_text(encoding="utf-8")
    assert text == skeleton(f"# yaml-language-server: $schema={INSTALLED_SCHEMA}")
    assert yaml.safe_load(text)["tags"] == ["offensive", "2023", "no"]


def test_the_placeholder_is_what_check_reports(project, run):
    root = project()
    run([*ARGS, "--tag", "offensive"], cwd=root)
    status, out, _ = run(["check"], cwd=root)
    assert (status, out) == (
        1,
        'data/events/officials-report-an-offensive.yaml:11:13: error: no source "source-id" '
        "in seeds/ (sources: article)\n"
        "checked 2 events, 1 source, 3 quotes: 1 error, 0 warnings\n",
    )


def test_in_a_checkout_of_timeline_the_modeline_is_relative(project, run):
    root = project()
    schema = root / "timeline" / "schema" / "event.schema.json"
    schema.parent.mkdir(parents=True)
    schema.write_text("{}", encoding="utf-8")
    run([*ARGS, *TAGS], cwd=root)
    text = (root / "data/events/officials-report-an-offensive.yaml").read_text(encoding="utf-8")
    assert text == skeleton(
        "# yaml-language-server: $schema=../../timeline/schema/event.schema.json"
    )


def test_with_source_the_path_printed_is_under_it(project, run, tmp_path):
    root = project()
    status, out, _ = run([*ARGS, "--source", str(root)], cwd=tmp_path)
    assert (status, out) == (0, f"{root}/data/events/officials-report-an-offensive.yaml\n")


def test_an_existing_file_is_never_overwritten(project, run):
    root = project({**small_project(), "data/events/officials-report-an-offensive.yaml": "kept\n"})
    status, out, err = run(ARGS, cwd=root)
    assert (status, out) == (1, "")
    assert err == (
        "timeline new: error: data/events/officials-report-an-offensive.yaml already exists; "
        "edit it, or choose another title\n"
    )
    assert (root / "data/events/officials-report-an-offensive.yaml").read_text() == "kept\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["new", "A", "--date", "2023-19-19"],
            'timeline new: error: --date: month 19 does not exist in "2023-19-19"; '
            "write YYYY-MM-DD\n",
        ),
        (
            ["new", "A", "--date", "2023", "--tag", "Bad"],
            'timeline new: error: --tag "Bad": tags use lower-case a-z, 0-9, spaces and "-"\n',
        ),
        (
            ["new", "!!", "--date", "2023"],
            "timeline new: error: the title '!!' gives no file name; use some letters or digits\n",
        ),
        (["new", "  ", "--date", "2023"], "timeline new: error: the title is empty\n"),
        (  # refused before the patterns that diagnose mistakes (they once took 13 s on it)
            ["new", "A", "--date", "a" + " " * 1500 + "b"],
            "timeline new: error: --date: the date is too long (1,502 characters; at most 64)\n",
        ),
    ],
)
def test_bad_arguments_are_usage_errors(project, run, args, message):
    root = project()
    status, out, err = run(args, cwd=root)
    assert (status, out, err) == (2, "", message)
    assert sorted(p.name for p in (root / "data/events").iterdir()) == ["offensive.yaml"]


def test_a_missing_date_is_a_usage_error(project, run):
    status, _, err = run(["new", "A"], cwd=project())
    assert status == 2
    assert err.endswith("timeline new: error: the following arguments are required: --date\n")


@pytest.mark.parametrize(
    "title",
    ['Baku: "anti-terrorist" operation', "Back\\slash", "Línea — Xankəndi", "tab\there"],
)
def test_any_title_reads_back_unchanged(project, run, title):
    root = project()
    status, out, _ = run(["new", title, "--date", "1991"], cwd=root)
    assert status == 0
    data = yaml.safe_load((root / out.strip()).read_text(encoding="utf-8"))
    assert data["title"] == " ".join(title.split())
    assert data["date"] == "1991"
