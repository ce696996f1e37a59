"""How much room text takes: columns in a terminal, points in a drawing.

One home for each measure: :func:`terminal_columns` and :func:`pad_columns` for
text printed in a terminal or notebook, :func:`format_table` for its tables
(``exercises.check``'s, ``gradcheck.compare``'s, ``check_engine``'s reports;
``viz.grad_table``), and :func:`text_points` (:func:`number_points`,
:func:`wrap_points`) for the boxes and captions of a drawing or a page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

WIDE = 0x2E80  # from here on (CJK and the like) a character is about one em wide


def is_wide(ch: str) -> bool:
    """True for a character a terminal draws two columns wide (CJK and the like)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def terminal_columns(text: str) -> int:
    """Terminal columns of ``text``: wide (CJK) characters take 2, combining marks 0."""
    return sum(0 if unicodedata.combining(ch) else 2 if is_wide(ch) else 1 for ch in text)


def pad_columns(text: str, width: int, *, left: bool = False) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (right-aligned, or
    left-aligned with ``left``)."""
    fill = " " * max(width - terminal_columns(text), 0)
    return text + fill if left else fill + text


def format_table(rows: Sequence[Sequence[str]], right: Sequence[bool] = ()) -> str:
    """``rows`` (the first is the header) as aligned columns, a rule under the header;
    ``right[c]`` right-aligns column ``c`` (for numbers)."""
    columns = max(len(r) for r in rows)
    cells = [list(r) + [""] * (columns - len(r)) for r in rows]
    widths = [max(terminal_columns(r[c]) for r in cells) for c in range(columns)]
    aligned = [(list(right) + [False] * columns)[c] for c in range(columns)]
    lines = ["  ".join(pad_columns(cell, w, left=not a) for cell, w, a in zip(r, widths, aligned))
             .rstrip() for r in cells]
    lines.insert(1, "-" * max(terminal_columns(line) for line in lines))
    return "\n".join(lines)


def text_points(text: str, size: float = 12) -> float:
    """A generous estimate of the width of ``text`` in points, in a sans-serif font of
    ``size`` points."""
    return sum(1.0 if ord(c) >= WIDE else 0.62 for c in text) * size


def number_points(text: str, size: float = 12) -> float:
    """The width of a number's text in points (digits are wider than the average letter,
    a point or a minus sign narrower), in a sans-serif font of ``size`` points."""
    return sum(0.37 if c in ".,-−+" else 0.64 for c in text) * size


def fit_points(text: str, width: float, size: float = 12) -> str:
    """``text`` cut (with "…") so that it takes at most ``width`` points."""
    if text_points(text, size) <= width:
        return text
    while text and text_points(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def wrap_points(text: str, width: float, size: float = 12) -> list[str]:
    """``text`` in lines of at most ``width`` points (by :func:`text_points`): broken at
    spaces, and between two wide (CJK) characters where a line has no space to break at."""
    lines: list[str] = []
    line = ""
    for word in _breakable(text):
        if line and text_points((line + word).rstrip(), size) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _breakable(text: str) -> list[str]:
    """``text`` cut where a line may break: after a space, and around each wide character."""
    pieces: list[str] = []
    for ch in text:
        if not pieces or ord(ch) >= WIDE or ord(pieces[-1][-1]) >= WIDE or pieces[-1][-1] == " ":
            pieces.append(ch)
        else:
            pieces[-1] += ch
    return pieces
