"""Markdown fields, rendered once in Python and sanitised before any template sees them."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import quote

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
    cleaned = nh3.clean(
        rendered,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener nofollow",
        strip_comments=True,
        attribute_filter=_valid_address,
    ).strip()
    return _A_TAG.sub(_rel_needs_href, cleaned)


# nh3 writes attribute values in double quotes with every '"' escaped.
_A_TAG = re.compile(r'<a((?: [a-z-]+="[^"]*")*)>')


def _valid_address(tag: str, attribute: str, value: str) -> str:
    """Percent-encode what a URL may not hold (spaces, quotes, < >), as browsers would."""
    if attribute == "href":
        return quote(value, safe="!#$%&'()*+,/:;=?@[]~")
    return value


def _rel_needs_href(match: re.Match[str]) -> str:
    # A link whose unsafe address was removed keeps its text; rel without href is invalid.
    attributes = match.group(1)
    if ' href="' in attributes:
        return match.group(0)
    return "<a" + attributes.replace(' rel="noopener nofollow"', "") + ">"


def plain_text(rendered_html: str) -> str:
    """Sanitised HTML to one line of plain text (for feeds, CSV and meta tags)."""
    text = re.sub(r"<[^>]+>", " ", rendered_html)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
