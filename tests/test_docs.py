"""The README stays true: its two commands, and every command and option it documents."""

from __future__ import annotations

import argparse
import re

from timeline.cli import build_parser

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
CI = (REPO / ".ci" / "run").read_text(encoding="utf-8")


def shell_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S)]


def test_readme_opens_with_the_build_and_test_commands():
    build, test = shell_blocks(README)[:2]
    assert README.index(build) < 600, "the two commands come first"
    assert build.endswith("pip install . && timeline build")
    assert test.endswith("pip install -e '.[test]' && npm ci && python -m pytest")


def test_ci_runs_exactly_the_readme_test_command():
    test = shell_blocks(README)[1]
    assert any(line.startswith(test) for line in CI.splitlines())


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_and_option_is_documented():
    synopsis = README[README.index("## The command line") :]
    for name, sub in subcommands().items():
        line = next(
            (line for line in synopsis.splitlines() if line.startswith(f"timeline {name}")), None
        )
        assert line, f"timeline {name} is not in the README's synopsis"
        for action in sub._actions:
            longs = [o for o in action.option_strings if o.startswith("--") and o != "--help"]
            for option in longs:
                assert option in line, f"{option} of timeline {name} is not documented"


def test_every_command_has_help_with_examples(run):
    for name in subcommands():
        status, out, _ = run([name, "--help"])
        assert status == 0
        assert "examples:" in out and f"timeline {name}" in out


def test_shipped_schema_is_where_the_event_modelines_point():
    for event in sorted((REPO / "data" / "events").glob("*.yaml")):
        first = event.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), event.name
        target = (event.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (REPO / "timeline" / "schema" / "event.schema.json").resolve()


def test_seed_is_kept_verbatim():
    import hashlib

    seed = (REPO / "seeds" / "el-diario-2023-09-19.txt").read_bytes()
    # sha256 of the article as received (shared/seeds/000_72572ea6659044dd.txt).
    assert hashlib.sha256(seed).hexdigest() == (
        "d199002cf48446ddfe69e7d099e9e0ff7f9df3a0a33516123359fade4dacb063"
    )


def test_code_is_ruff_clean():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "timeline", "tests"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
