"""Graphs for the explorer tests (Python and browser)."""

from __future__ import annotations

import importlib.util
import math
import random
from pathlib import Path

import numpy as np

import nn
from autograd import Tensor, Value


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


def seed002_net(m: int = 5) -> tuple[nn.Sequential, Tensor]:
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
