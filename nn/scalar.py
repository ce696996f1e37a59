"""The scalar flavour: Neuron, Layer and MLP on Values, as in micrograd.

Every weight is a :class:`~nn.module.ValueParameter`, so a small network can
be drawn node by node; the drawing groups nodes by module
(``"MLP/Layer0/Neuron3"``). For real training use the Tensor flavour
(:class:`~nn.module.Linear`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import Value, sum_values
from autograd.engine.checks import check_choice, check_positive_int

from .init import make_rng
from .module import Module, ValueParameter

ACTIVATIONS: dict[str, Callable[[Value], Value] | None] = {
    "relu": Value.relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
    "linear": None,
}


def _activation(name: str | None) -> str:
    check_choice(name, "activation", (*ACTIVATIONS, None))
    return "linear" if name is None else name


def _inputs(x: Any, nin: int, who: Module) -> list[Any]:
    """``x`` as a list of ``nin`` floats/Values (numpy rows become Python floats)."""
    if isinstance(x, np.ndarray):
        x = x.tolist()
    elif isinstance(x, (int, float, Value)):
        x = [x]
    x = list(x)
    if len(x) != nin:
        raise ValueError(f"{who!r} takes {nin} inputs; got {len(x)}")
    return x


class Neuron(Module):
    """``act(w . x + b)`` on Values: weights U(-1, 1), bias 0 (micrograd's choice)."""

    def __init__(self, nin: int, activation: str | None = "relu", rng: Any = None) -> None:
        super().__init__()
        check_positive_int(nin, "Neuron nin")
        r = make_rng(rng)
        self.w = [ValueParameter(float(r.uniform(-1.0, 1.0))) for _ in range(nin)]
        self.b = ValueParameter(0.0, label="b")
        self.activation = _activation(activation)

    def forward(self, x: Any) -> Value:
        x = _inputs(x, len(self.w), self)
        act = sum_values([wi * xi for wi, xi in zip(self.w, x)] + [self.b])
        fn = ACTIVATIONS[self.activation]
        return act if fn is None else fn(act)

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)}, activation={self.activation!r})"


class Layer(Module):
    """``nout`` neurons that each see all ``nin`` inputs; returns a list of Values
    (a single Value when ``nout == 1``)."""

    def __init__(
        self, nin: int, nout: int, activation: str | None = "relu", rng: Any = None
    ) -> None:
        super().__init__()
        r = make_rng(rng)
        self.neurons = [Neuron(nin, activation, rng=r) for _ in range(nout)]

    def forward(self, x: Any) -> Value | list[Value]:
        x = _inputs(x, len(self.neurons[0].w), self)
        # Numbers become constant Values once here, not once per neuron.
        x = [xi if isinstance(xi, Value) else Value(xi, requires_grad=False) for xi in x]
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def __repr__(self) -> str:
        n0 = self.neurons[0]
        return f"Layer({len(n0.w)} -> {len(self.neurons)}, activation={n0.activation!r})"


class MLP(Module):
    """A multi-layer perceptron on Values: ``MLP(2, [16, 16, 1])``.

    Hidden layers use ``activation``; the last layer is linear (micrograd).
    """

    def __init__(
        self, nin: int, nouts: Sequence[int], activation: str | None = "relu", rng: Any = None
    ) -> None:
        super().__init__()
        nouts = list(nouts)
        if not nouts:
            raise ValueError("MLP needs at least one layer size, e.g. MLP(2, [16, 16, 1])")
        activation = _activation(activation)
        r = make_rng(rng)
        sizes = [nin] + nouts
        last = len(nouts) - 1
        self.layers = [
            Layer(sizes[i], sizes[i + 1], activation if i < last else "linear", rng=r)
            for i in range(len(nouts))
        ]

    def forward(self, x: Any) -> Value | list[Value]:
        for layer in self.layers:
            x = layer(x)
        return x
