"""Source articles: seeds/<id>.txt (never edited) with their metadata seeds/<id>.yaml.

Each text is normalised once, keeping a map from every normalised character back
to the characters it came from, so a quote found in the normalised text can be
reported, highlighted and exported at its exact place in the file as stored.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .cache import digest
from .containment import OUTSIDE, inside
from .problems import Problem, changed, error
from .schema import validate
from .yamlfile import folder_names, parse_yaml, read_source_text, read_text

if TYPE_CHECKING:
    from .cache import CheckCache

# \A and \Z, never ^ and $: a $ also matches before a final newline ("x\n").
SOURCE_ID = re.compile(r"\A[a-z0-9][a-z0-9-]*\Z")

_QUOTES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\uff02", '"'),
    "\u2212": "-",  # the minus sign is not Pd, but editors type it as a dash
}


def _fold(char: str) -> str:
    if char in _QUOTES:
        return _QUOTES[char]
    if unicodedata.category(char) == "Pd":
        return "-"
    return char


@dataclass(frozen=True)
class NormalText:
    """A text after normalisation, with the way back to the original.

    `starts[i]` and `ends[i]` are the code-point offsets in the original text of
    the characters that normalised character `i` came from.
    """

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original of the normalised span [start, end)."""
        return self.starts[start], self.ends[end - 1]


class _CollapsedOffsets(Sequence[int]):
    """The offsets of a text normalised one character to one, but for collapsed space runs.

    Normalised character `n` came from original offset `n + removed` (its start, `shift`
    0) up to `n + removed' + 1` (its end, `shift` 1), where `removed` counts the spaces
    collapsed before it and `removed'` those collapsed up to and including it. Only the
    runs are stored, not two numbers per character.
    """

    def __init__(self, length: int, runs: tuple[int, ...], removed: tuple[int, ...], shift: int):
        self._length = length
        self._runs = runs  # normalised index of each collapsed run, ascending
        self._removed = removed  # spaces removed up to and including each run
        self._shift = shift

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset index out of range")
        run = bisect.bisect_left(self._runs, index + self._shift)
        return index + self._shift + (self._removed[run - 1] if run else 0)

    def __iter__(self) -> Iterator[int]:
        return (self[index] for index in range(self._length))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._length, self._runs, self._removed, self._shift))


# How each character seen so far normalises on its own: None when it does not fold into
# one character by itself (a combining mark, a ligature). Shared by every text.
_FOLDED: dict[str, str | None] = {}


def _fold_alone(char: str) -> str | None:
    if unicodedata.combining(char):
        return None
    normal = unicodedata.normalize("NFKC", char)
    if len(normal) != 1:
        return None
    return " " if normal.isspace() else _fold(normal)


def _single_char_table(text: str) -> dict[str, str] | None:
    """How each character of `text` normalises, when every one does so on its own into one
    character (no combining marks, no ligatures): then the text folds character by
    character (see _translate)."""
    table: dict[str, str] = {}
    for char in set(text):
        folded = _FOLDED.get(char, "")
        if folded == "":
            folded = _FOLDED[char] = _fold_alone(char)
        if folded is None:
            return None
        if folded != char:
            table[char] = folded
    return table


def _translate(text: str, table: dict[str, str]) -> str:
    """text.translate(table) for a table from _single_char_table. No character a table
    folds into is folded again (the folds are already normal), so the order of the
    replacements does not matter, and a few str.replace passes beat translate(), which
    looks up every character of a non-ASCII text in a dict."""
    if len(table) > 24:
        return text.translate({ord(char): folded for char, folded in table.items()})
    for char, folded in table.items():
        text = text.replace(char, folded)
    return text


_SPACE_RUN = re.compile("  +")


def normalise(text: str) -> str:
    """The form quotes and sources are compared in (FORMAT.md: quote matching)."""
    table = _single_char_table(text)
    if table is None:
        return normalise_with_map(text).text.strip()
    return _SPACE_RUN.sub(" ", _translate(text, table)).strip()


def normalise_with_map(original: str) -> NormalText:
    """NFKC, ASCII quotes, '-' for every dash, one space for each whitespace run."""
    table = _single_char_table(original)
    if table is not None:
        # Each character normalises alone into one: only the space runs move offsets.
        folded = _translate(original, table)
        runs: list[int] = []
        removed: list[int] = []
        total = 0
        for match in _SPACE_RUN.finditer(folded):
            runs.append(match.start() - total)
            total += match.end() - match.start() - 1
            removed.append(total)
        text = _SPACE_RUN.sub(" ", folded) if runs else folded
        length = len(text)
        return NormalText(
            text,
            _CollapsedOffsets(length, tuple(runs), tuple(removed), 0),
            _CollapsedOffsets(length, tuple(runs), tuple(removed), 1),
        )
    return _normalise_each_character(original)


def _normalise_each_character(original: str) -> NormalText:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    length = len(original)
    while i < length:
        # A base character and its combining marks normalise together (NFKC composes them).
        j = i + 1
        while j < length and unicodedata.combining(original[j]):
            j += 1
        for char in unicodedata.normalize("NFKC", original[i:j]):
            char = " " if char.isspace() else _fold(char)
            if char == " " and out and out[-1] == " ":
                ends[-1] = j
                continue
            out.append(char)
            starts.append(i)
            ends.append(j)
        i = j
    return NormalText("".join(out), tuple(starts), tuple(ends))


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


def load_sources(
    root: str, display_root: str, store: CheckCache | None = None
) -> tuple[dict[str, Source], list[Problem]]:
    """Load every seeds/<id>.txt with its seeds/<id>.yaml; report what is missing or bad.

    With a check cache (`store`), a source whose two files are byte for byte as when a
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
        if not SOURCE_ID.fullmatch(stem):
            bad = text_display if text_name in names else meta_display
            problems.append(
                error(bad, 1, 1, f'"{stem}" is not a source id; use a-z, 0-9 and "-" only')
            )
            continue
        if text_name not in names:
            problems.append(error(meta_display, 1, 1, f"no source text {text_display} beside it"))
            continue
        if meta_name not in names:
            problems.append(
                error(
                    text_display,
                    1,
                    1,
                    f'no metadata: create {meta_display} with title and published: "YYYY-MM-DD"',
                )
            )
            continue
        paths = (os.path.join(seeds, text_name), os.path.join(seeds, meta_name))
        outside = [
            path
            for path, name in zip(paths, (text_name, meta_name), strict=True)
            if (name in links or not seeds_inside)
            and not inside(os.path.realpath(path), real_root)
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
