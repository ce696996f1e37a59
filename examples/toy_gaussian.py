"""Two Gaussian clusters with a 2-8-2 ReLU network, as in the fourth tutorial (误差反向传播法).

The tutorial's ``train_demo``: 200 points around (-1, 0.5) and (1, -0.5) after
``np.random.seed(42)``, one-hot labels, ``TwoLayerNet(2, 8, 2, weight_scale=0.1)``
(Affine -> ReLU -> Affine -> SoftmaxWithLoss), full-batch gradient descent
with lr = 0.1 for 1000 epochs, printing loss and accuracy every 100 epochs.

The random stream is the tutorial's, so the weights start as its
``np.random.randn(...) * 0.1`` and the printed numbers are the tutorial's.

Run from the repository root:  python examples/toy_gaussian.py [--epochs 1000] [--plot out]
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
from nn.data import make_gaussians


def weight_scale_init(shape: tuple[int, ...], rng: np.random.RandomState) -> np.ndarray:
    """The tutorial's ``np.random.randn(*shape) * weight_scale`` with weight_scale = 0.1."""
    return nn.init.normal(shape, std=0.1, rng=rng)


def main(
    epochs: int = 1000, lr: float = 0.1, hidden: int = 8, plot_dir: str | Path | None = None,
    verbose: bool = True,
) -> dict:
    """Train on the toy data; returns the loss history and the final accuracy."""
    if plot_dir is not None:
        nn.plot.require_matplotlib()  # before training, not after
    say = print if verbose else (lambda *a, **k: None)
    rng = np.random.RandomState(42)  # np.random.seed(42), shared by the data and the weights
    X, labels = make_gaussians(n_samples=200, random_state=rng)  # make_toy_data(200)
    y = F.one_hot(labels, 2)
    net = nn.Sequential(  # TwoLayerNet: Affine -> ReLU -> Affine
        nn.Linear(2, hidden, init=weight_scale_init, rng=rng),
        nn.ReLU(),
        nn.Linear(hidden, 2, init=weight_scale_init, rng=rng),
    )
    optimizer = nn.optim.SGD(net.parameters(), lr=lr)

    def accuracy() -> float:
        with no_grad():
            return float(np.mean(np.argmax(net(X).data, axis=1) == labels))

    loss_hist = []
    bar = nn.ProgressBar(range(epochs), desc="train", file=sys.stdout if verbose else None)
    for epoch in bar:
        loss = F.cross_entropy(net(X), y)  # SoftmaxWithLoss
        optimizer.zero_grad()
        loss.backward()  # net.gradient(X, y)
        optimizer.step()  # params[k] -= lr * grads[k]
        with no_grad():
            loss_hist.append(F.cross_entropy(net(X), y).item())  # the tutorial's net.loss(X, y)
        bar.set(loss=loss_hist[-1])
        if epoch % 100 == 0:
            bar.write(f"Epoch {epoch}, Loss {loss_hist[-1]:.4f}, Acc {accuracy():.3f}")
    acc = accuracy()
    say(f"final: loss {loss_hist[-1]:.4f}, accuracy {acc:.3f}")

    if plot_dir is not None:
        plot_dir = Path(plot_dir)
        saved = [
            nn.plot.save_loss_curve(loss_hist, plot_dir / "toy_gaussian_loss.png",
                                    title="two Gaussians: softmax cross-entropy"),
            nn.plot.save_decision_boundary(
                lambda P: np.argmax(net(P).data, axis=1), X, labels,
                plot_dir / "toy_gaussian_boundary.png", title=f"2-8-2 ReLU, accuracy {acc:.3f}"),
        ]
        say("plots: " + ", ".join(map(str, saved)))
    return {"accuracy": acc, "losses": loss_hist}


def build_parser() -> argparse.ArgumentParser:
    parser = example_parser(__file__, __doc__)
    parser.add_argument("--epochs", type=int, default=1000,
                        help="full-batch gradient descent steps (default: %(default)s)")
    parser.add_argument("--lr", type=float, default=0.1,
                        help="learning rate (default: %(default)s)")
    parser.add_argument("--hidden", type=int, default=8,
                        help="units in the hidden layer (default: %(default)s)")
    add_plot_option(parser, "the loss curve and the decision boundary")
    return parser


def cli(argv: list[str] | None = None) -> dict:
    return run_cli(build_parser(), main, argv)


if __name__ == "__main__":
    cli()
