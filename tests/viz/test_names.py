"""The names of a Tensor graph's nodes read as the arithmetic they stand for: a name, parsed
back with its inputs' names as variables, gives the node's value (issue: ``(Z3 - y) ** 2``
was named ``Z^[3] − 1^2``)."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import nn
from autograd import Tensor
from autograd.viz import rules

from .helpers import seed002_net

SUPERSCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")
REFERENCE = re.compile(r"^(?:[A-Za-z]\w*[₀-₉]+|[A-Za-z]\^\[\d+\]|L)$")  # Mul₁, Z^[3], L: names
FUNCTIONS = {"exp": np.exp, "tanh": np.tanh, "SUM": np.sum, "bcast": lambda x: x}


def as_python(name: str, variables: dict[str, str]) -> str:
    """A node's name as a Python expression over the placeholders of ``variables``."""
    text = SUPERSCRIPT.sub(lambda m: "**(" + m.group().translate(
        str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")) + ")", name)
    for var in sorted(variables, key=len, reverse=True):
        text = re.sub(rf"(?<![\w.]){re.escape(var)}(?![\w.])", f" V{variables[var]} ", text)
    return (text.replace("−", "-").replace("⊙", "*").replace("·", "*").replace("^", "**")
            .replace("Σ", "SUM"))


def evaluate_names(root: Tensor) -> list[tuple[str, str]]:
    """(name, problem) for every op node whose name does not evaluate to its value."""
    names = rules.names_of(root)
    placeholders, values = {}, {}
    for k, (node, name) in enumerate(zip(names.nodes, names.names)):
        if node.is_leaf and not re.fullmatch(r"−?\d+(?:/\d+)?", name.name) or \
                REFERENCE.match(name.name):
            placeholders[name.name] = str(k)
            values[f"V{k}"] = np.asarray(node.data)
    problems = []
    for node, name in zip(names.nodes, names.names):
        if node.is_leaf or name.name in placeholders:
            continue
        source = as_python(name.name, placeholders)
        try:
            with np.errstate(all="ignore"):  # a / (b - b) is inf, in the node too
                got = eval(source, {"__builtins__": {}}, {**FUNCTIONS, **values})
        except SyntaxError as e:
            problems.append((name.name, f"does not parse as {source!r}: {e}"))
            continue
        want = np.asarray(node.data)
        if not np.allclose(np.broadcast_to(got, want.shape), want, rtol=1e-9, atol=1e-12,
                           equal_nan=True):
            problems.append((name.name, f"{source!r} gives {got!r}, the node is {want!r}"))
    return problems


CONSTANTS = [2.0, 0.5, 3.0, -1.0, 0.25]
EXPONENTS = [2, 3, -1]


def _step(kind: int, a: Tensor, b: Tensor, c: float, exponent: int) -> Tensor:
    return [
        lambda: a + b, lambda: a - b, lambda: a * b, lambda: a / b, lambda: -a,
        lambda: a ** exponent, lambda: a * a, lambda: c * a, lambda: a - c, lambda: c / a,
        lambda: a.tanh(), lambda: (a * 0.1).exp(),
    ][kind]()


@st.composite
def graphs(draw) -> Tensor:
    """A random small expression graph over labelled leaves a, b, c (2×3, entries in
    [0.5, 2]) and number constants, with + − ⊙ / neg, powers, x·x, exp, tanh and a sum."""
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    pool = [Tensor(rng.uniform(0.5, 2.0, size=(2, 3)), requires_grad=True, label=name)
            for name in "abc"]
    for _ in range(draw(st.integers(1, 7))):
        pool.append(_step(draw(st.integers(0, 11)), draw(st.sampled_from(pool)),
                          draw(st.sampled_from(pool)), draw(st.sampled_from(CONSTANTS)),
                          draw(st.sampled_from(EXPONENTS))))
    out = pool[-1]
    return out.sum() * 1.0 if draw(st.booleans()) else out


@settings(max_examples=60, deadline=None)
@given(graphs())
def test_every_name_evaluates_to_its_nodes_value(root):
    assert evaluate_names(root) == []


def test_the_hand_written_loss_of_seed002():
    """L = (0.5 * (Z3 - y) ** 2).sum() at one sample, as a learner writes it."""
    net, _, X = seed002_net(m=1)
    loss = (0.5 * (net(X) - np.array([[1.0]])) ** 2).sum()
    names = [n.name for n in rules.names_of(loss, model=net).names]
    assert "Z^[3] − 1" in names and "(Z^[3] − 1)²" in names
    assert not any("1^2" in n or "1²" in n and not n.startswith("(") for n in names)
    assert evaluate_names(loss) == []


def test_names_that_need_parentheses():
    a, b = (Tensor(np.array([[1.0, 2.0]]), requires_grad=True, label=s) for s in "ab")
    cases = [
        (a - (b - a), "a − (b − a)"), ((a - b) - a, "a − b − a"), (-(a + b), "−(a + b)"),
        ((-a) ** 2, "(−a)²"), (-(a ** 2), "−a²"), (a / (a * b), "a / (a ⊙ b)"),
        ((a + b) ** 3, "(a + b)³"), (a ** -1, "a⁻¹"), (0.5 * (a - b), "(1/2)·(a − b)"),
        (a * (-b), "a ⊙ (−b)"), ((a * a) * (a + b), "a² ⊙ (a + b)"),
    ]
    for node, name in cases:
        assert rules.names_of(node).of(node).name == name
        assert evaluate_names(node) == []


def test_a_rule_text_keeps_the_parentheses_of_a_name():
    net = nn.Sequential(nn.Linear(2, 1, rng=0))
    loss = (0.5 * (net(np.ones((1, 2))) - np.array([[1.0]])) ** 2).sum()
    loss.backward()
    names = rules.names_of(loss, model=net)
    texts = [r["math"] for s in rules.op_steps(loss)
             for r in rules.step_rules(s, names)["rules"]]
    assert "∂L/∂((Z^[1] − 1)²) = ∂L/∂Mul₁·(1/2)" in texts
    assert all("1^2" not in t and "− 1²" not in t for t in texts), texts
