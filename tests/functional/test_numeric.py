"""autograd.functional against central differences, on random smooth functions of
Values and of Tensors of random shapes, and the Rosenbrock Hessian in closed form."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Node, Tensor, Value, grad
from autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp

from .helpers import (
    as_data,
    evaluate,
    jv,
    numeric_hessian,
    numeric_jacobian,
    random_like,
    swap,
    tensor_problems,
    value_problems,
    vj,
)


def tol1(problem) -> dict:
    """First derivatives vs central differences (eps 1e-6): these lose about
    |f| * 1e-16 / 1e-6 to rounding, so the absolute tolerance grows with |f|."""
    size = max(float(np.max(np.abs(o), initial=0)) for o in evaluate(problem.func, problem.point))
    return {"rtol": 1e-5, "atol": 1e-6 + 1e-9 * size}


def tol2(problem) -> dict:
    """Second derivatives vs second differences (eps 1e-4): these lose about
    |f| * 1e-16 / 1e-8 to rounding, so the absolute tolerance grows with |f|."""
    size = abs(float(evaluate(problem.func, problem.point)[0]))  # a scalar function
    return {"rtol": 1e-4, "atol": 1e-4 + 1e-6 * size}


def _blocks(result, n_out, n_in):
    """A jacobian/hessian result as nested lists [i][j], whatever its packing."""
    rows = list(result) if n_out > 1 else [result]
    return [list(r) if n_in > 1 else [r] for r in rows]


def _outputs(problem):
    """(did func return a tuple, its outputs as a tuple)"""
    out = problem.func(*problem.inputs())
    return isinstance(out, tuple), out if isinstance(out, tuple) else (out,)


@pytest.mark.parametrize("strategy", ["reverse-mode", "forward-mode"])
@given(problem=st.one_of(value_problems(outputs=1), value_problems(outputs=2), tensor_problems()))
def test_jacobian_matches_central_differences(problem, strategy):
    out_tuple, outs = _outputs(problem)
    expected = numeric_jacobian(problem.func, problem.point)
    got = _blocks(jacobian(problem.func, problem.inputs(), strategy=strategy),
                  len(outs) if out_tuple else 1, len(problem.point))
    for i, out in enumerate(outs):
        for j, x in enumerate(problem.point):
            block = got[i][j]
            if isinstance(out, Value) and isinstance(x, float):
                assert isinstance(block, float)
            else:
                assert isinstance(block, np.ndarray)
                assert block.shape == np.shape(out.data) + np.shape(x)
            np.testing.assert_allclose(block, expected[i][j], **tol1(problem))


@given(problem=st.one_of(value_problems(outputs=2), tensor_problems()), seed=st.integers(0, 99))
def test_vjp_and_jvp_match_central_differences(problem, seed):
    out_tuple, outs = _outputs(problem)
    J = numeric_jacobian(problem.func, problem.point)
    u = random_like([o.data for o in outs], seed)
    v = random_like(problem.point, seed + 1)

    out, back = vjp(problem.func, problem.inputs(), u if out_tuple else u[0])
    assert isinstance(back, tuple) and len(back) == len(problem.point)
    for j in range(len(problem.point)):
        expected = sum(vj(u[i], J[i][j], np.ndim(o.data)) for i, o in enumerate(outs))
        np.testing.assert_allclose(as_data(back[j]), expected, **tol1(problem))

    out, forward = jvp(problem.func, problem.inputs(), v)
    out, forward = (out, forward) if out_tuple else ((out,), (forward,))
    for i, o in enumerate(outs):
        expected = sum(jv(J[i][j], v[j], np.ndim(x)) for j, x in enumerate(problem.point))
        np.testing.assert_allclose(as_data(forward[i]), expected, **tol1(problem))
        np.testing.assert_allclose(as_data(out[i]), as_data(o))  # the outputs come back too


@pytest.mark.parametrize("strategy", ["reverse-mode", "forward-mode"])
@given(problem=st.one_of(value_problems(outputs=1), tensor_problems(scalar=True, max_side=2)))
def test_hessian_matches_second_differences(problem, strategy):
    H = hessian(problem.func, problem.inputs(), outer_jacobian_strategy=strategy)
    expected = numeric_hessian(problem.func, problem.point)
    n = len(problem.point)
    for i in range(n):
        for j in range(n):
            np.testing.assert_allclose(as_data(H[i][j]), expected[i][j], **tol2(problem))
            symmetric = swap(as_data(H[j][i]), np.ndim(problem.point[j]))
            np.testing.assert_allclose(as_data(H[i][j]), symmetric, rtol=1e-9, atol=1e-12)


@given(problem=st.one_of(value_problems(outputs=1), tensor_problems(scalar=True, max_side=2)),
       seed=st.integers(0, 99))
def test_hvp_and_vhp_match_second_differences(problem, seed):
    H = numeric_hessian(problem.func, problem.point)
    v = random_like(problem.point, seed)
    out, hv = hvp(problem.func, problem.inputs(), v)
    out2, vh = vhp(problem.func, problem.inputs(), v)
    assert as_data(out) == pytest.approx(float(as_data(out2)))
    for i in range(len(problem.point)):
        expected = sum(jv(H[i][j], v[j], np.ndim(q)) for j, q in enumerate(problem.point))
        np.testing.assert_allclose(as_data(hv[i]), expected, **tol2(problem))
        np.testing.assert_allclose(as_data(vh[i]), expected, **tol2(problem))


@given(problem=tensor_problems(), seed=st.integers(0, 99))
def test_create_graph_results_are_differentiable_wrt_the_callers_inputs(problem, seed):
    """d/dX of sum(W * jacobian(f)(X...)) against central differences of the
    (create_graph=False) Jacobian: the create_graph=True result stays on the caller's graph."""
    xs = tuple(Tensor(p, requires_grad=True) for p in problem.point)
    J = jacobian(problem.func, xs, create_graph=True)
    first = J[0] if isinstance(J[0], tuple) else J  # the blocks of output 0
    weights = [np.random.default_rng(seed + j).normal(size=b.shape) for j, b in enumerate(first)]
    assert all(isinstance(b, Node) for b in first)
    total = sum(((b * w).sum() for b, w in zip(first, weights)), start=Tensor(0.0))
    if not total.requires_grad:
        return  # f is linear in every input: nothing to differentiate
    analytic = grad(total, list(xs), allow_unused=True)

    def weighted_jacobian(*ts):
        blocks = jacobian(problem.func, tuple(Tensor(t.data) for t in ts))
        blocks = blocks[0] if isinstance(blocks[0], tuple) else blocks
        return Tensor(sum(float(np.sum(b * w)) for b, w in zip(blocks, weights)))

    expected = numeric_jacobian(weighted_jacobian, problem.point)[0]
    for a, e in zip(analytic, expected):
        np.testing.assert_allclose(0.0 if a is None else a, e, rtol=1e-4, atol=1e-5)


# -- Rosenbrock: f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 -------------------------------------


def rosenbrock_hessian(x: float, y: float) -> np.ndarray:
    return np.array([[2 - 400 * (y - x * x) + 800 * x * x, -400 * x], [-400 * x, 200.0]])


@given(st.floats(-2, 2), st.floats(-2, 2))
def test_rosenbrock_hessian_on_values_is_the_closed_form(x, y):
    H = hessian(lambda a, b: (1 - a) ** 2 + 100 * (b - a**2) ** 2, (Value(x), Value(y)))
    assert isinstance(H, tuple) and all(isinstance(row, tuple) for row in H)
    np.testing.assert_allclose(np.array(H, dtype=float), rosenbrock_hessian(x, y),
                               rtol=1e-12, atol=1e-9)


@given(st.lists(st.floats(-2, 2), min_size=2, max_size=6), st.integers(0, 99))
def test_rosenbrock_hessian_on_a_tensor_is_the_closed_form(point, seed):
    """sum_i (1 - x_i)^2 + 100 (x_{i+1} - x_i^2)^2: a tridiagonal Hessian."""
    x = np.array(point)

    def f(t):
        return ((1 - t[:-1]) ** 2 + 100 * (t[1:] - t[:-1] ** 2) ** 2).sum()

    n = len(x)
    expected = np.zeros((n, n))
    for i in range(n - 1):
        expected[i, i] += 2 - 400 * (x[i + 1] - x[i] ** 2) + 800 * x[i] ** 2
        expected[i + 1, i + 1] += 200
        expected[i, i + 1] = expected[i + 1, i] = -400 * x[i]
    for strategy in ("reverse-mode", "forward-mode"):
        H = hessian(f, Tensor(x), outer_jacobian_strategy=strategy)
        assert H.shape == (n, n)
        np.testing.assert_allclose(H, expected, rtol=1e-12, atol=1e-9)
    v = np.random.default_rng(seed).normal(size=n)
    np.testing.assert_allclose(hvp(f, Tensor(x), v)[1], expected @ v, rtol=1e-10, atol=1e-8)
    np.testing.assert_allclose(vhp(f, Tensor(x), v)[1], v @ expected, rtol=1e-10, atol=1e-8)
