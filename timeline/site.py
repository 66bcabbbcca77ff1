"""The website: one function per kind of page, each handing its template finished values.

Pages link relatively (`root` is the way back to the site's top), so the site works
from any folder of a host and from file://. Only sitemap.xml, feed.xml, canonical
links and 404.html, which is served at any depth, use base_url.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from urllib.parse import quote as urlquote
from urllib.parse import urlsplit

import jinja2
import jinja2.meta
import jinja2.nodes
from markupsafe import Markup

from .cache import code_digest
from .dataset import Dataset, build_time, event_url, markdown_versions
from .digests import digest
from .events import Event
from .listings import Listings
from .markup import render_markdown
from .pages import Page, Planned, environment, json_for_html, render, templates_digest
from .pagetext import (
    cited_share,
    events_by,
    highlight,
    quote_anchor,
    root_of,
    shorten,
    text_fragment,
)
from .parts import Keyed, Reuse
from .slots import Slot, Slots
from .sources import Source


class SiteBuilder:
    def __init__(
        self,
        dataset: Dataset,
        *,
        templates: str | None,
        reuse: Callable[[str], Reuse] | None = None,
    ) -> None:
        self.data = dataset
        # The keyed parts of the last build's listings, by page (see parts.py and Slots).
        self.reuse = reuse
        self.env = environment(templates)
        self.base_url = dataset.site.base_url
        self.base_path = urlsplit(self.base_url).path or "/"
        self.updated = build_time(dataset)
        self.titles = {event.id: event.title for event in dataset.events}
        # What every page rests on besides its own data: timeline's code, the templates,
        # the site settings, the places and the build's time.
        self.context_key = digest(
            code_digest(),
            templates_digest(self.env),
            f"jinja2 {jinja2.__version__}",
            markdown_versions(),
            repr(dataset.site),
            repr(dataset.places),
            self.updated.isoformat(),
        )
        self.listings = Listings(dataset, self.env, reuse, self.context_key)
        self.tag_slugs, self.place_slugs = self.listings.tag_slugs, self.listings.place_slugs

    # -- values shared by pages ----------------------------------------------------

    def render(
        self, template: str, path: str, *, slots: Slots | None = None, **context: object
    ) -> Page:
        """The page at `path` from `template`; with `slots` (a listing's items, see
        Slots), as the text is made, in parts: a listing of many events is never held
        whole, and its items the last build wrote are copied from its file."""
        root = context.pop("root", root_of(path))
        values = {
            "site": self.data.site,
            "root": root,
            "canonical": self.base_url
            + urlquote(path[: -len("index.html")] if path.endswith("index.html") else path),
            **context,
        }
        made = self.env.get_template(template)
        if slots is None:
            return Page(path, made.render(values))
        return Page(path, Keyed(slots.spliced(made.generate(values))))

    def pages(self) -> list[Page]:
        return list(self.iter_pages())

    def iter_pages(self) -> Iterator[Page]:
        """Every page, made as it is asked for: a big site need not be held all at once."""
        for planned in self.plan():
            page = planned.make()
            yield Page(page.path, page.text())

    def plan(self) -> list[Planned]:
        """Every page to make, each with the key of everything it shows (see Planned)."""
        data = self.data
        context = self.context_key
        shown = {event.id: data.shown(event) for event in data.events}
        every = digest(context, *(shown[event.id] for event in data.events))
        plan = [
            Planned(
                "index.html",
                digest(every, "index"),
                lambda: self.render(
                    "index.html",
                    "index.html",
                    slots=(slots := self.listings.slots("index.html")),
                    # The only page at the top: lines rendered for it alone are not
                    # needed again (those rendered for every depth are: see _line).
                    groups=self.listings.year_groups(data.events, "", slots, keep=False),
                    heading=data.site.title,
                    description=data.site.description,
                    count=len(data.events),
                    filters=self.listings.filters(),
                ),
                weight=len(data.events),
            )
        ]
        plan += self._event_plans(shown)
        plan += self._source_plans(shown)
        plan += self._list_plans(shown)
        plan.append(
            Planned(
                "search/index.html",
                digest(context, "search"),
                lambda: self.render("search.html", "search/index.html"),
            )
        )
        plan.append(
            Planned(
                "404.html",
                digest(context, "404"),
                lambda: self.render("404.html", "404.html", root=self.base_path),
            )
        )
        # No two pages share a path: tags' and places' slugs are unique (unique_slugs).
        paths = [planned.path for planned in plan]
        plan.append(Planned("sitemap.xml", digest(context, *paths), lambda: self.sitemap(paths)))
        sources = (source.digest for source in data.sources.values())
        plan.append(
            Planned("feed.xml", digest(every, "feed", *sources), self.feed, len(data.events))
        )
        return plan

    def _event_plans(self, shown: dict[str, str]) -> list[Planned]:
        """Each event's page: it shows the event and its neighbours' (`shown`: what each
        event looks like, by id)."""
        context, events = self.context_key, self.data.events
        plan = []
        for position, event in enumerate(events):
            before = shown[events[position - 1].id] if position > 0 else ""
            after = shown[events[position + 1].id] if position + 1 < len(events) else ""
            plan.append(
                Planned(
                    f"events/{event.id}/index.html",
                    digest(context, "event", shown[event.id], before, after),
                    partial(self.event_page, event, position),
                )
            )
        return plan

    def _source_plans(self, shown: dict[str, str]) -> list[Planned]:
        """Each source's page: it shows the source and the events that quote it."""
        data, plan = self.data, []
        for source in data.sources.values():
            citing = dict.fromkeys(q.event_id for q in data.quotes_by_source.get(source.id, []))
            plan.append(
                Planned(
                    f"sources/{source.id}/index.html",
                    digest(self.context_key, "source", source.digest, *(shown[i] for i in citing)),
                    partial(self.source_page, source),
                )
            )
        return plan

    def _list_plans(self, shown: dict[str, str]) -> list[Planned]:
        """Each tag's and place's page: it lists the events that have it."""
        plan = []
        for kind, slugs, key in (
            ("tags", self.tag_slugs, "tags"),
            ("places", self.place_slugs, "places"),
        ):
            members = events_by(self.data.events, key)
            for name, slug in sorted(slugs.items(), key=lambda pair: pair[1]):
                chosen = members[name]
                path = f"{kind}/{slug}/index.html"
                plan.append(
                    Planned(
                        path,
                        digest(self.context_key, kind, name, *(shown[e.id] for e in chosen)),
                        partial(self.list_page, kind, name, path, chosen),
                        weight=len(chosen),
                    )
                )
        return plan

    def list_page(self, kind: str, name: str, path: str, chosen: list[Event]) -> Page:
        """A tag's or a place's page: its events, by year."""
        slots = self.listings.slots(path)
        return self.render(
            "list.html",
            path,
            slots=slots,
            heading=f"Tag: {name}" if kind == "tags" else f"Place: {name}",
            groups=self.listings.year_groups(chosen, root_of(path), slots),
            count=len(chosen),
            variants=self.data.places.variants.get(name, ()) if kind == "places" else (),
        )

    def event_page(self, event: Event, position: int) -> Page:
        events = self.data.events
        quotes = []
        for quote in self.data.quotes_by_event.get(event.id, []):
            source = self.data.sources[quote.source_id]
            anchor = quote_anchor(quote)
            quotes.append(
                {
                    "id": f"evidence-{quote.index}",
                    "text": quote.passage,
                    "source_title": source.title,
                    "source_publisher": source.publisher,
                    "source_published": source.published.isoformat(),
                    "href": f"sources/{source.id}/index.html#{anchor}:~:text="
                    f"{text_fragment(quote.passage)}",
                    "line": quote.line,
                    "col": quote.col,
                    "supports": list(quote.supports),
                }
            )
        item_of = self.listings.event_item
        item = item_of(event)
        return self.render(
            "event.html",
            f"events/{event.id}/index.html",
            event=item,
            figures=sorted(event.figures.items()),
            quotes=quotes,
            cited=[
                {"source": source, "href": f"sources/{source.id}/index.html"}
                for source in self.cited_sources(event)
            ],
            permalink=f"{self.base_url}events/{event.id}/",
            jsonld=json_for_html(self.event_jsonld(event)),
            previous=item_of(events[position - 1]) if position > 0 else None,
            next=item_of(events[position + 1]) if position + 1 < len(events) else None,
            description=shorten(self.data.summary(event)[1]),
            og_type="article",
        )

    def cited_sources(self, event: Event) -> list[Source]:
        """The sources an event quotes, in the order it first quotes them."""
        ids = dict.fromkeys(item.source for item in event.evidence)
        return [self.data.sources[source_id] for source_id in ids]

    def event_jsonld(self, event: Event) -> dict:
        date = event.date
        record: dict = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.title,
            "startDate": date.start.iso(),
        }
        if date.end:
            record["endDate"] = date.end.iso()
        summary = self.data.summary(event)[1]
        if summary:
            record["description"] = summary
        record["citation"] = [
            {
                "@type": "CreativeWork",
                "name": source.title,
                **(
                    {"publisher": {"@type": "Organization", "name": source.publisher}}
                    if source.publisher
                    else {}
                ),
                "datePublished": source.published.isoformat(),
                **({"url": source.url} if source.url else {}),
            }
            for source in self.cited_sources(event)
        ]
        if event.places:
            record["location"] = [{"@type": "Place", "name": name} for name in event.places]
        record["url"] = f"{self.base_url}events/{event.id}/"
        return record

    def source_page(self, source: Source) -> Page:
        quotes = self.data.quotes_by_source.get(source.id, [])
        titles = self.titles
        numbered = {(q.event_id, q.index): n for n, q in enumerate(quotes, 1)}
        text = source.text  # read again from its file if the build let go of it
        segments = highlight(text, quotes)
        for segment in segments:
            segment["starts"] = [quote_anchor(q) for q in segment["starts"]]
            segment["ends"] = [
                {
                    "n": numbered[(q.event_id, q.index)],
                    "title": titles[q.event_id],
                    "href": f"events/{q.event_id}/index.html#evidence-{q.index}",
                }
                for q in segment["ends"]
            ]
        cited = [
            {
                "n": numbered[(q.event_id, q.index)],
                "anchor": quote_anchor(q),
                "event_title": titles[q.event_id],
                "line": q.line,
                "col": q.col,
                "href": f"events/{q.event_id}/index.html#evidence-{q.index}",
            }
            for q in quotes
        ]
        return self.render(
            "source.html",
            f"sources/{source.id}/index.html",
            source=source,
            note_html=Markup(render_markdown(source.note)),
            segments=segments,
            cited=cited,
            share=cited_share(text, quotes),
            events=len({q.event_id for q in quotes}),
            description=f"{source.title} ({source.publisher}, {source.published.isoformat()})",
        )

    def sitemap(self, paths: list[str]) -> Page:
        locations = [
            self.base_url + urlquote(path[: -len("index.html")])
            for path in paths
            if path.endswith("index.html")
        ]
        return Page(
            "sitemap.xml", self.env.get_template("sitemap.xml").render(locations=sorted(locations))
        )

    def feed(self) -> Page:
        slots = self.listings.slots("feed.xml")
        entry_template = self.env.get_template("_partials/feed_entry.xml")
        kind = f"feed entry {self.context_key}"
        entries = []
        for event in reversed(self.data.events):

            def entry(event: Event = event) -> dict:
                published = max(self.data.sources[i.source].published for i in event.evidence)
                return {
                    "title": event.title,
                    "url": event_url(self.data, event),
                    "updated": f"{published.isoformat()}T00:00:00Z",
                    "summary_html": self.data.summary(event)[0],
                    "date_text": event.date.display(),
                }

            def make(entry: Callable[[], dict] = entry) -> str:
                return render(entry_template, entry=entry(), site=self.data.site)

            entries.append(Slot(slots.add(self.data.fragment_key(kind, event), make), "xml", entry))
        made = self.env.get_template("feed.xml").generate(
            site=self.data.site,
            base_url=self.base_url,
            entries=entries,
            updated=self.updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        return Page("feed.xml", Keyed(slots.spliced(made)))
