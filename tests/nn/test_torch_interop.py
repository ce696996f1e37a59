"""nn.to_torch / nn.from_torch / torch state dicts, against PyTorch itself (skipped without it)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn
from autograd import AutogradError, Value
from nn import functional as F
from nn import optim

torch = pytest.importorskip("torch")
TF = torch.nn.functional


def predict(tmodel, x):
    with torch.no_grad():
        return tmodel(torch.tensor(x)).numpy()


def torch_weight_as_ours(tlinear):
    return tlinear.weight.detach().numpy().T


def assert_bitwise_equal_states(a, b):
    assert list(a) == list(b)
    for key in a:
        assert a[key].dtype == b[key].dtype, key
        assert a[key].tobytes() == b[key].tobytes(), key  # every bit, not just close


def nets():
    """Sequential nets covering every supported module, nesting and a Linear without bias."""
    return [
        nn.Sequential(nn.Linear(2, 4, rng=0), nn.Tanh(), nn.Linear(4, 1, rng=1), nn.Sigmoid()),
        nn.Sequential(nn.Linear(5, 7, rng=2), nn.ReLU(), nn.Linear(7, 7, rng=3),
                      nn.LeakyReLU(0.2), nn.Linear(7, 3, bias=False, rng=4)),
        nn.Sequential(nn.Sequential(nn.Linear(3, 3, rng=5), nn.Sigmoid()),
                      nn.Linear(3, 2, rng=6)),
        nn.Linear(4, 2, rng=7),
    ]


def bump_biases(model, rng):
    """Non-zero biases (they start at zero), so that a swapped bias would show."""
    for name, p in model.named_parameters():
        if name.endswith("bias"):
            p.data[...] = rng.normal(size=p.shape)
    return model


# --- predictions -------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(nets())))
def test_sequential_predictions_agree_in_float64(index):
    rng = np.random.default_rng(index)
    model = bump_biases(nets()[index], rng)
    tmodel = nn.to_torch(model)
    x = rng.normal(size=(64, model.parameters()[0].shape[0]))  # the first weight: (in, out)
    ours, theirs = model(x).data, predict(tmodel, x)
    assert theirs.dtype == np.float64
    assert np.abs(ours - theirs).max() <= 1e-15 * max(1.0, np.abs(ours).max()) * 4


ACTIVATION = st.sampled_from(["Tanh", "Sigmoid", "ReLU", "LeakyReLU"])


@given(sizes=st.lists(st.integers(1, 6), min_size=2, max_size=5), acts=st.lists(ACTIVATION,
       min_size=4, max_size=4), seed=st.integers(0, 2**16))
def test_random_nets_agree_in_predictions_and_gradients(sizes, acts, seed):
    rng = np.random.default_rng(seed)
    modules = []
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        modules.append(nn.Linear(n_in, n_out, bias=bool(i % 2 == 0), rng=rng))
        name = acts[i]
        modules.append(nn.LeakyReLU(0.1) if name == "LeakyReLU" else getattr(nn, name)())
    model = bump_biases(nn.Sequential(*modules), rng)
    tmodel = nn.to_torch(model)
    x = rng.normal(size=(7, sizes[0]))
    out = model(x)
    tout = tmodel(torch.tensor(x))
    np.testing.assert_allclose(out.data, tout.detach().numpy(), rtol=1e-14, atol=1e-15)
    (out * out).sum().backward()
    (tout * tout).sum().backward()
    tparams = dict(tmodel.named_parameters())
    for name, p in model.named_parameters():
        tgrad = tparams[name].grad.numpy()
        np.testing.assert_allclose(p.grad, tgrad.T if name.endswith("weight") else tgrad,
                                   rtol=1e-12, atol=1e-14, err_msg=name)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", None])
def test_scalar_mlp_predictions_agree(activation):
    rng = np.random.default_rng(3)
    mlp = nn.MLP(3, [5, 4, 2], activation=activation, rng=1)
    for p in mlp.parameters():
        if p.label == "b":
            p.data = float(rng.normal())
    tmodel = nn.to_torch(mlp)
    x = rng.normal(size=(20, 3))
    theirs = predict(tmodel, x)
    ours = np.array([[v.data for v in mlp(list(row))] for row in x])
    assert np.abs(ours - theirs).max() <= 4e-15


def test_scalar_mlp_maps_to_linear_activation_pairs_with_a_linear_last_layer():
    tmodel = nn.to_torch(nn.MLP(2, [16, 16, 1], rng=0))  # micrograd's moons MLP
    assert [type(m).__name__ for m in tmodel] == ["Linear", "ReLU", "Linear", "ReLU", "Linear"]
    assert [(m.in_features, m.out_features) for m in tmodel[::2]] == [(2, 16), (16, 16), (16, 1)]
    tanh = nn.to_torch(nn.MLP(2, [3, 1], activation="tanh", rng=0))
    assert [type(m).__name__ for m in tanh] == ["Linear", "Tanh", "Linear"]
    linear = nn.to_torch(nn.MLP(2, [3, 1], activation=None, rng=0))
    assert [type(m).__name__ for m in linear] == ["Linear", "Linear"]


def test_neuron_j_of_a_layer_is_row_j_of_the_torch_weight():
    mlp = nn.MLP(3, [2, 1], rng=4)
    tmodel = nn.to_torch(mlp)
    for j, neuron in enumerate(mlp.layers[0].neurons):
        assert tmodel[0].weight[j].tolist() == [w.data for w in neuron.w]
        assert tmodel[0].bias[j].item() == neuron.b.data


# --- the square layer: transposed by type, not by shape ----------------------------------------


def test_square_linear_is_transposed_although_both_layouts_fit():
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Linear(3, 3, rng=0))
    model[0].weight.data[...] = np.arange(9.0).reshape(3, 3) / 4 - 1  # not symmetric
    model[0].bias.data[...] = [0.5, -1.0, 2.0]
    w = model[0].weight.data
    assert not np.allclose(w, w.T)
    x = rng.normal(size=(10, 3))
    ours = model(x).data

    converted = nn.to_torch(model)
    assert np.abs(predict(converted, x) - ours).max() <= 1e-15
    np.testing.assert_array_equal(converted[0].weight.detach().numpy(), w.T)

    # Our state dict as it stands has the right keys and shapes, so torch loads it silently,
    # and the twin then predicts wrongly: that is why the transpose cannot follow the shapes.
    naive = torch.nn.Sequential(torch.nn.Linear(3, 3)).double()
    naive.load_state_dict({k: torch.tensor(v) for k, v in model.state_dict().items()})
    assert np.abs(predict(naive, x) - ours).max() > 0.5

    fixed = torch.nn.Sequential(torch.nn.Linear(3, 3)).double()
    fixed.load_state_dict(nn.torch_state_dict(model))
    assert np.abs(predict(fixed, x) - ours).max() <= 1e-15

    back = nn.from_torch(converted)
    np.testing.assert_array_equal(back[0].weight.data, w)


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(nets())))
def test_round_trip_is_bitwise_exact(index):
    model = bump_biases(nets()[index], np.random.default_rng(index))
    back = nn.from_torch(nn.to_torch(model))
    assert type(back) is type(model)
    assert repr(back) == repr(model)
    assert_bitwise_equal_states(model.state_dict(), back.state_dict())


def test_torch_model_round_trip_is_bitwise_exact():
    torch.manual_seed(0)
    tmodel = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.LeakyReLU(0.3),
                                 torch.nn.Sequential(torch.nn.Linear(6, 6), torch.nn.Tanh()),
                                 torch.nn.Linear(6, 2, bias=False), torch.nn.Sigmoid())
    again = nn.to_torch(nn.from_torch(tmodel))
    assert repr(again) == repr(tmodel)
    a, b = tmodel.state_dict(), again.state_dict()
    assert list(a) == list(b)
    for key in a:
        assert a[key].dtype == b[key].dtype == torch.float32
        assert torch.equal(a[key], b[key]), key


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
def test_scalar_mlp_round_trip_is_bitwise_exact(activation):
    mlp = nn.MLP(3, [4, 4, 2], activation=activation, rng=2)
    back = nn.from_torch(nn.to_torch(mlp), scalar=True)
    assert type(back) is nn.MLP and repr(back) == repr(mlp)
    assert_bitwise_equal_states(mlp.state_dict(), back.state_dict())
    tensor_flavour = nn.from_torch(nn.to_torch(mlp))  # the default: Linear layers
    assert isinstance(tensor_flavour, nn.Sequential)
    x = np.random.default_rng(0).normal(size=(5, 3))
    ours = np.array([[v.data for v in mlp(list(row))] for row in x])
    assert np.abs(tensor_flavour(x).data - ours).max() <= 4e-15


def test_float32_round_trip_keeps_float32_bitwise():
    model = bump_biases(nn.Sequential(nn.Linear(3, 5, rng=0, dtype=np.float32), nn.Tanh(),
                                      nn.Linear(5, 2, rng=1, dtype=np.float32)),
                        np.random.default_rng(1))
    tmodel = nn.to_torch(model)
    assert {p.dtype for p in tmodel.parameters()} == {torch.float32}
    back = nn.from_torch(tmodel)
    assert {p.dtype for p in back.parameters()} == {np.dtype(np.float32)}
    assert_bitwise_equal_states(model.state_dict(), back.state_dict())
    x = np.random.default_rng(2).normal(size=(16, 3)).astype(np.float32)
    assert np.abs(model(x).data - predict(tmodel, x)).max() <= 1e-6


@pytest.mark.parametrize("dtype", [torch.float32, np.float32, "float32"])
def test_dtype_converts_a_float64_model(dtype):
    model = nn.Sequential(nn.Linear(3, 4, rng=0), nn.Sigmoid(), nn.Linear(4, 1, rng=1))
    tmodel = nn.to_torch(model, dtype=dtype)
    assert {p.dtype for p in tmodel.parameters()} == {torch.float32}
    x = np.random.default_rng(0).normal(size=(8, 3))
    theirs = predict(tmodel, x.astype(np.float32))
    assert theirs.dtype == np.float32
    assert np.abs(model(x).data - theirs).max() < 1e-6
    assert model[0].weight.dtype == np.float64  # the model itself is unchanged
    back = nn.from_torch(nn.to_torch(model, dtype=torch.float64))
    assert_bitwise_equal_states(model.state_dict(), back.state_dict())


@pytest.mark.parametrize("dtype", [torch.int64, "int32", torch.bfloat16, "nonsense", 5])
def test_bad_dtype_is_refused(dtype):
    with pytest.raises(ValueError, match="to_torch dtype must be None .*float64"):
        nn.to_torch(nn.Linear(2, 2, rng=0), dtype=dtype)


def test_bfloat16_torch_model_is_refused_with_its_path_but_its_state_dict_loads():
    tmodel = torch.nn.Sequential(torch.nn.Tanh(), torch.nn.Linear(2, 2)).to(torch.bfloat16)
    with pytest.raises(nn.TorchConversionError, match=r"1 \(Linear\)'s weight is bfloat16"):
        nn.from_torch(tmodel)
    model = nn.Sequential(nn.Tanh(), nn.Linear(2, 2, rng=0))
    nn.load_torch_state_dict(model, tmodel.state_dict())  # bfloat16 -> float64, exactly
    expected = tmodel[1].weight.detach().double().numpy().T
    np.testing.assert_array_equal(model[1].weight.data, expected)


# --- gradients and training --------------------------------------------------------------------


def test_gradients_agree_after_conversion():
    rng = np.random.default_rng(5)
    x, labels = rng.normal(size=(32, 2)), rng.integers(0, 2, size=32)
    model = bump_biases(nn.Sequential(nn.Linear(2, 8, rng=0), nn.ReLU(), nn.Linear(8, 8, rng=1),
                                      nn.Tanh(), nn.Linear(8, 2, rng=2)), rng)
    tmodel = nn.to_torch(model)
    F.cross_entropy(model(x), labels).backward()
    TF.cross_entropy(tmodel(torch.tensor(x)), torch.tensor(labels)).backward()
    worst = 0.0
    for i in (0, 2, 4):
        worst = max(worst, np.abs(model[i].weight.grad - tmodel[i].weight.grad.numpy().T).max(),
                    np.abs(model[i].bias.grad - tmodel[i].bias.grad.numpy()).max())
    assert worst <= 1e-15


def test_scalar_mlp_gradients_agree_after_conversion():
    rng = np.random.default_rng(6)
    x, y = rng.normal(size=(6, 2)), rng.normal(size=6)
    mlp = nn.MLP(2, [4, 4, 1], activation="tanh", rng=3)
    tmodel = nn.to_torch(mlp)
    loss = sum(((mlp(list(row)) - t) ** 2 for row, t in zip(x, y)), Value(0.0)) / len(y)
    loss.backward()
    tloss = TF.mse_loss(tmodel(torch.tensor(x))[:, 0], torch.tensor(y))
    tloss.backward()
    assert abs(loss.data - tloss.item()) <= 1e-15
    for k, layer in enumerate(mlp.layers):
        tlinear = tmodel[2 * k]
        ours_w = np.array([[w.grad for w in n.w] for n in layer.neurons])
        ours_b = np.array([n.b.grad for n in layer.neurons])
        np.testing.assert_allclose(ours_w, tlinear.weight.grad.numpy(), rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(ours_b, tlinear.bias.grad.numpy(), rtol=1e-13, atol=1e-15)


OPTIMIZERS = [("SGD", dict(lr=0.3, momentum=0.9)), ("Adam", dict(lr=0.05))]


@pytest.mark.parametrize("name, kwargs", OPTIMIZERS, ids=[n for n, _ in OPTIMIZERS])
def test_optimizer_steps_stay_equal_in_both_engines(name, kwargs):
    rng = np.random.default_rng(7)
    x, labels = rng.normal(size=(40, 2)), rng.integers(0, 2, size=40)
    model = nn.Sequential(nn.Linear(2, 6, rng=0), nn.Tanh(), nn.Linear(6, 2, rng=1))
    tmodel = nn.to_torch(model)
    opt = getattr(optim, name)(model.parameters(), **kwargs)
    topt = getattr(torch.optim, name)(tmodel.parameters(), **kwargs)
    tx, tlabels = torch.tensor(x), torch.tensor(labels)
    for step in range(10):
        loss = F.cross_entropy(model(x), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tloss = TF.cross_entropy(tmodel(tx), tlabels)
        topt.zero_grad()
        tloss.backward()
        topt.step()
        assert abs(loss.item() - tloss.item()) <= 1e-13, step
    start = F.cross_entropy(nn.from_torch(nn.to_torch(model))(x), labels).item()
    assert start == pytest.approx(F.cross_entropy(model(x), labels).item(), abs=0)
    for i in (0, 2):
        np.testing.assert_allclose(model[i].weight.data, torch_weight_as_ours(tmodel[i]),
                                   rtol=0, atol=1e-12)
        np.testing.assert_allclose(model[i].bias.data, tmodel[i].bias.detach().numpy(),
                                   rtol=0, atol=1e-12)


@pytest.mark.parametrize("name, kwargs", OPTIMIZERS, ids=[n for n, _ in OPTIMIZERS])
def test_scalar_mlp_optimizer_steps_stay_equal(name, kwargs):
    rng = np.random.default_rng(8)
    x, y = rng.normal(size=(8, 2)), rng.normal(size=8)
    mlp = nn.MLP(2, [4, 1], rng=5)
    tmodel = nn.to_torch(mlp)
    opt = getattr(optim, name)(mlp.parameters(), **kwargs)
    topt = getattr(torch.optim, name)(tmodel.parameters(), **kwargs)
    for _ in range(5):
        loss = sum(((mlp(list(row)) - t) ** 2 for row, t in zip(x, y)), Value(0.0)) / len(y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        topt.zero_grad()
        TF.mse_loss(tmodel(torch.tensor(x))[:, 0], torch.tensor(y)).backward()
        topt.step()
    ours = nn.to_torch(mlp).state_dict()
    for key, value in tmodel.state_dict().items():
        np.testing.assert_allclose(ours[key].numpy(), value.numpy(), rtol=0, atol=1e-12)


def test_training_continues_in_torch_where_it_stopped():
    """Train here, convert, keep training in torch: the same as training here throughout."""
    rng = np.random.default_rng(9)
    x, labels = rng.normal(size=(30, 2)), rng.integers(0, 2, size=30)
    here = nn.Sequential(nn.Linear(2, 5, rng=0), nn.ReLU(), nn.Linear(5, 2, rng=1))
    opt = optim.SGD(here.parameters(), lr=0.2)

    def step_here():
        opt.zero_grad()
        F.cross_entropy(here(x), labels).backward()
        opt.step()

    for _ in range(5):
        step_here()
    there = nn.to_torch(here)
    topt = torch.optim.SGD(there.parameters(), lr=0.2)
    for _ in range(5):
        step_here()
        topt.zero_grad()
        TF.cross_entropy(there(torch.tensor(x)), torch.tensor(labels)).backward()
        topt.step()
    assert np.abs(here(x).data - predict(there, x)).max() <= 1e-13


# --- state dicts -------------------------------------------------------------------------------


def test_torch_state_dict_has_torch_keys_layout_and_dtype():
    model = nn.Sequential(nn.Linear(2, 4, rng=0), nn.Tanh(), nn.Linear(4, 1, rng=1))
    state = nn.torch_state_dict(model)
    assert {k: tuple(v.shape) for k, v in state.items()} == {
        "0.weight": (4, 2), "0.bias": (4,), "2.weight": (1, 4), "2.bias": (1,)}
    assert {v.dtype for v in state.values()} == {torch.float64}
    twin = nn.to_torch(model)
    assert list(twin.state_dict()) == list(state)
    independent = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(),
                                      torch.nn.Linear(4, 1)).double()
    assert list(independent.state_dict()) == list(state)
    independent.load_state_dict(state)  # strict: the same keys and shapes as torch's own
    x = np.random.default_rng(0).normal(size=(5, 2))
    assert np.abs(predict(independent, x) - model(x).data).max() <= 1e-15
    state["0.weight"][0, 0] = 99.0  # a copy: the model is unchanged
    assert model[0].weight.data[0, 0] != 99.0


def test_mlp_torch_state_dict_counts_the_activation_modules():
    state = nn.torch_state_dict(nn.MLP(2, [16, 16, 1], rng=0))
    assert {k: tuple(v.shape) for k, v in state.items()} == {
        "0.weight": (16, 2), "0.bias": (16,), "2.weight": (16, 16), "2.bias": (16,),
        "4.weight": (1, 16), "4.bias": (1,)}
    nested = nn.torch_state_dict(nn.Sequential(nn.Sequential(nn.Linear(2, 3, rng=0)),
                                               nn.ReLU(), nn.Linear(3, 1, bias=False, rng=0)))
    assert list(nested) == ["0.0.weight", "0.0.bias", "2.weight"]
    assert list(nn.torch_state_dict(nn.Linear(2, 3, rng=0))) == ["weight", "bias"]


def test_load_torch_state_dict_from_a_trained_torch_model():
    torch.manual_seed(1)
    tmodel = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Sigmoid(),
                                 torch.nn.Linear(4, 2)).double()
    model = nn.Sequential(nn.Linear(3, 4, rng=0), nn.Sigmoid(), nn.Linear(4, 2, rng=1))
    assert nn.load_torch_state_dict(model, tmodel.state_dict()) == ([], [])
    x = np.random.default_rng(1).normal(size=(6, 3))
    assert np.abs(model(x).data - predict(tmodel, x)).max() <= 1e-15
    numpy_state = {k: v.numpy() for k, v in tmodel.state_dict().items()}
    mlp = nn.MLP(3, [4, 2], activation="sigmoid", rng=0)
    nn.load_torch_state_dict(mlp, numpy_state)  # numpy arrays work too
    ours = np.array([[v.data for v in mlp(list(row))] for row in x])
    assert np.abs(ours - predict(tmodel, x)).max() <= 4e-15


def test_load_torch_state_dict_checks_keys_and_shapes_before_writing():
    model = nn.Sequential(nn.Linear(2, 4, rng=0), nn.Tanh(), nn.Linear(4, 1, rng=1))
    before = model.state_dict()
    good = nn.torch_state_dict(model)
    with pytest.raises(nn.StateDictError, match=r"missing keys \['2.bias'\].*'0.weight'"):
        nn.load_torch_state_dict(model, {k: v for k, v in good.items() if k != "2.bias"})
    with pytest.raises(KeyError, match=r"unexpected keys \['1.weight'\]"):
        nn.load_torch_state_dict(model, {**good, "1.weight": good["0.weight"]})
    ours_layout = {k: torch.tensor(v) for k, v in before.items()}  # (in, out): not torch's
    with pytest.raises(ValueError, match=r"'0.weight': the model expects \(4, 2\).*\(2, 4\)"):
        nn.load_torch_state_dict(model, ours_layout)
    assert_bitwise_equal_states(model.state_dict(), before)  # nothing written
    changed = {k: v * 2 for k, v in good.items() if k != "2.bias"}
    assert nn.load_torch_state_dict(model, changed, strict=False) == (["2.bias"], [])
    np.testing.assert_array_equal(model[2].weight.data, before["2.weight"] * 2)
    np.testing.assert_array_equal(model[2].bias.data, before["2.bias"])
    with pytest.raises(TypeError, match=r"pass module.state_dict\(\)"):
        nn.load_torch_state_dict(model, nn.to_torch(model))
    with pytest.raises(TypeError, match="'0.bias' must be a numeric array"):
        nn.load_torch_state_dict(model, {**good, "0.bias": np.array(["a"] * 4)})


# --- what carries over and what does not -------------------------------------------------------


def test_copies_share_no_memory():
    model = nn.Sequential(nn.Linear(2, 2, rng=0))
    tmodel = nn.to_torch(model)
    with torch.no_grad():
        tmodel[0].weight.add_(1.0)
    assert not np.array_equal(model[0].weight.data, torch_weight_as_ours(tmodel[0]))
    back = nn.from_torch(tmodel)
    with torch.no_grad():
        tmodel[0].bias.add_(1.0)
    assert not np.array_equal(back[0].bias.data, tmodel[0].bias.detach().numpy())


def test_requires_grad_and_mode_carry_over():
    model = nn.Sequential(nn.Linear(2, 3, rng=0), nn.Tanh(), nn.Linear(3, 1, rng=1)).eval()
    model[0].weight.requires_grad = model[0].bias.requires_grad = False
    tmodel = nn.to_torch(model)
    assert not tmodel.training and not tmodel[0].training
    assert [p.requires_grad for p in tmodel.parameters()] == [False, False, True, True]
    back = nn.from_torch(tmodel)
    assert not back.training
    assert [p.requires_grad for p in back.parameters()] == [False, False, True, True]
    assert nn.to_torch(nn.Linear(2, 2, rng=0)).training


def test_to_torch_leaves_torch_random_state_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    nn.to_torch(nn.Sequential(nn.Linear(30, 30, rng=0), nn.ReLU(), nn.Linear(30, 2, rng=1)))
    assert torch.equal(torch.rand(3), expected)


# --- what has no twin --------------------------------------------------------------------------


class Affine(nn.Module):
    """A user's own layer: no twin in torch."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(np.ones((2, 2)))

    def forward(self, x):
        return x @ self.w


class MySequential(nn.Sequential):
    def forward(self, x):
        return super().forward(x) * 2


@pytest.mark.parametrize("fn", [nn.to_torch, nn.torch_state_dict,
                                lambda m: nn.load_torch_state_dict(m, {})])
def test_unsupported_module_of_ours_is_a_type_error_with_its_path(fn):
    model = nn.Sequential(nn.Linear(2, 2, rng=0), nn.Sequential(nn.Tanh(), Affine()))
    with pytest.raises(nn.TorchConversionError) as info:
        fn(model)
    assert isinstance(info.value, TypeError) and isinstance(info.value, AutogradError)
    message = str(info.value)
    assert "1.1 (Affine) has no PyTorch twin" in message
    assert "Sequential, Linear, Sigmoid, Tanh, ReLU, LeakyReLU, MLP" in message


def test_what_else_has_no_torch_twin():
    with pytest.raises(nn.TorchConversionError, match=r"the model \(MySequential\)"):
        nn.to_torch(MySequential(nn.Linear(2, 2, rng=0)))
    with pytest.raises(nn.TorchConversionError, match=r"the model \(Layer\)"):
        nn.to_torch(nn.Layer(2, 3, rng=0))
    with pytest.raises(TypeError, match="takes an nn Module .*got Sequential; for a torch mod"):
        nn.to_torch(torch.nn.Sequential())
    with pytest.raises(TypeError, match=r"takes an nn Module .*got list$"):
        nn.torch_state_dict([nn.Linear(2, 2, rng=0)])


def test_unsupported_torch_module_is_a_type_error_with_its_path():
    tmodel = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), torch.nn.Dropout(0.1))
    with pytest.raises(nn.TorchConversionError) as info:
        nn.from_torch(tmodel)
    assert isinstance(info.value, TypeError) and isinstance(info.value, AutogradError)
    assert "2 (Dropout) has no twin in this engine" in str(info.value)
    assert "Sequential, Linear, Sigmoid, Tanh, ReLU, LeakyReLU" in str(info.value)
    nested = torch.nn.Sequential(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.GELU()))
    with pytest.raises(nn.TorchConversionError, match=r"0\.1 \(GELU\)"):
        nn.from_torch(nested)
    with pytest.raises(nn.TorchConversionError, match=r"the model \(Conv1d\)"):
        nn.from_torch(torch.nn.Conv1d(1, 1, 3))
    with pytest.raises(TypeError, match="takes a torch.nn.Module; got Sequential"):
        nn.from_torch(nn.Sequential())
    with pytest.raises(TypeError, match="scalar must be True or False"):
        nn.from_torch(torch.nn.Linear(2, 2), scalar=1)


@pytest.mark.parametrize("layers", [
    [torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1), torch.nn.Sigmoid()],
    [torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 3), torch.nn.Tanh(),
     torch.nn.Linear(3, 1)],
    [torch.nn.Linear(2, 3), torch.nn.LeakyReLU(), torch.nn.Linear(3, 1)],
    [torch.nn.Linear(2, 3, bias=False), torch.nn.ReLU(), torch.nn.Linear(3, 1)],
    [torch.nn.ReLU(), torch.nn.Linear(2, 1)],
    [],
], ids=["ends-with-sigmoid", "two-activations", "leaky", "no-bias", "starts-with-act", "empty"])
def test_from_torch_scalar_needs_the_shape_of_an_mlp(layers):
    with pytest.raises(nn.TorchConversionError, match=r"scalar=True\) takes .*shape of an MLP"):
        nn.from_torch(torch.nn.Sequential(*layers), scalar=True)


def test_from_torch_scalar_accepts_every_mlp_shape():
    torch.manual_seed(2)
    single = nn.from_torch(torch.nn.Linear(3, 2), scalar=True)
    assert repr(single.layers[0]) == "Layer(3 -> 2, activation='linear')"
    plain = nn.from_torch(torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 1)),
                          scalar=True)
    assert [repr(layer) for layer in plain.layers] == [
        "Layer(3 -> 2, activation='linear')", "Layer(2 -> 1, activation='linear')"]
    with pytest.raises(ValueError, match="4 outputs feeds one with 3 inputs"):
        nn.from_torch(torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Linear(3, 1)),
                      scalar=True)
