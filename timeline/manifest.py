"""What a build records of the site it wrote into an output folder (its manifest: each
file's key and status, the marker, what it read and said), kept in the cache folder so
that the next build reuses what still holds: files of the site, the site before the last
(the spare), and the tables of where the keyed parts of big files lie (timeline.parts)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import folders, parts
from .cache import cache_folder, code_digest, project_cache, read_pickle, write_pickle
from .digests import digest
from .problems import Problem
from .repair import make_folder

if TYPE_CHECKING:
    from .pages import Planned

MARKER = ".timeline-build"  # the file that says a folder is a site timeline built
# The list of the tables of keyed parts kept, in their folder (see Manifest.prune_parts).
_PARTS_INDEX = "index.pickle"
# A file of a site as its manifest records it: key, size, mtime, ctime, inode.
Entry = tuple[str, int, int, int, int]


def as_recorded(path: str, entry: Entry | None) -> bool:
    """Whether the file at `path` is the one a manifest entry records. Any change to a file
    sets its change time, which no call sets back (utime() sets it to now): a file damaged
    or edited by hand, even with its size and mtime put back, is not taken for the one
    recorded, and its bytes are neither published nor copied from."""
    if entry is None:
        return False
    try:
        return folders.status(os.stat(path)) == entry[1:]
    except OSError:
        return False


@dataclass
class Previous:
    """The last build into an output folder, as its manifest recorded it."""

    site: str | None = None  # the key of the whole site
    files: dict[str, Entry] = field(default_factory=dict)
    count: int = 0
    marker: tuple[int, int] = (0, 0)  # the marker file it wrote: inode, mtime
    inputs: str | None = None  # the digest of all it read (see _inputs)
    problems: list[Problem] = field(default_factory=list)  # what its check said
    counts: tuple[int, int] = (0, 0)  # events, sources
    spare_files: dict[str, Entry] | None = None  # the site before, kept
    spare_marker: tuple[int, int] | None = None

    def spare_in(self, folder: str) -> bool:
        """Whether `folder` holds the site before, as this manifest recorded it."""
        if self.spare_files is None or self.spare_marker is None:
            return False
        try:
            marker = os.stat(os.path.join(folder, MARKER))
        except OSError:
            return False
        return (marker.st_ino, marker.st_mtime_ns) == self.spare_marker

    def untouched(self, out: str, paths: list[str]) -> bool:
        """Whether `out` holds exactly these files, as the last build left them."""
        return len(paths) == len(self.files) and all(
            as_recorded(os.path.join(out, path), self.files.get(path)) for path in paths
        )

    def reusable(self, out: str, item: Planned) -> str | None:
        """The previous site's copy of `item`, when it is the one to build now."""
        entry = self.files.get(item.path)
        path = os.path.join(out, item.path)
        return path if entry and entry[0] == item.key and as_recorded(path, entry) else None


class Manifest:
    """Where the key of each file of the last build into `out` is kept: in the cache
    folder, not in the site. It applies while `out` holds that build's marker file."""

    def __init__(self, path: str | None, out: str) -> None:
        self.path = path
        self.out = out

    @classmethod
    def for_output(cls, project: str, out: str, folder: str | None = None) -> Manifest:
        """The manifest of builds of `project` into `out`, kept in the project's cache
        folder, or in `folder` (where a preview keeps what lives as long as it does:
        this, the tables of keyed parts and the site before the last)."""
        cache = project_cache(project)
        if cache is None:
            return cls(None, out)
        if folder is not None:
            return cls(os.path.join(folder, "site.pickle"), out)
        return cls(os.path.join(cache, f"site-{digest(os.path.realpath(out))}.pickle"), out)

    def spare_folder(self, parent: str) -> str | None:
        """Where the site before the last is kept: beside the manifest, when that is on the
        file system of the output folder (a folder moves in one step only there)."""
        if self.path is None:
            return None
        folder = os.path.dirname(self.path)
        try:
            make_folder(folder, cache_folder())
            if os.stat(folder).st_dev != os.stat(parent).st_dev:
                return None
        except OSError:
            return None
        return self.path[: -len(".pickle")] + ".previous"

    def read(self) -> Previous:
        stored = read_pickle(self.path)
        try:
            marker = os.stat(os.path.join(self.out, MARKER))
        except OSError:
            return Previous()
        if not isinstance(stored, dict) or stored.get("marker") != (
            marker.st_ino,
            marker.st_mtime_ns,
        ):
            return Previous()  # no manifest, or another build wrote `out` since
        return Previous(
            stored["site"],
            stored["files"],
            stored["count"],
            stored["marker"],
            stored.get("inputs"),
            stored.get("problems", []),
            stored.get("counts", (0, 0)),
            stored.get("spare_files"),
            stored.get("spare_marker"),
        )

    # The tables of keyed parts are kept one per file and key, for the files of the
    # output folder and of the site before it: a build that brings an earlier version of
    # a file back (an edit undone) finds that version's table too.

    def _parts_folder(self) -> str:
        return self.path[: -len(".pickle")] + ".parts"  # type: ignore[index]

    def parts_file(self, path: str, key: str) -> str | None:
        """Where the table of the keyed parts of the site's file at `path`, made under
        `key`, is kept."""
        if self.path is None:
            return None
        return os.path.join(self._parts_folder(), digest(path, key) + ".pickle")

    def keep_parts(self, path: str, key: str, table: parts.Table) -> None:
        """Put down where the keyed parts lie in the file at `path` made under `key` (in
        the file of another key, nothing a build may still copy from is replaced)."""
        if self.path is not None:
            write_pickle(
                self.parts_file(path, key),  # type: ignore[arg-type]
                {"code": code_digest(), "key": key, "table": table},
            )

    def prune_parts(self, tabled: dict[str, str], *sites: dict[str, Entry]) -> None:
        """Keep the tables of the files of `sites` (the new site and the one kept before
        it), by file and key: those made now (`tabled`) and those kept from earlier,
        which an index in the folder lists; remove the rest, a killed build's too."""
        if self.path is None:
            return
        folder = self._parts_folder()
        index_path = os.path.join(folder, _PARTS_INDEX)
        stored = read_pickle(index_path)
        known: dict[str, set[str]] = {}
        if isinstance(stored, dict) and stored.get("code") == code_digest():
            known = stored["tables"]
        for path, key in tabled.items():
            known.setdefault(path, set()).add(key)
        index = {}
        for path, keys in known.items():
            wanted = {site[path][0] for site in sites if path in site} & keys
            if wanted:
                index[path] = wanted
        kept = {digest(path, key) + ".pickle" for path, keys in index.items() for key in keys}
        with contextlib.suppress(OSError):
            for name in os.listdir(folder):
                if name not in kept and name != _PARTS_INDEX and not name.startswith(".write-"):
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(folder, name))
        if index != known or tabled:
            write_pickle(index_path, {"code": code_digest(), "tables": index})

    def reuse(self, previous: Previous, path: str) -> parts.Reuse:
        """The keyed parts of the file at `path` of the last build, which the output
        folder holds as that build left it; none when anything does not match."""
        entry = previous.files.get(path)
        if entry is None:
            return parts.Reuse()
        stored = read_pickle(self.parts_file(path, entry[0]))
        if (
            not isinstance(stored, dict)
            or stored.get("code") != code_digest()
            or stored.get("key") != entry[0]  # any file made under a key has its bytes
        ):
            return parts.Reuse()
        file = os.path.join(self.out, *path.split("/"))
        return parts.Reuse(file, stored["table"]) if as_recorded(file, entry) else parts.Reuse()

    def reuse_for(self, previous: Previous) -> Callable[[str], parts.Reuse]:
        """reuse() of the last build, one file at a time."""
        return lambda path: self.reuse(previous, path)

    def write(
        self,
        site: str,
        marker: tuple[int, int],
        files: dict[str, Entry],
        count: int,
        remember: dict,
    ) -> None:
        if self.path is None:
            return
        stored = {"site": site, "marker": marker, "files": files, "count": count, **remember}
        write_pickle(self.path, stored)
