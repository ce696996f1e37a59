"""The backward pass as the drawings and the page show it: its op steps, each node's
total gradient, and the local derivative on each edge of a scalar graph."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from autograd.engine import BackwardStep, Node, backward_steps, local_derivatives


def op_steps(root: Node) -> list[BackwardStep]:
    """The backward pass's steps that run an op (leaves only receive)."""
    if not root.requires_grad:
        return []
    return [s for s in backward_steps(root) if s.node.op is not None]


def pass_grads(root: Node, steps: Sequence[BackwardStep], index: dict[int, int],
               n: int) -> tuple[list[Any], list[int]]:
    """Each node's total gradient in this backward pass (None where none flows),
    summed in the order backward sums it, and the step at which it is complete.

    ``index`` maps id(node) to its position among the ``n`` nodes.
    """
    grads: list[Any] = [None] * n
    ready = [-1] * n
    if steps:  # (a leaf output has no step: nothing runs backward)
        grads[index[id(root)]] = steps[0].grad
        ready[index[id(root)]] = 0
    for k, step in enumerate(steps):
        grads[index[id(step.node)]] = step.grad
        for parent, g in zip(step.node.parents, step.input_grads):
            if g is None or not parent.requires_grad:
                continue
            i = index[id(parent)]
            ready[i] = k
            if parent.is_leaf:  # an op node's total is what its own step receives
                grads[i] = g if grads[i] is None else grads[i] + g
    return grads, ready


def edge_local_derivatives(step: BackwardStep) -> list[float | None] | None:
    """d node / d input on each input edge of a scalar step, or None for arrays.

    From the op's own rule with upstream gradient 1 (:func:`autograd.local_derivatives`);
    if the rule fails, from sent / received where the received gradient is a non-zero
    finite number. None in the list for an input that needs no gradient.
    """
    node = step.node
    try:
        local = local_derivatives(node)
        if local is None:  # array data: no single number per edge
            return None
        return [float(d) if d is not None and p.requires_grad else None
                for d, p in zip(local, node.parents)]
    except Exception:  # a rule that cannot run on floats: derive from what was sent
        g = step.grad
        if type(g) is not float or g == 0 or not math.isfinite(g):
            return None
        return [s / g if type(s) is float else None for s in step.input_grads]
