"""gradcheck and numerical_grad: they pass correct rules and catch wrong ones."""

import math

import numpy as np
import pytest

from autograd import GradcheckError, Op, Tensor, Value, gradcheck, gradgradcheck, numerical_grad


class WrongSquare(Op):
    """y = a**2 with a deliberately wrong rule (3a instead of 2a)."""

    name = "WrongSquare"

    def forward(self, a):
        return a * a

    def backward(self, g, y, a):
        return g * 3 * a


def wrong_square(x):
    return WrongSquare()(x)


def test_numerical_grad_matches_calculus():
    (g,) = numerical_grad(lambda x: x.exp(), Value(1.0))
    assert g == pytest.approx(math.e, rel=1e-8)
    t = Tensor([1.0, 2.0, 3.0])
    (gt,) = numerical_grad(lambda x: (x**2).sum(), t, eps=1e-4)
    np.testing.assert_allclose(gt, [2.0, 4.0, 6.0], rtol=1e-7)
    assert t.data.tolist() == [1.0, 2.0, 3.0]  # inputs restored


def test_numerical_grad_of_tutorial_network_loss():
    # Tutorial 003 checks backprop by central differences with h = 1e-4.
    rng = np.random.default_rng(0)
    W = Tensor(rng.normal(size=(2, 3)), requires_grad=True)
    x, labels = rng.normal(size=(4, 2)), np.array([0, 2, 1, 1])

    def loss(w):
        logp = (Tensor(x) @ w).log_softmax()
        return -logp[np.arange(4), labels].mean()

    (numeric,) = numerical_grad(loss, W, eps=1e-4)
    loss(W).backward()
    relative = np.abs(W.grad - numeric) / np.maximum(np.abs(W.grad) + np.abs(numeric), 1e-12)
    assert relative.max() < 1e-7


def test_gradcheck_passes_on_correct_rules():
    assert gradcheck(lambda a, b: (a * b).tanh() / b, Value(0.3), Value(1.7))
    t = Tensor(np.linspace(-1, 1, 6).reshape(2, 3), requires_grad=True)
    assert gradcheck(lambda a: a.sigmoid() * a, t)  # non-scalar output is fine
    assert gradgradcheck(lambda a: (a.tanh() ** 2).sum(), t)


def test_gradcheck_names_input_element_and_values():
    with pytest.raises(GradcheckError) as err:
        gradcheck(wrong_square, Value(2.0, label="x"))
    msg = str(err.value)
    assert "input 0" in msg and "'x'" in msg and "analytic 6" in msg and "numeric 4" in msg
    t = Tensor([[1.0, 2.0]], requires_grad=True)
    with pytest.raises(GradcheckError, match=r"element \(0, 0\)"):
        gradcheck(lambda a: wrong_square(a).sum(), t)


def test_gradgradcheck_catches_wrong_second_derivative():
    class NoSecondOrder(Op):
        """y = a**3 whose rule cuts the graph: first derivative right, second wrong."""

        name = "Cube"

        def forward(self, a):
            return a**3

        def backward(self, g, y, a):
            return g * 3 * (a.data if hasattr(a, "data") else a) ** 2

    def cube(x):
        return NoSecondOrder()(x)

    assert gradcheck(cube, Value(1.3))
    with pytest.raises(GradcheckError):
        gradgradcheck(cube, Value(1.3))


def test_gradcheck_rejects_bad_inputs():
    with pytest.raises(TypeError, match="float"):
        gradcheck(lambda a: a, 1.5)
    with pytest.raises(TypeError, match="float32"):
        gradcheck(lambda a: a.sum(), Tensor(np.ones(2, dtype=np.float32), requires_grad=True))
    with pytest.raises(TypeError, match="at least one"):
        gradcheck(lambda: None)
