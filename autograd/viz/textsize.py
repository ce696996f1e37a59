"""How much room text takes in a drawing: points.

:func:`text_points` (:func:`number_points`, :func:`wrap_points`) for the boxes and
captions of a drawing or a page. Columns of a text table printed in a terminal are
:mod:`autograd.texttable`'s.
"""

from __future__ import annotations

WIDE = 0x2E80  # from here on (CJK and the like) a character is about one em wide


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
