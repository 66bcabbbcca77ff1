"""The Table Schemas (Frictionless v2) of the published tables: what each column of
events.csv, evidence.csv and sources.csv holds. The CSV writer reads from them which
cells are text (timeline.exports), and the Data Package carries them
(timeline.datapackage)."""

from __future__ import annotations


def _field(name: str, kind: str, description: str, **extra: object) -> dict:
    return {"name": name, "type": kind, "description": description, **extra}


_REQUIRED = {"required": True}
_LISTED = 'joined with "; "'

TABLE_SCHEMAS: dict[str, dict] = {
    "events": {
        "fields": [
            _field(
                "id",
                "string",
                "Event id: the file name data/events/<id>.yaml.",
                constraints={"required": True, "unique": True, "pattern": "[a-z0-9][a-z0-9-]*"},
            ),
            _field("title", "string", "Headline, plain text.", constraints=_REQUIRED),
            _field(
                "date",
                "string",
                "The date as written, in EDTF (ISO 8601-2).",
                constraints=_REQUIRED,
            ),
            _field(
                "start", "date", "Earliest day the event could have started.", constraints=_REQUIRED
            ),
            _field("end", "date", "Latest day the event could have ended; empty while ongoing."),
            _field(
                "precision",
                "string",
                "Finest precision written.",
                constraints={"required": True, "enum": ["decade", "year", "month", "day"]},
            ),
            _field(
                "approximate",
                "boolean",
                "Some point of the date is approximate (~ or %).",
                constraints=_REQUIRED,
            ),
            _field(
                "uncertain",
                "boolean",
                "Some point of the date is uncertain (? or %).",
                constraints=_REQUIRED,
            ),
            _field(
                "duration_days",
                "integer",
                "Days from start to end of an interval given to the day at both ends.",
                constraints={"minimum": 0},
            ),
            _field("tags", "string", f"Tags, {_LISTED}."),
            _field("places", "string", f"Canonical place names, {_LISTED}."),
            _field("figures", "string", f"Figures as name=number, {_LISTED}."),
            _field("summary", "string", "Summary, Markdown as written."),
            _field("summary_text", "string", "Summary as one line of plain text."),
            _field(
                "url", "string", "Address of the event's page.", format="uri", constraints=_REQUIRED
            ),
            _field(
                "sources",
                "string",
                f"Ids of the sources the event cites, {_LISTED}.",
                constraints=_REQUIRED,
            ),
        ],
        "primaryKey": ["id"],
    },
    "evidence": {
        "fields": [
            _field("event_id", "string", "The event citing the quote.", constraints=_REQUIRED),
            _field(
                "index",
                "integer",
                "Position of the quote in the event's evidence list.",
                constraints={"required": True, "minimum": 0},
            ),
            _field("source_id", "string", "The source quoted.", constraints=_REQUIRED),
            _field("quote", "string", "The quote as the editor wrote it.", constraints=_REQUIRED),
            _field(
                "start",
                "integer",
                "0-based code-point offset in the source text where the passage starts.",
                constraints={"required": True, "minimum": 0},
            ),
            _field(
                "end",
                "integer",
                "Code-point offset just past the passage's end.",
                constraints={"required": True, "minimum": 0},
            ),
            _field(
                "line",
                "integer",
                "1-based line of the passage's start.",
                constraints={"required": True, "minimum": 1},
            ),
            _field(
                "column",
                "integer",
                "1-based column (in code points) of its start.",
                constraints={"required": True, "minimum": 1},
            ),
            _field("supports", "string", f"Fields of the event the quote attests, {_LISTED}."),
            _field(
                "confirmed",
                "boolean",
                "Every claim the quote supports was checked true.",
                constraints=_REQUIRED,
            ),
        ],
        "primaryKey": ["event_id", "index"],
        "foreignKeys": [
            {"fields": ["event_id"], "reference": {"resource": "events", "fields": ["id"]}},
            {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["id"]}},
        ],
    },
    "sources": {
        "fields": [
            _field(
                "id",
                "string",
                "Source id: seeds/<id>.txt in the project.",
                constraints={"required": True, "unique": True},
            ),
            _field("title", "string", "Title of the article.", constraints=_REQUIRED),
            _field("publisher", "string", "Who published it."),
            _field(
                "published",
                "date",
                "Day of publication (relative dates count from it).",
                constraints=_REQUIRED,
            ),
            _field("language", "string", "Language code."),
            _field("url", "string", "Where it was published, when known.", format="uri"),
            _field("license", "string", "Its licence, as written by the editors."),
            _field(
                "path",
                "string",
                "The text file in the project the offsets refer to.",
                constraints=_REQUIRED,
            ),
        ],
        "primaryKey": ["id"],
    },
}
