"""The 3-4-2 sigmoid network with MSE of the fifth tutorial (Backpropagation 原理与代码实战).

The tutorial's ``Net``: ``fc1 = Linear(3, 4)``, ``fc2 = Linear(4, 2)``, a sigmoid
after each, loss ``mean((output - target)^2)``, 100 random inputs and random
targets, learning rate 0.01, 1000 epochs, full batch. It names SGD, Adam and
Adagrad as optimizers; this example trains the same network from the same
start with each of them and prints the loss every 100 epochs.

(The tutorial's ``backprop`` calls ``output.backward(loss)``, which weights the
output's gradient by the loss value; the gradient of the loss is
``loss.backward()``, used here.)

Targets are standard normal while a sigmoid output lies in (0, 1), so the loss
cannot reach 0: it falls towards the best the network can do.

Run from the repository root:
    python examples/sigmoid_mse.py [--epochs 1000] [--lr 0.01] [--plot out]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

import nn
from nn import functional as F
from nn.cli import add_plot_option, example_parser, run_cli

OPTIMIZERS = {"SGD": nn.optim.SGD, "Adam": nn.optim.Adam, "Adagrad": nn.optim.Adagrad}


class Net(nn.Module):
    """The tutorial's Net: sigmoid(fc2(sigmoid(fc1(x))))."""

    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(3, 4, init="xavier_uniform", rng=0)
        self.fc2 = nn.Linear(4, 2, init="xavier_uniform", rng=1)

    def forward(self, x):
        x = F.sigmoid(self.fc1(x))
        return F.sigmoid(self.fc2(x))


def train(name: str, x: np.ndarray, target: np.ndarray, epochs: int, lr: float,
          verbose: bool) -> list[float]:
    model = Net()
    optimizer = OPTIMIZERS[name](model.parameters(), lr=lr)
    losses = []
    bar = nn.ProgressBar(range(epochs), desc=name, file=sys.stdout if verbose else None)
    for epoch in bar:
        loss = F.mse_loss(model(x), target)  # loss_func: mean((output - target)^2)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        bar.set(loss=losses[-1])
        if epoch % 100 == 0:
            bar.write(f"{name} Epoch {epoch}, loss: {losses[-1]:.4f}")
    return losses


def main(epochs: int = 1000, lr: float = 0.01, plot_dir: str | Path | None = None,
         verbose: bool = True) -> dict:
    """Train with each optimizer; returns {optimizer name: loss per epoch}."""
    if plot_dir is not None:
        nn.plot.require_matplotlib()  # before training, not after
    say = print if verbose else (lambda *a, **k: None)
    rng = np.random.default_rng(0)
    input_data = rng.standard_normal((100, 3))  # torch.randn(100, 3)
    target_data = rng.standard_normal((100, 2))  # torch.randn(100, 2)
    say(Net())
    history = {name: train(name, input_data, target_data, epochs, lr, verbose)
               for name in OPTIMIZERS}
    say(f"{'optimizer':<9} {'first loss':>10} {'last loss':>10}")
    for name, losses in history.items():
        say(f"{name:<9} {losses[0]:10.4f} {losses[-1]:10.4f}")
    if plot_dir is not None:
        saved = nn.plot.save_loss_curve(history, Path(plot_dir) / "sigmoid_mse_loss.png",
                                        title=f"3-4-2 sigmoid network, MSE, lr {lr}")
        say(f"plot: {saved}")
    return history


def build_parser() -> argparse.ArgumentParser:
    parser = example_parser(__file__, __doc__)
    parser.add_argument("--epochs", type=int, default=1000,
                        help="full-batch steps per optimizer (default: %(default)s)")
    parser.add_argument("--lr", type=float, default=0.01,
                        help="learning rate of every optimizer (default: %(default)s)")
    add_plot_option(parser, "the three loss curves")
    return parser


def cli(argv: list[str] | None = None) -> dict:
    return run_cli(build_parser(), main, argv)


if __name__ == "__main__":
    cli()
