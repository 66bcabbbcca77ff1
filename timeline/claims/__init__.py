"""The claim registry: every kind of claim an evidence item's `supports` can make.

Each kind is declared once, as a Kind: how `supports` writes it, what the event must have
for it, how its quote is checked, what `timeline find` says a quote offers it, the lines
`timeline new` writes for it, and its row of the table in docs/format.md. The event
schema's `supports` pattern, the checks of events and evidence, and the commands all read
the kinds from here; register() (or registered()) adds one, and nothing else is needed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from .builtin import BUILTIN
from .kind import Hint, Kind, Quote, Verdict

__all__ = [
    "Hint",
    "Kind",
    "Quote",
    "Verdict",
    "derive_event_schema",
    "generation",
    "kind_of",
    "kinds",
    "register",
    "registered",
    "signature",
    "table",
    "unregister",
    "written",
]

_KINDS: dict[str, Kind] = {kind.name: kind for kind in BUILTIN}
_BY_CLAIM: dict[str, Kind | None] = {}  # each claim met, and its kind
_GENERATION = [0]  # counts the changes, for what is derived from the kinds


def kinds() -> tuple[Kind, ...]:
    """Every kind, in the order the schema's pattern and the documents list them."""
    return tuple(_KINDS.values())


def register(kind: Kind) -> Kind:
    """Add a kind of claim; its name must be new."""
    if kind.name in _KINDS:
        raise ValueError(f"a claim kind named {kind.name!r} is registered already")
    _KINDS[kind.name] = kind
    _changed()
    return kind


def unregister(name: str) -> None:
    """Remove the kind of that name."""
    del _KINDS[name]
    _changed()


@contextlib.contextmanager
def registered(kind: Kind) -> Iterator[Kind]:
    """The kind registered for the `with` block, and removed after it."""
    register(kind)
    try:
        yield kind
    finally:
        unregister(kind.name)


def _changed() -> None:
    _BY_CLAIM.clear()
    _GENERATION[0] += 1


def generation() -> int:
    """A number that changes whenever a kind is added or removed."""
    return _GENERATION[0]


def signature() -> str:
    """The kinds by name and pattern: part of the key of every check result kept."""
    return repr([(kind.name, kind.pattern) for kind in _KINDS.values()])


def kind_of(claim: str) -> Kind | None:
    """The kind of a claim as `supports` writes it ("figures.killed"), if any."""
    try:
        return _BY_CLAIM[claim]
    except KeyError:
        pass
    found = next((kind for kind in _KINDS.values() if re.fullmatch(kind.pattern, claim)), None)
    if len(_BY_CLAIM) < 10_000:  # the claims of a project are few; odd ones are not kept
        _BY_CLAIM[claim] = found
    return found


def written() -> list[str]:
    """How the documents write each kind: date, duration, ..., figures.NAME."""
    return [kind.written for kind in _KINDS.values()]


def derive_event_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The event schema with the `supports` pattern and description the kinds make."""
    supports = schema["properties"]["evidence"]["items"]["properties"]["supports"]
    supports["items"]["pattern"] = "^(" + "|".join(k.pattern for k in _KINDS.values()) + ")$"
    supports["description"] = f"Fields of the event this quote attests: {', '.join(written())}."
    return schema


def table() -> list[str]:
    """The table of docs/format.md, line by line, that says what each kind checks.

    Kinds that the quote's being found proves, all saying the same, share the last row.
    """
    lines = [
        "| supports | the quote must state | and agrees when |",
        "|---|---|---|",
    ]
    groups: dict[tuple[str, str], list[Kind]] = {}
    for kind in _KINDS.values():
        key = (kind.states, kind.agrees) if kind.check is None else (kind.name, "")
        groups.setdefault(key, []).append(kind)
    rows = sorted(groups.values(), key=lambda group: group[0].check is None)
    for group in rows:
        names = ", ".join(f"`{kind.written}`" for kind in group)
        lines.append(f"| {names} | {group[0].states} | {group[0].agrees} |")
    return lines
