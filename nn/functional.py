"""Activations and losses as functions, built from the engine's public ops.

Every function takes Tensors or numpy arrays (and the activations also take
Values); numpy inputs become constant Tensors. Each loss runs in a name scope
of its own name (``mse_loss``, ``cross_entropy``, ...), so a drawing folds its
nodes into one box. The losses are numerically
stable: logits of +-1000 and probabilities of exactly 0 or 1 give finite
losses and finite gradients.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Op, Tensor, Value, as_tensor, name_scope
from autograd import functions as AF

Reduction = str  # "mean" | "sum" | "none"
_REDUCTIONS = ("mean", "sum", "none")

# PyTorch's binary_cross_entropy (CPU kernels): the forward clamps each log at -100; the
# backward is (p - y) / max(p (1 - p), eps), with eps the float32 number nearest 1e-12, also
# where the forward is clamped.
_LOG_FLOOR = -100.0
_BCE_EPS = float(np.float32(1e-12))


def _tensor(x: Any, fn: str, what: str = "input") -> Tensor:
    """``x`` as a Tensor (numpy arrays and numbers are wrapped), or a TypeError naming it."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, Value):
        raise TypeError(f"{fn}: {what} must be a Tensor or numpy array; got a Value (scalar "
                        "flavour). Build the loss from Value ops, or use Tensors")
    try:
        return as_tensor(x)
    except TypeError as e:
        raise TypeError(f"{fn}: {what} must be a Tensor or numpy array of numbers; "
                        f"got {type(x).__name__}: {e}") from None


def _node(x: Any, fn: str) -> Tensor | Value:
    """Activations also accept a Value."""
    return x if isinstance(x, Value) else _tensor(x, fn)


def _reduce(loss: Tensor, reduction: Reduction, fn: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{fn}: reduction must be one of {_REDUCTIONS}; got {reduction!r}")


def _scale(reduction: Reduction, count: int, fn: str) -> float:
    """The factor folded into a loss's constant weights: -1/count for a mean, else -1.

    Folding the sign and the mean into a constant keeps the graph small (no Neg
    and no extra Mul node).
    """
    if reduction == "mean":
        if count == 0:
            raise ValueError(f"{fn}: the mean of an empty batch is undefined; got no elements")
        return -1.0 / count
    if reduction in ("sum", "none"):
        return -1.0
    raise ValueError(f"{fn}: reduction must be one of {_REDUCTIONS}; got {reduction!r}")


def _target(target: Any, like: Tensor, fn: str) -> np.ndarray:
    """A float target array with exactly ``like``'s shape (no silent broadcasting)."""
    t = target.data if isinstance(target, Tensor) else target
    try:
        t = np.asarray(t)
    except ValueError as e:
        raise TypeError(f"{fn}: target must be an array of numbers; got {target!r}: {e}") from None
    if t.dtype.kind not in "biuf":
        raise TypeError(f"{fn}: target must hold numbers; got dtype {t.dtype}")
    if t.shape != like.shape:
        hint = ""
        if t.size == like.size:
            hint = f" (reshape it, e.g. target.reshape{like.shape})"
        raise ValueError(
            f"{fn}: input has shape {like.shape} but target has shape {t.shape}; "
            f"they must be equal{hint}"
        )
    return t.astype(like.dtype, copy=False)


# ---------------------------------------------------------------------------
# Activations


def sigmoid(x: Any) -> Any:
    """1 / (1 + exp(-x)), element-wise (stable for large ``|x|``)."""
    return _node(x, "sigmoid").sigmoid()


def tanh(x: Any) -> Any:
    """tanh(x), element-wise."""
    return _node(x, "tanh").tanh()


def relu(x: Any) -> Any:
    """max(x, 0), element-wise."""
    return _node(x, "relu").relu()


def leaky_relu(x: Any, negative_slope: float = 0.01) -> Any:
    """x where x > 0, else ``negative_slope * x``.

    Built as one Mul by a constant mask (1 or the slope), so the graph has one
    node and the derivative (1 or the slope) is exact.
    """
    x = _node(x, "leaky_relu")
    slope = float(negative_slope)
    if isinstance(x, Value):
        return x * (1.0 if x.data > 0 else slope)
    return x * np.where(x.data > 0, 1.0, slope).astype(x.dtype, copy=False)


def log_softmax(x: Any, axis: int = -1) -> Tensor:
    """log(softmax(x)) along ``axis``, computed stably (one LogSoftmax node)."""
    return _tensor(x, "log_softmax").log_softmax(axis)


def softmax(x: Any, axis: int = -1) -> Tensor:
    """exp(x) / sum(exp(x)) along ``axis``, computed stably as exp(log_softmax(x))."""
    return _tensor(x, "softmax").log_softmax(axis).exp()


# ---------------------------------------------------------------------------
# Layers


class LinearOp(Op):
    """y = x @ w + b, one node (the tutorials' ``Z = X W + b`` with its three gradients)."""

    name = "Linear"
    derivatives = "∂L/∂x = g @ wᵀ, ∂L/∂w = xᵀ @ g, ∂L/∂b = g summed over the rows"
    gradient_rules = {"x": "g @ w.T", "w": "rows(x).T @ rows(g)", "b": "sum_rows(g)"}
    elementwise = False

    def forward(self, x, w, b):
        return x @ w + b

    def backward(self, g, y, x, w, b, needs=None):
        gx = g @ w.mT if needs is None or needs[0] else None
        gw = gb = None
        if needs is None or needs[1]:
            if x.ndim == 2:
                gw = x.mT @ g
            else:  # a single row, or more batch axes: as rows of one matrix
                gw = x.reshape(-1, x.shape[-1]).mT @ g.reshape(-1, g.shape[-1])
        if needs is None or needs[2]:
            gb = AF.sum_to(g, b.shape)
        return gx, gw, gb


LINEAR = LinearOp()  # shared: the op keeps no state


def linear(x: Any, weight: Any, bias: Any = None) -> Tensor:
    """``x @ weight + bias`` as one ``Linear`` node (just ``x @ weight`` without a bias).

    ``weight`` has shape ``(in_features, out_features)`` (the tutorials' ``W1``;
    PyTorch's ``F.linear`` takes its transpose), ``bias`` shape
    ``(out_features,)``; ``x`` has ``in_features`` as its last dimension.
    One node instead of ``MatMul``, ``BroadcastTo`` and ``Add`` makes a
    training step faster; its gradients are the tutorials' ``dZ @ Wᵀ``,
    ``Xᵀ @ dZ`` and ``sum(dZ, axis=0)``.
    """
    x, w = _tensor(x, "linear"), _tensor(weight, "linear", "weight")
    if w.ndim != 2 or x.ndim == 0 or x.shape[-1] != w.shape[0]:
        raise ValueError(f"linear: x of shape {x.shape} and weight of shape {w.shape} do not "
                         "fit: weight must be (in_features, out_features), x (..., in_features)")
    if bias is None:
        return x @ w
    b = _tensor(bias, "linear", "bias")
    if b.shape != (w.shape[1],):
        raise ValueError(f"linear: bias must have shape ({w.shape[1]},); got {b.shape}")
    return LINEAR(x, w, b)


# ---------------------------------------------------------------------------
# Losses


@name_scope("mse_loss")  # one box in a drawing
def mse_loss(input: Any, target: Any, reduction: Reduction = "mean") -> Tensor:
    """Mean squared error ``mean((input - target) ** 2)``.

    ``target`` must have the input's shape. The tutorials' ``1/2 (z - y)^2``
    is ``0.5 * mse_loss(z, y, reduction="sum")`` for one sample.
    """
    x = _tensor(input, "mse_loss")
    diff = x - _target(target, x, "mse_loss")
    return _reduce(diff * diff, reduction, "mse_loss")


def _bce_values(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """PyTorch's forward: ``(y - 1) max(log1p(-p), -100) - y max(log p, -100)``."""
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), _LOG_FLOOR)
        log_q = np.maximum(np.log1p(-p), _LOG_FLOOR)
    return (y - 1) * log_q - y * log_p


def _bce_potential(p: Tensor, y: np.ndarray, weight: float) -> Tensor:
    """A node whose derivative is PyTorch's BCE gradient ``weight (p - y) / max(p (1 - p), eps)``.

    Where ``p (1 - p) >= eps`` that is the derivative of ``-(y log p + (1 - y) log(1 - p))``,
    so second derivatives there are the true ones; elsewhere it is the derivative of
    ``(p - y)^2 / (2 eps)``. Only its gradient is used, never its value.
    """
    dtype = p.dtype
    eps = np.asarray(_BCE_EPS, dtype)
    inside = (1 - p.data) * p.data >= eps
    terms = []
    if inside.any():
        q = p
        if not inside.all():  # keep the logs finite where their weight is 0
            q = p.clip(np.finfo(dtype).tiny, np.nextafter(dtype.type(1), dtype.type(0)))
        w = (weight * inside).astype(dtype)
        terms += [q.log() * (-y * w), (1.0 - q).log() * ((y - 1) * w)]
    if not inside.all():
        d = p - y
        terms.append(d * d * ((weight * ~inside) / (2 * eps)).astype(dtype))
    if not terms:  # an empty batch
        return p * dtype.type(0)
    potential = terms[0]
    for term in terms[1:]:
        potential = potential + term
    return potential


@name_scope("binary_cross_entropy")  # one box in a drawing
def binary_cross_entropy(input: Any, target: Any, reduction: Reduction = "mean") -> Tensor:
    """``-(y log p + (1 - y) log(1 - p))`` for probabilities ``p`` in [0, 1], as PyTorch has it.

    Each log is clamped at -100 (``log(1 - p)`` is computed as ``log1p(-p)``), so ``p`` of
    exactly 0 or 1 gives a finite loss. The gradient is PyTorch's,
    ``(p - y) / max(p (1 - p), 1e-12)``: finite everywhere, and not 0 where the loss is clamped
    (``p = 1`` with ``y = 0`` still pushes ``p`` down). Prefer
    :func:`binary_cross_entropy_with_logits` on raw scores.
    """
    fn = "binary_cross_entropy"
    p = _tensor(input, fn)
    y = _target(target, p, fn)
    if p.size:
        lo, hi = float(np.min(p.data)), float(np.max(p.data))
        if not (lo >= 0.0 and hi <= 1.0):  # also catches nan
            raise ValueError(
                f"binary_cross_entropy takes probabilities in [0, 1]; got values in "
                f"[{lo:g}, {hi:g}] (pass raw scores to binary_cross_entropy_with_logits)"
            )
    weight = -_scale(reduction, p.size, fn)  # 1/n for a mean, else 1
    values = _bce_values(p.data, y)
    # The loss is exactly PyTorch's values; it carries the potential's gradient through a
    # term that is exactly 0: potential - (its own value).
    potential = _bce_potential(p, y, weight)
    zero = potential - potential.data
    if reduction == "none":
        return zero + values
    total = values.mean() if reduction == "mean" else values.sum()
    return zero.sum() + total


@name_scope("binary_cross_entropy_with_logits")  # one box in a drawing
def binary_cross_entropy_with_logits(
    input: Any, target: Any, reduction: Reduction = "mean"
) -> Tensor:
    """Binary cross-entropy on raw scores ``x``: ``BCE(sigmoid(x), y)``, stably.

    Equal to ``max(x, 0) - x y + log(1 + exp(-|x|))``. It is built as a
    two-class log-softmax over ``[0, x]``, so the gradient is exactly
    ``sigmoid(x) - y`` everywhere (also at x = 0, where a max/abs form would
    pick a one-sided derivative) and finite for any x.
    """
    x = _tensor(input, "binary_cross_entropy_with_logits")
    y = _target(target, x, "binary_cross_entropy_with_logits")
    pair = x.reshape(x.shape + (1,)) * np.array([0.0, 1.0], dtype=x.dtype)  # [0, x]
    scale = _scale(reduction, x.size, "binary_cross_entropy_with_logits")
    weights = np.stack([1.0 - y, y], axis=-1) * scale  # -[1 - y, y], over n for the mean
    loss = pair.log_softmax(-1) * weights
    return loss.sum(axis=-1) if reduction == "none" else loss.sum()


def one_hot(labels: Any, num_classes: int) -> np.ndarray:
    """Integer labels of shape (n,) as a float64 (n, num_classes) one-hot array."""
    y = _labels(labels, num_classes, "one_hot")
    out = np.zeros((y.shape[0], num_classes))
    out[np.arange(y.shape[0]), y] = 1.0
    return out


def _labels(labels: Any, num_classes: int, fn: str) -> np.ndarray:
    y = np.asarray(labels.data if isinstance(labels, Tensor) else labels)
    if y.dtype.kind not in "iu" or y.ndim != 1:
        raise TypeError(
            f"{fn} takes integer class labels of shape (n,); got dtype {y.dtype} "
            f"shape {y.shape}"
        )
    # one comparison catches both ends: negative labels wrap to huge unsigned values
    if y.size and (y.astype(np.uint64) >= num_classes).any():
        bad = y[(y < 0) | (y >= num_classes)][0]
        raise ValueError(f"{fn}: label {bad} is out of range for {num_classes} classes "
                         f"(labels must be in 0..{num_classes - 1})")
    return y


class NLLLoss(Op):
    """y = sum over rows i of scale * log_p[i, labels[i]] (the loss of each row for
    ``reduction="none"``): the negative log-likelihood of integer labels, given
    log-probabilities. ``scale`` folds in the sign and the 1/n of a mean."""

    name = "NLLLoss"
    derivatives = "∂L/∂log_p = g · scale at each row's label, 0 elsewhere"
    gradient_rules = {"log_p": "scale * onehot(g)"}
    elementwise = False

    def __init__(self, labels: np.ndarray, scale: float, per_row: bool) -> None:
        self.labels, self.scale, self.per_row = labels, scale, per_row
        self.rows = np.arange(len(labels))

    def forward(self, log_p):
        picked = log_p[self.rows, self.labels]
        picked *= log_p.dtype.type(self.scale)
        return picked if self.per_row else picked.sum()

    def backward(self, g, y, log_p):
        weights = np.zeros(log_p.shape, dtype=log_p.dtype)  # scale at the labels: a constant
        weights[self.rows, self.labels] = self.scale
        return ((g.reshape(-1, 1) if self.per_row else g) * weights,)


@name_scope("cross_entropy")  # one box in a drawing
def cross_entropy(input: Any, target: Any, reduction: Reduction = "mean") -> Tensor:
    """Softmax cross-entropy on logits of shape (n, C).

    ``target`` is either integer class labels of shape (n,) or a float array of
    shape (n, C) (one-hot, or any probability rows). Computed as
    ``-(log_softmax(x) * onehot).sum(axis=1)``, whose gradient is the
    tutorials' ``(softmax(x) - onehot) / n`` with the default mean reduction.
    With integer labels the graph is ``LogSoftmax`` then ``NLLLoss``, which
    picks each row's label (as PyTorch computes it).
    """
    fn = "cross_entropy"
    x = _tensor(input, fn)
    if x.ndim != 2:
        raise ValueError(f"{fn} takes logits of shape (n, C); got shape {x.shape}")
    n, c = x.shape
    t = np.asarray(target.data if isinstance(target, Tensor) else target)
    # The sign and the 1/n are folded into a constant: no Neg and no Mul node.
    scale = _scale(reduction, n, fn)
    if t.dtype.kind in "iu":
        if t.shape != (n,):
            raise ValueError(
                f"{fn}: logits have shape {x.shape}, so integer labels must have shape ({n},); "
                f"got {t.shape}"
            )
        return NLLLoss(_labels(t, c, fn), scale, reduction == "none")(x.log_softmax(-1))
    if t.dtype.kind == "f":
        if t.shape != x.shape:
            raise ValueError(
                f"{fn}: logits have shape {x.shape}, so one-hot/probability targets must have "
                f"shape {x.shape}; got {t.shape} (integer labels need an integer dtype)"
            )
        loss = x.log_softmax(-1) * (t.astype(x.dtype) * scale)
        return loss.sum(axis=1) if reduction == "none" else loss.sum()
    raise TypeError(
        f"{fn}: target must be integer labels (n,) or float one-hot rows (n, C); "
        f"got dtype {t.dtype}"
    )
