"""Nothing is lost: a build killed at any moment leaves one whole site, the old or the new.

Builds of a generated project (a few hundred events) run as real processes and are
killed (SIGKILL) at delays spread over a whole build; after each, the output folder
must be byte-identical to one of the two complete builds. Check and build never write
into the project.
"""

from __future__ import annotations

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
