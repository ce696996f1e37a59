"""The data behind the explorer page: nodes, the forward and backward steps, groups.

Everything is sent once, as index-aligned columns over the nodes in topological
order (inputs first); a step of the backward pass is a node index plus the
gradients it sends, never a copy of the picture. The page (static/explorer.js)
derives every step's state from this. See :func:`build` for the format.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd.engine import Node, topological_order

from ..text import text_points
from . import group, style
from .naming import node_names
from .steps import edge_local_derivatives, op_steps, pass_grads

FORMAT_VERSION = 1
KINDS = ("output", "parameter", "input", "constant", "intermediate")
NAME_CHARS = 36  # a box shows at most this many characters of a name (the panel shows all)

# Box geometry, in page units (1 unit = 1 CSS pixel at zoom 1 = 1 Graphviz point).
FONT_SIZE = 12
LINE_HEIGHT = 16
PAD = 8


def build(root: Node, *, title: str, start: str, play_ms: int) -> dict[str, Any]:
    """The page data of ``root``'s graph (without ``initial``; see explore.py).

    Keys:

    - ``version``, ``title``, ``start`` ("forward" or "backward"), ``playMs``;
    - ``nodes``: columns ``name``, ``kind`` (index into ``kinds``), ``op`` (index
      into ``ops``, -1 for a leaf), ``parents`` (node indices), ``data``,
      ``grad`` (this backward pass's total, null where none flows), ``ready``
      (the backward step at which all of the grad has arrived, -1 for none),
      ``scope`` (index into ``scopes``, -1 for none), ``box`` ([w, h] of the
      value box) and ``opBox`` ([w, h] of the op oval, 0 for a leaf);
      ``shapes`` maps the index of each array-valued node to "(2, 3) float64";
    - ``ops``: per distinct op, ``name``, ``detail`` (its repr, e.g. "Pow(**2)")
      and ``formula`` (its local derivatives);
    - ``backward``: ``node`` (the op node of each step, in the order backward
      runs), ``sent`` (per step, per input: the gradient sent, null where
      none), ``local`` (per step, per input: the local derivative, null where
      unknown);
    - ``scopes``: per name-scope prefix, ``path``, ``parent``, ``depth``,
      ``count`` (nodes inside), ``lines`` (its box's text) and ``box``;
    - ``bad``: ``{"node": i, "what": "value"|"gradient"}`` for the first node
      in forward order that is not finite, or null.

    Numbers are JSON numbers, "NaN" / "Infinity" / "-Infinity" when not
    finite; array values are summaries (text) and their gradients too.
    """
    nodes = topological_order(root)
    index = {id(n): i for i, n in enumerate(nodes)}
    steps = op_steps(root)
    grads, ready = pass_grads(root, steps, index, len(nodes))
    names = node_names(nodes)
    ops: dict[str, int] = {}
    op_rows: list[dict[str, str]] = []
    op_col = []
    for node in nodes:
        if node.op is None:
            op_col.append(-1)
            continue
        detail = repr(node.op)
        if detail not in ops:
            ops[detail] = len(op_rows)
            op_rows.append({"name": node.op.name, "detail": detail, "formula": formula(node.op)})
        op_col.append(ops[detail])
    scopes, scope_col = _scopes(nodes, root, op_col)
    shapes = {str(i): style.shape_text(n.data) for i, n in enumerate(nodes)
              if style.shape_text(n.data) is not None}
    data_col = [encode(n.data) for n in nodes]
    grad_col = [encode(g) if g is not None else None for g in grads]
    return {
        "version": FORMAT_VERSION,
        "title": title,
        "start": start,
        "playMs": play_ms,
        "kinds": list(KINDS),
        "nodes": {
            "name": names,
            "kind": [KINDS.index(style.node_kind(n, n is root)) for n in nodes],
            "op": op_col,
            "parents": [[index[id(p)] for p in n.parents] for n in nodes],
            "data": data_col,
            "grad": grad_col,
            "ready": ready,
            "scope": scope_col,
            "box": [value_box(n, name, grads[i]) for i, (n, name) in enumerate(zip(nodes, names))],
            "opBox": [0 if n.op is None else op_box(repr(n.op)) for n in nodes],
        },
        "shapes": shapes,
        "ops": op_rows,
        "backward": {
            "node": [index[id(s.node)] for s in steps],
            "sent": [[_sent(p, g) for p, g in zip(s.node.parents, s.input_grads)] for s in steps],
            "local": [_rounded(edge_local_derivatives(s)) for s in steps],
        },
        "scopes": scopes,
        "bad": first_not_finite(nodes, grads),
    }


def _sent(parent: Node, g: Any) -> Any:
    return encode(g) if g is not None and parent.requires_grad else None


def _rounded(local: list[float | None] | None) -> list[Any] | None:
    """Local derivatives are shown, never summed: 7 significant digits are plenty."""
    if local is None:
        return None
    return [None if d is None else encode(float(f"{d:.7g}")) for d in local]


def formula(op: Any) -> str:
    """The op's local derivatives: its ``derivatives`` text, else its docstring's first line."""
    text = getattr(op, "derivatives", None)
    if isinstance(text, str) and text.strip():
        return text.strip()
    doc = type(op).__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def encode(x: Any) -> Any:
    """A number for JSON (non-finite as "NaN" / "Infinity" / "-Infinity"), or an
    array's summary as text."""
    raw = x.data if isinstance(x, Node) else x
    if np.ndim(raw) != 0:
        return style.summarize(raw).replace("\n", " ")
    v = float(raw)
    if math.isfinite(v):
        return v
    return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")


def is_finite(x: Any) -> bool:
    raw = x.data if isinstance(x, Node) else x
    with np.errstate(all="ignore"):
        return bool(np.all(np.isfinite(np.asarray(raw, dtype=float))))


def first_not_finite(nodes: Sequence[Node], grads: Sequence[Any]) -> dict[str, Any] | None:
    """The first node, in forward order, whose value or gradient is nan or inf."""
    for i, node in enumerate(nodes):
        if not is_finite(node.data):
            return {"node": i, "what": "value"}
        if grads[i] is not None and not is_finite(grads[i]):
            return {"node": i, "what": "gradient"}
    return None


# -- geometry ---------------------------------------------------------------------


def short_name(name: str) -> str:
    """A name as a box shows it (the page cuts it the same way)."""
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


def _box(lines: Sequence[str], sizes: Sequence[float]) -> list[int]:
    width = max(text_points(t, s) for t, s in zip(lines, sizes)) + 2 * PAD
    return [math.ceil(max(width, 40)), LINE_HEIGHT * len(lines) + PAD]


def value_box(node: Node, name: str, grad: Any) -> list[int]:
    """[width, height] of a value's box: name, shape, data and grad lines."""
    lines, sizes = [short_name(name)], [FONT_SIZE]
    shape = style.shape_text(node.data)
    if shape is not None:
        lines.append(shape)
        sizes.append(10)
    lines.append(f"data {style.summarize(node.data)}")
    sizes.append(FONT_SIZE)
    if node.requires_grad:
        lines.append("grad " + ("—" if grad is None else style.summarize(grad)))
        sizes.append(FONT_SIZE)
    return _box([t.replace("\n", " ") for t in lines], sizes)


def op_box(detail: str) -> list[int]:
    """[width, height] of an op's oval."""
    return [math.ceil(text_points(detail) + 28), 28]


def _scopes(nodes: Sequence[Node], root: Node, op_col: Sequence[int]
            ) -> tuple[list[dict[str, Any]], list[int]]:
    """Every scope prefix (a group that can be collapsed), and each node's own scope.

    Leaves join the innermost scope of their consumers (group.effective_scopes);
    the output node stays outside every group so it is always in view.
    """
    paths = group.effective_scopes(nodes)
    prefix_index: dict[tuple[str, ...], int] = {}
    rows: list[dict[str, Any]] = []
    members: list[list[int]] = []
    col = []
    for i, (node, path) in enumerate(zip(nodes, paths)):
        if node is root or not path:
            col.append(-1)
            continue
        for d in range(1, len(path) + 1):
            key = path[:d]
            if key not in prefix_index:
                prefix_index[key] = len(rows)
                rows.append({"path": "/".join(key), "parent": prefix_index.get(key[:-1], -1),
                             "depth": d})
                members.append([])
            members[prefix_index[key]].append(i)
        col.append(prefix_index[path])
    for row, inside in zip(rows, members):
        row["count"] = len(inside)
        row["lines"] = _group_lines(row["path"], [nodes[i] for i in inside])
        sizes = [10 if k in (0, 2, 3, 4) else FONT_SIZE for k in range(len(row["lines"]))]
        row["box"] = _box(row["lines"], sizes)
    return rows, col


def _group_lines(path: str, nodes: Sequence[Node]) -> list[str]:
    """A collapsed group's text: where it is, its name, size, commonest ops, parameters."""
    *outer, name = path.split("/")
    ops = Counter(n.op.name for n in nodes if n.op is not None)
    top = ", ".join(f"{op}×{k}" for op, k in ops.most_common(3)) + (", …" if len(ops) > 3 else "")
    params = sum(1 for n in nodes if style.is_parameter_leaf(n))
    return [
        "/".join(outer) + "/" if outer else "group",
        name,
        f"{len(nodes)} nodes",
        top or "no ops",
        f"{params} parameters" if params else "click to expand",
    ]
