"""Prove the data against its sources.

Every quote must occur in its source, and every date, duration and figure a
quote is said to support must agree with what the quote states. Each problem is
printed as PATH:LINE:COL: error|warning: message, then one summary line.

On a terminal the text is coloured; NO_COLOR=1 turns colour off, FORCE_COLOR=1
turns it on in a pipe or CI (NO_COLOR wins when both are set).

exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage error

examples:
  timeline check
  timeline check --strict --format github     in CI: warnings fail, annotations
  timeline check --format json > report.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .. import claims
from ..cache import project_cache, project_digest, read_pickle, write_pickle
from ..dataset import CheckResult, load_project
from ..problems import Problem, count, one_line, plural

NAME = "check"
HELP = "prove every quote and claim against the sources"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default), json (a stable report) or github (workflow annotations)",
    )


def summary(result: CheckResult) -> str:
    errors, warnings = count(result.problems)
    return (
        f"checked {plural(result.events, 'event')}, {plural(result.sources, 'source')}, "
        f"{plural(result.quotes, 'quote')}: "
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    )


def exit_status(problems: list[Problem], *, strict: bool) -> int:
    errors, warnings = count(problems)
    return 1 if errors or (strict and warnings) else 0


_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def wants_colour(stream: object) -> bool:
    """Colour only on a terminal, unless NO_COLOR or FORCE_COLOR say otherwise (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def format_problem(problem: Problem, *, colour: bool) -> str:
    """A problem's line: PATH:LINE:COL: severity: message, bold and coloured on request."""
    if not colour:
        return str(problem)
    where = f"{one_line(problem.path)}:{problem.line}:{problem.col}:"
    severity = f"{_COLOURS.get(problem.severity, _BOLD)}{problem.severity}:{_RESET}"
    return f"{_BOLD}{where}{_RESET} {severity} {one_line(problem.message)}"


def _github(problem: Problem) -> str:
    def escape(value: str, *, prop: bool) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if prop else value

    kind = "error" if problem.is_error else "warning"
    return (
        f"::{kind} file={escape(problem.path, prop=True)},line={problem.line},"
        f"col={problem.col}::{escape(problem.message, prop=False)}"
    )


def checked(root: str, display_root: str) -> CheckResult:
    """The outcome of checking the project: the last one when no file it reads changed
    since (its problems and counts, no dataset), else a new check's."""
    folder = project_cache(root)
    last = os.path.join(folder, "last-check.pickle") if folder else None
    seen: dict[str, str] = {}  # each file's digest, as project_digest found it
    kinds = claims.signature()  # the kinds of claim registered decide the outcome too
    inputs = project_digest(root, "check", display_root, kinds, seen=seen) if last else ""
    stored = read_pickle(last)
    if isinstance(stored, dict) and stored.get("inputs") == inputs:
        return CheckResult(None, stored["problems"], *stored["counts"])
    result = load_project(root, display_root=display_root, seen=seen)
    if last:
        counts = (result.events, result.sources, result.quotes)
        write_pickle(last, {"inputs": inputs, "problems": result.problems, "counts": counts})
    return result


def run(args: argparse.Namespace, *, root: str, display_root: str) -> int:
    result = checked(root, display_root)
    status = exit_status(result.problems, strict=args.strict)
    out = sys.stdout
    if args.format == "json":
        errors, warnings = count(result.problems)
        report = {
            "ok": status == 0,
            "events": result.events,
            "sources": result.sources,
            "quotes": result.quotes,
            "errors": errors,
            "warnings": warnings,
            "problems": [
                {
                    "path": p.path,
                    "line": p.line,
                    "column": p.col,
                    "severity": p.severity,
                    "message": p.message,
                }
                for p in result.problems
            ],
        }
        out.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return status
    colour = args.format == "text" and wants_colour(out)
    for problem in result.problems:
        if args.format == "github":
            out.write(_github(problem) + "\n")
        else:
            out.write(format_problem(problem, colour=colour) + "\n")
    out.write(summary(result) + "\n")
    return status
