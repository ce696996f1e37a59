"""nn: modules, losses, optimizers, initialisers, data and checkpoints on the autograd engine.

>>> import numpy as np
>>> import nn
>>> from nn import functional as F
>>> model = nn.Sequential(nn.Linear(2, 4, rng=0), nn.Tanh(), nn.Linear(4, 1, rng=1))
>>> opt = nn.optim.SGD(model.parameters(), lr=0.1)
>>> x, y = np.ones((8, 2)), np.ones((8, 1))
>>> loss = F.binary_cross_entropy_with_logits(model(x), y)
>>> opt.zero_grad(); loss.backward(); opt.step()
"""

from ._engine_check import shadowing_message

if (_problem := shadowing_message()) is not None:
    raise ImportError(_problem)

from . import data, datasets, functional, init, optim, plot  # noqa: E402
from .module import (  # noqa: E402
    LeakyReLU,
    Linear,
    Module,
    Parameter,
    ReLU,
    Sequential,
    Sigmoid,
    StateDictError,
    Tanh,
    ValueParameter,
    is_parameter,
)
from .progress import ProgressBar  # noqa: E402
from .scalar import MLP, Layer, Neuron  # noqa: E402
from .serialization import CheckpointError, load, save  # noqa: E402
from .torch_interop import (  # noqa: E402  (imports torch only when one of these is called)
    TorchConversionError,
    TorchNotInstalledError,
    from_torch,
    load_torch_state_dict,
    to_torch,
    torch_state_dict,
)

__all__ = [
    "MLP", "CheckpointError", "Layer", "LeakyReLU", "Linear", "Module", "Neuron", "Parameter",
    "ProgressBar", "ReLU", "Sequential", "Sigmoid", "StateDictError", "Tanh",
    "TorchConversionError", "TorchNotInstalledError", "ValueParameter", "data", "datasets",
    "from_torch", "functional", "init", "is_parameter", "load", "load_torch_state_dict", "optim",
    "plot", "save", "to_torch", "torch_state_dict",
]
