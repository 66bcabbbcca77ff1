"""The files and folders of a site as a build writes them: pages written, staging folders
made and emptied, whole sites swapped in one step or removed, and what a write that
cannot be done (a full disk) says."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from . import parts
from .parallel import in_two
from .templates import default_templates

if TYPE_CHECKING:
    from .pages import Planned

LINK_PARALLEL_FROM = 2_000  # below this many files to link or remove, one process will do

# A write refused for want of room or of permission: the site cannot be written there.
CANNOT_WRITE = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


def cannot_write(exc: OSError, out: str) -> str | None:
    """What to say when writing the site into `out` failed with `exc`, a full disk or a
    read-only one ("cannot write the site: No space left on device (site)"); None for
    another error. shutil.copytree gathers its errors as text: the first one's number is
    read from it."""
    number = exc.errno
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        found = re.match(r"\[Errno (\d+)\]", str(exc.args[0][0][-1])) if exc.args[0] else None
        number = int(found[1]) if found else None
    if number not in CANNOT_WRITE:
        return None
    return f"cannot write the site: {os.strerror(number)} ({out})"


def exchange(a: str, b: str) -> None:
    """Swap two folders in one step where the system can (Linux renameat2), else in two."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
    # No atomic exchange here: move the old site aside, then the new one in.
    aside = a + ".old"
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)


def remove(folder: str, *, parallel: bool) -> None:
    """Remove a site folder; a big one's subfolders on both cores."""
    parts = []
    for top in os.scandir(folder):
        if top.is_dir(follow_symlinks=False):
            parts += [entry.path for entry in os.scandir(top.path)]
    in_two(
        lambda share: [shutil.rmtree(path, ignore_errors=True) for path in share],
        parts,
        parallel=parallel,
        minimum=LINK_PARALLEL_FROM,
    )
    shutil.rmtree(folder, ignore_errors=True)


def discard(path: str) -> None:
    """Remove what is at `path`: a folder left by a build that did not finish, or a kept
    site, or a file found where one of those should be."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(path)


def remove_files(staging: str, paths: set[str]) -> None:
    """Remove files the new site no longer has, and the folders they leave empty."""
    folders = set()
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(staging, path))
        folders.add(os.path.dirname(os.path.join(staging, path)))
    for folder in sorted(folders, key=len, reverse=True):
        while folder != staging:
            try:
                os.rmdir(folder)
            except OSError:  # not empty: other files live there
                break
            folder = os.path.dirname(folder)


def staged(staging: str, relative: str, folders: set[str], *, replace: bool = False) -> str:
    """The path of a file in the staging folder, its folder made if need be (and, with
    `replace`, the file there before removed)."""
    path = os.path.join(staging, *relative.split("/"))
    folder = os.path.dirname(path)
    if folder not in folders:
        try:  # most folders hold one page, in a folder made already ("events/")
            os.mkdir(folder)
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    if replace:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    return path


def write_text(path: str, content: str | Iterable[str]) -> os.stat_result:
    """Write a page's text to a new file at `path`, as UTF-8; the file's status after.
    (The system's calls alone: a site's pages are written by the ten thousand, and a
    Python file object would ask for the terminal, the position and the block size of
    each.)"""
    fd = os.open(path, NEW_FILE, 0o666)
    try:
        for chunk in (content,) if isinstance(content, str) else content:
            parts.write_all(fd, chunk.encode("utf-8"))
        return os.fstat(fd)
    finally:
        os.close(fd)


# Opening a file to write it anew (binary on Windows: no line ends translated).
NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def status(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What a manifest entry records of a file besides its key: size, mtime, ctime, inode."""
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def link(
    staging: str, replace: bool, share: Sequence[tuple[Planned, str]]
) -> list[tuple[int, int, int, int]]:
    """Link each file from the previous site (a copy where the file system has no hard
    links); the status of each after (a link sets the change time of its file)."""
    linked: list[tuple[int, int, int, int]] = []
    known: set[str] = set()  # the folders made
    for item, previous_file in share:
        path = staged(staging, item.path, known, replace=replace)
        try:
            os.link(previous_file, path)
        except OSError:  # a file system without hard links: a copy will do
            shutil.copyfile(previous_file, path)
        linked.append(status(os.stat(path)))
    return linked


def copy_static(templates: str | None, out: str) -> int:
    """Copy static/ from the default templates, then the project's own over them.

    Returns how many files static/ holds.
    """
    folders = [default_templates()]
    if templates and os.path.isdir(os.path.join(templates, "static")):
        folders.append(templates)
    for folder in folders:
        static = os.path.join(folder, "static")
        if os.path.isdir(static):
            shutil.copytree(static, os.path.join(out, "static"), dirs_exist_ok=True)
    return sum(len(files) for _, _, files in os.walk(os.path.join(out, "static")))
