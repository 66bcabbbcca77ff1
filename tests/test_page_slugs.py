"""Tag and place pages: one per name, in any script, and every link to one leads to it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import EVENT, small_project

PLACES = ["Ереван", "Степанакерт", "Stepanakert", "Stepanakert!"]
TAGS = ["mass killing", "mass-killing"]
BASE = "https://example.org/t/"


def project_files() -> dict[str, str | None]:
    files: dict[str, str | None] = {
        "data/places.yaml": "".join(f'"{name}": []\n' for name in PLACES),
        "data/events/offensive.yaml": None,
    }
    for number, place in enumerate(PLACES, 1):
        text = EVENT.replace("The offensive begins", f"Event {number}")
        text = text.replace("places: [Stepanakert]", f'places: ["{place}"]')
        text = text.replace("tags: [offensive]", f'tags: ["{TAGS[number % 2]}"]')
        files[f"data/events/event-{number}.yaml"] = text
    return files


@pytest.fixture
def site(project, run, tmp_path) -> Path:
    root = project(small_project(project_files()))
    out = tmp_path / "site"
    status, _, err = run(["build", "--out", str(out)], cwd=root)
    assert status == 0, err
    return out


def parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def titles(page: BeautifulSoup) -> list[str]:
    return [h3.get_text(strip=True) for h3 in page.select("article.event h3")]


def test_every_place_has_a_page_of_its_own_listing_its_events(site):
    folders = sorted(p.parent.name for p in (site / "places").glob("*/index.html"))
    assert folders == sorted(["ереван", "степанакерт", "stepanakert", "stepanakert-2"])
    for number, place in enumerate(PLACES, 1):
        pages = [
            page
            for path in (site / "places").glob("*/index.html")
            if (page := parsed(path)).h1.get_text() == f"Place: {place}"
        ]
        assert len(pages) == 1, place
        assert titles(pages[0]) == [f"Event {number}"]


def test_tags_that_share_a_slug_get_a_page_each(site):
    folders = sorted(p.parent.name for p in (site / "tags").glob("*/index.html"))
    assert folders == ["mass-killing", "mass-killing-2"]
    headings = {parsed(site / "tags" / f / "index.html").h1.get_text() for f in folders}
    assert headings == {f"Tag: {tag}" for tag in TAGS}


def test_every_tag_and_place_link_leads_to_that_page(site):
    checked = 0
    for path in site.rglob("*.html"):
        page = parsed(path)
        for item in page.select("li.place a, li.tag a"):
            href = item["href"]
            assert href.isascii(), href  # non-ASCII letters are percent-encoded
            target = (path.parent / unquote(href)).resolve()
            assert target.is_file(), (path, href)
            name = item.get_text().removeprefix("#")
            kind = "Place" if "place" in item.parent["class"] else "Tag"
            assert parsed(target).h1.get_text() == f"{kind}: {name}"
            checked += 1
    assert checked >= 2 * 2 * len(PLACES)  # each event's page and the listings


def test_the_filters_tell_every_place_apart(site):
    index = parsed(site / "index.html")
    options = [o["value"] for o in index.select('select[name="place"] option') if o["value"]]
    assert sorted(options) == sorted(["ереван", "степанакерт", "stepanakert", "stepanakert-2"])
    places = {
        li.find("h3").get_text(strip=True): li["data-places"]
        for li in index.select("li[data-places]")
    }
    assert places == {
        "Event 1": "ереван",
        "Event 2": "степанакерт",
        "Event 3": "stepanakert",
        "Event 4": "stepanakert-2",
    }


def test_the_sitemap_and_canonical_links_are_percent_encoded_and_lead_to_pages(site):
    tree = ET.parse(site / "sitemap.xml")
    locations = [
        loc.text or "" for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    places = [loc for loc in locations if "/places/" in loc]
    assert len(places) == len(PLACES)
    for location in locations:
        assert location.isascii() and location.startswith(BASE), location
        page = site / unquote(urlsplit(location).path).removeprefix("/t/") / "index.html"
        assert page.is_file(), location
        assert parsed(page).find("link", rel="canonical")["href"] == location
    ET.parse(site / "feed.xml")  # well-formed


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Ереван", "ереван"),
        ("Stepanakert!", "stepanakert"),
        ("Lachin corridor", "lachin-corridor"),
        ("Şuşa", "susa"),  # a Latin name keeps the slug it always had
        ("Straße", "straße"),
        ("東京 Tokyo", "東京-tokyo"),
        ("हिन्दी", "हिन्दी"),  # vowel signs and viramas stay with their letters
        ("a_b", "a-b"),
        ("!!!", ""),
    ],
)
def test_page_slug(name, slug):
    from timeline.slugs import page_slug

    assert page_slug(name) == slug


def test_a_latin_name_gets_the_slug_it_always_had():
    from timeline.events import slugify
    from timeline.slugs import page_slug

    names = ["Nagorno-Karabakh", "Aghdam", "Ağdam", "Şuşa", "Laçin", "war  of 2020", "a -b"]
    assert [page_slug(name) for name in names] == [slugify(name) for name in names]
    # Where slugify lost a letter with no ASCII base (ə, ı), the slug now keeps it.
    assert (page_slug("Xankəndi"), slugify("Xankəndi")) == ("xankəndi", "xankndi")


def test_unique_slugs_is_deterministic_and_never_takes_a_names_own_slug():
    from timeline.slugs import unique_slugs

    names = ["Stepanakert!", "stepanakert-2", "Stepanakert", "!!", "?"]
    expected = {
        "Stepanakert": "stepanakert",
        "Stepanakert!": "stepanakert-3",
        "stepanakert-2": "stepanakert-2",
        "!!": "place",
        "?": "place-2",
    }
    assert unique_slugs(names, "place") == expected
    assert unique_slugs(reversed(names), "place") == expected


def test_a_long_name_in_any_script_makes_a_folder_name_a_file_system_takes():
    from timeline.slugs import unique_slugs

    slugs = unique_slugs(["Ա" * 200, "Ա" * 199 + "Բ"], "place")
    assert all(len(slug.encode()) <= 210 for slug in slugs.values())
    assert len(set(slugs.values())) == 2
