"""The graph core: nodes, grad mode, topological order and the backward pass.

Every Value and Tensor is a :class:`Node`. A node made by an op remembers the
op and its input nodes (``parents``); a leaf has ``op is None``. Backward walks
the graph in reverse topological order with an explicit work list (never
recursion), so graphs of millions of nodes are fine.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any, NamedTuple

from .domain import Domain


class _Mode(NamedTuple):
    """The engine's only global state: grad mode, the current name scope, anomaly mode."""

    grad_enabled: bool = True
    scope: str | None = None
    anomaly: bool = False


_MODE: ContextVar[_Mode] = ContextVar("autograd_mode", default=_Mode())


def is_grad_enabled() -> bool:
    """True when ops record a graph (the default)."""
    return _MODE.get().grad_enabled


def current_scope() -> str | None:
    """The name scope new nodes are tagged with, or None."""
    return _MODE.get().scope


class _ModeSwitch(contextlib.ContextDecorator):
    """Context manager and decorator that sets part of the mode while active.

    As a decorator it also covers generators: the mode is set each time the
    generator runs, not only while it is created (as in PyTorch).
    """

    def __init__(self, **changes: Any) -> None:
        self._changes = changes
        self._tokens: list = []

    def _recreate_cm(self) -> _ModeSwitch:  # fresh instance per decorated call
        return type(self)(**self._changes)

    def _inside(self, outer: _Mode) -> _Mode:
        """The mode inside the block, given the mode outside it."""
        return outer._replace(**self._changes)

    def __enter__(self) -> _ModeSwitch:
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


def _generator_in_mode(func: Callable, switch: Callable[[], _ModeSwitch]) -> Callable:
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


class _GradMode(_ModeSwitch):
    """Turns grad mode on or off while active."""

    def __init__(self, enabled: bool) -> None:
        super().__init__(grad_enabled=enabled)
        self._enabled = enabled

    def _recreate_cm(self) -> _ModeSwitch:
        return _GradMode(self._enabled)

    def _inside(self, outer: _Mode) -> _Mode:
        # (a NamedTuple's _replace takes 0.5 µs, this 0.2: every backward pays it)
        return _Mode(self._enabled, outer.scope, outer.anomaly)


class _Decorator(_GradMode):
    """A grad switch usable as ``@switch``, ``@switch()`` and ``with switch():``."""

    def __new__(cls, func: Callable | None = None) -> Any:
        if func is None:
            return super().__new__(cls)
        return cls()(func)  # used bare, as @no_grad: decorate func at once

    def _recreate_cm(self) -> _ModeSwitch:
        return type(self)()


class no_grad(_Decorator):
    """Build no graph inside: ``with no_grad(): ...``, ``@no_grad`` or ``@no_grad()``."""

    def __init__(self, func: Callable | None = None) -> None:
        super().__init__(False)


class enable_grad(_Decorator):
    """Record a graph again inside a ``no_grad`` block (also ``@enable_grad``)."""

    def __init__(self, func: Callable | None = None) -> None:
        super().__init__(True)


class name_scope(_ModeSwitch):
    """Tag nodes made inside with ``scope`` (nested scopes join with ``/``).

    ``nn`` modules use this so a drawing can group a graph by module.
    """

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(f"name_scope takes a non-empty str; got {name!r}")
        self._name = name
        self._tokens = []  # (no _changes: _inside says what changes)

    def _inside(self, outer: _Mode) -> _Mode:
        scope = self._name if outer.scope is None else f"{outer.scope}/{self._name}"
        return _Mode(outer.grad_enabled, scope, outer.anomaly)

    def _recreate_cm(self) -> name_scope:
        return name_scope(self._name)


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
        # apply's body, inlined, the commonest case first: the first input is a node,
        # whose front end makes the node. (Read as an attribute rather than tested
        # with isinstance: 25 ns less. A user's op then costs 1.00-1.03x a built-in
        # operator per node; the rest is CPython's call of an instance.)
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


class Node:
    """A value in the graph. Value and Tensor are its two front ends.

    Public fields: ``data``, ``grad``, ``label``, ``requires_grad``,
    ``op`` (the :class:`Op` that made it, None for a leaf), ``parents`` (its
    input nodes) and ``scope`` (the name scope it was made in).
    """

    # The inputs live in two slots, not in a tuple: one object per node instead
    # of two makes Python's garbage collector, which scans every live node,
    # markedly cheaper. _a, _b: the inputs of a one- or two-input op (_b None
    # for one); for more, _a holds their tuple and _b is _MANY.
    __slots__ = ("data", "grad", "op", "label", "requires_grad", "scope", "_a", "_b", "_hooks")
    _initial_grad: Any = None  # what .grad holds before any backward pass

    data: Any
    grad: Any
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
        self._a = self._b = None
        self.op = None
        self.scope = _MODE.get().scope

    @property
    def parents(self) -> tuple[Node, ...]:
        """The inputs of the op that made this node, in order (``()`` for a leaf)."""
        a, b = self._a, self._b
        if b is None:
            return () if a is None else (a,)
        return a if b is _MANY else (a, b)

    @property
    def is_leaf(self) -> bool:
        """True for a node no op made (an input or a parameter)."""
        return self.op is None

    # Front ends say how to run an op, turn raw data into a node and seed a gradient.
    @classmethod
    def _apply_op(cls, op: Op, inputs: Sequence[Any]) -> Node:
        raise NotImplementedError

    @classmethod
    def _constant(cls, data: Any) -> Node:
        raise NotImplementedError

    def _seed(self) -> Any:
        raise NotImplementedError

    def _check_grad(self, grad: Any) -> Any:
        return grad

    def _check_arrived(self, g: Any) -> None:
        """Raise if the gradient a backward pass brought here cannot be this node's."""

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

    def register_hook(self, hook: Callable[[Any], Any]) -> HookHandle:
        """Call ``hook(grad)`` whenever this node's gradient has been computed in a
        backward pass, before it is used (like PyTorch's ``Tensor.register_hook``).

        ``grad`` is the node's whole gradient (summed over all its consumers).
        The hook may return a new gradient to use instead, or None to keep it
        (e.g. to print or record it). On a leaf it runs before ``.grad`` is
        accumulated. Returns a handle whose ``remove()`` takes the hook off.
        """
        global _hooks_in_use
        if not callable(hook):
            raise TypeError(f"register_hook takes a function of the gradient; got {hook!r:.60}")
        if not self.requires_grad:
            raise RuntimeError(f"cannot register a hook on {self!r}: it does not require grad")
        hooks = getattr(self, "_hooks", None)
        if hooks is None:
            hooks = self._hooks = []
        hooks.append(hook)
        _hooks_in_use = True
        return HookHandle(hooks, hook)

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """numpy meets a node: ``array * node`` runs the node's operator; a numpy
        function such as ``np.exp(node)`` raises, naming what to use instead."""
        if method == "__call__" and not kwargs and len(inputs) == 2:
            names = _NUMPY_OPERATORS.get(ufunc.__name__)
            if names is not None:
                forward, reflected = names
                if inputs[1] is self:
                    return getattr(self, reflected)(inputs[0])
                return getattr(self, forward)(inputs[1])
        kind = type(self).__name__
        name = ufunc.__name__
        raise TypeError(
            f"numpy.{name} does not work on a {kind} (it would drop the graph); "
            f"use x.{name}() or autograd.functions.{name}(x), which record it"
        )


_NUMPY_OPERATORS = {
    "add": ("__add__", "__radd__"), "subtract": ("__sub__", "__rsub__"),
    "multiply": ("__mul__", "__rmul__"), "divide": ("__truediv__", "__rtruediv__"),
    "power": ("__pow__", "__rpow__"), "matmul": ("__matmul__", "__rmatmul__"),
}
_hooks_in_use = False  # set once any hook is registered; until then backward skips the check


class HookHandle:
    """Returned by ``register_hook``; ``remove()`` takes the hook off again."""

    def __init__(self, hooks: list, hook: Callable) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def _run_hooks(node: Node, g: Any) -> Any:
    for hook in getattr(node, "_hooks", None) or ():
        new = hook(g)
        if new is not None:
            g = node._check_grad(new)
    return g


def make_node(cls: type[Node], data: Any, op: Op, a: Any, b: Any = None) -> Node:
    """Create the output node of ``op``; record the graph only if grad mode is on
    and an input needs a gradient.

    The inputs come as a node keeps them (see ``Node``): ``a`` for one input,
    ``a, b`` for two, ``(tuple of inputs), _MANY`` for more (``make_node_of``
    sorts a sequence into these). So the commonest nodes need no inputs tuple.
    (This runs once per node; written out as one function it takes 150 ns,
    against 230 for a loop over an inputs tuple.)
    """
    out = _new(cls)
    out.data = data
    out.grad = cls._initial_grad
    out.label = ""
    mode = _MODE.get()
    if mode.grad_enabled and (
        a.requires_grad if b is None
        else any([p.requires_grad for p in a]) if b is _MANY
        else a.requires_grad or b.requires_grad
    ):
        out._a = a
        out._b = b
        out.op = op
        out.requires_grad = True
        out.scope = mode.scope
        if mode.anomaly:
            from ..anomaly import check_forward

            check_forward(out)
    else:  # a constant: no history
        out._a = out._b = out.op = out.scope = None
        out.requires_grad = False
    return out


def make_node_of(cls: type[Node], data: Any, op: Op, inputs: Sequence[Node]) -> Node:
    """``make_node`` with the inputs as a sequence (of one or more nodes)."""
    n = len(inputs)
    if n == 2:
        return make_node(cls, data, op, inputs[0], inputs[1])
    if n == 1:
        return make_node(cls, data, op, inputs[0])
    return make_node(cls, data, op, tuple(inputs), _MANY)


_new = object.__new__
_MANY = object()  # Node._b of a node with more than two inputs
_FINISHED = object()  # on _gradient_order's stack: the node below it is done


def _gradient_order(roots: Sequence[Node]) -> list[Node]:
    """The nodes that need a gradient and that the roots depend on, each after
    every node that consumes it: the order of the backward pass.

    A depth-first search with an explicit stack (no recursion limit). A node
    popped for the first time goes back on the stack under a ``_FINISHED``
    marker, with its inputs above it: when the marker comes up again, the
    node's inputs are all done, and the node is too. Reversed, this order puts
    every node after its consumers. (A marker rather than a second set of done
    nodes takes a quarter less time: 225 ns a node of the scalar demo's graph,
    2.3 µs for the whole graph of the tensor MLP's step.)
    """
    order: list[Node] = []
    seen: set[Node] = set()
    stack = [root for root in roots if root.requires_grad]
    while stack:
        node = stack.pop()
        if node is _FINISHED:
            order.append(stack.pop())
            continue
        if node in seen:
            continue
        seen.add(node)
        a, b = node._a, node._b  # (node.parents, read inline: this runs once per node)
        if a is None:  # a leaf is done at once
            order.append(node)
            continue
        stack.append(node)
        stack.append(_FINISHED)
        for parent in ((a, b) if b is not None and b is not _MANY else node.parents):
            if parent.requires_grad and parent not in seen:
                stack.append(parent)
    order.reverse()
    return order


def topological_order(*roots: Node) -> list[Node]:
    """All nodes the roots depend on, inputs before the nodes made from them.

    Iterative (no recursion limit). Leaves that need no gradient are included,
    so a drawing shows constants too.
    """
    counts = _consumer_counts(roots)
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


def _consumer_counts(roots: Sequence[Node]) -> dict[Node, int]:
    """For every node the roots depend on, how many edges lead out of it."""
    counts = dict.fromkeys(roots, 0)
    stack = list(counts)
    while stack:
        for parent in stack.pop().parents:
            if parent in counts:
                counts[parent] += 1
            else:
                counts[parent] = 1
                stack.append(parent)
    return counts


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

    Visits the nodes that need a gradient in reverse topological order, so
    each node is processed once all the nodes consuming it have sent their
    gradients. Gradients reaching a node along several paths are summed.
    ``store`` writes ``.grad``; the total gradients of the ``wanted`` nodes
    are returned.
    """
    order = _gradient_order(roots)
    grads = _seed_gradients(roots, seeds, create_graph)
    wanted_ids = {id(n) for n in wanted}
    found: dict[Node, Any] = {}
    if _MODE.get().anomaly:
        from ..anomaly import backward_checker

        on_step = backward_checker(on_step)
    hooked = _hooks_in_use

    # Each node sends the incoming gradient times its local derivative to its inputs.
    keep_non_leaf = store and not create_graph
    with _GradMode(create_graph):
        for node in order:
            g = grads.pop(node)
            if hooked:
                g = _run_hooks(node, g)
            if wanted_ids and id(node) in wanted_ids:
                found[node] = g
            op = node.op
            if op is None:
                if store:
                    node._accumulate(g)
                continue
            if keep_non_leaf:
                node.grad = g
            # The op's rule, on raw data (the fast path) or on the nodes themselves.
            a, b = node._a, node._b  # (node.parents, read inline for speed)
            if b is not None and b is not _MANY and not create_graph:
                # Two inputs, the commonest node, written out (no parents tuple, no
                # loop: 80 ns a node less, a tenth of the pass). ``needs`` is passed
                # only when an input needs no gradient (otherwise it keeps its default).
                a_needs, b_needs = a.requires_grad, b.requires_grad
                if (a_needs and b_needs) or not op.takes_needs:
                    input_grads = op.backward(g, node.data, a.data, b.data)
                else:
                    input_grads = op.backward(g, node.data, a.data, b.data,
                                              needs=(a_needs, b_needs))
                if type(input_grads) is not tuple or len(input_grads) != 2:
                    input_grads = _as_gradients(op, input_grads, 2)
                if on_step is not None:
                    on_step(BackwardStep(node, g, input_grads))
                if a_needs:
                    ga, previous = input_grads[0], grads.get(a)
                    if ga is None:
                        raise _missing_gradient(op, 0)
                    grads[a] = ga if previous is None else previous + ga
                if b_needs:
                    gb, previous = input_grads[1], grads.get(b)
                    if gb is None:
                        raise _missing_gradient(op, 1)
                    grads[b] = gb if previous is None else previous + gb
                continue
            parents = node.parents
            if create_graph:
                input_grads = _rule(op, g, node, parents)
            elif b is None:  # one input, which needs a gradient (or there would be no node)
                input_grads = op.backward(g, node.data, a.data)
            else:
                input_grads = _rule(op, g, node.data, [p.data for p in parents], parents)
            if type(input_grads) is not tuple or len(input_grads) != len(parents):
                input_grads = _as_gradients(op, input_grads, len(parents))
            if on_step is not None:
                on_step(BackwardStep(node, g, input_grads))
            for i, (parent, pg) in enumerate(zip(parents, input_grads)):
                if parent.requires_grad:  # (for other inputs an op may return anything)
                    if pg is None:
                        raise _missing_gradient(op, i)
                    previous = grads.get(parent)
                    grads[parent] = pg if previous is None else previous + pg
    return found


def _rule(op: Op, g: Any, y: Any, xs: Sequence[Any], parents: Sequence[Node] = ()) -> Any:
    """Call ``op.backward`` on ``xs`` (raw data, or the parent nodes themselves),
    passing ``needs`` if the op takes it and some input needs no gradient."""
    needs = tuple([p.requires_grad for p in parents or xs])
    if op.takes_needs and not all(needs):
        return op.backward(g, y, *xs, needs=needs)
    return op.backward(g, y, *xs)


def _seed_gradients(roots: Sequence[Node], seeds: Sequence[Any], create_graph: bool) -> dict:
    """The starting gradient of each root (graph nodes themselves if ``create_graph``)."""
    if create_graph:  # seeds become graph nodes too, so gradients can be differentiated
        seeds = [s if isinstance(s, Node) else type(r)._constant(s) for r, s in zip(roots, seeds)]
    else:
        seeds = [s.data if isinstance(s, Node) else s for s in seeds]
    grads: dict[Node, Any] = {}
    for root, seed in zip(roots, seeds):
        if root.requires_grad:
            grads[root] = grads[root] + seed if root in grads else seed
    return grads


def _missing_gradient(op: Op, i: int) -> TypeError:
    return TypeError(
        f"{op.name}.backward returned None for input {i + 1}, which requires grad; "
        "return its gradient (None only for an input that needs none)"
    )


def _as_gradients(op: Op, result: Any, n: int) -> tuple:
    """What ``op.backward`` returned, as one gradient per input, or a clear error."""
    if n == 1 and not isinstance(result, (tuple, list)):
        return (result,)  # a one-input op may return its gradient alone
    if isinstance(result, (tuple, list)) and len(result) == n:
        return tuple(result)
    got = f"{len(result)} gradients" if isinstance(result, (tuple, list)) else "one gradient"
    raise TypeError(
        f"{op.name}.backward returned {got} for {n} inputs; return one gradient per input, "
        "in order (None for an input that needs none)"
    )


def backward_steps(root: Node, grad: Any = None) -> Iterator[BackwardStep]:
    """The steps ``root.backward()`` would take, in order, without touching ``.grad``.

    For drawing and animating the backward pass.
    """
    steps: list[BackwardStep] = []
    seed = root._seed() if grad is None else root._check_grad(grad)
    _backward_pass([root], [seed], create_graph=False, store=False, on_step=steps.append)
    return iter(steps)


def local_derivatives(node: Node) -> tuple | None:
    """∂node/∂input for each input of a scalar op node (None for a leaf or a Tensor node).

    The op's own rule, run with an upstream gradient of 1: what a learner
    writes on each edge of the graph (``local × incoming = sent``). None in
    the tuple where an input needs no gradient.
    """
    if node.op is None or not all(type(x.data) is float for x in (node, *node.parents)):
        return None
    parents = node.parents
    with _GradMode(False):
        result = _rule(node.op, 1.0, node.data, [p.data for p in parents], parents)
    return _as_gradients(node.op, result, len(parents))


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
    outs, ins = _node_list(outputs, "outputs"), _node_list(inputs, "inputs")
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
        if node in found:
            node._check_arrived(found[node])
        result.append(found.get(node))
    return tuple(result)


def _node_list(nodes: Any, what: str) -> list[Node]:
    """``grad()``'s outputs or inputs as a list of nodes, or a TypeError naming what was passed."""
    items = [nodes] if isinstance(nodes, Node) else nodes
    if isinstance(items, (list, tuple)) and items:
        bad = [(i, x) for i, x in enumerate(items) if not isinstance(x, Node)]
        if not bad:
            return list(items)
        i, x = bad[0]
        got = f"entry {i} is a {type(x).__name__} ({x!r:.40})"
    else:
        got = f"got {type(nodes).__name__} {nodes!r:.60}"
    raise TypeError(
        f"grad() {what} must be a Value or Tensor, or a non-empty list or tuple of them; {got}"
    )
