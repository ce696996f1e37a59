"""render(): write a drawing to .svg, .png, .pdf or .dot.

The layout engine is pygraphviz, or ``dot`` on PATH (see :mod:`autograd.viz.dot`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import graphviz

from .drawing import draw
from .options import as_roots
from .output import FORMATS, as_path, check_extension, write_source


def render(
    root_or_graph: Any, path: str | os.PathLike[str], **draw_kwargs: Any
) -> Path:
    """Write ``root_or_graph`` (a Value/Tensor, a list of them, or a Digraph from
    :func:`draw`) to ``path``; the extension picks the format: .svg, .png, .pdf
    or .dot. Nodes are drawn with ``draw(root, **draw_kwargs)``.

    The file is written atomically (a temporary file in the same folder, then
    renamed); missing parent folders are made. Without a Graphviz engine the
    DOT source is still written next to ``path`` (``.dot``) and RenderError
    says how to install one. Returns the path written.
    """
    path = as_path(path, "render")
    fmt = check_extension(path, FORMATS, "render()")
    if isinstance(root_or_graph, graphviz.Digraph):
        if draw_kwargs:
            raise TypeError(
                f"render() got a finished Digraph, so draw options {sorted(draw_kwargs)} "
                "do not apply; pass them to draw() or pass the root node instead"
            )
        source = root_or_graph.source
    else:
        try:
            roots = as_roots(root_or_graph, "render")
        except TypeError:
            raise TypeError(
                "render() takes a Value or Tensor, a non-empty list of them, or a "
                f"graphviz.Digraph made by draw(); got {type(root_or_graph).__name__} "
                f"{root_or_graph!r:.80}"
            ) from None
        source = draw(roots, **draw_kwargs).source
    return write_source(source, path, fmt)
