"""The folder names of the site's tag and place pages: readable in every script, and
each name's own, so that no page stands for two names.

Event and source ids are not made here: they are the file names, a-z, 0-9 and "-"
(events.slugify suggests one).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

# Of a slug's UTF-8, before any "-2": a long name in a non-Latin script (200 characters,
# 2 to 4 bytes each) still makes a folder name well inside the usual limit of 255 bytes.
MAX_BYTES = 200


@functools.lru_cache(maxsize=4096)
def _letter(char: str) -> str:
    """`char` (no mark) as a slug spells it: a Latin letter without its accents ("ş": "s"),
    any other letter or digit as it is, lower-cased, and anything else " "."""
    folded = unicodedata.normalize("NFKD", char)
    if all(c.isascii() or unicodedata.combining(c) for c in folded):
        letters = "".join(c for c in folded if c.isascii() and c.isalnum()).lower()
        return letters or " "
    return char.lower() if unicodedata.category(char)[0] in "LN" else " "


@functools.lru_cache(maxsize=4096)
def page_slug(name: str) -> str:
    """`name` as a folder name: its letters and digits of any script, lower-cased (NFC),
    each run of anything else one "-": "Ереван" -> "ереван", "Stepanakert!" -> "stepanakert",
    "Şuşa" -> "susa". A name of Latin letters gets the slug events.slugify gives it."""
    spelt: list[str] = []
    for char in unicodedata.normalize("NFC", name):
        if unicodedata.category(char)[0] != "M":
            spelt.append(_letter(char))
        elif spelt and not spelt[-1].isascii():  # a vowel sign, a virama: with its letter
            spelt.append(char)
        # else the accent of a Latin letter (dropped, as its letter is written in ASCII)
    slug = "-".join(unicodedata.normalize("NFC", "".join(spelt)).split())
    encoded = slug.encode("utf-8")
    if len(encoded) > MAX_BYTES:
        slug = encoded[:MAX_BYTES].decode("utf-8", "ignore").rstrip("-")
    return slug


def unique_slugs(names: Iterable[str], fallback: str) -> dict[str, str]:
    """A slug for each name, no two the same (nor the same but for letter case, as a
    case-insensitive file system sees them): where names share one ("Stepanakert",
    "Stepanakert!"), the first in sorted order keeps it, the others get "-2", "-3"...,
    never one that is another name's own slug. A name with no letters gets `fallback`."""
    wanted = {name: page_slug(name) or fallback for name in sorted(set(names))}
    taken = {slug.casefold() for slug in wanted.values()}
    given: set[str] = set()
    slugs: dict[str, str] = {}
    for name, slug in wanted.items():
        if slug.casefold() in given:
            number = 2
            while f"{slug}-{number}".casefold() in taken:
                number += 1
            slug = f"{slug}-{number}"
            taken.add(slug.casefold())
        given.add(slug.casefold())
        slugs[name] = slug
    return slugs
