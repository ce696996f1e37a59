"""Value: the scalar front end. Holds one Python float."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

from . import ops
from .graph import Node, Op, current_scope, make_node


def as_float(x: Any, what: str) -> float:
    """``x`` as a float, or a TypeError naming what was passed and what is accepted."""
    if type(x) is float:
        return x
    if isinstance(x, numbers.Real) and not isinstance(x, Node):
        return float(x)
    if isinstance(x, np.ndarray) and x.shape == () and x.dtype.kind in "biuf":
        return float(x)
    hint = " (use Tensor for arrays)" if isinstance(x, (list, tuple, np.ndarray, Node)) else ""
    raise TypeError(
        f"{what} takes a real number (int or float); got {type(x).__name__} {x!r}{hint}"
    )


class Value(Node):
    """A scalar in the computational graph.

    >>> x = Value(2.0, label="x")
    >>> y = x * x + 1
    >>> y.backward()
    >>> x.grad
    4.0
    """

    __slots__ = ()
    _initial_grad = 0.0

    def __init__(self, data: float, label: str = "", requires_grad: bool = True) -> None:
        self.data = as_float(data, "Value")
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str; got {type(label).__name__} {label!r}")
        self.grad = 0.0
        self.label = label
        self.requires_grad = bool(requires_grad)
        self.parents = ()
        self.op = None
        self.scope = current_scope()

    @classmethod
    def _constant(cls, data: Any) -> Value:
        return cls(data, requires_grad=False)

    def _seed(self) -> float:
        return 1.0

    def _check_grad(self, grad: Any) -> Any:
        if isinstance(grad, Value):
            return grad
        return as_float(grad, "backward(grad=...)")

    # -- building the graph ------------------------------------------------
    def _apply(self, op: Op) -> Value:
        return make_node(Value, op.forward(self.data), op, (self,))

    def _apply2(self, op: Op, other: Any, swap: bool = False) -> Value:
        if not isinstance(other, Value):
            other = Value(as_float(other, f"Value {op.name}"), requires_grad=False)
        a, b = (other, self) if swap else (self, other)
        return make_node(Value, op.forward(a.data, b.data), op, (a, b))

    def __add__(self, other: Any) -> Value:
        return self._apply2(ops.ADD, other)

    def __radd__(self, other: Any) -> Value:
        return self._apply2(ops.ADD, other, swap=True)

    def __sub__(self, other: Any) -> Value:
        return self._apply2(ops.SUB, other)

    def __rsub__(self, other: Any) -> Value:
        return self._apply2(ops.SUB, other, swap=True)

    def __mul__(self, other: Any) -> Value:
        return self._apply2(ops.MUL, other)

    def __rmul__(self, other: Any) -> Value:
        return self._apply2(ops.MUL, other, swap=True)

    def __truediv__(self, other: Any) -> Value:
        return self._apply2(ops.DIV, other)

    def __rtruediv__(self, other: Any) -> Value:
        return self._apply2(ops.DIV, other, swap=True)

    def __pow__(self, other: Any) -> Value:
        if isinstance(other, Value):
            return self._apply2(ops.POW, other)
        return self._apply(ops.PowConst(as_float(other, "Value ** (exponent)")))

    def __rpow__(self, other: Any) -> Value:
        return self._apply2(ops.POW, other, swap=True)

    def __pos__(self) -> Value:
        return self

    def __neg__(self) -> Value:
        return self._apply(ops.NEG)

    def exp(self) -> Value:
        """e ** self"""
        return self._apply(ops.EXP)

    def log(self) -> Value:
        """Natural log; log(0) = -inf and log(x < 0) = nan, as IEEE says."""
        return self._apply(ops.LOG)

    def tanh(self) -> Value:
        return self._apply(ops.TANH)

    def sigmoid(self) -> Value:
        return self._apply(ops.SIGMOID)

    def relu(self) -> Value:
        return self._apply(ops.RELU)

    def abs(self) -> Value:
        return self._apply(ops.ABS)

    def __abs__(self) -> Value:
        return self._apply(ops.ABS)

    def clip(self, low: float | None = None, high: float | None = None) -> Value:
        return self._apply(ops.Clip(low, high))

    # -- reading ---------------------------------------------------------------
    def item(self) -> float:
        return self.data

    def __float__(self) -> float:
        return self.data

    def detach(self) -> Value:
        """A new leaf with the same data and no history."""
        return Value(self.data, label=self.label, requires_grad=False)

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:.6g}, grad={_fmt(self.grad)}{label})"


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
    return make_node(Value, ops.ADD_N.forward(*[n.data for n in nodes]), ops.ADD_N, nodes)
