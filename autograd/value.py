"""Value: the scalar front end. Holds one Python float."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

from . import ops
from .arithmetic import Arithmetic
from .graph import Node, Op, make_node


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


class Value(Arithmetic, Node):
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
        self._init_leaf(as_float(data, "Value"), label, requires_grad)

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
        a, b = self, other
        if swap:
            a, b = other, self
        return make_node(Value, op.forward(a.data, b.data), op, (a, b))


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
