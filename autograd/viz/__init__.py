"""Graph drawing, rendering and backward-pass animation for autograd.

Example::

    from autograd import Value
    from autograd.viz import draw, render, animate_backward

    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    y = a * b + 1
    y.backward()
    dot = draw(y)                       # a graphviz.Digraph (shows inline in Jupyter)
    render(y, "y.svg")                  # .svg .png .pdf .dot
    animate_backward(y, "y.html")       # .html or .gif

Rendering uses pygraphviz's bundled Graphviz, so no system install is needed.
"""

from .animation import animate_backward, backward_frames
from .drawing import GraphDrawing, draw
from .rendering import RenderError, render
from .table import grad_table

__all__ = [
    "GraphDrawing", "RenderError", "animate_backward", "backward_frames", "draw", "grad_table",
    "render",
]
