"""Area 2 of benchmarks/attack.py: malformed HTTP sent over raw sockets to
`timeline serve --port 0`, which must answer a normal GET / after each, never print a
traceback, and never send the secret or /etc/passwd."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from attack_cases import TOKEN
from attack_core import (
    TIMEOUT,
    Area,
    copy_project,
    kill_group,
    start,
    timeline,
    timeline_env,
    traceback_line,
)

SOCKET_TIMEOUT = 5.0
READ_AT_MOST = 1 << 20  # bytes of one response
KEPT_LINES = 10_000  # lines kept of the server's stdout and stderr each
STREAMS = 40  # reload streams opened at once (the server allows 32)


def _root_line() -> bytes:
    try:
        with open("/etc/passwd", "rb") as handle:
            return next((line.rstrip() for line in handle if line.startswith(b"root:")), b"")
    except OSError:
        return b"root:x:0:0:"


def requests(port: int, secret: Path) -> list[tuple[str, list[bytes]]]:
    """(name, the chunks to send) of each malformed request; slow-* chunks go one by one."""
    host = f"Host: 127.0.0.1:{port}\r\nConnection: close\r\n".encode()

    def get(target: bytes, headers: bytes = b"") -> list[bytes]:
        return [b"GET " + target + b" HTTP/1.1\r\n" + host + headers + b"\r\n"]

    whole = get(b"/")[0]
    return [
        ("nul-in-path", get(b"/\x00")),
        ("nul-encoded", get(b"/index.html%00.txt")),
        ("nul-head", [b"HEAD /%00 HTTP/1.0\r\n\r\n"]),
        ("reload-5000-digits", get(b"/__timeline__/reload?since=" + b"9" * 5000)),
        ("reload-superscript", get(b"/__timeline__/reload?since=\xc2\xb2")),
        ("dotdot", get(b"/../../etc/passwd")),
        ("dotdot-encoded", get(b"/%2e%2e/%2e%2e/%2e%2e/etc/passwd")),
        ("dotdot-encoded-slash", get(b"/..%2f..%2f..%2f..%2fetc%2fpasswd")),
        ("dotdot-backslash", get(b"/..\\..\\..\\etc\\passwd")),
        ("dotdot-overlong", get(b"/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd")),
        ("dotdot-static", get(b"/static/../../../../../etc/passwd")),
        ("dotdot-secret", get(b"/../../../../../.." + str(secret).encode())),
        ("double-slash", get(b"//etc/passwd")),
        ("absolute-form", get(f"http://127.0.0.1:{port}/../../etc/passwd".encode())),
        ("absolute-form-other-host", get(b"http://example.invalid/")),
        ("huge-header", get(b"/", b"X-Big: " + b"a" * 100_000 + b"\r\n")),
        ("many-headers", get(b"/", b"X-A: b\r\n" * 200)),
        ("header-without-colon", [b"GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n"]),
        ("no-version", [b"GET /\r\n\r\n"]),
        ("http-0.9", [b"GET / HTTP/0.9\r\n\r\n"]),
        ("http-9.9", [b"GET / HTTP/9.9\r\n\r\n"]),
        ("bad-method", [b"FOO / HTTP/1.1\r\n\r\n"]),
        ("post-huge-length", [b"POST / HTTP/1.1\r\nContent-Length: 99999999999999\r\n\r\n"]),
        ("path-100kb", get(b"/" + b"a" * 100_000)),
        ("bad-percent", get(b"/%zz%e2%82%")),
        ("percent-invalid-utf8", get(b"/%ff%fe%ed%a0%80.html")),
        ("bogus-if-modified-since", get(b"/index.html", b"If-Modified-Since: 9 Jan 99999\r\n")),
        ("empty-lines", [b"\r\n\r\n"]),
        ("garbage-bytes", [bytes(range(256)) + b"\r\n\r\n"]),
        ("lf-only", [b"GET / HTTP/1.0\n\n"]),
        ("slow-split", [whole[n : n + 8] for n in range(0, len(whole), 8)][:20]),
        ("idle-connection", []),
    ]


def exchange(port: int, chunks: list[bytes], *, pause: float = 0.0, read: float = 5.0) -> bytes:
    """Send `chunks` (`pause` s apart), then read the answer: until the server closes,
    READ_AT_MOST bytes, or `read` seconds; a reset or a timeout ends it quietly."""
    got = bytearray()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=SOCKET_TIMEOUT) as sock:
            try:
                for n, chunk in enumerate(chunks):
                    if n and pause:
                        time.sleep(pause)
                    sock.sendall(chunk)
            except OSError:
                pass  # closed early (a request too big): its answer may still be there
            end = time.monotonic() + read
            while len(got) < READ_AT_MOST and time.monotonic() < end:
                sock.settimeout(max(0.05, min(SOCKET_TIMEOUT, end - time.monotonic())))
                data = sock.recv(65536)
                if not data:
                    break
                got += data
                if b"retry:" in got:  # a reload stream: it answered, and stays open
                    break
    except OSError:
        pass
    return bytes(got)


def answers(port: int) -> bool:
    return exchange(port, [b"GET / HTTP/1.0\r\n\r\n"]).startswith(b"HTTP/1.0 200")


def _drain(stream, lines: list[str]) -> None:
    for raw in iter(stream.readline, b""):  # ends when the server's pipe closes
        if len(lines) < KEPT_LINES:
            lines.append(raw.decode("utf-8", "replace"))


def _server(work: Path) -> tuple[subprocess.Popen, list[str], list[str], int | None]:
    project = copy_project(work / "project")
    argv = timeline("serve", "--port", "0", "--source", project)
    proc = start(argv, env=timeline_env(work / "cache"), cwd=work)
    out: list[str] = []
    err: list[str] = []
    for stream, lines in ((proc.stdout, out), (proc.stderr, err)):
        threading.Thread(target=_drain, args=(stream, lines), daemon=True).start()
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end and proc.poll() is None:
        found = [re.search(r"serving http://127\.0\.0\.1:(\d+)/", line) for line in out]
        port = next((int(m.group(1)) for m in found if m), None)
        if port:
            return proc, out, err, port
        time.sleep(0.05)
    return proc, out, err, None


def _streams(port: int) -> bytes:
    """STREAMS reload streams open at once, and a GET / while they are."""
    socks = []
    try:
        for _ in range(STREAMS):
            sock = socket.create_connection(("127.0.0.1", port), timeout=SOCKET_TIMEOUT)
            socks.append(sock)
            sock.sendall(b"GET /__timeline__/reload?since=0 HTTP/1.0\r\n\r\n")
        return b"" if answers(port) else b"no answer to GET / while the streams were open"
    except OSError as exc:
        return f"{exc}".encode()
    finally:
        for sock in socks:
            sock.close()


def _stop(proc: subprocess.Popen) -> str | None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=5)
        return None
    except subprocess.TimeoutExpired:
        kill_group(proc)
        proc.wait(timeout=5)
        return "did not stop within 5 s of SIGINT (killed)"


def area_serve(quick: bool) -> Area:
    area = Area("malformed HTTP to serve")
    with tempfile.TemporaryDirectory(prefix="attack-serve-") as tmp:
        work = Path(tmp)
        secret = work / "secret.txt"
        secret.write_text(TOKEN + "\n", "utf-8")
        proc, out, err, port = _server(work)
        watchdog = threading.Timer(TIMEOUT, kill_group, [proc])  # the server's 30 s
        watchdog.start()
        try:
            if port is None:
                area.record("start", [f"no address printed: {''.join(out + err)[-300:]!r}"])
                return area
            _attack(area, port, secret, err, quick)
        finally:
            stopped = _stop(proc) if proc.poll() is None else None
            watchdog.cancel()
        time.sleep(0.2)  # the last of stderr
        line = traceback_line("".join(err))
        if stopped or (line and not any("traceback" in what for _, what in area.failures)):
            area.record("stop", [what for what in (stopped, line and f"traceback: {line}") if what])
    return area


def _attack(area: Area, port: int, secret: Path, err: list[str], quick: bool) -> None:
    forbidden = [TOKEN.encode(), _root_line()]
    cases = requests(port, secret)
    if quick:
        cases = cases[::2] + [case for case in cases[1::2] if case[0].startswith("dotdot")]
    for name, chunks in cases:
        seen = len(err)
        pause = 0.1 if name.startswith("slow") else 0.0
        reply = exchange(port, chunks, pause=pause, read=1.0 if not chunks else 5.0)
        found = [f"response holds {item[:20]!r}" for item in forbidden if item and item in reply]
        if not answers(port):
            found.append("the server does not answer GET / afterwards")
        time.sleep(0.05)
        line = traceback_line("".join(err[seen:]))
        if line:
            found.append(f"traceback: {line}")
        area.record(name, found)
    trouble = _streams(port)
    area.record(f"{STREAMS}-reload-streams", [trouble.decode()] if trouble else [])
