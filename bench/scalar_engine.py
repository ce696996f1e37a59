"""Scalar engine benchmark: micrograd's demo workload, memory per op, a 1M-node chain.

Workload (micrograd's demo.ipynb): a 2-16-16-1 MLP (ReLU, last layer linear) on
100 make_moons points, max-margin loss plus 1e-4 L2; one step = forward,
backward and an SGD update. Every engine pays for collecting its own garbage:
``gc.collect()`` runs inside each timed step. When the ``micrograd`` package
is installed it runs in the same process on the same weights and data, and
the ratios are printed. Figures vary with the machine: compare ratios.

    python bench/scalar_engine.py [--steps N] [--quick]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from autograd import Value, sum_values, topological_order

try:
    from micrograd.engine import Value as MicroValue
except ImportError:  # optional peer
    MicroValue = None


def moons(n: int = 100, noise: float = 0.1, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """micrograd's demo data: make_moons with labels in {-1, 1}."""
    from nn.data import make_moons

    X, y = make_moons(n_samples=n, noise=noise, random_state=seed)
    return X, y * 2 - 1


def init_weights(sizes: list[int], seed: int = 1337) -> list[tuple[list[float], float]]:
    """One (weights, bias) per neuron, uniform(-1, 1) weights as in micrograd."""
    rng = random.Random(seed)
    return [
        ([rng.uniform(-1, 1) for _ in range(nin)], 0.0)
        for nin, nout in zip(sizes, sizes[1:])
        for _ in range(nout)
    ]


class ScalarMLP:
    """A micrograd-shaped MLP on any Value class.

    ``add_all`` sums a neuron's terms: Python's ``sum`` (a chain of binary
    Adds, as micrograd builds it) or ``sum_values`` (one n-ary Add node).
    """

    def __init__(self, value_cls: type, sizes: list[int], add_all: Callable = sum) -> None:
        flat = iter(init_weights(sizes))
        self.layers = []
        for _nin, nout in zip(sizes, sizes[1:]):
            layer = []
            for _ in range(nout):
                w, b = next(flat)
                layer.append(([value_cls(x) for x in w], value_cls(b)))
            self.layers.append(layer)
        self.add_all = add_all
        self.params = [p for layer in self.layers for w, b in layer for p in (*w, b)]

    def __call__(self, x: list) -> object:
        last = len(self.layers) - 1
        for i, layer in enumerate(self.layers):
            outs = []
            for w, b in layer:
                act = self.add_all([wi * xi for wi, xi in zip(w, x)] + [b])
                outs.append(act.relu() if i != last else act)
            x = outs
        return x[0]


def step(model: ScalarMLP, value_cls: type, X: np.ndarray, y: np.ndarray, lr: float) -> tuple:
    """One training step; returns (loss, accuracy, nodes in the graph or 0)."""
    inputs = [[value_cls(float(a)) for a in row] for row in X]
    scores = [model(x) for x in inputs]
    losses = [(1 + -float(yi) * s).relu() for yi, s in zip(y, scores)]
    data_loss = model.add_all(losses) * (1.0 / len(losses))
    reg = 1e-4 * model.add_all([p * p for p in model.params])
    loss = data_loss + reg
    acc = sum((yi > 0) == (s.data > 0) for yi, s in zip(y, scores)) / len(y)
    for p in model.params:
        p.grad = 0.0
    loss.backward()
    for p in model.params:
        p.data -= lr * p.grad
    return loss.data, acc


def time_steps(make: Callable[[], tuple], steps: int) -> tuple[float, float]:
    """Median seconds per step (gc.collect inside the timed region) and final loss."""
    model, value_cls, X, y = make()
    times, loss = [], float("nan")
    for _ in range(steps):
        gc.collect()
        t0 = time.perf_counter()
        loss, _ = step(model, value_cls, X, y, lr=0.05)
        gc.collect()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), loss


def count_nodes(make: Callable[[], tuple]) -> int:
    model, value_cls, X, y = make()
    inputs = [[value_cls(float(a)) for a in row] for row in X]
    scores = [model(x) for x in inputs]
    losses = [(1 + -float(yi) * s).relu() for yi, s in zip(y, scores)]
    loss = model.add_all(losses) * (1.0 / len(losses)) + 1e-4 * model.add_all(
        [p * p for p in model.params]
    )
    return len(topological_order(loss))


def bytes_per_op(value_cls: type, n: int) -> float:
    """Live memory per ``z = z * c`` step (c a Python float), measured by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    z = value_cls(1.0)
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(n):
        z = z * 1.0000001
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del z
    gc.collect()
    return used / n


def chain_seconds(n: int) -> tuple[float, float]:
    """Forward and backward seconds for an n-node multiply chain on the engine."""
    x = Value(1.0)
    c = Value(1.0000001)
    t0 = time.perf_counter()
    z = x
    for _ in range(n):
        z = z * c
    t1 = time.perf_counter()
    z.backward()
    t2 = time.perf_counter()
    assert abs(x.grad - 1.0000001**n) < 1e-6 * x.grad
    return t1 - t0, t2 - t1


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=7, help="timed steps per engine")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
    args = parser.parse_args(argv)
    steps, mem_n, chain_n = (2, 20_000, 100_000) if args.quick else (args.steps, 200_000, 1_000_000)

    X, y = moons()
    sizes = [2, 16, 16, 1]
    engines = {
        "autograd (n-ary Add)": lambda: (ScalarMLP(Value, sizes, sum_values), Value, X, y),
        "autograd (binary Add chain)": lambda: (ScalarMLP(Value, sizes, sum), Value, X, y),
    }
    if MicroValue is not None:
        engines["micrograd 0.1.0"] = lambda: (ScalarMLP(MicroValue, sizes, sum), MicroValue, X, y)

    results: dict = {"steps": {}, "memory": {}}
    print(f"micrograd demo step: 2-16-16-1 MLP, {len(X)} moons points, median of {steps} steps")
    print(f"{'engine':<30}{'ms/step':>10}{'nodes':>9}{'Mnodes/s':>10}{'loss':>9}{'speedup':>9}")
    base = None
    for name, make in reversed(list(engines.items())):  # micrograd first: the baseline
        seconds, loss = time_steps(make, steps)
        nodes = count_nodes(make) if not name.startswith("micrograd") else None
        results["steps"][name] = seconds
        base = base or (seconds if name.startswith("micrograd") else None)
        speedup = f"{base / seconds:.1f}x" if base else "-"
        nodes_txt = f"{nodes:,}" if nodes else "-"
        rate = f"{nodes / seconds / 1e6:.2f}" if nodes else "-"
        print(f"{name:<30}{seconds * 1e3:>10.1f}{nodes_txt:>9}{rate:>10}{loss:>9.4f}{speedup:>9}")

    print(f"\nlive memory per op (z = z * c, {mem_n:,} steps, tracemalloc)")
    ours = bytes_per_op(Value, mem_n)
    results["memory"]["autograd"] = ours
    line = f"  autograd: {ours:.0f} bytes/op"
    if MicroValue is not None:
        theirs = bytes_per_op(MicroValue, mem_n)
        results["memory"]["micrograd"] = theirs
        line += f"; micrograd: {theirs:.0f} bytes/op; ratio {theirs / ours:.1f}x less"
    print(line)

    fwd, bwd = chain_seconds(chain_n)
    results["chain"] = (fwd, bwd)
    print(f"\n{chain_n:,}-node chain: forward {fwd:.2f} s, backward {bwd:.2f} s (no recursion)")
    if MicroValue is None:
        print("\n(pip install micrograd==0.1.0 to measure micrograd in the same run)")
    return results


if __name__ == "__main__":
    main()
