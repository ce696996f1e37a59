"""XOR: why activations must be non-linear (the second tutorial, "激活函数：为什么必须非线性？").

Three models learn the XOR truth table with binary cross-entropy:

1. a linear model, ``sigmoid(x W + b)``: no line separates XOR; the best it
   can do on the truth table is 0.5 everywhere (loss log 2 = 0.693);
2. two Linear layers with no activation between them: they collapse into one
   linear map, ``(x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2)`` (the
   tutorial's formula, in rows), and fail the same way;
3. a 2-4-1 network with a tanh hidden layer: solves it.

Run from the repository root:
    python examples/xor.py [--epochs 1000] [--samples 4 --noise 0] [--plot out]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

import nn
from nn import functional as F
from nn.cli import add_plot_option, example_parser, run_cli
from nn.data import make_xor


def models() -> dict[str, nn.Module]:
    return {
        "linear": nn.Sequential(nn.Linear(2, 1, rng=0)),
        "two linear layers": nn.Sequential(nn.Linear(2, 4, rng=1), nn.Linear(4, 1, rng=2)),
        "2-4-1 tanh": nn.Sequential(nn.Linear(2, 4, rng=3), nn.Tanh(), nn.Linear(4, 1, rng=4)),
    }


def train(model: nn.Module, X: np.ndarray, y: np.ndarray, epochs: int, lr: float,
          desc: str, verbose: bool) -> list[float]:
    optimizer = nn.optim.Adam(model.parameters(), lr=lr)
    losses = []
    bar = nn.ProgressBar(range(epochs), desc=f"{desc:>17}", file=sys.stdout if verbose else None)
    for _ in bar:
        loss = F.binary_cross_entropy_with_logits(model(X), y)  # BCE(sigmoid(z), y), stably
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        bar.set(loss=losses[-1])
    return losses


def save_plots(trained: dict[str, nn.Module], histories: dict[str, list[float]],
               accuracies: dict[str, float], X: np.ndarray, labels: np.ndarray,
               plot_dir: Path) -> list[Path]:
    """The three loss curves in one plot, and each model's decision boundary."""
    saved = [nn.plot.save_loss_curve(histories, plot_dir / "xor_loss.png",
                                     title="XOR: binary cross-entropy")]
    for name, model in trained.items():
        saved.append(nn.plot.save_decision_boundary(
            lambda P, model=model: model(P).data[:, 0] > 0, X, labels,
            plot_dir / f"xor_{name.replace(' ', '_')}_boundary.png",
            title=f"{name}: accuracy {accuracies[name]:.2f}"))
    return saved


def main(epochs: int = 1000, lr: float = 0.05, samples: int = 4, noise: float = 0.0,
         plot_dir: str | Path | None = None, verbose: bool = True) -> dict:
    """Train the three models; returns {model name: accuracy} and the final losses."""
    if plot_dir is not None:
        nn.plot.require_matplotlib()  # before training, not after
    say = print if verbose else (lambda *a, **k: None)
    X, labels = make_xor(n_samples=samples, noise=noise, random_state=0)
    y = labels.reshape(-1, 1).astype(float)
    accuracies, final_losses, histories, trained = {}, {}, {}, models()
    for name, model in trained.items():
        losses = histories[name] = train(model, X, y, epochs, lr, name, verbose)
        predictions = (model(X).data[:, 0] > 0).astype(int)
        accuracies[name] = float(np.mean(predictions == labels))
        final_losses[name] = losses[-1]
        if samples <= 8:
            say(f"{name}: predictions {predictions.tolist()} for labels {labels.tolist()}")
        if name == "two linear layers":
            (W1, b1), (W2, b2) = ((m.weight.data, m.bias.data) for m in model)
            say(f"  collapses to one linear map: W = W1 W2 = {(W1 @ W2).ravel().round(3)}, "
                f"b = b1 W2 + b2 = {(b1 @ W2 + b2).round(3)}")
    say(f"{'model':<18} {'accuracy':>8} {'final loss':>10}")
    for name in accuracies:
        say(f"{name:<18} {accuracies[name]:8.2f} {final_losses[name]:10.4f}")
    if plot_dir is not None:
        saved = save_plots(trained, histories, accuracies, X, labels, Path(plot_dir))
        say("plots: " + ", ".join(map(str, saved)))
    return {"accuracy": accuracies, "final_loss": final_losses}


def build_parser() -> argparse.ArgumentParser:
    parser = example_parser(__file__, __doc__)
    parser.add_argument("--epochs", type=int, default=1000,
                        help="full-batch Adam steps per model (default: %(default)s)")
    parser.add_argument("--lr", type=float, default=0.05,
                        help="Adam learning rate (default: %(default)s)")
    parser.add_argument("--samples", type=int, default=4,
                        help="points; 4 is the truth table, more repeat its corners "
                             "(default: %(default)s)")
    parser.add_argument("--noise", type=float, default=0.0,
                        help="standard deviation of the noise added to the points "
                             "(default: %(default)s)")
    add_plot_option(parser, "the loss curves and each model's decision boundary")
    return parser


def cli(argv: list[str] | None = None) -> dict:
    return run_cli(build_parser(), main, argv)


if __name__ == "__main__":
    cli()
