"""Toy data generators and train_test_split (nn.data)."""

import numpy as np
import pytest

from autograd import Tensor
from nn.data import make_gaussians, make_moons, make_spirals, make_xor, train_test_split

# --- make_moons --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n_samples, noise, seed",
    [(1000, 0.2, 42), (100, 0.0, 0), (7, 0.3, 1), (1, 0.1, 5), ((3, 8), 0.05, 2)],
)
def test_moons_equal_scikit_learn(n_samples, noise, seed):
    sk = pytest.importorskip("sklearn.datasets")
    X, y = make_moons(n_samples, noise=noise, random_state=seed)
    X_sk, y_sk = sk.make_moons(n_samples, noise=noise, random_state=seed)
    np.testing.assert_array_equal(X, X_sk)
    np.testing.assert_array_equal(y, y_sk)


def test_moons_geometry_without_noise():
    X, y = make_moons(201, noise=0.0, random_state=3)
    assert X.shape == (201, 2) and X.dtype == np.float64
    assert y.shape == (201,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [100, 101]  # class 0 gets n // 2
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    assert (upper[:, 1] >= -1e-12).all()
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert (lower[:, 1] <= 0.5 + 1e-12).all()


def test_moons_tutorial_data_and_seeds():
    X, y = make_moons(1000, noise=0.2, random_state=42)
    assert np.bincount(y).tolist() == [500, 500]
    X2, y2 = make_moons(1000, noise=0.2, random_state=42)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make_moons(1000, noise=0.2, random_state=43)
    assert not np.array_equal(X, X3)
    # noise spreads points off the circles by about its standard deviation
    radius = np.hypot(X[y == 0, 0], X[y == 0, 1])
    assert 0.1 < np.std(radius - 1) < 0.3


def test_moons_unshuffled_keeps_class_order_and_accepts_generators():
    _, y = make_moons(10, shuffle=False, random_state=np.random.default_rng(0))
    assert y.tolist() == [0] * 5 + [1] * 5


# --- make_gaussians ----------------------------------------------------------------------------


def test_gaussians_reproduce_the_tutorial_make_toy_data():
    # The fourth tutorial: np.random.seed(42); randn(n//2, 2) + center, per center.
    np.random.seed(42)
    c0 = np.random.randn(100, 2) + np.array([-1.0, 0.5])
    c1 = np.random.randn(100, 2) + np.array([1.0, -0.5])
    X, y = make_gaussians(200, random_state=42)
    np.testing.assert_array_equal(X, np.vstack([c0, c1]))
    assert y.tolist() == [0] * 100 + [1] * 100 and y.dtype == np.int64


def test_gaussian_cluster_means_and_spread():
    centers = ((-1.0, 0.5), (1.0, -0.5), (3.0, 3.0))
    X, y = make_gaussians(30001, centers=centers, std=0.5, random_state=0)
    assert np.bincount(y).tolist() == [10001, 10000, 10000]
    for k, center in enumerate(centers):
        np.testing.assert_allclose(X[y == k].mean(axis=0), center, atol=0.03)
        np.testing.assert_allclose(X[y == k].std(axis=0), 0.5, atol=0.03)


# --- make_xor and make_spirals -----------------------------------------------------------------


def test_xor_defaults_are_the_truth_table():
    X, y = make_xor()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert y.tolist() == [0, 1, 1, 0]


def test_xor_noisy_points_stay_near_their_corner():
    X, y = make_xor(400, noise=0.1, random_state=0)
    corners = np.round(X).astype(int)
    assert (np.abs(X - corners) < 0.5).all()
    np.testing.assert_array_equal(y, corners[:, 0] ^ corners[:, 1])
    assert np.bincount(y).tolist() == [200, 200]


def test_spirals_shape_classes_and_radius():
    X, y = make_spirals(301, n_classes=3, noise=0.2, random_state=0)
    assert X.shape == (301, 2) and np.bincount(y).tolist() == [101, 100, 100]
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius.max() <= 1.0 + 1e-12
    for k in range(3):  # each arm runs from the centre to radius 1
        np.testing.assert_allclose(radius[y == k][[0, -1]], [0.0, 1.0], atol=1e-12)
    np.testing.assert_array_equal(
        make_spirals(30, noise=0.0, random_state=1)[0],
        make_spirals(30, noise=0.0, random_state=2)[0],
    )


# --- argument checks ---------------------------------------------------------------------------


@pytest.mark.parametrize("make", [make_moons, make_gaussians, make_xor, make_spirals])
def test_generators_check_their_arguments(make):
    with pytest.raises(ValueError, match="n_samples must be an int >= 1; got 0"):
        make(0)
    with pytest.raises(TypeError, match="n_samples must be an int; got str"):
        make("10")
    with pytest.raises(TypeError, match="random_state"):
        make(10, random_state="seed")
    if make is not make_gaussians:
        with pytest.raises(ValueError, match="noise must be a finite number >= 0; got -0.1"):
            make(10, noise=-0.1)


def test_gaussians_check_centers_and_std():
    with pytest.raises(ValueError, match=r"centers must be .* got shape \(2,\)"):
        make_gaussians(10, centers=(1.0, 2.0))
    with pytest.raises(ValueError, match="std"):
        make_gaussians(10, std=-1.0)


# --- train_test_split --------------------------------------------------------------------------


def _indexed(n):
    """X whose rows name their index, and y equal to the index."""
    return np.arange(2 * n, dtype=np.float64).reshape(n, 2), np.arange(n)


@pytest.mark.parametrize("n, test_size, n_test", [(1000, 0.2, 200), (10, 0.25, 3), (10, 4, 4)])
def test_split_sizes_and_disjoint_cover(n, test_size, n_test):
    X, y = _indexed(n)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=test_size, random_state=0)
    assert (len(X_te), len(y_te), len(X_tr), len(y_tr)) == (n_test, n_test, n - n_test, n - n_test)
    assert sorted(np.concatenate([y_tr, y_te]).tolist()) == list(range(n))
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)  # rows stay paired with labels
    np.testing.assert_array_equal(X_te[:, 0], 2 * y_te)


def test_split_is_reproducible_and_seed_dependent():
    X, y = _indexed(50)
    a = train_test_split(X, y, random_state=7)
    b = train_test_split(X, y, random_state=7)
    c = train_test_split(X, y, random_state=8)
    for p, q in zip(a, b):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a[3], c[3])


@pytest.mark.parametrize("shuffle", [True, False])
def test_split_equals_scikit_learn(shuffle):
    ms = pytest.importorskip("sklearn.model_selection")
    X, y = make_moons(1000, noise=0.2, random_state=42)
    y = y.reshape(-1, 1)  # as the tutorial does
    ours = train_test_split(X, y, test_size=0.2, random_state=42, shuffle=shuffle)
    theirs = ms.train_test_split(X, y, test_size=0.2, random_state=42, shuffle=shuffle)
    for p, q in zip(ours, theirs):
        np.testing.assert_array_equal(p, q)


def test_split_without_shuffle_takes_the_tail_and_accepts_tensors_and_lists():
    X, y = _indexed(10)
    X_tr, X_te, y_tr, y_te = train_test_split(Tensor(X), list(y), test_size=3, shuffle=False)
    assert isinstance(X_tr, np.ndarray) and y_te.tolist() == [7, 8, 9]
    assert y_tr.tolist() == list(range(7))


@pytest.mark.parametrize("test_size", [0.0, 1.0, 1.5, -0.2, 0, 10, 11, -1])
def test_split_rejects_sizes_out_of_range(test_size):
    X, y = _indexed(10)
    with pytest.raises(ValueError, match=f"test_size={test_size!r}"):
        train_test_split(X, y, test_size=test_size)


@pytest.mark.parametrize("test_size", ["0.2", True, None])
def test_split_rejects_sizes_of_wrong_type(test_size):
    X, y = _indexed(10)
    with pytest.raises(TypeError, match="test_size must be a float in .0, 1. or an int"):
        train_test_split(X, y, test_size=test_size)


def test_split_rejects_mismatched_and_bad_inputs():
    X, y = _indexed(10)
    with pytest.raises(ValueError, match=r"len\(X\)=10, len\(y\)=9"):
        train_test_split(X, y[:9])
    with pytest.raises(TypeError, match="X must be a numpy array, a list or a Tensor; got str"):
        train_test_split("abc", y)
    with pytest.raises(TypeError, match="y must hold numbers; got an array of dtype <U1"):
        train_test_split(X, list("abcdefghij"))
    with pytest.raises(ValueError, match="at least 2 samples"):
        train_test_split(X[:1], y[:1])
