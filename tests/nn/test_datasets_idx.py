"""IDX files: reading, writing, corrupt files (nn.datasets)."""

import gzip
import struct

import numpy as np
import pytest

from nn.datasets import IDXFormatError, read_idx, write_idx


def _idx_bytes(code, shape, payload):
    """An IDX file built by hand from the format description."""
    return struct.pack(">BBBB", 0, 0, code, len(shape)) + struct.pack(f">{len(shape)}I", *shape) \
        + payload


IMAGES = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)


@pytest.mark.parametrize("compress", [False, True])
def test_reads_a_hand_built_file(tmp_path, compress):
    raw = _idx_bytes(0x08, IMAGES.shape, IMAGES.tobytes())
    path = tmp_path / "images.idx"  # gzip is detected by its magic bytes, not the name
    path.write_bytes(gzip.compress(raw) if compress else raw)
    out = read_idx(path)
    np.testing.assert_array_equal(out, IMAGES)
    assert out.dtype == np.uint8 and out.flags.writeable


def test_reads_big_endian_values_in_native_order(tmp_path):
    values = np.array([1.5, -2.25, 1e30], dtype=">f4")
    path = tmp_path / "floats"
    path.write_bytes(_idx_bytes(0x0D, (3,), values.tobytes()))
    out = read_idx(path)
    assert out.dtype == np.float32 and out.dtype.isnative
    np.testing.assert_array_equal(out, values)


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
@pytest.mark.parametrize("name", ["data-idx", "data-idx.gz"])
def test_write_read_round_trip(tmp_path, dtype, name):
    rng = np.random.default_rng(0)
    arr = (rng.standard_normal((5, 2, 3)) * 50).astype(dtype)
    write_idx(tmp_path / name, arr)
    assert (tmp_path / name).read_bytes()[:2] == (b"\x1f\x8b" if name.endswith(".gz") else b"\0\0")
    out = read_idx(tmp_path / name)
    assert out.dtype == np.dtype(dtype) and out.shape == arr.shape
    np.testing.assert_array_equal(out, arr)


def test_write_rejects_types_idx_cannot_hold(tmp_path):
    with pytest.raises(TypeError, match="got int64 with shape"):
        write_idx(tmp_path / "x", np.arange(3, dtype=np.int64))


GOOD = _idx_bytes(0x08, (2, 3), bytes(6))


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "not an IDX file"),
        (b"\x00\x01\x08\x01" + bytes(8), "not an IDX file"),
        (b"P3\n2 2\n", "not an IDX file"),
        (_idx_bytes(0x07, (2,), bytes(2)), "unknown IDX type code 0x07"),
        (_idx_bytes(0x08, (), b""), "0 dimensions"),
        (GOOD[:9], "truncated IDX header"),
        (GOOD[:-1], r"IDX data truncated: the header says shape \(2, 3\) of uint8, 6 bytes, but 5"),
        (GOOD + b"\0", "IDX data has trailing bytes"),
        (gzip.compress(GOOD)[:-6], "corrupt or truncated gzip data"),
        (b"\x1f\x8b" + bytes(30), "corrupt or truncated gzip data"),
    ],
)
def test_corrupt_files_raise_a_clear_error_naming_the_file(tmp_path, raw, message):
    path = tmp_path / "broken-idx1-ubyte"
    path.write_bytes(raw)
    with pytest.raises(IDXFormatError, match=message) as info:
        read_idx(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, ValueError)


def test_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_idx(tmp_path / "absent")
