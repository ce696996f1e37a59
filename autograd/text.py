"""Text as a terminal shows it: wide (CJK) characters take two columns.

For the tables the package prints (``exercises.check``'s, ``viz.grad_table``)
in English and Chinese alike.
"""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide (CJK) characters take 2, combining marks 0."""
    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns: left-aligned, or ``right``-aligned."""
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill
