"""Text cells of the CSV tables made safe to open in a spreadsheet (CSV formula injection).

A spreadsheet takes a cell beginning with = + - or @ for a formula, and some strip a
leading TAB or CR before they look: an event titled `=HYPERLINK("http://evil","x")`
would open as a live link, `+cmd|' /C calc'!A0` as a command. As OWASP recommends
("CSV Injection"), such a text cell is written with a leading ', which makes a
spreadsheet take the cell as text. Only text cells (the columns a table's
schema types "string"): numbers and dates are written as they are, so -5 stays -5.

A text that already begins with ' before one of those characters gets one ' more, so
the change can be undone exactly: restored() takes one ' off again. The JSON exports
are never changed.
"""

from __future__ import annotations

FORMULA_STARTS = frozenset("=+-@\t\r")
# The first characters of a text cell that defused() may change: a cheap test that
# leaves almost every cell alone.
RISKY_STARTS = FORMULA_STARTS | {"'"}


def defused(text: str) -> str:
    """`text` as a CSV text cell: with a ' in front when, past any ' it starts with, it
    starts with one of FORMULA_STARTS."""
    return "'" + text if text.lstrip("'")[:1] in FORMULA_STARTS else text


def restored(cell: str) -> str:
    """The text that defused() made `cell` from."""
    if cell[:1] == "'" and cell.lstrip("'")[:1] in FORMULA_STARTS:
        return cell[1:]
    return cell
