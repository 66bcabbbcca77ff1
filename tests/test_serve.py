"""timeline serve end to end: a real server on a free loopback port, edited while it runs."""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import EVENT, REPO, small_project, write_project

WAIT = 30.0  # seconds; every wait below polls and gives up after this


class Server:
    """`timeline serve --port 0` in a subprocess, its output read line by line."""

    def __init__(self, cwd: Path, tmpdir: Path, cache: Path | None = None) -> None:
        env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
        if cache is not None:
            env["TIMELINE_CACHE_DIR"] = str(cache)
            env.pop("TIMELINE_CACHE", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "timeline", "serve", "--port", "0"],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.port = int(self.wait_for_line(r"^serving http://127\.0\.0\.1:(\d+)/ ").group(1))

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line.rstrip("\n"))
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, pattern: str) -> re.Match[str]:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, self.process.stderr.read()
                continue
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line like {pattern!r} in {self.output}")

    def get(self, path: str) -> tuple[int, http.client.HTTPMessage, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            connection.close()

    def until(self, path: str, done, *, touch: tuple[Path, str]) -> tuple[int, str]:
        """GET path until done(status, body); rewrite the file each second meanwhile.

        Rewriting makes the test independent of when the watcher started listening.
        """
        file, text = touch
        deadline = time.monotonic() + WAIT
        written = 0.0
        while time.monotonic() < deadline:
            if time.monotonic() - written > 1.0:
                file.write_text(text, encoding="utf-8")
                written = time.monotonic()
            status, _, body = self.get(path)
            if done(status, body):
                return status, body
            time.sleep(0.1)
        raise AssertionError(f"{path} never changed as expected: {status} {body[:300]}")


def test_serve_rebuilds_shows_errors_recovers_and_stops(tmp_path: Path):
    root = write_project(tmp_path / "project", small_project())
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(root, temporary, cache=tmp_path / "cache")
    try:
        status, headers, body = server.get("/")
        assert status == 200
        page = BeautifulSoup(body, "html.parser")
        assert "The offensive begins" in page.get_text()
        script = page.find_all("script")[-1].string
        assert 'new EventSource("/__timeline__/reload?since=1")' in script
        assert headers["Content-Length"] == str(len(body.encode()))

        status, headers, css = server.get("/static/style.css")
        assert status == 200 and "EventSource" not in css
        assert headers["Content-Type"].startswith("text/css")
        status, headers, _ = server.get("/events/offensive")
        assert (status, headers["Location"]) == (301, "/events/offensive/")
        status, _, body = server.get("/no/such/page/")
        assert status == 404 and "EventSource" in body

        event = root / "data" / "events" / "offensive.yaml"
        renamed = EVENT.replace("The offensive begins", "The offensive starts")
        status, body = server.until(
            "/events/offensive/",
            lambda status, body: "The offensive starts" in body,
            touch=(event, renamed),
        )
        assert status == 200
        # Only what the change shows in is made; the rest is kept from the build before.
        server.wait_for_line(r"^built 1 event, 1 source \(\d+ made, \d+ unchanged\) in ")

        broken = renamed.replace('"2023-09-19"', '"<b>2023</b>"')
        status, body = server.until("/", lambda status, body: status == 500, touch=(event, broken))
        page = BeautifulSoup(body, "html.parser")
        assert page.h1.get_text() == "1 error: the site cannot be built"
        (item,) = page.select("ul.problems li")
        assert item.code.get_text() == "data/events/offensive.yaml:2:7"
        assert item.get_text().startswith(
            'data/events/offensive.yaml:2:7 error: "<b>2023<" is not an EDTF date;'
        )
        assert "<b>2023" not in body and "&quot;&lt;b&gt;2023&lt;&quot;" in body
        assert "EventSource" in body  # the error page reloads itself too

        status, body = server.until("/", lambda status, body: status == 200, touch=(event, renamed))
        assert "The offensive starts" in BeautifulSoup(body, "html.parser").get_text()
        assert any(line.startswith("changed: data/events/offensive.yaml") for line in server.output)
        assert any(line.startswith("build failed: 1 error;") for line in server.output)
    finally:
        server.process.send_signal(signal.SIGINT)
        status = server.process.wait(timeout=WAIT)
    assert status == 0
    server.reader.join(timeout=WAIT)
    assert server.output[-1] == "stopped; the preview's temporary folder is removed"
    assert "Traceback" not in server.process.stderr.read()
    assert list(temporary.iterdir()) == []
    # What the rebuilds kept (manifest, tables of parts, the site before) went with it.
    kept = [path.name for path in (tmp_path / "cache").glob("*/*")]
    assert "check" in kept and not [name for name in kept if name.startswith("site")]


def test_reload_stream_tells_a_page_built_before_the_latest_build(tmp_path: Path):
    root = write_project(tmp_path / "project", small_project())
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(root, temporary)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", "/__timeline__/reload?since=0")  # a page from before build 1
        response = connection.getresponse()
        assert response.getheader("Content-Type") == "text/event-stream"
        assert response.read().decode() == "retry: 1000\n\nevent: reload\ndata: 1\n\n"
        connection.close()
    finally:
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=WAIT) == 0
    assert list(temporary.iterdir()) == []


def test_a_port_in_use_is_an_error_with_a_hint(project, run):
    root = project()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, out, err = run(["serve", "--port", str(port)], cwd=root)
    assert (status, out) == (1, "")
    assert err == (
        f"timeline serve: error: port {port} is in use; choose another with --port, "
        "e.g. --port 8001 (or --port 0 for any free one)\n"
    )


def test_a_port_out_of_range_is_a_usage_error(project, run):
    status, out, err = run(["serve", "--port", "70000"], cwd=project())
    assert (status, out) == (2, "")
    assert err == "timeline serve: error: --port 70000: a port is a number from 0 to 65535\n"


def answer(port: int, request: bytes, *, until: bytes = b"\r\n\r\n") -> bytes:
    """What the server answers a raw request with, up to `until` or the end (http.client
    would refuse to send a NUL or a non-ASCII byte); the connection is closed after."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as connection:
        connection.sendall(request)
        received = b""
        while until not in received and len(received) < 100_000:
            chunk = connection.recv(4096)
            if not chunk:
                break
            received += chunk
        return received


def stream(port: int, since: bytes = b"1") -> socket.socket:
    """An open live-reload stream (as a page's EventSource keeps one), once it is answered."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
    connection.sendall(b"GET /__timeline__/reload?since=" + since + b" HTTP/1.0\r\n\r\n")
    received = b""
    while b"retry: 1000\n\n" not in received:
        chunk = connection.recv(4096)
        assert chunk, received
        received += chunk
    assert received.startswith(b"HTTP/1.0 200 "), received
    return connection


def test_requests_that_name_no_file_get_an_answer_not_a_traceback(tmp_path: Path):
    root = write_project(tmp_path / "project", small_project())
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(root, temporary)
    try:
        for target in (b"/static/%00.css", b"/a\x00b/", b"/%ED%A0%80.css", b"/events/%00"):
            for method in (b"GET", b"HEAD"):
                request = method + b" " + target + b" HTTP/1.0\r\n\r\n"
                reply = answer(server.port, request)
                assert reply.startswith(b"HTTP/1.0 400 "), (request, reply)
        status, _, _ = server.get("/static/style.css")
        assert status == 200
    finally:
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=WAIT) == 0
    assert "Traceback" not in server.process.stderr.read()


def test_a_build_number_int_cannot_read_still_opens_the_reload_stream(tmp_path: Path):
    root = write_project(tmp_path / "project", small_project())
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(root, temporary)
    try:
        # 5,000 digits (past int()'s limit), and a digit that is not 0-9 ("²").
        for since in (b"9" * 5000, b"\xb2"):
            request = b"GET /__timeline__/reload?since=" + since + b" HTTP/1.0\r\n\r\n"
            reply = answer(server.port, request, until=b"retry: 1000\n\n")
            assert reply.startswith(b"HTTP/1.0 200 "), reply
            assert b"Content-Type: text/event-stream" in reply
    finally:
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=WAIT) == 0
    assert "Traceback" not in server.process.stderr.read()


def test_live_reload_streams_are_at_most_32_and_a_closed_one_frees_its_place(tmp_path: Path):
    root = write_project(tmp_path / "project", small_project())
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = Server(root, temporary)
    streams: list[socket.socket] = []
    try:
        streams += [stream(server.port) for _ in range(32)]
        request = b"GET /__timeline__/reload?since=1 HTTP/1.0\r\n\r\n"
        assert answer(server.port, request).startswith(b"HTTP/1.0 503 ")
        body = answer(server.port, request, until=b"</html>").decode()
        assert "at most 32 pages reload themselves at once; close some tabs" in body
        status, _, body = server.get("/")  # the pages are served all the same
        assert status == 200 and "EventSource" in body

        streams.pop().close()  # a tab closed: its place is free within a second or so
        deadline = time.monotonic() + WAIT
        while server.get("/__timeline__/reload?since=0")[0] == 503:
            assert time.monotonic() < deadline, "the closed stream kept its place"
            time.sleep(0.2)
        streams.append(stream(server.port))
        assert answer(server.port, request).startswith(b"HTTP/1.0 503 ")
    finally:
        for connection in streams:
            connection.close()
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=WAIT) == 0
    assert "Traceback" not in server.process.stderr.read()
    assert list(temporary.iterdir()) == []
