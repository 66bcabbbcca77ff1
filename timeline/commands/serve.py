"""Preview the site while you edit: rebuilt and reloaded on every change.

Builds the site into a temporary folder and serves it at http://127.0.0.1:PORT/
(this machine only). Every change under seeds/, data/ or site_templates/
rebuilds it, and open pages reload themselves. While the data has errors, every
page shows them instead (PATH:LINE:COL and the message) until they are fixed.
Ctrl-C stops the server and removes the temporary folder; nothing is written
into the project. `timeline build` makes the site to publish.

exit status: 0 stopped with Ctrl-C, 1 the port is taken, 2 usage error

examples:
  timeline serve                      then open http://127.0.0.1:8000/
  timeline serve --port 8001          when 8000 is taken
  timeline serve --port 0             any free port (the address is printed)
"""

from __future__ import annotations

import argparse
import errno
import gc
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from typing import TYPE_CHECKING

from ..dataset import load_project
from ..problems import FileChanged, Problem, count, error, plural
from . import UsageError
from .build import BuildError, render_site
from .check import format_problem, wants_colour

if TYPE_CHECKING:
    from ..live import LiveState
    from ..output import Written

NAME = "serve"
HELP = "preview the site, rebuilt and reloaded as you edit"
WATCHED = ("seeds", "data", "site_templates")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port",
        "-p",
        type=int,
        default=8000,
        metavar="N",
        help="the port on 127.0.0.1 (default: 8000; 0 picks a free one)",
    )


def run(args: argparse.Namespace, *, root: str, display_root: str) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: a port is a number from 0 to 65535")
    from ..live import LiveState, make_server

    temporary = tempfile.mkdtemp(prefix="timeline-serve-")
    state = LiveState(site=os.path.join(temporary, "site"))
    stop = threading.Event()
    # Also when started in the background, where the shell has SIGINT ignored.
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            server = make_server(state, args.port)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                reason = f"port {args.port} is in use"
            elif exc.errno == errno.EACCES:
                reason = f"port {args.port} needs privileges"
            else:
                reason = f"cannot listen on port {args.port}: {exc.strerror}"
            print(
                f"timeline serve: error: {reason}; choose another with --port, "
                "e.g. --port 8001 (or --port 0 for any free one)",
                file=sys.stderr,
            )
            return 1
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        rebuild = Rebuilder(root=root, display_root=display_root, address=address, state=state)
        folders = [os.path.join(root, name) for name in WATCHED]
        watched = [folder for folder in folders if os.path.isdir(folder)]
        watcher = threading.Thread(target=_watch, args=(watched, stop, rebuild, root), daemon=True)
        try:
            rebuild()
            watcher.start()
            shown = ", ".join(os.path.relpath(folder, root) + "/" for folder in watched)
            print(f"serving {address} (watching {shown}; Ctrl-C stops)", flush=True)
            server.serve_forever(poll_interval=0.2)
        finally:
            stop.set()
            state.stop()
            server.server_close()
            if watcher.is_alive():
                watcher.join(timeout=5)  # let a rebuild finish before its folder goes
    except KeyboardInterrupt:
        print("stopped; the preview's temporary folder is removed", flush=True)
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        shutil.rmtree(temporary, ignore_errors=True)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the server as cleanly as Ctrl-C


def _watch(folders: list[str], stop: threading.Event, rebuild: Rebuilder, root: str) -> None:
    """Rebuild after each batch of changes, until `stop` is set."""
    if not folders:
        return
    import watchfiles

    for changes in watchfiles.watch(*folders, stop_event=stop, debounce=800, step=50):
        names = sorted({os.path.relpath(path, root) for _, path in changes})
        # Editors and sed save through temporary files without an extension; name the real ones.
        shown = [name for name in names if os.path.splitext(name)[1]] or names
        print(f"changed: {', '.join(shown)}", flush=True)
        try:
            rebuild()
        except Exception:  # a bug: say so, and keep watching
            traceback.print_exc()


class Rebuilder:
    """Builds the site into the state's folder and publishes the outcome."""

    def __init__(self, *, root: str, display_root: str, address: str, state: LiveState) -> None:
        self.root = root
        self.display_root = display_root
        self.address = address
        self.state = state
        self.lock = threading.Lock()  # write_site must not run twice at once
        self.colour = wants_colour(sys.stderr)

    def __call__(self) -> None:
        began = time.monotonic()
        with self.lock:
            problems, built = self._build()
        for problem in problems:
            print(format_problem(problem, colour=self.colour), file=sys.stderr, flush=True)
        errors, warnings = count(problems)
        if built is None:
            self.state.publish(problems=problems, failed=True)
            print(
                f"build failed: {plural(errors, 'error')}; the pages show them until fixed",
                flush=True,
            )
            return
        self.state.publish(problems=problems, failed=False)
        events, sources, written = built
        seconds = time.monotonic() - began
        kept = f" ({written.made:,} made, {written.reused:,} unchanged)" if written.reused else ""
        print(
            f"built {plural(events, 'event')}, {plural(sources, 'source')}{kept} "
            f"in {seconds:.2f} s" + (f" ({plural(warnings, 'warning')})" if warnings else ""),
            flush=True,
        )

    def _build(self) -> tuple[list[Problem], tuple[int, int, Written] | None]:
        # The server's threads are running: no second process (see load_project).
        try:
            result = load_project(self.root, display_root=self.display_root, parallel=False)
        except FileChanged as exc:  # saved again while read: the next change rebuilds
            return [exc.problem], None
        problems = result.problems
        if any(problem.is_error for problem in problems) or result.dataset is None:
            return problems, None
        data = result.dataset.with_base_url(self.address)
        shown = os.path.join(self.display_root, "site_templates")
        # The dataset lives until the site is made: the collector need not walk it again
        # and again meanwhile (0.3 s of the 1 s of rendering after an edit at 10,000 events).
        gc.freeze()
        try:
            written = render_site(
                data,
                self.state.site,
                root=self.root,
                display_root=self.display_root,
                parallel=False,  # the server's threads are running: no forked process
                # What the next build needs (the manifest, the site this one replaces, to
                # bring up to date in place) lives in the preview's folder, and goes with it.
                state=os.path.dirname(self.state.site),
            )
        except BuildError as exc:
            found = exc.problem or error(shown, 1, 1, f"the site cannot be built: {exc}")
            return problems + [found], None
        except OSError as exc:
            return problems + [error(shown, 1, 1, f"the site cannot be built: {exc}")], None
        finally:
            gc.unfreeze()  # this build's objects may go once the next one replaces them
        return problems, (len(data.events), len(data.sources), written)
