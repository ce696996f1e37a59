"""Numerical gradients by central differences, and checks against autograd."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .engine import Node, Tensor, Value, enable_grad, grad, no_grad


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


def _weighted(out: Any, weights: Any) -> float:
    """sum(weights * out) for a node or a plain number."""
    return float(np.sum(np.asarray(out.data if isinstance(out, Node) else out) * weights))


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
    data = x.data  # perturbed in place, element by element (any memory layout)
    for i in np.ndindex(x.shape):
        x0 = data[i]
        data[i] = x0 + eps
        up = _weighted(fn(*inputs), w)
        data[i] = x0 - eps
        down = _weighted(fn(*inputs), w)
        data[i] = x0
        result[i] = (up - down) / (2 * eps)
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
            found = _entry_that_differs(fn, inputs, out, x, where, eps, atol, rtol)
            if found is None:  # only the weighted sum over the outputs differs
                what = "" if isinstance(out, Value) else " (a weighted sum over the outputs)"
                numbers = f"analytic {float(a[where]):.10g} vs numeric {float(n[where]):.10g}"
            else:
                at, fa, fn_ = found
                what = f" of output element {at}" if at else ""
                numbers = f"analytic {fa:.10g} vs numeric {fn_:.10g}"
            raise GradcheckError(
                f"gradient mismatch{what} for input {index}{name}{element}: {numbers} "
                f"(atol={atol}, rtol={rtol})"
            )
    return True


MAX_JACOBIAN_ROWS = 10_000  # output elements examined to name the one that differs


def _entry_that_differs(fn: Callable, inputs: Sequence[Node], out: Node, x: Node,
                        where: tuple, eps: float, atol: float, rtol: float) -> tuple | None:
    """For a Tensor output: the first output element whose derivative with respect to
    ``x[where]`` differs, with the analytic and numeric values; None if none does
    (or the output is a Value, where the weighted check was already exact)."""
    if not isinstance(out, Tensor) or out.size > MAX_JACOBIAN_ROWS:
        return None
    numeric = _numerical_column(fn, inputs, x, where, eps)
    for at in np.ndindex(out.shape):
        seed = np.zeros(out.shape)
        seed[at] = 1.0
        (g,) = grad(out, [x], grad_outputs=seed, allow_unused=True)
        analytic = 0.0 if g is None else float(np.asarray(g, dtype=np.float64)[where])
        if not abs(analytic - numeric[at]) <= atol + rtol * abs(numeric[at]):
            return at, analytic, float(numeric[at])
    return None


def _numerical_column(fn: Callable, inputs: Sequence[Node], x: Node, where: tuple,
                      eps: float) -> np.ndarray:
    """d output / d x[where] for every output element, by central differences."""
    with no_grad():
        if isinstance(x, Value):
            x0 = x.data
            x.data = x0 + eps
            up = np.array(fn(*inputs).data, dtype=np.float64)
            x.data = x0 - eps
            down = np.array(fn(*inputs).data, dtype=np.float64)
            x.data = x0
        else:
            x0 = x.data[where]
            x.data[where] = x0 + eps
            up = np.array(fn(*inputs).data, dtype=np.float64)
            x.data[where] = x0 - eps
            down = np.array(fn(*inputs).data, dtype=np.float64)
            x.data[where] = x0
    return (up - down) / (2 * eps)


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
