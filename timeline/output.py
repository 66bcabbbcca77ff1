"""The output folder: the new site staged whole, what has not changed reused, one swap.

The new site is made in a folder beside the output one (or in the site the previous
build replaced, kept in the cache folder and brought up to date in place) and then
exchanged with the output folder in one step, so a build that fails or is killed at
any moment leaves the previous site or the new one, whole (FORMAT.md). A file whose key
(see site.Planned) and bytes are those of the last build is not made again. The keys
of the last build, its manifest, are kept in the cache folder, tied to the marker file
that build wrote into the output folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import parts
from .cache import cache_folder, code_digest, digest, read_pickle, write_pickle
from .parallel import in_two
from .problems import Problem
from .progress import Progress

if TYPE_CHECKING:
    from .dataset import Dataset
    from .site import Planned

MARKER = ".timeline-build"


class OutputError(Exception):
    """The site could not be finished (its search index failed); the message says why."""


@dataclass(frozen=True)
class Written:
    """What write_site did: how many files the site has (the marker aside), how many were
    made and how many kept from the previous build, and whether it was already up to date."""

    files: int
    made: int
    reused: int
    up_to_date: bool = False


# The list of the tables of keyed parts kept, in their folder (see Manifest.prune_parts).
_PARTS_INDEX = "index.pickle"
# Below this many files to make, a second process costs more than it saves.
PARALLEL_FROM = 500
LINK_PARALLEL_FROM = 2_000  # ...and below this many to link or remove


def write_site(
    planned: list[Planned],
    out: str,
    *,
    templates: str,
    project: str,
    data: Dataset | None = None,
    parallel: bool = True,
    remember: dict | None = None,
    keep_previous: bool = True,
    previous: Previous | None = None,
    manifest: Manifest | None = None,
) -> Written:
    """Write every planned file into a folder beside `out` (or the kept previous site),
    then swap it in whole.

    A file whose key is the one it had in the previous build, untouched since, is
    hard-linked from the previous site instead of made again. When every key is the same
    and nothing in `out` was touched, nothing is written at all. Files are made on both
    cores when there are many (unless `parallel` is False: a caller running threads must
    say so), after `data`'s summaries, which most pages show, are rendered. `remember`
    goes into the manifest with the files (what `build` needs to tell the site is up to
    date). With `keep_previous`, the site this build replaces is kept in the cache folder
    (when it is on the same file system), and the next build updates it in place.
    `previous` is the manifest of the last build, when the caller has read it already,
    and `manifest` where it is kept, when not in the cache folder (Manifest.for_output).
    """
    out = os.path.normpath(out)
    site_key = _site_key(planned)
    if manifest is None:
        manifest = Manifest.for_output(project, out)
    if previous is None:
        previous = manifest.read()
    if previous.site == site_key and previous.untouched(out, [item.path for item in planned]):
        if remember and remember.get("inputs") != previous.inputs:
            manifest.write(site_key, previous.marker, previous.files, previous.count, remember)
        return Written(previous.count, 0, 0, up_to_date=True)
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    spare = manifest.spare_folder(parent) if keep_previous else None
    staging, spare_files = _staging_folder(out, parent, spare, previous)
    swapped = False
    try:
        files, todo, tabled = _fill(
            staging, planned, out, previous, spare_files, data, parallel, manifest.keep_parts
        )
        written = _finish(staging, templates) + len(planned)
        marker = os.stat(os.path.join(staging, MARKER))
        had_previous = os.path.isdir(out)
        if had_previous:
            _exchange(staging, out)  # staging now holds the previous site
        else:
            os.rename(staging, out)
        swapped = True
        kept_previous: dict = {}
        if had_previous and spare and previous.site is not None:
            # The previous site, whose every file the manifest knows, is the next spare.
            if staging != spare:
                os.rename(staging, spare)
            kept_previous = {"spare_files": previous.files, "spare_marker": previous.marker}
        elif had_previous:
            _remove(staging, parallel=parallel)
        manifest.write(
            site_key,
            (marker.st_ino, marker.st_mtime_ns),
            files,
            written,
            {**(remember or {}), **kept_previous},
        )
        manifest.prune_parts(
            {path: files[path][0] for path in tabled}, files, kept_previous.get("spare_files", {})
        )
        return Written(written, len(todo), len(planned) - len(todo))
    finally:
        if not swapped:
            shutil.rmtree(staging, ignore_errors=True)


def _site_key(planned: list[Planned]) -> str:
    """The key of the whole site: its files' keys (each covers the templates and their
    static/ folder) and the search index's kind."""
    from .search import search_mode

    return digest(code_digest(), search_mode(), *(f"{item.path}\0{item.key}" for item in planned))


def _staging_folder(
    out: str, parent: str, spare: str | None, previous: Previous
) -> tuple[str, dict[str, tuple[str, int, int]]]:
    """Where to build: the kept site before the previous one when it is as recorded (with
    the manifest of its files), else a new folder beside `out` (with none)."""
    prefix = f".{os.path.basename(out)}.building-"
    for stale in os.listdir(parent):  # left by a build that was killed
        if stale.startswith(prefix):
            shutil.rmtree(os.path.join(parent, stale), ignore_errors=True)
    if spare and previous.spare_files is not None and previous.spare_in(spare):
        os.unlink(os.path.join(spare, MARKER))  # unknown from now, if this build dies
        for folder in ("static", "pagefind"):  # made anew each time
            shutil.rmtree(os.path.join(spare, folder), ignore_errors=True)
        return spare, previous.spare_files
    if spare and os.path.lexists(spare):
        shutil.rmtree(spare, ignore_errors=True)
    return tempfile.mkdtemp(prefix=prefix, dir=parent), {}


def _fill(
    staging: str,
    planned: list[Planned],
    out: str,
    previous: Previous,
    spare_files: dict[str, tuple[str, int, int]],
    data: Dataset | None,
    parallel: bool,
    keep_parts: Callable[[str, str, parts.Table], None],
) -> tuple[dict[str, tuple[str, int, int]], list[Planned], list[str]]:
    """Bring `staging` to the planned files: keep what is there as it is to be, link what
    the previous site has, make the rest (with `keep_parts`, where the keyed parts of a
    file lie is put down as soon as it is written). Returns the manifest of the files
    (key, size, mtime), the planned files that were made, and the paths of those whose
    tables of keyed parts were put down (for Manifest.prune_parts())."""
    files: dict[str, tuple[str, int, int]] = {}
    kept: list[tuple[Planned, str]] = []
    todo: list[Planned] = []
    for item in planned:
        entry = spare_files.get(item.path)
        if (
            entry is not None
            and entry[0] == item.key
            and _as_recorded(os.path.join(staging, item.path), entry)
        ):
            files[item.path] = entry  # already there, as it is to be
            continue
        previous_file = previous.reusable(out, item)
        if previous_file is None:
            todo.append(item)
        else:
            kept.append((item, previous_file))
    _remove_files(staging, set(spare_files) - {item.path for item in planned})
    replace = bool(spare_files)  # files may be there already
    with Progress("building", len(planned)) as progress:
        progress.advance(len(files))

        def link(share: Sequence[tuple[Planned, str]]) -> list[tuple[int, int] | None]:
            """Link each file; a link is the previous file itself (None: its size and
            mtime are the manifest's), a copy is a new file (its size and mtime)."""
            linked: list[tuple[int, int] | None] = []
            folders: set[str] = set()
            for item, previous_file in share:
                path = _staged(staging, item.path, folders, replace=replace)
                try:
                    os.link(previous_file, path)
                    linked.append(None)
                except OSError:  # a file system without hard links: a copy will do
                    shutil.copyfile(previous_file, path)
                    stat = os.stat(path)
                    linked.append((stat.st_size, stat.st_mtime_ns))
            return linked

        # Linking is system calls on many folders: both cores help there too.
        stats = in_two(link, kept, parallel=parallel, minimum=LINK_PARALLEL_FROM)
        for (item, _), stat in zip(kept, stats, strict=True):
            size, mtime = stat or previous.files[item.path][1:]
            files[item.path] = (item.key, size, mtime)
        progress.advance(len(kept))
        if len(todo) >= PARALLEL_FROM and data is not None:
            # Many pages to make: every summary, rendered first on both cores. With few,
            # most of the summaries they show are in parts copied from the last build.
            data.render_summaries(parallel=parallel)
        here = os.getpid()

        def make(share: Sequence[Planned]) -> list[tuple[str, int, int, bool]]:
            made: list[tuple[str, int, int, bool]] = []
            shown = os.getpid() == here  # the forked process draws no progress
            folders: set[str] = set()
            for item in share:
                path = _staged(staging, item.path, folders, replace=replace)
                content = (item.make(staging) if item.after else item.make()).content
                table: parts.Table = {}
                if isinstance(content, parts.Keyed):
                    table = parts.write(path, content)
                    if table:  # written now: a big table need not wait in memory
                        keep_parts(item.path, item.key, table)
                    stat = os.stat(path)
                else:
                    stat = _write_text(path, content)
                made.append((item.path, stat.st_size, stat.st_mtime_ns, bool(table)))
                if shown:
                    progress.advance()
            return made

        keys = {item.path: item.key for item in todo}
        later = [item for item in todo if item.after]  # made from the files made first
        spread, half = _shared([item for item in todo if not item.after])
        # The summaries the other process renders come back to the memo this one saves,
        # or the next build would render them again.
        memo = data.memo if data is not None else None
        back = None
        if memo is not None:
            mark = memo.mark()
            back = (lambda: memo.hand_over(mark), memo.take)
        made = in_two(
            make,
            spread,
            parallel=parallel and sum(item.weight for item in spread) >= PARALLEL_FROM,
            minimum=2,
            bring_back=back,
            half=half,
        )
        made += make(later)
        for path, size, mtime, _ in made:
            files[path] = (keys[path], size, mtime)
        progress.advance(len(planned) - progress.done)  # what the forked process made
    return files, todo, [path for path, _, _, tabled in made if tabled]


def _shared(todo: list[Planned]) -> tuple[list[Planned], int]:
    """The files to make in the order two processes share them, and where the second's
    share starts: about as much work each (Planned.weight), the heaviest shared first,
    and some of every kind of file in both (the order of the plan alternates)."""
    halves: tuple[list[Planned], list[Planned]] = ([], [])
    loads = [0, 0]
    heavy = sorted((item for item in todo if item.weight > 1), key=lambda i: -i.weight)
    for item in [*heavy, *(item for item in todo if item.weight <= 1)]:
        lighter = 0 if loads[0] <= loads[1] else 1
        halves[lighter].append(item)
        loads[lighter] += max(item.weight, 1)
    return [*halves[0], *halves[1]], len(halves[0])


def _finish(staging: str, templates: str) -> int:
    """Add the static files, the marker and the search index; how many files they are."""
    from .search import SearchIndexError, index_site
    from .site import copy_static

    written = copy_static(templates, staging)
    with open(os.path.join(staging, MARKER), "w", encoding="utf-8") as handle:
        handle.write("This folder is built by `timeline build` and replaced by the next one.\n")
    try:  # the index is part of the site: built in staging, swapped in with it
        note = index_site(staging)
    except SearchIndexError as exc:
        raise OutputError(str(exc)) from None
    if note:
        print(note)
    written += sum(len(f) for _, _, f in os.walk(os.path.join(staging, "pagefind")))
    os.chmod(staging, 0o755)
    return written


def _write_text(path: str, content: str | Iterable[str]) -> os.stat_result:
    """Write a page's text to a new file at `path`, as UTF-8; the file's status after.
    (The system's calls alone: a site's pages are written by the ten thousand, and a
    Python file object would ask for the terminal, the position and the block size of
    each.)"""
    fd = os.open(path, _NEW_FILE, 0o666)
    try:
        for chunk in (content,) if isinstance(content, str) else content:
            parts.write_all(fd, chunk.encode("utf-8"))
        return os.fstat(fd)
    finally:
        os.close(fd)


# Opening a file to write it anew (binary on Windows: no line ends translated).
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def _as_recorded(path: str, entry: tuple[str, int, int] | None) -> bool:
    """Whether the file at `path` is the one a manifest entry (key, size, mtime) records."""
    if entry is None:
        return False
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == entry[1:]


def _remove_files(staging: str, paths: set[str]) -> None:
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


def _remove(folder: str, *, parallel: bool) -> None:
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


def _staged(staging: str, relative: str, folders: set[str], *, replace: bool = False) -> str:
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


@dataclass
class Previous:
    """The last build into an output folder, as its manifest recorded it."""

    site: str | None = None  # the key of the whole site
    files: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # key, size, mtime
    count: int = 0
    marker: tuple[int, int] = (0, 0)  # the marker file it wrote: inode, mtime
    inputs: str | None = None  # the digest of all it read (see _inputs)
    problems: list[Problem] = field(default_factory=list)  # what its check said
    counts: tuple[int, int] = (0, 0)  # events, sources
    spare_files: dict[str, tuple[str, int, int]] | None = None  # the site before, kept
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
            _as_recorded(os.path.join(out, path), self.files.get(path)) for path in paths
        )

    def reusable(self, out: str, item: Planned) -> str | None:
        """The previous site's copy of `item`, when it is the one to build now."""
        entry = self.files.get(item.path)
        path = os.path.join(out, item.path)
        return path if entry and entry[0] == item.key and _as_recorded(path, entry) else None


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
        cache = cache_folder()
        if cache is None:
            return cls(None, out)
        if folder is not None:
            return cls(os.path.join(folder, "site.pickle"), out)
        name = f"site-{digest(os.path.realpath(out))}.pickle"
        return cls(os.path.join(cache, digest(os.path.realpath(project)), name), out)

    def spare_folder(self, parent: str) -> str | None:
        """Where the site before the last is kept: beside the manifest, when that is on the
        file system of the output folder (a folder moves in one step only there)."""
        if self.path is None:
            return None
        folder = os.path.dirname(self.path)
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
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

    def prune_parts(self, tabled: dict[str, str], *sites: dict[str, tuple[str, int, int]]) -> None:
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
        return parts.Reuse(file, stored["table"]) if _as_recorded(file, entry) else parts.Reuse()

    def reuse_for(self, previous: Previous) -> Callable[[str], parts.Reuse]:
        """reuse() of the last build, one file at a time."""
        return lambda path: self.reuse(previous, path)

    def write(
        self,
        site: str,
        marker: tuple[int, int],
        files: dict[str, tuple[str, int, int]],
        count: int,
        remember: dict,
    ) -> None:
        if self.path is None:
            return
        stored = {"site": site, "marker": marker, "files": files, "count": count, **remember}
        write_pickle(self.path, stored)


def _exchange(a: str, b: str) -> None:
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
