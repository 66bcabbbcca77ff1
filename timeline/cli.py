"""The `timeline` command: a thin layer of argument parsing over timeline.commands."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__
from .cache import cache_folder
from .commands import UsageError
from .problems import FileChanged
from .repair import warn_if_not_a_folder

DESCRIPTION = """\
Check a hand-written timeline against its source articles, then publish it.

Every event in data/events/ cites exact quotes from the texts in seeds/;
`timeline check` proves the quotes and the dates, durations and figures they
support, and `timeline build` turns the checked data into a static site and a
reusable dataset.

examples:
  timeline check                      check the project in this folder
  timeline check --source ../nk       check another project
  timeline build --out public         build the site into public/
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors, same exit status
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        "-s",
        metavar="DIR",
        default=None,
        help="the project folder (default: the current folder)",
    )


# One module per command in timeline/commands/, listed in the order `--help` shows them.
COMMANDS = ("check", "build", "serve", "new", "find", "export")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="timeline",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f".commands.{name}", __package__)
        sub = commands.add_parser(
            module.NAME,
            help=module.HELP,
            description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _add_source(sub)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def project_root(source: str | None) -> tuple[str, str]:
    """(folder to read, prefix for the paths we print)."""
    root = source if source is not None else os.curdir
    if not os.path.isdir(root):
        raise UsageError(f"--source {root}: no such folder")
    if not os.path.isdir(os.path.join(root, "data")) and not os.path.isdir(
        os.path.join(root, "seeds")
    ):
        where = "this folder" if source is None else root
        raise UsageError(
            f"{where} is not a timeline project (it has no data/ or seeds/ folder); "
            "run timeline in a project folder or pass --source DIR"
        )
    return root, ("" if source is None else os.path.normpath(source))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        root, display_root = project_root(args.source)
        warn_if_not_a_folder(cache_folder())  # a cache that cannot be kept is said so
        return args.run(args, root=root, display_root=display_root)
    except UsageError as exc:
        print(f"timeline {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except FileChanged as exc:  # a source edited while it was read, in a moment's race
        print(exc.problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
