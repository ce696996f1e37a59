"""One training step of a 784-100-10 MLP: our engine vs hand-written numpy vs PyTorch.

The network and step are the first tutorial's: sigmoid hidden layer, softmax +
cross-entropy, plain SGD, mini-batch of 100, float32. All three run on the same
data from the same initial weights, in one process. The hand-written numpy
step is the floor any numpy-based engine can reach; the target is at most
1.3x of it.

    PYTHONPATH=. python bench/nn_step.py [--steps 300] [--repeats 7] [--profile]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator

import numpy as np

import nn
from nn import functional as F

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


def time_steps(steps: dict[str, Callable[[], float]], n: int, repeats: int) -> dict[str, float]:
    """Best of ``repeats`` rounds of the mean ms per step over ``n`` steps, per contender.

    Rounds interleave the contenders, so a burst of load on the machine hits
    them all alike.
    """
    for step in steps.values():
        for _ in range(max(10, n // 10)):  # warm up
            step()
    best = dict.fromkeys(steps, float("inf"))
    for _ in range(repeats):
        for name, step in steps.items():
            t0 = time.perf_counter()
            for _ in range(n):
                step()
            best[name] = min(best[name], (time.perf_counter() - t0) / n * 1e3)
    return best


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


def main(steps: int = 300, repeats: int = 7) -> dict[str, float]:
    """Time every contender; returns ms per step by name."""
    X, y, params = make_data()
    names = ["numpy (tutorial)", "autograd + nn"]
    # PyTorch goes last, alone: its worker threads stay busy for a while after a
    # step and would slow the others down if interleaved with them.
    results = time_steps({k: CONTENDERS[k](X, y, params) for k in names}, steps, repeats)
    try:
        results.update(time_steps({"PyTorch CPU": torch_step(X, y, params)}, steps, repeats))
        names.append("PyTorch CPU")
    except ImportError:
        print("PyTorch is not installed: skipped")
    check_same_losses(names[1:])
    base = results["numpy (tutorial)"]
    print(f"784-{N_HIDDEN}-{N_OUT} MLP, sigmoid, softmax CE, SGD, batch {BATCH}, float32 "
          f"(best of {repeats} x {steps} steps)")
    print(f"| {'contender':<18} | {'ms / step':>9} | {'x numpy':>7} |")
    print(f"| {'-' * 18} | {'-' * 9}:| {'-' * 7}:|")
    for name, ms in results.items():
        print(f"| {name:<18} | {ms:9.3f} | {ms / base:7.2f} |")
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
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--profile", action="store_true",
                        help="profile the engine's step by function instead")
    args = parser.parse_args()
    if args.profile:
        profile()
    else:
        main(args.steps, args.repeats)
