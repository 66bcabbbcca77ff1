"""The built HTML, parsed: structure, links, quotes and their way back, and escaping."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, NavigableString

from conftest import REPO, is_own_script, small_project

BASE_PATH = "/nagorno-karabakh/"  # the path of the shipped site's base_url


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The repository's own project, built once for this module."""
    from timeline.cli import main

    root = tmp_path_factory.mktemp("shipped")
    for folder in ("seeds", "data"):
        shutil.copytree(REPO / folder, root / folder)
    out = tmp_path_factory.mktemp("built") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            status = main(["build", "--source", str(root), "--out", str(out)])
    assert status == 0
    return out


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of the site: {"/"-separated path: parsed page}."""
    return {path.relative_to(site).as_posix(): soup(path) for path in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def events(site: Path) -> list[dict]:
    return json.loads((site / "events.json").read_text(encoding="utf-8"))["events"]


@pytest.fixture(scope="module")
def evidence(site: Path) -> list[dict[str, str]]:
    text = (site / "evidence.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resolve(site: Path, page: str, href: str) -> tuple[Path, str]:
    """The file a relative link on `page` points at, and its fragment."""
    parts = urlsplit(href)
    base = (site / page).parent
    target = (base / unquote(parts.path)).resolve() if parts.path else (site / page).resolve()
    return target, parts.fragment


def links(page: BeautifulSoup) -> list[tuple[object, str, str]]:
    """(element, attribute, value) for every href and src on a page."""
    return [
        (element, attr, element[attr])
        for element in page.find_all(True)
        for attr in ("href", "src")
        if element.has_attr(attr)
    ]


def is_allowed_absolute(element, page_path: str) -> bool:
    """Absolute addresses the site means to have: canonical links, a source's original."""
    if element.name == "link" and "canonical" in element.get("rel", []):
        return True
    return (
        page_path.startswith("sources/")
        and element.name == "a"
        and element.parent.name == "p"
        and "meta" in element.parent.get("class", [])
        and element.get_text() == "original"
    )


# -- the index ---------------------------------------------------------------------------


def test_index_lists_every_event_in_date_order_under_year_headings(pages, events):
    index = pages["index.html"]
    articles = index.select("article.event")
    assert [a["id"] for a in articles] == [e["id"] for e in events]
    starts = [a.find("time")["datetime"] for a in articles]
    assert starts == [e["date"].split("/")[0] for e in events]
    assert [s[:10] for s in starts] == sorted(s[:10] for s in starts)
    sections = index.select("section.year")
    assert [s.find("h2").get_text() for s in sections] == ["1988", "1991", "2020", "2022", "2023"]
    for section in sections:
        year = section.find("h2").get_text()
        assert all(t["datetime"].startswith(year) for t in section.select("article.event time")), (
            year
        )
    shown = {a["id"]: a.find("time").get_text() for a in articles}
    assert shown["independence-declaration"] == "2 September 1991"
    assert shown["second-war"] == "27 September – 10 November 2020 (44 days)"
    assert shown["first-war"] == "20 February 1988 – 12 May 1994"


# -- every page --------------------------------------------------------------------------


def test_every_page_has_the_common_structure(pages):
    assert len(pages) > 30
    for path, page in pages.items():
        assert len(page.find_all("h1")) == 1, path
        assert page.find("html")["lang"] == "en", path
        mains = page.find_all("main")
        assert [m.get("id") for m in mains] == ["main"], path
        assert page.body.find("a")["href"] == "#main", path


def test_pages_link_relatively(pages):
    for path, page in pages.items():
        if path == "404.html":  # served at any depth, so it links from the site's base path
            continue
        for element, attr, value in links(page):
            if value.startswith(("/", "http:", "https:")):
                assert is_allowed_absolute(element, path), (path, attr, value)


def test_not_found_page_links_from_the_base_path(pages, site):
    values = [value for _, _, value in links(pages["404.html"]) if not value.startswith("#")]
    assert values
    for value in values:
        if value.startswith("https:"):
            continue  # the canonical link
        assert value.startswith(BASE_PATH), value
        assert (site / value.removeprefix(BASE_PATH)).is_file(), value


def test_every_internal_link_resolves(pages, site):
    checked = 0
    for path, page in pages.items():
        if path == "404.html":
            continue
        for _, _, value in links(page):
            parts = urlsplit(value)
            if parts.scheme or value.startswith("/"):
                continue
            target, fragment = resolve(site, path, value)
            assert target.is_file(), (path, value)
            assert target.is_relative_to(site.resolve()), (path, value)
            anchor = fragment.split(":~:")[0]
            if anchor and target.suffix == ".html":
                assert pages[target.relative_to(site.resolve()).as_posix()].find(id=anchor), (
                    path,
                    value,
                )
            checked += 1
    assert checked > 100


def test_no_external_assets_no_scripts_no_event_handlers(pages):
    for path, page in pages.items():
        for script in page.find_all("script", src=True):
            assert is_own_script(script, path), (path, script)
        for element in page.find_all(["link", "img"]):
            value = element.get("href") or element.get("src") or ""
            if "canonical" in element.get("rel", []):
                continue
            assert not value.startswith(("http:", "https:", "//")), (path, value)
        scripts = [s for s in page.find_all("script") if not is_own_script(s, path)]
        if path.startswith("events/"):
            assert [s.get("type") for s in scripts] == ["application/ld+json"], path
        else:
            assert scripts == [], path
        for element in page.find_all(True):
            assert not [a for a in element.attrs if a.lower().startswith("on")], (path, element)


# -- event pages -------------------------------------------------------------------------


def test_event_pages_carry_schema_org_event(pages, events):
    for event in events:
        page = pages[f"events/{event['id']}/index.html"]
        (script,) = page.find_all("script", type="application/ld+json")
        record = json.loads(script.string)
        assert record["@type"] == "Event"
        assert record["name"] == event["title"]
        ends = event["date"].split("/")
        assert record["startDate"] == ends[0]
        if len(ends) == 2:
            assert record["endDate"] == ends[1]
        else:
            assert "endDate" not in record
    jsonld = {
        e["id"]: json.loads(pages[f"events/{e['id']}/index.html"].find("script").string)
        for e in events
    }
    assert jsonld["independence-declaration"]["startDate"] == "1991-09-02"
    assert (jsonld["second-war"]["startDate"], jsonld["second-war"]["endDate"]) == (
        "2020-09-27",
        "2020-11-10",
    )


def test_every_quote_links_into_its_source_and_back(pages, site, evidence):
    seen = 0
    for row in evidence:
        event_path = f"events/{row['event_id']}/index.html"
        item = pages[event_path].find("li", id=f"evidence-{row['index']}")
        assert item is not None, row
        passage = " ".join(item.blockquote.get_text().split())
        href = item.find("p", class_="cite").a["href"]
        target, fragment = resolve(site, event_path, href)
        assert target == (site / "sources" / row["source_id"] / "index.html").resolve()
        anchor, _, directive = fragment.partition(":~:")
        assert directive.startswith("text="), href
        for term in directive.removeprefix("text=").split(","):
            assert unquote(term) in passage, (term, passage)
        source = pages[f"sources/{row['source_id']}/index.html"]
        assert source.find(id=anchor) is not None, anchor
        back = [
            a
            for a in source.select("a.backref")
            if resolve(site, f"sources/{row['source_id']}/index.html", a["href"])
            == ((site / event_path).resolve(), f"evidence-{row['index']}")
        ]
        assert len(back) == 1, row
        seen += 1
    assert seen == len(evidence) > 40


def test_editorial_dates_are_marked(pages):
    lachin = pages["events/lachin-blockade/index.html"]
    assert lachin.find(class_="editorial") is not None
    assert lachin.find("p", class_="date").find(class_="editorial") is not None
    assert pages["events/second-war/index.html"].find(class_="editorial") is None


# -- source pages ------------------------------------------------------------------------


def marked_text(text_div, anchor: str, backref_href: str) -> str:
    """The highlighted text from a quote's anchor to its backlink, in document order."""
    collected, inside = [], False
    for node in text_div.descendants:
        if not isinstance(node, NavigableString):
            if node.name == "span" and node.get("id") == anchor:
                inside = True
            elif inside and node.name == "a" and node.get("href") == backref_href:
                return "".join(collected)
            continue
        if inside and node.parent.name == "mark":
            collected.append(str(node))
    raise AssertionError(f"no backlink {backref_href} after #{anchor}")


def test_source_pages_highlight_every_quote(pages, evidence):
    repo_seeds = REPO / "seeds"
    sources = sorted({row["source_id"] for row in evidence})
    for source_id in sources:
        with open(repo_seeds / f"{source_id}.txt", encoding="utf-8", newline="") as handle:
            text = handle.read()
        page = pages[f"sources/{source_id}/index.html"]
        div = page.find("div", class_="source-text")
        marks = div.find_all("mark")
        assert marks and all(mark.get_text() in text for mark in marks), source_id
        rows = [row for row in evidence if row["source_id"] == source_id]
        assert len(div.select("span.anchor")) == len(rows), source_id
        for row in rows:
            anchor = f"q-{row['event_id']}-{row['index']}"
            href = f"../../events/{row['event_id']}/index.html#evidence-{row['index']}"
            expected = text[int(row["start"]) : int(row["end"])]
            assert marked_text(div, anchor, href) == expected, row
        share = page.find("p", class_="share").get_text()
        assert re.match(r"\d{1,3}% of this text is quoted as evidence by \d+ events?\.", share)


# -- hostile text ------------------------------------------------------------------------

HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_EVENT = """\
title: "<script>alert(1)</script>"
date: "2023-09-19"
summary: |
  Officials report <img src=x onerror=alert(1)> an offensive.
  See [x](javascript:alert(1)) and <a href="javascript:alert(2)" onclick="alert(3)">this</a>.
tags: [offensive]
places: [Stepanakert, "<b>Bold</b> town"]
evidence:
  - source: article
    quote: "six people were killed"
    supports: [title]
"""


def test_html_in_data_is_escaped_or_sanitised(project, run, tmp_path):
    root = project(
        small_project(
            {
                "data/places.yaml": 'Stepanakert: [Stephanakert]\n"<b>Bold</b> town": []\n',
                "data/events/offensive.yaml": HOSTILE_EVENT,
            }
        )
    )
    out = tmp_path / "hostile-site"
    status, _, stderr = run(["build", "--out", str(out)], cwd=root)
    assert status == 0, stderr
    built = {p.relative_to(out).as_posix(): soup(p) for p in sorted(out.rglob("*.html"))}
    assert "events/offensive/index.html" in built
    for path, page in built.items():
        for script in page.find_all("script"):
            assert is_own_script(script, path) or script.get("type") == "application/ld+json", path
        assert page.find_all(["img", "b"]) == [], path
        for element in page.find_all(True):
            assert not [a for a in element.attrs if a.lower().startswith("on")], path
            href = "".join(element.get("href", "").split()).lower()
            assert not href.startswith("javascript:"), (path, element)
    event = built["events/offensive/index.html"]
    assert event.h1.get_text() == HOSTILE_TITLE
    assert json.loads(event.find("script").string)["name"] == HOSTILE_TITLE
    index_titles = [h3.get_text() for h3 in built["index.html"].select("article.event h3")]
    assert index_titles == [HOSTILE_TITLE]
    places = [p for p in built if p.startswith("places/") and p != "places/stepanakert/index.html"]
    assert len(places) == 1
    assert built[places[0]].h1.get_text() == "Place: <b>Bold</b> town"
