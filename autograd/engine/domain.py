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

    def parts(self, name: str = "x") -> tuple[str, dict[str, str], tuple[str, ...]]:
        """What :meth:`describe` says, for a tool to word in any language:
        ``(bounds, fields, kinks)``.

        ``bounds`` is ``"between"`` (``low < x < high``), ``"above"`` (``x > low``),
        ``"below"`` (``x < high``) or ``"any"``; ``fields`` has ``name`` and the finite
        bounds, written as numbers; ``kinks`` the kinks, written the same way.
        (``autograd.optext.describe_domain`` words them in the learner's language.)
        """
        fields = {"name": name}
        if math.isfinite(self.low):
            fields["low"] = _num(self.low)
        if math.isfinite(self.high):
            fields["high"] = _num(self.high)
        bounds = {(True, True): "between", (True, False): "above", (False, True): "below",
                  (False, False): "any"}[("low" in fields, "high" in fields)]
        return bounds, fields, tuple(_num(k) for k in self.kinks)

    def describe(self, name: str = "x") -> str:
        """For people: ``"x > 0"``, ``"-1 < x < 1"``, ``"any x, not differentiable at 0"``."""
        bounds, fields, kinks = self.parts(name)
        text = _ENGLISH[bounds].format(**fields)
        if kinks:
            text += f", not differentiable at {' and '.join(kinks)}"
        return text


_ENGLISH = {"between": "{low} < {name} < {high}", "above": "{name} > {low}",
            "below": "{name} < {high}", "any": "any {name}"}


def _num(x: float) -> str:
    return f"{x:g}"


REAL = Domain()
POSITIVE = Domain(low=0.0)
NONZERO = Domain(kinks=(0.0,))  # a divisor: the derivative blows up at 0
