"""Graphs for the viz tests: scalar and Tensor ones for the explorer (Python and browser,
and bench/explorer.py), and the tutorials' Tensor graphs, built as the lessons build them
(for the matrix view)."""

from __future__ import annotations

import importlib.util
import math
import random
from pathlib import Path

import numpy as np

import nn
from autograd import Tensor, Value
from nn import functional as F


def reused() -> tuple[Value, Value]:
    """y = a*b + a*c with b = 3, c = 2: grad(a) = 3 × 1 + 2 × 1 = 5."""
    a, b, c = Value(1.5, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
    y = a * b + a * c
    y.label = "y"
    return a, y


def apples_and_oranges() -> Value:
    """Tutorial 001's shopping graph, as examples/apple_tax.py builds it: (2 apples at
    100 + 3 oranges at 150) × tax 1.1 = 715."""
    path = Path(__file__).resolve().parents[2] / "examples" / "apple_tax.py"
    spec = importlib.util.spec_from_file_location("example_apple_tax", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    return example.buy_apples_and_oranges()["price"]


def two_neurons() -> Value:
    """sigmoid(w2*tanh(w1*x + b1) + b2), the issue's example."""
    x, w1, b1 = Value(0.5, label="x"), Value(-1.2, label="w1"), Value(0.3, label="b1")
    w2, b2 = Value(0.8, label="w2"), Value(-0.1, label="b2")
    y = (w2 * (w1 * x + b1).tanh() + b2).sigmoid()
    y.label = "y"
    return y


def random_dag(seed: int, size: int = 25) -> Value:
    """A random scalar expression DAG that reuses nodes (fan-out) and constants."""
    rng = random.Random(seed)
    pool = [Value(rng.uniform(0.5, 2.0), label=f"x{k}") for k in range(4)]
    for _ in range(size):
        a, b = rng.choice(pool), rng.choice(pool[-6:])
        pick = rng.randrange(7)
        if pick == 0:
            v = a + b
        elif pick == 1:
            v = a * b
        elif pick == 2:
            v = a - b * 0.5
        elif pick == 3:
            v = (a * 0.3).tanh()
        elif pick == 4:
            v = a / (b * b + 1.0)
        elif pick == 5:
            v = (a * 0.1).exp() * b
        else:
            v = a * a
        if math.isfinite(v.data) and abs(v.data) < 1e6:
            pool.append(v)
    y = pool[-1] + pool[-2] * pool[-3]
    y.label = "y"
    return y


def with_nan() -> tuple[Value, Value]:
    """log of a negative number: nan from there on; returns (the first nan node, output)."""
    x = Value(-2.0, label="x")
    bad = x.log()
    bad.label = "log_x"
    y = bad * 3.0 + x
    y.label = "y"
    return bad, y


def labelled_seed002_net(m: int = 5) -> tuple[nn.Sequential, Tensor]:
    """Tutorial 002's 2-3-2-1 net (sigmoid hidden layers, a linear output) and its
    mean squared error over a batch of ``m``: (the model, the loss)."""
    rng = np.random.default_rng(2)
    net = nn.Sequential(nn.Linear(2, 3, rng=0), nn.Sigmoid(), nn.Linear(3, 2, rng=1),
                        nn.Sigmoid(), nn.Linear(2, 1, rng=2))
    loss = nn.functional.mse_loss(net(Tensor(rng.normal(size=(m, 2)), label="X")),
                                  rng.normal(size=(m, 1)))
    loss.label = "loss"
    return net, loss


def mnist_step(m: int = 32) -> Tensor:
    """One MNIST-sized training step's loss: Linear(784, 100), ReLU, Linear(100, 10),
    cross-entropy, over a batch of ``m`` random images."""
    rng = np.random.default_rng(0)
    net = nn.Sequential(nn.Linear(784, 100, rng=0), nn.ReLU(), nn.Linear(100, 10, rng=1))
    loss = nn.functional.cross_entropy(net(Tensor(rng.random((m, 784)), label="X")),
                                       rng.integers(0, 10, size=m))
    loss.label = "loss"
    return loss


# -- the tutorials' Tensor graphs (the matrix view) ----------------------------------


def seed002_net(m: int = 5, seed: int = 0) -> tuple[nn.Sequential, Tensor, np.ndarray]:
    """Tutorial 002's 2-3-2-1 network (sigmoid hidden layers, linear output), batch ``m``,
    mean squared error; after backward. Returns (net, loss, X)."""
    rng = np.random.default_rng(seed)
    net = nn.Sequential(nn.Linear(2, 3, rng=1), nn.Sigmoid(), nn.Linear(3, 2, rng=2),
                        nn.Sigmoid(), nn.Linear(2, 1, rng=3))
    X = rng.normal(size=(m, 2))
    y = rng.normal(size=(m, 1))
    loss = F.mse_loss(net(X), y)
    loss.backward()
    return net, loss, X


def mnist_net(batch: int = 32, hidden: int = 100, seed: int = 0) -> tuple[nn.Sequential, Tensor]:
    """Tutorial 000's 784-100-10 sigmoid MLP with cross-entropy on integer labels (lesson
    5's model), on random pixels; after backward."""
    rng = np.random.default_rng(seed)
    net = nn.Sequential(nn.Linear(784, hidden, rng=seed, dtype=np.float32), nn.Sigmoid(),
                        nn.Linear(hidden, 10, rng=seed + 1, dtype=np.float32))
    X = rng.random((batch, 784)).astype(np.float32)
    labels = rng.integers(0, 10, size=batch)
    loss = F.cross_entropy(net(X), labels)
    loss.backward()
    return net, loss


def lesson3_moons(batch: int = 32) -> Tensor:
    """Lesson 3's 2-4-1 network on Tensors (labelled W1, b1, W2, b2; tanh, sigmoid,
    binary cross-entropy), on one batch; after backward."""
    rng = np.random.default_rng(42)
    X = rng.normal(size=(batch, 2))
    Y = (rng.random((batch, 1)) > 0.5).astype(float)
    W1 = Tensor(rng.normal(size=(2, 4)) / np.sqrt(2), requires_grad=True, label="W1")
    b1 = Tensor(np.zeros((1, 4)), requires_grad=True, label="b1")
    W2 = Tensor(rng.normal(size=(4, 1)) / 2, requires_grad=True, label="W2")
    b2 = Tensor(np.zeros((1, 1)), requires_grad=True, label="b2")
    A1 = (X @ W1 + b1).tanh()
    A2 = (A1 @ W2 + b2).sigmoid()
    A2.label = "A2"
    cost = F.binary_cross_entropy(A2, Y)
    cost.label = "cost"
    cost.backward()
    return cost


def lesson4_toy(n: int = 200) -> Tensor:
    """Lesson 4's 2-8-2 ReLU network with softmax cross-entropy on one-hot targets
    (unlabelled Z1, A1, Z2); after backward."""
    rng = np.random.RandomState(42)
    X = rng.randn(n, 2)
    Y = F.one_hot(rng.randint(0, 2, size=n), 2)
    W1 = Tensor(rng.randn(2, 8) * 0.1, requires_grad=True, label="W1")
    b1 = Tensor(np.zeros(8), requires_grad=True, label="b1")
    W2 = Tensor(rng.randn(8, 2) * 0.1, requires_grad=True, label="W2")
    b2 = Tensor(np.zeros(2), requires_grad=True, label="b2")
    Z2 = (X @ W1 + b1).relu() @ W2 + b2
    loss = F.cross_entropy(Z2, Y)
    loss.backward()
    return loss
