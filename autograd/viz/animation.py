"""The backward pass: an interactive page (.html, see explore.py) or one frame per op (.gif).

Frames follow ``autograd.backward_steps(root)``, the exact order
``root.backward()`` processes nodes. There is one frame per op node (leaves
only receive gradients and get no frame of their own); frame k shows:

- the k-th op node, highlighted, and the gradient it received;
- on each of its incoming edges, the gradient it sends to that input:
  ``local derivative × incoming grad = sent`` for scalars;
- the edges of earlier steps with their gradients (grey); later ones blank;
- each value's grad once all of its gradient has arrived, blank before.
"""

from __future__ import annotations

import io
import os
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from autograd import messages as M
from autograd.engine import AutogradError, BackwardStep, Node
from autograd.engine.checks import check_positive_int
from autograd.files import write_atomic

from . import style
from .dot import render_bytes
from .drawing import GraphDrawing, layout
from .explore import explore
from .formula import atom
from .matrixdrawing import MatrixLayout
from .names import GraphNames
from .naming import node_names
from .options import Frame, Options, as_roots
from .output import as_path, check_extension
from .ruleexpr import shape_text
from .steps import edge_local_derivatives, op_steps, pass_grads

ANIMATION_FORMATS = (".html", ".gif")
DEFAULT_MAX_FRAMES = 200
_DRAW_OPTIONS = {f.name for f in fields(Options)} - {"collapse_depth"}


class TooManyStepsError(AutogradError, ValueError):
    """A backward pass with more steps than ``max_frames`` pictures."""


def backward_frames(root: Node, *, lang: str | None = None,
                    **draw_kwargs: Any) -> list[GraphDrawing]:
    """One ``graphviz.Digraph`` per op node processed by ``root.backward()``, in order.

    For notebooks: ``for f in backward_frames(loss): display(f)``. Takes the
    options of :func:`autograd.viz.draw` except ``collapse_depth``; ``lang``
    ("en", "zh-CN"; default: the package-wide language) is the captions'
    language. Does not touch ``.grad``.
    """
    return [g for g, _ in _frames(root, draw_kwargs, None, "backward_frames", titled=True,
                                  lang=lang)]


def animate_backward(
    root: Node,
    path: str | os.PathLike[str],
    *,
    frame_ms: int = 1500,
    max_frames: int | None = None,
    lang: str | None = None,
    **draw_kwargs: Any,
) -> Path:
    """Write the backward pass of ``root`` as ``.html`` (an interactive page) or ``.gif``.

    The HTML page is :func:`autograd.viz.explore`'s: the graph laid out once,
    forward and backward steps, pan and zoom, a panel explaining each node; it
    plays at ``frame_ms`` per step and takes ``rankdir``, ``collapse_depth``
    and ``max_nodes``. The GIF shows each of :func:`backward_frames` for
    ``frame_ms`` milliseconds; it is one picture per step, so ``max_frames``
    (default 200 for a GIF, no limit for a page) guards against huge graphs.
    ``lang`` is the language of the GIF's captions. Returns the path written.
    """
    path = as_path(path, "animate_backward")
    fmt = check_extension(path, ANIMATION_FORMATS, "animate_backward()")
    check_positive_int(frame_ms, "animate_backward() frame_ms", unit="milliseconds")
    check_positive_int(max_frames, "animate_backward() max_frames", allow_none=True)
    if fmt == "html":
        return _page(root, path, frame_ms, max_frames, draw_kwargs)
    _import_pillow()  # fail before the slow part
    limit = DEFAULT_MAX_FRAMES if max_frames is None else max_frames
    frames = _frames(root, draw_kwargs, limit, "animate_backward", titled=True, lang=lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, _gif([render_bytes(g.source, "png") for g, _ in frames], frame_ms))
    return path


_PAGE_OPTIONS = {"rankdir", "collapse_depth", "max_nodes"}


def _page(root: Any, path: Path, frame_ms: int, max_frames: int | None,
          options: dict[str, Any]) -> Path:
    unknown = set(options) - _PAGE_OPTIONS
    if unknown:
        raise TypeError(
            f"animate_backward() to .html got options {sorted(unknown)} that the page does not "
            f"take; it accepts {', '.join(sorted(_PAGE_OPTIONS))} (the others are for .gif)"
        )
    roots = as_roots(root, "animate_backward")
    if len(roots) != 1:
        raise TypeError(f"animate_backward() takes one output node; got a list of {len(roots)}")
    _check_has_backward(roots[0], "animate_backward")
    if max_frames is not None:
        n = len(op_steps(roots[0]))
        if n > max_frames:
            raise TooManyStepsError(f"animate_backward(): the backward pass has {n} steps, more "
                                    f"than max_frames={max_frames}; raise max_frames or pass None")
    return explore(roots[0], path, play_ms=frame_ms, **options)


def _check_has_backward(root: Node, caller: str) -> None:
    if not root.requires_grad:
        raise ValueError(f"{caller}(): {root!r} does not require grad, so it has no backward pass")
    if root.is_leaf:
        raise ValueError(f"{caller}(): {root!r} is a leaf; no op runs in its backward pass")


def _frames(
    root: Any, draw_kwargs: dict[str, Any], max_frames: int | None, caller: str, titled: bool,
    lang: str | None = None,
) -> list[tuple[GraphDrawing, str]]:
    """(drawing, caption) per op step; ``titled`` puts the caption in the drawing too."""
    roots = as_roots(root, caller)
    if len(roots) != 1:
        raise TypeError(f"{caller}() takes one output node; got a list of {len(roots)}")
    root = roots[0]
    lang = M.resolve_language(lang, f"{caller}() lang")
    unknown = set(draw_kwargs) - _DRAW_OPTIONS
    if unknown:
        raise TypeError(
            f"{caller}() got unexpected options {sorted(unknown)}; it accepts "
            f"{', '.join(sorted(_DRAW_OPTIONS))} (collapse_depth is for still drawings)"
        )
    _check_has_backward(root, caller)
    drawn = layout([root], Options(**draw_kwargs, lang=lang))  # its words in the captions' language
    steps = op_steps(root)
    if max_frames is not None and len(steps) > max_frames:
        raise TooManyStepsError(
            f"{caller}(): the backward pass has {len(steps)} steps, more than "
            f"max_frames={max_frames}; animate a smaller graph or raise max_frames"
        )
    nodes = drawn.nodes
    totals, ready = pass_grads(root, steps, {id(n): i for i, n in enumerate(nodes)}, len(nodes))
    grads = {id(n): g for n, g in zip(nodes, totals)}
    if isinstance(drawn, MatrixLayout):  # a gradient is named with its shape, ∂L/∂A^[1] (5×3)
        names = {id(n): name.name for n, name in zip(nodes, drawn.names.names)}
        edges = [_gradient_texts(s, drawn.names) for s in steps]
        received = [_gradient_text(s.node, s.grad, drawn.names) for s in steps]
        captions = [_caption(k, len(steps), s, edges[k], names, received[k], lang, named=False)
                    for k, s in enumerate(steps)]
    else:
        names = dict(zip(map(id, nodes), node_names(nodes, lang)))
        edges = [_edge_texts(s) for s in steps]
        received = [style.summarize(s.grad).replace("\n", " ") for s in steps]
        captions = [_caption(k, len(steps), s, edges[k], names, received[k], lang)
                    for k, s in enumerate(steps)]
    out = []
    for k, step in enumerate(steps):
        shown = {id(n) for n, at in zip(nodes, ready) if 0 <= at <= k}
        frame_edges = {}
        for j, texts in enumerate(edges):
            state = "current" if j == k else "done" if j < k else "pending"
            for key, text in texts.items():
                frame_edges[key] = (text, state)
        title = captions[k]
        frame = Frame(grads, shown, frame_edges, current=id(step.node),
                      title=title if titled else "")
        out.append((drawn.digraph(frame), title))
    return out


def _edge_texts(step: BackwardStep) -> dict[tuple[int, int], str]:
    """The label of each incoming edge of the step's op: the gradient sent along it."""
    node = step.node
    local = edge_local_derivatives(step)
    texts = {}
    for j, (parent, g) in enumerate(zip(node.parents, step.input_grads)):
        if g is None or not parent.requires_grad:
            continue
        sent = style.summarize(g).replace("\n", " ")
        if local is not None and local[j] is not None:
            incoming = style.fmt_number(step.grad)
            sent = f"{style.fmt_number(local[j])} × {incoming} = {sent}"
        texts[id(node), j] = sent
    return texts


def _gradient_text(node: Node, g: Any, names: GraphNames) -> str:
    """``∂L/∂A^[1] (5×3)``: a Tensor gradient by its name and shape, never its values."""
    return f"∂L/∂{atom(names.of(node).symbol)} {shape_text(np.shape(g))}"


def _gradient_texts(step: BackwardStep, names: GraphNames) -> dict[tuple[int, int], str]:
    """The label of each incoming edge of a Tensor step: the gradient's name and shape."""
    node = step.node
    return {(id(node), j): _gradient_text(parent, g, names)
            for j, (parent, g) in enumerate(zip(node.parents, step.input_grads))
            if g is not None and parent.requires_grad}


def _caption(k: int, n: int, step: BackwardStep, texts: dict[tuple[int, int], str],
             names: dict[int, str], received: str, lang: str, named: bool = True) -> str:
    """'Step 1 of 2: Mul (price) receives grad 1, sends apple_price: 1.1 × 1 = 1.1; ...';
    unlabelled nodes are named by role and value or as an expression (``constant 2``).
    A Tensor step's gradients name themselves (``∂L/∂A^[1] (5×3)``): ``named`` False."""
    node = step.node
    sends = [
        f"{names[id(p)]}: {texts[id(node), j]}" if named else texts[id(node), j]
        for j, p in enumerate(node.parents) if (id(node), j) in texts
    ]
    joined = M.text("viz.caption.separator", lang).join(sends) if sends else \
        M.text("viz.caption.nothing", lang)
    key = "viz.caption.step" if named else "viz.caption.tensor_step"
    return M.text(key, lang, k=k + 1, n=n, op=node.op.name, name=names[id(node)],
                  received=received, sends=joined)


def _import_pillow() -> Any:
    try:
        from PIL import Image
    except ImportError:
        raise RuntimeError(
            "writing a .gif needs Pillow: `pip install pillow` (or write .html instead)"
        ) from None
    return Image


def _gif(pngs: list[bytes], frame_ms: int) -> bytes:
    """PNG frames on one white canvas of the largest size, as an animated GIF."""
    image = _import_pillow()
    frames = [image.open(io.BytesIO(p)).convert("RGBA") for p in pngs]
    width = max(f.width for f in frames)
    height = max(f.height for f in frames)
    out = []
    for f in frames:
        canvas = image.new("RGB", (width, height), "white")
        canvas.paste(f, (0, 0), f)
        out.append(canvas.convert("P", palette=image.Palette.ADAPTIVE, colors=256))
    buf = io.BytesIO()
    durations = [frame_ms] * (len(out) - 1) + [frame_ms * 2]  # linger on the last step
    out[0].save(buf, format="GIF", save_all=True, append_images=out[1:], duration=durations,
                loop=0)
    return buf.getvalue()
