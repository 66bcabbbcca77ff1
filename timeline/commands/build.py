"""Check the data, then build the static site and the dataset.

Nothing is written unless the check passes. The new site is built beside the
output folder and swapped in as a whole, so a failed or interrupted build leaves
the previous site exactly as it was. The same input gives byte-identical files
(timestamps come from SOURCE_DATE_EPOCH or from the data).

examples:
  timeline build                              build ./site
  timeline build --out public --base-url https://example.org/nk/
  SOURCE_DATE_EPOCH=1700000000 timeline build
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import gc
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import dataset as datasets
from ..cache import (
    Memo,
    cache_folder,
    code_digest,
    digest,
    project_cache,
    project_digest,
    read_pickle,
    write_pickle,
)
from ..parallel import in_two
from ..problems import Problem, count, error, plural
from ..progress import Progress
from . import check_base_url
from .check import exit_status

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from ..site import Page, Planned, SiteBuilder

NAME = "build"
HELP = "check, then build the site and the dataset"
MARKER = ".timeline-build"
PROTECTED = ("seeds", "data", "site_templates", "timeline", "tests", ".git")


class BuildError(Exception):
    """The build cannot go on (exit status 1): the message says why, and `problem` says
    where when the cause is in a project file (a broken template)."""

    def __init__(self, message: str, problem: Problem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        "-o",
        metavar="DIR",
        default=None,
        help="output folder (default: site/ in the project)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        default=None,
        help="the address the site is published at (default: base_url from data/site.yaml)",
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def run(args: argparse.Namespace, *, root: str, display_root: str) -> int:
    began = time.monotonic()
    check_base_url(args.base_url)
    out = args.out if args.out is not None else os.path.join(root, "site")
    shown = os.path.normpath(out)
    # Nothing the build reads changed since it last wrote `out`, which is as it left it:
    # its problems are told again, and nothing is read further or written.
    inputs = _inputs(root, display_root, out, args.base_url)
    last = Manifest.for_output(root, out).read()
    if inputs and last.inputs == inputs and last.untouched(out, list(last.files)):
        for problem in last.problems:
            print(problem, file=sys.stderr)
        if exit_status(last.problems, strict=args.strict):
            return _failed(last.problems, shown)
        events, sources = last.counts
        what = f"{plural(events, 'event')}, {plural(sources, 'source')}"
        seconds = time.monotonic() - began
        print(f"{shown}/ is up to date: {what}, {plural(last.count, 'file')} in {seconds:.2f} s")
        return 0
    result = datasets.load_project(root, display_root=display_root)
    gc.freeze()  # the dataset lives until the end: the collector need not walk it again
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if exit_status(result.problems, strict=args.strict) or result.dataset is None:
        return _failed(result.problems, shown)
    data = result.dataset
    data = data.with_base_url(args.base_url if args.base_url is not None else data.site.base_url)
    try:
        check_output_folder(out, root)
        remember = {
            "inputs": inputs,
            "problems": result.problems,
            "counts": (len(data.events), len(data.sources)),
        }
        written = render_site(data, out, root=root, display_root=display_root, remember=remember)
    except BuildError as exc:
        if exc.problem is None:
            print(f"timeline build: error: {exc}", file=sys.stderr)
        else:
            print(exc.problem, file=sys.stderr)
            print(f"build failed: 1 error; {shown}/ was not touched", file=sys.stderr)
        return 1
    seconds = time.monotonic() - began
    what = (
        f"{plural(len(data.events), 'event')}, {plural(len(data.sources), 'source')}, "
        f"{plural(written.files, 'file')}"
    )
    if written.up_to_date:
        print(f"{shown}/ is up to date: {what} in {seconds:.2f} s")
    elif written.reused:
        print(
            f"built {shown}/: {what} ({written.made:,} made, {written.reused:,} unchanged) "
            f"in {seconds:.2f} s"
        )
    else:
        print(f"built {shown}/: {what} in {seconds:.2f} s")
    return 0


def _failed(problems: list[Problem], shown: str) -> int:
    errors, warnings = count(problems)
    reason = plural(errors, "error") if errors else plural(warnings, "warning") + " (--strict)"
    print(f"build failed: {reason}; {shown}/ was not touched", file=sys.stderr)
    return 1


def _inputs(root: str, display_root: str, out: str, base_url: str | None) -> str:
    """The digest of everything a build into `out` depends on, or "" with the cache off."""
    from importlib.metadata import version

    from ..search import search_mode
    from ..templates import default_templates

    if project_cache(root) is None:
        return ""
    return project_digest(
        root,
        f"jinja2 {version('jinja2')}",
        "build",
        display_root,
        os.path.realpath(out),
        repr(base_url),
        os.environ.get("SOURCE_DATE_EPOCH", "").strip(),
        search_mode(),
        datasets.markdown_versions(),
        also=(default_templates(),),  # the shipped templates, outside the code's digest
    )


def render_site(
    data: datasets.Dataset,
    out: str,
    *,
    root: str,
    display_root: str,
    parallel: bool = True,
    remember: dict | None = None,
    keep_previous: bool = True,
) -> Written:
    """Render the pages and the dataset with the project's templates into `out`.

    A mistake in a template becomes a BuildError naming the file and line, so that
    `build` and `serve` report it like any other problem in the project.
    """
    import jinja2  # with Markdown, only once there is a site to build

    from ..site import SiteBuilder

    templates = os.path.join(root, "site_templates")
    memo = Memo.for_project(root, "fragments")
    data.remember_in(memo)
    try:
        builder = SiteBuilder(data, templates=templates)
        written = write_site(
            [*builder.plan(), *_dataset_plan(data, builder.context_key)],
            out,
            templates=templates,
            project=root,
            data=data,
            parallel=parallel,
            remember=remember,
            keep_previous=keep_previous,
        )
        memo.save()
        return written
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or templates
        if os.path.abspath(where).startswith(os.path.abspath(root) + os.sep):
            where = os.path.join(display_root, os.path.relpath(where, root))
        message = exc.message or str(exc)
        raise BuildError(message, error(where, exc.lineno or 1, 1, message)) from None
    except jinja2.TemplateError as exc:
        where = os.path.join(display_root, "site_templates")
        message = f"the site cannot be built: {exc}"
        raise BuildError(message, error(where, 1, 1, message)) from None


def site_files(builder: SiteBuilder) -> Iterator[Page]:
    """Every file of the site but static/, made one after the other (no reuse)."""
    for planned in [*builder.plan(), *_dataset_plan(builder.data, builder.context_key)]:
        yield planned.make()


def _dataset_plan(data: datasets.Dataset, context: str) -> list[Planned]:
    """The dataset beside the pages: events.json, the CSV tables, their Data Package,
    timeline.json for TimelineJS and the JSON Schemas (docs/dataset.md). Each shows the
    whole dataset: it is made again when any event or source changed."""
    from .. import exports, timelinejs
    from ..site import Page, Planned

    every = digest(
        context, *(e.digest for e in data.events), *(s.digest for s in data.sources.values())
    )
    tables: dict[str, str] = {}

    def table(name: str) -> str:
        if name not in tables:
            tables[name] = exports.table_csv(data, name)
        return tables[name]

    plan = [Planned("events.json", every, lambda: Page("events.json", exports.events_json(data)))]
    for name in exports.TABLES:
        plan.append(
            Planned(f"{name}.csv", every, lambda name=name: Page(f"{name}.csv", table(name)))
        )
    plan.append(
        Planned(
            "datapackage.json",
            every,
            lambda: Page(
                "datapackage.json",
                exports.datapackage_json(data, tables={n: table(n) for n in exports.TABLES}),
            ),
        )
    )
    plan.append(
        Planned(
            "timeline.json", every, lambda: Page("timeline.json", timelinejs.timeline_json(data))
        )
    )
    for name in exports.PUBLISHED_SCHEMAS:
        plan.append(
            Planned(
                f"schema/{name}",
                context,
                lambda name=name: Page(f"schema/{name}", exports.published_schema(name)),
            )
        )
    return plan


def check_output_folder(out: str, root: str) -> None:
    """Refuse an output folder whose replacement would lose someone's files."""
    target = os.path.realpath(out)
    project = os.path.realpath(root)
    if target == project or project.startswith(target.rstrip(os.sep) + os.sep):
        raise BuildError(f"--out {out} would replace the project itself; choose a new folder")
    for name in PROTECTED:
        folder = os.path.join(project, name)
        if target == folder or target.startswith(folder + os.sep):
            raise BuildError(f"--out {out} is inside {name}/, which the build must not touch")
    if os.path.lexists(out) and not os.path.isdir(out):
        raise BuildError(f"--out {out} is a file, not a folder")
    if os.path.isdir(out) and os.listdir(out) and not os.path.exists(os.path.join(out, MARKER)):
        raise BuildError(
            f"--out {out} holds files that timeline did not build; "
            "empty it or choose another folder"
        )


@dataclass(frozen=True)
class Written:
    """What write_site did: how many files the site has (the marker aside), how many were
    made and how many kept from the previous build, and whether it was already up to date."""

    files: int
    made: int
    reused: int
    up_to_date: bool = False


# Below this many files to make, a second process costs more than it saves.
PARALLEL_FROM = 500
LINK_PARALLEL_FROM = 2_000  # ...and below this many to link or remove


def write_site(
    planned: list[Planned],
    out: str,
    *,
    templates: str,
    project: str,
    data: datasets.Dataset | None = None,
    parallel: bool = True,
    remember: dict | None = None,
    keep_previous: bool = True,
) -> Written:
    """Write every planned file into a fresh folder beside `out`, then swap it in whole.

    A file whose key is the one it had in the previous build, untouched since, is
    hard-linked from the previous site instead of made again (the build's record of
    keys, the manifest, is kept in the cache folder). When every key is the same and
    nothing in `out` was touched, nothing is written at all. Files are made on both cores
    when there are many (unless `parallel` is False: a caller running threads must say
    so), after `data`'s summaries, which most pages show, are rendered. `remember` goes
    into the manifest with the files (what `build` needs to tell the site is up to date).
    With `keep_previous`, the previous site is kept in the cache folder (when it is on the
    same file system), and the next build updates it in place instead of starting anew.
    """
    from ..search import SearchIndexError, index_site, search_mode
    from ..site import copy_static

    out = os.path.normpath(out)
    static = _static_files(templates)
    site_key = digest(
        code_digest(),
        search_mode(),
        *(f"{name}\0{file_digest(path)}" for name, path in static),
        *(f"{item.path}\0{item.key}" for item in planned),
    )
    manifest = Manifest.for_output(project, out)
    previous = manifest.read()
    if previous.site == site_key and previous.untouched(out, [item.path for item in planned]):
        if remember and remember.get("inputs") != previous.inputs:
            manifest.write(site_key, previous.marker, previous.files, previous.count, remember)
        return Written(previous.count, 0, 0, up_to_date=True)
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    prefix = f".{os.path.basename(out)}.building-"
    for stale in os.listdir(parent):  # left by a build that was killed
        if stale.startswith(prefix):
            shutil.rmtree(os.path.join(parent, stale), ignore_errors=True)
    # The site before the previous one, kept by the last build: brought up to date in place
    # (only what changed is written), it becomes the new site in one exchange.
    spare = manifest.spare_folder(parent) if keep_previous else None
    spare_files = previous.spare_files if spare and previous.spare_in(spare) else None
    if spare_files is not None:
        staging = spare
        os.unlink(os.path.join(staging, MARKER))  # unknown from now, if this build dies
        for folder in ("static", "pagefind"):
            shutil.rmtree(os.path.join(staging, folder), ignore_errors=True)
    else:
        if spare and os.path.lexists(spare):
            shutil.rmtree(spare, ignore_errors=True)
        staging = tempfile.mkdtemp(prefix=prefix, dir=parent)
        spare_files = {}
    swapped = False
    try:
        written = copy_static(templates, staging)
        made = reused = 0
        files: dict[str, tuple[str, int, int]] = {}
        todo: list[Planned] = []
        kept: list[tuple[Planned, str]] = []
        for item in planned:
            entry = spare_files.get(item.path)
            if entry is not None and entry[0] == item.key and _as_recorded(staging, item, entry):
                files[item.path] = entry  # already there, as it is to be
                continue
            previous_file = previous.reusable(out, item)
            if previous_file is None:
                todo.append(item)
            else:
                kept.append((item, previous_file))
        gone = set(spare_files) - {item.path for item in planned}
        _remove_files(staging, gone)
        replace = bool(spare_files)  # files may be there already
        with Progress("building", len(planned)) as progress:
            progress.advance(len(files))

            def link(share: Sequence[tuple[Planned, str]]) -> list[tuple[int, int]]:
                linked = []
                folders_made: set[str] = set()
                for item, previous_file in share:
                    path = _staged(staging, item.path, folders_made, replace=replace)
                    try:
                        os.link(previous_file, path)
                    except OSError:  # a file system without hard links: a copy will do
                        shutil.copyfile(previous_file, path)
                    stat = os.stat(path)
                    linked.append((stat.st_size, stat.st_mtime_ns))
                return linked

            # Linking is system calls on many folders: both cores help there too.
            for (item, _), (size, mtime) in zip(
                kept, in_two(link, kept, parallel=parallel, minimum=LINK_PARALLEL_FROM), strict=True
            ):
                files[item.path] = (item.key, size, mtime)
            reused = len(planned) - len(todo)
            progress.advance(len(kept))
            if todo and data is not None:
                data.render_summaries(parallel=parallel)
            # Both halves get some of every kind of file: the costly ones are spread.
            todo = todo[0::2] + todo[1::2]
            here = os.getpid()

            def make(share: Sequence[Planned]) -> list[tuple[str, int, int]]:
                results: list[tuple[str, int, int]] = []
                shown = os.getpid() == here  # the forked process draws no progress
                folders_made: set[str] = set()
                for item in share:
                    path = _staged(staging, item.path, folders_made, replace=replace)
                    with open(path, "w", encoding="utf-8", newline="") as handle:
                        handle.write(item.make().content)
                    stat = os.stat(path)
                    results.append((item.path, stat.st_size, stat.st_mtime_ns))
                    if shown:
                        progress.advance()
                return results

            keys = {item.path: item.key for item in todo}
            for path, size, mtime in in_two(make, todo, parallel=parallel, minimum=PARALLEL_FROM):
                files[path] = (keys[path], size, mtime)
                made += 1
            progress.advance(len(planned) - progress.done)  # what the forked process made
        written += len(planned)
        with open(os.path.join(staging, MARKER), "w", encoding="utf-8") as handle:
            handle.write("This folder is built by `timeline build` and replaced by the next one.\n")
        try:  # the index is part of the site: built in staging, swapped in with it
            note = index_site(staging)
        except SearchIndexError as exc:
            raise BuildError(str(exc)) from None
        if note:
            print(note)
        written += sum(len(f) for _, _, f in os.walk(os.path.join(staging, "pagefind")))
        os.chmod(staging, 0o755)
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
        return Written(written, made, reused)
    finally:
        if not swapped:
            shutil.rmtree(staging, ignore_errors=True)


def _as_recorded(staging: str, item: Planned, entry: tuple[str, int, int]) -> bool:
    """Whether the spare site's copy of `item` is the file the manifest recorded."""
    try:
        stat = os.stat(os.path.join(staging, item.path))
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
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    if replace:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    return path


def _static_files(templates: str | None) -> list[tuple[str, str]]:
    """(name, path) of each file copy_static copies, the project's over the shipped ones."""
    from ..templates import default_templates

    found: dict[str, str] = {}
    for folder in (default_templates(), templates):
        static = os.path.join(folder, "static") if folder else ""
        if static and os.path.isdir(static):
            for parent, _, names in os.walk(static):
                for name in names:
                    path = os.path.join(parent, name)
                    found[os.path.relpath(path, static)] = path
    return sorted(found.items())


def file_digest(path: str) -> str:
    with open(path, "rb") as handle:
        return digest(handle.read())


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
        if len(paths) != len(self.files):
            return False
        for path in paths:
            entry = self.files.get(path)
            try:
                stat = os.stat(os.path.join(out, path))
            except OSError:
                return False
            if entry is None or (stat.st_size, stat.st_mtime_ns) != entry[1:]:
                return False
        return True

    def reusable(self, out: str, item: Planned) -> str | None:
        """The previous site's copy of `item`, when it is the one to build now."""
        entry = self.files.get(item.path)
        if entry is None or entry[0] != item.key:
            return None
        path = os.path.join(out, item.path)
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return path if (stat.st_size, stat.st_mtime_ns) == entry[1:] else None


class Manifest:
    """Where the key of each file of the last build into `out` is kept: in the cache
    folder, not in the site. It applies while `out` holds that build's marker file."""

    def __init__(self, path: str | None, out: str) -> None:
        self.path = path
        self.out = out

    @classmethod
    def for_output(cls, project: str, out: str) -> Manifest:
        folder = cache_folder()
        if folder is None:
            return cls(None, out)
        name = f"site-{digest(os.path.realpath(out))}.pickle"
        return cls(os.path.join(folder, digest(os.path.realpath(project)), name), out)

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
