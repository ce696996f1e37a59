"""autograd: a small reverse-mode automatic differentiation engine."""

from .gradcheck import GradcheckError, gradcheck, gradgradcheck, numerical_grad
from .graph import (
    BackwardStep,
    Node,
    Op,
    backward_steps,
    current_scope,
    enable_grad,
    grad,
    is_grad_enabled,
    name_scope,
    no_grad,
    topological_order,
)
from .tensor import Tensor, as_tensor
from .value import Value, sum_values

__all__ = [
    "BackwardStep",
    "GradcheckError",
    "Node",
    "Op",
    "Tensor",
    "Value",
    "as_tensor",
    "backward_steps",
    "current_scope",
    "enable_grad",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "name_scope",
    "no_grad",
    "numerical_grad",
    "sum_values",
    "topological_order",
]

# Submodules built on the names above (import them last).
from . import exercises, functional  # noqa: E402, F401
