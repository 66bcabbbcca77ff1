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
import ctypes
import ctypes.util
import os
import shutil
import sys
import tempfile
import time
from typing import TYPE_CHECKING

from .. import dataset as datasets
from ..problems import Problem, count, error, plural
from . import check_base_url
from .check import exit_status

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ..site import Page, SiteBuilder

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
    result = datasets.load_project(root, display_root=display_root)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    out = args.out if args.out is not None else os.path.join(root, "site")
    shown = os.path.normpath(out)
    if exit_status(result.problems, strict=args.strict) or result.dataset is None:
        errors, warnings = count(result.problems)
        reason = plural(errors, "error") if errors else plural(warnings, "warning") + " (--strict)"
        print(f"build failed: {reason}; {shown}/ was not touched", file=sys.stderr)
        return 1
    data = result.dataset
    data = data.with_base_url(args.base_url if args.base_url is not None else data.site.base_url)
    try:
        check_output_folder(out, root)
        written = render_site(data, out, root=root, display_root=display_root)
    except BuildError as exc:
        if exc.problem is None:
            print(f"timeline build: error: {exc}", file=sys.stderr)
        else:
            print(exc.problem, file=sys.stderr)
            print(f"build failed: 1 error; {shown}/ was not touched", file=sys.stderr)
        return 1
    seconds = time.monotonic() - began
    print(
        f"built {shown}/: {plural(len(data.events), 'event')}, "
        f"{plural(len(data.sources), 'source')}, {plural(written, 'file')} "
        f"in {seconds:.2f} s"
    )
    return 0


def render_site(data: datasets.Dataset, out: str, *, root: str, display_root: str) -> int:
    """Render the pages and the dataset with the project's templates into `out`.

    A mistake in a template becomes a BuildError naming the file and line, so that
    `build` and `serve` report it like any other problem in the project.
    """
    import jinja2  # with Markdown, only once there is a site to build

    from ..site import SiteBuilder

    templates = os.path.join(root, "site_templates")
    try:
        return write_site(
            site_files(SiteBuilder(data, templates=templates)), out, templates=templates
        )
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
    """The pages, then the dataset, each made only when write_site comes to it."""
    yield from builder.iter_pages()
    yield from _dataset_pages(builder.data)


def _dataset_pages(data: datasets.Dataset) -> Iterator[Page]:
    """The dataset beside the pages: events.json, the CSV tables, their Data Package,
    timeline.json for TimelineJS and the JSON Schemas (docs/dataset.md)."""
    from .. import exports, timelinejs
    from ..site import Page

    yield Page("events.json", exports.events_json(data))
    tables = {}
    for table in exports.TABLES:
        tables[table] = exports.table_csv(data, table)
        yield Page(f"{table}.csv", tables[table])
    yield Page("datapackage.json", exports.datapackage_json(data, tables=tables))
    yield Page("timeline.json", timelinejs.timeline_json(data))
    for name in exports.PUBLISHED_SCHEMAS:
        yield Page(f"schema/{name}", exports.published_schema(name))


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


def write_site(pages: Iterable[Page], out: str, *, templates: str) -> int:
    """Write every page into a fresh folder beside `out`, then swap it in whole.

    Returns how many files the site has (the marker file aside).
    """
    from ..search import SearchIndexError, index_site
    from ..site import copy_static

    out = os.path.normpath(out)
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    prefix = f".{os.path.basename(out)}.building-"
    for stale in os.listdir(parent):  # left by a build that was killed
        if stale.startswith(prefix):
            shutil.rmtree(os.path.join(parent, stale), ignore_errors=True)
    staging = tempfile.mkdtemp(prefix=prefix, dir=parent)
    try:
        written = copy_static(templates, staging)
        made = set()
        for page in pages:
            path = os.path.join(staging, *page.path.split("/"))
            folder = os.path.dirname(path)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(page.content)
            written += 1
        with open(os.path.join(staging, MARKER), "w", encoding="utf-8") as handle:
            handle.write("This folder is built by `timeline build` and replaced by the next one.\n")
        try:  # the index is part of the site: built in staging, swapped in with it
            note = index_site(staging)
        except SearchIndexError as exc:
            raise BuildError(str(exc)) from None
        if note:
            print(note)
        written += sum(len(files) for _, _, files in os.walk(os.path.join(staging, "pagefind")))
        os.chmod(staging, 0o755)
        if os.path.isdir(out):
            _exchange(staging, out)  # staging now holds the previous site
        else:
            os.rename(staging, out)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
