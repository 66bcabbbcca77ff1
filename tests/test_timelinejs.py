"""timeline.json: the precision we have, and the real TimelineJS3 loading it in Chromium.

TimelineJS comes from node_modules (`npm ci`), is given a local script_path and no
web fonts, and every request that leaves the loopback fails the test.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from timeline.timelinejs import slide_id

from conftest import EVENT, REPO, small_project

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
DIST = REPO / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>timeline.json</title>
<link rel="stylesheet" href="tl/css/timeline.css"></head>
<body><div id="tl" style="width: 1000px; height: 650px"></div>
<script src="tl/js/timeline.js"></script>
<script>
fetch("timeline.json").then(r => r.json()).then(data => {
  window.timeline = new TL.Timeline("tl", data, {script_path: "/tl/js/", font: null});
  window.timeline.on("ready", () => { window.ready = true; });
});
</script></body></html>
"""


def dated(date: str, title: str = "An event") -> str:
    """The small project's event with another date (its evidence no longer supports one)."""
    event = EVENT.replace('date: "2023-09-19"', f'date: "{date}"')
    event = event.replace("title: The offensive begins", f"title: {title}")
    return event.replace("supports: [date]", "supports: [title]")


def export(project, run, events: dict[str, str]) -> dict:
    files = {"data/events/offensive.yaml": None}
    files |= {f"data/events/{name}.yaml": text for name, text in events.items()}
    status, out, err = run(["export", "--format", "timelinejs"], cwd=project(small_project(files)))
    assert status == 0, err
    return json.loads(out)


def test_dates_carry_only_the_precision_written(project, run):
    document = export(
        project,
        run,
        {
            "year": dated("1991"),
            "month": dated("1991-09"),
            "decade": dated("199X"),
            "about": dated("1992~"),
            "span": dated("2020-09-27/2020-11-10"),
            "same": dated("2021-05/2021-05"),
            "ongoing": dated("2022-12-12/.."),
        },
    )
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    assert slides["year"]["start_date"] == {"year": 1991}
    assert slides["month"]["start_date"] == {"year": 1991, "month": 9}
    assert slides["decade"]["start_date"] == {"year": 1990, "display_date": "the 1990s"}
    assert slides["decade"]["display_date"] == "the 1990s"
    assert slides["about"]["start_date"] == {"year": 1992, "display_date": "about 1992"}
    assert slides["about"]["display_date"] == "about 1992"
    assert "display_date" not in slides["year"] and "end_date" not in slides["year"]
    assert slides["span"]["end_date"] == {"year": 2020, "month": 11, "day": 10}
    assert "end_date" not in slides["same"]
    assert "end_date" not in slides["ongoing"]
    assert slides["ongoing"]["display_date"] == "since 12 December 2022 (ongoing)"
    eras = [(era["start_date"], era["text"]["headline"]) for era in document["eras"]]
    assert eras == [({"year": 2020, "month": 9, "day": 27}, "An event")]


def test_headlines_are_escaped_and_text_cites_the_sources(project, run):
    document = export(project, run, {"war": dated("2020", 'The "war" & <its> end')})
    assert document["title"]["text"]["headline"] == "Test timeline"
    slide = document["events"][0]
    assert slide["text"]["headline"] == 'The "war" &amp; &lt;its&gt; end'
    assert slide["group"] == "offensive"
    text = slide["text"]["text"]
    assert text.startswith("<p>Officials report an offensive.</p>")
    assert 'Sources: <a href="https://example.org/t/sources/article/">' in text
    assert "Test News, \u201cTest article\u201d (2023-09-19)</a>" in text
    assert '<a href="https://example.org/t/events/war/">' in text


def test_slide_ids_survive_timelinejs_rewriting():
    taken = {"timeline-title"}
    assert slide_id("first-war", taken) == "first-war"
    assert slide_id("2023-offensive", taken) == "event-2023-offensive"
    assert slide_id("a--b", taken) == "event-a-b"
    assert slide_id("event-a-b", taken) == "event-a-b-2"
    assert slide_id("timeline-title", taken) == "timeline-title-2"


# -- the real TimelineJS3 ----------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served(shipped: Path, run, tmp_path: Path):
    assert (DIST / "js" / "timeline.js").is_file(), "run npm ci: TimelineJS3 is missing"
    out = tmp_path / "site"
    assert run(["build", "--out", str(out)], cwd=shipped)[0] == 0
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(out / "timeline.json", root / "timeline.json")
    shutil.copytree(DIST, root / "tl")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield (
        f"http://127.0.0.1:{server.server_address[1]}/",
        json.loads((out / "timeline.json").read_text(encoding="utf-8")),
    )
    server.shutdown()


def test_timelinejs_shows_one_slide_per_event_offline(served):
    url, document = served
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))

        def only_loopback(route):
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                problems.append(f"left the machine: {route.request.url}")
                route.abort()

        page.route("**/*", only_loopback)
        page.goto(url)
        page.wait_for_function("window.ready === true", timeout=20_000)
        slides = page.locator(".tl-slide").count()
        titles = page.locator(".tl-slide-titleslide").count()
        markers = page.eval_on_selector_all(".tl-timemarker", "els => els.map(e => e.id)")
        eras = page.locator(".tl-timeera").count()
        errors = page.evaluate("window.timeline.config.getErrors()")
        headline = page.locator("#second-war .tl-headline").first.inner_text()
        browser.close()
    ids = [slide["unique_id"] for slide in document["events"]]
    assert len(ids) == 10
    assert slides == len(ids) + 1 and titles == 1
    assert markers == [f"{i}-marker" for i in ids]
    assert eras == len(document["eras"]) == 4
    assert errors == []
    assert headline == 'Second Nagorno-Karabakh War (the "44-day war")'
    assert problems == []
