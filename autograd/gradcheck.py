"""Numerical gradients by central differences, and checks against autograd."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .graph import Node, enable_grad, grad, no_grad
from .tensor import Tensor
from .value import Value


class GradcheckError(RuntimeError):
    """Autograd and numerical differences disagree (the message says where)."""


def _check_inputs(inputs: Sequence[Any], what: str) -> None:
    if not inputs:
        raise TypeError(f"{what} needs at least one input Value or Tensor")
    for i, x in enumerate(inputs):
        if not isinstance(x, (Value, Tensor)):
            raise TypeError(f"{what} input {i} must be a Value or Tensor; got {type(x).__name__}")
        if isinstance(x, Tensor) and x.dtype != np.float64:
            raise TypeError(
                f"{what} input {i} has dtype {x.dtype}; finite differences need float64 "
                "(make it with dtype=numpy.float64)"
            )


def _output_weights(out: Node, seed: int) -> Any:
    """Fixed random weights v: checking d(v . out) checks every output element."""
    if isinstance(out, Value):
        return 1.0
    if not isinstance(out, Tensor):
        raise TypeError(f"fn must return a Value or Tensor; got {type(out).__name__}")
    return np.random.default_rng(seed).uniform(0.5, 1.5, size=out.shape)


def _weighted(out: Node, weights: Any) -> float:
    return float(np.sum(np.asarray(out.data) * weights))


def numerical_grad(
    fn: Callable[..., Node], *inputs: Value | Tensor, eps: float = 1e-6, grad_output: Any = None
) -> list[Any]:
    """d(output)/d(input) for every input, by central differences ``(f(x+h) - f(x-h)) / 2h``.

    ``fn`` takes the inputs and returns a Value or a single-element Tensor (or
    pass ``grad_output`` with the output's shape to get the vector-Jacobian
    product). Returns a float per Value input, an array per Tensor input.
    """
    _check_inputs(inputs, "numerical_grad")
    with no_grad():
        out = fn(*inputs)
        if grad_output is None:
            if isinstance(out, Tensor) and out.size != 1:
                raise ValueError(
                    f"fn returned shape {out.shape}; pass grad_output of that shape "
                    "or return a single number"
                )
            grad_output = 1.0
        return [_numerical_one(fn, inputs, x, eps, grad_output) for x in inputs]


def _numerical(fn: Callable, inputs: Sequence[Node], targets: Sequence[Node], eps: float, w: Any):
    with no_grad():
        return [_numerical_one(fn, inputs, x, eps, w) for x in targets]


def _numerical_one(fn: Callable, inputs: Sequence[Node], x: Node, eps: float, w: Any) -> Any:
    if isinstance(x, Value):
        x0 = x.data
        x.data = x0 + eps
        up = _weighted(fn(*inputs), w)
        x.data = x0 - eps
        down = _weighted(fn(*inputs), w)
        x.data = x0
        return (up - down) / (2 * eps)
    result = np.zeros(x.shape)
    flat = x.data.reshape(-1)  # a view: writing it perturbs x
    for i in range(flat.size):
        x0 = flat[i]
        flat[i] = x0 + eps
        up = _weighted(fn(*inputs), w)
        flat[i] = x0 - eps
        down = _weighted(fn(*inputs), w)
        flat[i] = x0
        result.reshape(-1)[i] = (up - down) / (2 * eps)
    return result


def gradcheck(
    fn: Callable[..., Node],
    *inputs: Value | Tensor,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-4,
    seed: int = 0,
) -> bool:
    """Compare autograd's gradients of ``fn`` with central differences.

    Returns True, or raises :class:`GradcheckError` naming the input, the
    element, the analytic and the numeric value. Tensor outputs of any shape
    are checked through a fixed random weighting of their elements.
    """
    _check_inputs(inputs, "gradcheck")
    out = fn(*inputs)
    weights = _output_weights(out, seed)
    wanted = [x for x in inputs if x.requires_grad]
    if not out.requires_grad:
        analytic = [None] * len(wanted)
    else:
        analytic = list(grad(out, wanted, grad_outputs=weights, allow_unused=True))
    numeric = _numerical(fn, inputs, wanted, eps, weights)
    for x, a, n in zip(wanted, analytic, numeric):
        index = next(i for i, y in enumerate(inputs) if y is x)
        a = np.zeros_like(n) if a is None else np.asarray(a, dtype=np.float64)
        n = np.asarray(n)
        bad = ~(np.abs(a - n) <= atol + rtol * np.abs(n))
        if np.any(bad):
            where = tuple(int(i) for i in np.argwhere(bad)[0]) if n.ndim else ()
            name = f" ({x.label!r})" if x.label else ""
            element = f", element {where}" if where else ""
            raise GradcheckError(
                f"gradient mismatch for input {index}{name}{element}: "
                f"analytic {float(a[where]):.10g} vs numeric {float(n[where]):.10g} "
                f"(atol={atol}, rtol={rtol})"
            )
    return True


def gradgradcheck(
    fn: Callable[..., Node],
    *inputs: Value | Tensor,
    eps: float = 1e-6,
    atol: float = 1e-4,
    rtol: float = 1e-3,
    seed: int = 0,
) -> bool:
    """Check second derivatives: gradcheck the (weighted) first gradient of ``fn``.

    The first gradient is built with ``create_graph=True``, so this checks
    that every derivative rule is itself differentiable.
    """
    _check_inputs(inputs, "gradgradcheck")
    probe = fn(*inputs)
    weights = _output_weights(probe, seed)
    wanted = [x for x in inputs if x.requires_grad]
    rng = np.random.default_rng(seed + 1)
    dirs = [1.0 if isinstance(x, Value) else rng.uniform(0.5, 1.5, size=x.shape) for x in wanted]

    def first_gradient(*xs: Node) -> Node:
        with enable_grad():  # numerical differencing runs this under no_grad
            out = fn(*xs)
            chosen = [x for x in xs if x.requires_grad]
            grads = grad(out, chosen, grad_outputs=weights, create_graph=True, allow_unused=True)
        total: Any = 0.0
        for g, d in zip(grads, dirs):
            if g is not None:
                total = total + ((g * d) if isinstance(g, Value) else (g * d).sum())
        if not isinstance(total, Node):  # no input reaches the gradient: it is constant
            total = Value(total, requires_grad=False) if isinstance(out, Value) else Tensor(total)
        return total

    return gradcheck(first_gradient, *inputs, eps=eps, atol=atol, rtol=rtol, seed=seed)
