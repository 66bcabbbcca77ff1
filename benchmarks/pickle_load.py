"""How long the check cache's records take to come back: pickle.loads of the entries of
many events, as a shard of the check cache holds them.

Each event's entry is made of the records a check keeps (timeline.checkcache.Entry): the
event, its date and date points, its two quotes (Evidence), the two quotes as checked
(CheckedQuote), and a warning (Problem) for every tenth event; an interval date for
every fifth. The strings are distinct per event, as in a real project, the tags and
places shared. The records are dumped once, as write_pickle does, then loaded
--repeat times with the cyclic collector off (as load_project runs); the median and
the fastest load are printed.

usage:
  python benchmarks/pickle_load.py                      # 12,000 events: ~100,000 records
  python benchmarks/pickle_load.py --events 1000 --repeat 5
"""

from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import time

from timeline.checkcache import Entry
from timeline.dates import parse_date
from timeline.events import Event, Evidence
from timeline.evidence import CheckedQuote
from timeline.problems import warning

TAGS = tuple(f"tag-{n}" for n in range(40))
PLACES = tuple(f"Place {n}" for n in range(400))


def make_entry(n: int) -> tuple[Entry, int]:
    """The check cache entry of the n-th event, and how many records it is made of."""
    event_id = f"event-{n:06d}"
    path = f"data/events/{event_id}.yaml"
    source = f"source-{n // 20:05d}"
    text = f"{1950 + n % 70}-{1 + n % 12:02d}-{1 + n % 28:02d}"
    date = parse_date(text if n % 5 else f"{text}/{1951 + n % 70}")
    evidence = (
        Evidence(0, source, f"On {n} March the council of town {n} met again.", ("date",)),
        Evidence(1, source, f"{n} people were injured near {PLACES[n % 400]}", ("figures.x",)),
    )
    event = Event(
        id=event_id,
        path=path,
        title=f"The council of town {n} meets again",
        date=date,
        summary=f"The council of town {n} met again, " + "and talked at length. " * 25,
        tags=(TAGS[n % 40], TAGS[(n * 7) % 40]),
        places=(PLACES[n % 400],),
        figures={"injured": n},
        evidence=evidence,
        digest=f"{n:032x}",
    )
    quotes = tuple(
        CheckedQuote(
            event_id,
            item.index,
            source,
            item.quote,
            40 * n,
            40 * n + len(item.quote),
            2 * n + 1,
            5,
            item.supports,
            True,
            item.quote,
        )
        for item in evidence
    )
    problems = (warning(path, 7, 3, f"event {n}: a warning"),) if n % 10 == 0 else ()
    entry = Entry(
        cited=((source, f"{n // 20:032x}"),),
        event=event,
        quotes=quotes,
        editorial=("title",),
        problems=problems,
    )
    points = 2 if date.end is not None else 1
    return entry, 1 + 1 + 1 + points + len(evidence) + len(quotes) + len(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=12_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    entries = {}
    records = 0
    for n in range(args.events):
        entry, count = make_entry(n)
        entries[f"{n:032x}"] = entry
        records += count
    data = pickle.dumps({"code": "x", "entries": entries}, protocol=pickle.HIGHEST_PROTOCOL)
    again = pickle.loads(data)["entries"]
    assert again == entries, "the records did not come back equal"
    gc.disable()
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        pickle.loads(data)
        times.append(time.perf_counter() - start)
        gc.collect()
    gc.enable()
    print(
        f"{args.events:,} events, {records:,} records, {len(data):,} bytes: "
        f"pickle.loads median {statistics.median(times) * 1000:.1f} ms, "
        f"fastest {min(times) * 1000:.1f} ms ({args.repeat} loads)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
