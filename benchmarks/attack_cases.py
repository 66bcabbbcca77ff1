"""The bad inputs of benchmarks/attack.py: each a name and a change made to a fresh copy
of the example project (data/, seeds/), given that copy and a folder outside it.

A case that links to something outside the project puts TOKEN into what it links to,
written so that the linked file would be valid where it is linked from: when the tool
follows the link, TOKEN reaches the built site and the harness calls it an escape.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TOKEN = "TOPSECRET-4b1d7c0e9a"
EVENT = "data/events/ceasefire-2023.yaml"
SOURCE = "seeds/wikipedia-2023-offensive.txt"
QUOTE = "One day after the offensive started on 20 September, a ceasefire agreement"
META = 'title: "A test source"\npublisher: Test\npublished: "2023-10-01"\nlanguage: en\n'
PAYLOADS = {  # CSV formula injection (OWASP "CSV Injection")
    "hyperlink": '=HYPERLINK("http://x")',
    "cmd": "+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)",
    "minus": "-2+3",
    "tab": "\tTAB start",
}

Mutate = Callable[[Path, Path], None]  # (project, outside)


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Mutate
    quick: bool = True  # part of --quick


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def edit(project: Path, rel: str, old: bytes, new: bytes) -> None:
    """Replace the first `old` in a project file; a stale case fails loudly."""
    path = project / rel
    data = path.read_bytes()
    if old not in data:
        raise AssertionError(f"{rel} has no {old!r}: update benchmarks/attack_cases.py")
    path.write_bytes(data.replace(old, new, 1))


def event_text(**fields: object) -> str:
    """A valid event, each field given as a value to quote (json.dumps is YAML)."""
    values = {
        "title": "Ceasefire",
        "date": "2023-09-20",
        "summary": "A ceasefire is agreed.",
        "tags": ["ceasefire"],
        "places": ["Nagorno-Karabakh"],
    }
    values.update((k, v) for k, v in fields.items() if k not in ("source", "quote"))
    quote = fields.get("quote", QUOTE)
    source = fields.get("source", "wikipedia-2023-offensive")
    lines = [f"{key}: {json.dumps(value)}" for key, value in values.items()]
    lines += ["evidence:", f"  - source: {json.dumps(source)}", f"    quote: {json.dumps(quote)}"]
    return "\n".join(lines) + "\n"


def event(project: Path, text: str | bytes, name: str = "x") -> None:
    write(project / "data" / "events" / f"{name}.yaml", text)


def seed(project: Path, text: str | bytes, name: str = "x", meta: str | bytes = META) -> None:
    write(project / "seeds" / f"{name}.txt", text)
    write(project / "seeds" / f"{name}.yaml", meta)


def link(project: Path, rel: str, target: Path | str) -> None:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.is_file():
        path.unlink()
    os.symlink(target, path)


def secret(outside: Path, name: str, text: str) -> Path:
    path = outside / name
    write(path, text)
    return path


def fifo(project: Path, rel: str) -> None:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    os.mkfifo(path)


def _alias_bomb(key: str) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    return "\n".join(lines) + f"\n{key}: *i\n"


def _yaml_cases() -> list[Case]:
    deep_block = "".join("  " * i + "a:\n" for i in range(1000)) + "  " * 1000 + "b\n"
    python_tag = "title: !!python/object/apply:os.mkdir [{path}]\n"
    return [
        Case("alias-bomb-event", lambda p, o: event(p, _alias_bomb("title"))),
        Case("alias-bomb-site", lambda p, o: write(p / "data/site.yaml", _alias_bomb("title"))),
        Case("deep-flow-seq", lambda p, o: event(p, "title: " + "[" * 100_000 + "]" * 100_000)),
        Case(
            "deep-flow-map", lambda p, o: event(p, "title: " + "{a: " * 50_000 + "1" + "}" * 50_000)
        ),
        Case("deep-block-map", lambda p, o: event(p, deep_block)),
        Case("file-50mb", lambda p, o: event(p, event_text() + "# " + "a" * 50_000_000 + "\n")),
        Case("duplicate-keys", lambda p, o: event(p, event_text() + 'title: "again"\n')),
        Case(
            "tag-python",
            lambda p, o: event(p, python_tag.format(path=json.dumps(str(o / "pwned")))),
        ),
        Case(
            "tag-binary",
            lambda p, o: event(p, event_text().replace('"Ceasefire"', "!!binary aGVsbG8=", 1)),
        ),
        Case("tag-custom", lambda p, o: event(p, event_text().replace("title:", "title: !secret"))),
        Case(
            "date-impossible",
            lambda p, o: edit(p, EVENT, b'date: "2023-09-20"', b"date: 2023-02-30"),
        ),
        Case(
            "int-5000-date",
            lambda p, o: edit(p, EVENT, b'date: "2023-09-20"', b"date: " + b"7" * 5000),
        ),
        Case(
            "int-5000-figure",
            lambda p, o: event(p, event_text() + "figures:\n  killed: " + "9" * 5000 + "\n"),
        ),
        Case(
            "int-5000-site", lambda p, o: write(p / "data/site.yaml", "title: " + "1" * 5000 + "\n")
        ),
    ]


def _text_cases() -> list[Case]:
    def cr_only(project: Path, rel: str) -> None:
        path = project / rel
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))

    return [
        Case("empty-source", lambda p, o: (seed(p, ""), event(p, event_text(source="x")))),
        Case("cr-only-event", lambda p, o: cr_only(p, EVENT)),
        Case("cr-only-source", lambda p, o: cr_only(p, SOURCE)),
        Case("cr-only-site", lambda p, o: cr_only(p, "data/site.yaml")),
        Case("nul-event", lambda p, o: edit(p, EVENT, b"Ceasefire ends", b"Cease\x00fire ends")),
        Case("nul-source", lambda p, o: edit(p, SOURCE, b"One day after", b"One\x00day after")),
        Case("nul-site", lambda p, o: edit(p, "data/site.yaml", b"title: ", b"title: \x00")),
        Case("utf8-event", lambda p, o: edit(p, EVENT, b"Ceasefire ends", b"Cease\xff\xfe ends")),
        Case("utf8-source", lambda p, o: edit(p, SOURCE, b"One day after", b"One \xc3( after")),
        Case("utf8-places", lambda p, o: edit(p, "data/places.yaml", b"Baku", b"Ba\xed\xa0\x80ku")),
        Case("utf8-meta", lambda p, o: seed(p, "Some text.\n", meta=b"title: caf\xe9\n")),
        Case("date-1500-spaces", lambda p, o: event(p, event_text(date=" " * 1500))),
        Case(
            "date-spaces-tail",
            lambda p, o: event(p, event_text(date="2023-09-20" + " " * 1500 + "x")),
        ),
    ]


def _newline_cases() -> list[Case]:
    def renamed(project: Path, name: str) -> None:
        write(project / "data" / "events" / name, (project / EVENT).read_bytes())

    return [
        Case("newline-tag", lambda p, o: event(p, event_text(tags=["casualties\n"]))),
        Case("newline-place", lambda p, o: event(p, event_text(places=["Nagorno-Karabakh\n"]))),
        Case(
            "newline-language",
            lambda p, o: edit(p, "data/site.yaml", b"language: en", b'language: "en\\n"'),
        ),
        Case(
            "newline-base-url",
            lambda p, o: edit(p, "data/site.yaml", b'nagorno-karabakh/"', b'nagorno-karabakh/\\n"'),
        ),
        Case(
            "newline-source-lang",
            lambda p, o: seed(p, "Text.\n", meta=META.replace("en\n", '"en\\n"\n')),
        ),
        Case("newline-event-id", lambda p, o: renamed(p, "ceasefire-x\n.yaml")),
        Case(
            "newline-source-ref",
            lambda p, o: event(p, event_text(source="wikipedia-2023-offensive\n")),
        ),
        Case("newline-source-file", lambda p, o: seed(p, "Some text.\n", name="x\n")),
    ]


def _linked(rel: str, text: str, *, cited: bool = False) -> Mutate:
    """Link `rel` to a file outside holding `text`; with `cited`, first a valid source x
    and an event citing it."""

    def mutate(project: Path, outside: Path) -> None:
        if cited:
            seed(project, f"{QUOTE}.\n")
            event(project, event_text(source="x"))
        link(project, rel, secret(outside, "secret-" + Path(rel).name, text))

    return mutate


def _events_folder(project: Path, outside: Path) -> None:
    folder = outside / "events"
    folder.mkdir()
    for path in (project / "data/events").iterdir():
        write(folder / path.name, path.read_bytes())
    write(folder / "x.yaml", event_text(title=TOKEN))
    os.rename(project / "data/events", project / "data/events-gone")
    link(project, "data/events", folder)


def _static_folder(project: Path, outside: Path) -> None:
    secret(outside, "static/x.txt", TOKEN)
    link(project, "site_templates/static", outside / "static")


def _link_cases() -> list[Case]:
    places = (Path(__file__).resolve().parent.parent / "data/places.yaml").read_text("utf-8")
    event_file = event_text(title=TOKEN)
    return [
        Case("link-site", _linked("data/site.yaml", f"title: {TOKEN}\n")),
        Case("link-places", _linked("data/places.yaml", places + f"{TOKEN}: []\n")),
        Case("link-source", _linked("seeds/x.txt", f"{QUOTE} and {TOKEN}.\n", cited=True)),
        Case(
            "link-source-meta", _linked("seeds/x.yaml", META.replace("A test", TOKEN), cited=True)
        ),
        Case("link-event", _linked("data/events/x.yaml", event_file)),
        Case("link-static", _linked("site_templates/static/x.txt", TOKEN)),
        Case("link-partial", _linked("site_templates/_partials/x.html", TOKEN)),
        Case("link-partial-used", _linked("site_templates/_partials/date.html", TOKEN)),
        Case("link-template", _linked("site_templates/404.html", TOKEN)),
        Case("link-static-folder", _static_folder),
        Case("link-events-folder", _events_folder),
    ]


def _special_cases() -> list[Case]:
    return [
        Case(
            "link-dev-zero-source", lambda p, o: (seed(p, ""), link(p, "seeds/x.txt", "/dev/zero"))
        ),
        Case("link-dev-zero-event", lambda p, o: link(p, "data/events/x.yaml", "/dev/zero")),
        Case("fifo-source", lambda p, o: (seed(p, ""), fifo(p, "seeds/x.txt"))),
        Case("fifo-event", lambda p, o: fifo(p, "data/events/x.yaml")),
        Case("fifo-site", lambda p, o: fifo(p, "data/site.yaml")),
        Case("missing-quotes-500", _missing_quotes),
    ]


def _missing_quotes(project: Path, outside: Path) -> None:
    """A 2 MB source and an event citing it 500 times, each quote a real 12-word run of it
    with one word changed (the nearest-match search has work to do)."""
    rng = random.Random(0)
    words = [f"w{n}ord" for n in range(3000)]
    text = " ".join(rng.choice(words) for _ in range(2_000_000 // 7))[:1_990_000] + ".\n"
    seed(project, text, name="big")
    spoken = text.split()
    evidence = ["evidence:"]
    for n in range(500):
        at = rng.randrange(len(spoken) - 12)
        quote = spoken[at : at + 12]
        quote[6] = f"changed{n}"
        evidence += ["  - source: big", f"    quote: {json.dumps(' '.join(quote))}"]
    head = event_text().split("evidence:")[0]
    event(project, head + "\n".join(evidence) + "\n")


def _formula(field: str, payload: str) -> Mutate:
    def mutate(project: Path, outside: Path) -> None:
        if field == "quote":
            seed(project, f"Text before.\n{payload}\nText after.\n")
            event(project, event_text(source="x", quote=payload))
        elif field == "places":
            with open(project / "data/places.yaml", "a", encoding="utf-8") as handle:
                handle.write(f"{json.dumps(payload)}: []\n")
            event(project, event_text(places=[payload]))
        elif field == "source-title":
            seed(project, f"{QUOTE}.\n", meta=META.replace('"A test source"', json.dumps(payload)))
        else:
            event(project, event_text(**{field: payload}))

    return mutate


def _formula_cases() -> list[Case]:
    found = [
        Case(f"formula-{field}-{name}", _formula(field, payload), quick=name == "hyperlink")
        for field in ("title", "summary", "places", "quote")
        for name, payload in PAYLOADS.items()
    ]
    return found + [Case("formula-source-title-cmd", _formula("source-title", PAYLOADS["cmd"]))]


def cases() -> list[Case]:
    """Every bad-input case, in a stable order."""
    return [
        Case("unchanged", lambda p, o: None),
        *_yaml_cases(),
        *_text_cases(),
        *_newline_cases(),
        *_link_cases(),
        *_special_cases(),
        *_formula_cases(),
    ]
