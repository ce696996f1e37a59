"""Graph drawing, rendering and backward-pass animation for autograd.

Example::

    from autograd import Value
    from autograd.viz import draw, render, animate_backward, explore

    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    y = a * b + 1
    y.backward()
    dot = draw(y)                       # a graphviz.Digraph (shows inline in Jupyter)
    render(y, "y.svg")                  # .svg .png .pdf .dot
    explore(y)                          # an interactive page (inline in Jupyter)
    explore(y, "y.html")                # the same page as a file
    animate_backward(y, "y.gif")        # .gif, or .html (the explore page)

Rendering uses pygraphviz's bundled Graphviz, so no system install is needed.
"""

from .animation import animate_backward, backward_frames
from .dot import RenderError
from .drawing import GraphDrawing, GraphTooLargeError, draw
from .explore import Explorer, explore
from .rendering import render
from .table import grad_table

__all__ = [
    "Explorer", "GraphDrawing", "GraphTooLargeError", "RenderError", "animate_backward",
    "backward_frames", "draw", "explore", "grad_table", "render",
]
