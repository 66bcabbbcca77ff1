"""The live preview's web server: the built site, an error page, and a reload signal.

HTML responses get a small inline script that listens to /__timeline__/reload
(Server-Sent Events) and reloads the page when the site was rebuilt. While the
data has errors, every page is replaced by a page listing them.
"""

from __future__ import annotations

import html
import http.server
import os
import posixpath
import select
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .problems import Problem

RELOAD_PATH = "/__timeline__/reload"
HEARTBEAT_SECONDS = 15.0
MAX_STREAMS = 32  # open reload streams (a thread each): more tabs than anyone keeps open

_SCRIPT = (
    "<script>/* timeline serve: reload when the site is rebuilt */"
    'new EventSource("{path}?since={generation}")'
    '.addEventListener("reload",function(){{location.reload()}});</script>'
)


@dataclass(frozen=True)
class Snapshot:
    """What the server shows: the site's folder, or the problems that stop it building."""

    generation: int
    problems: tuple[Problem, ...] = ()
    failed: bool = False


@dataclass
class LiveState:
    """The one thing shared between the rebuilder and the request threads, behind a lock."""

    site: str
    snapshot: Snapshot = field(default_factory=lambda: Snapshot(0))
    changed: threading.Condition = field(default_factory=threading.Condition)
    stopping: bool = False
    streams: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(MAX_STREAMS)
    )

    def publish(self, *, problems: list[Problem], failed: bool) -> None:
        with self.changed:
            self.snapshot = Snapshot(self.snapshot.generation + 1, tuple(problems), failed)
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    def wait_past(self, generation: int, timeout: float) -> Snapshot | None:
        """The snapshot once it is newer than `generation`; None on timeout or when stopping."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.stopping or self.snapshot.generation > generation, timeout
            )
            if self.stopping or self.snapshot.generation <= generation:
                return None
            return self.snapshot


def inject_reload(page: bytes, generation: int) -> bytes:
    """The page with the reload script before </body> (or at its end)."""
    script = _SCRIPT.format(path=RELOAD_PATH, generation=generation).encode()
    at = page.lower().rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def error_page(problems: tuple[Problem, ...]) -> bytes:
    errors = [problem for problem in problems if problem.is_error] or list(problems)
    items = "\n".join(
        f"<li><code>{html.escape(f'{p.path}:{p.line}:{p.col}')}</code> "
        f"<strong>{html.escape(p.severity)}</strong>: {html.escape(p.message)}</li>"
        for p in problems
    )
    count = len(errors)
    title = f"{count} error{'s' if count != 1 else ''}: the site cannot be built"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;"
        "padding:0 1rem}h1{color:#a00}li{margin:.5rem 0}code{background:#f3f3f3}</style>\n"
        f"</head>\n<body>\n<h1>{title}</h1>\n"
        "<p>Fix these in your files; this page turns back into the site by itself.</p>\n"
        f'<ul class="problems">\n{items}\n</ul>\n</body>\n</html>\n'
    ).encode()


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the state's site folder; `state` is set on a subclass per server."""

    state: LiveState
    # A connection silent this long is closed: one that opens and never asks holds a
    # thread only so long (the live-reload stream writes at least every 15 s).
    timeout = 30
    protocol_version = "HTTP/1.0"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, directory=self.state.site, **kwargs)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # one line per request drowns the rebuild messages

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        url = urlsplit(self.path)
        if url.path == RELOAD_PATH:
            self._reload_stream(url.query)
            return
        if self._refused_path():
            return
        snapshot = self.state.snapshot
        if snapshot.failed and _is_page(url.path):
            self._send(500, inject_reload(error_page(snapshot.problems), snapshot.generation))
            return
        local = self.translate_path(url.path)
        if os.path.isdir(local):
            if not url.path.endswith("/"):
                self._redirect(url.path + "/")
                return
            local = os.path.join(local, "index.html")
        if local.endswith(".html") and os.path.isfile(local):
            self._send_page(200, local, snapshot.generation)
        elif not os.path.exists(local) and _is_page(url.path):
            self._send_page(404, os.path.join(self.state.site, "404.html"), snapshot.generation)
        else:
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802 - the base class's name
        if not self._refused_path():
            super().do_HEAD()

    def _refused_path(self) -> bool:
        """Answer 400 to a path no file can have (a NUL, a lone surrogate), which would
        make the file functions raise; True when refused."""
        local = self.translate_path(self.path)
        try:
            os.fsencode(local)
        except UnicodeError:
            pass
        else:
            if "\x00" not in local:
                return False
        self.send_error(400, "Bad request", "The path names no file.")
        return True

    def _send_page(self, status: int, path: str, generation: int) -> None:
        try:
            with open(path, "rb") as handle:
                page = handle.read()
        except OSError:
            self.send_error(status)
            return
        self._send(status, inject_reload(page, generation))

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _reload_stream(self, query: str) -> None:
        since = query.partition("since=")[2].partition("&")[0]
        # An ASCII number of a sane length (int() takes "²", and refuses 5,000 digits).
        known = since.isascii() and since.isdigit() and len(since) <= 18
        generation = int(since) if known else self.state.snapshot.generation
        if not self.state.streams.acquire(blocking=False):
            reason = f"at most {MAX_STREAMS} pages reload themselves at once; close some tabs"
            self.send_error(503, "Too many live-reload connections", reason)
            return
        try:
            self._stream(generation)
        finally:
            self.state.streams.release()

    def _stream(self, generation: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            quiet = 0.0
            while not self.state.stopping:
                snapshot = self.state.wait_past(generation, 1.0)
                if snapshot is not None:
                    self.wfile.write(f"event: reload\ndata: {snapshot.generation}\n\n".encode())
                    self.wfile.flush()
                    return
                # A tab closed or reloaded gives its place up within a second, not 15.
                if select.select([self.connection], [], [], 0)[0]:
                    return  # an EventSource sends nothing after its request: this is the end
                quiet += 1.0
                if quiet >= HEARTBEAT_SECONDS:
                    self.wfile.write(b": still here\n\n")  # keeps proxies from closing it
                    self.wfile.flush()
                    quiet = 0.0
        except (BrokenPipeError, ConnectionResetError):
            return


def _is_page(path: str) -> bool:
    """Whether a request asks for a page (not a stylesheet, feed or dataset file)."""
    name = posixpath.basename(path)
    return path.endswith("/") or name.endswith(".html") or "." not in name


def make_server(state: LiveState, port: int) -> http.server.ThreadingHTTPServer:
    """A server on 127.0.0.1 only (OSError when the port is taken)."""
    handler = type("LiveHandler", (Handler,), {"state": state})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server
