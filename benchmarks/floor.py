"""The floor under a one-event edit: what any `timeline build` process pays besides its work.

Generates the corpus (benchmarks/generate.py), builds it, edits one event and builds
again, noting which files of the site the edit wrote anew. Then times, each step a
process of its own (median of --repeat, os.sync() before each, as run.py does):

  start              python -c pass
  start, imports     python importing what an edit uses: timeline's modules, Jinja2,
                     PyYAML, Markdown, nh3
  start, inputs      the status of every file of data/, seeds/ and site_templates/
  start, site        the status of every file of the built site
  start, copy        the files the edit wrote anew, copied in the kernel (a build
                     writes them whole, even where most of their bytes are copied)

and Hugo's cold build of the twin site, for the ratios. An edit cannot take less than
the imports, the inputs and the copy (and, as timeline checks the site it keeps, the
site), each start counted once.

usage:
  python benchmarks/floor.py                      10,000 events
  python benchmarks/floor.py --events 1000 --repeat 3 --no-hugo
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import BenchError, edit_event, measure, timeline_argv  # noqa: E402

IMPORTS = (
    "import timeline.commands.build, timeline.site, timeline.text.read, timeline.text.en, "
    "timeline.output, jinja2, yaml, markdown, nh3"
)
LOOK = (
    "import os, sys\n"
    "for top in sys.argv[1:]:\n"
    "    for folder, _, names in os.walk(top):\n"
    "        for name in names:\n"
    "            os.stat(os.path.join(folder, name))"
)
COPY = (
    "import os, sys\n"
    "out = sys.argv[1]\n"
    "for number, path in enumerate(sys.argv[2:]):\n"
    "    src = os.open(path, os.O_RDONLY)\n"
    "    dst = os.open(os.path.join(out, str(number)), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)\n"
    "    left = os.fstat(src).st_size\n"
    "    while left:\n"
    "        left -= os.copy_file_range(src, dst, left)\n"
    "    os.close(src)\n"
    "    os.close(dst)"
)


def _inodes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def floor(work: Path, events: int, repeat: int, *, hugo: bool, env: dict[str, str]) -> list:
    """The steps' medians in seconds, as (label, seconds), Hugo's last when asked for."""
    generate(work / "corpus", events, seed=8)
    project, site = work / "corpus" / "project", work / "site"
    build = timeline_argv("build", "--source", str(project), "--out", str(site))
    measure(build, env=env)
    before = _inodes(site)
    event = sorted((project / "data" / "events").iterdir())[events // 2]
    original = edit_event(event)
    try:
        measure(build, env=env)
    finally:
        event.write_text(original, encoding="utf-8")
    written = sorted(p for p, ino in _inodes(site).items() if before.get(p) != ino)
    size = sum((site / p).stat().st_size for p in written)
    copies = work / "copies"
    copies.mkdir()
    inputs = [str(project / name) for name in ("data", "seeds", "site_templates")]
    python = sys.executable
    steps = [
        ("start", [python, "-c", "pass"]),
        ("start, imports of an edit", [python, "-c", IMPORTS]),
        ("start, status of every input", [python, "-c", LOOK, *inputs]),
        ("start, status of every file of the site", [python, "-c", LOOK, str(site)]),
        (
            f"start, copy the {len(written)} files an edit wrote ({size / 1e6:.0f} MB)",
            [python, "-c", COPY, str(copies), *(str(site / p) for p in written)],
        ),
    ]
    if hugo:
        out, cache = work / "hugo-out", work / "hugo-cache"
        hugo_argv = ["hugo", "--quiet", "-s", str(work / "corpus" / "hugo"), "-d", str(out)]
        steps.append(("Hugo cold build", [*hugo_argv, "--ignoreCache", "--cacheDir", str(cache)]))
    return [
        (label, statistics.median(measure(argv, env=env).wall for _ in range(repeat)))
        for label, argv in steps
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=10_000, help="events to generate (10000)")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of each step (5)")
    parser.add_argument("--no-hugo", action="store_true", help="no Hugo build (no ratios)")
    parser.add_argument(
        "--timeline-src", metavar="DIR", help="time the timeline package in DIR (a checkout)"
    )
    args = parser.parse_args(argv)
    env = {
        name: value
        for name, value in os.environ.items()
        if name != "SOURCE_DATE_EPOCH" and not name.startswith("TIMELINE_")
    }
    env["TIMELINE_SEARCH"] = "off"  # as run.py: Hugo's twin site has no search index
    if args.timeline_src:  # time that copy of the package instead of the installed one
        src = os.path.abspath(args.timeline_src)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix="timeline-floor-") as work:
        env["XDG_CACHE_HOME"] = os.path.join(work, "cache")
        try:
            figures = floor(Path(work), args.events, args.repeat, hugo=not args.no_hugo, env=env)
        except BenchError as exc:
            print(f"floor.py: error: {exc}", file=sys.stderr)
            return 1
    hugo = dict(figures).get("Hugo cold build")
    print(f"{args.events:,} events, median of {args.repeat}")
    for label, seconds in figures:
        ratio = f"{seconds / hugo:6.3f}" if hugo and label != "Hugo cold build" else ""
        print(f"{label:<60} {seconds:7.3f} s  {ratio}")
    start, imports, inputs, site, copy = (seconds for _, seconds in figures[:5])
    least = imports + (inputs - start) + (copy - start)
    with_site = least + (site - start)
    shown = f" = {least / hugo:.3f} x Hugo" if hugo else ""
    print(f"floor of an edit (imports, inputs, copy; each start once): {least:.3f} s{shown}")
    shown = f" = {with_site / hugo:.3f} x Hugo" if hugo else ""
    print(f"  and looking at the site's files as well: {with_site:.3f} s{shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
