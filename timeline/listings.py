"""The events as listings show them: each event's item (its values for the templates),
its HTML at each depth of the site, and its line in a listing, kept while pages that
share them are made, and the parts of listing pages (timeline.slots)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, partial
from urllib.parse import quote as urlquote

import jinja2
from markupsafe import Markup

from .dataset import Dataset
from .events import Event
from .pages import render
from .pagetext import decades, interval_length
from .parts import Reuse
from .slots import ITEMS_KEPT, ROOT, Slot, Slots, root_only_written
from .slugs import unique_slugs


class Listings:
    """The items of the events of `dataset` for pages rendered in `env`; `reuse` gives
    the last build's keyed parts of a page, and `context_key` is what every page rests
    on besides its own data (SiteBuilder.context_key)."""

    def __init__(
        self,
        dataset: Dataset,
        env: jinja2.Environment,
        reuse: Callable[[str], Reuse] | None,
        context_key: str,
    ) -> None:
        self.data = dataset
        self.env = env
        self.reuse = reuse
        self.context_key = context_key
        # Each tag's and place's folder, its own (slugs.py): every link to its page uses it.
        self.tag_slugs = unique_slugs((tag for e in dataset.events for tag in e.tags), "tag")
        self.place_slugs = unique_slugs((p for e in dataset.events for p in e.places), "place")
        # The (name, link) pairs of an item's tags and places, shared by every item.
        self._tag_links = {
            tag: (tag, f"tags/{urlquote(slug)}/index.html") for tag, slug in self.tag_slugs.items()
        }
        self._place_links = {
            place: (place, f"places/{urlquote(slug)}/index.html")
            for place, slug in self.place_slugs.items()
        }
        # An event's item is the same wherever it is shown: the last few are kept, for the
        # event pages, which show their neighbours' too (holding all of them would cost a
        # big site hundreds of megabytes; a line in a listing needs its item once).
        self._items: dict[str, dict] = {}
        # The item's HTML on every page at the same depth: (root, event id) -> HTML.
        self._item_html: dict[tuple[str, str], Markup] = {}
        # Its line in a listing (_partials/listed_item.html, the item's HTML inside), by
        # the root it was rendered for (or the token standing for any): see _line().
        self._lines: dict[tuple[str, str], str] = {}

    def event_item(self, event: Event) -> dict:
        item = self._items.get(event.id)
        if item is None:
            if len(self._items) >= ITEMS_KEPT:
                del self._items[next(iter(self._items))]  # the oldest
            item = self._items[event.id] = self._new_event_item(event)
        return item

    def listed_item(self, event: Event, root: str, *, keep: bool = True) -> dict:
        """The event's item for a listing on a page whose way back to the top is `root`.

        The keys of event_item(), and under "html" the item rendered by
        _partials/event_item.html (a project may override it) with only `item`, `root` and
        `site` in its context: once per event and `root`, kept for the next page unless
        `keep` is false.
        """
        item = self.event_item(event)
        key = (root, event.id)
        html = self._item_html.get(key)
        if html is None:
            html = Markup(render(self._item_template, item=item, root=root, site=self.data.site))
            if keep:
                self._item_html[key] = html
        # A new dict: event_item() is shared by the event pages and by every depth.
        return {**item, "html": html}

    @cached_property
    def _item_template(self) -> jinja2.Template:
        return self.env.get_template("_partials/event_item.html")

    @cached_property
    def _listed_template(self) -> jinja2.Template:
        return self.env.get_template("_partials/listed_item.html")

    def _slot(self, slots: Slots, kind: str, event: Event, root: str, *, keep: bool) -> Slot:
        """The event in a listing on a page whose way to the top is `root`: `listed` is
        its part of the page (_partials/listed_item.html, keyed as a piece of `kind`), any
        other key its listed_item()."""
        return Slot(
            slots.add(self.data.fragment_key(kind, event), partial(self._line, event, root, keep)),
            "listed",
            lambda: self.listed_item(event, root, keep=keep),
        )

    def _line(self, event: Event, root: str, keep: bool) -> str:
        """The event's line in a listing on a page whose way to the top is `root`.

        When the line's templates write `root` only as it is ({{ root }}), the line is
        rendered once, with a token for `root` that each page replaces by its own, and
        kept for every page (`keep` is for the other case: a line rendered per depth)."""
        shared = self._root_only_written
        written = ROOT if shared else root
        line = self._lines.get((written, event.id))
        if line is None:
            item = self.listed_item(event, written, keep=False)
            line = render(self._listed_template, item=item, root=written, site=self.data.site)
            if shared or keep:
                self._lines[written, event.id] = line
        return line.replace(ROOT, root) if shared else line

    @cached_property
    def _root_only_written(self) -> bool:
        return root_only_written(
            self.env, "_partials/listed_item.html", "_partials/event_item.html"
        )

    def _new_event_item(self, event: Event) -> dict:
        date = event.date
        return {
            "id": event.id,
            "title": event.title,
            "href": f"events/{event.id}/index.html",
            "date_text": date.display(),
            "start_iso": date.start.iso(),
            "end_iso": date.end.iso() if date.end else "",
            "is_interval": date.is_interval,
            "approximate": date.start.approximate or bool(date.end and date.end.approximate),
            "uncertain": date.start.uncertain or bool(date.end and date.end.uncertain),
            "summary_html": Markup(self.data.summary(event)[0]),
            "tags": [self._tag_links[tag] for tag in event.tags],
            "places": [self._place_links[place] for place in event.places],
            "editorial": self.data.editorial.get(event.id, ()),
            "length": interval_length(event),
            # For the filters on the timeline page (static/filter.js reads them).
            "tag_slugs": " ".join(self.tag_slugs[tag] for tag in event.tags),
            "place_slugs": " ".join(self.place_slugs[p] for p in event.places),
            "decades": " ".join(decades(event)),
        }

    def filters(self) -> list[dict]:
        """The choices of the timeline page's filters: (slug, label) per tag, place, decade."""
        all_decades = sorted({d for event in self.data.events for d in decades(event)})
        return [
            {
                "name": "tag",
                "label": "Tag",
                "options": sorted((slug, tag) for tag, slug in self.tag_slugs.items()),
            },
            {
                "name": "place",
                "label": "Place",
                "options": sorted((slug, place) for place, slug in self.place_slugs.items()),
            },
            {"name": "decade", "label": "Decade", "options": [(d, d) for d in all_decades]},
        ]

    def year_groups(
        self, events: list[Event], root: str, slots: Slots, *, keep: bool = True
    ) -> list[tuple[str, list[Slot]]]:
        """The listed items of `events` by year, for a page whose way to the top is `root`
        (their parts of the page in `slots`)."""
        groups: list[tuple[str, list[Slot]]] = []
        kind = f"listed {root} {self.context_key}"  # of every line of the page
        for event in events:
            year = str(event.date.earliest.year)
            if not groups or groups[-1][0] != year:
                groups.append((year, []))
            groups[-1][1].append(self._slot(slots, kind, event, root, keep=keep))
        return groups

    def slots(self, path: str) -> Slots:
        return Slots(self.reuse(path) if self.reuse is not None else None)
