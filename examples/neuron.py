"""One neuron, o = tanh(w1*x1 + w2*x2 + b), drawn after backward (as in micrograd).

With x1=2, x2=0, w1=-3, w2=1 and b=6.8813735870195432 the output is 0.7071;
the gradients are x1: -1.5, w1: 1, x2: 0.5, w2: 0, b: 0.5.

Run from the repository root:  python examples/neuron.py [--out out]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autograd import Value
from autograd.viz import grad_table, render
from nn.cli import pictures_parser, run_cli


def neuron() -> dict[str, Value]:
    """Build the neuron, backpropagate, return every named node."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")

    x1w1 = x1 * w1
    x1w1.label = "x1*w1"
    x2w2 = x2 * w2
    x2w2.label = "x2*w2"
    x1w1x2w2 = x1w1 + x2w2
    x1w1x2w2.label = "x1*w1 + x2*w2"
    n = x1w1x2w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"

    o.backward()
    return {"x1": x1, "w1": w1, "x2": x2, "w2": w2, "b": b, "o": o}


def main(out_dir: str | Path = "out") -> dict[str, Value]:
    """Print the output and the gradients; write the graph as .svg and .png."""
    out_dir = Path(out_dir)
    nodes = neuron()
    o = nodes["o"]
    print(f"o = tanh(w1*x1 + w2*x2 + b) = {o.data:.4f}")
    print(grad_table([v for k, v in nodes.items() if k != "o"], o))
    files = [render(o, out_dir / "neuron.svg"), render(o, out_dir / "neuron.png")]
    print("\nwrote " + ", ".join(str(f) for f in files))
    return nodes


def build_parser() -> argparse.ArgumentParser:
    return pictures_parser(__file__, __doc__)


if __name__ == "__main__":
    run_cli(build_parser(), main)
