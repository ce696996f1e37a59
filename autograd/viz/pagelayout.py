"""Which boxes the page shows for a set of expanded groups, and their Graphviz layout.

A node whose scope (or an enclosing scope) is collapsed is folded into the
outermost collapsed group's box; the others are drawn alone: a value box
``v<i>``, and for an op node its oval ``o<i>`` too. Group boxes are ``g<s>``.
Edges between lone boxes keep their input slot (``v3>o5:1``); edges into or
out of a group are merged (``g2>o7``). static/js/view.js applies the same
rule when a group is expanded in the page (a browser test checks that the two
agree on generated graphs), and static/js/layout.js lays the new view out
with dagre; the first view is laid out here with Graphviz, which copes with
deep graphs (a 2,000-step chain) where dagre runs out of stack.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from ..text import text_points
from . import style
from .dot import render_bytes


@dataclass
class View:
    """The boxes and edges drawn for one set of expanded groups."""

    boxes: dict[str, int] = field(default_factory=dict)  # box id -> frame (scope index or -1)
    # key -> (src, dst, n, p, j, slot): n edges of the graph merged, the first being
    # the value of node p going into input ``slot`` of node j (j = slot = -1 from an op)
    edges: dict[str, tuple[str, str, int, int, int, int]] = field(default_factory=dict)


def fold_targets(data: dict[str, Any], expanded: Collection[int]) -> list[int]:
    """Per node: the scope index of the group box it is folded into, or -1 (drawn alone)."""
    scopes = data["scopes"]
    target: list[int] = []
    for s in range(len(scopes)):  # scopes come outer first, so parents are done first
        parent = scopes[s]["parent"]
        up = target[parent] if parent >= 0 else -1
        target.append(up if up >= 0 else (-1 if s in expanded else s))
    return [-1 if s < 0 else target[s] for s in data["nodes"]["scope"]]


def view(data: dict[str, Any], expanded: Collection[int]) -> View:
    """The boxes and edges shown when the scopes in ``expanded`` are open."""
    nodes = data["nodes"]
    folded = fold_targets(data, expanded)
    out = View()

    def box(i: int) -> str:
        return f"v{i}" if folded[i] < 0 else f"g{folded[i]}"

    for i, (op, s) in enumerate(zip(nodes["op"], nodes["scope"])):
        if folded[i] >= 0:
            g = folded[i]
            out.boxes[f"g{g}"] = data["scopes"][g]["parent"]
            continue
        out.boxes[f"v{i}"] = s
        if op >= 0:
            out.boxes[f"o{i}"] = s
            out.edges[f"o{i}>v{i}"] = (f"o{i}", f"v{i}", 1, i, -1, -1)
    for j, parents in enumerate(nodes["parents"]):
        dst = f"o{j}" if folded[j] < 0 else box(j)
        for slot, p in enumerate(parents):
            src = box(p)
            if folded[j] < 0 and folded[p] < 0:
                out.edges[f"{src}>{dst}:{slot}"] = (src, dst, 1, p, j, slot)
            elif src != dst:  # edges inside one group are not drawn
                key = f"{src}>{dst}"
                old = out.edges.get(key)
                out.edges[key] = (src, dst, old[2] + 1, *old[3:]) if old else (
                    src, dst, 1, p, j, slot)
    return out


def count_boxes(data: dict[str, Any], expanded: Collection[int]) -> int:
    return len(view(data, expanded).boxes)


def edge_texts(data: dict[str, Any], v: View) -> dict[str, list[str]]:
    """The widest lines each labelled edge of the view gets (the page writes the
    same text), to leave room for them in the layout: a scalar graph's lone input
    edge its gradient, ``local × received = sent``; a tensor graph's edge that
    carries one value its gradient's name over its shape, ``∂L/∂A^[1]`` ``(5×3)``."""
    if data["tensor"]:
        return {key: [f"∂L/∂{short_name(data, p)}".replace("^", ""),  # (^[1]: a superscript)
                      f"({shape_text(data['nodes']['shape'][p])})"]
                for key, (_, _, n, p, j, _) in v.edges.items() if j >= 0 and n == 1}
    nodes, bw = data["nodes"], data["backward"]
    texts = {}
    for k, i in enumerate(bw["node"]):
        local = bw["local"][k]
        for slot, sent in enumerate(bw["sent"][k]):
            if sent is None:
                continue
            text = _fmt(sent)
            if local is not None and local[slot] is not None:
                text = f"{_fmt(local[slot])} × {_fmt(nodes['grad'][i])} = {text}"
            key = f"v{nodes['parents'][i][slot]}>o{i}:{slot}"
            if key in v.edges:
                texts[key] = [text]
    return texts


def short_name(data: dict[str, Any], i: int) -> str:
    """A node's name on an edge: its alias (``W^[1]``), else its name cut to 14 characters."""
    alias, name = data["nodes"].get("alias", [None] * (i + 1))[i], data["nodes"]["name"][i]
    return alias if alias else (name if len(name) <= 14 else name[:13] + "…")


def shape_text(dims: list[int]) -> str:
    """``5×3``: the shape as the page writes it (a vector as one row, more axes folded
    into the rows); the column form swaps the two, which keeps its length."""
    if not dims:
        return "1×1"
    rows = math.prod(dims[:-1]) if len(dims) > 1 else 1
    return f"{rows}×{dims[-1]}"


def _fmt(x: Any) -> str:
    return x if isinstance(x, str) and x not in ("NaN", "Infinity", "-Infinity") \
        else style.fmt_number(float(x))


def graphviz_layout(data: dict[str, Any], expanded: Collection[int], rankdir: str
                    ) -> dict[str, Any]:
    """Positions of the view's boxes, edge paths (SVG ``d``), label spots and group frames.

    ``{"w", "h", "pos": {box: [x, y]}, "edges": {key: [d, lx, ly]},
    "frames": {scope: [x, y, w, h]}}``; y grows downwards as in SVG.
    """
    v = view(data, expanded)
    source = _dot(data, v, rankdir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "graph has 6001 nodes...layout may take a long time"
        laid = json.loads(render_bytes(source, "json0"))
    x0, y0, x1, y1 = (float(t) for t in laid["bb"].split(","))
    height = y1 - y0

    def point(text: str) -> list[float]:
        x, y = (float(t) for t in text.split(","))
        return [round(x - x0, 1), round(height - (y - y0), 1)]

    pos, frames = {}, {}
    for obj in laid.get("objects", []):
        name = obj.get("name", "")
        if "pos" in obj:
            pos[name] = point(obj["pos"])
        elif name.startswith("cluster_g") and "bb" in obj:
            a, b, c, d = (float(t) for t in obj["bb"].split(","))
            frames[name[9:]] = [round(a - x0, 1), round(height - (d - y0), 1),
                                round(c - a, 1), round(d - b, 1)]
    edges = {}
    lines = 2 if data["tensor"] else 1
    for e in laid.get("edges", []):
        if "pos" not in e or "id" not in e:
            continue
        edges[e["id"]] = _path(e["pos"], point, lines)
    return {"w": round(x1 - x0, 1), "h": round(height, 1), "pos": pos, "edges": edges,
            "frames": frames}


def _path(spline: str, point: Any, lines: int) -> list[Any]:
    """A Graphviz edge spline ("e,x,y p0 p1 p2 p3 ...") as [SVG path ending at the arrow
    tip, x, y of its label's first line]: the middle of its last piece, in the gap
    before its head, with the label's ``lines`` just above the edge."""
    end, pts = None, []
    for token in spline.split():
        if token.startswith("e,"):
            end = point(token[2:])
        elif not token.startswith("s,"):
            pts.append(point(token))
    d = f"M{pts[0][0]},{pts[0][1]}"
    for k in range(1, len(pts) - 2, 3):
        (ax, ay), (bx, by), (cx, cy) = pts[k], pts[k + 1], pts[k + 2]
        d += f"C{ax},{ay} {bx},{by} {cx},{cy}"
    if end is not None:
        d += f"L{end[0]},{end[1]}"
    last = pts[-4:] if len(pts) >= 4 else [pts[0], pts[0], pts[-1], pts[-1]]
    mid = [round((a + 3 * b + 3 * c + e) / 8, 1) for a, b, c, e in zip(*last)]
    return [d, mid[0], mid[1] - 4 - 13 * (lines - 1)]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot(data: dict[str, Any], v: View, rankdir: str) -> str:
    """The view as DOT: fixed-size boxes, nested clusters for open groups.

    Gradient labels are not given to dot: as edge labels they make it slow on
    long edges (a 40-factor ``a*a*...*a`` took 2 s instead of 0.05 s). Room for
    them is made by spacing the ranks, and each goes in the gap before its op.
    """
    nodes, scopes = data["nodes"], data["scopes"]
    texts = edge_texts(data, v)
    widest = max((text_points(t, 11) for lines in texts.values() for t in lines),
                 default=0)
    ranksep = max(0.45, (widest + 24) / 72) if rankdir in ("LR", "RL") else 0.6
    lines = [
        "digraph explorer {",
        f"rankdir={rankdir}; nodesep=0.25; ranksep={ranksep:.2f};",
        'node [shape=box, fixedsize=true, label=""];',
        f'edge [fontname="{style.FONT}", fontsize=11, arrowsize=0.7];',
        f'graph [fontname="{style.FONT}", fontsize=11];',
    ]
    clustered = any(frame >= 0 for frame in v.boxes.values())
    inside: dict[int, list[str]] = {}
    for name, frame in v.boxes.items():
        kind, n = name[0], int(name[1:])
        if kind == "o":
            w, h = nodes["opBox"][n]
            extra = ", shape=ellipse" + ("" if clustered else ", ordering=in")
        elif kind == "v":
            (w, h), extra = nodes["box"][n], ""
        else:
            (w, h), extra = scopes[n]["box"], ""
        inside.setdefault(frame, []).append(
            f"{name} [width={w / 72:.3f}, height={h / 72:.3f}{extra}];")
    children: dict[int, list[int]] = {}
    for frame in list(inside):
        s = frame
        while s >= 0:
            parent = scopes[s]["parent"]
            if s not in children.setdefault(parent, []):
                children[parent].append(s)
            s = parent

    def emit(frame: int) -> None:
        lines.extend(inside.get(frame, []))
        for kid in children.get(frame, []):
            label = scopes[kid]["path"].rsplit("/", 1)[-1]
            lines.append(f"subgraph cluster_g{kid} {{ label={_quote(label)};")
            emit(kid)
            lines.append("}")

    emit(-1)
    for key, (src, dst, *_) in v.edges.items():
        lines.append(f"{src} -> {dst} [id={_quote(key)}];")
    lines.append("}")
    return "\n".join(lines)
