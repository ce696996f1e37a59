"""Regression tests for the small engine defects found at the public boundary (issue 14).

Each failed on the engine before the fix; the expected behaviour is PyTorch's
where PyTorch has one.
"""

import math

import numpy as np
import pytest

from autograd import Tensor, Value, grad, gradcheck


@pytest.mark.parametrize("data", [[2.5], [[2.5]], 2.5])
def test_float_and_int_of_a_one_element_tensor(data):
    t = Tensor(data)
    assert float(t) == 2.5 and type(float(t)) is float
    assert int(t) == 2 and int(Tensor([-2.7])) == -2  # truncated toward 0, as int(2.7)
    assert float(Tensor(data, dtype=np.float32)) == 2.5
    assert math.isfinite(Tensor([1.0]))  # anything that asks for a float takes it


@pytest.mark.parametrize("data", [[1.0, 2.0], [], [[1.0], [2.0]]])
def test_float_and_int_of_more_elements_say_so_as_pytorch_does(data):
    for convert in (float, int):
        with pytest.raises(ValueError, match="only one element tensors can be converted to "
                                             "Python scalars; this tensor has shape"):
            convert(Tensor(data))


def test_int_of_a_value_truncates():
    assert int(Value(2.7)) == 2 and int(Value(-2.7)) == -2


@pytest.mark.parametrize("node", [Value(2.0), Tensor([2.0])])
def test_a_huge_int_exponent_is_a_clear_error(node):
    kind = type(node).__name__
    with pytest.raises(ValueError, match=f"{kind} \\*\\* 1000000.*: the exponent is too large "
                                         "for a float"):
        node ** 10**400
    with pytest.raises(ValueError, match="too large for a float"):  # as Value(10**400) says
        Value(10**400)


@pytest.mark.parametrize("axis", [-1, 0])
def test_log_softmax_of_a_0d_tensor_is_0_as_in_pytorch(axis):
    x = Tensor(3.0, requires_grad=True)
    y = x.log_softmax(axis)
    assert y.shape == () and float(y) == 0.0
    y.backward()
    assert x.grad.shape == () and x.grad == 0.0  # log(softmax) of one number is constant
    assert gradcheck(lambda t: t.log_softmax(axis) * 2.0, Tensor(-1.5, requires_grad=True))


def test_log_softmax_of_a_0d_tensor_takes_only_axis_minus_1_or_0():
    with pytest.raises(ValueError, match="axis 1 is out of range for a 0-d tensor"):
        Tensor(3.0).log_softmax(1)


def test_grad_with_no_inputs_or_outputs_says_what_to_pass():
    x = Tensor([1.0, 2.0], requires_grad=True)
    loss = (x * x).sum()
    with pytest.raises(TypeError, match=r"grad\(\) inputs is an empty list: pass the nodes to "
                                        r"differentiate with respect to, e.g. grad\(loss, "):
        grad(loss, inputs=[])
    with pytest.raises(TypeError, match=r"grad\(\) outputs is an empty tuple: pass the node\(s\) "
                                        "to differentiate"):
        grad(outputs=(), inputs=[x])


def test_grad_of_a_non_scalar_output_names_that_output():
    x = Tensor([1.0, 2.0], requires_grad=True)
    scalar, vector = (x * x).sum(), x * 3.0
    with pytest.raises(RuntimeError, match=r"grad\(\) output 1 \(a Tensor of shape \(2,\)\) has "
                                           "2 elements: pass grad_outputs="):
        grad([scalar, vector], [x])
    with pytest.raises(RuntimeError, match=r"output 0 \(a Tensor of shape \(2,\)\)"):
        grad(vector, [x], grad_outputs=[None])
    (g,) = grad(vector, [x], grad_outputs=np.ones(2))  # what the message asks for works
    assert np.array_equal(g, [3.0, 3.0])
