"""DOT source in, laid-out bytes out: the one place that runs Graphviz.

It knows nothing of graphs of nodes: :func:`render_bytes` takes DOT text and
returns an image (svg, png, pdf) or the layout itself (json0). The engine is
pygraphviz (its wheels bundle Graphviz, so a plain ``pip install`` is enough);
the ``dot`` executable is used when pygraphviz cannot be imported and ``dot``
is on PATH. A render prints nothing: see :mod:`autograd.viz.fonts` for the
fontconfig warning of pygraphviz's Linux wheels.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

from autograd.engine import AutogradError

from . import fonts

IMAGE_FORMATS = ("svg", "png", "pdf")  # what render_bytes draws
LAYOUT_FORMATS = ("json0",)  # positions only, for the explorer page
INSTALL_HINT = (
    "install one with `pip install pygraphviz` (its wheels include Graphviz), "
    "or install Graphviz so that `dot` is on PATH"
)


class RenderError(AutogradError, RuntimeError):
    """No Graphviz engine could lay out the graph."""


def _import_pygraphviz() -> Any:
    import pygraphviz

    return pygraphviz


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
