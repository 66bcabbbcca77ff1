"""Short names for content: the digest every cache key and every file's identity is made of.
Imports nothing of timeline."""

from __future__ import annotations

import hashlib


def digest(*parts: str | bytes) -> str:
    """A short, collision-safe name for some content."""
    h = hashlib.blake2b(digest_size=16)
    if all(type(part) is str for part in parts) and (  # noqa: E721 - exactly str
        len(parts) > 4 or sum(map(len, parts)) < 512
    ):
        # repr() of a tuple of strings is unambiguous and made in C: the common, fast case
        # (a long text, as a source's, is faster encoded than repr()-escaped). It never
        # holds the NUL bytes every length below does, so the two ways never meet.
        h.update(repr(parts).encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()
