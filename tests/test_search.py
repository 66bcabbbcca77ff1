"""Search: the Pagefind index built with the site, used in headless Chromium over loopback.

Pagefind (`pagefind[bin]`) is a test dependency. The builds without it hide the module
the way Python does for a missing one (None in sys.modules), or use TIMELINE_SEARCH=off.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from test_browser import CHROMIUM, FLAGS, _Quiet

from timeline.search import NOT_INSTALLED

from conftest import small_project

LACHIN = "events/lachin-blockade/index.html"


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve folder on 127.0.0.1; yields its address."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def open_page(browser, url: str):
    """A page that records console errors and failed requests, as in test_browser.

    Chromium asks for /favicon.ico on its own when a page stays open; the site has none.
    """
    page = browser.new_page()
    page.problems = []

    def console(message) -> None:
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            page.problems.append(f"{message.text} {message.location['url']}")

    page.on("console", console)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url}"))
    page.goto(url)
    return page


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def search(page, text: str) -> list[str]:
    """Type text into Pagefind's UI; the addresses of the results it lists."""
    page.wait_for_selector("html[data-search=ready] .pagefind-ui__search-input")
    page.fill(".pagefind-ui__search-input", text)
    page.wait_for_selector(".pagefind-ui__result-link")
    return page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)")


@pytest.fixture
def built(shipped, run, monkeypatch) -> Path:
    monkeypatch.delenv("TIMELINE_SEARCH", raising=False)
    out = shipped.parent / "site"
    status, stdout, _ = run(["build", "--out", str(out)], cwd=shipped)
    assert status == 0
    assert "search:" not in stdout
    return out


def test_build_writes_the_index_and_pagefinds_own_ui(built):
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (built / "pagefind" / name).is_file(), name
    assert (built / "search" / "index.html").is_file()


def test_searching_lachin_finds_the_blockade_and_the_result_opens_it(browser, built):
    with serve(built) as base:
        page = open_page(browser, base + "search/index.html")
        found = search(page, "Lachin")
        assert base + LACHIN in found, found
        # Only event and source pages are indexed, not the lists that repeat their titles.
        assert all(url.startswith((base + "events/", base + "sources/")) for url in found), found
        page.click(f".pagefind-ui__result-link[href$='{LACHIN}']")
        page.wait_for_url(f"**/{LACHIN}*")
        page.wait_for_load_state()
        assert page.url.split("#")[0] == base + LACHIN
        assert "Lachin" in page.locator("h1").inner_text()
        assert page.problems == []
        requested = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        assert all(url.startswith(base) for url in requested), requested
        page.close()


def test_pagefinds_own_api_finds_the_blockade_in_a_subfolder(browser, built, tmp_path):
    # A site published below the host's root: the index must not assume "/".
    (tmp_path / "host").mkdir()
    built.rename(tmp_path / "host" / "nk")
    with serve(tmp_path / "host") as base:
        page = open_page(browser, base + "nk/search/index.html")
        urls = page.evaluate(
            """async () => {
                const pagefind = await import('/nk/pagefind/pagefind.js');
                const search = await pagefind.search('Lachin');
                const data = await Promise.all(search.results.map(r => r.data()));
                return data.map(d => d.url);
            }"""
        )
        assert f"/nk/{LACHIN}" in urls, urls
        assert search(page, "blockade") and page.problems == []
        page.close()


def test_the_search_page_says_when_pagefind_is_not_installed(browser, project, run, monkeypatch):
    monkeypatch.delenv("TIMELINE_SEARCH", raising=False)
    monkeypatch.setitem(sys.modules, "pagefind", None)  # how Python marks a missing module
    root = project()
    out = root.parent / "site"
    status, stdout, stderr = run(["build", "--out", str(out)], cwd=root)
    assert (status, stderr) == (0, "")
    assert stdout.splitlines()[0] == NOT_INSTALLED
    assert NOT_INSTALLED == (
        "search: pagefind is not installed; the site has no search index "
        "(pip install 'pagefind[bin]')"
    )
    assert not (out / "pagefind").exists()
    with serve(out) as base:
        page = open_page(browser, base + "search/index.html")
        page.wait_for_selector("html[data-search=missing]")
        status_line = page.locator("#search-status")
        assert status_line.is_visible()
        assert "built without a search index" in status_line.inner_text()
        assert page.locator("#search-status a").get_attribute("href") == base + "index.html"
        # The only failures are the two Pagefind files that are not there.
        assert all("/pagefind/pagefind-ui." in problem for problem in page.problems), page.problems
        page.close()


def test_timeline_search_off_builds_without_the_index_quietly(project, run, monkeypatch):
    monkeypatch.setenv("TIMELINE_SEARCH", "off")
    root = project()
    out = root.parent / "site"
    status, stdout, stderr = run(["build", "--out", str(out)], cwd=root)
    assert (status, stderr) == (0, "")
    assert stdout.startswith(f"built {out}/: 1 event, 1 source, ")
    assert not (out / "pagefind").exists()
    assert (out / "search" / "index.html").is_file()


def test_the_search_page_explains_itself_without_javascript_or_http(browser, built):
    with serve(built) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "search/index.html")
        assert "Search needs JavaScript" in page.locator("main").inner_text()
        context.close()
    page = open_page(browser, (built / "search" / "index.html").as_uri())
    page.wait_for_selector("#search-status:not([hidden])")
    assert "served over HTTP" in page.locator("#search-status").inner_text()
    assert page.problems == []
    page.close()


def test_every_page_links_to_search_and_only_events_and_sources_are_indexed(built):
    from bs4 import BeautifulSoup

    for page in built.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if page.name != "404.html":
            link = soup.select_one("header nav a[href$='search/index.html']")
            assert link is not None and link.get_text() == "Search", page
        kind = page.relative_to(built).parts[0]
        marked = soup.select("[data-pagefind-body]")
        assert len(marked) == (1 if kind in ("events", "sources") else 0), page


def test_the_index_is_byte_identical_from_build_to_build(shipped, run, monkeypatch, tmp_path):
    monkeypatch.delenv("TIMELINE_SEARCH", raising=False)
    # Several builds: Pagefind 1.5.2's filter files come out in a varying order, which
    # is why the templates set no data-pagefind-filter; this catches any such return.
    indexes = []
    for number in range(4):
        out = tmp_path / str(number)
        assert run(["build", "--out", str(out)], cwd=shipped)[0] == 0
        indexes.append(tree(out / "pagefind"))
    assert len(indexes[0]) > 10
    assert all(index == indexes[0] for index in indexes)


def test_a_result_excerpt_shows_markup_from_data_as_text(browser, project, run, monkeypatch):
    monkeypatch.delenv("TIMELINE_SEARCH", raising=False)
    payload = "zebrafish <img src=x onerror=window.__xss=1> zebrafish"
    summary = payload.replace('"', '\\"')
    event = small_project()["data/events/offensive.yaml"].replace(
        "summary: Officials report an offensive.", f'summary: "{summary}"'
    )
    root = project(small_project({"data/events/offensive.yaml": event}))
    out = root.parent / "site"
    assert run(["build", "--out", str(out)], cwd=root)[0] == 0
    with serve(out) as base:
        page = open_page(browser, base + "search/index.html")
        assert search(page, "zebrafish") == [base + "events/offensive/index.html"]
        page.wait_for_selector(".pagefind-ui__result-excerpt mark")
        excerpt = page.locator(".pagefind-ui__result-excerpt").inner_text()
        assert "<img src=x onerror=window.__xss=1>" in excerpt  # shown as text
        assert page.evaluate("window.__xss") is None
        assert page.locator(".pagefind-ui__results img").count() == 0
        page.close()
