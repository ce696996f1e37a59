"""One cell of a gradient as the scalar chain-rule sum it is (the element drill-down).

A matrix rule such as ``∂L/∂W = Aᵀ·∂L/∂Z`` is, cell by cell, a sum over the
batch: ``∂L/∂W[1,0] = Σ_b A[b,1]·∂L/∂Z[b,0]``. :func:`scalar_form` expands a
parsed rule at one index into that scalar expression (a sum where the rule has a
matrix product or a sum over an axis, one product for an element-wise rule);
:func:`cell_sum_data` lists its first terms, their count and their total next to
the engine's value of the cell. Public entry point: :func:`autograd.viz.rules.cell_sum`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd import messages as M
from autograd.engine.checks import check_positive_int

from . import ruleexpr as R
from . import rulefold
from .formula import atom, number_text
from .style import fmt_number

Index = tuple[Any, ...]  # ints, or the names of the sums' running indices


@dataclass
class Scalar:
    """A node of the scalar form: ``kind`` "value" (one entry of an array), "num",
    "neg", "bin" (``op``), "func" (an element-wise word) or "sum"."""

    kind: str
    label: str = ""  # value: how its array is written (A^[1]); func: the word
    array: Any = None
    index: Index = ()
    batch_axis: int | None = None  # value: the axis of its array that runs over the batch
    op: str = ""
    args: tuple[Scalar, ...] = ()
    var: str = ""  # sum: the running index
    count: int = 0
    env: Any = None  # func: what its word runs in (the op's attributes, e.g. a clip's bounds)

    def value(self, bound: dict[str, int]) -> float:
        if self.kind == "value":
            return float(np.asarray(self.array)[_resolve(self.index, bound)])
        if self.kind == "num":
            return float(self.array)
        if self.kind == "neg":
            return -self.args[0].value(bound)
        if self.kind == "sum":
            return float(sum(self.args[0].value({**bound, self.var: k})
                             for k in range(self.count)))
        values = [a.value(bound) for a in self.args]
        if self.kind == "func":
            return float(R.WORDS[self.label].run(self.env, *[np.asarray(v) for v in values]))
        return float(R.apply_binary(self.op, values[0], values[1]))


def _running(i: Any) -> bool:
    """True for the running index of a sum (``_1`` while the form is built), not a number
    or a cell's index (``@0``, see autograd.viz.cellbatch)."""
    return isinstance(i, str) and i.startswith("_")


def _resolve(index: Index, bound: dict[str, int]) -> tuple[int, ...]:
    return tuple(bound[i] if isinstance(i, str) else i for i in index)


def _align(index: Index, shape: tuple[int, ...]) -> Index:
    """An index of a larger (broadcast) shape, read in ``shape``: right-aligned, 0 where
    ``shape`` has size 1."""
    index = tuple(index)[len(index) - len(shape):] if len(shape) else ()
    return tuple(0 if n == 1 else i for i, n in zip(index, shape))


class _Builder:
    """Expands one rule (run on a view's arrays) into its scalar form."""

    def __init__(self, run: R.Evaluated, symbols: R.Symbols, batch: dict[str, int]) -> None:
        self.run, self.symbols, self.batch = run, symbols, batch
        self.vars = 0

    def fresh(self) -> str:
        self.vars += 1
        return f"_{self.vars}"

    def value(self, expr: R.Expr, index: Index) -> Scalar:
        label = atom(R.write(expr, self.symbols, self.run, "math"))  # (Z^[3] − Y)[0,1]
        axis = self.batch.get(expr.id) if isinstance(expr, R.Name) else None
        return Scalar("value", label=label, array=self.run.of(expr),
                      index=_align(index, np.shape(self.run.of(expr))), batch_axis=axis)

    def build(self, expr: R.Expr, index: Index) -> Scalar:
        run = self.run
        shape = np.shape(run.of(expr))
        index = _align(index, shape)
        if isinstance(expr, R.Name):
            if np.ndim(run.of(expr)) == 0 and expr.id not in self.symbols.math:
                return Scalar("num", array=float(run.of(expr)))
            return self.value(expr, index)
        if isinstance(expr, R.Num):
            return Scalar("num", array=expr.value)
        if isinstance(expr, R.Neg):
            return Scalar("neg", args=(self.build(expr.arg, index),))
        if isinstance(expr, R.T):
            inner = np.shape(run.of(expr.arg))
            if len(inner) == 1:  # a vector's transpose is a column: (i, 0) -> (i,)
                return self.build(expr.arg, index[:1])
            return self.build(expr.arg, index[:-2] + (index[-1], index[-2]))
        if isinstance(expr, R.Bin) and expr.op == "@":
            left, right = np.shape(run.of(expr.left)), np.shape(run.of(expr.right))
            if len(left) < 2 or len(right) < 2:
                return self.value(expr, index)
            var = self.fresh()
            body = Scalar("bin", op="*", args=(
                self.build(expr.left, index[:-1] + (var,)),
                self.build(expr.right, index[:-2] + (var, index[-1]))))
            return Scalar("sum", args=(body,), var=var, count=left[-1])
        if isinstance(expr, R.Bin):
            return Scalar("bin", op=expr.op, args=(self.build(expr.left, index),
                                                   self.build(expr.right, index)))
        if isinstance(expr, R.Call):
            return self.call(expr, index)
        return self.value(expr, index)

    def call(self, expr: R.Call, index: Index) -> Scalar:
        run = self.run
        if run.left_out(expr):
            return self.build(expr.args[0], index)
        arg = expr.args[0]
        inner = np.shape(run.of(arg))
        if expr.fn in ("sum_rows", "sum_cols") and len(inner) == 2:
            var = self.fresh()
            at = (var, index[0]) if expr.fn == "sum_rows" else (index[0], var)
            count = inner[0] if expr.fn == "sum_rows" else inner[1]
            return Scalar("sum", args=(self.build(arg, at),), var=var, count=count)
        if expr.fn == "sum_axis" and len(inner) == len(index):
            axis = run.env.op.axis % len(inner)
            var = self.fresh()
            at = index[:axis] + (var,) + index[axis + 1:]
            return Scalar("sum", args=(self.build(arg, at),), var=var, count=inner[axis])
        if expr.fn == "unbroadcast":
            summed = [a for a in range(len(inner)) if _broadcast_axis(a, inner, np.shape(
                run.of(expr)))]
            if len(summed) == 1:
                (axis,) = summed
                out = np.shape(run.of(expr))
                lead = len(inner) - len(out)
                at = list((0,) * lead + tuple(index))
                var = self.fresh()
                at[axis] = var
                return Scalar("sum", args=(self.build(arg, tuple(at)),), var=var,
                              count=inner[axis])
        if expr.fn == "sum_back":
            n = len(run.env.input_shape)
            axis = run.env.op.axis
            axes = set(range(n)) if axis is None else {a % n for a in axis}
            if getattr(run.env.op, "keepdims", False):
                at = tuple(0 if a in axes else index[a] for a in range(n))
            else:
                at = tuple(index[a] for a in range(n) if a not in axes)
            return self.build(arg, at)
        if expr.fn == "transpose_back" and not any(_running(i) for i in index):
            order = np.argsort(run.env.op.axes)
            at = [0] * len(index)
            for k, p in enumerate(order):
                at[p] = index[k]
            return self.build(arg, tuple(at))
        word = R.word_of(expr)
        if word.elementwise and expr.fn != "where":
            return Scalar("func", label=expr.fn, args=tuple(self.build(a, index)
                                                            for a in expr.args), env=run.env)
        return self.value(expr, index)  # one entry of the word's result


def _broadcast_axis(axis: int, inner: tuple[int, ...], out: tuple[int, ...]) -> bool:
    lead = len(inner) - len(out)
    return axis < lead or (out[axis - lead] == 1 and inner[axis] != 1)


def scalar_form(run: R.Evaluated, symbols: R.Symbols, index: Index,
                batch: dict[str, int]) -> Scalar:
    """The scalar expression of the rule ``run`` at ``index``; the running index of a
    sum over the batch is named ``b``, the others ``k``, ``j``, ``l``."""
    builder = _Builder(run, symbols, batch)
    root = builder.build(run.expr, tuple(index))
    _name_vars(root)
    return root


def _name_vars(root: Scalar) -> None:
    batch_vars: set[str] = set()
    order: list[str] = []

    def walk(s: Scalar) -> None:
        if s.kind == "sum" and s.var not in order:
            order.append(s.var)
        if s.kind == "value" and s.batch_axis is not None:
            axis = s.batch_axis % max(len(s.index), 1)
            if axis < len(s.index) and isinstance(s.index[axis], str):
                batch_vars.add(s.index[axis])
        for a in s.args:
            walk(a)

    walk(root)
    spare = iter(["k", "j", "l", "p", "q"])
    names = {v: ("b" if v in batch_vars and "b" not in [*batch_vars - {v}] else next(spare))
             for v in order}
    if sum(1 for v in order if names[v] == "b") > 1:  # two sums over the batch: b, b'
        seen = 0
        for v in order:
            if names[v] == "b":
                names[v] = "b" + "'" * seen
                seen += 1

    def rename(s: Scalar) -> None:
        if s.kind == "sum":
            s.var = names[s.var]
        s.index = tuple(names.get(i, i) if isinstance(i, str) else i for i in s.index)
        for a in s.args:
            rename(a)

    rename(root)


# -- writing it out --------------------------------------------------------------------------


def write(s: Scalar, bound: dict[str, int] | None = None, numbers: bool = False,
          values: Any = None) -> str:
    """The scalar form as text: symbolic (``A^[1][b,1]·∂L/∂Z^[2][b,0]``), with the
    running indices ``bound`` to numbers, or with every entry as its number (from
    ``values(s, bound)``, by default ``s.value(bound)``)."""
    numbers_of = values if numbers and values is not None else \
        (lambda node, at: node.value(at)) if numbers else None
    return _write(s, bound or {}, numbers_of)[0]


def _write(s: Scalar, bound: dict[str, int], numbers: Any) -> tuple[str, int]:
    if s.kind == "value":
        if numbers:
            text = fmt_number(numbers(s, bound))
            return (f"({text})" if text.startswith("-") else text), 9
        index = ",".join(str(bound.get(i, i)) if isinstance(i, str) else str(i)
                         for i in s.index)
        if not s.index:
            return s.label, 9
        return (f"{s.label}[{index}]" if index else s.label), 9
    if s.kind == "num":
        text = fmt_number(s.array) if numbers else number_text(s.array)
        return (f"({text})" if text.startswith(("-", "−")) else text), 9
    if s.kind == "neg":
        text, p = _write(s.args[0], bound, numbers)
        return (f"−({text})" if p < 3 else f"−{text}"), 3
    if s.kind == "sum":
        if numbers:
            return fmt_number(numbers(s, bound)), 9
        text, p = _write(s.args[0], bound, numbers)
        return f"Σ_{s.var} {text}", 1
    if s.kind == "func":
        args = ", ".join(_write(a, bound, numbers)[0] for a in s.args)
        template = R.WORDS[s.label].math
        return template.format(args), 9
    prec = {"+": 1, "-": 1, "*": 2, "/": 2, "**": 4}.get(s.op, 0)
    left, lp = _write(s.args[0], bound, numbers)
    right, rp = _write(s.args[1], bound, numbers)
    if prec == 0:
        compare = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "==": "=", "!=": "≠"}[s.op]
        return f"𝟙[{left} {compare} {right}]", 9
    left = f"({left})" if lp < prec else left
    right = f"({right})" if rp < prec or (rp == prec and s.op in "-/") else right
    sign = {"+": " + ", "-": " − ", "*": "·", "/": "/", "**": "^"}[s.op]
    return f"{left}{sign}{right}", prec


# -- the drill-down's data ---------------------------------------------------------------------


@dataclass
class Drill:
    """What every cell of one gradient shares: the step's view, the rule run on the whole
    batch (None: the op has no rule, a cell is the engine's number), the form it is
    written in, the engine's gradient as that form stores it, and its batch axis."""

    view: Any
    input_index: int
    terms: int
    lang: str
    run: R.Evaluated | None
    column: bool
    engine: np.ndarray
    shown: tuple[int, ...]  # the gradient's shape as the view writes it (m = 1 in one-sample)
    batch_axis: int | None
    batch: dict[str, int]  # the rule's names whose arrays have a batch axis

    @property
    def sample(self) -> int | None:
        return self.view.sample

    def locate(self, cell: tuple[int, ...]) -> tuple[int, ...]:
        """Where ``cell`` (as the view writes the gradient) is in the engine's array: row b
        of the batch in one-sample mode. A ValueError for a cell outside the gradient."""
        engine = self.engine
        if len(cell) != engine.ndim or not all(0 <= c < n for c, n in zip(cell, self.shown)):
            raise ValueError(f"cell {list(cell)} is outside the gradient, of shape "
                             f"{R.shape_text(self.shown, self.column)}")
        if self.sample is not None and self.batch_axis is not None and self.run is not None:
            axis = self.batch_axis
            return cell[:axis] + (self.sample,) + cell[axis + 1:]  # row b of the batch
        return cell

    def start(self, cell: tuple[int, ...], at: tuple[int, ...]) -> dict[str, Any]:
        """A cell's data before its sum is written: the target and the engine's value."""
        symbol = self.view.grad_symbol(self.view.step.node.parents[self.input_index])
        target = f"{symbol}[{','.join(map(str, at))}]" if at else symbol
        engine_value = float(self.engine[at])
        data: dict[str, Any] = {"cell": list(cell), "target": target, "formula": None,
                                "index": None, "count": 1, "terms": [], "total": engine_value,
                                "engine": engine_value, "equal": True,
                                "convention": "column" if self.column else "row"}
        if self.run is None:
            data["text"] = f"{target} = {fmt_number(engine_value)}"
        return data

    def finish(self, data: dict[str, Any], form: Scalar, bound: dict[str, int],
               values: Any) -> dict[str, Any]:
        """Fill in a cell's sum: ``form`` written with the cell's indices ``bound``, its
        numbers from ``values(s, bound)`` (the value of node ``s`` of the form)."""
        terms, sample = self.terms, self.sample
        engine_value = data["engine"]
        if form.kind == "sum":
            body, var, count = form.args[0], form.var, form.count
            rows_shown = range(min(terms, count))
            total = values(form, bound)
            if sample is not None and var == "b":  # one-sample mode: row b's term only, m = 1
                rows_shown, count = [sample], 1
                total = engine_value = values(body, {**bound, var: sample})
            listed = [{"at": k, "text": write(body, {**bound, var: k}),
                       "numbers": write(body, {**bound, var: k}, numbers=True, values=values),
                       "value": values(body, {**bound, var: k})} for k in rows_shown]
            data.update(formula=write(form, bound), index=var, count=count, terms=listed,
                        engine=engine_value)
        else:
            total = values(form, bound)
            listed = [{"at": None, "text": write(form, bound),
                       "numbers": write(form, bound, numbers=True, values=values),
                       "value": total}]
            data.update(formula=write(form, bound), terms=listed)
        data["total"] = total
        data["equal"] = _close(total, engine_value)
        data["text"] = _text(data, self.lang)
        return data


def _close(total: float, engine: float) -> bool:
    """np.isclose(total, engine, rtol=1e-9, atol=1e-12·max(1, |engine|)) for two numbers
    (a page asks it of every cell: numpy's is slow on one number)."""
    if total == engine:
        return True
    if not (math.isfinite(total) and math.isfinite(engine)):
        return False
    return abs(total - engine) <= 1e-12 * max(1.0, abs(engine)) + 1e-9 * abs(engine)


def drill(view: Any, input_index: int, terms: int, lang: str) -> Drill:
    """The shared part of the cell sums of the gradient a step sends to ``input_index``
    (a ValueError for an input without one)."""
    step = view.step
    node = step.node
    parents = node.parents
    if not isinstance(input_index, int) or not 0 <= input_index < len(parents):
        raise ValueError(f"input_index must be 0 to {len(parents) - 1} (the inputs of "
                         f"{node.op.name}); got {input_index!r}")
    if step.input_grads[input_index] is None or not parents[input_index].requires_grad:
        raise ValueError(f"no gradient flows to input {input_index} of {node.op.name}")
    check_positive_int(terms, "cell_sum() terms")
    parent = parents[input_index]
    expr = view.rules.get(view.keys[input_index])
    run = None
    if expr is not None:
        try:
            run, _ = view.run(expr, input_index, whole=True)
        except (R.RuleError, ValueError, TypeError, IndexError, AttributeError):
            run = None
    engine_row = step.input_grads[input_index]
    sample, rows = view.sample, view.names.of(parent).batch
    if sample is not None and rows and run is None:
        engine_row = view.cut(engine_row, parent)
    column = False
    if run is not None and view.column:
        col = view.column_run(expr, run, whole=True)
        if col is not None:
            run, column = col[1], True
    if run is not None:
        run = rulefold.shown(run.expr, run, view.numbers())[1]  # 2·x, not 2·x^(2 − 1)
    engine = R.as_column(engine_row) if column else np.asarray(engine_row)
    shown = engine.shape
    batch_axis = (engine.ndim - 1 if column else 0) if rows and engine.ndim else None
    if sample is not None and batch_axis is not None and run is not None:
        shown = shown[:batch_axis] + (1,) + shown[batch_axis + 1:]  # the view reads m = 1
    return Drill(view, input_index, terms, lang, run, column, engine, shown, batch_axis,
                 _batch_axes(view, column))


def cell_sum_data(view: Any, input_index: int, cell: tuple[int, ...], terms: int,
                  lang: str) -> dict[str, Any]:
    """The data of :func:`autograd.viz.rules.cell_sum` for one view of a step, its sum
    added up number by number (:mod:`autograd.viz.cellbatch` does many cells at once)."""
    d = drill(view, input_index, terms, lang)
    at = d.locate(cell)
    data = d.start(cell, at)
    if d.run is None:
        return data
    form = scalar_form(d.run, view.symbols(), at, d.batch)
    return d.finish(data, form, {}, lambda s, bound: s.value(bound))


def _batch_axes(view: Any, column: bool) -> dict[str, int]:
    """The names of the rule whose arrays have a batch axis, and which axis it is."""
    node = view.step.node
    found = {}
    items = [("g", node), ("y", node)]
    if not view.varargs:
        items += list(zip(view.keys, node.parents))
    for key, n in items:
        if view.names.of(n).batch:
            found[key] = -1 if column else 0
    return found


def _text(data: dict[str, Any], lang: str) -> str:
    """``∂L/∂W[1,0] = Σ_b ... = 0.1·0.2 + 0.3·0.4 + … (5 terms) = 0.14``."""
    shown = data["terms"]
    total = fmt_number(data["total"])
    if data["index"] is None:
        numbers = shown[0]["numbers"]
        middle = f" = {numbers}" if numbers != total else ""
        return f"{data['target']} = {data['formula']}{middle} = {total}"
    parts = " + ".join(t["numbers"] for t in shown)
    if data["count"] > len(shown):
        parts += " + …"
    count = M.text("viz.cell.one_term" if data["count"] == 1 else "viz.cell.terms", lang,
                   count=data["count"])
    return f"{data['target']} = {data['formula']} = {parts} ({count}) = {total}"
