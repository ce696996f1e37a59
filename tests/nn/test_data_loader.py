"""DataLoader: batches, epochs, reproducible shuffling (nn.data)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Tensor
from nn.data import DataLoader


def _indexed(n):
    return np.arange(3 * n, dtype=np.float64).reshape(n, 3), np.arange(n)


def _epoch_labels(loader):
    return [yb.tolist() for _, yb in loader]


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(0, 150),
    batch_size=st.integers(1, 64),
    shuffle=st.booleans(),
    drop_last=st.booleans(),
    seed=st.integers(0, 2**32),
)
def test_every_sample_once_per_epoch(n, batch_size, shuffle, drop_last, seed):
    X, y = _indexed(n)
    loader = DataLoader(X, y, batch_size=batch_size, shuffle=shuffle, seed=seed,
                        drop_last=drop_last)
    for _ in range(2):  # re-iterable: each loop is a full epoch
        batches = list(loader)
        assert len(batches) == len(loader)
        seen = np.concatenate([yb for _, yb in batches]) if batches else np.array([], int)
        for xb, yb in batches:
            assert 1 <= len(yb) <= batch_size and len(xb) == len(yb)
            np.testing.assert_array_equal(xb[:, 0], 3 * yb)  # rows stay paired with labels
        if drop_last:
            assert len(seen) == n - n % batch_size and len(set(seen.tolist())) == len(seen)
            assert all(len(yb) == batch_size for _, yb in batches)
        else:
            assert sorted(seen.tolist()) == list(range(n))
            assert len(loader) == -(-n // batch_size)
        if not shuffle:
            assert seen.tolist() == list(range(len(seen)))


def test_shuffling_is_reproducible_from_the_seed_and_differs_per_epoch():
    X, y = _indexed(100)
    a = DataLoader(X, y, batch_size=10, shuffle=True, seed=3)
    b = DataLoader(X, y, batch_size=10, shuffle=True, seed=3)
    epochs_a = [_epoch_labels(a) for _ in range(3)]
    assert epochs_a == [_epoch_labels(b) for _ in range(3)]
    assert epochs_a[0] != epochs_a[1] != epochs_a[2]
    assert epochs_a[0] != _epoch_labels(DataLoader(X, y, batch_size=10, shuffle=True, seed=4))
    resumed = DataLoader(X, y, batch_size=10, shuffle=True, seed=3)
    resumed.epoch = 2  # resume at the third epoch
    assert _epoch_labels(resumed) == epochs_a[2]


def test_unseeded_shuffling_still_changes_between_epochs():
    X, y = _indexed(200)
    loader = DataLoader(X, y, batch_size=200, shuffle=True)
    assert _epoch_labels(loader) != _epoch_labels(loader)


def test_tutorial_batches_drop_the_short_tail():
    # The second tutorial's batch generator: 800 training samples, batch 32, tail dropped.
    X, y = _indexed(810)
    loader = DataLoader(X, y.reshape(-1, 1), batch_size=32, shuffle=True, seed=0, drop_last=True)
    shapes = {(xb.shape, yb.shape) for xb, yb in loader}
    assert len(loader) == 25 and shapes == {((32, 3), (32, 1))}


def test_accepts_tensors_and_lists_and_yields_numpy():
    X, y = _indexed(5)
    loader = DataLoader(Tensor(X), y.tolist(), batch_size=2)
    xb, yb = next(iter(loader))
    assert isinstance(xb, np.ndarray) and isinstance(yb, np.ndarray)
    np.testing.assert_array_equal(xb, X[:2])
    assert "batch_size=2" in repr(loader) and "batches=3" in repr(loader)


@pytest.mark.parametrize("batch_size", [0, -5])
def test_rejects_non_positive_batch_size(batch_size):
    X, y = _indexed(5)
    with pytest.raises(ValueError, match=f"batch_size must be an int >= 1; got {batch_size}"):
        DataLoader(X, y, batch_size=batch_size)


def test_rejects_bad_arguments():
    X, y = _indexed(5)
    with pytest.raises(TypeError, match="batch_size must be an int; got float 2.5"):
        DataLoader(X, y, batch_size=2.5)
    with pytest.raises(ValueError, match=r"len\(X\)=5, len\(y\)=4"):
        DataLoader(X, y[:4])
    with pytest.raises(TypeError, match="X must be a numpy array, a list or a Tensor; got dict"):
        DataLoader({"a": 1}, y)
    with pytest.raises(ValueError, match="y must have a sample axis"):
        DataLoader(X, np.array(3))
    with pytest.raises(ValueError, match="seed must be an int >= 0; got -1"):
        DataLoader(X, y, seed=-1)
