"""The engine's only global state: grad mode, the name scope, and an anomaly checker.

All three live in one context variable, so each thread and each asyncio task
has its own, and a ``with`` block (or a decorated function) changes them only
while it runs.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, NamedTuple, Protocol


class AnomalyChecker(Protocol):
    """What ``detect_anomaly`` installs in the mode: the engine calls it for every
    node it records and for every step of a backward pass."""

    def check_forward(self, node: Any) -> None:
        """Called with each recorded node, right after it is made."""

    def check_backward(self, step: Any) -> None:
        """Called with each :class:`BackwardStep`, before its gradients are summed in."""


class Mode(NamedTuple):
    """Grad mode, the current name scope, and the anomaly checker (None: no checks)."""

    grad_enabled: bool = True
    scope: str | None = None
    checker: AnomalyChecker | None = None


_MODE: ContextVar[Mode] = ContextVar("autograd_mode", default=Mode())

current_mode: Callable[[], Mode] = _MODE.get
"""The mode in effect here (read once per node, so it is the context variable's own getter)."""


def is_grad_enabled() -> bool:
    """True when ops record a graph (the default)."""
    return _MODE.get().grad_enabled


def current_scope() -> str | None:
    """The name scope new nodes are tagged with, or None."""
    return _MODE.get().scope


class ModeSwitch(contextlib.ContextDecorator):
    """Context manager and decorator that sets part of the mode while active.

    ``ModeSwitch(checker=...)`` installs an anomaly checker, for instance. As a
    decorator it also covers generators: the mode is set each time the
    generator runs, not only while it is created (as in PyTorch).
    """

    def __init__(self, **changes: Any) -> None:
        self._changes = changes
        self._tokens: list = []

    def _recreate_cm(self) -> ModeSwitch:  # fresh instance per decorated call
        return type(self)(**self._changes)

    def _inside(self, outer: Mode) -> Mode:
        """The mode inside the block, given the mode outside it."""
        return outer._replace(**self._changes)

    def __enter__(self) -> ModeSwitch:
        self._tokens.append(_MODE.set(self._inside(_MODE.get())))
        return self

    def __exit__(self, *exc: object) -> None:
        _MODE.reset(self._tokens.pop())

    def __call__(self, func: Callable) -> Callable:
        if not callable(func):
            raise TypeError(f"{type(self).__name__} decorates a function; got {func!r:.60}")
        if inspect.isgeneratorfunction(func):
            return _generator_in_mode(func, self._recreate_cm)
        return super().__call__(func)


def _generator_in_mode(func: Callable, switch: Callable[[], ModeSwitch]) -> Callable:
    """Wrap a generator function so that its body always runs inside ``switch()``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with switch():
            gen = func(*args, **kwargs)
        resume = functools.partial(gen.send, None)
        while True:
            try:
                with switch():
                    item = resume()
            except StopIteration as stop:
                return stop.value
            try:
                sent = yield item
            except GeneratorExit:
                with switch():
                    gen.close()
                raise
            except BaseException as e:  # thrown in by the caller: pass it on inside the mode
                resume = functools.partial(gen.throw, e)
            else:
                resume = functools.partial(gen.send, sent)

    return wrapper


class GradMode(ModeSwitch):
    """Turns grad mode on or off while active: ``with GradMode(False): ...``."""

    def __init__(self, enabled: bool) -> None:
        super().__init__(grad_enabled=enabled)
        self._enabled = enabled

    def _recreate_cm(self) -> ModeSwitch:
        return GradMode(self._enabled)

    def _inside(self, outer: Mode) -> Mode:
        # Built directly rather than with _replace: every backward pass sets the mode.
        return Mode(self._enabled, outer.scope, outer.checker)


class _Decorator(GradMode):
    """A grad switch usable as ``@switch``, ``@switch()`` and ``with switch():``."""

    def __new__(cls, func: Callable | None = None) -> Any:
        if func is None:
            return super().__new__(cls)
        return cls()(func)  # used bare, as @no_grad: decorate func at once

    def _recreate_cm(self) -> ModeSwitch:
        return type(self)()


class no_grad(_Decorator):
    """Build no graph inside: ``with no_grad(): ...``, ``@no_grad`` or ``@no_grad()``."""

    def __init__(self, func: Callable | None = None) -> None:
        super().__init__(False)


class enable_grad(_Decorator):
    """Record a graph again inside a ``no_grad`` block (also ``@enable_grad``)."""

    def __init__(self, func: Callable | None = None) -> None:
        super().__init__(True)


class name_scope(ModeSwitch):
    """Tag nodes made inside with ``scope`` (nested scopes join with ``/``).

    ``nn`` modules use this so a drawing can group a graph by module.
    """

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(f"name_scope takes a non-empty str; got {name!r}")
        self._name = name
        self._tokens = []  # (no _changes: _inside says what changes)

    def _inside(self, outer: Mode) -> Mode:
        scope = self._name if outer.scope is None else f"{outer.scope}/{self._name}"
        return Mode(outer.grad_enabled, scope, outer.checker)

    def _recreate_cm(self) -> name_scope:
        return name_scope(self._name)
