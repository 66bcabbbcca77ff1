"""Generate a synthetic timeline project, and an equivalent Hugo site, for benchmarks.

Deterministic: the same --events and --seed give byte-identical files. The project has
N events (data/events/*.yaml), ceil(N/20) sources of about 3,000 words each (seeds/),
data/site.yaml and data/places.yaml. Every event cites two quotes taken verbatim from
its source, and what they are said to support is true: one states the event's date
(a full date such as "19 September 2023", or a month such as "in March 2019" for an
event dated "2019-03") and supports `date`; one states a number and supports
`figures.NAME`. `timeline check` reports no error and no warning on it.

The Hugo site (hugo/) has the same pages: one per event (title, date, the rendered
summary, the quotes with links to their source), one per source (the text) and an
index listing every event by date, with minimal layouts.

usage:
  python benchmarks/generate.py --events 10000 --out /tmp/bench      # writes project/ + hugo/
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

EVENTS_PER_SOURCE = 20
WORDS_PER_SOURCE = 3000
BASE_URL = "https://example.org/bench/"

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SMALL_NUMBERS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
)
FIGURES = ("killed", "injured", "displaced", "arrested", "buildings", "vehicles")
FIGURE_PHRASES = {
    "killed": "people were killed near {place}",
    "injured": "people were injured in {place}",
    "displaced": "residents were displaced from {place}",
    "arrested": "protesters were arrested in {place}",
    "buildings": "buildings were damaged across {place}",
    "vehicles": "vehicles were destroyed on the road to {place}",
}
TAGS = (
    "protest",
    "ceasefire",
    "election",
    "offensive",
    "negotiations",
    "blockade",
    "flood",
    "trial",
    "treaty",
    "census",
    "strike",
    "summit",
)
ACTORS = (
    "the regional council",
    "the interior ministry",
    "a coalition of opposition parties",
    "the local water authority",
    "observers from the mission",
    "the national guard",
    "a group of journalists",
    "the mayor's office",
    "the central bank",
    "veterans' associations",
)
VERBS = (
    "announced",
    "rejected",
    "postponed",
    "confirmed",
    "questioned",
    "approved",
    "suspended",
    "extended",
    "published",
    "disputed",
)
OBJECTS = (
    "a new survey of the eastern district",
    "the plan to rebuild the bridge",
    "an inquiry into the shortages",
    "the agreement on grain exports",
    "a curfew for the old town",
    "the budget for the reconstruction",
    "a list of missing persons",
    "the transfer of the archives",
    "talks on the border crossings",
    "the results of the vote",
)
FILLER_SUBJECTS = (
    "The report",
    "A spokesperson",
    "Residents of the area",
    "Local historians",
    "The committee",
    "Several witnesses",
    "An independent analyst",
    "The newspaper",
    "Aid workers",
    "A senior official",
)
FILLER_VERBS = (
    "said that",
    "noted that",
    "recalled that",
    "argued that",
    "wrote that",
    "insisted that",
    "doubted that",
    "reported that",
)
FILLER_CLAUSES = (
    "the roads had been closed for {n} days",
    "the talks lasted {n} weeks without a result",
    "about {big} people lived in the valley in {year}",
    "the dispute began in the early {decade}s",
    "the {adj} market reopened in {month} {year}",
    "the station was rebuilt over {word} months",
    "{big} households still had no electricity",
    "the old factory employed {big} workers until {year}",
    "the river flooded {word} times in the {decade}s",
    "the census of {year} counted {big} inhabitants",
    "a {n}-day strike had closed the port",
    "the first convoy arrived on {day} {month} {year}",
    "prices rose by {n} percent between {year} and {year2}",
    "the {adj} bridge had been closed since {month} {year}",
    "the commission met {word} times before the summer",
)
ADJECTIVES = ("old", "northern", "southern", "covered", "main", "new", "eastern", "western")
FILLER_TAILS = (
    "",
    ", according to figures seen by the newspaper",
    ", although the claim could not be verified",
    ", a point the authorities did not dispute",
    " \u2013 a figure that others questioned",
    ", in what one resident called \u201ca long wait\u201d",
)
SYLLABLES = (
    *("var", "ka", "mir", "dol", "sen", "tar", "bel", "gor", "lin", "nav", "ost", "rud"),
    *("sal", "tem", "vol", "zar", "kel", "mon", "pra", "dun", "hel", "bra", "gan", "lor"),
    *("vek", "sim", "tor", "mal", "ner", "vin"),
)
LINK_WORDS = ("the full report", "the statement", "an earlier account", "the archive")


@dataclass
class Source:
    id: str
    title: str
    published: dt.date
    sentences: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class Event:
    id: str
    title: str
    date: str  # EDTF
    day: dt.date  # first day, for Hugo's front matter
    summary: str
    tags: list[str]
    places: list[str]
    figure: tuple[str, int]
    source: Source
    date_quote: str
    figure_quote: str


def _place_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        parts = rng.sample(SYLLABLES, rng.choice((2, 2, 3)))
        name = "".join(parts).capitalize()
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        names.append(name)
    return names


def _number_text(rng: random.Random, value: int) -> str:
    if value <= 20 and rng.random() < 0.5:
        return SMALL_NUMBERS[value]
    return f"{value:,}"


def _filler(rng: random.Random, year: int) -> str:
    clause = rng.choice(FILLER_CLAUSES).format(
        n=rng.randint(2, 90),
        big=f"{rng.randint(1000, 250000):,}",
        year=rng.randint(year - 30, year - 1),
        year2=year,
        decade=10 * rng.randint(195, 201),
        month=rng.choice(MONTHS),
        day=rng.randint(1, 28),
        word=rng.choice(SMALL_NUMBERS[2:13]),
        adj=rng.choice(ADJECTIVES),
    )
    subject, verb = rng.choice(FILLER_SUBJECTS), rng.choice(FILLER_VERBS)
    return f"{subject} {verb} {clause}{rng.choice(FILLER_TAILS)}."


def _summary(rng: random.Random, actor: str, verb: str, obj: str, place: str, when: str) -> str:
    """About 100 words of Markdown: two paragraphs, emphasis, sometimes a link or a list."""
    first = (
        f"In {place}, {actor} **{verb}** {obj} {when}. "
        f"The decision followed weeks of *public pressure* and several meetings with "
        f"representatives of the {rng.choice(ADJECTIVES)} districts, who had asked for "
        f"clearer rules and a timetable that residents could follow."
    )
    second = (
        f"Critics said the move came too late for many families, while supporters "
        f"described it as a first step. The text of the decision was published the same "
        f"day, and local media reported long queues outside the offices in {place}."
    )
    if rng.random() < 0.3:
        second += (
            f" See [{rng.choice(LINK_WORDS)}](https://example.org/reports/"
            f"{rng.randint(1, 99999)}) for details."
        )
    parts = [first, second]
    if rng.random() < 0.2:
        parts.append("- schools closed\n- markets reopened\n- the curfew was lifted")
    return "\n\n".join(parts) + "\n"


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def build_corpus(events: int, seed: int) -> tuple[list[Event], list[Source], dict[str, list[str]]]:
    rng = random.Random(seed)
    source_count = max(1, math.ceil(events / EVENTS_PER_SOURCE))
    place_names = _place_names(rng, max(20, min(400, events // 25)) * 2)
    half = len(place_names) // 2
    places = {
        name: [variant]
        for name, variant in zip(place_names[:half], place_names[half:], strict=True)
    }
    canonical = list(places)
    sources: list[Source] = []
    start = dt.date(1990, 1, 1)
    for index in range(source_count):
        published = start + dt.timedelta(days=rng.randint(1200, 12000))
        sources.append(
            Source(
                id=f"source-{index:05d}",
                title=f"Dispatch {index + 1}: a report from {rng.choice(canonical)}",
                published=published,
            )
        )
    records: list[Event] = []
    for index in range(events):
        source = sources[index // EVENTS_PER_SOURCE]
        place = rng.choice(canonical)
        spelled = rng.choice([place, *places[place]])  # editors sometimes write a variant
        actor, verb, obj = rng.choice(ACTORS), rng.choice(VERBS), rng.choice(OBJECTS)
        day = source.published - dt.timedelta(days=rng.randint(1, 900))
        month = MONTHS[day.month - 1]
        quoted_actor = actor[0].upper() + actor[1:]
        if rng.random() < 0.8:
            date = day.isoformat()
            when = f"on {day.day} {month} {day.year}"
            stated = f"On {day.day} {month} {day.year}, {actor} in {place} {verb} {obj}"
        else:
            day = day.replace(day=1)
            date = f"{day.year:04d}-{day.month:02d}"
            when = f"in {month} {day.year}"
            stated = f"{quoted_actor} in {place} {verb} {obj} in {month} {day.year}"
        name = rng.choice(FIGURES)
        value = rng.choice((rng.randint(2, 20), rng.randint(21, 999), rng.randint(1000, 99999)))
        number = _number_text(rng, value)
        counted = f"{number} {FIGURE_PHRASES[name].format(place=place)}"
        # Typographic quotes and dashes in the source; the quotes in the YAML are ASCII.
        date_sentence = f"{stated}, \u201cafter a long debate\u201d, officials said."
        figure_sentence = (
            f"By the evening, {counted} \u2013 the highest count since "
            f"{day.year - rng.randint(2, 20)}."
        )
        source.sentences += [date_sentence, figure_sentence]
        tags = sorted(rng.sample(TAGS, rng.randint(1, 3)))
        event_id = f"event-{index:06d}"
        records.append(
            Event(
                id=event_id,
                title=f"{quoted_actor} {verb} {obj} ({place})",
                date=date,
                day=day,
                summary=_summary(rng, actor, verb, obj, place, when),
                tags=tags,
                places=[spelled],
                figure=(name, value),
                source=source,
                date_quote=stated,
                figure_quote=counted,
            )
        )
    for source in sources:
        _write_text(rng, source)
    return records, sources, places


def _write_text(rng: random.Random, source: Source) -> None:
    """About 3,000 words: filler sentences with the events' sentences spread among them."""
    anchors = list(source.sentences)
    words = sum(len(s.split()) for s in anchors)
    sentences = list(anchors)
    while words < WORDS_PER_SOURCE:
        filler = _filler(rng, source.published.year)
        sentences.insert(rng.randint(0, len(sentences)), filler)
        words += len(filler.split())
    paragraphs: list[str] = []
    position = 0
    while position < len(sentences):
        size = rng.randint(3, 7)
        paragraph = " ".join(sentences[position : position + size])
        paragraphs.append(textwrap.fill(paragraph, width=78, break_on_hyphens=False))
        position += size
    headline = source.title
    source.text = headline + "\n\n" + "\n\n".join(paragraphs) + "\n"


def _event_yaml(event: Event) -> str:
    name, value = event.figure
    lines = [
        "# yaml-language-server: $schema=../../timeline/schema/event.schema.json",
        f"title: {_yaml_string(event.title)}",
        f'date: "{event.date}"',
        "summary: |",
        *(f"  {line}" if line else "" for line in event.summary.rstrip("\n").split("\n")),
        f"tags: [{', '.join(event.tags)}]",
        f"places: [{', '.join(_yaml_string(p) for p in event.places)}]",
        "figures:",
        f"  {name}: {value}",
        "evidence:",
        f"  - source: {event.source.id}",
        f"    quote: {_yaml_string(event.date_quote)}",
        "    supports: [date]",
        f"  - source: {event.source.id}",
        f"    quote: {_yaml_string(event.figure_quote)}",
        f"    supports: [figures.{name}]",
    ]
    return "\n".join(lines) + "\n"


def _source_yaml(source: Source) -> str:
    return (
        f"title: {_yaml_string(source.title)}\n"
        "publisher: The Synthetic Herald\n"
        f'published: "{source.published.isoformat()}"\n'
        "language: en\n"
        "note: Generated text for benchmarks; every place and figure is invented.\n"
        "license: CC0-1.0\n"
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def write_project(root: Path, events: list[Event], sources: list[Source], places: dict) -> None:
    _write(
        root / "data" / "site.yaml",
        'title: "Synthetic timeline"\n'
        f"description: {len(events)} generated events for benchmarks.\n"
        f'base_url: "{BASE_URL}"\nlanguage: en\n',
    )
    _write(
        root / "data" / "places.yaml",
        "".join(f"{name}: [{', '.join(variants)}]\n" for name, variants in sorted(places.items())),
    )
    for source in sources:
        _write(root / "seeds" / f"{source.id}.txt", source.text)
        _write(root / "seeds" / f"{source.id}.yaml", _source_yaml(source))
    for event in events:
        _write(root / "data" / "events" / f"{event.id}.yaml", _event_yaml(event))


HUGO_CONFIG = f"""\
baseURL = "{BASE_URL}"
title = "Synthetic timeline"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "section"]
enableRobotsTXT = false

[markup.goldmark.renderer]
unsafe = false
"""

HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

HUGO_INDEX = """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<ol>
{{ range (where .Site.RegularPages "Section" "events").ByDate }}
<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Params.date_text }}</time>
<a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ol>
{{ end }}
"""

HUGO_SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.date_text }}<p><time>{{ . }}</time></p>{{ end }}
{{ .Content }}
{{ with .Params.evidence }}
<h2>Evidence</h2>
{{ range . }}
<blockquote><p>{{ .quote }}</p>
<p><a href="{{ $.Site.BaseURL }}sources/{{ .source }}/">{{ .source }}</a>
({{ delimit .supports ", " }})</p></blockquote>
{{ end }}
{{ end }}
</article>
{{ end }}
"""


def _front_matter(values: dict) -> str:
    # JSON front matter: every value is data, and Hugo reads it natively.
    return json.dumps(values, ensure_ascii=False, indent=2) + "\n\n"


def write_hugo(root: Path, events: list[Event], sources: list[Source]) -> None:
    """An equivalent Hugo site: a page per event and per source, and an index."""
    _write(root / "config.toml", HUGO_CONFIG)
    _write(root / "layouts" / "_default" / "baseof.html", HUGO_BASEOF)
    _write(root / "layouts" / "_default" / "single.html", HUGO_SINGLE)
    _write(root / "layouts" / "_default" / "list.html", HUGO_INDEX)
    _write(root / "layouts" / "index.html", HUGO_INDEX)
    _write(root / "content" / "_index.md", _front_matter({"title": "Synthetic timeline"}))
    for event in events:
        name, _ = event.figure
        front = {
            "title": event.title,
            "date": event.day.isoformat(),
            "date_text": event.date,
            "tags": event.tags,
            "places": event.places,
            "figures": dict([event.figure]),
            "evidence": [
                {"source": event.source.id, "quote": event.date_quote, "supports": ["date"]},
                {
                    "source": event.source.id,
                    "quote": event.figure_quote,
                    "supports": [f"figures.{name}"],
                },
            ],
        }
        _write(root / "content" / "events" / f"{event.id}.md", _front_matter(front) + event.summary)
    for source in sources:
        front = {"title": source.title, "date": source.published.isoformat()}
        _write(root / "content" / "sources" / f"{source.id}.md", _front_matter(front) + source.text)


def generate(out: Path, events: int, seed: int = 8) -> dict:
    """Write out/project (the timeline project) and out/hugo (the Hugo site)."""
    records, sources, places = build_corpus(events, seed)
    write_project(out / "project", records, sources, places)
    write_hugo(out / "hugo", records, sources)
    return {
        "events": len(records),
        "sources": len(sources),
        "places": len(places),
        "words": sum(len(s.text.split()) for s in sources),
        "hugo_pages": len(records) + len(sources) + 1,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000, help="how many events (10000)")
    parser.add_argument("--seed", type=int, default=8, help="random seed (8)")
    parser.add_argument("--out", required=True, help="folder to write project/ and hugo/ into")
    args = parser.parse_args(argv)
    out = Path(args.out)
    for part in ("project", "hugo"):
        if (out / part).exists() and any((out / part).iterdir()):
            parser.error(f"{out / part} is not empty; choose a fresh --out")
    summary = generate(out, args.events, args.seed)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
