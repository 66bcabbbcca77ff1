"""Prove the data against its sources.

Every quote must occur in its source, and every date, duration and figure a
quote is said to support must agree with what the quote states. Each problem is
printed as PATH:LINE:COL: error|warning: message, then one summary line.

exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage error

examples:
  timeline check
  timeline check --strict --format github     in CI: warnings fail, annotations
  timeline check --format json > report.json
"""

from __future__ import annotations

import argparse
import json
import sys

from ..dataset import CheckResult, load_project
from ..problems import Problem, count, plural

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


def _github(problem: Problem) -> str:
    def escape(value: str, *, prop: bool) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if prop else value

    kind = "error" if problem.is_error else "warning"
    return (
        f"::{kind} file={escape(problem.path, prop=True)},line={problem.line},"
        f"col={problem.col}::{escape(problem.message, prop=False)}"
    )


def run(args: argparse.Namespace, *, root: str, display_root: str) -> int:
    result = load_project(root, display_root=display_root)
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
    for problem in result.problems:
        out.write((_github(problem) if args.format == "github" else str(problem)) + "\n")
    out.write(summary(result) + "\n")
    return status
