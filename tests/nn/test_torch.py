"""Cross-checks against PyTorch (skipped when torch is not installed)."""

import numpy as np
import pytest

import nn
from autograd import Tensor
from nn import functional as F
from nn import optim

torch = pytest.importorskip("torch")
TF = torch.nn.functional

OPTIMIZERS = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("Adam", dict()),
    ("Adam", dict(lr=0.02, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.1, amsgrad=True)),
    ("Adagrad", dict()),
    ("Adagrad", dict(lr=0.1, lr_decay=0.05, weight_decay=0.1, initial_accumulator_value=0.2)),
    ("RMSprop", dict()),
    ("RMSprop", dict(lr=0.01, alpha=0.9, momentum=0.7, centered=True, weight_decay=0.05)),
]


@pytest.mark.parametrize("name, kwargs", OPTIMIZERS, ids=[f"{n}{i}" for i, (n, _) in
                                                         enumerate(OPTIMIZERS)])
def test_optimizer_matches_torch(name, kwargs):
    rng = np.random.default_rng(0)
    p0 = rng.normal(size=(4, 3))
    ours = nn.Parameter(p0.copy())
    theirs = torch.tensor(p0.copy(), requires_grad=True)
    opt = getattr(optim, name)([ours], **kwargs)
    topt = getattr(torch.optim, name)([theirs], **kwargs)
    for step in range(8):
        g = rng.normal(size=p0.shape)
        ours.grad = g.copy()
        theirs.grad = torch.tensor(g.copy())
        opt.step()
        topt.step()
        np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-10, atol=1e-12,
                                   err_msg=f"step {step}")


def both(fn_ours, fn_torch, x, *args):
    """Loss value and input gradient from our engine and from torch."""
    t = Tensor(x, requires_grad=True)
    loss = fn_ours(t, *args)
    loss.backward()
    tx = torch.tensor(x, requires_grad=True)
    targs = [torch.tensor(a) for a in args]
    tloss = fn_torch(tx, *targs)
    tloss.backward()
    return (loss.item(), t.grad), (tloss.item(), tx.grad.numpy())


def check(ours, theirs):
    assert ours[0] == pytest.approx(theirs[0], rel=1e-10, abs=1e-12)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("scale", [1.0, 1000.0])
def test_losses_match_torch(scale):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 4)) * scale
    y = rng.uniform(size=(6, 4))
    labels = rng.integers(0, 4, size=6)
    check(*both(F.mse_loss, TF.mse_loss, x, y))
    check(*both(F.binary_cross_entropy_with_logits, TF.binary_cross_entropy_with_logits, x, y))
    check(*both(F.cross_entropy, TF.cross_entropy, x, labels))
    check(*both(F.cross_entropy, TF.cross_entropy, x, F.softmax(y).data))
    for reduction in ("sum", "none"):
        ours, theirs = both(lambda t, a, r=reduction: F.cross_entropy(t, a, reduction=r).sum(),
                            lambda t, a, r=reduction: TF.cross_entropy(t, a, reduction=r).sum(),
                            x, labels)
        check(ours, theirs)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_bce_matches_torch_including_saturated_probabilities(dtype):
    rng = np.random.default_rng(3)
    p = np.concatenate([[0.0, 1.0, 1e-50, np.exp(-101), np.exp(-100), 1e-90, 1e-20, 1e-13,
                         1 - 1e-13, 1 - 2**-53, 2e-12, 0.3, 0.999],
                        10.0 ** -rng.uniform(0, 120, 40), 1 - 10.0 ** -rng.uniform(0, 17, 20),
                        rng.uniform(size=20)])
    np_dtype = np.float64 if dtype == torch.float64 else np.float32
    p = p.astype(np_dtype)
    for y in (np.zeros_like(p), np.ones_like(p), rng.uniform(size=p.shape).astype(np_dtype)):
        for reduction in ("sum", "mean"):
            tp = torch.tensor(p, requires_grad=True)
            theirs = TF.binary_cross_entropy(tp, torch.tensor(y), reduction=reduction)
            theirs.backward()
            t = Tensor(p, requires_grad=True)
            ours = F.binary_cross_entropy(t, y, reduction=reduction)
            ours.backward()
            rtol = 1e-12 if dtype == torch.float64 else 1e-5
            assert ours.item() == pytest.approx(theirs.item(), rel=rtol)
            np.testing.assert_allclose(t.grad, tp.grad.numpy(), rtol=rtol, atol=0)
        none = F.binary_cross_entropy(Tensor(p), y, reduction="none").data
        tnone = TF.binary_cross_entropy(torch.tensor(p), torch.tensor(y), reduction="none")
        np.testing.assert_allclose(none, tnone.numpy(), rtol=1e-15 if np_dtype == np.float64
                                   else 1e-6, atol=0)


def test_training_step_matches_torch():
    rng = np.random.default_rng(2)
    x, labels = rng.normal(size=(16, 5)), rng.integers(0, 3, size=16)
    model = nn.Sequential(nn.Linear(5, 7, rng=0), nn.Sigmoid(), nn.Linear(7, 3, rng=1))
    tmodel = torch.nn.Sequential(torch.nn.Linear(5, 7), torch.nn.Sigmoid(),
                                 torch.nn.Linear(7, 3)).double()
    with torch.no_grad():
        for i in (0, 2):  # torch stores weight as (out, in): ours transposed
            tmodel[i].weight.copy_(torch.tensor(model[i].weight.data.T))
            tmodel[i].bias.copy_(torch.tensor(model[i].bias.data))
    opt = optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
    topt = torch.optim.SGD(tmodel.parameters(), lr=0.5, momentum=0.9)
    for _ in range(3):
        loss = F.cross_entropy(model(x), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tloss = TF.cross_entropy(tmodel(torch.tensor(x)), torch.tensor(labels))
        topt.zero_grad()
        tloss.backward()
        topt.step()
        assert loss.item() == pytest.approx(tloss.item(), rel=1e-12)
    for i in (0, 2):
        np.testing.assert_allclose(model[i].weight.data, tmodel[i].weight.detach().numpy().T,
                                   rtol=1e-10)


def test_linear_matches_torch():
    """F.linear's weight is (in, out), the transpose of torch's."""
    rng = np.random.default_rng(2)
    x, w, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    leaves = [Tensor(a, requires_grad=True) for a in (x, w, b)]
    F.linear(*leaves).tanh().sum().backward()
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w.T.copy(), b))
    TF.linear(tx, tw, tb).tanh().sum().backward()
    for ours, theirs in zip(leaves, (tx.grad, tw.grad.T, tb.grad)):
        np.testing.assert_allclose(ours.grad, theirs.numpy(), rtol=1e-12, atol=1e-14)
