"""Derivatives of whole functions: vjp, jvp, jacobian, hessian, hvp and vhp.

The functions, arguments and return structures of ``torch.autograd.functional``,
written on the engine's public API (``grad``, ``Value``, ``Tensor``, ``enable_grad``).

Conventions (the same for every function here):

- ``inputs`` is a Value, a Tensor, or a tuple of them, and ``func(*inputs)``
  returns a Value, a Tensor, or a tuple of them. A single input gives a single
  result and a tuple a tuple; Jacobians and Hessians nest one tuple per output
  (or input) around one per input.
- ``func`` never sees the nodes you pass. With ``create_graph=False`` each input
  becomes a fresh leaf (same data and label, ``requires_grad=True``): your nodes,
  their ``.grad`` and their graphs are left alone. With ``create_graph=True`` an
  input that requires grad goes through an identity node (``x * 1.0``), so the
  results can be differentiated with respect to your input; other inputs become
  fresh leaves. As in PyTorch, a node ``func`` reaches through a closure is not
  the input: ``vjp(lambda a: a * x, x)`` gives ``x``, not ``2 * x``.
- Results are floats (for Values) and numpy arrays (for Tensors), and the
  returned outputs of ``func`` are detached copies, unless ``create_graph=True``:
  then both are graph nodes.
- When the outputs do not depend on an input, its result is zero, or with
  ``strict=True`` a RuntimeError says which input.
- The engine has no ``vmap``: ``vectorize=True`` is accepted and gives the same
  result, computed one row (or column) at a time. ``strategy="forward-mode"``
  computes Jacobian columns with the double-vjp trick (see :func:`jvp`); unlike
  PyTorch it needs no ``vectorize=True`` and works with ``create_graph=True``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .engine import Node, Tensor, Value, enable_grad, grad
from .engine.checks import check_bool, check_choice

__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]

Nodes = Value | Tensor | tuple  # a node, or a tuple of nodes
STRATEGIES = ("reverse-mode", "forward-mode")


def vjp(
    func: Callable[..., Nodes], inputs: Nodes, v: Any = None, create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """``(func(*inputs), v^T J)``: the vector-Jacobian product, one reverse pass.

    ``v`` has one entry per output of ``func``, shaped like it (a number for a
    Value, an array for a Tensor); it may be left out when ``func`` returns a
    single Value or one-element Tensor. The product is shaped like ``inputs``.
    """
    _check_call("vjp", func, create_graph=create_graph, strict=strict)
    with enable_grad():
        in_tuple, xs = _prepare(inputs, create_graph, "vjp")
        out_tuple, outs = _call(func, xs, "vjp", strict)
        vs = _vectors(v, outs, create_graph, "vjp", "output")
        grads = _grad(outs, xs, vs, create_graph)
        result = _fill(grads, xs, strict, create_graph,
                       lambda i: f"vjp(): the outputs of func do not depend on input {i}")
    return _pack(_finish(outs, create_graph), out_tuple), _pack(result, in_tuple)


def jvp(
    func: Callable[..., Nodes], inputs: Nodes, v: Any = None, create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """``(func(*inputs), J v)``: the Jacobian-vector product (a directional derivative).

    ``v`` has one entry per input, shaped like it; it may be left out for a
    single Value or one-element Tensor input. The product is shaped like the
    outputs. Computed, as PyTorch does, by the double-vjp trick: ``u -> J^T u``
    is linear in a dummy cotangent ``u``, so differentiating it with respect to
    ``u`` in direction ``v`` gives ``J v`` (two reverse passes, no forward mode).
    """
    _check_call("jvp", func, create_graph=create_graph, strict=strict)
    with enable_grad():
        in_tuple, xs = _prepare(inputs, create_graph, "jvp")
        vs = _vectors(v, xs, create_graph, "jvp", "input")
        out_tuple, outs = _call(func, xs, "jvp", strict)
        result = _jvp(outs, xs, vs, create_graph, strict, "jvp")
    return _pack(_finish(outs, create_graph), out_tuple), _pack(result, out_tuple)


def jacobian(
    func: Callable[..., Nodes], inputs: Nodes, create_graph: bool = False, strict: bool = False,
    vectorize: bool = False, strategy: str = "reverse-mode",
) -> Any:
    """The Jacobian of ``func`` at ``inputs``: block ``[i][j]`` is d output_i / d input_j,
    of shape ``output_i.shape + input_j.shape`` (a float for two Values).

    A single output and a single input give one block; a tuple of outputs or
    of inputs gives a tuple, both a tuple of tuples. ``strategy="reverse-mode"``
    makes one reverse pass per output element, ``"forward-mode"`` two passes
    per input element (better when there are more outputs than inputs).
    ``vectorize`` is accepted and changes nothing (no vmap here).
    """
    _check_call("jacobian", func, create_graph=create_graph, strict=strict, vectorize=vectorize)
    _check_strategy("jacobian", "strategy", strategy)
    with enable_grad():
        in_tuple, xs = _prepare(inputs, create_graph, "jacobian")
        out_tuple, outs = _call(func, xs, "jacobian", strict)
        blocks = _jacobian(outs, xs, create_graph, strict, strategy, lambda i, j: (
            f"jacobian(): output {i} of func does not depend on input {j}"))
    return _pack([_pack(row, in_tuple) for row in blocks], out_tuple)


def hessian(
    func: Callable[..., Node], inputs: Nodes, create_graph: bool = False, strict: bool = False,
    vectorize: bool = False, outer_jacobian_strategy: str = "reverse-mode",
) -> Any:
    """The Hessian of a scalar ``func`` (a Value or a one-element Tensor):
    block ``[i][j]`` is d^2 f / d input_i d input_j, of shape
    ``input_i.shape + input_j.shape``; one block for a single input, a tuple of
    tuples for a tuple of inputs.

    The Jacobian (by ``outer_jacobian_strategy``) of the gradient, which is
    built with ``create_graph=True``. ``vectorize`` changes nothing.
    """
    _check_call("hessian", func, create_graph=create_graph, strict=strict, vectorize=vectorize)
    _check_strategy("hessian", "outer_jacobian_strategy", outer_jacobian_strategy)
    with enable_grad():
        in_tuple, xs = _prepare(inputs, create_graph, "hessian")
        _, gradient = _gradient(func, xs, strict, "hessian")
        blocks = _jacobian(gradient, xs, create_graph, strict, outer_jacobian_strategy,
                           lambda i, j: f"hessian(): the gradient for input {i} does not depend "
                                        f"on input {j}")
    return _pack([_pack(row, in_tuple) for row in blocks], in_tuple)


def hvp(
    func: Callable[..., Node], inputs: Nodes, v: Any = None, create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """``(func(*inputs), H v)`` for a scalar ``func``: the Hessian-vector product,
    without forming H (the double-vjp trick of :func:`jvp` on the gradient).

    ``v`` is shaped like ``inputs``; it may be left out for a single Value or
    one-element Tensor input.
    """
    _check_call("hvp", func, create_graph=create_graph, strict=strict)
    with enable_grad():
        in_tuple, xs = _prepare(inputs, create_graph, "hvp")
        vs = _vectors(v, xs, create_graph, "hvp", "input")
        out, gradient = _gradient(func, xs, strict, "hvp")
        result = _jvp(gradient, xs, vs, create_graph, strict, "hvp")
    return _finish([out], create_graph)[0], _pack(result, in_tuple)


def vhp(
    func: Callable[..., Node], inputs: Nodes, v: Any = None, create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """``(func(*inputs), v^T H)`` for a scalar ``func``: one reverse pass through the
    gradient. Equal to :func:`hvp` for twice continuously differentiable ``func``."""
    _check_call("vhp", func, create_graph=create_graph, strict=strict)
    with enable_grad():
        in_tuple, xs = _prepare(inputs, create_graph, "vhp")
        vs = _vectors(v, xs, create_graph, "vhp", "input")
        out, gradient = _gradient(func, xs, strict, "vhp")
        result = _fill(_grad(gradient, xs, vs, create_graph), xs, strict, create_graph,
                       lambda i: f"vhp(): the gradient of func does not depend on input {i}")
    return _finish([out], create_graph)[0], _pack(result, in_tuple)


# -- the derivatives ---------------------------------------------------------------


def _grad(outputs: Sequence[Node | None], inputs: Sequence[Node], seeds: Sequence[Any],
          create_graph: bool) -> list[Any]:
    """``autograd.grad`` over the outputs that have a graph; None for an input
    no output depends on (and for every input when no output has a graph)."""
    pairs = [(o, s) for o, s in zip(outputs, seeds) if o is not None and o.requires_grad]
    if not pairs:
        return [None] * len(inputs)
    outs, seeds = zip(*pairs)
    return list(grad(list(outs), list(inputs), list(seeds), create_graph=create_graph,
                     allow_unused=True))


def _jvp(outs: Sequence[Node], xs: Sequence[Node], vs: Sequence[Any], create_graph: bool,
         strict: bool, fn: str) -> list[Any]:
    """``J v`` for every output, by the double-vjp trick."""
    dummies = [_zeros(o, node=True, requires_grad=True) for o in outs]
    back = _transposed(outs, xs, dummies, strict, fn)
    tangents = _grad(back, dummies, vs, create_graph)
    return _fill(tangents, outs, strict, create_graph,
                 lambda i: f"{fn}(): output {i} does not depend on the inputs")


def _transposed(outs: Sequence[Node], xs: Sequence[Node], dummies: Sequence[Node],
                strict: bool, fn: str) -> list[Node | None]:
    """``J^T u`` per input, as graph nodes linear in the dummy cotangents ``u``."""
    back = _grad(outs, xs, dummies, create_graph=True)
    if strict:
        for j, b in enumerate(back):
            if b is None:
                raise RuntimeError(f"{fn}(): the outputs do not depend on input {j} "
                                   "(strict=True)")
    return back


def _jacobian(outs: Sequence[Node], xs: Sequence[Node], create_graph: bool, strict: bool,
              strategy: str, independent: Callable[[int, int], str]) -> list[list[Any]]:
    """The blocks ``[i][j]`` = d outs[i] / d xs[j]."""
    def check(part: Any, i: int, j: int) -> None:
        if strict and part is None:
            raise RuntimeError(independent(i, j) + " (strict=True)")

    if strategy == "reverse-mode":  # row k of block i: grad of element k of output i
        rows = [[_grad([out], xs, [e], create_graph) for e in _basis(out)] for out in outs]
        blocks = []
        for i, out in enumerate(outs):
            for row in rows[i]:
                for j, part in enumerate(row):
                    check(part, i, j)
            blocks.append([_assemble([row[j] for row in rows[i]], out, x, create_graph, False)
                           for j, x in enumerate(xs)])
        return blocks
    # forward-mode: column k of block [i][j] is J e_k for element k of input j
    dummies = [_zeros(o, node=True, requires_grad=True) for o in outs]
    back = _transposed(outs, xs, dummies, False, "jacobian")  # (strict: checked per column)
    cols = [[_grad([back[j]], dummies, [e], create_graph) for e in _basis(x)]
            for j, x in enumerate(xs)]
    for j, col in enumerate(cols):
        for part_by_output in col:
            for i, part in enumerate(part_by_output):
                check(part, i, j)
    return [[_assemble([c[i] for c in cols[j]], x, out, create_graph, True)
             for j, x in enumerate(xs)] for i, out in enumerate(outs)]


def _gradient(func: Callable[..., Node], xs: Sequence[Node], strict: bool,
              fn: str) -> tuple[Node, list[Node]]:
    """``func``'s output (one element) and its gradient, built with create_graph=True.

    An input the output does not depend on gets a constant zero."""
    out_tuple, outs = _call(func, xs, fn, strict)
    out = outs[0]
    if out_tuple or _size(out) != 1:
        got = f"a tuple of {len(outs)}" if out_tuple else f"a Tensor of shape {out.shape}"
        raise ValueError(f"{fn}() needs func to return a single Value or a one-element Tensor; "
                         f"got {got}")
    (first,) = _basis(out)
    gradient = _grad([out], xs, [first], create_graph=True)
    result = []
    for j, (g, x) in enumerate(zip(gradient, xs)):
        if strict and (g is None or not g.requires_grad):
            why = "does not depend on" if g is None else "is linear (or piecewise linear) in"
            raise RuntimeError(f"{fn}(): the output of func {why} input {j}, so its second "
                               "derivatives are zero (strict=True)")
        result.append(_zeros(x, node=True) if g is None else g)
    return out, result


def _fill(grads: Sequence[Any], refs: Sequence[Node], strict: bool, create_graph: bool,
          independent: Callable[[int], str]) -> list[Any]:
    """Zeros (shaped like ``refs[i]``) where a result is None, or a strict-mode error."""
    result = []
    for i, (g, ref) in enumerate(zip(grads, refs)):
        if g is None:
            if strict:
                raise RuntimeError(independent(i) + " (strict=True)")
            g = _zeros(ref, node=create_graph)
        elif strict and create_graph and not g.requires_grad:
            raise RuntimeError(f"{independent(i)} once differentiated: the result is a constant "
                               "(strict=True with create_graph=True)")
        result.append(g)
    return result


def _assemble(parts: Sequence[Any], lead: Node, part: Node, create_graph: bool,
              forward: bool) -> Any:
    """Stack ``parts`` (one per element of ``lead``, each shaped like ``part``; None
    for zeros) into a block of shape ``lead.shape + part.shape``.

    Reverse mode stacks rows (lead: the output, part: the input); forward mode
    stacks columns (lead: the input, part: the output) and transposes them.
    """
    if isinstance(lead, Value) and isinstance(part, Value):  # a scalar block
        (p,) = parts
        return _zeros(part, node=create_graph) if p is None else p
    x = lead if forward else part
    dtype = x.dtype if isinstance(x, Tensor) else np.float64  # the input's dtype, as PyTorch
    lead_shape, part_shape = _shape(lead), _shape(part)
    if create_graph:
        block = _stack_nodes(parts, lead_shape, part_shape, dtype)
    else:
        block = np.zeros(lead_shape + part_shape, dtype)
        rows = block.reshape(len(parts), int(np.prod(part_shape)))  # a view
        for k, p in enumerate(parts):
            if p is not None:
                rows[k] = np.ravel(p)
    if forward and lead_shape and part_shape:  # (in, out) -> (out, in)
        n_in = len(lead_shape)
        axes = tuple(range(n_in, n_in + len(part_shape))) + tuple(range(n_in))
        block = block.transpose(axes)
    return block


def _stack_nodes(parts: Sequence[Node | None], lead_shape: tuple, part_shape: tuple,
                 dtype: Any) -> Node:
    """``_assemble`` on graph nodes: the sum of each part placed at its position by
    a one-hot mask, so the block stays differentiable (the engine has no stack op)."""
    if not lead_shape:
        (p,) = parts
        return Tensor(np.zeros(part_shape, dtype)) if p is None else p
    total = None
    for k, p in enumerate(parts):
        if p is None:
            continue
        onehot = np.zeros(len(parts), dtype)
        onehot[k] = 1
        term = p * onehot.reshape(lead_shape + (1,) * len(part_shape))
        total = term if total is None else total + term
    return Tensor(np.zeros(lead_shape + part_shape, dtype)) if total is None else total


# -- checking and converting arguments ------------------------------------------------


def _check_call(fn: str, func: Any, **flags: Any) -> None:
    if not callable(func):
        raise TypeError(f"{fn}() takes a function as its first argument; "
                        f"got {type(func).__name__} {func!r:.60}")
    for name, value in flags.items():
        check_bool(value, f"{fn}() {name}")


def _check_strategy(fn: str, name: str, value: Any) -> None:
    check_choice(value, f"{fn}() {name}", STRATEGIES)


def _as_nodes(x: Any, fn: str, what: str) -> tuple[bool, tuple[Node, ...]]:
    """(was it a tuple, the nodes): ``x`` is a Value, a Tensor or a tuple of them."""
    accepted = "a Value, a Tensor, or a tuple of them"
    if isinstance(x, (Value, Tensor)):
        return False, (x,)
    if not isinstance(x, tuple):
        hint = " (pass a tuple, not a list)" if isinstance(x, list) else ""
        raise TypeError(f"{fn}() {what} must be {accepted}; got {type(x).__name__} "
                        f"{x!r:.60}{hint}")
    if not x:
        raise ValueError(f"{fn}() {what} is an empty tuple; it needs at least one Value or Tensor")
    for i, item in enumerate(x):
        if not isinstance(item, (Value, Tensor)):
            raise TypeError(f"{fn}() {what} must be {accepted}; item {i} is "
                            f"{type(item).__name__} {item!r:.60}")
    return True, x


def _prepare(inputs: Any, create_graph: bool, fn: str) -> tuple[bool, tuple[Node, ...]]:
    """The nodes ``func`` is called on: never the caller's own (see the module docstring)."""
    is_tuple, xs = _as_nodes(inputs, fn, "inputs")
    prepared = []
    for x in xs:
        if create_graph and x.requires_grad:
            y = x * 1.0  # a distinct node whose gradient flows back to x
            y.label = x.label
        elif isinstance(x, Value):
            y = Value(x.data, label=x.label, requires_grad=True)
        else:
            y = Tensor(x.data, requires_grad=True, label=x.label)
        prepared.append(y)
    return is_tuple, tuple(prepared)


def _call(func: Callable, xs: Sequence[Node], fn: str, strict: bool) -> tuple[bool, tuple]:
    """Run ``func`` and check what it returned."""
    out = func(*xs)
    try:
        is_tuple, outs = _as_nodes(out, fn, "func's output")
    except TypeError as e:
        raise TypeError(f"{e} (func must return Values or Tensors computed from its inputs)") \
            from None
    if strict:
        for i, o in enumerate(outs):
            if not o.requires_grad:
                raise RuntimeError(f"{fn}(): output {i} of func has no graph: it does not "
                                   "depend on the inputs (strict=True)")
    return is_tuple, outs


def _vectors(v: Any, refs: Sequence[Node], create_graph: bool, fn: str,
             what: str) -> list[Any]:
    """``v`` as one seed per ref (an output or an input), each shaped like it."""
    if v is None:
        if len(refs) == 1 and _size(refs[0]) == 1:
            return list(_basis(refs[0]))
        got = f"{len(refs)} {what}s" if len(refs) > 1 else f"a Tensor of shape {refs[0].shape}"
        raise ValueError(f"{fn}() needs v (one entry per {what}, shaped like it): it can be left "
                         f"out only for a single Value or one-element Tensor {what}; got {got}")
    entries = list(v) if isinstance(v, tuple) else [v]
    if len(entries) != len(refs):
        raise ValueError(f"{fn}() v has {len(entries)} entries for {len(refs)} {what}s; "
                         f"pass one per {what}" + (" in a tuple" if isinstance(v, list) else ""))
    where = (lambda i: f"v[{i}]") if isinstance(v, tuple) else (lambda i: "v")
    return [_vector(e, ref, create_graph, f"{fn}() {where(i)}", f"{what} {i}")
            for i, (e, ref) in enumerate(zip(entries, refs))]


def _vector(entry: Any, ref: Node, create_graph: bool, name: str, what: str) -> Any:
    """One seed for ``ref``: a float for a Value, an array of its shape and dtype for a
    Tensor; a node when ``create_graph`` and it requires grad (results then depend on it)."""
    if isinstance(entry, Node):
        if isinstance(entry, Value) != isinstance(ref, Value):
            raise TypeError(f"{name} is a {type(entry).__name__} but {what} is a "
                            f"{type(ref).__name__}; pass a {type(ref).__name__} or plain numbers")
        if create_graph and entry.requires_grad:
            if isinstance(entry, Tensor) and entry.shape != ref.shape:
                raise ValueError(f"{name} has shape {entry.shape}; {what} has shape {ref.shape}")
            return entry
        entry = entry.data
    if isinstance(ref, Value):
        if isinstance(entry, numbers.Real) or (isinstance(entry, np.ndarray) and entry.shape == ()
                                               and entry.dtype.kind in "biuf"):
            return float(entry)
        raise TypeError(f"{name} must be a real number for {what} (a Value); "
                        f"got {type(entry).__name__} {entry!r:.60}")
    arr = np.asarray(entry)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numbers (an array shaped like {what}); "
                        f"got {type(entry).__name__} {entry!r:.60}")
    if arr.shape != ref.shape:
        raise ValueError(f"{name} has shape {arr.shape}; {what} has shape {ref.shape}")
    return arr.astype(ref.dtype)


# -- small helpers --------------------------------------------------------------------


def _shape(node: Node) -> tuple[int, ...]:
    return () if isinstance(node, Value) else node.shape


def _size(node: Node) -> int:
    return 1 if isinstance(node, Value) else node.size


def _basis(node: Node) -> list[Any]:
    """One one-hot seed per element of ``node`` (1.0 for a Value)."""
    if isinstance(node, Value):
        return [1.0]
    seeds = []
    for k in range(node.size):
        e = np.zeros(node.size, node.dtype)
        e[k] = 1
        seeds.append(e.reshape(node.shape))
    return seeds


def _zeros(ref: Node, node: bool, requires_grad: bool = False) -> Any:
    """Zeros shaped like ``ref``: a float / array, or a Value / Tensor when ``node``."""
    if isinstance(ref, Value):
        return Value(0.0, requires_grad=requires_grad) if node else 0.0
    zeros = np.zeros(ref.shape, ref.dtype)
    return Tensor(zeros, requires_grad=requires_grad) if node else zeros


def _finish(outs: Sequence[Node], create_graph: bool) -> list[Node]:
    """The outputs returned to the caller: detached unless ``create_graph``."""
    return list(outs) if create_graph else [o.detach() for o in outs]


def _pack(items: Sequence[Any], as_tuple: bool) -> Any:
    return tuple(items) if as_tuple else items[0]
