"""Hypothesis strategies for property-based gradient tests.

>>> from hypothesis import given
>>> from autograd import gradcheck
>>> from autograd.testing import expressions
>>> @given(expressions())
... def test_gradients(expr):
...     assert gradcheck(expr, *expr.inputs())
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

try:
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp
except ImportError as e:  # pragma: no cover - hypothesis is in the "test" extra
    raise ImportError(
        "autograd.testing needs hypothesis: pip install hypothesis (or the 'test' extra)"
    ) from e

from .tensor import Tensor
from .value import Value


def values(min_value: float = -3.0, max_value: float = 3.0, requires_grad: bool = True):
    """Values with finite data in ``[min_value, max_value]``."""
    floats = st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)
    return floats.map(lambda x: Value(x, requires_grad=requires_grad))


def tensors(
    shape: tuple[int, ...] | st.SearchStrategy | None = None,
    elements: st.SearchStrategy | None = None,
    dtype: Any = np.float64,
    requires_grad: bool = True,
):
    """Tensors of ``shape`` (a tuple or a strategy; default: up to 3-D, sides 1-4)."""
    if shape is None:
        shape = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
    if elements is None:
        elements = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False, width=64)
    arrays = hnp.arrays(dtype=dtype, shape=shape, elements=elements)
    return arrays.map(lambda a: Tensor(a, requires_grad=requires_grad))


# An expression is a list of steps; each step applies one of these to earlier steps.
# Every entry keeps values and derivatives bounded (well-conditioned): divisors
# and log arguments are at least 1, exp only sees values in (-1, 1).
@dataclass(frozen=True)
class _ExprOp:
    arity: int
    on_engine: Callable[..., Any]
    on_floats: Callable[..., float]
    text: str


EXPRESSION_OPS: dict[str, _ExprOp] = {
    "add": _ExprOp(2, lambda a, b: a + b, lambda a, b: a + b, "({0} + {1})"),
    "sub": _ExprOp(2, lambda a, b: a - b, lambda a, b: a - b, "({0} - {1})"),
    "mul": _ExprOp(2, lambda a, b: a * b, lambda a, b: a * b, "{0}*{1}"),
    "div": _ExprOp(
        2, lambda a, b: a / (1 + b * b), lambda a, b: a / (1 + b * b), "{0}/(1 + {1}**2)"
    ),
    "square": _ExprOp(1, lambda a: a**2, lambda a: a**2, "{0}**2"),
    "tanh": _ExprOp(1, lambda a: a.tanh(), math.tanh, "tanh({0})"),
    "sigmoid": _ExprOp(
        1, lambda a: a.sigmoid(), lambda a: 1 / (1 + math.exp(-a)), "sigmoid({0})"
    ),
    "exp": _ExprOp(1, lambda a: a.tanh().exp(), lambda a: math.exp(math.tanh(a)), "exp(tanh({0}))"),
    "log": _ExprOp(
        1, lambda a: (1 + a * a).log(), lambda a: math.log(1 + a * a), "log(1 + {0}**2)"
    ),
    "neg": _ExprOp(1, lambda a: -a, lambda a: -a, "-{0}"),
}


@dataclass(frozen=True)
class Expression:
    """A random expression DAG over named variables, with a point to evaluate it at.

    ``expr(*values)`` builds it on the engine (Values or Tensors);
    ``expr.evaluate(*floats)`` computes it independently with the ``math``
    module; ``expr.inputs()`` makes fresh Values at the drawn point.
    ``steps`` lists ``(op_name, arg_indices)``; indices below
    ``len(variables)`` are the variables, later ones earlier steps.
    """

    variables: tuple[str, ...]
    point: tuple[float, ...]
    steps: tuple[tuple[str, tuple[int, ...]], ...]

    def _run(self, args: Sequence[Any], pick: Callable[[_ExprOp], Callable]) -> Any:
        slots = list(args)
        for name, idx in self.steps:
            slots.append(pick(EXPRESSION_OPS[name])(*(slots[i] for i in idx)))
        return slots[-1]

    def __call__(self, *args: Any) -> Any:
        return self._run(args, lambda op: op.on_engine)

    def evaluate(self, *args: float) -> float:
        return self._run(args, lambda op: op.on_floats)

    def inputs(self) -> list[Value]:
        return [Value(x, label=n) for n, x in zip(self.variables, self.point)]

    def __str__(self) -> str:
        return self._run(self.variables, lambda op: op.text.format)


@st.composite
def expressions(
    draw: Any, max_steps: int = 8, variables: Sequence[str] = ("x", "y", "z")
) -> Expression:
    """Random well-conditioned differentiable expression DAGs that reuse subexpressions."""
    names = tuple(variables)
    point = tuple(draw(st.floats(-2.0, 2.0, allow_nan=False)) for _ in names)
    n_steps = draw(st.integers(1, max_steps))
    steps = []
    for k in range(n_steps):
        available = len(names) + k
        name = draw(st.sampled_from(sorted(EXPRESSION_OPS)))
        # The first operand is the previous step, so every step feeds the output;
        # any other operand is drawn from everything before: subexpressions get reused.
        first = available - 1 if k else draw(st.integers(0, available - 1))
        rest = [draw(st.integers(0, available - 1)) for _ in range(EXPRESSION_OPS[name].arity - 1)]
        idx = (first, *rest)
        steps.append((name, idx))
    return Expression(names, point, tuple(steps))
