"""Reading a project's files with the system's calls alone (files.read_file)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from timeline.files import read_file


def test_a_file_comes_back_whole_and_a_limit_refuses_a_bigger_one(tmp_path: Path) -> None:
    path = tmp_path / "f"
    for data in (b"", b"x", b"line\r\n" * 50_000):
        path.write_bytes(data)
        assert read_file(str(path)) == data
        assert read_file(str(path), len(data)) == data
    assert read_file(str(path), len(data) - 1) is None


def test_a_folder_or_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        read_file(str(tmp_path))
    with pytest.raises(FileNotFoundError):
        read_file(str(tmp_path / "missing"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's /proc")
def test_a_file_whose_size_says_nothing_is_read_to_its_end() -> None:
    text = read_file("/proc/self/status")
    assert text is not None and len(text) > 100 and text.startswith(b"Name:")
