"""Nothing is lost: a build killed at any moment leaves one whole site, the old or the new.

Builds of a generated project (a few hundred events) run as real processes and are
killed (SIGKILL) at delays spread over a whole build; after each, the output folder
must be byte-identical to one of the two complete builds. Check and build never write
into the project. Builds started at once into one folder take turns.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, SEED, SITE, SOURCE_META, write_project

EVENTS = 300
KILLS = 12


def generated_project(title: str) -> dict[str, str]:
    files = {
        "data/site.yaml": SITE.replace("Test timeline", title),
        "seeds/article.txt": SEED,
        "seeds/article.yaml": SOURCE_META,
    }
    for number in range(EVENTS):
        files[f"data/events/event-{number:04d}.yaml"] = (
            f'title: Event {number}\ndate: "2023-09-19"\nsummary: Officials report *{number}*.\n'
            f"tags: [t{number % 20}]\nevidence:\n  - source: article\n"
            '    quote: "six people were killed"\n'
        )
    return files


def digest(folder: Path) -> dict[str, str]:
    """Every file under folder (hidden ones too): relative path -> sha256."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build(root: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.Popen(
        [sys.executable, "-m", "timeline", "build", "--out", str(out)],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_killed_build_leaves_the_old_or_the_new_site_whole(tmp_path):
    versions = {name: generated_project(name) for name in ("Version A", "Version B")}
    complete: dict[str, dict[str, str]] = {}
    took = 0.0
    for name, files in versions.items():
        root = write_project(tmp_path / name.replace(" ", ""), files)
        began = time.monotonic()
        assert build(root, tmp_path / f"clean-{name[-1]}").wait(timeout=60) == 0
        took = max(took, time.monotonic() - began)
        complete[name] = digest(tmp_path / f"clean-{name[-1]}")
    assert complete["Version A"] != complete["Version B"]
    root = write_project(tmp_path / "project", versions["Version A"])
    out = tmp_path / "site"
    assert build(root, out).wait(timeout=60) == 0
    project_before = digest(root)
    current = "Version A"
    outcomes = []
    for kill in range(KILLS):
        target = "Version B" if current == "Version A" else "Version A"
        write_project(root, {"data/site.yaml": versions[target]["data/site.yaml"]})
        process = build(root, out)
        # From early in the build to well past its usual end, so that some kills land
        # after the swap even when this build runs slower than the measured one.
        time.sleep(took * (0.1 + 1.9 * kill / (KILLS - 1)))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        now = digest(out)
        assert now in (complete[current], complete[target]), f"kill {kill}: a mixed site"
        current = "Version A" if now == complete["Version A"] else "Version B"
        outcomes.append(current == target)
    print(f"\nkill points: {KILLS} over {took:.2f} s, {sum(outcomes)} new sites, 0 lost")
    # The spread reached both sides of the swap: some kills came before it, some after.
    assert any(outcomes) and not all(outcomes), outcomes
    # The project was only read: data/site.yaml aside (the test wrote it), nothing changed.
    after = digest(root)
    changed = {path for path in after if after[path] != project_before.get(path)}
    assert changed <= {"data/site.yaml"} and after.keys() == project_before.keys()


def started(root: Path, out: Path) -> subprocess.Popen:
    """A build of the project at `root` into `out`, its output read as text."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.Popen(
        [sys.executable, "-m", "timeline", "build", "--out", str(out)],
        cwd=root,
        env={**env, "TIMELINE_SEARCH": "off"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_builds_started_at_once_into_one_folder_take_turns(tmp_path):
    """Three builds at once into one folder, four times over (each time a new version):
    each waits for the one writing, and then finds the site up to date or writes it.
    None fails, and the site is the one a build alone makes."""
    files = generated_project("Version A")
    root = write_project(tmp_path / "project", files)
    out = tmp_path / "site"
    for round in range(4):
        write_project(root, {"data/site.yaml": SITE.replace("Test timeline", f"Round {round}")})
        builds = [started(root, out) for _ in range(3)]
        for process in builds:
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == 0 and "Traceback" not in stderr, stderr
            told = {line for line in stderr.splitlines() if ": warning: " not in line}
            assert told <= {f"waiting for another build writing {out}/"}, stderr
    alone = started(root, tmp_path / "alone")
    assert alone.wait(timeout=120) == 0
    assert digest(out) == digest(tmp_path / "alone")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alone", "project", "site"]


def test_a_build_says_it_waits_for_the_one_writing_its_folder(tmp_path):
    root = write_project(tmp_path / "project", generated_project("Version A"))
    out = tmp_path / "site"
    fd = os.open(tmp_path / ".site.timeline-lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a build writing `out` holds it
        process = started(root, out)
        line = process.stderr.readline()
        while ": warning: " in line:  # the check's, before the build waits
            line = process.stderr.readline()
        assert line == f"waiting for another build writing {out}/\n"
        assert not out.exists()
    finally:
        os.close(fd)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0 and stderr == "", stderr  # nothing more said
    assert stdout.startswith(f"built {out}/: 300 events, 1 source, ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]
