"""Operators and element-wise functions shared by Value and Tensor.

A front end mixes this in and provides ``_apply(op)`` (a one-input op on
itself) and ``_apply2(op, other, swap=False)`` (a two-input op, converting
``other`` to its own kind first).
"""

from __future__ import annotations

import numbers
from typing import Any, TypeVar

from . import ops
from .graph import Node

T = TypeVar("T", bound="Arithmetic")


class Arithmetic:
    """``+ - * / **``, unary ``- + abs``, and exp, log, tanh, sigmoid, relu, abs, clip."""

    __slots__ = ()

    def _apply(self: T, op: ops.Op) -> T:
        raise NotImplementedError

    def _apply2(self: T, op: ops.Op, other: Any, swap: bool = False) -> T:
        raise NotImplementedError

    def __add__(self: T, other: Any) -> T:
        return self._apply2(ops.ADD, other)

    def __radd__(self: T, other: Any) -> T:
        return self._apply2(ops.ADD, other, swap=True)

    def __sub__(self: T, other: Any) -> T:
        return self._apply2(ops.SUB, other)

    def __rsub__(self: T, other: Any) -> T:
        return self._apply2(ops.SUB, other, swap=True)

    def __mul__(self: T, other: Any) -> T:
        return self._apply2(ops.MUL, other)

    def __rmul__(self: T, other: Any) -> T:
        return self._apply2(ops.MUL, other, swap=True)

    def __truediv__(self: T, other: Any) -> T:
        return self._apply2(ops.DIV, other)

    def __rtruediv__(self: T, other: Any) -> T:
        return self._apply2(ops.DIV, other, swap=True)

    def __pow__(self: T, other: Any) -> T:
        if isinstance(other, numbers.Real) and not isinstance(other, Node):
            return self._apply(ops.PowConst(float(other)))  # a constant exponent
        return self._apply2(ops.POW, other)

    def __rpow__(self: T, other: Any) -> T:
        return self._apply2(ops.POW, other, swap=True)

    def __pos__(self: T) -> T:
        return self

    def __neg__(self: T) -> T:
        return self._apply(ops.NEG)

    def __abs__(self: T) -> T:
        return self._apply(ops.ABS)

    def abs(self: T) -> T:
        """|x|; derivative sign(x), 0 at 0."""
        return self._apply(ops.ABS)

    def exp(self: T) -> T:
        """e ** x; overflows to inf."""
        return self._apply(ops.EXP)

    def log(self: T) -> T:
        """Natural log; log(0) = -inf and log(x < 0) = nan, as IEEE says."""
        return self._apply(ops.LOG)

    def tanh(self: T) -> T:
        return self._apply(ops.TANH)

    def sigmoid(self: T) -> T:
        """1 / (1 + e ** -x), computed without overflow."""
        return self._apply(ops.SIGMOID)

    def relu(self: T) -> T:
        """max(x, 0); derivative 0 at 0, as in PyTorch."""
        return self._apply(ops.RELU)

    def clip(self: T, low: float | None = None, high: float | None = None) -> T:
        """min(max(x, low), high); the gradient passes where low <= x <= high."""
        return self._apply(ops.Clip(low, high))
