"""``python -m autograd.testing MODULE:CLASS [options]``: check_engine from the command line.

Prints the report. Exit status 0 when no failure was found, 1 when one was,
2 on a bad command line (printed on one line: an unknown option, a module
or class that cannot be imported, a class check_engine cannot use).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from autograd.engine import AutogradError
from autograd.messages import LANGUAGES

from .check import MAX_DEPTH, MAX_EXAMPLES, REFERENCES, EngineCheckError, check_engine

PROG = "python -m autograd.testing"


class UsageError(AutogradError, ValueError):
    """A mistake in the command line; printed on one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not the usage block
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Property-test a scalar autograd engine (a "
                "micrograd-style Value class): gradients against a reference, shrunk to the "
                "smallest failing expression.")
    p.add_argument("engine", metavar="MODULE:CLASS",
                   help="the class to check, e.g. micrograd.engine:Value")
    p.add_argument("--ops", help="only these ops or calling forms, comma-separated "
                   "(e.g. '+,*,relu' or 'x + y,2 - x')")
    p.add_argument("--rename", action="append", default=[], metavar="NAME=METHOD",
                   help="your method for a function, e.g. log=ln (repeatable); "
                   "NAME= skips it")
    p.add_argument("--backward", help="the method that runs the backward pass (default: "
                   "backward)")
    p.add_argument("--grad", help="the attribute holding a gradient (default: grad)")
    p.add_argument("--data", help="the attribute holding a value (default: data)")
    p.add_argument("--reference", choices=REFERENCES, default="autograd",
                   help="what to compare with (default: autograd, this package's Value)")
    p.add_argument("--max-examples", type=int, default=MAX_EXAMPLES,
                   help=f"random compositions to draw (default: {MAX_EXAMPLES})")
    p.add_argument("--seed", type=int, help="make the random draws repeatable")
    p.add_argument("--max-depth", type=int, default=MAX_DEPTH,
                   help=f"the longest chain to try (default: {MAX_DEPTH})")
    p.add_argument("--lang", choices=LANGUAGES, help="the report's language")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        cls = load_class(args.engine)
        report = check_engine(cls, ops=_ops(args), backward=args.backward, grad=args.grad,
                              data=args.data, reference=args.reference,
                              max_examples=args.max_examples, seed=args.seed,
                              max_depth=args.max_depth, lang=args.lang)
    except (EngineCheckError, ValueError, TypeError) as e:  # UsageError is a ValueError
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    print(report)
    return 0 if report.ok else 1


def load_class(spec: str) -> type:
    """The class ``MODULE:CLASS`` names (``CLASS`` may be dotted), or a UsageError."""
    module_name, colon, qualname = spec.partition(":")
    if not colon or not module_name or not qualname:
        raise UsageError(f"name the class as MODULE:CLASS, e.g. micrograd.engine:Value; "
                         f"got {spec!r}")
    try:
        found: Any = importlib.import_module(module_name)
    except Exception as e:  # noqa: BLE001 - any failure to import is the same usage error
        raise UsageError(f"cannot import {module_name!r}: {type(e).__name__}: {e}") from None
    for part in qualname.split("."):
        if not hasattr(found, part):
            raise UsageError(f"{module_name!r} has no {qualname!r}")
        found = getattr(found, part)
    if not isinstance(found, type):
        raise UsageError(f"{spec} is a {type(found).__name__}, not a class")
    return found


def _ops(args: argparse.Namespace) -> Any:
    if args.ops and args.rename:
        raise UsageError("use --ops or --rename, not both")
    if args.ops:
        return [name.strip() for name in args.ops.split(",") if name.strip()]
    renames: dict[str, str | None] = {}
    for item in args.rename:
        name, eq, method = item.partition("=")
        if not eq or not name.strip():
            raise UsageError(f"--rename takes NAME=METHOD, e.g. log=ln; got {item!r}")
        renames[name.strip()] = method.strip() or None
    return renames or None
