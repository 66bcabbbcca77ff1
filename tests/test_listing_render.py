"""Listing items rendered once per page depth: a project's own templates still decide them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote as urlquote

import jinja2
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from timeline.pages import environment
from timeline.pagetext import text_fragment

from conftest import REPO, small_project, write_project

# A project's own listing item: other markup, and every value of its context on show.
CUSTOM_ITEM = (
    '<article class="custom" id="{{ item.id }}" data-root="{{ root }}"'
    ' data-site="{{ site.title }}"><a href="{{ root }}{{ item.href }}">{{ item.title }}</a>'
    "</article>\n"
)

# _partials/timeline.html as it was before items were rendered once per depth: a project
# may have copied it, and it must keep working.
INCLUDE_STYLE_TIMELINE = """\
<div class="timeline">
{% for year, items in groups %}
<section class="year" aria-labelledby="y-{{ year }}">
  <h2 id="y-{{ year }}">{{ year }}</h2>
  <ol class="events">
  {% for item in items %}
    <li data-tags="{{ item.tag_slugs }}" data-places="{{ item.place_slugs }}" \
data-decades="{{ item.decades }}">{% include "_partials/event_item.html" %}</li>
  {% endfor %}
  </ol>
</section>
{% endfor %}
</div>
"""


@pytest.fixture(autouse=True)
def _quiet_build(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("TIMELINE_SEARCH", "off")  # no Pagefind index: faster, not needed


def build(run, root: Path, out: Path) -> Path:
    status, _, stderr = run(["build", "--out", str(out)], cwd=root)
    assert status == 0, stderr  # the shipped project's editorial dates are warned about
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def listing_pages(site: Path) -> list[Path]:
    """The pages that list events: the timeline, then every tag and place page."""
    pages = [site / "index.html"]
    for kind in ("tags", "places"):
        pages += sorted((site / kind).glob("*/index.html"))
    assert len(pages) > 3
    return pages


def html_tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_an_overridden_event_item_renders_every_listed_event(shipped, run, tmp_path):
    write_project(shipped, {"site_templates/_partials/event_item.html": CUSTOM_ITEM})
    site = build(run, shipped, tmp_path / "site")
    data = json.loads((site / "events.json").read_text(encoding="utf-8"))
    titles = {event["id"]: event["title"] for event in data["events"]}
    index_items = soup(site / "index.html").select("ol.events > li")
    assert [li.article["id"] for li in index_items] == list(titles)
    slugs = {
        "tags": {li.article["id"]: li["data-tags"].split() for li in index_items},
        "places": {li.article["id"]: li["data-places"].split() for li in index_items},
    }
    for page in listing_pages(site):
        relative = page.relative_to(site).as_posix()
        parsed = soup(page)
        assert parsed.select("article.event") == [], relative  # the shipped item is not used
        items = parsed.select("ol.events > li")
        ids = [li.article["id"] for li in items]
        if relative == "index.html":
            root, expected = "", list(titles)
        else:
            kind, slug = relative.split("/")[:2]
            root, expected = "../../", [i for i in titles if slug in slugs[kind][i]]
        assert ids == expected, relative
        for li in items:
            assert [child.name for child in li.find_all(recursive=False)] == ["article"]
            article = li.article
            assert article["class"] == ["custom"]
            assert (article["data-root"], article["data-site"]) == (root, data["title"])
            link = article.a
            assert link.get_text() == titles[article["id"]]
            assert link["href"] == f"{root}events/{article['id']}/index.html"
            assert (page.parent / link["href"]).resolve().is_file()


def test_a_project_timeline_that_includes_the_item_itself_still_works(shipped, run, tmp_path):
    plain = html_tree(build(run, shipped, tmp_path / "plain"))
    write_project(shipped, {"site_templates/_partials/timeline.html": INCLUDE_STYLE_TIMELINE})
    included = html_tree(build(run, shipped, tmp_path / "included"))
    assert included == plain
    listed = soup(tmp_path / "included" / "index.html").select("ol.events > li > article.event")
    assert len(listed) == 10


def test_an_event_item_of_its_own_with_the_include_style_timeline(shipped, run, tmp_path):
    write_project(
        shipped,
        {
            "site_templates/_partials/timeline.html": INCLUDE_STYLE_TIMELINE,
            "site_templates/_partials/event_item.html": CUSTOM_ITEM,
        },
    )
    site = build(run, shipped, tmp_path / "site")
    for page in listing_pages(site):
        parsed = soup(page)
        assert parsed.select("ol.events > li")
        assert len(parsed.select("ol.events > li")) == len(parsed.select("li > article.custom"))


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The names of the templates rendered, in order, each time one is."""
    names: list[str] = []
    new_context = jinja2.Template.new_context  # each rendering of a template starts here

    def counting(self, *args, **kwargs):
        names.append(self.name)
        return new_context(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "new_context", counting)
    return names


def test_each_item_is_rendered_once(shipped, run, tmp_path, rendered):
    site = build(run, shipped, tmp_path / "site")
    events = json.loads((site / "events.json").read_text(encoding="utf-8"))["events"]
    listed_below_top = [e for e in events if e["tags"] or e["places"]]
    assert listed_below_top
    listings = sum(len(soup(page).select("ol.events > li")) for page in listing_pages(site))
    items = rendered.count("_partials/event_item.html")
    # Once: the shipped partials write `root` only as it is, so one line serves every depth.
    assert items == len(events)
    assert items < listings


def test_an_item_that_tests_root_is_rendered_per_depth(shipped, run, tmp_path, rendered):
    asks_root = (
        '<article id="{{ item.id }}" data-deep="{% if root %}yes{% else %}no{% endif %}"'
        ' data-length="{{ root|length }}"><a href="{{ root }}{{ item.href }}">x</a></article>\n'
    )
    write_project(shipped, {"site_templates/_partials/event_item.html": asks_root})
    site = build(run, shipped, tmp_path / "site")
    events = json.loads((site / "events.json").read_text(encoding="utf-8"))["events"]
    listed_below_top = [e for e in events if e["tags"] or e["places"]]
    assert rendered.count("_partials/event_item.html") == len(events) + len(listed_below_top)
    for page in listing_pages(site):
        top = page == site / "index.html"
        articles = soup(page).select("ol.events > li > article")
        assert articles
        for article in articles:
            assert article["data-deep"] == ("no" if top else "yes")
            assert article["data-length"] == ("0" if top else "6")
            assert (page.parent / article.a["href"]).resolve().is_file()


@pytest.mark.parametrize(
    ("item", "written"),
    [
        ('<a href="{{ root }}{{ item.href }}">{{ item.title }}</a>', True),
        ('{% if item.tags %}<a href="{{ root }}x">{{ root }}</a>{% endif %}', True),
        ("{% for t in item.tags %}{{ root }}{{ t[1] }}{% endfor %}", True),
        ("{% if root %}deep{% endif %}", False),
        ("{{ root|e }}", False),
        ("{{ root ~ item.href }}", False),
        ('{{ root + "x" }}', False),
        ("{% set root = '/' %}{{ root }}", False),
        ('{% include "_partials/asks.html" %}', False),
        ("{% include item.partial %}", False),
        ("{% macro m(root) %}{{ root }}{% endmacro %}{{ m(root) }}", False),
    ],
)
def test_which_items_write_root_only_as_it_is(item, written):
    from timeline.slots import root_only_written

    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                "_partials/listed_item.html": "<li>{{ item.html }}</li>",
                "_partials/event_item.html": item,
                "_partials/asks.html": "{{ root[1:] }}",
            }
        )
    )
    names = ("_partials/listed_item.html", "_partials/event_item.html")
    assert root_only_written(env, *names) is written


def test_the_event_item_partial_sees_item_root_and_site_only(project, run, tmp_path):
    asks_for_more = '<p id="{{ item.id }}">{{ heading }}</p>\n'
    root = project(small_project({"site_templates/_partials/event_item.html": asks_for_more}))
    status, stdout, stderr = run(["build", "--out", str(tmp_path / "o")], cwd=root)
    assert (status, stdout) == (1, "")
    assert "'heading' is undefined" in stderr
    assert not (tmp_path / "o").exists()


# -- dict lookups in templates: faster, and the same as jinja2's --------------------------


def _jinja(source: str, **context: object) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(source).render(**context)


@pytest.mark.parametrize(
    "source",
    [
        "{{ d.title }}",
        "{{ d.items is callable }} {{ d.keys is callable }}",  # methods before keys
        "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
        "{{ d.get('missing', 'default') }}",
        "{{ d.nested.title }} {{ d['title'] }}",
        "{{ d.absent is defined }} {{ d.nested.absent is defined }}",
        "{{ o.real }} {{ s.upper() }}",
    ],
)
def test_attribute_lookups_give_what_jinja2_gives(source):
    context = {
        "d": {"title": "<T>", "items": "shadowed", "keys": 1, "nested": {"title": "N"}},
        "o": 3,
        "s": "x",
    }
    assert environment(None).from_string(source).render(**context) == _jinja(source, **context)


def test_a_missing_key_is_still_an_error():
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'absent'"):
        environment(None).from_string("{{ d.absent }}").render(d={"title": "T"})


def _text_fragment_by_regex(passage: str) -> str:
    """text_fragment as it was written first, with a regular expression."""
    words = re.sub(r"\s+", " ", passage).strip().split(" ")

    def encode(term: str) -> str:
        return urlquote(term, safe="").replace("-", "%2D")

    if len(words) <= 10:
        return encode(" ".join(words))
    return f"{encode(' '.join(words[:4]))},{encode(' '.join(words[-4:]))}"


@given(st.text(st.sampled_from(list("ab-é \n\t\u00a0\u2028\u3000,")), max_size=60))
def test_text_fragment_splits_words_as_the_regex_did(passage):
    assert text_fragment(passage) == _text_fragment_by_regex(passage)


# feed.xml as it was before each entry became a part of its own: it writes the entries.
WHOLE_FEED = """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ site.language }}">
  <title>{{ site.title }}</title>
{% if site.description %}
  <subtitle>{{ site.description }}</subtitle>
{% endif %}
  <id>{{ base_url }}</id>
  <link rel="self" href="{{ base_url }}feed.xml"/>
  <link rel="alternate" type="text/html" href="{{ base_url }}"/>
  <updated>{{ updated }}</updated>
  <generator>timeline</generator>
{% for entry in entries %}
  <entry>
    <title>{{ entry.title }}</title>
    <id>{{ entry.url }}</id>
    <link rel="alternate" type="text/html" href="{{ entry.url }}"/>
    <updated>{{ entry.updated }}</updated>
    <author><name>{{ site.title }}</name></author>
    <summary type="html">{{ "<p>" ~ entry.date_text ~ "</p>" ~ entry.summary_html }}</summary>
  </entry>
{% endfor %}
</feed>
"""


def test_a_feed_that_writes_its_entries_itself_gives_the_shipped_feed(shipped, run, tmp_path):
    plain = build(run, shipped, tmp_path / "plain") / "feed.xml"
    write_project(shipped, {"site_templates/feed.xml": WHOLE_FEED})
    whole = build(run, shipped, tmp_path / "whole") / "feed.xml"
    assert whole.read_bytes() == plain.read_bytes()
    assert plain.read_text(encoding="utf-8").count("<entry>") == 10


def test_a_listed_item_of_its_own_is_every_listing_line(shipped, run, tmp_path):
    mine = '<li class="mine" data-root="{{ root }}">{{ item.title }}{{ item.html }}</li>\n'
    write_project(shipped, {"site_templates/_partials/listed_item.html": mine})
    site = build(run, shipped, tmp_path / "site")
    for page in listing_pages(site):
        items = soup(page).select("ol.events > li")
        assert items and all(li["class"] == ["mine"] for li in items), page
        root = "" if page.parent == site else "../../"
        assert {li["data-root"] for li in items} == {root}
        assert all(li.article["id"] and li.article.h3 for li in items)
    assert len(soup(site / "index.html").select("ol.events > li.mine")) == 10


def test_a_listing_line_written_twice_is_there_twice_and_nothing_else_leaks(shipped, run, tmp_path):
    twice = (REPO / "site_templates/_partials/timeline.html").read_text(encoding="utf-8")
    twice = twice.replace("{{ item.listed }}", "{{ item.listed }}{{ item.listed|upper }}")
    assert "item.listed|upper" in twice
    write_project(shipped, {"site_templates/_partials/timeline.html": twice})
    site = build(run, shipped, tmp_path / "site")
    for page in [*listing_pages(site), site / "feed.xml"]:
        assert "\0" not in page.read_text(encoding="utf-8"), page
    assert len(soup(site / "index.html").select("ol.events > li")) == 20
