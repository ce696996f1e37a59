"""The graph core: nodes, grad mode, topological order and the backward pass.

Every Value and Tensor is a :class:`Node`. A node made by an op remembers the
op and its input nodes (``parents``); a leaf has ``op is None``. Backward walks
the graph in reverse topological order with an explicit work list (never
recursion), so graphs of millions of nodes are fine.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any, NamedTuple


class _Mode(NamedTuple):
    """The engine's only global state: grad mode and the current name scope."""

    grad_enabled: bool = True
    scope: str | None = None


_MODE: ContextVar[_Mode] = ContextVar("autograd_mode", default=_Mode())


def is_grad_enabled() -> bool:
    """True when ops record a graph (the default)."""
    return _MODE.get().grad_enabled


def current_scope() -> str | None:
    """The name scope new nodes are tagged with, or None."""
    return _MODE.get().scope


class _ModeSwitch(contextlib.ContextDecorator):
    """Context manager and decorator that sets part of the mode while active."""

    def __init__(self, **changes: Any) -> None:
        self._changes = changes
        self._tokens: list = []

    def _recreate_cm(self) -> _ModeSwitch:  # fresh instance per decorated call
        return type(self)(**self._changes)

    def __enter__(self) -> _ModeSwitch:
        old = _MODE.get()
        changes = self._changes
        new = _Mode(changes.get("grad_enabled", old.grad_enabled), changes.get("scope", old.scope))
        self._tokens.append(_MODE.set(new))
        return self

    def __exit__(self, *exc: object) -> None:
        _MODE.reset(self._tokens.pop())


class no_grad(_ModeSwitch):
    """Build no graph inside: ``with no_grad(): ...`` or ``@no_grad()``."""

    def __init__(self) -> None:
        super().__init__(grad_enabled=False)

    def _recreate_cm(self) -> no_grad:
        return no_grad()


class enable_grad(_ModeSwitch):
    """Record a graph again inside a ``no_grad`` block."""

    def __init__(self) -> None:
        super().__init__(grad_enabled=True)

    def _recreate_cm(self) -> enable_grad:
        return enable_grad()


class name_scope(_ModeSwitch):
    """Tag nodes made inside with ``scope`` (nested scopes join with ``/``).

    ``nn`` modules use this so a drawing can group a graph by module.
    """

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(f"name_scope takes a non-empty str; got {name!r}")
        self._name = name
        super().__init__()

    def __enter__(self) -> name_scope:
        outer = _MODE.get().scope
        self._changes = {"scope": self._name if outer is None else f"{outer}/{self._name}"}
        return super().__enter__()

    def _recreate_cm(self) -> name_scope:
        return name_scope(self._name)


class Op:
    """A primitive op: ``forward`` on raw data and its derivative rule, side by side.

    ``forward(*xs)`` takes floats or numpy arrays. ``backward(needs, g, y, *xs)``
    gets the upstream gradient ``g``, the output ``y`` and the inputs, and
    returns one gradient per input (``None`` where ``needs`` is False). It is
    written with plain arithmetic, so the same rule runs on raw data (the fast
    path) and on graph nodes (``create_graph=True``, higher-order gradients).
    """

    name = "Op"

    def forward(self, *xs: Any) -> Any:
        raise NotImplementedError

    def backward(self, needs: tuple[bool, ...], g: Any, y: Any, *xs: Any) -> tuple:
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.name


class Node:
    """A value in the graph. Value and Tensor are its two front ends.

    Public fields: ``data``, ``grad``, ``label``, ``requires_grad``,
    ``op`` (the :class:`Op` that made it, None for a leaf), ``parents`` (its
    input nodes) and ``scope`` (the name scope it was made in).
    """

    __slots__ = ("data", "grad", "parents", "op", "label", "requires_grad", "scope")
    _initial_grad: Any = None  # what .grad holds before any backward pass
    __array_ufunc__ = None  # numpy defers to our operators: ndarray * node -> node

    data: Any
    grad: Any
    parents: tuple[Node, ...]
    op: Op | None
    label: str
    requires_grad: bool
    scope: str | None

    def _init_leaf(self, data: Any, label: str, requires_grad: bool) -> None:
        """Fill in a leaf (a node no op made), in the current name scope."""
        if not isinstance(label, str):
            kind = type(self).__name__
            raise TypeError(f"{kind} label must be a str; got {type(label).__name__} {label!r}")
        self.data = data
        self.grad = self._initial_grad
        self.label = label
        self.requires_grad = bool(requires_grad)
        self.parents = ()
        self.op = None
        self.scope = _MODE.get().scope

    @property
    def is_leaf(self) -> bool:
        """True for a node no op made (an input or a parameter)."""
        return self.op is None

    # Front ends say how to turn raw data into a node and make a seed gradient.
    @classmethod
    def _constant(cls, data: Any) -> Node:
        raise NotImplementedError

    def _seed(self) -> Any:
        raise NotImplementedError

    def _check_grad(self, grad: Any) -> Any:
        return grad

    def _accumulate(self, g: Any) -> None:
        """Add a gradient into a leaf's ``.grad`` (leaves accumulate across passes)."""
        if self.grad is None:
            self.grad = g
        elif isinstance(self.grad, Node):  # a differentiable .grad (create_graph) stays so
            with enable_grad():
                self.grad = self.grad + g
        else:
            self.grad = self.grad + g

    def backward(self, grad: Any = None, create_graph: bool = False) -> None:
        """Backpropagate from this node, accumulating ``.grad`` on the leaves.

        Every non-leaf node on the way keeps the gradient of the latest pass in
        its ``.grad`` too (for printing and drawing), unless ``create_graph``.
        """
        if not self.requires_grad:
            raise RuntimeError(
                f"backward() on {self!r}, which does not require grad: no graph was recorded "
                "(it was made from constants only, or under no_grad)"
            )
        seed = self._seed() if grad is None else self._check_grad(grad)
        _backward_pass([self], [seed], create_graph, store=True)


def make_node(cls: type[Node], data: Any, op: Op, parents: tuple[Node, ...]) -> Node:
    """Create the output node of ``op``; record the graph only if needed."""
    out = _new(cls)
    out.data = data
    out.grad = cls._initial_grad
    out.label = ""
    mode = _MODE.get()
    if mode.grad_enabled:
        for p in parents:
            if p.requires_grad:
                out.parents = parents
                out.op = op
                out.requires_grad = True
                out.scope = mode.scope
                return out
    out.parents = ()
    out.op = None
    out.requires_grad = False
    out.scope = None
    return out


_new = object.__new__


def _consumer_counts(roots: Sequence[Node], grad_only: bool) -> dict[Node, int]:
    """For every node the roots depend on, how many edges lead out of it.

    With ``grad_only``, only nodes that need a gradient are visited.
    """
    counts: dict[Node, int] = {}
    stack = []
    for root in roots:
        if root not in counts and (root.requires_grad or not grad_only):
            counts[root] = 0
            stack.append(root)
    while stack:
        for parent in stack.pop().parents:
            if grad_only and not parent.requires_grad:
                continue
            if parent in counts:
                counts[parent] += 1
            else:
                counts[parent] = 1
                stack.append(parent)
    return counts


def topological_order(*roots: Node) -> list[Node]:
    """All nodes the roots depend on, inputs before the nodes made from them.

    Iterative (no recursion limit). Leaves that need no gradient are included,
    so a drawing shows constants too.
    """
    counts = _consumer_counts(roots, grad_only=False)
    ready = [root for root in dict.fromkeys(roots) if counts[root] == 0]
    order: list[Node] = []
    while ready:  # Kahn's algorithm from the outputs back, then reversed
        node = ready.pop()
        order.append(node)
        for parent in node.parents:
            left = counts[parent] - 1
            counts[parent] = left
            if left == 0:
                ready.append(parent)
    order.reverse()
    return order


class BackwardStep(NamedTuple):
    """One step of the backward pass: ``node`` received ``grad`` and sent
    ``input_grads[i]`` (None where no gradient flows) to ``node.parents[i]``."""

    node: Node
    grad: Any
    input_grads: tuple


def _backward_pass(
    roots: Sequence[Node],
    seeds: Sequence[Any],
    create_graph: bool,
    store: bool,
    wanted: Iterable[Node] = (),
    on_step: Callable[[BackwardStep], None] | None = None,
) -> dict[Node, Any]:
    """Run reverse-mode backprop from ``roots``.

    Processes each node once all the nodes consuming it have sent their
    gradients (Kahn's algorithm on the reversed graph). Gradients reaching a
    node along several paths are summed. ``store`` writes ``.grad``;
    the total gradients of the ``wanted`` nodes are returned.
    """
    # Pass 1: count, for every node needing a gradient, how many consumers it has.
    pending = _consumer_counts(roots, grad_only=True)
    if create_graph:  # seeds become graph nodes too, so gradients can be differentiated
        seeds = [s if isinstance(s, Node) else type(r)._constant(s) for r, s in zip(roots, seeds)]
    else:
        seeds = [s.data if isinstance(s, Node) else s for s in seeds]
    grads: dict[Node, Any] = {}
    for root, seed in zip(roots, seeds):
        if root.requires_grad:
            grads[root] = grads[root] + seed if root in grads else seed
    wanted_ids = {id(n) for n in wanted}
    found: dict[Node, Any] = {}
    ready = [root for root in grads if pending[root] == 0]

    # Pass 2: each node sends the incoming gradient times its local derivative.
    keep_non_leaf = store and not create_graph
    with _ModeSwitch(grad_enabled=create_graph):
        while ready:
            node = ready.pop()
            g = grads.pop(node)
            if wanted_ids and id(node) in wanted_ids:
                found[node] = g
            op = node.op
            if op is None:
                if store:
                    node._accumulate(g)
                continue
            if keep_non_leaf:
                node.grad = g
            parents = node.parents
            if create_graph:
                needs = tuple(p.requires_grad for p in parents)
                input_grads = op.backward(needs, g, node, *parents)
            elif len(parents) == 2:  # the common cases, unrolled for speed
                a, b = parents
                input_grads = op.backward(
                    (a.requires_grad, b.requires_grad), g, node.data, a.data, b.data
                )
            elif len(parents) == 1:
                a = parents[0]
                input_grads = op.backward(_NEEDS_ONE, g, node.data, a.data)
            else:
                needs = tuple(p.requires_grad for p in parents)
                input_grads = op.backward(needs, g, node.data, *[p.data for p in parents])
            if on_step is not None:
                on_step(BackwardStep(node, g, input_grads))
            i = 0  # (indexing beats zip here: this loop is the engine's hottest)
            for parent in parents:
                if parent.requires_grad:  # (for other inputs an op may return anything)
                    pg = input_grads[i]
                    previous = grads.get(parent)
                    grads[parent] = pg if previous is None else previous + pg
                    left = pending[parent] - 1
                    pending[parent] = left
                    if not left:  # its last consumer has sent its gradient: ready
                        ready.append(parent)
                i += 1
    return found


_NEEDS_ONE = (True,)  # a one-input op node exists only if its input needs a gradient


def backward_steps(root: Node, grad: Any = None) -> Iterator[BackwardStep]:
    """The steps ``root.backward()`` would take, in order, without touching ``.grad``.

    For drawing and animating the backward pass.
    """
    steps: list[BackwardStep] = []
    seed = root._seed() if grad is None else root._check_grad(grad)
    _backward_pass([root], [seed], create_graph=False, store=False, on_step=steps.append)
    return iter(steps)


def grad(
    outputs: Node | Sequence[Node],
    inputs: Node | Sequence[Node],
    grad_outputs: Any = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple:
    """Gradients of ``outputs`` with respect to ``inputs``, leaving ``.grad`` alone.

    Like ``torch.autograd.grad``: returns a tuple with one gradient per input.
    With ``create_graph=True`` the gradients are graph nodes themselves and can
    be differentiated again.
    """
    outs = [outputs] if isinstance(outputs, Node) else list(outputs)
    ins = [inputs] if isinstance(inputs, Node) else list(inputs)
    for what, nodes in (("outputs", outs), ("inputs", ins)):
        for n in nodes:
            if not isinstance(n, Node):
                raise TypeError(f"grad() {what} must be Values or Tensors; got {type(n).__name__}")
    if grad_outputs is None:
        seeds = [o._seed() for o in outs]
    else:
        gos = [grad_outputs] if not isinstance(grad_outputs, (list, tuple)) else list(grad_outputs)
        if len(gos) != len(outs):
            raise ValueError(f"grad_outputs has {len(gos)} entries for {len(outs)} outputs")
        seeds = [o._seed() if g is None else o._check_grad(g) for o, g in zip(outs, gos)]
    for o in outs:
        if not o.requires_grad:
            raise RuntimeError(f"output {o!r} does not require grad: no graph was recorded for it")
    found = _backward_pass(outs, seeds, create_graph, store=False, wanted=ins)
    result = []
    for i, node in enumerate(ins):
        if node not in found and not allow_unused:
            raise RuntimeError(
                f"input {i} ({node!r}) is not used to compute the outputs; "
                "pass allow_unused=True to get None for it"
            )
        result.append(found.get(node))
    return tuple(result)
