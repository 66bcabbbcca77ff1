"""Check the data, then write one export of the dataset, without building the site.

formats:
  json          events.json: {"title", "description", "events": [...]}
  csv           one table as CSV: events (default), evidence or sources (--table)
  datapackage   a Frictionless Data Package (v2) holding all three tables inline,
                so the one file is the whole dataset
  timelinejs    timeline.json for TimelineJS3

The output goes to stdout, or to --out FILE, which is replaced whole and only once
the check has passed. Problems go to stderr; with an error nothing is written.

exit status: 0 written, 1 errors in the data (nothing written), 2 usage error

examples:
  timeline export --format csv > events.csv
  timeline export --format csv --table evidence --out evidence.csv
  timeline export --format datapackage --out nk.datapackage.json
  timeline export --format timelinejs --base-url https://example.org/nk/ -o timeline.json
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from .. import datapackage, exports, timelinejs
from ..dataset import Dataset, load_project
from ..problems import count, plural
from . import UsageError, check_base_url

NAME = "export"
HELP = "check, then write one export of the dataset (JSON, CSV, Data Package, TimelineJS)"
FORMATS = ("json", "csv", "datapackage", "timelinejs")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", "-f", choices=FORMATS, required=True, help="what to write (see formats)"
    )
    parser.add_argument(
        "--table",
        choices=exports.TABLES,
        default=None,
        help="with --format csv: which table (default: events)",
    )
    parser.add_argument(
        "--out", "-o", metavar="FILE", default=None, help="write to FILE (default: stdout)"
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        default=None,
        help="the address the site is published at, for event links "
        "(default: base_url from data/site.yaml)",
    )


def render(data: Dataset, fmt: str, table: str = "events") -> str:
    """The text of one export."""
    if fmt == "json":
        return exports.events_json(data)
    if fmt == "csv":
        return exports.table_csv(data, table)
    if fmt == "datapackage":
        return datapackage.datapackage_json(data, inline=True)
    return timelinejs.timeline_json(data)


def run(args: argparse.Namespace, *, root: str, display_root: str) -> int:
    if args.table is not None and args.format != "csv":
        raise UsageError(f"--table {args.table} only goes with --format csv")
    check_base_url(args.base_url)
    if args.out is not None:
        _check_out(args.out)
    result = load_project(root, display_root=display_root)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    errors, _ = count(result.problems)
    if errors or result.dataset is None:
        told = f"{args.out} was not written" if args.out is not None else "nothing was written"
        print(f"export failed: {plural(errors, 'error')}; {told}", file=sys.stderr)
        return 1
    data = result.dataset
    if args.base_url is not None:
        data = data.with_base_url(args.base_url)
    text = render(data, args.format, args.table or "events")
    if args.out is None:
        sys.stdout.write(text)
    else:
        _write_whole(args.out, text)
    return 0


def _check_out(out: str) -> None:
    if os.path.isdir(out):
        raise UsageError(f"--out {out} is a folder; give a file name")
    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder):
        raise UsageError(f"--out {out}: no such folder {folder}")


def _write_whole(out: str, text: str) -> None:
    """Write beside `out`, then rename over it: a reader never sees half a file."""
    folder = os.path.dirname(os.path.abspath(out))
    handle, staging = tempfile.mkstemp(prefix=f".{os.path.basename(out)}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(staging, 0o644)
        os.replace(staging, out)
    except BaseException:
        if os.path.exists(staging):
            os.unlink(staging)
        raise
