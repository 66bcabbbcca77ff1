"""datapackage.json: the Frictionless Data Package (v2) that describes the CSV tables, or,
inline, holds them (`timeline export --format datapackage`)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable

from .csvsafe import restored
from .dataset import Dataset, build_time
from .events import slugify
from .exports import TABLES, table_parts
from .parts import Part, as_bytes
from .tables import TABLE_SCHEMAS

# Licence strings as editors write them in seeds/<id>.yaml -> Open Definition id and text.
KNOWN_LICENSES = {
    "cc by-sa 4.0": ("CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "cc by-sa 3.0": ("CC-BY-SA-3.0", "https://creativecommons.org/licenses/by-sa/3.0/"),
    "cc by 4.0": ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "cc0 1.0": ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}

TABLE_DESCRIPTIONS = {
    "events": "One row per event, in timeline order.",
    "evidence": "One row per quote: where it is in its source and what it supports.",
    "sources": "One row per source text.",
}


def _table_schema(table: str) -> dict:
    return {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        **TABLE_SCHEMAS[table],
        "missingValues": [""],
    }


def _licenses(dataset: Dataset) -> list[dict]:
    """The recognised licences of the quoted sources (sources.csv keeps each as written)."""
    found: dict[str, dict] = {}
    for source in dataset.sources.values():
        known = KNOWN_LICENSES.get(" ".join(source.license.split()).casefold())
        if known:
            found[known[0]] = {"name": known[0], "path": known[1], "title": source.license}
    return [found[name] for name in sorted(found)]


def _inline_rows(table: str, text: str) -> list[list[str]]:
    """The rows of a table's CSV text as its inline `data`: JSON, so every text cell is
    exact again (csvsafe.restored), as in events.json."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    fields = TABLE_SCHEMAS[table]["fields"]
    texts = [number for number, field in enumerate(fields) if field["type"] == "string"]
    for row in rows[1:]:
        for number in texts:
            if row[number][:1] == "'":
                row[number] = restored(row[number])
    return rows


def datapackage(
    dataset: Dataset,
    *,
    inline: bool = False,
    tables: dict[str, Iterable[Part | bytes]] | None = None,
) -> dict:
    """The Frictionless Data Package (v2) describing the CSV tables.

    With `inline`, each table carries its rows (`data`) instead of a `path`, so the one
    file is the whole dataset. `tables` is each table's text, as parts (table_parts) or
    as the bytes of the file written, when there.
    """
    site = dataset.site
    resources_ = [
        _resource(
            table, tables[table] if tables is not None else table_parts(dataset, table), inline
        )
        for table in TABLES
    ]
    descriptor: dict = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": slugify(re.sub(r"[\W_]+", " ", site.title)) or "timeline",
        "id": site.base_url,
        "title": site.title,
        "description": site.description,
        "homepage": site.base_url,
        "created": build_time(dataset).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": sorted({tag for event in dataset.events for tag in event.tags}),
    }
    licenses = _licenses(dataset)
    if licenses:
        descriptor["licenses"] = licenses
    descriptor["sources"] = [
        {"title": f"{source.publisher}: {source.title}".removeprefix(": ")}
        | ({"path": source.url} if source.url else {})
        for source in dataset.sources.values()
    ]
    descriptor["resources"] = resources_
    return descriptor


def _resource(table: str, parts: Iterable[Part | bytes], inline: bool) -> dict:
    """The Data Package resource of one table, given its text: its rows with `inline`,
    else its path, size and hash."""
    resource: dict = {"name": table}
    if inline:
        text = b"".join(as_bytes(parts)).decode("utf-8")
        resource["data"] = _inline_rows(table, text)
    else:
        size, sha256 = 0, hashlib.sha256()
        for data in as_bytes(parts):
            size += len(data)
            sha256.update(data)
        resource |= {
            "path": f"{table}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": size,
            "hash": "sha256:" + sha256.hexdigest(),
            "dialect": {
                "$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
                "header": True,
                "delimiter": ",",
                "lineTerminator": "\r\n",
                "quoteChar": '"',
                "doubleQuote": True,
            },
        }
    return resource | {
        "type": "table",
        "title": f"{table}.csv",
        "description": TABLE_DESCRIPTIONS[table],
        "schema": _table_schema(table),
    }


def datapackage_json(
    dataset: Dataset,
    *,
    inline: bool = False,
    tables: dict[str, Iterable[Part | bytes]] | None = None,
) -> str:
    descriptor = datapackage(dataset, inline=inline, tables=tables)
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
