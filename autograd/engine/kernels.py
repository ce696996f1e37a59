"""The functions derivative rules are written with: one name for floats, arrays and nodes.

Each function looks at what it is given: a Python float (Value's fast path,
computed with ``math``), a numpy array (Tensor's fast path) or a graph node
(a Value or Tensor, when a higher-order gradient is being built, or when you
call it yourself: ``F.sin(x)`` records a ``Sin`` node). So a rule written
with them, like ``g * F.cos(x)``, runs unchanged on all three, and every op
gets second derivatives without writing anything more::

    from autograd import functions as F

All follow IEEE arithmetic and never warn or raise on a bad number:
``log(0) = -inf``, ``log(-1) = nan``, ``exp(1000) = inf``, ``x / 0 = ±inf``,
``(-8) ** (1/3) = nan`` (never a complex number). ``sign`` and ``raw`` give
constants (plain data): use them for masks, whose derivative is zero.

The names are numpy's and PyTorch's; DeZero's ``dezero.functions`` is the
same idea. (Not to be confused with :mod:`autograd.functional`: Jacobians,
Hessians and vector products of whole functions.)
"""

from __future__ import annotations

import builtins
import math
from typing import Any

import numpy as np

from . import ops
from .node import Node
from .op import apply

__all__ = [
    "abs", "broadcast_to", "clip", "cos", "divide", "exp", "log", "power", "raw", "relu",
    "sigmoid", "sign", "sin", "sqrt", "sum_to", "tanh", "where",
]


def raw(x: Any) -> Any:
    """The plain data behind ``x`` (a float or array): a constant, for masks."""
    return x.data if isinstance(x, Node) else x


def exp(x: Any) -> Any:
    """e ** x; overflows to inf."""
    if type(x) is float:
        try:
            return math.exp(x)
        except OverflowError:
            return math.inf
    if isinstance(x, Node):
        return apply(ops.EXP, x)
    with np.errstate(over="ignore"):
        return np.exp(x)


def log(x: Any) -> Any:
    """Natural log: log(0) = -inf, log(x < 0) = nan."""
    if type(x) is float:
        if x > 0:
            return math.log(x)
        return -math.inf if x == 0 else math.nan
    if isinstance(x, Node):
        return apply(ops.LOG, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


def sin(x: Any) -> Any:
    """sin(x), x in radians; sin(±inf) = nan."""
    if type(x) is float:
        return math.sin(x) if math.isfinite(x) else math.nan
    if isinstance(x, Node):
        return apply(ops.SIN, x)
    with np.errstate(invalid="ignore"):
        return np.sin(x)


def cos(x: Any) -> Any:
    """cos(x), x in radians; cos(±inf) = nan."""
    if type(x) is float:
        return math.cos(x) if math.isfinite(x) else math.nan
    if isinstance(x, Node):
        return apply(ops.COS, x)
    with np.errstate(invalid="ignore"):
        return np.cos(x)


def tanh(x: Any) -> Any:
    """Hyperbolic tangent."""
    if type(x) is float:
        return math.tanh(x)
    if isinstance(x, Node):
        return apply(ops.TANH, x)
    return np.tanh(x)


def sigmoid(x: Any) -> Any:
    """1 / (1 + e ** -x), computed without overflow."""
    if type(x) is float:
        if x >= 0:
            return 1.0 / (1.0 + math.exp(-x))
        e = math.exp(x)
        return e / (1.0 + e)
    if isinstance(x, Node):
        return apply(ops.SIGMOID, x)
    with np.errstate(over="ignore"):  # exp(-x) overflows harmlessly to inf: the result is 0
        return 1.0 / (1.0 + np.exp(-x))


def relu(x: Any) -> Any:
    """max(x, 0); nan stays nan."""
    if type(x) is float:
        return 0.0 if x <= 0.0 else x
    if isinstance(x, Node):
        return apply(ops.RELU, x)
    return np.maximum(x, 0)


def abs(x: Any) -> Any:  # noqa: A001 - the name learners expect, as numpy's and torch's
    """|x|."""
    if isinstance(x, Node):
        return apply(ops.ABS, x)
    return builtins.abs(x)


def sqrt(x: Any) -> Any:
    """x ** 0.5; sqrt(x < 0) = nan."""
    if isinstance(x, Node):
        return x**0.5
    return power(x, 0.5)


def power(a: Any, b: Any) -> Any:
    """a ** b with IEEE results (nan, never a complex number or an exception)."""
    if type(a) is float and type(b) in (float, int):
        try:
            r = a**b
        except (OverflowError, ZeroDivisionError):
            with np.errstate(all="ignore"):
                r = float(np.power(np.float64(a), b))
        return math.nan if type(r) is complex else r
    if isinstance(a, Node) or isinstance(b, Node):
        return a**b
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.power(a, b)


def divide(a: Any, b: Any) -> Any:
    """a / b with IEEE results: x/0 = ±inf, 0/0 = nan, never an exception."""
    if type(a) is float and type(b) is float:
        try:
            return a / b
        except ZeroDivisionError:
            if a == 0.0 or a != a:
                return math.nan
            return math.copysign(math.inf, a) * math.copysign(1.0, b)
    if isinstance(a, Node) or isinstance(b, Node):
        return a / b
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.divide(a, b)


def sign(x: Any) -> Any:
    """-1, 0 or 1 (nan stays nan), as a constant: its derivative is 0 wherever it exists."""
    x = raw(x)
    if type(x) is float:
        return float((x > 0) - (x < 0)) if x == x else math.nan
    return np.sign(x)


def where(condition: Any, a: Any, b: Any) -> Any:
    """``a`` where ``condition`` holds, else ``b``; the gradient flows to the side chosen.

    ``condition`` is a constant (a bool, or a bool array; a node's data is used).
    """
    condition = raw(condition)
    if isinstance(a, Node) or isinstance(b, Node):
        return apply(ops.Where(condition), a, b)
    if type(condition) is bool and type(a) is float and type(b) is float:
        return a if condition else b
    return np.where(condition, a, b)


def clip(x: Any, low: Any = None, high: Any = None) -> Any:
    """min(max(x, low), high) (as numpy: ``high`` wins if low > high); either bound may be None.

    The gradient passes where ``low <= x <= high``.
    """
    if isinstance(x, Node):
        return x.clip(low, high)
    if type(x) is float:
        if low is not None and x < low:
            x = float(low)
        if high is not None and x > high:
            x = float(high)
        return x
    return np.clip(x, low, high)


def broadcast_to(x: Any, shape: tuple[int, ...]) -> Any:
    """``x`` repeated along new or size-1 axes to ``shape`` (numpy's broadcasting)."""
    if isinstance(x, Node):
        return x.broadcast_to(shape)
    return np.broadcast_to(x, shape)


def sum_to(x: Any, shape: tuple[int, ...]) -> Any:
    """Sum ``x`` over the axes broadcasting added, back to ``shape`` (undoes broadcast_to)."""
    if isinstance(x, Node):
        return x.sum_to(shape)
    have = x.shape
    if have == shape:
        return x
    lead = len(have) - len(shape)
    if lead == 1 and have[1:] == shape:  # a bias's gradient: sum over the batch axis only
        return x.sum(axis=0)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and have[lead + i] != 1
    )
    return x.sum(axis=axes, keepdims=True).reshape(shape)
