"""backward_frames() / animate_backward(): one frame per op node processed."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from PIL import Image

from autograd import Tensor, Value, backward_steps
from autograd.viz import animate_backward, backward_frames


def _op_steps(root) -> int:
    return sum(1 for s in backward_steps(root) if s.node.op is not None)


def _neuron() -> Value:
    x1, x2, w1, w2 = (Value(v, label=n) for v, n in [(2.0, "x1"), (0.0, "x2"), (-3.0, "w1"),
                                                      (1.0, "w2")])
    b = Value(6.8813735870195432, label="b")
    return (x1 * w1 + x2 * w2 + b).tanh()


def _fan_out() -> tuple[Value, Value]:
    x = Value(3.0, label="x")
    y = x * x + x * 2  # x reaches the output along three edges; 2 is a constant
    y.label = "y"
    return x, y


@pytest.mark.parametrize(("build", "ops"), [
    (lambda: None, 2),  # apple tax: two Mul
    (_neuron, 5),  # Mul, Mul, Add, Add, Tanh
    (lambda: _fan_out()[1], 3),  # Mul, Mul, Add
])
def test_one_frame_per_op_node_processed(apple, build, ops):
    root = build() or apple["price"]
    assert _op_steps(root) == ops
    frames = backward_frames(root)
    assert len(frames) == ops


def test_frames_show_sent_gradients_as_local_times_incoming(apple):
    first, second = (f.source for f in backward_frames(apple["price"]))
    # step 1: price = apple_price * tax receives 1 and sends 1.1 and 200
    assert 'label="1.1 × 1 = 1.1"' in first and 'label="200 × 1 = 200"' in first
    assert "Step 1 of 2: Mul (price) receives grad 1" in first
    # apple's grad has not arrived yet: its text is kept but invisible
    assert '<font color="transparent">grad 2.2</font>' in first
    assert '<font color="transparent">grad 200</font>' not in first
    # step 2: apple_price = apple * apple_num receives 1.1 and sends 2.2 and 110
    assert 'label="2 × 1.1 = 2.2"' in second and 'label="100 × 1.1 = 110"' in second
    assert "transparent" not in second.replace('fontcolor="transparent"', "")
    # the current op is highlighted, the previous step's edges are grey
    assert second.count("#ea580c") == 2  # the op oval and its output box
    assert re.search(r'label="1.1 × 1 = 1.1" fontcolor="#6b7280"', second)


def test_grad_shown_only_once_complete_on_fan_out():
    x, y = _fan_out()
    frames = [f.source for f in backward_frames(y)]
    hidden = '<font color="transparent">grad 8</font>'  # dy/dx = 2x + 2 = 8
    assert [hidden in f for f in frames] == [True, True, False]
    assert "grad 8" in frames[-1]


def test_frames_do_not_touch_grad(apple):
    x, y = _fan_out()
    backward_frames(y)
    assert x.grad == 0.0 and y.grad == 0.0


def test_tensor_frames_show_sent_gradients():
    w = Tensor(np.array([1.0, -2.0]), requires_grad=True, label="w")
    y = (w * w).sum()
    frames = [f.source for f in backward_frames(y, view="ops")]
    assert len(frames) == 2  # Sum, Mul
    # edges carry the gradient's name and shape, never its numbers
    assert "∂L/∂(w²)<br/>(1×2)" in frames[0]  # Sum sends ones back to w * w
    assert frames[1].count("∂L/∂w<br/>(1×2)") == 1  # Mul sends g * w along both uses of w
    assert "∇ -4 … 2" in frames[1] and '"transparent">∇ -4 … 2' not in frames[1]
    assert '"transparent">∇ -4 … 2' in frames[0]  # w's gradient has not arrived yet


def test_html_is_the_explorer_page(apple, tmp_path):
    path = animate_backward(apple["price"], tmp_path / "apple.html", frame_ms=300)
    text = path.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text
    data = json.loads(text.split('id="graph-data">', 1)[1].split("</script>", 1)[0])
    assert data["playMs"] == 300 and data["start"] == "backward"
    assert len(data["backward"]["node"]) == _op_steps(apple["price"]) == 2
    assert data["nodes"]["name"][:3] == ["apple", "apple_num", "apple_price"]
    for control in ('id="prev"', 'id="next"', 'id="play"', 'id="slider"', 'id="mode-forward"'):
        assert control in text
    assert "ArrowLeft" in text and "ArrowRight" in text


def test_html_needs_no_frame_cap(tmp_path):
    v = Value(0.5, label="x")
    for _ in range(300):  # more steps than the GIF's default cap of 200
        v = v * 1.01
    v.label = "y"
    path = animate_backward(v, tmp_path / "long.html")
    assert path.stat().st_size < 1_000_000
    with pytest.raises(ValueError, match="max_frames=200"):
        animate_backward(v, tmp_path / "long.gif")


def test_gif_has_one_frame_per_step(tmp_path):
    root = _neuron()
    path = animate_backward(root, tmp_path / "neuron.gif", frame_ms=400)
    with Image.open(path) as im:
        assert im.format == "GIF" and im.n_frames == 5 == _op_steps(root)
        assert im.info["loop"] == 0 and im.info["duration"] == 400


@pytest.mark.parametrize(("args", "kwargs", "error", "words"), [
    (("out.mp4",), {}, ValueError, [".html", ".gif"]),
    (("out.gif",), {"collapse_depth": 2}, TypeError, ["collapse_depth"]),
    (("out.html",), {"color_by_grad": True}, TypeError, ["color_by_grad", ".gif"]),
    (("out.html",), {"frame_ms": 0}, ValueError, ["frame_ms"]),
    (("out.html",), {"max_frames": 1}, ValueError, ["2 steps", "max_frames=1"]),
])
def test_animate_errors(apple, tmp_path, args, kwargs, error, words):
    with pytest.raises(error) as info:
        animate_backward(apple["price"], tmp_path / args[0], **kwargs)
    for w in words:
        assert w in str(info.value)
    assert not list(tmp_path.iterdir())


def test_roots_without_a_backward_pass_are_refused(apple):
    with pytest.raises(ValueError, match="leaf"):
        backward_frames(Value(1.0))
    with pytest.raises(ValueError, match="does not require grad"):
        backward_frames(Value(1.0, requires_grad=False) * 2)
    with pytest.raises(TypeError, match="one output node"):
        backward_frames([apple["price"], apple["apple_price"]])
