"""The matrix view's rules: each op's gradient_rules equal its backward(), and the texts
a page shows (shapes, column form, drill-down, one-sample mode) are the engine's numbers."""

from __future__ import annotations

import inspect
import json
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import Op, Tensor, ops
from autograd.testing import floats_in
from autograd.viz import ruleexpr, rulefold, rules
from nn.functional import LinearOp, NLLLoss

from .helpers import lesson3_moons, lesson4_toy, mnist_net, seed002_net

# -- the rules equal backward(), on random shapes ----------------------------------------


def _rule_values(op: Op, xs: list[np.ndarray], g: np.ndarray, y: np.ndarray) -> list:
    keys = rules.input_keys(op, len(xs))
    values = {"g": g, "y": y}
    if len(set(keys)) == len(keys):
        values.update(zip(keys, xs))
    parsed = rules.rules_of(type(op))
    return [ruleexpr.evaluate(parsed[k], ruleexpr.Env(values, op, np.shape(x)))
            for k, x in zip(keys, xs)]


def _assert_rules_match(op: Op, xs: list[np.ndarray], seed: int) -> None:
    y = op.forward(*xs)
    g = np.random.default_rng(seed).normal(size=np.shape(y))
    expected = op.backward(g, y, *xs)
    expected = expected if isinstance(expected, tuple) else (expected,)
    for k, (got, want) in enumerate(zip(_rule_values(op, xs, g, y), expected)):
        assert np.shape(got) == np.shape(want), (op, k)
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12, err_msg=f"{op!r} input {k}")


shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)
seeds = st.integers(0, 2**16)


def _arrays(shape, domain=None):
    return hnp.arrays(np.float64, shape, elements=floats_in(domain) if domain else floats_in())


ELEMENTWISE = [cls for cls in ops.TABLE if issubclass(cls, ops.Elementwise)
               and cls is not ops.PowConst]


@pytest.mark.parametrize("cls", ELEMENTWISE, ids=lambda c: c.__name__)
@settings(max_examples=15)
@given(data=st.data(), shape=shapes, seed=seeds)
def test_elementwise_rules_equal_backward(cls, data, shape, seed):
    op = cls()
    domains = op.domain or ()
    arity = op.arity
    xs = [data.draw(_arrays(shape, domains[i] if i < len(domains) else None))
          for i in range(arity)]
    _assert_rules_match(op, xs, seed)


@settings(max_examples=20)
@given(data=st.data(), shape=shapes, seed=seeds, c=st.sampled_from([2.0, 3.0, 0.5, -1.0]))
def test_power_of_a_constant(data, shape, seed, c):
    op = ops.PowConst(c)
    _assert_rules_match(op, [data.draw(_arrays(shape, op.domain[0]))], seed)


@settings(max_examples=20)
@given(n=st.integers(1, 5), k=st.integers(1, 5), p=st.integers(1, 5), batch=st.integers(0, 3),
       seed=seeds)
def test_matmul_and_linear(n, k, p, batch, seed):
    rng = np.random.default_rng(seed)
    lead = (batch,) if batch else ()
    _assert_rules_match(ops.MatMul(), [rng.normal(size=lead + (n, k)), rng.normal(size=(k, p))],
                        seed)
    _assert_rules_match(LinearOp(), [rng.normal(size=lead + (n, k)), rng.normal(size=(k, p)),
                                     rng.normal(size=p)], seed)


@settings(max_examples=25)
@given(data=st.data(), shape=shapes, seed=seeds)
def test_array_ops(data, shape, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape)
    ndim = len(shape)
    axes = tuple(sorted(data.draw(st.sets(st.integers(0, ndim - 1), min_size=1))))
    keep = data.draw(st.booleans())
    axis = data.draw(st.integers(0, ndim - 1))
    perm = tuple(data.draw(st.permutations(range(ndim))))
    found = [ops.Sum(axes, keep), ops.Sum(None, keep), ops.Max(axes, keep), ops.LogSoftmax(axis),
             ops.Reshape((int(np.prod(shape)),)), ops.Transpose(perm),
             ops.BroadcastTo((2,) + shape), ops.GetItem((slice(0, 1),)), ops.Clip(-0.5, 0.5)]
    for op in found:
        _assert_rules_match(op, [x], seed)
    _assert_rules_match(ops.SumTo(shape[-1:]), [x], seed)
    _assert_rules_match(ops.Where(x > 0), [x, rng.normal(size=shape)], seed)
    _assert_rules_match(ops.AddN(), [x, rng.normal(size=shape), x], seed)
    _assert_rules_match(ops.ScatterAdd(np.array([0, 0]), (3,) + shape), [x[None].repeat(2, 0)],
                        seed)


@settings(max_examples=20)
@given(n=st.integers(1, 6), c=st.integers(1, 5), seed=seeds, per_row=st.booleans())
def test_nll_loss(n, c, seed, per_row):
    rng = np.random.default_rng(seed)
    op = NLLLoss(rng.integers(0, c, size=n), -1.0 / n, per_row)
    _assert_rules_match(op, [rng.normal(size=(n, c))], seed)


def test_every_built_in_op_declares_its_rules():
    for cls in (*ops.TABLE, LinearOp, NLLLoss):
        params = list(inspect.signature(cls.forward).parameters.values())[1:]
        assert set(rules.rules_of(cls)) == {p.name for p in params}, cls


def test_a_malformed_rule_is_refused_by_name():
    class Bad(Op):
        gradient_rules = {"x": "g.sum(axis=0)"}

        def forward(self, x):
            return x

        def backward(self, g, y, x):
            return g

    with pytest.raises(ruleexpr.RuleError, match="not in the rule language"):
        rules.rules_of(Bad)
    with pytest.raises(ruleexpr.RuleError, match="the function nope"):
        ruleexpr.parse("nope(g)")
    assert issubclass(ruleexpr.RuleError, ValueError)


# -- the texts on seed 002's network ----------------------------------------------------------


def _steps_by_symbol(loss, convention="row", sample=None, model=None, lang="en"):
    names = rules.names_of(loss, model)
    found = {}
    for step in rules.op_steps(loss):
        info = rules.step_rules(step, names, convention=convention, sample=sample, lang=lang)
        found[info["symbol"]] = info
    return found


def _rule(info, symbol_start):
    return next(r for r in info["rules"] if r["math"].split(" = ")[0].endswith(symbol_start))


def test_seed002_one_sample_column_form_reads_like_the_tutorial():
    _, loss, _ = seed002_net(m=1)
    steps = _steps_by_symbol(loss, convention="column")
    assert _rule(steps["Z^[3]"], "W^[3]")["text"] == "dW^[3] = dZ^[3]·A^[2]ᵀ   (1×2) = (1×1)·(1×2)"
    assert _rule(steps["Z^[2]"], "W^[2]")["text"] == "dW^[2] = dZ^[2]·A^[1]ᵀ   (2×3) = (2×1)·(1×3)"
    assert _rule(steps["Z^[1]"], "W^[1]")["text"] == "dW^[1] = dZ^[1]·Xᵀ   (3×2) = (3×1)·(1×2)"
    assert _rule(steps["Z^[2]"], "A^[1]")["text"] == "dA^[1] = W^[2]ᵀ·dZ^[2]   (3×1) = (3×2)·(2×1)"
    assert steps["Z^[2]"]["forward"]["text"] == \
        "Z^[2] = W^[2]·A^[1] + b^[2]   (2×1) = (2×3)·(3×1) + (2×1)"
    assert _rule(steps["Z^[2]"], "W^[2]")["numpy"] == "dW2 = dZ2 @ A1.T"
    assert any("transpose of the one the engine stores" in n for n in steps["Z^[2]"]["notes"])


def test_seed002_row_form_has_the_transposes():
    _, loss, _ = seed002_net(m=1)
    steps = _steps_by_symbol(loss)
    assert _rule(steps["Z^[3]"], "W^[3]")["shapes"] == "(2×1) = (2×1)·(1×1)"
    assert _rule(steps["Z^[2]"], "W^[2]")["text"] == \
        "∂L/∂W^[2] = A^[1]ᵀ·∂L/∂Z^[2]   (3×2) = (3×1)·(1×2)"
    assert _rule(steps["Z^[1]"], "W^[1]")["shapes"] == "(2×3) = (2×1)·(1×3)"
    assert _rule(steps["Z^[2]"], "A^[1]")["shapes"] == "(1×3) = (1×2)·(2×3)"
    assert _rule(steps["Z^[2]"], "W^[2]")["numpy"] == "dW2 = A1.T @ dZ2"
    assert _rule(steps["Z^[2]"], "b^[2]")["numpy"] == "db2 = dZ2.sum(axis=0)"


def test_batch_of_five_and_the_mean():
    _, loss, _ = seed002_net(m=5)
    steps = _steps_by_symbol(loss)
    assert _rule(steps["Z^[2]"], "W^[2]")["shapes"] == "(3×2) = (3×5)·(5×2)"
    assert steps["Z^[2]"]["forward"]["shapes"] == "(5×2) = (5×3)·(3×2) + (1×2)"
    assert _rule(steps["A^[1]"], "Z^[1]")["math"] == "∂L/∂Z^[1] = ∂L/∂A^[1] ⊙ A^[1] ⊙ (1 − A^[1])"
    assert steps["A^[1]"]["forward"]["math"] == "A^[1] = 1/(1 + exp(−Z^[1]))"
    mean = [n for info in steps.values() for n in info["notes"] if "mean's 1/5" in n]
    assert len(mean) == 1  # the one step that multiplies by 1/m says so
    assert steps["L"]["received"]["text"] == "∂L/∂L (1×1)"


def _mean_notes(loss, model=None):
    return [n for info in _steps_by_symbol(loss, model=model).values() for n in info["notes"]
            if "mean's" in n]


@pytest.mark.parametrize("m", [1, 2])
def test_a_half_of_a_squared_error_is_no_mean(m):
    """0.5 * (Z3 - y) ** 2 by hand: the 1/2 is the tutorial's, not a mean's 1/m (also when
    m = 2 makes it equal to 1/m)."""
    net, _, X = seed002_net(m=m)
    loss = (0.5 * (net(X) - np.ones((m, 1))) ** 2).sum()
    loss.backward()
    assert _mean_notes(loss, net) == []


def test_a_real_mean_says_where_its_1_over_m_went():
    net, loss, X = seed002_net(m=5)
    assert len(_mean_notes(loss, net)) == 1 and "1/5" in _mean_notes(loss, net)[0]
    by_hand = ((net(X) - np.ones((5, 1))) ** 2).mean()  # Sum, then Mul by 1/5
    by_hand.backward()
    assert [n[:30] for n in _mean_notes(by_hand, net)] == ["Here the mean's 1/5 enters the"]
    _, ce = mnist_net(batch=4)  # NLLLoss's scale is -1/4
    assert ["1/4" in n for n in _mean_notes(ce)] == [True]
    features = (net(X) * np.ones((5, 1))).sum(axis=1).mean()  # a mean over one column: 1/5
    features.backward()
    assert len(_mean_notes(features, net)) == 1


def _all_infos(loss, **kwargs):
    names = rules.names_of(loss)
    return [rules.step_rules(s, names, **kwargs) for s in rules.op_steps(loss)]


@pytest.mark.parametrize("build", [lambda: seed002_net()[1], lambda: mnist_net(batch=4)[1],
                                   lesson3_moons, lesson4_toy], ids=["seed002", "mnist",
                                                                     "lesson3", "lesson4"])
@pytest.mark.parametrize("convention", ["row", "column"])
def test_every_rule_of_the_tutorial_graphs_is_checked_and_json(build, convention):
    infos = _all_infos(build(), convention=convention)
    assert infos and all(r["checked"] for info in infos for r in info["rules"])
    assert all(info["forward"]["checked"] for info in infos if info["op"] in (
        "Linear", "Sigmoid", "Tanh", "MatMul", "Add"))
    json.dumps(infos)  # plain data
    texts = " ".join(r["text"] for info in infos for r in info["rules"])
    assert "[[" not in texts and "linear(" not in texts


def test_names_of_seed002():
    net, loss, _ = seed002_net()
    data = rules.names_of(loss).as_data()
    json.dumps(data)
    named = dict(zip(data["name"], data["alias"]))
    assert named["0.weight"] == "W^[1]" and named["2.bias"] == "b^[2]"
    assert named["4.weight"] == "W^[3]"
    assert ["X", "Z^[1]", "A^[1]", "Z^[2]", "A^[2]", "Z^[3]", "Y", "L"] == [
        n for n in data["name"] if n in {"X", "Y", "L"} or re.fullmatch(r"[ZA]\^\[\d\]", n)]
    assert data["m"] == 5 and data["batch"][data["name"].index("A^[1]")] is True
    assert data["code"][data["name"].index("2.weight")] == "W2"
    assert not any("linear(" in n or "weight" == n for n in data["name"])
    assert rules.names_of(loss, model=net).as_data()["name"] == data["name"]


def test_chinese_notes():
    _, loss, _ = seed002_net(m=1)
    steps = _steps_by_symbol(loss, convention="column", lang="zh-CN")
    notes = " ".join(steps["Z^[2]"]["notes"])
    assert "为什么要转置" in notes and "列形式" in notes and "Why" not in notes


def test_bad_arguments():
    _, loss, _ = seed002_net()
    names = rules.names_of(loss)
    step = rules.op_steps(loss)[0]
    with pytest.raises(ValueError, match="convention must be one of 'row', 'column'"):
        rules.step_rules(step, names, convention="rows")
    with pytest.raises(ValueError, match="lang must be one of"):
        rules.step_rules(step, names, lang="fr")
    with pytest.raises(ValueError, match="sample must be a row of the batch, 0 to 4"):
        rules.step_rules(step, names, sample=5)
    with pytest.raises(TypeError, match="takes a BackwardStep"):
        rules.step_rules(loss, names)


# -- a user's op -----------------------------------------------------------------------------


class Scale(Op):
    """y = 3 * x"""

    gradient_rules = {"x": "3 * g"}
    elementwise = False

    def forward(self, x):
        return 3 * x

    def backward(self, g, y, x):
        return 3 * g


class WrongScale(Scale):
    gradient_rules = {"x": "2 * g"}  # not what backward computes


class NoRules(Scale):
    derivatives = "∂y/∂x = 3"
    gradient_rules = {}


@pytest.mark.parametrize("cls, checked, math", [
    (Scale, True, "∂L/∂x = 3·∂L/∂Scale(x)"),
    (WrongScale, False, "∂L/∂x = 2·∂L/∂Scale(x)"),
    (NoRules, False, "∂L/∂x: ∂y/∂x = 3"),
])
def test_a_users_op(cls, checked, math):
    x = Tensor(np.ones((2, 3)), requires_grad=True, label="x")
    y = cls()(x)
    y.label = "Scale(x)"
    (y.sum()).backward()
    names = rules.names_of(y)
    (step,) = rules.op_steps(y.sum())[1:]
    info = rules.step_rules(step, names)
    (rule,) = info["rules"]
    assert rule["checked"] is checked and rule["math"] == math
    assert info["forward"]["math"] == "Scale(x) = 3·x"  # from the docstring, checked
    if not checked:
        assert any("derivatives" in n for n in info["notes"])


# -- the drill-down ----------------------------------------------------------------------------


@pytest.mark.parametrize("convention", ["row", "column"])
def test_every_cell_of_seed002_is_the_sum_of_its_terms(convention):
    _, loss, _ = seed002_net(m=5)
    names = rules.names_of(loss)
    for step in rules.op_steps(loss):
        info = rules.step_rules(step, names, convention=convention)
        for rule in info["rules"]:
            i, g = rule["input"], step.input_grads[rule["input"]]
            column = rule["convention"] == "column"  # (a Sum's rule has no column form)
            for cell in np.ndindex(*(ruleexpr.as_column(g) if column else g).shape):
                data = rules.cell_sum(step, i, cell, names, convention=convention, terms=100)
                want = (ruleexpr.as_column(g) if column else np.asarray(g))[cell]
                assert data["equal"] and data["engine"] == pytest.approx(float(want))
                assert sum(t["value"] for t in data["terms"]) == pytest.approx(data["total"])
                assert len(data["terms"]) == data["count"]


def test_drill_down_text_of_a_weight():
    _, loss, _ = seed002_net(m=5)
    names = rules.names_of(loss)
    step = next(s for s in rules.op_steps(loss) if names.of(s.node).symbol == "Z^[2]")
    data = rules.cell_sum(step, 1, (1, 0), names)
    assert data["formula"] == "Σ_b A^[1][b,1]·∂L/∂Z^[2][b,0]"
    assert data["count"] == 5 and len(data["terms"]) == 3 and data["index"] == "b"
    assert data["text"].startswith("∂L/∂W^[2][1,0] = Σ_b A^[1][b,1]·∂L/∂Z^[2][b,0] = ")
    assert "+ … (5 terms) = " in data["text"]
    a, dz = step.node.parents[0].data, step.grad
    assert [t["value"] for t in data["terms"]] == pytest.approx(list(a[:3, 1] * dz[:3, 0]))
    column = rules.cell_sum(step, 1, (0, 1), names, convention="column", lang="zh-CN")
    assert column["formula"] == "Σ_b dZ^[2][0,b]·A^[1][1,b]" and "共 5 项" in column["text"]
    assert column["total"] == pytest.approx(data["total"])


def test_one_sample_mode_adds_up_to_the_batch():
    _, loss, _ = seed002_net(m=5)
    names = rules.names_of(loss)
    step = next(s for s in rules.op_steps(loss) if names.of(s.node).symbol == "Z^[2]")
    shares = [rules.cell_sum(step, 1, (2, 1), names, sample=b) for b in range(5)]
    assert all(s["count"] == 1 and s["terms"][0]["at"] == b for b, s in enumerate(shares))
    assert sum(s["total"] for s in shares) == pytest.approx(float(step.input_grads[1][2, 1]))
    info = rules.step_rules(step, names, sample=3)
    assert _rule(info, "W^[2]")["shapes"] == "(3×2) = (3×1)·(1×2)"  # m = 1
    assert _rule(info, "W^[2]")["checked"]  # checked on the whole batch
    row = rules.cell_sum(step, 0, (0, 2), names, sample=3)  # dA^[1] row 3
    assert row["target"] == "∂L/∂A^[1][3,2]"
    assert row["total"] == pytest.approx(float(step.input_grads[0][3, 2]))
    with pytest.raises(ValueError, match=r"outside the gradient, of shape \(1×3\)"):
        rules.cell_sum(step, 0, (3, 2), names, sample=3)


def test_every_viz_error_is_an_autograd_error_and_a_builtin_one():
    import importlib
    import pkgutil

    import autograd.viz
    from autograd import AutogradError

    found = []
    for info in pkgutil.iter_modules(autograd.viz.__path__):
        if info.name == "__main__":  # (runs the command line)
            continue
        module = importlib.import_module(f"autograd.viz.{info.name}")
        found += [v for v in vars(module).values() if isinstance(v, type)
                  and issubclass(v, Exception) and v.__module__ == module.__name__]
    assert len(found) >= 7
    for cls in found:
        assert issubclass(cls, AutogradError), cls
        assert any(b in cls.__mro__ for b in (ValueError, TypeError, RuntimeError)), cls


# -- numbers folded in the rules as shown -------------------------------------------------------


def _x(values=(1.5, 2.0, 0.5), label="x"):
    return Tensor(np.array([values]), requires_grad=True, label=label)


def _shown(y, convention="row"):
    """{input label: rule} and the forward line of the op that makes y (y's step)."""
    root = y.sum()
    root.backward()
    names = rules.names_of(root)
    step = next(s for s in rules.op_steps(root) if s.node is y)
    info = rules.step_rules(step, names, convention=convention)
    return {names.of(y.parents[r["input"]]).name: r for r in info["rules"]}, info["forward"]


@pytest.mark.parametrize("make, rule, numpy", [
    (lambda x: x ** 2, "∂L/∂x = ∂L/∂(x²) ⊙ 2·x", "dx = dt1 * 2 * x"),
    (lambda x: x ** 3, "∂L/∂x = ∂L/∂(x³) ⊙ 3·x²", "dx = dt1 * 3 * x ** 2"),
    (lambda x: x ** 0.5, "∂L/∂x = ∂L/∂(x^(1/2)) ⊙ (1/2)·x^(−1/2)", "dx = dt1 * 0.5 * x ** (-0.5)"),
    (lambda x: x ** -1, "∂L/∂x = ∂L/∂(x⁻¹) ⊙ (−x⁻²)", "dx = dt1 * -x ** (-2)"),
    (lambda x: x ** 1, "∂L/∂x = ∂L/∂(x¹)", "dx = dt1"),
], ids=["2", "3", "0.5", "-1", "1"])
def test_power_of_a_constant_reads_with_its_numbers_folded(make, rule, numpy):
    y = make(_x())
    shown, forward = _shown(y)
    assert shown["x"]["math"] == rule and shown["x"]["numpy"] == numpy
    assert shown["x"]["source"] == "g * (exponent * x ** (exponent - 1))"  # run as declared
    assert shown["x"]["checked"] and forward["checked"]
    assert "^(" not in forward["math"] or "1/2" in forward["math"]  # x², not x^2


def test_pow_of_two_tensors_folds_a_constant_exponent_only():
    shown, forward = _shown(_x() ** Tensor(2.0))
    assert shown["x"]["math"] == "∂L/∂x = ∂L/∂(x²) ⊙ 2·x" and forward["math"] == "x² = x²"
    assert shown["x"]["source"] == "g * (b * a ** (b - 1))" and shown["x"]["checked"]
    shown, _ = _shown(_x() ** _x((0.5, 1.0, 2.0), "w"))
    assert shown["x"]["math"] == "∂L/∂x = ∂L/∂(x^w) ⊙ w ⊙ x^(w − 1)"
    assert shown["w"]["math"] == "∂L/∂w = ∂L/∂(x^w) ⊙ x^w ⊙ log(x)"


def test_div_sigmoid_and_tanh_read_as_the_tutorials_write_them():
    shown, forward = _shown(_x() / 2.0)
    assert shown["x"]["math"] == "∂L/∂x = ∂L/∂(x / 2)/2" and forward["math"] == "x / 2 = x/2"
    shown, _ = _shown(_x() / 1.0)
    assert shown["x"]["math"] == "∂L/∂x = ∂L/∂(x / 1)"  # g/1 is g
    shown, _ = _shown(_x() / _x((0.5, 1.0, 2.0), "w"))
    assert shown["w"]["math"] == "∂L/∂w = −∂L/∂(x / w) ⊙ (x / w)/w"
    shown, forward = _shown(_x().sigmoid())
    assert shown["x"]["math"] == "∂L/∂x = ∂L/∂sigmoid(x) ⊙ sigmoid(x) ⊙ (1 − sigmoid(x))"
    assert forward["math"] == "sigmoid(x) = 1/(1 + exp(−x))"
    shown, _ = _shown(_x().tanh())
    assert shown["x"]["math"] == "∂L/∂x = ∂L/∂tanh(x) ⊙ (1 − tanh(x)²)"
    assert all(r["checked"] for r in shown.values())


def test_seed002_hand_written_loss_pow_rule_is_2_times_the_difference():
    net, _, X = seed002_net(m=1)
    d = net(X) - np.array([[1.0]])
    square = d ** 2
    loss = (0.5 * square).sum()
    loss.backward()
    names = rules.names_of(loss, model=net)
    step = next(s for s in rules.op_steps(loss) if s.node is square)
    for convention, grad in (("row", "∂L/∂"), ("column", "d")):
        (rule,) = rules.step_rules(step, names, convention=convention)["rules"]
        assert rule["math"] == f"{grad}(Z^[3] − 1) = {grad}((Z^[3] − 1)²) ⊙ 2·(Z^[3] − 1)"
        assert rule["checked"]
    cell = rules.cell_sum(step, 0, (0, 0), names)
    assert cell["formula"] == "∂L/∂((Z^[3] − 1)²)[0,0]·2·(Z^[3] − 1)[0,0]" and cell["equal"]


@pytest.mark.parametrize("source, folded", [
    ("g * (2 * x ** (2 - 1))", "g * (2 * x)"), ("1 * x + 0", "x"), ("x / 1 - 0", "x"),
    ("-(-x)", "x"), ("2 * (3 * x)", "6 * x"), ("x ** 0 * g", "g"), ("-1 * x", "-x"),
    ("0 - x", "-x"), ("g * (1 - y ** 2)", "g * (1 - y ** 2)"),
])
def test_fold(source, folded):
    env = ruleexpr.Env({"g": np.ones(3), "x": np.arange(3.0), "y": np.ones(3)}, None, (3,))
    assert rulefold.fold(ruleexpr.parse(source), env, {}) == ruleexpr.parse(folded)
