"""Areas 3 to 5 of benchmarks/attack.py: concurrent builds into one folder, a build into
a full disk, and builds over a damaged cache, each compared byte for byte with a clean
build of the same input."""

from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from attack_cases import EVENT
from attack_core import (
    LOCATED,
    Area,
    Ran,
    classify,
    copy_project,
    differences,
    finish,
    run,
    site_files,
    start,
    timeline,
    timeline_env,
)

BUILDERS = 3  # simultaneous builds of a round
PAGE = 4096


def set_summary(project: Path, text: str) -> None:
    """Change the first line of the summary of one event."""
    path = project / EVENT
    data = path.read_text("utf-8")
    path.write_text(re.sub(r"(?m)^(summary: \|\n  ).*$", rf"\g<1>{text}", data, count=1), "utf-8")


def build(project: Path, out: Path, cache: Path | None, cwd: Path) -> Ran:
    return run(
        timeline("build", "--source", project, "--out", out), env=timeline_env(cache), cwd=cwd
    )


def compared(project: Path, out: Path, work: Path, label: str) -> list[str]:
    """How `out` differs from a build of the same input with the cache off."""
    ref = work / "reference"
    shutil.rmtree(ref, ignore_errors=True)
    ran = build(project, ref, None, work)
    if ran.code != 0:
        return [f"harness: the reference build failed: {ran.err.strip()[-200:]}"]
    found = differences(site_files(out), site_files(ref))
    shutil.rmtree(ref, ignore_errors=True)
    return [f"{label}: {what}" for what in found]


def _clean_error(ran: Ran) -> bool:
    """Exactly one line on stderr besides warnings and the "waiting for" notice."""
    lines = [
        line
        for line in ran.err.splitlines()
        if not (LOCATED.match(line) and ": warning: " in line)
        and not line.startswith("waiting for another build")
    ]
    return len(lines) == 1


def area_concurrent(quick: bool) -> Area:
    area = Area("concurrent builds")
    with tempfile.TemporaryDirectory(prefix="attack-concurrent-") as tmp:
        work = Path(tmp)
        project, out = copy_project(work / "project"), work / "site"
        for n in range(5 if quick else 15):
            if n % 3 != 2:  # every third round, nothing changed: all are up to date at once
                set_summary(project, f"Round {n}: a day after the offensive began.")
            argv = timeline("build", "--source", project, "--out", out)
            began = time.monotonic()
            procs = [start(argv, env=timeline_env(work / "cache"), cwd=work) for _ in range(3)]
            runs = [finish(proc, began) for proc in procs]
            found = []
            for k, ran in enumerate(runs, 1):
                found += classify(ran, f"build {k}")
                if ran.code == 1 and not _clean_error(ran):
                    found.append(
                        f"build {k}: exit 1 without one clean error line: {ran.err[:200]!r}"
                    )
            found += compared(project, out, work, "final site vs a sequential build")
            area.record(f"round {n + 1}", found)
    return area


def _tmpfs_size(site: Path) -> int:
    """Bytes a tmpfs needs to hold `site`, plus a few pages."""
    pages = sum(-(-len(data) // PAGE) for data in site_files(site).values() if data != b"/")
    return (pages + 8) * PAGE


def _mount(folder: Path, size: int, *, again: bool = False) -> Ran:
    options = f"remount,size={size}" if again else f"size={size}"
    return run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)])


def area_full_disk(quick: bool) -> Area:
    area = Area("full disk")
    if os.geteuid() != 0:
        area.not_run = "not run (needs root and tmpfs)"
        return area
    with tempfile.TemporaryDirectory(prefix="attack-disk-") as tmp:
        work = Path(tmp)
        project, first, mount = copy_project(work / "project"), work / "first", work / "mnt"
        ran = build(project, first, work / "cache", work)
        if ran.code != 0:
            area.record("build into a full tmpfs", [f"harness: first build: {ran.err[-200:]}"])
            return area
        mount.mkdir()
        size = _tmpfs_size(first)
        mounted = _mount(mount, size)
        if mounted.code != 0:
            area.not_run = "not run (needs root and tmpfs)"
            area.notes.append(f"mount: {mounted.err.strip()[:200]}")
            return area
        try:
            area.record("build into a full tmpfs", _full_disk(project, first, mount, size, work))
        finally:
            if run(["umount", str(mount)]).code != 0:
                run(["umount", "-l", str(mount)])
    return area


def _full_disk(project: Path, first: Path, mount: Path, size: int, work: Path) -> list[str]:
    site = mount / "site"
    for _ in range(4):  # the estimate may be a few pages short
        try:
            shutil.copytree(first, site, symlinks=True)
            break
        except (OSError, shutil.Error):
            shutil.rmtree(site, ignore_errors=True)
            size += 16 * PAGE
            _mount(mount, size, again=True)
    else:
        return ["harness: the site does not fit the tmpfs"]
    free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
    before = site_files(site)
    if free >= size // 2:
        return [f"harness: {free} bytes free: the staging folder would fit"]
    set_summary(project, "Edited: the next build must write.")
    ran = build(project, site, work / "cache", work)
    found = classify(ran, "build")
    if ran.code != 1:
        found.append(f"build: exit status {ran.code}, not 1")
    found += [
        f"the previous site changed: {what}" for what in differences(site_files(site), before)
    ]
    return found


def _files(root: Path) -> list[Path]:
    found = []
    for folder, _, names in os.walk(root):
        found += [Path(folder, name) for name in names]
    return sorted(path for path in found if path.is_file() and not path.is_symlink())


def _pickles(root: Path) -> list[Path]:
    return [path for path in _files(root) if path.suffix == ".pickle"]


def _project(root: Path) -> Path:
    return next(path for path in sorted(root.iterdir()) if path.is_dir())


def _manifest(root: Path) -> Path:
    return next(path for path in _pickles(_project(root)) if path.name.startswith("site-"))


def _flip(path: Path, at: int) -> None:
    """Change one byte of `path`, keeping its size and times."""
    info = path.stat()
    data = bytearray(path.read_bytes())
    data[at] = data[at] ^ 0x01 if data[at] not in (0x00, 0x01) else 0x41
    path.write_bytes(bytes(data))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _flip_kept(root: Path) -> str | None:
    kept = [path for path in _files(root) if ".previous" in str(path)]
    parts = [path for path in _files(root) if ".parts" in str(path)]
    if not kept or not parts:
        return "harness: no kept previous site or parts found under the cache folder"
    pages = [path for path in kept if path.suffix == ".html"] or kept
    for path in (min(pages, key=lambda p: (p.stat().st_nlink, str(p))), parts[len(parts) // 2]):
        _flip(path, path.stat().st_size // 2)
    return None


def _chmod(root: Path) -> str | None:
    os.chmod(_manifest(root), 0)
    os.chmod(_project(root) / "check", 0)
    return "running as root: chmod 000 changes nothing" if os.geteuid() == 0 else None


def _loop(root: Path) -> None:
    manifest = _manifest(root)
    manifest.unlink()
    os.symlink(manifest.name, manifest)
    check = _project(root) / "check"
    shutil.rmtree(check)
    os.symlink("check", check)


def _folders(root: Path) -> None:
    for path in (_manifest(root), _project(root) / "files.pickle"):
        path.unlink()
        path.mkdir()
        (path / "x").write_bytes(b"x")


def _replace_by_file(path: Path) -> None:
    shutil.rmtree(path)
    path.write_bytes(b"not a folder\n")


def _truncate(root: Path) -> None:
    for path in _pickles(root):
        os.truncate(path, path.stat().st_size // 2)


def _random(root: Path) -> None:
    _manifest(root).write_bytes(random.Random(0).randbytes(4096))


def _delete_half(root: Path) -> None:
    for path in _files(root)[::2]:
        path.unlink()


def _empty(root: Path) -> None:
    for path in _files(root):
        os.truncate(path, 0)


# The ways to damage a cache, each given its root (TIMELINE_CACHE_DIR); a note back.
DAMAGES: dict[str, Callable[[Path], str | None]] = {
    "truncate-pickles": _truncate,
    "random-pickle": _random,
    "project-folder-is-file": lambda root: _replace_by_file(_project(root)),
    "root-is-file": _replace_by_file,
    "delete-half": _delete_half,
    "flip-kept-bytes": _flip_kept,
    "chmod-000": _chmod,
    "empty-files": _empty,
    "symlink-loop": _loop,
    "folder-for-pickle": _folders,
}


def cache_mode(name: str) -> tuple[list[str], bool, str | None]:
    """Build twice (the second keeps the first's site in the cache), damage the cache,
    edit, build, compare with a build of the cache off; edit and build once more, which
    reuses files when the cache was repaired. What failed, whether it was, and a note."""
    with tempfile.TemporaryDirectory(prefix="attack-cache-") as tmp:
        work = Path(tmp)
        project, cache, out = copy_project(work / "project"), work / "cache", work / "site"
        for n in (1, 2):
            set_summary(project, f"Edit {n}.")
            ran = build(project, out, cache, work)
            if ran.code != 0:
                return [f"harness: build {n} before the damage: {ran.err[-200:]}"], False, None
        note = DAMAGES[name](cache)
        found = [note] if note and note.startswith("harness") else []
        repaired = False
        for n, label in ((3, "after the damage"), (4, "the build after")):
            set_summary(project, f"Edit {n}.")
            ran = build(project, out, cache, work)
            found += classify(ran, label)
            if ran.code == 0:
                found += compared(project, out, work, f"{label}: published corrupt bytes")
            elif ran.code == 1:
                found.append(f"{label}: exit status 1: {ran.err.strip()[-200:]}")
            repaired = " unchanged)" in ran.out
        return found, repaired, note


def area_cache(quick: bool) -> Area:
    area = Area("cache corruption")
    repaired = []
    names = list(DAMAGES)
    for name in names[::2] if quick else names:
        found, fixed, note = cache_mode(name)
        area.record(name, found)
        repaired += [name] if fixed else []
        if note and not found:
            area.notes.append(f"{name}: {note}")
    missed = sorted(set(names[: area.tried] if not quick else names[::2]) - set(repaired))
    shown = f"{len(repaired)}/{area.tried}" + (f" (not: {', '.join(missed)})" if missed else "")
    area.notes.append(f"cache repaired (the build after reuses files): {shown}")
    return area
