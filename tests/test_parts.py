"""Big files from keyed parts (timeline/parts.py): what write() puts in a file is exactly
the parts' bytes in order, copied ranges included, and its table says where each keyed
part lies, so that the next build can copy it from there."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.parts import Fresh, Keyed, Reuse, Span, as_bytes, write

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


def old_file(tmp_path: Path, texts: list[str]) -> tuple[Path, dict[str, tuple[int, int]]]:
    """A file as a build before wrote it from keyed parts k0, k1, ..., and its table."""
    path = tmp_path / "old.json"
    table = write(str(path), [Fresh(f"k{n}", text) for n, text in enumerate(texts)])
    return path, table


def test_a_file_of_keyed_and_plain_parts_and_its_table(tmp_path):
    path = tmp_path / "new.json"
    table = write(str(path), ["[\n", Fresh("a", "« un »"), ",\n", Fresh("b", "two"), "\n]"])
    data = path.read_bytes()
    assert data == "[\n« un »,\ntwo\n]".encode()
    assert table == {"a": (2, len("« un »".encode())), "b": (12, 3)}
    assert data[slice(table["a"][0], sum(table["a"]))] == "« un »".encode()


def test_parts_found_in_the_last_file_are_copied_and_the_rest_made(tmp_path):
    old, table = old_file(tmp_path, ["alpha;", "beta;", "gamma;", "delta;"])
    reuse = Reuse(str(old), table)

    def unused() -> str:
        raise AssertionError("a part the last file holds is made again")

    parts = [
        "<",
        reuse.part("k0", unused),
        reuse.part("k1", unused),
        reuse.part("new", lambda: "NEW;"),
        reuse.part("k3", unused),  # a gap in the old file: a run of its own
        reuse.part("k2", unused),  # before its old neighbour: another
        ">",
    ]
    assert [type(part) for part in parts[1:6]] == [Span, Span, Fresh, Span, Span]
    new = tmp_path / "new.json"
    new_table = write(str(new), parts)
    assert new.read_bytes() == b"<alpha;beta;NEW;delta;gamma;>"
    assert b"".join(as_bytes(parts)) == new.read_bytes()
    assert Keyed(parts).text() == "<alpha;beta;NEW;delta;gamma;>"
    data = new.read_bytes()
    assert {key: data[start : start + size] for key, (start, size) in new_table.items()} == {
        "k0": b"alpha;",
        "k1": b"beta;",
        "new": b"NEW;",
        "k3": b"delta;",
        "k2": b"gamma;",
    }


def test_without_a_last_file_every_part_is_made(tmp_path):
    made = Reuse().part("k0", lambda: "made")
    assert made == Fresh("k0", "made")


def test_a_last_file_shorter_than_its_table_says_is_an_error_not_a_short_file(tmp_path):
    old, table = old_file(tmp_path, ["alpha;", "beta;"])
    old.write_bytes(b"alp")
    with pytest.raises(OSError):
        write(str(tmp_path / "new.json"), [Reuse(str(old), table).part("k1", str)])
    with pytest.raises(OSError):
        list(as_bytes([Reuse(str(old), table).part("k1", str)]))


@settings(max_examples=200, deadline=None)
@given(
    old=st.lists(TEXT, max_size=8),
    plan=st.lists(
        st.one_of(
            st.tuples(st.just("text"), TEXT),
            st.tuples(st.just("keyed"), st.integers(0, 12), TEXT),
        ),
        max_size=16,
    ),
)
def test_any_mix_of_parts_is_written_exactly(tmp_path_factory, old, plan):
    folder = tmp_path_factory.mktemp("parts")
    path, table = old_file(folder, old)
    reuse = Reuse(str(path), table)
    parts, expected, keys = [], [], set()
    for step in plan:
        if step[0] == "text":
            parts.append(step[1])
            expected.append(step[1])
        else:
            number, text = step[1], step[2]
            key = f"k{number}"
            if key in keys:  # a key names one part of a file (an event's, say)
                continue
            keys.add(key)
            parts.append(reuse.part(key, lambda text=text: text))
            expected.append(old[number] if number < len(old) else text)
    new = folder / "new"
    new_table = write(str(new), parts)
    data = new.read_bytes()
    assert data == "".join(expected).encode()
    assert b"".join(as_bytes(parts, size=3)) == data  # spans read in runs, 3 bytes a read
    for part in parts:
        if not isinstance(part, str):
            start, size = new_table[part.key]
            shown = part.text if isinstance(part, Fresh) else old[int(part.key[1:])]
            assert data[start : start + size] == shown.encode()


@pytest.mark.parametrize("missing", [["copy_file_range"], ["copy_file_range", "pread"]])
def test_parts_are_copied_where_the_system_lacks_the_calls(tmp_path, monkeypatch, missing):
    """macOS has no os.copy_file_range, Windows no os.pread either: the bytes are read
    and written."""
    for name in missing:
        monkeypatch.delattr(f"os.{name}", raising=False)
    old, table = old_file(tmp_path, ["alpha;", "beta;" * 300_000, "gamma;"])
    reuse = Reuse(str(old), table)
    new = tmp_path / "new.json"
    write(str(new), ["<", reuse.part("k2", str), reuse.part("k0", str), reuse.part("k1", str)])
    assert new.read_bytes() == ("<gamma;alpha;" + "beta;" * 300_000).encode()
    parts = [reuse.part("k1", str), reuse.part("k2", str)]
    assert b"".join(as_bytes(parts, size=7)) == ("beta;" * 300_000 + "gamma;").encode()
