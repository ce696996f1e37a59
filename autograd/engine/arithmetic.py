"""Operators and element-wise methods shared by Value and Tensor.

A front end mixes this in and provides ``_apply_op(op, inputs)``: run ``op`` on
``inputs`` (converting numbers and arrays to its own kind) and record the
node. That is also what ``autograd.apply`` and ``MyOp()(x)`` call, so a
user-written op costs no more per node than a built-in one.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any, TypeVar

from . import ops
from .node import Node

T = TypeVar("T", bound="Arithmetic")


class Arithmetic:
    """``+ - * / **``, unary ``- + abs()``, and one method per op of ``ops.METHODS``:
    ``exp log sin cos tanh sigmoid relu abs``."""

    __slots__ = ()
    _apply_op: Callable[[ops.Op, tuple], Any]

    def __add__(self: T, other: Any) -> T:
        return self._apply_op(ops.ADD, (self, other))

    def __radd__(self: T, other: Any) -> T:
        return self._apply_op(ops.ADD, (other, self))

    def __sub__(self: T, other: Any) -> T:
        return self._apply_op(ops.SUB, (self, other))

    def __rsub__(self: T, other: Any) -> T:
        return self._apply_op(ops.SUB, (other, self))

    def __mul__(self: T, other: Any) -> T:
        return self._apply_op(ops.MUL, (self, other))

    def __rmul__(self: T, other: Any) -> T:
        return self._apply_op(ops.MUL, (other, self))

    def __truediv__(self: T, other: Any) -> T:
        return self._apply_op(ops.DIV, (self, other))

    def __rtruediv__(self: T, other: Any) -> T:
        return self._apply_op(ops.DIV, (other, self))

    def __pow__(self: T, other: Any) -> T:
        if isinstance(other, numbers.Real) and not isinstance(other, Node):
            return self._apply_op(ops.PowConst(_exponent(self, other)), (self,))  # a constant
        return self._apply_op(ops.POW, (self, other))

    def __rpow__(self: T, other: Any) -> T:
        return self._apply_op(ops.POW, (other, self))

    def __pos__(self: T) -> T:
        return self

    def __neg__(self: T) -> T:
        return self._apply_op(ops.NEG, (self,))

    def __abs__(self: T) -> T:
        return self._apply_op(ops.ABS, (self,))


def _exponent(base: Any, c: numbers.Real) -> float:
    """The number ``c`` as a float exponent, or a ValueError if it is too large for one."""
    try:
        return float(c)
    except OverflowError:
        raise ValueError(
            f"{type(base).__name__} ** {c!r:.40}: the exponent is too large for a float"
        ) from None


def _method(op: ops.Elementwise) -> Callable[[Any], Any]:
    def method(self: Any) -> Any:
        return self._apply_op(op, (self,))

    method.__name__ = op.method or op.name
    method.__qualname__ = f"Arithmetic.{method.__name__}"
    method.__doc__ = (
        f"{op.__doc__}: {op.derivatives}. The same as autograd.functions.{op.method}(x)."
    )
    return method


for _op in ops.METHODS.values():  # x.exp(), x.log(), x.sin(), ...
    setattr(Arithmetic, _op.method, _method(_op))
