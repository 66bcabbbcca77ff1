"""`timeline build`: what it writes, what it prints, and what it refuses to touch."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from timeline.events import slugify
from timeline.text.normalise import normalise

from conftest import EVENT, REPO, small_project

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SHIPPED_ORDER = [
    "first-war",
    "independence-declaration",
    "second-war",
    "trilateral-ceasefire-2020",
    "lachin-blockade",
    "landmine-explosions",
    "offensive-2023",
    "ceasefire-2023",
    "flight-of-armenians",
    "dissolution-decree",
]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root: {"/"-separated relative path: bytes}."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def source_text(root: Path, source_id: str) -> str:
    with open(root / "seeds" / f"{source_id}.txt", encoding="utf-8", newline="") as handle:
        return handle.read()


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


@pytest.fixture
def shipped_site(shipped: Path, run, monkeypatch) -> tuple[Path, Path, str]:
    """(project, built site, stdout) for the repository's own data."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = shipped.parent / "site"
    status, stdout, _ = run(["build", "--out", str(out)], cwd=shipped)
    assert status == 0
    return shipped, out, stdout


# -- what a build writes -----------------------------------------------------------------


def test_shipped_build_reports_and_writes_every_file(shipped_site):
    root, out, stdout = shipped_site
    match = re.fullmatch(
        rf"built {re.escape(str(out))}/: 10 events, 6 sources, (\d+) files in \d+\.\d\d s\n",
        stdout,
    )
    assert match, stdout
    files = set(tree(out))
    assert 0 < int(match[1]) <= len(files)
    events = sorted(p.stem for p in (root / "data" / "events").glob("*.yaml"))
    sources = sorted(p.stem for p in (root / "seeds").glob("*.txt"))
    assert len(events) == 10 and len(sources) == 6
    places = read_yaml(root / "data" / "places.yaml")
    canonical = {
        spelling.casefold(): name
        for name, variants in places.items()
        for spelling in [name, *(variants or [])]
    }
    tags, used_places = set(), set()
    for stem in events:
        record = read_yaml(root / "data" / "events" / f"{stem}.yaml")
        tags.update(record.get("tags") or [])
        used_places.update(canonical[p.casefold()] for p in record.get("places") or [])
    expected = {
        "index.html",
        "404.html",
        "sitemap.xml",
        "feed.xml",
        "events.json",
        "events.csv",
        "evidence.csv",
        "sources.csv",
        "static/style.css",
        *(f"events/{stem}/index.html" for stem in events),
        *(f"sources/{stem}/index.html" for stem in sources),
        *(f"tags/{slugify(tag)}/index.html" for tag in tags),
        *(f"places/{slugify(place)}/index.html" for place in used_places),
    }
    assert expected <= files, sorted(expected - files)
    assert {f for f in files if f.startswith("tags/")} == {
        f"tags/{slug}/index.html"
        for slug in (
            "blockade",
            "casualties",
            "ceasefire",
            "displacement",
            "independence",
            "offensive",
            "politics",
            "war",
        )
    }
    assert "places/lachin-corridor/index.html" in files
    assert "places/nagorno-karabakh/index.html" in files


def test_events_json_is_in_timeline_order_with_the_shipped_dates(shipped_site):
    root, out, _ = shipped_site
    document = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert document["title"] == read_yaml(root / "data" / "site.yaml")["title"]
    events = document["events"]
    assert [e["id"] for e in events] == SHIPPED_ORDER
    for event in events:
        written = read_yaml(root / "data" / "events" / f"{event['id']}.yaml")
        assert event["date"] == written["date"]
        assert event["title"] == written["title"]

    def key(event: dict) -> tuple:
        end = dt.date.fromisoformat(event["end"]) if event["end"] else dt.date.max
        return dt.date.fromisoformat(event["start"]), end, event["id"]

    assert events == sorted(events, key=key)
    by_id = {e["id"]: e for e in events}
    assert (by_id["first-war"]["start"], by_id["first-war"]["end"]) == ("1988-02-20", "1994-05-12")
    assert (by_id["second-war"]["start"], by_id["second-war"]["end"]) == (
        "2020-09-27",
        "2020-11-10",
    )
    assert by_id["independence-declaration"]["start"] == "1991-09-02"


def test_events_csv_follows_events_json(shipped_site):
    _, out, _ = shipped_site
    rows = csv_rows(out / "events.csv")
    assert [row["id"] for row in rows] == SHIPPED_ORDER
    by_id = {row["id"]: row for row in rows}
    assert by_id["second-war"]["date"] == "2020-09-27/2020-11-10"
    assert by_id["independence-declaration"]["title"] == (
        "Nagorno-Karabakh proclaims its independence from Azerbaijan"
    )


def test_every_evidence_row_points_at_its_quote_in_the_source(shipped_site):
    root, out, _ = shipped_site
    rows = csv_rows(out / "evidence.csv")
    written = sum(
        len(read_yaml(path)["evidence"]) for path in (root / "data" / "events").glob("*.yaml")
    )
    assert len(rows) == written
    assert {"event_id", "source_id", "quote", "start", "end", "supports"} <= set(rows[0])
    for row in rows:
        text = source_text(root, row["source_id"])
        passage = text[int(row["start"]) : int(row["end"])]
        assert normalise(passage) == normalise(row["quote"]), row


def test_sitemap_lists_absolute_urls_of_every_event(shipped_site):
    root, out, _ = shipped_site
    base = read_yaml(root / "data" / "site.yaml")["base_url"]
    tree_ = ET.parse(out / "sitemap.xml")
    locations = [loc.text for loc in tree_.getroot().iter(f"{SITEMAP}loc")]
    assert locations and all(loc.startswith(base) for loc in locations)
    assert base in locations
    for event_id in SHIPPED_ORDER:
        assert f"{base}events/{event_id}/" in locations


def test_feed_is_atom_with_one_entry_per_event(shipped_site):
    _, out, _ = shipped_site
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}updated").text == "2023-11-14T22:13:20Z"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 10
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == 10
    titles = {entry.find(f"{ATOM}title").text for entry in entries}
    assert 'Second Nagorno-Karabakh War (the "44-day war")' in titles


def test_base_url_option_changes_canonical_links_and_sitemap(shipped, run, tmp_path):
    out = tmp_path / "site"
    status, _, _ = run(
        ["build", "--out", str(out), "--base-url", "https://other.example/x/"], cwd=shipped
    )
    assert status == 0

    def canonical(page: str) -> str:
        soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
        return soup.find("link", rel="canonical")["href"]

    assert canonical("index.html") == "https://other.example/x/"
    assert canonical("events/second-war/index.html") == "https://other.example/x/events/second-war/"
    locations = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert locations and all(loc.startswith("https://other.example/x/") for loc in locations)
    assert "https://other.example/x/events/second-war/" in locations
    feed = ET.parse(out / "feed.xml").getroot()
    ids = [entry.find(f"{ATOM}id").text for entry in feed.iter(f"{ATOM}entry")]
    assert ids and all(i.startswith("https://other.example/x/events/") for i in ids)
    urls = [event["url"] for event in json.loads((out / "events.json").read_text())["events"]]
    assert all(url.startswith("https://other.example/x/events/") for url in urls)


def test_a_broken_project_template_is_a_located_error_and_nothing_is_written(
    project, run, tmp_path
):
    broken = '{% extends "base.html" %}\n{% block main %}\n{{ oops( }}\n{% endblock %}\n'
    root = project(small_project({"site_templates/index.html": broken}))
    out = tmp_path / "o"
    status, stdout, stderr = run(["build", "--out", str(out)], cwd=root)
    assert (status, stdout) == (1, "")
    assert stderr.splitlines() == [
        "site_templates/index.html:3:1: error: unexpected '}', expected ')'",
        f"build failed: 1 error; {out}/ was not touched",
    ]
    assert not out.exists()


def test_base_url_must_be_a_web_address(shipped, run, tmp_path):
    status, out, err = run(
        ["build", "--out", str(tmp_path / "o"), "--base-url", "example.org"], cwd=shipped
    )
    assert (status, out) == (2, "")
    assert err == "timeline build: error: --base-url example.org: give a full http(s) address\n"
    assert not (tmp_path / "o").exists()


def test_project_templates_override_the_built_in_ones(project, run, tmp_path):

    root = project(
        small_project(
            {
                "site_templates/_partials/date.html": (
                    '<p class="date">custom {{ item.date_text }}</p>\n'
                ),
            }
        )
    )
    status, _, _ = run(["build", "--out", str(tmp_path / "o")], cwd=root)
    assert status == 0
    soup = BeautifulSoup((tmp_path / "o/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("p.date").get_text() == "custom 19 September 2023"
    assert soup.select_one("h1") is not None  # the rest still comes from the built-in templates


def test_packaging_ships_every_template_and_schema():
    # An installed timeline builds projects that have no templates of their own: every
    # file of site_templates/ and timeline/schema/ must be covered by package-data.
    import fnmatch
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    package_data = config["setuptools"]["package-data"]
    for package, folder in (
        ("timeline.site_templates", "site_templates"),
        ("timeline", "timeline/schema"),
    ):
        prefix = "" if package != "timeline" else "schema/"
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                relative = prefix + path.relative_to(REPO / folder).as_posix()
                patterns = package_data[package]
                # setuptools' globs do not cross folders, as fnmatch's "*" would.
                assert any(
                    fnmatch.fnmatch(relative, p) and relative.count("/") == p.count("/")
                    for p in patterns
                ), (package, relative)


# -- determinism -------------------------------------------------------------------------


@pytest.mark.parametrize("epoch", ["1700000000", None])
def test_two_builds_are_byte_identical(shipped, run, tmp_path, monkeypatch, epoch):
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    first, second = tmp_path / "one", tmp_path / "two"
    assert run(["build", "--out", str(first)], cwd=shipped)[0] == 0
    assert run(["build", "--out", str(second)], cwd=shipped)[0] == 0
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name


# -- atomicity and the output folder -----------------------------------------------------


def test_failed_build_leaves_the_previous_site_untouched(project, run):
    root = project()
    out = root.parent / "site"
    assert run(["build", "--out", str(out)], cwd=root)[0] == 0
    before = tree(out)
    broken = EVENT.replace('"six people were killed"', '"seven people were killed"')
    (root / "data" / "events" / "offensive.yaml").write_text(broken, encoding="utf-8")
    status, stdout, stderr = run(["build", "--out", str(out)], cwd=root)
    assert (status, stdout) == (1, "")
    lines = stderr.splitlines()
    assert len(lines) == 2, stderr
    assert lines[0].startswith("data/events/offensive.yaml:13:12: error: "), lines[0]
    assert lines[1] == f"build failed: 1 error; {out}/ was not touched"
    assert tree(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (".", "--out . would replace the project itself; choose a new folder"),
        ("..", "--out .. would replace the project itself; choose a new folder"),
        ("seeds", "--out seeds is inside seeds/, which the build must not touch"),
        ("data", "--out data is inside data/, which the build must not touch"),
        ("data/new", "--out data/new is inside data/, which the build must not touch"),
        (
            "other",
            "--out other holds files that timeline did not build; "
            "empty it or choose another folder",
        ),
        ("notes.txt", "--out notes.txt is a file, not a folder"),
    ],
)
def test_unsafe_output_folders_are_refused(project, run, target, message):
    root = project()
    (root / "other").mkdir()
    (root / "other" / "keep.txt").write_text("mine\n", encoding="utf-8")
    (root / "notes.txt").write_text("mine too\n", encoding="utf-8")
    before = tree(root.parent)
    status, stdout, stderr = run(["build", "--out", target], cwd=root)
    assert (status, stdout, stderr) == (1, "", f"timeline build: error: {message}\n")
    assert tree(root.parent) == before
    assert sorted(p.name for p in root.iterdir()) == sorted(["data", "seeds", "other", "notes.txt"])


def test_a_built_folder_is_replaced_whole(project, run):
    second = EVENT.replace("title: The offensive begins", "title: A second look")
    root = project(small_project({"data/events/second-look.yaml": second}))
    out = root / "site"
    status, stdout, _ = run(["build"], cwd=root)
    assert status == 0
    assert stdout.startswith("built site/: 2 events, 1 source, ")
    assert (out / "events" / "second-look" / "index.html").is_file()
    assert (out / ".timeline-build").is_file()
    (out / "stray.txt").write_text("left over\n", encoding="utf-8")
    (root / "data" / "events" / "second-look.yaml").unlink()
    status, stdout, _ = run(["build"], cwd=root)
    assert status == 0
    assert stdout.startswith("built site/: 1 event, 1 source, ")
    assert not (out / "events" / "second-look").exists()
    assert not (out / "stray.txt").exists()
    assert (out / "events" / "offensive" / "index.html").is_file()
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["id"] for a in index.select("article.event")] == ["offensive"]


def test_an_empty_folder_may_be_the_output(project, run, tmp_path):
    root = project()
    out = tmp_path / "empty"
    out.mkdir()
    assert run(["build", "--out", str(out)], cwd=root)[0] == 0
    assert (out / "index.html").is_file()


def test_no_staging_folder_is_left_beside_the_output(project, run):
    root = project()
    out = root.parent / "site"
    for _ in range(2):  # a first build renames, a second one swaps
        assert run(["build", "--out", str(out)], cwd=root)[0] == 0
        leftovers = [
            p.name
            for p in out.parent.iterdir()
            if p.name.startswith(".site.building-") or p.name.endswith(".old")
        ]
        assert leftovers == []
        assert sorted(p.name for p in out.parent.iterdir()) == ["project0", "site"]


def test_an_output_folder_given_as_a_link_is_built_where_it_leads(project, run, tmp_path):
    """A link given as --out (a deploy's "current" link) stays a link: each build goes into
    the folder it leads to, which is created when it is not there yet."""
    root = project()
    (tmp_path / "releases" / "one").mkdir(parents=True)
    current = tmp_path / "current"
    current.symlink_to(tmp_path / "releases" / "one")
    event = root / "data" / "events" / "offensive.yaml"
    for title in ("The offensive begins", "A second look"):
        event.write_text(EVENT.replace("The offensive begins", title), encoding="utf-8")
        status, stdout, stderr = run(["build", "--out", str(current)], cwd=root)
        assert status == 0, stderr
        assert stdout.startswith(f"built {current}/: 1 event, 1 source, ")
        assert current.is_symlink() and os.readlink(current) == str(tmp_path / "releases" / "one")
        assert title in (tmp_path / "releases" / "one" / "index.html").read_text(encoding="utf-8")
    assert run(["build", "--out", str(tmp_path / "clean")], cwd=root)[0] == 0
    assert tree(tmp_path / "releases" / "one") == tree(tmp_path / "clean")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "clean",
        "current",
        "project0",
        "releases",
    ]
    (tmp_path / "next").symlink_to(tmp_path / "releases" / "two")  # a folder to come
    assert run(["build", "--out", str(tmp_path / "next")], cwd=root)[0] == 0
    assert (tmp_path / "next").is_symlink()
    assert tree(tmp_path / "releases" / "two") == tree(tmp_path / "clean")


@pytest.fixture
def small_disk(tmp_path: Path):
    """A file system of 2 MB of its own (tmpfs), mounted for the test."""
    folder = tmp_path / "disk"
    folder.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)]
    try:
        mounted = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        pytest.skip("no mount command here to make a small file system with")
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(disk: Path) -> None:
    """Fill the file system at `disk` to its last byte."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 16, 1 << 12, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)


def test_a_full_disk_is_one_error_line_and_the_site_before_stays(
    project, run, small_disk, monkeypatch
):
    monkeypatch.setenv("TIMELINE_SEARCH", "off")
    root = project()
    out = small_disk / "site"
    assert run(["build", "--out", str(out)], cwd=root)[0] == 0
    before = tree(out)
    fill(small_disk)
    event = root / "data" / "events" / "offensive.yaml"
    event.write_text(EVENT.replace("The offensive begins", "A second look"), encoding="utf-8")
    status, stdout, stderr = run(["build", "--out", str(out)], cwd=root)
    assert (status, stdout) == (1, "")
    assert (
        stderr == f"timeline build: error: cannot write the site: No space left on device ({out})\n"
    )
    assert tree(out) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "site"]
    (small_disk / "filler").unlink()
    assert run(["build", "--out", str(out)], cwd=root)[0] == 0
    assert "A second look" in (out / "index.html").read_text(encoding="utf-8")


def test_a_disk_full_while_the_static_files_are_copied_is_the_same_error_line(
    project, run, monkeypatch
):
    """shutil.copytree gathers the errors of the files it copies into one, as text."""
    monkeypatch.setenv("TIMELINE_SEARCH", "off")
    root = project()
    out = root.parent / "site"
    assert run(["build", "--out", str(out)], cwd=root)[0] == 0
    before = tree(out)

    def full(source: str, target: str, *args, **kwargs) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)

    monkeypatch.setattr(shutil, "copyfile", full)
    event = root / "data" / "events" / "offensive.yaml"
    event.write_text(EVENT.replace("The offensive begins", "A second look"), encoding="utf-8")
    status, stdout, stderr = run(["build", "--out", str(out)], cwd=root)
    assert (status, stdout) == (1, "")
    assert (
        stderr == f"timeline build: error: cannot write the site: No space left on device ({out})\n"
    )
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["project0", "site"]
