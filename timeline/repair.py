"""A cache found to be something else: a file (or a dangling link) where one of its
folders should be, a folder where one of its files should be. Below the cache root every
name is timeline's own, so what is in the way is removed: a damaged cache costs one cold
run, not every run's. The root itself may be the user's file (TIMELINE_CACHE_DIR set to
the wrong path): it is never removed, and each run says so in one line."""

from __future__ import annotations

import os
import shutil
import sys


def make_folder(folder: str, root: str | None) -> None:
    """os.makedirs() of a folder of the cache whose root is `root` (OSError when it cannot
    be made), with what stands in its way below the root removed first."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        if root is None or not folder.startswith(root.rstrip(os.sep) + os.sep):
            raise
    here = root.rstrip(os.sep)
    for name in os.path.relpath(folder, here).split(os.sep):
        here = os.path.join(here, name)
        if os.path.lexists(here) and not os.path.isdir(here):
            os.unlink(here)
            break
    os.makedirs(folder, mode=0o700, exist_ok=True)


def remove_folder(path: str, root: str | None) -> None:
    """Remove the folder at `path`, found where a file of the cache whose root is `root`
    should be; nothing outside the root is ever removed."""
    if root is not None and path.startswith(root.rstrip(os.sep) + os.sep):
        shutil.rmtree(path, ignore_errors=True)


def warn_if_not_a_folder(root: str | None) -> None:
    """Say, on standard error, that the cache root `root` is not a folder, when it is not
    (nothing is cached then)."""
    if root is not None and os.path.lexists(root) and not os.path.isdir(root):
        print(
            f"timeline: warning: the cache folder {root} is a file, so nothing is cached; "
            "delete it (or set TIMELINE_CACHE_DIR to a folder) to turn the cache back on",
            file=sys.stderr,
        )
