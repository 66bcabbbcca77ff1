"""Markdown fields, rendered once in Python and sanitised before any template sees them."""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3

# What a summary or a source note may use; everything else is dropped as text.
ALLOWED_TAGS = frozenset(
    {"p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "sup", "sub"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_md = markdown.Markdown(extensions=[], output_format="html")


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML (raw HTML in the source is kept only if allowed)."""
    _md.reset()
    rendered = _md.convert(text or "")
    return nh3.clean(
        rendered,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener nofollow",
        strip_comments=True,
    ).strip()


def plain_text(rendered_html: str) -> str:
    """Sanitised HTML to one line of plain text (for feeds, CSV and meta tags)."""
    text = re.sub(r"<[^>]+>", " ", rendered_html)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
