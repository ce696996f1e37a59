"""One training step of a 784-100-10 MLP: our engine vs hand-written numpy vs PyTorch.

What is measured: one step of the first tutorial's network, as each contender
is written. The engine's is written as a user writes the loop: ``nn.Sequential``
of ``nn.Linear``, ``nn.Sigmoid``, ``nn.Linear`` (float32), then
``F.cross_entropy(logits, integer_labels)``, ``opt.zero_grad()``,
``loss.backward()``, ``opt.step()`` (``nn.optim.SGD``) and ``loss.item()``. The
hand-written numpy step is the tutorial's own forward, backward and update
(the floor any numpy-based engine can reach); PyTorch CPU runs the same model
and loop. All three use float32, mini-batches of 100 and the same data from
the same initial weights, in one process, and are checked to compute the same
losses. The target for the engine is at most 1.25x the numpy step.

How it is timed (the machine this was written on is shared and loaded):
``OPENBLAS_NUM_THREADS=1`` (and one PyTorch thread), so BLAS threads do not
compete with each other or with other processes; CPU time of this process
(``time.process_time``), which varies far less than wall time under load.
Each of ``--rounds`` rounds runs ``--steps`` steps of every contender in turn
(the order rotating between rounds), so a burst of load hits them alike. The
table gives medians over rounds with the spread (lowest-highest); the ratio
to numpy is computed within each round, then its median and spread taken.

    PYTHONPATH=. python bench/nn_step.py [--steps 100] [--rounds 15] [--profile]
"""

from __future__ import annotations

import os
import sys

if "numpy" not in sys.modules:  # one BLAS thread; this must be set before numpy loads
    for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402

import numpy as np  # noqa: E402

import nn  # noqa: E402
from nn import functional as F  # noqa: E402

N_IN, N_HIDDEN, N_OUT, BATCH, LR = 784, 100, 10, 100, 0.1
N_BATCHES = 50
DTYPE = np.float32


def make_data(seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """``N_BATCHES`` mini-batches (like MNIST pixels scaled to [0, 1]), labels, initial weights.

    The steps cycle through the batches: a single batch repeated would be
    memorised within a few thousand steps, and the tiny (denormal) numbers
    that follow slow every contender down and distort the comparison.
    """
    rng = np.random.default_rng(seed)
    X = rng.random((N_BATCHES, BATCH, N_IN), dtype=DTYPE)
    y = rng.integers(0, N_OUT, size=(N_BATCHES, BATCH))
    params = [
        (rng.standard_normal((N_IN, N_HIDDEN)) / np.sqrt(N_IN)).astype(DTYPE),
        np.zeros(N_HIDDEN, DTYPE),
        (rng.standard_normal((N_HIDDEN, N_OUT)) / np.sqrt(N_HIDDEN)).astype(DTYPE),
        np.zeros(N_OUT, DTYPE),
    ]
    return X, y, params


def batches(X: np.ndarray, y: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Cycle through the batches forever: ``next(it)`` gives ``(xb, yb)``."""
    i = 0
    while True:
        yield X[i], y[i]
        i = (i + 1) % len(X)


# -- the contenders: each returns a zero-argument step function -------------------------------


def engine_step(X: np.ndarray, y: np.ndarray, params: list[np.ndarray]) -> Callable[[], float]:
    model = nn.Sequential(nn.Linear(N_IN, N_HIDDEN, dtype=DTYPE), nn.Sigmoid(),
                          nn.Linear(N_HIDDEN, N_OUT, dtype=DTYPE))
    model.load_state_dict(dict(zip(model.state_dict(), params)))
    opt = nn.optim.SGD(model.parameters(), lr=LR)
    data = batches(X, y)

    def step() -> float:
        xb, yb = next(data)
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def numpy_step(X: np.ndarray, y: np.ndarray, params: list[np.ndarray]) -> Callable[[], float]:
    """The first tutorial's forward / backward / update, verbatim but for float32."""
    W1, b1, W2, b2 = (p.copy().reshape(1, -1) if p.ndim == 1 else p.copy() for p in params)
    lr = DTYPE(LR)

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def softmax(z):
        e = np.exp(z - np.max(z, axis=1, keepdims=True))
        return e / np.sum(e, axis=1, keepdims=True)

    data = batches(X, y)

    def step() -> float:
        nonlocal W1, b1, W2, b2
        X, y = next(data)
        m = X.shape[0]
        Z1 = np.dot(X, W1) + b1
        A1 = sigmoid(Z1)
        Z2 = np.dot(A1, W2) + b2
        A2 = softmax(Z2)
        loss = -np.mean(np.log(A2[range(m), y]))
        y_onehot = np.zeros_like(A2)
        y_onehot[range(m), y] = 1
        dZ2 = A2 - y_onehot
        dW2 = np.dot(A1.T, dZ2) / m
        db2 = np.sum(dZ2, axis=0, keepdims=True) / m
        dA1 = np.dot(dZ2, W2.T)
        dZ1 = dA1 * A1 * (1 - A1)
        dW1 = np.dot(X.T, dZ1) / m
        db1 = np.sum(dZ1, axis=0, keepdims=True) / m
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
        return float(loss)

    return step


def torch_step(X: np.ndarray, y: np.ndarray, params: list[np.ndarray]) -> Callable[[], float]:
    import torch

    torch.set_num_threads(1)
    model = torch.nn.Sequential(torch.nn.Linear(N_IN, N_HIDDEN), torch.nn.Sigmoid(),
                                torch.nn.Linear(N_HIDDEN, N_OUT))
    with torch.no_grad():
        for layer, (w, b) in zip((model[0], model[2]), (params[:2], params[2:])):
            layer.weight.copy_(torch.from_numpy(w.T.copy()))  # torch stores (out, in)
            layer.bias.copy_(torch.from_numpy(b))
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    tx, ty = torch.from_numpy(X), torch.from_numpy(y)
    i = 0

    def step() -> float:
        nonlocal i
        loss = torch.nn.functional.cross_entropy(model(tx[i]), ty[i])
        i = (i + 1) % len(tx)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    return step


# -- timing ---------------------------------------------------------------------------------------


def time_steps(
    steps: dict[str, Callable[[], float]], n: int, rounds: int
) -> dict[str, list[float]]:
    """CPU ms per step of each contender in each of ``rounds`` rounds of ``n`` steps.

    Rounds interleave the contenders (in an order that rotates), so a burst of
    load on the machine hits them all alike.
    """
    for step in steps.values():
        for _ in range(max(10, n // 10)):  # warm up
            step()
    names = list(steps)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            step = steps[name]
            t0 = time.process_time()
            for _ in range(n):
                step()
            times[name].append((time.process_time() - t0) / n * 1e3)
    return times


def check_same_losses(names: list[str], n: int = 5) -> None:
    """Every contender must compute the same losses from the same start."""
    X, y, params = make_data()
    ref_step = numpy_step(X, y, params)
    ref = [ref_step() for _ in range(n)]
    for name in names:
        step = CONTENDERS[name](X, y, params)
        got = [step() for _ in range(n)]
        if not np.allclose(got, ref, rtol=1e-4):
            raise AssertionError(f"{name} losses {got} differ from numpy's {ref}")


CONTENDERS: dict[str, Callable[..., Callable[[], float]]] = {
    "numpy (tutorial)": numpy_step,
    "autograd + nn": engine_step,
    "PyTorch CPU": torch_step,
}


def _spread(xs: list[float], fmt: str) -> str:
    return f"{statistics.median(xs):{fmt}} ({min(xs):{fmt}}-{max(xs):{fmt}})"


def main(steps: int = 100, rounds: int = 15) -> dict[str, list[float]]:
    """Time every contender; prints the table and returns ms per step per round, by name."""
    X, y, params = make_data()
    names = list(CONTENDERS)
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch is not installed: skipped")
        names.remove("PyTorch CPU")
    check_same_losses(names[1:])
    results = time_steps({k: CONTENDERS[k](X, y, params) for k in names}, steps, rounds)
    base = results["numpy (tutorial)"]
    print(f"784-{N_HIDDEN}-{N_OUT} MLP, sigmoid, softmax CE, SGD, batch {BATCH}, float32; "
          f"CPU time, median (lowest-highest) of {rounds} interleaved rounds of {steps} steps")
    print(f"| {'contender':<18} | {'ms / step':>19} | {'x numpy':>16} |")
    print(f"| {'-' * 18} | {'-' * 18}: | {'-' * 15}: |")
    for name, ms in results.items():
        ratio = _spread([t / b for t, b in zip(ms, base)], ".2f")
        print(f"| {name:<18} | {_spread(ms, '.3f'):>19} | {ratio:>16} |")
    return results


def profile(steps: int = 2000) -> None:
    """Where the engine's step spends its time: cProfile of ``steps`` steps, busiest first."""
    import cProfile
    import pstats

    X, y, params = make_data()
    step = engine_step(X, y, params)
    for _ in range(100):  # warm up
        step()
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(steps):
        step()
    prof.disable()
    print(f"cProfile of {steps} engine steps (cProfile itself slows Python code down):")
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100, help="steps per contender per round")
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds")
    parser.add_argument("--profile", action="store_true",
                        help="profile the engine's step by function instead")
    args = parser.parse_args()
    if args.profile:
        profile()
    else:
        main(args.steps, args.rounds)
