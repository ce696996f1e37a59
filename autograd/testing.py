"""Property-based gradient tests: hypothesis strategies, and ``check_op`` for your own ops.

>>> from hypothesis import given
>>> from autograd import gradcheck
>>> from autograd.testing import expressions
>>> @given(expressions())
... def test_gradients(expr):
...     assert gradcheck(expr, *expr.inputs())

Everything here reads the op table (``autograd.ops.TABLE``): the inputs it
draws lie inside each op's declared ``domain`` and away from its kinks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
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

from .checkop import OpCheckError, check_op
from .engine import REAL, Domain, Tensor, Value, ops

__all__ = [
    "Expression", "OpCheckError", "check_op", "expressions", "floats_in", "tensors", "values",
]

MARGIN = 0.05  # how far drawn inputs stay from domain bounds and kinks
BOUND = 3.0  # drawn inputs lie in [-BOUND, BOUND] where the domain allows


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


def floats_in(domain: Domain = REAL, margin: float = MARGIN, bound: float = BOUND):
    """Floats inside ``domain``, at least ``margin`` from its bounds and kinks, in
    ``[-bound, bound]`` where the domain reaches it (else in a window of that width)."""
    low, high = max(domain.low + margin, -bound), min(domain.high - margin, bound)
    if low >= high:  # the domain lies outside [-bound, bound]: take its nearest end
        low, high = (domain.low + margin, domain.low + margin + 2 * bound) if \
            domain.low > -bound else (domain.high - margin - 2 * bound, domain.high - margin)
    floats = st.floats(low, high, allow_nan=False, allow_infinity=False)
    if domain.kinks:
        floats = floats.filter(lambda x: domain.contains(x, margin))
    return floats


# ---------------------------------------------------------------------------
# Random expressions over the op table's functions.


def expression_ops(exponents: Sequence[float] = (2.0, 3.0, 0.5, -1.0)) -> list[ops.Elementwise]:
    """The ops expressions are built from: every Elementwise op of the table (``**`` with
    a number once per one of ``exponents``), simplest first, so failures shrink to them."""
    found: list[ops.Elementwise] = []
    for cls in ops.TABLE:
        if issubclass(cls, ops.PowConst):
            found += [ops.PowConst(c) for c in exponents]
        elif issubclass(cls, ops.Elementwise):
            found.append(cls())
    return found


_EVAL_NAMESPACE: dict[str, Callable[[float], float]] = {
    "exp": math.exp, "log": math.log, "sin": math.sin, "cos": math.cos, "tanh": math.tanh,
    "sigmoid": lambda x: 1.0 / (1.0 + math.exp(-x)), "relu": lambda x: max(x, 0.0),
    "abs": abs,
}


@dataclass(frozen=True)
class Expression:
    """A random expression DAG over named variables, with a point to evaluate it at.

    ``expr(*nodes)`` builds it on the engine (Values or Tensors);
    ``expr.evaluate(*floats)`` computes it independently, from its source
    text with Python's ``math``; ``expr.inputs()`` makes fresh Values at the
    drawn point. ``steps`` lists ``(op, arg_indices)``: indices below
    ``len(variables)`` are the variables, later ones earlier steps.
    ``str(expr)`` is its source, which ``python -m autograd.viz`` accepts
    (``expr.command()`` is the whole command line).
    """

    variables: tuple[str, ...]
    point: tuple[float, ...]
    steps: tuple[tuple[ops.Elementwise, tuple[int, ...]], ...]

    def __call__(self, *args: Any) -> Any:
        slots = list(args)
        for op, idx in self.steps:
            slots.append(op(*(slots[i] for i in idx)))
        return slots[-1]

    def inputs(self) -> list[Value]:
        return [Value(x, label=n) for n, x in zip(self.variables, self.point)]

    def evaluate(self, *args: Any, functions: Mapping[str, Callable] | None = None) -> Any:
        """The expression at ``args``, computed from its source text: with Python's
        ``math`` by default, or with ``functions`` by name (e.g. torch's, whose
        names are the same, for a cross-check)."""
        scope: dict[str, Any] = dict(_EVAL_NAMESPACE if functions is None else functions)
        scope.update(zip(self.variables, args))
        texts, bindings = self._texts()
        for binding in bindings:
            name, text = binding.split(" = ", 1)
            scope[name] = eval(text, {"__builtins__": {}}, scope)  # our own source text
        return eval(texts[-1], {"__builtins__": {}}, scope)

    def _texts(self) -> tuple[list[str], list[str]]:
        """Each slot's text, naming a step used more than once (``t3``) instead of repeating it."""
        uses = [0] * (len(self.variables) + len(self.steps))
        for _, idx in self.steps:
            for i in idx:
                uses[i] += 1
        texts, bindings = list(self.variables), []
        for k, (op, idx) in enumerate(self.steps):
            text = op.source(*(texts[i] for i in idx))
            slot = len(self.variables) + k
            if uses[slot] > 1:
                name = f"t{k + 1}"
                bindings.append(f"{name} = {text}")
                text = name
            texts.append(text)
        return texts, bindings

    def __str__(self) -> str:
        texts, bindings = self._texts()
        return "; ".join([*bindings, texts[-1]])

    def command(self) -> str:
        """The ``python -m autograd.viz`` command line that draws this expression."""
        sets = ",".join(f"{n}={x!r}" for n, x in zip(self.variables, self.point))
        return f'python -m autograd.viz "{self}" --set {sets}'


@st.composite
def expressions(
    draw: Any, max_steps: int = 8, variables: Sequence[str] = ("x", "y", "z"),
    margin: float = MARGIN, max_abs: float = 1e3,
) -> Expression:
    """Random expression DAGs that reuse subexpressions, valid where they are evaluated.

    Each step applies a function of the op table to earlier slots (variables
    or steps; often the previous step, so expressions grow deep). Only ops
    whose declared domain holds the operands' values, at least ``margin``
    from its bounds and kinks, are drawn, and only while every value stays
    within ``max_abs``: no hand-made shifts are needed to keep values finite
    and derivatives well-conditioned. Steps the output does not use are
    dropped. A failing expression shrinks well: operands shrink towards the
    variables, which makes the steps before them unused.
    """
    names = tuple(variables)
    point = tuple(draw(st.floats(-2.0, 2.0, allow_nan=False)) for _ in names)
    slots = list(point)
    steps: list[tuple[ops.Elementwise, tuple[int, ...]]] = []
    pool = expression_ops()
    for _ in range(draw(st.integers(1, max_steps))):
        last = len(slots) - 1
        # The previous step two times in three, so expressions grow deep; any slot else.
        # (Listed first, "any slot" is where shrinking goes: towards the variables.)
        first = draw(st.one_of(st.integers(0, last), st.just(last), st.just(last)))
        options = [
            (op, seconds) for op in pool
            if (seconds := _second_operands(op, slots, first, margin, max_abs))
        ]
        if not options:
            continue
        op, seconds = draw(st.sampled_from(options))
        idx = (first,) if op.arity == 1 else (first, draw(st.sampled_from(seconds)))
        steps.append((op, idx))
        slots.append(_valid_result(op, [slots[i] for i in idx], margin, max_abs))
    if not steps:  # nothing applied (a variable outside every domain): x + x
        steps.append((ops.ADD, (0, 0)))
    return Expression(names, point, _used_steps(len(names), steps))


def _second_operands(op: ops.Elementwise, slots: list[float], first: int, margin: float,
                     max_abs: float) -> list[int]:
    """The slots ``op`` may take as its second input after ``slots[first]`` ([first] for a
    one-input op that applies there); empty if ``op`` cannot be applied to it."""
    if op.arity == 1:
        return [first] if _valid_result(op, [slots[first]], margin, max_abs) is not None else []
    return [j for j in range(len(slots))
            if _valid_result(op, [slots[first], slots[j]], margin, max_abs) is not None]


def _used_steps(n_variables: int, steps: list) -> tuple:
    """The steps the last one depends on, with their operand indices renumbered."""
    needed = {n_variables + len(steps) - 1}
    for k in range(len(steps) - 1, -1, -1):
        if n_variables + k in needed:
            needed.update(steps[k][1])
    new_index = {i: i for i in range(n_variables)}
    kept = []
    for k, (op, idx) in enumerate(steps):
        if n_variables + k in needed:
            new_index[n_variables + k] = n_variables + len(kept)
            kept.append((op, tuple(new_index[i] for i in idx)))
    return tuple(kept)


def _valid_result(op: ops.Elementwise, args: list[float], margin: float, max_abs: float) -> Any:
    """op(*args) if every arg lies inside op's domain (with margin) and the result is
    finite and within max_abs; else None."""
    domains = op.domain or (REAL,) * len(args)
    if not all(d.contains(a, margin) for d, a in zip(domains, args)):
        return None
    value = op.forward(*args)
    if not (isinstance(value, float) and math.isfinite(value) and abs(value) <= max_abs):
        return None
    return value
