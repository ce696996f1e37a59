"""Vanishing gradients, seen: a deep sigmoid MLP next to a ReLU one.

Both nets are 8 layers of 4 neurons with the same weights (He-uniform), built
from plain Values, each neuron inside ``name_scope("LayerK/NeuronJ")``. After
backward, ``draw(..., color_by_grad=True)`` fills every box by |grad| on a log
scale: blue for tiny (vanishing), pale for about 1, red for huge (exploding),
grey for exactly 0 (a dead ReLU). Each net is drawn twice: node by node, and
with one box per neuron (``collapse_depth=2``). Sigmoid multiplies the
gradient by at most 0.25 per layer, so its first layers turn deep blue; ReLU
passes it through unchanged where it is active.

Run from the repository root:  python examples/vanishing_gradients.py [--out out]
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path

from autograd import Value, name_scope
from autograd.viz import render
from nn.cli import pictures_parser, run_cli

DEPTH, WIDTH, N_IN = 8, 4, 2


def make_weights(seed: int = 3) -> list[list[list[float]]]:
    """weights[layer][neuron] = [w_1 .. w_fan_in, bias], He-uniform.

    With seed 0 a whole ReLU layer is dead (all inputs negative) and every
    gradient below it is exactly 0: grey boxes. Try it.
    """
    rng = random.Random(seed)
    weights, fan_in = [], N_IN
    for _ in range(DEPTH):
        bound = math.sqrt(6 / fan_in)
        weights.append([[rng.uniform(-bound, bound) for _ in range(fan_in)] + [0.1]
                        for _ in range(WIDTH)])
        fan_in = WIDTH
    return weights


def deep_net(activation: str, weights: list[list[list[float]]]) -> tuple[Value, list[list[Value]]]:
    """The sum of the last layer's outputs, backpropagated, and the weights as Values."""
    x = [Value(0.5, label="x1", requires_grad=False), Value(-0.3, label="x2", requires_grad=False)]
    params = []
    for k, layer in enumerate(weights):
        with name_scope(f"Layer{k}"):
            outs, layer_params = [], []
            for j, ws in enumerate(layer):
                with name_scope(f"Neuron{j}"):
                    w = [Value(v, label=f"w{k}.{j}.{i}") for i, v in enumerate(ws)]
                    a = w[-1]
                    for wi, xi in zip(w, x):
                        a = a + wi * xi
                    outs.append(getattr(a, activation)())
                    layer_params += w
            x = outs
            params.append(layer_params)
    out = x[0]
    for v in x[1:]:
        out = out + v
    out.label = "out"
    out.backward()
    return out, params


def mean_abs_grad(values: list[Value]) -> float:
    return sum(abs(v.grad) for v in values) / len(values)


def main(out_dir: str | Path = "out", seed: int = 3) -> dict[str, list[float]]:
    """Print the mean |grad| of each layer's weights for both nets; write the pictures."""
    out_dir = Path(out_dir)
    weights = make_weights(seed)
    table: dict[str, list[float]] = {}
    files = []
    for activation in ("sigmoid", "relu"):
        out, params = deep_net(activation, weights)
        table[activation] = [mean_abs_grad(p) for p in params]
        files.append(render(out, out_dir / f"{activation}_mlp.svg", color_by_grad=True))
        files.append(render(out, out_dir / f"{activation}_mlp_neurons.png", color_by_grad=True,
                            collapse_depth=2, group_by_scope=True))
    print("mean |grad| of each layer's weights (layer 0 is nearest the input)")
    print(f"{'layer':>5}  {'sigmoid':>9}  {'relu':>9}")
    for k in range(DEPTH):
        print(f"{k:>5}  {table['sigmoid'][k]:>9.2e}  {table['relu'][k]:>9.2e}")
    print("\nwrote " + ", ".join(str(f) for f in files))
    return table


def build_parser() -> argparse.ArgumentParser:
    parser = pictures_parser(__file__, __doc__)
    parser.add_argument("--seed", type=int, default=3,
                        help="seed of the weights; 0 gives a dead ReLU layer "
                             "(default: %(default)s)")
    return parser


if __name__ == "__main__":
    run_cli(build_parser(), main)
