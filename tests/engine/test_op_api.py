"""The public op API: learners write ops as Op subclasses and call them like functions."""

import math

import numpy as np
import pytest

from autograd import (
    Op,
    Tensor,
    Value,
    apply,
    grad,
    gradcheck,
    gradgradcheck,
    ops,
    topological_order,
)
from autograd import (
    functions as F,
)


class Sin(Op):
    derivatives = "∂y/∂x = cos(x)"

    def forward(self, x):
        return F.sin(x)

    def backward(self, g, y, x):
        return g * F.cos(x)  # a single gradient: fine for a one-input op


class MulLayer(Op):
    """The tutorial's multiplication layer, as an op."""

    def forward(self, a, b):
        return a * b

    def backward(self, g, y, a, b):
        return g * b, g * a


class Affine(Op):
    """y = x @ W + b: its inputs are not matched element by element."""

    elementwise = False

    def forward(self, x, W, b):
        return x @ W + b

    def backward(self, g, y, x, W, b):
        return g @ W.T, x.T @ g, g.sum(axis=0)


def test_a_user_op_is_called_like_a_function_on_values_tensors_and_raw_data():
    x = Value(0.5, label="x")
    y = Sin()(x)
    assert isinstance(y, Value) and y.op.name == "Sin" and y.parents == (x,)
    y.backward()
    assert y.data == math.sin(0.5) and x.grad == math.cos(0.5)
    t = Tensor([0.1, 0.2], requires_grad=True)
    u = apply(Sin(), t)
    assert isinstance(u, Tensor) and u.op.name == "Sin"
    u.sum().backward()
    np.testing.assert_allclose(t.grad, np.cos([0.1, 0.2]))
    assert Sin()(0.5) == math.sin(0.5)  # raw data in, raw data out: usable inside a rule
    np.testing.assert_allclose(Sin()(np.array([0.1])), np.sin([0.1]))


def test_numbers_are_converted_and_tensors_broadcast_with_broadcast_to_nodes():
    x = Value(3.0)
    y = MulLayer()(2, x)
    y.backward()
    assert y.data == 6.0 and x.grad == 2.0
    a = Tensor(np.ones((2, 3)), requires_grad=True)
    b = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    out = MulLayer()(a, b)
    assert out.shape == (2, 3)
    assert "BroadcastTo" in {n.op.name for n in topological_order(out) if n.op}
    out.sum().backward()
    np.testing.assert_array_equal(b.grad, [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(a.grad, np.broadcast_to([1.0, 2.0, 3.0], (2, 3)))


def test_a_non_elementwise_op_gets_its_inputs_as_given():
    rng = np.random.default_rng(0)
    x = Tensor(rng.normal(size=(4, 3)), requires_grad=True)
    W = Tensor(rng.normal(size=(3, 2)), requires_grad=True)
    b = Tensor(rng.normal(size=2), requires_grad=True)
    assert gradcheck(lambda x, W, b: Affine()(x, W, b), x, W, b)
    y = Affine()(x, W, b)
    assert y.shape == (4, 2) and [p.shape for p in y.parents] == [(4, 3), (3, 2), (2,)]


def test_second_derivatives_come_free_with_a_rule_written_with_functions():
    assert gradgradcheck(lambda x: Sin()(x) * Sin()(x), Value(0.7))
    assert gradgradcheck(lambda x: Sin()(x).sum(), Tensor([0.3, -1.2], requires_grad=True))


def test_fourth_derivative_of_tanh_matches_its_closed_form():
    x = Value(1.0)
    d = x.tanh()
    for _ in range(3):
        (d,) = grad(d, x, create_graph=True)
    (d4,) = grad(d, x)
    t = math.tanh(1.0)
    s = 1 - t * t
    assert d4 == pytest.approx(8 * t * s * (2 - 3 * t * t), rel=1e-12)  # -0.4265...


def test_taylor_series_of_sin_follows_dezero():
    """DeZero step 27: sin from its Taylor series, its gradient close to cos."""

    def taylor_sin(x, threshold=1e-4):
        y = 0
        for i in range(100):
            term = (-1) ** i / math.factorial(2 * i + 1) * x ** (2 * i + 1)
            y = y + term
            if abs(term.data) < threshold:
                break
        return y

    x = Value(math.pi / 4)
    y = taylor_sin(x)
    y.backward()
    assert y.data == pytest.approx(math.sin(math.pi / 4), abs=1e-4)
    assert x.grad == pytest.approx(math.cos(math.pi / 4), abs=1e-4)
    built_in = Value(math.pi / 4)
    built_in.sin().backward()
    assert built_in.grad == math.cos(math.pi / 4)


def test_builtin_sin_and_cos_on_values_and_tensors():
    assert gradgradcheck(lambda x: x.sin() * x.cos(), Value(0.4))
    t = Tensor([0.0, 1.0], requires_grad=True)
    (t.sin() + t.cos()).sum().backward()
    np.testing.assert_allclose(t.grad, np.cos([0.0, 1.0]) - np.sin([0.0, 1.0]))
    assert F.sin(Value(0.0)).op.name == "Sin" and F.cos(0.0) == 1.0


def test_functions_dispatch_on_float_array_and_node():
    assert F.exp(0.0) == 1.0 and isinstance(F.exp(0.0), float)
    np.testing.assert_array_equal(F.log(np.array([1.0])), [0.0])
    assert F.log(0.0) == -math.inf and math.isnan(F.log(-1.0))
    assert F.exp(1000.0) == math.inf and F.divide(1.0, 0.0) == math.inf
    assert isinstance(F.tanh(Value(0.2)), Value) and isinstance(F.tanh(Tensor([0.2])), Tensor)
    assert F.sign(Value(-2.0)) == -1.0  # a constant, not a node
    assert F.where(True, 1.0, 2.0) == 1.0
    a, b = Value(1.0), Value(2.0)
    out = F.where(a.data > 0, a, b)
    out.backward()
    assert (a.grad, b.grad) == (1.0, 0.0) and out.op.name == "Where"
    np.testing.assert_array_equal(F.sum_to(np.ones((2, 3)), (1, 3)), [[2.0, 2.0, 2.0]])
    assert F.broadcast_to(Tensor([1.0]), (3,)).shape == (3,)
    assert F.sqrt(4.0) == 2.0 and math.isnan(F.sqrt(-1.0)) and F.clip(5.0, 0, 1) == 1.0


def test_mistakes_in_a_user_op_give_clear_errors():
    class TwoForOne(Op):
        def forward(self, x):
            return 2 * x

        def backward(self, g, y, x):
            return g, g

    with pytest.raises(TypeError, match="TwoForOne.backward returned 2 gradients for 1 inputs"):
        TwoForOne()(Value(1.0)).backward()

    class NoBias(Affine):  # forgets to sum the bias gradient over the batch
        def backward(self, g, y, x, W, b):
            return g @ W.T, x.T @ g, g

    x, W = Tensor(np.ones((4, 3))), Tensor(np.ones((3, 2)))
    b = Tensor(np.ones(2), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"tensor of shape \(2,\) has shape \(4, 2\)"):
        NoBias()(x, W, b).sum().backward()
    with pytest.raises(TypeError, match="mixes a Value and a Tensor"):
        MulLayer()(Value(1.0), Tensor([1.0]))
    with pytest.raises(TypeError, match="Op instance"):
        apply(MulLayer, Value(1.0), 2.0)

    class ReturnsText(Op):
        def forward(self, x):
            return "x"

    with pytest.raises(TypeError, match="ReturnsText.forward returned str"):
        ReturnsText()(Value(1.0))


def test_every_op_of_the_table_declares_what_the_tools_read():
    for cls in ops.TABLE:
        assert cls.name and cls.derivatives and "∂" in cls.derivatives, cls
        assert cls.__doc__ and cls.__doc__.startswith("y ="), cls
    for name, op in ops.METHODS.items():
        assert getattr(Value, name).__doc__ and getattr(Tensor, name).__name__ == name
        assert op.source("x") == f"{name}(x)"
    assert ops.Log.domain[0].describe() == "x > 0"
    assert ops.ReLU.domain[0].describe() == "any x, not differentiable at 0"
    assert ops.Clip(-1.0, 1.0).domain[0].kinks == (-1.0, 1.0)
    assert MulLayer.name == "MulLayer"  # a user's op is drawn by its class name


def test_user_ops_are_drawn_by_name():
    from autograd.viz import draw

    x = Value(2.0, label="x")
    source = draw(MulLayer()(Sin()(x), 3.0)).source
    assert "MulLayer" in source and "Sin" in source


def test_more_learner_mistakes_are_named():
    with pytest.raises(TypeError, match=r"def backward\(self, g, y, x\)"):

        class WrongSignature(Op):
            def forward(self, x):
                return x

            def backward(self, g, x):
                return g

    class ReturnsNone(Op):
        def forward(self, x, t):
            return (x - t) ** 2

        def backward(self, g, y, x, t):
            return g * 2 * (x - t), None

    with pytest.raises(TypeError, match="returned None for input 2, which requires grad"):
        ReturnsNone()(Value(1.0), Value(0.0)).backward()

    class MatrixProduct(Op):  # forgot elementwise = False
        def forward(self, x, W):
            return x @ W

        def backward(self, g, y, x, W):
            return g @ W.T, x.T @ g

    with pytest.raises(ValueError, match="set elementwise = False"):
        MatrixProduct()(Tensor(np.ones((4, 3))), Tensor(np.ones((3, 2))))


def test_functions_never_warn_on_a_float_and_an_array(recwarn):
    np.testing.assert_array_equal(F.divide(1.0, np.array([0.0])), [math.inf])
    np.testing.assert_array_equal(F.divide(np.array([1.0]), 0.0), [math.inf])
    np.testing.assert_array_equal(F.power(0.0, np.array([-1.0])), [math.inf])
    assert len(recwarn) == 0
