"""The memo of pieces: what a forked process makes or uses is kept as if made here."""

from __future__ import annotations

import os
from pathlib import Path

from timeline.cache import Memo, digest
from timeline.parallel import in_two


def key(n: int) -> str:
    return digest(f"piece {n}")


def test_pieces_a_forked_process_makes_and_uses_are_saved(tmp_path: Path) -> None:
    folder = str(tmp_path / "memo")
    first = Memo(folder)
    for n in range(0, 40, 2):  # the even pieces exist already
        first.put(key(n), f"old {n}")
    first.save()

    memo = Memo(folder)
    parent = os.getpid()

    def work(share: list[int]) -> list[int]:
        for n in share:
            if memo.get(key(n)) is None:
                memo.put(key(n), f"new {n}")
        return [os.getpid() for _ in share]

    mark = memo.mark()
    numbers = list(range(40))
    pids = in_two(work, numbers, minimum=1, bring_back=(lambda: memo.hand_over(mark), memo.take))
    where = dict(zip(numbers, pids, strict=True))
    memo.save()

    if (os.cpu_count() or 1) >= 2:
        assert {pid for pid in where.values() if pid != parent}  # the fork did half
    again = Memo(folder)
    for n in numbers:
        assert again.get(key(n)) == (f"old {n}" if n % 2 == 0 else f"new {n}"), n
    # The files the forked process handed over are merged and gone.
    assert sorted(os.listdir(folder)) == sorted(
        f"{shard:02d}.pickle" for shard in {int(key(n)[:2], 16) % 64 for n in numbers}
    )
