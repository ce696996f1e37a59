"""autograd: a small reverse-mode automatic differentiation engine."""

from .anomaly import AnomalyError, detect_anomaly
from .engine import kernels as functions
from .engine.domain import Domain
from .engine.errors import AutogradError
from .engine.graph import (
    BackwardStep,
    HookHandle,
    Node,
    Op,
    apply,
    backward_steps,
    current_scope,
    enable_grad,
    grad,
    is_grad_enabled,
    local_derivatives,
    name_scope,
    no_grad,
    topological_order,
)
from .engine.tensor import Tensor, as_tensor
from .engine.value import Value, sum_values
from .gradcheck import GradcheckError, gradcheck, gradgradcheck, numerical_grad

__all__ = [
    "AnomalyError",
    "AutogradError",
    "BackwardStep",
    "Domain",
    "GradcheckError",
    "HookHandle",
    "Node",
    "Op",
    "Tensor",
    "Value",
    "apply",
    "as_tensor",
    "backward_steps",
    "current_scope",
    "detect_anomaly",
    "enable_grad",
    "functions",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "local_derivatives",
    "name_scope",
    "no_grad",
    "numerical_grad",
    "sum_values",
    "topological_order",
]

# Submodules built on the names above (import them last).
from . import exercises, functional, messages  # noqa: E402, F401
