"""The README stays true: its two commands, and every command and option it documents."""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shlex

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


# ---------------------------------------------------------------- docs/: cli.md and its examples

DOCS = REPO / "docs"
# The docs this file runs: their examples are written for a copy of the shipped project.
RUN_DOCS = ("tutorial.md", "format.md", "cli.md")
CLI_DOC = (DOCS / "cli.md").read_text(encoding="utf-8")


def cli_section(name: str) -> str:
    start = CLI_DOC.index(f"\n## timeline {name}\n")
    end = CLI_DOC.find("\n## ", start + 1)
    return CLI_DOC[start : end if end >= 0 else len(CLI_DOC)]


def test_every_command_and_option_is_in_the_cli_doc():
    synopsis = CLI_DOC[: CLI_DOC.index("\n## ")]
    for name, sub in subcommands().items():
        assert f"\ntimeline {name} " in synopsis, f"timeline {name} is not in cli.md's synopsis"
        assert f"\n## timeline {name}\n" in CLI_DOC, f"cli.md has no section on timeline {name}"
        section = cli_section(name)
        assert f"$ timeline {name}" in section, f"cli.md shows no example of timeline {name}"
        for action in sub._actions:
            names = [o for o in action.option_strings if o.startswith("--") and o != "--help"]
            if not action.option_strings:
                names = [action.metavar or action.dest]
            for option in names:
                assert f"`{option}" in section, f"{option} of timeline {name} is not in cli.md"


@dataclasses.dataclass(frozen=True)
class Example:
    """A `$ timeline ...` line of a console block, with the output shown under it."""

    line: int
    command: str
    output: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class FileStep:
    """A block the reader is told to save: `<!-- file: PATH -->` before a fenced block."""

    line: int
    path: str
    text: str


def doc_steps(text: str) -> list[Example | FileStep]:
    steps: list[Example | FileStep] = []
    block = re.compile(
        r"(?:<!-- file: (?P<path>\S+) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S
    )
    for match in block.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match["path"]:
            steps.append(FileStep(line, match["path"], match["body"]))
        elif match["lang"] == "console":
            commands: list[tuple[str, list[str]]] = []
            for row in match["body"].splitlines():
                if row.startswith("$ "):
                    commands.append((row[2:], []))
                else:
                    assert commands, f"line {line}: output before any command"
                    commands[-1][1].append(row)
            steps += [Example(line, command, tuple(out)) for command, out in commands]
    return steps


def shown_output_matches(shown: tuple[str, ...], actual: str) -> bool:
    """Whether actual is the output shown, where "..." is any text and a "..." line any lines."""
    pattern = ""
    for row in shown:
        if row == "...":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += ".*?".join(re.escape(part) for part in row.split("...")) + r"\n"
    return re.fullmatch(pattern, actual) is not None


def run_serve(args: list[str], cwd) -> str:
    """timeline serve on a free port until it has started, then Ctrl-C; its standard output."""
    import signal
    import subprocess
    import sys
    import time

    if "--port" in args:
        del args[args.index("--port") : args.index("--port") + 2]
    process = subprocess.Popen(
        [sys.executable, "-m", "timeline", *args, "--port", "0"],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines = []
    deadline = time.monotonic() + 60
    try:
        for line in process.stdout:  # ends when the server exits
            lines.append(line)
            if line.startswith("serving "):
                break
            assert time.monotonic() < deadline, "timeline serve did not start"
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    return "".join(lines) + rest


def test_every_example_in_the_docs_runs_as_shown(shipped, run, monkeypatch):
    import shutil

    for name in RUN_DOCS:
        project = shipped.parent / f"for-{name}"
        shutil.copytree(shipped, project)
        monkeypatch.chdir(project)
        for step in doc_steps((DOCS / name).read_text(encoding="utf-8")):
            where = f"docs/{name}:{step.line}"
            if isinstance(step, FileStep):
                (project / step.path).write_text(step.text, encoding="utf-8")
                continue
            words = shlex.split(step.command)
            assert words[0] == "timeline", f"{where}: an example runs timeline, not {words[0]}"
            if words[1] == "serve":
                port = words[words.index("--port") + 1] if "--port" in words else "8000"
                output = run_serve(words[1:], project)
                output = re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", output)
            else:
                status, out, err = run(words[1:], cwd=project)
                assert "Traceback" not in err, f"{where}: {err}"
                output = err + out  # as a terminal shows them: problems first
            if step.output:
                assert shown_output_matches(step.output, output), (
                    f"{where}: $ {step.command}\n--- shown:\n"
                    + "\n".join(step.output)
                    + f"\n--- actual:\n{output}"
                )


def test_the_tutorial_adds_checks_and_previews_an_event_in_under_five_commands():
    steps = doc_steps((DOCS / "tutorial.md").read_text(encoding="utf-8"))
    commands = [shlex.split(step.command)[1] for step in steps if isinstance(step, Example)]
    assert commands == ["find", "new", "check", "serve"]
