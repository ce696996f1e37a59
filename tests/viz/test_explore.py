"""explore(): the page data (names, steps, chain-rule terms, groups, nan marker) and the page."""

from __future__ import annotations

import html
import json
import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Tensor, Value, backward_steps, topological_order
from autograd.testing import expressions
from autograd.viz import Explorer, backward_frames, explore
from autograd.viz.explore import AUTO_COLLAPSE_BOXES
from autograd.viz.pagedata import FULL, HEAT, block_means, matrix
from autograd.viz.pagelayout import count_boxes

from .helpers import labelled_seed002_net, mnist_step, random_dag, reused, two_neurons, with_nan


def index_of(data, name):
    return data["nodes"]["name"].index(name)


def chain_terms(data, i):
    """What node i received from each consumer, in backward order (the page's rule)."""
    bw, parents = data["backward"], data["nodes"]["parents"]
    return [bw["sent"][k][slot] for k, j in enumerate(bw["node"])
            for slot, p in enumerate(parents[j]) if p == i and bw["sent"][k][slot] is not None]


def assert_terms_sum_to_grads(root):
    """Every node's chain-rule terms add up to its gradient from root.backward()."""
    data = explore(root).data
    nodes = topological_order(root)
    root.backward()
    for i, node in enumerate(nodes):
        if not node.requires_grad or node is root:
            continue
        terms = chain_terms(data, i)
        assert terms, node
        total = sum(terms)
        assert total == pytest.approx(node.grad, rel=1e-12, abs=1e-300)
        assert data["nodes"]["grad"][i] == pytest.approx(node.grad, rel=1e-12, abs=1e-300)


def test_apple_tax_data(apple):
    data = explore(apple["price"]).data
    nodes = data["nodes"]
    assert nodes["name"] == ["apple", "apple_num", "apple_price", "tax", "price"]
    assert [data["kinds"][k] for k in nodes["kind"]] == [
        "input", "input", "intermediate", "input", "output"]
    assert [data["ops"][o]["name"] for o in nodes["op"] if o >= 0] == ["Mul", "Mul"]
    assert data["ops"][0]["formula"] == "∂y/∂a = b, ∂y/∂b = a"  # from the op table
    bw = data["backward"]
    assert [nodes["name"][j] for j in bw["node"]] == ["price", "apple_price"]
    assert bw["sent"][0] == pytest.approx([1.1, 200])
    assert bw["local"][0] == pytest.approx([1.1, 200])
    assert bw["sent"][1] == pytest.approx([2.2, 110]) and bw["local"][1] == pytest.approx([2, 100])
    assert nodes["grad"] == pytest.approx([2.2, 110, 1.1, 200, 1])
    assert nodes["ready"] == [1, 1, 0, 0, 0]  # the step at which each grad is complete
    assert chain_terms(data, 0) == pytest.approx([2.2])
    assert data["bad"] is None and data["scopes"] == [] and data["start"] == "backward"
    layout = data["initial"]["layout"]
    assert set(layout["pos"]) == {"v0", "v1", "v2", "v3", "v4", "o2", "o4"}
    assert {"v0>o2:0", "v1>o2:1", "o2>v2", "v2>o4:0", "v3>o4:1", "o4>v4"} == set(layout["edges"])
    x = {k: p[0] for k, p in layout["pos"].items()}
    assert x["v0"] < x["o2"] < x["v2"] < x["o4"] < x["v4"]  # left to right


def test_a_node_used_twice_gets_one_term_per_use():
    a, y = reused()
    data = explore(y).data
    i = index_of(data, "a")
    assert sorted(chain_terms(data, i)) == [2.0, 3.0]  # grad(a) = 3 × 1 + 2 × 1 = 5
    bw = data["backward"]
    local = [bw["local"][k][0] for k, j in enumerate(bw["node"]) if data["ops"][
        data["nodes"]["op"][j]]["name"] == "Mul"]  # d(a*b)/da = b, d(a*c)/da = c
    assert sorted(local) == [2.0, 3.0]
    assert data["nodes"]["grad"][i] == 5.0

    b = Value(3.0, label="b")
    square = b * b  # one op using b twice: two terms from the same step
    square.label = "sq"
    data = explore(square).data
    assert chain_terms(data, 0) == [3.0, 3.0]


@pytest.mark.parametrize("seed", range(6))
def test_terms_sum_to_grad_on_random_dags(seed):
    assert_terms_sum_to_grads(random_dag(seed))


@given(expressions())
def test_terms_sum_to_grad_on_drawn_expressions(expr):
    root = expr(*expr.inputs())
    if root.requires_grad and not root.is_leaf:
        assert_terms_sum_to_grads(root)


def test_tensor_graph_sends_matrices_with_shapes():
    w = Tensor(np.array([1.0, -2.0, 0.5]), requires_grad=True, label="w")
    y = (w * w).sum()
    y.label = "y"
    data = explore(y).data
    assert data["tensor"] is True
    i = index_of(data, "w")
    assert data["nodes"]["shape"][i] == [3] and data["nodes"]["shape"][-1] == []
    assert data["nodes"]["data"][i] == {"r": 1, "c": 3, "lo": -2.0, "hi": 1.0, "mean": -0.5 / 3
                                        if False else pytest.approx(-1 / 6), "v": [1, -2, 0.5]}
    assert [t["v"] for t in chain_terms(data, i)] == [[1, -2, 0.5], [1, -2, 0.5]]  # g * w twice
    assert data["nodes"]["grad"][i]["v"] == [2, -4, 1]
    assert data["backward"]["local"] == [None, None]  # no scalar local derivative for arrays


def test_names_by_role_value_and_expression():
    x = Value(3.0)  # unlabelled input
    y = (x * 2 + 1).tanh()
    names = explore(y).data["nodes"]["name"]
    assert names == ["input = 3", "constant 2", "3*2", "constant 1", "3*2+1", "tanh(3*2+1)"]
    caption = backward_frames(x * 2)[0].source
    assert "sends input = 3: 2 × 1 = 2" in caption  # never the old "input 1"


def test_first_nan_is_marked():
    bad, y = with_nan()
    data = explore(y).data
    assert data["bad"] == {"node": index_of(data, "log_x"), "what": "value"}
    assert data["nodes"]["data"][data["bad"]["node"]] == "NaN"
    assert "NaN" in json.dumps(data) and "NaN," not in json.dumps(data).replace('"NaN",', "")

    x = Value(0.0, label="x")
    y = (x * 1.0).log()  # log(0) = -inf, and d log/dx = 1/0 = inf flows back to x
    data = explore(y).data
    assert data["bad"] == {"node": 0, "what": "gradient"}  # x comes first in forward order
    z = Value(0.0, label="z")
    r = z ** 0.5  # value 0 is finite, gradient 0.5 * 0**-0.5 = inf
    data = explore(r).data
    assert data["bad"] == {"node": index_of(data, "z"), "what": "gradient"}


def test_big_scoped_graph_starts_collapsed(scoped_mlp):
    data = explore(scoped_mlp(sizes=(2, 8, 1), samples=6)).data
    expanded = set(data["initial"]["expanded"])
    assert expanded and len(expanded) < len(data["scopes"])  # some groups start folded
    boxes = count_boxes(data, expanded)
    assert boxes <= AUTO_COLLAPSE_BOXES < count_boxes(data, range(len(data["scopes"])))
    paths = {s["path"] for s in data["scopes"]}
    assert {"MLP", "MLP/Layer0", "MLP/Layer0/Neuron3", "Loss"} <= paths
    neuron = next(s for s in data["scopes"] if s["path"] == "MLP/Layer0/Neuron3")
    assert neuron["lines"][1] == "Neuron3" and neuron["count"] > 6
    assert {k for k in data["initial"]["layout"]["pos"] if k.startswith("g")}

    opened = explore(scoped_mlp(sizes=(2, 3, 1), samples=2), collapse_depth=None).data
    assert set(opened["initial"]["expanded"]) == set(range(len(opened["scopes"])))
    assert opened["initial"]["layout"]["frames"]  # open groups are framed


def test_too_large_graphs_are_refused_with_advice(scoped_mlp):
    v = Value(1.0, label="x")
    for _ in range(30):
        v = v * 1.01
    with pytest.raises(ValueError, match="no name scope.*name_scope"):
        explore(v, max_nodes=20)
    with pytest.raises(ValueError, match="collapse_depth=1"):
        explore(scoped_mlp(sizes=(2, 3, 1), samples=2), collapse_depth=None, max_nodes=20)


def test_path_writes_the_page_atomically(apple, tmp_path):
    path = explore(apple["price"], tmp_path / "sub" / "apple.html")
    assert path == tmp_path / "sub" / "apple.html"
    assert [p.name for p in path.parent.iterdir()] == ["apple.html"]  # no temporary left
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "apple_price" in text


def test_page_is_self_contained(apple):
    page = explore(apple["price"]).html
    assert not re.search(r"https?://", page)
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)  # (the browser tests
    assert not re.search(r"""\b(src|href)\s*=\s*["'](?!data:)""", markup)  # watch the script)
    assert "<link" not in page and "@import" not in page
    for notice in ("Copyright (c) 2012-2014 Chris Pettitt", "Copyright 2016-2019 Timmy Willison"):
        assert notice in page  # the vendored libraries' licenses travel with them
    data = page.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["nodes"]["name"][0] == "apple"


def test_script_end_tags_in_labels_cannot_break_the_page():
    x = Value(1.0, label="</script><b>x")
    page = explore(x * 2).html
    data = page.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["nodes"]["name"][0] == "</script><b>x"


def test_jupyter_shows_a_sandboxed_iframe_of_the_same_page(apple):
    page = explore(apple["price"])
    assert isinstance(page, Explorer)
    frame = page._repr_html_()
    assert frame.startswith("<iframe") and 'sandbox="allow-scripts allow-downloads"' in frame
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    assert html.unescape(srcdoc) == page.html
    assert "5 nodes" in repr(page)


def test_forward_only_when_no_gradient_flows():
    c = Value(2.0, requires_grad=False)
    data = explore(c * 3.0).data  # made from constants only: a single leaf
    assert data["start"] == "forward" and data["backward"]["node"] == []
    assert data["nodes"]["grad"] == [None] and data["nodes"]["name"] == ["constant 6"]


@pytest.mark.parametrize(("kwargs", "error", "words"), [
    ({"path": "x.svg"}, ValueError, [".html"]),
    ({"path": 3}, TypeError, ["file path"]),
    ({"rankdir": "XY"}, ValueError, ["rankdir"]),
    ({"collapse_depth": 0}, ValueError, ["collapse_depth", '"auto"']),
    ({"max_nodes": -1}, ValueError, ["max_nodes"]),
    ({"start": "middle"}, ValueError, ["backward", "forward"]),
    ({"play_ms": 0}, ValueError, ["play_ms"]),
    ({"title": 3}, TypeError, ["title"]),
    ({"convention": "diagonal"}, ValueError, ["convention", "'row'", "'column'"]),
    ({"lang": "fr"}, ValueError, ["lang", "'zh-CN'"]),
    ({"collapse_depth": "module"}, ValueError, ['"modules"']),
])
def test_bad_options_are_refused(apple, kwargs, error, words):
    with pytest.raises(error) as info:
        explore(apple["price"], **kwargs)
    assert all(w in str(info.value) for w in words)


def test_bad_roots_are_refused(apple):
    with pytest.raises(TypeError, match="Value or Tensor"):
        explore("y")
    with pytest.raises(TypeError, match="one output node"):
        explore([apple["price"], apple["tax"]])


def test_page_grows_with_the_graph_not_with_steps_times_graph():
    sizes = []
    for n in (50, 200):
        v = Value(0.9, label="x")
        for _ in range(n):
            v = v * 1.001 + 0.001
        sizes.append(len(explore(v).html))
    # the old player grew as steps x graph (16x here); data sent once grows about 4x
    assert sizes[1] - sizes[0] < 4 * (sizes[0] - 60_000)


def test_two_neurons_names_and_formulas():
    data = explore(two_neurons()).data
    names = data["nodes"]["name"]
    assert "w1*x" in names and "tanh(w1*x+b1)" in names
    formulas = {o["name"]: o["formula"] for o in data["ops"]}
    assert formulas["Tanh"] == "∂y/∂x = 1 - y²"  # the op table's text
    assert all(math.isfinite(v) for v in data["nodes"]["data"])


# -- the matrix view's page data ------------------------------------------------------------


@given(st.integers(1, 70), st.integers(1, 70))
def test_a_heatmap_is_the_block_means_of_the_matrix(rows, cols):
    a = np.arange(rows * cols, dtype=float).reshape(rows, cols) % 7 - 3
    heat = block_means(a, HEAT)
    assert heat.shape == (min(rows, HEAT), min(cols, HEAT))
    r_edges = np.linspace(0, rows, heat.shape[0] + 1).round().astype(int)
    c_edges = np.linspace(0, cols, heat.shape[1] + 1).round().astype(int)
    for i in range(heat.shape[0]):
        for j in range(heat.shape[1]):
            block = a[r_edges[i]:r_edges[i + 1], c_edges[j]:c_edges[j + 1]]
            assert heat[i, j] == pytest.approx(block.mean())
    m = matrix(a)
    assert (m["r"], m["c"], m["lo"], m["hi"]) == (rows, cols, a.min(), a.max())
    assert ("h" in m) == (rows > HEAT or cols > HEAT)
    assert ("v" in m) == (a.size <= FULL) and m.get("v", a.ravel()) == pytest.approx(a.ravel())


def test_the_002_net_reads_as_the_tutorial_and_its_rules_are_in_the_page():
    net, loss = labelled_seed002_net(m=5)
    data = explore(loss, model=net).data
    nodes = data["nodes"]
    names = nodes["name"]
    assert {"X", "0.weight", "0.bias", "2.weight", "4.bias", "Z^[1]", "A^[2]"} <= set(names)
    assert nodes["alias"][names.index("2.weight")] == "W^[2]"
    assert nodes["shape"][names.index("2.weight")] == [3, 2]
    assert nodes["batch"][names.index("X")] and not nodes["batch"][names.index("2.weight")]
    assert not any("linear(" in n for n in names)
    titles = [s["title"] for s in data["scopes"] if s["parent"] >= 0]
    assert titles == ["Linear(2→3)", "Sigmoid", "Linear(3→2)", "Sigmoid", "Linear(2→1)"]
    linear = [k for k, j in enumerate(data["backward"]["node"]) if names[j] == "Z^[2]"][0]
    rules = data["rules"][linear]
    weight = {r["node"]: r for r in rules["column"]["rules"]}[names.index("2.weight")]
    assert weight["math"] == "dW^[2] = dZ^[2]·A^[1]ᵀ" and weight["checked"]
    assert weight["shapes"] == "(2×3) = (2×5)·(5×3)"
    assert {r["node"]: r for r in rules["column1"]["rules"]}[names.index("2.weight")][
        "shapes"] == "(2×3) = (2×1)·(1×3)"  # one sample: m = 1
    assert data["gradName"]["row"][names.index("A^[1]")] == "∂L/∂A^[1]"
    assert data["gradName"]["column"][names.index("A^[1]")] == "dA^[1]"


def test_every_cell_sum_in_the_page_is_the_engines_gradient():
    _, loss = labelled_seed002_net(m=5)
    data = explore(loss).data
    steps = [s for s in backward_steps(loss) if s.node.op is not None]
    checked = 0
    for step, cells in zip(steps, data["cells"]):
        for slot, by_variant in enumerate(cells):
            if by_variant is None:
                continue
            grad = np.asarray(step.input_grads[slot], dtype=float)
            grad = grad.reshape(1, -1) if grad.ndim < 2 else grad
            for variant in ("row", "column"):
                assert len(by_variant[variant]) == grad.size  # small: every cell
                for key, s in by_variant[variant].items():
                    r, c = map(int, key.split(","))
                    assert s["engine"] == pytest.approx(grad[r, c], rel=1e-12, abs=1e-15)
                    assert s["total"] == pytest.approx(s["engine"], rel=1e-9, abs=1e-15)
                    if s["count"] == len(s["terms"]):  # every term listed: they add up
                        assert sum(s["terms"]) == pytest.approx(s["total"], rel=1e-9, abs=1e-15)
                    checked += 1
    assert checked > 100


def test_one_sample_shares_add_up_to_the_batch_gradient():
    net, loss = labelled_seed002_net(m=5)
    data = explore(loss).data
    sample, names = data["sample"], data["nodes"]["name"]
    assert sample["m"] == sample["count"] == 5
    loss.backward()
    for name, p in net.named_parameters():
        shares = sample["grad"][names.index(name)]
        total = np.sum([np.reshape(m["v"], p.shape) for m in shares], axis=0)
        np.testing.assert_allclose(total, p.grad, rtol=1e-6, atol=1e-12)
    x = names.index("A^[1]")
    rows = [m["v"] for m in sample["data"][x]]
    a1 = next(n for n in topological_order(loss) if n.op is not None and n.op.name == "Sigmoid")
    np.testing.assert_allclose(rows, a1.data, rtol=1e-6)


def test_the_mnist_step_page_stays_within_its_budget():
    page = explore(mnist_step(m=32))
    assert len(page.html.encode("utf-8")) <= 2_500_000
    data = page.data
    w1 = data["nodes"]["name"].index("0.weight")
    assert "v" not in data["nodes"]["grad"][w1]  # 78,400 numbers: only its heatmap
    assert data["nodes"]["grad"][w1]["h"][:2] == [HEAT, HEAT]


def test_every_file_of_the_page_ships_with_the_package():
    """setup.cfg's package_data holds every static file the page inlines."""
    import configparser
    import fnmatch
    from pathlib import Path

    import autograd.viz

    setup = configparser.ConfigParser()
    setup.read(Path(__file__).resolve().parents[2] / "setup.cfg")
    globs = setup["options.package_data"]["autograd.viz"].split()
    here = Path(autograd.viz.__file__).parent
    files = [p.relative_to(here).as_posix() for p in (here / "static").rglob("*") if p.is_file()]
    assert len(files) > 10 and "static/js/main.js" in files

    def shipped(path: str, glob: str) -> bool:  # setuptools' globs: * stays in one folder
        parts, pattern = path.split("/"), glob.split("/")
        return len(parts) == len(pattern) and all(map(fnmatch.fnmatch, parts, pattern))

    assert [f for f in files if not any(shipped(f, g) for g in globs)] == []
