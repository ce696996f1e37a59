"""autograd: a small reverse-mode automatic differentiation engine.

The engine lives in :mod:`autograd.engine`; this module re-exports its public
names and the tools built on it (gradient checks, anomaly detection, ...).
"""

from . import exercises, functional, functions, messages, ops
from .anomaly import AnomalyError, detect_anomaly
from .engine import (
    AutogradError,
    BackwardStep,
    Domain,
    HookHandle,
    Node,
    Op,
    Tensor,
    Value,
    apply,
    as_tensor,
    backward_steps,
    current_scope,
    enable_grad,
    grad,
    is_grad_enabled,
    is_parameter,
    local_derivatives,
    name_scope,
    no_grad,
    sum_values,
    topological_order,
)
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
    "exercises",
    "functional",
    "functions",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "is_parameter",
    "local_derivatives",
    "messages",
    "name_scope",
    "no_grad",
    "numerical_grad",
    "ops",
    "sum_values",
    "topological_order",
]
