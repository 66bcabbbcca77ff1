"""timeline.json: the dataset in TimelineJS3's JSON format.

Choices (docs/dataset.md, "timeline.json"):

- A date carries only the precision written: "1991" is {"year": 1991}; a decade
  "199X" is its first year with display_date "the 1990s".
- An approximate, uncertain, decade or ongoing date gets a `display_date` in our
  wording ("about 1991 (uncertain)"), so TimelineJS never shows more than we know.
- An end equal to the start is left out (TimelineJS drops it anyway); an ongoing
  interval ("START/..") has no end_date.
- `group` is the event's first tag. Every closed interval is also an era: the wars, the
  blockade and any other span, whatever its tags.
- Headlines are text, escaped, because TimelineJS renders them as HTML; `text` is the
  sanitised summary, then the sources it cites and a link to the event's page.
- Every slide has a `unique_id` (TimelineJS makes random ones otherwise, and rewrites
  ids that start with a digit or repeat a "-"), so the output is deterministic.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

from .dataset import Dataset, event_url
from .edtf import DatePoint
from .events import Event
from .exports import json_document_parts, json_item, json_list_parts, json_value
from .parts import Part, Reuse

TITLE_ID = "timeline-title"


def _tl_date(point: DatePoint) -> dict:
    date: dict = {"year": point.year}
    if point.month is not None:
        date["month"] = point.month
    if point.day is not None:
        date["day"] = point.day
    if point.precision == "decade" or point.approximate or point.uncertain:
        date["display_date"] = point.display()
    return date


def slide_id(event_id: str, taken: set[str]) -> str:
    """An id TimelineJS keeps as it is: no leading digit, no "--", not used before."""
    candidate = re.sub(r"-+", "-", event_id)
    if candidate != event_id or candidate[:1].isdigit():
        candidate = f"event-{candidate}"
    unique, n = candidate, 2
    while unique in taken:
        unique, n = f"{candidate}-{n}", n + 1
    taken.add(unique)
    return unique


def _citation(dataset: Dataset, event: Event) -> str:
    base = dataset.site.base_url.rstrip("/")
    cited = []
    for source_id in dict.fromkeys(item.source for item in event.evidence):
        source = dataset.sources[source_id]
        label = f"{source.publisher}, " if source.publisher else ""
        label += f"\u201c{source.title}\u201d ({source.published.isoformat()})"
        href = html.escape(f"{base}/sources/{source.id}/", quote=True)
        cited.append(f'<a href="{href}">{html.escape(label)}</a>')
    page = html.escape(event_url(dataset, event), quote=True)
    return (
        f'<p class="tl-sources">Sources: {"; ".join(cited)}.</p>'
        f'<p><a href="{page}">The quotes behind this event</a></p>'
    )


def _slide(dataset: Dataset, event: Event, unique_id: str) -> dict:
    date = event.date
    slide: dict = {"unique_id": unique_id, "start_date": _tl_date(date.start)}
    if date.end is not None:
        end = _tl_date(date.end)
        if end != slide["start_date"]:
            slide["end_date"] = end
    points = [date.start, *([date.end] if date.end else [])]
    vague = any(p.approximate or p.uncertain or p.precision == "decade" for p in points)
    if vague or date.open_end:
        slide["display_date"] = date.display()
    slide["text"] = {
        "headline": html.escape(event.title, quote=False),
        "text": dataset.summary(event)[0] + _citation(dataset, event),
    }
    if event.tags:
        slide["group"] = event.tags[0]
    return slide


def _title_slide(dataset: Dataset) -> dict:
    site = dataset.site
    return {
        "unique_id": TITLE_ID,
        "text": {
            "headline": html.escape(site.title, quote=False),
            "text": f"<p>{html.escape(site.description, quote=False)}</p>"
            if site.description
            else "",
        },
    }


def timeline(dataset: Dataset) -> dict:
    """The TimelineJS3 document: a title slide, one slide per event, one era per interval."""
    taken = {TITLE_ID}
    document: dict = {"title": _title_slide(dataset), "events": [], "eras": []}
    for event in dataset.events:
        slide = _slide(dataset, event, slide_id(event.id, taken))
        document["events"].append(slide)
        if event.date.end is not None and "end_date" in slide:
            document["eras"].append(
                {
                    "start_date": slide["start_date"],
                    "end_date": slide["end_date"],
                    "text": {"headline": slide["text"]["headline"]},
                }
            )
    return document


def timeline_json(dataset: Dataset) -> str:
    """json.dumps(timeline(dataset), ensure_ascii=False, indent=2), put together from each
    event's slide."""
    return "".join(timeline_json_parts(dataset))


def timeline_json_parts(dataset: Dataset, reuse: Reuse | None = None) -> Iterator[Part]:
    """timeline_json() in parts, to be written one after the other; with `reuse`, each
    slide is a keyed part (see parts.py)."""
    taken = {TITLE_ID}

    def slide(event: Event) -> tuple[str, Callable[[], str]]:
        unique_id = slide_id(event.id, taken)  # in timeline order, made or not
        return (
            # The id is the event's unless another took it: part of the key, not of its
            # kind (a kind per event would be a digest per event, and one more kept).
            dataset.fragment_key("timeline.json", event) + " " + unique_id,
            lambda: json_item(_slide(dataset, event, unique_id)),
        )

    eras = [era for era in map(_era, dataset.events) if era is not None]
    return json_document_parts(
        title=json_value(_title_slide(dataset)),
        events=json_list_parts(map(slide, dataset.events), reuse),
        eras=json_value(eras),
    )


def _era(event: Event) -> dict | None:
    """The era of a closed interval (as timeline() makes it from the event's slide)."""
    date = event.date
    if date.end is None:
        return None
    start, end = _tl_date(date.start), _tl_date(date.end)
    if end == start:
        return None
    return {
        "start_date": start,
        "end_date": end,
        "text": {"headline": html.escape(event.title, quote=False)},
    }
