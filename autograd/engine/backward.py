"""Backpropagation: the order of the nodes, the backward pass, ``grad`` and its steps.

The pass is never recursive: the order comes from a depth-first search with
an explicit stack, so graphs of millions of nodes deep are fine. Gradients
reaching a node along several paths are summed before the node sends its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from .mode import GradMode, current_mode
from .node import Node, hooks_in_use, run_hooks
from .op import Op


class BackwardStep(NamedTuple):
    """One step of the backward pass: ``node`` received ``grad`` and sent
    ``input_grads[i]`` (None where no gradient flows) to ``node.parents[i]``."""

    node: Node
    grad: Any
    input_grads: tuple


class Differentiable:
    """What Values and Tensors get from this module: the pass ``Node.backward`` runs
    (node.py cannot import this module, which imports it)."""

    __slots__ = ()

    def _backpropagate(self, seed: Any, create_graph: bool) -> None:
        backward_pass([self], [seed], create_graph=create_graph, store=True)


# -- the order -------------------------------------------------------------------------


_FINISHED = object()  # on gradient_order's stack: the node below it is done


def gradient_order(roots: Sequence[Node]) -> list[Node]:
    """The nodes that need a gradient and that the roots depend on, each after
    every node that consumes it: the order of the backward pass.

    A depth-first search with an explicit stack (no recursion limit). A node
    popped for the first time goes back on the stack under a ``_FINISHED``
    marker, with its inputs above it: when the marker comes up again, the
    node's inputs are all done, and the node is too. Reversed, this order puts
    every node after its consumers.
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
        if node.op is None:  # a leaf is done at once
            order.append(node)
            continue
        stack.append(node)
        stack.append(_FINISHED)
        b = node._b  # a two-input node's inputs, read directly (see Node): most nodes
        for parent in (node._a, b) if b is not None else node.parents:
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


# -- the pass --------------------------------------------------------------------------


def backward_pass(
    roots: Sequence[Node],
    seeds: Sequence[Any],
    *,
    create_graph: bool,
    store: bool,
    wanted: Iterable[Node] = (),
    on_step: Callable[[BackwardStep], None] | None = None,
) -> dict[Node, Any]:
    """Run reverse-mode backprop from ``roots``, starting from their ``seeds``.

    Seed the roots; visit the nodes in :func:`gradient_order`; each node,
    once all its consumers have sent it their parts of its gradient, sends
    its inputs the gradient times its local derivatives (the op's rule), and
    each input sums what it receives. ``store`` writes ``.grad`` (summed into
    the leaves'); the total gradients of the ``wanted`` nodes are returned.
    ``on_step`` sees every step (``backward_steps``, anomaly checks).
    """
    grads = seed_gradients(roots, seeds, create_graph)
    order = gradient_order(roots)
    checker = current_mode().checker
    if checker is not None:
        on_step = _checked(checker.check_backward, on_step)
    wanted = set(wanted)
    found: dict[Node, Any] = {}
    hooked = hooks_in_use()
    keep_grad = store and not create_graph  # non-leaf nodes show the latest pass's gradient
    with GradMode(create_graph):
        for node in order:
            g = grads.pop(node)  # complete: every consumer has sent its part
            if hooked:
                g = run_hooks(node, g)
            if wanted and node in wanted:
                found[node] = g
            op = node.op
            if op is None:  # a leaf keeps what arrived
                if store:
                    node._accumulate(g)
                continue
            if keep_grad:
                node.grad = g
            b = node._b  # a two-input node's second input (see Node), else None
            if b is None or create_graph:
                _send(node, g, grads, create_graph, on_step)
                continue
            # A two-input node on raw data, the commonest: _send written out (why:
            # bench/NOTES.md).
            a = node._a
            a_needs, b_needs = a.requires_grad, b.requires_grad
            if (a_needs and b_needs) or not op.takes_needs:
                input_grads = op.backward(g, node.data, a.data, b.data)
            else:
                input_grads = op.backward(g, node.data, a.data, b.data, needs=(a_needs, b_needs))
            if type(input_grads) is not tuple or len(input_grads) != 2:
                input_grads = as_gradients(op, input_grads, 2)
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
    return found


def _send(node: Node, g: Any, grads: dict, create_graph: bool, on_step: Callable | None) -> None:
    """``node`` sends each input the gradient its op's rule gives; each input sums
    what it receives (from every consumer) in ``grads``.

    The rule runs on raw data (floats or arrays), or with ``create_graph`` on
    the graph nodes themselves, so that the gradients are nodes too and can be
    differentiated again.
    """
    op, parents = node.op, node.parents
    if create_graph:
        input_grads = call_backward(op, g, node, parents)
    elif len(parents) == 1:  # one input, which needs a gradient (or there would be no node)
        input_grads = op.backward(g, node.data, parents[0].data)
    else:
        input_grads = call_backward(op, g, node.data, [p.data for p in parents], parents)
    if type(input_grads) is not tuple or len(input_grads) != len(parents):
        input_grads = as_gradients(op, input_grads, len(parents))
    if on_step is not None:
        on_step(BackwardStep(node, g, input_grads))
    for i, (parent, sent) in enumerate(zip(parents, input_grads)):
        if parent.requires_grad:  # (for other inputs an op may return anything)
            if sent is None:
                raise _missing_gradient(op, i)
            previous = grads.get(parent)
            grads[parent] = sent if previous is None else previous + sent


def _checked(check: Callable[[BackwardStep], None],
             then: Callable[[BackwardStep], None] | None) -> Callable[[BackwardStep], None]:
    """An ``on_step`` that runs the anomaly checker's ``check`` first, then ``then``."""
    if then is None:
        return check

    def both(step: BackwardStep) -> None:
        check(step)
        then(step)

    return both


def call_backward(op: Op, g: Any, y: Any, xs: Sequence[Any], parents: Sequence[Node] = ()) -> Any:
    """Call ``op.backward(g, y, *xs)`` on ``xs`` (raw data, or the parent nodes themselves),
    as the backward pass does: with ``needs`` if the op takes it and some input needs
    no gradient."""
    needs = tuple([p.requires_grad for p in parents or xs])
    if op.takes_needs and not all(needs):
        return op.backward(g, y, *xs, needs=needs)
    return op.backward(g, y, *xs)


def seed_gradients(roots: Sequence[Node], seeds: Sequence[Any], create_graph: bool) -> dict:
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


def as_gradients(op: Op, result: Any, n: int) -> tuple:
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


# -- what the pass gives its users -------------------------------------------------------


def backward_steps(root: Node, grad: Any = None) -> Iterator[BackwardStep]:
    """The steps ``root.backward()`` would take, in order, without touching ``.grad``.

    For drawing and animating the backward pass.
    """
    steps: list[BackwardStep] = []
    seed = root._seed() if grad is None else root._check_grad(grad)
    backward_pass([root], [seed], create_graph=False, store=False, on_step=steps.append)
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
    with GradMode(False):
        result = call_backward(node.op, 1.0, node.data, [p.data for p in parents], parents)
    local = as_gradients(node.op, result, len(parents))
    return tuple(float(d) if p.requires_grad and d is not None else None
                 for d, p in zip(local, parents))


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
        seeds = [_default_seed(o, i) for i, o in enumerate(outs)]
    else:
        gos = [grad_outputs] if not isinstance(grad_outputs, (list, tuple)) else list(grad_outputs)
        if len(gos) != len(outs):
            raise ValueError(f"grad_outputs has {len(gos)} entries for {len(outs)} outputs")
        seeds = [_default_seed(o, i) if g is None else o._check_grad(g)
                 for i, (o, g) in enumerate(zip(outs, gos))]
    for o in outs:
        if not o.requires_grad:
            raise RuntimeError(f"output {o!r} does not require grad: no graph was recorded for it")
    found = backward_pass(outs, seeds, create_graph=create_graph, store=False, wanted=ins)
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


def _default_seed(output: Node, i: int) -> Any:
    """The seed of a one-element output; for more elements, an error saying what to pass."""
    size = getattr(output, "size", 1)
    if size != 1:
        raise RuntimeError(
            f"grad() output {i} (a {type(output).__name__} of shape {output.shape}) has {size} "
            "elements: pass grad_outputs= (a gradient of that shape for it), or reduce it "
            "first (.sum() or .mean())"
        )
    return output._seed()


def _node_list(nodes: Any, what: str) -> list[Node]:
    """``grad()``'s outputs or inputs as a list of nodes, or a TypeError naming what was passed."""
    items = [nodes] if isinstance(nodes, Node) else nodes
    if isinstance(items, (list, tuple)) and not items:
        wanted = ("the nodes to differentiate with respect to" if what == "inputs"
                  else "the node(s) to differentiate")
        raise TypeError(f"grad() {what} is an empty {type(items).__name__}: pass {wanted}, "
                        "e.g. grad(loss, [w, b])")
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
