"""The built site in a real headless Chromium (Debian's /usr/bin/chromium, no downloads).

A missing browser fails these tests: .ci/run installs it.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from timeline.cli import main

from conftest import REPO

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "site"
    assert main(["build", "--source", str(REPO), "--out", str(out)]) == 0
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", out
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def open_page(browser, url: str):
    """A page that records console errors and every request that left or failed."""
    page = browser.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}"))
    page.goto(url)
    return page


PAGES = [
    "index.html",
    "events/second-war/index.html",
    "sources/el-diario-2023-09-19/index.html",
    "tags/war/index.html",
    "places/stepanakert/index.html",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_its_css_and_nothing_else_fails(browser, site_url, path):
    base, _ = site_url
    page = open_page(browser, base + path)
    assert page.problems == []
    # The stylesheet applied: the body font is not the browser default serif.
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "system-ui" in family
    requested = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert all(url.startswith(base) for url in requested), requested
    page.close()


def test_quote_link_lands_on_the_highlighted_passage_and_back(browser, site_url):
    base, _ = site_url
    page = open_page(browser, base + "events/second-war/index.html")
    first = page.locator("ol.evidence li").first
    quoted = first.locator("blockquote").inner_text().strip()
    first.locator("p.cite a").click()
    page.wait_for_url("**/sources/el-diario-2023-09-19/index.html#q-second-war-0*")
    page.wait_for_load_state()
    assert page.url.startswith(base + "sources/el-diario-2023-09-19/index.html#q-second-war-0")
    # The text directive is the browser's; the page keeps the plain anchor.
    assert page.evaluate("location.hash") == "#q-second-war-0"
    mark = page.locator("#q-second-war-0 + mark")
    assert quoted.startswith(mark.inner_text().strip()[:20])
    assert mark.is_visible()
    box = mark.bounding_box()
    viewport = page.viewport_size
    assert box is not None and 0 <= box["y"] < viewport["height"], "the passage is not in view"
    # The passage's back-reference returns to the quote on the event page.
    page.locator("a.backref[href$='second-war/index.html#evidence-0']").click()
    page.wait_for_url("**/events/second-war/index.html#evidence-0")
    page.wait_for_load_state()
    assert page.url.endswith("events/second-war/index.html#evidence-0")
    assert page.evaluate("document.querySelector(':target').id") == "evidence-0"
    assert page.problems == []
    page.close()


def test_site_works_from_file_urls(browser, site_url):
    _, out = site_url
    page = open_page(browser, (out / "index.html").as_uri())
    page.locator("a", has_text="Second Nagorno-Karabakh War").first.click()
    page.wait_for_url("**/events/second-war/index.html")
    page.wait_for_load_state()
    assert page.url == (out / "events/second-war/index.html").as_uri()
    assert page.locator("h1").inner_text().startswith("Second Nagorno-Karabakh War")
    assert page.problems == []
    page.close()
