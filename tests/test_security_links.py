"""Every file the project reads stays inside it: a link committed to the data or the
templates (git stores links, so a pull request can add one) is refused, never read and
published; a device or pipe is never read; no read goes past the size limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from timeline.files import NotAFile, read_file

from conftest import small_project

SECRET = "the-secret-text-of-another-file"
OUTSIDE = "links to a file outside the project; replace the link with the file itself"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A folder outside every project, with files a link could point at."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "site.yaml").write_text(f"title: {SECRET}\n", encoding="utf-8")
    (folder / "places.yaml").write_text(f"{SECRET}: []\n", encoding="utf-8")
    (folder / "passwd").write_text(f"{SECRET}\n", encoding="utf-8")
    return folder


def site_text(out: Path) -> str:
    return "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file()
    )


LINKS = {
    "data/site.yaml": "site.yaml",
    "data/places.yaml": "places.yaml",
    "site_templates/static/passwd.txt": "passwd",
    "site_templates/static/deep/passwd.txt": "passwd",
    "site_templates/_partials/leak.html": "passwd",
}


@pytest.mark.parametrize("link", sorted(LINKS))
def test_a_link_out_of_the_project_is_an_error_and_nothing_is_published(
    run, project, secret, tmp_path, link
):
    root = project(small_project({"site_templates/static/x.css": "a{}"}))
    path = root / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(secret / LINKS[link])
    status, out, _ = run(["check"], cwd=root)
    assert status == 1
    assert f"{link}:1:1: error: {OUTSIDE}" in out.splitlines()
    out_dir = tmp_path / "out"
    status, _, _ = run(["build", "--out", str(out_dir)], cwd=root)
    assert status == 1
    assert not out_dir.exists() or SECRET not in site_text(out_dir)


def test_a_templates_folder_linked_out_of_the_project_is_refused(run, project, secret):
    root = project()
    (root / "site_templates").symlink_to(secret)
    status, out, _ = run(["check"], cwd=root)
    assert status == 1
    assert f"site_templates:1:1: error: {OUTSIDE}" in out.splitlines()


def test_links_inside_the_project_still_work(run, project, tmp_path):
    root = project(small_project({"shared/style.css": "b{}"}))
    (root / "site_templates" / "static").mkdir(parents=True)
    (root / "site_templates" / "static" / "style.css").symlink_to(root / "shared" / "style.css")
    assert run(["check"], cwd=root)[0] == 0
    assert run(["build", "--out", str(tmp_path / "out")], cwd=root)[0] == 0
    assert (tmp_path / "out" / "static" / "style.css").read_text() == "b{}"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_refused_without_reading(run, project, device):
    root = project()
    (root / "data" / "site.yaml").unlink()
    (root / "data" / "site.yaml").symlink_to(device)
    status, out, _ = run(["check"], cwd=root)
    assert status == 1
    assert f"data/site.yaml:1:1: error: {OUTSIDE}" in out.splitlines()


def test_a_pipe_in_the_project_is_refused_without_waiting(run, project):
    root = project()
    os.mkfifo(root / "data" / "events" / "pipe.yaml")
    status, out, _ = run(["check"], cwd=root)
    assert status == 1
    assert (
        "data/events/pipe.yaml:1:1: error: is a device, pipe or socket, not a file; remove it"
        in out.splitlines()
    )


def test_read_file_refuses_what_is_not_a_regular_file(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(NotAFile):
        read_file(str(tmp_path / "pipe"), 100)
    with pytest.raises(NotAFile):
        read_file("/dev/zero", 100)


def test_read_file_stops_at_the_limit_whatever_the_size_says():
    # /proc files say they hold 0 bytes and hold more.
    assert os.stat("/proc/self/status").st_size == 0
    assert read_file("/proc/self/status", 10) is None
    assert read_file("/proc/self/status", 1_000_000).startswith(b"Name:")
