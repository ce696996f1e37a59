"""Primitive ops: each forward sits beside its derivative rule, written once.

A rule is plain arithmetic on whatever it is given: Python floats (Value's
fast path), numpy arrays (Tensor's fast path) or graph nodes (when a
higher-order gradient is asked for). The helpers below pick the right
function for each kind, so no rule is written twice.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .graph import Node, Op

# ---------------------------------------------------------------------------
# Helpers that work on floats, arrays and nodes alike.


def raw(x: Any) -> Any:
    """The plain data behind ``x`` (for masks, which carry no gradient)."""
    return x.data if isinstance(x, Node) else x


def exp(x: Any) -> Any:
    if type(x) is float:
        try:
            return math.exp(x)
        except OverflowError:
            return math.inf
    if isinstance(x, Node):
        return x.exp()
    with np.errstate(over="ignore"):
        return np.exp(x)


def log(x: Any) -> Any:
    """Natural log with IEEE results: log(0) = -inf, log(<0) = nan."""
    if type(x) is float:
        if x > 0:
            return math.log(x)
        return -math.inf if x == 0 else math.nan
    if isinstance(x, Node):
        return x.log()
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


def power(a: Any, b: Any) -> Any:
    """``a ** b`` with IEEE results (nan, never a complex number or an exception)."""
    if type(a) is float:
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
    """``a / b`` with IEEE results: x/0 = +-inf, 0/0 = nan, never an exception."""
    if type(a) is float or type(b) is float:
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


def sigmoid_raw(x: Any) -> Any:
    if type(x) is float:
        if x >= 0:
            return 1.0 / (1.0 + math.exp(-x))
        e = math.exp(x)
        return e / (1.0 + e)
    # 1/(1+exp(-x)) overflows harmlessly to 0 for very negative x.
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-x))


def broadcast_to(x: Any, shape: tuple[int, ...]) -> Any:
    if isinstance(x, Node):
        return x.broadcast_to(shape)
    return np.broadcast_to(x, shape)


def sum_to(x: Any, shape: tuple[int, ...]) -> Any:
    """Sum ``x`` over the axes broadcasting added, back to ``shape``."""
    if isinstance(x, Node):
        return x.sum_to(shape)
    return _sum_to_raw(x, shape)


def _sum_to_raw(x: Any, shape: tuple[int, ...]) -> Any:
    have = x.shape
    if have == shape:
        return x
    lead = len(have) - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and have[lead + i] != 1
    )
    return x.sum(axis=axes, keepdims=True).reshape(shape)


def _keepdims_shape(shape: tuple[int, ...], axis: tuple[int, ...] | None) -> tuple[int, ...]:
    if axis is None:
        return (1,) * len(shape)
    return tuple(1 if i in axis else n for i, n in enumerate(shape))


# ---------------------------------------------------------------------------
# Element-wise ops (Value and Tensor). Binary ops see equal shapes: Tensor
# broadcasts its inputs with BroadcastTo first, so each rule stays simple.


class Add(Op):
    """y = a + b;  dy/da = 1, dy/db = 1"""

    name = "Add"

    def forward(self, a, b):
        return a + b

    def backward(self, needs, g, y, a, b):
        return g, g


class Sub(Op):
    """y = a - b;  dy/da = 1, dy/db = -1"""

    name = "Sub"

    def forward(self, a, b):
        return a - b

    def backward(self, needs, g, y, a, b):
        return g, (-g if needs[1] else None)


class Mul(Op):
    """y = a * b;  dy/da = b, dy/db = a"""

    name = "Mul"

    def forward(self, a, b):
        return a * b

    def backward(self, needs, g, y, a, b):
        return (g * b if needs[0] else None), (g * a if needs[1] else None)


class Div(Op):
    """y = a / b;  dy/da = 1/b, dy/db = -a/b**2"""

    name = "Div"

    def forward(self, a, b):
        return divide(a, b)

    def backward(self, needs, g, y, a, b):
        ga = divide(g, b) if needs[0] else None
        gb = divide(-g * y, b) if needs[1] else None
        return ga, gb


class Neg(Op):
    """y = -a;  dy/da = -1"""

    name = "Neg"

    def forward(self, a):
        return -a

    def backward(self, needs, g, y, a):
        return (-g,)


class Pow(Op):
    """y = a ** b;  dy/da = b * a**(b-1), dy/db = y * log(a)

    At a = 0 both limits are taken as PyTorch does: dy/da = 0 where b = 0
    (not 0 * inf) and dy/db = 0 where b >= 0 (not 0 * -inf).
    """

    name = "Pow"

    def forward(self, a, b):
        return power(a, b)

    def backward(self, needs, g, y, a, b):
        # Where a == 0, shift the offending term to a harmless value (masks are
        # constants, so elsewhere the rule, and its own derivative, is unchanged).
        at_zero = raw(a) == 0
        ga = gb = None
        if needs[0]:
            b_safe = b + at_zero * (raw(b) == 0)  # b = 0 there: 0 * a**(1 - 1) = 0
            ga = g * (b * power(a, b_safe - 1))
        if needs[1]:
            a_safe = a + at_zero * (raw(b) >= 0)  # y * log(1) = 0 there
            gb = g * (y * log(a_safe))
        return ga, gb


class PowConst(Op):
    """y = a ** c for a constant number c;  dy/da = c * a**(c-1)"""

    name = "Pow"

    def __init__(self, exponent: float) -> None:
        self.exponent = exponent

    def forward(self, a):
        return power(a, self.exponent)

    def backward(self, needs, g, y, a):
        c = self.exponent
        if c == 0:  # y = 1: the derivative is 0, also at a = 0 (not 0 * inf)
            return (g * 0.0,)
        return (g * (c * power(a, c - 1)),)

    def __repr__(self) -> str:
        return f"Pow(**{self.exponent:g})"


class Exp(Op):
    """y = exp(a);  dy/da = exp(a) = y"""

    name = "Exp"

    def forward(self, a):
        return exp(a)

    def backward(self, needs, g, y, a):
        return (g * y,)


class Log(Op):
    """y = log(a);  dy/da = 1/a"""

    name = "Log"

    def forward(self, a):
        return log(a)

    def backward(self, needs, g, y, a):
        return (divide(g, a),)


class Tanh(Op):
    """y = tanh(a);  dy/da = 1 - y**2"""

    name = "Tanh"

    def forward(self, a):
        return math.tanh(a) if type(a) is float else np.tanh(a)

    def backward(self, needs, g, y, a):
        return (g * (1.0 - y * y),)


class Sigmoid(Op):
    """y = 1 / (1 + exp(-a));  dy/da = y * (1 - y)"""

    name = "Sigmoid"

    def forward(self, a):
        return sigmoid_raw(a)

    def backward(self, needs, g, y, a):
        return (g * (y * (1.0 - y)),)


class ReLU(Op):
    """y = max(a, 0);  dy/da = 1 where a > 0, else 0"""

    name = "ReLU"

    def forward(self, a):
        if type(a) is float:
            return 0.0 if a <= 0.0 else a  # nan stays nan
        return np.maximum(a, 0)

    def backward(self, needs, g, y, a):
        return (g * (raw(a) > 0),)


class Abs(Op):
    """y = |a|;  dy/da = sign(a) (0 at 0)"""

    name = "Abs"

    def forward(self, a):
        return abs(a)

    def backward(self, needs, g, y, a):
        x = raw(a)
        sign = float((x > 0) - (x < 0)) if type(x) is float else np.sign(x)
        return (g * sign,)


class Clip(Op):
    """y = min(max(a, low), high);  dy/da = 1 where low <= a <= high, else 0"""

    name = "Clip"

    def __init__(self, low: float | None, high: float | None) -> None:
        self.low, self.high = low, high

    def forward(self, a):
        if type(a) is float:  # min(max(a, low), high), as numpy: high wins if low > high
            if self.low is not None and a < self.low:
                a = float(self.low)
            if self.high is not None and a > self.high:
                a = float(self.high)
            return a
        return np.clip(a, self.low, self.high)

    def backward(self, needs, g, y, a):
        x = raw(a)
        inside = True if self.low is None else (x >= self.low)
        if self.high is not None:
            inside = inside & (x <= self.high)
        return (g * inside,)


class AddN(Op):
    """y = x1 + x2 + ... + xn (one node, drawn as Add);  dy/dxi = 1"""

    name = "Add"

    def forward(self, *xs):
        return sum(xs)  # left to right, exactly as a chain of + would

    def backward(self, needs, g, y, *xs):
        return (g,) * len(xs)


# ---------------------------------------------------------------------------
# Array ops (Tensor only).


class MatMul(Op):
    """y = a @ b;  dL/da = g @ b^T, dL/db = a^T @ g (summed over broadcast batch dims)"""

    name = "MatMul"

    def forward(self, a, b):
        return a @ b

    def backward(self, needs, g, y, a, b):
        ga = sum_to(g @ b.mT, a.shape) if needs[0] else None
        gb = sum_to(a.mT @ g, b.shape) if needs[1] else None
        return ga, gb


class Sum(Op):
    """y = sum(a, axis);  dy/da = 1 for every summed element (the gradient is broadcast back)"""

    name = "Sum"

    def __init__(self, axis: tuple[int, ...] | None, keepdims: bool) -> None:
        self.axis, self.keepdims = axis, keepdims

    def forward(self, a):
        return a.sum(axis=self.axis, keepdims=self.keepdims)

    def backward(self, needs, g, y, a):
        shape = a.shape
        return (broadcast_to(g.reshape(_keepdims_shape(shape, self.axis)), shape),)


class Max(Op):
    """y = max(a, axis);  dy/da = 1 at the maximum (split evenly between ties), else 0"""

    name = "Max"

    def __init__(self, axis: tuple[int, ...] | None, keepdims: bool) -> None:
        self.axis, self.keepdims = axis, keepdims

    def forward(self, a):
        return np.max(a, axis=self.axis, keepdims=self.keepdims)

    def backward(self, needs, g, y, a):
        kshape = _keepdims_shape(a.shape, self.axis)
        x = raw(a)
        mask = x == np.reshape(raw(y), kshape)
        share = (mask / np.sum(mask, axis=self.axis, keepdims=True)).astype(x.dtype)
        return (broadcast_to(g.reshape(kshape), a.shape) * share,)


class LogSoftmax(Op):
    """y = a - log(sum(exp(a), axis));  dL/da = g - exp(y) * sum(g, axis)"""

    name = "LogSoftmax"

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def forward(self, a):
        shifted = a - np.max(a, axis=self.axis, keepdims=True)
        return shifted - np.log(np.sum(np.exp(shifted), axis=self.axis, keepdims=True))

    def backward(self, needs, g, y, a):
        return (g - exp(y) * g.sum(axis=self.axis, keepdims=True),)


class Reshape(Op):
    """y = reshape(a, shape);  the gradient is reshaped back"""

    name = "Reshape"

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, a):
        return np.reshape(a, self.shape)

    def backward(self, needs, g, y, a):
        return (g.reshape(a.shape),)


class Transpose(Op):
    """y = transpose(a, axes);  the gradient is transposed back"""

    name = "Transpose"

    def __init__(self, axes: tuple[int, ...]) -> None:
        self.axes = axes

    def forward(self, a):
        return np.transpose(a, self.axes)

    def backward(self, needs, g, y, a):
        return (g.transpose(tuple(np.argsort(self.axes))),)


class BroadcastTo(Op):
    """y = broadcast_to(a, shape);  dL/da = g summed back to a's shape"""

    name = "BroadcastTo"

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, a):
        return np.broadcast_to(a, self.shape)

    def backward(self, needs, g, y, a):
        return (sum_to(g, a.shape),)


class SumTo(Op):
    """y = a summed to ``shape`` (undoes broadcasting);  dL/da = g broadcast back"""

    name = "SumTo"

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, a):
        return _sum_to_raw(a, self.shape)

    def backward(self, needs, g, y, a):
        return (broadcast_to(g, a.shape),)


class GetItem(Op):
    """y = a[index];  dL/da = zeros with g added at index (repeats add up)"""

    name = "GetItem"

    def __init__(self, index: Any) -> None:
        self.index = index

    def forward(self, a):
        return a[self.index]

    def backward(self, needs, g, y, a):
        return (scatter_add(g, self.index, a.shape),)


class ScatterAdd(Op):
    """y = zeros(shape) with a added at index;  dL/da = g[index]"""

    name = "ScatterAdd"

    def __init__(self, index: Any, shape: tuple[int, ...]) -> None:
        self.index, self.shape = index, shape

    def forward(self, a):
        out = np.zeros(self.shape, dtype=np.result_type(a))
        np.add.at(out, self.index, a)
        return out

    def backward(self, needs, g, y, a):
        return (g[self.index],)


def scatter_add(g: Any, index: Any, shape: tuple[int, ...]) -> Any:
    if isinstance(g, Node):
        return g._apply(ScatterAdd(index, shape))
    return ScatterAdd(index, shape).forward(g)


# Stateless ops are shared instances.
ADD, SUB, MUL, DIV, NEG, POW = Add(), Sub(), Mul(), Div(), Neg(), Pow()
EXP, LOG, TANH, SIGMOID, RELU, ABS = Exp(), Log(), Tanh(), Sigmoid(), ReLU(), Abs()
MATMUL, ADD_N = MatMul(), AddN()
