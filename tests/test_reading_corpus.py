"""The measured corpus of real phrasings (tests/reading/) is well formed, and its report runs.

What the checker makes of the corpus is measured by benchmarks/reading.py and recorded in
tests/reading/README.md ("Baseline"); it is not asserted here, since the reader is being
rewritten. Only that every case is usable and that the report's counts add up.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from timeline.dates import parse_date

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "reading"
LANGUAGES = ("en", "de", "es", "fr")
KEYS = {"text", "url", "via", "licence", "published", "quote", "claim", "wrong", "phenomenon"}
LICENCES = {
    "CC BY-SA 3.0",
    "CC BY-SA 4.0",
    "CC BY 2.5",
    "CC BY 4.0",
    "public domain",
    "public domain (US government work)",
}
# Where a case's text may come from: Wikipedia, Wikinews, and US federal government sites
# (dosfan.lib.uic.edu is the State Department's own archive of its site; DVIDS is the
# Defense Department's news service). A stored copy read elsewhere is named in `via`.
SUFFIXES = (".wikipedia.org", ".wikinews.org", ".gov")
HOSTS = {"dosfan.lib.uic.edu", "dvidshub.net", "www.dvidshub.net"}
FIGURE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _load(name: str):
    path = REPO / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


reading = _load("reading")


def _cases(lang: str) -> list[dict]:
    return yaml.safe_load((CORPUS / f"{lang}.yaml").read_text(encoding="utf-8")) or []


ALL = [(lang, number, case) for lang in LANGUAGES for number, case in enumerate(_cases(lang), 1)]


def _false(case: dict) -> dict:
    return case["wrong"]


def _host_allowed(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme in ("http", "https") and (host.endswith(SUFFIXES) or host in HOSTS)


def _check_claim(claim: dict) -> str:
    """The claim's kind, after checking it is in the terms the checker compares."""
    kinds = [kind for kind in ("date", "duration", "figure") if kind in claim]
    assert len(kinds) == 1, claim
    kind = kinds[0]
    assert set(claim) <= {kind, "name"}, claim
    if kind == "date":
        assert isinstance(claim["date"], str)
        parse_date(claim["date"])
    elif kind == "duration":
        start, end = claim["duration"]
        assert dt.date.fromisoformat(start) < dt.date.fromisoformat(end), claim
        assert parse_date(f"{start}/{end}").duration_range() is not None
    else:
        assert isinstance(claim["figure"], int) and claim["figure"] >= 0, claim
        assert FIGURE_NAME.match(claim.get("name", "value")), claim
    return kind


def test_each_language_has_cases():
    for lang in LANGUAGES:
        assert len(_cases(lang)) >= 60, lang


@pytest.mark.parametrize(("lang", "number", "case"), ALL, ids=[f"{lang}-{n}" for lang, n, _ in ALL])
def test_a_case_is_well_formed(lang, number, case):
    keys = {"false" if key is False else key for key in case}
    assert keys <= KEYS, keys - KEYS
    assert {"text", "url", "licence", "claim", "wrong", "phenomenon"} <= keys
    assert isinstance(case["text"], str) and case["text"].strip() == case["text"] != ""
    assert _host_allowed(case["url"]), case["url"]
    if "via" in case:
        assert urlsplit(case["via"]).scheme in ("http", "https")
    assert case["licence"] in LICENCES
    quote = case.get("quote", case["text"])
    assert isinstance(quote, str) and quote and quote in case["text"]
    if "published" in case:
        dt.date.fromisoformat(case["published"])
    claim, false = case["claim"], _false(case)
    assert _check_claim(claim) == _check_claim(false)
    assert claim != false
    if "figure" in claim:
        assert claim.get("name") == false.get("name")
    assert re.fullmatch(r"[a-z][a-z0-9-]*", case["phenomenon"])


def test_no_case_is_written_twice():
    """No two cases claim the same kind from the same quote of the same text (one sentence
    may well give a date, a figure and a duration, each its own case)."""
    seen: dict[tuple[str, str, str], str] = {}
    for lang, number, case in ALL:
        kind = next(kind for kind in ("date", "duration", "figure") if kind in case["claim"])
        key = (case["text"], case.get("quote", case["text"]), kind)
        assert key not in seen, f"{lang} case {number} repeats {seen[key]}"
        seen[key] = f"{lang} case {number}"


def test_the_report_runs_and_its_counts_add_up(tmp_path, capsys):
    out = tmp_path / "reading.json"
    assert reading.main(["--json", str(out)]) == 0
    printed = capsys.readouterr().out
    figures = json.loads(out.read_text(encoding="utf-8"))
    total = figures["total"]
    assert total["cases"] == len(ALL) == len(figures["cases"])
    groups = [figures["total"], *figures["by_kind"].values()]
    for lang_groups in figures["by_language"].values():
        groups += lang_groups.values()
    for group in groups:
        assert group["claim_accepted"] + group["claim_rejected"] == group["cases"]
        assert group["false_accepted"] + group["false_rejected"] == group["cases"]
    for lang in LANGUAGES:
        lang_groups = figures["by_language"][lang]
        assert lang_groups["all"]["cases"] == len(_cases(lang))
        assert sum(lang_groups[kind]["cases"] for kind in reading.KINDS) == len(_cases(lang))
    assert sum(group["cases"] for group in figures["by_kind"].values()) == total["cases"]
    assert (
        sum(g["all"]["claim_accepted"] for g in figures["by_language"].values())
        == (total["claim_accepted"])
    )
    assert any(line.startswith("total") for line in printed.splitlines())


def test_the_report_takes_one_language(tmp_path, capsys):
    out = tmp_path / "de.json"
    assert reading.main(["--lang", "de", "--json", str(out)]) == 0
    capsys.readouterr()
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert list(figures["by_language"]) == ["de"]
    assert figures["total"]["cases"] == len(_cases("de"))
    assert all(case["where"].startswith("tests/reading/de.yaml:") for case in figures["cases"])
