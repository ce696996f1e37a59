"""The engine's gradients on the tutorials' networks equal their hand-derived formulas.

Each test writes the tutorial's numpy backward pass (same names: dZ2, dW2, ...)
and compares it with what ``loss.backward()`` leaves in ``.grad``.
"""

import numpy as np
import pytest

import nn
from autograd import Tensor
from nn import functional as F

from .helpers import numerical_grad, rel_error


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def two_layer(n_in, n_hidden, n_out, hidden, seed=0):
    return nn.Sequential(nn.Linear(n_in, n_hidden, rng=seed), hidden,
                         nn.Linear(n_hidden, n_out, rng=seed + 1))


# -- tutorial 000: 784-H-10, sigmoid hidden, softmax + cross-entropy ------------------------


def test_tutorial_000_softmax_cross_entropy_gradients():
    rng = np.random.default_rng(0)
    m, n_in, H, C = 8, 12, 6, 10
    X, y = rng.normal(size=(m, n_in)), rng.integers(0, C, size=m)
    model = two_layer(n_in, H, C, nn.Sigmoid())
    W1, b1, W2, b2 = (p.data for p in model.parameters())

    Z1 = X @ W1 + b1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2 + b2
    A2 = softmax(Z2)
    y_onehot = np.zeros_like(A2)
    y_onehot[range(m), y] = 1
    dZ2 = A2 - y_onehot
    dW2 = np.dot(A1.T, dZ2) / m
    db2 = np.sum(dZ2, axis=0, keepdims=True) / m
    dA1 = np.dot(dZ2, W2.T)
    dZ1 = dA1 * (A1 * (1 - A1))  # sigmoid_derivative(Z1)
    dW1 = np.dot(X.T, dZ1) / m
    db1 = np.sum(dZ1, axis=0, keepdims=True) / m

    z2 = model(X)
    F.cross_entropy(z2, y).backward()
    np.testing.assert_allclose(z2.grad * m, dZ2, atol=1e-12)  # dZ2 = A2 - Y
    np.testing.assert_allclose(model[2].weight.grad, dW2, atol=1e-12)
    np.testing.assert_allclose(model[2].bias.grad, db2[0], atol=1e-12)
    np.testing.assert_allclose(model[0].weight.grad, dW1, atol=1e-12)
    np.testing.assert_allclose(model[0].bias.grad, db1[0], atol=1e-12)


def test_tutorial_000_training_loop_matches_the_numpy_code():
    """A few epochs of the tutorial's mini-batch SGD, by hand and with nn + optim.SGD."""
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(64, 10)), rng.integers(0, 4, size=64)
    model = two_layer(10, 5, 4, nn.Sigmoid())
    W1, b1, W2, b2 = (p.data.copy() for p in model.parameters())
    b1, b2 = b1.reshape(1, -1), b2.reshape(1, -1)
    lr, batch = 0.5, 16
    opt = nn.optim.SGD(model.parameters(), lr=lr)
    for _ in range(3):
        for i in range(0, len(X), batch):
            xb, yb = X[i:i + batch], y[i:i + batch]
            m = len(xb)
            A1 = sigmoid(xb @ W1 + b1)
            A2 = softmax(A1 @ W2 + b2)
            dZ2 = A2 - np.eye(4)[yb]
            dW2, db2 = A1.T @ dZ2 / m, dZ2.sum(0, keepdims=True) / m
            dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
            dW1, db1 = xb.T @ dZ1 / m, dZ1.sum(0, keepdims=True) / m
            W1, b1, W2, b2 = W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2

            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
    for got, want in zip((p.data for p in model.parameters()), (W1, b1[0], W2, b2[0])):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


# -- tutorial 001: 2-4-1 on moons, tanh hidden, sigmoid output, binary cross-entropy ----------


@pytest.mark.parametrize("with_logits", [False, True])
def test_tutorial_001_tanh_sigmoid_bce_gradients(with_logits):
    rng = np.random.default_rng(2)
    m = 32
    X = rng.normal(size=(m, 2))
    Y = rng.integers(0, 2, size=(m, 1)).astype(float)
    model = two_layer(2, 4, 1, nn.Tanh(), seed=42)
    W1, b1, W2, b2 = (p.data for p in model.parameters())

    A1 = np.tanh(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    dZ2 = A2 - Y
    dW2 = np.dot(A1.T, dZ2) / m
    db2 = np.sum(dZ2, axis=0, keepdims=True) / m
    dZ1 = np.dot(dZ2, W2.T) * (1 - np.power(A1, 2))
    dW1 = np.dot(X.T, dZ1) / m
    db1 = np.sum(dZ1, axis=0, keepdims=True) / m
    cost = -np.sum(np.log(A2) * Y + (1 - Y) * np.log(1 - A2)) / m  # compute_cost

    z2 = model(X)
    if with_logits:
        loss = F.binary_cross_entropy_with_logits(z2, Y)
    else:
        loss = F.binary_cross_entropy(F.sigmoid(z2), Y)
    loss.backward()
    assert loss.item() == pytest.approx(cost, rel=1e-12)
    np.testing.assert_allclose(z2.grad * m, dZ2, atol=1e-12)  # dZ2 = A2 - Y
    np.testing.assert_allclose(model[2].weight.grad, dW2, atol=1e-12)
    np.testing.assert_allclose(model[2].bias.grad, db2[0], atol=1e-12)
    np.testing.assert_allclose(model[0].weight.grad, dW1, atol=1e-12)
    np.testing.assert_allclose(model[0].bias.grad, db1[0], atol=1e-12)


# -- tutorial 002: the 2-3-2-1 chain, column vectors, linear output, L = 1/2 (Z3 - y)^2 -------

ACTS = {
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z)), nn.Sigmoid),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2, nn.Tanh),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0) * 1.0, nn.ReLU),
}


def chain_2321(g, dg, W1, b1, W2, b2, W3, b3, X, y):
    """The tutorial's derivation, line by line, in its column layout."""
    Z1 = W1 @ X + b1
    A1 = g(Z1)
    Z2 = W2 @ A1 + b2
    A2 = g(Z2)
    Z3 = W3 @ A2 + b3
    dZ3 = Z3 - y
    dW3, db3, dA2 = dZ3 @ A2.T, dZ3, W3.T @ dZ3
    dZ2 = dA2 * dg(Z2)
    dW2, db2, dA1 = dZ2 @ A1.T, dZ2, W2.T @ dZ2
    dZ1 = dA1 * dg(Z1)
    dW1, db1, dX = dZ1 @ X.T, dZ1, W1.T @ dZ1
    return 0.5 * (Z3 - y) ** 2, [dW1, db1, dW2, db2, dW3, db3, dX]


@pytest.mark.parametrize("act", list(ACTS))
def test_tutorial_002_chain_in_the_tutorials_column_layout(act):
    g, dg, _ = ACTS[act]
    rng = np.random.default_rng(3)
    shapes = [(3, 2), (3, 1), (2, 3), (2, 1), (1, 2), (1, 1), (2, 1)]
    arrays = [rng.normal(size=s) for s in shapes]
    y = np.array([[0.7]])
    loss_ref, grads_ref = chain_2321(g, dg, *arrays, y)

    W1, b1, W2, b2, W3, b3, X = (Tensor(a, requires_grad=True) for a in arrays)
    acts = {"sigmoid": Tensor.sigmoid, "tanh": Tensor.tanh, "relu": Tensor.relu}[act]
    A1 = acts(W1 @ X + b1)
    A2 = acts(W2 @ A1 + b2)
    Z3 = W3 @ A2 + b3
    loss = 0.5 * (Z3 - y) ** 2
    loss.sum().backward()
    assert loss.item() == pytest.approx(loss_ref.item())
    for t, want in zip((W1, b1, W2, b2, W3, b3, X), grads_ref):
        assert t.grad.shape == want.shape
        np.testing.assert_allclose(t.grad, want, atol=1e-12)


@pytest.mark.parametrize("act", list(ACTS))
def test_tutorial_002_chain_with_nn_modules(act):
    """The same network as nn.Sequential (rows as samples: weights are the transposes)."""
    g, dg, module = ACTS[act]
    model = nn.Sequential(nn.Linear(2, 3, rng=4), module(), nn.Linear(3, 2, rng=5), module(),
                          nn.Linear(2, 1, rng=6))
    for lin in (model[0], model[2], model[4]):
        lin.bias.data[...] = np.random.default_rng(7).normal(size=lin.bias.shape)
    x, y = np.array([[0.3, -1.2]]), np.array([[0.7]])
    params = [p.data for p in model.parameters()]
    col = [params[0].T, params[1][:, None], params[2].T, params[3][:, None], params[4].T,
           params[5][:, None], x.T]
    loss_ref, grads_ref = chain_2321(g, dg, *col, y.T)

    loss = 0.5 * F.mse_loss(model(x), y, reduction="sum")
    loss.backward()
    assert loss.item() == pytest.approx(loss_ref.item())
    got = [p.grad for p in model.parameters()]
    want = [grads_ref[0].T, grads_ref[1][:, 0], grads_ref[2].T, grads_ref[3][:, 0],
            grads_ref[4].T, grads_ref[5][:, 0]]
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, atol=1e-12)


# -- tutorial 003: Affine -> ReLU -> Affine -> SoftmaxWithLoss, and its gradient check ---------


def test_tutorial_003_layer_gradients_and_numerical_check():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(10, 2))
    y = F.one_hot(rng.integers(0, 2, size=10), 2)  # the tutorial's one-hot labels
    model = two_layer(2, 8, 2, nn.ReLU(), seed=8)
    W1, b1, W2, b2 = (p.data for p in model.parameters())

    # Affine.forward / ReLU / Affine, then SoftmaxWithLoss.backward and the layers' backward
    h = X @ W1 + b1
    mask = h <= 0
    r = np.where(mask, 0, h)
    scores = r @ W2 + b2
    dout = (softmax(scores) - y) / len(X)
    dW2, db2 = r.T @ dout, dout.sum(axis=0)
    dr = dout @ W2.T
    dr[mask] = 0
    dW1, db1 = X.T @ dr, dr.sum(axis=0)

    F.cross_entropy(model(X), y).backward()
    grads_bp = [p.grad for p in model.parameters()]
    for got, want in zip(grads_bp, (dW1, db1, dW2, db2)):
        np.testing.assert_allclose(got, want, atol=1e-12)

    # gradient_check: central differences with h = 1e-4 and the tutorial's relative error
    def loss_with(i):
        def f(a):
            old = model.parameters()[i].data.copy()
            model.parameters()[i].data[...] = a
            value = F.cross_entropy(model(X), y).item()
            model.parameters()[i].data[...] = old
            return value
        return f

    for i, p in enumerate(model.parameters()):
        num = numerical_grad(loss_with(i), p.data, h=1e-4)
        assert rel_error(grads_bp[i], num) < 1e-7


# -- tutorial 004: 3-4-2 sigmoid network with MSE ----------------------------------------------


def test_tutorial_004_sigmoid_mse_gradients():
    rng = np.random.default_rng(6)
    x, target = rng.normal(size=(100, 3)), rng.normal(size=(100, 2))
    model = nn.Sequential(nn.Linear(3, 4, rng=1), nn.Sigmoid(), nn.Linear(4, 2, rng=2),
                          nn.Sigmoid())
    W1, b1, W2, b2 = (p.data for p in model.parameters())
    a1 = sigmoid(x @ W1 + b1)
    a2 = sigmoid(a1 @ W2 + b2)
    dL_dy = 2 * (a2 - target) / target.size  # d/dy mean((y - t)^2)
    dz2 = dL_dy * a2 * (1 - a2)  # dL/dy * sigma'(z2)
    dz1 = dz2 @ W2.T * a1 * (1 - a1)  # ... W2 sigma'(z1)
    F.mse_loss(model(x), target).backward()
    for got, want in zip((p.grad for p in model.parameters()),
                         (x.T @ dz1, dz1.sum(0), a1.T @ dz2, dz2.sum(0))):
        np.testing.assert_allclose(got, want, atol=1e-12)
