"""``python -m autograd.viz "EXPR" --set a=2,b=3 -o graph.svg [--animate out.html]``.

Builds the expression on Value, backpropagates, prints the value and the
gradients, and draws the graph; ``--lang zh-CN`` prints the notes and the table
headers, and draws the graph's words, in Chinese. Usage errors (a malformed expression, an
unknown name, a bad ``--set`` or file extension, a graph too large to draw)
print one line (and a caret under the expression) and exit with status 2.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from autograd import messages as M
from autograd.engine import AutogradError, Node, topological_order

from . import style
from .animation import ANIMATION_FORMATS, TooManyStepsError, animate_backward
from .dot import RenderError
from .drawing import draw
from .expr import CONSTANTS, METHODS, ExprError, VariableNameError, build, name_problem
from .options import DEFAULT_MAX_NODES, RANKDIRS, GraphTooLargeError
from .output import FORMATS, FileFormatError, check_extension
from .rendering import render
from .table import grad_table

PROG = "python -m autograd.viz"
VALUE_OPTIONS = ("--set", "-o", "--output", "--animate", "--rankdir", "--max-nodes", "--lang")
FLAG_OPTIONS = ("-h", "--help")
GROUP_HINT = ("write repeated terms once (3*a for a+a+a, a**3 for a*a*a) or split the "
              "expression")


class UsageError(AutogradError, ValueError):
    """A mistake in the command line; printed on one line, exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(_expression_last(words))
    try:
        return _run(args)
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _stdout_to_devnull()


def _run(args: argparse.Namespace) -> int:
    try:
        variables = parse_sets(args.set)
        for path, allowed in ((args.output, FORMATS), (args.animate, ANIMATION_FORMATS)):
            if path is not None:
                check_extension(Path(path), allowed, "-o" if allowed is FORMATS else "--animate")
        if args.max_nodes < 0:
            raise UsageError(f"--max-nodes must be 0 (no limit) or more; got {args.max_nodes}")
        out, leaves = build(args.expr, variables)
    except ExprError as e:
        hint = f"; set it with --set {e.name}=VALUE" if e.name else ""
        return _error(f"{e.message}{hint} (column {e.column + 1})\n{e.pointer()}", 2)
    except (UsageError, FileFormatError, VariableNameError) as e:
        return _error(str(e), 2)
    if args.animate and not out.requires_grad:
        return _error("--animate needs an expression that uses a variable", 2)
    out.label = "f"
    if out.requires_grad:
        try:
            out.backward()
        except ArithmeticError as e:  # e.g. a float division by zero in a derivative rule
            return _error(f"the backward pass failed: {e}", 1)
    max_nodes = args.max_nodes or None
    drawing = None
    lang = M.resolve_language(args.lang)
    if args.output:  # drawn before anything is printed: a graph too large is refused whole
        try:
            drawing = draw(out, rankdir=args.rankdir, max_nodes=max_nodes, lang=lang)
        except GraphTooLargeError as e:
            return _error(_too_large("-o", e), 2)
    _report(args.expr, out, leaves, lang)
    try:
        if drawing is not None:
            render(drawing, args.output)
            _say(M.text("viz.cli.wrote", lang, path=args.output))
        if args.animate:
            animate_backward(out, args.animate, rankdir=args.rankdir, max_nodes=max_nodes,
                             lang=lang)
            _say(M.text("viz.cli.wrote", lang, path=args.animate))
    except (RenderError, OSError) as e:
        return _error(str(e), 1)
    except GraphTooLargeError as e:
        return _error(_too_large("--animate", e), 2)
    except TooManyStepsError as e:
        message = " ".join(str(e).split()).removeprefix("animate_backward(): ")
        return _error(f"--animate: {message}; {GROUP_HINT}", 2)
    return 0


def _too_large(flag: str, e: GraphTooLargeError) -> str:
    """One line: how large the graph is and how to make it smaller."""
    return (f"{flag}: the graph has {e.count} boxes, more than --max-nodes {e.limit}; "
            f"{GROUP_HINT}, or raise --max-nodes (slow)")


def _report(expr: str, out: Node, leaves: dict[str, Node], lang: str) -> None:
    """The value, the gradient table, and the variables the expression did not use (in
    ``lang``)."""
    *steps, final = (part.strip() for part in expr.split(";"))
    where = M.text("viz.cli.where", lang, steps="; ".join(steps)) if steps else ""
    _say(f"f = {final} = {style.fmt_number(out.data)}{where}")
    if leaves:
        _say()
        _say(grad_table(leaves, out, lang=lang))
    used = {id(n) for n in topological_order(out)}
    unused = [n for n, v in leaves.items() if id(v) not in used]
    if unused:
        _say(M.text("viz.cli.unused", lang, names=", ".join(unused)))


def _say(text: str = "") -> None:
    """Print a line; a reader that went away (``| head``) only ends the printing."""
    try:
        print(text)
    except BrokenPipeError:
        _stdout_to_devnull()


def _stdout_to_devnull() -> None:
    """Send the rest of stdout (and Python's final flush) nowhere, quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _error(message: str, status: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return status


def _expression_last(words: list[str]) -> list[str]:
    """argparse reads an expression that starts with '-' ("-a*b") as an option: find the
    expression (the first word that is not an option or an option's value, or the word
    after '--') and pass it last, after '--', where argparse takes it as it is. Options
    may follow it either way: ``-- "-a*b" --set a=1,b=2``."""
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            return words[:i] + words[i + 2:] + words[i:i + 2]
        if word in VALUE_OPTIONS:
            i += 2
        elif word in FLAG_OPTIONS or word.split("=", 1)[0] in VALUE_OPTIONS:
            i += 1
        elif word.startswith("-") and word != "-":
            return words[:i] + words[i + 1:] + ["--", word]
        else:
            return words
    return words


def parse_sets(items: Sequence[str]) -> dict[str, float]:
    """``["a=2,b=3", "c=-1"]`` -> ``{"a": 2.0, "b": 3.0, "c": -1.0}``."""
    found: dict[str, float] = {}
    for item in items:
        for part in item.split(","):
            name, eq, text = (s.strip() for s in part.partition("="))
            if not eq or not name or not text:
                raise UsageError(f"--set takes NAME=NUMBER pairs separated by commas; got {part!r}")
            why = name_problem(name)
            if why:
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
        prog=PROG, allow_abbrev=False,
        description="Build an arithmetic expression on autograd.Value, backpropagate, "
        "print the gradients and draw the graph.",
        epilog=f'Example: {PROG} "(a * b + 1) * tax" --set a=100,b=2,tax=1.1 -o graph.svg '
        f"--animate backward.html. Functions: {', '.join(METHODS)}. "
        f"Constants: {', '.join(CONSTANTS)}. An expression may start with '-': \"-a*b\".",
    )
    p.add_argument("expr", metavar="EXPR", help="e.g. 'tanh(w1*x1 + w2*x2 + b)'")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE[,...]",
                   help="values of the variables, e.g. a=2,b=3 (repeatable)")
    p.add_argument("-o", "--output", metavar="PATH",
                   help=f"write the graph: {', '.join(FORMATS)}")
    p.add_argument("--animate", metavar="PATH",
                   help=f"write the backward pass step by step: {', '.join(ANIMATION_FORMATS)}")
    p.add_argument("--rankdir", choices=RANKDIRS, default="LR", help="layout direction")
    p.add_argument("--lang", choices=M.LANGUAGES, default=None,
                   help="the language of the notes, the table and the drawing's words "
                   "(default: en)")
    p.add_argument("--max-nodes", type=int, default=DEFAULT_MAX_NODES, metavar="N",
                   help=f"refuse to draw more boxes than N (default {DEFAULT_MAX_NODES}; "
                   "0: no limit)")
    return p
