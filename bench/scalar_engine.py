"""Scalar engine benchmark: micrograd's demo step, per-node cost of ops, memory per op.

What is measured:

- **The demo step.** micrograd's demo.ipynb workload: a 2-16-16-1 MLP (ReLU,
  last layer linear) on 100 make_moons points, max-margin loss plus 1e-4 L2;
  one step = forward, backward and an SGD update, on the same weights and
  data for every engine. Rows: micrograd 0.1.0 (when installed; the
  baseline), the engine on micrograd's graph shape (a chain of binary ``+``
  per neuron), the same with a user-defined ``Mul`` op (an ``autograd.Op``
  subclass) in place of the built-in ``*``, and the engine's own shape (one
  n-ary ``Add`` per neuron, as ``nn.Neuron`` builds it).
- **Per-node cost of an op.** A chain of ``--chain`` nodes ``z = z * w``
  (``w`` a Value that needs a gradient), forward and backward, in nanoseconds
  per node: the built-in ``*`` and a user's ``Mul`` op called as ``mul(z, w)``
  (one shared instance). (micrograd's recursive backward cannot take such a
  chain.)
- **Memory per op.** Live bytes per ``z = z * c`` step (``c`` a Python float),
  by tracemalloc, and the objects Python's garbage collector tracks per op.

How it is timed (the machine this was written on is shared and loaded):
CPU time of this process (``time.process_time``), which varies much less
than wall time when other processes compete for the cores. Rounds are
interleaved: each round times every contender once, in turn, so a burst of
load hits them alike. Figures are medians over rounds, with the spread
(lowest-highest); every ratio is computed within a round and reported as the
median (and spread) of those ratios. Python's garbage collector runs as
configured (never disabled): ``gc.collect()`` runs before each timed step, so
every step starts from the same heap, and again inside the timed region at its
end, so each engine pays for collecting its own garbage (micrograd's
closures form reference cycles that only the collector frees; the engine's
nodes are freed by reference counting).

    PYTHONPATH=. python bench/scalar_engine.py [--rounds N] [--chain N] [--quick]
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

from autograd import Op, Value, sum_values, topological_order

try:
    from micrograd.engine import Value as MicroValue
except ImportError:  # optional peer
    MicroValue = None


class Mul(Op):
    """A user's multiplication, written as the README's "your own op" shows."""

    def forward(self, a, b):
        return a * b

    def backward(self, g, y, a, b):
        return g * b, g * a


mul = Mul()  # one shared instance, called like a function: mul(a, b)


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
    Adds, as micrograd builds it) or ``sum_values`` (one n-ary Add node);
    ``times`` multiplies a weight by an input: None for the built-in ``*``, or a
    user op such as ``mul``.
    """

    def __init__(self, value_cls: type, sizes: list[int], add_all: Callable = sum,
                 times: Callable | None = None) -> None:
        flat = iter(init_weights(sizes))
        self.layers = []
        for _nin, nout in zip(sizes, sizes[1:]):
            layer = []
            for _ in range(nout):
                w, b = next(flat)
                layer.append(([value_cls(x) for x in w], value_cls(b)))
            self.layers.append(layer)
        self.add_all, self.times = add_all, times
        self.params = [p for layer in self.layers for w, b in layer for p in (*w, b)]

    def __call__(self, x: list) -> object:
        last = len(self.layers) - 1
        times = self.times
        for i, layer in enumerate(self.layers):
            outs = []
            for w, b in layer:
                if times is None:
                    terms = [wi * xi for wi, xi in zip(w, x)]
                else:
                    terms = [times(wi, xi) for wi, xi in zip(w, x)]
                act = self.add_all(terms + [b])
                outs.append(act.relu() if i != last else act)
            x = outs
        return x[0]


def build_loss(model: ScalarMLP, value_cls: type, X: np.ndarray, y: np.ndarray) -> tuple:
    """micrograd's loss: max-margin data loss + 1e-4 L2; returns (loss, scores)."""
    inputs = [[value_cls(float(a)) for a in row] for row in X]
    scores = [model(x) for x in inputs]
    losses = [(1 + -float(yi) * s).relu() for yi, s in zip(y, scores)]
    data_loss = model.add_all(losses) * (1.0 / len(losses))
    reg = 1e-4 * model.add_all([p * p for p in model.params])
    return data_loss + reg, scores


def step(model: ScalarMLP, value_cls: type, X: np.ndarray, y: np.ndarray, lr: float) -> float:
    """One training step (forward, backward, SGD update); returns the loss."""
    loss, _ = build_loss(model, value_cls, X, y)
    for p in model.params:
        p.grad = 0.0
    loss.backward()
    for p in model.params:
        p.data -= lr * p.grad
    return loss.data


def median_and_spread(xs: list[float]) -> tuple[float, float, float]:
    return statistics.median(xs), min(xs), max(xs)


def time_demo_steps(engines: dict[str, Callable[[], tuple]], rounds: int) -> dict[str, list]:
    """CPU seconds of one step of every engine, ``rounds`` interleaved rounds; also losses."""
    setups = {name: make() for name, make in engines.items()}
    times: dict[str, list[float]] = {name: [] for name in engines}
    losses: dict[str, float] = {}
    for _ in range(rounds):
        for name, (model, value_cls, X, y) in setups.items():
            gc.collect()
            t0 = time.process_time()
            losses[name] = step(model, value_cls, X, y, lr=0.05)
            gc.collect()
            times[name].append(time.process_time() - t0)
    return {"times": times, "losses": losses}


def count_nodes(model: ScalarMLP, value_cls: type, X: np.ndarray, y: np.ndarray) -> int:
    loss, _ = build_loss(model, value_cls, X, y)
    return len(topological_order(loss))


def chain_of_builtin_mul(z: Value, w: Value, n: int) -> Value:
    for _ in range(n):
        z = z * w
    return z


def chain_of_user_mul(z: Value, w: Value, n: int) -> Value:
    for _ in range(n):
        z = mul(z, w)
    return z


def chain_costs(chains: dict[str, tuple[type, Callable]], n: int,
                rounds: int) -> dict[str, dict[str, list[float]]]:
    """Nanoseconds per node of building (forward) and backpropagating an n-node chain,
    per contender ``name: (value class, chain builder)``, in interleaved rounds."""
    out: dict[str, dict[str, list[float]]] = {
        name: {"forward": [], "backward": []} for name in chains
    }
    for _ in range(rounds):
        for name, (cls, build) in chains.items():
            x, w = cls(1.0), cls(1.0000001)
            gc.collect()
            t0 = time.process_time()
            z = build(x, w, n)
            t1 = time.process_time()
            z.backward()
            t2 = time.process_time()
            assert abs(x.grad - 1.0000001**n) < 1e-6 * x.grad, (name, x.grad)
            del z, x, w
            gc.collect()
            out[name]["forward"].append((t1 - t0) / n * 1e9)
            out[name]["backward"].append((t2 - t1) / n * 1e9)
    return out


def memory_per_op(value_cls: type, build: Callable, n: int) -> tuple[float, float]:
    """Live bytes (tracemalloc) and GC-tracked objects per ``z = z * c`` step, c a float,
    with ``build(z, c, n)`` making the chain."""
    gc.collect()
    tracked_before = len(gc.get_objects())
    tracemalloc.start()
    z = value_cls(1.0)
    before = tracemalloc.get_traced_memory()[0]
    z = build(z, 1.0000001, n)
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    tracked = len(gc.get_objects()) - tracked_before
    del z
    gc.collect()
    return used / n, tracked / n


def chain_seconds(n: int) -> tuple[float, float]:
    """CPU seconds to build and to backpropagate an n-node multiply chain on the engine."""
    x = Value(1.0)
    c = Value(1.0000001)
    gc.collect()
    t0 = time.process_time()
    z = x
    for _ in range(n):
        z = z * c
    t1 = time.process_time()
    z.backward()
    t2 = time.process_time()
    assert abs(x.grad - 1.0000001**n) < 1e-6 * x.grad
    return t1 - t0, t2 - t1


def _spread(xs: list[float], fmt: str) -> str:
    mid, lo, hi = median_and_spread(xs)
    return f"{format(mid, fmt)} ({format(lo, fmt)}-{format(hi, fmt)})"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds")
    parser.add_argument("--chain", type=int, default=100_000, help="nodes in the per-op chain")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
    args = parser.parse_args(argv)
    rounds, chain_n, mem_n, long_n = (
        (2, 2_000, 20_000, 100_000) if args.quick
        else (args.rounds, args.chain, 200_000, 1_000_000)
    )
    results: dict = {}
    X, y = moons()
    sizes = [2, 16, 16, 1]
    engines: dict[str, Callable[[], tuple]] = {}
    if MicroValue is not None:
        engines["micrograd 0.1.0"] = lambda: (ScalarMLP(MicroValue, sizes, sum), MicroValue, X, y)
    engines["autograd, binary + chain"] = lambda: (ScalarMLP(Value, sizes, sum), Value, X, y)
    engines["autograd, binary + chain, user Mul"] = lambda: (
        ScalarMLP(Value, sizes, sum, mul), Value, X, y)
    engines["autograd, n-ary Add"] = lambda: (ScalarMLP(Value, sizes, sum_values), Value, X, y)

    # -- the demo step ------------------------------------------------------------------------
    demo = time_demo_steps(engines, rounds)
    results["steps"] = demo["times"]
    base = demo["times"].get("micrograd 0.1.0")
    print(f"micrograd's demo step: 2-16-16-1 MLP, {len(X)} moons points; CPU ms per step, "
          f"median (lowest-highest) of {rounds} interleaved rounds")
    print(f"| {'engine':<36} | {'ms / step':>18} | {'nodes':>6} | {'x micrograd':>17} |")
    print(f"| {'-' * 36} | {'-' * 17}: | {'-' * 5}: | {'-' * 16}: |")
    for name, make in engines.items():
        times = demo["times"][name]
        nodes = "-" if name.startswith("micrograd") else f"{count_nodes(*make()):,}"
        speedup = "-"
        if name.startswith("micrograd"):
            speedup = "baseline"
        elif base:
            speedup = _spread([b / t for b, t in zip(base, times)], ".1f")
        ms = _spread([t * 1e3 for t in times], ".0f")
        print(f"| {name:<36} | {ms:>18} | {nodes:>6} | {speedup:>17} |")
    losses = demo["losses"]
    if len({round(v, 9) for v in losses.values()}) != 1:
        raise AssertionError(f"the engines computed different losses: {losses}")

    # -- per-node cost of an op -----------------------------------------------------------------
    chains: dict[str, tuple[type, Callable]] = {
        "built-in a * b": (Value, chain_of_builtin_mul),
        "user Mul: mul(a, b)": (Value, chain_of_user_mul),
    }
    costs = chain_costs(chains, chain_n, rounds)
    results["per_node"] = costs
    ref = costs["built-in a * b"]
    print(f"\nper-node cost: a {chain_n:,}-node chain z = z * w (w needs a gradient); CPU ns per "
          "node, median (lowest-highest)")
    print(f"| {'op':<22} | {'forward':>15} | {'backward':>15} | {'total x built-in':>18} |")
    print(f"| {'-' * 22} | {'-' * 14}: | {'-' * 14}: | {'-' * 17}: |")
    for name, c in costs.items():
        total = [f + b for f, b in zip(c["forward"], c["backward"])]
        ref_total = [f + b for f, b in zip(ref["forward"], ref["backward"])]
        ratio = _spread([t / r for t, r in zip(total, ref_total)], ".2f")
        print(f"| {name:<22} | {_spread(c['forward'], '.0f'):>15} | "
              f"{_spread(c['backward'], '.0f'):>15} | {ratio:>18} |")

    # -- memory -----------------------------------------------------------------------------------
    print(f"\nlive memory per op (z = z * c, c a Python float, {mem_n:,} ops; tracemalloc)")
    mem_rows = [("autograd, built-in *", Value, chain_of_builtin_mul),
                ("autograd, user Mul", Value, chain_of_user_mul)]
    if MicroValue is not None:
        mem_rows.append(("micrograd 0.1.0", MicroValue, chain_of_builtin_mul))
    results["memory"] = {}
    for name, cls, build in mem_rows:
        nbytes, tracked = memory_per_op(cls, build, mem_n)
        results["memory"][name] = (nbytes, tracked)
        print(f"  {name:<22} {nbytes:6.0f} bytes/op, {tracked:.1f} GC-tracked objects/op")

    fwd, bwd = chain_seconds(long_n)
    results["chain"] = (fwd, bwd)
    print(f"\n{long_n:,}-node chain: forward {fwd:.2f} s, backward {bwd:.2f} s CPU (no recursion)")
    if MicroValue is None:
        print("\n(pip install micrograd==0.1.0 to measure micrograd in the same run)")
    return results


if __name__ == "__main__":
    main()
