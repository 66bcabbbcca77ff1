"""Big files put together from keyed parts: a part the last build wrote is copied from it.

events.json, the CSV tables and timeline.json are one part per event between a few fixed
ones. Each event's part has a key, a digest of all it shows (Dataset.fragment_key). A
build records where each keyed part lies in the file it wrote (a Table); the next build
copies every part whose key it finds there byte for byte from that file, in the kernel
(os.copy_file_range), and makes only the others. Editing one event makes one part of
each file; the rest is copied in a few long runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

# Where each keyed part of a file lies: its key -> (start, length) in bytes.
Table = dict[str, tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Fresh:
    """A keyed part made in this build."""

    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Span:
    """A keyed part the last build wrote: bytes of its file."""

    key: str
    path: str
    start: int
    length: int


# A part is a keyed one, or a text with no key (a header, a separator).
Part = str | Fresh | Span


class Keyed:
    """A page's content made of parts some of which are keyed (see the module's text)."""

    def __init__(self, parts: Iterable[Part]) -> None:
        self.parts = parts

    def __iter__(self) -> Iterator[Part]:
        return iter(self.parts)

    def text(self) -> str:
        return b"".join(as_bytes(self.parts)).decode("utf-8")


class Reuse:
    """The keyed parts of the last build's version of one file (none if `table` is None)."""

    def __init__(self, path: str | None = None, table: Table | None = None) -> None:
        self.path = path
        self.table = table or {}

    def part(self, key: str, make: Callable[[], str]) -> Fresh | Span:
        """The part under `key`: copied from the last build's file, else make()."""
        found = self.table.get(key)
        if found is None:
            return Fresh(key, make())
        return Span(key, self.path, found[0], found[1])  # type: ignore[arg-type]


def keyed(reuse: Reuse | None, key: str, make: Callable[[], str]) -> Part:
    """The part under `key` (see Reuse.part), or with no `reuse` simply make()."""
    return make() if reuse is None else reuse.part(key, make)


# Text parts are gathered up to this many bytes before they are written.
BATCH = 1 << 16
# Opening a file to read bytes (Windows's C library would translate line ends without
# O_BINARY).
_READING = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def write(path: str, parts: Iterable[Part]) -> Table:
    """Write the parts to a new file at `path`, in order; where each keyed part now lies.

    Neighbouring parts that lie side by side in the same old file are copied in one run.
    """
    table: Table = {}
    pending: list[bytes] = []
    pending_size = 0
    with open(path, "wb", buffering=0) as out:
        fd = out.fileno()
        for item in _runs(_located(parts, table)):
            if type(item) is bytes:
                pending.append(item)
                pending_size += len(item)
                if pending_size < BATCH:
                    continue
            if pending:
                write_all(fd, b"".join(pending))
                pending, pending_size = [], 0
            if type(item) is tuple:
                _copy(fd, *item)
        if pending:
            write_all(fd, b"".join(pending))
    return table


def as_bytes(parts: Iterable[Part | bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """The bytes the parts stand for, in order (a span's read from its file: neighbouring
    spans in one read, of at most `size` bytes; bytes are themselves)."""
    files: dict[str, int] = {}
    try:
        for item in _runs(_located(parts, None)):
            if type(item) is bytes:
                yield item
                continue
            path, start, length = item  # type: ignore[misc]
            fd = files.get(path)
            if fd is None:
                fd = files[path] = os.open(path, _READING)
            while length:
                chunk = min(length, size)
                yield _read(fd, start, chunk)
                start += chunk
                length -= chunk
    finally:
        for fd in files.values():
            os.close(fd)


def _located(parts: Iterable[Part | bytes], table: Table | None) -> Iterator[bytes | Span]:
    """Each part as its bytes, or as the span of the last build's file it is copied from;
    where each keyed part lies in their sequence goes into `table`, if given."""
    position = 0
    for part in parts:
        kind = type(part)
        if kind is Span:
            if table is not None:
                table[part.key] = (position, part.length)  # type: ignore[union-attr]
                position += part.length  # type: ignore[union-attr]
            yield part  # type: ignore[misc]
            continue
        if kind is bytes:
            data = part
        elif kind is Fresh:
            data = part.text.encode("utf-8")  # type: ignore[union-attr]
            if table is not None:
                table[part.key] = (position, len(data))  # type: ignore[union-attr]
        else:
            data = part.encode("utf-8")  # type: ignore[union-attr]
        position += len(data)  # type: ignore[arg-type]
        yield data  # type: ignore[misc]


def _runs(items: Iterable[bytes | Span]) -> Iterator[bytes | tuple[str, int, int]]:
    """The items, with neighbouring spans of one file joined into a run (path, start,
    length) of bytes to copy or read in one go."""
    run: tuple[str, int, int] | None = None
    for item in items:
        if type(item) is Span:
            if run and run[0] == item.path and run[1] + run[2] == item.start:
                run = (run[0], run[1], run[2] + item.length)
                continue
            if run:
                yield run
            run = (item.path, item.start, item.length)
            continue
        if run:
            yield run
            run = None
        yield item  # type: ignore[misc]
    if run:
        yield run


def file_chunks(path: str, size: int = 1 << 20) -> Iterator[bytes]:
    """The bytes of the file at `path`, `size` at a time."""
    with open(path, "rb") as handle:
        while chunk := handle.read(size):
            yield chunk


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to the file open as `fd`."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int, start: int, length: int) -> bytes:
    if hasattr(os, "pread"):
        data = os.pread(fd, length, start)
    else:  # Windows
        os.lseek(fd, start, os.SEEK_SET)
        data = os.read(fd, length)
    if len(data) != length:
        raise OSError(f"a part of a file of the last build is missing: {length} bytes at {start}")
    return data


def _copy(fd: int, source: str, start: int, length: int) -> None:
    """Append `length` bytes of `source` from `start` to the file open as `fd`: in the
    kernel where the system can (Linux's copy_file_range), else read and written."""
    copy_range = getattr(os, "copy_file_range", None)  # not on macOS or Windows
    src = os.open(source, _READING)
    try:
        while length:
            copied = None
            if copy_range is not None:
                try:
                    copied = copy_range(src, fd, length, start)
                except OSError:  # not between these files (another file system, old kernel)
                    copy_range = None
            if copied is None:
                copied = os.write(fd, _read(src, start, min(length, 1 << 20)))
            if copied == 0:
                raise OSError(f"{source} ends before the part to copy from it")
            start += copied
            length -= copied
    finally:
        os.close(src)
