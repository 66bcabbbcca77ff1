"""The dataset files put together from per-event pieces (kept between builds) are the
very files json.dumps and csv.DictWriter write for the whole dataset at once (text cells
that start like a spreadsheet formula with a leading ', as docs/dataset.md says)."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import exports, timelinejs
from timeline.dataset import load_project
from timeline.memo import Memo

from conftest import EVENT, small_project, write_project

CHECKED: list[int] = []
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=40)
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def whole_json(data) -> str:
    document = {
        "title": data.site.title,
        "description": data.site.description,
        "events": [exports.event_record(data, event) for event in data.events],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def safe_cell(value: object, text_column: bool = True) -> object:
    """exports._cell(value), with the rule of docs/dataset.md written out again: a text
    cell that, past any ' it starts with, starts with one of FORMULA gets one ' more."""
    cell = exports._cell(value)
    if text_column and isinstance(cell, str) and cell.lstrip("'").startswith(FORMULA):
        return "'" + cell
    return cell


def whole_csv(table, columns, rows) -> str:
    kinds = {field["name"]: field["type"] for field in exports.TABLE_SCHEMAS[table]["fields"]}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {key: safe_cell(value, kinds[key] == "string") for key, value in row.items()}
        )
    return buffer.getvalue()


def check_pieces(data) -> None:
    assert exports.events_json(data) == whole_json(data)
    whole_timeline = json.dumps(timelinejs.timeline(data), ensure_ascii=False, indent=2)
    assert timelinejs.timeline_json(data) == whole_timeline + "\n"
    events = [exports.event_record(data, event) for event in data.events]
    assert exports.events_csv(data) == whole_csv("events", exports.EVENT_COLUMNS, events)
    assert exports.evidence_csv(data) == whole_csv(
        "evidence", exports.EVIDENCE_COLUMNS, exports.evidence_records(data)
    )


def test_the_shipped_dataset_from_pieces_fresh_and_remembered(shipped, tmp_path):
    data = load_project(str(shipped), use_cache=False).dataset
    check_pieces(data)
    memo = Memo(str(tmp_path / "memo"))
    data.remember_in(memo)
    check_pieces(data)  # the pieces made and put in the memo
    memo.save()
    again = load_project(str(shipped), use_cache=False).dataset
    again.remember_in(Memo(str(tmp_path / "memo")))
    check_pieces(again)  # the pieces taken from the memo


def test_no_events_at_all(project):
    files = small_project({"data/events/offensive.yaml": None})
    data = load_project(str(project(files)), use_cache=False).dataset
    assert data.events == []
    check_pieces(data)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXT, description=TEXT, event_title=TEXT, summary=TEXT)
def test_any_text_from_pieces(tmp_path_factory, title, description, event_title, summary):
    root = tmp_path_factory.mktemp("p")
    files = small_project()
    files["data/site.yaml"] = (
        f"title: {quoted(title or 'x')}\ndescription: {quoted(description)}\n"
        'base_url: "https://example.org/t/"\n'
    )
    files["data/events/offensive.yaml"] = EVENT.replace(
        "title: The offensive begins", f"title: {quoted(event_title or 'y')}"
    ).replace("summary: Officials report an offensive.", f"summary: {quoted(summary)}")
    result = load_project(str(write_project(root, files)), use_cache=False)
    if result.dataset is None or not result.dataset.events:
        return  # text the schema refuses (e.g. only spaces): nothing to export
    check_pieces(result.dataset)
    CHECKED.append(1)


def test_the_any_text_test_checked_most_examples():
    assert len(CHECKED) >= 20


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5) | st.integers() | st.booleans(), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=500)
@given(value=JSON_VALUES, pad=st.sampled_from(["", "  ", "    "]))
def test_indented_json_is_what_json_dumps_writes(value, pad):
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
    assert exports.indented_json(value, pad) == expected


CELLS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
    | st.lists(st.text(max_size=4), max_size=3)
    | st.dictionaries(st.text(max_size=4), st.integers(), max_size=2)
)


@settings(max_examples=500)
@given(
    columns=st.lists(st.sampled_from("abcdef"), min_size=1, max_size=4, unique=True),
    rows=st.lists(st.dictionaries(st.sampled_from("abcdef"), CELLS), max_size=3),
)
def test_csv_rows_are_what_csv_dictwriter_writes(columns, rows):
    """Columns of no table are all text columns."""
    rows = [{key: value for key, value in row.items() if key in columns} for row in rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    for row in rows:
        writer.writerow({key: safe_cell(value) for key, value in row.items()})
    assert exports._csv_rows(tuple(columns), rows) == buffer.getvalue()
