"""autograd.functional against torch.autograd.functional on the same functions
(skipped when PyTorch is not installed): values, shapes and nesting of results."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Node, Tensor
from autograd import functional as F

from .helpers import random_like, tensor_problems, value_problems

torch = pytest.importorskip("torch")
TF = torch.autograd.functional
# torch's own forward-mode jacobian (vectorize=True) warns from inside torch
pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated")


def _torch_inputs(problem):
    return tuple(torch.tensor(p, dtype=torch.float64) for p in problem.point)


def _torch_vector(v):
    return tuple(torch.tensor(x, dtype=torch.float64) for x in v)


def assert_same(ours, theirs, rtol=1e-9, atol=1e-11):
    """Same nesting of tuples, same shapes, same numbers. (torch's forward-mode
    jacobian returns lists where its reverse mode returns tuples; ours are tuples.)"""
    if isinstance(theirs, (tuple, list)):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert_same(a, b, rtol, atol)
        return
    expected = theirs.detach().numpy()
    got = np.asarray(ours.data if isinstance(ours, Node) else ours)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)


def _unpack(v, like_tuple):
    return v if like_tuple else v[0]


@pytest.mark.parametrize("create_graph", [False, True])
@given(problem=st.one_of(value_problems(outputs=1), value_problems(outputs=2), tensor_problems()),
       seed=st.integers(0, 99))
def test_vjp_jvp_jacobian_match_torch(problem, seed, create_graph):
    theirs_in = _torch_inputs(problem)
    raw = problem.func(*problem.inputs())
    out_tuple = isinstance(raw, tuple)
    u = random_like([o.data for o in (raw if out_tuple else (raw,))], seed)
    v = random_like(problem.point, seed + 1)
    kw = {"create_graph": create_graph}

    assert_same(F.vjp(problem.func, problem.inputs(), _unpack(u, out_tuple), **kw),
                TF.vjp(problem.func, theirs_in, _unpack(_torch_vector(u), out_tuple), **kw))
    assert_same(F.jvp(problem.func, problem.inputs(), v, **kw),
                TF.jvp(problem.func, theirs_in, _torch_vector(v), **kw))
    expected = TF.jacobian(problem.func, theirs_in, **kw)
    assert_same(F.jacobian(problem.func, problem.inputs(), **kw), expected)
    if not create_graph:  # torch has no forward-mode with create_graph
        assert_same(F.jacobian(problem.func, problem.inputs(), strategy="forward-mode"),
                    TF.jacobian(problem.func, theirs_in, strategy="forward-mode", vectorize=True))
    # a single input and a single output: no tuples
    ours_in = problem.inputs()
    assert_same(F.jacobian(_first_only(problem.func, ours_in), ours_in[0], **kw),
                TF.jacobian(_first_only(problem.func, theirs_in), theirs_in[0], **kw))


def _first_only(func, inputs):
    """func of its first input only (the others fixed), returning its first output."""
    def first(x):
        out = func(x, *inputs[1:])
        return out[0] if isinstance(out, tuple) else out

    return first


@pytest.mark.parametrize("create_graph", [False, True])
@given(problem=st.one_of(value_problems(outputs=1), tensor_problems(scalar=True)),
       seed=st.integers(0, 99))
def test_hessian_hvp_vhp_match_torch(problem, seed, create_graph):
    theirs_in = _torch_inputs(problem)
    v = random_like(problem.point, seed)
    kw = {"create_graph": create_graph}
    assert_same(F.hessian(problem.func, problem.inputs(), **kw),
                TF.hessian(problem.func, theirs_in, **kw), rtol=1e-8, atol=1e-10)
    assert_same(F.hessian(problem.func, problem.inputs(), outer_jacobian_strategy="forward-mode"),
                TF.hessian(problem.func, theirs_in, outer_jacobian_strategy="forward-mode",
                           vectorize=True), rtol=1e-8, atol=1e-10)
    assert_same(F.hvp(problem.func, problem.inputs(), v, **kw),
                TF.hvp(problem.func, theirs_in, _torch_vector(v), **kw), rtol=1e-8, atol=1e-10)
    assert_same(F.vhp(problem.func, problem.inputs(), v, **kw),
                TF.vhp(problem.func, theirs_in, _torch_vector(v), **kw), rtol=1e-8, atol=1e-10)


def test_unused_inputs_give_zeros_as_in_torch():
    def f(a, b):
        return a.tanh() * 3.0

    def g(a, b):
        return (a * a).sum()

    ours = (Tensor(np.ones(2)), Tensor(np.ones(3)))
    theirs = (torch.ones(2, dtype=torch.float64), torch.ones(3, dtype=torch.float64))
    assert_same(F.jacobian(f, ours), TF.jacobian(f, theirs))
    assert_same(F.hessian(g, ours), TF.hessian(g, theirs))
