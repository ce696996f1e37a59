"""The built-in ops: each forward sits beside its derivative rule, written once.

A rule is arithmetic and :mod:`autograd.functions` (``F``) on whatever it is
given: Python floats (Value's fast path), numpy arrays (Tensor's fast path)
or graph nodes (when a higher-order gradient is asked for). Each op also
declares what the tools read (see :class:`autograd.Op`): its drawn ``name``,
its local ``derivatives``, its ``domain`` and kinks, and, for the functions
of Values and Tensors, the ``function`` name (``x.exp()``, ``F.exp(x)``,
``exp(x)`` on the command line) or the ``syntax`` of its operator.

``TABLE`` at the end lists every built-in op: the single source for the
gradient tests, ``autograd.testing``'s strategies, the command line's
functions and the README's op list.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from . import kernels as F
from .domain import NONZERO, POSITIVE, REAL, Domain
from .op import Op, apply

__all__ = [
    "Op",
    "apply",
    "Domain",
    "REAL",
    "POSITIVE",
    "NONZERO",
    "Function",
    "Add",
    "Sub",
    "Mul",
    "Div",
    "Neg",
    "Pow",
    "PowConst",
    "Exp",
    "Log",
    "Sin",
    "Cos",
    "Tanh",
    "Sigmoid",
    "ReLU",
    "Abs",
    "Clip",
    "Where",
    "AddN",
    "MatMul",
    "Sum",
    "Max",
    "LogSoftmax",
    "Reshape",
    "Transpose",
    "BroadcastTo",
    "SumTo",
    "GetItem",
    "ScatterAdd",
    "TABLE",
    "FUNCTIONS",
    "ALL",
    "scatter_add",
    "ADD",
    "SUB",
    "MUL",
    "DIV",
    "NEG",
    "POW",
    "EXP",
    "LOG",
    "SIN",
    "COS",
    "TANH",
    "SIGMOID",
    "RELU",
    "ABS",
    "MATMUL",
    "ADD_N",
]

ALL = None  # needs=ALL: used when an op is called directly, outside the engine


class Function(Op):
    """An element-wise op on Values and Tensors that has a source form.

    ``function``: its name as a method and a function (``x.exp()``,
    ``F.exp(x)``, ``exp(x)`` on the command line), for one-input functions;
    ``syntax``: how it is written in source code, ``{0}``, ``{1}`` standing for
    its inputs (default: ``function({0})``).
    """

    function: str | None = None
    syntax: str = ""

    def source(self, *args: str) -> str:
        """The op applied to the source texts ``args``, as Python source."""
        syntax = self.syntax or f"{self.function}({{0}})"
        return syntax.format(*args)


# ---------------------------------------------------------------------------
# Element-wise ops (Value and Tensor). Binary ops see equal shapes: a Tensor
# broadcasts its inputs with BroadcastTo first, so each rule stays simple.


class Add(Function):
    """y = a + b"""

    name = "Add"
    derivatives = "∂y/∂a = 1, ∂y/∂b = 1"
    syntax = "({0} + {1})"

    def forward(self, a, b):
        return a + b

    def backward(self, g, y, a, b):
        return g, g


class Sub(Function):
    """y = a - b"""

    name = "Sub"
    derivatives = "∂y/∂a = 1, ∂y/∂b = -1"
    syntax = "({0} - {1})"

    def forward(self, a, b):
        return a - b

    def backward(self, g, y, a, b, needs=ALL):
        return g, (-g if needs is ALL or needs[1] else None)


class Mul(Function):
    """y = a * b"""

    name = "Mul"
    derivatives = "∂y/∂a = b, ∂y/∂b = a"
    syntax = "({0} * {1})"

    def forward(self, a, b):
        return a * b

    def backward(self, g, y, a, b, needs=ALL):
        if needs is ALL:
            return g * b, g * a
        return (g * b if needs[0] else None), (g * a if needs[1] else None)


class Div(Function):
    """y = a / b"""

    name = "Div"
    derivatives = "∂y/∂a = 1/b, ∂y/∂b = -a/b² = -y/b"
    domain = (REAL, NONZERO)
    syntax = "({0} / {1})"

    def forward(self, a, b):
        return F.divide(a, b)

    def backward(self, g, y, a, b, needs=ALL):
        ga = F.divide(g, b) if needs is ALL or needs[0] else None
        gb = F.divide(-g * y, b) if needs is ALL or needs[1] else None
        return ga, gb


class Neg(Function):
    """y = -x"""

    name = "Neg"
    derivatives = "∂y/∂x = -1"
    syntax = "(-{0})"

    def forward(self, x):
        return -x

    def backward(self, g, y, x):
        return (-g,)


class Pow(Function):
    """y = a ** b

    At a = 0 the limits are taken as PyTorch does: ∂y/∂a = 0 where b = 0
    (not 0 · inf) and ∂y/∂b = 0 where b >= 0 (not 0 · -inf).
    """

    name = "Pow"
    derivatives = "∂y/∂a = b·a^(b-1), ∂y/∂b = y·log(a)"
    domain = (POSITIVE, REAL)
    syntax = "({0} ** {1})"

    def forward(self, a, b):
        return F.power(a, b)

    def backward(self, g, y, a, b, needs=ALL):
        # Masks are constants, so away from the special points the rule (and
        # its own derivative) is unchanged.
        ga = gb = None
        if needs is ALL or needs[0]:  # b = 0 where a ** -1 overflows: 0 · a**0 = 0
            b_safe = b + _overflowing_base(a) * (F.raw(b) == 0)
            ga = g * (b * F.power(a, b_safe - 1))
        if needs is ALL or needs[1]:  # a = 0 and b >= 0: y · log(1) = 0
            a_safe = a + (F.raw(a) == 0) * (F.raw(b) >= 0)
            gb = g * (y * F.log(a_safe))
        return ga, gb


def _overflowing_base(a: Any) -> Any:
    """True where ``a ** -1`` is not finite: a base of 0, subnormal, or nan."""
    a = F.raw(a)
    if type(a) is float:
        return not abs(a) >= sys.float_info.min
    return ~(np.abs(a) >= np.finfo(a.dtype).tiny)


class PowConst(Function):
    """y = x ** c for a constant number c"""

    name = "Pow"
    derivatives = "∂y/∂x = c·x^(c-1)"

    def __init__(self, exponent: float) -> None:
        self.exponent = exponent

    @property
    def domain(self) -> tuple[Domain, ...]:
        """x > 0 for a fractional c, x ≠ 0 for a negative c, else any x"""
        c = self.exponent
        if c != int(c):
            return (POSITIVE,)  # a fractional power of a negative number is nan
        return (NONZERO,) if c < 1 and c != 0 else (REAL,)

    def source(self, *args: str) -> str:
        return f"({args[0]} ** {self.exponent:g})"

    def forward(self, x):
        return F.power(x, self.exponent)

    def backward(self, g, y, x):
        c = self.exponent
        if c == 0:  # y = 1: the derivative is 0, also at x = 0 (not 0 · inf)
            return (g * 0.0,)
        return (g * (c * F.power(x, c - 1)),)

    def __repr__(self) -> str:
        return f"Pow(**{self.exponent:g})"


class Exp(Function):
    """y = exp(x)"""

    name = "Exp"
    derivatives = "∂y/∂x = exp(x) = y"
    function = "exp"

    def forward(self, x):
        return F.exp(x)

    def backward(self, g, y, x):
        return (g * y,)


class Log(Function):
    """y = log(x), the natural log"""

    name = "Log"
    derivatives = "∂y/∂x = 1/x"
    domain = (POSITIVE,)
    function = "log"

    def forward(self, x):
        return F.log(x)

    def backward(self, g, y, x):
        return (F.divide(g, x),)


class Sin(Function):
    """y = sin(x)"""

    name = "Sin"
    derivatives = "∂y/∂x = cos(x)"
    function = "sin"

    def forward(self, x):
        return F.sin(x)

    def backward(self, g, y, x):
        return (g * F.cos(x),)


class Cos(Function):
    """y = cos(x)"""

    name = "Cos"
    derivatives = "∂y/∂x = -sin(x)"
    function = "cos"

    def forward(self, x):
        return F.cos(x)

    def backward(self, g, y, x):
        return (-g * F.sin(x),)


class Tanh(Function):
    """y = tanh(x)"""

    name = "Tanh"
    derivatives = "∂y/∂x = 1 - y²"
    function = "tanh"

    def forward(self, x):
        return F.tanh(x)

    def backward(self, g, y, x):
        return (g * (1.0 - y * y),)


class Sigmoid(Function):
    """y = 1 / (1 + exp(-x))"""

    name = "Sigmoid"
    derivatives = "∂y/∂x = y·(1 - y)"
    function = "sigmoid"

    def forward(self, x):
        return F.sigmoid(x)

    def backward(self, g, y, x):
        return (g * (y * (1.0 - y)),)


class ReLU(Function):
    """y = max(x, 0)"""

    name = "ReLU"
    derivatives = "∂y/∂x = 1 where x > 0, else 0 (0 at 0, as in PyTorch)"
    domain = (Domain(kinks=(0.0,)),)
    function = "relu"

    def forward(self, x):
        return F.relu(x)

    def backward(self, g, y, x):
        return (g * (F.raw(x) > 0),)


class Abs(Function):
    """y = abs(x)"""

    name = "Abs"
    derivatives = "∂y/∂x = sign(x) (0 at 0)"
    domain = (Domain(kinks=(0.0,)),)
    function = "abs"

    def forward(self, x):
        return F.abs(x)

    def backward(self, g, y, x):
        return (g * F.sign(x),)


class Clip(Op):
    """y = min(max(x, low), high)"""

    name = "Clip"
    derivatives = "∂y/∂x = 1 where low ≤ x ≤ high, else 0"

    def __init__(self, low: Any, high: Any) -> None:
        self.low, self.high = low, high

    @property
    def domain(self) -> tuple[Domain, ...]:
        """any x, not differentiable at low and high"""
        bounds = [b for b in (self.low, self.high) if b is not None and np.ndim(b) == 0]
        return (Domain(kinks=tuple(float(b) for b in bounds)),)

    def forward(self, x):
        return F.clip(x, self.low, self.high)

    def backward(self, g, y, x):
        x = F.raw(x)
        inside = True if self.low is None else (x >= self.low)
        if self.high is not None:
            inside = inside & (x <= self.high)
        return (g * inside,)

    def __repr__(self) -> str:
        return f"Clip({_bound(self.low)}, {_bound(self.high)})"


def _bound(b: Any) -> str:
    return "None" if b is None else f"{b:g}" if np.ndim(b) == 0 else f"array{np.shape(b)}"


class Where(Op):
    """y = a where the condition holds, else b (the condition is a constant)"""

    name = "Where"
    derivatives = "∂y/∂a = 1 where the condition holds, ∂y/∂b = 1 elsewhere"

    def __init__(self, condition: Any) -> None:
        self.condition = condition

    def forward(self, a, b):
        return F.where(self.condition, a, b)

    def backward(self, g, y, a, b, needs=ALL):
        zero = 0.0 * g
        ga = F.where(self.condition, g, zero) if needs is ALL or needs[0] else None
        gb = F.where(self.condition, zero, g) if needs is ALL or needs[1] else None
        return ga, gb


class AddN(Op):
    """y = x1 + x2 + ... + xn (one node, drawn as Add)"""

    name = "Add"
    derivatives = "∂y/∂xᵢ = 1"

    def forward(self, *xs):
        return sum(xs)  # left to right, exactly as a chain of + would

    def backward(self, g, y, *xs):
        return (g,) * len(xs)


# ---------------------------------------------------------------------------
# Array ops (Tensor only). Their rules give the gradient of a loss L directly.


class MatMul(Op):
    """y = a @ b (matrices, or stacks of them)"""

    name = "MatMul"
    derivatives = "∂L/∂a = g @ bᵀ, ∂L/∂b = aᵀ @ g (summed over broadcast batch axes)"
    elementwise = False

    def forward(self, a, b):
        return a @ b

    def backward(self, g, y, a, b, needs=ALL):
        ga = g @ b.mT if needs is ALL or needs[0] else None
        gb = a.mT @ g if needs is ALL or needs[1] else None
        if a.ndim > 2 or b.ndim > 2:  # stacks of matrices: sum over broadcast batch axes
            ga = None if ga is None else F.sum_to(ga, a.shape)
            gb = None if gb is None else F.sum_to(gb, b.shape)
        return ga, gb


class Sum(Op):
    """y = sum(x, axis)"""

    name = "Sum"
    derivatives = "∂L/∂x = g broadcast back over the summed axes"

    def __init__(self, axis: tuple[int, ...] | None, keepdims: bool) -> None:
        self.axis, self.keepdims = axis, keepdims

    def forward(self, x):
        return x.sum(axis=self.axis, keepdims=self.keepdims)

    def backward(self, g, y, x):
        shape = x.shape
        return (F.broadcast_to(g.reshape(_keepdims_shape(shape, self.axis)), shape),)


class Max(Op):
    """y = max(x, axis)"""

    name = "Max"
    derivatives = "∂y/∂x = 1 at the maximum (split evenly between ties), else 0"

    def __init__(self, axis: tuple[int, ...] | None, keepdims: bool) -> None:
        self.axis, self.keepdims = axis, keepdims

    def forward(self, x):
        return np.max(x, axis=self.axis, keepdims=self.keepdims)

    def backward(self, g, y, x):
        kshape = _keepdims_shape(x.shape, self.axis)
        data = F.raw(x)
        mask = data == np.reshape(F.raw(y), kshape)
        share = (mask / np.sum(mask, axis=self.axis, keepdims=True)).astype(data.dtype)
        return (F.broadcast_to(g.reshape(kshape), x.shape) * share,)


class LogSoftmax(Op):
    """y = x - log(sum(exp(x), axis))"""

    name = "LogSoftmax"
    derivatives = "∂L/∂x = g - softmax(x) · sum(g, axis), softmax(x) = exp(y)"

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def forward(self, x):
        if x.shape[self.axis] == 0:
            return x.copy()  # nothing to normalise over
        shifted = x - x.max(axis=self.axis, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=self.axis, keepdims=True))

    def backward(self, g, y, x):
        # y <= 0 (a log-probability), so exp(y) cannot overflow: on an array, np.exp
        # needs no F.exp's errstate (2 µs of every training step)
        softmax = np.exp(y) if type(y) is np.ndarray else F.exp(y)
        return (g - softmax * g.sum(axis=self.axis, keepdims=True),)


class Reshape(Op):
    """y = reshape(x, shape)"""

    name = "Reshape"
    derivatives = "∂L/∂x = g reshaped back"

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, x):
        return np.reshape(x, self.shape)

    def backward(self, g, y, x):
        return (g.reshape(x.shape),)


class Transpose(Op):
    """y = transpose(x, axes)"""

    name = "Transpose"
    derivatives = "∂L/∂x = g transposed back"

    def __init__(self, axes: tuple[int, ...]) -> None:
        self.axes = axes

    def forward(self, x):
        return np.transpose(x, self.axes)

    def backward(self, g, y, x):
        return (g.transpose(tuple(np.argsort(self.axes))),)


class BroadcastTo(Op):
    """y = broadcast_to(x, shape)"""

    name = "BroadcastTo"
    derivatives = "∂L/∂x = g summed back to x's shape"

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, x):
        return np.broadcast_to(x, self.shape)

    def backward(self, g, y, x):
        return (F.sum_to(g, x.shape),)


class SumTo(Op):
    """y = x summed back to a given shape (undoes broadcasting)"""

    name = "SumTo"
    derivatives = "∂L/∂x = g broadcast back to x's shape"

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, x):
        return F.sum_to(x, self.shape)

    def backward(self, g, y, x):
        return (F.broadcast_to(g, x.shape),)


class GetItem(Op):
    """y = x[index]"""

    name = "GetItem"
    derivatives = "∂L/∂x = zeros with g added at index (repeated indices add up)"

    def __init__(self, index: Any) -> None:
        self.index = index

    def forward(self, x):
        return x[self.index]

    def backward(self, g, y, x):
        return (scatter_add(g, self.index, x.shape),)


class ScatterAdd(Op):
    """y = zeros(shape) with x added at index"""

    name = "ScatterAdd"
    derivatives = "∂L/∂x = g[index]"

    def __init__(self, index: Any, shape: tuple[int, ...]) -> None:
        self.index, self.shape = index, shape

    def forward(self, x):
        out = np.zeros(self.shape, dtype=np.result_type(x))
        np.add.at(out, self.index, x)
        return out

    def backward(self, g, y, x):
        return (g[self.index],)


def scatter_add(g: Any, index: Any, shape: tuple[int, ...]) -> Any:
    """Zeros of ``shape`` with ``g`` added at ``index`` (on raw data or a node)."""
    return apply(ScatterAdd(index, shape), g)


def _keepdims_shape(shape: tuple[int, ...], axis: tuple[int, ...] | None) -> tuple[int, ...]:
    if axis is None:
        return (1,) * len(shape)
    return tuple(1 if i in axis else n for i, n in enumerate(shape))


# The op table: every built-in op, in the order the README lists them.
TABLE: tuple[type[Op], ...] = (
    Add, Sub, Mul, Div, Neg, Pow, PowConst, Exp, Log, Sin, Cos, Tanh, Sigmoid, ReLU, Abs,
    Clip, Where, AddN,
    MatMul, Sum, Max, LogSoftmax, Reshape, Transpose, BroadcastTo, SumTo, GetItem, ScatterAdd,
)

# The one-input functions of Values and Tensors, by name: x.exp(), F.exp(x), exp(x) in the CLI.
FUNCTIONS: dict[str, Function] = {
    cls.function: cls() for cls in TABLE if issubclass(cls, Function) and cls.function
}

# Stateless ops are shared instances.
ADD, SUB, MUL, DIV, NEG, POW = Add(), Sub(), Mul(), Div(), Neg(), Pow()
EXP, LOG, SIN, COS = FUNCTIONS["exp"], FUNCTIONS["log"], FUNCTIONS["sin"], FUNCTIONS["cos"]
TANH, SIGMOID, RELU, ABS = (FUNCTIONS[n] for n in ("tanh", "sigmoid", "relu", "abs"))
MATMUL, ADD_N = MatMul(), AddN()
