"""parallel.in_two: the results in item order, whichever process worked on them."""

from __future__ import annotations

import os

import pytest

from timeline.parallel import in_two

needs_two_cores = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2 and not os.environ.get("CI"), reason="one core: nothing forks"
)


def _pids_and_squares(share):
    return [(os.getpid(), n * n) for n in share]


@needs_two_cores
def test_both_halves_away_this_process_only_waits():
    numbers = list(range(101))
    done = in_two(_pids_and_squares, numbers, minimum=1, away=True)
    assert [square for _, square in done] == [n * n for n in numbers]
    pids = [pid for pid, _ in done]
    assert os.getpid() not in pids  # (one worker may well have taken both halves)
    assert len(set(pids[:50])) == len(set(pids[50:])) == 1


@needs_two_cores
def test_the_first_half_here_by_default():
    numbers = list(range(10))
    done = in_two(_pids_and_squares, numbers, minimum=1)
    assert [square for _, square in done] == [n * n for n in numbers]
    pids = [pid for pid, _ in done]
    assert pids[:5] == [os.getpid()] * 5
    assert os.getpid() not in pids[5:]


def test_a_half_whose_process_dies_is_worked_on_here():
    parent = os.getpid()

    def work(share):
        if os.getpid() != parent:
            os._exit(3)  # a worker killed halfway
        return _pids_and_squares(share)

    numbers = list(range(20))
    for away in (False, True):
        done = in_two(work, numbers, minimum=1, away=away)
        assert done == [(parent, n * n) for n in numbers]


def test_below_the_minimum_all_here():
    numbers = list(range(9))
    assert in_two(_pids_and_squares, numbers, minimum=10, away=True) == [
        (os.getpid(), n * n) for n in numbers
    ]
