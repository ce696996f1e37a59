"""Buying a car part with tax: unit price 20, quantity 2, tax 1.1 -> total 44.

Backpropagation gives d total / d unit_price = 2.2 (2 items, taxed),
d total / d quantity = 22 (one more item costs 20 plus tax) and
d total / d tax = 40 (the pre-tax subtotal).

Run from the repository root:  python examples/car_purchase.py [--out out]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autograd import Value
from autograd.viz import animate_backward, grad_table, render
from nn.cli import pictures_parser, run_cli


def purchase(unit_price: float = 20, quantity: float = 2, tax: float = 1.1) -> dict[str, Value]:
    """total = unit_price * quantity * tax, backpropagated. Returns every node by name."""
    unit_price_ = Value(unit_price, label="unit_price")
    quantity_ = Value(quantity, label="quantity")
    tax_ = Value(tax, label="tax")

    subtotal = unit_price_ * quantity_
    subtotal.label = "subtotal"
    total = subtotal * tax_
    total.label = "total"

    total.backward()
    return {"unit_price": unit_price_, "quantity": quantity_, "tax": tax_, "total": total}


def main(out_dir: str | Path = "out") -> dict[str, Value]:
    """Print the total and its gradients; write the graph and the backward animation."""
    out_dir = Path(out_dir)
    nodes = purchase()
    total = nodes["total"]
    print(f"total: {total.data:g}")
    print(grad_table([nodes["unit_price"], nodes["quantity"], nodes["tax"]], total))
    files = [
        render(total, out_dir / "car_purchase.svg"),
        render(total, out_dir / "car_purchase.png"),
        animate_backward(total, out_dir / "car_purchase_backward.html"),
    ]
    print("\nwrote " + ", ".join(str(f) for f in files))
    return nodes


def build_parser() -> argparse.ArgumentParser:
    return pictures_parser(__file__, __doc__)


if __name__ == "__main__":
    run_cli(build_parser(), main)
