"""micrograd's demo: a scalar 2-16-16-1 MLP on two moons, trained one Value at a time.

Every weight is a :class:`autograd.Value`, as in micrograd: 337 parameters and
about 40,000 graph nodes per step for 100 points. The loss is micrograd's:
the SVM max-margin loss ``mean(relu(1 - y * score))`` with labels -1/+1, plus
``1e-4 * sum(p^2)`` (L2 regularisation); plain SGD with a learning rate that
decays linearly from 1.0 to 0.1. It reaches 100% training accuracy.

Run from the repository root:  python examples/micrograd_moons.py [--steps 100] [--plot out]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

import nn
from autograd import Value, no_grad, sum_values
from nn.cli import add_plot_option, example_parser, run_cli
from nn.data import make_moons


def loss_and_accuracy(model: nn.MLP, X: np.ndarray, y: np.ndarray,
                      alpha: float = 1e-4) -> tuple[Value, float]:
    """micrograd's loss(): max-margin data loss + L2 regularisation, and the accuracy."""
    scores = [model(row) for row in X.tolist()]
    losses = [(1 + -yi * si).relu() for yi, si in zip(y.tolist(), scores)]
    data_loss = sum_values(losses) * (1.0 / len(losses))
    reg_loss = alpha * sum_values(p * p for p in model.parameters())
    accuracy = np.mean([(yi > 0) == (si.data > 0) for yi, si in zip(y, scores)])
    return data_loss + reg_loss, float(accuracy)


def main(steps: int = 100, n_samples: int = 100, seed: int = 1337,
         plot_dir: str | Path | None = None, verbose: bool = True) -> dict:
    """Train; returns the loss and accuracy per step and the final training accuracy."""
    if plot_dir is not None:
        nn.plot.require_matplotlib()  # before training, not after
    say = print if verbose else (lambda *a, **k: None)
    X, y = make_moons(n_samples=n_samples, noise=0.1, random_state=seed)
    y = y * 2 - 1  # labels -1 / +1 for the max-margin loss
    model = nn.MLP(2, [16, 16, 1], rng=seed)  # 2-layer neural network
    say(model)
    say(f"number of parameters: {model.num_parameters()}")
    optimizer = nn.optim.SGD(model.parameters(), lr=1.0)

    losses, accuracies = [], []
    bar = nn.ProgressBar(range(steps), desc="steps", file=sys.stdout if verbose else None)
    for k in bar:
        total_loss, acc = loss_and_accuracy(model, X, y)  # forward
        optimizer.zero_grad()
        total_loss.backward()  # backward
        optimizer.lr = 1.0 - 0.9 * k / steps  # learning-rate decay
        optimizer.step()  # p.data -= learning_rate * p.grad
        losses.append(total_loss.data)
        accuracies.append(acc)
        bar.set(loss=total_loss.data, accuracy=f"{acc * 100:.0f}%")
        if k % max(1, steps // 10) == 0 or k == steps - 1:
            bar.write(f"step {k} loss {total_loss.data:.6f}, accuracy {acc * 100:.1f}%")
    with no_grad():
        _, final_acc = loss_and_accuracy(model, X, y)
    say(f"final training accuracy: {final_acc * 100:.1f}%")

    if plot_dir is not None:
        def predict(points: np.ndarray) -> np.ndarray:
            with no_grad():
                return np.array([model(p).data > 0 for p in points.tolist()])

        plot_dir = Path(plot_dir)
        saved = [
            nn.plot.save_loss_curve(losses, plot_dir / "micrograd_moons_loss.png", xlabel="step",
                                    title="scalar MLP: max-margin loss + L2"),
            nn.plot.save_decision_boundary(predict, X, y, plot_dir / "micrograd_moons_boundary.png",
                                           title="2-16-16-1 MLP on Values", resolution=60),
        ]
        say("plots: " + ", ".join(map(str, saved)))
    return {"losses": losses, "accuracies": accuracies, "final_accuracy": final_acc}


def build_parser() -> argparse.ArgumentParser:
    parser = example_parser(__file__, __doc__)
    parser.add_argument("--steps", type=int, default=100,
                        help="full-batch SGD steps (default: %(default)s)")
    parser.add_argument("--samples", type=int, default=100, dest="n_samples",
                        help="two-moons points (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1337,
                        help="seed of the data and the weights (default: %(default)s)")
    add_plot_option(parser, "the loss curve and the decision boundary")
    return parser


def cli(argv: list[str] | None = None) -> dict:
    return run_cli(build_parser(), main, argv)


if __name__ == "__main__":
    cli()
