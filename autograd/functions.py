"""The functions derivative rules are written with: ``from autograd import functions as F``.

Each looks at what it is given: a Python float (Value's fast path, computed
with ``math``), a numpy array (Tensor's fast path) or a graph node (a Value or
Tensor, when a higher-order gradient is being built, or when you call it
yourself: ``F.sin(x)`` records a ``Sin`` node). So a rule written with them,
like ``g * F.cos(x)``, runs unchanged on all three, and every op gets second
derivatives without writing anything more.

All follow IEEE arithmetic and never warn or raise on a bad number:
``log(0) = -inf``, ``log(-1) = nan``, ``exp(1000) = inf``, ``x / 0 = ±inf``,
``(-8) ** (1/3) = nan`` (never a complex number). ``sign`` and ``raw`` give
constants (plain data): use them for masks, whose derivative is zero.

The names are numpy's and PyTorch's; DeZero's ``dezero.functions`` is the
same idea. (Not to be confused with :mod:`autograd.functional`: Jacobians,
Hessians and vector products of whole functions.) They live in
:mod:`autograd.engine.ops`, each next to its op; this module is their public
name.
"""

from .engine.ops import (
    abs,
    broadcast_to,
    clip,
    cos,
    divide,
    exp,
    log,
    power,
    raw,
    relu,
    sigmoid,
    sign,
    sin,
    sqrt,
    sum_to,
    tanh,
    where,
)

__all__ = [
    "abs", "broadcast_to", "clip", "cos", "divide", "exp", "log", "power", "raw", "relu",
    "sigmoid", "sign", "sin", "sqrt", "sum_to", "tanh", "where",
]
