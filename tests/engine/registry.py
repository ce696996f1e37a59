"""The op registry: one entry per primitive op drives the gradient tests.

Each case says how to reach the op through the public API (on Values and/or
Tensors) and which inputs lie inside its domain. Registering an op here gives
it first- and second-order gradchecks, scalar and tensor, broadcast shapes
included (see test_op_gradients.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import ops, sum_values

# Element strategies: each op's domain, away from kinks and singularities.
ANY = st.floats(-2.0, 2.0, allow_nan=False)
POSITIVE = st.floats(0.3, 3.0, allow_nan=False)
AWAY_FROM_ZERO = st.one_of(st.floats(0.3, 3.0), st.floats(-3.0, -0.3))
# Distinct by at least 0.1, so max() has no near-ties for finite differences.
SPREAD = st.integers(-30, 30).map(lambda i: i / 10)


def kink_free(*kinks: float) -> st.SearchStrategy:
    return ANY.filter(lambda x: all(abs(x - k) > 0.05 for k in kinks))


@dataclass(frozen=True)
class OpCase:
    """How to exercise one op: on Values, on Tensors, and with which inputs."""

    op: type[ops.Op]
    name: str
    on_value: Callable | None
    on_tensor: Callable | None
    elements: tuple[st.SearchStrategy, ...]
    # Tensor input shapes; default: mutually broadcastable shapes, one per input.
    shapes: st.SearchStrategy | None = None
    unique: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def arity(self) -> int:
        return len(self.elements)


def _broadcastable(n: int) -> st.SearchStrategy:
    return hnp.mutually_broadcastable_shapes(num_shapes=n, max_dims=3, max_side=3).map(
        lambda s: s.input_shapes
    )


def _matrix_pair() -> st.SearchStrategy:
    dims = st.integers(1, 3)
    return st.tuples(dims, dims, dims, st.sampled_from([(), (2,)])).map(
        lambda t: ((*t[3], t[0], t[1]), (t[1], t[2]))
    )


def _one(min_dims: int = 0) -> st.SearchStrategy:
    return hnp.array_shapes(min_dims=min_dims, max_dims=3, min_side=1, max_side=3).map(
        lambda s: (s,)
    )


CASES: list[OpCase] = [
    OpCase(ops.Add, "add", lambda a, b: a + b, lambda a, b: a + b, (ANY, ANY)),
    OpCase(ops.Sub, "sub", lambda a, b: a - b, lambda a, b: a - b, (ANY, ANY)),
    OpCase(ops.Mul, "mul", lambda a, b: a * b, lambda a, b: a * b, (ANY, ANY)),
    OpCase(ops.Div, "div", lambda a, b: a / b, lambda a, b: a / b, (ANY, AWAY_FROM_ZERO)),
    OpCase(ops.Neg, "neg", lambda a: -a, lambda a: -a, (ANY,)),
    OpCase(ops.Pow, "pow", lambda a, b: a**b, lambda a, b: a**b, (POSITIVE, ANY)),
    OpCase(ops.PowConst, "pow_const", lambda a: a**3, lambda a: a**3, (ANY,)),
    OpCase(ops.PowConst, "pow_half", lambda a: a**0.5, lambda a: a**0.5, (POSITIVE,)),
    OpCase(ops.PowConst, "pow_minus", lambda a: a**-1.5, lambda a: a**-1.5, (POSITIVE,)),
    OpCase(ops.Exp, "exp", lambda a: a.exp(), lambda a: a.exp(), (ANY,)),
    OpCase(ops.Log, "log", lambda a: a.log(), lambda a: a.log(), (POSITIVE,)),
    OpCase(ops.Tanh, "tanh", lambda a: a.tanh(), lambda a: a.tanh(), (ANY,)),
    OpCase(ops.Sigmoid, "sigmoid", lambda a: a.sigmoid(), lambda a: a.sigmoid(), (ANY,)),
    OpCase(ops.ReLU, "relu", lambda a: a.relu(), lambda a: a.relu(), (kink_free(0.0),)),
    OpCase(ops.Abs, "abs", lambda a: abs(a), lambda a: abs(a), (kink_free(0.0),)),
    OpCase(
        ops.Clip, "clip", lambda a: a.clip(-1, 1), lambda a: a.clip(-1, 1), (kink_free(-1, 1),)
    ),
    OpCase(
        ops.AddN,
        "sum_values",
        lambda a, b, c: sum_values([a, b, a * c, 2.0]),
        None,
        (ANY, ANY, ANY),
    ),
    OpCase(
        ops.MatMul, "matmul", None, lambda a, b: a @ b, (ANY, ANY), shapes=_matrix_pair()
    ),
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
