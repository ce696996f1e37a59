"""``Node``: a value in the graph, with the op that made it and its inputs.

Value and Tensor are its two front ends. A node made by an op remembers the
op and its input nodes (``parents``); a leaf has ``op is None``. How a node
keeps its inputs is written down in the class; the rest of the package reads
``parents`` (only the backward pass's two hot loops read the slots).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .mode import current_mode, enable_grad


class Node:
    """A value in the graph. Value and Tensor are its two front ends.

    Public fields: ``data``, ``grad``, ``label``, ``requires_grad``,
    ``op`` (the :class:`Op` that made it, None for a leaf), ``parents`` (its
    input nodes) and ``scope`` (the name scope it was made in).
    """

    # The inputs live in two slots, not in a tuple, so the commonest nodes are
    # one object each, not two (Python's garbage collector scans every live
    # node): _a, _b hold the two inputs of a two-input op; otherwise _b is None
    # and _a holds the one input, or the tuple of them (None for a leaf).
    # Everything reads parents, except the backward pass's two hot loops
    # (gradient_order and backward_pass), which read a two-input node's _a, _b
    # (bench/NOTES.md says why).
    __slots__ = ("data", "grad", "op", "label", "requires_grad", "scope", "_a", "_b", "_hooks")
    _initial_grad: Any = None  # what .grad holds before any backward pass

    data: Any
    grad: Any
    op: Any  # the Op that made this node (None for a leaf)
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
        self.scope = current_mode().scope

    @property
    def parents(self) -> tuple[Node, ...]:
        """The inputs of the op that made this node, in order (``()`` for a leaf)."""
        a, b = self._a, self._b
        if b is not None:
            return (a, b)
        if a is None:
            return ()
        return a if type(a) is tuple else (a,)

    @property
    def is_leaf(self) -> bool:
        """True for a node no op made (an input or a parameter)."""
        return self.op is None

    # Front ends say how to run an op, turn raw data into a node and seed a gradient.
    @classmethod
    def _apply_op(cls, op: Any, inputs: Sequence[Any]) -> Node:
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

    def _backpropagate(self, seed: Any, create_graph: bool) -> None:
        """Run the backward pass from this node (``backward.Differentiable`` does)."""
        raise NotImplementedError

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
        self._backpropagate(seed, create_graph)

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


def is_parameter(x: Any) -> bool:
    """True for a node flagged as a parameter (a truthy ``is_parameter`` attribute, as
    ``nn.Parameter`` and ``nn.ValueParameter`` have): what ``nn.Module`` collects and
    what a drawing shows as a weight."""
    return isinstance(x, Node) and bool(getattr(x, "is_parameter", False))


def hooks_in_use() -> bool:
    """True once any node has had a hook registered (until then the pass skips hooks)."""
    return _hooks_in_use


class HookHandle:
    """Returned by ``register_hook``; ``remove()`` takes the hook off again."""

    def __init__(self, hooks: list, hook: Callable) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def run_hooks(node: Node, g: Any) -> Any:
    """``g`` passed through ``node``'s hooks (each may return a gradient to use instead)."""
    for hook in getattr(node, "_hooks", None) or ():
        new = hook(g)
        if new is not None:
            g = node._check_grad(new)
    return g


def make_node(cls: type[Node], data: Any, op: Any, a: Any, b: Any = None) -> Node:
    """Create the output node of ``op`` with the input ``a`` (and ``b``, for two inputs,
    or ``a`` a tuple of more); record the graph only if grad mode is on and an input
    needs a gradient. (``make_node_of`` takes the inputs as any sequence.)
    """
    out = _new(cls)
    out.data = data
    out.grad = cls._initial_grad
    out.label = ""
    mode = current_mode()
    if mode.grad_enabled and (
        a.requires_grad or (b is not None and b.requires_grad) if type(a) is not tuple
        else any([p.requires_grad for p in a])
    ):
        out._a = a
        out._b = b
        out.op = op
        out.requires_grad = True
        out.scope = mode.scope
        if mode.checker is not None:  # detect_anomaly
            mode.checker.check_forward(out)
    else:  # a constant: no history
        out._a = out._b = out.op = out.scope = None
        out.requires_grad = False
    return out


def make_node_of(cls: type[Node], data: Any, op: Any, inputs: Sequence[Node]) -> Node:
    """``make_node`` with the inputs as a sequence (of one or more nodes)."""
    n = len(inputs)
    if n == 2:
        return make_node(cls, data, op, inputs[0], inputs[1])
    if n == 1:
        return make_node(cls, data, op, inputs[0])
    return make_node(cls, data, op, tuple(inputs))


_new = object.__new__
