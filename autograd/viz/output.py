"""Writing drawings to files and opening them: paths, formats, the viewer.

Knows no graph nodes: it writes DOT source as an image (through
:mod:`autograd.viz.dot`) or as DOT text, atomically.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from autograd.engine import AutogradError
from autograd.files import write_atomic

from .dot import IMAGE_FORMATS, RenderError, render_bytes

FORMATS = tuple(f".{f}" for f in IMAGE_FORMATS) + (".dot",)  # what write_source writes


class FileFormatError(AutogradError, ValueError):
    """A file name whose extension is not one of the formats a function writes."""


def as_path(path: Any, caller: str) -> Path:
    """``path`` as a Path, or a TypeError naming what was passed."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{caller}() takes a file path (str or os.PathLike); "
                        f"got {type(path).__name__} {path!r:.80}")
    return Path(path)


def check_extension(path: Path, allowed: tuple[str, ...], caller: str) -> str:
    """The format named by ``path``'s extension, or a FileFormatError listing ``allowed``."""
    ext = path.suffix.lower()
    if ext not in allowed:
        raise FileFormatError(
            f"{caller} cannot write {str(path)!r}: the extension {ext or '(none)'!r} is "
            f"not one of {', '.join(allowed)}"
        )
    return ext[1:]


def write_source(source: str, path: Path, fmt: str) -> Path:
    """Write DOT ``source`` to ``path`` as ``fmt`` (svg, png, pdf, or dot: the source).

    Missing parent folders are made. Without a Graphviz engine the DOT source is
    still written next to ``path`` (``.dot``) and RenderError says how to install one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "dot":
        write_atomic(path, source.encode("utf-8"))
        return path
    try:
        data = render_bytes(source, fmt)
    except RenderError as e:
        dot_path = path.with_suffix(".dot")
        write_atomic(dot_path, source.encode("utf-8"))
        raise RenderError(
            f"cannot write {path}: {e}; the graph source was written to {dot_path}"
        ) from None
    write_atomic(path, data)
    return path


def viewer_command() -> list[str] | None:
    """The program that opens a file with the user's default viewer here, or None
    (no such program, or a Linux machine without a display)."""
    if sys.platform == "darwin":
        opener = "open"
    elif os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        opener = "xdg-open"
    else:
        return None
    exe = shutil.which(opener)
    return None if exe is None else [exe]


def view_file(path: Path) -> None:
    """Open ``path`` in the default viewer if this machine has one; else say where it is."""
    if sys.platform == "win32":
        os.startfile(path)  # Windows: open with the default application
        return
    command = viewer_command()
    if command is None:
        print(f"wrote {path}; there is no viewer to open it here (no display, or no "
              "xdg-open): open it from a file browser, or display it in Jupyter")
        return
    subprocess.Popen([*command, os.fspath(path)], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
