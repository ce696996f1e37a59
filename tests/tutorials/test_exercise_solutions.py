"""The lessons' exercises answered with their folded solutions: graded right. A slip in one
answer is graded wrong. (The executed notebooks leave the answers blank, so only these tests
fill them in.)"""

from __future__ import annotations

import contextlib
import io

import pytest

from .helpers import TUTORIALS, read_json, require_jupyter, source

# Hand-computed gradients, as the lessons' <details> give them (rounded as a learner would write
# them), in place of the `"label": None,` entries of the cell that calls check().
GRADIENTS = {
    "01_computational_graph.ipynb": {
        "all_price": 1.08, "apple_price": 1.08, "orange_price": 1.08, "apple": 3.24,
        "apple_num": 129.6, "orange": 2.16, "orange_num": 162, "tax": 660,
    },
    "03_value_to_tensor.ipynb": {
        "n": 0.5, "x1*w1 + x2*w2": 0.5, "x1*w1": 0.5, "x2*w2": 0.5, "x1": -1.5, "w1": 1,
        "x2": 0.5, "w2": 0, "b": 0.5,
    },
    "06_softmax_cross_entropy.ipynb": {"exercise_z": [[0.2312, 0.6285, -0.8598]]},
    "10_vanishing_exploding_gradients.ipynb": {"s2": 0.2273, "s1": 0.0534, "x": 0.01335},
}
# Formulas, in place of the `name = None  # ...` lines of the cell that calls check().
FORMULAS = {
    "05_layer_by_layer.ipynb": {
        "dZ2": "dA2 * (1 - A2 ** 2)", "dW2": "dZ2 @ A1.T", "db2": "dZ2", "dA1": "W2.T @ dZ2",
    },
    "08_mnist_mlp.ipynb": {
        "dZ2": "(A2 - Y) / m", "db2": "dZ2.sum(axis=0)", "dW2": "A1.T @ dZ2",
        "dA1": "dZ2 @ W2.T", "dZ1": "dA1 * A1 * (1 - A1)", "dW1": "X.T @ dZ1",
        "db1": "dZ1.sum(axis=0)",
    },
}
# Dimensions, in place of the `"label": None,` entries of the `shapes` dict in the same cell
# (lesson 5 asks for a layer's dimensions first, then for its gradients).
SHAPES = {
    "05_layer_by_layer.ipynb": {"Z2": (2, 1), "W2": (2, 4), "b2": (2, 1), "A1": (4, 1)},
}
# Ops to complete: (the blank line in the op's cell, the solution); the next cell checks the op.
OPS = {
    "02_writing_layers.ipynb": ("        return None", "        return g * y * (1 - y)"),
    "11_property_based_tests.ipynb": ("    domain = None", "    domain = (Domain(kinks=(0.0,)),)"),
}
WRONG_OPS = {  # a classic slip in each: check_op must stop the checking cell
    "02_writing_layers.ipynb": "        return g * y",
    "11_property_based_tests.ipynb": "    domain = (Domain(),)",
}

# A method to complete in a learner's own engine: (the blank line, the solution, a slip); the
# cell after the method's runs check_engine on the engine (lesson 12).
ENGINES = {
    "12_test_your_engine.ipynb": (
        "        local = None  # your turn: d log(x) / dx at x = self.data",
        "        local = 1 / self.data", "        local = self.data"),
}


def code_cells(name: str) -> list[str]:
    return [source(c) for c in read_json(TUTORIALS / "en" / name)["cells"]
            if c["cell_type"] == "code"]


def run(codes: list[str], name: str) -> tuple[dict, str]:
    """Execute the cells in one namespace; returns it and what they printed."""
    namespace: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for i, code in enumerate(codes):
            exec(compile(code, f"{name} code cell {i}", "exec"), namespace)
    return namespace, printed.getvalue()


def filled_in(name: str, answers: dict, blank: str, answer: str) -> list[str]:
    """The lesson's code cells up to the one that calls check(), with ``answers`` in it: each
    ``blank.format(key=...)`` replaced by ``answer.format(key=..., value=...)``; no blank left."""
    codes = code_cells(name)
    last = next(i for i, s in enumerate(codes) if "result = check(" in s)
    cell = codes[last]
    for key, value in answers.items():
        empty = blank.format(key=key)
        assert empty in cell, f"{name}: the answers cell has no {empty}"
        cell = cell.replace(empty, answer.format(key=key, value=value))
    left = blank.format(key="").strip('"').strip()
    assert left not in cell, f"{name}: the test leaves an answer blank ({left})"
    return codes[:last] + [cell]


def with_gradients(name: str, gradients: dict) -> list[str]:
    return filled_in(name, gradients, '"{key}": None,', '"{key}": {value!r},')


def with_formulas(name: str, formulas: dict, shapes: dict | None = None) -> list[str]:
    """The formulas filled in, and the dimensions (``SHAPES``, or ``shapes``) where the lesson
    asks for them too, as the ``"label": None,`` entries of a dict."""
    codes = filled_in(name, formulas, "{key} = None  #", "{key} = {value}  #")
    for label, shape in (SHAPES.get(name, {}) if shapes is None else shapes).items():
        blank = f'"{label}": None,'
        assert blank in codes[-1], f"{name}: the answers cell has no {blank}"
        codes[-1] = codes[-1].replace(blank, f'"{label}": {shape!r},')
    return codes


def with_op(name: str, blank: str, answer: str) -> list[str]:
    """The lesson's first code cell (its imports), the op's cell with ``answer`` in place of
    ``blank``, and the cell that checks the op (the exercise needs nothing else)."""
    codes = code_cells(name)
    op = next(i for i, s in enumerate(codes) if blank in s.splitlines())
    return [codes[0], codes[op].replace(blank, answer), codes[op + 1]]


@pytest.mark.parametrize("name", GRADIENTS)
def test_the_folded_gradients_are_graded_right(name):
    require_jupyter()  # the lessons import IPython.display and matplotlib
    result = run(with_gradients(name, GRADIENTS[name]), name)[0]["result"]
    assert result.all_correct, str(result)
    answered = len(result.rows) - result.count("skipped")
    assert answered == len(GRADIENTS[name]), str(result)


@pytest.mark.parametrize("name", FORMULAS)
def test_the_folded_formulas_are_graded_right(name):
    require_jupyter()
    namespace, printed = run(with_formulas(name, FORMULAS[name]), name)
    result = namespace["result"]
    right = result.count("exact") + result.count("close")
    assert result.all_correct and right == len(FORMULAS[name]), str(result)
    if name in SHAPES:  # every dimension marked right
        marks = [line for line in printed.splitlines() if line.startswith("d")][-len(SHAPES[name]):]
        assert len(marks) == len(SHAPES[name]) and all(m.endswith(" ✓") for m in marks), printed


@pytest.mark.parametrize("name", OPS)
def test_the_folded_op_passes_its_check(name):
    require_jupyter()
    printed = run(with_op(name, *OPS[name]), name)[1]
    assert printed.strip() == "correct: check_op found no mistake", printed
    blank = OPS[name][0]
    unanswered = run(with_op(name, blank, blank), name)[1]
    assert unanswered.strip() == "not answered yet", unanswered


@pytest.mark.parametrize("name", WRONG_OPS)
def test_a_wrong_op_stops_the_checking_cell(name):
    require_jupyter()
    from autograd.testing import OpCheckError

    with pytest.raises(OpCheckError):
        run(with_op(name, OPS[name][0], WRONG_OPS[name]), name)


def test_a_wrong_answer_is_reported():
    """The same path with one slip: check names it (so the tests above can fail)."""
    require_jupyter()
    name = "10_vanishing_exploding_gradients.ipynb"
    result = run(with_gradients(name, dict(GRADIENTS[name], s1=0.0543)), name)[0]["result"]
    assert result.first_wrong.name == "s1"
    slip = dict(FORMULAS["08_mnist_mlp.ipynb"], dZ1="dA1 * A1")  # sigmoid' forgotten
    result = run(with_formulas("08_mnist_mlp.ipynb", slip), "08")[0]["result"]
    assert result.first_wrong.name == "Z1" and result.count("wrong") == 3  # Z1, W1, b1
    layer = "05_layer_by_layer.ipynb"
    slip = dict(FORMULAS[layer], dZ2="dA2 * A2 * (1 - A2)")  # the sigmoid's derivative for tanh
    transposed = dict(SHAPES[layer], W2=(4, 2))
    namespace, printed = run(with_formulas(layer, slip, transposed), layer)
    assert namespace["result"].first_wrong.name == "Z2" and namespace["result"].count("wrong") == 4
    assert "dW2: (4×2) ✗" in printed.splitlines()


@pytest.mark.parametrize("name", ENGINES)
def test_the_folded_engine_method_passes_check_engine(name):
    """The lesson's cells up to the exercise run once; then the method, blank, solved and
    slipped, each followed by the checking cell."""
    require_jupyter()
    blank, solution, slip = ENGINES[name]
    codes = code_cells(name)
    method = next(i for i, s in enumerate(codes) if blank in s.splitlines())
    namespace = run(codes[:method], name)[0]
    reports = {}
    for answer in (blank, solution, slip):
        with contextlib.redirect_stdout(io.StringIO()):
            for code in (codes[method].replace(blank, answer), codes[method + 1]):
                exec(compile(code, f"{name} exercise", "exec"), namespace)
        reports[answer] = namespace["report"]
    assert reports[solution].ok, str(reports[solution])
    for answer in (blank, slip):
        assert [f.expression for f in reports[answer].failures] == ["x.log()"], str(
            reports[answer])
