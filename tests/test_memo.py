"""The memo of pieces: what a forked process makes or uses is kept as if made here."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from timeline.digests import digest
from timeline.memo import Memo
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


def test_a_big_run_writes_its_pieces_out_as_it_goes_and_saves_them_all(
    tmp_path: Path, monkeypatch
) -> None:
    from timeline import memo as memo_module

    monkeypatch.setattr(memo_module, "SPILL_AT", 100)  # characters: a few pieces at a time
    folder = tmp_path / "memo"
    memo = Memo(str(folder))
    memo.put(key(-1), "old")  # an entry of an earlier run, used in this one
    memo.save()
    memo = Memo(str(folder))
    assert memo.get(key(-1)) == "old"
    for n in range(50):
        memo.put(key(n), f"piece {n} " + "x" * 20)
    written = [name for name in os.listdir(folder) if ".from-" in name]
    assert written  # out of memory before the save
    held = [k for k, v in memo._new.items() if isinstance(v, str)]  # noqa: SLF001
    assert len(held) < 10
    memo.save()
    assert not [name for name in os.listdir(folder) if ".from-" in name]
    again = Memo(str(folder))
    assert again.get(key(-1)) == "old"
    for n in range(50):
        assert again.get(key(n)) == f"piece {n} " + "x" * 20


def test_files_a_killed_build_left_are_removed_by_a_later_save(tmp_path: Path) -> None:
    folder = tmp_path / "memo"
    folder.mkdir()
    old = folder / "07.from-99999-0.pickle"
    recent = folder / "08.from-99998-0.pickle"
    for path in (old, recent):
        path.write_bytes(b"left over")
    two_hours_ago = os.stat(old).st_mtime - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    memo = Memo(str(folder))
    memo.put(key(1), "one")
    memo.save()
    assert not old.exists()
    assert recent.exists()  # perhaps a build running now
    assert Memo(str(folder)).get(key(1)) == "one"


def test_what_was_put_before_the_fork_is_not_handed_back_again(tmp_path: Path) -> None:
    folder = str(tmp_path / "memo")
    memo = Memo(folder)
    memo.put(key(0), "before the fork")
    mark = memo.mark()
    memo.put(key(1), "made by the other process")
    paths, used = memo.hand_over(mark)  # as the forked process would, after its work
    handed = {}
    for path in paths:
        with open(path, "rb") as handle:
            handed.update(pickle.load(handle)["entries"])
    assert handed == {key(1): "made by the other process"}
    assert used == []
    memo.save()
    again = Memo(folder)
    assert again.get(key(0)) == "before the fork"
    assert again.get(key(1)) == "made by the other process"


def test_a_run_that_asks_for_few_entries_keeps_the_others_of_a_shard_it_adds_to(
    tmp_path: Path,
) -> None:
    """An edit asks for the summaries of the pages it makes only: the shard its new
    summary goes to keeps the rest. A run that asked for every entry it needs
    (complete()) keeps only those, so that what no event shows any more goes."""
    folder = str(tmp_path / "memo")
    memo = Memo(folder)
    numbers = range(200)
    for n in numbers:
        memo.put(key(n), f"v{n}")
    memo.save()

    edit = Memo(folder)
    assert edit.get(key(7)) == "v7"
    edit.put(key(1000), "new")
    edit.save()
    again = Memo(folder)
    assert [again.get(key(n)) for n in numbers] == [f"v{n}" for n in numbers]
    assert again.get(key(1000)) == "new"

    whole = Memo(folder)
    whole.complete()
    for n in range(100):
        assert whole.get(key(n)) == f"v{n}"
    whole.put(key(1001), "newer")
    whole.save()
    last = Memo(folder)
    shard = int(key(1001)[:2], 16) % 64
    for n in [*numbers, 1000]:
        same_shard = int(key(n)[:2], 16) % 64 == shard
        kept = n < 100 or not same_shard  # other shards were not written
        assert (last.get(key(n)) is not None) == kept, n
