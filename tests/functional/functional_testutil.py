"""Random smooth functions and central differences for the autograd.functional tests.

The functions are written with operators and methods that Values, Tensors and
torch tensors all have (``+ - * / ** @``, ``tanh exp log sigmoid sum``), so the
same Python function runs on the engine and on PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import Node, Tensor, Value, no_grad
from autograd.testing import Expression, expressions

ELEMENTS = st.floats(-1.5, 1.5, allow_nan=False, allow_infinity=False, width=64)


@dataclass(frozen=True)
class Problem:
    """A function, the point (numpy data) to differentiate it at, and a description."""

    func: Callable[..., Any]
    point: tuple[Any, ...]  # floats for Values, arrays for Tensors
    text: str

    def inputs(self) -> tuple[Node, ...]:
        return tuple(_node(p) for p in self.point)

    def __repr__(self) -> str:  # hypothesis prints this for a failing example
        shapes = [np.shape(p) for p in self.point]
        return f"Problem({self.text}, shapes={shapes}, point={self.point})"


def _node(p: Any) -> Node:
    return Value(p) if isinstance(p, float) else Tensor(p)


@st.composite
def value_problems(draw: Any, outputs: int = 2) -> Problem:
    """Functions of three Values: one expression, or a tuple of ``outputs`` of them."""
    exprs = [draw(expressions(max_steps=6)) for _ in range(outputs)]
    point = exprs[0].point
    if outputs == 1:
        return Problem(exprs[0], point, str(exprs[0]))

    def func(*xs: Any) -> tuple:
        return tuple(e(*xs) for e in exprs)

    return Problem(func, point, " , ".join(map(str, exprs)))


@st.composite
def tensor_problems(draw: Any, scalar: bool = False, max_side: int = 3) -> Problem:
    """Functions of X (n, m), W (m, k) and b (k,): ``e(X @ W, b)`` for a random
    expression ``e`` (b broadcast over rows), summed when ``scalar``, else
    sometimes returned with a second output ``sigmoid(X @ W).sum()``."""
    n, m, k = (draw(st.integers(1, max_side)) for _ in range(3))
    point = tuple(draw(hnp.arrays(np.float64, shape, elements=ELEMENTS))
                  for shape in ((n, m), (m, k), (k,)))
    expr: Expression = draw(expressions(max_steps=5, variables=("XW", "b")))
    two_outputs = not scalar and draw(st.booleans())

    def func(X: Any, W: Any, b: Any) -> Any:
        XW = X @ W
        y = expr(XW, b)
        if y.shape != XW.shape:  # the expression used b only: make it (n, k) anyway
            y = y + XW * 0.0
        if scalar:
            return y.sum()
        return (y, (XW.sigmoid()).sum()) if two_outputs else y

    text = f"e(XW, b) = {expr}" + (", summed" if scalar else "")
    return Problem(func, point, text)


def numeric_jacobian(func: Callable, point: Sequence[Any], eps: float = 1e-6) -> list[list]:
    """Blocks ``[i][j]`` = d output_i / d input_j (shape out_i + in_j) by central differences."""
    outs0 = evaluate(func, point)
    blocks = [[np.zeros(np.shape(o) + np.shape(p)) for p in point] for o in outs0]
    for j, p in enumerate(point):
        for index in np.ndindex(np.shape(p)):
            up = evaluate(func, _moved(point, j, index, eps))
            down = evaluate(func, _moved(point, j, index, -eps))
            for i, (u, d) in enumerate(zip(up, down)):
                blocks[i][j][(Ellipsis, *index)] = (u - d) / (2 * eps)
    return blocks


def numeric_hessian(func: Callable, point: Sequence[Any], eps: float = 1e-4) -> list[list]:
    """Blocks ``[i][j]`` = d^2 f / d input_i d input_j of a scalar ``func`` by second
    central differences of its values only (no derivative of the engine involved)."""
    def f(pt: Sequence[Any]) -> float:
        return float(evaluate(func, pt)[0])

    blocks = [[np.zeros(np.shape(p) + np.shape(q)) for q in point] for p in point]
    for i, p in enumerate(point):
        for a in np.ndindex(np.shape(p)):
            for j, q in enumerate(point):
                for b in np.ndindex(np.shape(q)):
                    pp = _moved(_moved(point, i, a, eps), j, b, eps)
                    pm = _moved(_moved(point, i, a, eps), j, b, -eps)
                    mp = _moved(_moved(point, i, a, -eps), j, b, eps)
                    mm = _moved(_moved(point, i, a, -eps), j, b, -eps)
                    blocks[i][j][a + b] = (f(pp) - f(pm) - f(mp) + f(mm)) / (4 * eps * eps)
    return blocks


def evaluate(func: Callable, point: Sequence[Any]) -> list[np.ndarray]:
    """func's outputs at ``point`` (numpy data), as float64 arrays."""
    with no_grad():
        out = func(*(_node(p) for p in point))
    outs = out if isinstance(out, tuple) else (out,)
    return [np.asarray(o.data, dtype=np.float64) for o in outs]


def _moved(point: Sequence[Any], j: int, index: tuple, step: float) -> tuple:
    moved = list(point)
    if isinstance(moved[j], float):
        moved[j] = moved[j] + step
    else:
        arr = moved[j].copy()
        arr[index] += step
        moved[j] = arr
    return tuple(moved)


def random_like(point: Sequence[Any], seed: int) -> tuple:
    """A direction shaped like ``point`` (floats for Values, arrays for Tensors)."""
    rng = np.random.default_rng(seed)
    return tuple(float(rng.normal()) if isinstance(p, float) else rng.normal(size=np.shape(p))
                 for p in point)


def as_data(x: Any) -> np.ndarray:
    """A result (float, array or node) as a float64 array."""
    return np.asarray(x.data if isinstance(x, Node) else x, dtype=np.float64)


def jv(block: np.ndarray, v: Any, in_ndim: int) -> np.ndarray:
    """``J v``: a block of shape out + in times ``v`` (shape in)."""
    return np.tensordot(block, np.asarray(v, dtype=np.float64), axes=in_ndim)


def vj(u: Any, block: np.ndarray, out_ndim: int) -> np.ndarray:
    """``u^T J``: ``u`` (shape out) times a block of shape out + in."""
    return np.tensordot(np.asarray(u, dtype=np.float64), block, axes=out_ndim)


def swap(block: np.ndarray, first_ndim: int) -> np.ndarray:
    """A block of shape a + b (``a`` of ``first_ndim`` axes) as b + a."""
    axes = tuple(range(first_ndim, block.ndim)) + tuple(range(first_ndim))
    return np.transpose(block, axes)
