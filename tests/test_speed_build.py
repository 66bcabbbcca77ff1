"""What the speed work promises besides the bytes (the golden site checks those)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import timeline.markup
from timeline.commands.build import site_files
from timeline.dataset import load_project
from timeline.site import SiteBuilder

from conftest import REPO


def test_each_summary_is_rendered_once_per_build(monkeypatch):
    data = load_project(str(REPO)).dataset
    rendered: Counter[str] = Counter()
    render = timeline.markup.render_markdown.__wrapped__

    def counting(text: str) -> str:
        rendered[text] += 1
        return render(text)

    monkeypatch.setattr(timeline.markup, "render_markdown", counting)
    files = list(site_files(SiteBuilder(data, templates=str(REPO / "site_templates"))))
    assert files
    summaries = Counter(event.summary for event in data.events)
    assert {text: rendered[text] for text in summaries} == summaries


def test_streamed_pages_are_the_listed_pages():
    data = load_project(str(REPO)).dataset
    builder = SiteBuilder(data, templates=None)
    assert list(builder.iter_pages()) == builder.pages()


def test_check_loads_no_site_machinery():
    code = (
        "import sys, timeline.cli as cli; cli.main(['check', '--source', sys.argv[1]]);"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'jinja2', 'markdown', 'nh3', 'watchfiles', 'markupsafe'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
