"""GraphDrawing: the ``graphviz.Digraph`` that :func:`autograd.viz.draw` returns."""

from __future__ import annotations

import os
from pathlib import Path

import graphviz

from .dot import render_bytes
from .output import FORMATS, FileFormatError, check_extension, view_file, write_source


class GraphDrawing(graphviz.Digraph):
    """The ``graphviz.Digraph`` that :func:`draw` returns, laid out by the same engine as
    :func:`autograd.viz.render` (pygraphviz's bundled Graphviz, or ``dot`` on PATH).

    It shows inline in Jupyter. ``render``, ``pipe`` and ``view`` keep
    graphviz's signatures (micrograd's lessons call ``dot.render('graph',
    format='svg')``) but need no system Graphviz, print nothing, and write
    only the image, atomically: no DOT source file is left beside it.
    Formats: svg, png, pdf (and dot, the source, for ``render``).
    """

    summary = "a computational graph"  # draw() sets e.g. "5 values and 2 ops"

    def __repr__(self) -> str:
        return (f"<GraphDrawing of {self.summary}: it shows itself in Jupyter; elsewhere "
                "write it with .render('graph', format='svg') or open it with .view()>")

    def pipe(self, format: str | None = None, quiet: bool = False, *,
             engine: str | None = None, encoding: str | None = None) -> bytes | str:
        """The laid-out image as bytes (as str with ``encoding``); format svg, png or pdf
        (default: ``self.format``). ``quiet`` is accepted for graphviz's signature."""
        self._check_engine(engine)
        data = render_bytes(self.source, (format or self.format).lower())
        return data if encoding is None else data.decode(encoding)

    def render(self, filename: str | os.PathLike[str] | None = None,
               directory: str | os.PathLike[str] | None = None, view: bool = False,
               cleanup: bool = False, format: str | None = None,
               quiet: bool = False, quiet_view: bool = False, *,
               outfile: str | os.PathLike[str] | None = None, engine: str | None = None,
               raise_if_result_exists: bool = False) -> str:
        """Write the image and return its path, as graphviz does: ``filename + "." +
        format`` in ``directory`` (default ``self.filename``, format ``self.format``),
        or ``outfile`` (its extension gives the format). ``view=True`` opens it.

        No source file is written, so ``cleanup`` has nothing to delete.
        """
        self._check_engine(engine)
        folder = Path(self.directory if directory is None else directory)
        if outfile is not None:
            target = folder / outfile
            if format is not None and target.suffix.lower() != f".{format.lower()}":
                raise FileFormatError(f"render() got format={format!r} but outfile="
                                      f"{str(outfile)!r}; give one of them, or make them agree")
        else:
            name = os.fspath(self.filename if filename is None else filename)
            target = folder / f"{name}.{(format or self.format).lower()}"
        if raise_if_result_exists and target.exists():
            raise FileExistsError(f"render(): {target} exists (raise_if_result_exists=True)")
        fmt = check_extension(target, FORMATS, "render()")
        written = os.fspath(write_source(self.source, target, fmt))
        if view or quiet_view:
            view_file(Path(written))
        return written

    def view(self, filename: str | os.PathLike[str] | None = None,
             directory: str | os.PathLike[str] | None = None, cleanup: bool = False,
             quiet: bool = False, quiet_view: bool = False) -> str:
        """``render(..., view=True)``: write the image, open it if this machine has a
        viewer (else say where it is), and return its path."""
        return self.render(filename, directory, view=True, cleanup=cleanup, quiet=quiet,
                           quiet_view=quiet_view)

    def _check_engine(self, engine: str | None) -> None:
        if (engine or self.engine) != "dot":
            raise ValueError(f"a GraphDrawing is laid out by 'dot' (ranks of inputs to output); "
                             f"got engine={engine or self.engine!r}")
