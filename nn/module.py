"""Modules: parameters, Module, Sequential, Linear and the activation modules.

A :class:`Module` finds its parameters and sub-modules by looking at its
attributes (plain attributes, or lists/tuples of them), like PyTorch and
micrograd. ``state_dict`` keys are dotted paths: ``"0.weight"``,
``"layers.1.neurons.3.w.0"``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from autograd import AutogradError, Tensor, Value, as_tensor, is_parameter, name_scope
from autograd.engine.checks import check_positive_int

from . import functional as F
from . import init as _init

# ---------------------------------------------------------------------------
# Parameters


class Parameter(Tensor):
    """A Tensor that a Module trains: ``requires_grad=True`` by default.

    Ops on a Parameter return plain Tensors. ``module_path`` is its name in
    ``named_parameters()`` of the model that holds it (``"0.weight"``), which
    drawings show.
    """

    __slots__ = ("_owner",)
    is_parameter = True

    def __init__(
        self, data: Any, requires_grad: bool = True, label: str = "", dtype: Any = None
    ) -> None:
        super().__init__(data, requires_grad=requires_grad, label=label, dtype=dtype)

    @property
    def module_path(self) -> str | None:
        """The dotted name of this parameter in the model that holds it (``"0.weight"``,
        ``"layers.1.bias"``), or None: held by no module, or by more than one."""
        return owner_path(self)

    def __repr__(self) -> str:
        return "Parameter" + super().__repr__()[len("Tensor") :]


class ValueParameter(Value):
    """A scalar :class:`Value` that a Module trains (the scalar flavour's Parameter)."""

    __slots__ = ("_owner",)
    is_parameter = True

    @property
    def module_path(self) -> str | None:
        """As :attr:`Parameter.module_path`."""
        return owner_path(self)

    def __repr__(self) -> str:
        return "ValueParameter" + super().__repr__()[len("Value") :]


# Where a parameter or module is registered: (the module holding it, its key there), or
# _SHARED once a second module (or key) holds it too, so no single path is right.
_SHARED = "shared"


def _register(item: Any, owner: Module, key: str) -> None:
    found = getattr(item, "_owner", None)
    mark = (owner, key)
    if found is None:
        object.__setattr__(item, "_owner", mark)
    elif found is not _SHARED and (found[0] is not owner or found[1] != key):
        object.__setattr__(item, "_owner", _SHARED)


def owner_path(item: Any) -> str | None:
    """``item``'s dotted name in ``named_parameters()`` of the outermost module holding
    it, or None when no module holds it or more than one does."""
    parts, top = [], None
    mark = getattr(item, "_owner", None)
    while mark is not None:
        if mark is _SHARED:
            return None
        top, key = mark
        parts.append(key)
        mark = vars(top).get("_owner")
    if top is None:
        return None
    path = ".".join(reversed(parts))
    # the registration is a hint; the model's own listing decides (a module replaced
    # since, or a list changed after it was assigned, gives None, never a wrong name)
    return path if dict(top.named_parameters()).get(path) is item else None


# ---------------------------------------------------------------------------
# Module


class StateDictError(AutogradError, KeyError):
    """A state dict with missing or unexpected keys (a KeyError with a readable message)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class Module:
    """Base class of every layer and model.

    Subclasses set parameters and sub-modules as attributes in ``__init__`` and
    write ``forward``; calling the module runs ``forward`` inside a
    :func:`autograd.name_scope` named after the module, so a drawn graph can be
    grouped by module (``"MLP/Layer0/Neuron3"``).
    """

    training: bool = True
    _name: str | None = None  # set by the parent that registers this module
    _owner: Any = None  # (parent, key), set by the parent that registers this module

    def __init__(self) -> None:
        object.__setattr__(self, "training", True)

    def __setattr__(self, key: str, value: Any) -> None:
        if isinstance(value, Module):
            object.__setattr__(value, "_name", key)
            _register(value, self, key)
        elif is_parameter(value):
            if not value.label:
                value.label = key
            _register(value, self, key)
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if isinstance(item, Module):
                    object.__setattr__(item, "_name", f"{type(item).__name__}{i}")
                elif is_parameter(item) and not item.label:
                    item.label = f"{key}{i}"
                if isinstance(item, Module) or is_parameter(item):
                    _register(item, self, f"{key}.{i}")
        object.__setattr__(self, key, value)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with name_scope(self._name or type(self).__name__):
            return self.forward(*args, **kwargs)

    # -- traversal -----------------------------------------------------------
    def _members(self) -> Iterator[tuple[str, Any]]:
        """Direct parameters and sub-modules as ``(name, object)``, in attribute order."""
        for key, value in vars(self).items():
            if key.startswith("_"):
                continue
            if isinstance(value, (list, tuple)):
                for i, item in enumerate(value):
                    if isinstance(item, Module) or is_parameter(item):
                        yield f"{key}.{i}", item
            elif isinstance(value, Module) or is_parameter(value):
                yield key, value

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """Direct sub-modules as ``(name, module)``."""
        for name, m in self._members():
            if isinstance(m, Module):
                yield name, m

    def children(self) -> Iterator[Module]:
        for _, m in self.named_children():
            yield m

    def named_modules(self, prefix: str = "") -> Iterator[tuple[str, Module]]:
        """This module and every sub-module, depth first, with dotted names."""
        yield prefix, self
        for name, m in self.named_children():
            yield from m.named_modules(f"{prefix}.{name}" if prefix else name)

    def modules(self) -> Iterator[Module]:
        for _, m in self.named_modules():
            yield m

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Tensor | Value]]:
        """Every parameter with its dotted name; a shared parameter is listed once."""
        return self._named_parameters(prefix, set())

    def _named_parameters(self, prefix: str, seen: set[int]) -> Iterator[tuple[str, Any]]:
        for name, item in self._members():
            full = f"{prefix}.{name}" if prefix else name
            if isinstance(item, Module):
                yield from item._named_parameters(full, seen)
            elif id(item) not in seen:
                seen.add(id(item))
                yield full, item

    def parameters(self) -> list[Tensor | Value]:
        """All parameters, as a list (pass it to an optimizer)."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        """Reset every parameter's gradient (None for Tensors, 0.0 for Values)."""
        for p in self.parameters():
            p.grad = 0.0 if isinstance(p, Value) else None

    def num_parameters(self) -> int:
        """How many numbers the parameters hold."""
        return sum(1 if isinstance(p, Value) else p.size for p in self.parameters())

    # -- mode ----------------------------------------------------------------------
    def train(self, mode: bool = True) -> Module:
        """Set training mode on this module and all sub-modules; returns self."""
        for m in self.modules():
            object.__setattr__(m, "training", bool(mode))
        return self

    def eval(self) -> Module:
        """Set evaluation mode (``train(False)``); returns self."""
        return self.train(False)

    # -- checkpoints -----------------------------------------------------------------
    def state_dict(self) -> dict[str, np.ndarray]:
        """A copy of every parameter as ``{dotted name: numpy array}``."""
        return {
            name: np.array(p.data, dtype=np.float64 if isinstance(p, Value) else p.dtype)
            for name, p in self.named_parameters()
        }

    def load_state_dict(
        self, state: Mapping[str, Any], strict: bool = True
    ) -> tuple[list[str], list[str]]:
        """Copy arrays from ``state`` into the parameters, in place.

        Everything is checked before anything is written. With ``strict``, a
        missing or unexpected key raises :class:`StateDictError` (a KeyError)
        naming it; a shape that differs always raises ValueError naming the
        key and both shapes. Returns ``(missing, unexpected)`` key lists.
        """
        if not isinstance(state, Mapping):
            raise TypeError(
                f"load_state_dict takes a mapping of name -> array (e.g. from state_dict() "
                f"or nn.load); got {type(state).__name__}"
            )
        params = dict(self.named_parameters())
        missing = [k for k in params if k not in state]
        unexpected = [k for k in state if k not in params]
        if strict and (missing or unexpected):
            parts = []
            if missing:
                parts.append(f"missing keys {missing}")
            if unexpected:
                parts.append(f"unexpected keys {unexpected}")
            raise StateDictError(
                f"{type(self).__name__}.load_state_dict: " + " and ".join(parts)
                + f"; the model's keys are {list(params)}"
            )
        arrays = {}
        for key, p in params.items():
            if key not in state:
                continue
            arr = _as_state_array(state[key], key)
            want = () if isinstance(p, Value) else p.shape
            if arr.shape != want:
                raise ValueError(
                    f"load_state_dict: shape mismatch for {key!r}: the model expects {want}, "
                    f"the state dict has {arr.shape}"
                )
            arrays[key] = arr
        for key, arr in arrays.items():
            p = params[key]
            if isinstance(p, Value):
                p.data = float(arr)
            else:
                p.data[...] = arr
        return missing, unexpected

    # -- printing --------------------------------------------------------------------
    def extra_repr(self) -> str:
        """The text inside this module's parentheses in ``repr``."""
        return ""

    def __repr__(self) -> str:
        children = list(self.named_children())
        head = f"{type(self).__name__}({self.extra_repr()}"
        if not children:
            return head + ")"
        lines = [f"  ({name}): " + repr(m).replace("\n", "\n  ") for name, m in children]
        return head + "\n" + "\n".join(lines) + "\n)"


def _as_state_array(x: Any, key: str) -> np.ndarray:
    if isinstance(x, (Tensor, Value)):
        x = x.data
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"load_state_dict: {key!r} must be a numeric array; got {type(x).__name__} "
            f"with dtype {arr.dtype}"
        )
    return arr


# ---------------------------------------------------------------------------
# Containers and layers


class Sequential(Module):
    """Modules applied one after another: ``Sequential(Linear(2, 4), Tanh(), Linear(4, 1))``.

    State dict keys start with the index: ``"0.weight"``, ``"2.bias"``.
    """

    def __init__(self, *modules: Module) -> None:
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], (list, tuple)):
            modules = tuple(modules[0])
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                raise TypeError(
                    f"Sequential takes Modules; item {i} is a {type(m).__name__} ({m!r})"
                )
        self._layers: list[Module] = []
        for m in modules:
            self.append(m)

    def append(self, module: Module) -> Sequential:
        """Add a module at the end; returns self."""
        if not isinstance(module, Module):
            raise TypeError(f"Sequential.append takes a Module; got {type(module).__name__}")
        object.__setattr__(module, "_name", f"{type(module).__name__}{len(self._layers)}")
        _register(module, self, str(len(self._layers)))
        self._layers.append(module)
        return self

    def _members(self) -> Iterator[tuple[str, Any]]:
        for i, m in enumerate(self._layers):
            yield str(i), m

    def forward(self, x: Any) -> Any:
        for m in self._layers:
            x = m(x)
        return x

    def __getitem__(self, i: int) -> Module:
        return self._layers[i]

    def __len__(self) -> int:
        return len(self._layers)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._layers)


InitName = str | Callable[..., np.ndarray]


class Linear(Module):
    """``y = x @ weight + bias`` with rows as samples, as the tutorials write it.

    ``weight`` has shape ``(in_features, out_features)`` (the tutorials' ``W1``),
    ``bias`` has shape ``(out_features,)``. ``init`` names a function of
    :mod:`nn.init` (default ``"lecun_normal"``: the tutorials'
    ``randn(in, out) / sqrt(in)``) or is a callable ``(shape, rng=...) -> array``;
    the bias starts at zero. ``rng`` is a seed or numpy Generator.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        *,
        init: InitName = "lecun_normal",
        rng: Any = None,
        dtype: Any = np.float64,
    ) -> None:
        super().__init__()
        for what, n in (("in_features", in_features), ("out_features", out_features)):
            check_positive_int(n, f"Linear {what}")
        self.in_features, self.out_features = int(in_features), int(out_features)
        fn = _init.get(init)
        w = fn((self.in_features, self.out_features), rng=_init.make_rng(rng))
        self.weight = Parameter(w, dtype=dtype)
        self.bias = Parameter(np.zeros(self.out_features), dtype=dtype) if bias else None

    def forward(self, x: Any) -> Tensor:
        x = as_tensor(x)  # a float array is used as is, not copied
        shape = x.data.shape
        if not shape or shape[-1] != self.in_features:
            raise ValueError(
                f"Linear({self.in_features}, {self.out_features}) takes inputs whose last "
                f"dimension is {self.in_features}; got shape {shape}"
            )
        if self.bias is None:
            return x @ self.weight
        return F.LINEAR(x, self.weight, self.bias)  # one node (F.linear, checked above)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class ReLU(Module):
    """max(x, 0), element-wise."""

    def forward(self, x: Any) -> Any:
        return F.relu(x)


class LeakyReLU(Module):
    """x where x > 0, else ``negative_slope * x``."""

    def __init__(self, negative_slope: float = 0.01) -> None:
        super().__init__()
        self.negative_slope = float(negative_slope)

    def forward(self, x: Any) -> Any:
        return F.leaky_relu(x, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope:g}"


class Tanh(Module):
    """tanh(x), element-wise."""

    def forward(self, x: Any) -> Any:
        return F.tanh(x)


class Sigmoid(Module):
    """1 / (1 + exp(-x)), element-wise."""

    def forward(self, x: Any) -> Any:
        return F.sigmoid(x)

