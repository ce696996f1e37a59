"""The lessons' exercises answered with their folded solutions: ``check`` grades every answer
right. (The executed notebooks leave the answers as None, so only this test fills them in.)"""

from __future__ import annotations

import pytest

from .helpers import TUTORIALS, read_json, require_jupyter, source

# The solutions as the lessons' <details> give them (rounded as a learner would write them).
SOLUTIONS = {
    "01_computational_graph.ipynb": {
        "all_price": 1.08, "apple_price": 1.08, "orange_price": 1.08, "apple": 3.24,
        "apple_num": 129.6, "orange": 2.16, "orange_num": 162, "tax": 660,
    },
    "03_value_to_tensor.ipynb": {
        "n": 0.5, "x1*w1 + x2*w2": 0.5, "x1*w1": 0.5, "x2*w2": 0.5, "x1": -1.5, "w1": 1,
        "x2": 0.5, "w2": 0, "b": 0.5,
    },
    "04_softmax_cross_entropy.ipynb": {"exercise_z": [[0.2312, 0.6285, -0.8598]]},
    "06_vanishing_gradients.ipynb": {"s2": 0.2273, "s1": 0.0534, "x": 0.01335},
}


def cells_to_answers(name: str, answers: dict) -> list[str]:
    """The lesson's code cells up to its answers cell, with ``answers`` written into it."""
    codes = [source(c) for c in read_json(TUTORIALS / "en" / name)["cells"]
             if c["cell_type"] == "code"]
    last = next(i for i, s in enumerate(codes) if s.startswith("answers = {"))
    answer_cell = codes[last]
    for label, value in answers.items():
        blank = f'"{label}": None,'
        assert blank in answer_cell, f"{name}: the answers cell has no {blank}"
        answer_cell = answer_cell.replace(blank, f'"{label}": {value!r},')
    assert "None," not in answer_cell, f"{name}: the test gives no solution for some node"
    return codes[:last] + [answer_cell]


@pytest.mark.parametrize("name", SOLUTIONS)
def test_the_folded_solution_is_graded_right(name):
    require_jupyter()  # the lessons import IPython.display
    namespace: dict = {}
    for i, code in enumerate(cells_to_answers(name, SOLUTIONS[name])):
        exec(compile(code, f"{name} code cell {i}", "exec"), namespace)
    result = namespace["result"]
    assert result.all_correct, str(result)
    answered = len(result.rows) - result.count("skipped")
    assert answered == len(SOLUTIONS[name]), str(result)


def test_a_wrong_answer_is_reported():
    """The same path with one slip: the answers cell names it (so the test above can fail)."""
    require_jupyter()
    wrong = dict(SOLUTIONS["06_vanishing_gradients.ipynb"], s1=0.0543)
    namespace: dict = {}
    for code in cells_to_answers("06_vanishing_gradients.ipynb", wrong):
        exec(code, namespace)
    assert namespace["result"].first_wrong.name == "s1"
