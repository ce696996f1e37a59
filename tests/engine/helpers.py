"""The op registry: the op table (``autograd.ops.TABLE``) drives the gradient tests.

Every Elementwise op of the table (the element-wise ops of Values and Tensors) is
checked by ``autograd.testing.check_op`` from its own declarations: its
domain and kinks say where to draw inputs. The other ops take parameters
or need particular shapes, so each has a case here saying how to reach it
through the public API. test_op_gradients.py fails if an op of the table has
neither.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import Domain, ops, sum_values
from autograd.testing import expression_ops, floats_in

ANY = floats_in()
# Distinct by at least 0.1, so max() has no near-ties for finite differences.
SPREAD = st.integers(-30, 30).map(lambda i: i / 10)

# The exponents PowConst (x ** c for a number c) is checked with: each has its own domain.
POWER_EXPONENTS = (3.0, 2.0, 0.5, -1.0, -1.5, 0.0)


def function_ops() -> list[ops.Elementwise]:
    """An instance of every Elementwise op of the table (PowConst once per exponent)."""
    return expression_ops(POWER_EXPONENTS)


@dataclass(frozen=True)
class OpCase:
    """How to reach an op that takes parameters: on Values, on Tensors, with which inputs."""

    op: type[ops.Op]
    name: str
    on_value: Callable | None
    on_tensor: Callable | None
    elements: tuple[st.SearchStrategy, ...]
    # Tensor input shapes; default: mutually broadcastable shapes, one per input.
    shapes: st.SearchStrategy | None = None
    unique: bool = False

    @property
    def arity(self) -> int:
        return len(self.elements)


def _matrix_pair() -> st.SearchStrategy:
    dims = st.integers(1, 3)
    return st.tuples(dims, dims, dims, st.sampled_from([(), (2,)])).map(
        lambda t: ((*t[3], t[0], t[1]), (t[1], t[2]))
    )


def _one(min_dims: int = 0) -> st.SearchStrategy:
    return hnp.array_shapes(min_dims=min_dims, max_dims=3, min_side=1, max_side=3).map(
        lambda s: (s,)
    )


def _clip(a, lo=-1.0, hi=1.0):
    return a.clip(lo, hi)


CASES: list[OpCase] = [
    OpCase(ops.Clip, "clip", _clip, _clip, (floats_in(ops.Clip(-1.0, 1.0).domain[0]),)),
    OpCase(
        ops.Where,
        "where",
        lambda a, b: ops.Where(a.data > 0.5)(a, b),
        lambda a, b: ops.Where(a.data > 0.5)(a, b),
        (floats_in(Domain(kinks=(0.5,))), ANY),
    ),
    OpCase(
        ops.AddN,
        "sum_values",
        lambda a, b, c: sum_values([a, b, a * c, 2.0]),
        None,
        (ANY, ANY, ANY),
    ),
    OpCase(ops.MatMul, "matmul", None, lambda a, b: a @ b, (ANY, ANY), shapes=_matrix_pair()),
    OpCase(
        ops.MatMul,
        "matmul_vector",
        None,
        lambda a, b: a @ b[0],
        (ANY, ANY),
        shapes=st.integers(1, 3).map(lambda n: ((2, n), (1, n))),
    ),
    OpCase(ops.Sum, "sum_all", None, lambda a: a.sum(), (ANY,), shapes=_one()),
    OpCase(ops.Sum, "sum_axis", None, lambda a: a.sum(axis=-1), (ANY,), shapes=_one(1)),
    OpCase(
        ops.Sum, "mean_keepdims", None, lambda a: a.mean(0, keepdims=True), (ANY,), _one(1)
    ),
    OpCase(ops.Max, "max_all", None, lambda a: a.max(), (SPREAD,), _one(), unique=True),
    OpCase(ops.Max, "max_axis", None, lambda a: a.max(axis=0), (SPREAD,), _one(1), unique=True),
    OpCase(ops.LogSoftmax, "log_softmax", None, lambda a: a.log_softmax(), (ANY,), _one(1)),
    OpCase(
        ops.Reshape, "reshape", None, lambda a: (a.reshape(-1) * a.reshape(-1)), (ANY,), _one()
    ),
    OpCase(ops.Transpose, "transpose", None, lambda a: a.T * a.T, (ANY,), _one()),
    OpCase(
        ops.BroadcastTo,
        "broadcast_to",
        None,
        lambda a: a.broadcast_to((2, *a.shape)) * a,
        (ANY,),
        _one(),
    ),
    OpCase(
        ops.SumTo,
        "sum_to",
        None,
        lambda a: a.sum_to((1, *a.shape[1:])) ** 2,
        (ANY,),
        shapes=_one(1).map(lambda s: ((3, *s[0][1:]),)),
    ),
    OpCase(
        ops.GetItem,
        "getitem_int_array",
        None,
        lambda a: a[[0, 0, -1]] * a[[0, 0, -1]],
        (ANY,),
        _one(1),
    ),
    OpCase(ops.GetItem, "getitem_slice", None, lambda a: a[..., :1] ** 2, (ANY,), _one(1)),
    OpCase(
        ops.ScatterAdd,
        "scatter_add",
        None,
        lambda a: ops.scatter_add(a, ([0, 0, 1],), (3, *a.shape[1:])) ** 2,
        (ANY,),
        shapes=hnp.array_shapes(min_dims=1, max_dims=2, max_side=3).map(lambda s: ((3, *s[1:]),)),
    ),
]
