"""Readable names for graph nodes: by label, else by role and value, else as an expression.

``apple`` (a label), ``constant 1`` (a leaf that needs no gradient), ``input = 3``
(an unlabelled leaf that does; in the language asked for), ``apple*2`` or
``tanh(a*b)`` (an op's result). Used in captions and in the explorer page.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from autograd import messages
from autograd.engine import Node

from . import style

MAX_EXPR = 32  # longer operand expressions are shortened to "…"

_INFIX = {"Add": ("+", 1), "Sub": ("-", 1), "Mul": ("*", 2), "Div": ("/", 2), "Pow": ("**", 4)}
_ATOM = 9  # the precedence of a name, a number or a call: never parenthesized


def node_names(nodes: Sequence[Node], lang: str | None = None) -> list[str]:
    """A name for each node (``nodes`` in topological order, inputs first); ``lang``: the
    language of the roles (``constant 1``, ``常数 1``; None: the package-wide one)."""
    exprs: dict[int, tuple[str, int]] = {}  # id -> (text as an operand, its precedence)
    names = []
    for node in nodes:
        if node.label:
            name, expr = node.label, (node.label, _ATOM)
        elif node.is_leaf:
            value = _value_text(node.data)
            if not node.requires_grad:
                name = messages.text("viz.name.constant_value", lang, value=value)
            else:
                role = messages.text(f"explorer.kind.{style.node_kind(node, False)}", lang)
                name = messages.text("viz.name.role_value", lang, role=role, value=value)
            expr = (value, _ATOM if not value.startswith("-") else 3)
        else:
            expr = _expression(node, [exprs[id(p)] for p in node.parents])
            name = expr[0]
        exprs[id(node)] = expr if len(expr[0]) <= MAX_EXPR else ("…", _ATOM)
        names.append(name)
    return names


def _value_text(data: object) -> str:
    arr = np.asarray(data)
    if arr.ndim == 0 or arr.size <= 3:
        return style.summarize(data)
    return f"{tuple(arr.shape)} array"


def _expression(node: Node, args: list[tuple[str, int]]) -> tuple[str, int]:
    name = node.op.name
    if name in _INFIX and len(args) >= 2 and (len(args) == 2 or name == "Add"):
        sign, prec = _INFIX[name]
        parts = []
        for k, (text, p) in enumerate(args):
            # a - (b - c), a / (b * c), (a ** b) ** c: the right side binds tighter
            tighter = k > 0 and name in ("Sub", "Div") or k == 0 and name == "Pow"
            parts.append(f"({text})" if p < prec or (p == prec and tighter) else text)
        return sign.join(parts), prec
    detail = repr(node.op)
    if name == "Pow" and len(args) == 1 and detail.startswith("Pow(**"):  # a constant exponent
        text, p = args[0]
        return f"{f'({text})' if p <= 4 else text}**{detail[6:-1]}", 4
    if name == "Neg" and len(args) == 1:
        text, p = args[0]
        return (f"-({text})" if p < 3 else f"-{text}"), 3
    return f"{name.lower()}({', '.join(text for text, _ in args)})", _ATOM
