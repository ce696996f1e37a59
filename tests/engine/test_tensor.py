"""Tensor: broadcasting gradients, shapes, dtypes, indexing and errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import Tensor, gradcheck


@given(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4), st.data())
def test_broadcast_gradients_are_reduced_to_each_input_shape(shapes, data):
    a_shape, b_shape = shapes.input_shapes
    elements = st.floats(-2, 2)
    a = Tensor(data.draw(hnp.arrays(np.float64, a_shape, elements=elements)), requires_grad=True)
    b = Tensor(data.draw(hnp.arrays(np.float64, b_shape, elements=elements)), requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.shape == a.shape and b.grad.shape == b.shape
    # d/da sum(a*b) = b summed over the axes a was broadcast along.
    expected_a = np.broadcast_to(b.data, shapes.result_shape) * np.ones(shapes.result_shape)
    lead = len(shapes.result_shape) - a.ndim
    expected_a = expected_a.sum(axis=tuple(range(lead)))
    expected_a = expected_a.sum(
        axis=tuple(i for i, n in enumerate(a_shape) if n == 1), keepdims=True
    ).reshape(a_shape)
    np.testing.assert_allclose(a.grad, expected_a, rtol=1e-12, atol=1e-12)


def test_linear_layer_gradients_by_hand():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 3))
    W = Tensor(rng.normal(size=(3, 2)), requires_grad=True)
    b = Tensor(np.zeros(2), requires_grad=True)
    y = x @ W + b
    g = rng.normal(size=(5, 2))
    y.backward(g)
    np.testing.assert_allclose(W.grad, x.T @ g)
    np.testing.assert_allclose(b.grad, g.sum(axis=0))


def test_float32_is_kept_and_float64_is_default():
    x32 = Tensor(np.ones((2, 2), dtype=np.float32), requires_grad=True)
    y = (x32 * 2.0 + 1).exp().sum()
    y.backward()
    assert y.dtype == np.float32 and x32.grad.dtype == np.float32
    assert Tensor([1, 2]).dtype == np.float64
    assert Tensor([True, False]).dtype == np.float64


def test_reductions_and_shape_ops():
    t = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    assert t.sum().item() == 15.0
    np.testing.assert_array_equal(t.sum(axis=0).data, [3, 5, 7])
    assert t.mean(axis=1, keepdims=True).shape == (2, 1)
    assert t.max(axis=-1).data.tolist() == [2.0, 5.0]
    assert t.reshape(3, 2).shape == (3, 2) and t.reshape((6,)).shape == (6,)
    assert t.T.shape == (3, 2) and t.transpose(1, 0).shape == (3, 2)
    assert t[1].data.tolist() == [3.0, 4.0, 5.0]
    (t.mean() * 6).backward()
    np.testing.assert_allclose(t.grad, np.ones((2, 3)))


def test_integer_array_indexing_adds_up_repeats():
    t = Tensor(np.arange(4.0), requires_grad=True)
    t[np.array([0, 0, 3, 0])].sum().backward()
    np.testing.assert_array_equal(t.grad, [3.0, 0.0, 0.0, 1.0])
    m = Tensor(np.zeros((3, 2)), requires_grad=True)
    m[[0, 2], [1, 1]].sum().backward()
    np.testing.assert_array_equal(m.grad, [[0, 1], [0, 0], [0, 1]])


def test_max_splits_gradient_between_ties():
    t = Tensor([1.0, 3.0, 3.0], requires_grad=True)
    t.max().backward()
    np.testing.assert_array_equal(t.grad, [0.0, 0.5, 0.5])


def test_matmul_vector_cases():
    A = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    v = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    assert (A @ v).shape == (2,)
    assert (v @ v).shape == () and (v @ v).item() == 14.0
    assert (Tensor([1.0, 1.0]) @ A).shape == (3,)
    assert gradcheck(lambda a, b: a @ b, A, v)


def test_numbers_and_arrays_mix_in_on_either_side():
    t = Tensor([1.0, 2.0], requires_grad=True)
    y = 1 - t / 2 + np.array([1.0, 1.0]) * t
    assert isinstance(np.array([1.0, 1.0]) * t, Tensor)
    np.testing.assert_allclose(y.data, [1.5, 2.0])
    y.sum().backward()
    np.testing.assert_allclose(t.grad, [0.5, 0.5])


def test_shape_errors_name_both_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(2, 3\)"):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(4,\)"):
        Tensor(np.ones((2, 3))) + Tensor(np.ones(4))
    with pytest.raises(ValueError, match="reshape"):
        Tensor(np.ones(6)).reshape(4, 2)
    with pytest.raises(ValueError, match="axis"):
        Tensor(np.ones(6)).sum(axis=1)


@pytest.mark.parametrize("bad", [["a", "b"], np.array(["x"]), np.array([object()]), [[1, 2], [3]]])
def test_non_numeric_tensors_are_type_errors(bad):
    with pytest.raises(TypeError, match="Tensor"):
        Tensor(bad)
    with pytest.raises(TypeError):
        Tensor([1.0]) * bad


def test_backward_from_non_scalar_needs_grad():
    t = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"shape \(3,\)"):
        (t * 2).backward()
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        (t * 2).backward(np.ones(2))
    (t * 2).backward(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(t.grad, [2.0, 4.0, 6.0])


def test_log_non_positive_is_ieee_without_warnings():
    with np.errstate(all="raise"):
        out = Tensor([0.0, -1.0, 1.0]).log().data
    assert out[0] == -np.inf and np.isnan(out[1]) and out[2] == 0.0


def test_item_numpy_detach_repr():
    t = Tensor([[2.5]], requires_grad=True)
    assert t.item() == 2.5
    assert t.numpy() is t.data
    d = (t * 2).detach()
    assert d.is_leaf and not d.requires_grad and d.item() == 5.0
    assert "requires_grad=True" in repr(t) and "op=Mul" in repr(t * 2)
    with pytest.raises(ValueError, match="single-element"):
        Tensor([1.0, 2.0]).item()
