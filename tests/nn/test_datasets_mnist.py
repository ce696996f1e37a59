"""load_mnist from local files and through the download path, without network (nn.datasets)."""

import builtins
import hashlib
import io
import urllib.error
import urllib.request

import numpy as np
import pytest

from nn import datasets
from nn.datasets import (
    MNIST_FILES,
    MNIST_MIRRORS,
    DatasetNotFoundError,
    IDXFormatError,
    load_digits,
    load_mnist,
    mnist_root,
    write_idx,
)

N_TRAIN, N_TEST = 12, 5
TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS = MNIST_FILES  # the four official names


def _fake_mnist():
    """Small MNIST-shaped arrays, keyed by official file name."""
    rng = np.random.default_rng(0)
    return {
        TRAIN_IMAGES: rng.integers(0, 256, (N_TRAIN, 28, 28), dtype=np.uint8),
        TRAIN_LABELS: np.arange(N_TRAIN, dtype=np.uint8) % 10,
        TEST_IMAGES: rng.integers(0, 256, (N_TEST, 28, 28), dtype=np.uint8),
        TEST_LABELS: np.arange(N_TEST, dtype=np.uint8)[::-1].copy(),
    }


def _write(directory, arrays, gz=True, rename=lambda name: name):
    directory.mkdir(parents=True, exist_ok=True)
    for name, arr in arrays.items():
        write_idx(directory / rename(name if gz else name[:-3]), arr)


def _sha256s(directory):
    return {name: hashlib.sha256((directory / name).read_bytes()).hexdigest()
            for name in MNIST_FILES}


@pytest.fixture
def fake():
    return _fake_mnist()


@pytest.fixture
def mirror(tmp_path, fake):
    """A directory of gzipped fake MNIST files, served as a file:// mirror."""
    directory = tmp_path / "mirror"
    _write(directory, fake)
    return directory


# --- reading from a directory ------------------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False])
def test_loads_files_from_a_directory(tmp_path, fake, gz):
    _write(tmp_path, fake, gz=gz)
    X_train, y_train, X_test, y_test = load_mnist(tmp_path, download=False)
    assert X_train.shape == (N_TRAIN, 784) and X_test.shape == (N_TEST, 784)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    np.testing.assert_allclose(X_train, fake[TRAIN_IMAGES].reshape(N_TRAIN, 784) / 255.0)
    np.testing.assert_array_equal(y_train, fake[TRAIN_LABELS])
    np.testing.assert_array_equal(y_test, fake[TEST_LABELS])
    assert 0.0 <= X_test.min() and X_test.max() <= 1.0


def test_raw_images_and_kaggle_style_names(tmp_path, fake):
    _write(tmp_path, fake, gz=False, rename=lambda name: name.replace("-idx", ".idx"))
    X_train, _, X_test, _ = load_mnist(tmp_path, download=False, normalize=False, flatten=False)
    assert X_test.dtype == np.uint8 and X_test.shape == (N_TEST, 28, 28)
    np.testing.assert_array_equal(X_train, fake[TRAIN_IMAGES])


def test_inconsistent_files_are_rejected(tmp_path, fake):
    fake[TRAIN_LABELS] = np.full(N_TRAIN - 1, 3, dtype=np.uint8)
    _write(tmp_path, fake)
    with pytest.raises(IDXFormatError, match=r"got \(12, 28, 28\) and \(11,\)"):
        load_mnist(tmp_path, download=False)
    fake[TRAIN_LABELS] = np.full(N_TRAIN, 12, dtype=np.uint8)
    _write(tmp_path, fake)
    with pytest.raises(IDXFormatError, match="labels must be digits 0-9; got values from 12"):
        load_mnist(tmp_path, download=False)


# --- downloading -------------------------------------------------------------------------------


def test_download_with_matching_checksums(tmp_path, mirror, fake, capsys):
    root = tmp_path / "cache" / "mnist"  # created on demand
    missing = (tmp_path / "nowhere").as_uri()  # first mirror fails, second serves
    X_train, y_train, _, y_test = load_mnist(
        root, mirrors=[missing, mirror.as_uri()], checksums=_sha256s(mirror)
    )
    np.testing.assert_array_equal(y_train, fake[TRAIN_LABELS])
    assert sorted(p.name for p in root.iterdir()) == sorted(MNIST_FILES)  # no temp files
    assert "downloading" in capsys.readouterr().err
    # cached now: a second call needs no mirror at all
    again = load_mnist(root, mirrors=[], checksums=_sha256s(mirror))
    np.testing.assert_array_equal(again[0], X_train)


def test_download_rejects_files_with_the_wrong_checksum(tmp_path, mirror):
    root = tmp_path / "cache"
    # the official SHA-256 sums cannot match the fake files
    with pytest.raises(DatasetNotFoundError) as info:
        load_mnist(root, mirrors=[mirror.as_uri()], verbose=False)
    message = str(info.value)
    assert "SHA-256 mismatch: expected " + MNIST_FILES[TRAIN_IMAGES] in message
    assert list(root.iterdir()) == []  # nothing kept, not even a partial file


def test_only_missing_files_are_downloaded(tmp_path, mirror, fake):
    root = tmp_path / "cache"
    _write(root, {TRAIN_IMAGES: fake[TRAIN_IMAGES]}, gz=False)  # already there, unpacked
    sums = _sha256s(mirror)
    sums[TRAIN_IMAGES] = "0" * 64  # would fail if it were fetched again
    load_mnist(root, mirrors=[mirror.as_uri()], checksums=sums, verbose=False)
    assert not (root / TRAIN_IMAGES).exists() and (root / TEST_IMAGES).exists()


def test_interrupted_download_leaves_nothing(tmp_path, monkeypatch):
    class Broken(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 0:
                raise ConnectionResetError("connection reset mid-file")
            return super().read(10)

    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout: Broken(bytes(100)))
    with pytest.raises(DatasetNotFoundError, match="connection reset mid-file"):
        load_mnist(tmp_path, verbose=False)
    assert list(tmp_path.iterdir()) == []


def test_offline_error_says_which_files_to_put_where(tmp_path, monkeypatch):
    def offline(url, timeout):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    root = tmp_path / "mnist"
    with pytest.raises(FileNotFoundError) as info:
        load_mnist(root, verbose=False)
    message = str(info.value)
    assert isinstance(info.value, DatasetNotFoundError)
    assert f"MNIST files missing from {root} (download failed)" in message
    assert all(name in message for name in MNIST_FILES)
    assert f"Put these files (gzipped as named, or unpacked without '.gz') in {root}" in message
    assert all(mirror + TRAIN_IMAGES in message for mirror in MNIST_MIRRORS)
    assert "name resolution" in message


def test_download_false_lists_only_the_missing_files(tmp_path, fake):
    _write(tmp_path, {TRAIN_IMAGES: fake[TRAIN_IMAGES]})

    with pytest.raises(DatasetNotFoundError, match=r"\(download=False\)") as info:
        load_mnist(tmp_path, download=False)
    message = str(info.value)
    assert TRAIN_IMAGES not in message
    assert all(name in message for name in (TRAIN_LABELS, TEST_IMAGES, TEST_LABELS))


def test_checksums_must_cover_every_file(tmp_path):
    with pytest.raises(ValueError, match="checksums must give a SHA-256 for each"):
        load_mnist(tmp_path, checksums={TRAIN_IMAGES: "0" * 64})


def test_default_root_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert mnist_root() == tmp_path / "autograd" / "mnist"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert mnist_root().parts[-3:] == (".cache", "autograd", "mnist")


def test_official_checksum_table():
    assert len(MNIST_FILES) == 4
    assert all(len(s) == 64 and int(s, 16) >= 0 for s in MNIST_FILES.values())
    assert datasets._DOWNLOAD_TIMEOUT > 0


# --- scikit-learn's 8x8 digits -----------------------------------------------------------------


def test_load_digits():
    pytest.importorskip("sklearn")
    X_train, y_train, X_test, y_test = load_digits(test_size=0.2, random_state=0)
    assert X_train.shape == (1437, 64) and X_test.shape == (360, 64)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    assert set(np.concatenate([y_train, y_test]).tolist()) == set(range(10))
    images = load_digits(flatten=False, normalize=False)[0]
    assert images.shape == (1437, 8, 8) and images.max() == 16


def test_load_digits_without_scikit_learn(monkeypatch):
    real_import = builtins.__import__

    def no_sklearn(name, *args, **kwargs):
        if name.startswith("sklearn"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_sklearn)
    with pytest.raises(ImportError, match="pip install scikit-learn.*'digits' extra"):
        load_digits()
