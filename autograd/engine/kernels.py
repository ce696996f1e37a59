"""IEEE-safe math on raw data: Python floats (with ``math``) and numpy arrays.

What the ops' ``forward`` methods compute, and what their rules compute on
the fast path. None of these functions knows graph nodes (the functions of
:mod:`autograd.functions`, in ``ops.py``, send nodes to their ops and raw data
here), and none warns or raises on a bad number: ``log(0) = -inf``,
``log(-1) = nan``, ``exp(1000) = inf``, ``x / 0 = ±inf``,
``(-8) ** (1/3) = nan`` (never a complex number).
"""

from __future__ import annotations

import builtins
import math
import sys
from typing import Any

import numpy as np


def exp(x: Any) -> Any:
    """e ** x; overflows to inf."""
    if type(x) is float:
        try:
            return math.exp(x)
        except OverflowError:
            return math.inf
    with np.errstate(over="ignore"):
        return np.exp(x)


def log(x: Any) -> Any:
    """Natural log: log(0) = -inf, log(x < 0) = nan."""
    if type(x) is float:
        if x > 0:
            return math.log(x)
        return -math.inf if x == 0 else math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


def sin(x: Any) -> Any:
    """sin(x), x in radians; sin(±inf) = nan."""
    if type(x) is float:
        return math.sin(x) if math.isfinite(x) else math.nan
    with np.errstate(invalid="ignore"):
        return np.sin(x)


def cos(x: Any) -> Any:
    """cos(x), x in radians; cos(±inf) = nan."""
    if type(x) is float:
        return math.cos(x) if math.isfinite(x) else math.nan
    with np.errstate(invalid="ignore"):
        return np.cos(x)


def tanh(x: Any) -> Any:
    """Hyperbolic tangent."""
    if type(x) is float:
        return math.tanh(x)
    return np.tanh(x)


def sigmoid(x: Any) -> Any:
    """1 / (1 + e ** -x), computed without overflow."""
    if type(x) is float:
        if x >= 0:
            return 1.0 / (1.0 + math.exp(-x))
        e = math.exp(x)
        return e / (1.0 + e)
    with np.errstate(over="ignore"):  # exp(-x) overflows harmlessly to inf: the result is 0
        return 1.0 / (1.0 + np.exp(-x))


def relu(x: Any) -> Any:
    """max(x, 0); nan stays nan."""
    if type(x) is float:
        return 0.0 if x <= 0.0 else x
    return np.maximum(x, 0)


def abs(x: Any) -> Any:  # noqa: A001 - numpy's and torch's name
    """``|x|``, the absolute value."""
    return builtins.abs(x)


def power(a: Any, b: Any) -> Any:
    """a ** b with IEEE results (nan, never a complex number or an exception)."""
    if type(a) is float and type(b) in (float, int):
        try:
            r = a**b
        except (OverflowError, ZeroDivisionError):
            with np.errstate(all="ignore"):
                r = float(np.power(np.float64(a), b))
        return math.nan if type(r) is complex else r
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
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.divide(a, b)


def sign(x: Any) -> Any:
    """-1, 0 or 1 (nan stays nan)."""
    if type(x) is float:
        return float((x > 0) - (x < 0)) if x == x else math.nan
    return np.sign(x)


def reciprocal_overflows(x: Any) -> Any:
    """True where ``1 / x`` is not finite: 0, a subnormal number, or nan."""
    if type(x) is float:
        return not math.fabs(x) >= sys.float_info.min
    return ~(np.abs(x) >= np.finfo(x.dtype).tiny)


def where(condition: Any, a: Any, b: Any) -> Any:
    """``a`` where ``condition`` holds, else ``b``."""
    if type(condition) is bool and type(a) is float and type(b) is float:
        return a if condition else b
    return np.where(condition, a, b)


def clip(x: Any, low: Any = None, high: Any = None) -> Any:
    """min(max(x, low), high) (as numpy: ``high`` wins if low > high); a bound may be None."""
    if type(x) is float:
        if low is not None and x < low:
            x = float(low)
        if high is not None and x > high:
            x = float(high)
        return x
    return np.clip(x, low, high)


def sum_to(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``x`` over the axes broadcasting added, back to ``shape`` (undoes broadcasting)."""
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
