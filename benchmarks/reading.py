"""How well `timeline check` reads real text: the measured corpus of tests/reading/.

Every case of tests/reading/<lang>.yaml (see tests/reading/README.md) is a verbatim excerpt
of a public text, a claim a careful editor would make from it, and a false variant of that
claim. This script builds ONE temporary project holding every case (each excerpt a source
in seeds/ with its language and publication day, each case two events: the claim and the
false variant), runs the real check in-process (timeline.dataset.load_project) and prints,
per language and per kind of claim (date, duration, figure):

  cases      how many
  recall     true claims accepted: no error on the event
  false      false claims accepted: must be 0

then every miss (a true claim rejected, with the check's message) and every false claim
accepted, each at its case's file:line. It measures; it never fails on a low score.

usage:
  python benchmarks/reading.py                  every language
  python benchmarks/reading.py --lang de        one language
  python benchmarks/reading.py --json out.json  also write the figures and each case's outcome
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO / "tests" / "reading"
LANGUAGES = ("en", "de", "es", "fr")
KINDS = ("date", "duration", "figure")
# The day a source without a publication date is taken to be published: the day the corpus
# was collected. Only relative times ("on 28 June") depend on it.
DEFAULT_PUBLISHED = "2026-12-07"
# A date for events whose claim is not a date (a figure): no quote supports it, a warning only.
NEUTRAL_DATE = "2000"


@dataclass
class Case:
    """One case of the corpus, where it is written, and what the check made of it."""

    lang: str
    file: str  # relative to the repository
    line: int
    data: dict
    claim_errors: list[str] = field(default_factory=list)
    false_errors: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return claim_kind(self.data["claim"])

    @property
    def quote(self) -> str:
        return self.data.get("quote") or self.data["text"]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def claim_kind(claim: dict) -> str:
    """date, duration or figure: the one of those keys a claim has."""
    kinds = [kind for kind in KINDS if kind in claim]
    if len(kinds) != 1:
        raise ValueError(f"a claim names exactly one of {', '.join(KINDS)}: {claim!r}")
    return kinds[0]


def false_of(data: dict) -> dict:
    """The false variant of the case's claim."""
    return data["wrong"]


def load_cases(corpus: Path = CORPUS, languages: tuple[str, ...] = LANGUAGES) -> list[Case]:
    """Every case of corpus/<lang>.yaml, with the line its list item starts on."""
    cases: list[Case] = []
    for lang in languages:
        path = corpus / f"{lang}.yaml"
        text = path.read_text(encoding="utf-8")
        items = yaml.safe_load(text) or []
        root = yaml.compose(text)
        lines = [node.start_mark.line + 1 for node in root.value] if root is not None else []
        try:
            shown = str(path.relative_to(REPO))
        except ValueError:
            shown = str(path)
        cases += [Case(lang, shown, line, item) for line, item in zip(lines, items, strict=True)]
    return cases


def _event(case_id: str, claim: dict, quote: str) -> dict:
    kind = claim_kind(claim)
    event: dict = {"title": f"Reading case {case_id}"}
    if kind == "date":
        event["date"], supports = claim["date"], "date"
    elif kind == "duration":
        start, end = claim["duration"]
        event["date"], supports = f"{start}/{end}", "duration"
    else:
        name = claim.get("name", "value")
        event["date"], supports = NEUTRAL_DATE, f"figures.{name}"
        event["figures"] = {name: claim["figure"]}
    event["evidence"] = [{"source": case_id, "quote": quote, "supports": [supports]}]
    return event


def write_project(root: Path, cases: list[Case]) -> dict[str, tuple[Case, str]]:
    """Write one project holding every case; return {event file name: (case, 'claim'|'false')}."""
    (root / "data" / "events").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "data" / "site.yaml").write_text(
        'title: Reading corpus\ndescription: Real phrasings.\nbase_url: "https://example.org/"\n'
        "language: en\n",
        encoding="utf-8",
    )
    (root / "data" / "places.yaml").write_text("{}\n", encoding="utf-8")
    events: dict[str, tuple[Case, str]] = {}
    for number, case in enumerate(cases, 1):
        case_id = f"{case.lang}-{number:04d}"
        meta = {
            "title": f"Reading case {case_id}",
            "publisher": case.data["url"],
            "published": str(case.data.get("published", DEFAULT_PUBLISHED)),
            "language": case.lang,
            "url": case.data["url"],
            "license": case.data["licence"],
        }
        (root / "seeds" / f"{case_id}.txt").write_text(case.data["text"] + "\n", encoding="utf-8")
        (root / "seeds" / f"{case_id}.yaml").write_text(_json_lines(meta), encoding="utf-8")
        for role, claim in (("claim", case.data["claim"]), ("false", false_of(case.data))):
            name = f"{case_id}-{role}.yaml"
            event = _event(case_id, claim, case.quote)
            (root / "data" / "events" / name).write_text(_json_lines(event), encoding="utf-8")
            events[name] = (case, role)
    return events


def _json_lines(mapping: dict) -> str:
    """A YAML mapping whose values are written as JSON (a subset of YAML): no value is misread."""
    return "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in mapping.items()
    )


def check(cases: list[Case]) -> list[Case]:
    """Run the real check over every case; fill in each case's errors. Returns the cases."""
    from timeline.dataset import load_project

    with tempfile.TemporaryDirectory(prefix="timeline-reading-") as folder:
        root = Path(folder)
        events = write_project(root, cases)
        result = load_project(str(root), use_cache=False, parallel=False)
    stray = []
    for problem in result.problems:
        if not problem.is_error:
            continue
        name = os.path.basename(problem.path)
        if not problem.path.startswith(os.path.join("data", "events")) or name not in events:
            stray.append(str(problem))
            continue
        case, role = events[name]
        (case.claim_errors if role == "claim" else case.false_errors).append(problem.message)
    if stray:
        raise RuntimeError("the generated project is broken:\n" + "\n".join(stray))
    return cases


def tally(cases: list[Case]) -> dict:
    """Counts per language, per kind and in all: cases, true and false claims accepted."""

    def counts(group: list[Case]) -> dict:
        return {
            "cases": len(group),
            "claim_accepted": sum(not case.claim_errors for case in group),
            "claim_rejected": sum(bool(case.claim_errors) for case in group),
            "false_accepted": sum(not case.false_errors for case in group),
            "false_rejected": sum(bool(case.false_errors) for case in group),
        }

    langs = sorted({case.lang for case in cases}, key=lambda lang: (lang not in LANGUAGES, lang))
    return {
        "total": counts(cases),
        "by_language": {
            lang: {
                "all": counts([case for case in cases if case.lang == lang]),
                **{
                    kind: counts([c for c in cases if c.lang == lang and c.kind == kind])
                    for kind in KINDS
                },
            }
            for lang in langs
        },
        "by_kind": {kind: counts([case for case in cases if case.kind == kind]) for kind in KINDS},
    }


def _row(label: str, numbers: dict) -> str:
    n, ok, bad = numbers["cases"], numbers["claim_accepted"], numbers["false_accepted"]
    recall = f"{ok / n:6.1%}" if n else "     -"
    return f"{label:<14}{n:>6}{ok:>10} {recall}{bad:>8}"


def report(cases: list[Case], figures: dict) -> str:
    """The printed report: the table, then the misses and the false claims accepted."""
    lines = [f"{'':<14}{'cases':>6}{'accepted':>10} {'recall':>6}{'false':>8}"]
    for lang, groups in figures["by_language"].items():
        lines.append(_row(lang, groups["all"]))
        lines += [_row(f"  {kind}", groups[kind]) for kind in KINDS if groups[kind]["cases"]]
    lines += [_row(kind, figures["by_kind"][kind]) for kind in KINDS]
    lines.append(_row("total", figures["total"]))
    misses = [case for case in cases if case.claim_errors]
    if misses:
        lines += ["", f"true claims rejected ({len(misses)}):"]
        for case in misses:
            lines.append(
                f"  {case.where}: [{case.kind}, {case.data['phenomenon']}] "
                f"{_claim_text(case.data['claim'])}: {case.claim_errors[0]}"
            )
    wrong = [case for case in cases if not case.false_errors]
    if wrong:
        lines += ["", f"false claims accepted ({len(wrong)}):"]
        for case in wrong:
            lines.append(
                f"  {case.where}: [{case.kind}, {case.data['phenomenon']}] "
                f"{_claim_text(false_of(case.data))} accepted from {case.quote!r}"
            )
    return "\n".join(lines)


def _claim_text(claim: dict) -> str:
    kind = claim_kind(claim)
    if kind == "duration":
        return "duration {}/{}".format(*claim["duration"])
    return f"{kind} {claim[kind]}"


def outcomes(cases: list[Case]) -> list[dict]:
    """Each case's outcome, for --json."""
    return [
        {
            "where": case.where,
            "language": case.lang,
            "kind": case.kind,
            "phenomenon": case.data["phenomenon"],
            "claim_accepted": not case.claim_errors,
            "false_accepted": not case.false_errors,
            "claim_errors": case.claim_errors,
        }
        for case in cases
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=LANGUAGES, help="only this language")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--corpus", metavar="DIR", default=str(CORPUS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    languages = (args.lang,) if args.lang else LANGUAGES
    cases = check(load_cases(Path(args.corpus), languages))
    figures = tally(cases)
    print(report(cases, figures))
    if args.json:
        Path(args.json).write_text(
            json.dumps({**figures, "cases": outcomes(cases)}, indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))  # run from a checkout without installing
    try:
        sys.exit(main())
    except BrokenPipeError:  # `... | head`: the reader has seen enough
        sys.stderr.close()
        sys.exit(0)
