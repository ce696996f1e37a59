"""The 2-3-2-1 network of the third tutorial (简单的多层感知机推导), trained on a regression task.

The tutorial derives, layer by layer and with explicit shapes, the gradients
of ``L = 1/2 (Z3 - y)^2`` for a 2-3-2-1 network with a linear output:
``dZ3 = Z3 - y``, ``dW3 = dZ3 A2^T``, ``dZ2 = W3^T dZ3 * g'(Z2)``, ... This
example prints the shapes, checks the engine's gradients for one sample
against those formulas, then trains the network with mini-batch SGD on
``y = sin(x1) cos(x2 / 2)`` plus a little noise.

The tutorial writes column vectors (``Z = W A + b``); ``nn.Linear`` takes rows
as samples (``Z = A W + b``), so its weights are the tutorial's transposed.

Run from the repository root:
    python examples/regression.py [--activation tanh|sigmoid|relu] [--epochs 200] [--plot out]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

import nn
from autograd import no_grad
from nn import functional as F
from nn.cli import add_plot_option, example_parser, run_cli
from nn.data import DataLoader, train_test_split

ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


FORMULAS = {  # g(z) and g'(z), as in the tutorial's table
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1 - _sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0) * 1.0),
}


def make_data(n: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(n, 2))
    y = np.sin(X[:, 0]) * np.cos(X[:, 1] / 2) + rng.normal(scale=0.05, size=n)
    return X, y.reshape(-1, 1)


def build_model(activation: str) -> nn.Sequential:
    act = ACTIVATIONS[activation]
    return nn.Sequential(
        nn.Linear(2, 3, rng=1), act(),  # hidden layer 1: Z1, A1 = g(Z1)
        nn.Linear(3, 2, rng=2), act(),  # hidden layer 2: Z2, A2 = g(Z2)
        nn.Linear(2, 1, rng=3),  # output: A3 = Z3 (linear)
    )


def check_one_sample(model: nn.Sequential, x: np.ndarray, y: np.ndarray, activation: str,
                     say=print) -> float:
    """The tutorial's derivation for one sample (column layout) vs ``backward()``."""
    g, dg = FORMULAS[activation]
    W1, b1, W2, b2, W3, b3 = (p.data.T if p.ndim == 2 else p.data[:, None]
                              for p in model.parameters())
    X = x.reshape(2, 1)
    Z1 = W1 @ X + b1
    A1 = g(Z1)
    Z2 = W2 @ A1 + b2
    A2 = g(Z2)
    Z3 = W3 @ A2 + b3
    say(f"Z1 = W1 A0 + b1: {Z1.shape} = {W1.shape} . {X.shape} + {b1.shape}")
    say(f"Z2 = W2 A1 + b2: {Z2.shape} = {W2.shape} . {A1.shape} + {b2.shape}")
    say(f"Z3 = W3 A2 + b3: {Z3.shape} = {W3.shape} . {A2.shape} + {b3.shape}")
    dZ3 = Z3 - y
    dZ2 = (W3.T @ dZ3) * dg(Z2)
    dZ1 = (W2.T @ dZ2) * dg(Z1)
    by_hand = [dZ1 @ X.T, dZ1, dZ2 @ A1.T, dZ2, dZ3 @ A2.T, dZ3]

    model.zero_grad()
    (0.5 * F.mse_loss(model(x.reshape(1, 2)), y.reshape(1, 1), reduction="sum")).backward()
    engine = [p.grad.T if p.ndim == 2 else p.grad[:, None] for p in model.parameters()]
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(engine, by_hand))
    say(f"one sample: max |engine - tutorial formula| over dW1..db3 = {diff:.1e}")
    model.zero_grad()
    return diff


def main(
    activation: str = "tanh", epochs: int = 200, lr: float = 0.05, batch_size: int = 16,
    plot_dir: str | Path | None = None, verbose: bool = True,
) -> dict:
    """Train the 2-3-2-1 network; returns the loss history, test loss and R^2."""
    if plot_dir is not None:
        nn.plot.require_matplotlib()  # before training, not after
    say = print if verbose else (lambda *a, **k: None)
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {list(ACTIVATIONS)}; got {activation!r}")
    X, y = make_data()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
    model = build_model(activation)
    say(model)
    grad_diff = check_one_sample(model, X_train[0], y_train[0], activation, say)

    optimizer = nn.optim.SGD(model.parameters(), lr=lr)
    batches = DataLoader(X_train, y_train, batch_size=batch_size, shuffle=True, seed=0)
    losses = []
    bar = nn.ProgressBar(range(epochs), desc="train", file=sys.stdout if verbose else None)
    for _ in bar:
        total = 0.0
        for xb, yb in batches:
            loss = 0.5 * F.mse_loss(model(xb), yb)  # L = 1/2 (Z3 - y)^2, averaged over the batch
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        losses.append(total / len(X_train))
        bar.set(loss=losses[-1])
    with no_grad():
        pred = model(X_test).data
    test_loss = float(0.5 * np.mean((pred - y_test) ** 2))
    r2 = float(1 - np.mean((pred - y_test) ** 2) / np.var(y_test))
    say(f"train loss: first epoch {losses[0]:.4f}, last epoch {losses[-1]:.4f}")
    say(f"test loss {test_loss:.4f}, R^2 {r2:.3f}")

    if plot_dir is not None:
        path = Path(plot_dir) / f"regression_{activation}_loss.png"
        saved = nn.plot.save_loss_curve(losses, path, log_scale=True,
                                        title=f"2-3-2-1 {activation}: 1/2 (z - y)^2")
        say(f"plot: {saved}")
    return {"losses": losses, "test_loss": test_loss, "r2": r2, "grad_check": grad_diff}


def build_parser() -> argparse.ArgumentParser:
    parser = example_parser(__file__, __doc__)
    parser.add_argument("--activation", choices=list(ACTIVATIONS), default="tanh",
                        help="activation of both hidden layers (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=200,
                        help="passes over the training set (default: %(default)s)")
    parser.add_argument("--lr", type=float, default=0.05,
                        help="SGD learning rate (default: %(default)s)")
    add_plot_option(parser, "the loss curve")
    return parser


def cli(argv: list[str] | None = None) -> dict:
    return run_cli(build_parser(), main, argv)


if __name__ == "__main__":
    cli()
