"""Drawings of Tensor graphs that fit a notebook column.

Every box has a bounded size whatever the tensor: its name (and the tutorial's
alias), its shape (``5×3``), a heatmap thumbnail of its values (block-averaged
for a large matrix; the numbers themselves for a tensor of at most 12), and one
short line with their range. Edges carry shapes, ``(5×3)``, never values; in a
backward frame the gradient they carry, ``∂L/∂A^[1] (5×3)``.

In the module view (the default) every call of a module of an ``nn`` model,
and every loss, is one box: ``Linear(3→2)`` with a chip per parameter
(``W^[2]`` ``2.weight`` ``3×2``) and its output (``Z^[2]``). The op view draws
every op, as scalar graphs are drawn.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd import messages as M
from autograd.engine import Node, topological_order

from ..text import fit_points, number_points, wrap_points
from . import group, style
from .graphdrawing import GraphDrawing
from .names import LOSS_SCOPES, GraphNames, graph_names, linear_layers, module_title
from .options import HIGHLIGHT, Frame, GraphTooLargeError, Options, edge_attrs
from .ruleexpr import shape_text

NUMBERS_UP_TO = 12  # a tensor with at most this many numbers shows them
THUMB_ROWS, THUMB_COLS, THUMB_CELL = 6, 8, 5  # the heatmap: at most 6×8 cells of 5 points
CHIP_NUMBERS = 4  # a parameter's chip (beside its gradient's heatmap) shows at most 4 numbers
NUMBER_BOX = (THUMB_COLS * THUMB_CELL + 2, THUMB_ROWS * THUMB_CELL + 2)  # numbers fit it too
NUMBER_GAP, NUMBER_ROW = 2.5, 10.5  # a number's padding (points) in its row; a row's height
NAME_POINTS = 86  # a box's name line is cut to this width
FONT, NAME_SIZE, SMALL, TINY = style.FONT, 11, 9, 7
EDGE_SIZE = 8  # the shape (and gradient) an edge carries
TITLE_SIZE, TITLE_POINTS = 12, 720  # a frame's caption, in lines of at most this many points
MODULE_FILL, MODULE_BORDER = "#ede9fe", "#6d28d9"
LOSS_FILL = "#fce7f3"


@dataclass
class Unit:
    """One box of the drawing: ``kind`` is "leaf" (an input, a parameter or a constant),
    "op" (a loose op and the value it makes), "module" (a module call or a loss),
    "value" (the output, drawn after the module that makes it), or in the op view
    "oval" (an op) and "value" (the value it makes)."""

    id: str
    kind: str
    output: int | None = None  # the node whose value the box shows
    members: list[int] = field(default_factory=list)
    key: tuple[str, ...] | None = None  # a module's scope
    title: str = ""  # a layer built by hand: its name (Affine(2→4))


class MatrixLayout:
    """A Tensor graph's boxes and edges, computed once and drawn once or per frame."""

    def __init__(self, roots: list[Node], opts: Options) -> None:
        self.opts = opts
        self.nodes = topological_order(*roots)
        self.names: GraphNames = graph_names(self.nodes, roots[0], opts.model, opts.lang)
        self.index = {id(n): i for i, n in enumerate(self.nodes)}
        self.root_ids = {id(r) for r in roots}
        outside = [n for n in opts.highlight if id(n) not in self.index]
        if outside:
            raise ValueError(f"highlight names nodes that are not in this graph: {outside!r:.200}")
        self.highlight = {id(n) for n in opts.highlight}
        self.view = opts.view or "modules"
        self.units: dict[str, Unit] = {}
        self.value_unit: list[str] = []  # per node: the box that shows its value
        self.op_unit: list[str] = []  # per node: the box its op is in ("" for a leaf)
        self._assign()
        if opts.max_nodes is not None and len(self.units) > opts.max_nodes:
            raise GraphTooLargeError(
                f"this graph has {len(self.units)} boxes, more than max_nodes="
                f"{opts.max_nodes}; draw it with view='modules' (one box per module), or "
                "pass max_nodes=None to draw every box (slow)", len(self.units),
                opts.max_nodes)

    # -- which box each node is in ---------------------------------------------------------
    def _assign(self) -> None:
        scopes = self.scopes = group.effective_scopes(self.nodes)
        modules = self.view == "modules"
        affine = self._hand_built_layers() if modules else {}
        for i, node in enumerate(self.nodes):
            key = scopes[i] or None
            is_root = id(node) in self.root_ids
            if id(node) in affine and not is_root:
                box = self._unit(*affine[id(node)][:2], key=("layer",),
                                 title=affine[id(node)][2])
                box.members.append(i)
                self.value_unit.append(box.id)
                self.op_unit.append("" if node.is_leaf else box.id)
            elif node.is_leaf:  # parameters and constants fold into their module, X does not
                folds = modules and key is not None and not is_root and (
                    style.is_parameter_leaf(node) or not node.requires_grad
                    and self.names.names[i].name != "X")
                box = self._unit(f"g_{'/'.join(key)}", "module", key=key) if folds else \
                    self._unit(f"v{i}", "leaf", output=i)
                box.members.append(i)
                self.value_unit.append(box.id)
                self.op_unit.append("")
            elif modules and key is not None:
                box = self._unit(f"g_{'/'.join(key)}", "module", key=key)
                box.members.append(i)
                self.op_unit.append(box.id)
                if is_root:
                    self.value_unit.append(self._unit(f"v{i}", "value", output=i).id)
                else:
                    self.value_unit.append(box.id)
            elif modules:
                box = self._unit(f"v{i}", "op", output=i, members=[i])
                self.value_unit.append(box.id)
                self.op_unit.append(box.id)
            else:
                self.op_unit.append(self._unit(f"o{i}", "oval", output=i, members=[i]).id)
                self.value_unit.append(self._unit(f"v{i}", "value", output=i).id)
        for unit in self.units.values():
            if unit.kind == "module":
                unit.output = self._module_output(unit)

    def _hand_built_layers(self) -> dict[int, tuple[str, str, str]]:
        """id(node) -> (box id, "module", title) for the nodes of each ``x @ W + b`` built
        by hand outside any module: the tutorials' Affine layer, one box."""
        found: dict[int, tuple[str, str, str]] = {}
        users: dict[int, set[int]] = {}
        for node in self.nodes:
            for p in node.parents:
                users.setdefault(id(p), set()).add(id(node))
        for k, layer in enumerate(linear_layers(self.nodes), start=1):
            if len(layer.ops) < 2 or any(op.scope for op in layer.ops):
                continue
            ops = {id(op) for op in layer.ops}
            title = f"Affine({layer.weight.shape[0]}→{layer.weight.shape[1]})"
            members = list(layer.ops) + [n for n in (layer.weight, layer.bias)
                                         if n is not None and users.get(id(n), set()) <= ops]
            for n in members:
                found[id(n)] = (f"g_layer{k}", "module", title)
        return found

    def _unit(self, uid: str, kind: str, **fields: Any) -> Unit:
        if uid not in self.units:
            self.units[uid] = Unit(uid, kind, **fields)
        return self.units[uid]

    def _module_output(self, unit: Unit) -> int | None:
        """The node a module's box shows: its last op whose value is used outside it."""
        inside = set(unit.members)
        used_outside = {self.index[id(p)] for i, node in enumerate(self.nodes)
                        if i not in inside for p in node.parents}
        ops = [i for i in unit.members if self.nodes[i].op is not None]
        outs = [i for i in ops if i in used_outside or id(self.nodes[i]) in self.root_ids]
        return outs[-1] if outs else (ops[-1] if ops else None)

    # -- the edges -----------------------------------------------------------------------
    def edges(self) -> list[tuple[str, str, int, list[tuple[int, int]]]]:
        """(from box, to box, node shown on the edge, [(op node, input slot)...])."""
        found: dict[tuple[str, str, int], list[tuple[int, int]]] = {}
        for i, node in enumerate(self.nodes):
            if node.is_leaf:
                continue
            dst = self.op_unit[i]
            if self.value_unit[i] != dst:  # the op's own value box
                found.setdefault((dst, self.value_unit[i], i), [])
            for j, parent in enumerate(node.parents):
                k = self.index[id(parent)]
                src = self.value_unit[k]
                if src != dst:
                    found.setdefault((src, dst, k), []).append((i, j))
        return [(a, b, k, slots) for (a, b, k), slots in found.items()]

    # -- the DOT ------------------------------------------------------------------------------
    def digraph(self, frame: Frame | None = None) -> GraphDrawing:
        """The drawing, plain or as one frame of the backward pass."""
        g = GraphDrawing("autograd", encoding="utf-8")
        g.attr(rankdir=self.opts.rankdir, fontname=FONT, nodesep="0.18", ranksep="0.2")
        g.attr("node", fontname=FONT, fontsize=str(NAME_SIZE), shape="plain")
        g.attr("edge", fontname=FONT, fontsize=str(EDGE_SIZE), color="#374151", arrowsize="0.6")
        if frame is not None and frame.title:
            lines = wrap_points(frame.title, TITLE_POINTS, TITLE_SIZE)
            title = '<br align="left"/>'.join(_rich(line) for line in lines)
            g.attr(label=f'<{title}<br align="left"/>>', labelloc="t", labeljust="l",
                   fontsize=str(TITLE_SIZE))
        boxes = [(unit.id, self._box(unit, frame)) for unit in self.units.values()]
        if self.opts.group_by_scope:  # a dashed frame around each scope's boxes
            clusters: dict[tuple[str, ...], list[tuple[str, dict[str, str]]]] = {}
            frames = self._frames()
            for unit, box in zip(self.units.values(), boxes):
                clusters.setdefault(frames[unit.id], []).append(box)
            group.emit_clusters(g, clusters)
        else:
            for name, attrs in boxes:
                g.node(name, **attrs)
        for src, dst, k, slots in self.edges():
            attrs = {"label": shape_text(np.shape(self.nodes[k].data))}
            if frame is not None:
                states = [edge_attrs(frame, id(self.nodes[i]), j, style.GRAD_EDGE,
                                     style.DONE_EDGE) for i, j in slots]
                states = [s for s in states if s]
                if states:  # the gradient the edge carries back, if it carries one yet
                    best = next((s for s in states if s.get("penwidth")), states[0])
                    attrs = dict(best)
            text = attrs.pop("label")
            parts = text.rsplit(" (", 1)  # "∂L/∂A^[1] (5×3)": the name above its shape
            lines = [parts[0], "(" + parts[1]] if len(parts) == 2 else [text]
            attrs["label"] = "<" + "<br/>".join(_rich(line) for line in lines) + ">"
            g.edge(src, dst, **attrs)
        g.summary = self._summary()
        return g

    def _frames(self) -> dict[str, tuple[str, ...]]:
        """The scope each box is framed in (group_by_scope): in the op view a node's own
        scope; in the module view a module's enclosing scope (``Sequential`` around
        ``Sequential/Linear0``), and any other box the deepest of those that holds it."""
        if self.view != "modules":
            return {u.id: self.scopes[u.output] for u in self.units.values()}
        found = {u.id: u.key[:-1] for u in self.units.values() if u.kind == "module"
                 and u.key != ("layer",)}
        used = set(found.values())
        for u in self.units.values():
            if u.id not in found:
                scope = self.scopes[u.output] if u.output is not None else ()
                found[u.id] = max((p for p in used | {()} if scope[:len(p)] == p), key=len)
        return found

    def _summary(self) -> str:
        kinds = Counter(u.kind for u in self.units.values())
        modules = kinds.pop("module", 0)
        values = len(self.units) - modules - kinds.get("oval", 0)
        text = f"{values} value{'s' * (values != 1)}"
        if kinds.get("oval"):
            text += f" and {kinds['oval']} op{'s' * (kinds['oval'] != 1)}"
        return text + (f", {modules} module{'s' * (modules != 1)}" if modules else "")

    def _box(self, unit: Unit, frame: Frame | None) -> dict[str, str]:
        current = frame is not None and frame.current is not None and any(
            id(self.nodes[i]) == frame.current for i in unit.members if
            self.nodes[i].op is not None)
        if unit.kind == "oval":
            node = self.nodes[unit.output]
            attrs = {"label": node.op.name, "shape": "ellipse", "style": "filled",
                     "fillcolor": style.OP_FILL, "margin": "0.04,0.01",
                     "fontsize": str(SMALL), "tooltip": repr(node.op)}
            if current:
                attrs.update(fillcolor=style.CURRENT, fontcolor="#ffffff")
            return attrs
        if unit.kind == "module":
            return self._module_box(unit, frame, current)
        return self._value_box(unit, frame, current)

    # -- a value's box -------------------------------------------------------------------
    def _value_box(self, unit: Unit, frame: Frame | None, current: bool) -> dict[str, str]:
        i = unit.output
        node = self.nodes[i]
        kind = style.node_kind(node, id(node) in self.root_ids)
        fill = style.FILL[kind]
        grad, shown = self._grad(node, frame)
        if self.opts.color_by_grad and node.requires_grad and shown:
            fill = style.grad_color(style.grad_magnitude(grad)) or fill
        rows = [self._title(i, op=node.op.name if unit.kind == "op" else None)]
        rows += self._body(node, grad, shown)
        marked = id(node) in self.highlight
        border = style.CURRENT if current else HIGHLIGHT if marked else \
            style.BORDER.get(kind, "#374151")
        width = 3 if current or marked else 2 if kind in style.BORDER else 1
        label = _table(rows, fill, border, width)
        return {"label": label, "tooltip": self._tooltip(i, kind)}

    def _title(self, i: int, op: str | None = None) -> str:
        name = self.names.names[i]
        size = np.size(self.nodes[i].data)
        text = _rich(fit_points(name.name, NAME_POINTS, NAME_SIZE), bold=True)
        if name.alias:
            text += " " + _rich(name.alias, size=SMALL, color="#6b7280")
        if op is not None:
            text = _rich(op, size=SMALL, color="#4b5563") + " → " + text
        node = self.nodes[i]
        if size == 1 and (self.opts.show_data or not node.requires_grad):  # beside the name
            text += " = " + html.escape(style.fmt_number(np.asarray(node.data).item()))
        return f'<td align="left" colspan="2">{text}</td>'

    def _body(self, node: Node, grad: Any, shown: bool) -> list[str]:
        """The shape badge, the thumbnail and the range of a value (and its gradient)."""
        rows = []
        data = np.asarray(node.data)
        one = data.size == 1  # its number is beside the name
        badge = "" if one and data.ndim == 0 else _rich(self._badge(node), size=SMALL,
                                                          color="#374151")
        thumb = thumbnail(data) if not one and (self.opts.show_data or not node.requires_grad) \
            else ""
        if badge or thumb:
            rows.append(f'<td align="left" valign="top">{badge}</td>'
                        f'<td align="right">{thumb}</td>')
        if self.opts.show_data and not one and not shows_numbers(data):
            rows.append(f'<td align="left" colspan="2">'
                        f'{_rich(value_range(data, self.opts.lang), size=TINY)}</td>')
        if self.opts.show_grad and node.requires_grad:
            text = "∇ —" if grad is None else "∇ " + value_range(np.asarray(
                grad.data if isinstance(grad, Node) else grad), self.opts.lang)
            rows.append(f'<td align="left" colspan="2">'
                        f'{_rich(text, size=TINY, color="#b91c1c", hidden=not shown)}</td>')
        return rows

    def _badge(self, node: Node) -> str:
        shape = np.shape(node.data)
        text = "×".join(str(n) for n in shape) or "1×1"
        return text if len(shape) != 1 else f"{shape[0]}"

    def _grad(self, node: Node, frame: Frame | None) -> tuple[Any, bool]:
        if frame is None:
            return node.grad, True
        return frame.grads.get(id(node)), id(node) in frame.shown

    def _tooltip(self, i: int, kind: str) -> str:
        lang = self.opts.lang
        return M.text("viz.tooltip.value", lang, name=self.names.names[i].name,
                      kind=M.text(f"explorer.kind.{kind}", lang),
                      shape=shape_text(np.shape(self.nodes[i].data)))

    # -- a module's box ------------------------------------------------------------------
    def _module_box(self, unit: Unit, frame: Frame | None, current: bool) -> dict[str, str]:
        members = [self.nodes[i] for i in unit.members]
        ops = [n for n in members if n.op is not None]
        loss = unit.key[-1] in LOSS_SCOPES
        chips = [i for i in unit.members if self.nodes[i].is_leaf and (
            self.nodes[i].requires_grad or np.size(self.nodes[i].data) > 1
            and (not loss or self.names.names[i].name == "Y"))]
        title, where = self._module_title(unit, ops)
        head = _rich(fit_points(title, 140, NAME_SIZE), bold=True)
        if where:
            head += " " + _rich(where, size=SMALL, color="#6b7280")
        rows = [f'<td align="left" colspan="2">{head}</td>']
        for i in chips:
            rows.append(self._chip(i, frame))
        if unit.output is not None and not loss and unit.output not in [
                self.index[id(r)] for r in self.nodes if id(r) in self.root_ids]:
            out = self.nodes[unit.output]
            grad, shown = self._grad(out, frame)
            name = self.names.names[unit.output]
            rows.append(f'<td align="left" colspan="2">→ {_rich(name.name, bold=True)}</td>')
            rows += self._body(out, grad, shown)
        elif loss:
            counted = Counter(n.op.name for n in ops)
            lang = self.opts.lang
            text = M.text("viz.list.separator", lang).join(  # Mul×2, Sub, Sum (Mul×2、Sub、Sum)
                f"{k}×{v}" if v > 1 else k for k, v in counted.most_common(3))
            rows.append(f'<td align="left" colspan="2">{_rich(text, size=TINY, color="#6b7280")}'
                        "</td>")
        marked = any(id(n) in self.highlight for n in members)
        fill = LOSS_FILL if loss else MODULE_FILL
        border = style.CURRENT if current else HIGHLIGHT if marked else MODULE_BORDER
        label = _table(rows, fill, border, 3 if current or marked else 2)
        return {"label": label, "tooltip": unit.title or "/".join(unit.key)}

    def _module_title(self, unit: Unit, ops: list[Node]) -> tuple[str, str]:
        """('Linear(3→2)', '2') for a linear layer, ('Sigmoid', '') for an activation, the
        scope's name for the rest; the second part is the module's path in the model."""
        paths = [self.names.names[i].name for i in unit.members
                 if self.nodes[i].is_leaf and "." in self.names.names[i].name
                 and style.is_parameter_leaf(self.nodes[i])]
        where = paths[0].rsplit(".", 1)[0] if paths else ""
        if unit.title:
            return unit.title, where
        return module_title(unit.key[-1], ops), where

    def _chip(self, i: int, frame: Frame | None) -> str:
        """A parameter (or constant) inside a module's box: name, path, shape, heatmap."""
        node = self.nodes[i]
        name = self.names.names[i]
        first = name.alias or name.name
        second = name.name if name.alias else ""
        grad, shown = self._grad(node, frame)
        text = _rich(first, bold=True, size=SMALL) + '<br align="left"/>'
        if second:
            text += _rich(fit_points(second, 50, TINY), size=TINY, color="#6b7280") + " "
        text += _rich(self._badge(node), size=TINY)
        thumbs = [thumbnail(np.asarray(node.data), numbers=np.size(node.data) <= CHIP_NUMBERS)] \
            if self.opts.show_data else []
        if self.opts.show_grad and node.requires_grad and grad is not None:
            g = np.asarray(grad.data if isinstance(grad, Node) else grad)
            thumbs.append(_rich("∇", size=TINY, color="#b91c1c", hidden=not shown))
            thumbs.append(thumbnail(g, numbers=False) if shown else "")
        fill = style.FILL["parameter"] if node.requires_grad else style.FILL["constant"]
        cells = "".join(f"<td>{t}</td>" for t in thumbs)
        inner = f'<table border="0" cellspacing="1" cellpadding="0"><tr>{cells}</tr></table>' \
            if cells else ""
        return (f'<td align="left" bgcolor="{fill}">{text}</td>'
                f'<td align="right" bgcolor="{fill}">{inner}</td>')


# -- pieces of a box ----------------------------------------------------------------------------


def _rich(text: str, *, bold: bool = False, size: int | None = None, color: str | None = None,
          hidden: bool = False) -> str:
    """Escaped text for an HTML-like label; ``^[1]`` becomes a superscript."""
    s = html.escape(text, quote=False)
    s = re.sub(r"\^\[(\d+)\]", r"<sup>[\1]</sup>", s)
    if bold:
        s = f"<b>{s}</b>"
    attrs = (f' point-size="{size}"' if size else "") + (
        ' color="transparent"' if hidden else f' color="{color}"' if color else "")
    return f"<font{attrs}>{s}</font>" if attrs else s


def _table(rows: list[str], fill: str, border: str, width: int) -> str:
    body = "".join(f"<tr>{r}</tr>" for r in rows)
    return (f'<<table border="{width}" cellborder="0" cellspacing="0" cellpadding="2" '
            f'bgcolor="{fill}" color="{border}">{body}</table>>')


def value_range(values: np.ndarray, lang: str | None = None) -> str:
    """``-0.92 … 1.31``: the smallest and largest of ``values`` (one number if one)."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return M.text("viz.box.empty", lang)
    if np.isnan(values).all():
        return "nan"
    with np.errstate(all="ignore"):
        lo, hi = np.nanmin(values), np.nanmax(values)
    fmt = lambda x: f"{x:.3g}".replace("e-0", "e-").replace("e+0", "e")  # noqa: E731
    return fmt(lo) if lo == hi else f"{fmt(lo)} … {fmt(hi)}"


def blocks(values: np.ndarray, rows: int = THUMB_ROWS, cols: int = THUMB_COLS) -> np.ndarray:
    """``values`` as a matrix of at most ``rows × cols`` block averages (a vector is one
    row, a number a 1×1 matrix, more axes are stacked into the rows)."""
    m = np.asarray(values, dtype=float)
    m = m.reshape(1, -1) if m.ndim <= 1 else m.reshape(-1, m.shape[-1])
    row_groups = np.array_split(np.arange(m.shape[0]), min(rows, m.shape[0]))
    col_groups = np.array_split(np.arange(m.shape[1]), min(cols, m.shape[1]))
    with np.errstate(all="ignore"):
        return np.array([[np.mean(m[np.ix_(r, c)]) for c in col_groups] for r in row_groups])


def _as_matrix(values: np.ndarray) -> np.ndarray:
    return values.reshape(1, -1) if values.ndim <= 1 else values.reshape(-1, values.shape[-1])


def number_grid(values: np.ndarray) -> list[list[str]] | None:
    """The numbers of a small tensor as a grid that fits the heatmap's box (at most
    THUMB_COLS × THUMB_CELL by THUMB_ROWS × THUMB_CELL points): at most 12 numbers, in at
    most 3 rows of 4, with 3 significant digits or else 2; None when they do not fit
    (the tensor is drawn as a heatmap) or when it is one number (shown beside the name)."""
    m = _as_matrix(np.asarray(values, dtype=float))
    rows, cols = m.shape
    if not (1 < rows * cols <= NUMBERS_UP_TO and rows <= 3 and cols <= 4):
        return None
    for digits in (3, 2):
        grid = [[style.fmt_number(x, digits) for x in row] for row in m]
        widths = [max(number_points(r[c], TINY) for r in grid) + NUMBER_GAP
                  for c in range(cols)]
        if sum(widths) <= NUMBER_BOX[0] and rows * NUMBER_ROW <= NUMBER_BOX[1]:
            return grid
    return None


def shows_numbers(values: np.ndarray) -> bool:
    """True for a tensor whose numbers fit its box (see :func:`number_grid`)."""
    return number_grid(values) is not None


def thumbnail(values: np.ndarray, numbers: bool = True) -> str:
    """A small table for an HTML label: the numbers of a small tensor when they fit the
    heatmap's box (:func:`number_grid`), else (or without ``numbers``) a heatmap of at
    most 6×8 coloured cells, block averages of the values."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return ""
    grid = number_grid(values) if numbers else None
    if grid is not None:
        rows = "".join("<tr>" + "".join(
            f'<td><font point-size="{TINY}">{html.escape(x)}</font></td>' for x in row)
            + "</tr>" for row in grid)
        return f'<table border="0" cellborder="0" cellspacing="0" cellpadding="1">{rows}</table>'
    cells = blocks(values)
    finite = np.abs(cells[np.isfinite(cells)])
    top = float(finite.max()) if finite.size else 0.0
    scale = top if top > 0 else 1.0
    rows = "".join("<tr>" + "".join(
        f'<td width="{THUMB_CELL}" height="{THUMB_CELL}" fixedsize="true" '
        f'bgcolor="{style.diverging_color(x / scale) if np.isfinite(x) else style.BAD_GRAD}">'
        "</td>" for x in row) + "</tr>" for row in cells)
    width, height = cells.shape[1] * THUMB_CELL + 2, cells.shape[0] * THUMB_CELL + 2
    return (f'<table border="1" color="#d1d5db" cellborder="0" cellspacing="0" '
            f'cellpadding="0" width="{width}" height="{height}" fixedsize="true">{rows}</table>')
