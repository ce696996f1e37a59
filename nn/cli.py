"""The example scripts' command lines: parsers whose help shows each default, one-line errors.

    parser = example_parser(__file__, __doc__)
    parser.add_argument("--epochs", type=int, default=300,
                        help="passes over the data (default: %(default)s)")
    args = parser.parse_args(argv)
    with one_line_errors(parser.prog):
        main(args.epochs)

A bad option is a usage error (argparse: usage and exit status 2). A failure the user can fix
while running (a missing optional package, a missing or damaged file, a value the library
refuses) prints ``<script>: error: <message>`` on one line and exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .module import StateDictError

__all__ = ["USER_ERRORS", "example_parser", "one_line_errors"]

# ImportError: an optional package is missing (the message names the pip command);
# OSError: a file is missing or unreadable; ValueError (CheckpointError among them): the
# library refused a value or a file; StateDictError: a checkpoint holds other keys.
USER_ERRORS = (ImportError, OSError, ValueError, StateDictError)


def example_parser(script: str, doc: str | None) -> argparse.ArgumentParser:
    """A parser named after ``script`` (pass ``__file__``), described by ``doc``'s first line."""
    description = (doc or "").strip().splitlines()[0] if doc else None
    return argparse.ArgumentParser(prog=Path(script).name, description=description)


@contextmanager
def one_line_errors(prog: str) -> Iterator[None]:
    """Turn a :data:`USER_ERRORS` exception into ``<prog>: error: <message>``, exit status 1."""
    try:
        yield
    except USER_ERRORS as error:
        message = " ".join(str(error).split())  # one line, whatever the message held
        sys.exit(f"{prog}: error: {message}")
