"""Rebuild the golden site that tests/test_golden.py compares every build against.

Run it from the repository root after a deliberate change to the site's output:

    python tests/regen_golden.py

It deletes tests/golden/site/ and rebuilds it from tests/golden/project/ with
SOURCE_DATE_EPOCH=1700000000 and TIMELINE_SEARCH=off (no Pagefind index, whatever is
installed), exactly as the test does. Review the result with `git diff tests/golden/site`
before committing it: every changed byte there is a change readers of a published site
will see.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from pathlib import Path

from timeline.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"
PROJECT = GOLDEN / "project"
SITE = GOLDEN / "site"
EPOCH = "1700000000"


def build(out: Path) -> tuple[int, str, str]:
    """Build the golden project into `out` the way the test does: (status, stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    settings = {"SOURCE_DATE_EPOCH": EPOCH, "TIMELINE_SEARCH": "off"}
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = main(["build", "--source", str(PROJECT), "--out", str(out)])
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    return status, stdout.getvalue(), stderr.getvalue()


def regenerate() -> int:
    shutil.rmtree(SITE, ignore_errors=True)
    status, out, err = build(SITE)
    sys.stdout.write(out)
    sys.stderr.write(err)
    if status == 0:
        print(f"rewrote {SITE.relative_to(GOLDEN.parent.parent)}/; review it with git diff")
    return status


if __name__ == "__main__":
    sys.exit(regenerate())
