"""Incremental builds: a build that keeps files from the previous one gives the same bytes
as a build from nothing, and an edit makes again exactly the files that show it."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

import pytest

from conftest import REPO

STATIC = len(list((REPO / "site_templates/static").iterdir()))
SEARCH_OFF = {"TIMELINE_SEARCH": "off", "SOURCE_DATE_EPOCH": "1700000000"}


@pytest.fixture(autouse=True)
def quiet_build(monkeypatch, tmp_path):
    for key, value in SEARCH_OFF.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TIMELINE_CACHE", raising=False)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def inodes(folder: Path) -> dict[str, int]:
    """The inode of each planned file (static/ is copied and the marker written each time)."""
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino
        for p in folder.rglob("*")
        if p.is_file()
        and not p.relative_to(folder).as_posix().startswith("static/")
        and p.name != ".timeline-build"
    }


def build(run, root: Path, out: Path, *extra: str) -> str:
    status, stdout, stderr = run(["build", "--source", str(root), "--out", str(out), *extra])
    assert status == 0, stderr
    return stdout


def cold(run, monkeypatch, root: Path, out: Path) -> dict[str, bytes]:
    """The site built from nothing: no check cache, no previous build."""
    monkeypatch.setenv("TIMELINE_CACHE", "off")
    try:
        build(run, root, out)
    finally:
        monkeypatch.delenv("TIMELINE_CACHE")
    return tree(out)


def made_again(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path, inode in after.items() if before.get(path) != inode}


DATASET = {
    "events.json",
    "events.csv",
    "evidence.csv",
    "sources.csv",
    "datapackage.json",
    "timeline.json",
    "feed.xml",
    "index.html",
}


def test_nothing_changed_means_nothing_written(shipped, tmp_path, run):
    out = tmp_path / "site"
    build(run, shipped, out)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    stdout = build(run, shipped, out)
    assert re.fullmatch(
        rf"{re.escape(str(out))}/ is up to date: 10 events, 6 sources, \d+ files in \d+\.\d\d s\n",
        stdout,
    )
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")} == before


def test_an_edited_event_makes_again_exactly_the_pages_that_show_it(
    shipped, tmp_path, run, monkeypatch
):
    out = tmp_path / "site"
    build(run, shipped, out)
    before = inodes(out)
    path = shipped / "data/events/second-war.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Edited, ", 1))
    stdout = build(run, shipped, out)
    after = inodes(out)
    events = sorted(p.name[: -len(".yaml")] for p in (shipped / "data/events").iterdir())
    # The edited event's page, its neighbours' (they link to it by title), the sources it
    # quotes (they name it), its tag and place pages, and every file showing all events.
    expected = DATASET | {
        "events/second-war/index.html",
        "events/independence-declaration/index.html",
        "events/trilateral-ceasefire-2020/index.html",
        "sources/el-diario-2023-09-19/index.html",
        "sources/wikipedia-2020-ceasefire/index.html",
        "sources/wikipedia-second-war/index.html",
        "tags/war/index.html",
        "places/nagorno-karabakh/index.html",
        "places/shusha/index.html",
        "places/armenia/index.html",
        "places/azerbaijan/index.html",
    }
    assert made_again(before, after) == expected
    assert stdout.startswith(
        f"built {out}/: 10 events, 6 sources, {len(after) + STATIC} files "
        f"({len(expected)} made, {len(after) - len(expected)} unchanged) in "
    )
    assert "second-war" in events
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold")


def test_an_edited_source_makes_again_the_events_that_quote_it(shipped, tmp_path, run, monkeypatch):
    out = tmp_path / "site"
    build(run, shipped, out)
    before = inodes(out)
    meta = shipped / "seeds/wikipedia-second-war.yaml"
    meta.write_text(re.sub(r"title: .*", "title: Another title", meta.read_text(), count=1))
    build(run, shipped, out)
    again = made_again(before, inodes(out))
    # The source's page, the events quoting it and their neighbours, and the sources
    # naming those events.
    for page in (
        "sources/wikipedia-second-war",
        "events/first-war",
        "events/second-war",
        "events/independence-declaration",
        "events/trilateral-ceasefire-2020",
        "sources/wikipedia-bishkek-protocol",
    ):
        assert f"{page}/index.html" in again
    for page in ("events/dissolution-decree", "sources/wikipedia-flight-of-armenians"):
        assert f"{page}/index.html" not in again
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold")


def test_what_every_page_shows_makes_every_page_again(shipped, tmp_path, run, monkeypatch):
    out = tmp_path / "site"
    build(run, shipped, out)
    pages = set(inodes(out)) - {"sitemap.xml", "schema/event.schema.json"}
    # Another address, the project's own template and stylesheet, and the site settings.
    for change in ("base-url", "template", "static", "site"):
        before = inodes(out)
        extra: tuple[str, ...] = ()
        if change == "base-url":
            extra = ("--base-url", "https://example.net/elsewhere/")
        elif change == "static":
            (shipped / "site_templates/static").mkdir()
            style = (REPO / "site_templates/static/style.css").read_text()
            (shipped / "site_templates/static/style.css").write_text(style + "/* ours */\n")
        elif change == "template":
            (shipped / "site_templates").mkdir(exist_ok=True)
            base = (REPO / "site_templates/base.html").read_text()
            (shipped / "site_templates/base.html").write_text(
                base.replace("</body>", "<!-- -->\n</body>")
            )
        else:
            site = shipped / "data/site.yaml"
            site.write_text(re.sub("(?m)^title: .*$", 'title: "A new title"', site.read_text()))
        build(run, shipped, out, *extra)
        assert made_again(before, inodes(out)) >= {p for p in pages if p.endswith(".html")}, change
    assert "<!-- -->" in (out / "index.html").read_text()
    assert (out / "static/style.css").read_text().endswith("/* ours */\n")


def test_a_file_changed_in_the_output_is_made_again(shipped, tmp_path, run, monkeypatch):
    out = tmp_path / "site"
    build(run, shipped, out)
    page = out / "events/second-war/index.html"
    page.write_text(page.read_text() + "<script>alert(1)</script>")
    (out / "feed.xml").unlink()
    stdout = build(run, shipped, out)
    assert "(2 made, " in stdout
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold")


def test_a_site_built_by_another_run_is_not_trusted(shipped, tmp_path, run, monkeypatch):
    """The manifest applies only to the build that wrote the output folder's marker."""
    out = tmp_path / "site"
    build(run, shipped, out)
    monkeypatch.setenv("TIMELINE_CACHE", "off")
    build(run, shipped, out)  # writes the site anew, and no manifest
    monkeypatch.delenv("TIMELINE_CACHE")
    before = inodes(out)
    stdout = build(run, shipped, out)
    assert stdout.startswith(f"built {out}/") and "unchanged" not in stdout
    assert not set(before.values()) & set(inodes(out).values())


def test_the_cache_off_builds_everything(shipped, tmp_path, run, monkeypatch):
    monkeypatch.setenv("TIMELINE_CACHE", "off")
    out = tmp_path / "site"
    build(run, shipped, out)
    stdout = build(run, shipped, out)
    assert stdout.startswith(f"built {out}/") and "unchanged" not in stdout
    assert not (tmp_path / "cache").exists()
    assert os.path.isfile(out / ".timeline-build")


def test_a_build_on_two_cores_is_byte_identical_to_one_on_one(shipped, tmp_path, run, monkeypatch):
    from timeline import dataset, output

    monkeypatch.setenv("TIMELINE_CACHE", "off")
    for module, name in (
        (dataset, "PARALLEL_FROM"),
        (dataset, "SUMMARIES_PARALLEL_FROM"),
        (output, "PARALLEL_FROM"),
    ):
        monkeypatch.setattr(module, name, 10**9)
    build(run, shipped, tmp_path / "one")
    for module, name in (
        (dataset, "PARALLEL_FROM"),
        (dataset, "SUMMARIES_PARALLEL_FROM"),
        (output, "PARALLEL_FROM"),
    ):
        monkeypatch.setattr(module, name, 2)
    build(run, shipped, tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert len(tree(tmp_path / "two")) > 40


def test_an_up_to_date_build_tells_its_warnings_again_and_strict_still_fails(
    shipped, tmp_path, run
):
    out = tmp_path / "site"
    first = run(["build", "--source", str(shipped), "--out", str(out)])
    assert first[0] == 0 and first[2].count(": warning: ") == 4
    again = run(["build", "--source", str(shipped), "--out", str(out)])
    assert again[0] == 0 and "is up to date" in again[1]
    assert again[2] == first[2]
    strict = run(["build", "--strict", "--source", str(shipped), "--out", str(out)])
    assert strict[0] == 1
    assert strict[2] == first[2] + f"build failed: 4 warnings (--strict); {out}/ was not touched\n"


def test_a_change_no_page_shows_is_up_to_date_and_remembered(shipped, tmp_path, run):
    out = tmp_path / "site"
    build(run, shipped, out)
    before = inodes(out)
    (shipped / "data/notes.txt").write_text("An editor's note no page shows.\n")
    assert "is up to date" in build(run, shipped, out)
    assert inodes(out) == before
    assert "is up to date" in build(run, shipped, out)


def test_a_run_of_edits_each_gives_the_site_a_build_from_nothing_gives(
    shipped, tmp_path, run, monkeypatch
):
    """From the third build on, the site before the previous one, kept in the cache, is
    brought up to date in place: pages added, changed and removed, folders too."""
    out = tmp_path / "site"
    events = shipped / "data/events"
    removed = (events / "landmine-explosions.yaml").read_text()
    steps = [
        lambda: None,
        lambda: (events / "second-war.yaml").write_text(
            (events / "second-war.yaml").read_text().replace("title: ", "title: Edited, ", 1)
        ),
        lambda: (events / "landmine-explosions.yaml").unlink(),  # its page and folder go
        lambda: (events / "flight-of-armenians.yaml").write_text(
            (events / "flight-of-armenians.yaml")
            .read_text()
            .replace("tags: [displacement]", "tags: [exodus]")  # a tag page goes, one comes
        ),
        lambda: (events / "landmine-explosions.yaml").write_text(removed),
        lambda: (events / "second-war.yaml").write_text(
            (events / "second-war.yaml").read_text().replace("title: Edited, ", "title: ", 1)
        ),
    ]
    for number, step in enumerate(steps):
        step()
        build(run, shipped, out)
        expected = cold(run, monkeypatch, shipped, tmp_path / f"cold-{number}")
        assert tree(out) == expected, f"step {number}"
        if number >= 1:
            kept = list((tmp_path / "cache").glob("*/site-*.previous"))
            assert len(kept) == 1 and (kept[0] / ".timeline-build").is_file()
    assert not (out / "tags/displacement").exists()
    assert (out / "tags/exodus/index.html").is_file()


def test_a_spare_site_touched_or_half_updated_is_not_trusted(shipped, tmp_path, run, monkeypatch):
    out = tmp_path / "site"
    event = shipped / "data/events/second-war.yaml"
    original = event.read_text()
    build(run, shipped, out)
    event.write_text(original.replace("title: ", "title: Edited, ", 1))
    build(run, shipped, out)
    (spare,) = (tmp_path / "cache").glob("*/site-*.previous")
    # A file changed in the kept site, and its marker gone (as a killed build leaves it).
    page = spare / "events/independence-declaration/index.html"
    page.write_text("tampered")
    event.write_text(original)
    build(run, shipped, out)
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold-1")
    (spare,) = (tmp_path / "cache").glob("*/site-*.previous")
    (spare / ".timeline-build").unlink()
    event.write_text(original.replace("title: ", "title: Again, ", 1))
    build(run, shipped, out)
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold-2")


def _rewrite_keeping_size_and_mtime(path: Path, old: bytes, new: bytes) -> None:
    """Change bytes of a file where no size or mtime shows it (a disk's damage, or a tool
    that puts the mtime back)."""
    assert len(old) == len(new)
    stat = path.stat()
    data = path.read_bytes()
    assert data.count(old) == 1
    path.write_bytes(data.replace(old, new))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)


# The part of one event (not the one edited) in each file made of one part per event.
LACHIN = {
    "events.json": b'"id": "lachin-blockade"',
    "events.csv": b"\r\nlachin-blockade,",
    "evidence.csv": b"\r\nlachin-blockade,0,",
    "timeline.json": b'"unique_id": "lachin-blockade"',
    "index.html": b'id="lachin-blockade"',
    "places/shusha/index.html": b'id="lachin-blockade"',
    "feed.xml": b"events/lachin-blockade/</id>",
}


def log_copies(monkeypatch, log: Path) -> None:
    """Note in `log` each run of bytes a build copies from the files of the last one (a
    forked process's too: each appends a line)."""
    from timeline import parts

    copy = parts._copy

    def logged(fd: int, source: str, start: int, length: int) -> None:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{start} {length} {os.path.normpath(source)}\n")
        copy(fd, source, start, length)

    monkeypatch.setattr(parts, "_copy", logged)


def copied(log: Path, source: Path, before: bytes, mark: bytes) -> bool:
    """Whether the bytes `mark` of the file at `source`, which held `before`, were copied."""
    where = before.index(mark)
    for line in log.read_text(encoding="utf-8").splitlines() if log.exists() else []:
        start, length, path = line.split(" ", 2)
        inside = int(start) <= where and where + len(mark) <= int(start) + int(length)
        if inside and path == os.path.normpath(source):
            return True
    return False


@pytest.mark.parametrize("processes", [1, 2])
def test_an_edit_copies_the_other_events_parts_from_the_last_build_files(
    shipped, tmp_path, run, monkeypatch, processes
):
    """events.json, the event tables, timeline.json, the listings and the feed are made of
    one part per event: an edit makes the edited event's and copies the others from the
    last build's file (seen here in the runs of bytes copied), on one process or two."""
    from timeline import output

    monkeypatch.setattr(output, "PARALLEL_FROM", 10**9 if processes == 1 else 2)
    out = tmp_path / "site"
    build(run, shipped, out)
    before = {name: (out / name).read_bytes() for name in LACHIN}
    log_copies(monkeypatch, tmp_path / "copied.log")
    path = shipped / "data/events/second-war.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Edited, ", 1))
    build(run, shipped, out)
    for name, mark in LACHIN.items():
        assert copied(tmp_path / "copied.log", out / name, before[name], mark), name
        assert b"Edited, " in (out / name).read_bytes() or name == "evidence.csv", name
    # The Data Package describes the tables as written, whichever process made which.
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        data = (out / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold")


def test_a_dataset_file_changed_in_the_output_is_not_copied_from(
    shipped, tmp_path, run, monkeypatch
):
    out = tmp_path / "site"
    build(run, shipped, out)
    events_json = out / "events.json"
    events_json.write_bytes(events_json.read_bytes().replace(b'"id": "lachin-', b'"id": "x-'))
    path = shipped / "data/events/second-war.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Edited, ", 1))
    build(run, shipped, out)
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold")


def test_an_edit_after_an_undo_still_copies_the_other_events_parts(
    shipped, tmp_path, run, monkeypatch
):
    """An edit undone brings the files of the site before back (nothing is made); the
    tables of where their parts lie come back with them, so the next edit still copies
    the other events' parts (seen in the runs of bytes copied). The tables kept are those
    of the site and of the one before it: they do not pile up, and one a killed build
    left is removed."""
    out = tmp_path / "site"
    first, second = shipped / "data/events/second-war.yaml", shipped / "data/events/first-war.yaml"
    original = first.read_text()
    build(run, shipped, out)
    first.write_text(original.replace("title: ", "title: Edited, ", 1))
    build(run, shipped, out)
    (tables,) = (tmp_path / "cache").glob("*/site-*.parts")
    count = len(list(tables.iterdir()))
    first.write_text(original)
    assert "(0 made, " in build(run, shipped, out)
    (tables / "left-by-a-killed-build.pickle").write_bytes(b"")
    names = ("events.json", "index.html", "feed.xml")
    before = {name: (out / name).read_bytes() for name in names}
    log_copies(monkeypatch, tmp_path / "copied.log")
    second.write_text(second.read_text().replace("title: ", "title: Edited, ", 1))
    build(run, shipped, out)
    for name in names:
        assert copied(tmp_path / "copied.log", out / name, before[name], LACHIN[name]), name
        assert b"Edited, " in (out / name).read_bytes(), name
    names = {path.name for path in tables.iterdir()}
    assert "left-by-a-killed-build.pickle" not in names and "index.pickle" in names
    assert len(names) == count


# A page no edit of second-war changes, and a change to it of the same length.
DAMAGED = ("events/dissolution-decree/index.html", b"<h1>Artsakh", b"<h1>ARTSAKH")


def test_a_file_damaged_in_the_output_keeping_its_size_and_mtime_is_made_again(
    shipped, tmp_path, run, monkeypatch
):
    """A change that no size or mtime shows (a disk's damage, a tool that puts the mtime
    back) is seen all the same (the file's change time and inode): the site is not up to
    date, and neither the page nor the parts of a file made of parts are taken from it."""
    out = tmp_path / "site"
    build(run, shipped, out)
    page, old, new = DAMAGED
    _rewrite_keeping_size_and_mtime(out / page, old, new)
    _rewrite_keeping_size_and_mtime(
        out / "events.json", LACHIN["events.json"], LACHIN["events.json"].upper()
    )
    assert "is up to date" not in build(run, shipped, out)
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold-1")
    _rewrite_keeping_size_and_mtime(out / page, old, new)
    _rewrite_keeping_size_and_mtime(
        out / "feed.xml", LACHIN["feed.xml"], b"events/LACHIN-BLOCKADE/</id>"
    )
    path = shipped / "data/events/second-war.yaml"
    path.write_text(path.read_text().replace("title: ", "title: Edited, ", 1))
    build(run, shipped, out)
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold-2")


def test_a_file_damaged_in_the_kept_site_keeping_its_size_and_mtime_is_not_published(
    shipped, tmp_path, run, monkeypatch
):
    """The site before the last, kept in the cache folder and brought up to date in place,
    is damaged where no size or mtime shows it: the damaged page is made again."""
    out = tmp_path / "site"
    event = shipped / "data/events/second-war.yaml"
    original = event.read_text()
    build(run, shipped, out)
    event.write_text(original.replace("title: ", "title: Edited, ", 1))
    build(run, shipped, out)
    (spare,) = (tmp_path / "cache").glob("*/site-*.previous")
    page, old, new = DAMAGED
    _rewrite_keeping_size_and_mtime(spare / page, old, new)
    event.write_text(original.replace("title: ", "title: Again, ", 1))
    assert "unchanged" in build(run, shipped, out)
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold")


def test_a_site_not_kept_is_removed_and_the_new_one_still_known_as_built(
    shipped, tmp_path, run, monkeypatch
):
    """With no folder to keep the site before in (the cache on another file system), it is
    removed after the swap, which takes a link from every file the new site shares with
    it and so sets their change time: the new site is still up to date, and linked from."""
    with tempfile.TemporaryDirectory(dir="/dev/shm") as elsewhere:  # a tmpfs of its own
        assert os.stat(elsewhere).st_dev != os.stat(tmp_path).st_dev
        monkeypatch.setenv("TIMELINE_CACHE_DIR", elsewhere)
        _build_without_a_kept_site(shipped, tmp_path, run, monkeypatch)


def _build_without_a_kept_site(shipped: Path, tmp_path: Path, run, monkeypatch) -> None:
    out = tmp_path / "site"
    event = shipped / "data/events/second-war.yaml"
    original = event.read_text()
    build(run, shipped, out)
    event.write_text(original.replace("title: ", "title: Edited, ", 1))
    assert "unchanged" in build(run, shipped, out)
    assert "is up to date" in build(run, shipped, out)
    event.write_text(original)
    stdout = build(run, shipped, out)
    assert int(re.search(r"\((\d+) made, ", stdout)[1]) == len(DATASET) + 11, stdout
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold")


def made(stdout: str) -> int:
    """How many files a build says it made."""
    found = re.search(r"\(([\d,]+) made, ", stdout)
    assert found, stdout
    return int(found[1].replace(",", ""))


def test_a_kept_site_a_killed_build_left_half_updated_is_removed_only_after_the_swap(
    shipped, tmp_path, run, monkeypatch
):
    """A build killed while it brought the kept site up to date leaves it without its
    marker. Its unchanged files are links to the site's: removed before the next build
    links those, they would be changed in its eyes (their change time set), and made
    again; they are removed once the new site is in, and that site is known as built."""
    out = tmp_path / "site"
    event, other = shipped / "data/events/second-war.yaml", shipped / "data/events/first-war.yaml"
    original = event.read_text()
    build(run, shipped, out)
    other.write_text(other.read_text().replace("title: ", "title: Edited, ", 1))
    build(run, shipped, out)
    (spare,) = (tmp_path / "cache").glob("*/site-*.previous")
    (spare / ".timeline-build").unlink()
    stale = tmp_path / ".site.building-killed"  # a killed build's staging folder
    stale.mkdir()
    event.write_text(original.replace("title: ", "title: Edited, ", 1))
    assert made(build(run, shipped, out)) == len(DATASET) + 11
    assert not stale.exists() and (spare / ".timeline-build").is_file()
    assert "is up to date" in build(run, shipped, out)
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold")


@pytest.mark.parametrize("kept", [False, True])
def test_a_failed_build_costs_the_next_one_no_links(shipped, tmp_path, run, monkeypatch, kept):
    """A build that fails after it linked files of the site (into a folder of its own, or
    into the kept site it brings up to date) puts down their status again, which each link
    changed: the next build still links them. A kept site it half updated is left to the
    next build, which removes it once its own site is in."""
    out = tmp_path / "site"
    event, other = shipped / "data/events/second-war.yaml", shipped / "data/events/first-war.yaml"
    build(run, shipped, out)
    if kept:  # a site kept, whose files of first-war are out of date
        other.write_text(other.read_text().replace("title: ", "title: Edited, ", 1))
        build(run, shipped, out)
    event.write_text(event.read_text().replace("title: ", "title: Edited, ", 1))
    # A search indexer that fails, the last step of a build, after every file is made.
    failing = tmp_path / "failing-indexer"
    (failing / "pagefind").mkdir(parents=True)
    (failing / "pagefind" / "__init__.py").write_text("")
    (failing / "pagefind" / "__main__.py").write_text("raise SystemExit('the index failed')\n")
    with monkeypatch.context() as indexer:
        indexer.delenv("TIMELINE_SEARCH", raising=False)
        indexer.syspath_prepend(str(failing))
        indexer.setenv("PYTHONPATH", str(failing))
        status, _, stderr = run(["build", "--source", str(shipped), "--out", str(out)])
    assert status == 1, stderr
    assert stderr.endswith(
        "\ntimeline build: error: pagefind could not index the site: the index failed\n"
    )
    assert made(build(run, shipped, out)) == len(DATASET) + 11
    assert "is up to date" in build(run, shipped, out)
    assert tree(out) == cold(run, monkeypatch, shipped, tmp_path / "cold")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
