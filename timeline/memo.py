"""The memo: pieces made from one event alone (rendered summaries, listing items, dataset
rows), kept in the project's cache under a digest of everything they show (see cache.py)."""

from __future__ import annotations

import contextlib
import os
import time

from .cache import (
    SPILLED,
    code_digest,
    project_cache,
    read_shard,
    shard_of,
    write_pickle,
    write_shards,
)

# The memo keeps what a run puts in it in memory up to about this many characters, then
# writes it out beside its shard (save() merges it), so a big build never holds it all.
SPILL_AT = 32_000_000


class Memo:
    """A stored mapping from a digest to a value, for work that depends on its input only
    (Markdown rendered to HTML). Each shard is read when an entry of it is first asked
    for. A shard with new entries is written back with them and its old entries; when
    the run said it asked for every entry it needs (complete()), with only those, so
    that what no event shows any more goes."""

    def __init__(self, folder: str | None) -> None:
        self.folder = folder
        self._old: dict[int, dict[str, object]] = {}  # shard -> its entries, read when asked
        self._complete = False
        self._new: dict[str, object] = {}
        self._added: set[int] = set()
        self._put: list[str] = []  # the keys put in this run, in order
        self._used: list[str] = []  # the keys of old entries used in this run, in order
        self._written = 0  # how many of _put are written out (to files in _handed)
        self._holding = 0  # characters put and not written out yet
        self._handed: list[str] = []  # files of entries made in this run, for save()

    @classmethod
    def for_project(cls, root: str, name: str) -> Memo:
        folder = project_cache(root)
        return cls(None if folder is None else os.path.join(folder, name))

    def _shard_entries(self, shard: int) -> dict[str, object]:
        entries = self._old.get(shard)
        if entries is None:
            entries = self._old[shard] = read_shard(self.folder, shard)
        return entries

    def complete(self) -> None:
        """This run asked for every entry it needs: save() may drop the others."""
        self._complete = True

    def get(self, key: str) -> object | None:
        value = self._shard_entries(shard_of(key)).get(key)
        if value is not None and key not in self._new:
            self._new[key] = value
            self._used.append(key)
        return value

    def put(self, key: str, value: object) -> None:
        if key not in self._new:
            self._new[key] = value
            self._added.add(shard_of(key))
            self._put.append(key)
            self._holding += _characters(value)
            if self._holding > SPILL_AT and self.folder is not None:
                self._write_out()

    def _write_out(self) -> None:
        """Write the entries put and not written out yet to one file per shard, beside
        the shards, for save() to merge; keep only their keys."""
        parts: dict[int, dict[str, object]] = {}
        for key in self._put[self._written :]:
            parts.setdefault(shard_of(key), {})[key] = self._new[key]
            self._new[key] = SPILLED
        self._written = len(self._put)
        self._holding = 0
        for shard, part in sorted(parts.items()):
            path = os.path.join(
                self.folder,  # type: ignore[arg-type]
                f"{shard:02d}.from-{os.getpid()}-{len(self._handed)}.pickle",
            )
            write_pickle(path, {"code": code_digest(), "entries": part})
            self._handed.append(path)

    # A forked process (parallel.in_two) has a copy of the memo, which ends with it. What
    # it learnt comes back: the entries it made through files beside the shards (never
    # all in this process's memory at once), the keys of old entries it used as a list.

    def mark(self) -> tuple[int, int]:
        """Where this memo stands, before a forked process starts (hand_over()). What was
        put so far is written out first, so that the other process hands back only what
        it made itself."""
        if self.folder is not None and self._written < len(self._put):
            self._write_out()
        return len(self._handed), len(self._used)

    def hand_over(self, mark: tuple[int, int]) -> tuple[list[str], list[str]]:
        """In a forked process, after its work: the files of the entries it put since
        `mark`, and the old keys it used; for take() in its parent."""
        if self.folder is not None:
            self._write_out()
        return self._handed[mark[0] :], self._used[mark[1] :]

    def take(self, handed: object) -> None:
        """Keep what a forked process learnt (its hand_over()); save() merges the files."""
        paths, used = handed  # type: ignore[misc]
        self._handed += paths
        self._added.update(int(os.path.basename(path)[:2]) for path in paths)
        for key in used:
            value = self._shard_entries(shard_of(key)).get(key)
            if value is not None:
                self._new.setdefault(key, value)

    def save(self) -> None:
        # A run that added nothing to a shard may have used few of its entries: kept all.
        # One that did not ask for all it needs keeps the old entries of those it adds to.
        if self.folder is not None and self._added and not self._complete:
            for shard in self._added:
                for key, value in self._shard_entries(shard).items():
                    self._new.setdefault(key, value)
        if self.folder is not None and self._added:
            write_shards(self.folder, self._new, self._added, handed=self._handed)
        for path in self._handed:
            with contextlib.suppress(OSError):
                os.unlink(path)
        self._handed = []
        _remove_left_over(self.folder)


# Files a killed build wrote out for its save, which never came: gone after an hour (a
# build hands its files over within seconds of writing them).
LEFT_OVER_NS = 3_600_000_000_000


def _remove_left_over(folder: str | None) -> None:
    if folder is None:
        return
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if ".from-" in entry.name and entry.name.endswith(".pickle"):
                with contextlib.suppress(OSError):
                    if time.time_ns() - entry.stat().st_mtime_ns > LEFT_OVER_NS:
                        os.unlink(entry.path)


def _characters(value: object) -> int:
    """About how much memory a memo value holds, in characters."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, tuple):
        return sum(len(part) for part in value if isinstance(part, str))
    return 64
