"""Fuzzing: the shipped event files, mutated thousands of times, never crash `check`.

Each case mutates one shipped event file (byte flips, deleted or duplicated lines,
swapped keys, random Unicode) and runs `timeline check` in-process: it must return 0 or
1 with every problem in the `path:line:col: severity: message` form. Any exception is a
failure, reported with the mutated file.
"""

from __future__ import annotations

import random
import re

from timeline.cli import main

PROBLEM = re.compile(r"^[^:\n]+:\d+:\d+: (error|warning): [^\n]+$")
SUMMARY = re.compile(
    r"^checked \d+ events?, \d+ sources?, \d+ quotes?: \d+ errors?, \d+ warnings?$"
)
CASES = 1500
UNICODE = "\x00\x1c\x85\u2028\ufeff\u202e\u200b\ud7ff\ufffe\U0001f600é“”–—\t\r\n :-[]{}&*!|>'\"#%@`"


def mutate(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    kind = rng.randrange(6)
    if kind == 0:  # flip bytes
        buffer = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            buffer[rng.randrange(len(buffer))] ^= 1 << rng.randrange(8)
        return bytes(buffer)
    if kind == 1:  # delete lines
        for _ in range(rng.randint(1, 3)):
            del lines[rng.randrange(len(lines))]
    elif kind == 2:  # duplicate a line
        at = rng.randrange(len(lines))
        lines.insert(rng.randrange(len(lines)), lines[at])
    elif kind == 3:  # swap the keys of two lines
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        ka, _, va = lines[a].partition(b":")
        kb, _, vb = lines[b].partition(b":")
        lines[a], lines[b] = kb + b":" + va, ka + b":" + vb
    elif kind == 4:  # random Unicode inserted
        text = data.decode("utf-8")
        at = rng.randrange(len(text))
        junk = "".join(rng.choice(UNICODE) for _ in range(rng.randint(1, 6)))
        return (text[:at] + junk + text[at:]).encode("utf-8", "surrogatepass")
    else:  # truncate
        return data[: rng.randrange(len(data))]
    return b"\n".join(lines)


def test_mutated_event_files_give_located_problems_never_a_crash(shipped, capsys, monkeypatch):
    monkeypatch.chdir(shipped)
    events = sorted((shipped / "data" / "events").glob("*.yaml"))
    originals = {path: path.read_bytes() for path in events}
    rng = random.Random(20231919)
    outcomes = {0: 0, 1: 0}
    for case in range(CASES):
        path = rng.choice(events)
        mutated = mutate(originals[path], rng)
        path.write_bytes(mutated)
        try:
            status = main(["check"])
        except BaseException as exc:  # noqa: BLE001 - any exception at all is the bug
            raise AssertionError(f"case {case}: {exc!r} on {path.name}: {mutated!r}") from exc
        out, err = capsys.readouterr()
        lines = out.splitlines()
        assert status in (0, 1), (case, mutated)
        assert err == "" and SUMMARY.match(lines[-1]), (case, out, err)
        assert all(PROBLEM.match(line) for line in lines[:-1]), (case, lines, mutated)
        outcomes[status] += 1
        path.write_bytes(originals[path])
    print(f"\nfuzz: {CASES} cases, {outcomes[1]} with errors, {outcomes[0]} clean, 0 tracebacks")
    assert outcomes[1] > CASES // 2
