"""grad_table(): values and their gradients as a small text table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from autograd.engine import Node

from ..text import pad_columns, terminal_columns
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
    widths = [max(terminal_columns(r[c]) for r in rows) for c in range(3)]
    lines = [
        f"{pad_columns(r[0], widths[0], left=True)}  {pad_columns(r[1], widths[1])}  "
        f"{pad_columns(r[2], widths[2])}".rstrip() for r in rows
    ]
    lines.insert(1, "-" * terminal_columns(lines[0]))
    return "\n".join(lines)


def _one_line(x: object) -> str:
    return " ".join(summarize(x).split())
