"""Graphs for the explorer tests (Python and browser)."""

from __future__ import annotations

import math
import random

from autograd import Value


def reused() -> tuple[Value, Value]:
    """y = a*b + a*c with b = 3, c = 2: grad(a) = 3 × 1 + 2 × 1 = 5."""
    a, b, c = Value(1.5, label="a"), Value(3.0, label="b"), Value(2.0, label="c")
    y = a * b + a * c
    y.label = "y"
    return a, y


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
