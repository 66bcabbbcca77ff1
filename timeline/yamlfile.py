"""Strict YAML loading for hand-edited files: plain values plus the line:col of every node.

PyYAML's defaults suit machines, not editors: it keeps the last of two duplicate
keys, expands aliases, and quietly turns `2023-09-19` into a date or `no` into
False. Here the C composer builds the node graph (fast), and our own walk turns
it into plain values, refusing what an editor would not mean and recording where
each value was written so that every problem can point at it.
"""

from __future__ import annotations

import calendar
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

from .edtf import MONTHS
from .files import NotAFile, read_file
from .problems import Problem, error

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 32
MAX_NODES = 200_000
# libyaml's composer recurses once per level and overflows the C stack somewhere past
# 20,000; a text that could nest that deep is first measured with the (iterative) parser.
_SAFE_TO_COMPOSE = 5_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()

Path = tuple[Any, ...]


@dataclass(frozen=True)
class YamlDoc:
    """A loaded YAML file: its data and where each value and key was written."""

    path: str
    data: Any
    value_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def at(self, *path: Any) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest written parent."""
        for end in range(len(path), -1, -1):
            mark = self.value_marks.get(tuple(path[:end]))
            if mark:
                return mark
        return (1, 1)

    def key_at(self, *path: Any) -> tuple[int, int]:
        """Line and column of the key naming `path` (falls back to the value)."""
        return self.key_marks.get(tuple(path)) or self.at(*path)

    def error(self, path: Path, message: str, *, key: bool = False) -> Problem:
        line, col = self.key_at(*path) if key else self.at(*path)
        return error(self.path, line, col, message)


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str, *, alias: bool = False) -> None:
        super().__init__(message)
        self.node = node
        self.message = message
        self.alias = alias


def _first_alias(text: str) -> yaml.Mark | None:
    # The composed graph keeps no trace of where an alias was written; the events do.
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark
    return None


def _too_deep(text: str) -> yaml.Mark | None:
    """Where the nesting first goes past MAX_DEPTH, when the text could nest dangerously deep."""
    # Every level opens with one of these characters or a new line: a cheap upper bound.
    if sum(text.count(char) for char in "[{-?:\n") < _SAFE_TO_COMPOSE:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH + 1:  # the walker counts levels below the top collection
                return event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def folder_names(folder: str) -> tuple[list[str], set[str]]:
    """The names in `folder`, sorted, and which of them are symbolic links: told by the
    folder itself, with no stat() per file (only a link can lead out of a project)."""
    names: list[str] = []
    links: set[str] = set()
    with os.scandir(folder) as entries:
        for entry in entries:
            names.append(entry.name)
            if entry.is_symlink():
                links.add(entry.name)
    names.sort()
    return names, links


def line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset`, a line ending at CR LF, LF or a lone CR (old Mac
    files): as YAML counts lines, and editors."""
    before = text[:offset]
    cr, lf = ("\r", "\n") if isinstance(before, str) else (b"\r", b"\n")
    lines = before.count(lf) + before.count(cr) - before.count(cr + lf)
    return lines + 1, offset - (max(before.rfind(cr), before.rfind(lf)) + 1) + 1


def read_text(
    path: str, display: str, *, strip_bom: bool = True
) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, refusing what cannot be one (a folder, binary, oversized).

    Source texts keep a byte-order mark (strip_bom=False), so that offsets count
    code points of the file as stored.
    """
    raw, problems = read_bytes(path, display)
    if raw is None:
        return None, problems
    return decode_text(raw, display, strip_bom=strip_bom)


def read_source_text(path: str, display: str) -> tuple[str | None, list[Problem]]:
    """A source text as stored (see read_text), refusing one with no text to quote."""
    text, problems = read_text(path, display, strip_bom=False)
    if text is not None and not text.lstrip("\ufeff").strip():
        metadata = os.path.splitext(display)[0] + ".yaml"
        message = "the source text is empty; paste the article's text into it, or remove it"
        return None, [error(display, 1, 1, f"{message} and {metadata}")]
    return text, problems


def read_bytes(path: str, display: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a file, unless it is a folder, oversized or cannot be read (one open
    and one status of the open file: a project's files are read by the ten thousand)."""
    try:
        raw = read_file(path, MAX_FILE_BYTES)
        if raw is None:
            size = os.path.getsize(path)
            limit = MAX_FILE_BYTES // 1_000_000
            return None, [error(display, 1, 1, f"file is {size:,} bytes; the limit is {limit} MB")]
        return raw, []
    except NotAFile:
        return None, [error(display, 1, 1, "is a device, pipe or socket, not a file; remove it")]
    except OSError as exc:
        if os.path.isdir(path):  # IsADirectoryError; PermissionError on Windows
            return None, [error(display, 1, 1, "is a folder, not a file; remove it or rename it")]
        return None, [error(display, 1, 1, f"cannot read the file: {exc.strerror}")]


def decode_text(
    raw: bytes, display: str, *, strip_bom: bool = True
) -> tuple[str | None, list[Problem]]:
    """The text of a file's bytes (see read_text), or the problem that it is not UTF-8 text."""
    if strip_bom and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_col(raw, exc.start)
        byte = raw[exc.start]
        return None, [
            error(
                display, line, col, f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8"
            )
        ]
    if "\x00" in text:
        line = line_col(text, text.index("\x00"))[0]
        return None, [error(display, line, 1, "contains a NUL character; is this a binary file?")]
    return text, []


def load_yaml(path: str, display: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Load one YAML file strictly; return the document or the problems that stopped it."""
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse YAML text strictly (see the module docstring)."""
    if all(  # blank means YAML's white space only: \x1c and friends are not blank
        not line.strip(" \t") or line.lstrip(" \t").startswith("#") for line in _LINES.split(text)
    ):
        return None, [error(display, 1, 1, "file is empty")]
    try:
        deep = _too_deep(text)
        if deep is not None:
            message = f"nesting is deeper than {MAX_DEPTH} levels"
            return None, [error(display, deep.line + 1, deep.column + 1, message)]
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc):
            reason = "holds more than one YAML document; keep one per file (remove the extra '---')"
        if "nesting depth" in reason:  # libyaml's own limit (PyYAML 6.0.4 and later)
            return None, [error(display, line, col, f"nesting is deeper than {MAX_DEPTH} levels")]
        return None, [error(display, line, col, f"invalid YAML: {reason}")]
    except yaml.reader.ReaderError as exc:
        line, col = line_col(text, exc.position)
        name = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        message = f"invalid YAML: the character {name} is not allowed; is this a binary file?"
        return None, [error(display, line, col, message)]
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        return None, [error(display, 1, 1, f"invalid YAML: {message}")]
    if root is None:
        return None, [error(display, 1, 1, "file is empty")]
    doc = YamlDoc(display, None)
    walker = _Walker(doc)
    try:
        data = walker.value(root, ())
    except _Refused as refused:
        mark = refused.node.start_mark
        if refused.alias:
            mark = _first_alias(text) or mark
        return None, [error(display, mark.line + 1, mark.column + 1, refused.message)]
    return YamlDoc(display, data, doc.value_marks, doc.key_marks), []


class _Walker:
    """Turns a composed node graph into plain values, recording marks."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.seen: set[int] = set()

    def value(self, node: yaml.Node, path: Path) -> Any:
        if len(path) > MAX_DEPTH:
            raise _Refused(node, f"nesting is deeper than {MAX_DEPTH} levels")
        if id(node) in self.seen:
            # The composer hands back the anchored node again for every alias.
            raise _Refused(
                node, "YAML aliases (*name) are not allowed; write the value out", alias=True
            )
        self.seen.add(id(node))
        if len(self.seen) > MAX_NODES:
            raise _Refused(node, f"more than {MAX_NODES:,} values in one file")
        self.doc.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise _Refused(node, f"the tag {_short(node.tag)} is not allowed here; remove it")
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise _Refused(node, f"the tag {_short(node.tag)} is not allowed here; remove it")
            return [self.value(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node, "merge keys (<<) are not allowed; write the fields out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node, "a key must be a plain name, not a list or mapping")
            key = key_node.value
            if key in result:
                first = self.doc.key_marks[(*path, key)][0]
                raise _Refused(key_node, f'duplicate key "{key}" (first on line {first}); keep one')
            self.doc.key_marks[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.value(value_node, (*path, key))
        return result

    @staticmethod
    def scalar(node: yaml.ScalarNode) -> Any:
        if node.style in ("'", '"', "|", ">") or node.tag == "tag:yaml.org,2002:str":
            return node.value
        if (
            node.tag.startswith("!")
            or not node.tag.startswith("tag:yaml.org,2002:")
            or (_short(node.tag) not in _PLAIN_TAGS)
        ):
            raise _Refused(node, f"the tag {_short(node.tag)} is not allowed here; remove it")
        try:
            value = _constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            reason = getattr(exc, "problem", None) or str(exc)
            raise _Refused(node, f"cannot read this value: {reason}") from None
        except (ValueError, KeyError, AttributeError):  # a value its tag cannot hold
            raise _Refused(node, _impossible(node)) from None
        limit = sys.get_int_max_str_digits()
        # Under 3 bits a digit, a number is shorter than the limit (0x, 0o and 0b are not
        # limited as they are read, but would be once written out, as in a message).
        if limit and isinstance(value, int) and value.bit_length() > 3 * limit:
            try:
                str(value)
            except ValueError:
                raise _Refused(node, _TOO_LONG.format(limit=limit)) from None
        return value


_TOO_LONG = (
    "this number has more than {limit:,} digits; shorten it, or put it in quotes if it is text"
)


def _impossible(node: yaml.ScalarNode) -> str:
    """What is wrong with a plain value YAML reads as a number Python cannot hold (over
    sys.get_int_max_str_digits()) or a timestamp on no real day (2023-02-30)."""
    text = node.value
    if node.tag.endswith(":int") and text.lstrip("+-").replace("_", "").isdecimal():
        return _TOO_LONG.format(limit=sys.get_int_max_str_digits())
    match = _constructor.timestamp_regexp.match(text) if node.tag.endswith(":timestamp") else None
    if match is None:
        return f"cannot read this value as {_short(node.tag)}; correct it, or remove the tag"
    shown = text if len(text) <= 40 else text[:40] + "..."
    year, month, day = (int(match[name]) for name in ("year", "month", "day"))
    if not 1 <= month <= 12:
        reason, part = f"there is no month {month}", "month"
    elif year == 0:
        reason, part = "there is no year 0", "year"
    elif not 1 <= day <= (last := calendar.monthrange(year, month)[1]):
        reason, part = f"{MONTHS[month - 1]} {year} has {last} days", "day"
    else:  # the time of day
        return f'not a real date and time: {shown}; write the day in quotes: "YYYY-MM-DD"'
    fix = f'correct the {part}, and write the date in quotes: "YYYY-MM-DD"'
    return f"not a real date: {shown} ({reason}); {fix}"


_LINES = re.compile("\r\n?|\n")
_PLAIN_TAGS = {"!!null", "!!bool", "!!int", "!!float", "!!timestamp", "!!str"}


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


def describe(value: Any) -> str:
    """Name a loaded value's type the way an editor would."""
    import datetime as dt

    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
