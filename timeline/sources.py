"""Source articles: seeds/<id>.txt (never edited) with their metadata seeds/<id>.yaml.

Each text is normalised once (timeline.text.normalise), keeping a map from every
normalised character back to the characters it came from, so a quote found in the
normalised text can be reported, highlighted and exported at its exact place in the
file as stored.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from .containment import OUTSIDE, inside
from .digests import digest
from .problems import Problem, changed, error
from .schema import validate
from .text.normalise import NormalText, normalise_with_map
from .yamlfile import folder_names, parse_yaml, read_source_text, read_text

# \A and \Z, never ^ and $: a $ also matches before a final newline ("x\n").
SOURCE_ID = re.compile(r"\A[a-z0-9][a-z0-9-]*\Z")


@dataclass(frozen=True)
class Source:
    """One source article and its metadata."""

    id: str
    path: str  # display path of the text file
    meta_path: str
    text: str  # exactly as stored
    title: str
    published: dt.date
    publisher: str = ""
    language: str = ""
    note: str = ""
    url: str = ""
    license: str = ""
    digest: str = ""  # of the text and the metadata as stored (timeline.cache)
    # Where the text and the metadata are stored: see release_text().
    files: tuple[str, str] = ("", "")

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        """Where each line starts: made when a quote is first located in this source."""
        return _line_starts(self.text)

    @cached_property
    def normal(self) -> NormalText:
        """The text normalised for matching quotes: made when a quote is first looked up
        (events taken from the check cache look up none)."""
        return normalise_with_map(self.text)

    def release_text(self) -> None:
        """Let go of the text once the quotes are checked: a big site's build need not hold
        every source while it makes pages, most of which show none. `text` is then read
        again from the files when asked for, and must be what was checked (FileChanged
        if not). Without the files' paths (a Source made by hand), the text is kept."""
        if "text" in self.__dict__ and all(self.files):
            del self.__dict__["text"]
            self.forget_normal()

    def __getattr__(self, name: str) -> str:
        # Called for an attribute not found: `text`, once released, is read again.
        if name != "text" or not all(self.__dict__.get("files", ("", ""))):
            raise AttributeError(name)
        text, _ = read_text(self.files[0], self.path, strip_bom=False)
        meta, _ = read_text(self.files[1], self.meta_path)
        if text is None or meta is None or digest(self.id, text, meta) != self.digest:
            raise changed(self.path)
        return text

    def forget_normal(self) -> None:
        """Drop the normal form and the line starts (made again when next asked for): once
        the quotes are checked, a big project need not keep a second copy of every text."""
        self.__dict__.pop("normal", None)
        self.__dict__.pop("line_starts", None)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a code-point offset into the text."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(match.end() for match in re.finditer("\r\n?|\n", text)))  # as editors count


class SourceStore(Protocol):
    """What load_sources keeps what it learnt of the sources in (a CheckCache). Its folder
    is None when it keeps nothing."""

    folder: str | None

    def digest_of(self, path: str) -> str | None: ...
    def known(self, key: str) -> object | None: ...
    def put(self, key: str, entry: object) -> None: ...


def load_sources(
    root: str, display_root: str, store: SourceStore | None = None
) -> tuple[dict[str, Source], list[Problem]]:
    """Load every seeds/<id>.txt with its seeds/<id>.yaml; report what is missing or bad.

    With a store (`store`: the check cache), a source whose two files are byte for byte as when a
    run read them is not read again: its metadata comes from the cache, and its text is
    read when something asks for it (see Source.release_text; most runs check only a few
    quotes, and a build's pages show few texts)."""
    seeds = os.path.join(root, "seeds")
    shown = os.path.join(display_root, "seeds")
    if not os.path.isdir(seeds):
        return {}, [error(shown, 1, 1, "no seeds/ folder: the source texts go there")]
    names, links = folder_names(seeds)
    names = [name for name in names if not name.startswith(".")]
    stems = {os.path.splitext(name)[0] for name in names if name.endswith((".txt", ".yaml"))}
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    real_root = os.path.realpath(root)
    # A file that is no link is as inside the project as the folder holding it.
    seeds_inside = inside(os.path.realpath(seeds), real_root)
    for stem in sorted(stems):
        text_name, meta_name = f"{stem}.txt", f"{stem}.yaml"
        text_display = os.path.join(shown, text_name)
        meta_display = os.path.join(shown, meta_name)
        unpaired = _unpaired(stem, names, text_display, meta_display)
        if unpaired is not None:
            problems.append(unpaired)
            continue
        paths = (os.path.join(seeds, text_name), os.path.join(seeds, meta_name))
        outside = [
            path
            for path, name in zip(paths, (text_name, meta_name), strict=True)
            if (name in links or not seeds_inside) and not inside(os.path.realpath(path), real_root)
        ]
        if outside:
            problems.append(error(text_display, 1, 1, OUTSIDE))
            continue
        key = None
        if store is not None and store.folder is not None:
            bytes_digests = [store.digest_of(path) for path in paths]
            if all(bytes_digests):
                key = digest("source", stem, *bytes_digests)  # type: ignore[arg-type]
                record = store.known(key)
                if isinstance(record, tuple):
                    sources[stem] = _known_source(stem, paths, text_display, meta_display, record)
                    continue
        source, found = _load_source(stem, paths, text_display, meta_display)
        problems += found
        if source:
            sources[stem] = source
            if key is not None:
                store.put(key, _record(source))  # type: ignore[union-attr]
    return sources, problems


def _unpaired(stem: str, names: list[str], text_display: str, meta_display: str) -> Problem | None:
    """What is wrong with the name of a source's pair of files, or None: a stem that is no
    source id, a text without its metadata or metadata without its text."""
    text_name, meta_name = f"{stem}.txt", f"{stem}.yaml"
    if not SOURCE_ID.fullmatch(stem):
        bad = text_display if text_name in names else meta_display
        return error(bad, 1, 1, f'"{stem}" is not a source id; use a-z, 0-9 and "-" only')
    if text_name not in names:
        return error(meta_display, 1, 1, f"no source text {text_display} beside it")
    if meta_name not in names:
        message = f'no metadata: create {meta_display} with title and published: "YYYY-MM-DD"'
        return error(text_display, 1, 1, message)
    return None


_KEPT = ("title", "published", "publisher", "language", "note", "url", "license", "digest")


def _record(source: Source) -> tuple:
    """What a check cache keeps of a source read without a problem: its metadata."""
    return tuple(getattr(source, name) for name in _KEPT)


def _known_source(
    stem: str, paths: tuple[str, str], text_display: str, meta_display: str, record: tuple
) -> Source:
    source = Source(
        id=stem,
        path=text_display,
        meta_path=meta_display,
        text="",
        files=paths,
        **dict(zip(_KEPT, record, strict=True)),
    )
    source.release_text()  # read when asked for
    return source


def _load_source(
    stem: str, paths: tuple[str, str], text_display: str, meta_display: str
) -> tuple[Source | None, list[Problem]]:
    text, problems = read_source_text(paths[0], text_display)
    meta_text, meta_problems = read_text(paths[1], meta_display)
    doc = None
    if meta_text is not None:
        doc, meta_problems = parse_yaml(meta_text, meta_display)
    problems += meta_problems
    if doc is not None:
        problems += validate(doc, "source")
    if text is None or doc is None or problems:
        return None, problems
    meta = doc.data
    published = meta["published"]
    try:
        published_date = dt.date.fromisoformat(published)
    except ValueError:
        return None, [
            doc.error(("published",), f'published must be a day: "YYYY-MM-DD", not "{published}"')
        ]
    source = Source(
        id=stem,
        path=text_display,
        meta_path=meta_display,
        text=text,
        title=meta["title"],
        published=published_date,
        publisher=meta.get("publisher", ""),
        language=meta.get("language", ""),
        note=meta.get("note", ""),
        url=meta.get("url", ""),
        license=meta.get("license", ""),
        digest=digest(stem, text, meta_text or ""),
        files=paths,
    )
    return source, []
