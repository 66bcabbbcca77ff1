"""The languages that have a reader, keyed by BCP 47 primary subtag ("en" of "en-GB").

A reader module is imported, and its patterns compiled, only when a text in its language
is first read.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .stated import Language

# Primary subtag -> module of timeline.text that defines LANGUAGE.
READERS = {
    "de": "de",
    "en": "en",
    "es": "es",
    "fr": "fr",
}
# The reader for a text whose language has none, or is not given: what every text was read
# with before there were others.
FALLBACK = "en"


@cache
def reader(language: str) -> Language:
    """The reader for a language tag such as "en", "en-GB" or "hy-Latn" (any case); the
    FALLBACK reader when that language has none."""
    primary = language.partition("-")[0].lower()
    module = importlib.import_module(f"{__package__}.{READERS.get(primary, READERS[FALLBACK])}")
    return module.LANGUAGE
