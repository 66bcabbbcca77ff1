"""Where `timeline build` spends its time: stage timings, then (optionally) a cProfile.

Stage timings call the build's stages in process with no profiler, so they are real
times; cProfile's own overhead roughly triples the total, so read its figures as shares.

usage:
  python benchmarks/profile_build.py --events 10000                 stage timings
  python benchmarks/profile_build.py --events 10000 --cprofile build.prof --top 30
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402


def _timed(label: str, call: Callable[[], object]) -> object:
    wall, cpu = time.perf_counter(), time.process_time()
    value = call()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:52} {wall:7.2f} s wall {cpu:7.2f} s CPU")
    return value


def stages(project: Path, out: Path) -> None:
    """Each stage of a cold build (no check cache, no previous site), timed on its own."""
    from timeline import dataset as datasets
    from timeline import output
    from timeline.commands import build
    from timeline.site import SiteBuilder

    os.environ["TIMELINE_CACHE"] = "off"
    os.environ.setdefault("TIMELINE_SEARCH", "off")
    result = _timed(
        "load_project (read, check; both cores)",
        lambda: datasets.load_project(str(project)),
    )
    data = result.dataset
    templates = str(project / "site_templates")
    builder = _timed("SiteBuilder, plan (keys)", lambda: SiteBuilder(data, templates=templates))
    plan = _timed(
        "plan: site and dataset",
        lambda: [*builder.plan(), *build._dataset_plan(data, builder.context_key)],
    )
    _timed("summaries (Markdown; both cores)", lambda: data.render_summaries())
    _timed("make every file (one core, not written)", lambda: [item.make().text() for item in plan])
    fresh = SiteBuilder(data, templates=templates)
    plan = [*fresh.plan(), *build._dataset_plan(data, fresh.context_key)]
    _timed(
        "write_site (make again on both cores, write, swap)",
        lambda: output.write_site(
            plan, str(out), templates=templates, project=str(project), data=data
        ),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--cprofile", metavar="FILE", help="also profile a whole build into FILE")
    parser.add_argument("--top", type=int, default=25, help="functions to list (25)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="timeline-profile-"))
    try:
        generate(work, args.events, args.seed)
        project = work / "project"
        stages(project, work / "out-stages")
        if args.cprofile:
            from timeline.cli import main as timeline

            argv = ["build", "--source", str(project), "--out", str(work / "out-profile")]
            profiler = cProfile.Profile()
            with open(os.devnull, "w") as sink:
                stdout, sys.stdout = sys.stdout, sink
                try:
                    profiler.runcall(timeline, argv)
                finally:
                    sys.stdout = stdout
            profiler.dump_stats(args.cprofile)
            stats = pstats.Stats(args.cprofile)
            stats.sort_stats("tottime").print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(args.top)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
