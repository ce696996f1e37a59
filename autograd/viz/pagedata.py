"""The data behind the explorer page: nodes, the forward and backward steps, groups.

Everything is sent once, as index-aligned columns over the nodes in topological
order (inputs first); a step of the backward pass is a node index plus the
gradients it sends, never a copy of the picture. The page (static/js/) derives
every step's state from this. See :func:`build` for the format; a Tensor
graph's matrix view adds the data of :mod:`autograd.viz.pagematrix`.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import messages
from autograd.engine import Node, topological_order

from ..optext import derivatives_text
from ..text import text_points
from . import group, pagematrix, style
from .names import module_title
from .naming import node_names
from .steps import edge_local_derivatives, op_steps, pass_grads

FORMAT_VERSION = 2
KINDS = ("output", "parameter", "input", "constant", "intermediate")
NAME_CHARS = 36  # a box shows at most this many characters of a name (the panel shows all)
HEAT = 24  # a heatmap has at most this many rows and columns of blocks
FULL = 4096  # arrays of at most this many numbers are sent in full (for the panel's numbers)
DIGITS = 7  # significant digits of an array's numbers (the page shows 4)

# Box geometry, in page units (1 unit = 1 CSS pixel at zoom 1 = 1 Graphviz point).
FONT_SIZE = 12
LINE_HEIGHT = 16
PAD = 8
TENSOR_BOX = (104, 78)  # every tensor's box: name, shape badge, heatmap, stats line
MODULE_BOX = (120, 100)  # a module's box: the same for its output, and parameter chips


def build(root: Node, *, title: str, start: str, play_ms: int, lang: str = "en",
          convention: str = "row", model: Any = None) -> dict[str, Any]:
    """The page data of ``root``'s graph (without ``initial``; see explore.py).

    Keys:

    - ``version``, ``title``, ``start`` ("forward" or "backward"), ``playMs``,
      ``lang``, ``convention`` ("row" or "column", the one shown first),
      ``messages`` (the page's texts in ``lang``, from :mod:`autograd.messages`)
      and ``tensor`` (whether any node holds an array);
    - ``nodes``: columns ``name``, ``kind`` (index into ``kinds``), ``op`` (index
      into ``ops``, -1 for a leaf), ``parents`` (node indices), ``data``,
      ``grad`` (this backward pass's total, null where none flows), ``ready``
      (the backward step at which all of the grad has arrived, -1 for none),
      ``scope`` (index into ``scopes``, -1 for none), ``box`` ([w, h] of the
      value box), ``opBox`` ([w, h] of the op oval, 0 for a leaf), ``shape``
      (the array's dimensions, null for a plain number); a tensor graph's names
      are the matrix view's (``0.weight``, ``Z^[1]``; ``model``'s
      ``named_parameters()`` name the parameters when given), and it has
      columns ``alias`` (``W^[1]`` or ""), ``symbol`` and ``batch`` too;
    - ``ops``: per distinct op, ``name``, ``detail`` (its repr, e.g. "Pow(**2)")
      and ``formula`` (its local derivatives);
    - ``backward``: ``node`` (the op node of each step, in the order backward
      runs), ``sent`` (per step, per input: the gradient sent, null where
      none), ``local`` (per step, per input: the local derivative, null where
      unknown);
    - ``scopes``: per name-scope prefix, ``path``, ``parent``, ``depth``,
      ``count`` (nodes inside), ``lines`` (its box's text) and ``box``; in a
      tensor graph also ``title`` (``Linear(3→2)``), ``out`` (the node whose
      value leaves it, -1 if none) and ``params`` (its parameters' nodes);
    - ``bad``: ``{"node": i, "what": "value"|"gradient"}`` for the first node
      in forward order that is not finite, or null;
    - a tensor graph's ``rules``, ``cells`` and ``sample`` (see
      :func:`autograd.viz.pagematrix.build`; null in a scalar graph).

    Numbers are JSON numbers, "NaN" / "Infinity" / "-Infinity" when not
    finite; an array (a value, a gradient) is a :func:`matrix`.
    """
    nodes = topological_order(root)
    index = {id(n): i for i, n in enumerate(nodes)}
    steps = op_steps(root)
    grads, ready = pass_grads(root, steps, index, len(nodes))
    tensor = any(_is_array(n.data) for n in nodes)
    matrix_view = pagematrix.build(root, nodes, steps, model=model, lang=lang,
                                   matrix=matrix) if tensor else None
    names = matrix_view["names"]["name"] if tensor else node_names(nodes, lang)
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
            op_rows.append({"name": node.op.name, "detail": detail,
                            "formula": derivatives_text(node.op, lang) or formula(node.op)})
        op_col.append(ops[detail])
    batch = matrix_view["names"]["batch"] if tensor else [False] * len(nodes)
    scopes, scope_col = _scopes(nodes, root, tensor, lang, batch)
    value = matrix if tensor else encode
    return {
        "version": FORMAT_VERSION,
        "title": title,
        "start": start,
        "playMs": play_ms,
        "lang": lang,
        "convention": convention,
        "messages": messages.catalog(lang, prefix="explorer."),
        "tensor": tensor,
        "kinds": list(KINDS),
        "nodes": {
            "name": names,
            "kind": [KINDS.index(style.node_kind(n, n is root)) for n in nodes],
            "op": op_col,
            "parents": [[index[id(p)] for p in n.parents] for n in nodes],
            "data": [value(n.data) for n in nodes],
            "grad": [value(g) if g is not None else None for g in grads],
            "ready": ready,
            "scope": scope_col,
            "box": [list(TENSOR_BOX) if _is_array(n.data) else value_box(n, name, grads[i], lang)
                    for i, (n, name) in enumerate(zip(nodes, names))],
            "opBox": [0 if n.op is None else op_box(repr(n.op)) for n in nodes],
            "shape": [list(np.shape(n.data)) if _is_array(n.data) else None for n in nodes],
            **({key: col for key, col in matrix_view["names"].items() if key != "name"}
               if tensor else {}),
        },
        "ops": op_rows,
        "backward": {
            "node": [index[id(s.node)] for s in steps],
            "sent": [[_sent(p, g, value) for p, g in zip(s.node.parents, s.input_grads)]
                     for s in steps],
            "local": [_rounded(edge_local_derivatives(s)) for s in steps],
        },
        "scopes": scopes,
        "bad": first_not_finite(nodes, grads),
        **{key: matrix_view[key] if tensor else None
           for key in ("gradName", "rules", "cells", "sample")},
    }


def _is_array(data: Any) -> bool:
    """Array data (a Tensor's, even of shape ()), not a plain number (a Value's)."""
    return not isinstance(data, (float, int))


def _sent(parent: Node, g: Any, value: Any) -> Any:
    return value(g) if g is not None and parent.requires_grad else None


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


def matrix(x: Any) -> dict[str, Any]:
    """An array as the page receives it: seen as rows × cols (a vector as one row,
    more axes folded into the rows), its min, max and mean, all its values row by
    row when there are at most FULL of them (``v``), and its heatmap's block means
    when it has more rows or columns than HEAT (``h`` = [rows, cols, means])."""
    raw = np.asarray(x.data if isinstance(x, Node) else x, dtype=float)
    a = raw.reshape(1, -1) if raw.ndim < 2 else raw.reshape(-1, raw.shape[-1])
    rows, cols = a.shape
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-nan array: nan is right
        lo, hi, mean = (np.nanmin(a), np.nanmax(a), np.nanmean(a)) if a.size else (0, 0, 0)
    out: dict[str, Any] = {"r": rows, "c": cols, "lo": _number(lo), "hi": _number(hi),
                           "mean": _number(mean)}
    if a.size <= FULL:
        out["v"] = _numbers(a)
    if rows > HEAT or cols > HEAT:
        heat = block_means(a, HEAT)
        out["h"] = [heat.shape[0], heat.shape[1], _numbers(heat)]
    return out


def block_means(a: np.ndarray, most: int) -> np.ndarray:
    """``a`` (2-D) averaged over blocks, to at most ``most`` rows and columns."""
    for axis in (0, 1):
        n = a.shape[axis]
        if n > most:
            edges = np.linspace(0, n, most + 1).round().astype(int)[:-1]
            sums = np.add.reduceat(a, edges, axis=axis)
            sizes = np.diff(np.append(edges, n)).reshape((-1, 1) if axis == 0 else (1, -1))
            a = sums / sizes
    return a


def _number(v: Any) -> Any:
    v = float(v)
    if math.isfinite(v):
        return float(f"{v:.{DIGITS}g}")
    return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")


def _numbers(a: np.ndarray) -> list[Any]:
    flat = a.ravel()
    if np.all(np.isfinite(flat)):
        return [float(f"{v:.{DIGITS}g}") for v in flat.tolist()]
    return [_number(v) for v in flat.tolist()]


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


def value_box(node: Node, name: str, grad: Any, lang: str = "en") -> list[int]:
    """[width, height] of a scalar value's box: name, data and grad lines (a
    tensor's box is TENSOR_BOX)."""
    data = messages.text("explorer.data", lang)
    lines = [short_name(name), f"{data} {style.summarize(node.data)}"]
    if node.requires_grad:
        grad_text = "—" if grad is None else style.summarize(grad)
        lines.append(f"{messages.text('explorer.grad', lang)} {grad_text}")
    return _box(lines, [FONT_SIZE] * len(lines))


def op_box(detail: str) -> list[int]:
    """[width, height] of an op's oval."""
    return [math.ceil(text_points(detail) + 28), 28]


def _scopes(nodes: Sequence[Node], root: Node, tensor: bool, lang: str,
            batch: Sequence[bool]) -> tuple[list[dict[str, Any]], list[int]]:
    """Every scope prefix (a group that can be collapsed), and each node's own scope.

    Leaves join the innermost scope of their consumers (group.effective_scopes).
    In a scalar graph the output node stays outside every group, so it is always
    in view. In a tensor graph a group is drawn around the value it outputs, so
    the output may be inside; a leaf that is not a parameter and was made outside
    every scope, or has a batch axis (the data ``X``, a target ``Y``, even when a
    module made them from numpy arrays), stays outside, as an input of its module.
    """
    paths = group.effective_scopes(nodes)
    if tensor:
        paths = [() if n.is_leaf and not style.is_parameter_leaf(n) and (not n.scope or b)
                 else p for n, p, b in zip(nodes, paths, batch)]
    prefix_index: dict[tuple[str, ...], int] = {}
    rows: list[dict[str, Any]] = []
    members: list[list[int]] = []
    col = []
    for i, (node, path) in enumerate(zip(nodes, paths)):
        if (node is root and not tensor) or not path:
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
        if tensor:
            row.update(_module(row["path"], inside, nodes, root))
            row["box"] = list(MODULE_BOX)
        else:
            row["lines"] = _group_lines(row["path"], [nodes[i] for i in inside], lang)
            sizes = [10 if k in (0, 2, 3, 4) else FONT_SIZE for k in range(len(row["lines"]))]
            row["box"] = _box(row["lines"], sizes)
    return rows, col


def _module(path: str, inside: Sequence[int], nodes: Sequence[Node], root: Node
            ) -> dict[str, Any]:
    """A tensor graph's group as a module box: its title, the node whose value leaves
    it (the last one in forward order; -1 if none) and its parameters."""
    members = set(inside)
    index = {id(n): i for i, n in enumerate(nodes)}
    used_outside = {index[id(p)] for j, n in enumerate(nodes) if j not in members
                    for p in n.parents if index[id(p)] in members}
    outs = [i for i in inside if i in used_outside or nodes[i] is root]
    params = [i for i in inside if style.is_parameter_leaf(nodes[i])]
    return {"title": module_title(path.rsplit("/", 1)[-1], [nodes[i] for i in inside]),
            "out": outs[-1] if outs else -1, "params": params}


def _group_lines(path: str, nodes: Sequence[Node], lang: str) -> list[str]:
    """A collapsed group's text: where it is, its name, size, commonest ops, parameters."""
    *outer, name = path.split("/")
    ops = Counter(n.op.name for n in nodes if n.op is not None)
    top = ", ".join(f"{op}×{k}" for op, k in ops.most_common(3)) + (", …" if len(ops) > 3 else "")
    params = sum(1 for n in nodes if style.is_parameter_leaf(n))

    def say(key: str, **fields: Any) -> str:
        return messages.text(f"explorer.group{key}", lang, **fields)

    return [
        "/".join(outer) + "/" if outer else say(""),
        name,
        say(".nodes", n=len(nodes)),
        top or say(".no_ops"),
        say(".parameters", n=params) if params else say(".expand"),
    ]
