"""Watching and debugging gradients: register_hook, detect_anomaly, no_grad as a decorator."""

import math

import numpy as np
import pytest

import nn
from autograd import (
    AnomalyError,
    Tensor,
    Value,
    detect_anomaly,
    enable_grad,
    is_grad_enabled,
    name_scope,
    no_grad,
)
from autograd import anomaly as anomaly_module


def test_a_hook_sees_the_whole_gradient_of_a_node():
    a = Value(3.0, label="a")
    b = a * 2.0
    seen = []
    b.register_hook(seen.append)
    y = b * b + b  # b used twice: the hook gets the sum, 2b + 1 = 13
    y.backward()
    assert seen == [13.0] and a.grad == 26.0


def test_a_hook_can_change_the_gradient_flowing_on():
    a = Value(3.0)
    b = a * 2.0
    handle = b.register_hook(lambda g: g * 10)
    (b * b).backward()
    assert a.grad == 10 * 2 * 6.0 * 2
    handle.remove()
    a.grad = 0.0
    (a * 2.0 * 3.0).backward()
    assert a.grad == 6.0


def test_a_leaf_hook_runs_before_accumulation_and_tensor_hooks_get_arrays():
    w = Tensor([1.0, -2.0], requires_grad=True)
    got = []
    w.register_hook(lambda g: got.append(g.copy()) or np.clip(g, -1, 1))
    (w * np.array([5.0, -0.5])).sum().backward()
    np.testing.assert_array_equal(got[0], [5.0, -0.5])
    np.testing.assert_array_equal(w.grad, [1.0, -0.5])
    with pytest.raises(RuntimeError, match="does not require grad"):
        Value(1.0, requires_grad=False).register_hook(print)
    with pytest.raises(TypeError, match="function of the gradient"):
        w.register_hook("print")


def test_anomaly_in_the_forward_pass_names_op_scope_and_line():
    x = Value(0.5, label="x")
    with detect_anomaly(), pytest.raises(AnomalyError) as info:
        with name_scope("Model"):
            y = (x - 1.0).log()  # the line named in the message
        y.backward()
    message = str(info.value)
    assert "op Log" in message and "in scope Model" in message
    assert "test_debugging.py" in message and "(x - 1.0).log()" in message
    assert "forward" in message and "nan" in message


def test_anomaly_in_the_backward_pass_names_the_op_that_sent_it():
    x = Value(0.0, label="x")
    with detect_anomaly():
        y = x**0.5 + x  # finite forward (0), infinite slope at 0
        with pytest.raises(AnomalyError, match=r"op Pow.*sent the gradient inf.*backward"):
            y.backward()


def test_anomaly_names_the_module_scope_in_an_nn_model():
    model = nn.MLP(2, [3, 1], rng=0)
    x = [Value(1.0), Value(float("inf"))]
    with detect_anomaly(), pytest.raises(AnomalyError) as info:
        model(x)
    assert "in scope MLP/Layer0/Neuron0" in str(info.value)
    assert "model(x)" in str(info.value)  # the user's line, not one inside nn


def test_anomaly_mode_records_nothing_outside_the_block():
    with detect_anomaly():
        (Value(1.0) * 2.0).backward()
    assert anomaly_module._created_at == {}
    y = Value(1.0) * float("inf")  # outside the block: no check, no error
    assert math.isinf(y.data) and anomaly_module._created_at == {}


def test_no_grad_decorates_bare_and_called_and_covers_generators():
    @no_grad
    def bare():
        return is_grad_enabled()

    @no_grad()
    def called():
        return is_grad_enabled()

    @no_grad
    def gen():
        for _ in range(2):
            yield is_grad_enabled()
            with enable_grad():
                yield is_grad_enabled()

    assert bare() is False and called() is False and is_grad_enabled()
    assert list(gen()) == [False, True, False, True]
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
    with pytest.raises(TypeError, match="decorates a function"):
        no_grad(3)


def test_the_line_in_an_anomaly_message_leaves_out_its_comment():
    x = Value(-1.0)
    with detect_anomaly(), pytest.raises(AnomalyError) as info:
        x.log()  # the comment "#" is not part of the code
    assert 'x.log(), produced nan' in str(info.value) and "not part" not in str(info.value)
