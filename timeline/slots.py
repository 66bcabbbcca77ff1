"""The keyed parts of listing pages: each event's item stands in a template's context as a
token (Slot), and Slots.spliced() puts each part where its token is, copied from the last
build's page when it is there (timeline.parts)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator

import jinja2
import jinja2.meta
import jinja2.nodes
from markupsafe import Markup

from .parts import Part, Reuse, keyed


class Slot:
    """An item of a listing, as its page's template sees it: `listed` (a feed entry's
    `xml`) stands for the item's whole part of the page, put in by Slots.spliced() where
    the template writes it; any other attribute is the item's own, made when first asked
    for (a template that shows `item.title` itself still works)."""

    __slots__ = ("_token", "_name", "_make", "_item")

    def __init__(self, token: Markup, name: str, make: Callable[[], dict]) -> None:
        self._token = token
        self._name = name
        self._make = make
        self._item: dict | None = None

    def __getattr__(self, attribute: str) -> object:
        if attribute == self._name:
            return self._token
        try:
            return self[attribute]
        except KeyError:
            raise AttributeError(attribute) from None

    def __getitem__(self, key: str) -> object:
        if key == self._name:
            return self._token
        if self._item is None:
            self._item = self._make()
        return self._item[key]


# What stands for a keyed part in a template's output: never in a page (a NUL and a
# number drawn afresh by each run; digits only, which no change of case alters).
_TOKEN = f"\0{int.from_bytes(os.urandom(8), 'big')}-"
_TOKENS = re.compile(re.escape(_TOKEN) + "([0-9]+)\0")
# What stands for `root` in a line rendered for every page (SiteBuilder._line), the same way.
ROOT = f"\0{int.from_bytes(os.urandom(8), 'big')}\0"
ITEMS_KEPT = 8


def root_only_written(env: jinja2.Environment, *names: str) -> bool:
    """Whether the templates `names`, and all they include or import, use `root` only
    to write it out as it is ({{ root }} or {{ root }}{{ ... }}): then what they render
    for one `root` is what they render for a token in its place, with the token replaced.
    Anything else (a test, a filter, a loop over it, a template named at run time) is no."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0] if env.loader else ""
        tree = env.parse(source)
        written = {
            id(node)
            for output in tree.find_all(jinja2.nodes.Output)
            for node in output.nodes
            if isinstance(node, jinja2.nodes.Name)
        }
        for node in tree.find_all(jinja2.nodes.Name):
            if node.name == "root" and id(node) not in written:
                return False
        for included in jinja2.meta.find_referenced_templates(tree):
            if included is None:
                return False
            todo.append(included)
    return True


class Slots:
    """The keyed parts of a listing page (parts.py), each standing in the template's
    context as a token: spliced() puts each part where its token is, copied from the last
    build's page (`reuse`) when it is there, made when not."""

    def __init__(self, reuse: Reuse | None) -> None:
        self.reuse = reuse
        self.parts: list[tuple[str, Callable[[], str]]] = []

    def add(self, key: str, make: Callable[[], str]) -> Markup:
        self.parts.append((key, make))
        return Markup(f"{_TOKEN}{len(self.parts) - 1}\0")

    def spliced(self, chunks: Iterable[str], size: int = 1 << 16) -> Iterator[Part]:
        """The template's output with each token replaced by its part; the text between
        them joined into pieces of about `size` characters."""
        buffer: list[str] = []
        length = 0
        start = len(_TOKEN)
        for chunk in chunks:
            if "\0" not in chunk:
                buffer.append(chunk)
                length += len(chunk)
                if length >= size:
                    yield "".join(buffer)
                    buffer.clear()
                    length = 0
                continue
            number = chunk[start:-1]
            alone = (  # the common case: a template writes `item.listed` on its own
                chunk.startswith(_TOKEN)
                and chunk[-1] == "\0"
                and number.isascii()
                and number.isdigit()
            )
            for place, piece in enumerate(("", number) if alone else _TOKENS.split(chunk)):
                if place % 2 == 0:
                    if piece:  # none between two parts side by side
                        buffer.append(piece)
                        length += len(piece)
                    continue
                if buffer:
                    yield "".join(buffer)
                    buffer.clear()
                    length = 0
                key, make = self.parts[int(piece)]
                yield keyed(self.reuse, key, make)
        if buffer:
            yield "".join(buffer)
