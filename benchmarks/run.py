"""Benchmark `timeline` against Hugo building an equivalent site from the same corpus.

Generates a synthetic project (benchmarks/generate.py) and its Hugo twin, then, for each
repetition, alternately runs Hugo and timeline (which goes first swaps every repetition):

  hugo cold      hugo --quiet -s HUGO -d OUT --ignoreCache --cacheDir FRESH, OUT fresh
  cold build     timeline build into a fresh OUT; no cache: the project holds only data/
                 and seeds/, XDG_CACHE_HOME is a fresh empty folder
  warm build     timeline build again into the same OUT, nothing changed
  one-event edit one event's title and summary changed, then timeline build into that OUT
                 (the edit is undone, untimed, afterwards)
  edit again     the same with another event: now the build updates the site it kept
                 from the build before in place (the steady state of an editor's session)
  check          timeline check (with whatever the builds left behind, as an editor runs it)
  cold check     timeline check with the check cache off (TIMELINE_CACHE=off)

timeline builds without a search index (TIMELINE_SEARCH=off), as Hugo's twin site has
none; --search builds it (Pagefind) as a user's default build does.

Each figure is the median of the repetitions: wall time, and CPU time (user + system) of
the child process from os.wait4; peak RSS is the largest of the child's. Ratios are
timeline / Hugo cold in the same run, so a noisy machine affects both sides alike.

usage:
  python benchmarks/run.py                         10,000 events, 5 repetitions
  python benchmarks/run.py --events 1000 --repeat 3 --json results-1k.json
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

# Issue 8's targets: timeline's wall time at most this multiple of Hugo's cold build.
TARGETS = {
    "cold": 1.5,
    "warm": 0.5,
    "edit": 0.1,
    "edit-again": 0.1,
    "check": 0.5,
    "check-cold": 0.5,
}
LABELS = {
    "hugo": "Hugo cold build",
    "cold": "timeline build, cold",
    "warm": "timeline build, warm (no change)",
    "edit": "timeline build, one event edited",
    "edit-again": "timeline build, another edited",
    "check": "timeline check",
    "check-cold": "timeline check, no cache",
}


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    rss_mb: float  # peak resident set size of the child, MiB


class BenchError(Exception):
    pass


def measure(
    argv: list[str], *, env: dict[str, str] | None = None, cwd: str | None = None
) -> Sample:
    """Run argv to completion; its wall time, CPU time and peak RSS (from os.wait4).

    What earlier runs wrote is flushed to disk first, untimed: otherwise each build
    pays for the writing back of the ones before it, and every figure grows through
    a run (seen here: Hugo 2.4 s to 4.9 s and timeline 7.8 s to 12.8 s over five)."""
    os.sync()
    with tempfile.TemporaryFile() as errors:
        began = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace")[-2000:]
            raise BenchError(f"{' '.join(argv)} exited {process.returncode}:\n{tail}")
    # ru_maxrss is in KiB on Linux.
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def timeline_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "timeline", *args]


def _fresh(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)


def reset_project(project: Path) -> None:
    """Remove whatever a build may have cached in the project: keep only data/ and seeds/."""
    for entry in project.iterdir():
        if entry.name in ("data", "seeds"):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def edit_event(path: Path) -> str:
    """Change one event's title and summary, keeping it valid; return the original text."""
    original = path.read_text(encoding="utf-8")
    edited = original.replace('title: "', 'title: "Edited: ', 1).replace(
        "The decision followed", "The decision, edited, followed", 1
    )
    if edited == original:
        raise BenchError(f"could not edit {path}")
    path.write_text(edited, encoding="utf-8")
    return original


def hugo_version() -> str:
    try:
        out = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return out.stdout.strip()


def _count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("index.html"))


def run(
    events: int,
    repeat: int,
    work: Path,
    seed: int,
    figures: tuple[str, ...] = tuple(LABELS),
    src: str | None = None,
    search: bool = False,
) -> dict:
    """Measure `figures` (keys of LABELS); the cold build always runs, timed or not."""
    corpus = work / "corpus"
    _fresh(corpus)
    began = time.perf_counter()
    summary = generate(corpus, events, seed)
    print(
        f"generated {summary['events']} events, {summary['sources']} sources "
        f"({summary['words']:,} words) in {time.perf_counter() - began:.1f} s",
        file=sys.stderr,
    )
    project, hugo_site = corpus / "project", corpus / "hugo"
    event_files = sorted((project / "data" / "events").iterdir())
    event_file = event_files[events // 2]
    other_event_file = event_files[events // 3]
    samples: dict[str, list[Sample]] = {key: [] for key in LABELS}
    base_env = dict(os.environ)
    for name in ("SOURCE_DATE_EPOCH", "TIMELINE_CACHE", "TIMELINE_CACHE_DIR", "TIMELINE_SEARCH"):
        base_env.pop(name, None)
    if not search:
        base_env["TIMELINE_SEARCH"] = "off"
    if src:  # time that copy of the package instead of the installed one
        base_env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, base_env.get("PYTHONPATH")]))

    def run_hugo(rep: int) -> None:
        out, cache = work / "hugo-out", work / f"hugo-cache-{rep}"
        _fresh(out)
        _fresh(cache)
        for leftover in ("resources", ".hugo_build.lock"):
            target = hugo_site / leftover
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        sample = measure(
            [
                "hugo",
                "--quiet",
                "-s",
                str(hugo_site),
                "-d",
                str(out),
                "--ignoreCache",
                "--cacheDir",
                str(cache),
            ],
            cwd=str(work),
        )
        pages = _count_pages(out)
        if pages != summary["hugo_pages"]:
            raise BenchError(f"Hugo wrote {pages} pages, expected {summary['hugo_pages']}")
        shutil.rmtree(cache, ignore_errors=True)
        samples["hugo"].append(sample)

    def run_timeline(rep: int) -> None:
        out = work / "timeline-out"
        _fresh(out)
        reset_project(project)
        xdg = work / f"xdg-cache-{rep}"
        _fresh(xdg)
        xdg.mkdir()
        env = {**base_env, "XDG_CACHE_HOME": str(xdg)}
        build = timeline_argv("build", "--source", str(project), "--out", str(out))
        cold = measure(build, env=env, cwd=str(work))
        if "cold" in figures:
            samples["cold"].append(cold)
        if "warm" in figures:
            samples["warm"].append(measure(build, env=env, cwd=str(work)))
        for figure, edited in (("edit", event_file), ("edit-again", other_event_file)):
            if figure in figures:
                original = edit_event(edited)
                try:
                    samples[figure].append(measure(build, env=env, cwd=str(work)))
                finally:
                    edited.write_text(original, encoding="utf-8")
        if "check" in figures:
            check = timeline_argv("check", "--source", str(project))
            samples["check"].append(measure(check, env=env, cwd=str(work)))
        if "check-cold" in figures:
            check = timeline_argv("check", "--source", str(project))
            no_cache = {**env, "TIMELINE_CACHE": "off"}
            samples["check-cold"].append(measure(check, env=no_cache, cwd=str(work)))
        shutil.rmtree(xdg, ignore_errors=True)

    for rep in range(repeat):
        order = [run_hugo, run_timeline] if rep % 2 == 0 else [run_timeline, run_hugo]
        for step in order:
            if step is run_hugo and "hugo" not in figures:
                continue
            step(rep)
        done = ", ".join(
            f"{key} {values[-1].wall:.2f}s" for key, values in samples.items() if values
        )
        print(f"repetition {rep + 1}/{repeat}: {done}", file=sys.stderr)
    return report(samples, summary, events, repeat, src, search)


def report(
    samples: dict[str, list[Sample]],
    summary: dict,
    events: int,
    repeat: int,
    src: str | None,
    search: bool = False,
) -> dict:
    figures: dict[str, dict] = {}
    hugo = samples.get("hugo") or []
    hugo_wall = statistics.median(s.wall for s in hugo) if hugo else None
    hugo_cpu = statistics.median(s.cpu for s in hugo) if hugo else None
    for key, values in samples.items():
        if not values:
            continue
        wall = statistics.median(s.wall for s in values)
        cpu = statistics.median(s.cpu for s in values)
        entry = {
            "label": LABELS[key],
            "wall_median_s": round(wall, 3),
            "cpu_median_s": round(cpu, 3),
            "peak_rss_mb": round(max(s.rss_mb for s in values), 1),
            "samples": [asdict(s) for s in values],
        }
        if hugo_wall and key != "hugo":
            entry["ratio_wall"] = round(wall / hugo_wall, 3)
            # Each repetition against the Hugo build of the same repetition: steadier when the
            # machine's load changes during the run.
            paired = [s.wall / h.wall for s, h in zip(values, hugo, strict=False) if h.wall]
            entry["ratio_wall_paired"] = round(statistics.median(paired), 3) if paired else None
            entry["ratio_cpu"] = round(cpu / hugo_cpu, 3) if hugo_cpu else None
            target = TARGETS.get(key)
            if target is not None:
                entry["target_ratio"] = target
                entry["target_met"] = wall / hugo_wall <= target
        figures[key] = entry
    return {
        "events": events,
        "sources": summary["sources"],
        "words": summary["words"],
        "repeat": repeat,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "hugo": hugo_version(),
        "python": platform.python_version(),
        # The checkout's commit describes what was timed only when no --timeline-src was given.
        "commit": None if src else _git("rev-parse", "--short", "HEAD"),
        "tree_dirty": None if src else bool(_git("status", "--porcelain", "--", "timeline")),
        "timeline_src": src or "installed",
        "search_index": search,
        "figures": figures,
    }


def _git(*args: str) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return out.stdout.strip()


def machine() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    with contextlib.suppress(OSError, subprocess.CalledProcessError, IndexError):
        free = subprocess.run(["free", "-h"], capture_output=True, text=True, check=True)
        memory = free.stdout.splitlines()[1]
    return {"nproc": os.cpu_count(), "cpu": model, "memory": " ".join(memory.split())}


def print_table(result: dict) -> None:
    figures = result["figures"]
    print(
        f"{result['events']:,} events, {result['sources']:,} sources, "
        f"median of {result['repeat']}; {result['hugo'] or 'no Hugo'}"
    )
    header = (
        f"{'':34} {'wall s':>8} {'CPU s':>8} {'RSS MB':>8} {'x Hugo':>7} {'paired':>7} "
        f"{'CPU x':>6}  target"
    )
    print(header)
    for entry in figures.values():
        ratio = f"{entry['ratio_wall']:.2f}" if "ratio_wall" in entry else ""
        cpu_ratio = f"{entry['ratio_cpu']:.2f}" if entry.get("ratio_cpu") else ""
        paired = f"{entry['ratio_wall_paired']:.2f}" if entry.get("ratio_wall_paired") else ""
        target = ""
        if "target_ratio" in entry:
            verdict = "met" if entry["target_met"] else "NOT met"
            target = f"<= {entry['target_ratio']} x: {verdict}"
        print(
            f"{entry['label']:34} {entry['wall_median_s']:8.2f} {entry['cpu_median_s']:8.2f} "
            f"{entry['peak_rss_mb']:8.0f} {ratio:>7} {paired:>7} {cpu_ratio:>6}  {target}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="see docs/performance.md",
    )
    parser.add_argument("--events", type=int, default=10_000, help="events to generate (10000)")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of each figure (5)")
    parser.add_argument("--seed", type=int, default=8, help="generator seed (8)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--work", metavar="DIR", help="scratch folder (default: a temporary one, removed after)"
    )
    parser.add_argument(
        "--only",
        metavar="FIGURES",
        default=",".join(LABELS),
        help=f"comma-separated figures to measure (default: all of {','.join(LABELS)})",
    )
    parser.add_argument("--no-hugo", action="store_true", help="time timeline only (no ratios)")
    parser.add_argument(
        "--search",
        action="store_true",
        help="build timeline's search index too (Pagefind; Hugo's twin site has none)",
    )
    parser.add_argument(
        "--timeline-src",
        metavar="DIR",
        help="time the timeline package in DIR (e.g. a `git archive` of a commit), "
        "not the installed one",
    )
    args = parser.parse_args(argv)
    figures = tuple(name.strip() for name in args.only.split(",") if name.strip())
    unknown = sorted(set(figures) - set(LABELS))
    if unknown:
        parser.error(
            f"--only: unknown figure {', '.join(unknown)}; choose from {', '.join(LABELS)}"
        )
    if args.no_hugo:
        figures = tuple(name for name in figures if name != "hugo")
    if "hugo" in figures and shutil.which("hugo") is None:
        parser.error("hugo is not installed (apt-get install -y hugo), or pass --no-hugo")
    if args.events < 1 or args.repeat < 1:
        parser.error("--events and --repeat must be at least 1")
    if args.work:
        work = Path(args.work)
        work.mkdir(parents=True, exist_ok=True)
        cleanup = False
    else:
        work = Path(tempfile.mkdtemp(prefix="timeline-bench-"))
        cleanup = True
    try:
        result = run(
            args.events, args.repeat, work, args.seed, figures, args.timeline_src, args.search
        )
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    finally:
        if cleanup:
            shutil.rmtree(work, ignore_errors=True)
    print_table(result)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2)
            handle.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
