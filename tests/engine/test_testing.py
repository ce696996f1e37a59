"""autograd.testing strategies, and the property tests they make possible."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import (
    Domain,
    GradcheckError,
    Tensor,
    Value,
    gradcheck,
    gradgradcheck,
    ops,
    topological_order,
)
from autograd.testing import expressions, single_ops, tensors, values


@given(expressions())
def test_engine_matches_independent_evaluation(expr):
    out = expr(*expr.inputs())
    assert out.data == pytest.approx(expr.evaluate(*expr.point), rel=1e-12, abs=1e-12)


@given(expressions())
def test_expression_gradients_match_finite_differences(expr):
    assert gradcheck(expr, *expr.inputs())


@given(expressions(max_steps=5))
def test_expression_second_derivatives(expr):
    assert gradgradcheck(expr, *expr.inputs())


@given(expressions(), st.floats(-1e-4, 1e-4))
def test_expressions_run_elementwise_on_tensors(expr, shift):
    """Value and Tensor share one set of rules: a Tensor of points gives every Value result.

    (An expression is drawn valid at its point, so the second point is a tiny shift away.)"""
    points = np.array([expr.point, [p + shift for p in expr.point]])
    tins = [Tensor(points[:, i], requires_grad=True) for i in range(len(expr.variables))]
    tout = expr(*tins)
    tout.sum().backward()
    for row in range(2):
        vins = [Value(float(v)) for v in points[row]]
        vout = expr(*vins)
        vout.backward()
        assert float(tout.data[row]) == pytest.approx(vout.data, rel=1e-12, abs=1e-12)
        for t, v in zip(tins, vins):
            tg = 0.0 if t.grad is None else float(t.grad[row])  # None: variable unused
            assert tg == pytest.approx(v.grad, rel=1e-9, abs=1e-12)


def test_expressions_reuse_subexpressions_and_print_them_once():
    from hypothesis import find

    expr = find(
        expressions(),
        lambda e: any(
            sum(i == len(e.variables) + k for _, idx in e.steps for i in idx) > 1
            for k in range(len(e.steps))
        ),
    )
    text = str(expr)
    assert "; " in text and " = " in text  # a reused step is named once: t1 = ...; ...
    assert expr.evaluate(*expr.point) == pytest.approx(expr(*expr.inputs()).data, rel=1e-12)


@given(values(), tensors(shape=(2, 3)))
def test_value_and_tensor_strategies(v, t):
    assert isinstance(v, Value) and v.requires_grad and math.isfinite(v.data)
    assert isinstance(t, Tensor) and t.shape == (2, 3) and t.requires_grad
    assert np.all(np.isfinite(t.data))


# How many expressions the domain property below draws: 10,000 in the thorough profile
# (HYPOTHESIS_PROFILE=thorough), a few hundred otherwise, to keep the suite fast.
MANY = 10_000 if settings.default.max_examples >= 500 else 300


@settings(max_examples=MANY)
@given(expressions())
def test_expressions_stay_inside_every_domain_and_away_from_kinks(expr):
    """Learned from the op table: no nan or inf, no input within the margin of a kink."""
    slots = list(expr.point)
    for op, idx in expr.steps:
        args = [slots[i] for i in idx]
        for domain, x in zip(op.domain or [Domain()] * len(args), args):
            assert domain.contains(x, 0.05 - 1e-12), (op, x)
        slots.append(op.forward(*args))
        assert math.isfinite(slots[-1]) and abs(slots[-1]) <= 1e3


def test_a_wrong_log_rule_shrinks_to_a_tiny_expression_containing_log(monkeypatch):
    from hypothesis import find

    monkeypatch.setattr(ops.Log, "backward", lambda self, g, y, x: (g / (2 * x),))

    def fails(expr):
        try:
            gradcheck(expr, *expr.inputs())
        except GradcheckError:
            return True
        return False

    shrunk = find(expressions(), fails, settings=settings(max_examples=2000, database=None))
    assert len(shrunk.steps) <= 3 and "log(" in str(shrunk)
    assert "python -m autograd.viz" in shrunk.command()


@given(expressions())
def test_expression_source_is_accepted_by_the_cli_and_rebuilds_the_same_graph(expr):
    from autograd.viz.expr import build

    out, leaves = build(str(expr), dict(zip(expr.variables, expr.point)))
    inputs = expr.inputs()
    ours = expr(*inputs)

    def shape(root):
        return sorted(
            (repr(n.op), tuple(repr(p.op) if p.op else p.label for p in n.parents))
            for n in topological_order(root) if n.op is not None
        )

    assert shape(out) == shape(ours)
    assert out.data == pytest.approx(ours.data, rel=1e-12, abs=1e-12)
    out.backward()
    ours.backward()
    for v in inputs:
        assert leaves[v.label].grad == pytest.approx(v.grad, rel=1e-12, abs=1e-12)


# -- calling forms: ops=, numbers on either side, the method style ---------------------------


REFLECTED = ("__radd__", "__rsub__", "__rmul__", "__rtruediv__", "__rpow__")


def test_expressions_put_numbers_on_either_side_of_every_binary_op(monkeypatch):
    """Built as programs (``2 - x``), drawn expressions reach every reflected operator."""
    calls = set()

    def recording(name):
        original = getattr(Value, name)

        def method(self, other):
            calls.add(name)
            return original(self, other)
        return method

    for name in ("__add__", "__sub__", "__mul__", "__truediv__", "__pow__", *REFLECTED):
        monkeypatch.setattr(Value, name, recording(name))

    @settings(max_examples=200, database=None, derandomize=True)
    @given(expressions())
    def build(expr):
        scope = {n: Value(x) for n, x in zip(expr.variables, expr.point)}
        exec("\n".join(expr.lines()), {"__builtins__": {"abs": abs}}, scope)
        assert scope["out"].data == pytest.approx(expr.evaluate(*expr.point), rel=1e-12,
                                                  abs=1e-12)

    build()
    assert calls == {"__add__", "__sub__", "__mul__", "__truediv__", "__pow__", *REFLECTED}


@settings(max_examples=100)
@given(expressions(ops=["*", "2 - x", "tanh"]))
def test_the_ops_filter_keeps_only_those_forms(expr):
    """"*" stands for its three forms (x * y, x * 2, 2 * x); "2 - x" for itself."""
    for op, _ in expr.steps:
        name = op.op.name if type(op).__name__ == "WithNumber" else op.name
        assert name in ("Mul", "Sub", "Tanh"), op
        if name == "Sub":
            assert op.side == "left", op
    assert "/" not in str(expr) and "+" not in str(expr)


def test_forms_and_op_names():
    from autograd.testing import FORMS, select_forms

    assert [f.key for f in select_forms(["/"])] == ["x / y", "x / 2", "2 / x"]
    assert [f.key for f in select_forms("exp")] == ["x.exp()"]
    assert len(FORMS) == 24 and "2 ** x" in FORMS and "abs(x)" in FORMS
    with pytest.raises(ValueError, match="'sqrt' is neither an op nor a calling form"):
        expressions(ops=["sqrt"])


def test_method_style_source_and_named_lines():
    from autograd.strategies import Expression, WithNumber

    expr = Expression(
        ("x", "y"), (0.5, -1.0),
        ((ops.MUL, (0, 1)), (ops.ADD, (2, 2)), (ops.TANH, (3,)),
         (WithNumber(ops.DIV, 2, "left"), (4,)), (ops.LOG, (0,)), (ops.SUB, (5, 6))))
    assert str(expr) == "t1 = (x * y); ((2 / tanh((t1 + t1))) - log(x))"
    assert expr.source("method") == "t1 = x * y; (2 / (t1 + t1).tanh()) - x.log()"
    assert expr.source("method", {"log": "ln"}).endswith("x.ln()")
    assert expr.lines() == ["t1 = x * y", "out = (2 / (t1 + t1).tanh()) - x.log()"]
    scope = {"x": Value(0.5), "y": Value(-1.0)}
    exec("\n".join(expr.lines()), {}, scope)
    assert scope["out"].data == pytest.approx(expr.evaluate(0.5, -1.0), rel=1e-12)
    assert expr.used_variables == ("x", "y")


@given(single_ops("2 ** x"))
def test_single_ops_draw_one_step_inside_its_domain(expr):
    (op, idx), = expr.steps
    assert op.op.name == "Pow" and op.side == "left" and op.number > 0 and idx == (0,)
    assert math.isfinite(expr(*expr.inputs()).data)
