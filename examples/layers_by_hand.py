"""Layers written by hand, as in "Deep Learning from Scratch" chapter 5, as autograd ops.

The book's MulLayer and AddLayer each have a forward and a backward, and the
reader calls the backwards in reverse order by hand. Here each layer is an
``autograd.Op``: written the same way, called like a function, and the engine
records the graph and runs the backward calls in the right order itself.

1. The apple-tax graph from MulLayer and AddLayer: 2 apples at 100 and a tax
   of 1.1 cost 220 (gradients 2.2, 110, 200); with 3 oranges at 150, 715.
2. The tutorial's two-layer network from Affine, Relu and SoftmaxWithLoss ops,
   trained on its two Gaussian clusters (200 points, lr 0.1) from the same
   random stream as the tutorial, so it prints the tutorial's numbers.

Every op is checked against numerical differences (``gradcheck``) and with
the property test ``autograd.testing.check_op``, and both graphs are drawn:
the drawings name the ops written here.

Run from the repository root:  python examples/layers_by_hand.py [--epochs 1000] [--out out]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from autograd import Domain, Op, Tensor, Value, gradcheck
from autograd import functions as F
from autograd.testing import check_op
from autograd.viz import grad_table, render
from nn.cli import example_parser, run_cli
from nn.data import make_gaussians

# -- the layers --------------------------------------------------------------------------


class MulLayer(Op):
    """y = a * b"""

    derivatives = "∂y/∂a = b, ∂y/∂b = a"

    def forward(self, a, b):
        return a * b

    def backward(self, g, y, a, b):
        return g * b, g * a  # the book: dx = dout * self.y, dy = dout * self.x


class AddLayer(Op):
    """y = a + b"""

    derivatives = "∂y/∂a = 1, ∂y/∂b = 1"

    def forward(self, a, b):
        return a + b

    def backward(self, g, y, a, b):
        return g, g


class Relu(Op):
    """y = max(x, 0)"""

    derivatives = "∂y/∂x = 1 where x > 0, else 0"
    domain = (Domain(kinks=(0.0,)),)  # check_op stays away from 0, where no derivative exists

    def forward(self, x):
        return F.relu(x)

    def backward(self, g, y, x):
        return g * (F.raw(x) > 0)  # the book's mask: no gradient where x <= 0


class Affine(Op):
    """y = x @ W + b"""

    derivatives = "∂L/∂x = g @ Wᵀ, ∂L/∂W = xᵀ @ g, ∂L/∂b = g summed over the batch"
    elementwise = False  # x (N, D), W (D, M) and b (M,) are not matched element by element

    def forward(self, x, W, b):
        return x @ W + b

    def backward(self, g, y, x, W, b):
        return g @ W.T, x.T @ g, g.sum(axis=0)


class SoftmaxWithLoss(Op):
    """y = mean cross-entropy of softmax(x) against one-hot targets t"""

    derivatives = "∂L/∂x = (softmax(x) - t) / N"
    elementwise = False

    def forward(self, x, t):
        return -np.sum(t * np.log(softmax(x) + 1e-7)) / x.shape[0]  # the book's 1e-7

    def backward(self, g, y, x, t):
        return g * (softmax(F.raw(x)) - t) / x.shape[0], None  # t is given, not learned


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


mul, add, relu, affine, softmax_with_loss = (
    MulLayer(), AddLayer(), Relu(), Affine(), SoftmaxWithLoss())


# -- 1. the apple-tax graph --------------------------------------------------------------


def apples_and_oranges(oranges: bool = True) -> dict[str, Value]:
    """price = (apple * apple_num [+ orange * orange_num]) * tax, built from the layers."""
    v = {name: Value(x, label=name) for name, x in [
        ("apple", 100), ("apple_num", 2), ("orange", 150), ("orange_num", 3), ("tax", 1.1)]}
    total = mul(v["apple"], v["apple_num"])
    total.label = "apple_price"
    if oranges:
        orange_price = mul(v["orange"], v["orange_num"])
        orange_price.label = "orange_price"
        total = add(total, orange_price)
        total.label = "all_price"
    else:
        del v["orange"], v["orange_num"]
    price = mul(total, v["tax"])
    price.label = "price"
    price.backward()  # the engine orders the backward calls
    return {**v, "price": price}


# -- 2. the two-layer network ------------------------------------------------------------


def init_params(rng: np.random.RandomState, hidden: int = 8) -> dict[str, Tensor]:
    """The tutorial's TwoLayerNet(2, hidden, 2, weight_scale=0.1)."""
    shapes = {"W1": (2, hidden), "b1": (hidden,), "W2": (hidden, 2), "b2": (2,)}
    return {name: Tensor(0.1 * rng.randn(*shape) if name[0] == "W" else np.zeros(shape),
                         label=name, requires_grad=True)
            for name, shape in shapes.items()}


def loss_of(params: dict[str, Tensor], X: np.ndarray, t: np.ndarray) -> Tensor:
    h = relu(affine(X, params["W1"], params["b1"]))
    return softmax_with_loss(affine(h, params["W2"], params["b2"]), t)


def train(epochs: int, lr: float, verbose: bool) -> tuple[dict[str, Tensor], list[float], float]:
    rng = np.random.RandomState(42)  # the tutorial's np.random.seed(42)
    X, labels = make_gaussians(n_samples=200, random_state=rng)
    t = np.eye(2)[labels]
    params = init_params(rng)
    losses = []
    for epoch in range(epochs):
        loss = loss_of(params, X, t)
        for p in params.values():
            p.grad = None
        loss.backward()
        for p in params.values():
            p.data -= lr * p.grad
        losses.append(loss_of(params, X, t).item())
        if verbose and epoch % 100 == 0:
            print(f"Epoch {epoch}, Loss {losses[-1]:.4f}, Acc {accuracy(params, X, labels):.3f}")
    return params, losses, accuracy(params, X, labels)


def accuracy(params: dict[str, Tensor], X: np.ndarray, labels: np.ndarray) -> float:
    h = relu(affine(Tensor(X), params["W1"], params["b1"]))
    scores = affine(h, params["W2"], params["b2"]).data
    return float(np.mean(np.argmax(scores, axis=1) == labels))


# -- checks ------------------------------------------------------------------------------


def check_layers(verbose: bool) -> None:
    """gradcheck and check_op on every layer; raises if one is wrong."""
    rng = np.random.default_rng(0)
    x, W, b = (Tensor(rng.normal(size=s), requires_grad=True) for s in [(4, 3), (3, 2), (2,)])
    t = np.eye(3)[[0, 2, 1, 2]]
    checks = {
        "MulLayer": gradcheck(lambda a, c: mul(a, c), Value(1.5), Value(-0.5))
        and check_op(mul, max_examples=20),
        "AddLayer": gradcheck(lambda a, c: add(a, c), Value(1.5), Value(-0.5))
        and check_op(add, max_examples=20),
        "Relu": check_op(relu, max_examples=20),
        "Affine": gradcheck(lambda x, W, b: affine(x, W, b), x, W, b)
        and check_op(affine, shapes=((4, 3), (3, 2), (2,)), max_examples=20),
        "SoftmaxWithLoss": gradcheck(lambda x: softmax_with_loss(x, t),
                                     Tensor(rng.normal(size=(4, 3)), requires_grad=True))
        and check_op(softmax_with_loss, shapes=((4, 3), (4, 3)), fixed={1: t}, order=1,
                     max_examples=20),
    }
    if verbose:
        print("gradcheck and check_op: " + ", ".join(f"{k} ok" for k in checks))


def main(epochs: int = 1000, lr: float = 0.1, out: str | Path = "out",
         verbose: bool = True) -> dict:
    """Build, check, train and draw; returns the numbers the tests look at."""
    say = print if verbose else (lambda *a, **k: None)
    check_layers(verbose)

    apple = apples_and_oranges(oranges=False)
    both = apples_and_oranges()
    say(f"\napples: price {apple['price'].data:g}")
    say(grad_table({k: apple[k] for k in ("apple", "apple_num", "tax")}, apple["price"]))
    say(f"\napples and oranges: price {both['price'].data:g}")
    say(grad_table({k: v for k, v in both.items() if k != "price"}, both["price"]))

    say("\nAffine -> Relu -> Affine -> SoftmaxWithLoss on two Gaussians")
    params, losses, acc = train(epochs, lr, verbose)
    say(f"final: loss {losses[-1]:.4f}, accuracy {acc:.3f}")

    out = Path(out)
    X, labels = make_gaussians(n_samples=8, random_state=0)
    drawn = [render(both["price"], out / "layers_apple.svg"),
             render(loss_of(params, X, np.eye(2)[labels]), out / "layers_network.svg")]
    say("wrote " + ", ".join(map(str, drawn)))
    return {"apple": apple, "both": both, "losses": losses, "accuracy": acc, "drawn": drawn}


def build_parser() -> argparse.ArgumentParser:
    parser = example_parser(__file__, __doc__)
    parser.add_argument("--epochs", type=int, default=1000,
                        help="full-batch gradient descent steps (default: %(default)s)")
    parser.add_argument("--lr", type=float, default=0.1,
                        help="learning rate (default: %(default)s)")
    parser.add_argument("--out", default="out",
                        help="folder for the drawings (default: %(default)s)")
    return parser


def cli(argv: list[str] | None = None) -> dict:
    return run_cli(build_parser(), main, argv)


if __name__ == "__main__":
    cli()
