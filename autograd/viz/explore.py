"""explore(): one self-contained interactive page for a graph's forward and backward pass.

The graph is laid out once (Graphviz, see pagelayout.py) and shipped as data
(pagedata.py); a small script in the page (static/js/, its files in SCRIPTS
order) steps through the passes, pans and zooms (vendored @panzoom/panzoom),
explains nodes, and expands or collapses name-scope groups, laying the new
view out with the vendored @dagrejs/dagre. Nothing is loaded from the network.
Every text the page shows comes from :mod:`autograd.messages` (``explorer.*``).
"""

from __future__ import annotations

import html
import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

from autograd import messages
from autograd.engine import Node
from autograd.engine.checks import check_choice, check_positive_int
from autograd.files import write_atomic

from . import pagedata, pagelayout
from .options import RANKDIRS, GraphTooLargeError, as_roots
from .output import as_path, check_extension

DEFAULT_MAX_NODES = 8000  # boxes in the first view; a browser handles this many
AUTO_COLLAPSE_BOXES = 300  # collapse_depth="auto" folds scopes when the graph has more boxes
STARTS = ("backward", "forward")
CONVENTIONS = ("row", "column")
# the page's script, one closure over these files in this order (see js/base.js)
SCRIPTS = ("base", "matrix", "view", "layout", "boxes", "steps", "rules", "panel", "main")
# (file, its license, what it is): inlined into every page, license included
_VENDOR = (
    ("vendor/panzoom.min.js", "vendor/panzoom.LICENSE", "Panzoom 4.6.2 (npm @panzoom/panzoom)"),
    ("vendor/dagre.min.js", "vendor/dagre.LICENSE", "dagre 3.1.3 (npm @dagrejs/dagre)"),
)
_BLOCK_COMMENT = re.compile(r"^/\*[\s\S]*?\*/[ \t]*$", re.M)  # a comment alone on its lines


class Explorer:
    """An explorer page: shows inline in Jupyter (a sandboxed iframe), or ``save(path)``.

    ``html`` is the page's text; ``data`` the page data (see
    :func:`autograd.viz.pagedata.build`), with ``initial`` added: the scopes
    expanded at first (``expanded``) and their Graphviz layout (``layout``).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.html = page_html(data)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path`` (.html), atomically; returns the path."""
        path = as_path(path, "Explorer.save")
        check_extension(path, (".html",), "Explorer.save()")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, self.html.encode("utf-8"))
        return path

    def _repr_html_(self) -> str:
        return (
            '<iframe class="autograd-explorer" sandbox="allow-scripts allow-downloads" '
            'style="width: 100%; height: 640px; border: 1px solid #d1d5db; border-radius: 4px" '
            f'title="{html.escape(self.data["title"])}" srcdoc="{html.escape(self.html)}"></iframe>'
        )

    def __repr__(self) -> str:
        n = len(self.data["nodes"]["name"])
        return f"<Explorer {self.data['title']!r}: {n} nodes, {len(self.html):,} bytes>"


def explore(
    root: Node,
    path: str | os.PathLike[str] | None = None,
    *,
    convention: str = "row",
    lang: str | None = None,
    model: Any = None,
    rankdir: str = "LR",
    collapse_depth: int | str | None = "auto",
    max_nodes: int | None = DEFAULT_MAX_NODES,
    start: str = "backward",
    play_ms: int = 1000,
    title: str | None = None,
) -> Explorer | Path:
    """An interactive page of ``root``'s graph: step through the forward and the
    backward pass, pan and zoom, click a node to see why its gradient is what it is.

    - ``path``: write the page there (.html, atomically) and return the path;
      with None, return an :class:`Explorer`, which shows inline in Jupyter.
    - ``convention``: how a Tensor graph's matrices and rules are written first
      (a toggle on the page switches): "row", samples as rows, ``Z = X·W + b``,
      as the engine computes (tutorials 000 and 003); "column", samples as
      columns, ``Z = W·A + b``, every matrix transposed (tutorial 002).
    - ``lang``: the page's language, "en" or "zh-CN" (None: the package-wide
      ``autograd.messages.set_language``); every button, caption and note.
    - ``model``: the ``nn`` model whose ``named_parameters()`` name the
      parameters (``0.weight``); without it a parameter reads by the path it
      knows itself (``Parameter.module_path``), else by its label.
    - ``rankdir``: "LR", "TB", "RL" or "BT".
    - ``collapse_depth``: name scopes that many levels deep start folded into
      one box each (click a box to expand it); "modules" folds every innermost
      scope (one box per ``nn`` module); "auto" does that for a Tensor graph,
      and folds a scalar graph's scopes only when it has more than 300 boxes,
      as deep as keeps it at most 300; None starts with every group open.
    - ``max_nodes``: raise GraphTooLargeError (a ValueError), saying how to group, rather than open
      with more boxes than this (None: no limit).
    - ``start``: the pass shown first, "backward" or "forward"; ``play_ms``:
      milliseconds per step when playing.

    The page reads nothing from ``.grad``: it runs ``autograd.backward_steps``
    from ``root`` itself, so it shows one backward pass even before
    ``root.backward()`` is called.
    """
    roots = as_roots(root, "explore")
    if len(roots) != 1:
        raise TypeError(f"explore() takes one output node; got a list of {len(roots)}")
    root = roots[0]
    _check_options(rankdir, collapse_depth, max_nodes, start, play_ms, title, convention)
    lang = messages.resolve_language(lang, "explore() lang")
    if path is not None:
        path = as_path(path, "explore")
        check_extension(path, (".html",), "explore()")
    if title is None:
        label = root.label or messages.text("explorer.title.output", lang)
        title = messages.text("explorer.title", lang, label=label)
    data = pagedata.build(root, title=title, start=start if root.requires_grad else "forward",
                          play_ms=play_ms, lang=lang, convention=convention, model=model)
    expanded = initial_expanded(data, collapse_depth)
    boxes = pagelayout.count_boxes(data, expanded)
    if max_nodes is not None and boxes > max_nodes:
        raise GraphTooLargeError(_too_large(data, boxes, max_nodes, collapse_depth), boxes,
                                 max_nodes)
    data["initial"] = {"expanded": sorted(expanded),
                       "layout": pagelayout.graphviz_layout(data, expanded, rankdir)}
    data["rankdir"] = rankdir
    page = Explorer(data)
    if path is None:
        return page
    return page.save(path)


def initial_expanded(data: dict[str, Any], collapse_depth: int | str | None) -> set[int]:
    """The scopes open at first (scope indices)."""
    scopes = data["scopes"]
    everything = set(range(len(scopes)))
    if collapse_depth is None or not scopes:
        return everything
    if collapse_depth == "modules" or (collapse_depth == "auto" and data["tensor"]):
        return {s["parent"] for s in scopes if s["parent"] >= 0}  # all but the innermost
    if collapse_depth != "auto":
        return {s for s in everything if scopes[s]["depth"] < collapse_depth}
    if pagelayout.count_boxes(data, everything) <= AUTO_COLLAPSE_BOXES:
        return everything
    deepest = max(s["depth"] for s in scopes)
    for depth in range(deepest, 0, -1):
        opened = {s for s in everything if scopes[s]["depth"] < depth}
        if pagelayout.count_boxes(data, opened) <= AUTO_COLLAPSE_BOXES:
            return opened
    return set()


def _check_options(rankdir: Any, collapse_depth: Any, max_nodes: Any, start: Any,
                   play_ms: Any, title: Any, convention: Any) -> None:
    check_choice(rankdir, "explore() rankdir", RANKDIRS)
    check_choice(convention, "explore() convention", CONVENTIONS)
    if collapse_depth not in (None, "auto", "modules"):
        try:
            check_positive_int(collapse_depth, "explore() collapse_depth")
        except ValueError:
            raise ValueError(f'explore() collapse_depth must be a positive int, "auto", '
                             f'"modules" or None; got {collapse_depth!r:.60}') from None
    check_positive_int(max_nodes, "explore() max_nodes", allow_none=True)
    check_choice(start, "explore() start", STARTS)
    check_positive_int(play_ms, "explore() play_ms", unit="milliseconds")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"explore() title must be a str or None; got {type(title).__name__} "
                        f"{title!r:.60}")


def _too_large(data: dict[str, Any], boxes: int, limit: int, collapse_depth: Any) -> str:
    msg = f"explore(): the page would open with {boxes} boxes, more than max_nodes={limit}. "
    scopes = data["scopes"]
    if not scopes:
        return msg + (
            "Its nodes carry no name scope, so they cannot be grouped: build the graph inside "
            "`with autograd.name_scope(...)` (nn modules do), explore a smaller graph, or pass "
            "max_nodes=None (the page may be slow to open)."
        )
    depths = sorted({s["depth"] for s in scopes})
    return msg + (
        f"Fold its name scopes deeper: collapse_depth=1 (scope depths here: "
        f"{', '.join(map(str, depths))}; now {collapse_depth!r}), or pass max_nodes=None."
    )


def _static(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def _vendored(name: str, license_name: str, what: str) -> str:
    """A vendored library as the page inlines it: its license text first, then its
    code without comments (which hold links) and source-map lines."""
    code = re.sub(r"^//# sourceMappingURL=.*$", "", _static(name), flags=re.M)
    code = _BLOCK_COMMENT.sub("", code)
    license_text = _static(license_name).replace("*/", "* /")
    return f"/* {what}, MIT License:\n{license_text}*/\n{code}"


def page_html(data: dict[str, Any]) -> str:
    """The self-contained page: the template with its texts (``{{T:key}}``, from the
    data's messages), styles, libraries, script and data inlined."""
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    payload = payload.replace("</", "<\\/")  # never close the <script> early
    vendor = "\n".join(_vendored(*item) for item in _VENDOR)
    script = "\n".join(_static(f"js/{name}.js") for name in SCRIPTS)
    parts = {
        "{{LANG}}": data["lang"],
        "{{TITLE}}": html.escape(data["title"]),
        "{{STYLE}}": _static("explorer.css"),
        "{{GRAPHSTYLE}}": _static("graph.css"),
        "{{VENDOR}}": vendor.replace("</script", "<\\/script"),
        "{{SCRIPT}}": f'(function () {{\n"use strict";\n{script}\n}})();',
        "{{DATA}}": payload,
    }
    texts = data["messages"]

    def fill(m: re.Match[str]) -> str:
        key = m.group(1)
        return html.escape(texts[f"explorer.{key}"]) if key else parts[m.group(0)]

    # one pass, so no inserted text is ever searched for a placeholder
    return re.sub(r"\{\{(?:T:([a-z_.]+)|[A-Z]+)\}\}", fill, _static("explorer.html"))
