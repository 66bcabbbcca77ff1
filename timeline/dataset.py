"""The checked dataset: every record loaded, proven and sorted, and its exports."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field

from .events import Event, load_events
from .evidence import CheckedQuote, check_evidence
from .markup import plain_text, render_markdown
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


def event_url(dataset: Dataset, event: Event) -> str:
    """The event page's public address (base_url is required by the site schema)."""
    return f"{dataset.site.base_url.rstrip('/')}/events/{event.id}/"


EVENT_COLUMNS = [
    "id",
    "title",
    "date",
    "start",
    "end",
    "precision",
    "approximate",
    "uncertain",
    "duration_days",
    "tags",
    "places",
    "figures",
    "summary",
    "summary_text",
    "url",
    "sources",
]
EVIDENCE_COLUMNS = [
    "event_id",
    "index",
    "source_id",
    "quote",
    "start",
    "end",
    "line",
    "column",
    "supports",
    "confirmed",
]
SOURCE_COLUMNS = ["id", "title", "publisher", "published", "language", "url", "license", "path"]


def event_record(dataset: Dataset, event: Event) -> dict:
    """One event as the exports carry it (stable key order = column order)."""
    date = event.date
    points = [date.start] + ([date.end] if date.end else [])
    return {
        "id": event.id,
        "title": event.title,
        "date": date.text,
        "start": date.earliest.isoformat(),
        "end": None if date.open_end else date.latest.isoformat(),
        "precision": date.precision,
        "approximate": any(point.approximate for point in points),
        "uncertain": any(point.uncertain for point in points),
        "duration_days": date.duration_days(),
        "tags": list(event.tags),
        "places": list(event.places),
        "figures": dict(event.figures),
        "summary": event.summary,
        "summary_text": plain_text(render_markdown(event.summary)),
        "url": event_url(dataset, event),
        "sources": sorted({item.source for item in event.evidence}),
    }


def events_json(dataset: Dataset) -> str:
    document = {
        "title": dataset.site.title,
        "description": dataset.site.description,
        "events": [event_record(dataset, event) for event in dataset.events],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}={item}" for key, item in value.items())
    return "" if value is None else value


def events_csv(dataset: Dataset) -> str:
    return _csv(EVENT_COLUMNS, [event_record(dataset, event) for event in dataset.events])


def evidence_csv(dataset: Dataset) -> str:
    rows = [
        {
            "event_id": quote.event_id,
            "index": quote.index,
            "source_id": quote.source_id,
            "quote": quote.quote,
            "start": quote.start,
            "end": quote.end,
            "line": quote.line,
            "column": quote.col,
            "supports": list(quote.supports),
            "confirmed": quote.confirmed,
        }
        for event in dataset.events
        for quote in dataset.quotes_by_event.get(event.id, [])
    ]
    return _csv(EVIDENCE_COLUMNS, rows)


def sources_csv(dataset: Dataset) -> str:
    rows = [
        {
            "id": source.id,
            "title": source.title,
            "publisher": source.publisher,
            "published": source.published.isoformat(),
            "language": source.language,
            "url": source.url,
            "license": source.license,
            "path": os.path.join("seeds", f"{source.id}.txt"),
        }
        for source in dataset.sources.values()
    ]
    return _csv(SOURCE_COLUMNS, rows)
