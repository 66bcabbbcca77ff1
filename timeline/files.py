"""Reading a file's bytes with the system's calls alone. Imports nothing of timeline."""

from __future__ import annotations

import errno
import os
import stat

# Opening a file to read its bytes (Windows's C library would translate line ends
# without O_BINARY; a pipe would hold open() until a writer came without O_NONBLOCK,
# which regular files ignore).
_READING = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def read_file(path: str, limit: int | None = None) -> bytes | None:
    """The bytes of the file at `path`, or None when it holds more than `limit` bytes;
    OSError when it cannot be read (IsADirectoryError for a folder, NotAFile for a device,
    pipe or socket). The system's calls alone: a project's files are read by the ten
    thousand, and a Python file object would ask for the terminal, the position and the
    block size of each. Reading stops past `limit` whatever the size said (a file that
    grows, or one of /proc, whose size reads 0)."""
    fd = os.open(path, _READING)
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(status.st_mode):
            raise NotAFile(errno.EINVAL, "not a regular file", path)
        if limit is not None and status.st_size > limit:
            return None
        chunks: list[bytes] = []
        room = status.st_size + 1  # what the size leaves to read, and a byte to see the end
        total = 0
        while chunk := os.read(fd, room if room > 0 else 1 << 16):  # more if it grew
            chunks.append(chunk)
            room -= len(chunk)
            total += len(chunk)
            if limit is not None and total > limit:
                return None
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


class NotAFile(OSError):
    """What read_file raises for a device, a pipe or a socket."""
