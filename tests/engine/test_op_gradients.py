"""First- and second-order gradient checks of every op of the table (see helpers.py)."""

import inspect

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import Tensor, Value, gradcheck, gradgradcheck
from autograd.engine import ops
from autograd.testing import check_op

from .helpers import CASES, OpCase, function_ops

FUNCTIONS = function_ops()

VALUE_CASES = [c for c in CASES if c.on_value is not None]
TENSOR_CASES = [c for c in CASES if c.on_tensor is not None]


def _ids(cases):
    return [c.name for c in cases]


@st.composite
def value_inputs(draw, case: OpCase):
    return [Value(draw(e), label=f"x{i}") for i, e in enumerate(case.elements)]


@st.composite
def tensor_inputs(draw, case: OpCase):
    shapes = draw(case.shapes if case.shapes is not None else _broadcastable(case.arity))
    return [
        Tensor(draw(hnp.arrays(np.float64, s, elements=e, unique=case.unique)), requires_grad=True)
        for s, e in zip(shapes, case.elements)
    ]


def _broadcastable(n):
    return hnp.mutually_broadcastable_shapes(num_shapes=n, max_dims=3, max_side=3).map(
        lambda s: s.input_shapes
    )


def _check(case: OpCase, fn, inputs, order: int):
    out = fn(*inputs)
    assert isinstance(out.op, case.op) or any(
        isinstance(n.op, case.op) for n in _ancestors(out)
    ), f"{case.name} did not use {case.op.__name__}"
    check = gradcheck if order == 1 else gradgradcheck
    assert check(fn, *inputs)


def _ancestors(out):
    from autograd import topological_order

    return topological_order(out)


@pytest.mark.parametrize("case", VALUE_CASES, ids=_ids(VALUE_CASES))
@pytest.mark.parametrize("order", [1, 2])
@given(data=st.data())
def test_value_op_gradients(case, order, data):
    _check(case, case.on_value, data.draw(value_inputs(case)), order)


@pytest.mark.parametrize("case", TENSOR_CASES, ids=_ids(TENSOR_CASES))
@pytest.mark.parametrize("order", [1, 2])
@given(data=st.data())
def test_tensor_op_gradients(case, order, data):
    _check(case, case.on_tensor, data.draw(tensor_inputs(case)), order)


@pytest.mark.parametrize("op", FUNCTIONS, ids=[repr(op) for op in FUNCTIONS])
@pytest.mark.parametrize("order", [1, 2])
def test_function_ops_pass_check_op(op, order):
    """Values and broadcast Tensors, inputs drawn from the op's declared domain."""
    assert check_op(op, order=order)


def test_every_op_is_in_the_table_and_tested():
    defined = {
        cls
        for _, cls in inspect.getmembers(ops, inspect.isclass)
        if issubclass(cls, ops.Op) and cls.__module__ == ops.__name__ and cls is not ops.Elementwise
    }
    assert defined - set(ops.TABLE) == set(), "add these ops to autograd.ops.TABLE"
    tested = {type(op) for op in FUNCTIONS} | {c.op for c in CASES}
    assert set(ops.TABLE) - tested == set(), "give these ops a case in tests/engine/helpers.py"


@pytest.mark.parametrize("op", FUNCTIONS, ids=[repr(op) for op in FUNCTIONS])
def test_value_and_tensor_agree_on_function_ops(op):
    """The same rule serves both front ends: equal numbers on equal inputs."""
    from hypothesis import find

    from autograd.testing import floats_in

    domains = op.domain or (ops.REAL,) * op.arity
    raw = [find(floats_in(d), lambda x: abs(x) > 0.4) for d in domains]
    vals = [Value(x) for x in raw]
    tens = [Tensor(np.array(x), requires_grad=True) for x in raw]
    vout, tout = op(*vals), op(*tens)
    vout.backward()
    tout.backward()
    assert vout.data == pytest.approx(float(tout.data), rel=1e-12), op
    for v, t in zip(vals, tens):
        assert v.grad == pytest.approx(float(t.grad), rel=1e-12), op
