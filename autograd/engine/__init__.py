"""The engine: grad mode, ops, nodes, the backward pass, Value and Tensor.

It imports nothing from the rest of the package; the tools (gradient checks,
strategies, drawings, ...) are built on top of it through the public names
below.
"""

from . import ops
from .backward import (
    BackwardStep,
    backward_steps,
    call_backward,
    grad,
    local_derivatives,
    topological_order,
)
from .domain import NONZERO, POSITIVE, REAL, Domain
from .errors import AutogradError
from .mode import (
    AnomalyChecker,
    GradMode,
    ModeSwitch,
    current_scope,
    enable_grad,
    is_grad_enabled,
    name_scope,
    no_grad,
)
from .node import HookHandle, Node, is_parameter
from .op import Op, apply
from .tensor import Tensor, as_tensor
from .value import Value, sum_values

__all__ = [
    "NONZERO", "POSITIVE", "REAL", "AnomalyChecker", "AutogradError", "BackwardStep", "Domain",
    "GradMode", "HookHandle", "ModeSwitch", "Node", "Op", "Tensor", "Value", "apply",
    "as_tensor", "backward_steps", "call_backward", "current_scope", "enable_grad", "grad",
    "is_grad_enabled", "is_parameter", "local_derivatives", "name_scope", "no_grad", "ops",
    "sum_values", "topological_order",
]
