"""The CI recipes shipped in the repository: the Pages workflow and the pre-commit hook."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

import yaml

from conftest import EVENT, REPO, small_project

WORKFLOW = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
BAD = small_project({"data/events/offensive.yaml": EVENT.replace("killed: 6", "killed: 7")})


def steps(job: str) -> list[dict]:
    return WORKFLOW["jobs"][job]["steps"]


def uses(job: str) -> list[str]:
    return [step["uses"].partition("@")[0] for step in steps(job) if "uses" in step]


def runs(job: str) -> list[str]:
    return [step["run"] for step in steps(job) if "run" in step]


def test_the_workflow_checks_pull_requests_and_publishes_main():
    triggers = WORKFLOW[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    assert "if" not in WORKFLOW["jobs"]["check"]
    assert "timeline check --format github" in runs("check")
    build = WORKFLOW["jobs"]["build"]
    assert build["needs"] == "check"
    assert "github.event_name != 'pull_request'" in build["if"]
    assert "github.ref == 'refs/heads/main'" in build["if"]
    assert uses("build") == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    (command,) = [run for run in runs("build") if run.startswith("timeline")]
    assert command == 'timeline build --out _site --base-url "$BASE_URL/"'
    configure = next(s for s in steps("build") if s.get("uses", "").startswith("actions/config"))
    expression = "${{ steps." + configure["id"] + ".outputs.base_url }}"
    assert build["steps"][-2]["env"]["BASE_URL"] == expression
    assert steps("build")[-1]["with"]["path"] == "_site"
    deploy = WORKFLOW["jobs"]["deploy"]
    assert deploy["needs"] == "build" and uses("deploy") == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"


def test_the_workflow_has_least_permissions():
    assert WORKFLOW["permissions"] == {"contents": "read"}
    assert WORKFLOW["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in WORKFLOW["jobs"].items():
        if name != "deploy":
            assert "write" not in (job.get("permissions") or {}).values(), name


def test_the_workflow_runs_one_at_a_time():
    assert WORKFLOW["concurrency"]["group"].startswith("timeline-${{ github.ref }}")
    assert WORKFLOW["jobs"]["deploy"]["concurrency"] == {
        "group": "pages",
        "cancel-in-progress": False,
    }


def test_every_action_is_pinned_to_a_major_version():
    for job in WORKFLOW["jobs"]:
        for step in steps(job):
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


def test_the_workflow_commands_work(project, run, tmp_path):
    check = shlex.split("timeline check --format github")[1:]
    status, out, _ = run(check, cwd=project())
    assert (status, out) == (0, "checked 1 event, 1 source, 2 quotes: 0 errors, 0 warnings\n")
    status, out, _ = run(check, cwd=project(BAD))
    assert status == 1
    assert out.startswith("::error file=data/events/offensive.yaml,line=7,col=11::")
    build = shlex.split('timeline build --out _site --base-url "https://example.github.io/nk/"')
    root = project()
    status, _, _ = run(build[1:], cwd=root)
    assert status == 0
    feed = (root / "_site" / "feed.xml").read_text(encoding="utf-8")
    assert "https://example.github.io/nk/events/offensive/" in feed


def test_the_pre_commit_hook_is_declared():
    (hook,) = HOOKS
    assert hook["id"] == "timeline-check"
    assert hook["entry"] == "timeline check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("data/events/offensive.yaml", "data/places.yaml", "seeds/article.txt"):
        assert files.search(path), path
    for path in ("README.md", "site/index.html", "docs/data/x.md", "timeline/seeds/x.py"):
        assert not files.search(path), path


def test_the_hook_entry_passes_a_good_project_and_fails_a_bad_one(project):
    scripts = os.path.dirname(sys.executable)
    path = scripts + os.pathsep + os.environ.get("PATH", "")
    assert shutil.which("timeline", path=path), "the timeline console script is installed"
    env = {**os.environ, "PATH": path, "NO_COLOR": "1"}
    (hook,) = HOOKS
    for files, expected in ((small_project(), 0), (BAD, 1)):
        root = project(files)
        subprocess.run(
            ["git", "init", "-q", str(root)], check=True
        )  # a repository, as pre-commit runs in
        result = subprocess.run(
            shlex.split(hook["entry"]), cwd=root, env=env, capture_output=True, text=True
        )
        assert result.returncode == expected, result.stdout + result.stderr
