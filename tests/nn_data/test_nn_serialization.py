"""Checkpoints: save/load round trips, atomic writes, corrupt files (nn.serialization)."""

import os
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import Tensor, Value
from nn.serialization import CheckpointError, load, save


class FakeModule:
    """Anything with state_dict() can be saved; values may be Tensors."""

    def __init__(self):
        self.weight = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
        self.bias = Tensor(np.zeros(3), requires_grad=True)

    def state_dict(self):
        return {"layer.0/weight": self.weight, "layer.0/bias": self.bias}


def _files(directory):
    return sorted(p.name for p in directory.iterdir())


# --- round trips -------------------------------------------------------------------------------


def test_round_trip_keeps_values_dtypes_order_and_odd_keys(tmp_path):
    state = {
        "W1": np.arange(12, dtype=np.float32).reshape(3, 4),
        "b1": np.zeros((1, 4)),
        "encoder.layers/0.weight": np.array([[1, -2]], dtype=np.int64),
        "mask": np.array([True, False]),
        "step": 7,
        "file": np.ones(2),  # names np.savez's own arguments use are fine too
        "allow_pickle": np.ones(1),
        "scalar_value": Value(2.5),
        "numpy_scalar": np.float32(0.5),
    }
    path = tmp_path / "params.npz"
    save(state, path)
    out = load(path)
    assert list(out) == list(state)
    for key, value in state.items():
        expected = np.asarray(value.data if isinstance(value, Value) else value)
        assert isinstance(out[key], np.ndarray)
        assert out[key].dtype == expected.dtype, key
        np.testing.assert_array_equal(out[key], expected)
    assert _files(tmp_path) == ["params.npz"]


def test_saves_a_module_state_dict(tmp_path):
    module = FakeModule()
    save(module, tmp_path / "model.npz", compress=True)
    out = load(str(tmp_path / "model.npz"))
    assert list(out) == ["layer.0/weight", "layer.0/bias"]
    np.testing.assert_array_equal(out["layer.0/weight"], module.weight.data)


def test_a_real_nn_module_round_trips(tmp_path):
    import nn

    layer = nn.Linear(3, 2)
    save(layer, tmp_path / "linear.npz")
    out = load(tmp_path / "linear.npz")
    state = layer.state_dict()
    assert list(out) == list(state)
    for key, value in state.items():
        np.testing.assert_array_equal(out[key], getattr(value, "data", value))


def test_numpy_reads_our_files_and_we_read_numpys(tmp_path):
    save({"a": np.arange(3)}, tmp_path / "ours.npz")
    with np.load(tmp_path / "ours.npz", allow_pickle=False) as npz:
        np.testing.assert_array_equal(npz["a"], np.arange(3))
    np.savez(tmp_path / "theirs.npz", W1=np.eye(2), b1=np.zeros(2))
    assert list(load(tmp_path / "theirs.npz")) == ["W1", "b1"]


_keys = st.text(alphabet="abcXYZ019_-./", min_size=1, max_size=12)
_arrays = hnp.arrays(
    dtype=st.sampled_from([np.float32, np.float64, np.int8, np.int64, np.bool_]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
)


@settings(max_examples=60, deadline=None)
@given(state=st.dictionaries(_keys, _arrays, max_size=5))
def test_round_trip_property(tmp_path_factory, state):
    path = tmp_path_factory.mktemp("ckpt") / "state.npz"
    save(state, path)
    out = load(path)
    assert list(out) == list(state)
    for key, arr in state.items():
        assert out[key].dtype == arr.dtype and out[key].shape == arr.shape
        np.testing.assert_array_equal(out[key], arr)


# --- atomic writes -----------------------------------------------------------------------------


@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_a_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch, error):
    path = tmp_path / "model.npz"
    save({"w": np.ones(1000)}, path)
    old = path.read_bytes()
    real_write_array = np.lib.format.write_array
    calls = []

    def write_half_then_fail(fp, array, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the first array is written, the second one half way
            fp.write(b"\x93NUMPY partial bytes")
            raise error
        real_write_array(fp, array, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", write_half_then_fail)
    with pytest.raises(type(error)):
        save({"w": np.zeros(1000), "b": np.zeros(10)}, path)
    assert len(calls) == 2
    assert path.read_bytes() == old
    assert _files(tmp_path) == ["model.npz"]  # no temporary file left behind
    monkeypatch.undo()
    np.testing.assert_array_equal(load(path)["w"], np.ones(1000))


def test_save_replaces_an_existing_file(tmp_path):
    path = tmp_path / "model.npz"
    save({"w": np.ones(2)}, path)
    save({"v": np.zeros(3)}, path)
    assert list(load(path)) == ["v"] and _files(tmp_path) == ["model.npz"]


def test_new_files_get_the_usual_permissions(tmp_path):
    old_umask = os.umask(0o022)
    try:
        save({"w": np.ones(2)}, tmp_path / "model.npz")
    finally:
        os.umask(old_umask)
    assert (tmp_path / "model.npz").stat().st_mode & 0o777 == 0o644


# --- errors ------------------------------------------------------------------------------------


def test_missing_file_names_the_path(tmp_path):
    path = tmp_path / "nope.npz"
    with pytest.raises(FileNotFoundError, match="checkpoint file not found") as info:
        load(path)
    assert str(path) in str(info.value)


def test_save_into_a_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="directory for the checkpoint does not exist"):
        save({"w": np.ones(1)}, tmp_path / "absent" / "model.npz")


def _valid_bytes(tmp_path):
    save({"W1": np.arange(64.0), "b1": np.ones(8)}, tmp_path / "valid.npz")
    return (tmp_path / "valid.npz").read_bytes()


def _flip_a_data_byte(raw):
    at = raw.index(b"\x93NUMPY") + 200  # inside the first array's data
    return raw[:at] + bytes([raw[at] ^ 0xFF]) + raw[at + 1:]


@pytest.mark.parametrize(
    "corrupt, message",
    [
        (lambda raw: b"", "not an .npz checkpoint"),
        (lambda raw: b"W1 = [1, 2, 3]\n", "not an .npz checkpoint"),
        (lambda raw: raw[: len(raw) // 2], "is a corrupt or truncated checkpoint"),
        (lambda raw: raw[:-10], "is a corrupt or truncated checkpoint"),
        (_flip_a_data_byte, "is a corrupt or truncated checkpoint: BadZipFile: Bad CRC-32"),
    ],
)
def test_corrupt_files_raise_a_clear_error_naming_the_path(tmp_path, corrupt, message):
    path = tmp_path / "broken.npz"
    path.write_bytes(corrupt(_valid_bytes(tmp_path)))
    with pytest.raises(CheckpointError, match=message) as info:
        load(path)
    assert str(path) in str(info.value) and isinstance(info.value, ValueError)


def test_a_npy_file_is_not_a_checkpoint(tmp_path):
    np.save(tmp_path / "single.npy", np.ones(3))
    with pytest.raises(CheckpointError, match=r"starts with b'\\x93NUM'"):
        load(tmp_path / "single.npy")


def test_a_zip_of_other_files_is_not_a_checkpoint(tmp_path):
    with zipfile.ZipFile(tmp_path / "other.npz", "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(CheckpointError, match="member 'readme.txt' is not a .npy array"):
        load(tmp_path / "other.npz")


MARKER = []


def _side_effect():
    MARKER.append("code ran")
    return "boom"


class Payload:
    """Unpickling this would call _side_effect: the attack a pickle-based format allows."""

    def __reduce__(self):
        return (_side_effect, ())


def test_loading_runs_no_code(tmp_path):
    np.savez(tmp_path / "evil.npz", W1=np.array([Payload()], dtype=object))
    with pytest.raises(CheckpointError, match="holds pickled objects, which load refuses"):
        load(tmp_path / "evil.npz")
    assert MARKER == []


def test_save_rejects_what_it_cannot_store_without_pickle(tmp_path):
    path = tmp_path / "x.npz"
    with pytest.raises(TypeError, match="checkpoint entry 'W' must be numeric"):
        save({"W": np.array([{"a": 1}], dtype=object)}, path)
    with pytest.raises(TypeError, match="checkpoint keys must be str; got int 3"):
        save({3: np.ones(1)}, path)
    with pytest.raises(ValueError, match="non-empty"):
        save({"": np.ones(1)}, path)
    with pytest.raises(TypeError, match="save takes an object with a state_dict"):
        save([np.ones(1)], path)
    assert _files(tmp_path) == []
