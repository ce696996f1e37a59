"""Random smooth functions and central differences for the autograd.functional tests.

The functions are random DAGs over a small table of smooth operations, written
with operators and methods that Values, Tensors and torch tensors all have
(``+ - * / @``, ``tanh exp log sigmoid sum``), so the same Python function runs
on the engine and on PyTorch, at any point (no domain to stay inside).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import Node, Tensor, Value, no_grad

ELEMENTS = st.floats(-1.5, 1.5, allow_nan=False, allow_infinity=False, width=64)

# name: (arity, function, text). Smooth everywhere: logs and divisors are >= 1.
SMOOTH_OPS: dict[str, tuple[int, Callable[..., Any], str]] = {
    "add": (2, lambda a, b: a + b, "({} + {})"),
    "sub": (2, lambda a, b: a - b, "({} - {})"),
    "mul": (2, lambda a, b: a * b, "{}*{}"),
    "div": (2, lambda a, b: a / (1 + b * b), "{}/(1 + {}^2)"),
    "square": (1, lambda a: a * a, "{}^2"),
    "tanh": (1, lambda a: a.tanh(), "tanh({})"),
    "sigmoid": (1, lambda a: a.sigmoid(), "sigmoid({})"),
    "exp": (1, lambda a: a.tanh().exp(), "exp(tanh({}))"),
    "log": (1, lambda a: (1 + a * a).log(), "log(1 + {}^2)"),
}


@dataclass(frozen=True)
class Program:
    """A random DAG of SMOOTH_OPS: ``steps`` are (op name, argument slots); slots
    below ``len(names)`` are the arguments, later ones earlier steps."""

    names: tuple[str, ...]
    steps: tuple[tuple[str, tuple[int, ...]], ...]

    def _run(self, args: Sequence[Any], pick: Callable[[tuple], Callable]) -> Any:
        slots = list(args)
        for name, idx in self.steps:
            slots.append(pick(SMOOTH_OPS[name])(*(slots[i] for i in idx)))
        return slots[-1]

    def __call__(self, *args: Any) -> Any:
        return self._run(args, lambda op: op[1])

    def __str__(self) -> str:
        return self._run(self.names, lambda op: op[2].format)


@st.composite
def programs(draw: Any, names: Sequence[str], max_steps: int) -> Program:
    """Random programs that reuse subexpressions; every step feeds the output."""
    steps = []
    for k in range(draw(st.integers(1, max_steps))):
        available = len(names) + k
        name = draw(st.sampled_from(sorted(SMOOTH_OPS)))
        first = available - 1 if k else draw(st.integers(0, available - 1))
        rest = [draw(st.integers(0, available - 1)) for _ in range(SMOOTH_OPS[name][0] - 1)]
        steps.append((name, (first, *rest)))
    return Program(tuple(names), tuple(steps))


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
    """Functions of three Values: one program, or a tuple of ``outputs`` of them."""
    progs = [draw(programs(("x", "y", "z"), max_steps=6)) for _ in range(outputs)]
    point = tuple(draw(ELEMENTS) for _ in range(3))
    if outputs == 1:
        return Problem(progs[0], point, str(progs[0]))

    def func(*xs: Any) -> tuple:
        return tuple(p(*xs) for p in progs)

    return Problem(func, point, " , ".join(map(str, progs)))


@st.composite
def tensor_problems(draw: Any, scalar: bool = False, max_side: int = 3) -> Problem:
    """Functions of X (n, m), W (m, k) and b (k,): ``p(X @ W, b)`` for a random
    program ``p`` (b broadcast over rows), summed when ``scalar``, else
    sometimes returned with a second output ``sigmoid(X @ W).sum()``."""
    n, m, k = (draw(st.integers(1, max_side)) for _ in range(3))
    point = tuple(draw(hnp.arrays(np.float64, shape, elements=ELEMENTS))
                  for shape in ((n, m), (m, k), (k,)))
    prog = draw(programs(("XW", "b"), max_steps=5))
    two_outputs = not scalar and draw(st.booleans())

    def func(X: Any, W: Any, b: Any) -> Any:
        XW = X @ W
        y = prog(XW, b)
        if y.shape != XW.shape:  # the program used b only: make it (n, k) anyway
            y = y + XW * 0.0
        if scalar:
            return y.sum()
        return (y, (XW.sigmoid()).sum()) if two_outputs else y

    text = f"p(XW, b) = {prog}" + (", summed" if scalar else "")
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
