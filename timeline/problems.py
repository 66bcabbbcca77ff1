"""The one type every stage uses to report bad input: a located problem."""

from __future__ import annotations

import re
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """One problem, one line: a line break or control character quoted from the data (or
    in a file's name: "x\\n.yaml") is shown escaped."""
    return _ONE_LINE.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """Something wrong in a project file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    severity: str
    message: str

    def __str__(self) -> str:
        where = f"{one_line(self.path)}:{self.line}:{self.col}"
        return f"{where}: {self.severity}: {one_line(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class FileChanged(Exception):
    """A file read again (a source's text, let go of once checked) is not what was read
    the first time: it changed while timeline ran. Its one argument is the problem."""

    @property
    def problem(self) -> Problem:
        return self.args[0]


def changed(path: str) -> FileChanged:
    return FileChanged(error(path, 1, 1, "changed while timeline was running; run it again"))


def error(path: str, line: int, col: int, message: str) -> Problem:
    return Problem(path, line, col, ERROR, message)


def warning(path: str, line: int, col: int, message: str) -> Problem:
    return Problem(path, line, col, WARNING, message)


def count(problems: list[Problem]) -> tuple[int, int]:
    """Return (errors, warnings)."""
    errors = sum(1 for problem in problems if problem.is_error)
    return errors, len(problems) - errors


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
