"""Value: the scalar front end. Holds one Python float."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

from . import ops
from .arithmetic import Arithmetic
from .backward import Differentiable
from .node import Node, make_node, make_node_of
from .op import Op, mixed_front_ends


def as_float(x: Any, what: str) -> float:
    """``x`` as a float, or a TypeError naming what was passed and what is accepted."""
    if type(x) is float:
        return x
    if isinstance(x, (numbers.Real, np.bool_)) and not isinstance(x, Node):
        try:
            return float(x)
        except OverflowError:
            raise ValueError(f"{what}: {x!r:.40} is too large for a float") from None
    if isinstance(x, np.ndarray) and x.shape == () and x.dtype.kind in "biuf":
        return float(x)
    hint = " (use Tensor for arrays)" if isinstance(x, (list, tuple, np.ndarray, Node)) else ""
    raise TypeError(
        f"{what} takes a real number (int or float); got {type(x).__name__} {x!r:.60}{hint}"
    )


class Value(Arithmetic, Differentiable, Node):
    """A scalar in the computational graph.

    >>> x = Value(2.0, label="x")
    >>> y = x * x + 1
    >>> y.backward()
    >>> x.grad
    4.0
    """

    __slots__ = ()
    _initial_grad = 0.0

    def __init__(self, data: float, *, label: str = "", requires_grad: bool = True) -> None:
        self._init_leaf(as_float(data, "Value"), label, requires_grad)

    @classmethod
    def _constant(cls, data: Any) -> Value:
        return Value(data, requires_grad=False)

    def _seed(self) -> float:
        return 1.0

    def _check_grad(self, grad: Any) -> Any:
        if isinstance(grad, Value):
            return grad
        return as_float(grad, "backward(grad=...)")

    # -- building the graph ------------------------------------------------
    @staticmethod
    def _apply_op(op: Op, inputs: tuple) -> Value:
        """Run ``op`` on ``inputs`` (Values or numbers) and record its node."""
        if len(inputs) == 2:  # the common cases, written out for speed
            a, b = inputs
            if not isinstance(a, Value):
                a = _operand(a, op)
            if not isinstance(b, Value):
                b = _operand(b, op)
            data = op.forward(a.data, b.data)
            if type(data) is not float:
                data = _output(data, op)
            return make_node(Value, data, op, a, b)
        if len(inputs) == 1 and isinstance(inputs[0], Value):
            data = op.forward(inputs[0].data)
            if type(data) is not float:
                data = _output(data, op)
            return make_node(Value, data, op, inputs[0])
        if not all(isinstance(x, Value) for x in inputs):
            inputs = tuple(_operand(x, op) for x in inputs)
        data = op.forward(*[x.data for x in inputs])
        if type(data) is not float:
            data = _output(data, op)
        return make_node_of(Value, data, op, inputs)

    def clip(self, low: float | None = None, high: float | None = None) -> Value:
        """min(max(x, low), high); the gradient passes where low <= x <= high."""
        low = None if low is None else as_float(low, "clip low")
        high = None if high is None else as_float(high, "clip high")
        return self._apply_op(ops.Clip(low, high), (self,))

    # -- reading ---------------------------------------------------------------
    shape: tuple[int, ...] = ()  # a Value reads like a 0-d tensor
    ndim = 0
    size = 1
    dtype = np.dtype(np.float64)

    def item(self) -> float:
        return self.data

    def __float__(self) -> float:
        return self.data

    def __int__(self) -> int:
        """Truncated toward 0, as ``int()`` of a float (and of a PyTorch tensor)."""
        return int(self.data)

    def __bool__(self) -> bool:
        """False for 0.0, as ``bool(torch.tensor(0.))``."""
        return self.data != 0.0

    def detach(self) -> Value:
        """A new leaf with the same data and no history."""
        return Value(self.data, label=self.label, requires_grad=False)

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={_fmt(self.grad)}{label})"


def _operand(x: Any, op: Op) -> Value:
    """An input of a Value op: a Value, or a number made a constant Value."""
    if type(x) is float or (type(x) is int and -_EXACT_INT <= x <= _EXACT_INT):
        return _constant(float(x))  # the commonest numbers (2 * x, sum's 0), without as_float
    if isinstance(x, Value):
        return x
    if isinstance(x, Node):
        raise mixed_front_ends(op, "Value", x)
    return _constant(as_float(x, f"Value {op.name}"))


def _constant(x: float) -> Value:
    """A constant leaf holding the float ``x``: ``Value(x, requires_grad=False)``, made
    directly, for the numbers in expressions such as ``2 * x``."""
    out = _new(Value)
    out._init_leaf(x, "", False)
    return out


def _output(data: Any, op: Op) -> float:
    """What ``op.forward`` returned for Value inputs, as a float."""
    if isinstance(data, (numbers.Real, np.bool_)) or (
        isinstance(data, np.ndarray) and data.size == 1 and data.dtype.kind in "biuf"
    ):
        return float(data)
    raise TypeError(
        f"{op.name}.forward returned {type(data).__name__} {data!r:.60} for Value inputs; "
        "it must return one number"
    )


_new = object.__new__
_EXACT_INT = 2**53  # ints up to this size are exactly floats


def _fmt(x: Any) -> str:
    return f"{x:.6g}" if isinstance(x, float) else repr(x)


def sum_values(values: Iterable[Value | float]) -> Value:
    """Sum many Values as one Add node with many inputs.

    Same result as Python's ``sum``, but one node instead of a chain of
    ``len(values) - 1`` Add nodes: faster, and a flatter drawing.
    """
    nodes = tuple(
        v if isinstance(v, Value) else Value(as_float(v, "sum_values"), requires_grad=False)
        for v in values
    )
    if not nodes:
        return Value(0.0, requires_grad=False)
    if len(nodes) == 1:
        return nodes[0]
    return Value._apply_op(ops.ADD_N, nodes)
