"""A build lets go of the source texts once the quotes are checked (a big site's memory)
and reads a text again for its own page only: the page must show what was checked."""

from __future__ import annotations

import pickle

import pytest
from bs4 import BeautifulSoup

from timeline.commands.build import BuildError, render_site
from timeline.dataset import load_project
from timeline.sources import SourceChanged

from conftest import REPO


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("TIMELINE_SEARCH", "off")
    monkeypatch.setenv("TIMELINE_CACHE", "off")


def test_a_released_text_is_read_again_as_it_was(shipped):
    data = load_project(str(shipped)).dataset
    source = data.sources["el-diario-2023-09-19"]
    text = source.text
    source.release_text()
    assert "text" not in source.__dict__
    assert source.text == text
    assert source.line_col(len(text)) == (text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1)


def test_a_text_changed_after_the_check_is_an_error_not_a_page(shipped):
    data = load_project(str(shipped)).dataset
    source = data.sources["el-diario-2023-09-19"]
    source.release_text()
    path = shipped / "seeds" / "el-diario-2023-09-19.txt"
    path.write_text(path.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    with pytest.raises(SourceChanged) as raised:
        source.text  # noqa: B018
    assert str(raised.value.problem) == (
        "seeds/el-diario-2023-09-19.txt:1:1: error: "
        "changed while the site was being built; build again"
    )
    # As it comes back from the second process of a build.
    assert pickle.loads(pickle.dumps(raised.value)).problem == raised.value.problem


def test_so_is_a_changed_metadata_file(shipped):
    data = load_project(str(shipped)).dataset
    source = data.sources["el-diario-2023-09-19"]
    source.release_text()
    (shipped / "seeds" / "el-diario-2023-09-19.yaml").write_text(
        (REPO / "seeds" / "el-diario-2023-09-19.yaml").read_text(encoding="utf-8") + "\n# x\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceChanged):
        source.text  # noqa: B018


def test_a_build_whose_source_changes_midway_fails_and_leaves_the_site(shipped, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "kept.html").write_text("before", encoding="utf-8")
    data = load_project(str(shipped)).dataset
    (shipped / "seeds" / "wikipedia-2020-ceasefire.txt").write_text("Other.\n", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        render_site(data, str(out), root=str(shipped), display_root=".")
    assert str(raised.value.problem) == (
        "seeds/wikipedia-2020-ceasefire.txt:1:1: error: "
        "changed while the site was being built; build again"
    )
    assert [p.name for p in out.iterdir()] == ["kept.html"]


def test_a_build_lets_go_of_every_text_and_shows_each(shipped, tmp_path):
    data = load_project(str(shipped)).dataset
    texts = {source.id: source.text for source in data.sources.values()}
    render_site(data, str(tmp_path / "site"), root=str(shipped), display_root=".")
    assert all("text" not in source.__dict__ for source in data.sources.values())
    for source_id, text in texts.items():
        page = (tmp_path / "site" / "sources" / source_id / "index.html").read_text("utf-8")
        shown = BeautifulSoup(page, "html.parser").select_one("div.source-text")
        for backref in shown.select("a.backref"):
            backref.decompose()
        assert shown.get_text() == text
