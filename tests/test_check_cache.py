"""The check cache: a cached check says exactly what a full one says, and an edit
re-checks exactly the events it can change."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from timeline.cache import SHARDS, cache_folder
from timeline.checkcache import FOLDER_NAME
from timeline.dataset import load_project
from timeline.digests import digest

from conftest import EVENT, small_project


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(folder))
    monkeypatch.delenv("TIMELINE_CACHE", raising=False)
    return folder


def five_events(extra: dict | None = None) -> dict:
    """The small project with five events: four more citing its article, and one citing a
    second source."""
    files = small_project(
        {
            "seeds/other.txt": "In 2020 the war lasted 44 days.\n",
            "seeds/other.yaml": 'title: Other\npublished: "2021-01-01"\n',
        }
    )
    for n in range(1, 5):
        files[f"data/events/offensive-{n}.yaml"] = EVENT.replace(
            "The offensive begins", f"The offensive, take {n}"
        )
    files["data/events/war.yaml"] = (
        'title: The war\ndate: "2020"\nevidence:\n  - source: other\n'
        '    quote: "In 2020 the war lasted 44 days."\n    supports: [date]\n'
    )
    files.update(extra or {})
    return {name: text for name, text in files.items() if text is not None}


def report(root: Path) -> list[str]:
    result = load_project(str(root), display_root="p")
    return [str(problem) for problem in result.problems]


def test_second_check_comes_from_the_cache_and_says_the_same(project, cache_dir, run):
    root = project(five_events())
    first = run(["check", "--source", str(root)])
    stored = cache_dir / digest(os.path.realpath(root)) / FOLDER_NAME
    assert 1 <= len(list(stored.glob("*.pickle"))) <= SHARDS
    result = load_project(str(root), display_root=str(root))
    assert result.cached == 6
    assert run(["check", "--source", str(root)]) == first
    assert first[0] == 0


def test_an_edited_event_is_checked_again_and_only_it(project, cache_dir):
    root = project(five_events())
    before = report(root)
    path = root / "data/events/offensive-2.yaml"
    path.write_text(EVENT.replace("six people were killed", "seven people were killed"))
    result = load_project(str(root), display_root="p")
    assert result.cached == 5
    after = [str(problem) for problem in result.problems]
    assert after != before
    assert any(
        line.startswith("p/data/events/offensive-2.yaml:") and "quote not found" in line
        for line in after
    )
    # Undone, the event is proven again, and the error is not kept in the cache.
    path.write_text(EVENT.replace("The offensive begins", "The offensive, take 2"))
    result = load_project(str(root), display_root="p")
    assert result.cached == 5
    assert [str(problem) for problem in result.problems] == before


def test_an_edited_source_rechecks_exactly_the_events_that_cite_it(project, cache_dir):
    root = project(five_events())
    report(root)
    (root / "seeds/other.txt").write_text("In 2019 the war lasted 44 days.\n")
    result = load_project(str(root), display_root="p")
    assert result.cached == 5  # the five events citing "article" are untouched
    assert [str(p) for p in result.problems if p.is_error] == [
        "p/data/events/war.yaml:5:12: error: quote not found in other; the closest passage, "
        '94% similar, is at p/seeds/other.txt:1:1: "In 2019 the war lasted 44 days."'
    ]
    (root / "seeds/article.yaml").write_text(
        'title: Test article\npublisher: Test News\npublished: "2023-09-26"\nlanguage: en\n'
    )  # a week later: "On Tuesday" is now 26 September 2023, and every event citing it fails
    result = load_project(str(root), display_root="p")
    assert result.cached == 0
    assert sum("disagrees with evidence[0]" in str(p) for p in result.problems) == 5


def test_a_changed_place_list_rechecks_every_event(project, cache_dir):
    root = project(five_events())
    assert not any("places.yaml" in line for line in report(root))
    (root / "data/places.yaml").write_text("Shusha: [Shushi]\n")
    result = load_project(str(root), display_root="p")
    assert result.cached == 0
    assert sum('place "Stepanakert" is not in' in str(p) for p in result.problems) == 5


def test_a_deleted_event_leaves_its_source_uncited_and_the_cache_forgets_it(project, cache_dir):
    root = project(five_events())
    report(root)
    (root / "data/events/war.yaml").unlink()
    result = load_project(str(root), display_root="p")
    assert result.cached == 5
    assert [str(p) for p in result.problems] == [
        'p/seeds/other.txt:1:1: warning: source "other" is never cited'
    ]
    kept = [
        type(value).__name__
        for shard in cache_dir.glob(f"*/{FOLDER_NAME}/*.pickle")
        for value in pickle.loads(shard.read_bytes())["entries"].values()
    ]
    # The five events left, and the metadata of the two sources (see load_sources).
    assert sorted(kept) == ["Entry"] * 5 + ["tuple"] * 2


def test_the_same_cache_serves_a_check_run_from_another_folder(project, cache_dir, run):
    root = project(five_events({"data/events/war.yaml": None}))
    status, out, _ = run(["check", "--source", str(root)])
    assert f"{root}/seeds/other.txt:1:1: warning" in out
    status, out_there, _ = run(["check"], cwd=root)
    assert load_project(str(root), display_root="elsewhere").cached == 5
    assert out_there == out.replace(f"{root}/", "")
    # The warnings of cached events are shown at the path of this run.
    edited = five_events({"data/events/war.yaml": None})
    edited["data/events/offensive-1.yaml"] = EVENT.replace(
        "supports: [figures.killed]", "supports: []"
    )
    root2 = project(edited)
    first = run(["check", "--source", str(root2)])[1]
    again = run(["check"], cwd=root2)[1]
    assert "figures.killed rests on no quote" in again
    assert again == first.replace(f"{root2}/", "")


def test_a_broken_or_foreign_cache_is_a_cold_one(project, cache_dir, run):
    root = project(five_events())
    expected = report(root)
    shards = sorted(cache_dir.glob(f"*/{FOLDER_NAME}/*.pickle"))
    held = {  # the events' outcomes in each shard (not the sources' metadata beside them)
        shard: sum(
            type(value).__name__ == "Entry"
            for value in pickle.loads(shard.read_bytes())["entries"].values()
        )
        for shard in shards
    }
    broken = shards[0]
    broken.write_bytes(b"not a pickle")
    assert report(root) == expected
    assert load_project(str(root)).cached == 6  # its shard rewritten by the run before
    # Entries written by another version of timeline are not trusted.
    content = pickle.loads(broken.read_bytes())
    content["code"] = "another version"
    broken.write_bytes(pickle.dumps(content))
    assert load_project(str(root)).cached == 6 - held[broken]


def test_cache_off_and_an_unwritable_cache_folder(project, cache_dir, monkeypatch, run):
    root = project(five_events())
    monkeypatch.setenv("TIMELINE_CACHE", "off")
    assert cache_folder() is None
    expected = run(["check", "--source", str(root)])
    assert not cache_dir.exists()
    assert load_project(str(root)).cached == 0
    monkeypatch.delenv("TIMELINE_CACHE")
    blocker = cache_dir.parent / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(blocker / "cache"))
    assert run(["check", "--source", str(root)]) == expected


def test_builds_with_and_without_the_cache_are_byte_identical(
    shipped, cache_dir, tmp_path, run, monkeypatch
):
    def tree(folder: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()
        }

    monkeypatch.setenv("TIMELINE_SEARCH", "off")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run(["build", "--source", str(shipped), "--out", str(tmp_path / "a")])[0] == 0
    assert load_project(str(shipped)).cached == 10
    assert run(["build", "--source", str(shipped), "--out", str(tmp_path / "b")])[0] == 0
    monkeypatch.setenv("TIMELINE_CACHE", "off")
    assert run(["build", "--source", str(shipped), "--out", str(tmp_path / "c")])[0] == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b") == tree(tmp_path / "c")


def test_checking_on_two_cores_finds_exactly_what_one_core_finds(project, monkeypatch):
    from timeline import dataset

    files = five_events()
    for n in range(40):  # good events, events with errors and with warnings, interleaved
        text = EVENT.replace("The offensive begins", f"Event {n}")
        if n % 3 == 1:
            text = text.replace("six people", "seven people")
        if n % 5 == 2:
            text = text.replace("supports: [figures.killed]", "supports: []")
        if n % 7 == 3:
            text = text.replace("title:", "titel:")
        files[f"data/events/e{n:02}.yaml"] = text
    root = project(files)
    monkeypatch.setattr(dataset, "PARALLEL_FROM", 10**9)
    one = load_project(str(root), display_root="p", use_cache=False)
    monkeypatch.setattr(dataset, "PARALLEL_FROM", 2)
    two = load_project(str(root), display_root="p", use_cache=False)
    assert one.problems == two.problems
    assert {p.severity for p in one.problems} == {"error", "warning"}
    assert len(one.problems) == 27
    assert one.dataset == two.dataset
    assert (one.events, one.quotes) == (two.events, two.quotes) == (40, 79)


def test_a_check_of_an_unchanged_project_tells_the_last_outcome_again(project, cache_dir, run):
    files = five_events()
    files["data/events/offensive-1.yaml"] = EVENT.replace(
        "supports: [figures.killed]", "supports: []"
    )
    root = project(files)
    first = run(["check", "--source", str(root)])
    assert first[0] == 0 and "1 warning" in first[1]
    last = next(cache_dir.glob("*/last-check.pickle"))
    written = last.stat().st_mtime_ns
    assert run(["check", "--source", str(root)]) == first
    assert last.stat().st_mtime_ns == written  # told again, not checked again
    assert run(["check", "--strict", "--source", str(root)])[0] == 1
    # Any change to what the check reads: checked again.
    (root / "data/places.yaml").write_text("Stepanakert: [Khankendi]\n")
    again = run(["check", "--source", str(root)])
    assert again == first  # the same outcome, but found anew
    assert last.stat().st_mtime_ns != written
    (root / "seeds/other.txt").write_text("In 2019 the war lasted 44 days.\n")
    assert run(["check", "--source", str(root)])[0] == 1


def test_records_pickled_by_their_fields_come_back_equal() -> None:
    import copyreg
    from dataclasses import dataclass, field

    from timeline import checkcache  # registers the records it keeps
    from timeline.dates import parse_date
    from timeline.pickling import register_by_fields, restore
    from timeline.problems import error

    for record in (parse_date("1991-09-02"), parse_date("1988/1994"), error("a.yaml", 3, 4, "m")):
        assert type(record) in copyreg.dispatch_table
        again = pickle.loads(pickle.dumps(record))
        assert again == record
        assert type(again) is type(record)
        assert hash(again) == hash(record)
        # Restored by timeline.pickling, from the fields alone.
        assert b"timeline.pickling" in pickle.dumps(record)
    assert checkcache.Entry in copyreg.dispatch_table

    @dataclass(frozen=True, slots=True)
    class One:
        only: str

    register_by_fields(One)
    assert restore(One, ("x",)) == One("x")

    with pytest.raises(TypeError):

        @dataclass(frozen=True, slots=True)
        class Partly:
            shown: str
            hidden: str = field(init=False, default="")

        register_by_fields(Partly)

    with pytest.raises(TypeError):

        @dataclass(frozen=True)
        class Unslotted:
            shown: str

        register_by_fields(Unslotted)


def test_a_file_changed_after_the_look_is_kept_under_what_was_read(project, cache_dir):
    """The digests a run's look at the project found (project_digest's `seen`) are not
    looked at again; an event file edited after that look and read to be checked has its
    outcome kept under the bytes read, never under the digest of what it held before."""
    from timeline.cache import project_digest

    root = project(five_events())
    path = root / "data/events/offensive-2.yaml"
    good = path.read_text()
    bad = EVENT.replace("six people were killed", "seven people were killed")
    path.write_text(bad)
    seen: dict[str, str] = {}
    project_digest(str(root), seen=seen)
    assert seen[str(path)] == digest(bad.encode())
    path.write_text(good)  # edited again, after the look, before the check reads it
    result = load_project(str(root), display_root="p", seen=seen)
    assert result.cached == 0  # a cold cache: every event read now, the good text too
    assert not [p for p in result.problems if p.is_error]
    # Had the good outcome been kept under the bad text's digest, the bad text would
    # pass now; it fails, as a full check says.
    path.write_text(bad)
    result = load_project(str(root), display_root="p")
    assert result.cached == 5
    assert any("quote not found" in str(p) for p in result.problems)


@pytest.mark.parametrize("name", ["", FOLDER_NAME, "fragments"])
def test_a_cache_folder_found_to_be_a_file_is_made_a_folder_again(
    project, cache_dir, run, monkeypatch, name
):
    """The project's cache folder, or one of its own, replaced by a file: the next run is a
    cold one, which makes it a folder again, and the run after is warm."""
    monkeypatch.setenv("TIMELINE_SEARCH", "off")
    root = project(five_events())
    build = ["build", "--source", str(root), "--out", str(root.parent / "site")]
    assert run(build)[0] == 0
    folder = cache_dir / digest(os.path.realpath(root)) / name
    shutil.rmtree(folder)
    folder.write_text("not a folder\n")
    status, stdout, stderr = run([*build, "--base-url", "https://example.org/other/"])
    assert status == 0 and "unchanged" not in stdout and "Traceback" not in stderr
    assert folder.is_dir()
    assert load_project(str(root)).cached == 6
    status, stdout, _ = run([*build, "--base-url", "https://example.org/other/"])
    assert status == 0 and "is up to date" in stdout


def test_a_cache_root_that_is_a_file_is_said_on_every_run(project, tmp_path, monkeypatch, run):
    """TIMELINE_CACHE_DIR set to a file, the user's: it is left alone, and every run says
    in one line that nothing is cached, and what to do."""
    root = project(five_events())
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine\n")
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(blocker))
    warning = (
        f"timeline: warning: the cache folder {blocker} is a file, so nothing is cached; "
        "delete it (or set TIMELINE_CACHE_DIR to a folder) to turn the cache back on\n"
    )
    for _ in range(2):
        status, _, stderr = run(["check", "--source", str(root)])
        assert status == 0 and stderr.startswith(warning) and stderr.count(warning) == 1
    status, _, stderr = run(["build", "--source", str(root), "--out", str(tmp_path / "site")])
    assert status == 0 and stderr.count(warning) == 1
    assert blocker.read_text() == "mine\n"


def test_a_folder_found_where_a_cache_file_should_be_is_removed(
    project, cache_dir, run, monkeypatch
):
    """The output's manifest and a shard of the check cache replaced by folders: the next
    run is a cold one, which writes them again, and the run after is warm."""
    monkeypatch.setenv("TIMELINE_SEARCH", "off")
    root = project(five_events())
    build = ["build", "--source", str(root), "--out", str(root.parent / "site")]
    assert run(build)[0] == 0
    folder = cache_dir / digest(os.path.realpath(root))
    (manifest,) = folder.glob("site-*.pickle")
    shard = next((folder / FOLDER_NAME).glob("*.pickle"))
    for path in (manifest, shard):
        path.unlink()
        path.mkdir()
        (path / "x").write_bytes(b"x")
    status, stdout, stderr = run(build)
    assert status == 0 and "is up to date" not in stdout and stderr == "", stderr
    assert manifest.is_file() and shard.is_file()
    assert load_project(str(root)).cached == 6
    status, stdout, _ = run(build)
    assert status == 0 and "is up to date" in stdout
