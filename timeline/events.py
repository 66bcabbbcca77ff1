"""Events: data/events/<id>.yaml, strictly loaded into typed records."""

from __future__ import annotations

import functools
import os
import re
import sys
from dataclasses import dataclass

from . import claims
from .containment import OUTSIDE
from .dates import DateError, EventDate, parse_date
from .problems import Problem, error, warning
from .project import Places
from .schema import validate
from .sources import SOURCE_ID
from .yamlfile import YamlDoc, folder_names, parse_yaml

EVENT_ID = SOURCE_ID
MAX_EVENTS = 100_000


@dataclass(frozen=True, slots=True)
class Evidence:
    """One quote an event cites, and the fields it is said to support."""

    index: int
    source: str
    quote: str
    supports: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    path: str
    title: str
    date: EventDate
    summary: str
    tags: tuple[str, ...]
    places: tuple[str, ...]  # canonical names, in the order written
    figures: dict[str, int]
    evidence: tuple[Evidence, ...]
    digest: str = ""  # of what the event was read from (timeline.cache)

    def sort_key(self) -> tuple:
        return (*self.date.sort_key(), self.id)


@functools.lru_cache(maxsize=4096)  # the same tags and places come back on every event
def slugify(text: str) -> str:
    """A file-name-safe id: lower-case ASCII letters, digits and '-'."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def event_files(root: str, display_root: str) -> tuple[list[tuple[str, str, str]], list[Problem]]:
    """The event files as (path, path as shown, event id), and the problems with the rest."""
    folder = os.path.join(root, "data", "events")
    shown = os.path.join(display_root, "data", "events")
    if not os.path.isdir(folder):
        return [], [error(shown, 1, 1, "no data/events/ folder: put one YAML file per event there")]
    files: list[tuple[str, str, str]] = []
    problems: list[Problem] = []
    real_root = os.path.realpath(root) + os.sep
    folder_inside = os.path.realpath(folder).startswith(real_root)
    names, links = folder_names(folder)
    for name in names[: MAX_EVENTS + 1]:
        display = os.path.join(shown, name)
        stem, ext = os.path.splitext(name)
        if name.startswith(".") or ext not in (".yaml", ".yml"):
            continue
        if ext == ".yml":
            problems.append(
                error(display, 1, 1, f"event files end in .yaml; rename it {stem}.yaml")
            )
            continue
        if not EVENT_ID.fullmatch(stem):
            problems.append(
                error(
                    display,
                    1,
                    1,
                    f'"{stem}" is not an event id: use a-z, 0-9 and "-", '
                    f"e.g. {slugify(stem) or 'event'}.yaml",
                )
            )
            continue
        path = os.path.join(folder, name)
        # Only a link can lead outside (realpath costs a system call per path component).
        if not (folder_inside and name not in links) and not os.path.realpath(path).startswith(
            real_root
        ):
            problems.append(error(display, 1, 1, OUTSIDE))
            continue
        files.append((path, display, stem))
    if len(names) > MAX_EVENTS:
        problems.append(error(shown, 1, 1, f"more than {MAX_EVENTS:,} files; the limit"))
    return files, problems


def load_event(
    text: str, display: str, event_id: str, places: Places, *, digest: str = ""
) -> tuple[Event | None, YamlDoc | None, list[Problem]]:
    """Parse and validate one event file's text.

    Returns the event (None when it has an error) and its YAML document, which knows the
    line and column of every field for the evidence checks that follow.
    """
    doc, problems = parse_yaml(text, display)
    if doc is None:
        return None, None, problems
    problems = validate(doc, "event")
    if problems:
        return None, doc, problems
    data = doc.data
    try:
        date = parse_date(data["date"])
    except DateError as exc:
        return None, doc, [doc.error(("date",), str(exc))]
    figures = data.get("figures") or {}
    evidence = []
    for index, item in enumerate(data["evidence"]):
        supports = tuple(map(sys.intern, item.get("supports") or ()))
        for position, claim in enumerate(supports):
            # What the event must have for the claim (a figure of that name, an interval).
            kind = claims.kind_of(claim)
            lacking = kind.needs(claim, data, date) if kind and kind.needs else None
            if lacking:
                problems.append(doc.error(("evidence", index, "supports", position), lacking))
        evidence.append(Evidence(index, sys.intern(item["source"]), item["quote"], supports))
    canonical_places = _canonical_places(doc, display, places, problems)
    if any(problem.is_error for problem in problems):
        return None, doc, problems
    event = Event(
        id=event_id,
        path=display,
        title=data["title"],
        date=date,
        summary=data.get("summary", ""),
        # Names that come back on many events are held once (a big project's memory);
        # the schema has proven each a string.
        tags=tuple(map(sys.intern, data.get("tags") or ())),
        places=tuple(map(sys.intern, canonical_places)),
        figures={sys.intern(name): value for name, value in figures.items()},
        evidence=tuple(evidence),
        digest=digest,
    )
    return event, doc, problems


def _canonical_places(doc: YamlDoc, display: str, places: Places, problems: list) -> list[str]:
    """The event's places under their canonical names, each once; a warning added to
    `problems` for each name data/places.yaml does not know (kept as written)."""
    canonical_places: list[str] = []
    for index, name in enumerate(doc.data.get("places") or ()):
        canonical = places.resolve(name)
        if canonical is None:
            line, col = doc.at("places", index)
            problems.append(
                warning(
                    display,
                    line,
                    col,
                    f'place "{name}" is not in data/places.yaml; add it '
                    "there (with its spellings) so the site can list it",
                )
            )
            canonical = name
        if canonical not in canonical_places:
            canonical_places.append(canonical)
    return canonical_places
