"""The checked dataset: every record loaded, proven and sorted (timeline.exports writes it)."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
from dataclasses import dataclass, field, replace

from . import claims
from .cache import code_digest
from .checkcache import CheckCache, Entry
from .containment import links_outside
from .digests import digest
from .events import Event, event_files, load_event
from .evidence import CheckedQuote, check_event, uncited
from .memo import Memo
from .parallel import in_two
from .problems import Problem
from .project import Places, Site, load_places, load_site
from .sources import Source, load_sources
from .yamlfile import decode_text, read_bytes

# Below this many events to check, a second process costs more than it saves.
PARALLEL_FROM = 1_000
SUMMARIES_PARALLEL_FROM = 500  # ...and below this many summaries to render


@dataclass(frozen=True)
class Dataset:
    site: Site
    places: Places
    sources: dict[str, Source]  # by id, sorted
    events: list[Event]  # in timeline order
    quotes: list[CheckedQuote]
    editorial: dict[str, tuple[str, ...]]  # event id -> fields that rest on no quote
    quotes_by_event: dict[str, list[CheckedQuote]] = field(default_factory=dict)
    quotes_by_source: dict[str, list[CheckedQuote]] = field(default_factory=dict)
    # Each summary rendered once per build: the pages, the feed and the exports all show it.
    _summaries: dict[str, tuple[str, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _memo: list[Memo] = field(default_factory=list, init=False, repr=False, compare=False)
    _shown: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _kinds: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def with_base_url(self, base_url: str) -> Dataset:
        """The same dataset, published at another address (--base-url, the preview)."""
        return replace(self, site=replace(self.site, base_url=base_url.rstrip("/") + "/"))

    def remember_in(self, memo: Memo) -> None:
        """Take the summaries rendered by earlier builds from `memo`, and keep new ones
        there. (The other pieces of pages are copied from the last build's files: see
        parts.py.)"""
        self._memo[:] = [memo]

    @property
    def memo(self) -> Memo | None:
        """Where summaries are kept between builds (remember_in()), if anywhere."""
        return self._memo[0] if self._memo else None

    def summary(self, event: Event) -> tuple[str, str]:
        """An event's summary as sanitised HTML and as one line of plain text."""
        rendered = self._summaries.get(event.id)
        if rendered is None:
            key, rendered = self._remembered(event)
            if rendered is None:
                rendered = _render_summary(event.summary)
                self._keep_summary(event, key, rendered)
        return rendered

    def render_summaries(self, *, parallel: bool = True) -> None:
        """Render every summary not rendered yet, on both cores when there are many."""
        if self._memo:
            self._memo[0].complete()  # every summary is asked for: the memo keeps only them
        missing: list[tuple[Event, str]] = []
        for event in self.events:
            if event.id not in self._summaries:
                key, found = self._remembered(event)
                if found is None:
                    missing.append((event, key))
        rendered = in_two(
            lambda share: [_render_summary(event.summary) for event, _ in share],
            missing,
            parallel=parallel,
            minimum=SUMMARIES_PARALLEL_FROM,
        )
        for (event, key), value in zip(missing, rendered, strict=True):
            self._keep_summary(event, key, value)

    def shown(self, event: Event) -> str:
        """A digest of what decides how an event is shown: its file and the sources it cites,
        which settle its quotes and what rests on them."""
        found = self._shown.get(event.id)
        if found is None:
            cited = dict.fromkeys(item.source for item in event.evidence)
            found = digest(event.digest, *(self.sources[s].digest for s in cited))
            self._shown[event.id] = found
        return found

    def fragment_key(self, kind: str, event: Event) -> str:
        """The key of a piece of `kind` made from `event` alone and the site settings:
        two digests side by side, one of them the same for every event (no hashing per
        event; the memo's shards go by the first characters, those of the event's)."""
        of_kind = self._kinds.get(kind)
        if of_kind is None:
            of_kind = self._kinds[kind] = digest(kind, repr(self.site), markdown_versions())
        return self.shown(event) + of_kind

    def _remembered(self, event: Event) -> tuple[str, tuple[str, str] | None]:
        """The memo's key of the event's summary (its text's: the same in any event), and
        the summary rendered by a build before, if any."""
        key = digest(markdown_versions(), event.summary)
        found = self._memo[0].get(key) if self._memo else None
        if found is not None:
            self._summaries[event.id] = found  # type: ignore[assignment]
        return key, found  # type: ignore[return-value]

    def _keep_summary(self, event: Event, key: str, rendered: tuple[str, str]) -> None:
        self._summaries[event.id] = rendered
        if self._memo:
            self._memo[0].put(key, rendered)


def _render_summary(summary: str) -> tuple[str, str]:
    # Imported here: `timeline check` renders no Markdown and need not load it.
    from .markup import plain_text, render_markdown

    html = render_markdown(summary)
    return html, plain_text(html)


@dataclass(frozen=True)
class CheckResult:
    dataset: Dataset | None  # None when the project could not be read at all
    problems: list[Problem]
    events: int  # how many were read and checked
    sources: int
    quotes: int
    cached: int = 0  # how many events came from the check cache unchanged


def load_project(
    root: str,
    *,
    display_root: str = "",
    use_cache: bool = True,
    parallel: bool = True,
    seen: dict[str, str] | None = None,
) -> CheckResult:
    """Read and check a whole project; collect every problem rather than stop at the first.

    Events unchanged since the last check, with unchanged sources, come from the check
    cache (timeline.cache) instead of being parsed and checked again. Many events to
    check are shared with a second process unless `parallel` is False (a caller that
    runs threads must say so: forking a process with threads is not safe). `seen`: the
    digests of the project's files as project_digest() found them a moment ago.
    """
    # The records made here live as long as the run, and hold no cycles: the cyclic
    # collector would only walk them again and again (a fifth of the time at 100,000).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_project(root, display_root, use_cache=use_cache, parallel=parallel, seen=seen)
    finally:
        if collecting:
            gc.enable()


def _load_project(
    root: str, display_root: str, *, use_cache: bool, parallel: bool, seen: dict[str, str] | None
) -> CheckResult:
    problems: list[Problem] = []
    site, found = load_site(root, display_root)
    problems += found
    places, found = load_places(root, display_root)
    problems += found
    problems += links_outside(root, display_root, "site_templates")
    store = CheckCache.for_project(root, seen) if use_cache else CheckCache(None)
    sources, found = load_sources(root, display_root, store)
    problems += found
    files, found = event_files(root, display_root)
    problems += found
    all_files = not any(problem.is_error for problem in found)
    events, checked, editorial, found = _check_events(files, places, sources, store, parallel)
    problems += found
    for source in sources.values():
        source.forget_normal()
    store.save()
    if all_files and len(events) == len(files):
        # An event that could not be read may well be the one that cites an uncited source.
        problems += uncited(sources, {item.source for e in events for item in e.evidence})
    # A stable sort: problems at one place keep the order the checks found them in.
    problems.sort(key=lambda p: (p.path, p.line, p.col))
    events.sort(key=Event.sort_key)
    by_event: dict[str, list[CheckedQuote]] = {}
    by_source: dict[str, list[CheckedQuote]] = {source_id: [] for source_id in sources}
    for quote in checked:
        by_event.setdefault(quote.event_id, []).append(quote)
        by_source[quote.source_id].append(quote)
    for quotes in by_source.values():
        quotes.sort(key=lambda q: (q.start, q.end, q.event_id, q.index))
    counts = {
        "events": len(events),
        "sources": len(sources),
        "quotes": sum(len(event.evidence) for event in events),
        "cached": store.hits,
    }
    if site is None:
        return CheckResult(None, problems, **counts)
    dataset = Dataset(
        site=site,
        places=places,
        sources=dict(sorted(sources.items())),
        events=events,
        quotes=checked,
        editorial=editorial,
        quotes_by_event=by_event,
        quotes_by_source=by_source,
    )
    return CheckResult(dataset, problems, **counts)


def _check_events(
    files: list[tuple[str, str, str]],
    places: Places,
    sources: dict[str, Source],
    store: CheckCache,
    parallel: bool,
) -> tuple[list[Event], list[CheckedQuote], dict[str, tuple[str, ...]], list[Problem]]:
    """Load and check each event file, or take it from the cache when nothing it rests on
    has changed."""
    source_digests = {source_id: source.digest for source_id, source in sources.items()}
    places_key = (repr(places.canonical), repr(sorted(places.lookup.items())))
    context = digest(code_digest(), claims.signature(), *places_key)
    slots: list[Entry | int] = []  # per file: the outcome kept, or where it is in todo
    todo: list[tuple[str, str, str]] = []
    for path, display, event_id in files:
        # The file is read only when there is no outcome kept for what it holds.
        entry = None
        bytes_digest = store.digest_of(path) if store.folder is not None else None
        if bytes_digest is not None:
            entry = store.get(digest(context, event_id, bytes_digest), source_digests)
        if entry is None:
            slots.append(len(todo))
            todo.append((path, display, event_id))
        else:
            # Checked from another folder, the same file is shown under another path.
            slots.append(entry if entry.event.path == display else entry.shown_at(display))
    outcomes = _check_all(todo, context, places, sources, parallel=parallel)
    events: list[Event] = []
    quotes: list[CheckedQuote] = []
    editorial: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for slot in slots:
        if isinstance(slot, int):
            event, checked, fields, found = outcomes[slot]
            problems += found
            if event is None:
                continue
            if not any(problem.is_error for problem in found):
                cited = dict.fromkeys(item.source for item in event.evidence)
                entry = Entry(
                    cited=tuple((s, source_digests[s]) for s in cited),
                    event=event,
                    quotes=tuple(checked),
                    editorial=fields,
                    problems=tuple(found),
                )
                store.put(event.digest, entry)
        else:
            event, checked, fields = slot.event, slot.quotes, slot.editorial
            problems += slot.problems
        events.append(event)
        quotes += checked
        editorial[event.id] = fields
    return events, quotes, editorial, problems


_Outcome = tuple[Event | None, list[CheckedQuote], tuple[str, ...], list[Problem]]


def _check_one(
    todo: tuple[str, str, str], context: str, places: Places, sources: dict[str, Source]
) -> _Outcome:
    """Read, load and check one event file (in the process that checks it: the texts read
    and all the work leaves behind stay there). Its outcome is kept under the digest of
    the bytes read here, which a file changed since it was looked at does not share."""
    path, display, event_id = todo
    raw, problems = read_bytes(path, display)
    if raw is None:
        return None, [], (), problems
    text, problems = decode_text(raw, display)
    if text is None:
        return None, [], (), problems
    key = digest(context, event_id, digest(raw))
    event, doc, problems = load_event(text, display, event_id, places, digest=key)
    if event is None or doc is None:
        return None, [], (), problems
    checked, fields, more = check_event(event, doc, sources)
    return event, checked, fields, problems + more


def _check_all(
    todo: list[tuple[str, str, str]],
    context: str,
    places: Places,
    sources: dict[str, Source],
    *,
    parallel: bool,
) -> list[_Outcome]:
    """Check the events in `todo`; when there are many, on both cores (the forked process
    shares the sources, normalised or not, as they are)."""
    return in_two(
        lambda share: [_check_one(item, context, places, sources) for item in share],
        todo,
        parallel=parallel,
        minimum=PARALLEL_FROM,
        away=True,  # what checking leaves behind stays in the processes that did it
    )


@functools.cache
def markdown_versions() -> str:
    """The versions of the libraries that turn Markdown into safe HTML: a memo of rendered
    summaries holds only while they stay the same (timeline's own code is in the memo's key)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("markdown", "nh3"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} ?")
    return ", ".join(found)


def build_time(dataset: Dataset) -> dt.datetime:
    """The one timestamp of a build: SOURCE_DATE_EPOCH, or the newest source's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    newest = max((s.published for s in dataset.sources.values()), default=dt.date(1970, 1, 1))
    return dt.datetime.combine(newest, dt.time(), dt.UTC)


def event_url(dataset: Dataset, event: Event) -> str:
    """The event page's public address (base_url is required by the site schema)."""
    return f"{dataset.site.base_url.rstrip('/')}/events/{event.id}/"
