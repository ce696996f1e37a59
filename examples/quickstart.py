"""The main job: the apple-tax graph with its gradients, then a trained network.

1. The tutorial's apple-tax example on the engine: prints the forward value and
   gradients, writes the graph (svg, png) and the backward-pass animation
   (html, gif) into ``out/``.
2. The tutorial's 2-4-1 tanh network trained on 1000 two-moons points:
   prints the training progress and the test accuracy.

    python examples/quickstart.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

try:  # first, so that another package named autograd is reported in one line
    import nn  # noqa: F401
except ImportError as error:
    sys.exit(f"quickstart.py: error: {error}")

import apple_tax  # noqa: E402  (siblings in examples/)
import moons  # noqa: E402

from nn.cli import pictures_parser, run_cli  # noqa: E402


def main(out_dir: str | Path = "out") -> dict:
    print("=" * 72)
    print("1. The apple-tax computational graph (forward, backward, drawing)")
    print("=" * 72)
    graphs = apple_tax.main(out_dir)
    print()
    print("=" * 72)
    print("2. A 2-4-1 network trained on two moons (tanh hidden, sigmoid output, BCE)")
    print("=" * 72)
    trained = moons.main(verbose=True)
    print(f"\ndone: pictures in {Path(out_dir).resolve()}, "
          f"moons test accuracy {trained['test_accuracy']:.3f}")
    return {"apple_tax": graphs, "moons": trained}


def build_parser() -> argparse.ArgumentParser:
    return pictures_parser(__file__, __doc__)


if __name__ == "__main__":
    run_cli(build_parser(), main)
