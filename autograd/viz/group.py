"""Grouping a large graph by name scope (``with name_scope("Layer0"): ...``): folding a
scope into one box, or framing it (:func:`emit_clusters`).

A node's scope is the ``name_scope`` active when it was made, e.g.
``"MLP/Layer0/Neuron3"``. Leaves (inputs, parameters, constants) are made
outside the ops and often carry no scope; a leaf is placed in the innermost
scope that encloses every op using it, so a neuron's weights fold into the
neuron and an input used by a whole layer folds into the layer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import graphviz

from autograd.engine import Node

Path = tuple[str, ...]
_UNSET: Path = ("\0",)  # marks a leaf whose consumers were not seen yet


def effective_scopes(nodes: Sequence[Node]) -> list[Path]:
    """Each node's scope as a tuple of parts (``()`` for none), index-aligned with ``nodes``."""
    own = [tuple(n.scope.split("/")) if n.scope else () for n in nodes]
    leaf_scope: dict[int, Path] = {}
    for node, path in zip(nodes, own):
        for parent in node.parents:
            if parent.is_leaf and not parent.scope:
                seen = leaf_scope.get(id(parent), _UNSET)
                leaf_scope[id(parent)] = path if seen is _UNSET else _common(seen, path)
    return [leaf_scope.get(id(n), p) if n.is_leaf and not p else p for n, p in zip(nodes, own)]


def _common(a: Path, b: Path) -> Path:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n]


def collapse_keys(scopes: Sequence[Path], depth: int, keep: Sequence[bool]) -> list[Path | None]:
    """The scope prefix of length ``depth`` each node folds into, or None to draw it alone.

    Nodes whose scope is shallower than ``depth``, and those with ``keep`` set
    (the roots), are drawn on their own.
    """
    return [p[:depth] if len(p) >= depth and not k else None for p, k in zip(scopes, keep)]


def drawn_box_count(nodes: Sequence[Node], keys: Sequence[Path | None]) -> int:
    """How many graph nodes a drawing makes: one per group, two per lone op node
    (the op and its value), one per lone leaf."""
    groups = {k for k in keys if k is not None}
    alone = sum(1 if n.is_leaf else 2 for n, k in zip(nodes, keys) if k is None)
    return len(groups) + alone


def scope_depth_counts(scopes: Sequence[Path]) -> dict[int, int]:
    """How many distinct scopes there are at each depth (1 = outermost)."""
    found: dict[int, set[Path]] = {}
    for p in scopes:
        for d in range(1, len(p) + 1):
            found.setdefault(d, set()).add(p[:d])
    return {d: len(s) for d, s in sorted(found.items())}


def emit_clusters(g: graphviz.Digraph,
                  clusters: Mapping[Path, Sequence[tuple[str, dict[str, str]]]]) -> None:
    """Add the node statements ``clusters[path]`` (name, attributes) to ``g``, each path's
    nodes inside a dashed frame per scope prefix, named by its last part (``()``: no
    frame)."""
    paths = sorted(clusters, key=lambda p: (len(p), p))
    children: dict[Path, list[Path]] = {}
    for p in paths:
        for d in range(1, len(p) + 1):
            kids = children.setdefault(p[: d - 1], [])
            if p[:d] not in kids:
                kids.append(p[:d])

    def fill(sub: Any, path: Path) -> None:
        for name, attrs in clusters.get(path, []):
            sub.node(name, **attrs)
        for kid in children.get(path, []):
            with sub.subgraph(name=f"cluster_{'/'.join(kid)}") as c:
                c.attr(label=graphviz.nohtml(kid[-1]), style="rounded,dashed", color="#9ca3af",
                       fontcolor="#4b5563", fontsize="11")
                fill(c, kid)

    fill(g, ())
