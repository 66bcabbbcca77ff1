"""`timeline check` on the shipped data and on the edits an editor gets wrong."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, small_project

SHIPPED_SUMMARY = "checked 10 events, 6 sources, 46 quotes: 0 errors, 4 warnings"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_data_passes(run, shipped):
    status, out, err = run(["check"], cwd=shipped)
    assert status == 0, out
    assert err == ""
    lines = out.splitlines()
    assert lines[-1] == SHIPPED_SUMMARY
    assert not any(": error: " in line for line in lines)


def test_shipped_data_warnings_fail_under_strict(run, shipped):
    status, out, _ = run(["check", "--strict"], cwd=shipped)
    assert status == 1
    assert out.splitlines()[-1] == SHIPPED_SUMMARY


def test_repository_itself_is_a_valid_project():
    # The hook and the README run `python -m timeline check` at the repository root.
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "check"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == SHIPPED_SUMMARY


def test_one_word_of_a_quote_changed(run, shipped):
    edit(
        shipped / "data/events/offensive-2023.yaml",
        "large-scale military offensive",
        "large-scale army offensive",
    )
    status, out, _ = run(["check"], cwd=shipped)
    assert status == 1
    assert (
        "data/events/offensive-2023.yaml:13:12: error: quote not found in el-diario-2023-09-19; "
        "the closest passage, 95% similar, is at seeds/el-diario-2023-09-19.txt:3:1: "
        '"On Tuesday, Nagorno-Karabakh authorities accused Baku of launching a '
        '"large-scale military offensive""'
    ) in out.splitlines()


def test_44_day_war_ending_a_month_early(run, shipped):
    edit(shipped / "data/events/second-war.yaml", "2020-09-27/2020-11-10", "2020-09-27/2020-10-10")
    status, out, _ = run(["check"], cwd=shipped)
    assert status == 1
    lines = out.splitlines()
    assert (
        'data/events/second-war.yaml:3:7: error: date "2020-09-27/2020-10-10" lasts 13 days, but '
        'evidence[0] (el-diario-2023-09-19) states "44-day" (about 44 days)'
    ) in lines
    assert (
        'data/events/second-war.yaml:3:7: error: date "2020-09-27/2020-10-10" disagrees with '
        'evidence[7] (wikipedia-second-war): the quote states "10 November 2020" (2020-11-10)'
    ) in lines


def test_killed_seven(run, shipped):
    edit(shipped / "data/events/landmine-explosions.yaml", "killed: 6", "killed: 7")
    status, out, _ = run(["check"], cwd=shipped)
    assert status == 1
    assert (
        "data/events/landmine-explosions.yaml:12:11: error: figures.killed is 7, but evidence[0] "
        '(el-diario-2023-09-19) states "two" (2), "six" (6)'
    ) in out.splitlines()


def test_offensive_a_day_late(run, shipped):
    edit(shipped / "data/events/offensive-2023.yaml", 'date: "2023-09-19"', 'date: "2023-09-20"')
    status, out, _ = run(["check"], cwd=shipped)
    assert status == 1
    assert (
        'data/events/offensive-2023.yaml:3:7: error: date "2023-09-20" disagrees with evidence[0] '
        '(el-diario-2023-09-19): the quote states "On Tuesday" (2023-09-19, counted from '
        "published 2023-09-19)"
    ) in out.splitlines()


def test_independence_in_1992(run, shipped):
    edit(shipped / "data/events/independence-declaration.yaml", '"1991-09-02"', '"1992"')
    status, out, _ = run(["check"], cwd=shipped)
    assert status == 1
    assert (
        'data/events/independence-declaration.yaml:3:7: error: date "1992" disagrees with '
        'evidence[0] (el-diario-2023-09-19): the quote states "1991" (1991)'
    ) in out.splitlines()


def test_small_project_output_is_exact(run, project):
    root = project()
    status, out, err = run(["check"], cwd=root)
    assert (status, err) == (0, "")
    assert out == "checked 1 event, 1 source, 2 quotes: 0 errors, 0 warnings\n"


def test_source_flag_prefixes_paths(run, project):
    root = project(small_project({"data/events/offensive.yaml": "title: x\n"}))
    status, out, _ = run(["check", "--source", root.name], cwd=root.parent)
    assert status == 1
    name = root.name
    assert out.splitlines()[0] == (
        f'{name}/data/events/offensive.yaml:1:1: error: missing required field "date": '
        'write it as a quoted EDTF date, e.g. date: "2023-09-19"'
    )


def test_json_format(run, project):
    root = project(small_project({"data/events/offensive.yaml": "title: x\n"}))
    status, out, _ = run(["check", "--format", "json"], cwd=root)
    assert status == 1
    report = json.loads(out)
    assert report["ok"] is False
    assert (report["events"], report["sources"], report["errors"]) == (0, 1, 2)
    assert report["problems"][0] == {
        "path": "data/events/offensive.yaml",
        "line": 1,
        "column": 1,
        "severity": "error",
        "message": 'missing required field "date": write it as a quoted EDTF date, '
        'e.g. date: "2023-09-19"',
    }


def test_github_format(run, project):
    root = project(small_project({"data/events/offensive.yaml": "title: x\n"}))
    status, out, _ = run(["check", "--format", "github"], cwd=root)
    assert status == 1
    assert out.splitlines()[0] == (
        "::error file=data/events/offensive.yaml,line=1,col=1::missing required field "
        '"date": write it as a quoted EDTF date, e.g. date: "2023-09-19"'
    )


def test_not_a_project_is_a_usage_error(run, tmp_path):
    status, out, err = run(["check"], cwd=tmp_path)
    assert (status, out) == (2, "")
    assert err == (
        "timeline check: error: this folder is not a timeline project (it has no data/ or "
        "seeds/ folder); run timeline in a project folder or pass --source DIR\n"
    )


def test_missing_source_folder_is_a_usage_error(run, tmp_path):
    status, _, err = run(["check", "--source", "nowhere"], cwd=tmp_path)
    assert status == 2
    assert err == "timeline check: error: --source nowhere: no such folder\n"


def test_unknown_option_is_a_usage_error(run, project):
    status, out, err = run(["check", "--strikt"], cwd=project())
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == "timeline: error: unrecognized arguments: --strikt"


def test_no_command_prints_help_and_exits_2(run):
    status, out, _ = run([])
    assert status == 2
    assert out.startswith("usage: timeline")


def test_help_teaches_with_examples(run):
    status, out, _ = run(["check", "--help"])
    assert status == 0
    assert "examples:" in out
    assert "timeline check --strict --format github" in out


def test_console_script_and_module_agree(project):
    root = project()
    module = subprocess.run(
        [sys.executable, "-m", "timeline", "check"], cwd=root, capture_output=True, text=True
    )
    script = subprocess.run(
        [str(Path(sys.executable).parent / "timeline"), "check"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert module.returncode == script.returncode == 0
    assert module.stdout == script.stdout
