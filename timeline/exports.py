"""The dataset as files others reuse: events.json, the CSV tables and their Data Package.

Column order is part of the contract (docs/dataset.md): new columns are only ever
appended. Every export is a pure function of the checked dataset (and, for
datapackage.json's `created`, of SOURCE_DATE_EPOCH), so two builds match byte for byte.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator

from .csvsafe import RISKY_STARTS, defused
from .dataset import Dataset, event_url
from .events import Event
from .parts import Part, Reuse, keyed
from .schema import published_text
from .tables import TABLE_SCHEMAS

EVENT_COLUMNS = (
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
)
EVIDENCE_COLUMNS = (
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
)
SOURCE_COLUMNS = ("id", "title", "publisher", "published", "language", "url", "license", "path")
TABLES = ("events", "evidence", "sources")
# The JSON Schemas a build publishes in schema/: the event YAML files and events.json.
PUBLISHED_SCHEMAS = ("event.schema.json", "events.schema.json")
LIST_SEPARATOR = "; "

# -- records -----------------------------------------------------------------------------


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
        "summary_text": dataset.summary(event)[1],
        "url": event_url(dataset, event),
        "sources": sorted({item.source for item in event.evidence}),
    }


def evidence_records(dataset: Dataset) -> list[dict]:
    """One row per quote, in timeline order, then in the order each event cites them."""
    return [row for event in dataset.events for row in _evidence_rows(dataset, event)]


def _evidence_rows(dataset: Dataset, event: Event) -> list[dict]:
    return [
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
        for quote in dataset.quotes_by_event.get(event.id, [])
    ]


def source_records(dataset: Dataset) -> list[dict]:
    return [
        {
            "id": source.id,
            "title": source.title,
            "publisher": source.publisher,
            "published": source.published.isoformat(),
            "language": source.language,
            "url": source.url,
            "license": source.license,
            "path": f"seeds/{source.id}.txt",
        }
        for source in dataset.sources.values()
    ]


# -- events.json and the CSV tables --------------------------------------------------------


def events_json(dataset: Dataset) -> str:
    """events.json: {"title", "description", "events": [...]}; see schema/events.schema.json.

    The text is json.dumps(document, ensure_ascii=False, indent=2), put together from each
    event's record.
    """
    return "".join(events_json_parts(dataset))


def events_json_parts(dataset: Dataset, reuse: Reuse | None = None) -> Iterator[Part]:
    """events_json() in parts, to be written one after the other (never all in memory).

    With `reuse`, each event's record is a keyed part (see parts.py): copied from the last
    build's events.json when it is there."""
    records = (
        (
            dataset.fragment_key("events.json", event),
            lambda event=event: json_item(event_record(dataset, event)),
        )
        for event in dataset.events
    )
    return json_document_parts(
        title=json_value(dataset.site.title),
        description=json_value(dataset.site.description),
        events=json_list_parts(records, reuse),
    )


# The text json.dumps(document, ensure_ascii=False, indent=2) writes, put together from
# pieces: a document is an object whose members are values or lists of objects.


def json_document_parts(**members: str | Iterable[Part]) -> Iterator[Part]:
    """The document from its members' texts (json_value, or json_list_parts for a list of
    json_item texts), in parts."""
    yield "{\n"
    for number, (name, text) in enumerate(members.items()):
        if number:
            yield ",\n"
        yield f"  {json.dumps(name)}: "
        if isinstance(text, str):
            yield text
        else:
            yield from text
    yield "\n}\n"


def json_value(value: object) -> str:
    """A member's value, at the depth of a member."""
    return indented_json(value, "  ")


def json_item(value: object) -> str:
    """One item of a member's list, at the depth of an item (one event's part)."""
    return "    " + indented_json(value, "    ")


_STRING = json.encoder.encode_basestring  # json's own (in C), as with ensure_ascii=False
_FLOATS = {float("nan"): "NaN", float("inf"): "Infinity", -float("inf"): "-Infinity"}


def indented_json(value: object, pad: str = "") -> str:
    """json.dumps(value, ensure_ascii=False, indent=2) with `pad` before every line but
    the first: the same text, made 1.6 times faster for an event's record (json.dumps
    writes indented JSON in Python, a value at a time; here a string is escaped by
    json's C function)."""
    kind = type(value)
    if kind is str:
        return _STRING(value)
    if kind is dict:
        if not value:
            return "{}"
        if not all(type(key) is str for key in value):  # noqa: E721 - json converts others
            return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
        inner = pad + "  "
        members = ",\n".join(
            f"{inner}{_STRING(key)}: {indented_json(item, inner)}"
            for key, item in value.items()  # type: ignore[attr-defined]
        )
        return f"{{\n{members}\n{pad}}}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        items = ",\n".join(inner + indented_json(item, inner) for item in value)  # type: ignore[attr-defined]
        return f"[\n{items}\n{pad}]"
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)  # type: ignore[arg-type]
    if kind is float:
        return _FLOATS.get(value) or (  # type: ignore[call-overload]
            "NaN" if value != value else float.__repr__(value)  # type: ignore[arg-type]
        )
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)


def json_list_parts(
    items: Iterable[tuple[str, Callable[[], str]]], reuse: Reuse | None = None
) -> Iterator[Part]:
    """A member's list from its items, each a key and the maker of its json_item text, in
    parts. With `reuse`, an item and the separator before it are one keyed part, so that
    the items the last build wrote are copied from its file in one run."""
    empty = True
    for key, make in items:
        if empty:
            yield keyed(reuse, key + "[", lambda make=make: "[\n" + make())
        else:
            yield keyed(reuse, key + ",", lambda make=make: ",\n" + make())
        empty = False
    yield "[]" if empty else "\n  ]"


def _csv(columns: tuple[str, ...], rows: list[dict]) -> str:
    return _csv_rows(columns, [_header(columns), *rows])


def _header(columns: tuple[str, ...]) -> dict:
    return dict(zip(columns, columns, strict=True))


def _csv_rows(columns: tuple[str, ...], rows: list[dict]) -> str:
    """What csv.DictWriter writes for `rows`: RFC 4180, CRLF line ends, a field quoted
    when it holds , " or a line break (its quotes doubled). Made with str methods, in C,
    rather than csv's look at every character. A text cell that would start a formula
    gets a leading ' (csvsafe.py): in a table's string columns, in any column else."""
    kinds = _TEXT_COLUMNS.get(columns) or [(column, True) for column in columns]
    lines = []
    for row in rows:
        fields = [_csv_field(_cell(row.get(column, "")), text) for column, text in kinds]
        lines.append(",".join(fields) if fields != [""] else '""')
    lines.append("")
    return "\r\n".join(lines)


_CSV_QUOTED = re.compile('[,"\r\n]')


def _csv_field(value: object, text_column: bool = True) -> str:  # a _cell(): never None
    if type(value) is str:
        text = value
        if text_column and text[:1] in RISKY_STARTS:
            text = defused(text)
    else:
        text = str(value)
    if _CSV_QUOTED.search(text) is None:  # type: ignore[arg-type]
        return text  # type: ignore[return-value]
    return '"' + text.replace('"', '""') + '"'  # type: ignore[union-attr]


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, dict):
        return LIST_SEPARATOR.join(f"{key}={item}" for key, item in value.items())
    return "" if value is None else value


def _csv_by_event(
    dataset: Dataset, table: str, columns: tuple[str, ...], rows, reuse: Reuse | None
) -> Iterator[Part]:
    """A table whose rows come from one event each, in parts, as they are made: its
    header, then each event's rows (with `reuse`, keyed parts: see parts.py)."""
    yield _csv_rows(columns, [_header(columns)])
    for event in dataset.events:
        yield keyed(
            reuse,
            dataset.fragment_key(table, event),
            lambda event=event: _csv_rows(columns, rows(event)),
        )


def events_csv(dataset: Dataset) -> str:
    return "".join(table_parts(dataset, "events"))


def evidence_csv(dataset: Dataset) -> str:
    return "".join(table_parts(dataset, "evidence"))


def sources_csv(dataset: Dataset) -> str:
    return "".join(table_parts(dataset, "sources"))


def table_csv(dataset: Dataset, table: str) -> str:
    """One of TABLES as CSV text."""
    return "".join(table_parts(dataset, table))


def table_parts(dataset: Dataset, table: str, reuse: Reuse | None = None) -> Iterator[Part]:
    """One of TABLES as CSV text in parts, made as they are asked for (with `reuse`, an
    event's rows are a keyed part: see parts.py)."""
    if table == "events":
        return _csv_by_event(
            dataset,
            "events.csv",
            EVENT_COLUMNS,
            lambda event: [event_record(dataset, event)],
            reuse,
        )
    if table == "evidence":
        return _csv_by_event(
            dataset,
            "evidence.csv",
            EVIDENCE_COLUMNS,
            lambda event: _evidence_rows(dataset, event),
            reuse,
        )
    if table == "sources":
        return iter([_csv(SOURCE_COLUMNS, source_records(dataset))])
    raise KeyError(table)


def published_schema(name: str) -> str:
    """The text a build publishes as schema/<name>: see schema.published_text."""
    return published_text(name.removesuffix(".schema.json"))


# Each table's columns -> (column, whether its schema types it "string"), for _csv_rows.
_TEXT_COLUMNS = {
    columns: [
        (field["name"], field["type"] == "string") for field in TABLE_SCHEMAS[table]["fields"]
    ]
    for table, columns in zip(
        TABLES, (EVENT_COLUMNS, EVIDENCE_COLUMNS, SOURCE_COLUMNS), strict=True
    )
}
