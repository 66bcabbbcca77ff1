"""One build at a time into an output folder.

Two builds writing one folder at once (two terminals, a watcher and a hand) would each
take the other's staging folder for one a killed build left, and remove it. A build
holds a lock on a file beside the output folder, `.NAME.timeline-lock`, while it writes;
another says that it waits, and waits (as cargo does for its lock). The file goes with
the build that holds it. Where no lock can be had (no fcntl on Windows, a read-only
folder, a file system without locks) the build goes on without one.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


def lock_path(out: str) -> str:
    """The lock file of builds into `out`: beside the folder it leads to."""
    real = os.path.realpath(out)
    return os.path.join(os.path.dirname(real), f".{os.path.basename(real)}.timeline-lock")


@contextlib.contextmanager
def output_lock(out: str, shown: str) -> Iterator[bool]:
    """Hold the lock of builds into `out` while the block runs (`shown` is how to name the
    folder); whether another build held it first, so that what was read of `out` before
    is out of date."""
    path = lock_path(out)
    fd, waited = _acquire(path, shown)
    try:
        yield waited
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(path)  # while it is held: see _acquire
            os.close(fd)


def _acquire(path: str, shown: str) -> tuple[int | None, bool]:
    """The lock file at `path`, open and locked (None when no lock can be had), and
    whether another build held it first. The build holding it removes the file before it
    lets go, so one that waited may hold a file that is gone: it tries the one there now."""
    waited = False
    while fcntl is not None:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError:
            return None, waited
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not waited:
                    print(f"waiting for another build writing {shown}/", file=sys.stderr)
                waited = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            with contextlib.suppress(FileNotFoundError):
                if os.path.samestat(os.fstat(fd), os.stat(path)):
                    return fd, waited
        except OSError:  # no locks on this file system
            os.close(fd)
            return None, waited
        except BaseException:  # interrupted while waiting
            os.close(fd)
            raise
        os.close(fd)
    return None, waited
