"""What a claim kind is: the one declaration each kind of `supports` entry has."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import datetime

    from ..dates import EventDate


class Claimant(Protocol):
    """What a check reads of the event that makes the claim (an events.Event, which
    itself reads the kinds, so it is not named here)."""

    @property
    def date(self) -> EventDate: ...

    @property
    def figures(self) -> Mapping[str, int]: ...


class Source(Protocol):
    """What a check reads of the source quoted (a sources.Source, which reads the event
    schema and so the kinds)."""

    @property
    def published(self) -> datetime.date: ...

    @property
    def language(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Quote:
    """What a kind's check is given: one claim of one evidence item, its quote found."""

    event: Claimant
    claim: str  # as written in `supports`, e.g. "figures.killed"
    index: int  # of the evidence item
    text: str  # the quote, normalised as the source's text is
    source: Source
    label: str  # how messages name the item: "evidence[0] (article)"


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a check found: whether the claim holds, the errors to report, and what the
    quote states that agrees with the event (for the warnings about editorial fields)."""

    ok: bool
    problems: tuple[tuple[tuple[Any, ...], str], ...] = ()  # (path in the event file, message)
    attested: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class Hint:
    """Something a quote states that a claim of this kind could rest on (timeline find)."""

    start: int  # offsets into the quote
    end: int
    text: str  # e.g. "states a duration: 44 days"


# The error when the event lacks what the claim needs (None when it has it), given the
# claim, the event's validated mapping and its parsed date.
Needs = Callable[[str, Mapping[str, Any], "EventDate"], "str | None"]
Check = Callable[[Quote], Verdict]
Hints = Callable[[str, "Source"], list[Hint]]


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of claim a quote can support.

    `pattern` is a regular expression (JSON Schema's dialect, without anchors) of the
    claims of this kind as `supports` writes them; `written` is how documents name them.
    A kind without `check` holds when the quote is found in its source.
    """

    name: str  # an identifier: "date", "figures"
    written: str  # "date", "figures.NAME"
    pattern: str  # "date", "figures\\.[a-z][a-z0-9_]*"
    states: str = "nothing more"  # docs/format.md: what the quote must state
    agrees: str = "the quote is in its source"  # docs/format.md: and when it agrees
    needs: Needs | None = None
    check: Check | None = None
    hints: Hints | None = None
    # Whether a hint of this kind within one of another kind is left out (a number inside
    # a date): such hints never hide others.
    nested: bool = False
    skeleton: tuple[str, ...] = ()  # lines `timeline new` writes before `evidence:`
