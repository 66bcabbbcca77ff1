"""The check cache: each event's outcome (the event, its checked quotes, its warnings),
kept by content (see timeline.cache) so that an unchanged event is not read or checked
again, and the source metadata a run read. Above the records it keeps: it registers how
they pickle (timeline.pickling)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from .cache import FileDigests, project_cache, read_shards, shard_of, write_shards
from .dates import EventDate
from .edtf import DatePoint
from .events import Event, Evidence
from .evidence import CheckedQuote
from .pickling import register_by_fields
from .problems import Problem

FOLDER_NAME = "check"


@dataclass(frozen=True, slots=True)
class Entry:
    """One event as last checked."""

    cited: tuple[tuple[str, str], ...]  # (source id, source digest) of each cited source
    event: Event
    quotes: tuple[CheckedQuote, ...]
    editorial: tuple[str, ...]
    problems: tuple[Problem, ...]  # warnings only, all in the event's own file

    def shown_at(self, display: str) -> Entry:
        """The same entry for the event file shown under another path (another folder)."""
        return replace(
            self,
            event=replace(self.event, path=display),
            problems=tuple(replace(problem, path=display) for problem in self.problems),
        )


class CheckCache:
    """The entries of one project: read once, written back where something changed.

    `seen` holds the digests of the project's files as the run's project_digest() just
    found them: they are not looked at again (an event file read to be checked is keyed
    by the bytes read, whatever `seen` says)."""

    def __init__(self, folder: str | None, seen: dict[str, str] | None = None) -> None:
        self.seen = seen if seen is not None else {}
        self.folder = folder
        self._old: dict[str, Entry] = read_shards(folder)  # type: ignore[assignment]
        self._new: dict[str, Entry] = {}
        self._put: set[str] = set()
        self.hits = 0
        # The digests of the event files, beside the entries (one per project).
        self.files = FileDigests.at(
            None if folder is None else os.path.join(os.path.dirname(folder), "files.pickle")
        )

    @classmethod
    def for_project(cls, root: str, seen: dict[str, str] | None = None) -> CheckCache:
        folder = project_cache(root)
        return cls(None if folder is None else os.path.join(folder, FOLDER_NAME), seen)

    def digest_of(self, path: str) -> str | None:
        """The digest of the file at `path` (None when it cannot be read)."""
        found = self.seen.get(path)
        return found if found is not None else self.files.of(path)

    def get(self, key: str, source_digests: dict[str, str]) -> Entry | None:
        """The entry for `key`, if every source it cited is still the same."""
        entry = self._old.get(key)
        if entry is None or any(source_digests.get(s) != d for s, d in entry.cited):
            return None
        self._new[key] = entry
        self.hits += 1
        return entry

    def put(self, key: str, entry: object) -> None:
        """Keep `entry` (an Entry, or another record: see known()) under `key`."""
        self._new[key] = entry  # type: ignore[assignment]
        self._put.add(key)

    def known(self, key: str) -> object | None:
        """A record put under `key` by an earlier run (a source's metadata), if any; kept."""
        found = self._old.get(key)
        if found is not None:
            self._new[key] = found
        return found

    def save(self) -> None:
        """Keep exactly the entries of this run (so deleted events leave no trace)."""
        if self.folder is None:
            return
        self.files.save()
        dropped = self._old.keys() - self._new.keys()
        changed = {shard_of(key) for key in (*self._put, *dropped)}
        if changed:
            write_shards(self.folder, self._new, changed)  # type: ignore[arg-type]


register_by_fields(Problem, DatePoint, EventDate, Evidence, Event, CheckedQuote, Entry)
