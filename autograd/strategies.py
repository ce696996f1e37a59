"""Hypothesis strategies for property-based gradient tests (``autograd.testing`` re-exports them).

>>> from hypothesis import given
>>> from autograd import gradcheck
>>> from autograd.testing import expressions
>>> @given(expressions())
... def test_gradients(expr):
...     assert gradcheck(expr, *expr.inputs())

Everything here reads the op table (``autograd.ops.TABLE``): the inputs it
draws lie inside each op's declared ``domain`` and away from its kinks.
Expressions are built from *calling forms*: ``x + y`` (two nodes), ``x + 2``
and ``2 + x`` (a number on either side), ``-x``, ``x.exp()``, ``abs(x)``...
(:data:`FORMS`); ``expressions(ops=...)`` keeps some of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.extra import numpy as hnp
except ImportError as e:  # pragma: no cover - hypothesis is in the "test" extra
    raise ImportError(
        "autograd.testing needs hypothesis: pip install hypothesis (or the 'test' extra)"
    ) from e

from autograd import messages
from autograd.engine import Domain, Tensor, Value, ops

__all__ = [
    "FORMS", "Expression", "Form", "WithNumber", "expression_ops", "expressions", "floats_in",
    "select_forms", "single_ops", "tensors", "values",
]

MARGIN = 0.05  # how far drawn inputs stay from domain bounds and kinks
BOUND = 3.0  # drawn inputs lie in [-BOUND, BOUND] where the domain allows
EXPONENTS = (2.0, 3.0, 0.5, -1.0)  # x ** c: the numbers c drawn
NUMBERS = (2, 0.5, 3, -1.5)  # the numbers beside a node in x + 2, 2 - x, ...: simplest first
REAL = Domain()


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


def expression_ops(exponents: Sequence[float] = EXPONENTS) -> list[ops.Elementwise]:
    """Every Function of the op table (``**`` with a number once per one of
    ``exponents``), in the table's order."""
    found: list[ops.Elementwise] = []
    for cls in ops.TABLE:
        if issubclass(cls, ops.PowConst):
            found += [ops.PowConst(c) for c in exponents]
        elif issubclass(cls, ops.Elementwise):
            found.append(cls())
    return found


# ---------------------------------------------------------------------------
# Calling forms: how an op is written in a program (x + y, x + 2, 2 + x, x.exp()).


def _number(c: float) -> str:
    return f"{c:g}"


@dataclass(frozen=True)
class WithNumber:
    """A binary op with a number on one side, as one step of an expression:
    ``2 - x`` (``side="left"``) or ``x - 2`` (``side="right"``).

    It reads like a one-input op (``forward``, ``domain``, ``source``); called
    on a node it applies the binary op with the number, so the graph is the
    one ``2 - x`` builds.
    """

    op: ops.Elementwise
    number: float
    side: str
    arity: ClassVar[int] = 1

    @property
    def name(self) -> str:
        return self.op.name

    @property
    def domain(self) -> tuple[Domain, ...]:
        """Where the node input may lie: the op's domain on the node's side."""
        a, b = self.op.domain or (REAL, REAL)
        return (b if self.side == "left" else a,)

    def forward(self, x: Any) -> Any:
        c = float(self.number)
        return self.op.forward(c, x) if self.side == "left" else self.op.forward(x, c)

    def __call__(self, x: Any) -> Any:
        return self.op(self.number, x) if self.side == "left" else self.op(x, self.number)

    def source(self, x: str) -> str:
        n = _number(self.number)
        return self.op.source(n, x) if self.side == "left" else self.op.source(x, n)

    def __repr__(self) -> str:
        n = _number(self.number)
        return f"{self.op.name}({n}, ·)" if self.side == "left" else f"{self.op.name}(·, {n})"


@dataclass(frozen=True)
class Form:
    """One calling form of an op: ``key`` is how it reads (``"2 - x"``), ``steps`` the
    concrete steps it stands for (one per number or exponent it is drawn with)."""

    key: str
    name: str  # the op's name among OP_NAMES: "+", "-", ..., "neg", "exp", ...
    steps: tuple[Any, ...]
    binary: bool = False  # node op node (two node inputs)

    def options(self, slots: list[float], first: int, margin: float,
                max_abs: float) -> list[tuple[Any, tuple[int, ...]]]:
        """The steps (op, operand slots) this form can take after ``slots[first]``."""
        if self.binary:
            op = self.steps[0]
            return [(op, (first, j)) for j in range(len(slots))
                    if _valid_result(op, [slots[first], slots[j]], margin, max_abs) is not None]
        return [(op, (first,)) for op in self.steps
                if _valid_result(op, [slots[first]], margin, max_abs) is not None]


def _forms() -> dict[str, Form]:
    """Every calling form, in the order failures shrink towards: operators on two nodes
    and one-input functions first (the op table's order), then numbers on the right,
    then on the left."""
    binary = {ops.Add: "+", ops.Sub: "-", ops.Mul: "*", ops.Div: "/", ops.Pow: "**"}
    first, right, left = [], [], []
    for op in expression_ops(()):
        if type(op) in binary:
            sym = binary[type(op)]
            first.append(Form(f"x {sym} y", sym, (op,), binary=True))
            if sym == "**":
                right.append(Form("x ** 2", sym, tuple(ops.PowConst(c) for c in EXPONENTS)))
            else:
                right.append(Form(f"x {sym} 2", sym, _with_numbers(op, "right")))
            left.append(Form(f"2 {sym} x", sym, _with_numbers(op, "left")))
        elif op.method == "abs":
            first.append(Form("abs(x)", "abs", (op,)))
        elif op.method:
            first.append(Form(f"x.{op.method}()", op.method, (op,)))
        else:  # unary minus
            first.append(Form("-x", "neg", (op,)))
    return {form.key: form for form in (*first, *right, *left)}


def _with_numbers(op: ops.Elementwise, side: str) -> tuple[WithNumber, ...]:
    """``op`` with each number of NUMBERS that lies inside its domain on that side."""
    a, b = op.domain or (REAL, REAL)
    number_domain = a if side == "left" else b
    return tuple(WithNumber(op, c, side) for c in NUMBERS if number_domain.contains(c, MARGIN))


FORMS: dict[str, Form] = _forms()
# An op's name stands for all its forms: "+" for x + y, x + 2 and 2 + x.
OP_NAMES: dict[str, tuple[str, ...]] = {}
for _form in FORMS.values():
    OP_NAMES[_form.name] = (*OP_NAMES.get(_form.name, ()), _form.key)


def select_forms(names: Iterable[str] | str | None = None) -> list[Form]:
    """The forms ``names`` stands for, in FORMS's order: each name is a form
    (``"x + 2"``, ``"x.exp()"``) or an op (``"+"``: all three of its forms,
    ``"exp"``, ``"neg"``). None: every form."""
    if names is None:
        return list(FORMS.values())
    if isinstance(names, str):
        names = [names]
    wanted: set[str] = set()
    for name in names:
        if name in FORMS:
            wanted.add(name)
        elif name in OP_NAMES:
            wanted.update(OP_NAMES[name])
        else:
            accepted = ", ".join(repr(n) for n in (*OP_NAMES, *FORMS))
            raise ValueError(f"ops: {name!r:.40} is neither an op nor a calling form; "
                             f"accepted: {accepted}")
    if not wanted:
        raise ValueError("ops: no op given; pass at least one (e.g. ops=['+', '*'])")
    return [form for key, form in FORMS.items() if key in wanted]


# ---------------------------------------------------------------------------
# Random expressions over the calling forms.


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
    ``len(variables)`` are the variables, later ones earlier steps; an op is
    an op of the table or a :class:`WithNumber` (``2 - x``).
    ``str(expr)`` is its source, which ``python -m autograd.viz`` accepts
    (``expr.command()`` is the whole command line); ``expr.source("method")``
    and ``expr.lines()`` write it as a program (``x.exp()``, named steps).
    """

    variables: tuple[str, ...]
    point: tuple[float, ...]
    steps: tuple[tuple[Any, tuple[int, ...]], ...]

    def __call__(self, *args: Any) -> Any:
        slots = list(args)
        for op, idx in self.steps:
            slots.append(op(*(slots[i] for i in idx)))
        return slots[-1]

    def inputs(self) -> list[Value]:
        return [Value(x, label=n) for n, x in zip(self.variables, self.point)]

    @property
    def used_variables(self) -> tuple[str, ...]:
        """The variables the expression reads, in order."""
        used = {i for _, idx in self.steps for i in idx}
        return tuple(n for i, n in enumerate(self.variables) if i in used)

    def evaluate(self, *args: Any, functions: Mapping[str, Callable] | None = None) -> Any:
        """The expression at ``args``, computed from its source text: with Python's
        ``math`` by default, or with ``functions`` by name (e.g. torch's, whose
        names are the same, for a cross-check)."""
        scope: dict[str, Any] = dict(_EVAL_NAMESPACE if functions is None else functions)
        scope.update(zip(self.variables, args))
        texts, bindings = self._texts("function", {})
        for name, text in bindings:
            scope[name] = eval(text, {"__builtins__": {}}, scope)  # our own source text
        return eval(texts[-1], {"__builtins__": {}}, scope)

    def _texts(self, style: str, methods: Mapping[str, str]) -> tuple[list[str], list]:
        """Each slot's text and the named steps ``(name, text)``: a step used more than
        once is named (``t3``) instead of repeated."""
        uses = [0] * (len(self.variables) + len(self.steps))
        for _, idx in self.steps:
            for i in idx:
                uses[i] += 1
        texts, bindings = list(self.variables), []
        for k, (op, idx) in enumerate(self.steps):
            text = _step_source(op, [texts[i] for i in idx], style, methods)
            slot = len(self.variables) + k
            if uses[slot] > 1:
                name = f"t{k + 1}"
                bindings.append((name, text))
                text = name
            texts.append(text)
        return texts, bindings

    def source(self, style: str = "function", methods: Mapping[str, str] | None = None) -> str:
        """The expression on one line, named steps first (``t1 = x * y; t1 + t1``).

        ``style="function"``: ``exp(x)``, as ``str(expr)`` and the command line
        write it; ``style="method"``: ``x.exp()``, as a program using Values
        does. ``methods`` renames functions in the method style
        (``{"log": "ln"}`` writes ``x.ln()``).
        """
        if style == "function":
            texts, bindings = self._texts("function", {})
            return "; ".join([*(f"{n} = {t}" for n, t in bindings), texts[-1]])
        return "; ".join(self.lines(style, methods, output=None))

    def lines(self, style: str = "method", methods: Mapping[str, str] | None = None,
              output: str | None = "out") -> list[str]:
        """The expression as statements: the named steps, then ``out = ...``
        (or the bare last expression when ``output`` is None)."""
        if style not in ("function", "method"):
            raise ValueError(f"style must be 'function' or 'method'; got {style!r:.40}")
        texts, bindings = self._texts(style, dict(methods or {}))
        last = _unwrap(texts[-1])
        return [*(f"{n} = {_unwrap(t)}" for n, t in bindings),
                last if output is None else f"{output} = {last}"]

    def __str__(self) -> str:
        return self.source("function")

    def command(self, lang: str | None = None) -> str:
        """The ``python -m autograd.viz`` command line that draws this expression; with
        ``--lang`` when ``lang`` (None: the package-wide language) is not English."""
        sets = ",".join(f"{n}={x!r}" for n, x in zip(self.variables, self.point))
        code = messages.resolve_language(lang)
        tail = "" if code == "en" else f" --lang {code}"
        return f'python -m autograd.viz "{self}" --set {sets}{tail}'


def _step_source(op: Any, args: list[str], style: str, methods: Mapping[str, str]) -> str:
    """One step's source text: ``exp(x)`` (function style) or ``x.exp()`` (method style)."""
    method = getattr(op, "method", None)
    if style == "method" and method:
        name = methods.get(method, method)
        return f"abs({args[0]})" if name == "abs" else f"{args[0]}.{name}()"
    return op.source(*args)


def _unwrap(text: str) -> str:
    """``text`` without one pair of parentheses around all of it: ``(x + y)`` -> ``x + y``."""
    if not (text.startswith("(") and text.endswith(")")):
        return text
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(text) - 1:
            return text  # the first parenthesis closes before the end: (a) * (b)
    return text[1:-1]


def expressions(
    max_steps: int = 8, variables: Sequence[str] = ("x", "y", "z"),
    margin: float = MARGIN, max_abs: float = 1e3, ops: Iterable[str] | None = None,
) -> st.SearchStrategy[Expression]:
    """Random expression DAGs that reuse subexpressions, valid where they are evaluated.

    Each step applies a calling form (``ops``: names of :data:`FORMS` or of
    ops, see :func:`select_forms`; default: all of them, numbers on either
    side of a binary op included) to earlier slots (variables or steps;
    often the previous step, so expressions grow deep). Only steps whose
    declared domain holds the operands' values, at least ``margin`` from its
    bounds and kinks, are drawn, and only while every value stays within
    ``max_abs``: no hand-made shifts are needed to keep values finite and
    derivatives well-conditioned. Steps the output does not use are
    dropped. A failing expression shrinks well: operands shrink towards the
    variables, which makes the steps before them unused.
    """
    return _expressions(tuple(select_forms(ops)), max_steps, tuple(variables), margin, max_abs)


@st.composite
def _expressions(draw: Any, forms: tuple[Form, ...], max_steps: int, names: tuple[str, ...],
                 margin: float, max_abs: float) -> Expression:
    by_op: dict[str, list[Form]] = {}  # an op first, then one of its forms: x + 2 and
    for form in forms:                 # 2 + x make + no likelier than exp
        by_op.setdefault(form.name, []).append(form)
    op_forms = list(by_op.values())
    point = tuple(draw(st.floats(-2.0, 2.0, allow_nan=False)) for _ in names)
    slots = list(point)
    steps: list[tuple[Any, tuple[int, ...]]] = []
    for _ in range(draw(st.integers(1, max_steps))):
        last = len(slots) - 1
        # The previous step two times in three, so expressions grow deep; any slot else
        # (drawn as 0, that is where shrinking goes: towards the variables).
        first = draw(st.integers(0, last)) if draw(st.integers(0, 2)) == 0 else last
        found = _options(op_forms, draw(st.integers(0, len(op_forms) - 1)), slots, first,
                         margin, max_abs)
        if not found:
            continue
        op, idx = _pick(draw, _pick(draw, found))
        steps.append((op, idx))
        slots.append(_valid_result(op, [slots[i] for i in idx], margin, max_abs))
    if not steps:  # nothing applied (a variable outside every domain): x + x if allowed
        assume(FORMS["x + y"] in forms)
        steps.append((ops.ADD, (0, 0)))
    return Expression(names, point, _used_steps(len(names), steps))


def _options(op_forms: list[list[Form]], start: int, slots: list[float], first: int,
             margin: float, max_abs: float) -> list[list]:
    """The options of each form of the drawn op (the next op that has any, if it has
    none); empty if no op applies to ``slots[first]``."""
    for k in range(len(op_forms)):
        forms = op_forms[(start + k) % len(op_forms)]
        found = [opts for form in forms if (opts := form.options(slots, first, margin, max_abs))]
        if found:
            return found
    return []


def _pick(draw: Any, items: list) -> Any:
    """One of ``items``, shrinking towards the first (as sampled_from, with less overhead)."""
    return items[draw(st.integers(0, len(items) - 1))] if len(items) > 1 else items[0]


def single_ops(form: str, margin: float = MARGIN) -> st.SearchStrategy[Expression]:
    """Expressions of one step in one calling form (``"x / y"``, ``"2 ** x"``), their
    node inputs drawn inside its domain, away from its kinks (:func:`floats_in`)."""
    chosen = select_forms([form])
    if len(chosen) != 1:
        raise ValueError(f"single_ops takes one calling form such as 'x + 2'; got {form!r:.40}")
    return _single_op(chosen[0], margin)


@st.composite
def _single_op(draw: Any, form: Form, margin: float) -> Expression:
    op = draw(st.sampled_from(form.steps))
    domains = op.domain or (REAL,) * op.arity
    if form.binary:
        point = (draw(floats_in(domains[0], margin)), draw(floats_in(domains[1], margin)))
        return Expression(("x", "y"), point, ((op, (0, 1)),))
    return Expression(("x",), (draw(floats_in(domains[0], margin)),), ((op, (0,)),))


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


def _valid_result(op: Any, args: list[float], margin: float, max_abs: float) -> Any:
    """op(*args) if every arg lies inside op's domain (with margin) and the result is
    finite and within max_abs; else None."""
    domains = op.domain or (REAL,) * len(args)
    if not all(d.contains(a, margin) for d, a in zip(domains, args)):
        return None
    value = op.forward(*args)
    if not (isinstance(value, float) and math.isfinite(value) and abs(value) <= max_abs):
        return None
    return value
