"""Names for the nodes of a Tensor graph, as a learner reads them in the tutorials.

- A user's label wins (``W1``, ``权重``).
- A parameter of an ``nn`` model reads by its path in ``named_parameters()``
  (``0.weight``, ``layers.1.bias``), with the tutorial's alias beside it
  (``W^[1]``, ``b^[1]``: numbered by linear layer, in forward order).
- The output of a linear layer reads ``Z^[l]``, the activation applied to it
  ``A^[l]``; the batch input ``X``, a loss's target ``Y``, a scalar output ``L``.
- Any other op's result is a short expression (``Z^[3] − Y``), or the op's name
  and a number when that would be long.

``^[l]`` marks a superscript (the layer), as the issue and the tutorials write it.
Each name also has its numpy spelling (``W1``, ``A1``; a gradient is ``dW1``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd import messages
from autograd.engine import Node

from . import formula as F
from . import style
from .formula import number_text

LOSS_SCOPES = ("mse_loss", "cross_entropy", "binary_cross_entropy",
               "binary_cross_entropy_with_logits")
MAX_EXPRESSION = 16  # a longer expression names its node by the op's name and a number
_INFIX = {"Add": "+", "Sub": "−", "Mul": "⊙", "Div": "/"}
_ACTIVATIONS = {"Sigmoid", "Tanh", "ReLU", "Exp", "Abs", "Sin", "Cos", "Log"}


@dataclass(frozen=True)
class NodeName:
    """How one node is named.

    ``name``: what its box shows first (a label, a parameter's path, ``Z^[1]``);
    ``alias``: the tutorial's symbol shown beside it (``W^[1]``; "" for none);
    ``symbol``: how formulas write it (``W^[1]``, ``A^[1]``, ``X``);
    ``code``: how a numpy tutorial spells it (``W1``, ``A1``; its gradient ``dW1``);
    ``batch``: its first axis runs over the samples of the batch.
    """

    name: str
    alias: str
    symbol: str
    code: str
    batch: bool


@dataclass(frozen=True)
class GraphNames:
    """The names of every node of a graph (``nodes`` in topological order) and the
    batch size ``m`` (None when no input has a batch axis)."""

    nodes: tuple[Node, ...]
    names: tuple[NodeName, ...]
    m: int | None
    positions: dict[int, int] = field(init=False, repr=False)  # id(node) -> its index

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", {id(n): i for i, n in enumerate(self.nodes)})

    def of(self, node: Node) -> NodeName:
        """The name of ``node`` (a node of this graph)."""
        return self.names[self.positions[id(node)]]

    def index(self, node: Node) -> int:
        """The position of ``node`` in ``nodes``."""
        return self.positions[id(node)]

    def as_data(self) -> dict[str, Any]:
        """The names as JSON-able columns over ``nodes``: ``name``, ``alias``, ``symbol``,
        ``code``, ``batch`` (lists), and ``m`` (the batch size, or None)."""
        columns: dict[str, Any] = {key: [getattr(n, key) for n in self.names]
                                   for key in ("name", "alias", "symbol", "code", "batch")}
        columns["m"] = self.m
        return columns


def parameter_paths(nodes: Sequence[Node], model: Any = None) -> dict[int, str]:
    """id(parameter) -> its dotted path: from ``model.named_parameters()`` when a model
    is given, else from each parameter's own ``module_path`` (see nn.Parameter)."""
    if model is not None:
        named = getattr(model, "named_parameters", None)
        if not callable(named):
            raise TypeError(f"model must be an nn.Module (or anything with named_parameters()); "
                            f"got {type(model).__name__}")
        return {id(p): name for name, p in named()}
    paths = {}
    for node in nodes:
        path = getattr(node, "module_path", None) if node.is_leaf else None
        if isinstance(path, str) and path:
            paths[id(node)] = path
    return paths


def graph_names(nodes: Sequence[Node], root: Node, model: Any = None,
                lang: str | None = None) -> GraphNames:
    """Name every node of a graph (``nodes`` in topological order, ``root`` its output);
    ``lang``: the language of the words an unnamed leaf is named by (``constant``)."""
    nodes = tuple(nodes)
    paths = parameter_paths(nodes, model)
    m = batch_size(nodes)
    aliases = layer_aliases(nodes)
    batch = _batch_flags(nodes, m)
    scopes = [n.scope or "" for n in nodes]
    consumers: dict[int, list[int]] = {}
    for i, node in enumerate(nodes):
        for p in node.parents:
            consumers.setdefault(id(p), []).append(i)
    first_input = next((n for n in nodes if n.is_leaf and not style.is_parameter_leaf(n)
                        and np.ndim(n.data) >= 2), None)
    names: list[NodeName] = []
    symbols: dict[int, str] = {}
    targets: set[str] = set()  # the loss scopes whose target is named
    counts: dict[str, int] = {}
    for i, node in enumerate(nodes):
        alias = aliases.get(id(node), "")
        path = paths.get(id(node), "")
        label = node.label
        if label and path and path.rsplit(".", 1)[-1] == label:
            label = ""  # the label nn gave it ("weight"): the path says more
        if label:
            name, symbol = label, label
            alias = "" if _plain(alias) == label else alias
        elif path:
            name, symbol = path, alias or path
        elif alias:
            name, symbol = alias, alias
        elif node is root and np.size(node.data) == 1:
            name = symbol = "L"
        elif node is first_input:
            name = symbol = "X"
        elif node.is_leaf and not node.requires_grad and _is_target(node, consumers, scopes,
                                                                    targets, batch[i]):
            name = symbol = "Y"
        elif node.is_leaf and not node.requires_grad and np.size(node.data) == 1:
            name = symbol = number_text(np.asarray(node.data).item())  # a constant: its number
        elif node.is_leaf:
            role = "viz.name.constant" if not node.requires_grad else "viz.name.input"
            name = symbol = messages.text(role, lang)
        else:
            name = _expression(node, symbols)
            if len(name) > MAX_EXPRESSION:
                counts[node.op.name] = counts.get(node.op.name, 0) + 1
                name = f"{node.op.name}{_subscript(counts[node.op.name])}"
            symbol = name
        symbols[id(node)] = symbol
        code = f"{float(np.asarray(node.data).item()):g}" if node.is_leaf and symbol == \
            name and np.size(node.data) == 1 and not node.requires_grad and not label else \
            _code(symbol, i)
        names.append(NodeName(name, alias if alias != name else "", symbol, code, batch[i]))
    return GraphNames(nodes, tuple(names), m)


def batch_size(nodes: Sequence[Node]) -> int | None:
    """The batch size m: the first axis of the first input that is a matrix (not a
    parameter), or None."""
    for node in nodes:
        if node.is_leaf and not style.is_parameter_leaf(node) and np.ndim(node.data) >= 2:
            return int(np.shape(node.data)[0])
    return None


def _batch_flags(nodes: Sequence[Node], m: int | None) -> list[bool]:
    flags: dict[int, bool] = {}
    out = []
    for node in nodes:
        shape = np.shape(node.data)
        has_rows = m is not None and len(shape) >= 1 and shape[0] == m
        if node.is_leaf:
            flag = has_rows and not style.is_parameter_leaf(node)
        else:  # (a bias broadcast over the rows has them too)
            flag = has_rows and (node.op.name == "BroadcastTo" or any(
                flags[id(p)] for p in node.parents))
        flags[id(node)] = flag
        out.append(flag)
    return out


@dataclass(frozen=True)
class LinearLayer:
    """A linear layer found in a graph: its output ``z`` (a ``Linear`` op's node, or the
    Add of ``x @ W + b``), the ops inside it (the MatMul and a BroadcastTo of the bias,
    for one built by hand), its ``weight`` and its ``bias`` (None without one)."""

    z: Node
    ops: tuple[Node, ...]
    weight: Node
    bias: Node | None


def linear_layers(nodes: Sequence[Node]) -> list[LinearLayer]:
    """The linear layers of a graph (``nodes`` in topological order), in forward order:
    ``Linear`` op nodes, and ``x @ W + b`` (or ``x @ W``) with W a trainable matrix."""
    layers: list[LinearLayer] = []
    inside: set[int] = set()  # the MatMul of an ``x @ W + b``: part of its layer
    for node in reversed(nodes):  # outputs first, so an Add claims its MatMul
        if node.op is None or id(node) in inside:
            continue
        parents = node.parents
        if node.op.name == "Linear" and len(parents) == 3 and _is_weight(parents[1]):
            layers.append(LinearLayer(node, (node,), parents[1], parents[2]))
        elif node.op.name == "Add" and len(parents) == 2:
            product, bias = parents
            if product.op is None or product.op.name != "MatMul" or not _is_weight(
                    product.parents[1]):
                continue
            ops = [node, product]
            if bias.op is not None and bias.op.name == "BroadcastTo":
                ops.append(bias)
                bias = bias.parents[0]
            if bias.is_leaf and bias.requires_grad:
                inside.add(id(product))
                layers.append(LinearLayer(node, tuple(ops), product.parents[1], bias))
        elif node.op.name == "MatMul" and len(parents) == 2 and _is_weight(parents[1]):
            layers.append(LinearLayer(node, (node,), parents[1], None))
    return layers[::-1]


def layer_aliases(nodes: Sequence[Node]) -> dict[int, str]:
    """id(node) -> ``W^[l]``, ``b^[l]``, ``Z^[l]``, ``A^[l]``: the linear layers of the
    graph numbered in forward order, their weights, biases and outputs, and the
    activation applied to each output."""
    aliases: dict[int, str] = {}
    layer_of: dict[int, int] = {}  # id(Z node) -> l
    for count, layer in enumerate(linear_layers(nodes), start=1):
        layer_of[id(layer.z)] = count
        aliases[id(layer.z)] = f"Z^[{count}]"
        aliases.setdefault(id(layer.weight), f"W^[{count}]")
        if layer.bias is not None:
            aliases.setdefault(id(layer.bias), f"b^[{count}]")
    for node in nodes:
        if node.op is None or len(node.parents) != 1:
            continue
        parent = node.parents[0]
        if id(parent) in layer_of and node.op.name in _ACTIVATIONS and id(node) not in aliases:
            aliases[id(node)] = f"A^[{layer_of[id(parent)]}]"
    return aliases


def _is_weight(node: Node) -> bool:
    return node.is_leaf and node.requires_grad and np.ndim(node.data) == 2


def _is_target(node: Node, consumers: dict[int, list[int]], scopes: list[str],
               targets: set[str], batch: bool) -> bool:
    """The first constant with a batch axis that only a loss uses: the loss's target."""
    users = consumers.get(id(node), [])
    found = {scopes[i] for i in users}
    if not batch or len(found) != 1:
        return False
    (scope,) = found
    if scope.rsplit("/", 1)[-1] not in LOSS_SCOPES or scope in targets:
        return False
    targets.add(scope)
    return True


def _expression(node: Node, symbols: dict[int, str]) -> str:
    """The op's result as a short formula over its inputs' names, parenthesized so that it
    reads as the arithmetic it is: ``(Z^[3] − Y)²``, ``(1/2)·(Z^[3] − Y)²``, ``−(a + b)``."""
    parents = node.parents
    args = [symbols.get(id(p), "?") for p in parents]
    name = node.op.name
    if name == "Mul" and len(args) == 2 and parents[0] is parents[1]:
        return F.power_text(args[0], 2)
    if name == "Sum" and len(args) == 1:
        return "Σ" + F.grouped(args[0])
    if name in _INFIX and len(args) == 2:
        sign = _INFIX[name]
        if name == "Mul" and any(np.size(p.data) == 1 for p in parents):
            sign = "·"  # a number times a tensor
        return _infix(sign, args[0], args[1])
    if name == "Neg" and len(args) == 1:
        return "−" + F.operand(args[0], F.POWER)
    if name == "BroadcastTo" and len(args) == 1:
        return f"bcast({args[0]})"
    exponent = getattr(node.op, "exponent", None)
    if name == "Pow" and len(args) == 1 and isinstance(exponent, (int, float)):
        return F.power_text(args[0], exponent)
    if name == "Pow" and len(args) == 2:
        return F.power_text(args[0], args[1])
    return f"{name.lower()}({', '.join(args)})"


def _infix(sign: str, left: str, right: str) -> str:
    """``left sign right`` with the parentheses the sign's precedence asks for: a − (b − c),
    a/(b·c), (1/2)·x, a + (−b)."""
    prec = F.SUM if sign in "+−" else F.PRODUCT
    product = sign in ("⊙", "·")

    def wrapped(text: str, right_side: bool) -> bool:
        p = F.precedence(text)
        if p < prec or right_side and text.startswith("−"):
            return True
        if p == prec and right_side and sign in ("−", "/"):
            return True  # the right side of a difference or a quotient binds tighter
        return product and F.is_quotient(text)

    left = f"({left})" if wrapped(left, False) else left
    right = f"({right})" if wrapped(right, True) else right
    return f"{left}{sign}{right}" if sign == "·" else f"{left} {sign} {right}"


def _plain(alias: str) -> str:
    """``W^[1]`` -> ``W1``: the tutorial's numpy spelling of an alias."""
    return re.sub(r"\^\[(\d+)\]", r"\1", alias)


def _code(symbol: str, i: int) -> str:
    code = _plain(symbol).replace(".", "_")
    if code == "L":
        return "loss"
    return code if code.isascii() and code.isidentifier() else f"t{i}"  # not x·1


def _subscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def module_title(scope_name: str, nodes: Sequence[Node]) -> str:
    """A module box's title: ``Linear(3→2)`` for a linear layer, the op's name
    (``Sigmoid``) for a module of one op, else the module's scope name."""
    ops = [n for n in nodes if n.op is not None]
    if len(ops) == 1 and ops[0].op.name == "Linear" and len(ops[0].parents) >= 2:
        w = np.shape(ops[0].parents[1].data)
        if len(w) == 2:
            return f"Linear({w[0]}→{w[1]})"
    return ops[0].op.name if len(ops) == 1 else scope_name
