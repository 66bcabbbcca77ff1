"""A red-team matrix for `timeline`, run against the real command in child processes.

Areas (the cases are in attack_cases.py, attack_serve.py and attack_areas.py):
  1. bad inputs: a copy of the example project (data/, seeds/) per case, changed (YAML
     bombs, impossible dates, huge numbers, NUL, bad UTF-8, CR line ends, newlines in
     ids, links out of the project, /dev/zero, FIFOs, CSV formula payloads...), then
     `check` and `build --out`. A failure: a traceback, an exit status other than 0 or 1,
     a timeout, a stdout line neither PATH:LINE:COL: error|warning: ... nor a summary,
     the secret of a linked-to file in the built site (an escape), or a CSV cell a
     spreadsheet takes for a formula.
  2. malformed HTTP to `timeline serve --port 0`: a failure is a traceback on its
     stderr, no answer to GET / afterwards, or the secret or /etc/passwd in a response.
  3. concurrent builds: rounds of 3 builds into one folder at once; the final site
     must be byte-identical to a sequential build with the cache off.
  4. full disk (root only): a build into a tmpfs that cannot hold the staging folder
     must exit 1 and leave the previous site byte for byte.
  5. cache corruption: damage the cache 10 ways, edit, build: byte-identical to a
     build with the cache off, exit status 0.

Every child process runs with RLIMIT_AS 1 GiB and is killed after 30 s; the only network
is 127.0.0.1. Prints a Markdown table, a line per failure and the slowest bad input;
exit status 1 when anything failed.

usage:
  python benchmarks/attack.py                  the whole matrix (a few minutes)
  python benchmarks/attack.py --quick          fewer cases per area (under 3 minutes)
  python benchmarks/attack.py --json FILE      also write the results as JSON
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from attack_areas import area_cache, area_concurrent, area_full_disk
from attack_cases import Case, cases
from attack_core import (
    Area,
    classify,
    copy_project,
    run,
    scan_site,
    timeline,
    timeline_env,
)
from attack_serve import area_serve


def bad_input(case: Case) -> tuple[list[str], float]:
    """What failed when `check` and `build` met the case, and the seconds they took."""
    with tempfile.TemporaryDirectory(prefix="attack-input-") as tmp:
        work = Path(tmp)
        project, outside, out = copy_project(work / "project"), work / "outside", work / "site"
        outside.mkdir()
        try:
            case.mutate(project, outside)
        except Exception as exc:  # a stale case: say so, as a failure
            return [f"harness: the case cannot be made: {exc!r}"], 0.0
        env = timeline_env(work / "cache")
        found: list[str] = []
        seconds = 0.0
        for name, args in (
            ("check", ("check", "--source", project)),
            ("build", ("build", "--source", project, "--out", out)),
        ):
            ran = run(timeline(*args), env=env, cwd=work)
            seconds += ran.seconds
            found += classify(ran, name)
        found += scan_site(out)
        if (outside / "pwned").exists():
            found.append("code ran: a YAML tag made a folder")
        return found, seconds


def area_bad_inputs(quick: bool, names: list[str] | None = None) -> Area:
    area = Area("bad inputs × check/build")
    for case in cases():
        if (names is not None and case.name not in names) or (quick and not case.quick):
            continue
        found, seconds = bad_input(case)
        area.record(case.name, found)
        if area.worst is None or seconds > area.worst[1]:
            area.worst = (case.name, seconds)
    return area


AREAS = (area_bad_inputs, area_serve, area_concurrent, area_full_disk, area_cache)


def report(areas: list[Area], seconds: float) -> str:
    lines = ["| area | tried | failed |", "| --- | --- | --- |"]
    for area in areas:
        if area.not_run:
            lines.append(f"| {area.name} | {area.not_run} | |")
        else:
            lines.append(f"| {area.name} | {area.tried} | {area.failed} |")
    lines.append("")
    for area in areas:
        for case, what in area.failures:
            lines.append(f"- FAILED {area.name} / {case}: {what}")
        lines += [f"- note: {area.name}: {note}" for note in area.notes]
    worst = next((area.worst for area in areas if area.worst), None)
    if worst:
        lines.append(f"worst bad file: {worst[0]} {worst[1]:.1f} s")
    lines.append(f"total: {seconds:.0f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases per area")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    began = time.monotonic()
    areas = []
    for area_of in AREAS:
        started = time.monotonic()
        area = area_of(args.quick)
        areas.append(area)
        print(
            f"{area.name}: {area.tried} tried, {area.failed} failed, "
            f"{time.monotonic() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    seconds = time.monotonic() - began
    print(report(areas, seconds))
    if args.json:
        results = {"quick": args.quick, "seconds": round(seconds, 1), "areas": []}
        for area in areas:
            results["areas"].append({**asdict(area), "failed": area.failed})
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 1 if any(area.failures for area in areas) else 0


if __name__ == "__main__":
    sys.exit(main())
