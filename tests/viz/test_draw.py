"""draw(): DOT structure, labels, styles, number formatting and argument errors."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import graphviz
import numpy as np
import pytest

from autograd import Tensor, Value
from autograd.text import terminal_columns
from autograd.viz import GraphDrawing, draw, grad_table
from autograd.viz.style import fmt_number, grad_color, summarize


def _kinds(g) -> dict[str, str]:
    """Each value box's kind (its tooltip), keyed by node label text."""
    return {n.attr["label"]: n.attr["tooltip"] for n in g.nodes() if n.attr["shape"] == "plain"}


def test_apple_graph_structure(apple, parse_dot):
    dot = draw(apple["price"])
    assert isinstance(dot, graphviz.Digraph)
    g = parse_dot(dot.source)
    ops = [n for n in g.nodes() if n.attr["shape"] == "ellipse"]
    values = [n for n in g.nodes() if n.attr["shape"] == "plain"]
    assert len(values) == 5  # apple, apple_num, tax, apple_price, price
    assert [n.attr["label"] for n in ops] == ["Mul", "Mul"]
    assert g.number_of_edges() == 6  # 2 inputs + 1 output per Mul
    src = dot.source
    for text in ["<b>apple</b>", "data 100", "grad 2.2", "<b>apple_num</b>", "grad 110",
                 "<b>tax</b>", "data 1.1", "grad 200", "<b>apple_price</b>", "data 200",
                 "grad 1.1", "<b>price</b>", "data 220", "grad 1<"]:
        assert text in src, text
    assert "110.00000" not in src and "2.2000000" not in src


def _name(node) -> str:
    """A drawn node's short name: the bold label of a value box, or the op's name."""
    text = node.attr["label"]
    return text.split("<b>")[1].split("</b>")[0] if "<b>" in text else text


def test_edges_run_inputs_to_op_to_output(apple, parse_dot):
    g = parse_dot(draw(apple["price"]).source)
    edges = sorted((_name(g.get_node(a)), _name(g.get_node(b))) for a, b in g.edges())
    assert edges == sorted([
        ("apple", "Mul"), ("apple_num", "Mul"), ("Mul", "apple_price"),
        ("apple_price", "Mul"), ("tax", "Mul"), ("Mul", "price"),
    ])
    first_mul = next(b for a, b in g.edges() if _name(g.get_node(a)) == "apple")
    assert sorted(_name(g.get_node(a)) for a in g.predecessors(first_mul)) == ["apple",
                                                                              "apple_num"]


def test_show_data_and_grad_switches(apple):
    src = draw(apple["price"], show_data=False, show_grad=False).source
    assert "data 100" not in src and "grad 2.2" not in src and "<b>apple</b>" in src
    assert "data 100" in draw(apple["price"], show_grad=False).source


def test_every_op_named(parse_dot):
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    y = ((a * b).exp() + (a / b).log() - (-a).tanh() + a.sigmoid() * b.relu() + (a - b).abs()) ** b
    z = y + a**2
    z.backward()
    g = parse_dot(draw(z).source)
    ops = [n for n in g.nodes() if n.attr["shape"] == "ellipse"]
    names = sorted(n.attr["label"].split("\n")[0] for n in ops)
    assert names == sorted(["Mul", "Exp", "Div", "Log", "Add", "Neg", "Tanh", "Sub", "Sigmoid",
                            "ReLU", "Mul", "Add", "Sub", "Abs", "Add", "Pow", "Pow", "Add"])
    assert any(n.attr["label"] == "Pow\n(**2)" for n in g.nodes())  # constant exponent shown


def test_kinds_are_styled_apart(parse_dot):
    class Parameter(Value):  # nn's parameter classes are recognised by name ...
        __slots__ = ()

    class Flagged(Value):  # ... or by a truthy is_parameter
        __slots__ = ()
        is_parameter = True

    w, v, x = Parameter(0.5, label="w"), Flagged(2.0, label="v"), Value(3.0, label="x")
    y = w * x * v + 2  # the 2 becomes a constant leaf
    y.label = "y"
    y.backward()
    g = parse_dot(draw(y).source)
    kinds = {k.split("</b>")[0].split("<b>")[-1] if "<b>" in k else "const": v
             for k, v in _kinds(g).items()}
    assert kinds["w"] == kinds["v"] == "parameter"
    assert kinds["x"] == "input" and kinds["y"] == "output" and kinds["const"] == "constant"
    fills = {n.attr["tooltip"]: n.attr["label"].split('bgcolor="')[1][:7] for n in g.nodes()
             if n.attr["shape"] == "plain"}
    assert len(set(fills.values())) == len(fills)  # five kinds, five colours
    const = next(n for n in g.nodes() if n.attr.get("tooltip") == "constant")
    assert "grad" not in const.attr["label"]  # a constant never gets a gradient


def test_reused_input_gets_one_edge_per_use(parse_dot):
    x = Value(3.0, label="x")
    y = x * x
    y.backward()
    g = parse_dot(draw(y).source)
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 3
    assert "grad 6" in draw(y).source


def test_several_roots_and_before_backward(parse_dot):
    a = Value(1.5, label="a")
    s, t = a * 2, a + 1
    g = parse_dot(draw([s, t]).source)
    assert list(_kinds(g).values()).count("output") == 2
    assert "grad 0" in draw(s).source  # no backward yet: Value grads are 0


def test_tensor_boxes_show_shape_dtype_and_values(parse_dot):
    x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True, label="x")
    big = Tensor(np.arange(30.0).reshape(3, 10), requires_grad=True, label="big")
    y = ((x * 2).sum() + big.sum()) * 1.0
    src = draw(y).source
    assert "2×2" in src and all(f">{v}</font></td>" in src for v in "1234")  # 4 numbers
    assert "3×10" in src and "0 … 29" in src and 'bgcolor="#b2182b"' in src  # a heatmap
    assert "∇ —" in src  # Tensor grads are None before backward
    y.backward()
    assert "∇ 2<" in draw(y).source


def test_color_by_grad_fills_by_magnitude():
    small, big = Value(1e-7, label="small"), Value(1e7, label="big")
    y = small * big  # d/dsmall = 1e7 (red), d/dbig = 1e-7 (blue)
    y.backward()
    src = draw(y, color_by_grad=True).source
    assert grad_color(1e7) in src and grad_color(1e-7) in src and "legend" in src
    assert grad_color(1e-6) == "#2166ac" and grad_color(1.0) == "#f7f7f7"
    assert grad_color(1e6) == grad_color(1e9) == "#b2182b"
    assert grad_color(0.0) == "#9ca3af" and grad_color(math.nan) == "#7e22ce"
    assert grad_color(None) is None


def test_number_formatting():
    assert fmt_number(110.00000000000001) == "110"
    assert fmt_number(2.2000000000000002) == "2.2"
    assert fmt_number(220.00000000000003) == "220"
    assert fmt_number(0.70710678) == "0.7071"
    assert fmt_number(-0.0) == "0" and fmt_number(1.5e-05) == "1.5e-5"
    assert fmt_number(123456.0) == "1.235e5" and fmt_number(math.inf) == "inf"
    assert fmt_number(math.nan) == "nan" and fmt_number(np.float32(0.25)) == "0.25"
    assert summarize(np.array([1.0, 2.5])) == "[1, 2.5]"
    assert summarize(np.arange(10.0)) == "min 0 mean 4.5 max 9"


def test_displays_in_jupyter_without_system_dot(apple):
    dot = draw(apple["price"])
    assert isinstance(dot, GraphDrawing)
    bundle = dot._repr_mimebundle_()
    assert "<svg" in bundle["image/svg+xml"] and "apple_num" in bundle["image/svg+xml"]
    assert dot._repr_mimebundle_(include=["image/png"])["image/png"][:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("root", "kwargs", "error", "words"),
    [
        (3, {}, TypeError, ["Value or Tensor", "int"]),
        ([], {}, TypeError, ["non-empty list"]),
        ("x", {}, TypeError, ["str"]),
        (None, {"rankdir": "XY"}, ValueError, ["LR", "TB", "'XY'"]),
        (None, {"max_nodes": 0}, ValueError, ["max_nodes", "positive int"]),
        (None, {"collapse_depth": -1}, ValueError, ["collapse_depth"]),
        (None, {"show_data": "yes"}, TypeError, ["show_data", "True or False"]),
    ],
)
def test_bad_arguments_name_what_is_accepted(apple, root, kwargs, error, words):
    with pytest.raises(error) as info:
        draw(apple["price"] if root is None else root, **kwargs)
    for w in words:
        assert w in str(info.value)


def test_odd_values_are_printed_not_crashed_on():
    x = Value(3.0, label="x")
    y = x**3
    y.backward(create_graph=True)  # x.grad is itself a Value
    assert "grad 27" in draw([y, x.grad], color_by_grad=True).source
    nan = Tensor(np.full(10, np.nan), requires_grad=True, label="nan")
    assert ">nan</font>" in draw(nan * 1.0).source and 'bgcolor="#7e22ce"' in draw(nan).source


def test_hidden_data_keeps_a_constant_number_recognisable(parse_dot):
    x, half = Value(3.0, label="x"), Value(0.5, label="half", requires_grad=False)
    y = 2 * x + half
    y.backward()
    g = parse_dot(draw(y, show_data=False).source)
    boxes = [n.attr for n in g.nodes() if n.attr["shape"] == "plain"]
    constants = {a["label"] for a in boxes if a["tooltip"] == "constant"}
    two = next(c for c in constants if "half" not in c)
    assert "<td>data 2</td>" in two  # the 2 of 2 * x, not an empty box
    assert constants - {two} == {next(c for c in constants if "<b>half</b><" in c)}
    assert "data 0.5" in (constants - {two}).pop()
    others = [a["label"] for a in boxes if a["tooltip"] != "constant"]
    assert len(others) == 3 and all("data" not in text for text in others)  # x, 2*x, y
    t = Tensor(np.ones((2, 3)), label="X")  # a constant Tensor is known by its shape
    src = draw((t * Tensor(3.0, requires_grad=True)).sum(), show_data=False).source
    assert ">2×3<" in src and "data" not in src


def test_drawings_of_frames_and_groups_describe_themselves(scoped_mlp):
    text = repr(draw(scoped_mlp(samples=1), collapse_depth=3))
    assert re.match(r"<GraphDrawing of \d+ values and \d+ ops, 33 folded groups: ", text)


def test_grad_table_aligns_chinese_labels():
    price, count = Value(100.0, label="价格"), Value(2.0, label="数量")
    tax = Value(1.1, label="tax")
    total = price * count * tax
    total.label = "总价"
    total.backward()
    assert grad_table([price, count, tax], total).splitlines() == [  # CJK: two columns each
        "variable  value  d总价/dx",
        "-------------------------",
        "价格        100       2.2",
        "数量          2       110",
        "tax         1.1       200",
    ]
    assert terminal_columns("价格") == 4 and terminal_columns("e\u0301") == 1
    assert terminal_columns("x") == 1


def test_the_docs_drawing_example_has_gradients_a_learner_can_follow(tmp_path, monkeypatch):
    page = Path(__file__).resolve().parents[2] / "docs" / "site" / "en" / "viz.md"
    code = page.read_text(encoding="utf-8").split("## Drawing", 1)[1].split("```python", 1)[1]
    code = code.split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    names: dict = {}
    exec(code, names)  # the docs' own code
    y = names["y"]
    assert y.data == 16 and names["d"].data == 4  # as its comments say
    assert {k: names[k].grad for k in "abcd"} == {"a": -24, "b": 16, "c": 8, "d": 8}
    assert sorted(os.listdir(tmp_path)) == ["y.png", "y.svg"]
    assert repr(draw(y)).startswith("<GraphDrawing of 6 values and 3 ops: ")


def test_terminal_text_widths_have_one_home():
    """autograd.text measures and pads text for a terminal; nothing else does."""
    package = Path(__file__).resolve().parents[2]
    measuring = sorted(str(p.relative_to(package)) for folder in ("autograd", "nn")
                       for p in (package / folder).rglob("*.py")
                       if "east_asian_width" in p.read_text(encoding="utf-8"))
    assert measuring == ["autograd/text.py"]
