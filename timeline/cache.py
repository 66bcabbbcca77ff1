"""The cache: what check and build learnt, kept by content so that unchanged input is
not read, checked or rendered again.

- The check cache (timeline.checkcache): each event's outcome (the event, its checked
  quotes, its warnings). It depends only on the event file's text, the place names, the
  sources it cites and timeline's own code; it is kept under a digest of the first two
  and the code, with the digests of the cited sources beside it, and reused while all
  of them stay the same. An edit to one event re-checks that event; an edit to a source
  re-checks the events that cite it. An event with an error is never kept: its messages
  may depend on the whole project ("did you mean ...?"), and it is cheap to check again.
- A memo (timeline.memo) of pieces made from one event alone (rendered summaries, listing items,
  dataset rows), under a digest of everything they show.
- The digest of each file the project reads, beside what stat() said of it then: a file
  whose size, times and inode are the same is not read again (FileDigests).
- The last check's outcome, and the manifest of each output folder (timeline.manifest).

Each project has a folder under $TIMELINE_CACHE_DIR, else $XDG_CACHE_HOME/timeline,
else ~/.cache/timeline; TIMELINE_CACHE=off turns it all off. A missing, unreadable or
stale cache only costs time: the work is done in full.
"""

from __future__ import annotations

import os
import pickle
import stat
import struct
import tempfile
import time
from collections.abc import Sequence
from functools import cache

from .digests import digest
from .files import read_file
from .repair import make_folder, remove_folder


@cache
def code_digest() -> str:
    """A digest of timeline's own code and schemas: a new version invalidates every entry."""
    package = os.path.dirname(os.path.abspath(__file__))
    parts: list[bytes] = [pickle.format_version.encode()]
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json")):
                path = os.path.join(folder, name)
                with open(path, "rb") as handle:
                    parts += [os.path.relpath(path, package).encode(), handle.read()]
    return digest(*parts)


INPUT_FOLDERS = ("data", "seeds", "site_templates")


def project_digest(
    root: str, *extra: str, also: tuple[str, ...] = (), seen: dict[str, str] | None = None
) -> str:
    """A digest of everything a project's check and build read (data/, seeds/ and
    site_templates/, names and bytes, and the folders in `also`), timeline's code and
    `extra`: while it stays the same, so does their outcome. Each file's digest goes
    into `seen`, by path, for the run that reads the project next (see CheckCache, in
    timeline.checkcache)."""
    parts: list[str | bytes] = [code_digest(), *extra]
    files = FileDigests.for_project(root)
    files.new_look()
    for name in (*INPUT_FOLDERS, *also):
        base = os.path.join(root, name)  # `also` holds absolute paths: join keeps them
        pending = [base]
        while pending:
            folder = pending.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                    continue
                found = files.of(entry.path)
                if found is not None and seen is not None:
                    seen[entry.path] = found
                parts += [f"{name}/{entry.path[len(base) + 1 :]}", found or "?"]
    files.save(complete=True)
    return digest(*parts)


_TABLES: dict[str, FileDigests] = {}  # by path: see FileDigests.at

# A file whose status changed this shortly before it was digested could change again
# within the same tick of a coarse file system clock, its size, times and inode all the
# same: it is read again next time, until it is older than this (git's "racy" files).
RACY_NS = 2_000_000_000


class FileDigests:
    """The digest of each file's bytes, kept with what stat() said of the file when it was
    read: while its size, modification and change times, inode and device stay the same,
    the file is not read again. (A write always sets the change time, which no tool can
    set back.) Only an optimisation: with the cache off, every file is read."""

    # An entry is one bytes object: the status (size, mtime, ctime, inode, device) packed,
    # then the digest's 16 bytes (a fifth of the memory of tuples, at 100,000 files).
    _STATUS = struct.Struct("<qqqQQ")

    def __init__(self, path: str | None) -> None:
        self.path = path
        stored = read_pickle(path)
        self._known: dict[str, bytes] = {}
        if isinstance(stored, dict) and stored.get("code") == code_digest():
            self._known = stored["files"]
        self._seen: set[str] = set()
        self._changed = False

    @classmethod
    def for_project(cls, root: str) -> FileDigests:
        folder = project_cache(root)
        return cls.at(None if folder is None else os.path.join(folder, "files.pickle"))

    @classmethod
    def at(cls, path: str | None) -> FileDigests:
        """The table kept at `path`, read once per process: the project digest and the
        check of one run (and a server's runs) share it. What it knows stays true, as it
        is known by the files' status, which every question looks at again."""
        if path is None:
            return cls(None)
        table = _TABLES.get(path)
        if table is None:
            table = _TABLES[path] = cls(path)
        return table

    def new_look(self) -> None:
        """A look at every file of the project starts (see save(complete=True))."""
        self._seen = set()

    def of(self, path: str) -> str | None:
        """The digest of the bytes at `path`, or None when it cannot be read."""
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):
                return None  # a device or pipe is refused by the check, never read
            status = self._STATUS.pack(
                info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev
            )
            self._seen.add(path)
            known = self._known.get(path)
            if known is not None and known.startswith(status):
                return known[self._STATUS.size :].hex()
            found = digest(read_file(path))  # type: ignore[arg-type]
        except OSError:
            return None
        if self.path is not None:
            if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > RACY_NS:
                self._known[path] = status + bytes.fromhex(found)
                self._changed = True
            elif self._known.pop(path, None) is not None:
                self._changed = True
        return found

    def save(self, *, complete: bool = False) -> None:
        """Keep what was learnt; with `complete` (every file of the project was asked for),
        forget the files not asked for, which are gone."""
        if complete and self._known.keys() - self._seen:
            self._known = {path: self._known[path] for path in self._seen if path in self._known}
            self._changed = True
        if self.path is not None and self._changed:
            write_pickle(self.path, {"code": code_digest(), "files": self._known})
            self._changed = False


def project_cache(root: str) -> str | None:
    """The cache folder of one project, or None when the cache is off."""
    folder = cache_folder()
    return None if folder is None else os.path.join(folder, digest(os.path.realpath(root)))


def read_pickle(path: str | None) -> object | None:
    """What write_pickle wrote at `path`, or None when there is nothing (readable) there."""
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - a cache that cannot be read is only a cold one
        return None


def cache_folder() -> str | None:
    """Where caches live, or None when TIMELINE_CACHE=off."""
    if os.environ.get("TIMELINE_CACHE", "").strip().lower() == "off":
        return None
    folder = os.environ.get("TIMELINE_CACHE_DIR", "").strip()
    if not folder:
        home = os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(os.environ.get("XDG_CACHE_HOME", "").strip() or home, "timeline")
    return folder


SPILLED = object()  # an entry's value, in memory, once a Memo has written it out to a file

# Caches are kept as this many files, by the first characters of each key, so that one
# change rewrites one small file, not the whole cache.
SHARDS = 64


def shard_of(key: str) -> int:
    return int(key[:2], 16) % SHARDS


def _shard_path(folder: str, shard: int) -> str:
    return os.path.join(folder, f"{shard:02d}.pickle")


def read_shards(folder: str | None) -> dict[str, object]:
    """Every entry of a sharded cache written by this version of timeline."""
    entries: dict[str, object] = {}
    for shard in range(SHARDS):
        entries.update(read_shard(folder, shard))
    return entries


def read_shard(folder: str | None, shard: int) -> dict[str, object]:
    """The entries of one shard, as this version of timeline wrote them."""
    if folder is None:
        return {}
    stored = read_pickle(_shard_path(folder, shard))
    if isinstance(stored, dict) and stored.get("code") == code_digest():
        return stored["entries"]
    return {}


def write_shards(
    folder: str, entries: dict[str, object], shards: set[int], *, handed: Sequence[str] = ()
) -> None:
    """Rewrite the given shards so that they hold exactly their part of `entries`, and of
    the entries in the `handed` files (Memo.hand_over), read one shard at a time."""
    parts: dict[int, dict[str, object]] = {shard: {} for shard in shards}
    for key, value in entries.items():
        part = parts.get(shard_of(key))
        if part is not None and value is not SPILLED:  # those are in `handed` files
            part[key] = value
    more: dict[int, list[str]] = {}
    for path in handed:
        more.setdefault(int(os.path.basename(path)[:2]), []).append(path)
    for shard in sorted(parts):
        part = parts.pop(shard)
        for path in more.get(shard, ()):
            stored = read_pickle(path)
            if isinstance(stored, dict) and stored.get("code") == code_digest():
                part.update(stored["entries"])
        write_pickle(_shard_path(folder, shard), {"code": code_digest(), "entries": part})


def write_pickle(path: str, value: object) -> None:
    """Write `value` to `path` whole or not at all; a full or read-only disk only means the
    next run starts cold."""
    folder = os.path.dirname(path)
    try:
        make_folder(folder, cache_folder())  # a file in its place is removed: see repair
        handle, temporary = tempfile.mkstemp(prefix=".write-", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        if os.path.isdir(path) and not os.path.islink(path):
            remove_folder(path, cache_folder())  # a folder in its place: see repair
        os.replace(temporary, path)  # also safe against a parallel run
    except OSError:
        os.unlink(temporary)
