"""The backward pass, one frame per op node processed.

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

from ..graph import BackwardStep, Node, backward_steps, local_derivatives
from . import style
from .drawing import Frame, GraphDrawing, Layout, Options, as_roots
from .player import player_html
from .rendering import as_path, check_extension, render_bytes, write_atomic

ANIMATION_FORMATS = (".html", ".gif")
DEFAULT_MAX_FRAMES = 200
_DRAW_OPTIONS = {f.name for f in fields(Options)} - {"collapse_depth"}


def backward_frames(root: Node, **draw_kwargs: Any) -> list[GraphDrawing]:
    """One ``graphviz.Digraph`` per op node processed by ``root.backward()``, in order.

    For notebooks: ``for f in backward_frames(loss): display(f)``. Takes the
    options of :func:`autograd.viz.draw` except ``collapse_depth``. Does not
    touch ``.grad``.
    """
    return [g for g, _ in _frames(root, draw_kwargs, None, "backward_frames", titled=True)]


def animate_backward(
    root: Node,
    path: str | os.PathLike[str],
    *,
    frame_ms: int = 1500,
    max_frames: int | None = DEFAULT_MAX_FRAMES,
    **draw_kwargs: Any,
) -> Path:
    """Write the backward pass of ``root`` as an animation: ``.html`` or ``.gif``.

    The HTML file is self-contained (inline SVG frames, previous/next buttons,
    a slider, a play button, arrow keys; no network access). The GIF shows
    each frame for ``frame_ms`` milliseconds. Frames are those of
    :func:`backward_frames`; ``max_frames`` guards against huge graphs.
    Returns the path written.
    """
    path = as_path(path, "animate_backward")
    fmt = check_extension(path, ANIMATION_FORMATS, "animate_backward()")
    if not isinstance(frame_ms, int) or isinstance(frame_ms, bool) or frame_ms < 1:
        raise ValueError(f"frame_ms must be a positive int (milliseconds); got {frame_ms!r}")
    if max_frames is not None and (not isinstance(max_frames, int) or max_frames < 1):
        raise ValueError(f"max_frames must be a positive int or None; got {max_frames!r}")
    if fmt == "gif":
        _import_pillow()  # fail before the slow part
    # the HTML page prints each caption above the picture; a GIF needs it inside
    frames = _frames(root, draw_kwargs, max_frames, "animate_backward", titled=fmt == "gif")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        svgs = [(render_bytes(g.source, "svg").decode("utf-8"), title) for g, title in frames]
        label = root.label or "the output"
        write_atomic(path, player_html(svgs, f"Backward pass of {label}", frame_ms).encode())
    else:
        write_atomic(path, _gif([render_bytes(g.source, "png") for g, _ in frames], frame_ms))
    return path


def _frames(
    root: Any, draw_kwargs: dict[str, Any], max_frames: int | None, caller: str, titled: bool
) -> list[tuple[GraphDrawing, str]]:
    """(drawing, caption) per op step; ``titled`` puts the caption in the drawing too."""
    roots = as_roots(root, caller)
    if len(roots) != 1:
        raise TypeError(f"{caller}() takes one output node; got a list of {len(roots)}")
    root = roots[0]
    unknown = set(draw_kwargs) - _DRAW_OPTIONS
    if unknown:
        raise TypeError(
            f"{caller}() got unexpected options {sorted(unknown)}; it accepts "
            f"{', '.join(sorted(_DRAW_OPTIONS))} (collapse_depth is for still drawings)"
        )
    if not root.requires_grad:
        raise ValueError(f"{caller}(): {root!r} does not require grad, so it has no backward pass")
    layout = Layout([root], Options(**draw_kwargs))
    steps = [s for s in backward_steps(root) if s.node.op is not None]
    if not steps:
        raise ValueError(f"{caller}(): {root!r} is a leaf; no op runs in its backward pass")
    if max_frames is not None and len(steps) > max_frames:
        raise ValueError(
            f"{caller}(): the backward pass has {len(steps)} steps, more than "
            f"max_frames={max_frames}; animate a smaller graph or raise max_frames"
        )
    grads, ready = _final_grads(root, steps)
    edges = [_edge_texts(s) for s in steps]
    out = []
    for k, step in enumerate(steps):
        shown = {i for i, at in ready.items() if at <= k}
        frame_edges = {}
        for j, texts in enumerate(edges):
            state = "current" if j == k else "done" if j < k else "pending"
            for key, text in texts.items():
                frame_edges[key] = (text, state)
        title = _caption(k, len(steps), step, edges[k])
        frame = Frame(grads, shown, frame_edges, current=id(step.node),
                      title=title if titled else "")
        out.append((layout.digraph(frame), title))
    return out


def _final_grads(root: Node, steps: list[BackwardStep]) -> tuple[dict[int, Any], dict[int, int]]:
    """Each node's total gradient, and the step at which all of it has arrived."""
    grads: dict[int, Any] = {}
    ready: dict[int, int] = {}
    if steps:
        grads[id(root)], ready[id(root)] = steps[0].grad, 0
    for k, step in enumerate(steps):
        grads[id(step.node)] = step.grad
        for parent, g in zip(step.node.parents, step.input_grads):
            if g is None or not parent.requires_grad:
                continue
            ready[id(parent)] = k
            if parent.is_leaf:  # op nodes get their total from their own step
                grads[id(parent)] = grads[id(parent)] + g if id(parent) in grads else g
    return grads, ready


def _edge_texts(step: BackwardStep) -> dict[tuple[int, int], str]:
    """The label of each incoming edge of the step's op: the gradient sent along it."""
    node = step.node
    local = _local_derivatives(node)
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


def _local_derivatives(node: Node) -> tuple | None:
    """d node / d input for scalar nodes, from the op's own rule (incoming grad 1)."""
    try:
        return local_derivatives(node)
    except Exception:  # a rule that only runs on arrays: show the sent grads alone
        return None


def _caption(k: int, n: int, step: BackwardStep, texts: dict[tuple[int, int], str]) -> str:
    node = step.node
    name = f"{node.op.name} ({node.label})" if node.label else node.op.name
    sends = [
        f"{p.label or f'input {j + 1}'}: {texts[id(node), j]}"
        for j, p in enumerate(node.parents) if (id(node), j) in texts
    ]
    got = style.summarize(step.grad).replace("\n", " ")
    return f"Step {k + 1} of {n}: {name} receives grad {got}, sends " + (
        "; ".join(sends) if sends else "nothing")


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
