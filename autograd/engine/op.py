"""``Op``: one class per operation, ``forward`` and its derivative rule side by side.

An op is called like a function on Values, Tensors, numbers or arrays: the
front end of its node inputs runs ``forward`` and records the node. On raw
data alone it is just its ``forward``, so ops can be used inside rules.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from .domain import Domain
from .node import Node


class Op:
    """An op: ``forward`` on raw data and its derivative rule ``backward``, side by side.

    Subclass it to write your own op, and call an instance like a function::

        from autograd import Op, functions as F

        class Sin(Op):
            derivatives = "∂y/∂x = cos(x)"

            def forward(self, x):
                return F.sin(x)

            def backward(self, g, y, x):
                return g * F.cos(x)

        y = Sin()(x)        # x: a Value, a Tensor, a number or an array

    ``forward(*xs)`` gets raw data (Python floats or numpy arrays) and returns
    the output's data. ``backward(g, y, *xs)`` gets the upstream gradient
    ``g``, the output ``y`` and the inputs, and returns each input's gradient
    (a tuple, or a single gradient for a one-input op). Write it with
    arithmetic and :mod:`autograd.functions`: the same rule then runs on raw
    data (the fast path) and on graph nodes, which gives higher-order
    gradients (``create_graph=True``) for free.

    What the tools read, declared as class attributes:

    - ``name``: the name drawn in graphs (default: the class name);
    - ``derivatives``: the local derivatives for people, e.g. ``"∂y/∂a = b, ∂y/∂b = a"``;
    - ``gradient_rules``: the gradient each input receives, as a short expression
      keyed by the input's name in ``forward``, e.g. ``{"a": "g * b", "b": "g * a"}``
      or ``{"a": "g @ b.T", "b": "a.T @ g"}`` (``g``: the gradient the op receives,
      ``y``: its output; the words allowed are listed in
      :mod:`autograd.viz.ruleexpr`). The matrix view of :mod:`autograd.viz` writes
      them out with the shapes plugged in, and a test runs each against
      ``backward``; an op without them is shown by its ``derivatives``;
    - ``domain``: one :class:`autograd.Domain` per input (default: any real
      number, no kinks); property tests draw inputs inside it;
    - ``elementwise`` (default True): Tensor inputs of different shapes are
      first broadcast to one shape (with ``BroadcastTo`` nodes, whose rule
      sums the gradient back). Set it to False for ops whose inputs are not
      matched element by element (a matrix product, a loss with labels):
      they get their inputs as given.

    A ``backward`` may take a keyword argument ``needs=None``: when some input
    needs no gradient it gets one bool per input, and may return None for the
    inputs that need none, to skip costly work. (It keeps its default, None,
    when every input needs a gradient: the commonest case costs nothing.)
    """

    name: str = "Op"
    derivatives: str = ""
    gradient_rules: Mapping[str, str] = {}  # read only: a class sets its own dict
    domain: tuple[Domain, ...] = ()
    elementwise: bool = True
    takes_needs: bool = False  # set from backward's signature

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            cls.name = cls.__name__
        needs = inspect.signature(cls.backward).parameters.get("needs")
        cls.takes_needs = needs is not None
        if needs is not None and needs.default is needs.empty:
            raise TypeError(
                f"{cls.__name__}.backward: give needs a default (needs=None); it is passed "
                "only when some input needs no gradient"
            )
        _check_signatures(cls)

    @property
    def arity(self) -> int | None:
        """How many inputs ``forward`` takes (None if any number)."""
        return _positional_count(type(self).forward)

    def forward(self, *xs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define forward(self, *xs)")

    def backward(self, g: Any, y: Any, *xs: Any) -> Any:
        raise NotImplementedError(
            f"{type(self).__name__} must define backward(self, g, y, *xs) returning the "
            "gradient of each input"
        )

    def __call__(self, *inputs: Any) -> Any:
        # apply's body, the commonest case first: the first input is a node, whose
        # front end makes the node (see bench/NOTES.md: a user's op costs what a
        # built-in operator does).
        try:
            apply_op = inputs[0]._apply_op
        except (IndexError, AttributeError):  # a number or an array first
            return _apply_any_order(self, inputs)
        return apply_op(self, inputs)

    def __repr__(self) -> str:
        return self.name


def _apply_any_order(op: Op, inputs: tuple) -> Any:
    for x in inputs:
        if isinstance(x, Node):
            return x._apply_op(op, inputs)
    return op.forward(*inputs)


def mixed_front_ends(op: Op, kind: str, other: Node) -> TypeError:
    """The error for an op given both a Value and a Tensor."""
    return TypeError(
        f"{op.name} mixes a {kind} and a {type(other).__name__}; use one kind "
        "(Tensor(value.data) or tensor.item())"
    )


def _positional_count(func: Callable) -> int | None:
    """How many positional arguments ``func`` takes after self (None: any number)."""
    params = list(inspect.signature(func).parameters.values())[1:]
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return None
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "needs"
               for p in params)


def _check_signatures(cls: type[Op]) -> None:
    """A backward must take (g, y, *inputs of forward): say so when the class is written."""
    n, m = _positional_count(cls.forward), _positional_count(cls.backward)
    if n is not None and m is not None and m != n + 2:
        inputs = ", ".join(list(inspect.signature(cls.forward).parameters)[1:])
        raise TypeError(
            f"{cls.__name__}.backward takes {m} arguments after self; it must take the "
            f"upstream gradient, the output and the {n} input(s) of forward: "
            f"def backward(self, g, y, {inputs})"
        )


def apply(op: Op, *inputs: Any) -> Any:
    """Run ``op`` on ``inputs`` and record its node: ``apply(Sin(), x)`` is ``Sin()(x)``.

    Inputs are Values, Tensors, numbers and arrays, as the built-in ops take
    them: with a Value among them the result is a Value, with a Tensor a
    Tensor. With raw data only (no node), it returns ``op.forward(*inputs)``,
    so an op can be used inside another op's derivative rule.
    """
    if not isinstance(op, Op):
        raise TypeError(f"apply() takes an Op instance first; got {type(op).__name__} {op!r:.60}")
    return op(*inputs)

