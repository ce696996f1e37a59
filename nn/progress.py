"""Progress bars for training loops: a thin layer over tqdm.

>>> bar = ProgressBar(range(3), desc="train", file=None)
>>> for epoch in bar:
...     bar.set(loss=0.5)
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from tqdm import TqdmWarning

with warnings.catch_warnings():  # in Jupyter without ipywidgets: the text bar, no warning
    warnings.simplefilter("ignore", TqdmWarning)
    from tqdm.auto import tqdm

_STDOUT: Any = object()  # the default: sys.stdout at the time the bar is made


class ProgressBar:
    """Wrap an iterable and show its progress with ``tqdm.auto``.

    Shows ``train:  45%|####5     | 135/300 [00:01<00:01, 98.2it/s, loss=0.24]``: the count,
    the elapsed time and the estimated time left, the rate, and the values given to
    :meth:`set`. In Jupyter it is a widget (when ipywidgets is installed), elsewhere a text
    line redrawn in place, at most ten times a second. ``file`` is where the text goes
    (``sys.stdout`` by default); ``file=None`` shows nothing. Other keyword arguments go to
    ``tqdm`` (``unit="epoch"``, ``mininterval=1.0``, ...); ``.bar`` is the tqdm object.
    """

    def __init__(self, iterable: Iterable[Any], total: int | None = None, desc: str = "",
                 file: TextIO | None = _STDOUT, **tqdm_options: Any) -> None:
        self.file = sys.stdout if file is _STDOUT else file
        self.bar = tqdm(iterable, total=total, desc=desc, file=self.file,
                        disable=self.file is None, **tqdm_options)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.bar)

    @property
    def n(self) -> int:
        """The number of items done."""
        return self.bar.n

    def set(self, **metrics: Any) -> None:
        """Show these values (e.g. ``loss=0.12``) after the bar, from its next redraw on."""
        if self.file is not None:
            self.bar.set_postfix(metrics, refresh=False)

    def write(self, message: str) -> None:
        """Print a line of text above the bar (which is redrawn below it)."""
        if self.file is not None:
            self.bar.write(message, file=self.file)

    def close(self) -> None:
        """Draw the bar one last time and stop (done by itself at the end of the loop)."""
        self.bar.close()
