"""autograd.exercises.check on the tutorials' graphs: exact / close / wrong / skipped,
the first wrong node in backward order, tables (Chinese labels too), HTML, drawing."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Tensor, Value, backward_steps, grad, numerical_grad, topological_order
from autograd.exercises import CheckResult, check
from autograd.testing import expressions


def labelled(node, label):
    node.label = label
    return node


def two_products(values, labels):
    """(a * b) * c, every node labelled (no backward called)."""
    a, b, c = (Value(v, label=name) for v, name in zip(values, labels))
    return labelled(labelled(a * b, labels[3]) * c, labels[4])


def apple_tax(labels=("apple", "apple_num", "tax", "apple_price", "price")):
    """price = apple * apple_num * tax = 100 * 2 * 1.1 = 220."""
    return two_products((100, 2, 1.1), labels)


def car_purchase(labels=("unit_price", "quantity", "tax", "subtotal", "total")):
    """total = unit_price * quantity * tax = 20 * 2 * 1.1 = 44."""
    return two_products((20, 2, 1.1), labels)


def apple_orange_tax():
    """(2 apples at 100 + 3 oranges at 150) * 1.1 = 715."""
    v = {n: Value(x, label=n) for n, x in [("apple", 100), ("apple_num", 2), ("orange", 150),
                                            ("orange_num", 3), ("tax", 1.1)]}
    apple_price = labelled(v["apple"] * v["apple_num"], "apple_price")
    orange_price = labelled(v["orange"] * v["orange_num"], "orange_price")
    all_price = labelled(apple_price + orange_price, "all_price")
    return labelled(all_price * v["tax"], "price")


RIGHT = {"price": 1, "tax": 200, "apple_price": 1.1, "apple": 2.2, "apple_num": 110}
RIGHT_715 = {"price": 1, "tax": 650, "all_price": 1.1, "apple_price": 1.1, "orange_price": 1.1,
             "apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165}


def statuses(result: CheckResult) -> dict[str, str]:
    return {r.name: r.status for r in result.rows}


def test_the_module_is_exported_as_autograd_exercises():
    assert autograd.exercises.check is check


def test_apple_tax_right_answers_are_exact_in_backward_order():
    price = apple_tax()
    assert price.data == pytest.approx(220)
    result = check(price, RIGHT)
    assert [r.name for r in result.rows] == ["price", "tax", "apple_price", "apple", "apple_num"]
    assert all(r.status == "exact" for r in result.rows)  # 110 vs 110.00000000000001 too
    assert [r.expected for r in result.rows] == pytest.approx([1, 200, 1.1, 2.2, 110])
    assert result.all_correct and result.first_wrong is None
    assert "All 5 answers are right (5 exact)" in str(result)
    ops = [r.node for r in result.rows if not r.node.is_leaf]
    assert ops == [s.node for s in backward_steps(price)]  # the order backward runs


def test_a_wrong_middle_answer_is_the_first_wrong_not_the_nodes_that_inherit_it():
    """The learner got d price / d apple_price wrong (1.0: forgot the tax) and then
    correctly multiplied it on: apple and apple_num are wrong too, but apple_price
    is where the mistake starts, and it comes first in backward order."""
    answers = {**RIGHT, "apple_price": 1.0, "apple": 1.0 * 2, "apple_num": 1.0 * 100}
    result = check(apple_tax(), answers)
    assert statuses(result) == {"price": "exact", "tax": "exact", "apple_price": "wrong",
                                "apple": "wrong", "apple_num": "wrong"}
    first = result.first_wrong
    assert first.name == "apple_price" and first.position == 3 and first.after == ()
    assert first.max_diff == pytest.approx(0.1)
    rows = {r.name: r for r in result.rows}
    assert rows["apple"].after == ("apple_price",) and rows["apple_num"].after == ("apple_price",)
    assert not result.all_correct
    lines = str(result).splitlines()
    marked = [line for line in lines if "fix this one" in line]
    assert len(marked) == 1 and "apple_price" in marked[0]
    assert "First wrong: apple_price (row 3)" in str(result)


def test_a_wrong_middle_answer_with_right_leaves_is_still_first():
    result = check(apple_tax(), {**RIGHT, "apple_price": 1.2})
    assert result.first_wrong.name == "apple_price"
    assert [r.status for r in result.rows] == ["exact", "exact", "wrong", "exact", "exact"]


def test_two_item_variant_a_wrong_sum_is_reported_before_everything_it_feeds():
    price = apple_orange_tax()
    assert price.data == pytest.approx(715)
    assert check(price, RIGHT_715).all_correct
    # forgot the tax at all_price, then propagated 1.0 down both branches correctly
    inherited = {**RIGHT_715, "all_price": 1.0, "apple_price": 1.0, "orange_price": 1.0,
                 "apple": 2.0, "apple_num": 100, "orange": 3.0, "orange_num": 150}
    result = check(price, inherited)
    assert result.first_wrong.name == "all_price"
    rows = {r.name: r for r in result.rows}
    assert rows["apple_price"].after == ("all_price",)
    assert rows["orange_num"].after == ("orange_price",)
    assert [r.name for r in result.rows if r.status == "wrong"][0] == "all_price"


def test_two_independent_mistakes_first_wrong_is_the_earlier_in_backward_order():
    result = check(apple_orange_tax(), {**RIGHT_715, "apple_num": 100, "orange": 3.0})
    wrong = [r for r in result.rows if r.status == "wrong"]
    assert {r.name for r in wrong} == {"apple_num", "orange"}
    assert result.first_wrong is wrong[0] and all(r.after == () for r in wrong)


def test_car_purchase():
    total = car_purchase()
    assert total.data == pytest.approx(44)
    result = check(total, {"unit_price": 2.2, "quantity": 22, "tax": 40, "subtotal": 1.1})
    assert result.all_correct and result.count("exact") == 4


def test_car_purchase_with_chinese_labels_lines_up():
    total = car_purchase(labels=("单价", "数量", "消费税", "小计", "总额"))
    result = check(total, {"单价": 2.2, "数量": 22, "消费税": 40, "小计": 1.2})
    assert statuses(result) == {"总额": "skipped", "消费税": "exact", "小计": "wrong",
                                "单价": "exact", "数量": "exact"}
    assert result.first_wrong.name == "小计"
    lines = result.table().splitlines()
    # every row's "result" column starts at the same screen column
    starts = {display_width(line[: line.index(r.status)]) for line, r in zip(lines[2:],
                                                                              result.rows)}
    assert len(starts) == 1
    assert "小计" in result._repr_html_()


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_close_answers_and_the_learners_tolerance():
    result = check(apple_tax(), {"apple": 2.2001, "tax": 200})
    rows = {r.name: r for r in result.rows}
    assert rows["apple"].status == "close" and rows["apple"].max_diff == pytest.approx(1e-4)
    assert rows["tax"].status == "exact"
    assert "close (max diff 0.0001)" in str(result)
    assert check(apple_tax(), {"apple": 2.2001}, rtol=1e-6).first_wrong.name == "apple"
    assert check(apple_tax(), {"apple": 2.2 + 5e-7}, rtol=0).rows[3].status == "close"  # atol


def test_unanswered_nodes_are_skipped_not_wrong():
    result = check(apple_tax(), {"apple_price": 1.1})
    assert statuses(result)["apple_price"] == "exact"
    assert result.count("skipped") == 4 and result.all_correct
    assert "The answer is right (1 exact, 4 skipped)" in str(result)
    assert "skipped (no answer)" in result.table()


def test_the_nodes_grad_is_neither_trusted_nor_changed():
    price = apple_tax()
    apple = price.parents[0].parents[0]
    apple.grad = 123.0  # stale, or accumulated by two backward() calls
    result = check(price, {apple: 2.2})
    assert result.rows[3].status == "exact" and apple.grad == 123.0
    price.backward()
    price.backward()  # apple.grad is now 2 * 2.2 + 123
    assert check(price, {apple: 2.2}).rows[3].status == "exact"


def test_tensor_graph_with_a_planted_wrong_middle_answer():
    rng = np.random.default_rng(0)
    x = Tensor(rng.normal(size=(4, 2)), label="x")  # data: no gradient
    W = Tensor(rng.normal(size=(2, 3)), requires_grad=True, label="W")
    z = labelled(x @ W, "z")
    h = labelled(z.tanh(), "h")
    loss = labelled(h.sum(), "loss")
    dh = np.ones((4, 3))
    dz = dh * (1 - np.tanh(z.data) ** 2)
    right = {"loss": 1.0, "h": dh, "z": dz, "W": x.data.T @ dz}
    assert check(loss, right).all_correct
    forgot_tanh = {**right, "z": dh, "W": x.data.T @ dh}  # forgot tanh' and carried it on
    result = check(loss, forgot_tanh)
    assert [r.name for r in result.rows] == ["loss", "h", "z", "W"]
    assert [r.status for r in result.rows] == ["exact", "exact", "wrong", "wrong"]
    assert result.first_wrong.name == "z" and result.rows[3].after == ("z",)
    assert "array of shape (4, 3)" in result.table()
    with pytest.raises(ValueError, match="'x' is a constant"):
        check(loss, {"x": np.ones((4, 2))})


def test_a_tensor_output_needs_its_seed():
    W = Tensor(np.ones((2, 2)), requires_grad=True, label="W")
    y = W * 3.0
    with pytest.raises(ValueError, match=r"shape \(2, 2\); pass grad_output="):
        check(y, {"W": np.ones((2, 2))})
    result = check(y, {"W": np.full((2, 2), 6.0)}, grad_output=np.full((2, 2), 2.0))
    assert result.all_correct and result.rows[-1].status == "exact"


def test_a_leaf_output_has_one_row():
    x = Value(3.0, label="x")
    result = check(x, {"x": 1.0})
    assert [(r.name, r.status) for r in result.rows] == [("x", "exact")]


# -- errors -----------------------------------------------------------------------------


def test_unknown_and_ambiguous_labels_are_named_with_the_labels_there_are():
    price = apple_tax()
    with pytest.raises(ValueError) as e:
        check(price, {"appel": 2.2, "taxx": 200, "apple": 2.2})
    msg = str(e.value)
    assert "no node is labelled 'appel'" in msg and "no node is labelled 'taxx'" in msg
    assert "Labels in this graph: apple, apple_num, apple_price, price, tax" in msg
    a, b = Value(1.0, label="w"), Value(2.0, label="w")
    with pytest.raises(ValueError, match="label 'w' names 2 nodes .*use the node itself"):
        check(a * b, {"w": 2.0})
    c = Value(2.0, label="c", requires_grad=False)
    with pytest.raises(ValueError, match="'c' is a constant"):
        check(a * c, {"c": 1.0})
    unnamed = Value(1.0) * Value(2.0)
    with pytest.raises(ValueError, match="unlabelled node"):
        check(unnamed, {"nope": 1.0})


def test_bad_keys_answers_and_arguments_are_named():
    price = apple_tax()
    apple = price.parents[0].parents[0]
    with pytest.raises(ValueError, match="not in the graph of price"):
        check(price, {Value(1.0): 1.0})
    with pytest.raises(ValueError, match="both answer the same node"):
        check(price, {"apple": 2.2, apple: 2.2})
    with pytest.raises(TypeError, match="keys must be node labels"):
        check(price, {3: 2.2})
    with pytest.raises(TypeError, match="answer for 'apple' .*must be a number; got list"):
        check(price, {"apple": [2.2]})
    with pytest.raises(TypeError, match="must be a dict"):
        check(price, [("apple", 2.2)])
    with pytest.raises(TypeError, match="takes the output node"):
        check(220.0, {"apple": 2.2})
    with pytest.raises(ValueError, match="rtol must be a finite number >= 0"):
        check(price, {"apple": 2.2}, rtol=-1)
    with pytest.raises(ValueError, match="has no graph"):
        check(Value(1.0, requires_grad=False), {})
    W = Tensor(np.ones(3), requires_grad=True, label="W")
    with pytest.raises(ValueError, match=r"answer for 'W' has shape \(2,\); the node has shape"):
        check((W * W).sum(), {"W": [1.0, 2.0]})
    with pytest.raises(TypeError, match="must be numbers"):
        check((W * W).sum(), {"W": ["a", "b", "c"]})


# -- display ------------------------------------------------------------------------------


def test_html_escapes_labels_and_marks_the_first_wrong_row():
    html = check(apple_tax(labels=("<a>", "n", "t", "a&n", "p")), {"a&n": 5.0})._repr_html_()
    assert "&lt;a&gt;" in html and "a&amp;n" in html and "<a>" not in html
    assert html.count("outline:2px solid #dc2626") == 1
    assert "First wrong: a&amp;n" in html


def test_draw_marks_the_first_wrong_node_in_red():
    from autograd.viz import GraphDrawing
    from autograd.viz.drawing import HIGHLIGHT

    result = check(apple_tax(), {**RIGHT, "apple_price": 1.0})
    drawing = result.draw()
    assert isinstance(drawing, GraphDrawing)
    marked = [line for line in drawing.source.splitlines() if HIGHLIGHT in line]
    assert len(marked) == 1 and "apple_price" in marked[0]
    assert "<td>grad" not in drawing.source  # .grad is not shown by default
    assert "<td>grad" in result.draw(show_grad=True).source
    assert HIGHLIGHT not in check(apple_tax(), RIGHT).draw().source


# -- properties on random graphs -------------------------------------------------------


def _truth(out):
    """Every node needing a gradient, and its gradient, straight from autograd.grad."""
    nodes = [n for n in topological_order(out) if n.requires_grad]
    return dict(zip(nodes, grad(out, nodes)))


@given(expressions(), st.integers(0, 1000))
def test_one_planted_mistake_anywhere_is_the_first_wrong(expr, pick):
    inputs = expr.inputs()
    out = expr(*inputs)
    truth = _truth(out)
    assert check(out, truth).all_correct
    result = check(out, {n: _off(g) if n is _nth(truth, pick) else g for n, g in truth.items()})
    assert result.first_wrong.node is _nth(truth, pick)
    assert result.count("wrong") == 1 and result.count("exact") == len(truth) - 1
    leaves = {r.node: r.expected for r in result.rows if r.node.is_leaf}  # vs central differences
    numeric = numerical_grad(expr, *inputs)
    for x, n in zip(inputs, numeric):
        assert leaves.get(x, 0.0) == pytest.approx(n, rel=1e-4, abs=1e-5)  # gradcheck's


@given(expressions(), st.integers(0, 1000))
def test_an_inherited_mistake_is_reported_where_it_starts(expr, pick):
    """Plant a mistake at one node and let it spread to every node that gets its
    gradient through it (all the nodes it was computed from): the planted node,
    not one it spread to, is the first wrong."""
    out = expr(*expr.inputs())
    truth = _truth(out)
    planted = _nth(truth, pick)
    spread = {n for n in topological_order(planted) if n.requires_grad}
    answers = {n: _off(g) if n in spread else g for n, g in truth.items()}
    result = check(out, answers)
    assert result.first_wrong.node is planted
    assert {r.node for r in result.rows if r.status == "wrong"} == spread


def _off(g):
    """A wrong answer: never equal, nor close, to g."""
    return g + 1.0 + 0.5 * abs(g)


def _nth(truth, k):
    nodes = list(truth)
    return nodes[k % len(nodes)]


def test_none_answers_are_skipped_and_the_table_gives_nothing_away():
    from autograd import Value
    from autograd.exercises import check

    a, b = Value(2.0, label="a"), Value(-0.0, label="b")
    y = a * b
    y.label = "y"
    result = check(y, {"a": None, "b": 2.0, "y": None})
    assert result.count("skipped") == 2 and result.all_correct
    table = str(result)
    row_a = next(line for line in table.splitlines() if " a " in f" {line} ")
    assert "?" in row_a and "-0" not in table  # no spoiler for a, and -0.0 shows as 0


# -- the learner's language -----------------------------------------------------------------


def test_chinese_table_summary_and_verdicts():
    result = check(apple_tax(), {**RIGHT, "apple_price": 1.0, "apple": 2.0, "apple_num": 100},
                   lang="zh-CN")
    assert result.lang == "zh-CN"
    lines = result.table().splitlines()
    assert lines[0].split() == ["#", "节点", "你的答案", "autograd", "的梯度", "结果"]
    rows = dict(zip([r.name for r in result.rows], lines[2:]))
    assert rows["tax"].endswith("完全正确")
    assert rows["apple_price"].endswith("错误（最大误差 0.1）  ← 第一个错误：先改这里")
    assert rows["apple"].endswith("错误（最大误差 0.2），它的梯度来自出错的 apple_price")
    assert result.summary().startswith("第一个错误：apple_price（第 3 行）。先改它")
    assert result.summary().endswith("（完全正确 2 个，错误 3 个）")
    html = result._repr_html_()
    assert ">你的答案</th>" in html and "第一个错误：apple_price" in html
    assert "exact" not in str(result) and "wrong" not in str(result)  # no English verdicts


def test_chinese_summaries_when_all_right_or_nothing_answered():
    assert check(apple_tax(), RIGHT, lang="zh-CN").summary() == \
        "5 个答案全部正确（完全正确 5 个）。"
    assert check(apple_tax(), {"tax": 200}, lang="zh").summary() == \
        "答案正确（完全正确 1 个，未作答 4 个）。"
    assert check(apple_tax(), {}, lang="zh-CN").summary() == "还没有可以检查的答案（未作答 5 个）。"
    W = Tensor(np.ones((4, 3)), requires_grad=True, label="W")
    assert "维度为 (4, 3) 的数组" in check((W * W).sum(), {"W": np.full((4, 3), 2.0)},
                                            lang="zh-CN").table()


def test_lang_none_is_the_package_language_at_the_time_of_the_check():
    try:
        autograd.messages.set_language("zh-CN")
        chinese = check(apple_tax(), RIGHT)
        explicit = check(apple_tax(), RIGHT, lang="en")
    finally:
        autograd.messages.set_language("en")
    assert chinese.lang == "zh-CN" and "全部正确" in str(chinese)  # kept after the switch back
    assert explicit.lang == "en" and "All 5 answers are right" in str(explicit)
    assert check(apple_tax(), RIGHT).lang == "en"


def test_errors_speak_the_learners_language():
    price = apple_tax()
    with pytest.raises(ValueError) as e:
        check(price, {"appel": 2.2}, lang="zh-CN")
    assert str(e.value) == ("check()：没有标签为 'appel' 的节点。这张计算图里的标签有："
                            "apple, apple_num, apple_price, price, tax")
    not_a_number = "'apple' 是一个 Value，它的答案必须是一个数；收到的是 list"
    with pytest.raises(TypeError, match=not_a_number):
        check(price, {"apple": [2.2]}, lang="zh-CN")
    W = Tensor(np.ones(3), requires_grad=True, label="W")
    with pytest.raises(ValueError, match=r"'W' 的答案维度是 \(2,\)，而这个节点的维度是 \(3,\)"):
        check((W * W).sum(), {"W": [1.0, 2.0]}, lang="zh-CN")


@pytest.mark.parametrize("bad", ["fr", "", 1, None.__class__])
def test_an_unknown_lang_is_refused_naming_the_accepted_ones(bad):
    with pytest.raises(ValueError, match=r"check\(\) lang must be one of 'en', 'zh-CN'; got"):
        check(apple_tax(), RIGHT, lang=bad)


def test_the_html_summary_joins_its_lines_as_each_language_writes():
    wrong = {**RIGHT, "apple_price": 1.0}
    english = check(apple_tax(), wrong)._repr_html_()
    assert "gets its gradient from is right" in english  # "from\nis": a space
    chinese = check(apple_tax(), wrong, lang="zh-CN")._repr_html_()
    assert "（或还没作答），所以错误就从这里开始" in chinese  # no space between Chinese words
    assert "传了下去。（完全正确" in chinese
