"""The build's progress line: silent off-terminal, delayed, rate-limited, erased on close."""

from __future__ import annotations

import io
import os
import pty
import select
import sys

import pytest

from timeline.progress import Progress

ERASE = "\r\x1b[K"


class TTY(io.StringIO):
    """A stream that says it is a terminal and remembers how often it was flushed."""

    def __init__(self) -> None:
        super().__init__()
        self.flushes = 0

    def isatty(self) -> bool:
        return True

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def draw(text: str) -> str:
    return f"\r{text}\x1b[K"


@pytest.fixture(autouse=True)
def terminal_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """An interactive terminal's environment, whatever the one running the tests."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def run(stream: io.StringIO, clock: Clock, steps: int = 3, total: int = 3) -> None:
    with Progress("rendering", total, stream=stream, clock=clock, delay=0) as progress:
        for _ in range(steps):
            clock.now += 1
            progress.advance()


# --- when to show anything at all ------------------------------------------------------


def test_wanted_on_a_terminal() -> None:
    assert Progress.wanted(TTY()) is True
    assert Progress("x", 1, stream=TTY()).enabled is True


def test_silent_when_not_a_tty() -> None:
    stream = io.StringIO()
    assert Progress.wanted(stream) is False
    run(stream, Clock())
    assert stream.getvalue() == ""


@pytest.mark.parametrize(("name", "value"), [("CI", "1"), ("TERM", "dumb")])
def test_silent_in_ci_and_on_a_dumb_terminal(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    stream = TTY()
    assert Progress.wanted(stream) is False
    run(stream, Clock())
    assert stream.getvalue() == ""


def test_empty_ci_variable_does_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "")
    assert Progress.wanted(TTY()) is True


def test_not_wanted_on_streams_without_isatty_or_closed() -> None:
    assert Progress.wanted(object()) is False
    closed = io.StringIO()
    closed.close()
    assert Progress.wanted(closed) is False


def test_enabled_overrides_wanted() -> None:
    forced_on = io.StringIO()
    run_forced = Progress("rendering", 1, stream=forced_on, clock=Clock(), delay=0, enabled=True)
    run_forced.advance()
    assert forced_on.getvalue() == draw("rendering 1/1 (100%)")

    forced_off = TTY()
    quiet = Progress("rendering", 1, stream=forced_off, clock=Clock(), delay=0, enabled=False)
    quiet.advance()
    quiet.close()
    assert forced_off.getvalue() == ""


def test_stream_defaults_to_stderr_at_construction(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = TTY()
    monkeypatch.setattr(sys, "stderr", stream)
    progress = Progress("rendering", 2, clock=Clock(), delay=0)
    assert progress.stream is stream
    progress.advance(2)
    assert stream.getvalue() == draw("rendering 2/2 (100%)")


# --- what is drawn, and when -----------------------------------------------------------


def test_nothing_before_the_delay_then_draws() -> None:
    stream, clock = TTY(), Clock()
    progress = Progress("rendering", 10_929, stream=stream, clock=clock)
    clock.now += 0.5
    progress.advance(4_000)
    clock.now += 0.25
    progress.advance(999)
    assert stream.getvalue() == ""
    clock.now += 0.25  # exactly one second after construction
    progress.advance()
    assert stream.getvalue() == draw("rendering 5,000/10,929 (45%)")
    assert stream.flushes == 1


def test_short_build_stays_silent_even_at_total() -> None:
    stream, clock = TTY(), Clock()
    with Progress("rendering", 3, stream=stream, clock=clock) as progress:
        for _ in range(3):
            clock.now += 0.25
            progress.advance()
    assert stream.getvalue() == ""
    assert stream.flushes == 0


def test_draws_once_per_interval() -> None:
    stream, clock = TTY(), Clock()
    progress = Progress("rendering", 1_000, stream=stream, clock=clock, delay=0)
    progress.advance()  # first draw, at t=0
    for _ in range(50):  # all within the same 0.1 s
        clock.now += 0.001
        progress.advance()
    assert stream.getvalue() == draw("rendering 1/1,000 (0%)")
    clock.now = 100.125  # more than 0.1 s after the first draw
    progress.advance()
    assert stream.getvalue() == draw("rendering 1/1,000 (0%)") + draw("rendering 52/1,000 (5%)")
    assert stream.flushes == 2


def test_final_count_is_always_drawn() -> None:
    stream, clock = TTY(), Clock()
    progress = Progress("rendering", 4, stream=stream, clock=clock, delay=0)
    progress.advance()
    progress.advance()  # same instant: rate-limited
    progress.advance()  # same instant: rate-limited
    progress.advance()  # same instant, but the total: drawn
    progress.advance(0)  # still the total: not drawn again
    assert stream.getvalue() == draw("rendering 1/4 (25%)") + draw("rendering 4/4 (100%)")


def test_zero_total_shows_100_percent() -> None:
    stream = TTY()
    progress = Progress("copying", 0, stream=stream, clock=Clock(), delay=0)
    progress.advance(0)
    assert stream.getvalue() == draw("copying 0/0 (100%)")


def test_close_erases_once_and_is_idempotent() -> None:
    stream, clock = TTY(), Clock()
    progress = Progress("rendering", 2, stream=stream, clock=clock, delay=0)
    progress.advance()
    progress.close()
    progress.close()
    clock.now += 1
    progress.advance()  # after close: nothing more is drawn
    progress.close()
    assert stream.getvalue() == draw("rendering 1/2 (50%)") + ERASE
    assert stream.flushes == 2


def test_close_without_drawing_writes_nothing() -> None:
    stream = TTY()
    with Progress("rendering", 2, stream=stream, clock=Clock()) as progress:
        progress.advance()
    assert stream.getvalue() == ""


def test_context_manager_closes_on_exception() -> None:
    stream, clock = TTY(), Clock()
    with (
        pytest.raises(RuntimeError, match="boom"),
        Progress("rendering", 3, stream=stream, clock=clock, delay=0) as progress,
    ):
        progress.advance()
        raise RuntimeError("boom")
    assert stream.getvalue() == draw("rendering 1/3 (33%)") + ERASE


def test_broken_stream_goes_quiet() -> None:
    stream, clock = TTY(), Clock()
    with Progress("rendering", 3, stream=stream, clock=clock, delay=0) as progress:
        progress.advance()
        stream.close()  # e.g. the terminal went away
        clock.now += 1
        progress.advance()
        progress.advance()
    assert progress.done == 3


def test_on_a_real_terminal() -> None:
    master_fd, slave_fd = pty.openpty()
    stream = os.fdopen(slave_fd, "w")
    try:
        assert Progress.wanted(stream) is True
        with Progress("rendering", 2, stream=stream, delay=0) as progress:
            progress.advance(2)
        received = b""
        expected = draw("rendering 2/2 (100%)").encode() + ERASE.encode()
        while expected not in received and select.select([master_fd], [], [], 2)[0]:
            received += os.read(master_fd, 1024)
        assert expected in received
    finally:
        stream.close()
        os.close(master_fd)


# -- the progress line of a real build ----------------------------------------------------


def _generated_project(tmp_path) -> str:
    """A generated project big enough for a build of a second or more on this machine."""
    import importlib.util

    from conftest import REPO

    spec = importlib.util.spec_from_file_location(
        "bench_generate", REPO / "benchmarks" / "generate.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    module.generate(tmp_path / "corpus", 1500, seed=8)
    return str(tmp_path / "corpus" / "project")


def _build_on_a_terminal(project: str, out: str, env: dict[str, str]) -> bytes:
    """Run `timeline build` with its standard error on a pseudo-terminal; what it wrote."""
    import subprocess

    from conftest import REPO

    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "timeline", "build", "--source", project, "--out", out],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env={**os.environ, "PYTHONPATH": str(REPO), "TIMELINE_SEARCH": "off", **env},
    )
    os.close(slave)
    written = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        written += chunk
    os.close(master)
    assert process.wait(timeout=120) == 0
    return written


def test_a_build_on_a_terminal_draws_only_well_formed_progress_and_erases_it(tmp_path):
    """Whether the build lasts past the one-second delay depends on the machine, so the
    test holds either way: every draw is a whole progress line, the last thing written
    erases it, and nothing else reaches the terminal."""
    import re

    project = _generated_project(tmp_path)
    written = _build_on_a_terminal(project, str(tmp_path / "site"), {"CI": "", "TERM": "xterm"})
    text = written.decode("utf-8")
    draws = re.findall(r"\r(building [0-9,]+/[0-9,]+ \(\d+%\))\x1b\[K", text)
    rest = re.sub(r"\r(building [0-9,]+/[0-9,]+ \(\d+%\))\x1b\[K", "", text)
    if draws:
        assert rest == ERASE, repr(rest[:200])
        done, total = draws[-1].split()[1].split("/")
        assert done == total and draws[-1].endswith("(100%)")  # the forked half counted too
    else:
        assert text == ""


def test_a_build_in_ci_draws_no_progress_even_on_a_terminal(tmp_path):
    project = _generated_project(tmp_path)
    assert _build_on_a_terminal(project, str(tmp_path / "site"), {"CI": "true"}) == b""
