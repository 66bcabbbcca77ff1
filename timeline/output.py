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
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from . import folders, parts
from .cache import code_digest
from .digests import digest
from .manifest import MARKER, Entry, Manifest, Previous, as_recorded
from .parallel import in_two
from .progress import Progress

if TYPE_CHECKING:
    from .dataset import Dataset
    from .pages import Planned

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


# Below this many files to make, a second process costs more than it saves (for files to
# link or remove: folders.LINK_PARALLEL_FROM).
PARALLEL_FROM = 500


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
    try:
        return _write(
            planned,
            out,
            site_key,
            templates,
            data,
            parallel,
            remember,
            keep_previous,
            previous,
            manifest,
        )
    except OSError as exc:  # a full disk, a read-only one: `out` holds the site it held
        message = folders.cannot_write(exc, out)
        if message is None:
            raise
        raise OutputError(message) from None


def _write(
    planned: list[Planned],
    out: str,
    site_key: str,
    templates: str,
    data: Dataset | None,
    parallel: bool,
    remember: dict | None,
    keep_previous: bool,
    previous: Previous,
    manifest: Manifest,
) -> Written:
    """write_site(), once it is known that the site is to be written."""
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    spare = manifest.spare_folder(parent) if keep_previous else None
    staging, spare_files, left = _staging_folder(out, parent, spare, previous)
    files, kept, todo = _sort(staging, planned, out, previous, spare_files)
    linked = [item.path for item, _ in kept]
    swapped = False
    try:
        tabled = _fill(staging, planned, files, kept, todo, spare_files, data, parallel, manifest)
        written = _finish(staging, templates) + len(planned)
        marker = os.stat(os.path.join(staging, MARKER))
        had_previous = os.path.isdir(out)
        if had_previous:
            folders.exchange(staging, out)  # staging now holds the previous site
        else:
            os.rename(staging, out)
        swapped = True
        keep = spare if had_previous and previous.site is not None else None
        more = _put_away(staging, out, keep, previous, files, linked, left, had_previous, parallel)
        marked = (marker.st_ino, marker.st_mtime_ns)
        manifest.write(site_key, marked, files, written, {**(remember or {}), **more})
        manifest.prune_parts(
            {path: files[path][0] for path in tabled}, files, more.get("spare_files", {})
        )
        return Written(written, len(todo), len(planned) - len(todo))
    finally:
        if not swapped:
            _given_up(staging, spare, previous, kept, manifest)


def _given_up(staging: str, spare: str | None, last: Previous, kept: list, to: Manifest) -> None:
    """After a failed build: its staging folder removed (a kept site is the next build's
    to remove, once its own site is in), and the status of the files of `out` it linked
    put down again, as a link sets the change time (they were as recorded when linked)."""
    if staging != spare:
        shutil.rmtree(staging, ignore_errors=True)
    if kept:
        files = dict(last.files)
        for item, path in kept:
            with contextlib.suppress(OSError):
                files[item.path] = (item.key, *folders.status(os.stat(path)))
        remember = {name: getattr(last, name) for name in ("inputs", "problems", "counts")}
        to.write(last.site or "", last.marker, files, last.count, remember)


def _put_away(
    old: str,
    out: str,
    spare: str | None,
    previous: Previous,
    files: dict[str, Entry],
    linked: list[str],
    left: list[str],
    had_previous: bool,
    parallel: bool,
) -> dict:
    """After the swap: remove what builds that did not finish `left`, keep the previous
    site (now in `old`) as the next spare, or remove it; what the manifest is to say of
    the spare. A removal takes links from inodes, which sets their change time: the files
    linked into the new site (as recorded then, and touched by nothing else) are looked
    at again."""
    for folder in left:
        folders.discard(folder)
    removed = bool(left)
    if spare is not None:
        if old != spare:
            os.rename(old, spare)
    elif had_previous:
        folders.remove(old, parallel=parallel)
        removed = True
    if removed:
        for path in linked:
            files[path] = (files[path][0], *folders.status(os.stat(os.path.join(out, path))))
    if spare is None:
        return {}
    # The previous site, whose every file the manifest knows, is the next spare; a file
    # linked into the new site is the new site's file, with its status.
    spare_files = {**previous.files, **{path: files[path] for path in linked}}
    return {"spare_files": spare_files, "spare_marker": previous.marker}


def _site_key(planned: list[Planned]) -> str:
    """The key of the whole site: its files' keys (each covers the templates and their
    static/ folder) and the search index's kind."""
    from .search import search_mode

    return digest(code_digest(), search_mode(), *(f"{item.path}\0{item.key}" for item in planned))


def _staging_folder(
    out: str, parent: str, spare: str | None, previous: Previous
) -> tuple[str, dict[str, Entry], list[str]]:
    """Where to build: the kept site before the previous one when it is as recorded (with
    the manifest of its files), else a new folder beside `out` (with none); and what to
    remove once the new site is in: the folders of builds that were killed or failed, a
    kept site not as recorded. Not before: their files may be links to those of `out`,
    which each removal would mark as changed (see _as_recorded)."""
    prefix = f".{os.path.basename(out)}.building-"
    left = [os.path.join(parent, name) for name in os.listdir(parent) if name.startswith(prefix)]
    if spare and previous.spare_files is not None and previous.spare_in(spare):
        os.unlink(os.path.join(spare, MARKER))  # unknown from now, if this build dies
        for folder in ("static", "pagefind"):  # made anew each time
            shutil.rmtree(os.path.join(spare, folder), ignore_errors=True)
        return spare, previous.spare_files, left
    if spare and os.path.lexists(spare):
        left.append(spare)
    return tempfile.mkdtemp(prefix=prefix, dir=parent), {}, left


def _sort(
    staging: str, planned: list[Planned], out: str, previous: Previous, spare: dict[str, Entry]
) -> tuple[dict[str, Entry], list[tuple[Planned, str]], list[Planned]]:
    """The planned files `staging` holds as they are to be (their manifest), those the
    previous site has (each with its path there) and those to make."""
    files: dict[str, Entry] = {}
    kept: list[tuple[Planned, str]] = []
    todo: list[Planned] = []
    for item in planned:
        entry = spare.get(item.path)
        if (
            entry is not None
            and entry[0] == item.key
            and as_recorded(os.path.join(staging, item.path), entry)
        ):
            files[item.path] = entry  # already there, as it is to be
            continue
        previous_file = previous.reusable(out, item)
        if previous_file is None:
            todo.append(item)
        else:
            kept.append((item, previous_file))
    return files, kept, todo


def _fill(
    staging: str,
    planned: list[Planned],
    files: dict[str, Entry],
    kept: list[tuple[Planned, str]],
    todo: list[Planned],
    spare_files: dict[str, Entry],
    data: Dataset | None,
    parallel: bool,
    manifest: Manifest,
) -> list[str]:
    """Bring `staging` to the planned files (see _sort): link what the previous site has,
    make the rest (where the keyed parts of a file lie is put down as soon as it is
    written), adding each to `files`; the paths of those whose tables of keyed parts
    were put down (for Manifest.prune_parts())."""
    folders.remove_files(staging, set(spare_files) - {item.path for item in planned})
    replace = bool(spare_files)  # files may be there already
    with Progress("building", len(planned)) as progress:
        progress.advance(len(files))
        # Linking is system calls on many folders: both cores help there too.
        linking = partial(folders.link, staging, replace)
        statuses = in_two(linking, kept, parallel=parallel, minimum=folders.LINK_PARALLEL_FROM)
        for (item, _), status in zip(kept, statuses, strict=True):
            files[item.path] = (item.key, *status)
        progress.advance(len(kept))
        if len(todo) >= PARALLEL_FROM and data is not None:
            # Many pages to make: every summary, rendered first on both cores. With few,
            # most of the summaries they show are in parts copied from the last build.
            data.render_summaries(parallel=parallel)
        made = _make(staging, todo, replace, data, parallel, manifest.keep_parts, progress)
        keys = {item.path: item.key for item in todo}
        for path, status, _ in made:
            files[path] = (keys[path], *status)
        progress.advance(len(planned) - progress.done)  # what the forked process made
    return [path for path, _, tabled in made if tabled]


def _make(
    staging: str,
    todo: list[Planned],
    replace: bool,
    data: Dataset | None,
    parallel: bool,
    keep_parts: Callable[[str, str, parts.Table], None],
    progress: Progress,
) -> list[tuple[str, tuple[int, int, int, int], bool]]:
    """Make the files to make, on both cores when there are many: the path of each, its
    status, and whether a table of its keyed parts was put down."""
    here = os.getpid()

    def make(share: Sequence[Planned]) -> list[tuple[str, tuple[int, int, int, int], bool]]:
        made = []
        shown = os.getpid() == here  # the forked process draws no progress
        known: set[str] = set()  # the folders made
        for item in share:
            path = folders.staged(staging, item.path, known, replace=replace)
            content = (item.make(staging) if item.after else item.make()).content
            table: parts.Table = {}
            if isinstance(content, parts.Keyed):
                table = parts.write(path, content)
                if table:  # written now: a big table need not wait in memory
                    keep_parts(item.path, item.key, table)
                stat = os.stat(path)
            else:
                stat = folders.write_text(path, content)
            made.append((item.path, folders.status(stat), bool(table)))
            if shown:
                progress.advance()
        return made

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
    return made + make(later)


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

    written = folders.copy_static(templates, staging)
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
