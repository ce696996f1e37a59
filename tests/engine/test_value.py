"""Value: the tutorials' hand-derived numbers, operators, IEEE edge cases, errors."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value

FINITE = st.floats(-50, 50, allow_nan=False)


def test_apple_tax_matches_tutorial():
    # Tutorial 003: 2 apples at 100, tax 1.1 -> 220; d/d price 2.2, count 110, tax 200.
    price, count, tax = Value(100, label="price"), Value(2, label="count"), Value(1.1, label="tax")
    total = price * count * tax
    total.backward()
    assert total.data == pytest.approx(220.0)
    assert price.grad == pytest.approx(2.2)
    assert count.grad == pytest.approx(110.0)
    assert tax.grad == pytest.approx(200.0)


def test_apple_orange_tax_matches_tutorial():
    apple, n_apple = Value(100.0), Value(2.0)
    orange, n_orange = Value(150.0), Value(3.0)
    tax = Value(1.1)
    total = (apple * n_apple + orange * n_orange) * tax
    total.backward()
    assert total.data == pytest.approx(715.0)
    grads = [apple.grad, n_apple.grad, orange.grad, n_orange.grad, tax.grad]
    assert grads == pytest.approx([2.2, 110.0, 3.3, 165.0, 650.0])


def test_car_purchase_matches_tutorial():
    # Tutorial 001: unit price 20, quantity 2, tax 1.1 -> 44; grads 2.2, 22, 40.
    price, qty, tax = Value(20.0), Value(2.0), Value(1.1)
    total = price * qty * tax
    total.backward()
    assert (total.data, price.grad, qty.grad, tax.grad) == pytest.approx((44.0, 2.2, 22.0, 40.0))


@given(FINITE, FINITE.filter(lambda x: abs(x) > 1e-3))
def test_operators_match_python_floats_both_sides(a, b):
    x = Value(a)
    assert (x + b).data == a + b and (b + x).data == b + a
    assert (x - b).data == a - b and (b - x).data == b - a
    assert (x * b).data == a * b and (b * x).data == b * a
    assert (x / b).data == a / b
    assert (-x).data == -a
    assert (x * Value(b)).data == a * b


@given(FINITE, FINITE.filter(lambda x: abs(x) > 1e-3))
def test_operator_gradients_with_numbers_on_either_side(a, b):
    x = Value(a)
    (b / x if abs(a) > 1e-3 else b - x).backward()
    expected = -b / a**2 if abs(a) > 1e-3 else -1.0
    assert x.grad == pytest.approx(expected, rel=1e-9)


def test_pow_with_value_exponent_and_number_base():
    a, b = Value(2.0), Value(3.0)
    y = a**b
    y.backward()
    assert y.data == 8.0
    assert a.grad == pytest.approx(12.0)  # b * a**(b-1)
    assert b.grad == pytest.approx(8.0 * math.log(2.0))  # y * log(a)
    c = Value(3.0)
    z = 2**c
    z.backward()
    assert z.data == 8.0 and c.grad == pytest.approx(8.0 * math.log(2.0))


def test_activations_values_and_grads():
    x = Value(0.5)
    for fn, f, df in [
        (Value.exp, math.exp, math.exp),
        (Value.log, math.log, lambda v: 1 / v),
        (Value.tanh, math.tanh, lambda v: 1 - math.tanh(v) ** 2),
        (Value.sigmoid, lambda v: 1 / (1 + math.exp(-v)), lambda v: 0.25 / math.cosh(v / 2) ** 2),
        (Value.relu, lambda v: max(v, 0.0), lambda v: 1.0),
    ]:
        x.grad = 0.0
        y = fn(x)
        y.backward()
        assert y.data == pytest.approx(f(0.5)) and x.grad == pytest.approx(df(0.5))
    r = Value(-1.0)
    r.relu().backward()
    assert r.grad == 0.0


def test_log_of_non_positive_follows_ieee():
    assert Value(0.0).log().data == -math.inf
    assert math.isnan(Value(-1.0).log().data)
    assert Value(1000.0).exp().data == math.inf
    assert math.isnan((Value(-8.0) ** (1 / 3)).data)
    assert (Value(1.0) / 0.0).data == math.inf and (Value(-1.0) / 0.0).data == -math.inf
    assert math.isnan((Value(0.0) / 0.0).data)
    assert Value(-1000.0).sigmoid().data == 0.0 and Value(1000.0).sigmoid().data == 1.0


def test_sub_and_div_are_primitive_nodes():
    a, b = Value(3.0), Value(4.0)
    assert (a - b).op.name == "Sub" and (a - b).parents == (a, b)
    assert (a / b).op.name == "Div" and (a / b).parents == (a, b)
    assert [p.data for p in (2 - a).parents] == [2.0, 3.0]


def test_numpy_scalars_are_numbers_and_defer_to_value():
    assert Value(np.float32(1.5)).data == 1.5
    y = np.float64(2.0) * Value(3.0)
    assert isinstance(y, Value) and y.data == 6.0
    assert Value(np.array(2.5)).data == 2.5


@pytest.mark.parametrize("bad", ["abc", [1, 2], None, 1 + 2j, np.array([1.0, 2.0])])
def test_bad_constructor_input_names_it(bad):
    with pytest.raises(TypeError) as err:
        Value(bad)
    assert type(bad).__name__ in str(err.value) and "real number" in str(err.value)


def test_op_with_non_number_is_a_type_error():
    with pytest.raises(TypeError, match="str"):
        Value(1.0) + "x"
    with pytest.raises(TypeError, match="list"):
        Value(1.0) * [1, 2]
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)


def test_repr_item_detach():
    x = Value(2.0, label="x")
    assert "x" in repr(x) and "2" in repr(x)
    assert x.item() == 2.0 and float(x) == 2.0
    d = (x * 3).detach()
    assert d.is_leaf and d.data == 6.0 and not d.requires_grad


def test_backward_through_ieee_edge_cases_does_not_raise():
    a, b = Value(1.0), Value(3.0)
    y = a / (b - 3)
    y.backward()
    assert y.data == math.inf and a.grad == math.inf and b.grad == -math.inf
    z = Value(0.0)
    z.log().backward()
    assert z.grad == math.inf
    with np.errstate(all="raise"):  # no numpy warning escapes either
        w = Value(10.0)
        (w**400).backward()
    assert w.data == 10.0 and (w**400).data == math.inf


def test_unary_plus_is_identity():
    x = Value(2.0)
    assert +x is x
