"""The checked dataset: every record loaded, proven and sorted (timeline.exports writes it)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace

from .events import Event, load_events
from .evidence import CheckedQuote, check_evidence
from .problems import Problem
from .project import Places, Site, load_places, load_site
from .sources import Source, load_sources


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

    def with_base_url(self, base_url: str) -> Dataset:
        """The same dataset, published at another address (--base-url, the preview)."""
        return replace(self, site=replace(self.site, base_url=base_url.rstrip("/") + "/"))

    def summary(self, event: Event) -> tuple[str, str]:
        """An event's summary as sanitised HTML and as one line of plain text."""
        rendered = self._summaries.get(event.id)
        if rendered is None:
            # Imported here: `timeline check` renders no Markdown and need not load it.
            from .markup import plain_text, render_markdown

            summary_html = render_markdown(event.summary)
            rendered = self._summaries[event.id] = (summary_html, plain_text(summary_html))
        return rendered


@dataclass(frozen=True)
class CheckResult:
    dataset: Dataset | None  # None when the project could not be read at all
    problems: list[Problem]
    events: int  # how many were read and checked
    sources: int
    quotes: int


def load_project(root: str, *, display_root: str = "") -> CheckResult:
    """Read and check a whole project; collect every problem rather than stop at the first."""
    problems: list[Problem] = []
    site, found = load_site(root, display_root)
    problems += found
    places, found = load_places(root, display_root)
    problems += found
    sources, found = load_sources(root, display_root)
    problems += found
    events, found = load_events(root, display_root, places)
    problems += found
    all_loaded = not any(problem.is_error for problem in found)
    report = check_evidence(events, sources, all_events_loaded=all_loaded)
    problems += report.problems
    # A stable sort: problems at one place keep the order the checks found them in.
    problems.sort(key=lambda p: (p.path, p.line, p.col))
    events.sort(key=Event.sort_key)
    by_event: dict[str, list[CheckedQuote]] = {}
    by_source: dict[str, list[CheckedQuote]] = {source_id: [] for source_id in sources}
    for quote in report.quotes:
        by_event.setdefault(quote.event_id, []).append(quote)
        by_source[quote.source_id].append(quote)
    for quotes in by_source.values():
        quotes.sort(key=lambda q: (q.start, q.end, q.event_id, q.index))
    counts = {
        "events": len(events),
        "sources": len(sources),
        "quotes": sum(len(event.evidence) for event in events),
    }
    if site is None:
        return CheckResult(None, problems, **counts)
    dataset = Dataset(
        site=site,
        places=places,
        sources=dict(sorted(sources.items())),
        events=events,
        quotes=report.quotes,
        editorial=report.editorial,
        quotes_by_event=by_event,
        quotes_by_source=by_source,
    )
    return CheckResult(dataset, problems, **counts)


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
