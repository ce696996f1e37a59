"""render(): write a drawing to .svg, .png, .pdf or .dot.

The layout engine is pygraphviz (its wheels bundle Graphviz, so a plain
``pip install`` is enough); the ``dot`` executable is used when pygraphviz
cannot be imported and ``dot`` is on PATH. A render prints nothing: see
autograd.viz.fonts for the fontconfig warning of pygraphviz's Linux wheels.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import graphviz

from autograd.files import write_atomic

from . import fonts
from .drawing import as_roots, draw

IMAGE_FORMATS = ("svg", "png", "pdf")  # what render_bytes lays out
FORMATS = tuple(f".{f}" for f in IMAGE_FORMATS) + (".dot",)  # what render writes
INSTALL_HINT = (
    "install one with `pip install pygraphviz` (its wheels include Graphviz), "
    "or install Graphviz so that `dot` is on PATH"
)




class RenderError(RuntimeError):
    """No Graphviz engine could lay out the graph."""


def render(
    root_or_graph: Any, path: str | os.PathLike[str], **draw_kwargs: Any
) -> Path:
    """Write ``root_or_graph`` (a Value/Tensor, a list of them, or a Digraph from
    :func:`draw`) to ``path``; the extension picks the format: .svg, .png, .pdf
    or .dot. Nodes are drawn with ``draw(root, **draw_kwargs)``.

    The file is written atomically (a temporary file in the same folder, then
    renamed); missing parent folders are made. Without a Graphviz engine the
    DOT source is still written next to ``path`` (``.dot``) and RenderError
    says how to install one. Returns the path written.
    """
    path = as_path(path, "render")
    fmt = check_extension(path, FORMATS, "render()")
    if isinstance(root_or_graph, graphviz.Digraph):
        if draw_kwargs:
            raise TypeError(
                f"render() got a finished Digraph, so draw options {sorted(draw_kwargs)} "
                "do not apply; pass them to draw() or pass the root node instead"
            )
        source = root_or_graph.source
    else:
        try:
            roots = as_roots(root_or_graph, "render")
        except TypeError:
            raise TypeError(
                "render() takes a Value or Tensor, a non-empty list of them, or a "
                f"graphviz.Digraph made by draw(); got {type(root_or_graph).__name__} "
                f"{root_or_graph!r:.80}"
            ) from None
        source = draw(roots, **draw_kwargs).source
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


def as_path(path: Any, caller: str) -> Path:
    """``path`` as a Path, or a TypeError naming what was passed."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{caller}() takes a file path (str or os.PathLike); "
                        f"got {type(path).__name__} {path!r:.80}")
    return Path(path)


def check_extension(path: Path, allowed: tuple[str, ...], caller: str) -> str:
    """The format named by ``path``'s extension, or a ValueError listing ``allowed``."""
    ext = path.suffix.lower()
    if ext not in allowed:
        raise ValueError(
            f"{caller} cannot write {str(path)!r}: the extension {ext or '(none)'!r} is "
            f"not one of {', '.join(allowed)}"
        )
    return ext[1:]


def _import_pygraphviz() -> Any:
    import pygraphviz

    return pygraphviz


LAYOUT_FORMATS = ("json0",)  # positions only, for the explorer page


def render_bytes(source: str, fmt: str) -> bytes:
    """Lay out DOT ``source`` and return the image in ``fmt`` ("svg", "png", "pdf"), or
    the layout itself ("json0": Graphviz's positions, as JSON)."""
    if fmt not in IMAGE_FORMATS + LAYOUT_FORMATS:
        raise ValueError(f"cannot lay out the format {fmt!r}; use one of "
                         f"{', '.join(IMAGE_FORMATS + LAYOUT_FORMATS)}")
    try:
        pgv = _import_pygraphviz()
    except ImportError:
        pgv = None
    if pgv is not None:
        fonts.configure_bundled_fontconfig(Path(pgv.__file__).parent)
        graph = pgv.AGraph(string=source)
        # pygraphviz writes "layout may take a long time" to sys.stderr above 1000 nodes
        with contextlib.redirect_stderr(io.StringIO()):  # (for the length of this call)
            return graph.draw(format=fmt, prog="dot")
    exe = shutil.which("dot")
    if exe is None:
        raise RenderError(f"no Graphviz engine found (pygraphviz is not installed and no "
                          f"`dot` on PATH): {INSTALL_HINT}")
    done = subprocess.run([exe, f"-T{fmt}"], input=source.encode("utf-8"),
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise RenderError(f"`dot -T{fmt}` failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


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
