"""Buying apples with tax: the first computational graph of "Deep Learning from
Scratch" (chapter 5), built on autograd and drawn with autograd.viz.

2 apples at 100 each, with a consumption tax of 1.1, cost 220. Backpropagation
tells how much that price moves per unit change of each input:
d price / d apple = 2.2, d price / d apple_num = 110, d price / d tax = 200.
The two-item variant adds 3 oranges at 150 each: 715 in total.

Run from the repository root:  python examples/apple_tax.py [--out out]
It prints the gradients and writes the graphs (.svg, .png) and the backward
pass step by step (.html, .gif) into the output folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autograd import Value
from autograd.viz import animate_backward, grad_table, render
from nn.cli import pictures_parser, run_cli


def buy_apples(apple: float = 100, apple_num: float = 2, tax: float = 1.1) -> dict[str, Value]:
    """price = apple * apple_num * tax, backpropagated. Returns every node by name."""
    apple_ = Value(apple, label="apple")
    apple_num_ = Value(apple_num, label="apple_num")
    tax_ = Value(tax, label="tax")

    apple_price = apple_ * apple_num_  # forward
    apple_price.label = "apple_price"
    price = apple_price * tax_
    price.label = "price"

    price.backward()  # backward: fills .grad on every node
    return {"apple": apple_, "apple_num": apple_num_, "tax": tax_, "price": price}


def buy_apples_and_oranges(
    apple: float = 100, apple_num: float = 2, orange: float = 150, orange_num: float = 3,
    tax: float = 1.1,
) -> dict[str, Value]:
    """price = (apple * apple_num + orange * orange_num) * tax, backpropagated."""
    nodes = {name: Value(v, label=name) for name, v in [
        ("apple", apple), ("apple_num", apple_num), ("orange", orange),
        ("orange_num", orange_num), ("tax", tax)]}

    apple_price = nodes["apple"] * nodes["apple_num"]
    apple_price.label = "apple_price"
    orange_price = nodes["orange"] * nodes["orange_num"]
    orange_price.label = "orange_price"
    all_price = apple_price + orange_price
    all_price.label = "all_price"
    price = all_price * nodes["tax"]
    price.label = "price"

    price.backward()
    return {**nodes, "price": price}


def report(nodes: dict[str, Value]) -> None:
    """Print the forward value and the gradient table."""
    price = nodes["price"]
    print(f"price: {price.data:g}")
    print(grad_table([v for name, v in nodes.items() if name != "price"], price))


def save_pictures(price: Value, out_dir: Path, stem: str) -> list[Path]:
    """The graph as .svg and .png, the backward pass as .html and .gif."""
    return [
        render(price, out_dir / f"{stem}.svg"),
        render(price, out_dir / f"{stem}.png"),
        animate_backward(price, out_dir / f"{stem}_backward.html"),
        animate_backward(price, out_dir / f"{stem}_backward.gif"),
    ]


def main(out_dir: str | Path = "out") -> dict[str, dict[str, Value]]:
    """Run both examples, print them and write their pictures into ``out_dir``."""
    out_dir = Path(out_dir)
    one = buy_apples()
    print("2 apples at 100, tax 1.1")
    report(one)
    files = save_pictures(one["price"], out_dir, "apple_tax")

    two = buy_apples_and_oranges()
    print("\n2 apples at 100 and 3 oranges at 150, tax 1.1")
    report(two)
    files += save_pictures(two["price"], out_dir, "apple_orange_tax")

    print("\nwrote " + ", ".join(str(f) for f in files))
    return {"apples": one, "apples_and_oranges": two}


def build_parser() -> argparse.ArgumentParser:
    return pictures_parser(__file__, __doc__)


if __name__ == "__main__":
    run_cli(build_parser(), main)
