"""What every area of benchmarks/attack.py shares: child processes under limits, the
classification of what a run printed, and the checks of a built site (escapes, CSV
formulas, byte-for-byte comparison)."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from attack_cases import TOKEN

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 30.0  # seconds, each child process
MEMORY = 1 << 30  # RLIMIT_AS of each child process
TRACEBACK = "Traceback (most recent call last)"
LOCATED = re.compile(r"^.+:\d+:\d+: (error|warning): .+$")
_N = r"[\d,]+ "
# The lines `timeline check` and `timeline build` may print on stdout besides problems
# (timeline/commands/check.py summary(), timeline/commands/build.py run()).
SUMMARIES = (
    re.compile(rf"^checked {_N}events?, {_N}sources?, {_N}quotes?: {_N}errors?, {_N}warnings?$"),
    re.compile(rf"^built .+/: {_N}events?, {_N}sources?, {_N}files?( \(.+\))? in [\d.]+ s$"),
    re.compile(rf"^.+/ is up to date: {_N}events?, {_N}sources?, {_N}files? in [\d.]+ s$"),
)
FORMULA_STARTS = frozenset("=+-@\t\r")
CSV_TABLES = ("events.csv", "evidence.csv", "sources.csv")
READ_AT_MOST = 64 << 20  # bytes read of one file of a built site


@dataclass(frozen=True)
class Ran:
    """What a child process did."""

    code: int | None
    out: str
    err: str
    seconds: float
    timed_out: bool = False


@dataclass
class Area:
    """One row of the table: how many cases were tried, and what failed."""

    name: str
    tried: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (case, what)
    notes: list[str] = field(default_factory=list)
    not_run: str | None = None
    worst: tuple[str, float] | None = None  # the slowest case and its seconds

    def record(self, case: str, found: list[str]) -> None:
        self.tried += 1
        self.failures += [(case, what) for what in found]

    @property
    def failed(self) -> int:
        return len({case for case, _ in self.failures})


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def start(argv: list[str], *, env: dict | None = None, cwd: Path | None = None, **kw):
    """A child process in a session of its own (killed whole), with RLIMIT_AS set."""
    return subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=kw.pop("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        preexec_fn=_limits,
        start_new_session=True,
        **kw,
    )


def kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def finish(proc: subprocess.Popen, began: float, timeout: float = TIMEOUT) -> Ran:
    """Wait for `proc` until `timeout` seconds after `began`, then kill it."""
    timed_out = False
    try:
        out, err = proc.communicate(timeout=max(0.1, began + timeout - time.monotonic()))
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc)
        try:
            out, err = proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:  # a grandchild holds the pipes: give up on them
            out, err = b"", b""
    seconds = time.monotonic() - began
    text = [data.decode("utf-8", "replace") if data else "" for data in (out, err)]
    return Ran(proc.returncode, text[0], text[1], seconds, timed_out)


def run(argv: list[str], *, env: dict | None = None, cwd: Path | None = None, **kw) -> Ran:
    began = time.monotonic()
    timeout = kw.pop("timeout", TIMEOUT)
    return finish(start(argv, env=env, cwd=cwd, **kw), began, timeout)


def timeline(*args: object) -> list[str]:
    return [sys.executable, "-m", "timeline", *map(str, args)]


def timeline_env(cache: Path | None, **extra: str) -> dict[str, str]:
    """The environment of a timeline child: no colour, its own cache folder (None: off),
    this repository's code, none of the caller's TIMELINE_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
    env.pop("FORCE_COLOR", None)
    path = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(NO_COLOR="1", PYTHONPATH=path, **extra)
    if cache is None:
        env["TIMELINE_CACHE"] = "off"
    else:
        env["TIMELINE_CACHE_DIR"] = str(cache)
    return env


def copy_project(dest: Path) -> Path:
    """A fresh copy of the repository's example project (data/, seeds/)."""
    for name in ("data", "seeds"):
        shutil.copytree(REPO / name, dest / name, symlinks=True)
    return dest


def traceback_line(text: str) -> str | None:
    """The exception line of the first traceback in `text` (its first line if none)."""
    at = text.find(TRACEBACK)
    if at < 0:
        return None
    lines = text[at:].splitlines()
    for line in lines[1:500]:
        if line and not line[0].isspace():
            return line[:200]
    return lines[0][:200]


def known_line(line: str) -> bool:
    return bool(LOCATED.match(line)) or any(pattern.match(line) for pattern in SUMMARIES)


def classify(ran: Ran, command: str) -> list[str]:
    """What is wrong with a run of `command`: a timeout, an exit status other than 0 or 1,
    a traceback, or a stdout line neither a located problem nor a summary."""
    found = []
    if ran.timed_out:
        found.append(f"{command}: timed out after {ran.seconds:.0f} s")
    elif ran.code not in (0, 1):
        found.append(f"{command}: exit status {ran.code}")
    for stream in (ran.out, ran.err):
        line = traceback_line(stream)
        if line:
            found.append(f"{command}: traceback: {line}")
            break
    stray = [line for line in ran.out.splitlines() if not known_line(line)]
    if stray:
        found.append(f"{command}: unexpected stdout line {stray[0][:120]!r}")
    return found


def site_files(out: Path) -> dict[str, bytes]:
    """Every entry of a built site: a file's bytes, a link's target, a folder as b"/"."""
    found: dict[str, bytes] = {}
    for folder, dirs, files in os.walk(out):
        for name in dirs + files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, out)
            if os.path.islink(path):
                found[rel] = b"symlink -> " + os.fsencode(os.readlink(path))
            elif name in dirs:
                found[rel] = b"/"
            else:
                with open(path, "rb") as handle:
                    found[rel] = handle.read(READ_AT_MOST)
    return found


def differences(got: dict[str, bytes], want: dict[str, bytes]) -> list[str]:
    """How one site differs from another: missing, extra and differing entries."""
    found = []
    for what, names in (
        ("missing", sorted(want.keys() - got.keys())),
        ("extra", sorted(got.keys() - want.keys())),
        ("differing", sorted(n for n in want.keys() & got.keys() if want[n] != got[n])),
    ):
        if names:
            shown = ", ".join(names[:3]) + (f" (+{len(names) - 3})" if len(names) > 3 else "")
            found.append(f"{len(names)} {what}: {shown}")
    return found


def _numeric_columns(out: Path) -> dict[str, set[str]]:
    try:
        package = json.loads((out / "datapackage.json").read_text("utf-8"))
        return {
            resource["path"]: {
                f["name"] for f in resource["schema"]["fields"] if f.get("type") != "string"
            }
            for resource in package["resources"]
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def formulas(out: Path) -> list[str]:
    """CSV cells a spreadsheet would take for a formula ('-' then a digit is a number in
    a column the datapackage types other than string)."""
    numeric = _numeric_columns(out)
    found = []
    for table in CSV_TABLES:
        if not (out / table).is_file():
            continue
        with open(out / table, newline="", encoding="utf-8", errors="replace") as handle:
            rows = list(csv.reader(handle))
        header = rows[0] if rows else []
        for row in rows[1:]:
            for column, cell in zip(header, row, strict=False):
                number = cell[:1] == "-" and cell[1:2].isdigit()
                if cell[:1] in FORMULA_STARTS and not (number and column in numeric.get(table, ())):
                    found.append(f"formula: {table} {column} {cell[:40]!r}")
    return found[:5]


def scan_site(out: Path) -> list[str]:
    """The secret anywhere in a built site (an escape), and CSV formula cells."""
    if not out.is_dir():
        return []
    found = []
    for rel, data in site_files(out).items():
        if TOKEN.encode() in data:
            found.append(f"escape: the secret is in {rel}")
        elif data.startswith(b"symlink -> "):
            found.append(f"escape: the site holds a link {rel} {data[11:80]!r}")
    return found + formulas(out)
