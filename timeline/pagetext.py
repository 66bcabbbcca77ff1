"""Small pure functions that put the data into the words and paths of pages: the way back
to the top, excerpts, lengths of intervals, decades, quote anchors, text fragments and
the highlighted passages of a source."""

from __future__ import annotations

from urllib.parse import quote as urlquote

from .events import Event
from .evidence import CheckedQuote


def root_of(path: str) -> str:
    """The way back to the site's top from the page at `path` ("tags/x/index.html": "../../")."""
    return "../" * path.count("/")


def events_by(events: list[Event], key: str) -> dict[str, list[Event]]:
    """The events of each tag (key "tags") or place ("places"), in timeline order."""
    members: dict[str, list[Event]] = {}
    for event in events:
        for name in dict.fromkeys(getattr(event, key)):
            members.setdefault(name, []).append(event)
    return members


def shorten(text: str, limit: int = 200) -> str:
    """A description for meta tags: whole words, at most `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def interval_length(event: Event) -> str:
    """How long an interval lasted, where the date display does not already say it."""
    span = event.date.duration_range()
    if span is None or event.date.duration_days() is not None and span[1] < 365:
        return ""
    days = (span[0] + span[1]) / 2
    if days < 60:
        return f"about {round(days)} days"
    if days < 365:
        return f"about {round(days / 30.436875)} months"
    years = round(days / 365.2425)
    return "about 1 year" if years == 1 else f"about {years} years"


def decades(event: Event) -> list[str]:
    """The decades an event touches ("1980s", "1990s"), for the decade filter."""
    first = event.date.earliest.year // 10 * 10
    latest = event.date.latest if not event.date.open_end else event.date.earliest
    return [f"{decade}s" for decade in range(first, latest.year // 10 * 10 + 1, 10)]


def quote_anchor(quote: CheckedQuote) -> str:
    return f"q-{quote.event_id}-{quote.index}"


def text_fragment(passage: str) -> str:
    """A `:~:text=` directive for a passage: whole when short, first and last words when long."""
    words = passage.split()

    def encode(term: str) -> str:
        return urlquote(term, safe="").replace("-", "%2D")

    if len(words) <= 10:
        return encode(" ".join(words))
    return f"{encode(' '.join(words[:4]))},{encode(' '.join(words[-4:]))}"


def highlight(text: str, quotes: list[CheckedQuote]) -> list[dict]:
    """Cut the text where quotes start and end; overlapping quotes each keep their marks."""
    cuts = sorted({0, len(text), *(q.start for q in quotes), *(q.end for q in quotes)})
    starting: dict[int, list[CheckedQuote]] = {}
    ending: dict[int, list[CheckedQuote]] = {}
    for quote in quotes:
        starting.setdefault(quote.start, []).append(quote)
        ending.setdefault(quote.end, []).append(quote)
    # One sweep over the cuts: a segment is marked while some quote is open over it.
    segments = []
    open_quotes = 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        opened = starting.get(start, [])
        open_quotes += len(opened) - len(ending.get(start, []))
        segments.append(
            {
                "text": text[start:end],
                "marked": open_quotes > 0,
                "starts": list(opened),
                "ends": list(ending.get(end, [])),
            }
        )
    return segments


def cited_share(text: str, quotes: list[CheckedQuote]) -> int:
    """Percentage of the text's non-space characters that some quote covers."""
    total = non_space(text)
    hit = 0
    covered_to = 0  # quotes sorted by start, each counted from where the last one ended
    for start, end in sorted((quote.start, quote.end) for quote in quotes):
        start = max(start, covered_to)
        if end > start:
            hit += non_space(text[start:end])
            covered_to = end
    return round(100 * hit / total) if total else 0


def non_space(text: str) -> int:
    """How many characters of `text` are not whitespace (`not str.isspace()`).

    `str.split()` cuts at exactly those characters, and counts them 5 times faster than
    a regular expression's findall.
    """
    return sum(map(len, text.split()))
