"""The built-in ops, each forward beside its derivative rule, and the functions of them.

A rule is arithmetic and the functions defined here (``exp``, ``log``,
``divide``, ..., public as :mod:`autograd.functions`, ``F``) on whatever it is
given: Python floats (Value's fast path), numpy arrays (Tensor's fast path)
or graph nodes (when a higher-order gradient is asked for). A function sends
a node to its op (``exp(x)`` records an ``Exp`` node) and raw data to
:mod:`.kernels`. Each op also declares what the tools read (see
:class:`autograd.Op`): its drawn ``name``, its local ``derivatives``, its
``domain`` and kinks, and, for the element-wise ops expressions are built
from, the ``method`` name (``x.exp()``, ``F.exp(x)``, ``exp(x)`` on the
command line) or the ``syntax`` of its operator.

``TABLE`` at the end lists every built-in op: the single source for the
gradient tests, ``autograd.testing``'s strategies, the command line's
functions and the README's op list.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import kernels
from .domain import NONZERO, POSITIVE, REAL, Domain
from .node import Node
from .op import Op

__all__ = [
    "Op", "Elementwise", "Add", "Sub", "Mul", "Div", "Neg", "Pow", "PowConst", "Exp", "Log",
    "Sin", "Cos", "Tanh", "Sigmoid", "ReLU", "Abs", "Clip", "Where", "AddN", "MatMul", "Sum",
    "Max", "LogSoftmax", "Reshape", "Transpose", "BroadcastTo", "SumTo", "GetItem",
    "ScatterAdd", "scatter_add", "TABLE", "METHODS",
    "ADD", "SUB", "MUL", "DIV", "NEG", "POW", "EXP", "LOG", "SIN", "COS", "TANH", "SIGMOID",
    "RELU", "ABS", "MATMUL", "ADD_N",
    "Domain", "REAL", "POSITIVE", "NONZERO",
]  # (the functions at the end are autograd.functions' to export)


class Elementwise(Op):
    """An element-wise op of Values and Tensors that random expressions are built from.

    ``method``: its name as a method and a function (``x.exp()``,
    ``F.exp(x)``, ``exp(x)`` on the command line), for one-input ops;
    ``syntax``: how it is written in source code, ``{0}``, ``{1}`` standing for
    its inputs (default: ``method({0})``).
    """

    method: str | None = None
    syntax: str = ""

    def source(self, *args: str) -> str:
        """The op applied to the source texts ``args``, as Python source."""
        syntax = self.syntax or f"{self.method}({{0}})"
        return syntax.format(*args)


# ---------------------------------------------------------------------------
# Element-wise ops (Value and Tensor). Binary ops see equal shapes: a Tensor
# broadcasts its inputs with BroadcastTo first, so each rule stays simple.
# ``needs`` (see Op) is None when every input needs a gradient.


class Add(Elementwise):
    """y = a + b"""

    name = "Add"
    derivatives = "∂y/∂a = 1, ∂y/∂b = 1"
    gradient_rules = {"a": "g", "b": "g"}
    syntax = "({0} + {1})"

    def forward(self, a, b):
        return a + b

    def backward(self, g, y, a, b):
        return g, g


class Sub(Elementwise):
    """y = a - b"""

    name = "Sub"
    derivatives = "∂y/∂a = 1, ∂y/∂b = -1"
    gradient_rules = {"a": "g", "b": "-g"}
    syntax = "({0} - {1})"

    def forward(self, a, b):
        return a - b

    def backward(self, g, y, a, b, needs=None):
        _, b_needs = needs or (True, True)
        return g, (-g if b_needs else None)


class Mul(Elementwise):
    """y = a * b"""

    name = "Mul"
    derivatives = "∂y/∂a = b, ∂y/∂b = a"
    gradient_rules = {"a": "g * b", "b": "g * a"}
    syntax = "({0} * {1})"

    def forward(self, a, b):
        return a * b

    def backward(self, g, y, a, b, needs=None):
        a_needs, b_needs = needs or (True, True)
        return (g * b if a_needs else None), (g * a if b_needs else None)


class Div(Elementwise):
    """y = a / b"""

    name = "Div"
    derivatives = "∂y/∂a = 1/b, ∂y/∂b = -a/b² = -y/b"
    gradient_rules = {"a": "g / b", "b": "-g * y / b"}
    domain = (REAL, NONZERO)
    syntax = "({0} / {1})"

    def forward(self, a, b):
        return kernels.divide(a, b)

    def backward(self, g, y, a, b, needs=None):
        a_needs, b_needs = needs or (True, True)
        return (divide(g, b) if a_needs else None), (divide(-g * y, b) if b_needs else None)


class Neg(Elementwise):
    """y = -x"""

    name = "Neg"
    derivatives = "∂y/∂x = -1"
    gradient_rules = {"x": "-g"}
    syntax = "(-{0})"

    def forward(self, x):
        return -x

    def backward(self, g, y, x):
        return (-g,)


class Pow(Elementwise):
    """y = a ** b

    At a = 0 the limits are taken as PyTorch does: ∂y/∂a = 0 where b = 0
    (not 0 · inf) and ∂y/∂b = 0 where b >= 0 (not 0 · -inf).
    """

    name = "Pow"
    derivatives = "∂y/∂a = b·a^(b-1), ∂y/∂b = y·log(a)"
    gradient_rules = {"a": "g * (b * a ** (b - 1))", "b": "g * (y * log(a))"}
    domain = (POSITIVE, REAL)
    syntax = "({0} ** {1})"

    def forward(self, a, b):
        return kernels.power(a, b)

    def backward(self, g, y, a, b, needs=None):
        # Masks are constants, so away from the special points the rule (and
        # its own derivative) is unchanged.
        a_needs, b_needs = needs or (True, True)
        ga = gb = None
        if a_needs:  # b = 0 where a ** -1 overflows: 0 · a**0 = 0
            b_safe = b + kernels.reciprocal_overflows(raw(a)) * (raw(b) == 0)
            ga = g * (b * power(a, b_safe - 1))
        if b_needs:  # a = 0 and b >= 0: y · log(1) = 0
            a_safe = a + (raw(a) == 0) * (raw(b) >= 0)
            gb = g * (y * log(a_safe))
        return ga, gb


class PowConst(Elementwise):
    """y = x ** c for a constant number c"""

    name = "Pow"
    derivatives = "∂y/∂x = c·x^(c-1)"
    gradient_rules = {"x": "g * (exponent * x ** (exponent - 1))"}

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
        return kernels.power(x, self.exponent)

    def backward(self, g, y, x):
        c = self.exponent
        if c == 0:  # y = 1: the derivative is 0, also at x = 0 (not 0 · inf)
            return (g * 0.0,)
        return (g * (c * power(x, c - 1)),)

    def __repr__(self) -> str:
        return f"Pow(**{self.exponent:g})"


class Exp(Elementwise):
    """y = exp(x)"""

    name = "Exp"
    derivatives = "∂y/∂x = exp(x) = y"
    gradient_rules = {"x": "g * y"}
    method = "exp"

    def forward(self, x):
        return kernels.exp(x)

    def backward(self, g, y, x):
        return (g * y,)


class Log(Elementwise):
    """y = log(x), the natural log"""

    name = "Log"
    derivatives = "∂y/∂x = 1/x"
    gradient_rules = {"x": "g / x"}
    domain = (POSITIVE,)
    method = "log"

    def forward(self, x):
        return kernels.log(x)

    def backward(self, g, y, x):
        return (divide(g, x),)


class Sin(Elementwise):
    """y = sin(x)"""

    name = "Sin"
    derivatives = "∂y/∂x = cos(x)"
    gradient_rules = {"x": "g * cos(x)"}
    method = "sin"

    def forward(self, x):
        return kernels.sin(x)

    def backward(self, g, y, x):
        return (g * cos(x),)


class Cos(Elementwise):
    """y = cos(x)"""

    name = "Cos"
    derivatives = "∂y/∂x = -sin(x)"
    gradient_rules = {"x": "-g * sin(x)"}
    method = "cos"

    def forward(self, x):
        return kernels.cos(x)

    def backward(self, g, y, x):
        return (-g * sin(x),)


class Tanh(Elementwise):
    """y = tanh(x)"""

    name = "Tanh"
    derivatives = "∂y/∂x = 1 - y²"
    gradient_rules = {"x": "g * (1 - y ** 2)"}
    method = "tanh"

    def forward(self, x):
        return kernels.tanh(x)

    def backward(self, g, y, x):
        return (g * (1.0 - y * y),)


class Sigmoid(Elementwise):
    """y = 1 / (1 + exp(-x))"""

    name = "Sigmoid"
    derivatives = "∂y/∂x = y·(1 - y)"
    gradient_rules = {"x": "g * (y * (1 - y))"}
    method = "sigmoid"

    def forward(self, x):
        return kernels.sigmoid(x)

    def backward(self, g, y, x):
        return (g * (y * (1.0 - y)),)


class ReLU(Elementwise):
    """y = max(x, 0)"""

    name = "ReLU"
    derivatives = "∂y/∂x = 1 where x > 0, else 0 (0 at 0, as in PyTorch)"
    gradient_rules = {"x": "g * (x > 0)"}
    domain = (Domain(kinks=(0.0,)),)
    method = "relu"

    def forward(self, x):
        return kernels.relu(x)

    def backward(self, g, y, x):
        return (g * (raw(x) > 0),)


class Abs(Elementwise):
    """y = abs(x)"""

    name = "Abs"
    derivatives = "∂y/∂x = sign(x) (0 at 0)"
    gradient_rules = {"x": "g * sign(x)"}
    domain = (Domain(kinks=(0.0,)),)
    method = "abs"

    def forward(self, x):
        return kernels.abs(x)

    def backward(self, g, y, x):
        return (g * sign(x),)


class Clip(Op):
    """y = min(max(x, low), high)"""

    name = "Clip"
    derivatives = "∂y/∂x = 1 where low ≤ x ≤ high, else 0"
    gradient_rules = {"x": "g * inside(x)"}

    def __init__(self, low: Any, high: Any) -> None:
        self.low, self.high = low, high

    @property
    def domain(self) -> tuple[Domain, ...]:
        """any x, not differentiable at low and high"""
        bounds = [b for b in (self.low, self.high) if b is not None and np.ndim(b) == 0]
        return (Domain(kinks=tuple(float(b) for b in bounds)),)

    def forward(self, x):
        return kernels.clip(x, self.low, self.high)

    def backward(self, g, y, x):
        x = raw(x)
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
    gradient_rules = {"a": "where(condition, g, 0)", "b": "where(condition, 0, g)"}

    def __init__(self, condition: Any) -> None:
        self.condition = condition

    def forward(self, a, b):
        return kernels.where(self.condition, a, b)

    def backward(self, g, y, a, b, needs=None):
        a_needs, b_needs = needs or (True, True)
        zero = 0.0 * g
        return (where(self.condition, g, zero) if a_needs else None,
                where(self.condition, zero, g) if b_needs else None)


class AddN(Op):
    """y = x1 + x2 + ... + xn (one node, drawn as Add)"""

    name = "Add"
    derivatives = "∂y/∂xᵢ = 1"
    gradient_rules = {"xs": "g"}

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
    gradient_rules = {"a": "unbroadcast(g @ b.T)", "b": "unbroadcast(a.T @ g)"}
    elementwise = False

    def forward(self, a, b):
        return a @ b

    def backward(self, g, y, a, b, needs=None):
        a_needs, b_needs = needs or (True, True)
        ga = g @ b.mT if a_needs else None
        gb = a.mT @ g if b_needs else None
        if a.ndim > 2 or b.ndim > 2:  # stacks of matrices: sum over broadcast batch axes
            ga = None if ga is None else sum_to(ga, a.shape)
            gb = None if gb is None else sum_to(gb, b.shape)
        return ga, gb


class Sum(Op):
    """y = sum(x, axis)"""

    name = "Sum"
    derivatives = "∂L/∂x = g broadcast back over the summed axes"
    gradient_rules = {"x": "sum_back(g)"}

    def __init__(self, axis: tuple[int, ...] | None, keepdims: bool) -> None:
        self.axis, self.keepdims = axis, keepdims

    def forward(self, x):
        return x.sum(axis=self.axis, keepdims=self.keepdims)

    def backward(self, g, y, x):
        shape = x.shape
        return (broadcast_to(g.reshape(_keepdims_shape(shape, self.axis)), shape),)


class Max(Op):
    """y = max(x, axis)"""

    name = "Max"
    derivatives = "∂y/∂x = 1 at the maximum (split evenly between ties), else 0"
    gradient_rules = {"x": "sum_back(g) * max_share(x)"}

    def __init__(self, axis: tuple[int, ...] | None, keepdims: bool) -> None:
        self.axis, self.keepdims = axis, keepdims

    def forward(self, x):
        return np.max(x, axis=self.axis, keepdims=self.keepdims)

    def backward(self, g, y, x):
        kshape = _keepdims_shape(x.shape, self.axis)
        data = raw(x)
        mask = data == np.reshape(raw(y), kshape)
        share = (mask / np.sum(mask, axis=self.axis, keepdims=True)).astype(data.dtype)
        return (broadcast_to(g.reshape(kshape), x.shape) * share,)


class LogSoftmax(Op):
    """y = x - log(sum(exp(x), axis))"""

    name = "LogSoftmax"
    derivatives = "∂L/∂x = g - softmax(x) · sum(g, axis), softmax(x) = exp(y)"
    gradient_rules = {"x": "g - softmax(x) * sum_axis(g)"}

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def forward(self, x):
        if x.shape[self.axis] == 0:
            return x.copy()  # nothing to normalise over
        shifted = x - x.max(axis=self.axis, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=self.axis, keepdims=True))

    def backward(self, g, y, x):
        return (g - exp(y) * g.sum(axis=self.axis, keepdims=True),)


class Reshape(Op):
    """y = reshape(x, shape)"""

    name = "Reshape"
    derivatives = "∂L/∂x = g reshaped back"
    gradient_rules = {"x": "reshape_back(g)"}

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
    gradient_rules = {"x": "transpose_back(g)"}

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
    gradient_rules = {"x": "unbroadcast(g)"}

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, x):
        return np.broadcast_to(x, self.shape)

    def backward(self, g, y, x):
        return (sum_to(g, x.shape),)


class SumTo(Op):
    """y = x summed back to a given shape (undoes broadcasting)"""

    name = "SumTo"
    derivatives = "∂L/∂x = g broadcast back to x's shape"
    gradient_rules = {"x": "expand(g)"}

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, x):
        return kernels.sum_to(x, self.shape)

    def backward(self, g, y, x):
        return (broadcast_to(g, x.shape),)


class GetItem(Op):
    """y = x[index]"""

    name = "GetItem"
    derivatives = "∂L/∂x = zeros with g added at index (repeated indices add up)"
    gradient_rules = {"x": "scatter(g)"}

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
    gradient_rules = {"x": "gather(g)"}

    def __init__(self, index: Any, shape: tuple[int, ...]) -> None:
        self.index, self.shape = index, shape

    def forward(self, x):
        out = np.zeros(self.shape, dtype=np.result_type(x))
        np.add.at(out, self.index, x)
        return out

    def backward(self, g, y, x):
        return (g[self.index],)


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

# The ops that are methods of Values and Tensors, by name: x.exp(), F.exp(x), exp(x) in the CLI.
METHODS: dict[str, Elementwise] = {
    cls.method: cls() for cls in TABLE if issubclass(cls, Elementwise) and cls.method
}

# Stateless ops are shared instances.
ADD, SUB, MUL, DIV, NEG, POW = Add(), Sub(), Mul(), Div(), Neg(), Pow()
EXP, LOG, SIN, COS = METHODS["exp"], METHODS["log"], METHODS["sin"], METHODS["cos"]
TANH, SIGMOID, RELU, ABS = (METHODS[n] for n in ("tanh", "sigmoid", "relu", "abs"))
MATMUL, ADD_N = MatMul(), AddN()


# ---------------------------------------------------------------------------
# The functions rules are written with (public as autograd.functions): a graph
# node goes to its op, which records the node; raw data to the kernels.


def raw(x: Any) -> Any:
    """The plain data behind ``x`` (a float or array): a constant, for masks."""
    return x.data if isinstance(x, Node) else x


def exp(x: Any) -> Any:
    """e ** x; overflows to inf."""
    return EXP(x) if isinstance(x, Node) else kernels.exp(x)


def log(x: Any) -> Any:
    """Natural log: log(0) = -inf, log(x < 0) = nan."""
    return LOG(x) if isinstance(x, Node) else kernels.log(x)


def sin(x: Any) -> Any:
    """sin(x), x in radians; sin(±inf) = nan."""
    return SIN(x) if isinstance(x, Node) else kernels.sin(x)


def cos(x: Any) -> Any:
    """cos(x), x in radians; cos(±inf) = nan."""
    return COS(x) if isinstance(x, Node) else kernels.cos(x)


def tanh(x: Any) -> Any:
    """Hyperbolic tangent."""
    return TANH(x) if isinstance(x, Node) else kernels.tanh(x)


def sigmoid(x: Any) -> Any:
    """1 / (1 + e ** -x), computed without overflow."""
    return SIGMOID(x) if isinstance(x, Node) else kernels.sigmoid(x)


def relu(x: Any) -> Any:
    """max(x, 0); nan stays nan."""
    return RELU(x) if isinstance(x, Node) else kernels.relu(x)


def abs(x: Any) -> Any:  # noqa: A001 - the name learners expect, as numpy's and torch's
    """``|x|``, the absolute value."""
    return ABS(x) if isinstance(x, Node) else kernels.abs(x)


def sqrt(x: Any) -> Any:
    """x ** 0.5; sqrt(x < 0) = nan."""
    return x**0.5 if isinstance(x, Node) else kernels.power(x, 0.5)


def power(a: Any, b: Any) -> Any:
    """a ** b with IEEE results (nan, never a complex number or an exception)."""
    if isinstance(a, Node) or isinstance(b, Node):
        return a**b
    return kernels.power(a, b)


def divide(a: Any, b: Any) -> Any:
    """a / b with IEEE results: x/0 = ±inf, 0/0 = nan, never an exception."""
    if isinstance(a, Node) or isinstance(b, Node):
        return a / b
    return kernels.divide(a, b)


def sign(x: Any) -> Any:
    """-1, 0 or 1 (nan stays nan), as a constant: its derivative is 0 wherever it exists."""
    return kernels.sign(raw(x))


def where(condition: Any, a: Any, b: Any) -> Any:
    """``a`` where ``condition`` holds, else ``b``; the gradient flows to the side chosen.

    ``condition`` is a constant (a bool, or a bool array; a node's data is used).
    """
    condition = raw(condition)
    if isinstance(a, Node) or isinstance(b, Node):
        return Where(condition)(a, b)
    return kernels.where(condition, a, b)


def clip(x: Any, low: Any = None, high: Any = None) -> Any:
    """min(max(x, low), high) (as numpy: ``high`` wins if low > high); either bound may be None.

    The gradient passes where ``low <= x <= high``.
    """
    return x.clip(low, high) if isinstance(x, Node) else kernels.clip(x, low, high)


def broadcast_to(x: Any, shape: tuple[int, ...]) -> Any:
    """``x`` repeated along new or size-1 axes to ``shape`` (numpy's broadcasting)."""
    return x.broadcast_to(shape) if isinstance(x, Node) else np.broadcast_to(x, shape)


def sum_to(x: Any, shape: tuple[int, ...]) -> Any:
    """Sum ``x`` over the axes broadcasting added, back to ``shape`` (undoes broadcast_to)."""
    return x.sum_to(shape) if isinstance(x, Node) else kernels.sum_to(x, shape)


def scatter_add(g: Any, index: Any, shape: tuple[int, ...]) -> Any:
    """Zeros of ``shape`` with ``g`` added at ``index`` (on raw data or a node)."""
    return ScatterAdd(index, shape)(g)
