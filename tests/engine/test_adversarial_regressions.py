"""Regression tests for the bugs an adversarial review found (issue 7, section 4).

Each test failed on the engine before the fix; the expected values are PyTorch's.
"""

import math

import numpy as np
import pytest

from autograd import Tensor, Value, as_tensor, grad, gradcheck, numerical_grad


def test_clip_with_array_bounds_broadcasts_like_any_operand():
    t = Tensor([1.0], requires_grad=True)
    out = t.clip(np.zeros(4), 2.0)
    assert out.shape == (4,)
    out.sum().backward()
    np.testing.assert_array_equal(t.grad, [4.0])  # torch: tensor([4.])


@pytest.mark.parametrize("base", [1e-310, 0.0, float("nan")])
def test_pow_with_exponent_zero_has_zero_base_gradient(base):
    a, b = Value(base), Value(0.0)
    (a**b).backward()
    assert a.grad == 0.0  # torch: 0 (not 0 * inf = nan)


def test_float32_stays_float32():
    t32 = Tensor(np.array([0.25, 1.0, 3.0], dtype=np.float32), requires_grad=True)
    assert t32.clip(np.float64(0.5), np.float64(2)).dtype == np.float32
    assert (t32 * np.bool_(True)).dtype == np.float32
    (g,) = grad(t32 * 2.0, t32, grad_outputs=np.ones(3))  # float64 grad_outputs
    assert g.dtype == np.float32
    (g,) = grad(t32 * 2.0, t32, grad_outputs=Tensor(np.ones(3)))
    assert g.dtype == np.float32
    assert Value(np.bool_(True)).data == 1.0


def test_zero_size_tensors_reduce_like_numpy():
    assert Tensor(np.ones((0, 3))).max(axis=1).shape == (0,)
    assert Tensor(np.ones((2, 0))).log_softmax(axis=1).shape == (2, 0)
    with pytest.raises(ValueError, match="axis of size 0"):
        Tensor(np.ones((0, 3))).max(axis=0)


def test_bad_input_gets_a_clear_error_at_the_boundary():
    with pytest.raises(ValueError, match="too large for a float"):
        Value(10**400)
    with pytest.raises(TypeError, match="clip low takes real numbers"):
        Tensor([1.0]).clip("a", 1)
    with pytest.raises(TypeError, match="axis must be an int, a tuple of ints or None"):
        Tensor([[1.0]]).sum(axis=1.0)
    with pytest.raises(TypeError, match=r"grad\(\) outputs must be a Value or Tensor"):
        grad(3.0, Value(1.0))


def test_truth_values_and_iteration_follow_pytorch():
    assert bool(Tensor([0.0])) is False and bool(Tensor([2.0])) is True
    with pytest.raises(ValueError, match="ambiguous"):
        bool(Tensor([1.0, 2.0]))
    with pytest.raises(TypeError, match="0-d tensor"):
        list(Tensor(1.0))
    assert [r.item() for r in Tensor([1.0, 2.0])] == [1.0, 2.0]
    assert bool(Value(0.0)) is False and bool(Value(-1.0)) is True
    with pytest.raises(TypeError, match=r"use x\.exp\(\)"):
        np.exp(Value(1.0))


def test_numerical_grad_perturbs_non_contiguous_tensors():
    a = np.arange(6.0).reshape(2, 3)
    t = as_tensor(a.T)  # a transposed view: reshape(-1) would copy it
    (g,) = numerical_grad(lambda x: (x * x).sum(), t)
    np.testing.assert_allclose(g, 2 * a.T, rtol=1e-6)
    assert gradcheck(lambda x: (x * x).sum(), t)


def test_label_and_requires_grad_are_keyword_only_on_both_front_ends():
    with pytest.raises(TypeError):
        Tensor(np.ones(2), "w")
    with pytest.raises(TypeError):
        Value(1.0, "w")
    assert Tensor(np.ones(2), label="w", requires_grad=True).requires_grad


def test_gradcheck_on_tensors_names_the_output_element_that_differs():
    from autograd import GradcheckError, Op

    class ReversedCumsum(Op):
        """cumsum with a wrong rule: the gradient reversed."""

        def forward(self, x):
            return np.cumsum(x)

        def backward(self, g, y, x):
            return g[::-1].copy()

    x = Tensor(np.arange(1.0, 5.0), requires_grad=True)
    with pytest.raises(GradcheckError, match=r"of output element \(0,\) for input 0, element "
                                             r"\(0,\): analytic 0 vs numeric 1"):
        gradcheck(lambda t: ReversedCumsum()(t), x)
    assert math.isfinite(x.data.sum())
