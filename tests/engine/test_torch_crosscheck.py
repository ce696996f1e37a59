"""Random expressions and tensor ops against PyTorch (skipped when torch is absent)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import Tensor, grad, ops
from autograd.testing import expressions

torch = pytest.importorskip("torch")

# torch names its functions as the op table does (exp, log, sin, ..., sigmoid, relu, abs).
TORCH_FUNCTIONS = {name: getattr(torch, name) for name in ops.METHODS}


@given(expressions())
def test_random_expressions_match_torch(expr):
    ours = expr.inputs()
    out = expr(*ours)
    out.backward()
    theirs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in expr.point]
    result = expr.evaluate(*theirs, functions=TORCH_FUNCTIONS)
    result.backward()
    assert out.data == pytest.approx(result.item(), rel=1e-12, abs=1e-12)
    for v, t in zip(ours, theirs):
        tg = 0.0 if t.grad is None else t.grad.item()
        assert v.grad == pytest.approx(tg, rel=1e-9, abs=1e-12)


@given(st.data())
def test_tensor_ops_and_second_order_match_torch(data):
    shape = data.draw(hnp.array_shapes(min_dims=2, max_dims=2, max_side=4))
    x_np = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-2, 2)))
    w_np = data.draw(hnp.arrays(np.float64, (shape[1], 3), elements=st.floats(-2, 2)))
    x, w = Tensor(x_np, requires_grad=True), Tensor(w_np, requires_grad=True)
    tx = torch.tensor(x_np, requires_grad=True)
    tw = torch.tensor(w_np, requires_grad=True)

    def f(a, b, lib):
        h = (a @ b).tanh() if lib is None else torch.tanh(a @ b)
        logp = h.log_softmax(axis=-1) if lib is None else torch.log_softmax(h, dim=-1)
        return (logp * logp).mean() + (a * a).sum(0).max()

    ours, theirs = f(x, w, None), f(tx, tw, torch)
    assert ours.item() == pytest.approx(theirs.item(), rel=1e-10)
    gx, gw = grad(ours, [x, w], create_graph=True)
    tgx, tgw = torch.autograd.grad(theirs, [tx, tw], create_graph=True)
    np.testing.assert_allclose(gx.data, tgx.detach().numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gw.data, tgw.detach().numpy(), rtol=1e-9, atol=1e-12)
    (hx,) = grad((gw * gw).sum(), x)
    (thx,) = torch.autograd.grad((tgw * tgw).sum(), tx)
    np.testing.assert_allclose(hx, thx.numpy(), rtol=1e-8, atol=1e-10)
