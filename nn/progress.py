"""A small text progress bar for training loops (no dependencies).

>>> bar = ProgressBar(range(3), desc="train", file=None)
>>> for epoch in bar:
...     bar.set(loss=0.5)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TextIO


class ProgressBar:
    """Wrap an iterable and show ``desc [#####.....] 50/100 loss=0.1234``.

    On a terminal the line is redrawn in place (at most every ``interval``
    seconds); elsewhere (a log file, a test run) a line is printed at every
    10%, so logs stay short, unless the caller prints its own progress lines
    with :meth:`write`. ``file=None`` prints nothing.
    """

    def __init__(
        self, iterable: Iterable[Any], total: int | None = None, desc: str = "",
        width: int = 30, file: TextIO | None = sys.stdout, interval: float = 0.1,
    ) -> None:
        self.iterable = iterable
        self.total = len(iterable) if total is None and hasattr(iterable, "__len__") else total
        self.desc, self.width, self.file, self.interval = desc, width, file, interval
        self.n = 0
        self.metrics: dict[str, Any] = {}
        self._tty = file is not None and hasattr(file, "isatty") and file.isatty()
        self._last_draw = 0.0
        self._last_tenth = -1
        self._wrote = False

    def set(self, **metrics: Any) -> None:
        """Show these values (e.g. ``loss=0.12``) after the bar."""
        self.metrics.update(metrics)

    def write(self, message: str) -> None:
        """Print a line of text above the bar (the bar is redrawn after it on a terminal)."""
        if self.file is None:
            return
        self._wrote = True
        if self._tty:
            self.file.write("\r\033[K" + message + "\n" + self.line())
        else:
            self.file.write(message + "\n")
        self.file.flush()

    def __iter__(self) -> Iterator[Any]:
        self._start = time.perf_counter()
        for item in self.iterable:
            yield item
            self.n += 1
            self._maybe_draw()
        self._draw(final=True)

    def line(self) -> str:
        """The current bar as text."""
        parts = [self.desc] if self.desc else []
        if self.total:
            done = int(self.width * self.n / self.total)
            parts.append(f"[{'#' * done}{'.' * (self.width - done)}] {self.n}/{self.total}")
        else:
            parts.append(str(self.n))
        parts += [f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                  for k, v in self.metrics.items()]
        return " ".join(parts)

    def _maybe_draw(self) -> None:
        if self.file is None:
            return
        if self._tty:
            now = time.perf_counter()
            if now - self._last_draw >= self.interval:
                self._last_draw = now
                self._draw()
        elif self.total and not self._wrote:
            tenth = 10 * self.n // self.total
            if tenth != self._last_tenth and self.n < self.total:
                self._last_tenth = tenth
                self._draw()

    def _draw(self, final: bool = False) -> None:
        if self.file is None:
            return
        if self._tty:
            self.file.write("\r\033[K" + self.line() + ("\n" if final else ""))
        else:
            self.file.write(self.line() + "\n")
        self.file.flush()
