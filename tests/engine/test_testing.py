"""autograd.testing strategies, and the property tests they make possible."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Tensor, Value, gradcheck, gradgradcheck
from autograd.testing import expressions, tensors, values


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


@given(expressions(), st.floats(-2, 2))
def test_expressions_run_elementwise_on_tensors(expr, shift):
    """Value and Tensor share one set of rules: a Tensor of points gives every Value result."""
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


def test_expressions_reuse_subexpressions_and_print():
    from hypothesis import find

    expr = find(
        expressions(),
        lambda e: any(len(set(idx)) < len(idx) or min(idx) < len(e.variables) + k - 1
                      for k, (_, idx) in enumerate(e.steps) if len(idx) == 2),
    )
    assert isinstance(str(expr), str) and any(v in str(expr) for v in expr.variables)


@given(values(), tensors(shape=(2, 3)))
def test_value_and_tensor_strategies(v, t):
    assert isinstance(v, Value) and v.requires_grad and math.isfinite(v.data)
    assert isinstance(t, Tensor) and t.shape == (2, 3) and t.requires_grad
    assert np.all(np.isfinite(t.data))
