"""benchmarks/attack.py's own bookkeeping: a fine case passes, and what it is meant to
catch (a traceback, a bad exit status, a stray line, a timeout, an escape, a CSV
formula, a differing site) is caught, so that the matrix cannot pass by missing it.

A few real cases run too (about 10 s); `python benchmarks/attack.py` runs them all.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _load(name: str):
    path = REPO / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    saved = list(sys.path)
    sys.path.insert(0, str(path.parent))  # attack.py imports attack_core and the others
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


attack = _load("attack")
core = sys.modules["attack_core"]
cases = sys.modules["attack_cases"]
areas = sys.modules["attack_areas"]


def _python(code: str, **kw):
    return core.run([sys.executable, "-c", code], **kw)


def test_a_fine_case_and_two_bad_inputs_pass():
    area = attack.area_bad_inputs(False, ["unchanged", "nul-event", "formula-title-hyperlink"])
    assert area.tried == 3
    assert area.failures == []
    assert area.worst is not None and area.worst[1] > 0


def test_a_traceback_is_caught():
    ran = _python("raise SystemExit('Traceback (most recent call last):')")
    assert ran.code == 1
    assert any("traceback" in what for what in core.classify(ran, "fake"))


def test_the_exception_line_of_a_traceback_is_shown():
    found = core.classify(_python("raise ValueError('boom')"), "fake")
    assert "fake: traceback: ValueError: boom" in found


def test_a_bad_exit_status_a_stray_line_and_a_timeout_are_caught():
    assert core.classify(_python("import sys; sys.exit(3)"), "x") == ["x: exit status 3"]
    stray = core.classify(_python("print('hello')"), "x")
    assert stray == ["x: unexpected stdout line 'hello'"]
    slow = core.classify(_python("import time; time.sleep(20)", timeout=1), "x")
    assert len(slow) == 1 and "timed out" in slow[0]


def test_the_lines_timeline_prints_are_known():
    fine = [
        "data/events/x.yaml:3:7: error: not a real date",
        "checked 10 events, 6 sources, 46 quotes: 0 errors, 4 warnings",
        "built site/: 10 events, 6 sources, 79 files in 0.30 s",
        "built site/: 10 events, 1 source, 79 files (3 made, 76 unchanged) in 0.30 s",
        "site/ is up to date: 10 events, 6 sources, 79 files in 0.05 s",
    ]
    assert all(core.known_line(line) for line in fine)
    assert not core.known_line("data/events/x.yaml: error without a line")


def test_a_broken_case_is_a_failure_not_a_pass():
    stale = cases.Case("stale", lambda p, o: cases.edit(p, cases.EVENT, b"no such text", b"x"))
    found, _ = attack.bad_input(stale)
    assert len(found) == 1 and found[0].startswith("harness:")


def test_a_secret_that_reaches_the_site_is_caught_end_to_end():
    # Not through a link: written into an event, so the real build publishes it.
    leak = cases.Case("leak", lambda p, o: cases.event(p, cases.event_text(title=cases.TOKEN)))
    found, _ = attack.bad_input(leak)
    assert found and all(what.startswith("escape: the secret is in ") for what in found)


def test_escapes_and_formulas_are_caught(tmp_path):
    (tmp_path / "page.html").write_text(f"<p>{cases.TOKEN}</p>", "utf-8")
    fields = [{"name": "id", "type": "string"}, {"name": "title", "type": "string"}]
    fields.append({"name": "duration_days", "type": "integer"})
    schema = {"resources": [{"path": "events.csv", "schema": {"fields": fields}}]}
    (tmp_path / "datapackage.json").write_text(json.dumps(schema), "utf-8")
    rows = "id,title,duration_days\na,=1+1,-5\nb,-2+3,3\nc,'=1+1,4\nd,\tx,5\n"
    (tmp_path / "events.csv").write_text(rows, "utf-8")
    found = core.scan_site(tmp_path)
    assert found == [
        "escape: the secret is in page.html",
        "formula: events.csv title '=1+1'",
        "formula: events.csv title '-2+3'",
        "formula: events.csv title '\\tx'",
    ]


def test_a_differing_site_is_caught():
    got = {"a": b"1", "b": b"2", "x": b"/"}
    want = {"a": b"1", "b": b"3", "c": b"4"}
    assert core.differences(got, want) == ["1 missing: c", "1 extra: x", "1 differing: b"]
    assert core.differences(want, dict(want)) == []


def test_a_damaged_cache_builds_what_no_cache_builds():
    found, repaired, note = areas.cache_mode("truncate-pickles")
    assert found == []
    assert note is None


def test_the_report_shows_failures_and_areas_not_run():
    bad = core.Area("bad inputs", worst=("file-50mb", 1.25))
    bad.record("nul-event", ["build: exit status -11"])
    bad.record("unchanged", [])
    disk = core.Area("full disk", not_run="not run (needs root and tmpfs)")
    text = attack.report([bad, disk], 10.0)
    assert "| bad inputs | 2 | 1 |" in text
    assert "| full disk | not run (needs root and tmpfs) | |" in text
    assert "- FAILED bad inputs / nul-event: build: exit status -11" in text
    assert "worst bad file: file-50mb 1.2 s" in text


def test_a_failure_makes_the_exit_status_1(tmp_path, monkeypatch, capsys):
    def failing(quick: bool):
        area = core.Area("fake")
        area.record("case", ["fake: traceback: ValueError: boom"])
        return area

    monkeypatch.setattr(attack, "AREAS", (failing,))
    assert attack.main(["--quick", "--json", str(tmp_path / "r.json")]) == 1
    assert "| fake | 1 | 1 |" in capsys.readouterr().out
    results = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert results["areas"][0]["failed"] == 1
    monkeypatch.setattr(attack, "AREAS", (lambda quick: core.Area("fine", tried=1),))
    assert attack.main([]) == 0
