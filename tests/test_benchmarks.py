"""The benchmark corpus: deterministic, valid for `timeline check`, and a matching Hugo site.

No timing and no Hugo here: only our generator and run.py's bookkeeping are tested
(benchmarks/run.py measures; docs/performance.md has the figures).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

from timeline.cli import main

REPO = Path(__file__).resolve().parent.parent
EVENTS = 40


def _load(name: str):
    path = REPO / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    saved = list(sys.path)
    sys.path.insert(0, str(path.parent))  # run.py imports generate
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module


generate = _load("generate")


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("corpus")
    return out, generate.generate(out, EVENTS, seed=8)


def test_same_seed_gives_byte_identical_files(corpus, tmp_path):
    out, _ = corpus
    generate.generate(tmp_path, EVENTS, seed=8)
    assert _files(tmp_path / "project") == _files(out / "project")
    assert _files(tmp_path / "hugo") == _files(out / "hugo")


def test_another_seed_gives_another_corpus(corpus, tmp_path):
    out, _ = corpus
    generate.generate(tmp_path, EVENTS, seed=9)
    assert _files(tmp_path / "project") != _files(out / "project")


def test_project_layout_and_sizes(corpus):
    out, summary = corpus
    project = out / "project"
    events = sorted((project / "data" / "events").glob("*.yaml"))
    texts = sorted((project / "seeds").glob("*.txt"))
    assert len(events) == EVENTS == summary["events"]
    assert len(texts) == EVENTS // generate.EVENTS_PER_SOURCE == summary["sources"]
    assert len(list((project / "seeds").glob("*.yaml"))) == len(texts)
    assert (project / "data" / "site.yaml").is_file()
    assert (project / "data" / "places.yaml").is_file()
    for text in texts:
        words = len(text.read_text(encoding="utf-8").split())
        assert 3000 <= words <= 3300


def test_check_reports_no_problem(corpus, capsys):
    out, _ = corpus
    status = main(["check", "--source", str(out / "project"), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == []
    assert (status, report["errors"], report["warnings"]) == (0, 0, 0)
    assert report["events"] == EVENTS
    assert report["quotes"] == 2 * EVENTS


def test_each_event_cites_a_date_and_a_figure(corpus):
    out, _ = corpus
    for path in (out / "project" / "data" / "events").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "supports: [date]" in text
        assert "supports: [figures." in text


def test_hugo_site_has_one_page_per_event_and_source_and_an_index(corpus):
    out, summary = corpus
    hugo = out / "hugo"
    events = list((hugo / "content" / "events").glob("*.md"))
    sources = list((hugo / "content" / "sources").glob("*.md"))
    assert len(events) == summary["events"]
    assert len(sources) == summary["sources"]
    assert (hugo / "content" / "_index.md").is_file()
    assert summary["hugo_pages"] == len(events) + len(sources) + 1
    for layout in ("index.html", "_default/single.html", "_default/baseof.html"):
        assert (hugo / "layouts" / layout).is_file()
    config = (hugo / "config.toml").read_text(encoding="utf-8")
    assert "disableKinds" in config
    # Front matter is JSON: every event page carries its two quotes.
    front = (hugo / "content" / "events" / "event-000000.md").read_text(encoding="utf-8")
    head = json.loads(front.split("\n\n", 1)[0])
    assert len(head["evidence"]) == 2


def test_run_edits_one_event_validly(corpus, tmp_path, capsys):
    run = _load("run")
    out, _ = corpus
    project = tmp_path / "project"
    shutil.copytree(out / "project", project)
    event = sorted((project / "data" / "events").glob("*.yaml"))[0]
    original = run.edit_event(event)
    assert event.read_text(encoding="utf-8") != original
    assert main(["check", "--source", str(project)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_run_reports_ratios_and_targets():
    run = _load("run")
    samples = {
        "hugo": [run.Sample(2.0, 3.0, 500.0), run.Sample(4.0, 5.0, 510.0)],
        "cold": [run.Sample(3.0, 3.0, 800.0)],
        "warm": [run.Sample(2.0, 2.0, 800.0)],
        "edit": [run.Sample(0.2, 0.2, 100.0)],
        "check": [run.Sample(1.0, 1.0, 300.0)],
    }
    result = run.report(samples, {"sources": 2, "words": 6000}, 40, 2, None)
    figures = result["figures"]
    assert figures["hugo"]["wall_median_s"] == 3.0
    assert figures["cold"]["ratio_wall"] == 1.0
    assert figures["cold"]["target_met"] is True
    assert figures["warm"]["target_met"] is False
    assert figures["edit"]["ratio_wall"] == pytest.approx(0.067, abs=0.001)
    assert figures["check"]["peak_rss_mb"] == 300.0


def test_floor_finds_the_files_an_edit_writes_and_times_each_step(capsys):
    """benchmarks/floor.py at 40 events without Hugo: the steps are timed and the files
    the edit wrote anew are those that show the edited event (its page, its neighbours',
    the listings of every event, the dataset), not the whole site."""
    floor = _load("floor")
    assert floor.main(["--events", str(EVENTS), "--repeat", "1", "--no-hugo"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{EVENTS} events, median of 1"
    labels = [line[:60].rstrip() for line in lines[1:6]]
    assert labels[:4] == [
        "start",
        "start, imports of an edit",
        "start, status of every input",
        "start, status of every file of the site",
    ]
    copied = int(labels[4].split()[3])
    assert labels[4].startswith("start, copy the ") and 8 <= copied < EVENTS
    assert all(float(line[60:].split()[0]) > 0 for line in lines[1:6])
    assert lines[6].startswith("floor of an edit (imports, inputs, copy; each start once): ")
    assert "x Hugo" not in "".join(lines)
