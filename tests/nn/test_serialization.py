"""Checkpoints: save/load round trips, atomic writes, corrupt files (nn.serialization)."""

import io
import json
import os
import struct
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


# --- corruption: every single-bit flip is caught or harmless -----------------------------------

SMALL = {  # a small checkpoint: the 2-3-1 network of a tutorial, without b2
    "W1": np.arange(6.0).reshape(2, 3) / 7,
    "b1": np.array([0.5, -1.0, 2.0]),
    "W2": np.array([[1.5], [-0.25], [3.0]]),
}


def _zip_regions(raw):
    """(metadata byte ranges, member payload ranges) of a zip, parsed with struct alone:
    the payloads are what the CRC-32 of each member covers; everything else is metadata."""
    (cd_size, cd_offset) = struct.unpack("<II", raw[-10:-2])
    assert raw[-22:-18] == b"PK\x05\x06", "test files carry no zip comment"
    metadata, payloads, pos = [(cd_offset, len(raw))], [], cd_offset
    while pos < cd_offset + cd_size:
        csize, _, n, m, k = struct.unpack("<II3H", raw[pos + 20:pos + 34])
        local = struct.unpack("<I", raw[pos + 42:pos + 46])[0]
        ln, lm = struct.unpack("<2H", raw[local + 26:local + 30])
        if csize == 0xFFFFFFFF:  # zip64: the size is in the local header's extra field
            csize = struct.unpack("<Q", raw[local + 30 + ln + 12:local + 30 + ln + 20])[0]
        start = local + 30 + ln + lm
        metadata.append((local, start))
        payloads.append((start, start + csize))
        pos += 46 + n + m + k
    return metadata, payloads


def _comment_length_fields(raw):
    """Byte offsets of the comment-length field of each central-directory entry."""
    cd_size, cd_offset = struct.unpack("<II", raw[-10:-2])
    fields, pos = [], cd_offset
    while pos < cd_offset + cd_size:
        n, m, k = struct.unpack("<3H", raw[pos + 28:pos + 34])
        fields.append(pos + 32)
        pos += 46 + n + m + k
    return fields


def _outcomes_of_flips(path, bits, expected):
    """{outcome: count} and the flips with another outcome than 'identical' or
    'CheckpointError'. Each bit is flipped in place and restored (rewriting the whole file
    for each flip is 30 times slower on ext4)."""
    raw = path.read_bytes()
    outcomes, bad = {}, []
    fd = os.open(path, os.O_RDWR)
    try:
        for bit in bits:
            at = bit // 8
            os.pwrite(fd, bytes([raw[at] ^ (1 << bit % 8)]), at)
            outcome = _outcome(path, expected)
            os.pwrite(fd, raw[at:at + 1], at)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if outcome not in ("identical", "CheckpointError"):
                bad.append((at, bit % 8, outcome))
    finally:
        os.close(fd)
    return outcomes, bad


def _outcome(path, expected):
    """'identical', 'CheckpointError', or a description of what went wrong."""
    try:
        out = load(path)
    except CheckpointError:
        return "CheckpointError"
    except Exception as exc:  # noqa: BLE001 - anything else is the failure under test
        return f"{type(exc).__name__}: {exc}"
    if list(out) != list(expected):
        return f"returned keys {list(out)}"
    for key, arr in expected.items():
        if out[key].dtype != arr.dtype or not np.array_equal(out[key], arr):
            return f"returned different {key!r}"
    return "identical"


def _writers():
    return {
        "nn.save": lambda path: save(SMALL, path),
        "nn.save compress": lambda path: save(SMALL, path, compress=True),
        "np.savez": lambda path: np.savez(path, **SMALL),
    }


def _bits_to_flip(raw):
    """Every bit of the zip metadata (headers, central directory, end record); in the member
    payloads, which the CRC-32s cover, one bit per byte (all of them in a thorough run)."""
    if os.environ.get("HYPOTHESIS_PROFILE") == "thorough":
        return range(8 * len(raw))
    metadata, payloads = _zip_regions(raw)
    bits = [8 * i + b for start, end in metadata for i in range(start, end) for b in range(8)]
    bits += [8 * i + i % 8 for start, end in payloads for i in range(start, end)]
    return sorted(bits)


@pytest.mark.parametrize("writer", list(_writers()))
def test_every_bit_flip_loads_identical_arrays_or_raises_checkpoint_error(tmp_path, writer):
    path = tmp_path / "small.npz"
    _writers()[writer](path)
    outcomes, bad = _outcomes_of_flips(path, _bits_to_flip(path.read_bytes()), SMALL)
    assert not bad, f"{len(bad)} flips of {sum(outcomes.values())} went wrong: {bad[:10]}"
    assert outcomes["CheckpointError"] > outcomes.get("identical", 0)


@pytest.mark.parametrize("writer", list(_writers()))
def test_a_flipped_comment_length_no_longer_drops_arrays(tmp_path, writer):
    """The flips that made load return ['W1'] (first central entry) or ['W1', 'b1'] (second)
    for a file holding W1, b1 and W2: a longer comment hid the entries after it."""
    path = tmp_path / "small.npz"
    _writers()[writer](path)
    bits = [8 * field + bit for field in _comment_length_fields(path.read_bytes())
            for bit in range(16)]
    outcomes, bad = _outcomes_of_flips(path, bits, SMALL)
    assert not bad, f"{len(bad)} flips of {len(bits)} went wrong: {bad}"


# --- crafted files -----------------------------------------------------------------------------


def _npy_bytes(arr=None, header=None, body=b""):
    """A .npy member: ``arr`` as numpy writes it, or a hand-made ``header`` dict and ``body``."""
    buf = io.BytesIO()
    if arr is not None:
        np.lib.format.write_array(buf, np.asarray(arr), allow_pickle=True)
    else:
        np.lib.format.write_array_header_1_0(buf, header)
        buf.write(body)
    return buf.getvalue()


def _write_zip(path, members, method=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _patch_headers(raw, offset, fmt, value):
    """Set a field at ``offset`` of every local header and every central entry (the file
    stays consistent: only what the field means changes)."""
    out = bytearray(raw)
    local = {"flags": 6, "method": 8}[offset]
    central = {"flags": 8, "method": 10}[offset]
    for sig, at in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        start = 0
        while (pos := out.find(sig, start)) >= 0:
            struct.pack_into(fmt, out, pos + at, value)
            start = pos + 4
    return bytes(out)


def _raises_naming_the_path(path, match, **kwargs):
    with pytest.raises(CheckpointError, match=match) as info:
        load(path, **kwargs)
    assert str(path) in str(info.value)
    return info.value


def test_a_huge_declared_shape_is_refused_before_allocating(tmp_path):
    path = tmp_path / "huge.npz"
    header = {"descr": "<f8", "fortran_order": False, "shape": (10**12,)}
    _write_zip(path, {"W1.npy": _npy_bytes(header=header, body=b"\0" * 16)})
    _raises_naming_the_path(path, r"W1.*declares shape \(1000000000000,\).*7\.3 TiB")
    path2 = tmp_path / "bomb.npz"  # deflated: the member's declared size is the header's
    header = {"descr": "<f8", "fortran_order": False, "shape": (2**29,)}  # 4 GiB of zeros
    with zipfile.ZipFile(path2, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("W1.npy", "w", force_zip64=True) as member:
            member.write(_npy_bytes(header=header))
            member.write(b"\0" * 2**20)  # only 1 MiB of it
    _raises_naming_the_path(path2, r"more than max_bytes=2147483648")


def test_max_bytes_limits_the_total_and_none_lifts_it(tmp_path):
    path = tmp_path / "model.npz"
    save({"a": np.zeros(100), "b": np.zeros(100)}, path)  # 800 bytes each
    assert list(load(path, max_bytes=1600)) == ["a", "b"]
    _raises_naming_the_path(path, r"'b'.*more than max_bytes=1000", max_bytes=1000)
    assert list(load(path, max_bytes=None)) == ["a", "b"]
    assert list(load(path, max_bytes=np.int64(1600))) == ["a", "b"]
    with pytest.raises(ValueError, match="max_bytes must be a non-negative int or None"):
        load(path, max_bytes=-1)
    with pytest.raises(TypeError, match="max_bytes must be an int or None; got float"):
        load(path, max_bytes=1e9)


def test_an_encrypted_member_is_a_checkpoint_error(tmp_path):
    path = tmp_path / "enc.npz"
    np.savez(path, W1=np.ones(3))
    path.write_bytes(_patch_headers(path.read_bytes(), "flags", "<H", 1))
    _raises_naming_the_path(path, "'W1.npy' is encrypted")


@pytest.mark.parametrize("method", [99, 1, 6])
def test_an_unsupported_compression_method_is_a_checkpoint_error(tmp_path, method):
    path = tmp_path / "method.npz"
    np.savez(path, W1=np.ones(3))
    path.write_bytes(_patch_headers(path.read_bytes(), "method", "<H", method))
    _raises_naming_the_path(path, f"'W1.npy' uses compression method {method}")


@pytest.mark.parametrize("value, kind", [
    (np.array(["a", "bc"]), "str"),
    (np.array([b"a", b"bc"]), "bytes"),
    (np.zeros(2, dtype=[("x", "<f8"), ("y", "<i4")]), "structured"),
    (np.array(["2024-01-01"], dtype="datetime64[D]"), "datetime"),
    (np.array([1], dtype="timedelta64[s]"), "timedelta"),
    (np.zeros(2, dtype=("<f8", (3,))).view(np.dtype(("V", 24))), "void"),
])
def test_non_numeric_arrays_are_refused_at_load_as_at_save(tmp_path, value, kind):
    path = tmp_path / "odd.npz"
    _write_zip(path, {"W1.npy": _npy_bytes(np.ones(2)), "odd.npy": _npy_bytes(value)})
    _raises_naming_the_path(path, rf"'odd'.*{kind}.*numbers only")
    with pytest.raises(TypeError, match="must be numeric"):
        save({"odd": value}, tmp_path / "x.npz")


def test_arrays_changed_behind_the_manifest_are_caught(tmp_path):
    path = tmp_path / "model.npz"
    save(SMALL, path)
    with zipfile.ZipFile(path) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    changed = dict(members, **{"b1.npy": _npy_bytes(np.array([0.5, -1.0, 2.5]))})
    _write_zip(tmp_path / "changed.npz", changed)  # fresh CRCs: only the manifest knows
    _raises_naming_the_path(tmp_path / "changed.npz", r"'b1'.*does not match.*SHA-256")
    dropped = {k: v for k, v in members.items() if k != "W2.npy"}
    _write_zip(tmp_path / "dropped.npz", dropped)
    _raises_naming_the_path(tmp_path / "dropped.npz", r"missing.*'W2'")
    extra = dict(members, **{"W3.npy": _npy_bytes(np.ones(1))})
    _write_zip(tmp_path / "extra.npz", extra)
    _raises_naming_the_path(tmp_path / "extra.npz", r"not in its manifest.*'W3'")


def test_the_manifest_is_plain_json_that_numpy_sees_as_one_more_entry(tmp_path):
    path = tmp_path / "model.npz"
    save(SMALL, path)
    with np.load(path, allow_pickle=False) as npz:
        assert npz.files == ["W1", "b1", "W2", "__manifest__.json"]
        manifest = json.loads(npz["__manifest__.json"])
        np.testing.assert_array_equal(npz["W1"], SMALL["W1"])
    assert manifest["format"] == "nn.save" and manifest["version"] == 1
    entries = manifest["arrays"]
    assert [(e["name"], e["dtype"], e["shape"]) for e in entries] == [
        ("W1", "<f8", [2, 3]), ("b1", "<f8", [3]), ("W2", "<f8", [3, 1])]
    assert all(len(e["sha256"]) == 64 for e in entries)
    save({"__manifest__.json": np.ones(1)}, tmp_path / "odd_key.npz")  # keys are never clashes
    assert list(load(tmp_path / "odd_key.npz")) == ["__manifest__.json"]


def test_files_written_by_numpy_in_other_ways_still_load(tmp_path, monkeypatch):
    class Unseekable(io.RawIOBase):  # zipfile then writes data descriptors after each member
        def __init__(self):
            self.buf = io.BytesIO()

        def writable(self):
            return True

        def write(self, b):
            return self.buf.write(b)

    stream = Unseekable()
    np.savez(stream, W1=np.arange(5.0), b1=np.ones(2))
    (tmp_path / "stream.npz").write_bytes(stream.buf.getvalue())
    np.testing.assert_array_equal(load(tmp_path / "stream.npz")["W1"], np.arange(5.0))
    np.savez_compressed(tmp_path / "deflated.npz", W1=np.arange(5.0))
    assert list(load(tmp_path / "deflated.npz")) == ["W1"]
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 1)  # forces the zip64 end records
    save({"a": np.ones(2), "b": np.zeros(3)}, tmp_path / "zip64.npz")
    assert list(load(tmp_path / "zip64.npz")) == ["a", "b"]
    fortran = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    big_endian = np.arange(3, dtype=">i4")
    np.savez(tmp_path / "layouts.npz", F=fortran, B=big_endian, S=np.float32(2))
    out = load(tmp_path / "layouts.npz")
    np.testing.assert_array_equal(out["F"], fortran)
    assert out["B"].dtype == np.dtype(">i4") and out["S"].shape == ()
