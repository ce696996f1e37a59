"""The explorer page's figures: time to write, page size, time to open in Chromium.

Graphs (the issues' cases): a 200-step chain, the 40-factor reused node
``a*a*...*a``, a 2,000-step chain, the scalar ``nn.MLP(2, [16, 16, 1])``
over 20 and 30 samples (7,800 and 11,600 nodes; it groups itself by name
scope), and two Tensor graphs: tutorial 002's 2-3-2-1 net at batch 5 and one
MNIST step, ``Linear(784, 100)``, ReLU, ``Linear(100, 10)`` and cross-entropy
at batch 32 (the page budget: at most 2.5 MB, open in under 1.5 s). As a
reference in the same run, the time ``render()`` takes to draw the 200-step
chain once as a still SVG.
Open time is from ``goto`` to the page's script having drawn the first view
(headless Chromium, as a new user would meet it; needs playwright and
/usr/bin/chromium, else only the Python figures are printed). "first view"
is the laid-out size of the first view at scale 1 (w × h, page units = CSS px).

    PYTHONPATH=. python bench/explorer.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nn
from autograd import Value, topological_order
from autograd.viz import explore, render

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests/
from tests.viz.helpers import labelled_seed002_net, mnist_step  # noqa: E402  (the tests' graphs)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chain(steps: int) -> Value:
    """A chain whose backward pass has ``steps`` steps (ops), each with a constant input."""
    v = Value(0.9, label="x")
    for _ in range(steps // 2):
        v = v * Value(1.001) + 0.001  # two ops
    v.label = "y"
    return v


def reused(factors: int = 40) -> Value:
    a = Value(1.01, label="a")
    y = a
    for _ in range(factors - 1):
        y = y * a
    y.label = "y"
    return y


def scalar_mlp(samples: int = 20) -> Value:
    """nn.MLP(2, [16, 16, 1]) (tanh), squared error summed over ``samples`` points."""
    rng = random.Random(0)
    model = nn.MLP(2, [16, 16, 1], activation="tanh", rng=0)
    loss = Value(0.0, requires_grad=False)
    for _ in range(samples):
        x = [rng.uniform(-1, 1), rng.uniform(-1, 1)]
        loss = loss + (model(x) - 1.0) ** 2
    loss.label = "loss"
    return loss


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def open_times(paths: dict[str, Path], repeats: int) -> dict[str, float]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("(playwright missing: no open times)", file=sys.stderr)
        return {}
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for name, path in paths.items():
            times = []
            for _ in range(repeats):
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                t = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_function("window.explorer !== undefined", timeout=120_000)
                times.append(time.perf_counter() - t)
                page.close()
            out[name] = min(times)
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    cases = {
        "200-step chain": chain(200),
        "40-factor a*a*...*a": reused(40),
        "2,000-step chain": chain(2000),
        "nn.MLP 2-16-16-1, 20 samples": scalar_mlp(20),
        "nn.MLP 2-16-16-1, 30 samples": scalar_mlp(30),
        "002 net 2-3-2-1, batch 5": labelled_seed002_net(5)[1],
        "MNIST 784-100-10, batch 32": mnist_step(32),
    }
    folder = Path(tempfile.mkdtemp(prefix="explorer-bench-"))
    ref = best_of(args.repeats, lambda: render(cases["200-step chain"], folder / "ref.svg"))
    print(f"reference: render() of the 200-step chain as one still SVG: {ref:.2f} s\n")
    paths = {}
    rows = []
    for name, root in cases.items():
        path = folder / f"{len(paths)}.html"
        seconds = best_of(args.repeats, lambda r=root, p=path: explore(r, p))
        paths[name] = path
        steps = sum(1 for n in topological_order(root) if n.op is not None)
        first = explore(root).data["initial"]["layout"]
        rows.append((name, len(topological_order(root)), steps, seconds, path.stat().st_size,
                     f"{first['w']:,.0f} × {first['h']:,.0f}"))
    opened = open_times(paths, args.repeats)
    print(f"{'graph':28} {'nodes':>7} {'steps':>6} {'write s':>8} {'size MB':>8} {'open s':>7}"
          f"  {'first view':>13}")
    for name, nodes, steps, seconds, size, first in rows:
        shown = f"{opened[name]:7.2f}" if name in opened else "      -"
        print(f"{name:28} {nodes:7,} {steps:6,} {seconds:8.2f} {size / 1e6:8.2f} {shown}"
              f"  {first:>13}")


if __name__ == "__main__":
    main()
