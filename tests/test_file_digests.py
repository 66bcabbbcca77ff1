"""FileDigests: a file is read again whenever it may have changed, even when its size and
modification time are made to look the same; an old, unchanged file is not."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from timeline.cache import RACY_NS, FileDigests
from timeline.dataset import load_project
from timeline.digests import digest

from conftest import EVENT, small_project, write_project


@pytest.fixture(scope="module")
def aged(tmp_path_factory) -> Path:
    """A folder of three files written more than RACY_NS ago (one wait for the module)."""
    folder = tmp_path_factory.mktemp("aged")
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (folder / name).write_bytes(f"title: {name}\n".encode())
    write_project(folder / "project", small_project())
    time.sleep(RACY_NS / 1e9 + 0.2)
    return folder


def test_an_old_unchanged_file_is_known_by_its_status(aged: Path, tmp_path: Path) -> None:
    table = tmp_path / "files.pickle"
    first = FileDigests(str(table))
    path = str(aged / "a.yaml")
    assert first.of(path) == digest(b"title: a.yaml\n")
    first.save()
    again = FileDigests(str(table))
    assert path in again._known  # noqa: SLF001 - what is kept is the point here
    assert again.of(path) == digest(b"title: a.yaml\n")


def test_a_rewrite_that_keeps_size_and_mtime_is_still_seen(aged: Path, tmp_path: Path) -> None:
    table = tmp_path / "files.pickle"
    path = aged / "b.yaml"
    first = FileDigests(str(table))
    assert first.of(str(path)) == digest(b"title: b.yaml\n")
    first.save()
    before = path.stat()
    path.write_bytes(b"title: B.YAML\n")  # same size...
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # ...and the old mtime
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    # The change time moved, which no tool can set back: the file is read again.
    assert FileDigests(str(table)).of(str(path)) == digest(b"title: B.YAML\n")


def test_a_file_changed_just_now_is_not_trusted_next_time(tmp_path: Path) -> None:
    table = tmp_path / "files.pickle"
    path = tmp_path / "fresh.yaml"
    path.write_bytes(b"one\n")
    first = FileDigests(str(table))
    assert first.of(str(path)) == digest(b"one\n")
    first.save()
    assert str(path) not in FileDigests(str(table))._known  # noqa: SLF001


def test_files_gone_are_forgotten_by_a_complete_look(aged: Path, tmp_path: Path) -> None:
    table = tmp_path / "files.pickle"
    first = FileDigests(str(table))
    paths = [str(aged / name) for name in ("a.yaml", "c.yaml")]
    for path in paths:
        first.of(path)
    first.save()
    second = FileDigests(str(table))
    second.of(paths[0])
    second.save()  # a partial look (the event files only) keeps the rest
    assert set(FileDigests(str(table))._known) == set(paths)  # noqa: SLF001
    third = FileDigests(str(table))
    third.of(paths[0])
    third.save(complete=True)
    assert set(FileDigests(str(table))._known) == {paths[0]}  # noqa: SLF001


def test_unreadable_or_missing_files_have_no_digest(tmp_path: Path) -> None:
    files = FileDigests(None)
    assert files.of(str(tmp_path / "missing.yaml")) is None
    assert files.of(str(tmp_path)) is None  # a folder


def test_a_check_sees_an_event_rewritten_with_its_size_and_mtime(aged: Path) -> None:
    """The check cache is keyed by the file's digest from this table: an old event file
    rewritten behind its back (same size, mtime set back) is read and checked again."""
    root = aged / "project"
    first = load_project(str(root))
    assert [p for p in first.problems if p.is_error] == []
    assert load_project(str(root)).cached == 1  # known by its status, from the cache
    path = root / "data" / "events" / "offensive.yaml"
    before = path.stat()
    changed = EVENT.replace("six people were killed", "sex people were killed")
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    again = load_project(str(root))
    assert again.cached == 0
    assert [p.message for p in again.problems if p.is_error] == [
        p.message for p in load_project(str(root), use_cache=False).problems if p.is_error
    ]
    assert any("quote not found" in p.message for p in again.problems if p.is_error)
