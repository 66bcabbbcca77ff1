"""Both cores: the second half of a list worked on in a forked process, the first here
(or in a second forked process: see in_two's `away`).

The forked process starts with this one's memory (the dataset, the templates), so only
the results travel back, pickled. It ends with its parent, even one that is killed
(PR_SET_PDEATHSIG on Linux); if it dies, its half is done here. A caller that runs
threads must not fork (timeline serve passes parallel=False).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # concurrent.futures only once there is work for two (timeline check's start)
    from concurrent.futures import Future

T = TypeVar("T")
R = TypeVar("R")

_job: tuple[Callable, Sequence, Callable | None] | None = None  # what the forked process finds


def in_two(
    work: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    *,
    parallel: bool = True,
    minimum: int = 1_000,
    bring_back: tuple[Callable[[], object], Callable[[object], None]] | None = None,
    half: int | None = None,
    away: bool = False,
) -> list[R]:
    """work(items), as work(first half) here and work(second half) in a second process
    when there are at least `minimum` items and two cores; the results in item order.
    The second half starts at `half` when given (the items' count divided by two if not).

    With `away`, the first half too is worked on in a process of its own while this one
    waits: it then holds only the results, made compactly as they are unpickled, and not
    the free memory scattered among them that the work would leave (a big project's load).

    With `bring_back` = (take, keep), the second process calls take() after its half and
    this one keep() with what it gave: what the other process learnt on the way (new
    entries for a memo), which would otherwise end with it.
    """
    if not parallel or len(items) < minimum or (os.cpu_count() or 1) < 2:
        return work(items)
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():  # Windows
        return work(items)
    from concurrent.futures import ProcessPoolExecutor

    global _job
    if half is None:
        half = len(items) // 2
    _job = (work, items, bring_back[0] if bring_back else None)
    try:
        with ProcessPoolExecutor(
            2 if away else 1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            second = pool.submit(_second_half, half)
            if away:
                first = _result(pool.submit(_first_half, half), lambda: work(items[:half]))
            else:
                first = work(items[:half])
            # A process that died: its half is worked on here (and brings nothing back).
            rest, learnt = _result(second, lambda: (work(items[half:]), None))
            if bring_back and learnt is not None:
                bring_back[1](learnt)
            return first + rest
    finally:
        _job = None


def _result(future: Future, here: Callable[[], R]) -> R:
    """What the process working on `future` gave, or here() if it died."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except (BrokenProcessPool, OSError):
        return here()


def _first_half(end: int) -> list:
    assert _job is not None
    work, items, _ = _job
    return work(items[:end])


def _second_half(start: int) -> tuple[list, object]:
    assert _job is not None
    work, items, take = _job
    done = work(items[start:])
    return done, take() if take else None


def _die_with_parent(parent: int) -> None:
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
