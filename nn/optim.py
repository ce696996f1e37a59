"""Optimizers with PyTorch's update formulas: SGD, Adam, Adagrad, RMSprop.

Each takes a list of parameters (Tensor or Value, e.g. ``model.parameters()``)
and updates their ``.data`` in place in ``step()``. Tensor parameters whose
``.grad`` is None are skipped, as in PyTorch. Value parameters are packed into
one float64 vector per step, so a scalar MLP with hundreds of Values is
updated with a few numpy calls instead of a Python loop of formulas.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd import Tensor, Value


class Optimizer:
    """Base class: holds the parameters and per-parameter state; subclasses write ``_update``.

    ``_update(data, grad, state)`` changes ``data`` in place. ``state`` is a
    dict kept per Tensor parameter (and one for all Value parameters together).
    """

    def __init__(self, params: Iterable[Any], lr: float) -> None:
        if isinstance(params, (Tensor, Value)):
            raise TypeError("optimizer takes an iterable of parameters (e.g. model.parameters()); "
                            f"got a single {type(params).__name__}")
        self.params = list(params)
        if not self.params:
            raise ValueError("optimizer got an empty parameter list")
        for i, p in enumerate(self.params):
            if not isinstance(p, (Tensor, Value)):
                raise TypeError(f"optimizer parameters must be Tensors or Values; item {i} is a "
                                f"{type(p).__name__}")
        _check(lr, "lr")
        self.lr = float(lr)
        self._tensors = [p for p in self.params if isinstance(p, Tensor)]
        self._values = [p for p in self.params if isinstance(p, Value)]
        # Per-parameter state, keyed by id(param); key 0 holds the Values' packed state.
        self.state: dict[int, dict[str, Any]] = {id(p): {} for p in self._tensors}
        self.state[0] = {}
        self._tensor_states = [(p, self.state[id(p)]) for p in self._tensors]
        self.step_count = 0

    def zero_grad(self) -> None:
        """Reset the gradients: None for Tensors (as PyTorch), 0.0 for Values."""
        for p in self._tensors:
            p.grad = None
        for v in self._values:
            v.grad = 0.0

    def step(self) -> None:
        """Update every parameter once from its current ``.grad``.

        The updates work on the raw numpy arrays (``.data`` and the gradient's
        data), so they record no graph, without a ``no_grad`` block.
        """
        self.step_count += 1
        for p, state in self._tensor_states:
            g = p.grad
            if g is None:
                continue
            if type(g) is not np.ndarray:
                g = g.data if isinstance(g, Tensor) else np.asarray(g)  # (create_graph: a Tensor)
            data = p.data
            if g.dtype != data.dtype:
                g = g.astype(data.dtype)
            self._update(data, g, state)
        if self._values:
            data = np.fromiter((v.data for v in self._values), np.float64, len(self._values))
            grad = np.fromiter((float(v.grad) for v in self._values), np.float64, len(self._values))
            self._update(data, grad, self.state[0])
            for v, x in zip(self._values, data.tolist()):
                v.data = x

    def _update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, Any]) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        hyper = ", ".join(f"{k}={v!r}" for k, v in self._hyper().items())
        return f"{type(self).__name__}({hyper})"

    def _hyper(self) -> dict[str, Any]:
        return {"lr": self.lr}


def _check(x: float, name: str, upper: float | None = None) -> None:
    if not isinstance(x, (int, float)) or isinstance(x, bool) or not x >= 0.0:
        raise ValueError(f"{name} must be a number >= 0; got {x!r}")
    if upper is not None and not x < upper:
        raise ValueError(f"{name} must be in [0, {upper}); got {x!r}")


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum and weight decay.

    ``g = grad + weight_decay * p``; with momentum, ``buf = g`` on the first step
    and ``buf = momentum * buf + (1 - dampening) * g`` after, then
    ``g = g + momentum * buf`` (nesterov) or ``g = buf``; finally ``p -= lr * g``.
    """

    def __init__(
        self, params: Iterable[Any], lr: float, momentum: float = 0.0, dampening: float = 0.0,
        weight_decay: float = 0.0, nesterov: bool = False,
    ) -> None:
        super().__init__(params, lr)
        for name, x in (("momentum", momentum), ("dampening", dampening),
                        ("weight_decay", weight_decay)):
            _check(x, name)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("nesterov momentum needs momentum > 0 and dampening = 0")
        self.momentum, self.dampening = float(momentum), float(dampening)
        self.weight_decay, self.nesterov = float(weight_decay), bool(nesterov)

    def _update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, Any]) -> None:
        g = grad + self.weight_decay * data if self.weight_decay else grad
        if self.momentum:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = np.array(g, copy=True)
            else:
                buf *= self.momentum
                buf += (1.0 - self.dampening) * g
            g = g + self.momentum * buf if self.nesterov else buf
        data -= self.lr * g

    def _hyper(self) -> dict[str, Any]:
        return {"lr": self.lr, "momentum": self.momentum, "dampening": self.dampening,
                "weight_decay": self.weight_decay, "nesterov": self.nesterov}


class Adam(Optimizer):
    """Adam (Kingma and Ba), with PyTorch's formula and defaults.

    ``g = grad + weight_decay * p``; ``m = b1 m + (1 - b1) g``;
    ``v = b2 v + (1 - b2) g^2``; with ``t`` the step number,
    ``p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)``.
    ``amsgrad`` uses the running maximum of ``v`` instead of ``v``.
    """

    def __init__(
        self, params: Iterable[Any], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8, weight_decay: float = 0.0, amsgrad: bool = False,
    ) -> None:
        super().__init__(params, lr)
        b1, b2 = betas
        _check(b1, "betas[0]", 1.0)
        _check(b2, "betas[1]", 1.0)
        _check(eps, "eps")
        _check(weight_decay, "weight_decay")
        self.betas = (float(b1), float(b2))
        self.eps, self.weight_decay, self.amsgrad = float(eps), float(weight_decay), bool(amsgrad)

    def _update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, Any]) -> None:
        b1, b2 = self.betas
        g = grad + self.weight_decay * data if self.weight_decay else grad
        if not state:
            state.update(step=0, exp_avg=np.zeros_like(data), exp_avg_sq=np.zeros_like(data))
            if self.amsgrad:
                state["max_exp_avg_sq"] = np.zeros_like(data)
        state["step"] += 1
        t = state["step"]
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m += (1.0 - b1) * (g - m)  # lerp: m = b1 m + (1 - b1) g
        v *= b2
        v += (1.0 - b2) * g * g
        if self.amsgrad:
            np.maximum(state["max_exp_avg_sq"], v, out=state["max_exp_avg_sq"])
            v = state["max_exp_avg_sq"]
        step_size = self.lr / (1.0 - b1**t)
        denom = np.sqrt(v) / math.sqrt(1.0 - b2**t) + self.eps
        data -= step_size * (m / denom)

    def _hyper(self) -> dict[str, Any]:
        return {"lr": self.lr, "betas": self.betas, "eps": self.eps,
                "weight_decay": self.weight_decay, "amsgrad": self.amsgrad}


class Adagrad(Optimizer):
    """Adagrad, with PyTorch's formula and defaults.

    ``g = grad + weight_decay * p``; ``clr = lr / (1 + (t - 1) lr_decay)``;
    ``s += g^2``; ``p -= clr * g / (sqrt(s) + eps)``; ``s`` starts at
    ``initial_accumulator_value``.
    """

    def __init__(
        self, params: Iterable[Any], lr: float = 1e-2, lr_decay: float = 0.0,
        weight_decay: float = 0.0, initial_accumulator_value: float = 0.0, eps: float = 1e-10,
    ) -> None:
        super().__init__(params, lr)
        for name, x in (("lr_decay", lr_decay), ("weight_decay", weight_decay),
                        ("initial_accumulator_value", initial_accumulator_value), ("eps", eps)):
            _check(x, name)
        self.lr_decay, self.weight_decay = float(lr_decay), float(weight_decay)
        self.initial_accumulator_value, self.eps = float(initial_accumulator_value), float(eps)

    def _update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, Any]) -> None:
        g = grad + self.weight_decay * data if self.weight_decay else grad
        if not state:
            state.update(step=0, sum=np.full_like(data, self.initial_accumulator_value))
        state["step"] += 1
        clr = self.lr / (1.0 + (state["step"] - 1) * self.lr_decay)
        s = state["sum"]
        s += g * g
        data -= clr * (g / (np.sqrt(s) + self.eps))

    def _hyper(self) -> dict[str, Any]:
        return {"lr": self.lr, "lr_decay": self.lr_decay, "weight_decay": self.weight_decay,
                "initial_accumulator_value": self.initial_accumulator_value, "eps": self.eps}


class RMSprop(Optimizer):
    """RMSprop, with PyTorch's formula and defaults.

    ``g = grad + weight_decay * p``; ``s = alpha s + (1 - alpha) g^2``;
    centered: ``a = alpha a + (1 - alpha) g`` and ``d = sqrt(s - a^2) + eps``,
    else ``d = sqrt(s) + eps``; with momentum ``buf = momentum buf + g / d`` and
    ``p -= lr * buf``, else ``p -= lr * g / d``.
    """

    def __init__(
        self, params: Iterable[Any], lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
        weight_decay: float = 0.0, momentum: float = 0.0, centered: bool = False,
    ) -> None:
        super().__init__(params, lr)
        for name, x in (("alpha", alpha), ("eps", eps), ("weight_decay", weight_decay),
                        ("momentum", momentum)):
            _check(x, name)
        self.alpha, self.eps, self.weight_decay = float(alpha), float(eps), float(weight_decay)
        self.momentum, self.centered = float(momentum), bool(centered)

    def _update(self, data: np.ndarray, grad: np.ndarray, state: dict[str, Any]) -> None:
        a = self.alpha
        g = grad + self.weight_decay * data if self.weight_decay else grad
        if not state:
            state.update(step=0, square_avg=np.zeros_like(data))
            if self.centered:
                state["grad_avg"] = np.zeros_like(data)
            if self.momentum:
                state["momentum_buffer"] = np.zeros_like(data)
        state["step"] += 1
        s = state["square_avg"]
        s *= a
        s += (1.0 - a) * g * g
        if self.centered:
            ga = state["grad_avg"]
            ga += (1.0 - a) * (g - ga)  # lerp
            denom = np.sqrt(s - ga * ga) + self.eps
        else:
            denom = np.sqrt(s) + self.eps
        if self.momentum:
            buf = state["momentum_buffer"]
            buf *= self.momentum
            buf += g / denom
            data -= self.lr * buf
        else:
            data -= self.lr * (g / denom)

    def _hyper(self) -> dict[str, Any]:
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps,
                "weight_decay": self.weight_decay, "momentum": self.momentum,
                "centered": self.centered}
