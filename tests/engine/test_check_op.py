"""check_op: it passes correct ops and names the check a planted bug fails."""

import numpy as np
import pytest

from autograd import Domain, Op
from autograd import functions as F
from autograd.testing import OpCheckError, check_op


class Square(Op):
    def forward(self, x):
        return x * x

    def backward(self, g, y, x):
        return 2 * x * g


class Affine(Op):
    elementwise = False

    def forward(self, x, W, b):
        return x @ W + b

    def backward(self, g, y, x, W, b):
        return g @ W.T, x.T @ g, g.sum(axis=0)


class SoftmaxWithLoss(Op):
    """Mean cross-entropy of softmax(x) against one-hot targets t (t is given, not learned)."""

    elementwise = False

    def forward(self, x, t):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        return -np.sum(t * np.log(p)) / x.shape[0]

    def backward(self, g, y, x, t):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        return g * (p - t) / x.shape[0], None


def _fails(op, match, **kwargs):
    with pytest.raises(OpCheckError, match=match) as info:
        check_op(op, max_examples=25, **kwargs)
    return str(info.value)


def test_correct_ops_pass():
    assert check_op(Square)
    assert check_op(Affine(), shapes=((4, 3), (3, 2), (2,)))
    one_hot = np.eye(3)[[0, 2, 1, 2]]
    assert check_op(SoftmaxWithLoss(), shapes=((4, 3), (4, 3)), fixed={1: one_hot}, order=1)


def test_a_wrong_first_derivative_is_reported_with_its_numbers():
    class Wrong(Square):
        def backward(self, g, y, x):
            return 3 * x * g

    message = _fails(Wrong, "first derivative of Wrong is wrong for input 0")
    assert "analytic" in message and "numeric" in message and "x0 = " in message


def test_a_forgotten_upstream_gradient_is_caught_because_g_is_random():
    class ForgetsG(Square):
        def backward(self, g, y, x):
            return 2 * x

    _fails(ForgetsG, "first derivative of ForgetsG is wrong")


def test_a_rule_that_cuts_the_graph_fails_second_order_only():
    class Cube(Op):
        def forward(self, x):
            return x**3

        def backward(self, g, y, x):
            return g * 3 * F.raw(x) ** 2  # raw data: no second derivative

    assert check_op(Cube, order=1, max_examples=10)
    _fails(Cube, "second derivative of Cube is wrong")


def test_mutating_an_input_or_the_upstream_gradient_is_caught():
    class MutatesInput(Op):
        def forward(self, x):
            x += 0.0 if isinstance(x, float) else 1.0  # in place on arrays
            return x * 1.0

        def backward(self, g, y, x):
            return g

    _fails(MutatesInput, "MutatesInput.forward changed its input 0 in place",
           shapes=((3,),))

    class MutatesG(Square):
        def backward(self, g, y, x):
            g *= 2 * x
            return g

    _fails(MutatesG, "MutatesG.backward changed the upstream gradient", shapes=((3,),))


def test_a_gradient_that_aliases_an_input_is_caught():
    class Scale(Op):
        """y = x * t for a given t; its 'gradient' for t returns t itself."""

        def forward(self, x, t):
            return x * t

        def backward(self, g, y, x, t):
            return g * t, t

    _fails(Scale, "shares memory with input 1", shapes=((3,), (3,)), fixed={1: np.ones(3)})


def test_wrong_shapes_and_counts_are_caught():
    class NoBiasSum(Affine):
        def backward(self, g, y, x, W, b):
            return g @ W.T, x.T @ g, g

    _fails(NoBiasSum, r"gradient of shape \(4, 2\) for input 2 of shape \(2,\)",
           shapes=((4, 3), (3, 2), (2,)))

    class OneForTwo(Op):
        def forward(self, a, b):
            return a * b

        def backward(self, g, y, a, b):
            return (g * b,)

    _fails(OneForTwo, "OneForTwo.backward returned 1 gradients for 2 inputs")


def test_domains_keep_draws_where_the_op_is_defined():
    class Log(Op):
        domain = (Domain(low=0.0),)

        def forward(self, x):
            return F.log(x)

        def backward(self, g, y, x):
            return F.divide(g, x)

    assert check_op(Log)
    assert check_op(Log, domain=Domain(low=1.0, high=2.0), max_examples=10)

    class Kinked(Op):
        """|x|: finite differences at 0 would disagree with any one-sided rule."""

        domain = (Domain(kinks=(0.0,)),)

        def forward(self, x):
            return F.abs(x)

        def backward(self, g, y, x):
            return g * F.sign(x)

    assert check_op(Kinked)


def test_bad_arguments_are_refused_clearly():
    with pytest.raises(ValueError, match="needs shapes="):
        check_op(Affine())
    with pytest.raises(TypeError, match="Op instance or class"):
        check_op(lambda x: x)
    with pytest.raises(ValueError, match="order must be 1 or 2"):
        check_op(Square, order=3)
    with pytest.raises(ValueError, match="fixed= positions"):
        check_op(Square, fixed={3: 1.0})


def test_tensors_of_the_given_shape_are_drawn():
    seen = []

    class Recording(Square):
        def forward(self, x):
            seen.append(np.shape(x))
            return x * x

    check_op(Recording, shapes=((2, 5),), max_examples=5, order=1)
    assert set(seen) == {(2, 5)}


def test_an_exception_in_the_ops_own_code_is_reported_as_its_failure():
    class Sqrt(Op):  # no domain: check_op draws 0, where this rule divides by zero
        def forward(self, x):
            return F.sqrt(x)

        def backward(self, g, y, x):
            return g / (2 * y)

    _fails(Sqrt, "Sqrt raised ZeroDivisionError", shapes=None)


def test_a_transposed_gradient_gets_no_sum_to_hint():
    class Transposed(Affine):
        def backward(self, g, y, x, W, b):
            return g @ W.T, (x.T @ g).T, g.sum(axis=0)

    message = _fails(Transposed, r"shape \(2, 3\) for input 1 of shape \(3, 2\)",
                     shapes=((4, 3), (3, 2), (2,)))
    assert "sum_to" not in message
