"""Shared helpers: small projects written into tmp_path, the CLI run in-process."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest

from timeline.cli import main

REPO = Path(__file__).resolve().parent.parent

# Every run of the tests, and every process they start, keeps its check cache in a
# folder of its own: nothing is read from or left in the user's ~/.cache.
_CACHE = tempfile.TemporaryDirectory(prefix="timeline-test-cache-")
os.environ["TIMELINE_CACHE_DIR"] = _CACHE.name

SEED = textwrap.dedent("""\
    Tense day in the region.

    On Tuesday, officials said a “large-scale offensive” had begun – six people were killed.
    The war of 2020 lasted 44 days, and the blockade went on for nine months.
    """)

SITE = (
    'title: Test timeline\ndescription: A small test.\nbase_url: "https://example.org/t/"\n'
    "language: en\n"
)

SOURCE_META = 'title: Test article\npublisher: Test News\npublished: "2023-09-19"\nlanguage: en\n'

EVENT = textwrap.dedent("""\
    title: The offensive begins
    date: "2023-09-19"
    summary: Officials report an offensive.
    tags: [offensive]
    places: [Stepanakert]
    figures:
      killed: 6
    evidence:
      - source: article
        quote: "On Tuesday, officials said a \\"large-scale offensive\\" had begun"
        supports: [date]
      - source: article
        quote: "six people were killed"
        supports: [figures.killed]
    """)


OWN_SCRIPTS = {p.name for p in (REPO / "site_templates" / "static").glob("*.js")}


def is_own_script(script, page_path: str) -> bool:
    """A <script> that loads one of the site's own static/*.js files, with no inline code."""
    root = "../" * page_path.count("/")
    return not (script.string or "").strip() and script.get("src") in {
        f"{root}static/{name}" for name in OWN_SCRIPTS
    }


def write_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text} under root and return root."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def small_project(changes: dict[str, str | bytes | None] | None = None) -> dict[str, str | bytes]:
    """A valid one-event project, with `changes` applied (a value of None removes the file)."""
    files: dict[str, str | bytes | None] = {
        "data/site.yaml": SITE,
        "data/places.yaml": "Stepanakert: [Stephanakert, Khankendi]\n",
        "seeds/article.txt": SEED,
        "seeds/article.yaml": SOURCE_META,
        "data/events/offensive.yaml": EVENT,
        **(changes or {}),
    }
    return {key: value for key, value in files.items() if value is not None}


@pytest.fixture
def project(tmp_path: Path):
    """Factory: project(files) writes a project into a fresh folder and returns its path."""
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes] | None = None) -> Path:
        root = tmp_path / f"project{next(counter)}"
        root.mkdir()
        return write_project(root, files if files is not None else small_project())

    return make


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of this repository's own timeline project (seeds/ and data/)."""
    root = tmp_path / "shipped"
    for folder in ("seeds", "data"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture
def run(capsys, monkeypatch):
    """run(args, cwd=...) -> (exit status, stdout, stderr), the real CLI in-process."""

    def invoke(args: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        try:
            status = main(args)
        except SystemExit as exc:  # argparse's own exits (usage errors, --help)
            status = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return status, out, err

    return invoke
