"""Graphs shared by the viz tests."""

from __future__ import annotations

import random
from collections.abc import Callable

import pygraphviz
import pytest

from autograd import Value, name_scope


@pytest.fixture
def apple() -> dict[str, Value]:
    """The apple-tax graph, after backward: price = apple * apple_num * tax = 220."""
    apple, num = Value(100.0, label="apple"), Value(2.0, label="apple_num")
    tax = Value(1.1, label="tax")
    apple_price = apple * num
    apple_price.label = "apple_price"
    price = apple_price * tax
    price.label = "price"
    price.backward()
    return {"apple": apple, "apple_num": num, "tax": tax, "apple_price": apple_price,
            "price": price}


@pytest.fixture
def parse_dot() -> Callable[[str], pygraphviz.AGraph]:
    """DOT source -> a pygraphviz graph, to count and inspect nodes and edges."""
    return lambda source: pygraphviz.AGraph(string=source)


def build_scoped_mlp(sizes: tuple[int, ...] = (2, 16, 16, 1), samples: int = 20) -> Value:
    """A scalar MLP's squared-error loss over ``samples`` inputs, every neuron made in
    ``name_scope("MLP") / ("Layer{k}") / ("Neuron{j}")``; weights are leaves with no
    scope (as nn makes them), so grouping must place them itself."""
    rng = random.Random(0)
    weights = [[[Value(rng.uniform(-1, 1), label=f"w{k}") for k in range(sizes[i] + 1)]
                for _ in range(sizes[i + 1])] for i in range(len(sizes) - 1)]
    loss = Value(0.0, requires_grad=False)
    for _ in range(samples):
        x = [Value(rng.uniform(-1, 1), requires_grad=False) for _ in range(sizes[0])]
        with name_scope("MLP"):
            for k, layer in enumerate(weights):
                with name_scope(f"Layer{k}"):
                    outs = []
                    for j, w in enumerate(layer):
                        with name_scope(f"Neuron{j}"):
                            act = w[-1]
                            for wi, xi in zip(w, x):
                                act = act + wi * xi
                            outs.append(act.tanh() if k < len(weights) - 1 else act)
                    x = outs
        with name_scope("Loss"):
            loss = loss + (x[0] - 1.0) ** 2
    loss.label = "loss"
    return loss


@pytest.fixture
def scoped_mlp() -> Callable[..., Value]:
    return build_scoped_mlp
