"""PyTorch interop: an ``nn`` model as a ``torch.nn`` module and back, with the same numbers.

Usage (torch is the optional ``torch`` extra)::

    tmodel = nn.to_torch(model)                          # a new torch.nn.Sequential
    model2 = nn.from_torch(tmodel)                       # and back (copies, bitwise equal)
    tmodel.load_state_dict(nn.torch_state_dict(model))   # weights only, torch's layout
    nn.load_torch_state_dict(model, tmodel.state_dict()) # and back into our model

What maps to what (the torch side is ``torch.nn``):

========================================  ================================================
this engine                               PyTorch
========================================  ================================================
``Sequential(a, b, ...)``                 ``Sequential(twin(a), twin(b), ...)``
``Linear(i, o, bias)``, weight (i, o)     ``Linear(i, o, bias)``, weight (o, i) = ``weight.T``
``Sigmoid()``, ``Tanh()``, ``ReLU()``     ``Sigmoid()``, ``Tanh()``, ``ReLU()``
``LeakyReLU(s)``                          ``LeakyReLU(s)``
``MLP(i, [h1, ..., hk, o], "relu")``      ``Sequential(Linear(i, h1), ReLU(), ..., Linear(hk, o))``
========================================  ================================================

Weights are transposed because the two libraries write a layer differently:
the tutorials (and :class:`~nn.module.Linear`) compute ``X·W + b`` with ``W``
of shape (in, out), torch computes ``x @ W.T + b`` with ``W`` of shape
(out, in). The transpose is decided by the module's type, never by comparing
shapes: a square (3×3) weight fits either way and would load silently, and
predict wrongly, if it were not transposed.

The scalar :class:`~nn.scalar.MLP` is micrograd's: every hidden layer uses
``activation`` (``"relu"`` by default, or ``"tanh"``, ``"sigmoid"``) and the
last layer is linear, so its twin has an activation module after every
``Linear`` but the last (``activation=None`` or ``"linear"``: none at all).
Neuron ``j`` of layer ``k`` becomes row ``j`` of that ``Linear``'s weight
(torch's (out, in) layout holds one neuron per row) and ``bias[j]``. The MLP
takes one sample (a list of numbers) at a time; its twin takes a batch of rows.
``from_torch(module, scalar=True)`` turns such a twin back into an MLP.

``dtype=None`` keeps each parameter's dtype (float64 unless the model was made
with another; a scalar MLP is float64), so predictions agree to rounding
(about 1e-15). torch is imported only when one of these functions needs it;
without it they raise :class:`TorchNotInstalledError` saying what to install.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd import AutogradError, Tensor, Value
from autograd.engine.checks import check_bool

from .module import LeakyReLU, Linear, Module, ReLU, Sequential, Sigmoid, StateDictError, Tanh
from .scalar import MLP, Layer

__all__ = [
    "SUPPORTED_MODULES", "SUPPORTED_TORCH_MODULES", "TorchConversionError",
    "TorchNotInstalledError", "from_torch", "load_torch_state_dict", "to_torch",
    "torch_state_dict",
]

SUPPORTED_MODULES = ("Sequential", "Linear", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "MLP")
SUPPORTED_TORCH_MODULES = ("Sequential", "Linear", "Sigmoid", "Tanh", "ReLU", "LeakyReLU")
INSTALL_HINT = 'pip install torch (or the extra: pip install "autograd-graphs[torch]")'

# Activations without parameters: our class <-> torch.nn's class of the same name.
_ACTIVATIONS: tuple[type[Module], ...] = (Sigmoid, Tanh, ReLU)
# The scalar MLP's activation names -> the torch.nn class name of their twin.
_MLP_ACTIVATIONS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}
_FLOAT_DTYPES = ("float16", "float32", "float64")  # what both libraries store the same way


class TorchNotInstalledError(AutogradError, ImportError):
    """PyTorch is needed and is not installed (the message says what to pip install)."""


class TorchConversionError(AutogradError, TypeError):
    """A module (or dtype) with no twin on the other side; the message names it, with its
    path inside the model, and lists what is supported."""


def _torch(who: str) -> Any:
    """The ``torch`` module, imported now; a one-line error saying what to install if absent."""
    try:
        return importlib.import_module("torch")
    except ModuleNotFoundError as exc:
        if exc.name != "torch":
            raise
        raise TorchNotInstalledError(
            f"{who} needs PyTorch, which is not installed: {INSTALL_HINT}"
        ) from None


def _where(path: str, module: Any) -> str:
    """``"2 (Dropout)"``, or ``"the model (Conv2d)"`` for the top level."""
    return f"{path or 'the model'} ({type(module).__name__})"


# ---------------------------------------------------------------------------
# The twin's structure, read from one of our models


@dataclass
class _LinearSlot:
    """One torch ``Linear`` of the twin, bound to the parameters it comes from.

    ``read`` gives ``(weight, bias)`` in torch's layout (weight (out, in)), ``write``
    takes them in that layout; they transpose for a Linear, gather neurons for a Layer.
    """

    in_features: int
    out_features: int
    has_bias: bool
    dtype: np.dtype
    requires_grad: bool
    read: Callable[[], tuple[np.ndarray, np.ndarray | None]]
    write: Callable[[np.ndarray, np.ndarray | None], None]


@dataclass
class _Activation:
    torch_name: str  # a class of torch.nn
    kwargs: dict[str, Any]


@dataclass
class _Sequence:
    items: list[Any]  # _LinearSlot, _Activation or _Sequence, in torch's order


def _linear_slot(m: Linear) -> _LinearSlot:
    def read() -> tuple[np.ndarray, np.ndarray | None]:
        return m.weight.data.T, None if m.bias is None else m.bias.data

    def write(weight: np.ndarray, bias: np.ndarray | None) -> None:
        m.weight.data[...] = weight.T  # torch's (out, in) -> our (in, out), by type
        if m.bias is not None:
            m.bias.data[...] = bias

    trainable = m.weight.requires_grad and (m.bias is None or m.bias.requires_grad)
    return _LinearSlot(m.in_features, m.out_features, m.bias is not None, m.weight.dtype,
                       trainable, read, write)


def _layer_slot(layer: Layer) -> _LinearSlot:
    neurons = layer.neurons

    def read() -> tuple[np.ndarray, np.ndarray]:
        weight = np.array([[w.data for w in n.w] for n in neurons], dtype=np.float64)
        return weight, np.array([n.b.data for n in neurons], dtype=np.float64)

    def write(weight: np.ndarray, bias: np.ndarray | None) -> None:
        for n, row, b in zip(neurons, weight.tolist(), bias.tolist()):
            for w, x in zip(n.w, row):
                w.data = x
            n.b.data = b

    trainable = all(p.requires_grad for n in neurons for p in [*n.w, n.b])
    return _LinearSlot(len(neurons[0].w), len(neurons), True, np.dtype(np.float64), trainable,
                       read, write)


def _mlp_items(mlp: MLP) -> list[Any]:
    """The MLP as torch orders it: Linear, activation, ..., Linear (none after the last)."""
    items: list[Any] = []
    for layer in mlp.layers:
        items.append(_layer_slot(layer))
        name = layer.neurons[0].activation
        if name != "linear":
            items.append(_Activation(_MLP_ACTIVATIONS[name], {}))
    return items


def _structure(module: Any, path: str, who: str) -> Any:
    """The torch twin of ``module`` as a tree of slots (exact types: a subclass may have its
    own ``forward``, which no twin would follow)."""
    kind = type(module)
    if kind is Sequential:
        return _Sequence([_structure(m, f"{path}.{i}" if path else str(i), who)
                          for i, m in enumerate(module)])
    if kind is Linear:
        return _linear_slot(module)
    if kind in _ACTIVATIONS:
        return _Activation(kind.__name__, {})
    if kind is LeakyReLU:
        return _Activation("LeakyReLU", {"negative_slope": module.negative_slope})
    if kind is MLP:
        return _Sequence(_mlp_items(module))
    supported = ", ".join(SUPPORTED_MODULES)
    if not isinstance(module, Module):
        from_torch = kind.__module__.startswith("torch.")
        hint = "; for a torch module use nn.from_torch" if from_torch else ""
        raise TypeError(f"{who} takes an nn Module ({supported}); got {kind.__name__}{hint}")
    raise TorchConversionError(
        f"{who}: {_where(path, module)} has no PyTorch twin; supported modules: {supported}"
    )


def _slots(node: Any, prefix: str = "") -> Iterator[tuple[str, _LinearSlot]]:
    """Every Linear slot of the tree with its torch state-dict prefix (``"0"``, ``"1.2"``)."""
    if isinstance(node, _LinearSlot):
        yield prefix, node
    elif isinstance(node, _Sequence):
        for i, item in enumerate(node.items):
            yield from _slots(item, f"{prefix}.{i}" if prefix else str(i))


def _slot_keys(prefix: str, slot: _LinearSlot) -> list[str]:
    dot = f"{prefix}." if prefix else ""
    return [dot + "weight"] + ([dot + "bias"] if slot.has_bias else [])


# ---------------------------------------------------------------------------
# dtypes


def _torch_dtype(torch: Any, dtype: Any) -> Any:
    """torch's dtype for ``dtype`` (a torch dtype, a numpy dtype or its name)."""
    name = str(dtype).removeprefix("torch.") if isinstance(dtype, torch.dtype) else None
    if name is None:
        try:
            name = np.dtype(dtype).name
        except TypeError:
            name = None
    if name not in _FLOAT_DTYPES:
        raise ValueError(
            f"to_torch dtype must be None (keep the model's), or float16, float32 or float64 "
            f"(a torch or numpy dtype, or its name); got {dtype!r:.60}"
        )
    return getattr(torch, name)


def _numpy_dtype(torch_dtype: Any, where: str) -> np.dtype:
    name = str(torch_dtype).removeprefix("torch.")
    if name not in _FLOAT_DTYPES:
        raise TorchConversionError(
            f"from_torch: {where} is {name}; this engine stores float16, float32 or float64 "
            f"(convert first, e.g. module.double())"
        )
    return np.dtype(name)


def _as_numpy(x: Any, key: str) -> np.ndarray:
    """A state-dict entry (a torch tensor, an array, a Tensor) as a numpy array."""
    torch = sys.modules.get("torch")  # a torch tensor exists only if torch was imported
    if torch is not None and isinstance(x, torch.Tensor):
        x = x.detach().cpu()
        return (x.float() if x.dtype == torch.bfloat16 else x).numpy()  # numpy has no bfloat16
    arr = np.asarray(x.data if isinstance(x, (Tensor, Value)) else x)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"load_torch_state_dict: {key!r} must be a numeric array or tensor; "
                        f"got {type(x).__name__} with dtype {arr.dtype}")
    return arr


# ---------------------------------------------------------------------------
# Our model -> torch


def torch_state_dict(model: Module) -> dict[str, Any]:
    """The state dict ``to_torch(model)`` would have: torch's keys, layout and tensors.

    Keys are torch's (``"0.weight"``, ``"2.bias"``; for an MLP the indices count
    its activation modules too), weights are transposed to (out, in), and every
    value is a new ``torch.Tensor`` of the parameter's dtype. Load it with
    ``torch_module.load_state_dict(...)``.
    """
    torch = _torch("nn.torch_state_dict")
    state: dict[str, Any] = {}
    for prefix, slot in _slots(_structure(model, "", "nn.torch_state_dict")):
        weight, bias = slot.read()
        for key, arr in zip(_slot_keys(prefix, slot), (weight, bias)):
            state[key] = torch.tensor(np.ascontiguousarray(arr, dtype=slot.dtype))
    return state


def _build_torch(torch: Any, node: Any, dtype: Any) -> Any:
    if isinstance(node, _Sequence):
        return torch.nn.Sequential(*(_build_torch(torch, item, dtype) for item in node.items))
    if isinstance(node, _Activation):
        return getattr(torch.nn, node.torch_name)(**node.kwargs)
    # skip_init: no random initialisation, so torch's global random state is left alone
    linear = torch.nn.utils.skip_init(
        torch.nn.Linear, node.in_features, node.out_features, bias=node.has_bias,
        dtype=dtype or _torch_dtype(torch, node.dtype))
    linear.requires_grad_(node.requires_grad)
    return linear


def to_torch(model: Module, dtype: Any = None) -> Any:
    """A new ``torch.nn`` module that computes what ``model`` computes.

    ``model`` is a :class:`~nn.module.Sequential`, :class:`~nn.module.Linear`,
    an activation module (``Sigmoid``, ``Tanh``, ``ReLU``, ``LeakyReLU``) or a
    scalar :class:`~nn.scalar.MLP`, nested as you like; anything else raises
    :class:`TorchConversionError` (a TypeError) naming the module and its path
    inside the model. Linear weights are transposed to torch's (out, in).
    ``dtype`` None keeps each parameter's dtype; ``torch.float32`` (or
    ``np.float32``, ``"float32"``) converts. Parameters are copied (the two
    models share no memory); ``requires_grad`` and train/eval mode carry over.
    """
    torch = _torch("nn.to_torch")
    tree = _structure(model, "", "nn.to_torch")
    want = None if dtype is None else _torch_dtype(torch, dtype)
    twin = _build_torch(torch, tree, want)
    with torch.no_grad():
        for prefix, slot in _slots(tree):
            linear = twin.get_submodule(prefix) if prefix else twin
            weight, bias = slot.read()
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight)))
            if bias is not None:
                linear.bias.copy_(torch.from_numpy(np.ascontiguousarray(bias)))
    return twin.train(model.training)


# ---------------------------------------------------------------------------
# torch -> our model


def load_torch_state_dict(
    model: Module, state: Mapping[str, Any], strict: bool = True
) -> tuple[list[str], list[str]]:
    """Copy a torch state dict (torch's keys and (out, in) layout) into ``model``, in place.

    ``state`` is ``torch_module.state_dict()`` of a twin of ``model`` (or the
    same keys with numpy arrays). Everything is checked before anything is
    written: with ``strict``, missing or unexpected keys raise
    :class:`~nn.module.StateDictError` (a KeyError) naming them; a shape that
    differs from torch's layout always raises ValueError naming the key and
    both shapes. Returns ``(missing, unexpected)`` key lists.
    """
    if not isinstance(state, Mapping):
        hint = " (pass module.state_dict())" if callable(getattr(state, "state_dict", None)) else ""
        raise TypeError(f"load_torch_state_dict takes a mapping of name -> tensor{hint}; "
                        f"got {type(state).__name__}")
    slots = list(_slots(_structure(model, "", "nn.load_torch_state_dict")))
    expected = [key for prefix, slot in slots for key in _slot_keys(prefix, slot)]
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    if strict and (missing or unexpected):
        parts = ([f"missing keys {missing}"] if missing else []) + (
            [f"unexpected keys {unexpected}"] if unexpected else [])
        raise StateDictError(f"load_torch_state_dict: {' and '.join(parts)}; the torch twin "
                             f"of this {type(model).__name__} has the keys {expected}")
    writes = []
    for prefix, slot in slots:
        current = slot.read()
        arrays = []
        for key, now in zip(_slot_keys(prefix, slot), current):
            if key not in state:
                arrays.append(now)
                continue
            arr = _as_numpy(state[key], key)
            if arr.shape != now.shape:
                raise ValueError(
                    f"load_torch_state_dict: shape mismatch for {key!r}: the model expects "
                    f"{now.shape} (torch's layout: weight (out, in)), the state dict has "
                    f"{arr.shape}")
            arrays.append(arr)
        writes.append((slot, arrays))
    for slot, arrays in writes:
        slot.write(arrays[0], arrays[1] if slot.has_bias else None)
    return missing, unexpected


def _from_torch_module(torch: Any, module: Any, path: str) -> Module:
    kind = type(module)
    if kind is torch.nn.Sequential:
        return Sequential(*(_from_torch_module(torch, m, f"{path}.{name}" if path else name)
                            for name, m in module.named_children()))
    if kind is torch.nn.Linear:
        dtype = _numpy_dtype(module.weight.dtype, f"{_where(path, module)}'s weight")
        ours = Linear(module.in_features, module.out_features, bias=module.bias is not None,
                      init="zeros", dtype=dtype)
        ours.weight.requires_grad = module.weight.requires_grad
        if ours.bias is not None:
            ours.bias.requires_grad = module.bias.requires_grad
        return ours
    for ours in _ACTIVATIONS:
        if kind is getattr(torch.nn, ours.__name__):
            return ours()
    if kind is torch.nn.LeakyReLU:
        return LeakyReLU(module.negative_slope)
    raise TorchConversionError(
        f"nn.from_torch: {_where(path, module)} has no twin in this engine; supported torch.nn "
        f"modules: {', '.join(SUPPORTED_TORCH_MODULES)}"
    )


def _mlp_from_torch(torch: Any, module: Any) -> MLP:
    """A scalar MLP shaped like ``module``: Linear, act, Linear, ..., Linear (one kind of
    activation, or none), every Linear with a bias; its parameters are loaded after."""
    kind = type(module)
    items = ([module] if kind is torch.nn.Linear
             else list(module) if kind is torch.nn.Sequential else [])
    act = type(items[1]) if len(items) > 1 and type(items[1]) is not torch.nn.Linear else None
    linears = items[::2] if act else items
    expected = [torch.nn.Linear] + [torch.nn.Linear] * (len(linears) - 1)
    if act:
        expected = [torch.nn.Linear] + [act, torch.nn.Linear] * (len(linears) - 1)
    names = {getattr(torch.nn, twin): name for name, twin in _MLP_ACTIVATIONS.items()}
    if (not items or [type(m) for m in items] != expected or (act and act not in names)
            or any(m.bias is None for m in linears)):
        raise TorchConversionError(
            "nn.from_torch(scalar=True) takes a torch.nn.Linear, or a Sequential of Linear "
            "layers with bias and the same activation (ReLU, Tanh or Sigmoid) after each but "
            f"the last, or none (the shape of an MLP); got {module!r:.300}")
    for a, b in zip(linears, linears[1:]):
        if a.out_features != b.in_features:
            raise ValueError(f"nn.from_torch: a Linear with {a.out_features} outputs feeds one "
                             f"with {b.in_features} inputs")
    sizes = [m.out_features for m in linears]
    return MLP(linears[0].in_features, sizes, activation=names[act] if act else "linear", rng=0)


def from_torch(module: Any, scalar: bool = False) -> Module:
    """A new ``nn`` model that computes what the ``torch.nn`` module computes.

    ``torch.nn.Sequential``, ``Linear``, ``Sigmoid``, ``Tanh``, ``ReLU`` and
    ``LeakyReLU`` become their twins here (nested as you like; weights
    transposed to (in, out), dtype kept); anything else raises
    :class:`TorchConversionError` (a TypeError) naming the module and its path,
    e.g. ``2 (Dropout)``. With ``scalar=True`` the result is a scalar
    :class:`~nn.scalar.MLP` (float64 Values), which needs the MLP's shape:
    ``Linear, act, Linear, act, ..., Linear`` with one kind of activation (ReLU,
    Tanh or Sigmoid) or none. Parameters are copied; train/eval mode carries
    over, and so does ``requires_grad`` of Linear layers (an MLP's Values all
    require gradients).
    """
    torch = _torch("nn.from_torch")
    check_bool(scalar, "nn.from_torch scalar")
    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"nn.from_torch takes a torch.nn.Module; got {type(module).__name__}")
    training = module.training
    if scalar:
        ours: Module = _mlp_from_torch(torch, module)
        if type(module) is torch.nn.Linear:  # an MLP's twin is a Sequential: keys "0.weight"
            module = torch.nn.Sequential(module)
    else:
        ours = _from_torch_module(torch, module, "")
    load_torch_state_dict(ours, module.state_dict())
    return ours.train(training)
