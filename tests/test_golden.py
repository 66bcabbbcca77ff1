"""The whole built site of a tiny project, byte for byte, against tests/golden/site/.

tests/golden/project/ has two sources, three events (a day, an interval and a year-only
date), two overlapping quotes in one source, tags, and a place cited by one of its
variants. After a deliberate change to the output, run `python tests/regen_golden.py`
and review the diff of tests/golden/site/ before committing it. Both build with
TIMELINE_SEARCH=off, so the golden site holds no Pagefind index and does not depend on
which Pagefind is installed (tests/test_search.py covers the index).
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
PROJECT = GOLDEN / "project"
SITE = GOLDEN / "site"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root: {"/"-separated relative path: bytes}."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def first_difference(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """A readable account of the first file that differs (a unified diff when it is text)."""
    for name in sorted(expected):
        if expected[name] == actual[name]:
            continue
        try:
            old = expected[name].decode("utf-8").splitlines(keepends=True)
            new = actual[name].decode("utf-8").splitlines(keepends=True)
        except UnicodeDecodeError:
            return f"{name} differs (binary)"
        diff = difflib.unified_diff(old, new, f"golden/site/{name}", f"built/{name}")
        return f"{name} differs; run python tests/regen_golden.py if intended:\n" + "".join(diff)
    return ""


@pytest.fixture
def built(tmp_path: Path, run, monkeypatch) -> Path:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("TIMELINE_SEARCH", "off")  # no pagefind/: golden is Pagefind-free
    out = tmp_path / "site"
    status, stdout, stderr = run(["build", "--out", str(out)], cwd=project)
    assert (status, stderr) == (0, ""), stderr
    assert stdout.startswith(f"built {out}/: 3 events, 2 sources, ")
    return out


def test_golden_project_is_present():
    names = {p.relative_to(PROJECT).as_posix() for p in PROJECT.rglob("*") if p.is_file()}
    assert names == {
        "data/site.yaml",
        "data/places.yaml",
        "data/events/independence.yaml",
        "data/events/offensive.yaml",
        "data/events/war.yaml",
        "seeds/alpha.txt",
        "seeds/alpha.yaml",
        "seeds/beta.txt",
        "seeds/beta.yaml",
    }
    assert (SITE / "index.html").is_file(), "run python tests/regen_golden.py"


def test_build_matches_golden_site(built: Path):
    expected, actual = tree(SITE), tree(built)
    assert sorted(actual) == sorted(expected), "the set of files differs"
    assert actual == expected, first_difference(expected, actual)


def test_golden_site_holds_every_kind_of_page():
    """The fixture itself covers what it claims to (a guard against a thin regeneration)."""
    names = set(tree(SITE))
    assert {
        "index.html",
        "404.html",
        "sitemap.xml",
        "feed.xml",
        "events.json",
        "events.csv",
        "evidence.csv",
        "sources.csv",
        "static/style.css",
        "events/independence/index.html",
        "events/offensive/index.html",
        "events/war/index.html",
        "sources/alpha/index.html",
        "sources/beta/index.html",
        "tags/war/index.html",
        "places/stepanakert/index.html",
    } <= names
