"""The graph core: fan-out, deep chains, grad mode, accumulation, higher order."""

import math

import numpy as np
import pytest

from autograd import (
    Tensor,
    Value,
    backward_steps,
    enable_grad,
    grad,
    is_grad_enabled,
    name_scope,
    no_grad,
    sum_values,
    topological_order,
)


def test_fan_out_sums_gradients():
    a = Value(3.0)
    b = a + a
    b.backward()
    assert a.grad == 2.0
    x = Value(2.0)
    y = x * x * x  # x reused three times
    y.backward()
    assert x.grad == 12.0


def test_diamond_graph():
    x = Value(1.5)
    left, right = x.exp(), x * 3
    out = left * right  # d/dx = e^x * 3x + e^x * 3
    out.backward()
    assert x.grad == pytest.approx(math.exp(1.5) * (3 * 1.5 + 3))
    assert left.grad == pytest.approx(4.5) and right.grad == pytest.approx(math.exp(1.5))


def test_million_node_chain_backpropagates_iteratively():
    x = Value(1.0)
    z = x
    for _ in range(1_000_000):
        z = z * 1.0000001
    z.backward()
    assert z.data == pytest.approx(1.0000001**1_000_000)
    assert x.grad == pytest.approx(1.0000001**1_000_000)
    assert len(topological_order(z)) >= 1_000_001


def test_leaf_gradients_accumulate_across_calls():
    x = Value(2.0)
    (x * x).backward()
    (x * x).backward()
    assert x.grad == 8.0
    t = Tensor([1.0, 2.0], requires_grad=True)
    for _ in range(3):
        (t * t).sum().backward()
    np.testing.assert_array_equal(t.grad, [6.0, 12.0])


def test_non_leaf_keeps_latest_pass_gradient():
    x = Value(2.0)
    y = x * 3
    z = y * y
    z.backward()
    z.backward()
    assert y.grad == 2 * 6.0  # this pass only, not summed over passes
    assert x.grad == 2 * 36.0  # leaves accumulate


def test_no_grad_context_and_decorator():
    x = Value(2.0)
    with no_grad():
        assert not is_grad_enabled()
        y = x * x
        with enable_grad():
            assert (x * x).requires_grad
    assert is_grad_enabled()
    assert y.is_leaf and not y.requires_grad

    @no_grad()
    def f(v):
        return v * v

    assert not f(x).requires_grad and f(x).data == 4.0
    t = Tensor([1.0], requires_grad=True)
    with no_grad():
        assert (t * 2).op is None


def test_grad_leaves_dot_grad_alone():
    x, y = Value(2.0), Value(5.0)
    out = x * y + x
    gx, gy = grad(out, [x, y])
    assert (gx, gy) == (6.0, 2.0)
    assert x.grad == 0.0 and y.grad == 0.0
    (g,) = grad(out, x)
    assert g == 6.0


def test_grad_unused_input():
    x, unused = Value(2.0), Value(1.0)
    with pytest.raises(RuntimeError, match="not used"):
        grad(x * x, [x, unused])
    assert grad(x * x, [x, unused], allow_unused=True) == (4.0, None)
    with pytest.raises(TypeError, match="float"):
        grad(x * x, [1.5])


@pytest.mark.parametrize(
    "fn, d2",
    [
        (lambda x: x.tanh(), lambda v: -2 * math.tanh(v) * (1 - math.tanh(v) ** 2)),
        (lambda x: x**3, lambda v: 6 * v),
        (lambda x: x.exp() * x.log(), lambda v: math.exp(v) * (math.log(v) + 2 / v - 1 / v**2)),
        (lambda x: (x * x).exp().log(), lambda v: 2.0),
    ],
)
def test_second_derivatives(fn, d2):
    x = Value(0.8)
    (g,) = grad(fn(x), x, create_graph=True)
    (h,) = grad(g, x)
    assert h == pytest.approx(d2(0.8), rel=1e-9)


def test_backward_create_graph_then_backward_again():
    x = Value(1.5)
    y = x**3
    y.backward(create_graph=True)
    first = x.grad  # a Value: 3 x^2
    assert isinstance(first, Value) and first.data == pytest.approx(6.75)
    x.grad = 0.0
    first.backward()
    assert x.grad == pytest.approx(9.0)  # 6 x


def test_hessian_vector_product_on_tensors():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(3, 3))
    A = A + A.T
    x = Tensor(rng.normal(size=3), requires_grad=True)
    v = rng.normal(size=3)
    f = 0.5 * (x @ (Tensor(A) @ x)) + (x**3).sum()  # Hessian = A + diag(6x)
    (g,) = grad(f, x, create_graph=True)
    (hvp,) = grad((g * v).sum(), x)
    np.testing.assert_allclose(hvp, (A + np.diag(6 * x.data)) @ v, rtol=1e-10)


def test_topological_order_puts_inputs_first():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    order = topological_order(d)
    pos = {id(n): i for i, n in enumerate(order)}
    for n in order:
        for p in n.parents:
            assert pos[id(p)] < pos[id(n)]
    assert order[-1] is d and len(order) == 4


def test_backward_steps_record_local_gradients_without_touching_grad():
    price, count, tax = Value(100.0), Value(2.0), Value(1.1)
    total = price * count * tax
    steps = list(backward_steps(total))
    ops_seen = [s.node.op.name for s in steps if s.node.op is not None]
    assert ops_seen == ["Mul", "Mul"]
    first = steps[0]
    assert first.node is total and first.grad == 1.0
    assert first.input_grads == pytest.approx((1.1, 200.0))
    assert price.grad == 0.0


def test_name_scope_tags_nodes():
    x = Value(1.0)
    with name_scope("Layer0"):
        with name_scope("Neuron1"):
            y = x * 2
        z = y + 1
    assert y.scope == "Layer0/Neuron1" and z.scope == "Layer0" and (z * 1).scope is None
    with pytest.raises(TypeError):
        name_scope("")


def test_sum_values_is_one_add_node():
    xs = [Value(float(i)) for i in range(5)]
    s = sum_values(x * x for x in xs)
    assert s.op.name == "Add" and len(s.parents) == 5 and s.data == 30.0
    s.backward()
    assert [x.grad for x in xs] == [0.0, 2.0, 4.0, 6.0, 8.0]
    assert sum_values([]).data == 0.0


def test_backward_on_constant_output_errors_clearly():
    c = Value(1.0, requires_grad=False)
    with pytest.raises(RuntimeError, match="does not require grad"):
        grad(c * 2, c)
    with pytest.raises(RuntimeError, match="does not require grad"):
        (c * 2).backward()
    x = Tensor([1.0], requires_grad=True)
    with no_grad():
        y = (x * 2).sum()
    with pytest.raises(RuntimeError, match="no_grad"):
        y.backward()


def test_leaves_made_inside_a_scope_carry_it():
    with name_scope("inputs"):
        v, t = Value(1.0), Tensor([1.0])
    assert v.scope == "inputs" and t.scope == "inputs" and Value(2.0).scope is None


def test_local_derivatives_are_floats_with_none_where_no_gradient_flows():
    from autograd import local_derivatives

    x, c = Value(3.0), Value(2.0, requires_grad=False)
    assert local_derivatives(x * c) == (2.0, None)  # Mul skips the constant's (needs)
    assert local_derivatives(x + c) == (1.0, None)  # Add computes it: masked here
    assert local_derivatives(x * x) == (3.0, 3.0)
    assert all(type(d) is float for d in local_derivatives(x.relu() * x))
    assert local_derivatives(x) is None  # a leaf
    assert local_derivatives(Tensor([1.0], requires_grad=True) * 2.0) is None  # arrays


def test_is_parameter_is_the_flag_nn_sets():
    import nn
    from autograd import is_parameter

    frozen = nn.Parameter([1.0], requires_grad=False)
    assert is_parameter(nn.Parameter([1.0])) and is_parameter(nn.ValueParameter(1.0))
    assert is_parameter(frozen) and nn.is_parameter is is_parameter
    assert not is_parameter(Tensor([1.0], requires_grad=True)) and not is_parameter(3.0)
