"""Screenshots of the example site's timeline page for the README, taken in headless Chromium.

Run it from the repository root after a change to the look of the site:

    python scripts/screenshots.py            # writes docs/img/timeline-{phone,desktop}.png

It builds this repository's project into a temporary folder (SOURCE_DATE_EPOCH fixed, no
search index) and opens the timeline page from file:// at 390 px (a phone) and 1280 px
(a desktop), capturing the top of the page, at most 2000 px of it. Chromium is Debian's
/usr/bin/chromium, or TIMELINE_CHROMIUM. The same site and the same Chromium and fonts give
the same pictures; another machine's fonts may move a few pixels.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from timeline.cli import main as timeline  # noqa: E402

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--font-render-hinting=none"]
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
MAX_HEIGHT = 2000


class ScreenshotError(Exception):
    """The screenshots cannot be taken; the message says why."""


def build(out: Path) -> None:
    """Build the example site into out, quietly; the build's own messages on failure."""
    settings = {"SOURCE_DATE_EPOCH": "1700000000", "TIMELINE_SEARCH": "off"}
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    said = io.StringIO()
    try:
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            status = timeline(["build", "--source", str(REPO), "--out", str(out)])
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    if status != 0:
        raise ScreenshotError(f"the example site does not build:\n{said.getvalue().strip()}")


def shoot(site: Path, folder: Path) -> list[Path]:
    """Screenshot site/index.html at each width into folder; the files written."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ScreenshotError("playwright is not installed: pip install -e '.[test]'") from None
    if not Path(CHROMIUM).exists():
        raise ScreenshotError(f"{CHROMIUM} is missing: apt-get install -y chromium")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for name, (width, height) in WIDTHS.items():
                page = browser.new_page(
                    viewport={"width": width, "height": height},
                    device_scale_factor=1,
                    reduced_motion="reduce",
                    color_scheme="light",
                    locale="en-GB",
                    timezone_id="UTC",
                )
                page.goto((site / "index.html").as_uri(), wait_until="load")
                page.evaluate("document.fonts.ready")
                tall = page.evaluate("document.documentElement.scrollHeight")
                path = folder / f"timeline-{name}.png"
                page.screenshot(
                    path=str(path),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": min(tall, MAX_HEIGHT)},
                    animations="disabled",
                    caret="hide",
                )
                written.append(path)
                page.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--out", default=str(REPO / "docs" / "img"), help="folder for the PNG files"
    )
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="timeline-screenshots-") as temporary:
            site = Path(temporary) / "site"
            build(site)
            for path in shoot(site, Path(args.out)):
                print(f"wrote {path}")
    except ScreenshotError as exc:
        print(f"screenshots: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
