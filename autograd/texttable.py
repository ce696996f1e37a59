"""Plain-text tables that line up in a terminal, Chinese text included.

The one home of terminal text widths and padding: gradcheck's and check_engine's
reports, the exercises' table and ``autograd.viz.grad_table`` all use it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def is_wide(ch: str) -> bool:
    """True for a character a terminal draws two columns wide (CJK and the like)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide (CJK) characters take 2, combining marks 0."""
    return sum(0 if unicodedata.combining(ch) else 2 if is_wide(ch) else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (on the left when ``right``)."""
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill


def format_table(rows: Sequence[Sequence[str]], right: Sequence[bool] = ()) -> str:
    """``rows`` (the first is the header) as aligned columns, a rule under the header;
    ``right[c]`` right-aligns column ``c`` (for numbers)."""
    columns = max(len(r) for r in rows)
    cells = [list(r) + [""] * (columns - len(r)) for r in rows]
    widths = [max(display_width(r[c]) for r in cells) for c in range(columns)]
    aligned = [(list(right) + [False] * columns)[c] for c in range(columns)]
    lines = ["  ".join(pad(cell, w, a) for cell, w, a in zip(r, widths, aligned)).rstrip()
             for r in cells]
    lines.insert(1, "-" * max(display_width(line) for line in lines))
    return "\n".join(lines)
