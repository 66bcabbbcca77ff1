"""Start a new event file from a title and a date.

Writes data/events/<id>.yaml, the id made from the title, with a commented
skeleton to fill in, and prints its path. The evidence holds a placeholder
source that `timeline check` reports until you replace it with a real quote
(`timeline find "some words"` prints one ready to paste). An existing file is
never overwritten.

The first line points editors at the event schema for completion: at
timeline/schema/ when the project is a checkout of timeline itself, otherwise
at the schema of the installed timeline that wrote the file.

exit status: 0 written, 1 the file exists, 2 usage error (a bad date or tag)

examples:
  timeline new "Azerbaijan launches an offensive" --date 2023-09-19 --tag offensive
  timeline new "The second war" --date 2020-09-27/2020-11-10 --tag war --tag 2020
  $EDITOR "$(timeline new 'The blockade begins' --date 2022-12-12)"
"""

from __future__ import annotations

import argparse
import os
import re
import sys

from .. import claims
from ..dates import DateError, parse_date
from ..events import slugify
from . import UsageError

NAME = "new"
HELP = "start a new event file with a skeleton to fill in"
TAG = re.compile(r"\A[a-z0-9][a-z0-9 -]*\Z")  # not $: it passes "x\n"
PLACEHOLDER_SOURCE = "source-id"
SCHEMA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "schema", "event.schema.json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title", metavar="TITLE", help="the event's title, plain text")
    parser.add_argument(
        "--date", required=True, metavar="EDTF", help='its date, e.g. 2023-09-19 or "1991?"'
    )
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help="a tag (lower-case a-z, 0-9, spaces, -); repeat for more",
    )


def run(args: argparse.Namespace, *, root: str, display_root: str) -> int:
    title = " ".join(args.title.split())
    if not title:
        raise UsageError("the title is empty")
    event_id = slugify(title)[:80].strip("-")
    if not event_id:
        raise UsageError(f"the title {title!r} gives no file name; use some letters or digits")
    try:
        parse_date(args.date)
    except DateError as exc:
        raise UsageError(f"--date: {exc}") from None
    for tag in args.tag:
        if not TAG.fullmatch(tag):
            raise UsageError(f'--tag "{tag}": tags use lower-case a-z, 0-9, spaces and "-"')
    folder = os.path.join(root, "data", "events")
    path = os.path.join(folder, f"{event_id}.yaml")
    shown = os.path.join(display_root, "data", "events", f"{event_id}.yaml")
    os.makedirs(folder, exist_ok=True)
    text = skeleton(
        title=title, date=args.date, tags=list(dict.fromkeys(args.tag)), modeline=modeline(folder)
    )
    try:
        # "x": never replace a file, even one created a moment ago by someone else.
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        print(
            f"timeline new: error: {shown} already exists; edit it, or choose another title",
            file=sys.stderr,
        )
        return 1
    print(shown)
    return 0


def modeline(folder: str) -> str:
    """The yaml-language-server line that gives editors completion and checks."""
    local = os.path.join(folder, os.pardir, os.pardir, "timeline", "schema", "event.schema.json")
    target = local if os.path.isfile(local) else SCHEMA
    real_target, real_folder = os.path.realpath(target), os.path.realpath(folder)
    project = os.path.dirname(os.path.dirname(real_folder))
    if real_target.startswith(project + os.sep):  # inside the project: portable
        schema = os.path.relpath(real_target, real_folder).replace(os.sep, "/")
    else:  # an installed timeline elsewhere on this machine
        schema = real_target
    return f"# yaml-language-server: $schema={schema}"


def skeleton(*, title: str, date: str, tags: list[str], modeline: str) -> str:
    """The new event's text: every field, with comments saying what goes there."""
    tag_list = ", ".join(tag if _plain(tag) else yaml_string(tag) for tag in tags)
    return (
        f"{modeline}\n"
        f"title: {yaml_string(title)}\n"
        f"date: {yaml_string(date)}  # EDTF, always quoted\n"
        "summary: |  # Markdown; every statement rests on a quote below\n"
        "  What happened, in a sentence or two.\n"
        f"tags: [{tag_list}]\n"
        "places: []  # canonical names or variants from data/places.yaml\n"
        + "".join(f"{line}\n" for kind in claims.kinds() for line in kind.skeleton)
        + 'evidence:  # at least one; timeline find "some words" prints entries to paste\n'
        f"  - source: {PLACEHOLDER_SOURCE}  # a file in seeds/, without .txt\n"
        '    quote: "the exact words of the source"\n'
        f"    supports: [date]  # {', '.join(claims.written())}\n"
    )


def _plain(word: str) -> bool:
    """Whether YAML reads `word` unquoted as that very string (not a number or a boolean)."""
    return bool(re.fullmatch(r"[a-z][a-z-]*", word)) and word not in _YAML_WORDS


_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar, escaped so it reads back unchanged."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif not char.isprintable() or char in "\u2028\u2029\u0085\ufeff":
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
