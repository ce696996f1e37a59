"""gradcheck.compare: the whole-network gradient check of tutorial 003 (梯度校验)."""

import numpy as np
import pytest

import nn
from autograd import Op, Tensor, Value
from autograd.gradcheck import compare
from nn import functional as F

H = 1e-4  # the tutorial's step


def seed_data_and_net():
    """Tutorial 003's toy data and 2-8-2 TwoLayerNet(weight_scale=0.1), drawn as it draws
    them (np.random.seed(42), randn), and 10 samples of each class for the check."""
    np.random.seed(42)
    c0 = np.random.randn(100, 2) + np.array([-1.0, 0.5])
    c1 = np.random.randn(100, 2) + np.array([1.0, -0.5])
    X = np.vstack([c0, c1])
    Y = np.eye(2)[[0] * 100 + [1] * 100]
    W1, W2 = np.random.randn(2, 8) * 0.1, np.random.randn(8, 2) * 0.1
    rows = np.r_[0:10, 100:110]
    params = {"W1": Tensor(W1, requires_grad=True), "b1": Tensor(np.zeros(8), requires_grad=True),
              "W2": Tensor(W2, requires_grad=True), "b2": Tensor(np.zeros(2), requires_grad=True)}
    return X[rows], Y[rows], params


def softmax_cross_entropy(scores, Y):
    return -(Tensor(Y) * scores.log_softmax()).sum() / len(Y)


def rel_error(a, b):  # tutorial 003's, verbatim
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b) + 1e-12)


def test_the_tutorials_2_8_2_net_checks_to_1e_9():
    X, Y, p = seed_data_and_net()
    # Central differences are valid away from ReLU's kink: no pre-activation lies within a
    # step's reach of 0 (h times the largest input it is multiplied by).
    assert np.abs(X @ p["W1"].data).min() > H * np.abs(X).max()

    def loss():
        return softmax_cross_entropy((X @ p["W1"] + p["b1"]).relu() @ p["W2"] + p["b2"], Y)

    result = compare(loss, p)
    assert list(result.errors) == ["W1", "b1", "W2", "b2"]
    assert all(e < 1e-8 for e in result.errors.values()), result
    assert result.max_error < 1e-8

    # the same numbers as the tutorial's own numerical_gradient_array and rel_error
    loss().backward()
    for name, node in p.items():
        numeric = np.zeros_like(node.data)
        for i in np.ndindex(node.shape):
            old = node.data[i]
            node.data[i] = old + H
            up = loss().item()
            node.data[i] = old - H
            down = loss().item()
            node.data[i] = old
            numeric[i] = (up - down) / (2 * H)
        row = result[name]
        np.testing.assert_allclose(row.analytic, node.grad, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(row.numerical, numeric, rtol=1e-9, atol=1e-12)
        assert row.relative_error == pytest.approx(rel_error(node.grad, numeric), rel=1e-6,
                                                   abs=1e-15)


class Affine(Op):
    """Tutorial 003's Affine layer as an op, with a planted mistake in ∂L/∂b."""

    elementwise = False

    def forward(self, x, W, b):
        return x @ W + b

    def backward(self, g, y, x, W, b):
        return g @ W.T, x.T @ g, g.mean(axis=0)  # the mistake: the mean, not the sum


def test_a_wrong_rule_shows_as_a_large_error_on_its_parameter_only():
    X, Y, p = seed_data_and_net()

    def loss():
        hidden = (X @ p["W1"] + p["b1"]).relu()
        return softmax_cross_entropy(Affine()(hidden, p["W2"], p["b2"]), Y)

    result = compare(loss, p)
    assert result.errors["b2"] > 0.5  # the mean is 1/20 of the sum: error (1 - 1/20) / (1 + 1/20)
    assert result.errors["b2"] == pytest.approx((1 - 1 / 20) / (1 + 1 / 20), rel=1e-6)
    assert all(result.errors[name] < 1e-8 for name in ("W1", "b1", "W2"))
    worst = result["b2"]
    assert worst.worst_analytic == pytest.approx(worst.worst_numerical / 20, rel=1e-6)
    assert "b2" in str(result).splitlines()[-1]  # the summary names the worst parameter


def test_an_nn_module_is_checked_by_its_module_paths():
    X, Y, _ = seed_data_and_net()
    model = nn.Sequential(nn.Linear(2, 8, rng=3), nn.Tanh(), nn.Linear(8, 2, rng=4))
    result = compare(lambda: F.cross_entropy(model(X), Y), model)
    assert list(result.errors) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert result.max_error < 1e-8
    assert all(p.grad is None for p in model.parameters())  # .grad is left alone


def test_value_parameters():
    w, b = Value(0.7), Value(-0.3)
    result = compare(lambda: ((w * 2.0 + b).tanh() - 0.5) ** 2, {"w": w, "b": b})
    t = np.tanh(2 * 0.7 - 0.3)
    assert float(result["b"].analytic) == pytest.approx(2 * (t - 0.5) * (1 - t * t), rel=1e-12)
    assert float(result["w"].analytic) == pytest.approx(2 * float(result["b"].analytic))
    assert result.max_error < 1e-7  # h = 1e-4 leaves an error of order h² here: 1.3e-8
    assert result["w"].shape == () and result["w"].worst == ()
    assert "scalar" in str(result)
    labelled = compare(lambda: w * w * b, [Value(1.0, label="unused"), w])
    assert list(labelled.errors) == ["unused", "1"]
    assert labelled["unused"].relative_error == 0.0


def test_the_table_in_english_and_in_chinese():
    X, Y, p = seed_data_and_net()

    def loss():
        return softmax_cross_entropy((X @ p["W1"] + p["b1"]).relu() @ p["W2"] + p["b2"], Y)

    english = str(compare(loss, p))
    assert english.startswith("Gradient check: backprop against central differences (h = 0.0001)")
    assert "relative error" in english and "(2×8)" in english and "W1" in english
    chinese = compare(loss, p, lang="zh-CN")
    text = str(chinese)
    assert text.startswith("梯度校验") and "相对误差" in text and "数值梯度" in text
    assert "维度" in text and "参数" in text and "梯度确认" not in text
    assert chinese._repr_html_().count("<tr>") == 5


@pytest.mark.parametrize("f, params, kwargs, error, match", [
    (lambda: Value(1.0), {}, {}, ValueError, "params is empty"),
    (lambda: Value(1.0), 3, {}, TypeError, "params must be a dict"),
    (lambda: Value(1.0), {"w": 2.0}, {}, TypeError, "parameter input 0 must be a Value or Tensor"),
    (lambda: Value(1.0), {"w": Tensor([1.0])}, {}, ValueError, "'w' does not require grad"),
    (lambda: Tensor(np.ones(2), requires_grad=True), {"w": Value(1.0)}, {}, TypeError,
     "must return the loss, a Value or a Tensor of one element; got shape"),
    (lambda: Value(1.0), {"w": Value(1.0)}, {"h": 0}, ValueError, "h must be a positive number"),
    (3, {"w": Value(1.0)}, {}, TypeError, "takes the loss as a function of no arguments"),
])
def test_bad_arguments_are_named(f, params, kwargs, error, match):
    with pytest.raises(error, match=match):
        compare(f, params, **kwargs)
