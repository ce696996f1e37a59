"""autograd.functional: return structures, what happens to the caller's inputs,
create_graph, strict mode, dtypes, and the errors for bad arguments."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd
from autograd import Tensor, Value, grad, no_grad, topological_order
from autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp


def _tanh_prime(x):
    return 1 - math.tanh(x) ** 2


# -- structures -------------------------------------------------------------------------


def test_the_module_is_exported_as_autograd_functional():
    assert autograd.functional.jacobian is jacobian


def test_single_input_gives_single_results_and_tuples_give_tuples():
    x, y = Value(0.5), Value(2.0)
    out, g = vjp(lambda a: a.tanh(), x)
    assert isinstance(out, Value) and isinstance(g, float)
    assert g == pytest.approx(_tanh_prime(0.5), rel=1e-15)
    out, g = vjp(lambda a: a.tanh(), (x,))
    assert isinstance(g, tuple) and len(g) == 1
    out, (ga, gb) = vjp(lambda a, b: a * b, (x, y))
    assert (ga, gb) == (2.0, 0.5)
    outs, tangent = jvp(lambda a, b: (a * b, a + b), (x, y), (1.0, 1.0))
    assert isinstance(outs, tuple) and tangent == (2.5, 2.0)


def test_jacobian_nesting_follows_outputs_then_inputs():
    x = Tensor(np.array([1.0, 2.0]))
    w = Tensor(np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 3.0]]))
    J = jacobian(lambda a: a * 3.0, x)  # one in, one out: one block
    np.testing.assert_array_equal(J, 3 * np.eye(2))
    J = jacobian(lambda a: (a * 3.0, a.sum()), x)  # two outputs
    assert isinstance(J, tuple) and J[0].shape == (2, 2) and J[1].shape == (2,)
    J = jacobian(lambda a, b: a @ b, (x, w))  # two inputs
    assert isinstance(J, tuple) and J[0].shape == (3, 2) and J[1].shape == (3, 2, 3)
    np.testing.assert_array_equal(J[0], w.data.T)
    J = jacobian(lambda a, b: (a @ b, (a * a).sum()), (x, w))  # both
    assert [[b.shape for b in row] for row in J] == [[(3, 2), (3, 2, 3)], [(2,), (2, 3)]]
    np.testing.assert_array_equal(J[1][0], 2 * x.data)
    np.testing.assert_array_equal(J[1][1], np.zeros((2, 3)))


def test_values_and_tensors_mix_in_one_call():
    a, t = Value(1.5), Tensor(np.array([1.0, 2.0, 3.0]))
    J = jacobian(lambda p, q: (p * 2.0, (q * q).sum()), (a, t))
    assert J[0][0] == 2.0 and isinstance(J[0][0], float)
    np.testing.assert_array_equal(J[0][1], np.zeros(3))
    assert isinstance(J[1][0], np.ndarray) and J[1][0].shape == () and J[1][0] == 0
    np.testing.assert_array_equal(J[1][1], 2 * t.data)
    H = hessian(lambda p, q: (q * q * q).sum(), (a, t))  # (a Value and a Tensor never mix)
    assert H[0][0] == 0.0 and isinstance(H[0][0], float)
    assert not H[0][1].any() and H[0][1].shape == (3,) and H[1][0].shape == (3,)
    np.testing.assert_array_equal(H[1][1], np.diag(6 * t.data))


def test_vectorize_is_accepted_and_changes_nothing():
    x = Tensor(np.array([0.3, -0.7]))
    f = lambda a: (a.tanh() * a).sum() * a  # noqa: E731
    np.testing.assert_array_equal(jacobian(f, x, vectorize=True), jacobian(f, x))
    g = lambda a: (a.tanh() * a).sum()  # noqa: E731
    np.testing.assert_array_equal(hessian(g, x, vectorize=True), hessian(g, x))


def test_forward_and_reverse_mode_agree():
    x = Tensor(np.array([[0.3, -0.7, 1.1]]))
    w = Tensor(np.array([[0.5], [1.5], [-0.2]]))
    f = lambda a, b: ((a @ b).sigmoid(), (a * a).exp())  # noqa: E731
    rev = jacobian(f, (x, w))
    fwd = jacobian(f, (x, w), strategy="forward-mode")
    for r_row, f_row in zip(rev, fwd):
        for r, fb in zip(r_row, f_row):
            np.testing.assert_allclose(fb, r, rtol=1e-14, atol=1e-15)


def test_empty_tensors():
    x = Tensor(np.zeros(0))
    assert jacobian(lambda a: a * 2.0, x).shape == (0, 0)
    assert jacobian(lambda a: a * 2.0, x, strategy="forward-mode").shape == (0, 0)
    assert vjp(lambda a: a * 2.0, x, np.zeros(0))[1].shape == (0,)


# -- the caller's inputs ------------------------------------------------------------------


def test_inputs_are_copied_so_the_callers_nodes_are_left_alone():
    x = Value(0.5, label="x")
    x.grad = 7.0
    seen = []

    def f(a):
        seen.append(a)
        return a.tanh()

    out, g = vjp(f, x)
    assert seen[0] is not x and seen[0].label == "x" and seen[0].requires_grad
    assert x.grad == 7.0  # untouched
    assert not out.requires_grad and out.is_leaf  # outputs come back detached
    t = Tensor(np.array([1.0, 2.0]), requires_grad=False)
    jac = jacobian(lambda a: a * a, t)  # an input that needs no grad works too
    np.testing.assert_array_equal(jac, np.diag([2.0, 4.0]))
    assert t.grad is None


def test_a_node_reached_through_a_closure_is_not_the_input():
    """As in torch: func's argument is a new node, so x captured by the closure is a
    constant for the derivative (d(a * x)/da = x, not 2x), with or without create_graph."""
    for create_graph in (False, True):
        x = Value(3.0)
        _, g = vjp(lambda a, x=x: a * x, x, create_graph=create_graph)
        assert float(g.data if create_graph else g) == 3.0


def test_create_graph_results_are_nodes_on_the_callers_graph():
    x = Value(0.5)
    J = jacobian(lambda a: a.tanh(), x, create_graph=True)
    assert isinstance(J, Value) and J.data == pytest.approx(_tanh_prime(0.5))
    (d2,) = grad(J, x)  # the derivative of the result with respect to the caller's x
    t = math.tanh(0.5)
    assert d2 == pytest.approx(-2 * t * (1 - t * t), rel=1e-12)
    assert x in topological_order(J)

    w = Tensor(np.array([0.2, -0.4]), requires_grad=True)
    out, Hv = hvp(lambda a: (a * a * a).sum(), w, np.array([1.0, 1.0]), create_graph=True)
    assert isinstance(out, Tensor) and out.requires_grad and isinstance(Hv, Tensor)
    np.testing.assert_allclose(Hv.data, 6 * w.data)  # H = diag(6 w)
    (dw,) = grad(Hv.sum(), w)
    np.testing.assert_allclose(dw, [6.0, 6.0])


def test_create_graph_jacobian_of_a_tensor_output_is_differentiable():
    x = Tensor(np.array([0.1, 0.5, -0.3]), requires_grad=True)
    for strategy in ("reverse-mode", "forward-mode"):
        J = jacobian(lambda a: a.tanh() * a.sum(), x, create_graph=True, strategy=strategy)
        assert isinstance(J, Tensor) and J.shape == (3, 3)
        s = x.data.sum()
        expected = np.diag(1 - np.tanh(x.data) ** 2) * s + np.tanh(x.data)[:, None]
        np.testing.assert_allclose(J.data, expected, rtol=1e-14)
        (dx,) = grad(J.sum(), x)  # d/dx_k of sum_ij J_ij, by hand:
        t = np.tanh(x.data)
        by_hand = -2 * t * (1 - t * t) * s + np.sum(1 - t * t) + 3 * (1 - t * t)
        np.testing.assert_allclose(dx, by_hand, rtol=1e-12)


def test_works_inside_no_grad():
    with no_grad():
        _, g = vjp(lambda a: a.exp(), Value(1.0))
        H = hessian(lambda a: (a * a).sum(), Tensor(np.ones(2)))
    assert g == pytest.approx(math.e)
    np.testing.assert_array_equal(H, 2 * np.eye(2))


def test_float32_inputs_keep_float32_and_v_is_cast():
    x = Tensor(np.array([1.0, 2.0], dtype=np.float32))
    out, g = vjp(lambda a: a * a, x, [1, 1])  # an int list is a fine v
    assert g.dtype == np.float32 and out.dtype == np.float32
    assert jacobian(lambda a: a * a, x).dtype == np.float32
    assert hessian(lambda a: (a * a).sum(), x).dtype == np.float32


def test_v_may_be_a_node():
    x = Tensor(np.array([1.0, 2.0]))
    _, g = vjp(lambda a: a * 3.0, x, Tensor(np.array([1.0, -1.0])))
    np.testing.assert_array_equal(g, [3.0, -3.0])
    v = Value(2.0)
    _, g = jvp(lambda a: a * a, Value(3.0), v, create_graph=True)  # result depends on v
    assert g.data == 12.0 and grad(g, v)[0] == 6.0


# -- zeros and strict mode ---------------------------------------------------------------


def test_independent_inputs_give_zeros_or_a_strict_error():
    x, y = Value(1.0), Tensor(np.ones((2, 2)))
    out, (gx, gy) = vjp(lambda a, b: a * 2.0, (x, y))
    assert gx == 2.0 and gy.shape == (2, 2) and not gy.any()
    with pytest.raises(RuntimeError, match="do not depend on input 1.*strict"):
        vjp(lambda a, b: a * 2.0, (x, y), strict=True)
    with pytest.raises(RuntimeError, match="do not depend on input 1"):
        jvp(lambda a, b: a * 2.0, (x, y), (1.0, np.ones((2, 2))), strict=True)
    with pytest.raises(RuntimeError, match="output 0 of func does not depend on input 1"):
        jacobian(lambda a, b: a * 2.0, (x, y), strict=True)
    with pytest.raises(RuntimeError, match="output 0 of func does not depend on input 1"):
        jacobian(lambda a, b: a * 2.0, (x, y), strict=True, strategy="forward-mode")
    with pytest.raises(RuntimeError, match="does not depend on input 1"):
        hessian(lambda a, b: a * a, (x, y), strict=True)


def test_an_output_without_a_graph_gives_zeros_or_a_strict_error():
    def constant(a):
        return Value(4.0, requires_grad=False)

    out, g = vjp(constant, Value(1.0))
    assert out.data == 4.0 and g == 0.0
    assert jacobian(constant, Value(1.0)) == 0.0
    assert jvp(constant, Value(1.0))[1] == 0.0
    with pytest.raises(RuntimeError, match="output 0 of func has no graph"):
        vjp(constant, Value(1.0), strict=True)


def test_hessian_of_a_linear_function_is_zero_or_a_strict_error():
    x = Tensor(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(hessian(lambda a: (a * 3.0).sum(), x), np.zeros((2, 2)))
    assert hvp(lambda a: (a * 3.0).sum(), x, np.ones(2))[1].tolist() == [0.0, 0.0]
    with pytest.raises(RuntimeError, match="linear"):
        hessian(lambda a: (a * 3.0).sum(), x, strict=True)


def test_strict_with_create_graph_rejects_a_constant_result():
    with pytest.raises(RuntimeError, match="constant"):
        vjp(lambda a: a * 3.0, Value(1.0), create_graph=True, strict=True)


# -- bad arguments -------------------------------------------------------------------------


@pytest.mark.parametrize("inputs, error, words", [
    ([Value(1.0)], TypeError, "tuple, not a list"),
    (3.0, TypeError, "a Value, a Tensor, or a tuple of them; got float"),
    ((Value(1.0), "x"), TypeError, "item 1 is str"),
    ((), ValueError, "empty tuple"),
])
def test_bad_inputs_are_named(inputs, error, words):
    with pytest.raises(error, match=words):
        jacobian(lambda *a: a[0], inputs)


def test_bad_functions_and_flags_are_named():
    with pytest.raises(TypeError, match="takes a function"):
        vjp(3, Value(1.0))
    with pytest.raises(TypeError, match="func's output must be .*got float.*computed from"):
        vjp(lambda a: 2.0, Value(1.0))
    with pytest.raises(TypeError, match="create_graph must be True or False; got 'yes'"):
        jacobian(lambda a: a, Value(1.0), create_graph="yes")
    with pytest.raises(ValueError, match="strategy must be one of 'reverse-mode', 'forward-mode'"):
        jacobian(lambda a: a, Value(1.0), strategy="forward")
    with pytest.raises(ValueError, match="outer_jacobian_strategy"):
        hessian(lambda a: a, Value(1.0), outer_jacobian_strategy="backward")


def test_hessian_needs_one_number():
    with pytest.raises(ValueError, match="single Value or a one-element Tensor; got a Tensor "
                                         r"of shape \(2,\)"):
        hessian(lambda a: a * a, Tensor(np.ones(2)))
    with pytest.raises(ValueError, match="got a tuple of 2"):
        hvp(lambda a: (a, a), Value(1.0))
    H = hessian(lambda a: (a * a).sum().reshape(1, 1), Tensor(np.ones(2)))  # one element: fine
    np.testing.assert_array_equal(H, 2 * np.eye(2))


def test_bad_v_is_named():
    x = Tensor(np.ones(3))
    with pytest.raises(ValueError, match="needs v .*got a Tensor of shape \\(3,\\)"):
        vjp(lambda a: a * 2.0, x)
    with pytest.raises(ValueError, match="needs v .*got 2 inputs"):
        jvp(lambda a, b: a * b, (x, x))
    with pytest.raises(ValueError, match=r"v has shape \(2,\); output 0 has shape \(3,\)"):
        vjp(lambda a: a * 2.0, x, np.ones(2))
    with pytest.raises(ValueError, match=r"v\[1\] has shape \(\); input 1 has shape \(3,\)"):
        jvp(lambda a, b: a * b, (x, x), (np.ones(3), 1.0))
    with pytest.raises(ValueError, match="v has 2 entries for 1 outputs"):
        vjp(lambda a: a * 2.0, x, (np.ones(3), np.ones(3)))
    with pytest.raises(ValueError, match="v has 1 entries for 2 inputs; pass one per input in a "
                                         "tuple"):
        hvp(lambda a, b: (a * b).sum(), (x, x), [np.ones(3)])
    with pytest.raises(TypeError, match="v is a Tensor but input 0 is a Value"):
        jvp(lambda a: a, Value(1.0), Tensor(1.0))
    with pytest.raises(TypeError, match="must be a real number for input 0"):
        vhp(lambda a: a * a, Value(1.0), "1")
    with pytest.raises(TypeError, match="must be numbers"):
        vjp(lambda a: a * 2.0, x, np.array(["a", "b", "c"]))
