"""How values look in a drawing: number formatting, node kinds and colours."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from html import escape
from typing import Any

import numpy as np

from autograd.engine import Node

FONT = "Helvetica"
MAX_ITEMS = 6  # a Tensor with at most this many elements shows all its values

# Fill colours by node kind (see node_kind).
FILL = {
    "output": "#bbf7d0",
    "parameter": "#fde68a",
    "input": "#dbeafe",
    "constant": "#f3f4f6",
    "intermediate": "#ffffff",
}
BORDER = {"output": "#15803d", "parameter": "#b45309"}
OP_FILL = "#e5e7eb"
CURRENT = "#ea580c"  # the op being processed in an animation frame
GRAD_EDGE = "#dc2626"
DONE_EDGE = "#6b7280"

# color_by_grad: |grad| on a log scale from 1e-6 (blue, vanishing) through 1
# (pale, healthy) to 1e6 (red, exploding); exactly 0 is grey, nan/inf purple.
GRAD_LOG10_RANGE = (-6.0, 6.0)
_RDBU = ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"]
ZERO_GRAD = "#9ca3af"
BAD_GRAD = "#7e22ce"


def fmt_number(x: Any, digits: int = 4) -> str:
    """A number in at most ``digits`` significant digits: 110.00000000000001 -> '110'."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    s = f"{x:.{digits}g}"
    if "e" in s:  # 1.5e-05 -> 1.5e-5, 1e+06 -> 1e6
        mant, exp = s.split("e")
        s = f"{mant}e{int(exp)}"
    return s


def summarize(data: Any) -> str:
    """Scalars as one number; small arrays in full; larger ones as min/mean/max.

    A node (a gradient kept as a graph by ``create_graph=True``) shows its data.
    """
    arr = np.asarray(data.data if isinstance(data, Node) else data)
    if arr.ndim == 0:
        return fmt_number(arr)
    if arr.size <= MAX_ITEMS:
        return np.array2string(arr, separator=", ", formatter={"all": fmt_number})
    if arr.dtype.kind not in "biuf":
        return f"{arr.size} items"
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-nan array: nan is right
        lo, mean, hi = np.nanmin(arr), np.nanmean(arr), np.nanmax(arr)
    return f"min {fmt_number(lo)} mean {fmt_number(mean)} max {fmt_number(hi)}"


def shape_text(data: Any) -> str | None:
    """'(2, 3) float64' for array data, None for a plain scalar (a Value)."""
    if isinstance(data, (float, int)):
        return None
    arr = np.asarray(data)
    return f"{tuple(arr.shape)} {arr.dtype}"


def is_parameter_leaf(node: Node) -> bool:
    """A trainable leaf: an instance of a class named Parameter, or flagged is_parameter."""
    if not (node.is_leaf and node.requires_grad):
        return False
    named = any(cls.__name__ == "Parameter" for cls in type(node).__mro__)
    return named or bool(getattr(node, "is_parameter", False))


def node_kind(node: Node, is_root: bool) -> str:
    """One of 'output', 'parameter', 'input', 'constant', 'intermediate'."""
    if is_root:
        return "output"
    if not node.is_leaf:
        return "intermediate"
    if not node.requires_grad:
        return "constant"
    return "parameter" if is_parameter_leaf(node) else "input"


def grad_magnitude(grad: Any) -> float | None:
    """|grad| for a scalar, root mean square for an array; None if there is no grad."""
    if grad is None:
        return None
    arr = np.asarray(grad.data if isinstance(grad, Node) else grad, dtype=float)
    if arr.size == 0:
        return None
    with np.errstate(all="ignore"):
        return float(np.sqrt(np.mean(arr * arr)))


def grad_color(magnitude: float | None) -> str | None:
    """Fill colour for a gradient magnitude on the log scale (None: no grad)."""
    if magnitude is None:
        return None
    if not math.isfinite(magnitude):
        return BAD_GRAD
    if magnitude == 0:
        return ZERO_GRAD
    lo, hi = GRAD_LOG10_RANGE
    t = (math.log10(magnitude) - lo) / (hi - lo)
    t = min(max(t, 0.0), 1.0) * (len(_RDBU) - 1)
    i = min(int(t), len(_RDBU) - 2)
    return _mix(_RDBU[i], _RDBU[i + 1], t - i)


def diverging_color(t: float) -> str:
    """The heatmap colour of ``t`` in [-1, 1]: blue (negative), white (0), red (positive)."""
    if not math.isfinite(t):
        return BAD_GRAD
    t = (min(max(t, -1.0), 1.0) + 1) / 2 * (len(_RDBU) - 1)
    i = min(int(t), len(_RDBU) - 2)
    return _mix(_RDBU[i], _RDBU[i + 1], t - i)


def _mix(a: str, b: str, t: float) -> str:
    ca = [int(a[k : k + 2], 16) for k in (1, 3, 5)]
    cb = [int(b[k : k + 2], 16) for k in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


def text_color(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` ('#rrggbb')."""
    r, g, b = (int(fill[k : k + 2], 16) for k in (1, 3, 5))
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else "#111827"


def html_table(cells: Iterable[str], *, fill: str, border: str = "#374151",
               penwidth: int = 1, vertical: bool = False) -> str:
    """An HTML-like graphviz label: one row of cells (or one column if ``vertical``)
    from already-escaped cell contents."""
    tds = [f"<td>{c}</td>" for c in cells]
    rows = "".join(f"<tr>{td}</tr>" for td in tds) if vertical else f"<tr>{''.join(tds)}</tr>"
    return (
        f'<<table border="{penwidth}" cellborder="{0 if vertical else 1}" cellspacing="0" '
        f'cellpadding="{2 if vertical else 4}" bgcolor="{fill}" color="{border}">{rows}</table>>'
    )


def cell_text(text: str, *, bold: bool = False, hidden: bool = False, small: bool = False) -> str:
    """Escape ``text`` for an HTML-like label; hidden text keeps its space but is invisible."""
    s = escape(text, quote=False).replace("\n", "<br/>")
    if bold:
        s = f"<b>{s}</b>"
    if small:
        s = f'<font point-size="10">{s}</font>'
    if hidden:
        s = f'<font color="transparent">{s}</font>'
    return s
