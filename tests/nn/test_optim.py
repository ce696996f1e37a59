"""Optimizers vs their update formulas written out here, for Tensor and Value parameters."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nn
from autograd import Tensor, Value
from nn import optim

STEPS = 5


def grads_for(step, shape, seed=0):
    """A fixed, different gradient for each step."""
    return np.random.default_rng([seed, step]).normal(size=shape)


def run(make_opt, p0, steps=STEPS):
    """Run ``steps`` updates of one Tensor parameter with the scripted gradients."""
    p = nn.Parameter(p0.copy())
    opt = make_opt([p])
    for t in range(steps):
        opt.zero_grad()
        p.grad = grads_for(t, p0.shape)
        opt.step()
    return p.data


# Reference updates, written out from PyTorch's documented algorithms.


def sgd_ref(p, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    p, buf = p.copy(), None
    for t in range(STEPS):
        g = grads_for(t, p.shape) + weight_decay * p
        if momentum:
            buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        p = p - lr * g
    return p


def adam_ref(p, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8, weight_decay=0.0, amsgrad=False):
    p = p.copy()
    m, v, vmax = np.zeros_like(p), np.zeros_like(p), np.zeros_like(p)
    for t in range(1, STEPS + 1):
        g = grads_for(t - 1, p.shape) + weight_decay * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        vmax = np.maximum(vmax, v)
        m_hat = m / (1 - b1**t)
        v_hat = (vmax if amsgrad else v) / (1 - b2**t)
        p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    return p


def adagrad_ref(p, lr=1e-2, lr_decay=0.0, weight_decay=0.0, init=0.0, eps=1e-10):
    p, s = p.copy(), np.full_like(p, init)
    for t in range(1, STEPS + 1):
        g = grads_for(t - 1, p.shape) + weight_decay * p
        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g * g
        p = p - clr * g / (np.sqrt(s) + eps)
    return p


def rmsprop_ref(p, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                centered=False):
    p = p.copy()
    s, ga, buf = np.zeros_like(p), np.zeros_like(p), np.zeros_like(p)
    for t in range(STEPS):
        g = grads_for(t, p.shape) + weight_decay * p
        s = alpha * s + (1 - alpha) * g * g
        if centered:
            ga = alpha * ga + (1 - alpha) * g
            d = np.sqrt(s - ga * ga) + eps
        else:
            d = np.sqrt(s) + eps
        if momentum:
            buf = momentum * buf + g / d
            p = p - lr * buf
        else:
            p = p - lr * g / d
    return p


P0 = np.random.default_rng(42).normal(size=(3, 4))

CASES = [
    ("sgd", lambda ps: optim.SGD(ps, lr=0.1), lambda p: sgd_ref(p, 0.1)),
    ("sgd-momentum", lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9),
     lambda p: sgd_ref(p, 0.1, momentum=0.9)),
    ("sgd-all", lambda ps: optim.SGD(ps, lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01),
     lambda p: sgd_ref(p, 0.05, 0.8, 0.3, 0.01)),
    ("sgd-nesterov", lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True,
                                          weight_decay=0.1),
     lambda p: sgd_ref(p, 0.1, 0.9, weight_decay=0.1, nesterov=True)),
    ("adam", lambda ps: optim.Adam(ps), lambda p: adam_ref(p)),
    ("adam-all", lambda ps: optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), eps=1e-6,
                                       weight_decay=0.1),
     lambda p: adam_ref(p, 0.01, 0.8, 0.99, 1e-6, 0.1)),
    ("adam-amsgrad", lambda ps: optim.Adam(ps, lr=0.01, amsgrad=True),
     lambda p: adam_ref(p, 0.01, amsgrad=True)),
    ("adagrad", lambda ps: optim.Adagrad(ps), lambda p: adagrad_ref(p)),
    ("adagrad-all", lambda ps: optim.Adagrad(ps, lr=0.1, lr_decay=0.01, weight_decay=0.1,
                                             initial_accumulator_value=0.5, eps=1e-8),
     lambda p: adagrad_ref(p, 0.1, 0.01, 0.1, 0.5, 1e-8)),
    ("rmsprop", lambda ps: optim.RMSprop(ps), lambda p: rmsprop_ref(p)),
    ("rmsprop-centered-momentum", lambda ps: optim.RMSprop(ps, lr=0.01, alpha=0.9, momentum=0.5,
                                                           centered=True, weight_decay=0.1),
     lambda p: rmsprop_ref(p, 0.01, 0.9, 1e-8, 0.1, 0.5, True)),
]


@pytest.mark.parametrize("name, make_opt, ref", CASES, ids=[c[0] for c in CASES])
def test_matches_formula_on_tensor_params(name, make_opt, ref):
    np.testing.assert_allclose(run(make_opt, P0), ref(P0), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name, make_opt, ref", CASES, ids=[c[0] for c in CASES])
def test_value_params_update_like_tensor_params(name, make_opt, ref):
    flat = P0.ravel()
    values = [nn.ValueParameter(float(x)) for x in flat]
    opt = make_opt(values)
    for t in range(STEPS):
        opt.zero_grad()
        assert all(v.grad == 0.0 for v in values)
        for v, g in zip(values, grads_for(t, P0.shape).ravel()):
            v.grad = float(g)
        opt.step()
    got = np.array([v.data for v in values]).reshape(P0.shape)
    np.testing.assert_allclose(got, ref(P0), rtol=1e-12, atol=1e-14)
    assert all(type(v.data) is float for v in values)


def test_float32_params_stay_float32():
    p = nn.Parameter(P0.astype(np.float32))
    opt = optim.Adam([p], lr=0.01)
    p.grad = np.ones_like(p.data)
    opt.step()
    assert p.dtype == np.float32
    np.testing.assert_allclose(p.data, P0 - 0.01, rtol=1e-5)  # Adam's first step is lr * sign


def test_skips_params_without_grad_and_updates_in_place():
    a, b = nn.Parameter(np.ones(2)), nn.Parameter(np.ones(2))
    data_a = a.data
    opt = optim.SGD([a, b], lr=0.5)
    a.grad = np.array([1.0, 2.0])
    opt.step()
    assert a.data is data_a
    np.testing.assert_array_equal(a.data, [0.5, 0.0])
    np.testing.assert_array_equal(b.data, [1.0, 1.0])
    opt.zero_grad()
    assert a.grad is None


def test_step_records_no_graph_and_trains_a_model():
    model = nn.Sequential(nn.Linear(2, 8, rng=0), nn.Tanh(), nn.Linear(8, 1, rng=1))
    x = np.random.default_rng(0).normal(size=(32, 2))
    y = (x[:, :1] * x[:, 1:] > 0).astype(float)
    opt = optim.Adam(model.parameters(), lr=0.05)
    losses = []
    for _ in range(60):
        loss = nn.functional.binary_cross_entropy_with_logits(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]
    assert all(p.op is None and p.is_leaf for p in model.parameters())


def test_lr_can_be_changed_between_steps():
    p = nn.Parameter(np.zeros(1))
    opt = optim.SGD([p], lr=1.0)
    p.grad = np.ones(1)
    opt.step()
    opt.lr = 0.5
    opt.step()
    assert p.data[0] == pytest.approx(-1.5)


def test_accepts_a_module_parameter_list_and_rejects_misuse():
    mlp = nn.MLP(2, [3, 1], rng=0)
    opt = optim.SGD(mlp.parameters(), lr=0.1)
    assert len(opt.params) == mlp.num_parameters()
    assert "SGD(lr=0.1, momentum=0.0" in repr(opt)
    with pytest.raises(TypeError, match="iterable of parameters"):
        optim.SGD(nn.Parameter(np.zeros(1)), lr=0.1)
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.Adam([])
    with pytest.raises(TypeError, match="item 1 is a ndarray"):
        optim.SGD([Tensor(1.0), np.zeros(1)], lr=0.1)
    with pytest.raises(ValueError, match="lr must be a number >= 0; got -1"):
        optim.SGD(mlp.parameters(), lr=-1)
    with pytest.raises(ValueError, match=r"betas\[1\] must be in \[0, 1.0\)"):
        optim.Adam(mlp.parameters(), betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="nesterov"):
        optim.SGD(mlp.parameters(), lr=0.1, nesterov=True)


def test_value_grad_from_a_real_backward_pass():
    w = nn.ValueParameter(3.0)
    opt = optim.SGD([w], lr=0.1)
    (w * w).backward()  # d/dw w^2 = 6
    opt.step()
    assert w.data == pytest.approx(3.0 - 0.6)
    assert isinstance(w, Value) and not math.isnan(w.data)


# -- property-based: random hyperparameters and shapes ---------------------------------------

hyper = dict(deadline=None, max_examples=30)


@settings(**hyper)
@given(lr=st.floats(1e-4, 1.0), momentum=st.floats(0.0, 0.99), dampening=st.floats(0.0, 0.9),
       weight_decay=st.floats(0.0, 0.1), nesterov=st.booleans(),
       shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4))
def test_sgd_formula_for_random_hyperparameters(lr, momentum, dampening, weight_decay, nesterov,
                                               shape):
    if nesterov:
        momentum, dampening = max(momentum, 0.1), 0.0
    p0 = np.random.default_rng(1).normal(size=shape)
    got = run(lambda ps: optim.SGD(ps, lr=lr, momentum=momentum, dampening=dampening,
                                   weight_decay=weight_decay, nesterov=nesterov), p0)
    np.testing.assert_allclose(got, sgd_ref(p0, lr, momentum, dampening, weight_decay, nesterov),
                               rtol=1e-10, atol=1e-12)


@settings(**hyper)
@given(lr=st.floats(1e-4, 0.5), b1=st.floats(0.0, 0.99), b2=st.floats(0.5, 0.9999),
       eps=st.floats(1e-10, 1e-3), weight_decay=st.floats(0.0, 0.1), amsgrad=st.booleans(),
       shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4))
def test_adam_formula_for_random_hyperparameters(lr, b1, b2, eps, weight_decay, amsgrad, shape):
    p0 = np.random.default_rng(2).normal(size=shape)
    got = run(lambda ps: optim.Adam(ps, lr=lr, betas=(b1, b2), eps=eps,
                                    weight_decay=weight_decay, amsgrad=amsgrad), p0)
    np.testing.assert_allclose(got, adam_ref(p0, lr, b1, b2, eps, weight_decay, amsgrad),
                               rtol=1e-10, atol=1e-12)


@settings(**hyper)
@given(lr=st.floats(1e-4, 0.5), alpha=st.floats(0.5, 0.999), momentum=st.floats(0.0, 0.9),
       centered=st.booleans(), lr_decay=st.floats(0.0, 0.5), init=st.floats(0.0, 1.0))
def test_rmsprop_and_adagrad_formulas_for_random_hyperparameters(lr, alpha, momentum, centered,
                                                                lr_decay, init):
    got = run(lambda ps: optim.RMSprop(ps, lr=lr, alpha=alpha, momentum=momentum,
                                       centered=centered), P0)
    np.testing.assert_allclose(got, rmsprop_ref(P0, lr, alpha, momentum=momentum,
                                                centered=centered), rtol=1e-9, atol=1e-12)
    got = run(lambda ps: optim.Adagrad(ps, lr=lr, lr_decay=lr_decay,
                                       initial_accumulator_value=init), P0)
    np.testing.assert_allclose(got, adagrad_ref(P0, lr, lr_decay, init=init), rtol=1e-10,
                               atol=1e-12)
