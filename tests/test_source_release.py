"""A build lets go of the source texts once the quotes are checked (a big site's memory)
and reads a text again for its own page only: the page must show what was checked."""

from __future__ import annotations

import pickle

import pytest
from bs4 import BeautifulSoup

from timeline.commands.build import BuildError, render_site
from timeline.dataset import load_project
from timeline.problems import FileChanged

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
    with pytest.raises(FileChanged) as raised:
        source.text  # noqa: B018
    assert str(raised.value.problem) == (
        "seeds/el-diario-2023-09-19.txt:1:1: error: "
        "changed while timeline was running; run it again"
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
    with pytest.raises(FileChanged):
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
        "changed while timeline was running; run it again"
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


# -- sources known from the check cache: not read until something asks for their text ----


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(folder))
    monkeypatch.delenv("TIMELINE_CACHE", raising=False)
    return folder


def test_unchanged_sources_come_from_the_cache_unread(shipped, cache_dir):
    first = load_project(str(shipped))
    assert all("text" in source.__dict__ for source in first.dataset.sources.values())
    again = load_project(str(shipped))
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]
    assert again.dataset.sources.keys() == first.dataset.sources.keys()
    for source_id, source in again.dataset.sources.items():
        assert "text" not in source.__dict__
        assert source == first.dataset.sources[source_id]  # text and metadata alike
        path = shipped / "seeds" / f"{source_id}.txt"
        assert source.text == path.read_text(encoding="utf-8")


def test_a_site_built_from_sources_known_so_is_the_same(shipped, cache_dir, tmp_path):
    render_site(
        load_project(str(shipped)).dataset,
        str(tmp_path / "a"),
        root=str(shipped),
        display_root=".",
        keep_previous=False,
    )
    known = load_project(str(shipped)).dataset
    render_site(
        known, str(tmp_path / "b"), root=str(shipped), display_root=".", keep_previous=False
    )
    a, b = tmp_path / "a", tmp_path / "b"
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert [p for p in files if (a / p).read_bytes() != (b / p).read_bytes()] == []


def test_an_edited_source_is_read_and_its_quotes_checked_again(shipped, cache_dir):
    assert not [p for p in load_project(str(shipped)).problems if p.is_error]
    path = shipped / "seeds" / "el-diario-2023-09-19.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Azerbaijan", "Azerbaiyán"), encoding="utf-8")
    again = load_project(str(shipped))
    assert "text" in again.dataset.sources["el-diario-2023-09-19"].__dict__
    errors = [p for p in again.problems if p.is_error]
    assert errors and all(p.path.startswith("data/events/") for p in errors)
    assert any("not found" in p.message or "Azerbaijan" in p.message for p in errors)


def test_so_is_a_source_whose_metadata_changed(shipped, cache_dir):
    load_project(str(shipped))
    path = shipped / "seeds" / "el-diario-2023-09-19.yaml"
    meta = path.read_text(encoding="utf-8")
    path.write_text(meta.replace("language: en\n", "language: en-GB\n"), encoding="utf-8")
    again = load_project(str(shipped)).dataset.sources["el-diario-2023-09-19"]
    assert "text" in again.__dict__
    assert again.language == "en-GB"


def test_a_known_source_changed_before_its_text_is_read_is_an_error(shipped, cache_dir):
    load_project(str(shipped))
    source = load_project(str(shipped)).dataset.sources["el-diario-2023-09-19"]
    path = shipped / "seeds" / "el-diario-2023-09-19.txt"
    path.write_text(path.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    with pytest.raises(FileChanged):
        source.normal  # noqa: B018
