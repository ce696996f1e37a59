"""The op API's fast paths: dispatch of a user's op, ``needs``, many-input nodes, order."""

from collections import namedtuple

import numpy as np
import pytest

from autograd import Op, Tensor, Value, backward_steps, grad, no_grad


class Mul(Op):
    def forward(self, a, b):
        return a * b

    def backward(self, g, y, a, b):
        return g * b, g * a


class FusedMulAdd(Op):
    """a * b + c: a node with three inputs."""

    def forward(self, a, b, c):
        return a * b + c

    def backward(self, g, y, a, b, c):
        return g * b, g * a, g


mul, fma = Mul(), FusedMulAdd()


def test_user_op_takes_a_number_or_an_array_first():
    x = Value(3.0)
    y = mul(2.0, x)
    y.backward()
    assert (y.data, x.grad) == (6.0, 2.0)
    t = Tensor([1.0, 2.0], requires_grad=True)
    z = mul(np.array([3.0, 4.0]), t)
    z.sum().backward()
    assert z.data.tolist() == [3.0, 8.0] and t.grad.tolist() == [3.0, 4.0]
    assert mul(2.0, 4.0) == 8.0  # raw data only: the forward, no node


def test_a_namedtuple_first_is_an_input_not_a_front_end():
    """A namedtuple has a ``_make`` method: dispatch must not mistake it for a node's."""
    Pair = namedtuple("Pair", "a b")
    with pytest.raises(TypeError, match="real number"):
        mul(Pair(1.0, 2.0), Value(1.0))


def test_needs_is_passed_only_when_an_input_needs_no_gradient():
    seen = []

    class Recording(Op):
        def forward(self, a, b):
            return a * b

        def backward(self, g, y, a, b, needs=None):
            seen.append(needs)
            return (g * b if needs is None or needs[0] else None,
                    g * a if needs is None or needs[1] else None)

    op = Recording()
    a, b, c = Value(2.0), Value(5.0), Value(7.0, requires_grad=False)
    op(a, b).backward()
    op(a, c).backward()
    assert seen == [None, (True, False)]
    assert (a.grad, b.grad) == (5.0 + 7.0, 2.0)


def test_needs_without_a_default_is_refused_where_the_op_is_written():
    with pytest.raises(TypeError, match="NoDefault.backward: give needs a default"):
        class NoDefault(Op):
            def forward(self, a):
                return a

            def backward(self, g, y, a, needs):
                return g


@pytest.mark.parametrize("make", [Value, lambda v: Tensor(np.full((2,), v), requires_grad=True)])
def test_three_input_node_gradients(make):
    a, b, c = make(2.0), make(3.0), make(4.0)
    out = fma(a, b, c)
    assert out.parents == (a, b, c)
    ga, gb, gc = grad(out.sum() if isinstance(out, Tensor) else out, [a, b, c])
    assert np.all(ga == 3.0) and np.all(gb == 2.0) and np.all(gc == 1.0)


def test_three_input_node_records_only_what_needs_a_gradient():
    a, b = Value(2.0, requires_grad=False), Value(3.0, requires_grad=False)
    assert not fma(a, b, 1.0).requires_grad
    with no_grad():
        assert fma(Value(2.0), b, 1.0).op is None
    assert fma(a, b, Value(1.0)).op is fma


def test_backward_visits_each_node_after_all_its_consumers():
    """A graph where one node feeds three others at different depths."""
    x = Value(0.5, label="x")
    h = x * x
    h.label = "h"
    k = h.exp()
    k.label = "k"
    m = h * k
    m.label = "m"
    out = m + h + k
    out.label = "out"
    order = [step.node.label for step in backward_steps(out)]
    for consumer, used in (("m", "h"), ("k", "h"), ("m", "k")):
        assert order.index(consumer) < order.index(used)
    out.backward()
    e = np.exp(0.25)  # d/dx of x²e^{x²} + x² + e^{x²} at x = 0.5
    assert x.grad == pytest.approx(2 * 0.5 * (e + 0.25 * e + 1 + e))
