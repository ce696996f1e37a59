"""Weight initialisation: Xavier/Glorot, He/Kaiming and the tutorials' ``randn / sqrt(fan_in)``.

Each function takes a shape and returns a new numpy array. Weights here are
laid out ``(in_features, out_features)`` (rows are samples, ``y = x W + b``),
so ``fan_in = shape[0]`` and ``fan_out = shape[-1]``: the transpose of
PyTorch's layout, with the same numbers of inputs and outputs.

Every function takes ``rng``: an int seed, a ``numpy.random.Generator``, a
legacy ``numpy.random.RandomState`` or None (fresh entropy). With
``np.random.RandomState(42)``, ``lecun_normal`` gives exactly the tutorial's
``np.random.seed(42); np.random.randn(n_in, n_out) / np.sqrt(n_in)``.

The in-place variants ``xavier_uniform_(t)`` etc. fill a Tensor's data and
return it, as ``torch.nn.init`` does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

Shape = tuple[int, ...]
RNG = int | np.random.Generator | np.random.RandomState | None


def make_rng(rng: Any = None) -> np.random.Generator | np.random.RandomState:
    """A random generator from a seed, a Generator/RandomState (returned as is) or None."""
    if rng is None or isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(rng)
    if isinstance(rng, (np.random.Generator, np.random.RandomState)):
        return rng
    raise TypeError(
        f"rng must be an int seed, a numpy Generator or RandomState, or None; "
        f"got {type(rng).__name__} {rng!r}"
    )


def fans(shape: Shape) -> tuple[int, int]:
    """``(fan_in, fan_out)`` for a weight of ``shape`` laid out ``(in, out)``."""
    shape = tuple(shape)
    if len(shape) == 0:
        raise ValueError("fan_in and fan_out need a shape with at least 1 dimension; got ()")
    if len(shape) == 1:
        return shape[0], shape[0]
    return int(np.prod(shape[:-1])), shape[-1]


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for an activation (as in ``torch.nn.init.calculate_gain``)."""
    if nonlinearity in ("linear", "identity", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1.0 + slope**2))
    raise ValueError(
        f"calculate_gain: unknown nonlinearity {nonlinearity!r}; "
        "accepted: linear, identity, sigmoid, tanh, relu, leaky_relu"
    )


def _normal(shape: Shape, std: float, rng: RNG) -> np.ndarray:
    return make_rng(rng).standard_normal(tuple(shape)) * std


def _uniform(shape: Shape, bound: float, rng: RNG) -> np.ndarray:
    return make_rng(rng).uniform(-bound, bound, size=tuple(shape))


def lecun_normal(shape: Shape, rng: RNG = None) -> np.ndarray:
    """The tutorials' ``randn(*shape) / sqrt(fan_in)``: normal with variance 1 / fan_in."""
    fan_in, _ = fans(shape)
    return make_rng(rng).standard_normal(tuple(shape)) / np.sqrt(fan_in)


def xavier_uniform(shape: Shape, gain: float = 1.0, rng: RNG = None) -> np.ndarray:
    """Glorot uniform: U(-a, a) with ``a = gain * sqrt(6 / (fan_in + fan_out))``."""
    fan_in, fan_out = fans(shape)
    return _uniform(shape, gain * math.sqrt(6.0 / (fan_in + fan_out)), rng)


def xavier_normal(shape: Shape, gain: float = 1.0, rng: RNG = None) -> np.ndarray:
    """Glorot normal: N(0, std^2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``."""
    fan_in, fan_out = fans(shape)
    return _normal(shape, gain * math.sqrt(2.0 / (fan_in + fan_out)), rng)


def _kaiming_std(shape: Shape, a: float, mode: str, nonlinearity: str) -> float:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be 'fan_in' or 'fan_out'; got {mode!r}")
    fan_in, fan_out = fans(shape)
    fan = fan_in if mode == "fan_in" else fan_out
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform(
    shape: Shape, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "relu",
    rng: RNG = None,
) -> np.ndarray:
    """He uniform: U(-b, b) with ``b = gain * sqrt(3 / fan)`` (``a``: leaky_relu slope)."""
    return _uniform(shape, math.sqrt(3.0) * _kaiming_std(shape, a, mode, nonlinearity), rng)


def kaiming_normal(
    shape: Shape, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "relu",
    rng: RNG = None,
) -> np.ndarray:
    """He normal: N(0, std^2) with ``std = gain / sqrt(fan)``."""
    return _normal(shape, _kaiming_std(shape, a, mode, nonlinearity), rng)


def normal(shape: Shape, std: float = 1.0, rng: RNG = None) -> np.ndarray:
    """N(0, std^2) (the tutorials' ``randn * weight_scale``)."""
    return _normal(shape, std, rng)


def uniform(shape: Shape, low: float = -1.0, high: float = 1.0, rng: RNG = None) -> np.ndarray:
    """U(low, high) (micrograd's neurons use U(-1, 1))."""
    return make_rng(rng).uniform(low, high, size=tuple(shape))


def zeros(shape: Shape, rng: RNG = None) -> np.ndarray:
    """All zeros (``rng`` is accepted and ignored, so every initialiser has one signature)."""
    return np.zeros(tuple(shape))


INITS: dict[str, Callable[..., np.ndarray]] = {
    f.__name__: f
    for f in (lecun_normal, xavier_uniform, xavier_normal, kaiming_uniform, kaiming_normal,
              normal, uniform, zeros)
}


def get(init: str | Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """The initialiser named ``init`` (or ``init`` itself when it is callable)."""
    if callable(init):
        return init
    if init in INITS:
        return INITS[init]
    raise ValueError(f"unknown init {init!r}; accepted: {', '.join(INITS)} or a callable")


def _in_place(fn: Callable[..., np.ndarray]) -> Callable[..., Any]:
    def fill(tensor: Any, *args: Any, **kwargs: Any) -> Any:
        tensor.data[...] = fn(tensor.data.shape, *args, **kwargs)
        return tensor

    fill.__name__ = fn.__name__ + "_"
    fill.__doc__ = f"Fill ``tensor.data`` in place with :func:`{fn.__name__}`; returns the tensor."
    return fill


lecun_normal_ = _in_place(lecun_normal)
xavier_uniform_ = _in_place(xavier_uniform)
xavier_normal_ = _in_place(xavier_normal)
kaiming_uniform_ = _in_place(kaiming_uniform)
kaiming_normal_ = _in_place(kaiming_normal)
normal_ = _in_place(normal)
uniform_ = _in_place(uniform)
zeros_ = _in_place(zeros)
