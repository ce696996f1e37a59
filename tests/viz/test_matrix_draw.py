"""Tensor drawings: boxes of bounded size, names a learner recognises, one box per module,
shapes on the edges, and every drawing of the lessons within a notebook column."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import nn
from autograd import Op, Tensor
from autograd.exercises import check
from autograd.viz import GraphTooLargeError, backward_frames, draw
from autograd.viz.dot import render_bytes
from autograd.viz.matrixdrawing import blocks, number_grid, thumbnail, value_range
from nn import functional as F

from .helpers import lesson3_moons, lesson4_toy, mnist_net, seed002_net

COLUMN_PT = 1000  # a notebook column


def svg_of(drawing) -> ET.Element:
    return ET.fromstring(render_bytes(drawing.source, "svg"))


def size_pt(drawing) -> tuple[float, float]:
    root = svg_of(drawing)
    return float(root.get("width").removesuffix("pt")), float(root.get("height").removesuffix("pt"))


def texts(drawing) -> list[str]:
    """Every text of the laid-out drawing (superscripts are their own tspans: joined)."""
    out = []
    for el in svg_of(drawing).iter():
        if el.tag.endswith("text"):
            out.append("".join(el.itertext()))
    return out


ARRAY = re.compile(r"\[\s*-?\d[\d.e-]*,\s*-?\d|\[\[")  # "[0.05, 0.03" or "[[": an array printed


def assert_no_arrays_or_expressions(drawing) -> None:
    for text in texts(drawing):
        assert not ARRAY.search(text), text
        assert "linear(" not in text and "sigmoid(" not in text, text


# -- seed 002's 2-3-2-1 network -----------------------------------------------------------


def test_seed002_fits_a_notebook_column_and_a_laptop_pane():
    net, loss, _ = seed002_net()
    drawing = draw(loss)
    width, height = size_pt(drawing)
    assert width <= COLUMN_PT  # 5,307 pt before the matrix view
    assert width * 4 / 3 <= 1400 and height * 4 / 3 <= 600  # px at scale 1
    assert_no_arrays_or_expressions(drawing)


def test_seed002_reads_like_the_tutorial():
    net, loss, _ = seed002_net()
    drawing = draw(loss)
    found = texts(drawing)
    for name in ["X", "Linear(2→3)", "Linear(3→2)", "Linear(2→1)", "Sigmoid", "mse_loss",
                 "0.weight", "0.bias", "2.weight", "4.bias", "(5×3)", "(5×2)", "(1×1)"]:
        assert any(name in t for t in found), name
    for alias in ["W<sup>[1]</sup>", "b<sup>[3]</sup>", "Z<sup>[2]</sup>", "A<sup>[1]</sup>"]:
        assert alias in drawing.source  # the tutorial's W^[1], drawn as a superscript
    assert not any(t == "weight" or t == "bias" for t in found)  # always the full path
    assert sum("Linear(" in t for t in found) == 3 and sum(t == "Sigmoid" for t in found) == 2
    assert "<b>L</b> = 1.8" in drawing.source  # the loss, a number: shown beside its name


def test_the_op_view_draws_every_op():
    net, loss, _ = seed002_net()
    drawing = draw(loss, view="ops")
    found = texts(drawing)
    assert sum(t == "Linear" for t in found) == 3 and "Sub" in found and "Sum" in found
    assert_no_arrays_or_expressions(drawing)


def test_parameter_names_a_user_label_and_an_explicit_model():
    net, loss, _ = seed002_net()
    net[2].weight.label = "W2"  # a user's label wins
    found = texts(draw(loss))
    assert "W2" in found and not any("2.weight" in t for t in found)
    assert any("0.weight" in t for t in found)


def test_a_parameter_held_by_two_models_gets_no_wrong_path():
    shared = nn.Linear(2, 2, rng=0)
    first, second = nn.Sequential(shared), nn.Sequential(nn.Sigmoid(), shared)
    loss = F.mse_loss(second(np.ones((3, 2))), np.zeros((3, 2)))
    loss.backward()
    found = texts(draw(loss))
    assert not any("0.weight" in t or "1.weight" in t for t in found)  # ambiguous: no path
    assert any("weight" in t for t in found)
    named = texts(draw(loss, model=second))  # the model says which path it is
    assert any("1.weight" in t for t in named) and first[0] is shared


def test_backward_frames_carry_gradient_names_and_shapes_in_chinese():
    _, loss, _ = seed002_net()
    frames = backward_frames(loss, lang="zh-CN")
    assert len(frames) == 9
    step7 = frames[6].source
    assert "第 7 步（共 9 步）" in step7 and "收到 ∂L/∂Z" in step7 and "传出" in step7
    assert "∂L/∂A<sup>[1]</sup><br/>(5×3)" in step7  # on the edge back to A^[1]
    assert "∂L/∂W<sup>[2]</sup> (3×2)" in step7  # in the caption
    assert "Step" not in step7
    for frame in (frames[0], frames[6]):
        assert size_pt(frame)[0] <= COLUMN_PT
        assert_no_arrays_or_expressions(frame)
    english = backward_frames(loss, lang="en")[6].source
    assert "Step 7 of 9: Linear (Z<sup>[2]</sup>) receives ∂L/∂Z<sup>[2]</sup> (5×2), sends " \
        "∂L/∂A<sup>[1]</sup> (5×3)" in english


def test_highlight_and_max_nodes():
    net, loss, _ = seed002_net()
    src = draw(loss, highlight=net[2].weight).source
    assert src.count('color="#dc2626"') == 1  # the module box holding it
    with pytest.raises(GraphTooLargeError, match="more than max_nodes=3"):
        draw(loss, max_nodes=3)
    with pytest.raises(ValueError, match="draw\\(\\) view must be one of 'modules', 'ops'"):
        draw(loss, view="layers")
    with pytest.raises(TypeError, match="model must be an nn.Module"):
        draw(loss, model="net")


@pytest.mark.parametrize("m", [1, 5])
@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_seed002_fits_the_column_at_one_sample_and_at_five(m, rankdir):
    """1,132 pt at m = 1 when the boxes of at most 12 numbers printed them all."""
    net, loss, _ = seed002_net(m)
    assert size_pt(draw(loss, model=net, rankdir=rankdir))[0] <= COLUMN_PT
    for frame in backward_frames(loss, model=net, rankdir=rankdir, lang="zh-CN"):
        assert size_pt(frame)[0] <= COLUMN_PT


# -- boxes of bounded size ------------------------------------------------------------------


@pytest.mark.parametrize("values", [
    [[0.1525, -0.01153, -0.01232]], [[0.538, 0.4971, 0.4969]], [[0.1257, -0.1321]],
    [[1.443], [-1.807]], np.arange(12.0).reshape(3, 4) / 7 - 0.8, [[-123.456, 0.000123]],
], ids=["Z1", "A1", "X", "W3", "3x4", "wide"])
def test_numbers_fit_the_box_of_the_widest_heatmap(values):
    """A box that prints its numbers is no wider than one with an 8-column heatmap."""
    values = np.asarray(values, dtype=float)
    rows = values.shape[0]
    shown = Tensor(values, label="v")
    heatmap = Tensor(np.linspace(-1, 1, rows * 8).reshape(rows, 8), label="v")
    assert size_pt(draw(shown))[0] <= size_pt(draw(heatmap))[0]
    grid = number_grid(values)
    if grid is not None:  # shown with 3 significant digits, or 2 where 3 do not fit
        assert all(len(x.replace("-", "").replace(".", "").lstrip("0")) <= 3
                   for row in grid for x in row)




def test_heatmaps_are_block_averaged_and_numbers_shown_only_when_few():
    big = np.arange(784 * 100, dtype=float).reshape(784, 100)
    cells = blocks(big)
    assert cells.shape == (6, 8)
    assert cells[0, 0] == pytest.approx(big[:131, :13].mean())
    assert thumbnail(big).count("fixedsize") == 6 * 8 + 1  # 48 cells in a table of fixed size
    small = thumbnail(np.array([[1.0, 2.5], [3.0, -4.0]]))
    assert all(f">{v}</font>" in small for v in ("1", "2.5", "3", "-4"))
    assert "fixedsize" in thumbnail(np.ones((5, 3)))  # 15 numbers: a heatmap
    assert value_range(np.array([-0.9213, 1.307])) == "-0.921 … 1.31"
    assert value_range(np.full(3, 2.0)) == "2"


def test_box_size_does_not_grow_with_the_tensor():
    def width_of(n):
        signs = np.tile([-1.0, 1.0], n * n // 2).reshape(n, n)  # the same range and sum
        x = Tensor(signs, requires_grad=True, label="x")
        return size_pt(draw((x * 2.0).sum()))[0]

    assert width_of(400) == width_of(900)  # 160,000 or 810,000 numbers: the same boxes
    assert width_of(400) <= width_of(40) + 60  # (only the shapes' numbers are longer)


def test_mnist_784_100_10_fits_a_column():
    net, loss = mnist_net(batch=32)
    drawing = draw(loss)
    assert size_pt(drawing)[0] <= COLUMN_PT
    found = texts(drawing)
    assert "Linear(784→100)" in found and "cross_entropy" in found
    assert_no_arrays_or_expressions(drawing)


# -- the lessons' Tensor drawings, built as the lessons build them ------------------------------


class Affine(Op):  # lesson 2
    derivatives = "∂L/∂x = g @ Wᵀ, ∂L/∂W = xᵀ @ g, ∂L/∂b = g summed over the rows"
    elementwise = False

    def forward(self, x, W, b):
        return x @ W + b

    def backward(self, g, y, x, W, b):
        return g @ W.T, x.T @ g, g.sum(axis=0)


def _softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class SoftmaxWithLoss(Op):  # lesson 2
    derivatives = "∂L/∂x = g (softmax(x) - t) / batch; t is given, not learned"
    elementwise = False

    def forward(self, x, t):
        return -np.sum(t * np.log(_softmax(x))) / t.shape[0]

    def backward(self, g, y, x, t):
        return g * (_softmax(x) - t) / t.shape[0], None


def lesson2_layers():
    rng = np.random.RandomState(42)
    X, labels = rng.randn(200, 2), rng.randint(0, 2, size=200)
    T = F.one_hot(labels, 2)
    W1 = nn.Parameter(rng.randn(2, 8) * 0.1, label="W1")
    b1 = nn.Parameter(np.zeros(8), label="b1")
    W2 = nn.Parameter(rng.randn(8, 2) * 0.1, label="W2")
    b2 = nn.Parameter(np.zeros(2), label="b2")
    affine = Affine()
    scores = affine(affine(Tensor(X, label="X"), W1, b1).relu(), W2, b2)
    loss = SoftmaxWithLoss()(scores, Tensor(T, label="T"))
    loss.label = "loss"
    loss.backward()
    return draw(loss, rankdir="TB")


def lesson3_cost():
    return draw(lesson3_moons(), show_data=False, show_grad=False)


def lesson4_demo():
    z = Tensor([[2.0, 1.0, 0.1]], requires_grad=True, label="z")
    probs = F.softmax(z)
    y_onehot = np.array([[1.0, 0.0, 0.0]])
    log_probs = F.log_softmax(z)
    log_probs.label = "log_probs"
    written_out = -(log_probs * y_onehot).sum()
    written_out.label = "L"
    demo = check(written_out, {"L": 1, "log_probs": y_onehot, "z": y_onehot - probs.data})
    return demo.draw()


def lesson4_exercise():
    z = Tensor([[1.0, 2.0, 0.5]], requires_grad=True, label="exercise_z")
    loss = F.cross_entropy(z, np.array([2]))
    loss.label = "exercise_loss"
    return check(loss, {"exercise_z": None}).draw()


def lesson5_model():
    net, loss = mnist_net(batch=32)
    return draw(loss)


LESSON_DRAWINGS = [lesson2_layers, lesson3_cost, lesson4_demo, lesson4_exercise, lesson5_model,
                   lambda: draw(lesson4_toy())]


@pytest.mark.parametrize("make", LESSON_DRAWINGS, ids=["lesson2", "lesson3", "lesson4-demo",
                                                       "lesson4-exercise", "lesson5", "lesson4"])
def test_the_lessons_tensor_drawings_fit_a_notebook_column(make):
    drawing = make()
    assert size_pt(drawing)[0] <= COLUMN_PT
    assert_no_arrays_or_expressions(drawing)


def test_a_users_op_and_the_exercise_highlight():
    drawing = lesson4_demo()
    assert 'color="#dc2626"' in drawing.source  # the first wrong node, log_probs
    assert any("log_probs" in t for t in texts(drawing))
    found = texts(lesson2_layers())
    assert "Affine" in found and "SoftmaxWithLoss" in found and "W1" in found


# -- group_by_scope frames the modules of a Tensor graph ----------------------------------------


def _lesson13_graph():
    net = nn.Sequential(nn.Linear(2, 4, rng=0), nn.Tanh(), nn.Linear(4, 1, rng=1), nn.Sigmoid())
    A2 = net(np.zeros((4, 2)))
    A2.label = "A2"
    return A2


def _frames_of(drawing) -> dict[str, list[str]]:
    """cluster label -> the texts drawn inside it (the laid-out SVG)."""
    found = {}
    for g in svg_of(drawing).iter("{http://www.w3.org/2000/svg}g"):
        if g.get("class") == "cluster":
            label = "".join(next(t for t in g.iter() if t.tag.endswith("text")).itertext())
            found[label] = g
    return found


def test_group_by_scope_frames_the_module_boxes_in_their_model():
    """Lesson 13 draws its Sequential with group_by_scope=True: one frame, Sequential,
    around the module boxes (the module view had ignored the argument)."""
    drawing = draw(_lesson13_graph(), show_data=False, show_grad=False, group_by_scope=True)
    assert "subgraph cluster_Sequential" in drawing.source
    assert list(_frames_of(drawing)) == ["Sequential"]
    assert "cluster" not in draw(_lesson13_graph()).source
    assert size_pt(drawing)[0] <= COLUMN_PT
    assert not any(t.endswith("= 0") for t in texts(drawing))  # show_data=False: no numbers


def test_group_by_scope_in_the_op_view_frames_each_module():
    drawing = draw(_lesson13_graph(), view="ops", group_by_scope=True)
    assert set(_frames_of(drawing)) == {"Sequential", "Linear0", "Tanh1", "Linear2", "Sigmoid3"}
    source = drawing.source
    outer = source.index("subgraph cluster_Sequential {")
    assert outer < source.index('subgraph "cluster_Sequential/Linear0" {')  # nested inside
