"""Keeping reads inside the project: a pull request can commit a symbolic link (git
stores them), and a link in the data or the templates must not make `check` or `build`
read a file elsewhere on the machine and publish its text."""

from __future__ import annotations

import os

from .problems import Problem, error

OUTSIDE = "links to a file outside the project; replace the link with the file itself"


def inside(path: str, real_root: str) -> bool:
    """Whether the resolved `path` is `real_root` or lies below it."""
    return path == real_root or path.startswith(real_root.rstrip(os.sep) + os.sep)


def leads_outside(path: str, root: str) -> bool:
    """Whether `path`, links followed, ends outside the project at `root`."""
    return not inside(os.path.realpath(path), os.path.realpath(root))


def links_outside(root: str, display_root: str, folder: str) -> list[Problem]:
    """A problem for every link below `folder` (itself included) that leads outside the
    project. Links to folders inside it are followed (as copying them would be)."""
    base = os.path.join(root, folder)
    if not os.path.lexists(base):
        return []
    if leads_outside(base, root):
        return [error(os.path.join(display_root, folder), 1, 1, OUTSIDE)]
    problems: list[Problem] = []
    walked: set[str] = set()  # folders reached through links inside: each walked once
    for here, folders, files in os.walk(base, followlinks=True):
        for name in [*folders, *files]:
            path = os.path.join(here, name)
            if os.path.islink(path) and leads_outside(path, root):
                shown = os.path.join(display_root, os.path.relpath(path, root))
                problems.append(error(shown, 1, 1, OUTSIDE))
        kept = []
        for name in folders:
            real = os.path.realpath(os.path.join(here, name))
            if not leads_outside(real, root) and real not in walked:
                walked.add(real)
                kept.append(name)
        folders[:] = kept
    return sorted(problems, key=lambda problem: problem.path)
