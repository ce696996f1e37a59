"""nn.init: the distributions' scales, reproducibility and the tutorial's exact weights."""

import math

import numpy as np
import pytest

import nn
from nn import init

SHAPE = (400, 300)  # (fan_in, fan_out)


def test_tutorial_randn_over_sqrt_fan_in_is_reproduced_exactly():
    np.random.seed(42)
    w1 = np.random.randn(2, 4) / np.sqrt(2)
    w2 = np.random.randn(4, 1) / np.sqrt(4)
    rs = np.random.RandomState(42)
    np.testing.assert_array_equal(init.lecun_normal((2, 4), rng=rs), w1)
    np.testing.assert_array_equal(init.lecun_normal((4, 1), rng=rs), w2)


@pytest.mark.parametrize("fn, std", [
    (init.lecun_normal, 1 / math.sqrt(400)),
    (init.xavier_normal, math.sqrt(2 / 700)),
    (init.xavier_uniform, math.sqrt(6 / 700) / math.sqrt(3)),
    (init.kaiming_normal, math.sqrt(2 / 400)),
    (init.kaiming_uniform, math.sqrt(2 / 400)),
    (lambda s, rng: init.kaiming_normal(s, mode="fan_out", rng=rng), math.sqrt(2 / 300)),
    (lambda s, rng: init.kaiming_uniform(s, nonlinearity="tanh", rng=rng), 5 / 3 / 20),
    (lambda s, rng: init.xavier_uniform(s, gain=2.0, rng=rng), 2 * math.sqrt(2 / 700)),
    (lambda s, rng: init.normal(s, std=0.01, rng=rng), 0.01),
])
def test_scales(fn, std):
    w = fn(SHAPE, rng=0)
    assert w.shape == SHAPE and w.dtype == np.float64
    assert abs(w.mean()) < 0.02 * std
    assert w.std() == pytest.approx(std, rel=0.02)


def test_uniform_bounds():
    w = init.xavier_uniform(SHAPE, rng=1)
    assert np.abs(w).max() <= math.sqrt(6 / 700)
    k = init.kaiming_uniform(SHAPE, rng=1)
    assert np.abs(k).max() <= math.sqrt(6 / 400)
    u = init.uniform((1000,), rng=1)
    assert -1 <= u.min() and u.max() <= 1


def test_seeds_and_generators_are_reproducible():
    a, b = init.xavier_normal((3, 3), rng=5), init.xavier_normal((3, 3), rng=5)
    np.testing.assert_array_equal(a, b)
    g1, g2 = np.random.default_rng(9), np.random.default_rng(9)
    np.testing.assert_array_equal(init.kaiming_normal((4, 2), rng=g1),
                                  init.kaiming_normal((4, 2), rng=g2))
    assert not np.array_equal(init.lecun_normal((3, 3)), init.lecun_normal((3, 3)))


def test_gains_and_fans():
    assert init.calculate_gain("relu") == pytest.approx(math.sqrt(2))
    assert init.calculate_gain("tanh") == pytest.approx(5 / 3)
    assert init.calculate_gain("sigmoid") == 1.0
    assert init.calculate_gain("leaky_relu", 0.2) == pytest.approx(math.sqrt(2 / 1.04))
    assert init.fans((5, 7)) == (5, 7) and init.fans((6,)) == (6, 6)
    with pytest.raises(ValueError, match="unknown nonlinearity 'swish'"):
        init.calculate_gain("swish")
    with pytest.raises(ValueError, match="mode must be 'fan_in' or 'fan_out'"):
        init.kaiming_normal((2, 2), mode="fan_avg")
    with pytest.raises(TypeError, match="rng must be an int seed, a numpy Generator"):
        init.lecun_normal((2, 2), rng=1.5)


def test_in_place_variants_fill_a_parameter():
    p = nn.Parameter(np.zeros((3, 2), np.float32))
    data = p.data
    assert init.xavier_uniform_(p, rng=0) is p
    assert p.data is data and p.dtype == np.float32 and np.any(p.data != 0)
    init.zeros_(p)
    assert np.all(p.data == 0)
