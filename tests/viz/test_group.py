"""Large graphs: grouping by name scope and the node limit."""

from __future__ import annotations

import time

import pytest

from autograd import Value, name_scope, topological_order
from autograd.viz import draw, render
from autograd.viz.group import effective_scopes


def _small_scoped() -> tuple[Value, Value, Value]:
    """Two neurons in one layer; weights made outside any scope, like nn's parameters."""
    w0, w1, x = Value(0.5, label="w0"), Value(-1.0, label="w1"), Value(2.0, label="x")
    with name_scope("Layer0"):
        with name_scope("Neuron0"):
            a = (w0 * x).tanh()
        with name_scope("Neuron1"):
            b = (w1 * x).tanh()
    out = a + b
    out.label = "out"
    out.backward()
    return out, w0, x


def test_leaves_take_the_innermost_scope_of_their_users():
    out, w0, x = _small_scoped()
    nodes = topological_order(out)
    scopes = dict(zip(map(id, nodes), effective_scopes(nodes)))
    assert scopes[id(w0)] == ("Layer0", "Neuron0")  # used by one neuron only
    assert scopes[id(x)] == ("Layer0",)  # used by both neurons of the layer
    assert scopes[id(out)] == ()


def test_clusters_frame_each_scope(parse_dot):
    out, _, _ = _small_scoped()
    g = parse_dot(draw(out, group_by_scope=True).source)
    layer = g.get_subgraph("cluster_Layer0")
    assert layer is not None and layer.graph_attr["label"] == "Layer0"
    neuron = layer.get_subgraph("cluster_Layer0/Neuron0")
    assert neuron.graph_attr["label"] == "Neuron0"
    # Neuron0 holds w0, the Mul and the Tanh: 1 leaf + 2 ops x (op + value) = 5 nodes
    assert neuron.number_of_nodes() == 5
    assert g.number_of_nodes() == draw(out).source.count("[label=")  # nothing lost or added


def test_collapse_folds_each_scope_into_one_box(parse_dot):
    out, _, _ = _small_scoped()
    g = parse_dot(draw(out, collapse_depth=2).source)
    boxes = [n for n in g.nodes() if n.startswith("g_")]
    assert sorted(boxes) == ["g_Layer0/Neuron0", "g_Layer0/Neuron1"]
    label = g.get_node("g_Layer0/Neuron0").attr["label"]
    # w0, its Mul and its Tanh
    assert "Neuron0" in label and "3 nodes" in label and "Mul×1, Tanh×1" in label
    # x (shared by the layer), the output's Add op and its value stay on their own
    assert g.number_of_nodes() == 2 + 3
    x = next(n for n in g.nodes() if "<b>x</b>" in n.attr["label"])
    add = next(n for n in g.nodes() if n.attr["label"] == "Add")
    out_box = next(n for n in g.nodes() if "<b>out</b>" in n.attr["label"])
    assert sorted(g.edges()) == sorted([
        (x, "g_Layer0/Neuron0"), (x, "g_Layer0/Neuron1"),
        ("g_Layer0/Neuron0", add), ("g_Layer0/Neuron1", add), (add, out_box),
    ])


def test_mlp_sized_graph_is_refused_with_advice(scoped_mlp):
    loss = scoped_mlp()
    n = len(topological_order(loss))
    assert n > 10_000
    with pytest.raises(ValueError) as info:
        draw(loss)
    message = str(info.value)
    assert "max_nodes=2000" in message and "collapse_depth=3" in message
    assert "33 at depth 3" in message and "group_by_scope=True" in message


def test_mlp_sized_graph_renders_grouped_in_seconds(scoped_mlp, tmp_path, parse_dot):
    loss = scoped_mlp()
    loss.backward()
    start = time.perf_counter()
    dot = draw(loss, collapse_depth=3, group_by_scope=True, color_by_grad=True)
    path = render(dot, tmp_path / "mlp.svg")
    seconds = time.perf_counter() - start
    g = parse_dot(dot.source)
    neurons = [n for n in g.nodes() if n.startswith("g_MLP/Layer")]
    assert len(neurons) == 16 + 16 + 1
    assert g.number_of_nodes() < 300
    assert "Neuron15" in path.read_text()
    assert seconds < 10, seconds


def test_limit_without_scopes_explains_name_scope():
    x = Value(1.0, label="x")
    y = x
    for _ in range(600):
        y = y * 1.0 + x
    with pytest.raises(ValueError, match="no name scope") as info:
        draw(y)
    assert "max_nodes=None" in str(info.value)
    assert "Add" in draw(y, max_nodes=None).source  # the limit can be lifted
    with pytest.raises(ValueError, match="more than max_nodes=10"):
        draw(y * 2, max_nodes=10)
