"""A one-line progress display for long builds, silent unless someone is watching.

``Progress`` counts work done out of a known total and, on a terminal, redraws a
single line such as ``rendering 5,000/10,929 (45%)`` in place::

    with Progress("rendering", len(pages)) as progress:
        for page in pages:
            render(page)
            progress.advance()

- It draws only when the stream is a terminal, the ``CI`` environment variable is
  unset (or empty) and ``TERM`` is not ``dumb`` (see ``Progress.wanted``), so logs,
  pipes and CI output stay clean. ``enabled=`` overrides that choice.
- Nothing is drawn until ``delay`` seconds (default 1) after construction, so builds
  shorter than that never show a progress line at all.
- After that it redraws at most every 0.1 s, and always when the count reaches the
  total. Each draw is ``"\\r" + text + "\\x1b[K"`` (carriage return, then erase the
  rest of the line) followed by a flush.
- ``close()`` (also run when the ``with`` block exits, even on an exception) erases
  the line if anything was drawn, so the next line of output starts clean.
- ``advance()`` is cheap: an addition and a comparison when disabled, plus one clock
  call when enabled. It is meant to be called once per item, ~10^5 times a build.
- If writing to the stream fails (closed, broken pipe), the display goes quiet
  instead of breaking the build.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

__all__ = ["Progress"]

REDRAW_INTERVAL = 0.1
_NEVER = sys.maxsize  # a count `done` never reaches: advance() stays on its fast path


class Progress:
    """Show ``label done/total (percent%)`` on one terminal line while work goes on."""

    def __init__(
        self,
        label: str,
        total: int,
        *,
        stream: TextIO | None = None,
        delay: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        enabled: bool | None = None,
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.stream: TextIO = stream if stream is not None else sys.stderr
        self.enabled = self.wanted(self.stream) if enabled is None else enabled
        self._clock = clock
        self._next_draw = clock() + delay  # the clock time before which nothing is drawn
        self._drawn = False  # whether the line currently shows something to erase
        self._shown = -1  # the count last drawn
        self._closed = False
        # advance() calls _tick() only once `done` reaches this count: every call while
        # enabled, never while disabled or after close().
        self._check_at = 0 if self.enabled else _NEVER

    @staticmethod
    def wanted(stream: object) -> bool:
        """Whether a progress line belongs on ``stream``: a terminal, outside CI, not dumb."""
        isatty = getattr(stream, "isatty", None)
        if isatty is None:
            return False
        try:
            if isatty() is not True:
                return False
        except (OSError, ValueError):  # closed or detached streams
            return False
        if os.environ.get("CI"):
            return False
        return os.environ.get("TERM") != "dumb"

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more items done; redraw if it is time to."""
        self.done += count
        if self.done >= self._check_at:
            self._tick()

    def _tick(self) -> None:
        now = self._clock()
        if now >= self._next_draw:
            self._draw(now)
        elif self._drawn and self._shown < self.total <= self.done:
            # Reached the total within the redraw interval: show the final count anyway.
            # (Before the delay has passed nothing has been drawn, and nothing is now.)
            self._draw(now)

    def _draw(self, now: float) -> None:
        done, total = self.done, self.total
        percent = done * 100 // total if total else 100
        text = f"{self.label} {done:,}/{total:,} ({percent}%)"
        if self._write(f"\r{text}\x1b[K"):
            self._drawn = True
            self._shown = done
        self._next_draw = now + REDRAW_INTERVAL

    def _write(self, data: str) -> bool:
        try:
            self.stream.write(data)
            self.stream.flush()
        except (OSError, ValueError):  # broken pipe, closed stream: stop drawing
            self._check_at = _NEVER
            return False
        return True

    def close(self) -> None:
        """Erase the progress line if one was drawn, and stop drawing. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._check_at = _NEVER
        if self._drawn:
            self._drawn = False
            self._write("\r\x1b[K")

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
