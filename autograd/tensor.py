"""Tensor: the array front end. Wraps a numpy array, with numpy broadcasting."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from . import ops
from .arithmetic import Arithmetic
from .graph import Node, Op, is_grad_enabled, make_node

ArrayLike = Any


def as_array(x: Any, what: str = "Tensor") -> np.ndarray:
    """``x`` as a float numpy array (float32/float64 kept, ints and bools become float64).

    Raises TypeError naming what was passed when it is not numeric.
    """
    if isinstance(x, Tensor):
        return x.data
    if isinstance(x, Node):
        raise TypeError(f"{what} takes numbers or arrays; got a {type(x).__name__} (use Tensor)")
    if isinstance(x, np.ndarray):
        arr = x
    else:
        try:
            arr = np.asarray(x)
        except ValueError as e:  # ragged nested lists
            raise TypeError(f"{what} takes a rectangular array of numbers; got {_short(x)}") from e
    kind = arr.dtype.kind
    if kind == "f":
        return arr
    if kind in "biu":
        return arr.astype(np.float64)
    raise TypeError(
        f"{what} takes real numbers (int, float or bool arrays); "
        f"got {type(x).__name__} with dtype {arr.dtype}: {_short(x)}"
    )


def _short(x: Any) -> str:
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    """The shape numpy broadcasting gives shapes ``a`` and ``b``, or None if they clash.

    (``np.broadcast_shapes`` does the same, but slowly for the engine's hot path.)
    """
    if len(a) < len(b):
        a = (1,) * (len(b) - len(a)) + a
    elif len(b) < len(a):
        b = (1,) * (len(a) - len(b)) + b
    out = []
    for m, n in zip(a, b):
        if m == n or n == 1:
            out.append(m)
        elif m == 1:
            out.append(n)
        else:
            return None
    return tuple(out)


def as_tensor(data: Any) -> Tensor:
    """``data`` as a Tensor, sharing the memory of a float numpy array (like torch.as_tensor).

    A Tensor is returned as it is; anything else goes through ``Tensor(data)``.
    Don't modify a shared array before backward has used it.
    """
    if isinstance(data, Tensor):
        return data
    if isinstance(data, np.ndarray) and data.dtype.kind == "f":
        return Tensor._wrap(data)
    return Tensor(data)


def _normalize_axis(axis: Any, ndim: int) -> tuple[int, ...] | None:
    if axis is None:
        return None
    axes = (axis,) if isinstance(axis, numbers.Integral) else tuple(axis)
    out = []
    for a in axes:
        if not isinstance(a, numbers.Integral) or not -ndim <= a < ndim:
            raise ValueError(f"axis {axis!r} is out of range for a tensor with {ndim} dimensions")
        out.append(int(a) % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"axis {axis!r} repeats an axis")
    return tuple(sorted(out))


class Tensor(Arithmetic, Node):
    """An array in the computational graph (float64 by default, float32 kept).

    >>> w = Tensor([[1.0, 2.0]], requires_grad=True)
    >>> (w * w).sum().backward()
    >>> w.grad
    array([[2., 4.]])
    """

    __slots__ = ()

    def __init__(
        self, data: ArrayLike, requires_grad: bool = False, label: str = "", dtype: Any = None
    ) -> None:
        arr = as_array(data)
        if dtype is not None:
            arr = arr.astype(dtype)
            if arr.dtype.kind != "f":
                raise TypeError(f"Tensor dtype must be a float type; got {dtype!r}")
        elif arr is data or isinstance(data, Tensor):
            arr = arr.copy()  # the tensor owns its data, like torch.tensor
        self._init_leaf(arr, label, requires_grad)

    @classmethod
    def _constant(cls, data: Any) -> Tensor:
        return cls(data)

    @classmethod
    def _wrap(cls, arr: np.ndarray) -> Tensor:
        """A constant leaf around a float array, without copying it."""
        out = cls.__new__(cls)
        out._init_leaf(arr, "", False)
        return out

    def _seed(self) -> np.ndarray:
        if self.data.size != 1:
            raise RuntimeError(
                "backward() without grad needs a single-element output; this tensor has shape "
                f"{self.shape}. Reduce it first (.sum() or .mean()) or pass grad= of that shape"
            )
        return np.ones_like(self.data)

    def _check_grad(self, grad: Any) -> Any:
        if isinstance(grad, Tensor):
            if grad.shape != self.shape:
                raise ValueError(f"grad has shape {grad.shape}; the output has shape {self.shape}")
            return grad
        arr = as_array(grad, "backward(grad=...)")
        if arr.shape != self.shape:
            raise ValueError(f"grad has shape {arr.shape}; the output has shape {self.shape}")
        return arr.astype(self.dtype, copy=False)

    def _accumulate(self, g: Any) -> None:
        if not isinstance(g, Node):  # own a writable copy of the leaf's dtype
            g = np.array(g, dtype=self.data.dtype)
        super()._accumulate(g)

    # -- properties ------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        return self.data.size

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    def __len__(self) -> int:
        return len(self.data)

    def item(self) -> float:
        """The single number in a one-element tensor."""
        if self.data.size != 1:
            raise ValueError(f"item() needs a single-element tensor; got shape {self.shape}")
        return float(self.data.reshape(()))

    def numpy(self) -> np.ndarray:
        """The data as a numpy array (shared, not copied, like torch's .numpy())."""
        return self.data

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.data if dtype is None else self.data.astype(dtype)

    def detach(self) -> Tensor:
        """A new leaf with a copy of the data, no history and no gradient."""
        return Tensor(self.data, label=self.label)

    def __repr__(self) -> str:
        body = np.array2string(self.data, precision=4, separator=", ", threshold=20)
        extra = ", requires_grad=True" if self.requires_grad else ""
        if self.op is not None:
            extra = f", op={self.op.name}"
        dtype = "" if self.dtype == np.float64 else f", dtype={self.dtype}"
        return f"Tensor({body}{dtype}{extra})"

    # -- building the graph ------------------------------------------------------
    def _apply(self, op: Op) -> Tensor:
        return make_node(Tensor, np.asarray(op.forward(self.data)), op, (self,))

    def _operand(self, other: Any, what: str) -> Tensor:
        if isinstance(other, Tensor):
            return other
        if isinstance(other, numbers.Real) and not isinstance(other, Node):
            return Tensor._wrap(np.asarray(other, dtype=self.dtype))  # a number keeps our dtype
        if isinstance(other, np.ndarray) and other.dtype.kind in "biu":
            return Tensor._wrap(other.astype(self.dtype))  # so do int and bool arrays (masks)
        return Tensor._wrap(as_array(other, f"Tensor {what}"))  # used as is, not copied

    def _apply2(self, op: Op, other: Any, swap: bool = False) -> Tensor:
        other = self._operand(other, op.name)
        a, b = self, other
        if swap:
            a, b = other, self
        if a.shape != b.shape:
            shape = broadcast_shape(a.shape, b.shape)
            if shape is None:
                raise ValueError(
                    f"{op.name}: shapes {a.shape} and {b.shape} cannot be broadcast together"
                )
            # Broadcast explicitly where a gradient must flow back, so every
            # element-wise rule sees equal shapes and BroadcastTo sums it back.
            if a.shape != shape and a.requires_grad and is_grad_enabled():
                a = a.broadcast_to(shape)
            if b.shape != shape and b.requires_grad and is_grad_enabled():
                b = b.broadcast_to(shape)
        return make_node(Tensor, np.asarray(op.forward(a.data, b.data)), op, (a, b))

    def __matmul__(self, other: Any) -> Tensor:
        return _matmul(self, self._operand(other, "@"))

    def __rmatmul__(self, other: Any) -> Tensor:
        return _matmul(self._operand(other, "@"), self)

    def log_softmax(self, axis: int = -1) -> Tensor:
        """log(softmax(x)) along ``axis``, computed stably."""
        if not isinstance(axis, numbers.Integral):
            raise TypeError(f"log_softmax takes one axis (an int); got {axis!r}")
        (ax,) = _normalize_axis(axis, self.ndim)
        return self._apply(ops.LogSoftmax(ax))

    # -- reductions and shape ops ------------------------------------------------
    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        return self._apply(ops.Sum(_normalize_axis(axis, self.ndim), bool(keepdims)))

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        axes = _normalize_axis(axis, self.ndim)
        count = self.size if axes is None else int(np.prod([self.shape[a] for a in axes]))
        return self.sum(axes, keepdims) * (1.0 / count if count else math.nan)

    def max(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        if self.size == 0:
            raise ValueError("max() of an empty tensor")
        return self._apply(ops.Max(_normalize_axis(axis, self.ndim), bool(keepdims)))

    def reshape(self, *shape: Any) -> Tensor:
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        try:
            new_shape = np.empty(self.shape, dtype=bool).reshape(shape).shape
        except (ValueError, TypeError):
            raise ValueError(f"cannot reshape shape {self.shape} into {shape}") from None
        return self._apply(ops.Reshape(new_shape))

    def transpose(self, *axes: Any) -> Tensor:
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        n = self.ndim
        if not axes:
            axes = tuple(reversed(range(n)))
        valid = all(isinstance(a, numbers.Integral) and -n <= a < n for a in axes)
        if not valid or sorted(int(a) % n for a in axes) != list(range(n)):
            raise ValueError(f"transpose axes {axes} are not a permutation of {n} axes")
        return self._apply(ops.Transpose(tuple(int(a) % n for a in axes)))

    @property
    def T(self) -> Tensor:
        return self.transpose()

    @property
    def mT(self) -> Tensor:
        """Swap the last two axes (a batch of matrix transposes)."""
        if self.ndim < 2:
            raise ValueError(f".mT needs at least 2 dimensions; got shape {self.shape}")
        axes = list(range(self.ndim))
        axes[-2:] = axes[:-3:-1]
        return self.transpose(axes)

    def broadcast_to(self, shape: tuple[int, ...]) -> Tensor:
        shape = tuple(shape)
        if shape == self.shape:
            return self
        if broadcast_shape(self.shape, shape) != shape:
            raise ValueError(f"cannot broadcast shape {self.shape} to {shape}")
        return self._apply(ops.BroadcastTo(shape))

    def sum_to(self, shape: tuple[int, ...]) -> Tensor:
        """Sum over broadcast axes so the result has ``shape`` (undoes broadcast_to)."""
        shape = tuple(shape)
        return self if shape == self.shape else self._apply(ops.SumTo(shape))

    def __getitem__(self, index: Any) -> Tensor:
        index = _raw_index(index)
        try:
            self.data[index]
        except (IndexError, TypeError, ValueError) as e:
            raise IndexError(f"index {index!r} is invalid for shape {self.shape}: {e}") from None
        return self._apply(ops.GetItem(index))


def _raw_index(index: Any) -> Any:
    """The numpy index behind ``index``. A Tensor holds floats, so it is read as
    integer positions (whole numbers only); index with a numpy bool array for a mask."""
    if isinstance(index, Tensor):
        data = index.data
        if not np.array_equal(data, np.trunc(data)):
            raise IndexError(
                f"a Tensor index must hold whole numbers (positions); got {_short(data)}. "
                "For a mask, index with a numpy bool array"
            )
        return data.astype(np.intp)
    if isinstance(index, tuple):
        return tuple(_raw_index(i) for i in index)
    if isinstance(index, list):
        arr = np.asarray(index)
        return arr.astype(np.intp) if arr.size == 0 else arr  # [] selects nothing
    return index


def _matmul(a: Tensor, b: Tensor) -> Tensor:
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(f"@ needs at least 1-D operands; got shapes {a.shape} and {b.shape}")
    if a.shape[-1] != b.shape[-2 if b.ndim > 1 else 0]:
        raise ValueError(f"@: shapes {a.shape} and {b.shape} are not aligned (inner sizes differ)")
    # Vectors become 1-row / 1-column matrices, so MatMul's rule sees matrices only.
    a2 = a.reshape(1, -1) if a.ndim == 1 else a
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    if broadcast_shape(a2.shape[:-2], b2.shape[:-2]) is None:
        raise ValueError(f"@: batch dims of {a.shape} and {b.shape} cannot broadcast")
    out = make_node(Tensor, ops.MATMUL.forward(a2.data, b2.data), ops.MATMUL, (a2, b2))
    if a.ndim == 1 and b.ndim == 1:
        return out.reshape(())
    if a.ndim == 1:
        return out.reshape(out.shape[:-2] + out.shape[-1:])
    if b.ndim == 1:
        return out.reshape(out.shape[:-1])
    return out
