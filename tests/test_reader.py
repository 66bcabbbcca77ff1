"""The reader's site in headless Chromium: filters, no-JavaScript reading, accessibility."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import sync_playwright
from test_browser import CHROMIUM, FLAGS, _Quiet

from timeline.cli import main

from conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGE_KINDS = [
    "index.html",
    "events/second-war/index.html",
    "events/landmine-explosions/index.html",
    "sources/el-diario-2023-09-19/index.html",
    "tags/war/index.html",
    "places/stepanakert/index.html",
    "404.html",
]


def shipped_events() -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((REPO / "data" / "events").glob("*.yaml"))
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("reader") / "site"
    assert main(["build", "--source", str(REPO), "--out", str(out)]) == 0
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", out
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def visible_ids(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('.timeline li[data-tags]')]"
        ".filter(li => li.offsetParent !== null).map(li => li.querySelector('article').id)"
    )


def timeline_order(out: Path) -> list[str]:
    return [event["id"] for event in json.loads((out / "events.json").read_text())["events"]]


def test_without_javascript_every_event_shows_in_order(browser, site):
    base, out = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "index.html")
    assert visible_ids(page) == timeline_order(out)
    assert not page.locator("#filters").is_visible()
    context.close()


def test_filtering_by_tag_shows_exactly_its_events_and_the_url_says_so(browser, site):
    base, out = site
    page = browser.new_page()
    page.goto(base + "index.html")
    assert page.locator("#filters").is_visible()
    assert visible_ids(page) == timeline_order(out)
    page.select_option("select[name=tag]", "war")
    tagged = [e for e in timeline_order(out) if "war" in (shipped_events()[e].get("tags") or [])]
    assert tagged == ["first-war", "second-war"]
    assert visible_ids(page) == tagged
    assert page.url == base + "index.html?tag=war"
    assert page.locator("#filter-status").inner_text() == f"2 of {len(timeline_order(out))} events"
    # Years with nothing left are hidden too.
    assert page.locator(".year:not([hidden]) h2").all_inner_texts() == ["1988", "2020"]
    page.click("button[type=reset]")
    page.wait_for_function("document.querySelectorAll('.timeline li[hidden]').length === 0")
    assert visible_ids(page) == timeline_order(out)
    assert page.url == base + "index.html"
    page.close()


def test_a_shared_filtered_url_opens_filtered(browser, site):
    base, _ = site
    page = browser.new_page()
    page.goto(base + "index.html?place=lachin-corridor&decade=2020s")
    assert page.locator("select[name=place]").input_value() == "lachin-corridor"
    places = {e: d.get("places") or [] for e, d in shipped_events().items()}
    expected = {e for e, p in places.items() if {"Lachin corridor", "Lachine"} & set(p)}
    assert set(visible_ids(page)) == expected and expected
    # An unknown value is ignored rather than hiding everything.
    page.goto(base + "index.html?tag=nonsense")
    assert len(visible_ids(page)) == len(shipped_events())
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page_kind(browser, site, scheme):
    base, _ = site
    assert AXE.exists(), "run npm ci: axe-core is a test tool in package.json"
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    for path in PAGE_KINDS:
        page.goto(base + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        assert violations == [], (scheme, path)
    context.close()


def test_pages_fit_a_320_pixel_screen(browser, site):
    base, _ = site
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in PAGE_KINDS:
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (path, width)
    context.close()


def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus_to_main(browser, site):
    base, _ = site
    page = browser.new_page()
    page.goto(base + "events/second-war/index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-999px"
    page.keyboard.press("Enter")
    # Following an in-page link is asynchronous in Chromium: wait for it, then check.
    page.wait_for_url("**/events/second-war/index.html#main", timeout=10_000)
    assert page.url.endswith("#main")
    page.close()
