"""Module API: parameters, traversal, modes, repr, name scopes, Linear and Sequential."""

import numpy as np
import pytest

import nn
from autograd import Tensor, Value
from nn import functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4, rng=0)
        self.act = nn.Tanh()
        self.fc2 = nn.Linear(4, 2, rng=1)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


def test_parameter_is_a_tensor_that_requires_grad():
    p = nn.Parameter(np.ones((2, 3)))
    assert isinstance(p, Tensor) and p.requires_grad and p.is_parameter
    assert p.dtype == np.float64 and p.shape == (2, 3)
    assert nn.Parameter([1.0], requires_grad=False).requires_grad is False
    assert nn.Parameter(np.ones(2, np.float32)).dtype == np.float32
    out = p * 2
    assert type(out) is Tensor and not getattr(out, "is_parameter", False)
    assert repr(p).startswith("Parameter(")


def test_value_parameter_is_a_value():
    v = nn.ValueParameter(2.0)
    assert isinstance(v, Value) and v.requires_grad and v.is_parameter
    assert type(v * 3) is Value
    assert nn.is_parameter(v) and not nn.is_parameter(Value(1.0)) and not nn.is_parameter(3.0)
    with pytest.raises(AttributeError):
        v.extra = 1  # __slots__ = (): no per-instance dict


def test_named_parameters_in_attribute_order():
    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    assert [p.shape for p in net.parameters()] == [(3, 4), (4,), (4, 2), (2,)]
    assert net.num_parameters() == 12 + 4 + 8 + 2
    assert [n for n, _ in net.named_children()] == ["fc1", "act", "fc2"]
    assert [n for n, _ in net.named_modules()] == ["", "fc1", "act", "fc2"]
    assert net.fc1.weight.label == "weight"


def test_shared_parameter_listed_once():
    lin = nn.Linear(2, 2, rng=0)
    seq = nn.Sequential(lin, nn.ReLU(), lin)
    assert len(seq.parameters()) == 2
    assert list(seq.state_dict()) == ["0.weight", "0.bias"]


def test_lists_of_modules_and_parameters_are_found():
    class Bag(nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = [nn.Linear(1, 1, rng=i) for i in range(2)]
            self.ws = [nn.Parameter(np.zeros(3)), nn.Parameter(np.ones(1))]
            self._hidden = nn.Linear(1, 1)  # underscore attributes are private
            self.notes = ["not a module"]

    names = [n for n, _ in Bag().named_parameters()]
    assert names == ["blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias",
                     "ws.0", "ws.1"]


def test_zero_grad_resets_tensor_and_value_grads():
    net = Net()
    F.mse_loss(net(np.ones((5, 3))), np.zeros((5, 2))).backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    mlp = nn.MLP(2, [3, 1], rng=0)
    mlp([1.0, -1.0]).backward()
    assert any(p.grad != 0 for p in mlp.parameters())
    mlp.zero_grad()
    assert all(p.grad == 0.0 for p in mlp.parameters())


def test_train_eval_propagate():
    net = Net()
    assert net.training and net.fc1.training
    assert net.eval() is net
    assert not net.training and not net.fc1.training and not net.act.training
    net.train()
    assert all(m.training for m in net.modules())


def test_repr_is_readable():
    seq = nn.Sequential(nn.Linear(2, 4, rng=0), nn.LeakyReLU(0.2), nn.Linear(4, 1, bias=False))
    assert repr(seq) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=4, bias=True)\n"
        "  (1): LeakyReLU(negative_slope=0.2)\n"
        "  (2): Linear(in_features=4, out_features=1, bias=False)\n"
        ")"
    )
    nested = repr(nn.Sequential(nn.Sequential(nn.ReLU())))
    assert nested == "Sequential(\n  (0): Sequential(\n    (0): ReLU()\n  )\n)"
    assert "Layer(2 -> 3, activation='tanh')" in repr(nn.MLP(2, [3, 1], activation="tanh"))


def test_forward_runs_in_a_name_scope_per_module():
    net = Net()
    out = net(np.ones((1, 3)))
    assert out.scope == "Net/fc2"
    seq = nn.Sequential(nn.Linear(2, 2, rng=0), nn.Sigmoid())
    y = seq(np.ones((1, 2)))
    assert y.scope == "Sequential/Sigmoid1"
    assert y.parents[0].scope == "Sequential/Linear0"


def test_scalar_mlp_scopes_group_by_layer_and_neuron():
    mlp = nn.MLP(2, [3, 1], rng=0)
    out = mlp([0.5, -1.0])
    assert out.scope == "MLP/Layer1/Neuron0"
    relu = mlp.layers[0](np.array([0.5, -1.0]))[2]
    assert relu.scope == "Layer0/Neuron2"  # called directly: its own name is the root


def test_module_without_forward_or_super_init():
    class NoInit(nn.Module):
        def __init__(self):
            self.lin = nn.Linear(1, 1, rng=0)  # forgot super().__init__()

    m = NoInit()
    assert m.training and len(m.parameters()) == 2
    with pytest.raises(NotImplementedError, match="NoInit does not define forward"):
        m(np.ones((1, 1)))


def test_linear_matches_the_tutorial_formula():
    lin = nn.Linear(3, 2, rng=0)
    x = np.arange(12.0).reshape(4, 3)
    out = lin(x)
    np.testing.assert_allclose(out.data, x @ lin.weight.data + lin.bias.data)
    assert lin.weight.shape == (3, 2) and lin.bias.shape == (2,)
    assert np.all(lin.bias.data == 0)
    assert lin(Tensor(x)).shape == (4, 2)
    assert nn.Linear(3, 2, bias=False).bias is None


def test_linear_init_choices_and_reproducibility():
    a, b = nn.Linear(50, 40, rng=7), nn.Linear(50, 40, rng=7)
    np.testing.assert_array_equal(a.weight.data, b.weight.data)
    assert abs(a.weight.data.std() - 1 / np.sqrt(50)) < 0.02  # randn / sqrt(fan_in)
    x = nn.Linear(50, 40, init="xavier_uniform", rng=0)
    assert np.abs(x.weight.data).max() <= np.sqrt(6 / 90)
    c = nn.Linear(2, 2, init=lambda shape, rng: np.full(shape, 0.5))
    assert np.all(c.weight.data == 0.5)
    f32 = nn.Linear(4, 3, dtype=np.float32, rng=0)
    assert f32.weight.dtype == np.float32 and f32.bias.dtype == np.float32
    assert f32(np.ones((2, 4), np.float32)).dtype == np.float32


def test_linear_errors_name_the_problem():
    with pytest.raises(ValueError, match="in_features must be a positive int; got 0"):
        nn.Linear(0, 3)
    with pytest.raises(ValueError, match="unknown init 'nope'"):
        nn.Linear(2, 3, init="nope")
    with pytest.raises(ValueError, match=r"last dimension is 3; got shape \(4, 2\)"):
        nn.Linear(3, 1)(np.ones((4, 2)))
    with pytest.raises(TypeError, match="rng must be an int seed"):
        nn.Linear(2, 2, rng="seed")


def test_sequential_container():
    seq = nn.Sequential(nn.Linear(2, 3, rng=0), nn.ReLU())
    assert len(seq) == 2 and isinstance(seq[0], nn.Linear)
    seq.append(nn.Linear(3, 1, rng=1))
    assert [type(m).__name__ for m in seq] == ["Linear", "ReLU", "Linear"]
    assert seq(np.ones((5, 2))).shape == (5, 1)
    assert len(nn.Sequential([nn.ReLU(), nn.Tanh()])) == 2
    with pytest.raises(TypeError, match="item 1 is a int"):
        nn.Sequential(nn.ReLU(), 3)


def test_activation_modules():
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]])
    np.testing.assert_allclose(nn.ReLU()(x).data, np.maximum(x, 0))
    np.testing.assert_allclose(nn.Tanh()(x).data, np.tanh(x))
    np.testing.assert_allclose(nn.Sigmoid()(x).data, 1 / (1 + np.exp(-x)))
    np.testing.assert_allclose(nn.LeakyReLU(0.1)(x).data, np.where(x > 0, x, 0.1 * x))
    assert nn.ReLU()(Value(-1.0)).data == 0.0
