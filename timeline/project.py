"""Project-wide settings: data/site.yaml and data/places.yaml."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .containment import OUTSIDE, leads_outside
from .problems import Problem, error
from .schema import validate
from .yamlfile import YamlDoc, load_yaml


@dataclass(frozen=True)
class Site:
    """data/site.yaml."""

    title: str
    description: str = ""
    base_url: str = ""
    language: str = "en"


@dataclass(frozen=True)
class Places:
    """Canonical place names and the spellings that stand for them."""

    canonical: tuple[str, ...] = ()
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lookup: dict[str, str] = field(default_factory=dict)  # any spelling (casefolded) -> canonical

    def resolve(self, name: str) -> str | None:
        return self.lookup.get(name.casefold())


def load_site(root: str, display_root: str) -> tuple[Site | None, list[Problem]]:
    path = os.path.join(root, "data", "site.yaml")
    shown = os.path.join(display_root, "data", "site.yaml")
    if not os.path.exists(path):
        return None, [error(shown, 1, 1, "missing: create it with at least `title: ...`")]
    if leads_outside(path, root):
        return None, [error(shown, 1, 1, OUTSIDE)]
    doc, problems = load_yaml(path, shown)
    if doc is None:
        return None, problems
    problems = validate(doc, "site")
    if problems:
        return None, problems
    data = doc.data
    site = Site(
        title=data["title"],
        description=data.get("description", ""),
        base_url=data.get("base_url", ""),
        language=data.get("language", "en"),
    )
    return site, []


def load_places(root: str, display_root: str) -> tuple[Places, list[Problem]]:
    path = os.path.join(root, "data", "places.yaml")
    shown = os.path.join(display_root, "data", "places.yaml")
    if not os.path.exists(path):
        return Places(), []
    if leads_outside(path, root):
        return Places(), [error(shown, 1, 1, OUTSIDE)]
    doc, problems = load_yaml(path, shown)
    if doc is None:
        return Places(), problems
    problems = validate(doc, "places")
    if problems:
        return Places(), problems
    return _places(doc)


def _places(doc: YamlDoc) -> tuple[Places, list[Problem]]:
    lookup: dict[str, str] = {}
    variants: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for name, spellings in doc.data.items():
        variants[name] = tuple(spellings or ())
        for index, spelling in enumerate([name, *variants[name]]):
            key = spelling.casefold()
            owner = lookup.get(key)
            if owner is not None and owner != name:
                where = (name,) if index == 0 else (name, index - 1)
                problems.append(
                    doc.error(
                        where,
                        f'"{spelling}" already names "{owner}"; '
                        "a spelling belongs to one place only",
                    )
                )
                continue
            lookup[key] = name
    return Places(tuple(doc.data), variants, lookup), problems
