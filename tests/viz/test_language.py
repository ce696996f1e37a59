"""Every word a drawing, a gradient table or the command line shows is in the learner's
language: draw(lang=...), render(lang=...), grad_table(lang=...), --lang (None: the
package-wide messages.set_language)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import nn
from autograd import Tensor, Value, messages
from autograd.viz import backward_frames, draw, grad_table, render
from autograd.viz.dot import render_bytes
from autograd.viz.naming import node_names
from nn import functional as F

from .helpers import seed002_net
from .test_cli import REPO, cli

ENGLISH = {"data", "grad", "nodes", "parameters", "constant", "input", "empty", "variable",
           "value", "edges", "parameter", "output", "intermediate", "wrote", "where", "used"}


def svg_words(drawing) -> set[str]:
    """The words of the laid-out drawing: its texts and its tooltips."""
    root = ET.fromstring(render_bytes(drawing.source, "svg"))
    texts = ["".join(el.itertext()) for el in root.iter() if el.tag.endswith(("text", "title"))]
    texts += [v for el in root.iter() for k, v in el.attrib.items() if k.endswith("title")]
    return {w for t in texts for w in re.findall(r"[A-Za-z]+", t)}


@pytest.fixture
def chinese():
    messages.set_language("zh-CN")
    yield
    messages.set_language("en")


def scoped_net() -> Value:
    """A scalar two-layer net (its neurons are name scopes) and a constant."""
    model = nn.MLP(2, [3, 1], rng=0)
    loss = (model([Value(0.5), Value(-1.0)]) - 1.0) ** 2
    loss.backward()
    return loss


def test_a_folded_scalar_drawing_speaks_chinese():
    loss = scoped_net()
    english = draw(loss, collapse_depth=3, color_by_grad=True)
    chinese = draw(loss, collapse_depth=3, color_by_grad=True, lang="zh-CN")
    assert {"nodes", "parameters", "grad"} <= svg_words(english)
    assert "个节点" in chinese.source and "个参数" in chinese.source and "|梯度|" in chinese.source
    assert not svg_words(chinese) & ENGLISH, svg_words(chinese) & ENGLISH


def test_scalar_boxes_and_captions_speak_chinese():
    a, b = Value(2.0, label="a"), Value(3.0)
    y = a * b + 1.0
    y.backward()
    words = svg_words(draw(y, lang="zh-CN"))
    assert not words & ENGLISH, words & ENGLISH
    assert "值 2" in draw(y, lang="zh-CN").source and "梯度 3" in draw(y, lang="zh-CN").source
    assert node_names([b], "zh-CN") == ["输入 = 3"]
    assert node_names([Value(1.0, requires_grad=False)], "zh-CN") == ["常数 1"]
    for frame in backward_frames(y, lang="zh-CN"):
        assert not svg_words(frame) & ENGLISH


def test_lang_none_is_the_package_wide_language(chinese, tmp_path):
    a = Value(2.0, label="a")
    y = a * a
    y.backward()
    assert "梯度 4" in draw(y).source
    render(y, tmp_path / "y.svg")
    assert "梯度 4" in (tmp_path / "y.svg").read_text(encoding="utf-8")
    assert "grad 4" in draw(y, lang="en").source
    render(y, tmp_path / "en.svg", lang="en")
    assert "grad 4" in (tmp_path / "en.svg").read_text(encoding="utf-8")


def test_a_tensor_drawing_speaks_chinese():
    net, loss, _ = seed002_net(m=5)
    drawing = draw(loss, model=net, lang="zh-CN")
    assert "Mul×2、Sub、Sum" in drawing.source  # the loss box's ops
    assert not svg_words(drawing) & ENGLISH, svg_words(drawing) & ENGLISH
    assert "Mul×2, Sub, Sum" in draw(loss, model=net).source
    x = Tensor(np.ones((2, 3)), requires_grad=True)  # an unnamed input, a constant
    y = (x * Tensor(np.full((2, 3), 2.0))).sum()
    y.backward()
    assert not svg_words(draw(y, lang="zh-CN", view="ops")) & ENGLISH
    assert {"input", "constant"} <= svg_words(draw(y, lang="en", view="ops"))
    frames = backward_frames(F.mse_loss(net(np.ones((1, 2))), np.ones((1, 1))), lang="zh-CN")
    assert all(not svg_words(f) & ENGLISH for f in frames)


def test_grad_table_headers():
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    f = x * y
    f.label = "f"
    f.backward()
    assert grad_table([x, y], f, lang="zh-CN").splitlines()[0] == "变量  值  df/dx"
    assert grad_table([x, y], lang="zh-CN").splitlines()[0] == "变量  值  梯度"
    assert grad_table([x, y]).splitlines()[0] == "variable  value  grad"
    with pytest.raises(ValueError, match="grad_table\\(\\) lang must be one of 'en', 'zh-CN'"):
        grad_table([x], lang="fr")
    with pytest.raises(ValueError, match="draw\\(\\) lang must be one of"):
        draw(f, lang="de")


def test_the_command_line_speaks_chinese(capsys, tmp_path):
    status, out, err = cli(capsys, "t = x*y; t + log(x)", "--set", "x=2,y=3,z=1", "--lang",
                           "zh-CN", "-o", str(tmp_path / "g.svg"))
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "f = t + log(x) = 6.693   （其中 t = x*y）"
    assert lines[2] == "变量  值  df/dx"
    assert "（表达式中没有用到：z）" in lines and f"已写入 {tmp_path / 'g.svg'}" in lines
    assert "梯度 3.5" in (tmp_path / "g.svg").read_text(encoding="utf-8")
    status, out, _ = cli(capsys, "x*y", "--set", "x=2,y=3")
    assert out.splitlines()[2] == "variable  value  df/dx"


def test_a_shrunk_expressions_command_carries_the_language(chinese):
    from hypothesis import find

    from autograd.testing import expressions

    expr = find(expressions(max_steps=2), lambda e: True)
    command = expr.command()
    assert command.endswith(" --lang zh-CN") and "--lang" not in expr.command("en")
    words = shlex.split(command)
    words[0] = sys.executable
    done = subprocess.run(words, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0 and "变量" in done.stdout, done.stderr
