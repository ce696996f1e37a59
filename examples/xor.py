"""XOR: why activations must be non-linear (the second tutorial, "激活函数：为什么必须非线性？").

Three models learn the XOR truth table with binary cross-entropy:

1. a linear model, ``sigmoid(x W + b)``: no line separates XOR; the best it
   can do on the truth table is 0.5 everywhere (loss log 2 = 0.693);
2. two Linear layers with no activation between them: they collapse into one
   linear map, ``(x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2)`` (the
   tutorial's formula, in rows), and fail the same way;
3. a 2-4-1 network with a tanh hidden layer: solves it.

Run from the repository root:  python examples/xor.py [--epochs 1000] [--samples 4 --noise 0]
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

import nn
from nn import functional as F
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


def main(epochs: int = 1000, lr: float = 0.05, samples: int = 4, noise: float = 0.0,
         verbose: bool = True) -> dict:
    """Train the three models; returns {model name: accuracy} and the final losses."""
    say = print if verbose else (lambda *a, **k: None)
    X, labels = make_xor(n_samples=samples, noise=noise, random_state=0)
    y = labels.reshape(-1, 1).astype(float)
    accuracies, final_losses = {}, {}
    for name, model in models().items():
        losses = train(model, X, y, epochs, lr, name, verbose)
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
    return {"accuracy": accuracies, "final_loss": final_losses}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--samples", type=int, default=4)
    parser.add_argument("--noise", type=float, default=0.0)
    args = parser.parse_args()
    main(args.epochs, args.lr, args.samples, args.noise)
