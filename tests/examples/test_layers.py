"""examples/layers_by_hand.py: the book's layers as user-written ops."""

import numpy as np
import pytest

from .helpers import load


def test_layers_by_hand_reproduce_the_tutorial(tmp_path, capsys):
    example = load("layers_by_hand")
    result = example.main(epochs=300, out=tmp_path)
    apple, both = result["apple"], result["both"]
    assert apple["price"].data == pytest.approx(220)
    assert [apple[k].grad for k in ("apple", "apple_num", "tax")] == pytest.approx([2.2, 110, 200])
    assert both["price"].data == pytest.approx(715)
    assert [both[k].grad for k in ("apple", "apple_num", "orange", "orange_num", "tax")] == \
        pytest.approx([2.2, 110, 3.3, 165, 650])
    # the same network from nn's built-in layers, on the same random stream
    built_in = load("toy_gaussian").main(epochs=300, verbose=False)["losses"]
    np.testing.assert_allclose(result["losses"], built_in, rtol=1e-5)  # the book's 1e-7 in log
    drawings = [p.read_text() for p in result["drawn"]]
    assert "MulLayer" in drawings[0] and "AddLayer" in drawings[0]
    assert all(name in drawings[1] for name in ("Affine", "Relu", "SoftmaxWithLoss"))
    out = capsys.readouterr().out
    assert "SoftmaxWithLoss ok" in out and "Epoch 0, Loss 0.6706, Acc 0.895" in out


def test_a_wrong_layer_fails_the_examples_checks(monkeypatch):
    from autograd.testing import OpCheckError

    example = load("layers_by_hand")
    monkeypatch.setattr(example.Affine, "backward",
                        lambda self, g, y, x, W, b: (g @ W.T, x.T @ g, g))  # bias not summed
    with pytest.raises((OpCheckError, RuntimeError)):
        example.check_layers(verbose=False)
