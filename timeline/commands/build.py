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
import gc
import os
import sys
import time
from functools import partial
from typing import TYPE_CHECKING

from .. import claims
from .. import dataset as datasets
from ..cache import project_cache, project_digest
from ..digests import digest
from ..lock import output_lock
from ..manifest import MARKER, Manifest, Previous
from ..memo import Memo
from ..output import OutputError, Written, write_site
from ..problems import FileChanged, Problem, count, error, plural
from . import check_base_url
from .check import exit_status

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from ..pages import Page, Planned
    from ..parts import Part, Reuse
    from ..site import SiteBuilder

NAME = "build"
HELP = "check, then build the site and the dataset"
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
    if os.path.islink(out):  # a link (a deploy's) stays: the site goes where it leads
        out = os.path.realpath(out)
    # Nothing the build reads changed since it last wrote `out`, which is as it left it:
    # its problems are told again, and nothing is read further or written.
    seen: dict[str, str] = {}  # each input's digest, as _inputs found it: not looked at again
    inputs = _inputs(root, display_root, out, args.base_url, seen)
    last = Manifest.for_output(root, out).read()
    if inputs and last.inputs == inputs and last.untouched(out, list(last.files)):
        return _told_again(last, shown, began, strict=args.strict)
    result = datasets.load_project(root, display_root=display_root, seen=seen)
    del seen  # read: the build holds no more than it needs
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
        with output_lock(out, shown) as waited:  # one build at a time writes `out`
            last = Manifest.for_output(root, out).read() if waited else last  # another did
            written = render_site(
                data, out, root=root, display_root=display_root, remember=remember, previous=last
            )
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


def _told_again(last: Previous, shown: str, began: float, *, strict: bool) -> int:
    """The outcome of the last build into an output folder that is up to date, told again."""
    for problem in last.problems:
        print(problem, file=sys.stderr)
    if exit_status(last.problems, strict=strict):
        return _failed(last.problems, shown)
    events, sources = last.counts
    what = f"{plural(events, 'event')}, {plural(sources, 'source')}"
    seconds = time.monotonic() - began
    print(f"{shown}/ is up to date: {what}, {plural(last.count, 'file')} in {seconds:.2f} s")
    return 0


def _failed(problems: list[Problem], shown: str) -> int:
    errors, warnings = count(problems)
    reason = plural(errors, "error") if errors else plural(warnings, "warning") + " (--strict)"
    print(f"build failed: {reason}; {shown}/ was not touched", file=sys.stderr)
    return 1


def _inputs(
    root: str, display_root: str, out: str, base_url: str | None, seen: dict[str, str]
) -> str:
    """The digest of everything a build into `out` depends on, or "" with the cache off;
    each file's digest goes into `seen` (see project_digest)."""
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
        claims.signature(),
        also=(default_templates(),),  # the shipped templates, outside the code's digest
        seen=seen,
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
    previous: Previous | None = None,
    state: str | None = None,
) -> Written:
    """Render the pages and the dataset with the project's templates into `out`.

    A mistake in a template becomes a BuildError naming the file and line, so that
    `build` and `serve` report it like any other problem in the project. What the build
    keeps of `out` for the next one (its manifest, and with `keep_previous` the site it
    replaces) goes into the cache folder, or into `state` (see manifest.Manifest).
    """
    import jinja2  # with Markdown, only once there is a site to build

    from ..site import SiteBuilder

    templates = os.path.join(root, "site_templates")
    memo = Memo.for_project(root, "fragments")
    data.remember_in(memo)
    try:
        manifest = Manifest.for_output(root, out, state)
        last = manifest.read() if previous is None else previous  # read once for both
        reuse = manifest.reuse_for(last)
        builder = SiteBuilder(data, templates=templates, reuse=reuse)
        for source in data.sources.values():
            source.release_text()  # read again by its own page only
        written = write_site(
            [*builder.plan(), *_dataset_plan(data, builder.context_key, reuse)],
            out,
            templates=templates,
            project=root,
            data=data,
            parallel=parallel,
            remember=remember,
            keep_previous=keep_previous,
            previous=last,
            manifest=manifest,
        )
        memo.save()
        return written
    except OutputError as exc:
        raise BuildError(str(exc)) from None
    except FileChanged as exc:
        raise BuildError(str(exc.problem), exc.problem) from None
    except jinja2.TemplateError as exc:
        raise _template_error(exc, templates, root=root, display_root=display_root) from None


def _template_error(exc: Exception, templates: str, *, root: str, display_root: str) -> BuildError:
    """A mistake in a template as a BuildError located in the file and line it is in (the
    project's template shown under `display_root`), or in site_templates/."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or templates
        if os.path.abspath(where).startswith(os.path.abspath(root) + os.sep):
            where = os.path.join(display_root, os.path.relpath(where, root))
        message = exc.message or str(exc)
        return BuildError(message, error(where, exc.lineno or 1, 1, message))
    where = os.path.join(display_root, "site_templates")
    message = f"the site cannot be built: {exc}"
    return BuildError(message, error(where, 1, 1, message))


def site_files(builder: SiteBuilder) -> Iterator[Page]:
    """Every file of the site but static/, made one after the other (no reuse)."""
    from ..pages import Page

    for planned in [*builder.plan(), *_dataset_plan(builder.data, builder.context_key)]:
        page = planned.make()
        yield Page(page.path, page.text())


def _dataset_plan(
    data: datasets.Dataset, context: str, reuse: Callable[[str], Reuse] | None = None
) -> list[Planned]:
    """The dataset beside the pages: events.json, the CSV tables, their Data Package,
    timeline.json for TimelineJS and the JSON Schemas (docs/dataset.md). Each shows the
    whole dataset: it is made again when any event or source changed, from the parts of
    the last build's file that still hold (`reuse`: see parts.py) and the new ones."""
    from .. import datapackage, exports, timelinejs
    from ..pages import Page, Planned
    from ..parts import Keyed, file_chunks

    every = digest(
        context, *(e.digest for e in data.events), *(s.digest for s in data.sources.values())
    )

    def reused(path: str) -> Reuse | None:
        return reuse(path) if reuse is not None else None

    def keyed(path: str, make: Callable[[Reuse | None], Iterable[Part]], weight: int) -> Planned:
        """A file of keyed parts (parts.py), written part by part as they are made, never
        held whole: copied from the last build's file where they hold."""
        return Planned(path, every, lambda: Page(path, Keyed(make(reused(path)))), weight=weight)

    def package(folder: str | None = None) -> Page:
        """datapackage.json, with the hash of each table as written into `folder` (or as
        made again, with no folder)."""
        tables: dict[str, Iterable[Part | bytes]] = {
            name: exports.table_parts(data, name)
            if folder is None
            else file_chunks(os.path.join(folder, f"{name}.csv"))
            for name in exports.TABLES
        }
        return Page("datapackage.json", datapackage.datapackage_json(data, tables=tables))

    events = len(data.events)
    plan = [keyed("events.json", partial(exports.events_json_parts, data), events)]
    for name in exports.TABLES:
        weight = events if name != "sources" else len(data.sources)
        plan.append(keyed(f"{name}.csv", partial(exports.table_parts, data, name), weight))
    plan.append(Planned("datapackage.json", every, package, after=True))
    plan.append(keyed("timeline.json", partial(timelinejs.timeline_json_parts, data), events))
    for name in exports.PUBLISHED_SCHEMAS:
        plan.append(
            Planned(
                f"schema/{name}",
                digest(context, claims.signature()),  # the event schema's claim kinds
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
