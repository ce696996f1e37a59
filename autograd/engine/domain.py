"""Where an op's inputs may lie: the domain and the kinks an op declares beside its rule.

Property tests (``autograd.testing``) read these to draw inputs inside the
domain and away from kinks; the README and the graph page print them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    """The values one input of an op may take.

    ``low < x < high`` (open bounds: Log has ``low=0``) and, inside that, the
    ``kinks``: points where the derivative jumps or blows up (ReLU and Abs at
    0, Clip at its bounds, Div's divisor at 0). Gradient checks stay a margin
    away from both.
    """

    low: float = -math.inf
    high: float = math.inf
    kinks: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(f"Domain needs low < high; got low={self.low}, high={self.high}")
        object.__setattr__(self, "kinks", tuple(float(k) for k in self.kinks))

    def contains(self, x: float, margin: float = 0.0) -> bool:
        """True if ``x`` lies inside, at least ``margin`` from the bounds and every kink."""
        if not (self.low + margin < x < self.high - margin):
            return False
        return all(abs(x - k) > margin for k in self.kinks)

    def describe(self, name: str = "x") -> str:
        """For people: ``"x > 0"``, ``"-1 < x < 1"``, ``"any x, not differentiable at 0"``."""
        low, high = math.isfinite(self.low), math.isfinite(self.high)
        if low and high:
            text = f"{_num(self.low)} < {name} < {_num(self.high)}"
        elif low:
            text = f"{name} > {_num(self.low)}"
        elif high:
            text = f"{name} < {_num(self.high)}"
        else:
            text = f"any {name}"
        if self.kinks:
            text += f", not differentiable at {' and '.join(_num(k) for k in self.kinks)}"
        return text


def _num(x: float) -> str:
    return f"{x:g}"


REAL = Domain()
POSITIVE = Domain(low=0.0)
NONZERO = Domain(kinks=(0.0,))  # a divisor: the derivative blows up at 0
