"""nn.functional: activations and losses vs hand formulas, numerical gradients and stability."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nn
from autograd import Tensor, Value
from nn import functional as F

from .helpers import numerical_grad


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def grad_of(fn, *arrays):
    """Run ``fn`` on leaf Tensors made from ``arrays``; return (loss value, grads)."""
    leaves = [Tensor(a, requires_grad=True) for a in arrays]
    out = fn(*leaves)
    out.backward()
    return out.item(), [t.grad for t in leaves]


# -- activations ----------------------------------------------------------------------


X = np.array([[-3.0, -0.5, 0.0, 0.5, 3.0]])


@pytest.mark.parametrize("fn, ref", [
    (F.sigmoid, sigmoid), (F.tanh, np.tanh), (F.relu, lambda x: np.maximum(x, 0)),
    (F.leaky_relu, lambda x: np.where(x > 0, x, 0.01 * x)),
])
def test_activations_take_arrays_tensors_and_values(fn, ref):
    np.testing.assert_allclose(fn(X).data, ref(X))
    np.testing.assert_allclose(fn(Tensor(X)).data, ref(X))
    for v in (-0.5, 0.5):
        assert fn(Value(v)).data == pytest.approx(float(ref(np.array(v))))


def test_leaky_relu_gradient_is_one_or_the_slope():
    _, (g,) = grad_of(lambda t: F.leaky_relu(t, 0.2).sum(), X)
    np.testing.assert_array_equal(g, np.where(X > 0, 1.0, 0.2))
    v = Value(-2.0)
    F.leaky_relu(v, 0.2).backward()
    assert v.grad == pytest.approx(0.2)


def test_softmax_and_log_softmax_are_stable():
    z = np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]])
    p = F.softmax(z).data
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[1], softmax(z[1]))
    np.testing.assert_allclose(F.log_softmax(z).data[0], [0.0, -1000.0, -2000.0])
    np.testing.assert_allclose(F.softmax(z, axis=0).data.sum(axis=0), 1.0)


def test_activation_type_errors_name_the_input():
    with pytest.raises(TypeError, match="sigmoid: input must be a Tensor or numpy array"):
        F.sigmoid("abc")


# -- mse ---------------------------------------------------------------------------------


def test_mse_loss_value_and_gradient():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    loss, (g,) = grad_of(lambda t: F.mse_loss(t, y), x)
    assert loss == pytest.approx(np.mean((x - y) ** 2))
    np.testing.assert_allclose(g, 2 * (x - y) / x.size)
    assert F.mse_loss(x, y, reduction="sum").item() == pytest.approx(np.sum((x - y) ** 2))
    assert F.mse_loss(x, y, reduction="none").shape == (4, 3)
    assert F.mse_loss(Tensor(x), Tensor(y)).item() == pytest.approx(loss)


def test_mse_loss_rejects_shapes_that_would_broadcast():
    with pytest.raises(ValueError, match=r"input has shape \(5, 1\) but target has shape \(5,\)"
                       r".*reshape it, e\.g\. target\.reshape\(5, 1\)"):
        F.mse_loss(np.zeros((5, 1)), np.zeros(5))
    with pytest.raises(ValueError, match="reduction must be one of"):
        F.mse_loss(np.zeros(2), np.zeros(2), reduction="avg")
    with pytest.raises(TypeError, match="target must hold numbers"):
        F.mse_loss(np.zeros(2), np.array(["a", "b"]))


# -- binary cross-entropy ------------------------------------------------------------------


def bce_ref(p, y):
    return -np.mean(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log(1 - p), -100))


def test_bce_value_and_gradient_match_the_formula():
    rng = np.random.default_rng(1)
    p, y = rng.uniform(0.05, 0.95, size=(6, 1)), rng.integers(0, 2, size=(6, 1)).astype(float)
    loss, (g,) = grad_of(lambda t: F.binary_cross_entropy(t, y), p)
    assert loss == pytest.approx(bce_ref(p, y))
    np.testing.assert_allclose(g, (p - y) / (p * (1 - p)) / p.size)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bce_with_probabilities_of_exactly_zero_and_one_is_finite(dtype):
    p = np.array([0.0, 1.0, 0.0, 1.0, 0.5, 1e-40], dtype)  # 1e-40: a float32 subnormal
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    t = Tensor(p, requires_grad=True)
    loss = F.binary_cross_entropy(t, y, reduction="none")
    loss.sum().backward()
    assert loss.dtype == dtype
    # each log is clamped at -100, as in PyTorch
    np.testing.assert_allclose(loss.data, [100, 100, 0, 0, np.log(2), -np.log(1e-40)], rtol=1e-6)
    assert np.all(np.isfinite(t.grad))
    assert t.grad[4] == pytest.approx(-2.0)


# PyTorch's binary_cross_entropy, written out from its CPU kernels: the forward clamps each log
# at -100 (and uses log1p for log(1 - p)); the backward is (p - y) / max(p (1 - p), EPS) with
# EPS the float32 number nearest 1e-12, also where the forward is clamped.
TORCH_EPS = float(np.float32(1e-12))  # 9.999999960041972e-13


def bce_torch_formula(p, y):
    with np.errstate(divide="ignore"):  # log(0) = -inf, then clamped
        loss = (y - 1) * max(np.log1p(-p), -100.0) - y * max(np.log(p), -100.0)
    return loss, (p - y) / max((1 - p) * p, TORCH_EPS)


SATURATED = [  # (p, y): the cases where the loss or its gradient is clamped
    (0.0, 0.0), (1.0, 1.0), (0.0, 1.0), (1.0, 0.0), (0.0, 0.5), (1.0, 0.5),
    (1e-50, 1.0), (1e-50, 0.0), (np.exp(-101), 1.0), (np.exp(-101), 0.0), (np.exp(-100), 1.0),
    (1e-90, 1.0), (1e-20, 1.0), (1e-20, 0.0), (1e-13, 1.0), (1e-13, 0.3), (1 - 1e-13, 0.0),
    (1 - 2**-53, 0.0), (1 - 2**-53, 1.0), (0.3, 1.0), (0.3, 0.0), (0.7, 0.25),
]


@pytest.mark.parametrize("p, y", SATURATED)
def test_bce_values_and_gradients_are_pytorchs_at_saturated_probabilities(p, y):
    t = Tensor(np.array([p]), requires_grad=True)
    loss = F.binary_cross_entropy(t, np.array([y]), reduction="sum")
    loss.backward()
    expected_loss, expected_grad = bce_torch_formula(p, y)
    assert loss.item() == pytest.approx(expected_loss, rel=1e-15, abs=0)
    assert t.grad[0] == pytest.approx(expected_grad, rel=1e-13, abs=0)


def test_bce_saturated_values_by_hand():
    """The same cases with the numbers written out."""
    cases = {  # (p, y): (loss, d loss / d p)
        (0.0, 0.0): (0.0, 0.0),
        (1.0, 1.0): (0.0, 0.0),
        (0.0, 1.0): (100.0, -1.0000000039958029e12),  # -1 / EPS
        (1.0, 0.0): (100.0, 1.0000000039958029e12),
        (1e-50, 1.0): (100.0, -1.0000000039958029e12),  # log(1e-50) = -115 is clamped
        (1e-50, 0.0): (1e-50, 1.0000000039958028e-38),  # -log1p(-1e-50) = 1e-50
        (np.exp(-101), 1.0): (100.0, -1.0000000039958029e12),
        (1e-20, 1.0): (46.051701859880914, -1.0000000039958029e12),
        (1e-13, 1.0): (29.933606208922594, -1.0000000039957029e12),
    }
    p = np.array([c[0] for c in cases])
    y = np.array([c[1] for c in cases])
    t = Tensor(p, requires_grad=True)
    loss = F.binary_cross_entropy(t, y, reduction="none")
    loss.sum().backward()
    expected = np.array(list(cases.values()))
    np.testing.assert_allclose(loss.data, expected[:, 0], rtol=1e-15, atol=0)
    np.testing.assert_allclose(t.grad, expected[:, 1], rtol=1e-13, atol=0)


def test_bce_mean_reduction_scales_pytorchs_gradient():
    p, y = np.array([0.0, 0.3, 1.0, 1e-20]), np.array([1.0, 1.0, 1.0, 0.0])
    t = Tensor(p, requires_grad=True)
    loss = F.binary_cross_entropy(t, y)
    loss.backward()
    expected = [bce_torch_formula(a, b) for a, b in zip(p, y)]
    assert loss.item() == pytest.approx(np.mean([e[0] for e in expected]), rel=1e-15)
    np.testing.assert_allclose(t.grad, [e[1] / 4 for e in expected], rtol=1e-13, atol=0)


def test_bce_second_derivative_inside_the_clamp():
    from autograd import gradgradcheck

    p = Tensor(np.array([0.05, 0.3, 0.5, 0.9]), requires_grad=True)
    y = np.array([1.0, 0.0, 0.25, 1.0])
    assert gradgradcheck(lambda t: F.binary_cross_entropy(t, y), p)


def test_bce_checks_its_inputs():
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]; got values in \[-0.5, 2\]"):
        F.binary_cross_entropy(np.array([-0.5, 2.0]), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="probabilities"):
        F.binary_cross_entropy(np.array([np.nan]), np.array([0.0]))
    with pytest.raises(ValueError, match=r"input has shape \(3, 1\) but target has shape \(3,\)"):
        F.binary_cross_entropy(np.full((3, 1), 0.5), np.ones(3))


def bce_logits_ref(x, y):
    return np.mean(np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x))))


def test_bce_with_logits_value_and_gradient_everywhere_including_zero():
    x = np.array([-3.0, -0.1, 0.0, 0.0, 0.7, 4.0])
    y = np.array([0.0, 1.0, 1.0, 0.0, 0.0, 1.0])
    loss, (g,) = grad_of(lambda t: F.binary_cross_entropy_with_logits(t, y), x)
    assert loss == pytest.approx(bce_logits_ref(x, y))
    np.testing.assert_allclose(g, (sigmoid(x) - y) / x.size, atol=1e-15)


def test_bce_with_logits_of_plus_minus_1000_is_finite():
    x = np.array([1000.0, -1000.0, 1000.0, -1000.0])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    loss, (g,) = grad_of(lambda t: F.binary_cross_entropy_with_logits(t, y, reduction="none")
                         .sum(), x)
    assert loss == pytest.approx(2000.0)
    np.testing.assert_allclose(g, [1.0, -1.0, 0.0, 0.0])


def test_bce_with_logits_matches_bce_of_sigmoid():
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(5, 2)), rng.uniform(size=(5, 2))  # soft targets are fine too
    a = F.binary_cross_entropy_with_logits(x, y).item()
    b = F.binary_cross_entropy(F.sigmoid(x), y).item()
    assert a == pytest.approx(b)


# -- cross-entropy ----------------------------------------------------------------------------


def test_cross_entropy_labels_and_one_hot_agree_with_the_tutorial():
    rng = np.random.default_rng(3)
    z, labels = rng.normal(size=(5, 4)), np.array([0, 3, 1, 1, 2])
    onehot = F.one_hot(labels, 4)
    l1, (g1,) = grad_of(lambda t: F.cross_entropy(t, labels), z)
    l2, (g2,) = grad_of(lambda t: F.cross_entropy(t, onehot), z)
    ref = -np.mean(np.log(softmax(z))[np.arange(5), labels])
    assert l1 == pytest.approx(ref) and l2 == pytest.approx(ref)
    np.testing.assert_allclose(g1, (softmax(z) - onehot) / 5)  # dZ2 = (A2 - Y) / m
    np.testing.assert_allclose(g2, g1)
    assert F.cross_entropy(z, labels, reduction="sum").item() == pytest.approx(5 * ref)
    assert F.cross_entropy(z, labels, reduction="none").shape == (5,)


def test_cross_entropy_soft_targets():
    z = np.array([[1.0, 2.0, 0.5]])
    t = np.array([[0.2, 0.5, 0.3]])
    assert F.cross_entropy(z, t).item() == pytest.approx(-np.sum(t * np.log(softmax(z))))


def test_cross_entropy_with_logits_of_plus_minus_1000_is_finite():
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 1000.0]])
    labels = np.array([1, 2])
    loss, (g,) = grad_of(lambda t: F.cross_entropy(t, labels, reduction="sum"), z)
    assert loss == pytest.approx(2000.0 + np.log(2))
    assert np.all(np.isfinite(g))
    np.testing.assert_allclose(g, softmax(z) - F.one_hot(labels, 3), atol=1e-12)


def test_cross_entropy_errors_name_what_was_passed():
    z = np.zeros((3, 4))
    with pytest.raises(ValueError, match="label 4 is out of range for 4 classes"):
        F.cross_entropy(z, np.array([0, 4, 1]))
    with pytest.raises(ValueError, match="label -1 is out of range"):
        F.cross_entropy(z, np.array([0, -1, 1]))
    with pytest.raises(ValueError, match=r"integer labels must have shape \(3,\); got \(3, 1\)"):
        F.cross_entropy(z, np.zeros((3, 1), dtype=int))
    with pytest.raises(ValueError, match=r"targets must have shape \(3, 4\); got \(3,\) "
                       r"\(integer labels need an integer dtype\)"):
        F.cross_entropy(z, np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match=r"logits of shape \(n, C\); got shape \(4,\)"):
        F.cross_entropy(np.zeros(4), np.array([1]))
    with pytest.raises(TypeError, match="got dtype <U1"):
        F.cross_entropy(z, np.array(["a", "b", "c"]))


def test_one_hot():
    np.testing.assert_array_equal(F.one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(TypeError, match="integer class labels"):
        F.one_hot(np.array([0.5]), 3)


# -- property-based: gradients equal central differences -------------------------------------

shapes = hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=5)
finite = st.floats(-5, 5, allow_nan=False, width=64)


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_loss_gradients_match_numerical(data):
    shape = data.draw(shapes)
    x = data.draw(hnp.arrays(np.float64, shape, elements=finite))
    y = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(0, 1)))
    labels = data.draw(hnp.arrays(np.int64, shape[:1], elements=st.integers(0, shape[1] - 1)))
    cases = [
        lambda t: F.mse_loss(t, y),
        lambda t: F.binary_cross_entropy_with_logits(t, y),
        lambda t: F.binary_cross_entropy(F.sigmoid(t), y),
        lambda t: F.cross_entropy(t, labels),
        lambda t: F.cross_entropy(t, F.softmax(y).data),
        lambda t: (F.softmax(t) * y).sum(),
    ]
    for fn in cases:
        _, (g,) = grad_of(fn, x)
        num = numerical_grad(lambda a, fn=fn: fn(Tensor(a)).item(), x)
        np.testing.assert_allclose(g, num, rtol=1e-4, atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(hnp.arrays(np.float64, shapes, elements=st.floats(-1e4, 1e4, allow_nan=False)))
def test_losses_stay_finite_for_extreme_logits(x):
    y = (x > 0).astype(float)[::-1] if x.shape[0] > 1 else 1 - (x > 0)
    labels = np.zeros(x.shape[0], dtype=np.int64)
    for fn in (lambda t: F.binary_cross_entropy_with_logits(t, y),
               lambda t: F.binary_cross_entropy(F.sigmoid(t), y),
               lambda t: F.cross_entropy(t, labels)):
        loss, (g,) = grad_of(fn, x)
        assert np.isfinite(loss) and np.all(np.isfinite(g))


def test_float32_inputs_stay_float32():
    z = Tensor(np.zeros((2, 3), np.float32), requires_grad=True)
    loss = F.cross_entropy(z, np.array([0, 1]))
    assert loss.dtype == np.float32
    loss.backward()
    assert z.grad.dtype == np.float32
    assert F.binary_cross_entropy_with_logits(z, np.ones((2, 3))).dtype == np.float32
    assert F.mse_loss(z, np.ones((2, 3))).dtype == np.float32


def test_float32_extremes_are_finite():
    x = Tensor(np.array([[1000.0, -1000.0], [-1000.0, 1000.0]], np.float32), requires_grad=True)
    losses = [F.cross_entropy(x, np.array([1, 0])),
              F.binary_cross_entropy_with_logits(x, np.array([[0.0, 1.0], [1.0, 1.0]])),
              F.binary_cross_entropy(F.sigmoid(x), np.array([[0.0, 1.0], [1.0, 1.0]]))]
    for loss in losses:
        x.grad = None
        loss.backward()
        assert np.isfinite(loss.item()) and np.all(np.isfinite(x.grad))


# -- linear and the nodes of cross_entropy ----------------------------------------------------


@pytest.mark.parametrize("shapes", [((4, 3), (3, 2), (2,)), ((3,), (3, 2), (2,)),
                                    ((2, 4, 3), (3, 2), (2,))],
                         ids=["rows", "one row", "batch axes"])
def test_linear_op_first_and_second_derivatives(shapes):
    from autograd.testing import check_op

    assert check_op(F.LinearOp, shapes=shapes, max_examples=15)


def test_linear_is_x_at_w_plus_b_in_one_node():
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    y = F.linear(x, Tensor(w, requires_grad=True), Tensor(b, requires_grad=True))
    assert y.op.name == "Linear" and np.allclose(y.data, x @ w + b)
    assert F.linear(x, Tensor(w, requires_grad=True)).op.name == "MatMul"  # no bias: x @ w
    assert nn.Linear(3, 2, rng=0)(x).op.name == "Linear"
    _, (gx, gw, gb) = grad_of(lambda *t: F.linear(*t).sum(), x, w, b)
    assert np.allclose(gx, np.ones((5, 2)) @ w.T) and np.allclose(gw, x.T @ np.ones((5, 2)))
    assert np.allclose(gb, np.full(2, 5.0))


def test_linear_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"x of shape \(5, 4\) and weight of shape \(3, 2\)"):
        F.linear(np.ones((5, 4)), np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"bias must have shape \(2,\); got \(3,\)"):
        F.linear(np.ones((5, 3)), np.ones((3, 2)), np.ones(3))


@pytest.mark.parametrize("scale, per_row", [(-0.25, False), (-1.0, True)], ids=["mean", "none"])
def test_nll_loss_op_derivatives(scale, per_row):
    from autograd.testing import check_op

    labels = np.array([2, 0, 1, 2])
    assert check_op(F.NLLLoss(labels, scale, per_row), shapes=((4, 3),), max_examples=15)


def test_cross_entropy_with_labels_is_log_softmax_then_nll_loss():
    loss = F.cross_entropy(Tensor(np.zeros((2, 3)), requires_grad=True), np.array([0, 2]))
    assert [loss.op.name, loss.parents[0].op.name] == ["NLLLoss", "LogSoftmax"]
    assert loss.item() == pytest.approx(np.log(3))
