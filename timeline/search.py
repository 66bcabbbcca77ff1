"""The search index: Pagefind run over the built site, when it is installed.

Pagefind (`pip install 'pagefind[bin]'`) reads the finished pages and writes
`pagefind/` beside them: the index in small fragments and its own search UI, all
static files, so search works on any static host with no server. It indexes only
what the templates mark with `data-pagefind-body` (the event and source pages).
Without Pagefind the site is whole and its search page says there is no index.

The same site gives the same index byte for byte, as long as no page sets
data-pagefind-filter: Pagefind 1.5.2 writes its filter files in a varying order.

TIMELINE_SEARCH=off builds without the index, whatever is installed (the golden
site is built that way, so it does not depend on Pagefind being there).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

FOLDER = "pagefind"
SWITCH = "TIMELINE_SEARCH"
NOT_INSTALLED = (
    "search: pagefind is not installed; the site has no search index (pip install 'pagefind[bin]')"
)


class SearchIndexError(Exception):
    """Pagefind is installed but could not index the site; the message says why."""


def pagefind_installed() -> bool:
    """Whether `python -m pagefind` can run here."""
    try:
        return importlib.util.find_spec("pagefind") is not None
    except (ImportError, ValueError):
        return False


def search_off() -> bool:
    return os.environ.get(SWITCH, "").strip().lower() in ("off", "0", "no", "false")


def search_mode() -> str:
    """What index a build gets, for deciding whether a previous build is still current."""
    if search_off():
        return "off"
    if not pagefind_installed():
        return "none"
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"pagefind {version('pagefind')}"
    except PackageNotFoundError:
        return "pagefind"


def index_site(site: str) -> str | None:
    """Write the search index into site/pagefind/.

    Returns a line to tell the user when the site is left without an index, else None.
    """
    if search_off():
        return None
    if not pagefind_installed():
        return NOT_INSTALLED
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        site,
        "--output-subdir",
        FOLDER,
        # The site links to pages as .../index.html so that it works from file://;
        # the results say the same.
        "--keep-index-url",
        "--silent",
    ]
    try:
        finished = subprocess.run(
            command, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"pagefind could not run: {exc}") from None
    if finished.returncode != 0 or not os.path.isfile(os.path.join(site, FOLDER, "pagefind.js")):
        said = (finished.stderr or finished.stdout).strip().splitlines()
        reason = said[-1].strip() if said else f"exit status {finished.returncode}"
        raise SearchIndexError(f"pagefind could not index the site: {reason}")
    return None
