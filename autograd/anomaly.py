"""``detect_anomaly``: stop at the first nan or inf, and say which op made it and where.

Inside ``with detect_anomaly():`` every recorded node remembers the line of
user code that created it (only in this mode, so the normal path stays
fast), each op's output is checked in the forward pass, and each gradient an
op sends in the backward pass. The first that is not finite raises
:class:`AnomalyError` naming the op, its name scope and that line.
"""

from __future__ import annotations

import io
import linecache
import os
import sys
import tokenize
from typing import Any

import numpy as np

from .engine import AutogradError, BackwardStep, ModeSwitch, Node

# Where each node was created, kept only while a detect_anomaly block is open.
_created_at: dict[int, tuple[Node, str]] = {}
_open_blocks = 0
_PACKAGE_DIRS = tuple(
    os.path.dirname(os.path.abspath(p)) + os.sep
    for p in (__file__, os.path.join(os.path.dirname(__file__), "..", "nn", "x"))
)


class AnomalyError(AutogradError, FloatingPointError):
    """A nan or inf appeared in the forward or backward pass under ``detect_anomaly``."""


class detect_anomaly(ModeSwitch):
    """Raise :class:`AnomalyError` at the first nan or inf made in the forward or
    backward pass, naming the op, its name scope (e.g. ``MLP/Layer0/Neuron3``)
    and the line of your code that created the node.

    >>> with detect_anomaly():                           # doctest: +SKIP
    ...     loss = model(x).log().sum()
    ...     loss.backward()
    """

    def __init__(self) -> None:
        super().__init__(checker=_CHECKER)

    def _recreate_cm(self) -> detect_anomaly:
        return detect_anomaly()

    def __enter__(self) -> detect_anomaly:
        global _open_blocks
        _open_blocks += 1
        return super().__enter__()  # type: ignore[return-value]

    def __exit__(self, *exc: object) -> None:
        global _open_blocks
        super().__exit__(*exc)
        _open_blocks -= 1
        if _open_blocks == 0:
            _created_at.clear()


class _Checker:
    """The anomaly checker ``detect_anomaly`` installs in the grad mode."""

    def check_forward(self, node: Node) -> None:
        """Remember where ``node`` was made; raise if its value is not finite."""
        _created_at[id(node)] = (node, _user_line())
        if not _finite(node.data):
            inputs = ", ".join(_short(p.data) for p in node.parents)
            raise AnomalyError(
                f"{_where(node)} produced {_short(node.data)} in the forward pass "
                f"(its inputs: {inputs})"
            )

    def check_backward(self, step: BackwardStep) -> None:
        """Raise at the first gradient that is not finite, naming the op that sent it."""
        node = step.node
        for j, (parent, g) in enumerate(zip(node.parents, step.input_grads)):
            if parent.requires_grad and g is not None and not _finite(g):
                raise AnomalyError(
                    f"{_where(node)} sent the gradient {_short(g)} to its input {j + 1} "
                    f"in the backward pass (it received {_short(step.grad)}; "
                    f"its inputs: {', '.join(_short(p.data) for p in node.parents)})"
                )


_CHECKER = _Checker()


def _where(node: Node) -> str:
    scope = f" in scope {node.scope}" if node.scope else ""
    label = f" ({node.label})" if node.label else ""
    entry = _created_at.get(id(node))
    line = entry[1] if entry is not None and entry[0] is node else (
        "created outside detect_anomaly, so its line is not known")
    return f"op {node.op.name}{label}{scope}, {line},"


def _user_line() -> str:
    """'created at file:line in function: code' for the first frame outside the engine."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIRS):
        frame = frame.f_back
    if frame is None:
        return "created inside the engine"
    code = frame.f_code
    text = _without_comment(linecache.getline(code.co_filename, frame.f_lineno).strip())
    where = f"{code.co_filename}:{frame.f_lineno} in {code.co_name}"
    return f"created at {where}" + (f": {text}" if text else "")


def _without_comment(line: str) -> str:
    """``y = f(x)  # note`` -> ``y = f(x)`` (a ``#`` inside a string stays)."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.type == tokenize.COMMENT:
                return line[: token.start[1]].rstrip()
    except (tokenize.TokenError, SyntaxError):  # a line that is not whole on its own
        pass
    return line


def _finite(x: Any) -> bool:
    data = x.data if isinstance(x, Node) else x
    if type(data) is float:
        return data - data == 0.0  # False for nan and +-inf
    with np.errstate(all="ignore"):
        return bool(np.all(np.isfinite(data)))


def _short(x: Any) -> str:
    data = x.data if isinstance(x, Node) else x
    arr = np.asarray(data)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
    return f"an array of shape {arr.shape}" + (f" with {bad} nan/inf" if bad else "")
