"""Handwritten digits with a one-hidden-layer MLP, as in the first tutorial (MLP & BP 详解).

The tutorial's network: ``Z1 = X W1 + b1``, ``A1 = sigmoid(Z1)``,
``Z2 = A1 W2 + b2``, ``A2 = softmax(Z2)``, cross-entropy, mini-batch SGD with
the gradients divided by the batch size m and ``W -= lr * dW``; the engine's
backward pass gives exactly its ``dZ2 = A2 - y_onehot``.

Data: MNIST (784-H-10) when its IDX files are in ``--root`` (default
``~/.cache/autograd/mnist``; ``--download`` fetches them where the network
allows), otherwise scikit-learn's 8x8 digits (64-H-10), which work offline.

Training saves the parameters (``--save``, default ``digits.npz``) with
``nn.save``. The tutorial's first lesson hands out trained parameters and only
runs inference; ``--load PATH`` does that: it reads a checkpoint written here,
or a tutorial-style ``.npz`` with arrays ``W1, b1, W2, b2``, and evaluates.

Run from the repository root:
    python examples/digits.py                      # sigmoid + SGD, saves digits.npz
    python examples/digits.py --relu-adam          # ReLU hidden layer, Adam
    python examples/digits.py --load digits.npz    # inference only
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
from nn.datasets import DatasetNotFoundError, load_digits, load_mnist


class DigitsMLP(nn.Module):
    """n_in-H-10: Linear, sigmoid (or ReLU), Linear; softmax is applied by the loss."""

    def __init__(self, n_in: int, n_hidden: int, n_out: int = 10, relu: bool = False,
                 seed: int = 0) -> None:
        super().__init__()
        init = "kaiming_normal" if relu else "lecun_normal"
        self.layer1 = nn.Linear(n_in, n_hidden, init=init, rng=seed, dtype=np.float32)  # W1, b1
        self.act = nn.ReLU() if relu else nn.Sigmoid()
        self.layer2 = nn.Linear(n_hidden, n_out, rng=seed + 1, dtype=np.float32)  # W2, b2
        self.relu = relu

    def forward(self, X):
        return self.layer2(self.act(self.layer1(X)))  # Z2: the logits

    def predict_proba(self, X) -> np.ndarray:
        """A2 = softmax(Z2), the tutorial's forward()."""
        with no_grad():
            return F.softmax(self(X)).data


def load_data(dataset: str, root: str | None, download: bool, say=print) -> tuple:
    """``(name, X_train, y_train, X_test, y_test)``: MNIST if available, else the 8x8 digits."""
    if dataset in ("auto", "mnist"):
        try:
            return ("mnist",) + load_mnist(root, download=download, verbose=False)
        except DatasetNotFoundError:
            if dataset == "mnist":
                raise
            where = root or nn.datasets.mnist_root()
            say(f"MNIST files not found in {where} (add them, or pass --download); "
                "using the 8x8 digits")
    return ("digits",) + load_digits()


def accuracy(model: DigitsMLP, X: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.argmax(model.predict_proba(X), axis=1) == y))


def save_checkpoint(model: DigitsMLP, path: str | Path) -> None:
    """The state dict plus the choice of activation (as a 0/1 array)."""
    nn.save({**model.state_dict(), "config.relu": np.array(int(model.relu))}, path)


def load_checkpoint(path: str | Path) -> DigitsMLP:
    """A model from our checkpoint or from a tutorial-style file with W1, b1, W2, b2."""
    state = nn.load(path)
    if {"W1", "b1", "W2", "b2"} <= set(state):  # the tutorial's parameter names
        state = {"layer1.weight": state["W1"], "layer1.bias": state["b1"].reshape(-1),
                 "layer2.weight": state["W2"], "layer2.bias": state["b2"].reshape(-1)}
    relu = bool(state.pop("config.relu", np.array(0)))
    if "layer1.weight" not in state:
        raise nn.StateDictError(f"{path} holds {list(state)}; expected the arrays this example "
                                "saves (layer1.weight, ...) or the tutorial's W1, b1, W2, b2")
    n_in, n_hidden = state["layer1.weight"].shape
    model = DigitsMLP(n_in, n_hidden, state["layer2.weight"].shape[1], relu=relu)
    model.load_state_dict(state)
    return model


def show_digit(image: np.ndarray, say=print) -> None:
    """Print an image row by row as text (darker pixel, denser character)."""
    side = int(round(np.sqrt(image.size)))
    shades = " .:-=+*#%@"
    for row in image.reshape(side, side):
        say("".join(shades[min(int(v * len(shades)), len(shades) - 1)] * 2 for v in row))


def main(
    dataset: str = "auto", hidden: int = 100, epochs: int | None = None, lr: float | None = None,
    batch_size: int = 32, relu_adam: bool = False, save: str | Path | None = "digits.npz",
    load: str | Path | None = None, root: str | None = None, download: bool = False,
    plot_dir: str | Path | None = None, verbose: bool = True,
) -> dict:
    """Train (or, with ``load``, only evaluate); returns the data set name and accuracies."""
    if plot_dir is not None:
        nn.plot.require_matplotlib()  # before training, not after
    say = print if verbose else (lambda *a, **k: None)
    model = load_checkpoint(load) if load is not None else None  # a bad file fails at once
    name, X_train, y_train, X_test, y_test = load_data(dataset, root, download, say)
    say(f"{name}: {len(X_train)} training and {len(X_test)} test images of "
        f"{X_train.shape[1]} pixels")

    if model is not None:  # the first lesson: given parameters, inference only
        n_in = model.layer1.weight.shape[0]
        if n_in != X_test.shape[1]:
            raise ValueError(f"{load} takes images of {n_in} pixels, the {name} images have "
                             f"{X_test.shape[1]}; choose the data set with --dataset")
        test_acc = accuracy(model, X_test, y_test)
        probs = model.predict_proba(X_test[:1])[0]
        show_digit(X_test[0], say)
        say(f"label {y_test[0]}, predicted {int(np.argmax(probs))} "
            f"(probability {probs.max():.3f})")
        say(f"test accuracy: {test_acc:.4f}")
        return {"dataset": name, "test_accuracy": test_acc}

    epochs = epochs if epochs is not None else (20 if name == "mnist" else 50)
    model = DigitsMLP(X_train.shape[1], hidden, relu=relu_adam)
    if relu_adam:
        optimizer = nn.optim.Adam(model.parameters(), lr=lr if lr is not None else 1e-3)
    else:
        optimizer = nn.optim.SGD(model.parameters(), lr=lr if lr is not None else 0.5)
    say(model)
    say(optimizer)
    losses = []
    bar = nn.ProgressBar(range(epochs), desc="epochs", file=sys.stdout if verbose else None)
    for epoch in bar:
        total = 0.0
        for i in range(0, X_train.shape[0], batch_size):  # the tutorial's train()
            X_batch, y_batch = X_train[i:i + batch_size], y_train[i:i + batch_size]
            loss = F.cross_entropy(model(X_batch), y_batch)  # forward + compute_loss
            optimizer.zero_grad()
            loss.backward()  # backward: dZ2 = A2 - y_onehot, ... divided by m
            optimizer.step()  # W -= learning_rate * dW
            total += loss.item() * len(X_batch)
        losses.append(total / X_train.shape[0])  # the epoch's mean loss
        bar.set(loss=losses[-1])
        bar.write(f"Epoch {epoch + 1}/{epochs}, Loss: {losses[-1]:.4f}")
    train_acc, test_acc = accuracy(model, X_train, y_train), accuracy(model, X_test, y_test)
    say(f"train accuracy: {train_acc:.4f}, test accuracy: {test_acc:.4f}")
    if save is not None:
        save_checkpoint(model, save)
        say(f"saved the parameters to {save}; run inference with --load {save}")
    if plot_dir is not None:
        saved = nn.plot.save_loss_curve(losses, Path(plot_dir) / f"{name}_loss.png",
                                        title=f"{name}: mean loss per epoch")
        say(f"plot: {saved}")
    return {"dataset": name, "train_accuracy": train_acc, "test_accuracy": test_acc,
            "losses": losses}


def build_parser() -> argparse.ArgumentParser:
    parser = example_parser(__file__, __doc__)
    parser.add_argument("--dataset", choices=["auto", "mnist", "digits"], default="auto",
                        help="auto: MNIST if its files are in --root, else the 8x8 digits "
                             "(default: %(default)s)")
    parser.add_argument("--root", help="MNIST directory (default: ~/.cache/autograd/mnist)")
    parser.add_argument("--download", action="store_true",
                        help="download MNIST into --root if it is missing")
    parser.add_argument("--hidden", type=int, default=100,
                        help="units in the hidden layer (default: %(default)s)")
    parser.add_argument("--epochs", type=int,
                        help="passes over the training set (default: 20 on MNIST, 50 on the "
                             "8x8 digits)")
    parser.add_argument("--lr", type=float,
                        help="learning rate (default: 0.5 with SGD, 1e-3 with Adam)")
    parser.add_argument("--batch-size", type=int, default=32,
                        help="mini-batch size (default: %(default)s)")
    parser.add_argument("--relu-adam", action="store_true",
                        help="a ReLU hidden layer and Adam, instead of sigmoid and SGD")
    parser.add_argument("--save", default="digits.npz",
                        help="where to save the trained parameters (default: %(default)s)")
    parser.add_argument("--load", metavar="PATH",
                        help="only evaluate the parameters in PATH (no training)")
    add_plot_option(parser, "the loss curve")
    return parser


def cli(argv: list[str] | None = None) -> dict:
    return run_cli(build_parser(), main, argv)


if __name__ == "__main__":
    cli()
