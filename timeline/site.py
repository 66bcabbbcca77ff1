"""The website: one function per kind of page, each handing its template finished values.

Pages link relatively (`root` is the way back to the site's top), so the site works
from any folder of a host and from file://. Only sitemap.xml, feed.xml, canonical
links and 404.html, which is served at any depth, use base_url.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, partial
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
from .evidence import CheckedQuote
from .exports import indented_json
from .markup import render_markdown
from .parts import Keyed, Part, Reuse, keyed
from .slugs import unique_slugs
from .sources import Source
from .templates import default_templates


@dataclass(frozen=True)
class Page:
    path: str  # relative to the output folder, "/"-separated
    # The text, or for a big file its parts in order, to be written one after the other
    # and used once (a big site's listings and dataset files are never held whole).
    content: str | Iterable[str]

    def text(self) -> str:
        """The whole text (the parts joined, when the page comes in parts)."""
        if isinstance(self.content, str):
            return self.content
        if isinstance(self.content, Keyed):
            return self.content.text()
        return "".join(self.content)


@dataclass(frozen=True, slots=True)
class Planned:
    """A file of the site still to make, and its key: a digest of everything it shows.

    The same key gives the same bytes, so a build may keep the previous build's file.
    """

    path: str
    key: str
    make: Callable[..., Page]
    # About how much work making it is, in events shown: a listing of every event is
    # worth as many event pages (how the files to make are shared between two processes).
    weight: int = 1
    # Made from other files of the site once they are written: make(folder) is given the
    # folder of the new site (make() makes them again instead).
    after: bool = False


# Every attribute a plain dict has: for any other name, `getattr(a_dict, name)` must fail.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """jinja2's Environment, with `record.key` on the pages' plain dicts made cheaper."""

    def getattr(self, obj: object, attribute: str) -> object:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            # What jinja2 ends up doing for a key, without first raising and catching an
            # AttributeError: about 15 % of the rendering time of 10,000 events.
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return jinja2.Environment.getattr(self, obj, attribute)


def environment(project_templates: str | None) -> jinja2.Environment:
    folders = [project_templates] if project_templates and os.path.isdir(project_templates) else []
    folders.append(default_templates())
    env = _Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment per build: no need to stat a template at each of its ~10^5 includes.
        auto_reload=False,
    )
    return env


def templates_digest(env: jinja2.Environment) -> str:
    """A digest of every file in the folders the templates come from (static/ included)."""
    parts: list[str | bytes] = []
    loader = env.loader
    for folder in getattr(loader, "searchpath", ()):
        for parent, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(parent, name)
                with open(path, "rb") as handle:
                    parts += [os.path.relpath(path, folder), handle.read()]
        parts.append("\0")
    return digest(*parts)


def json_for_html(value: object) -> Markup:
    """JSON safe inside <script type="application/...json">: no tag or entity can end it."""
    text = indented_json(value)  # json.dumps(value, ensure_ascii=False, indent=2)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return Markup(text)


class SiteBuilder:
    def __init__(
        self,
        dataset: Dataset,
        *,
        templates: str | None,
        reuse: Callable[[str], Reuse] | None = None,
    ) -> None:
        self.data = dataset
        # The keyed parts of the last build's listings, by page (see parts.py and _Slots).
        self.reuse = reuse
        self.env = environment(templates)
        self.base_url = dataset.site.base_url
        self.base_path = urlsplit(self.base_url).path or "/"
        self.updated = build_time(dataset)
        # Each tag's and place's folder, its own (slugs.py): every link to its page uses it.
        self.tag_slugs = unique_slugs((tag for e in dataset.events for tag in e.tags), "tag")
        self.place_slugs = unique_slugs((p for e in dataset.events for p in e.places), "place")
        self.titles = {event.id: event.title for event in dataset.events}
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

    # -- values shared by pages ----------------------------------------------------

    def render(
        self, template: str, path: str, *, slots: _Slots | None = None, **context: object
    ) -> Page:
        """The page at `path` from `template`; with `slots` (a listing's items, see
        _Slots), as the text is made, in parts: a listing of many events is never held
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

    def event_item(self, event: Event) -> dict:
        item = self._items.get(event.id)
        if item is None:
            if len(self._items) >= _ITEMS_KEPT:
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
            html = Markup(_render(self._item_template, item=item, root=root, site=self.data.site))
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

    def _slot(self, slots: _Slots, kind: str, event: Event, root: str, *, keep: bool) -> _Slot:
        """The event in a listing on a page whose way to the top is `root`: `listed` is
        its part of the page (_partials/listed_item.html, keyed as a piece of `kind`), any
        other key its listed_item()."""
        return _Slot(
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
        written = _ROOT if shared else root
        line = self._lines.get((written, event.id))
        if line is None:
            item = self.listed_item(event, written, keep=False)
            line = _render(self._listed_template, item=item, root=written, site=self.data.site)
            if shared or keep:
                self._lines[written, event.id] = line
        return line.replace(_ROOT, root) if shared else line

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
        self, events: list[Event], root: str, slots: _Slots, *, keep: bool = True
    ) -> list[tuple[str, list[_Slot]]]:
        """The listed items of `events` by year, for a page whose way to the top is `root`
        (their parts of the page in `slots`)."""
        groups: list[tuple[str, list[_Slot]]] = []
        kind = f"listed {root} {self.context_key}"  # of every line of the page
        for event in events:
            year = str(event.date.earliest.year)
            if not groups or groups[-1][0] != year:
                groups.append((year, []))
            groups[-1][1].append(self._slot(slots, kind, event, root, keep=keep))
        return groups

    def _slots(self, path: str) -> _Slots:
        return _Slots(self.reuse(path) if self.reuse is not None else None)

    # -- pages -------------------------------------------------------------------

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
                    slots=(slots := self._slots("index.html")),
                    # The only page at the top: lines rendered for it alone are not
                    # needed again (those rendered for every depth are: see _line).
                    groups=self.year_groups(data.events, "", slots, keep=False),
                    heading=data.site.title,
                    description=data.site.description,
                    count=len(data.events),
                    filters=self.filters(),
                ),
                weight=len(data.events),
            )
        ]
        events = data.events
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
        for source in data.sources.values():
            citing = dict.fromkeys(q.event_id for q in data.quotes_by_source.get(source.id, []))
            plan.append(
                Planned(
                    f"sources/{source.id}/index.html",
                    digest(context, "source", source.digest, *(shown[i] for i in citing)),
                    partial(self.source_page, source),
                )
            )
        for kind, slugs, key in (
            ("tags", self.tag_slugs, "tags"),
            ("places", self.place_slugs, "places"),
        ):
            members = events_by(data.events, key)
            for name, slug in sorted(slugs.items(), key=lambda pair: pair[1]):
                chosen = members[name]
                path = f"{kind}/{slug}/index.html"
                plan.append(
                    Planned(
                        path,
                        digest(context, kind, name, *(shown[event.id] for event in chosen)),
                        partial(self.list_page, kind, name, path, chosen),
                        weight=len(chosen),
                    )
                )
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

    def list_page(self, kind: str, name: str, path: str, chosen: list[Event]) -> Page:
        """A tag's or a place's page: its events, by year."""
        slots = self._slots(path)
        return self.render(
            "list.html",
            path,
            slots=slots,
            heading=f"Tag: {name}" if kind == "tags" else f"Place: {name}",
            groups=self.year_groups(chosen, root_of(path), slots),
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
        item = self.event_item(event)
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
            previous=self.event_item(events[position - 1]) if position > 0 else None,
            next=self.event_item(events[position + 1]) if position + 1 < len(events) else None,
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
        slots = self._slots("feed.xml")
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
                return _render(entry_template, entry=entry(), site=self.data.site)

            entries.append(
                _Slot(slots.add(self.data.fragment_key(kind, event), make), "xml", entry)
            )
        made = self.env.get_template("feed.xml").generate(
            site=self.data.site,
            base_url=self.base_url,
            entries=entries,
            updated=self.updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        return Page("feed.xml", Keyed(slots.spliced(made)))


def _render(template: jinja2.Template, **values: object) -> str:
    """template.render(**values), without its costs that matter for a small partial
    rendered once per event: the same context, made in one step. A failure is rendered
    again by jinja2, to be reported as it reports it."""
    try:
        context = template.new_context(dict(template.globals, **values), shared=True)
        return "".join(template.root_render_func(context))
    except Exception:  # noqa: BLE001 - jinja2 says what went wrong, and where
        return template.render(**values)


class _Slot:
    """An item of a listing, as its page's template sees it: `listed` (a feed entry's
    `xml`) stands for the item's whole part of the page, put in by _Slots.spliced() where
    the template writes it; any other attribute is the item's own, made when first asked
    for (a template that shows `item.title` itself still works)."""

    __slots__ = ("_token", "_name", "_make", "_item")

    def __init__(self, token: Markup, name: str, make: Callable[[], dict]) -> None:
        self._token = token
        self._name = name
        self._make = make
        self._item: dict | None = None

    def __getattr__(self, attribute: str) -> object:
        if attribute == self._name:
            return self._token
        try:
            return self[attribute]
        except KeyError:
            raise AttributeError(attribute) from None

    def __getitem__(self, key: str) -> object:
        if key == self._name:
            return self._token
        if self._item is None:
            self._item = self._make()
        return self._item[key]


# What stands for a keyed part in a template's output: never in a page (a NUL and a
# number drawn afresh by each run; digits only, which no change of case alters).
_TOKEN = f"\0{int.from_bytes(os.urandom(8), 'big')}-"
_TOKENS = re.compile(re.escape(_TOKEN) + "([0-9]+)\0")
# What stands for `root` in a line rendered for every page (SiteBuilder._line), the same way.
_ROOT = f"\0{int.from_bytes(os.urandom(8), 'big')}\0"
_ITEMS_KEPT = 8


def root_only_written(env: jinja2.Environment, *names: str) -> bool:
    """Whether the templates `names`, and all they include or import, use `root` only
    to write it out as it is ({{ root }} or {{ root }}{{ ... }}): then what they render
    for one `root` is what they render for a token in its place, with the token replaced.
    Anything else (a test, a filter, a loop over it, a template named at run time) is no."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0] if env.loader else ""
        tree = env.parse(source)
        written = {
            id(node)
            for output in tree.find_all(jinja2.nodes.Output)
            for node in output.nodes
            if isinstance(node, jinja2.nodes.Name)
        }
        for node in tree.find_all(jinja2.nodes.Name):
            if node.name == "root" and id(node) not in written:
                return False
        for included in jinja2.meta.find_referenced_templates(tree):
            if included is None:
                return False
            todo.append(included)
    return True


class _Slots:
    """The keyed parts of a listing page (parts.py), each standing in the template's
    context as a token: spliced() puts each part where its token is, copied from the last
    build's page (`reuse`) when it is there, made when not."""

    def __init__(self, reuse: Reuse | None) -> None:
        self.reuse = reuse
        self.parts: list[tuple[str, Callable[[], str]]] = []

    def add(self, key: str, make: Callable[[], str]) -> Markup:
        self.parts.append((key, make))
        return Markup(f"{_TOKEN}{len(self.parts) - 1}\0")

    def spliced(self, chunks: Iterable[str], size: int = 1 << 16) -> Iterator[Part]:
        """The template's output with each token replaced by its part; the text between
        them joined into pieces of about `size` characters."""
        buffer: list[str] = []
        length = 0
        start = len(_TOKEN)
        for chunk in chunks:
            if "\0" not in chunk:
                buffer.append(chunk)
                length += len(chunk)
                if length >= size:
                    yield "".join(buffer)
                    buffer.clear()
                    length = 0
                continue
            number = chunk[start:-1]
            alone = (  # the common case: a template writes `item.listed` on its own
                chunk.startswith(_TOKEN)
                and chunk[-1] == "\0"
                and number.isascii()
                and number.isdigit()
            )
            for place, piece in enumerate(("", number) if alone else _TOKENS.split(chunk)):
                if place % 2 == 0:
                    if piece:  # none between two parts side by side
                        buffer.append(piece)
                        length += len(piece)
                    continue
                if buffer:
                    yield "".join(buffer)
                    buffer.clear()
                    length = 0
                key, make = self.parts[int(piece)]
                yield keyed(self.reuse, key, make)
        if buffer:
            yield "".join(buffer)


def root_of(path: str) -> str:
    """The way back to the site's top from the page at `path` ("tags/x/index.html": "../../")."""
    return "../" * path.count("/")


def events_by(events: list[Event], key: str) -> dict[str, list[Event]]:
    """The events of each tag (key "tags") or place ("places"), in timeline order."""
    members: dict[str, list[Event]] = {}
    for event in events:
        for name in dict.fromkeys(getattr(event, key)):
            members.setdefault(name, []).append(event)
    return members


def shorten(text: str, limit: int = 200) -> str:
    """A description for meta tags: whole words, at most `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def interval_length(event: Event) -> str:
    """How long an interval lasted, where the date display does not already say it."""
    span = event.date.duration_range()
    if span is None or event.date.duration_days() is not None and span[1] < 365:
        return ""
    days = (span[0] + span[1]) / 2
    if days < 60:
        return f"about {round(days)} days"
    if days < 365:
        return f"about {round(days / 30.436875)} months"
    years = round(days / 365.2425)
    return "about 1 year" if years == 1 else f"about {years} years"


def decades(event: Event) -> list[str]:
    """The decades an event touches ("1980s", "1990s"), for the decade filter."""
    first = event.date.earliest.year // 10 * 10
    latest = event.date.latest if not event.date.open_end else event.date.earliest
    return [f"{decade}s" for decade in range(first, latest.year // 10 * 10 + 1, 10)]


def quote_anchor(quote: CheckedQuote) -> str:
    return f"q-{quote.event_id}-{quote.index}"


def text_fragment(passage: str) -> str:
    """A `:~:text=` directive for a passage: whole when short, first and last words when long."""
    words = passage.split()

    def encode(term: str) -> str:
        return urlquote(term, safe="").replace("-", "%2D")

    if len(words) <= 10:
        return encode(" ".join(words))
    return f"{encode(' '.join(words[:4]))},{encode(' '.join(words[-4:]))}"


def highlight(text: str, quotes: list[CheckedQuote]) -> list[dict]:
    """Cut the text where quotes start and end; overlapping quotes each keep their marks."""
    cuts = sorted({0, len(text), *(q.start for q in quotes), *(q.end for q in quotes)})
    starting: dict[int, list[CheckedQuote]] = {}
    ending: dict[int, list[CheckedQuote]] = {}
    for quote in quotes:
        starting.setdefault(quote.start, []).append(quote)
        ending.setdefault(quote.end, []).append(quote)
    # One sweep over the cuts: a segment is marked while some quote is open over it.
    segments = []
    open_quotes = 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        opened = starting.get(start, [])
        open_quotes += len(opened) - len(ending.get(start, []))
        segments.append(
            {
                "text": text[start:end],
                "marked": open_quotes > 0,
                "starts": list(opened),
                "ends": list(ending.get(end, [])),
            }
        )
    return segments


def cited_share(text: str, quotes: list[CheckedQuote]) -> int:
    """Percentage of the text's non-space characters that some quote covers."""
    total = non_space(text)
    hit = 0
    covered_to = 0  # quotes sorted by start, each counted from where the last one ended
    for start, end in sorted((quote.start, quote.end) for quote in quotes):
        start = max(start, covered_to)
        if end > start:
            hit += non_space(text[start:end])
            covered_to = end
    return round(100 * hit / total) if total else 0


def non_space(text: str) -> int:
    """How many characters of `text` are not whitespace (`not str.isspace()`).

    `str.split()` cuts at exactly those characters, and counts them 5 times faster than
    a regular expression's findall.
    """
    return sum(map(len, text.split()))


def copy_static(templates: str | None, out: str) -> int:
    """Copy static/ from the default templates, then the project's own over them.

    Returns how many files static/ holds.
    """
    folders = [default_templates()]
    if templates and os.path.isdir(os.path.join(templates, "static")):
        folders.append(templates)
    for folder in folders:
        static = os.path.join(folder, "static")
        if os.path.isdir(static):
            shutil.copytree(static, os.path.join(out, "static"), dirs_exist_ok=True)
    return sum(len(files) for _, _, files in os.walk(os.path.join(out, "static")))
