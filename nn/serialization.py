"""Checkpoints: named arrays in a numpy ``.npz`` file, written atomically, read without pickle.

``save(model, path)`` stores ``model.state_dict()`` (or any mapping of names to arrays);
``load(path)`` gives back a dict of numpy arrays, ready for ``model.load_state_dict``. A
``.npz`` file is a zip archive of ``.npy`` arrays. ``save`` adds one more member,
``__manifest__.json``: the name, dtype, shape and SHA-256 of every array. ``load`` reads
nothing it has not checked: the zip's records against each other (``nn._zipcheck``), each
array's declared size against ``max_bytes`` before allocating it, its dtype (numbers only,
never pickled objects, so an untrusted file runs no code), its CRC-32 and, when there is a
manifest, its SHA-256 and the list of names. A damaged file raises :class:`CheckpointError`.
"""

from __future__ import annotations

import errno
import hashlib
import json
import math
import numbers
import os
import struct
import warnings
import zipfile
import zlib
from collections.abc import Mapping
from typing import Any, BinaryIO

import numpy as np

from autograd import AutogradError
from autograd.files import atomic_file

from ._zipcheck import ZipLayoutError, check_layout

__all__ = ["DEFAULT_MAX_BYTES", "MANIFEST", "CheckpointError", "load", "save"]

PathLike = str | os.PathLike

MANIFEST = "__manifest__.json"  # never clashes with an array: those are "<key>.npy"
DEFAULT_MAX_BYTES = 2**31  # 2 GiB of array data per checkpoint, unless load is told otherwise
_MANIFEST_MAX_BYTES = 2**24
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first entry, or an empty zip
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what numpy writes
_ARRAY_KINDS = "biufc"  # bool, ints, floats, complex: what .npy stores without pickle
_KIND_NAMES = {"U": "str", "S": "bytes", "T": "str", "O": "object", "V": "structured or void",
               "M": "datetime", "m": "timedelta"}
_CHUNK = 2**24
# What a damaged file can make zipfile, zlib and numpy's header parser raise.
_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
                KeyError, struct.error, zlib.error, RuntimeError, NotImplementedError,
                OverflowError, RecursionError)


class CheckpointError(AutogradError, ValueError):
    """A checkpoint file is corrupt, truncated, not an ``.npz`` of plain numeric arrays, or
    larger than ``load`` was allowed to read. The message names the file."""


class _Refused(AutogradError):
    """A readable file that ``load`` will not load (the message says why)."""


class _Damaged(AutogradError, ValueError):
    """The file contradicts itself (the message says where)."""


def _is_numeric(dtype: np.dtype) -> bool:
    """The one rule for what a checkpoint may hold, at save and at load."""
    return dtype.kind in _ARRAY_KINDS


def _to_array(key: Any, value: Any) -> np.ndarray:
    if not isinstance(key, str):
        raise TypeError(f"checkpoint keys must be str; got {type(key).__name__} {key!r}")
    if not key:
        raise ValueError("checkpoint keys must be non-empty strings; got ''")
    if isinstance(value, (np.ndarray, np.generic)) or not hasattr(value, "data"):
        arr = np.asarray(value)
    else:
        arr = np.asarray(value.data)  # Tensor / Parameter / Value hold their numbers in .data
    if not _is_numeric(arr.dtype):
        raise TypeError(
            f"checkpoint entry {key!r} must be numeric (bool, int, float, complex); "
            f"got {type(value).__name__} of dtype {arr.dtype}"
        )
    return arr


def _state_arrays(obj: Any) -> dict[str, np.ndarray]:
    if callable(getattr(obj, "state_dict", None)):
        state = obj.state_dict()
    else:
        state = obj
    if not isinstance(state, Mapping):
        raise TypeError(
            "save takes an object with a state_dict() method (a Module) or a mapping of "
            f"str to arrays; got {type(obj).__name__}"
        )
    return {key: _to_array(key, value) for key, value in state.items()}


# --- save --------------------------------------------------------------------------------------


class _HashingWriter:
    """Passes bytes on to ``f`` and hashes them."""

    def __init__(self, f: BinaryIO) -> None:
        self.f, self.sha256 = f, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        return self.f.write(data)


def _write_npz(f: BinaryIO, arrays: Mapping[str, np.ndarray], compress: bool) -> None:
    """The ``.npz`` layout of ``np.savez`` (one ``<key>.npy`` member per array), then the
    manifest. Written here rather than by ``np.savez`` so that keys such as ``"file"`` cannot
    clash with its arguments, and so that each member is hashed as it is written."""
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    entries = []
    with zipfile.ZipFile(f, mode="w", compression=method, allowZip64=True) as zf:
        for key, arr in arrays.items():
            with zf.open(key + ".npy", mode="w", force_zip64=True) as member:
                writer = _HashingWriter(member)
                np.lib.format.write_array(writer, arr, allow_pickle=False)
            entries.append({"name": key, "dtype": arr.dtype.str, "shape": list(arr.shape),
                            "sha256": writer.sha256.hexdigest()})
        manifest = {"format": "nn.save", "version": 1, "arrays": entries}
        zf.writestr(MANIFEST, json.dumps(manifest, indent=1) + "\n")


def save(obj: Any, path: PathLike, compress: bool = False) -> None:
    """Write ``obj``'s arrays to the ``.npz`` file ``path`` (used as given: no suffix added).

    ``obj`` is a Module (anything with ``state_dict()``) or a mapping of str keys to arrays,
    Tensors or numbers; keys may contain ``'.'`` and ``'/'``. Next to the arrays goes a
    manifest (``__manifest__.json``: names, dtypes, shapes, SHA-256s) that :func:`load`
    verifies. The write is atomic: the data goes to a temporary file in the same directory,
    is flushed to disk, and then replaces ``path`` in one rename, so a crash or error
    mid-save leaves any old file intact. ``compress`` deflates the arrays (smaller, slower).
    """
    arrays = _state_arrays(obj)
    target = os.path.abspath(os.fspath(path))
    directory = os.path.dirname(target)
    if not os.path.isdir(directory):
        raise FileNotFoundError(
            errno.ENOENT, "directory for the checkpoint does not exist", directory
        )
    with atomic_file(target) as f:
        _write_npz(f, arrays, compress)


# --- load --------------------------------------------------------------------------------------


def _size(nbytes: int) -> str:
    """``800 bytes``, ``2.0 GiB``, ``7.3 TiB``."""
    if nbytes < 1024:
        return f"{nbytes} bytes"
    power = min((nbytes.bit_length() - 1) // 10, 5)
    return f"{nbytes / 1024**power:.1f} {' KMGTP'[power]}iB"


class _Reader:
    """Reads a member, counting and (for a manifest check) hashing what it reads."""

    def __init__(self, f: BinaryIO, hashing: bool) -> None:
        self.f, self.count = f, 0
        self.sha256 = hashlib.sha256() if hashing else None

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.count += len(data)
        if self.sha256 is not None:
            self.sha256.update(data)
        return data

    def read_into(self, buffer: np.ndarray) -> None:
        """Fill the uint8 array ``buffer`` completely, or raise EOFError."""
        view, filled = memoryview(buffer), 0
        while filled < len(view):
            chunk = self.read(min(_CHUNK, len(view) - filled))
            if not chunk:
                raise EOFError(f"the member ends {len(view) - filled} bytes early")
            view[filled:filled + len(chunk)] = chunk
            filled += len(chunk)


class _Budget:
    """The bytes of array data ``load`` may still allocate (``max_bytes`` in total)."""

    def __init__(self, max_bytes: int | None) -> None:
        self.max_bytes, self.used = max_bytes, 0

    def take(self, nbytes: int, what: str) -> None:
        self.used += nbytes
        if self.max_bytes is not None and self.used > self.max_bytes:
            total = f", {_size(self.used)} in all" if self.used != nbytes else ""
            raise _Refused(
                f"{what} ({_size(nbytes)}{total}), more than max_bytes={self.max_bytes} "
                f"({_size(self.max_bytes)}); pass load(..., max_bytes=...) a larger limit, "
                "or None for none"
            )


def _read_header(reader: _Reader, key: str) -> tuple[tuple[int, ...], bool, np.dtype]:
    """``(shape, fortran_order, dtype)`` from a .npy header, checked, before any data."""
    version = np.lib.format.read_magic(reader)
    with warnings.catch_warnings():  # a damaged header may trip numpy's Python 2 fallback
        warnings.simplefilter("ignore")
        if version == (1, 0):
            shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(reader)
        elif version == (2, 0):
            shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(reader)
        else:
            raise _Refused(f"array {key!r} uses .npy format version {version[0]}."
                           f"{version[1]}; load reads 1.0 and 2.0")
    if dtype.kind == "O":
        raise _Refused(f"array {key!r} holds pickled objects, which load refuses "
                       "(it runs no code)")
    if not _is_numeric(dtype):
        kind = _KIND_NAMES.get(dtype.kind, dtype.kind)
        raise _Refused(f"array {key!r} has dtype {dtype} ({kind}); checkpoints hold numbers "
                       "only (bool, int, float, complex)")
    if not all(type(n) is int and n >= 0 for n in shape):
        raise _Damaged(f"array {key!r} declares an invalid shape {shape}")
    return shape, fortran_order, dtype


def _read_array(zf: zipfile.ZipFile, info: zipfile.ZipInfo, key: str,
                manifest_entry: dict | None, budget: _Budget) -> np.ndarray:
    with zf.open(info) as member:
        reader = _Reader(member, hashing=manifest_entry is not None)
        shape, fortran_order, dtype = _read_header(reader, key)
        if manifest_entry is not None and (
                dtype.str, list(shape)) != (manifest_entry["dtype"], manifest_entry["shape"]):
            raise _Damaged(f"array {key!r}: its header says {dtype.str} {shape}, its manifest "
                             f"{manifest_entry['dtype']} {tuple(manifest_entry['shape'])}")
        nbytes = math.prod(shape) * dtype.itemsize
        budget.take(nbytes, f"array {key!r} declares shape {shape} of {dtype}")
        if reader.count + nbytes != info.file_size:
            raise _Damaged(f"array {key!r} declares {nbytes} bytes of data, its member holds "
                             f"{info.file_size - reader.count}")
        out = np.empty(shape[::-1] if fortran_order else shape, dtype)
        reader.read_into(out.reshape(-1).view(np.uint8))
        if reader.read(1):  # at the end: zipfile has now checked the CRC-32
            raise _Damaged(f"array {key!r} is followed by more data")
    if manifest_entry is not None and reader.sha256.hexdigest() != manifest_entry["sha256"]:
        raise _Refused(f"array {key!r} does not match the SHA-256 in its manifest: the file "
                       "was changed or damaged after it was saved")
    return out.T if fortran_order else out


def _read_manifest(zf: zipfile.ZipFile, info: zipfile.ZipInfo,
                   keys: list[str]) -> dict[str, dict]:
    """The manifest's entries by name, checked against the arrays the archive holds."""
    if info.file_size > _MANIFEST_MAX_BYTES:
        raise _Damaged(f"its manifest declares {_size(info.file_size)}")
    with zf.open(info) as f:
        manifest = json.loads(f.read(_MANIFEST_MAX_BYTES + 1))
    try:
        if manifest["format"] != "nn.save" or manifest["version"] != 1:
            raise _Refused(f"{MANIFEST} is not a version 1 nn.save manifest")
        entries = {e["name"]: e for e in manifest["arrays"]}
        if not all(isinstance(e["dtype"], str) and isinstance(e["shape"], list)
                   and isinstance(e["sha256"], str) for e in entries.values()):
            raise ValueError
    except (KeyError, TypeError, ValueError):
        raise _Damaged(f"its {MANIFEST} is malformed") from None
    missing = [name for name in entries if name not in keys]
    if missing:
        raise _Damaged(f"missing arrays its manifest lists: {missing}")
    extra = [key for key in keys if key not in entries]
    if extra:
        raise _Damaged(f"holds arrays not in its manifest: {extra}")
    if list(entries) != keys:
        raise _Damaged("its arrays are not in its manifest's order")
    return entries


def _check_member_kind(info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        raise _Refused(f"member {info.filename!r} is encrypted; checkpoints are plain .npz "
                       "files")
    if info.compress_type not in _METHODS:
        raise _Refused(f"member {info.filename!r} uses compression method "
                       f"{info.compress_type}; load reads stored and deflated members, as "
                       "numpy writes them")
    if info.filename != MANIFEST and not info.filename.endswith(".npy"):
        raise _Refused(f"member {info.filename!r} is not a .npy array")


def _read_checkpoint(f: BinaryIO, max_bytes: int | None) -> dict[str, np.ndarray]:
    with zipfile.ZipFile(f) as zf:
        check_layout(f, zf)
        infos = zf.infolist()
        for info in infos:
            _check_member_kind(info)
        arrays = [info for info in infos if info.filename != MANIFEST]
        keys = [info.filename[: -len(".npy")] for info in arrays]
        manifest = None
        if len(arrays) != len(infos):
            manifest = _read_manifest(zf, zf.getinfo(MANIFEST), keys)
        budget = _Budget(max_bytes)
        return {key: _read_array(zf, info, key, None if manifest is None else manifest[key],
                                 budget)
                for key, info in zip(keys, arrays)}


def load(path: PathLike, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> dict[str, np.ndarray]:
    """The arrays saved at ``path``, as a dict from key to numpy array, in saved order.

    Reads files written by :func:`save` and by ``np.savez`` / ``np.savez_compressed``. Loading
    runs no code: only numeric arrays are read (bool, int, float, complex; never pickled
    objects, strings or structured arrays). At most ``max_bytes`` of array data are allocated
    (2 GiB by default; ``None`` for no limit), checked against each array's declared size
    before it is read. A missing file raises ``FileNotFoundError``; any other problem raises
    :class:`CheckpointError` (a ``ValueError``). Both name the path.

    What is verified: for every file, that the zip's central directory, end record and local
    headers agree and account for every byte (no member can go missing unnoticed), and each
    array's CRC-32; for files written by :func:`save`, also each array's SHA-256, dtype and
    shape and the list of names against the manifest.
    """
    if max_bytes is not None:
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, numbers.Integral):
            raise TypeError(f"max_bytes must be an int or None; got {type(max_bytes).__name__}")
        if max_bytes < 0:
            raise ValueError(f"max_bytes must be a non-negative int or None; got {max_bytes}")
    name = os.fspath(path)
    try:
        f = open(name, "rb")
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, "checkpoint file not found", name) from None
    with f:
        magic = f.read(4)
        if magic not in _ZIP_MAGICS:
            raise CheckpointError(
                f"{name}: not an .npz checkpoint (a zip archive); it starts with {magic!r}"
            )
        try:
            return _read_checkpoint(f, max_bytes)
        except _Refused as exc:
            raise CheckpointError(f"{name}: {exc}") from None
        except _READ_ERRORS as exc:
            detail = str(exc) if isinstance(exc, (ZipLayoutError, _Damaged)) else (
                f"{type(exc).__name__}: {exc}")
            raise CheckpointError(f"{name} is a corrupt or truncated checkpoint: "
                                  f"{detail}") from exc
