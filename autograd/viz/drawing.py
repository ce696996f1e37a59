"""draw(): a computational graph as a graphviz.Digraph.

A graph of Values: every value is a box (label, data, grad); every op is its own
oval named as the op (``Mul``, ``Add``, ...), with arrows from its inputs and to
its output. A graph of Tensors is drawn by :mod:`autograd.viz.matrixdrawing`
(boxes of fixed size with shapes and heatmaps, one box per module).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import graphviz

from autograd import messages as M
from autograd.engine import Node, topological_order

from . import group, style
from .graphdrawing import GraphDrawing
from .matrixdrawing import MatrixLayout
from .options import (
    DEFAULT_MAX_NODES,
    HIGHLIGHT,
    Frame,
    GraphTooLargeError,
    Options,
    as_roots,
    edge_attrs,
    is_tensor_graph,
)

__all__ = ["GraphDrawing", "GraphTooLargeError", "Layout", "draw", "layout"]


def draw(
    root: Node | Sequence[Node],
    *,
    show_data: bool = True,
    show_grad: bool = True,
    rankdir: str = "LR",
    color_by_grad: bool = False,
    group_by_scope: bool = False,
    collapse_depth: int | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    highlight: Node | Iterable[Node] = (),
    view: str | None = None,
    model: Any = None,
    lang: str | None = None,
) -> GraphDrawing:
    """Draw the graph that computes ``root`` (a Value, a Tensor, or a list of them).

    - ``show_data`` / ``show_grad``: print each value's data / grad in its box.
      With ``show_data=False`` a constant number still shows its value (the 2
      of ``2 * x`` would otherwise be an empty grey box); a constant Tensor
      shows its shape.
    - ``rankdir``: "LR" (left to right), "TB", "RL" or "BT".
    - ``color_by_grad``: fill values by ``|grad|`` on a log scale (blue: vanishing,
      red: exploding, grey: exactly zero) and add a legend.
    - ``group_by_scope``: draw a frame around the nodes of each ``name_scope``
      (a Tensor graph's module boxes are framed by the scopes around their module,
      ``Sequential``; with ``view="ops"`` every op is framed by its module too).
    - ``collapse_depth``: fold every scope prefix of that many parts (e.g. 2:
      "MLP/Layer0") into a single box; use it for large graphs.
    - ``max_nodes``: raise ValueError, explaining how to group, instead of drawing
      more boxes than this (None: no limit).
    - ``highlight``: a node, or nodes, of the graph to draw with a thick red border
      (a group box containing one gets the red border).
    - ``lang``: the language of every word the drawing shows, "en" or "zh-CN"
      (None: the package-wide ``autograd.messages.set_language``).

    A graph of Tensors is drawn for a notebook column: boxes of fixed size (name,
    shape, a heatmap of the values, their range), shapes on the edges, and

    - ``view``: "modules" (the default): one box per module call of an ``nn``
      model (``Linear(3→2)`` with its parameters), and per loss; "ops": every op;
    - ``model``: the ``nn`` model whose ``named_parameters()`` name the
      parameters (``0.weight``); by default each parameter's own ``module_path``.

    Returns a ``graphviz.Digraph`` (it displays inline in Jupyter); write it
    to a file with :func:`autograd.viz.render`.
    """
    opts = Options(show_data, show_grad, rankdir, color_by_grad, group_by_scope,
                   collapse_depth, max_nodes, highlight, view, model, lang)
    return layout(as_roots(root, "draw"), opts).digraph()


def layout(roots: list[Node], opts: Options) -> Layout | MatrixLayout:
    """The layout that draws ``roots``' graph: Values as today, Tensors as matrices."""
    if is_tensor_graph(roots):
        return MatrixLayout(roots, opts)
    return Layout(roots, opts)


class Layout:
    """A graph's nodes and grouping, computed once and drawn once or per animation frame."""

    def __init__(self, roots: list[Node], opts: Options) -> None:
        self.opts = opts
        self.nodes = topological_order(*roots)
        self.index = {id(n): i for i, n in enumerate(self.nodes)}
        self.root_ids = {id(r) for r in roots}
        self.highlight = {id(n) for n in opts.highlight}
        outside = [n for n in opts.highlight if id(n) not in self.index]
        if outside:
            raise ValueError(f"highlight names nodes that are not in this graph: {outside!r:.200}")
        self.scopes = group.effective_scopes(self.nodes)
        keep = [id(n) in self.root_ids for n in self.nodes]
        if opts.collapse_depth:
            self.keys = group.collapse_keys(self.scopes, opts.collapse_depth, keep)
        else:
            self.keys = [None] * len(self.nodes)
        if opts.max_nodes is not None:
            count = group.drawn_box_count(self.nodes, self.keys)
            if count > opts.max_nodes:
                raise GraphTooLargeError(self._too_large(count, keep), count, opts.max_nodes)

    def _too_large(self, count: int, keep: list[bool]) -> str:
        limit = self.opts.max_nodes
        what = f"{count} boxes even with collapse_depth={self.opts.collapse_depth}" \
            if self.opts.collapse_depth else f"{count} nodes"
        msg = f"this graph has {what}, more than max_nodes={limit}. "
        depths = group.scope_depth_counts(self.scopes)
        if not depths:
            return msg + (
                "Its nodes carry no name scope, so it cannot be grouped: build it inside "
                "`with name_scope(...)` (nn modules do), or pass max_nodes=None to draw "
                "every node (slow)."
            )
        fits = [d for d in depths if group.drawn_box_count(
            self.nodes, group.collapse_keys(self.scopes, d, keep)) <= limit]
        best = max(fits) if fits else 1
        found = ", ".join(f"{n} at depth {d}" for d, n in depths.items())
        return msg + (
            f"Group it by name scope: draw(root, collapse_depth={best}) folds each scope "
            f"{best} level(s) deep into one box (scopes: {found}); add group_by_scope=True "
            "to frame the outer levels. Or pass max_nodes=None to draw every node (slow)."
        )

    # -- building the DOT ------------------------------------------------------
    def digraph(self, frame: Frame | None = None) -> GraphDrawing:
        """The drawing, plain or as one animation frame."""
        opts = self.opts
        g = GraphDrawing("autograd", encoding="utf-8")
        g.attr(rankdir=opts.rankdir, fontname=style.FONT, nodesep="0.25", ranksep="0.45")
        g.attr("node", fontname=style.FONT, fontsize="12")
        g.attr("edge", fontname=style.FONT, fontsize="11", color="#374151")
        if frame is not None and frame.title:
            g.attr(label=frame.title, labelloc="t", fontsize="15")
        clusters: dict[tuple[str, ...], list[tuple[str, dict[str, str]]]] = {}
        members: dict[tuple[str, ...], list[Node]] = {}
        for i, node in enumerate(self.nodes):
            key = self.keys[i]
            if key is not None:
                members.setdefault(key, []).append(node)
                continue
            where = self.scopes[i] if opts.group_by_scope else ()
            stmts = clusters.setdefault(where, [])
            stmts.append((f"v{i}", self._value_attrs(node, frame)))
            if not node.is_leaf:
                stmts.append((f"o{i}", self._op_attrs(node, frame)))
        for key, nodes in members.items():
            where = key[:-1] if opts.group_by_scope else ()
            box = (self._group_id(key), self._group_attrs(key, nodes))
            clusters.setdefault(where, []).append(box)
        g.summary = _summary(clusters, len(members))
        group.emit_clusters(g, clusters)
        self._edges(g, frame)
        if opts.color_by_grad:
            g.node("legend", label=_legend(opts.lang), shape="plain")
        return g

    def _group_id(self, key: tuple[str, ...]) -> str:
        return "g_" + "/".join(key)

    def _box_id(self, i: int) -> str:
        key = self.keys[i]
        return f"v{i}" if key is None else self._group_id(key)

    def _edges(self, g: graphviz.Digraph, frame: Frame | None) -> None:
        merged: Counter[tuple[str, str]] = Counter()  # edges into or out of groups
        for i, node in enumerate(self.nodes):
            if node.is_leaf:
                continue
            if self.keys[i] is None:
                g.edge(f"o{i}", f"v{i}")
            for j, parent in enumerate(node.parents):
                k = self.index[id(parent)]
                if self.keys[i] is None and self.keys[k] is None:
                    g.edge(f"v{k}", f"o{i}", **self._edge_attrs(frame, id(node), j))
                    continue
                src = self._box_id(k)
                dst = f"o{i}" if self.keys[i] is None else self._group_id(self.keys[i])
                if src != dst:  # edges inside a group are not drawn
                    merged[src, dst] += 1
        for (src, dst), n in merged.items():
            g.edge(src, dst, penwidth=f"{min(1 + n.bit_length() / 3, 4):.2g}",
                   tooltip=M.text("viz.tooltip.edges", self.opts.lang, n=n))

    @staticmethod
    def _edge_attrs(frame: Frame | None, op_id: int, j: int) -> dict[str, str]:
        return edge_attrs(frame, op_id, j, style.GRAD_EDGE, style.DONE_EDGE)

    def _value_attrs(self, node: Node, frame: Frame | None) -> dict[str, str]:
        opts = self.opts
        kind = style.node_kind(node, id(node) in self.root_ids)
        cells = []
        if node.label:
            cells.append(style.cell_text(node.label, bold=True))
        shape = style.shape_text(node.data)
        if shape is not None:
            cells.append(style.cell_text(shape, small=True))
        # a constant number is known by its value (the 2 of 2 * x), so it keeps it
        lang = opts.lang
        if opts.show_data or (kind == "constant" and shape is None):
            cells.append(style.cell_text(f"{M.text('viz.box.data', lang)} "
                                         f"{style.summarize(node.data)}"))
        grad, shown = node.grad, True
        if frame is not None:
            grad, shown = frame.grads.get(id(node)), id(node) in frame.shown
        if opts.show_grad and node.requires_grad:
            text = M.text("viz.box.no_grad", lang) if grad is None else \
                f"{M.text('viz.box.grad', lang)} {style.summarize(grad)}"
            cells.append(style.cell_text(text, hidden=not shown))
        if not cells:
            cells.append(style.cell_text(" "))
        fill = style.FILL[kind]
        if opts.color_by_grad and node.requires_grad and shown:
            fill = style.grad_color(style.grad_magnitude(grad)) or fill
        current = frame is not None and frame.current == id(node)
        marked = id(node) in self.highlight
        border = style.CURRENT if current else HIGHLIGHT if marked else \
            style.BORDER.get(kind, "#374151")
        width = 3 if current or marked else 2 if kind in style.BORDER else 1
        fontcolor = "#6b7280" if kind == "constant" else style.text_color(fill)
        label = style.html_table(cells, fill=fill, border=border, penwidth=width)
        return {"label": label, "shape": "plain", "fontcolor": fontcolor,
                "tooltip": M.text(f"explorer.kind.{kind}", lang)}

    def _op_attrs(self, node: Node, frame: Frame | None) -> dict[str, str]:
        op = node.op
        name = op.name
        detail = repr(op)
        label = f"{name}\n{detail[len(name):]}" if detail.startswith(name + "(") else name
        attrs = {"label": label, "shape": "ellipse", "style": "filled", "fillcolor": style.OP_FILL,
                 "margin": "0.05,0.02", "tooltip": detail}
        if not (self.opts.collapse_depth or self.opts.group_by_scope):
            attrs["ordering"] = "in"  # keep a above b for a - b, a / b, a ** b
        if frame is not None and frame.current == id(node):
            attrs.update(fillcolor=style.CURRENT, fontcolor="#ffffff", penwidth="2")
        return attrs

    def _group_attrs(self, key: tuple[str, ...], nodes: list[Node]) -> dict[str, str]:
        ops = Counter(n.op.name for n in nodes if n.op is not None)
        params = [n for n in nodes if style.is_parameter_leaf(n)]
        leaves = [n for n in nodes if n.is_leaf and n.requires_grad]
        lang = self.opts.lang
        comma = M.text("viz.list.separator", lang)
        top = comma.join(f"{name}×{n}" for name, n in ops.most_common(3))
        more = f"{comma}…" if len(ops) > 3 else ""
        framed = self.opts.group_by_scope  # the outer scopes are named by their frames
        cells = [
            style.cell_text("/".join(key[:-1]) + "/", small=True) if len(key) > 1 and not framed
            else "",
            style.cell_text(key[-1], bold=True),
            style.cell_text(M.text("explorer.group.nodes", lang, n=len(nodes)), small=True),
            style.cell_text(f"{top}{more}", small=True),
        ]
        if params:
            cells.append(style.cell_text(M.text("explorer.group.parameters", lang, n=len(params)),
                                         small=True))
        fill = "#ede9fe"
        if self.opts.color_by_grad:
            source = params or leaves or nodes
            mags = [m for m in (style.grad_magnitude(n.grad) for n in source) if m is not None]
            if mags:  # the mean magnitude; a nan or inf makes the box purple
                fill = style.grad_color(sum(mags) / len(mags)) or fill
        marked = any(id(n) in self.highlight for n in nodes)
        label = style.html_table([c for c in cells if c], fill=fill, vertical=True,
                                 border=HIGHLIGHT if marked else "#6d28d9",
                                 penwidth=3 if marked else 2)
        return {"label": label, "shape": "plain", "fontcolor": style.text_color(fill),
                "tooltip": "/".join(key)}


def _summary(clusters: dict, groups: int) -> str:
    """'5 values and 2 ops' (and ', 3 folded groups'): what a drawing holds, for its repr."""
    names = [name for stmts in clusters.values() for name, _ in stmts]
    values, ops = sum(n.startswith("v") for n in names), sum(n.startswith("o") for n in names)
    text = f"{values} value{'s' * (values != 1)} and {ops} op{'s' * (ops != 1)}"
    return text + (f", {groups} folded group{'s' * (groups != 1)}" if groups else "")


def _legend(lang: str) -> str:
    cells = [style.cell_text(M.text("viz.legend.grad", lang), bold=True)]
    stops = [("0", style.ZERO_GRAD)] + [
        (style.fmt_number(10.0**e), style.grad_color(10.0**e)) for e in range(-6, 7, 2)
    ] + [("nan/inf", style.BAD_GRAD)]
    tds = "".join(
        f'<td bgcolor="{c}"><font color="{style.text_color(c)}" point-size="10">{t}</font></td>'
        for t, c in stops
    )
    return (f'<<table border="0" cellborder="1" cellspacing="0" cellpadding="3"><tr>'
            f"<td>{cells[0]}</td>{tds}</tr></table>>")
