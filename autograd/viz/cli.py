"""``python -m autograd.viz "EXPR" --set a=2,b=3 -o graph.svg [--animate out.html]``.

Builds the expression on Value, backpropagates, prints the value and the
gradients, and draws the graph. Usage errors (a malformed expression, an
unknown name, a bad ``--set`` or file extension) exit with status 2.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from ..graph import topological_order
from . import style
from .animation import ANIMATION_FORMATS, animate_backward
from .drawing import RANKDIRS
from .expr import FUNCTIONS, ExprError, build
from .rendering import FORMATS, RenderError, check_extension, render
from .table import grad_table

PROG = "python -m autograd.viz"


class UsageError(Exception):
    """A mistake in the command line; printed on one line, exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        variables = parse_sets(args.set)
        for path, allowed in ((args.output, FORMATS), (args.animate, ANIMATION_FORMATS)):
            if path is not None:
                check_extension(Path(path), allowed, "-o" if allowed is FORMATS else "--animate")
        out, leaves = build(args.expr, variables)
    except ExprError as e:
        hint = f"; set it with --set {e.name}=VALUE" if e.name else ""
        return _error(f"{e.message}{hint} (column {e.column + 1})\n{e.pointer()}", 2)
    except (UsageError, ValueError) as e:  # ValueError: a bad file extension
        return _error(str(e), 2)
    if args.animate and not out.requires_grad:
        return _error("--animate needs an expression that uses a variable", 2)
    out.label = "f"
    if out.requires_grad:
        try:
            out.backward()
        except ArithmeticError as e:  # e.g. a float division by zero in a derivative rule
            return _error(f"the backward pass failed: {e}", 1)
    print(f"f = {args.expr.strip()} = {style.fmt_number(out.data)}")
    if leaves:
        print()
        print(grad_table(leaves, out))
    used = {id(n) for n in topological_order(out)}
    unused = [n for n, v in leaves.items() if id(v) not in used]
    if unused:
        print(f"(not used in the expression: {', '.join(unused)})")
    try:
        if args.output:
            render(out, args.output, rankdir=args.rankdir)
            print(f"wrote {args.output}")
        if args.animate:
            animate_backward(out, args.animate, rankdir=args.rankdir)
            print(f"wrote {args.animate}")
    except (RenderError, OSError) as e:
        return _error(str(e), 1)
    return 0


def _error(message: str, status: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return status


def parse_sets(items: Sequence[str]) -> dict[str, float]:
    """``["a=2,b=3", "c=-1"]`` -> ``{"a": 2.0, "b": 3.0, "c": -1.0}``."""
    found: dict[str, float] = {}
    for item in items:
        for part in item.split(","):
            name, eq, text = (s.strip() for s in part.partition("="))
            if not eq or not name or not text:
                raise UsageError(f"--set takes NAME=NUMBER pairs separated by commas; got {part!r}")
            if not name.isidentifier() or name in FUNCTIONS:
                why = "is a function name" if name in FUNCTIONS else "is not a valid name"
                raise UsageError(f"--set {name!r} {why}")
            if name in found:
                raise UsageError(f"--set gives {name!r} twice")
            try:
                value = float(text)
            except ValueError:
                raise UsageError(f"--set {name}={text!r}: not a number") from None
            if math.isnan(value):
                raise UsageError(f"--set {name}: nan is not allowed")
            found[name] = value
    return found


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Build an arithmetic expression on autograd.Value, backpropagate, "
        "print the gradients and draw the graph.",
        epilog=f'Example: {PROG} "(a * b + 1) * tax" --set a=100,b=2,tax=1.1 -o graph.svg '
        f"--animate backward.html. Functions: {', '.join(FUNCTIONS)}.",
    )
    p.add_argument("expr", metavar="EXPR", help="e.g. 'tanh(w1*x1 + w2*x2 + b)'")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE[,...]",
                   help="values of the variables, e.g. a=2,b=3 (repeatable)")
    p.add_argument("-o", "--output", metavar="PATH",
                   help=f"write the graph: {', '.join(FORMATS)}")
    p.add_argument("--animate", metavar="PATH",
                   help=f"write the backward pass step by step: {', '.join(ANIMATION_FORMATS)}")
    p.add_argument("--rankdir", choices=RANKDIRS, default="LR", help="layout direction")
    return p
