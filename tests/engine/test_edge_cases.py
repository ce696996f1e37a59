"""Edge cases found by comparing with PyTorch: zeros in pow, dtypes, masks, odd indices."""

import math

import numpy as np
import pytest

from autograd import Tensor, Value, grad

F32 = np.float32


def leaf(values, dtype=np.float64):
    return Tensor(np.array(values, dtype=dtype), requires_grad=True)


def test_pow_at_zero_has_pytorchs_finite_gradients():
    x = leaf([0.0, 1.0])
    (x**0).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])
    v = Value(0.0)
    (v**0).backward()
    assert v.grad == 0.0
    a, b = leaf([0.0, 0.0]), leaf([2.0, 0.0])
    (a**b).sum().backward()
    np.testing.assert_array_equal(a.grad, [0.0, 0.0])
    np.testing.assert_array_equal(b.grad, [0.0, 0.0])
    e = leaf([2.0])
    (0.0**e).sum().backward()
    np.testing.assert_array_equal(e.grad, [0.0])


def test_pow_elsewhere_is_unchanged_including_second_order():
    a, b = Value(2.0), Value(0.0)
    (ga,) = grad(a**b, a, create_graph=True)  # b * a**(b-1)
    (gab,) = grad(ga, b)  # d/db = a**(b-1) + b a**(b-1) log a = 1/a at b = 0
    assert ga.data == 0.0 and gab == pytest.approx(0.5)


def test_float32_gradients_stay_float32():
    x = leaf([1.0, -2.0, 3.0], F32)
    assert grad(x.abs().sum(), x)[0].dtype == F32
    assert grad(x.max(), x)[0].dtype == F32
    assert grad(x.relu().sum(), x, create_graph=True)[0].dtype == F32
    assert grad(x.clip(-1, 1).sum(), x, create_graph=True)[0].dtype == F32
    assert grad(x.exp(), x, grad_outputs=np.ones(3))[0].dtype == F32
    assert (x * np.array([True, False, True])).dtype == F32
    assert (x * np.array([1, 2, 3], dtype=np.int64)).dtype == F32
    y = (x.relu() * x).sum()
    y.backward(create_graph=True)
    assert x.grad.dtype == F32


def test_relu_and_clip_on_floats_match_numpy():
    assert math.isnan(Value(math.nan).relu().data)
    assert Value(-0.0).relu().data == 0.0
    assert Value(0.5).clip(2, 1).data == 1.0 == float(np.clip(0.5, 2, 1))
    assert math.isnan(Value(math.nan).clip(0, 1).data)


def test_transpose_rejects_axes_out_of_range():
    t = Tensor(np.zeros((2, 3)))
    for bad in [(1, 2), (0, 3), (0, 0), (0,)]:
        with pytest.raises(ValueError, match="permutation"):
            t.transpose(*bad)
    assert t.transpose(-1, -2).shape == (3, 2)
    with pytest.raises(ValueError, match="2 dimensions"):
        _ = Tensor(np.zeros(3)).mT


def test_mean_of_empty_is_nan():
    assert math.isnan(Tensor(np.zeros((0, 3))).mean().item())
    assert np.isnan(Tensor(np.zeros((0, 3))).mean(axis=0).data).all()


def test_tensor_and_list_indices():
    t = Tensor(np.arange(3.0), requires_grad=True)
    assert t[Tensor([2.0, 0.0])].data.tolist() == [2.0, 0.0]
    with pytest.raises(IndexError, match="whole numbers"):
        t[Tensor([0.9, 1.7])]
    assert t[[]].shape == (0,)
    assert t[np.array([True, False, True])].data.tolist() == [0.0, 2.0]


def test_plain_backward_onto_a_differentiable_grad_keeps_it_differentiable():
    x = leaf([1.0, 2.0])
    (x**3).sum().backward(create_graph=True)
    (x**3).sum().backward()
    assert x.grad.requires_grad
    np.testing.assert_allclose(x.grad.data, 2 * 3 * x.data**2)
    (h,) = grad(x.grad.sum(), x)  # d/dx of 3x^2 (the differentiable part) = 6x
    np.testing.assert_allclose(h, 6 * x.data)


def test_tensor_from_tensor_copies():
    a = Tensor([1.0])
    b = Tensor(a)
    b.data[0] = 5.0
    assert a.data[0] == 1.0


def test_exp_overflow_is_silent_inf():
    with np.errstate(all="raise"):
        assert Tensor([1000.0]).exp().data[0] == np.inf


def test_log_softmax_takes_one_axis():
    with pytest.raises(TypeError, match="one axis"):
        Tensor(np.zeros((2, 2))).log_softmax(axis=(0, 1))
