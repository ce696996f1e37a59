"""Tensor: the array front end. Wraps a numpy array, with numpy broadcasting."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from typing import Any

import numpy as np

from . import ops
from .arithmetic import Arithmetic
from .backward import Differentiable
from .mode import is_grad_enabled
from .node import Node, make_node, make_node_of
from .op import Op, apply, mixed_front_ends

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
    if type(axis) is int and -ndim <= axis < ndim:  # the common case, quickly
        return (axis % ndim,)
    if isinstance(axis, numbers.Integral):
        axes: tuple = (axis,)
    elif isinstance(axis, (tuple, list)):
        axes = tuple(axis)
    else:
        raise TypeError(f"axis must be an int, a tuple of ints or None; got {axis!r:.40}")
    out = []
    for a in axes:
        if not isinstance(a, numbers.Integral) or not -ndim <= a < ndim:
            raise ValueError(f"axis {axis!r} is out of range for a tensor with {ndim} dimensions")
        out.append(int(a) % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"axis {axis!r} repeats an axis")
    return tuple(sorted(out))


class Tensor(Arithmetic, Differentiable, Node):
    """An array in the computational graph (float64 by default, float32 kept).

    >>> w = Tensor([[1.0, 2.0]], requires_grad=True)
    >>> (w * w).sum().backward()
    >>> w.grad
    array([[2., 4.]])
    """

    __slots__ = ()

    def __init__(
        self, data: ArrayLike, *, label: str = "", requires_grad: bool = False, dtype: Any = None
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
        return np.ones(self.data.shape, self.data.dtype)

    def _check_grad(self, grad: Any) -> Any:
        if isinstance(grad, Tensor):
            if grad.shape != self.shape:
                raise ValueError(f"grad has shape {grad.shape}; the output has shape {self.shape}")
            if grad.dtype != self.dtype and not grad.requires_grad:  # cast, as PyTorch does
                return grad.data.astype(self.dtype)
            return grad
        arr = as_array(grad, "backward(grad=...)")
        if arr.shape != self.shape:
            raise ValueError(f"grad has shape {arr.shape}; the output has shape {self.shape}")
        return arr.astype(self.dtype, copy=False)

    def _check_arrived(self, g: Any) -> None:
        shape = g.shape if type(g) is np.ndarray else np.shape(g)
        if shape != self.data.shape:
            name = f"{self.label} " if self.label else ""
            raise RuntimeError(
                f"the gradient reaching the tensor {name}of shape {self.data.shape} "
                f"has shape {shape}: an op's backward returned a gradient of the wrong "
                "shape (check your ops with autograd.testing.check_op)"
            )

    def _accumulate(self, g: Any) -> None:
        self._check_arrived(g)
        if isinstance(g, Node):
            super()._accumulate(g)
        elif self.grad is None:  # the common case: own a writable copy of the leaf's dtype
            self.grad = np.array(g, dtype=self.data.dtype)
        else:
            super()._accumulate(np.array(g, dtype=self.data.dtype))

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
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self.data)

    def __iter__(self) -> Iterator[Tensor]:
        """The rows, as Tensors (``list(t)``); a 0-d tensor is not iterable."""
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d tensor (use .item() for its number)")
        return (self[i] for i in range(len(self.data)))

    def __bool__(self) -> bool:
        """The truth of a single-element tensor; more elements are ambiguous, as in PyTorch."""
        if self.data.size != 1:
            raise ValueError(
                f"the truth value of a tensor with {self.data.size} elements is ambiguous; "
                "use (t != 0).any() or .all() style tests on t.data"
            )
        return bool(self.data.reshape(()) != 0)

    def item(self) -> float:
        """The single number in a one-element tensor."""
        if self.data.size != 1:
            raise ValueError(f"item() needs a single-element tensor; got shape {self.shape}")
        return float(self.data.reshape(()))

    def __float__(self) -> float:
        """``float(t)`` of a one-element tensor (of any shape), as in PyTorch."""
        if self.data.size != 1:
            raise ValueError(
                "only one element tensors can be converted to Python scalars; this tensor "
                f"has shape {self.shape} (use .sum() or index it first)"
            )
        return float(self.data.reshape(()))

    def __int__(self) -> int:
        """``int(t)`` of a one-element tensor, truncated toward 0 (as in PyTorch)."""
        return int(self.__float__())

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
    @staticmethod
    def _apply_op(op: Op, inputs: tuple) -> Tensor:
        """Run ``op`` on ``inputs`` (Tensors, numbers or arrays) and record its node.

        Numbers and int/bool arrays take the dtype of the first Tensor input.
        For an element-wise op, inputs of different shapes are broadcast to one
        shape first, with BroadcastTo nodes where a gradient must flow back.
        """
        if len(inputs) == 1:  # (apply() sends only nodes here: this is a Tensor)
            x = inputs[0]
            return make_node(Tensor, _output(op.forward(x.data), op), op, x)
        if len(inputs) == 2:  # the commonest case, written out (no lists)
            a, b = inputs
            if not isinstance(a, Tensor):
                a = _operand(a, b.data.dtype, op)
            elif not isinstance(b, Tensor):
                b = _operand(b, a.data.dtype, op)
            if op.elementwise and a.data.shape != b.data.shape:
                a, b = _broadcast_together([a, b], op)
            return make_node(Tensor, _output(op.forward(a.data, b.data), op), op, a, b)
        ins = list(inputs)
        if not all([isinstance(x, Tensor) for x in ins]):
            dtype = next(x.dtype for x in inputs if isinstance(x, Tensor))
            ins = [x if isinstance(x, Tensor) else _operand(x, dtype, op) for x in inputs]
        if op.elementwise:
            ins = _broadcast_together(ins, op)
        data = op.forward(*[x.data for x in ins])
        return make_node_of(Tensor, _output(data, op), op, ins)

    def __matmul__(self, other: Any) -> Tensor:
        return _matmul(self, _operand(other, self.data.dtype, ops.MATMUL))

    def __rmatmul__(self, other: Any) -> Tensor:
        return _matmul(_operand(other, self.data.dtype, ops.MATMUL), self)

    def clip(self, low: Any = None, high: Any = None) -> Tensor:
        """min(max(x, low), high), element-wise; the gradient passes where low <= x <= high.

        The bounds are numbers, arrays or None; arrays broadcast with x like
        the operand of any binary op.
        """
        bounds = [None if b is None else as_array(b, f"clip {name}").astype(self.dtype)
                  for b, name in ((low, "low"), (high, "high"))]
        op = ops.Clip(*(None if b is None else b[()] if b.ndim == 0 else b for b in bounds))
        arrays = [Tensor._wrap(b) for b in bounds if b is not None and b.ndim]
        x = _broadcast_together([self, *arrays], op)[0] if arrays else self
        return apply(op, x)

    def log_softmax(self, axis: int = -1) -> Tensor:
        """log(softmax(x)) along ``axis``, computed stably."""
        if not isinstance(axis, numbers.Integral):
            raise TypeError(f"log_softmax takes one axis (an int); got {axis!r}")
        if self.ndim == 0:  # one number (as PyTorch: axis -1 or 0): log(softmax) = 0
            if axis not in (-1, 0):
                raise ValueError(f"axis {axis!r} is out of range for a 0-d tensor (-1 or 0)")
            return self.reshape(1).log_softmax(0).reshape(())
        (ax,) = _normalize_axis(axis, self.ndim)
        return apply(ops.LogSoftmax(ax), self)

    # -- reductions and shape ops ------------------------------------------------
    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        return apply(ops.Sum(_normalize_axis(axis, self.ndim), bool(keepdims)), self)

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        axes = _normalize_axis(axis, self.ndim)
        count = self.size if axes is None else int(np.prod([self.shape[a] for a in axes]))
        return self.sum(axes, keepdims) * (1.0 / count if count else math.nan)

    def max(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        axes = _normalize_axis(axis, self.ndim)
        if any(self.shape[a] == 0 for a in (range(self.ndim) if axes is None else axes)):
            raise ValueError(f"max() over an axis of size 0 (shape {self.shape}) has no maximum")
        return apply(ops.Max(axes, bool(keepdims)), self)

    def reshape(self, *shape: Any) -> Tensor:
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        try:
            new_shape = np.empty(self.shape, dtype=bool).reshape(shape).shape
        except (ValueError, TypeError):
            raise ValueError(f"cannot reshape shape {self.shape} into {shape}") from None
        return apply(ops.Reshape(new_shape), self)

    def transpose(self, *axes: Any) -> Tensor:
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        n = self.ndim
        if not axes:
            axes = tuple(reversed(range(n)))
        valid = all(isinstance(a, numbers.Integral) and -n <= a < n for a in axes)
        if not valid or sorted(int(a) % n for a in axes) != list(range(n)):
            raise ValueError(f"transpose axes {axes} are not a permutation of {n} axes")
        return apply(ops.Transpose(tuple(int(a) % n for a in axes)), self)

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
        return apply(ops.BroadcastTo(shape), self)

    def sum_to(self, shape: tuple[int, ...]) -> Tensor:
        """Sum over broadcast axes so the result has ``shape`` (undoes broadcast_to)."""
        shape = tuple(shape)
        return self if shape == self.shape else apply(ops.SumTo(shape), self)

    def __getitem__(self, index: Any) -> Tensor:
        index = _raw_index(index)
        try:
            self.data[index]
        except (IndexError, TypeError, ValueError) as e:
            raise IndexError(f"index {index!r} is invalid for shape {self.shape}: {e}") from None
        return apply(ops.GetItem(index), self)


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


def _operand(x: Any, dtype: np.dtype, op: Op) -> Tensor:
    """An input of a Tensor op: a Tensor, or a number or array made a constant Tensor.

    Numbers and int/bool data take ``dtype`` (a float32 tensor stays float32);
    float arrays are used as they are (numpy's promotion), without a copy.
    """
    if isinstance(x, Tensor):
        return x
    if isinstance(x, Node):
        raise mixed_front_ends(op, "Tensor", x)
    if isinstance(x, (numbers.Real, np.bool_)):
        return Tensor._wrap(np.asarray(x, dtype=dtype))
    arr = as_array(x, f"Tensor {op.name}")
    if not (isinstance(x, np.ndarray) and x.dtype.kind == "f"):
        arr = arr.astype(dtype, copy=False)  # lists, int and bool arrays: our dtype
    return Tensor._wrap(arr)


def _output(data: Any, op: Op) -> np.ndarray:
    """What ``op.forward`` returned for Tensor inputs, as a float array."""
    if type(data) is np.ndarray and data.dtype.kind == "f":
        return data
    arr = np.asarray(data)
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"{op.name}.forward returned {type(data).__name__} {data!r:.60} for Tensor "
            "inputs; it must return a numeric array"
        )
    return arr if arr.dtype.kind == "f" else arr.astype(np.float64)


def _broadcast_together(ins: list[Tensor], op: Op) -> list[Tensor]:
    """The inputs of an element-wise op, broadcast to one shape.

    Only inputs a gradient must flow back to get a BroadcastTo node (whose
    rule sums the gradient back); numpy broadcasts constants in the forward.
    """
    shape = ins[0].shape
    for x in ins[1:]:
        if x.shape != shape:
            shape = broadcast_shape(shape, x.shape)
            if shape is None:
                shapes = " and ".join(str(t.shape) for t in ins)
                hint = "" if type(op).__module__ == ops.__name__ else (
                    f"; if {op.name} does not match its inputs element by element (a matrix "
                    "product, a loss with labels), set elementwise = False in its class")
                raise ValueError(f"{op.name}: shapes {shapes} cannot be broadcast together{hint}")
    if is_grad_enabled():
        for i, x in enumerate(ins):
            if x.shape != shape and x.requires_grad:
                ins[i] = Tensor._apply_op(ops.BroadcastTo(shape), (x,))
    return ins


def _matmul(a: Tensor, b: Tensor) -> Tensor:
    ad, bd = a.data, b.data
    if ad.ndim == 2 and bd.ndim == 2 and ad.shape[1] == bd.shape[0]:  # two matrices: most calls
        return Tensor._apply_op(ops.MATMUL, (a, b))
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(f"@ needs at least 1-D operands; got shapes {a.shape} and {b.shape}")
    if a.shape[-1] != b.shape[-2 if b.ndim > 1 else 0]:
        raise ValueError(f"@: shapes {a.shape} and {b.shape} are not aligned (inner sizes differ)")
    # Vectors become 1-row / 1-column matrices, so MatMul's rule sees matrices only.
    a2 = a.reshape(1, -1) if a.ndim == 1 else a
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    if broadcast_shape(a2.shape[:-2], b2.shape[:-2]) is None:
        raise ValueError(f"@: batch dims of {a.shape} and {b.shape} cannot broadcast")
    out = apply(ops.MATMUL, a2, b2)
    if a.ndim == 1 and b.ndim == 1:
        return out.reshape(())
    if a.ndim == 1:
        return out.reshape(out.shape[:-2] + out.shape[-1:])
    if b.ndim == 1:
        return out.reshape(out.shape[:-1])
    return out
