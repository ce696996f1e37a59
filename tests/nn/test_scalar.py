"""The scalar flavour (Neuron, Layer, MLP on Values) vs formulas, Tensors and micrograd."""

import math

import numpy as np
import pytest

import nn
from autograd import Tensor, Value, sum_values


def test_neuron_computes_activation_of_w_dot_x_plus_b():
    n = nn.Neuron(3, activation="tanh", rng=0)
    w = [p.data for p in n.w]
    x = [0.5, -1.0, 2.0]
    out = n(x)
    assert out.data == pytest.approx(math.tanh(sum(wi * xi for wi, xi in zip(w, x))))
    assert all(-1 <= wi <= 1 for wi in w) and n.b.data == 0.0
    assert isinstance(n.b, nn.ValueParameter) and n.b.label == "b" and n.w[2].label == "w2"
    out.backward()
    assert n.w[0].grad == pytest.approx((1 - out.data**2) * 0.5)
    # the weighted sum is one n-ary Add node (sum_values), not a chain
    assert n(x).parents[0].op.name == "Add" and len(n(x).parents[0].parents) == 4


@pytest.mark.parametrize("activation, fn", [
    ("relu", lambda s: max(s, 0.0)), ("sigmoid", lambda s: 1 / (1 + math.exp(-s))),
    ("linear", lambda s: s), (None, lambda s: s),
])
def test_neuron_activations(activation, fn):
    n = nn.Neuron(2, activation=activation, rng=1)
    s = n.w[0].data * 0.3 + n.w[1].data * -0.4
    assert n(np.array([0.3, -0.4])).data == pytest.approx(fn(s))


def test_layer_and_mlp_shapes_and_last_layer_is_linear():
    layer = nn.Layer(2, 3, rng=0)
    assert len(layer([1.0, 2.0])) == 3 and isinstance(nn.Layer(2, 1)([1.0, 2.0]), Value)
    mlp = nn.MLP(2, [16, 16, 1], rng=0)
    assert mlp.num_parameters() == (2 * 16 + 16) + (16 * 16 + 16) + (16 + 1) == 337
    assert [la.neurons[0].activation for la in mlp.layers] == ["relu", "relu", "linear"]
    assert len(nn.MLP(3, [4, 2])([1.0, 2.0, 3.0])) == 2


def test_scalar_mlp_equals_the_same_network_on_tensors():
    mlp = nn.MLP(3, [4, 2], activation="tanh", rng=3)
    W1 = np.array([[p.data for p in n.w] for n in mlp.layers[0].neurons]).T
    W2 = np.array([[p.data for p in n.w] for n in mlp.layers[1].neurons]).T
    x = np.array([0.2, -0.7, 1.1])
    want = np.tanh(x @ W1) @ W2  # biases start at 0
    got = [v.data for v in mlp(x)]
    np.testing.assert_allclose(got, want, atol=1e-12)
    # gradients too
    loss = sum_values(v * v for v in mlp(x))
    loss.backward()
    Wt = Tensor(W1, requires_grad=True)
    out = (Tensor(x) @ Wt).tanh() @ W2
    (out * out).sum().backward()
    g1 = np.array([[p.grad for p in n.w] for n in mlp.layers[0].neurons]).T
    np.testing.assert_allclose(g1, Wt.grad, atol=1e-12)


def test_matches_micrograd():
    mg_engine = pytest.importorskip("micrograd.engine")
    mg_nn = pytest.importorskip("micrograd.nn")
    ours = nn.MLP(2, [8, 8, 1], rng=0)
    theirs = mg_nn.MLP(2, [8, 8, 1])
    for a, b in zip(ours.parameters(), theirs.parameters()):
        b.data = a.data  # same order: w then b per neuron, neuron by neuron
    xs = [[0.5, -1.5], [2.0, 0.25], [-0.3, 0.8]]
    ys = [1.0, -1.0, 1.0]

    def loss_of(model, V):
        scores = [model(x) for x in xs]
        losses = [(1 + -y * s).relu() for y, s in zip(ys, scores)]
        return sum(losses, V(0.0)) * (1.0 / len(xs))

    lo, lt = loss_of(ours, Value), loss_of(theirs, mg_engine.Value)
    lo.backward()
    lt.backward()
    assert lo.data == pytest.approx(lt.data, rel=1e-12)
    for a, b in zip(ours.parameters(), theirs.parameters()):
        assert a.grad == pytest.approx(b.grad, rel=1e-12, abs=1e-15)


def test_errors():
    with pytest.raises(ValueError, match=r"Neuron\(2, activation='relu'\) takes 2 inputs; got 3"):
        nn.Neuron(2, rng=0)([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="activation must be one of"):
        nn.MLP(2, [3], activation="gelu")
    with pytest.raises(ValueError, match="at least one layer size"):
        nn.MLP(2, [])
    with pytest.raises(ValueError, match="nin must be a positive int"):
        nn.Neuron(0)


def test_seeded_construction_is_reproducible():
    a, b = nn.MLP(2, [4, 1], rng=11), nn.MLP(2, [4, 1], rng=11)
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
