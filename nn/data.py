"""Toy data sets, a train/test split and a mini-batch loader, all on plain numpy.

Every function returns numpy arrays: ``X`` float64 of shape ``(n, features)`` and ``y`` int64 of
shape ``(n,)``. Inputs may be numpy arrays, lists, or objects holding a numpy array in ``.data``
(an ``autograd.Tensor``). Randomness comes only from ``random_state`` / ``seed``; an int seed
gives the same numbers on every run, and the same numbers as scikit-learn where a function
mirrors one of its functions (``make_moons``, ``train_test_split``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

__all__ = [
    "DataLoader", "make_gaussians", "make_moons", "make_spirals", "make_xor", "train_test_split",
]

RandomState = int | np.random.RandomState | np.random.Generator | None

_NUMERIC_KINDS = "biufc"


# --- argument checks ---------------------------------------------------------------------------


def _check_int(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int; got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}; got {value!r}")
    return int(value)


def _check_nonnegative(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__} {value!r}")
    if not value >= 0 or not math.isfinite(value):  # also catches NaN
        raise ValueError(f"{name} must be a finite number >= 0; got {value!r}")
    return float(value)


def _rng(random_state: RandomState) -> np.random.RandomState | np.random.Generator:
    """A generator for ``random_state``: an int seeds a legacy ``RandomState``, as scikit-learn
    does, so that seeded results match it draw for draw."""
    if random_state is None:
        return np.random.RandomState()
    if isinstance(random_state, (np.random.RandomState, np.random.Generator)):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if not 0 <= random_state < 2**32:
            raise ValueError(f"random_state must be in [0, 2**32); got {random_state!r}")
        return np.random.RandomState(int(random_state))
    raise TypeError(
        "random_state must be None, an int, a numpy RandomState or Generator; "
        f"got {type(random_state).__name__} {random_state!r}"
    )


def _as_array(data: Any, name: str) -> np.ndarray:
    """``data`` as a numeric numpy array with at least one dimension (samples on axis 0)."""
    if isinstance(data, np.ndarray):
        arr = data
    elif isinstance(getattr(data, "data", None), np.ndarray):  # autograd.Tensor and friends
        arr = data.data
    elif isinstance(data, (list, tuple)):
        try:
            arr = np.asarray(data)
        except ValueError as exc:  # ragged nested lists
            raise ValueError(f"{name} must be rectangular; got a ragged {type(data).__name__}") \
                from exc
    else:
        raise TypeError(
            f"{name} must be a numpy array, a list or a Tensor; got {type(data).__name__}"
        )
    if arr.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(f"{name} must hold numbers; got an array of dtype {arr.dtype}")
    if arr.ndim == 0:
        raise ValueError(f"{name} must have a sample axis; got a 0-d array {arr!r}")
    return arr


def _as_pair(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X, y = _as_array(X, "X"), _as_array(y, "y")
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same number of samples; got len(X)={len(X)}, len(y)={len(y)}"
        )
    return X, y


def _split_evenly(n: int, parts: int) -> list[int]:
    """``n`` items in ``parts`` groups whose sizes differ by at most one, larger groups first."""
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


# --- generators --------------------------------------------------------------------------------


def make_moons(
    n_samples: int | tuple[int, int] = 100,
    noise: float = 0.0,
    random_state: RandomState = None,
    shuffle: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's ``make_moons``, same numbers per seed).

    Class 0 is the upper half circle of radius 1 at (0, 0), class 1 the lower one at (1, 0.5).
    ``n_samples`` is the total (class 0 gets ``n // 2``) or a pair ``(n_class0, n_class1)``;
    ``noise`` is the standard deviation of Gaussian noise added to every coordinate.

    >>> X, y = make_moons(1000, noise=0.2, random_state=42)  # the second tutorial's data
    >>> X.shape, y.shape, int(y.sum())
    ((1000, 2), (1000,), 500)
    """
    if isinstance(n_samples, tuple):
        if len(n_samples) != 2:
            raise ValueError(f"n_samples must be an int or a pair of ints; got {n_samples!r}")
        n_out = _check_int(n_samples[0], "n_samples[0]", 0)
        n_in = _check_int(n_samples[1], "n_samples[1]", 0)
    else:
        n_total = _check_int(n_samples, "n_samples", 1)
        n_out = n_total // 2
        n_in = n_total - n_out
    noise = _check_nonnegative(noise, "noise")
    rng = _rng(random_state)

    outer = np.linspace(0, np.pi, n_out)
    inner = np.linspace(0, np.pi, n_in)
    X = np.vstack([
        np.append(np.cos(outer), 1 - np.cos(inner)),
        np.append(np.sin(outer), 1 - np.sin(inner) - 0.5),
    ]).T
    y = np.hstack([np.zeros(n_out, dtype=np.int64), np.ones(n_in, dtype=np.int64)])
    if shuffle:
        order = np.arange(len(y))
        rng.shuffle(order)
        X, y = X[order], y[order]
    # Drawn even when noise is 0, so that the seed's stream matches scikit-learn's.
    X = X + rng.normal(scale=noise, size=X.shape)
    return X, y


def make_gaussians(
    n_samples: int = 200,
    centers: Sequence[Sequence[float]] = ((-1.0, 0.5), (1.0, -0.5)),
    std: float = 1.0,
    random_state: RandomState = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clusters, one class per center (the fourth tutorial's ``make_toy_data``).

    Samples are split over the centers as evenly as possible and returned in class order
    (all of class 0, then class 1, ...), unshuffled. With the defaults and ``random_state=42``
    the points equal the tutorial's ``np.random.seed(42)`` followed by one
    ``np.random.randn(n // 2, 2) + center`` per center.
    """
    n_samples = _check_int(n_samples, "n_samples", 1)
    std = _check_nonnegative(std, "std")
    mu = np.asarray(centers, dtype=np.float64)
    if mu.ndim != 2 or len(mu) < 1 or mu.shape[1] < 1:
        raise ValueError(
            f"centers must be a non-empty sequence of points, shape (k, features); "
            f"got shape {mu.shape}"
        )
    rng = _rng(random_state)
    counts = _split_evenly(n_samples, len(mu))
    X = np.vstack([rng.standard_normal((c, mu.shape[1])) * std + m for c, m in zip(counts, mu)])
    y = np.repeat(np.arange(len(mu), dtype=np.int64), counts)
    return X, y


_XOR_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR_LABELS = np.array([0, 1, 1, 0], dtype=np.int64)


def make_xor(
    n_samples: int = 4, noise: float = 0.0, random_state: RandomState = None
) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: points at the corners of the unit square, label ``x0 xor x1``.

    Sample ``i`` sits at corner ``i % 4`` in the order (0,0), (0,1), (1,0), (1,1), plus Gaussian
    noise of standard deviation ``noise``; so the defaults return the four-row truth table,
    which no linear model can fit.
    """
    n_samples = _check_int(n_samples, "n_samples", 1)
    noise = _check_nonnegative(noise, "noise")
    rng = _rng(random_state)
    corner = np.arange(n_samples) % 4
    X = _XOR_CORNERS[corner] + rng.normal(scale=noise, size=(n_samples, 2))
    return X, _XOR_LABELS[corner].copy()


def make_spirals(
    n_samples: int = 300,
    n_classes: int = 3,
    noise: float = 0.2,
    random_state: RandomState = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class (the CS231n spiral data).

    Arm ``k`` runs from the origin to radius 1 while its angle sweeps
    ``[4k, 4k + 4]`` radians; ``noise`` is the standard deviation of Gaussian noise on the
    angle. Samples are split over the arms as evenly as possible, in class order.
    """
    n_samples = _check_int(n_samples, "n_samples", 1)
    n_classes = _check_int(n_classes, "n_classes", 1)
    noise = _check_nonnegative(noise, "noise")
    rng = _rng(random_state)
    parts, labels = [], []
    for k, count in enumerate(_split_evenly(n_samples, n_classes)):
        r = np.linspace(0.0, 1.0, count)
        t = np.linspace(4.0 * k, 4.0 * (k + 1), count) + rng.normal(scale=noise, size=count)
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        labels.append(np.full(count, k, dtype=np.int64))
    return np.vstack(parts), np.concatenate(labels)


# --- splitting and batching --------------------------------------------------------------------


def _test_count(test_size: Any, n: int) -> int:
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real):
        raise TypeError(
            f"test_size must be a float in (0, 1) or an int count; "
            f"got {type(test_size).__name__} {test_size!r}"
        )
    if isinstance(test_size, numbers.Integral):
        if not 1 <= test_size <= n - 1:
            raise ValueError(
                f"test_size={test_size!r} as a count must be in [1, {n - 1}] "
                f"for {n} samples (both parts non-empty)"
            )
        return int(test_size)
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size={test_size!r} as a fraction must be in (0, 1)")
    n_test = math.ceil(test_size * n)  # scikit-learn rounds the test part up
    if n_test >= n:
        raise ValueError(
            f"test_size={test_size!r} leaves no training samples out of {n}; "
            f"accepted: a fraction that leaves at least one"
        )
    return n_test


def train_test_split(
    X: Any,
    y: Any,
    test_size: float | int = 0.2,
    random_state: RandomState = None,
    shuffle: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split samples into a train and a test part: ``X_train, X_test, y_train, y_test``.

    ``test_size`` is a fraction in (0, 1) (rounded up to whole samples) or a sample count.
    With ``shuffle`` (the default) the parts are a random partition; an int ``random_state``
    gives the same partition as scikit-learn's ``train_test_split``. Without it the test part
    is the last ``test_size`` samples.
    """
    X, y = _as_pair(X, y)
    n = len(X)
    if n < 2:
        raise ValueError(f"train_test_split needs at least 2 samples; got {n}")
    n_test = _test_count(test_size, n)
    if shuffle:
        order = _rng(random_state).permutation(n)
        test, train = order[:n_test], order[n_test:]
    else:
        train, test = np.arange(n - n_test), np.arange(n - n_test, n)
    return X[train], X[test], y[train], y[test]


class DataLoader:
    """Mini-batches ``(xb, yb)`` of numpy arrays over ``X`` and ``y``.

    ``len(loader)`` is the number of batches per epoch. Each ``for`` loop over the loader is one
    epoch, covering every sample once (all but the short last batch with ``drop_last``). With
    ``shuffle`` each epoch has a new order; with a ``seed`` the orders are reproducible: epoch
    ``e`` of any loader with the same seed sees the same order. ``epoch`` counts the loops
    started so far and may be set to resume a run.

    >>> loader = DataLoader(np.zeros((10, 2)), np.arange(10), batch_size=4)
    >>> len(loader), [len(yb) for _, yb in loader]
    (3, [4, 4, 2])
    """

    def __init__(
        self,
        X: Any,
        y: Any,
        batch_size: int = 32,
        shuffle: bool = False,
        seed: int | None = None,
        drop_last: bool = False,
    ) -> None:
        self.X, self.y = _as_pair(X, y)
        self.batch_size = _check_int(batch_size, "batch_size", 1)
        if seed is not None:
            _check_int(seed, "seed", 0)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        # No seed: draw one now, so that a loader's epochs still differ from each other.
        self.seed = int(np.random.SeedSequence().entropy) if seed is None else int(seed)
        self.epoch = 0

    def __len__(self) -> int:
        n = len(self.X)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        order = None
        if self.shuffle:
            order = np.random.default_rng([self.seed, self.epoch]).permutation(len(self.X))
        self.epoch += 1
        return self._batches(order)

    def _batches(self, order: np.ndarray | None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for b in range(len(self)):
            sl = slice(b * self.batch_size, (b + 1) * self.batch_size)
            if order is None:
                yield self.X[sl], self.y[sl]  # views: no copy without shuffling
            else:
                idx = order[sl]
                yield self.X[idx], self.y[idx]

    def __repr__(self) -> str:
        return (
            f"DataLoader(n_samples={len(self.X)}, batch_size={self.batch_size}, "
            f"shuffle={self.shuffle}, drop_last={self.drop_last}, batches={len(self)})"
        )
