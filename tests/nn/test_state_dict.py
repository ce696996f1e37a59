"""state_dict / load_state_dict: round trips and the errors that name keys and shapes."""

import numpy as np
import pytest

import nn


def model(seed=0, dtype=np.float64):
    return nn.Sequential(nn.Linear(3, 4, rng=seed, dtype=dtype), nn.Sigmoid(),
                         nn.Linear(4, 2, rng=seed + 1, dtype=dtype))


def test_state_dict_is_a_copy_of_named_arrays():
    m = model()
    sd = m.state_dict()
    assert list(sd) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert all(isinstance(v, np.ndarray) for v in sd.values())
    sd["0.weight"][...] = 99.0
    assert not np.any(m[0].weight.data == 99.0)


def test_round_trip_restores_outputs_in_place():
    a, b = model(0), model(10)
    x = np.random.default_rng(0).normal(size=(5, 3))
    assert not np.allclose(a(x).data, b(x).data)
    w_before = b[0].weight.data
    missing, unexpected = b.load_state_dict(a.state_dict())
    assert missing == [] and unexpected == []
    np.testing.assert_array_equal(a(x).data, b(x).data)
    assert b[0].weight.data is w_before  # written in place: optimizers keep working


def test_round_trip_through_a_file(tmp_path):
    a, b = model(0), model(5)
    nn.save(a, tmp_path / "m.npz")
    b.load_state_dict(nn.load(tmp_path / "m.npz"))
    for (ka, va), (kb, vb) in zip(a.state_dict().items(), b.state_dict().items()):
        assert ka == kb
        np.testing.assert_array_equal(va, vb)


def test_scalar_mlp_round_trip():
    a, b = nn.MLP(2, [4, 1], rng=0), nn.MLP(2, [4, 1], rng=1)
    sd = a.state_dict()
    assert "layers.0.neurons.3.w.1" in sd and sd["layers.1.neurons.0.b"].shape == ()
    b.load_state_dict(sd)
    assert a([0.3, -0.7]).data == b([0.3, -0.7]).data


def test_dtype_is_kept_and_cast_on_load():
    m32 = model(0, np.float32)
    assert m32.state_dict()["0.weight"].dtype == np.float32
    m32.load_state_dict(model(3).state_dict())  # float64 arrays into float32 params
    assert m32[0].weight.dtype == np.float32
    np.testing.assert_allclose(m32[0].weight.data, model(3)[0].weight.data, rtol=1e-6)


def test_missing_key_is_named():
    sd = model().state_dict()
    del sd["2.bias"]
    with pytest.raises(nn.StateDictError, match=r"missing keys \['2.bias'\]") as err:
        model().load_state_dict(sd)
    assert isinstance(err.value, KeyError)
    assert "the model's keys are ['0.weight'" in str(err.value)


def test_unexpected_key_is_named():
    sd = model().state_dict()
    sd["4.weight"] = np.zeros((2, 2))
    with pytest.raises(KeyError, match=r"unexpected keys \['4.weight'\]"):
        model().load_state_dict(sd)


def test_shape_mismatch_names_key_and_both_shapes():
    sd = model().state_dict()
    sd["0.weight"] = np.zeros((4, 3))
    m = model(7)
    before = m.state_dict()
    with pytest.raises(ValueError, match=r"'0.weight'.*expects \(3, 4\).*has \(4, 3\)"):
        m.load_state_dict(sd)
    for k, v in m.state_dict().items():  # nothing was written
        np.testing.assert_array_equal(v, before[k])


def test_non_strict_reports_and_loads_the_rest():
    sd = model(2).state_dict()
    del sd["0.bias"]
    sd["extra"] = np.zeros(1)
    m = model(0)
    missing, unexpected = m.load_state_dict(sd, strict=False)
    assert missing == ["0.bias"] and unexpected == ["extra"]
    np.testing.assert_array_equal(m[2].weight.data, sd["2.weight"])


def test_bad_types_are_rejected():
    with pytest.raises(TypeError, match="takes a mapping of name -> array"):
        model().load_state_dict([("0.weight", np.zeros((3, 4)))])
    sd = model().state_dict()
    sd["0.bias"] = np.array(["a", "b", "c", "d"])
    with pytest.raises(TypeError, match="'0.bias' must be a numeric array"):
        model().load_state_dict(sd)
