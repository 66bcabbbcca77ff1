"""The quick proof of validity never passes a document jsonschema would reject."""

from __future__ import annotations

import importlib.util
import sys

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.schema import load_schema, surely_valid
from timeline.yamlfile import parse_yaml

from conftest import REPO

SCALARS = (
    st.sampled_from(["", "a", "war", "War", "x y", "1991", "el-diario", "date", "figures.killed"])
    | st.sampled_from(["figures.Killed", "a\n", "-a", "ab" * 40, "https://e.org/a", "en", "e n"])
    | st.integers(-2, 3)
    | st.booleans()
    | st.none()
    | st.floats(allow_nan=False, allow_infinity=False)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["source", "quote", "supports", "killed", "x", "title"])
            | st.integers(),
            inner,
            max_size=3,
        )
    ),
    max_leaves=8,
)
EVIDENCE = st.fixed_dictionaries(
    {"source": VALUES, "quote": VALUES},
    optional={"supports": VALUES | st.lists(SCALARS, max_size=3), "other": VALUES},
)
EVENTS = st.fixed_dictionaries(
    {"title": VALUES, "date": VALUES, "evidence": st.lists(EVIDENCE, max_size=2) | VALUES},
    optional={
        "summary": VALUES,
        "tags": st.lists(SCALARS, max_size=3),
        "places": st.lists(SCALARS, max_size=3),
        "figures": st.dictionaries(SCALARS.filter(lambda v: isinstance(v, str)), SCALARS),
        "note": VALUES,
    },
)
SOURCES = st.fixed_dictionaries(
    {"title": SCALARS, "published": SCALARS},
    optional={"publisher": SCALARS, "language": SCALARS, "url": SCALARS, "license": SCALARS},
)


def _agrees(document, name):
    schema = load_schema(name)
    valid = not list(jsonschema.validators.validator_for(schema)(schema).iter_errors(document))
    if surely_valid(document, schema):
        assert valid
    return valid


@settings(max_examples=400)
@given(EVENTS)
def test_a_surely_valid_event_is_valid(document):
    _agrees(document, "event")


@settings(max_examples=200)
@given(SOURCES)
def test_a_surely_valid_source_is_valid(document):
    _agrees(document, "source")


def test_the_common_event_is_proven_without_jsonschema():
    event = {
        "title": "A",
        "date": "2023-09-19",
        "summary": "*text*",
        "tags": ["war", "x y"],
        "places": ["Stepanakert"],
        "figures": {"killed": 6},
        "evidence": [{"source": "el-diario", "quote": "six", "supports": ["figures.killed"]}],
    }
    assert surely_valid(event, load_schema("event"))
    assert not surely_valid({**event, "figures": {"killed": True}}, load_schema("event"))


PLACES = st.dictionaries(
    st.sampled_from(["Stepanakert", "Shusha", "", "x" * 201]) | st.integers(),
    st.none() | st.lists(SCALARS, max_size=3) | VALUES,
    max_size=3,
)


@settings(max_examples=300)
@given(PLACES)
def test_surely_valid_places_are_valid(document):
    _agrees(document, "places")


def test_common_places_are_proven_without_jsonschema():
    places = {"Stepanakert": ["Khankendi", "Xankəndi"], "Shusha": None}
    assert surely_valid(places, load_schema("places"))
    assert not surely_valid({"Shusha": ["Shushi", "Shushi"]}, load_schema("places"))
    assert not surely_valid({"Shusha": 3}, load_schema("places"))


def _benchmark_generator():
    path = REPO / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate_for_schema", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_no_shipped_or_benchmark_event_falls_back_to_jsonschema():
    # validate() asks jsonschema only when surely_valid() cannot prove a document valid:
    # every event of the repository's projects and of the benchmark corpus is proven.
    schema = load_schema("event")
    folders = [REPO / "data" / "events", REPO / "tests" / "golden" / "project" / "data" / "events"]
    texts = {str(path): path.read_text("utf-8") for f in folders for path in f.glob("*.yaml")}
    generate = _benchmark_generator()
    events, _, _ = generate.build_corpus(200, seed=8)
    texts.update({f"benchmark {i}": generate._event_yaml(e) for i, e in enumerate(events)})
    assert len(texts) > 200
    for name, text in texts.items():
        doc, problems = parse_yaml(text, name)
        assert doc is not None and problems == [], name
        assert surely_valid(doc.data, schema), f"{name} would be checked by jsonschema"
