"""The example scripts' command lines: help that shows each default, errors in one line.

    def build_parser():
        parser = example_parser(__file__, __doc__)
        parser.add_argument("--epochs", type=int, default=300,
                            help="passes over the data (default: %(default)s)")
        add_plot_option(parser, "the loss curve")
        return parser

    def cli(argv=None):
        return run_cli(build_parser(), main, argv)   # main(epochs=..., plot_dir=...)

A bad option is a usage error (argparse: usage and exit status 2). A failure the user can fix
while running (a missing optional package, a missing or damaged file, a value the library
refuses) prints ``<script>: error: <message>`` on one line and exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .module import StateDictError

__all__ = ["USER_ERRORS", "add_plot_option", "example_parser", "one_line_errors",
           "pictures_parser", "run_cli"]

# ImportError: an optional package is missing (the message names the pip command);
# OSError: a file is missing or unreadable; ValueError (CheckpointError among them): the
# library refused a value or a file; StateDictError: a checkpoint holds other keys.
USER_ERRORS = (ImportError, OSError, ValueError, StateDictError)


def example_parser(script: str, doc: str | None) -> argparse.ArgumentParser:
    """A parser named after ``script`` (pass ``__file__``), described by ``doc``'s first line."""
    description = doc.strip().splitlines()[0] if doc and doc.strip() else None
    return argparse.ArgumentParser(prog=Path(script).name, description=description)


def add_plot_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--plot DIR`` (``plot_dir``): save ``what`` as PNGs; it needs matplotlib."""
    parser.add_argument("--plot", metavar="DIR", dest="plot_dir",
                        help=f"save {what} as PNGs in DIR (needs matplotlib)")


def pictures_parser(script: str, doc: str | None) -> argparse.ArgumentParser:
    """:func:`example_parser` with ``--out DIR`` (``out_dir``): where the pictures go."""
    parser = example_parser(script, doc)
    parser.add_argument("--out", metavar="DIR", dest="out_dir", default="out",
                        help="folder for the pictures (default: %(default)s)")
    return parser


@contextmanager
def one_line_errors(prog: str) -> Iterator[None]:
    """Turn a :data:`USER_ERRORS` exception into ``<prog>: error: <message>``, exit status 1."""
    try:
        yield
    except USER_ERRORS as error:
        message = " ".join(str(error).split())  # one line, whatever the message held
        sys.exit(f"{prog}: error: {message}")


def run_cli(parser: argparse.ArgumentParser, main: Callable[..., Any],
            argv: list[str] | None = None) -> Any:
    """Parse ``argv`` (default: the command line) and call ``main`` with the options as
    keyword arguments (each option's ``dest`` is a parameter of ``main``), in one line
    errors."""
    args = parser.parse_args(argv)
    with one_line_errors(parser.prog):
        return main(**vars(args))
