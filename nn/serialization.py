"""Checkpoints: named arrays in a numpy ``.npz`` file, written atomically, read without pickle.

``save(model, path)`` stores ``model.state_dict()`` (or any mapping of names to arrays);
``load(path)`` gives back a dict of numpy arrays, ready for ``model.load_state_dict``. A
``.npz`` file is a zip archive of ``.npy`` arrays; loading refuses pickled objects, so reading
an untrusted checkpoint runs no code.
"""

from __future__ import annotations

import errno
import os
import secrets
import zipfile
import zlib
from collections.abc import Mapping
from typing import Any, BinaryIO

import numpy as np

__all__ = ["CheckpointError", "load", "save"]

PathLike = str | os.PathLike

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first entry, or an empty zip
_ARRAY_KINDS = "biufc"  # bool, ints, floats, complex: what .npy stores without pickle


class CheckpointError(ValueError):
    """A checkpoint file is not a readable ``.npz`` of plain arrays."""


def _to_array(key: Any, value: Any) -> np.ndarray:
    if not isinstance(key, str):
        raise TypeError(f"checkpoint keys must be str; got {type(key).__name__} {key!r}")
    if not key:
        raise ValueError("checkpoint keys must be non-empty strings; got ''")
    if isinstance(value, (np.ndarray, np.generic)) or not hasattr(value, "data"):
        arr = np.asarray(value)
    else:
        arr = np.asarray(value.data)  # Tensor / Parameter / Value hold their numbers in .data
    if arr.dtype.kind not in _ARRAY_KINDS:
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


def _write_npz(f: BinaryIO, arrays: Mapping[str, np.ndarray], compress: bool) -> None:
    """The ``.npz`` layout of ``np.savez``: one ``<key>.npy`` member per array. Written here
    rather than by ``np.savez`` so that keys such as ``"file"`` cannot clash with its
    arguments."""
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(f, mode="w", compression=method, allowZip64=True) as zf:
        for key, arr in arrays.items():
            with zf.open(key + ".npy", mode="w", force_zip64=True) as member:
                np.lib.format.write_array(member, arr, allow_pickle=False)


def _fsync_dir(directory: str) -> None:
    """Make a rename in ``directory`` durable, where the platform allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save(obj: Any, path: PathLike, compress: bool = False) -> None:
    """Write ``obj``'s arrays to the ``.npz`` file ``path`` (used as given: no suffix added).

    ``obj`` is a Module (anything with ``state_dict()``) or a mapping of str keys to arrays,
    Tensors or numbers; keys may contain ``'.'`` and ``'/'``. The write is atomic: the data
    goes to a temporary file in the same directory, is flushed to disk, and then replaces
    ``path`` in one rename, so a crash or error mid-save leaves any old file intact.
    ``compress`` deflates the arrays (smaller, slower).
    """
    arrays = _state_arrays(obj)
    target = os.path.abspath(os.fspath(path))
    directory, name = os.path.split(target)
    if not os.path.isdir(directory):
        raise FileNotFoundError(
            errno.ENOENT, "directory for the checkpoint does not exist", directory
        )
    tmp = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # mode follows the umask
    try:
        with os.fdopen(fd, "wb") as f:
            _write_npz(f, arrays, compress)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(directory)


def load(path: PathLike) -> dict[str, np.ndarray]:
    """The arrays saved at ``path``, as a dict from key to numpy array, in saved order.

    Loading runs no code: pickled objects are refused (``allow_pickle=False``), so an
    untrusted file can at worst fail to load. A missing file raises ``FileNotFoundError``; a
    file that is not a complete ``.npz`` of plain arrays raises ``CheckpointError`` (a
    ``ValueError``). Both name the path.
    """
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
        f.seek(0)
        try:
            with np.load(f, allow_pickle=False) as npz:
                state = {key: npz[key] for key in npz.files}
        except (ValueError, OSError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as exc:
            if "allow_pickle" in str(exc):
                what = "holds pickled objects, which load refuses (it runs no code)"
            else:
                what = "is a corrupt or truncated checkpoint"
            raise CheckpointError(f"{name} {what}: {type(exc).__name__}: {exc}") from exc
    for key, value in state.items():
        if not isinstance(value, np.ndarray):
            raise CheckpointError(f"{name}: member {key!r} is not a .npy array")
    return state
