"""Hostile and broken input: bounded time and memory, paths kept inside the project.

Each bad input runs `timeline check` in a child process limited to 1 GiB of address
space and 30 s; it must end with exit 1 and located one-line errors, never a traceback.
"""

from __future__ import annotations

import os
import random
import re
import resource
import subprocess
import sys

import pytest

from conftest import EVENT, REPO, small_project, write_project

EV = "data/events/offensive.yaml"
PROBLEM = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning): [^\n]+$")
MEMORY = 1 << 30


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def bomb() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


WORDS = " ".join(random.Random(1).choice(["alpha", "beta", "war", "peace"]) for _ in range(350_000))
BAD = {
    "billion laughs": ({EV: bomb()}, "YAML aliases (*name) are not allowed"),
    "deep flow nesting": ({EV: "title: " + "[" * 1_500_000 + "\n"}, "nesting is deeper than 32"),
    "deep block nesting": ({EV: "- " * 900_000 + "x\n"}, "nesting is deeper than 32"),
    "deep mappings": (
        {EV: "".join(" " * i + "a:\n" for i in range(1, 1500))},
        "nesting is deeper than 32",
    ),
    "50 MB file": ({EV: "title: x\n#" + "x" * 50_000_000 + "\n"}, "the limit is 2 MB"),
    "50 MB source": ({"seeds/article.txt": "word " * 10_000_000}, "the limit is 2 MB"),
    "1-million-character quote": (
        {EV: EVENT.replace("six people were killed", "y" * 1_000_000)},
        "evidence[1].quote is too long (the limit is 5,000)",
    ),
    "long quote missing from a long source": (
        {"seeds/article.txt": WORDS, EV: EVENT.replace("six people were killed", "war " * 1200)},
        "quote not found in article; the closest passage",
    ),
    "10,000 events in one file": (
        {EV: "".join(f'- title: Event {n}\n  date: "2023"\n' for n in range(10_000))},
        "the file must be a mapping, not a list",
    ),
    "300,000 values": ({EV: "title: [" + ", ".join(["x"] * 300_000) + "]\n"}, "more than 200,000"),
    "binary garbage": (
        {EV: random.Random(2).randbytes(200_000)},
        "not valid UTF-8",
    ),
    "control characters": ({EV: "\x1c" * 1000}, "the character U+001C is not allowed"),
    "NUL bytes": ({EV: "title: x\n\x00\x00"}, "contains a NUL character"),
    "a folder named like an event": (
        {EV: None, f"{EV}/inside.txt": "x"},
        "is a folder, not a file",
    ),
    "a folder named like a source": (
        {"seeds/article.txt": None, "seeds/article.txt/x": "y"},
        "is a folder, not a file",
    ),
    "site.yaml is a folder": ({"data/site.yaml": None, "data/site.yaml/x": "y"}, "is a folder"),
}


@pytest.mark.parametrize("changes, expected", BAD.values(), ids=BAD.keys())
def test_bad_input_ends_in_bounded_time_with_a_located_error(tmp_path, changes, expected):
    root = write_project(tmp_path / "p", small_project(changes))
    result = subprocess.run(  # a hang is a failure (the speed is the matrix's to measure)
        [sys.executable, "-m", "timeline", "check"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_limit,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("checked ")
    assert all(PROBLEM.match(line) for line in lines[:-1]), lines[:3]
    assert any(expected in line and ": error: " in line for line in lines), lines[:3]


def test_many_quotes_missing_from_a_long_source_search_for_a_closest_passage_a_few_times(tmp_path):
    """500 quotes (the most an event has) of random words, missing from a 2 MB source: the
    first few name their closest passage, then the file's budget for searching is spent and
    the rest say the search was skipped, so one such file costs seconds, not minutes."""
    rng = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(5_000)]
    text = " ".join(rng.choices(vocabulary, k=320_000))[:1_990_000].rsplit(" ", 1)[0]
    quotes = [" ".join(rng.choices(vocabulary, k=60))[: rng.randint(200, 300)] for _ in range(500)]
    evidence = "".join(
        f'  - source: article\n    quote: "{q}"\n    supports: [date]\n' for q in quotes
    )
    event = 'title: Many misses\ndate: "2023-09-19"\nsummary: S.\nevidence:\n' + evidence
    root = write_project(tmp_path / "p", small_project({"seeds/article.txt": text, EV: event}))
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "check"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[-1] == "checked 1 event, 1 source, 500 quotes: 500 errors, 0 warnings"
    assert all(PROBLEM.match(line) for line in lines[:-1]), lines[:3]
    searched = [
        line for line in lines if "quote not found in article; the closest passage, " in line
    ]
    skipped = "quote not found in article (the closest passage was not searched for: "
    skipped += "500 quotes of this file are missing)"
    # Each search costs at least 2 MB / 16 of the file's 2,000,000: at most 16 are made.
    assert 1 <= len(searched) <= 16
    assert lines[: len(searched)] == searched  # the first in the file
    assert all(line.endswith(f": error: {skipped}") for line in lines[len(searched) : -1])
    assert len(lines) == 501


# -- paths stay inside the project ---------------------------------------------------------


@pytest.mark.parametrize(
    "files, expected",
    [
        (
            {"data/events/x.yaml": EVENT.replace("source: article", "source: ../data/site", 1)},
            'evidence[0].source: "../data/site" is not a source id',
        ),
        (
            {"data/events/x.yaml": EVENT.replace("source: article", "source: /etc/passwd", 1)},
            'evidence[0].source: "/etc/passwd" is not a source id',
        ),
        (
            {"data/events/x.yaml": EVENT.replace("source: article", "source: .", 1)},
            'evidence[0].source: "." is not a source id',
        ),
    ],
)
def test_ids_cannot_name_paths(run, project, files, expected):
    status, out, _ = run(["check"], cwd=project(small_project(files)))
    assert status == 1
    assert expected in out


def test_symlinks_out_of_the_project_are_refused(run, project, tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "s.txt").write_text("six people were killed\n", encoding="utf-8")
    (secret / "e.yaml").write_text(EVENT, encoding="utf-8")
    root = project()
    (root / "seeds" / "leak.txt").symlink_to(secret / "s.txt")
    (root / "seeds" / "leak.yaml").write_text('title: L\npublished: "2023-09-19"\n')
    (root / "data" / "events" / "leak.yaml").symlink_to(secret / "e.yaml")
    status, out, _ = run(["check"], cwd=root)
    assert status == 1
    assert "seeds/leak.txt:1:1: error: links to a file outside the project" in out
    assert "data/events/leak.yaml:1:1: error: links to a file outside the project" in out


def test_a_seeds_folder_linked_out_of_the_project_is_refused(run, project, tmp_path):
    root = project()
    outside = tmp_path / "elsewhere"
    (root / "seeds").rename(outside)
    (root / "seeds").symlink_to(outside)
    status, out, _ = run(["check"], cwd=root)
    assert status == 1
    assert "seeds/article.txt:1:1: error: links to a file outside the project" in out


@pytest.mark.parametrize("target", [".", "seeds", "data", "site_templates", "other"])
def test_build_refuses_outputs_that_would_lose_files_and_writes_nothing(run, project, target):
    root = project(small_project({"site_templates/static/x.css": "a{}", "other/keep.txt": "k"}))
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    status, out, err = run(["build", "--out", target], cwd=root)
    assert (status, out) == (1, "")
    assert err.startswith(f"timeline build: error: --out {target} ")
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_check_and_build_never_write_the_project(run, shipped, tmp_path):
    files = {p: p.read_bytes() for p in shipped.rglob("*") if p.is_file()}
    stamps = {p: p.stat().st_mtime_ns for p in files}
    assert run(["check"], cwd=shipped)[0] == 0
    assert run(["build", "--out", str(tmp_path / "out")], cwd=shipped)[0] == 0
    assert {p: p.read_bytes() for p in shipped.rglob("*") if p.is_file()} == files
    assert {p: p.stat().st_mtime_ns for p in files} == stamps
