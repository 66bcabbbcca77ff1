"""No script from data ever runs: a corpus of XSS payloads in every free-text field.

Each payload of tests/xss/payloads.txt is planted in every field that takes free text
(FIELDS), the project is built, and every page is loaded in headless Chromium, where a
payload that ran would open a dialog, set window.__xss or set the title to "XSS". The
pages are also parsed: the only scripts are JSON-LD, no attribute is an event handler and
no address is javascript:, data: or vbscript:. Fields with a fixed form (tags, ids, urls,
language) refuse the payloads with a located error instead. Every page kind, of the
shipped site and of the payload sites, passes the Nu HTML Checker without a message.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import subprocess
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright
from test_browser import CHROMIUM, FLAGS, _Quiet

from timeline.cli import main
from timeline.markup import ALLOWED_TAGS

from conftest import REPO, small_project, write_project

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "xss" / "payloads.txt")
    .read_text(encoding="utf-8")
    .split("\n")
    if line.strip()
]
FIELDS = (
    "site.title",
    "site.description",
    "places: canonical name",
    "places: spelling variant",
    "event title",
    "event summary (Markdown)",
    "event places",
    "evidence quote",
    "source text",
    "source title",
    "source publisher",
    "source note (Markdown)",
    "source license",
)
PROBLEM = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning): [^\n]+$")
SHIPPED_SCRIPTS = {p.name for p in (REPO / "site_templates" / "static").glob("*.js")}
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar holding exactly `value` (JSON, line separators escaped)."""
    text = json.dumps(value, ensure_ascii=False)
    for char in "\u0085\u2028\u2029\ufeff":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def payload_project(payload: str) -> dict[str, str]:
    """A two-event project with `payload` in every free-text field."""
    p = yaml_text(payload)
    event = (
        f'title: {p}\ndate: "2023-09-19"\nsummary: {p}\ntags: [xss]\nplaces: [{p}]\n'
        "evidence:\n"
        f"  - source: article\n    quote: {p}\n    supports: [title]\n"
        '  - source: article\n    quote: "On 19 September 2023 it began"\n    supports: [date]\n'
    )
    other = (
        'title: Plain neighbour\ndate: "2023-09-20"\ntags: [xss]\nevidence:\n'
        '  - source: article\n    quote: "it began"\n'
    )
    return {
        "data/site.yaml": (
            f'title: {p}\ndescription: {p}\nbase_url: "https://example.org/x/"\nlanguage: en\n'
        ),
        "data/places.yaml": f"{p}: [{yaml_text(payload + ' variant')}]\n",
        "seeds/article.txt": f"Intro.\n{payload}\nOn 19 September 2023 it began.\n",
        "seeds/article.yaml": (
            f'title: {p}\npublisher: {p}\npublished: "2023-09-19"\nlanguage: en\n'
            f'note: {p}\nlicense: {p}\nurl: "https://example.org/article"\n'
        ),
        "data/events/xss.yaml": event,
        "data/events/other.yaml": other,
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Path:
    """Folder 0..n-1: one built site per payload; folder "shipped": the shipped site."""
    top = tmp_path_factory.mktemp("xss")
    assert main(["build", "--source", str(REPO), "--out", str(top / "shipped")]) == 0
    for number, payload in enumerate(PAYLOADS):
        root = write_project(top / f"project{number}", payload_project(payload))
        status = main(["build", "--source", str(root), "--out", str(top / str(number))])
        assert status == 0, f"payload {number} {payload!r} did not build"
    return top


def payload_pages(sites: Path, skip: tuple[str, ...] = ()) -> list[Path]:
    return sorted(
        page
        for number in range(len(PAYLOADS))
        for page in (sites / str(number)).rglob("*.html")
        if not set(skip) & set(page.relative_to(sites).parts)
    )


def test_the_corpus_is_large_and_every_page_kind_is_built(sites):
    assert len(PAYLOADS) >= 40
    site = sites / "0"
    kinds = {"index.html", "404.html", "events", "sources", "tags", "places"}
    assert kinds <= {path.name for path in site.iterdir()}
    assert len(payload_pages(sites)) == len(PAYLOADS) * 8  # search/index.html too


def test_no_payload_runs_in_chromium(sites):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    handler = functools.partial(_Quiet, directory=str(sites))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    ran: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            page.on("dialog", lambda dialog: (ran.append(page.url), dialog.dismiss()))
            # The other pages repeat these templates (list.html, the pager) with the same values.
            for path in payload_pages(sites, skip=("other", "tags")):
                page.goto(base + path.relative_to(sites).as_posix())
                # Let autofocus, toggle and error events fire before looking.
                page.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
                found = page.evaluate(
                    """() => ({
                        marker: window.__xss !== undefined || document.title === 'XSS',
                        scripts: [...document.scripts].filter(
                            s => s.type !== 'application/ld+json'
                            && !/[/](static|pagefind)[/][a-z0-9_-]+[.]js$/.test(s.src)).length,
                        handlers: [...document.querySelectorAll('*')].flatMap(
                            e => [...e.attributes].map(a => a.name)).filter(
                            n => n.startsWith('on')).length,
                    })"""
                )
                if found["marker"]:
                    ran.append(page.url)
                assert (found["scripts"], found["handlers"]) == (0, 0), page.url
            browser.close()
    finally:
        server.shutdown()
    tried = len(PAYLOADS) * len(FIELDS)
    print(
        f"\nXSS: {len(PAYLOADS)} payloads x {len(FIELDS)} fields = {tried} tried, "
        f"{len(ran)} executed"
    )
    assert ran == []


def allowed_tags(sites: Path) -> set[str]:
    """The elements the templates write (seen in the shipped site) and sanitised Markdown."""
    tags = set(ALLOWED_TAGS)
    for page in (sites / "shipped").rglob("*.html"):
        tags |= {tag.name for tag in BeautifulSoup(page.read_text("utf-8"), "html.parser")(True)}
    return tags


def test_pages_hold_no_script_handler_or_script_address_from_data(sites):
    allowed = allowed_tags(sites)
    for page in payload_pages(sites):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup("script"):
            if script.get("src"):  # the site's own scripts, from static/, never from data
                root = "../" * (len(page.relative_to(sites).parts) - 2)
                assert script.get("src") in {root + "static/" + n for n in SHIPPED_SCRIPTS}, page
                assert not script.string, page
                continue
            assert script.get("type") == "application/ld+json", page
            record = json.loads(script.string)
            if page.parts[-3:-1] == ("events", "xss"):
                payload = PAYLOADS[int(page.parents[2].name)]
                assert record["name"] == payload  # the safe serialisation loses nothing
        for tag in soup(True):
            assert tag.name in allowed, (page, tag.name)
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (page, tag)
                assert name != "style", (page, tag)
                if name in ("href", "src", "action", "formaction", "data"):
                    address = re.sub(r"[\s\x00-\x1f]", "", str(value)).lower()
                    assert not address.startswith(("javascript:", "data:", "vbscript:")), page
                    if tag.name == "a" and address.startswith(("http:", "https:", "//")):
                        assert {"noopener", "nofollow"} <= set(tag.get("rel") or ()), tag


def test_feeds_and_sitemaps_stay_well_formed(sites):
    atom = "{http://www.w3.org/2005/Atom}"
    for number, payload in enumerate(PAYLOADS):
        feed = ET.parse(sites / str(number) / "feed.xml").getroot()
        assert feed.find(f"{atom}title").text == payload
        entries = feed.findall(f"{atom}entry")
        assert [entry.find(f"{atom}title").text for entry in entries][-1] == payload
        for entry in entries:
            assert list(entry.find(f"{atom}title")) == []
            assert list(entry.find(f"{atom}summary")) == []  # HTML stays escaped text
        ET.parse(sites / str(number) / "sitemap.xml")


REFUSING = {
    "tags": lambda p: {
        "data/events/offensive.yaml": small_project()["data/events/offensive.yaml"].replace(
            "tags: [offensive]", f"tags: [{yaml_text(p)}]"
        )
    },
    "figure name": lambda p: {
        "data/events/offensive.yaml": small_project()["data/events/offensive.yaml"].replace(
            "killed: 6", f"{yaml_text(p)}: 6"
        )
    },
    "evidence source": lambda p: {
        "data/events/offensive.yaml": small_project()["data/events/offensive.yaml"].replace(
            "source: article", f"source: {yaml_text(p)}", 1
        )
    },
    "site base_url": lambda p: {
        "data/site.yaml": small_project()["data/site.yaml"].replace(
            '"https://example.org/t/"', yaml_text("https://example.org/" + p)
        )
    },
    "site language": lambda p: {
        "data/site.yaml": small_project()["data/site.yaml"].replace(
            "language: en", f"language: {yaml_text(p)}"
        )
    },
    "source url": lambda p: {
        "seeds/article.yaml": small_project()["seeds/article.yaml"]
        + f"url: {yaml_text('https://example.org/' + p)}\n"
    },
    "source language": lambda p: {
        "seeds/article.yaml": small_project()["seeds/article.yaml"].replace(
            "language: en", f"language: {yaml_text(p)}"
        )
    },
}


@pytest.mark.parametrize("field", REFUSING)
def test_fields_with_a_fixed_form_refuse_payloads_with_a_located_error(run, project, field):
    refused = 0
    for payload in PAYLOADS:
        if re.fullmatch(r"[^\s\"'<>\\^`{|}]+", payload) and "url" in field:
            continue  # an address may hold these characters; it is escaped (above)
        status, out, err = run(["check"], cwd=project(small_project(REFUSING[field](payload))))
        lines = out.splitlines()
        assert (status, err) == (1, ""), (field, payload, out)
        assert all(PROBLEM.match(line) for line in lines[:-1]), lines
        assert any(": error: " in line for line in lines), lines
        refused += 1
    assert refused >= len(PAYLOADS) - 5


def test_every_page_kind_is_valid_html(sites):
    assert VNU.is_file(), f"{VNU} is missing: npm ci"
    pages = [str(p) for p in sorted((sites / "shipped").rglob("*.html"))]
    pages += [str(p) for p in payload_pages(sites)]
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    complaints = [
        f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] != "info" or m.get("subType") == "warning"
    ]
    print(f"\nvnu: {len(pages)} pages, {len(complaints)} errors and warnings")
    assert complaints == []
    assert result.returncode == 0
