"""timeline check colours its text on a terminal only; NO_COLOR and FORCE_COLOR decide first."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from conftest import EVENT, REPO, small_project

BAD = small_project({"data/events/offensive.yaml": EVENT.replace("killed: 6", "killed: 7")})
PLAIN = (
    "data/events/offensive.yaml:7:11: error: figures.killed is 7, but evidence[1] (article) "
    'states "six" (6)\n'
    "checked 1 event, 1 source, 2 quotes: 1 error, 0 warnings\n"
)
COLOURED = (
    "\033[1mdata/events/offensive.yaml:7:11:\033[0m \033[1;31merror:\033[0m figures.killed is 7, "
    'but evidence[1] (article) states "six" (6)\n'
    "checked 1 event, 1 source, 2 quotes: 1 error, 0 warnings\n"
)


@pytest.fixture
def env(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "CI", "TERM"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_plain_in_a_pipe(project, run, env):
    assert run(["check"], cwd=project(BAD)) == (1, PLAIN, "")


def test_force_color_colours_a_pipe_and_ci(project, run, env):
    env.setenv("FORCE_COLOR", "1")
    env.setenv("CI", "true")
    assert run(["check"], cwd=project(BAD)) == (1, COLOURED, "")


@pytest.mark.parametrize("force", ["0", ""])
def test_force_color_0_or_empty_forces_nothing(project, run, env, force):
    env.setenv("FORCE_COLOR", force)
    assert run(["check"], cwd=project(BAD)) == (1, PLAIN, "")


def test_no_color_wins_over_force_color(project, run, env):
    env.setenv("FORCE_COLOR", "1")
    env.setenv("NO_COLOR", "1")
    assert run(["check"], cwd=project(BAD)) == (1, PLAIN, "")


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_machine_formats_are_never_coloured(project, run, env, fmt):
    env.setenv("FORCE_COLOR", "1")
    _, out, _ = run(["check", "--format", fmt], cwd=project(BAD))
    assert "\033[" not in out


def on_a_terminal(root, **extra: str) -> bytes:
    """`timeline check` with its output on a pseudo-terminal; everything it wrote."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI")}
    env.update(PYTHONPATH=str(REPO), TERM="xterm", **extra)
    leader, follower = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "timeline", "check"],
            cwd=root,
            env=env,
            stdout=follower,
            stderr=follower,
            timeout=60,
        )
        assert process.returncode == 1
        os.close(follower)
        follower = -1
        output = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal has no writer left
                break
            if not chunk:
                break
            output += chunk
        return output.replace(b"\r\n", b"\n")
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)


def test_coloured_on_a_terminal(project):
    assert on_a_terminal(project(BAD)).decode() == COLOURED


def test_plain_on_a_terminal_in_ci_or_with_no_color(project):
    root = project(BAD)
    assert on_a_terminal(root, CI="true").decode() == PLAIN
    assert on_a_terminal(root, NO_COLOR="1").decode() == PLAIN
