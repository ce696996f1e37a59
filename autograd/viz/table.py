"""grad_table(): values and their gradients as a small text table."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

from ..engine import Node
from .style import summarize


def grad_table(
    nodes: Mapping[str, Node] | Iterable[Node], output: Node | None = None
) -> str:
    """A table of each node's name, data and grad, as a tutorial prints it.

    ``nodes`` is a mapping name -> node, or nodes named by their labels.
    With ``output`` the grad column is headed ``d<output>/d<name>``.
    """
    items = list(nodes.items()) if isinstance(nodes, Mapping) else [(n.label, n) for n in nodes]
    for name, node in items:
        if not isinstance(node, Node):
            raise TypeError(f"grad_table() takes Values or Tensors; got {type(node).__name__} "
                            f"for {name!r}")
    head = f"d{output.label}/dx" if output is not None and output.label else "grad"
    rows = [("variable", "value", head)] + [
        (name or "?", _one_line(node.data), _one_line(node.grad) if node.grad is not None
         else "—")
        for name, node in items
    ]
    widths = [max(display_width(r[c]) for r in rows) for c in range(3)]
    lines = [
        f"{_pad(r[0], widths[0], left=True)}  {_pad(r[1], widths[1])}  "
        f"{_pad(r[2], widths[2])}".rstrip() for r in rows
    ]
    lines.insert(1, "-" * display_width(lines[0]))
    return "\n".join(lines)


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide (CJK) characters take 2, combining marks 0."""
    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, left: bool = False) -> str:
    fill = " " * (width - display_width(text))
    return text + fill if left else fill + text


def _one_line(x: object) -> str:
    return " ".join(summarize(x).split())
