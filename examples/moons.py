"""Two moons with a 2-4-1 network, as in the second tutorial ("从零实现神经网络").

The tutorial's setup: ``make_moons(1000, noise=0.2, random_state=42)``, an
80/20 split, a 2-4-1 network (tanh hidden layer, sigmoid output), binary
cross-entropy, mini-batches of 32, plain SGD, and weights that start as
``randn(n_in, n_out) / sqrt(n_in)`` after ``np.random.seed(42)``.

The engine does the tutorial's ``backward_propagation`` for us: the gradient
reaching the output is ``dZ2 = A2 - Y`` (divided by m), as derived there.

The tutorial's learning rate is 0.01. From this start the network then sits on
a plateau (test accuracy 0.86) for about 1700 epochs before it reaches 0.97
near epoch 2000; the default lr = 0.1 gets there in 300 epochs.
``--lr 0.01 --epochs 2000`` runs the tutorial's rate.

Each epoch's cost is printed as the mean over its mini-batches (the last batch's
alone jumps around with the batch it happened to draw).

Run from the repository root:  python examples/moons.py [--epochs 300] [--lr 0.1] [--plot out]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

import nn
from nn import functional as F
from nn.cli import add_plot_option, example_parser, run_cli
from nn.data import DataLoader, make_moons, train_test_split


def build_model(n_input: int, n_hidden: int, n_output: int) -> nn.Sequential:
    """The tutorial's initialize_parameters: randn / sqrt(fan_in) after seed 42, zero biases."""
    rng = np.random.RandomState(42)  # np.random.seed(42)
    return nn.Sequential(
        nn.Linear(n_input, n_hidden, init="lecun_normal", rng=rng),  # W1, b1
        nn.Tanh(),  # A1 = tanh(Z1)
        nn.Linear(n_hidden, n_output, init="lecun_normal", rng=rng),  # W2, b2
        nn.Sigmoid(),  # A2 = sigmoid(Z2)
    )


def accuracy(model: nn.Module, X: np.ndarray, y: np.ndarray) -> float:
    """The tutorial's predict: A2 > 0.5 is class 1."""
    predictions = model(X).data[:, 0] > 0.5
    return float(np.mean(predictions == y.ravel()))


def main(
    epochs: int = 300, lr: float = 0.1, batch_size: int = 32, n_hidden: int = 4,
    plot_dir: str | Path | None = None, verbose: bool = True,
) -> dict:
    """Train and evaluate; returns accuracies and the mean cost of each epoch."""
    if plot_dir is not None:
        nn.plot.require_matplotlib()  # before training, not after
    say = print if verbose else (lambda *a, **k: None)
    X, y = make_moons(n_samples=1000, noise=0.2, random_state=42)
    y = y.reshape(-1, 1)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    say(f"n_input = {X_train.shape[1]}, n_output = {y_train.shape[1]}")

    model = build_model(X_train.shape[1], n_hidden, y_train.shape[1])
    optimizer = nn.optim.SGD(model.parameters(), lr=lr)
    # The tutorial's batch_generator: shuffled, only full batches.
    batches = DataLoader(X_train, y_train, batch_size=batch_size, shuffle=True, seed=42,
                         drop_last=True)
    costs = []
    bar = nn.ProgressBar(range(epochs), desc="train", file=sys.stdout if verbose else None)
    for epoch in bar:
        total, seen = 0.0, 0
        for X_batch, Y_batch in batches:
            A2 = model(X_batch)  # forward_propagation
            cost = F.binary_cross_entropy(A2, Y_batch)  # compute_cost
            optimizer.zero_grad()
            cost.backward()  # backward_propagation
            optimizer.step()  # update_parameters
            total, seen = total + cost.item() * len(X_batch), seen + len(X_batch)
        costs.append(total / seen)  # the epoch's mean cost
        bar.set(cost=costs[-1])
        if epoch % max(1, epochs // 10) == 0 or epoch == epochs - 1:
            bar.write(f"Cost after epoch {epoch}: {costs[-1]}")

    for name, p in zip(("W1", "b1", "W2", "b2"), model.parameters()):
        say(f"{name} = {p.data}")
    train_acc, test_acc = accuracy(model, X_train, y_train), accuracy(model, X_test, y_test)
    say(f"Train accuracy: {train_acc}")
    say(f"Accuracy: {test_acc}")

    if plot_dir is not None:
        plot_dir = Path(plot_dir)
        saved = [
            nn.plot.save_loss_curve(costs, plot_dir / "moons_loss.png",
                                    title="moons: mean cost per epoch"),
            nn.plot.save_decision_boundary(
                lambda P: model(P).data[:, 0] > 0.5, X, y, plot_dir / "moons_boundary.png",
                title=f"2-4-1 tanh network, test accuracy {test_acc:.3f}"),
        ]
        say("plots: " + ", ".join(map(str, saved)))
    return {"train_accuracy": train_acc, "test_accuracy": test_acc, "costs": costs}


def build_parser() -> argparse.ArgumentParser:
    parser = example_parser(__file__, __doc__)
    parser.add_argument("--epochs", type=int, default=300,
                        help="passes over the training set (default: %(default)s)")
    parser.add_argument("--lr", type=float, default=0.1,
                        help="SGD learning rate (default: %(default)s; the tutorial's is 0.01)")
    parser.add_argument("--batch-size", type=int, default=32,
                        help="mini-batch size (default: %(default)s)")
    parser.add_argument("--hidden", type=int, default=4, dest="n_hidden",
                        help="units in the hidden layer (default: %(default)s)")
    add_plot_option(parser, "the loss curve and the decision boundary")
    return parser


def cli(argv: list[str] | None = None) -> dict:
    return run_cli(build_parser(), main, argv)


if __name__ == "__main__":
    cli()
