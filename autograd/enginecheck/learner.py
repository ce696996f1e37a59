"""A learner's engine, as check_engine uses it: make leaves, run a program, read the results.

An expression is run as the program it prints (``t1 = x * y``,
``out = (t1 + t1).tanh()``), executed on the engine's leaves, so what is
checked is exactly what the failure's snippet shows. The same class runs
the reference engine (this package's Value, or PyTorch).
"""

from __future__ import annotations

import functools
import importlib.util
import math
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from autograd.strategies import Expression

Adapter = str | Callable[[Any], Any] | None
BUILTINS = {"abs": abs}  # what a program may call besides the engine's own methods


@dataclass(frozen=True)
class Outcome:
    """What one run gave: the output's value and each used input's gradient (floats),
    the same as the engine printed them (``printed``), and, after a second
    ``backward()``, the gradients then."""

    value: float
    grads: dict[str, float]
    printed: tuple[str, ...]
    grads_twice: dict[str, float] | None = None
    printed_twice: tuple[str, ...] | None = None
    graph: Any = field(default=None, compare=False, repr=False)  # keeps the nodes alive

    def numbers(self, twice: bool = False) -> tuple[float, ...]:
        grads = self.grads_twice if twice else self.grads
        return (self.value, *grads.values())


@dataclass(frozen=True)
class Raised:
    """A run that raised: at which stage (forward, backward, reading) and the error."""

    stage: str
    error: str


@dataclass(frozen=True)
class Learner:
    """An engine's API: its leaf constructor and the spellings of backward, grad, data and
    of its functions (``methods``: ``{"log": "ln"}`` when ``x.ln()`` is its log)."""

    cls: type
    leaf: Callable[[float], Any] | None = None
    backward: Adapter = None
    grad: Adapter = None
    data: Adapter = None
    methods: Mapping[str, str] = field(default_factory=dict)

    # -- using it --------------------------------------------------------------------
    def make_leaf(self, x: float) -> Any:
        return (self.leaf or self.cls)(x)

    def run_backward(self, node: Any) -> None:
        if callable(self.backward):
            self.backward(node)
        else:
            getattr(node, self.backward or "backward")()

    def read_grad(self, node: Any) -> Any:
        return self.grad(node) if callable(self.grad) else getattr(node, self.grad or "grad")

    def read_data(self, node: Any) -> Any:
        return self.data(node) if callable(self.data) else getattr(node, self.data or "data")

    def spell(self, form: str) -> str:
        """A calling form as this engine writes it: ``x.ln()`` for ``x.log()``."""
        for name, method in self.methods.items():
            if form == f"x.{name}()":
                return f"x.{method}()"
        return form

    def program(self, expr: Expression) -> list[str]:
        return expr.lines("method", self.methods)

    def run(self, expr: Expression, twice: bool = False) -> Outcome | Raised:
        """Build ``expr`` at its point, call backward (twice if asked), read the results."""
        used = expr.used_variables
        stage = "forward"
        try:
            leaves = {n: self.make_leaf(x) for n, x in zip(expr.variables, expr.point)
                      if n in used}
            scope = dict(leaves)
            exec(_compiled("\n".join(self.program(expr))), {"__builtins__": BUILTINS}, scope)
            out = scope["out"]
            stage = "backward"
            self.run_backward(out)
            stage = "read"
            raw = (self.read_data(out), *(self.read_grad(leaves[n]) for n in used))
            printed = tuple(str(v) for v in raw)
            numbers = [as_number(v) for v in raw]
            twice_grads = twice_printed = None
            if twice:
                stage = "backward_again"
                self.run_backward(out)
                stage = "read"
                again = [self.read_grad(leaves[n]) for n in used]
                twice_printed = (printed[0], *(str(v) for v in again))
                twice_grads = dict(zip(used, (as_number(v) for v in again)))
        except Exception as e:  # noqa: BLE001 - whatever the engine raises is a finding
            return Raised(stage, describe(e))
        return Outcome(numbers[0], dict(zip(used, numbers[1:])), printed, twice_grads,
                       twice_printed, graph=scope)

    # -- writing its snippets ----------------------------------------------------------
    @property
    def name(self) -> str:
        """``module.Class``, as people know the engine."""
        return f"{self.cls.__module__}.{self.cls.__qualname__}"

    def importable(self) -> bool:
        """Can a fresh interpreter import the class (and are the adapters names, not
        functions)? Then the depth check can run in a subprocess."""
        if self.leaf is not None or any(callable(a) for a in (self.backward, self.grad,
                                                              self.data)):
            return False
        return _import_path(self.cls) is not None

    def snippet_header(self) -> list[str]:
        """The import line (none for a class defined in a notebook or ``__main__``)."""
        path = _import_path(self.cls)
        if path is None:
            return []
        module, qualname = path
        return [f"from {module} import {qualname.split('.')[0]}"]

    def leaf_source(self, x: float) -> str:
        if self.leaf is None:
            return f"{_class_name(self.cls)}({x!r})"
        return f"{getattr(self.leaf, '__name__', 'leaf').replace('<lambda>', 'leaf')}({x!r})"

    def backward_source(self, node: str) -> str:
        return _written(self.backward, "backward", node, call=True)

    def grad_source(self, node: str) -> str:
        return _written(self.grad, "grad", node)

    def data_source(self, node: str) -> str:
        return _written(self.data, "data", node)


def _written(adapter: Adapter, default: str, node: str, call: bool = False) -> str:
    """How a snippet reads an adapter: ``out.backward()``, ``x.derivative``, ``grad(x)``."""
    if callable(adapter):
        return f"{_function_name(adapter, default)}({node})"
    return f"{node}.{adapter or default}" + ("()" if call else "")


@functools.lru_cache(maxsize=4096)
def _compiled(source: str) -> Any:
    return compile(source, "<check_engine>", "exec")


def as_number(x: Any) -> float:
    """A value or gradient the engine returned, as a float (None, an unused input's
    gradient in some engines, is 0)."""
    if x is None:
        return 0.0
    if isinstance(x, complex):
        raise TypeError(f"got the complex number {x!r}")
    return float(x)


def describe(e: BaseException) -> str:
    """``OverflowError: math range error``, on one line and not too long."""
    text = " ".join(str(e).split())
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def close(a: float, b: float, rtol: float = 1e-6, atol: float = 1e-8) -> bool:
    """Equal within rounding: nan equals nan, an inf only the same inf."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def _import_path(cls: type) -> tuple[str, str] | None:
    """(module, qualname) a fresh interpreter can import ``cls`` from, or None."""
    module, qualname = cls.__module__, cls.__qualname__
    if module == "__main__" or "<" in qualname or module not in sys.modules:
        return None
    try:
        if importlib.util.find_spec(module) is None:
            return None
    except (ImportError, ValueError):
        return None
    found: Any = sys.modules[module]
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return (module, qualname) if found is cls else None


def _class_name(cls: type) -> str:
    return cls.__qualname__ if "<" not in cls.__qualname__ else cls.__name__


def _function_name(fn: Callable, default: str) -> str:
    name = getattr(fn, "__name__", default)
    return default if name == "<lambda>" else name
