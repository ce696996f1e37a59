"""grad_table(): values and their gradients as a small text table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from autograd import messages as M
from autograd.engine import Node

from ..text import format_table
from .style import summarize


def grad_table(
    nodes: Mapping[str, Node] | Iterable[Node], output: Node | None = None, *,
    lang: str | None = None,
) -> str:
    """A table of each node's name, data and grad, as a tutorial prints it.

    ``nodes`` is a mapping name -> node, or nodes named by their labels.
    With ``output`` the grad column is headed ``d<output>/d<name>``. ``lang``: the
    language of the headers, "en" or "zh-CN" (None: the package-wide one).
    """
    lang = M.resolve_language(lang, "grad_table() lang")
    items = list(nodes.items()) if isinstance(nodes, Mapping) else [(n.label, n) for n in nodes]
    for name, node in items:
        if not isinstance(node, Node):
            raise TypeError(f"grad_table() takes Values or Tensors; got {type(node).__name__} "
                            f"for {name!r}")
    head = f"d{output.label}/dx" if output is not None and output.label else \
        M.text("viz.box.grad", lang)
    rows = [(M.text("viz.table.variable", lang), M.text("viz.table.value", lang), head)] + [
        (name or "?", _one_line(node.data), _one_line(node.grad) if node.grad is not None
         else "—")
        for name, node in items
    ]
    return format_table(rows, right=(False, True, True))


def _one_line(x: object) -> str:
    return " ".join(summarize(x).split())
