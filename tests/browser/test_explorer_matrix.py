"""The matrix view in a real browser: tutorial 002's net, rules with their shapes in both
forms, numbers equal to the engine's, drill-down sums, one-sample mode, names, budget."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from autograd import backward_steps
from autograd.viz import explore

from ..viz.helpers import labelled_seed002_net

# tutorial 002 (m = 1, the column form): dW^[3], dW^[2], dW^[1] and dA^[1]
COLUMN = {"4.weight": "(1×2) = (1×1)·(1×2)", "2.weight": "(2×3) = (2×1)·(1×3)",
          "0.weight": "(3×2) = (3×1)·(1×2)", "A[1]": "(3×1) = (3×2)·(2×1)"}
ROW = {"4.weight": "(2×1) = (2×1)·(1×1)", "2.weight": "(3×2) = (3×1)·(1×2)",
       "0.weight": "(2×3) = (2×1)·(1×3)", "A[1]": "(1×3) = (1×2)·(2×3)"}


def op_steps(loss):
    return [s for s in backward_steps(loss) if s.node.op is not None]


def rules_on_the_page(page) -> dict[str, str]:
    """Each gradient the current step sends, by the name it links to: its rule's shapes."""
    out = {}
    for block in page.locator("#panel .sends").all():
        dims = block.locator(".dims")
        if dims.count():
            out[block.locator("h3 a").inner_text()] = dims.inner_text()
    return out


def all_steps(page, read) -> list:
    page.keyboard.press("Home")
    seen = []
    for _ in range(page.evaluate("explorer.data.backward.node.length")):
        seen.append(read(page))
        page.keyboard.press("ArrowRight")
    return seen


def test_tutorial_002_shapes_in_the_column_form_and_their_transposes_in_the_row_form(
        tmp_path, watch):
    _, loss = labelled_seed002_net(m=1)
    watch.open(explore(loss, tmp_path / "net.html", convention="column"))
    page = watch.page
    assert page.get_attribute("#conv-column", "aria-pressed") == "true"
    column = {}
    for rules in all_steps(page, rules_on_the_page):
        column.update(rules)
    assert {k: column.get(k) for k in COLUMN} == COLUMN
    page.click("#conv-row")
    row = {}
    for rules in all_steps(page, rules_on_the_page):
        row.update(rules)
    assert {k: row.get(k) for k in ROW} == ROW
    assert "dW[2] = dZ[2]·A[1]ᵀ" in page.evaluate("""explorer.data.rules.map(r =>
        r.column.rules.map(x => x.math.replace(/\\^/g, ''))).flat().join('|')""")


def matrix_on_the_page(table) -> np.ndarray:
    rows = [[float(td.get_attribute("data-v")) for td in tr.locator("td").all()]
            for tr in table.locator("tr").all()]
    return np.array(rows)


def as_shown(arr, column: bool) -> np.ndarray:
    a = np.asarray(arr, dtype=float)
    a = a.reshape(1, -1) if a.ndim < 2 else a
    return a.T if column else a


@pytest.mark.parametrize("convention", ["row", "column"])
def test_numbers_on_the_page_are_the_engines_gradients_at_every_step(
        convention, tmp_path, watch):
    _, loss = labelled_seed002_net(m=5)
    steps = op_steps(loss)
    watch.open(explore(loss, tmp_path / "net.html", convention=convention))
    page = watch.page
    page.keyboard.press("Home")
    checked, transposed = 0, 0
    for step in steps:
        for block in page.locator("#panel .sends").all():
            slot = int(block.get_attribute("data-slot"))
            table = block.locator("table.matrix")
            column = table.get_attribute("data-column") == "true"  # (as its rule is written)
            shown = matrix_on_the_page(table)
            np.testing.assert_allclose(shown, as_shown(step.input_grads[slot], column),
                                       rtol=1e-6, atol=1e-12)
            checked += 1
            transposed += column
        page.keyboard.press("ArrowRight")
    assert checked >= 12
    assert (transposed >= 8) if convention == "column" else transposed == 0


def test_a_gradient_cell_opens_into_its_chain_rule_sum(tmp_path, watch):
    _, loss = labelled_seed002_net(m=5)
    steps = op_steps(loss)
    k = [s.node.op.name for s in steps].index("Linear") + 2  # the second Linear: layer 2
    step = steps[k]
    watch.open(explore(loss, tmp_path / "net.html"))
    page = watch.page
    page.evaluate(f"explorer.show({k})")
    weight = page.locator('#panel .sends[data-slot="1"]')
    assert weight.locator("h3").inner_text() == "→ 2.weight"
    weight.locator('td[data-cell="1,0"]').click()
    drill = weight.locator(".drill")
    text = drill.inner_text()
    assert text.startswith("∂L/∂W[2][1,0] = Σ_b A[1][b,1]·∂L/∂Z[2][b,0] =")
    assert "(5 terms)" in text
    terms = json.loads(drill.get_attribute("data-terms"))
    total = float(drill.get_attribute("data-total"))
    engine = float(drill.get_attribute("data-engine"))
    assert len(terms) == 5 and sum(terms) == pytest.approx(total, rel=1e-12)
    assert total == pytest.approx(engine, rel=1e-12) == step.input_grads[1][1, 0]
    a1, dz2 = step.node.parents[0].data, step.grad  # the sum's terms: A[b,1]·∂L/∂Z[b,0]
    assert terms == pytest.approx(list(a1[:, 1] * dz2[:, 0]), rel=1e-12)


def test_one_sample_mode_shows_row_b_and_its_share(tmp_path, watch):
    _, loss = labelled_seed002_net(m=5)
    steps = op_steps(loss)
    k = [s.node.op.name for s in steps].index("Linear") + 2
    step, b = steps[k], 3
    watch.open(explore(loss, tmp_path / "net.html", convention="column"))
    page = watch.page
    page.evaluate(f"explorer.show({k})")
    assert rules_on_the_page(page)["2.weight"] == "(2×3) = (2×5)·(5×3)"
    page.check("#one-sample")
    page.fill("#sample", str(b))
    assert rules_on_the_page(page)["2.weight"] == "(2×3) = (2×1)·(1×3)"  # tutorial 002's line
    assert rules_on_the_page(page)["A[1]"] == "(3×1) = (3×2)·(2×1)"
    a1, dz2 = step.node.parents[0].data, step.grad
    share = a1[b:b + 1].T @ dz2[b:b + 1]  # what sample b alone sends ∂L/∂W^[2]
    weight = page.locator('#panel .sends[data-slot="1"] table.matrix')
    np.testing.assert_allclose(matrix_on_the_page(weight), share.T, rtol=1e-6)
    sent_a1 = page.locator('#panel .sends[data-slot="0"] table.matrix')
    np.testing.assert_allclose(matrix_on_the_page(sent_a1), step.input_grads[0][b:b + 1].T,
                               rtol=1e-6)
    badges = page.evaluate("[...document.querySelectorAll('.box .shape')].map(t => t.textContent)")
    assert badges[0] == "2×1"  # X, in the column form, is a batch of one


DRAWING_TEXT = "() => [...document.querySelectorAll('#scene text')].map(t => t.textContent)"


def test_names_read_as_the_model_does_and_the_drawing_holds_no_array(tmp_path, watch):
    net, loss = labelled_seed002_net(m=5)
    watch.open(explore(loss, tmp_path / "net.html"))
    page = watch.page
    page.set_viewport_size({"width": 1366, "height": 768})
    for level in ("modules", "ops"):
        page.evaluate(f"explorer.setLevel('{level}')")
        for mode in ("forward", "backward"):
            page.evaluate(f"explorer.setMode('{mode}')")
            for _ in range(3):
                texts = page.evaluate(DRAWING_TEXT)
                assert not [t for t in texts if "linear(" in t or "[[" in t or len(t) > 40
                            or len(re.findall(r"-?\d+\.\d+", t)) > 2], texts
                page.keyboard.press("ArrowRight")
    texts = page.evaluate(DRAWING_TEXT)  # op level: every parameter is a box
    assert {"0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"} <= set(texts)
    assert {name for name, _ in net.named_parameters()} <= set(texts)
    assert any(t.startswith("W[1]") for t in texts)  # the alias, its layer a superscript


def test_the_module_view_of_the_002_net_fits_the_budget_and_opens_fitted(tmp_path, watch):
    _, loss = labelled_seed002_net(m=5)
    page = explore(loss)
    layout = page.data["initial"]["layout"]
    assert layout["w"] <= 1400 and layout["h"] <= 600
    boxes = [b for b in layout["pos"] if b[0] in "vog"]
    assert len(boxes) <= 10  # X, five modules, the loss
    watch.page.set_viewport_size({"width": 1366, "height": 768})
    watch.open(page.save(tmp_path / "net.html"))
    titles = watch.page.evaluate("""[...document.querySelectorAll('.module > .name')]
        .map(t => t.textContent)""")
    assert titles[:5] == ["Linear(2→3)", "Sigmoid", "Linear(3→2)", "Sigmoid", "Linear(2→1)"]
    size = watch.page.evaluate("(() => { const b = document.getElementById('scene').getBBox();"
                               " return [b.width, b.height]; })()")
    assert size[0] <= 1400 and size[1] <= 600
    assert watch.page.evaluate("explorer.scale()") >= 0.6  # the whole net, readable


def test_the_panel_follows_the_step_and_any_box_clicked(tmp_path, watch):
    _, loss = labelled_seed002_net(m=5)
    watch.open(explore(loss, tmp_path / "net.html"))
    page = watch.page
    assert page.inner_text("#panel h2") == "Mul → loss"  # step 1: the last op, of the loss
    page.locator('[data-box="v0"]').click()  # X
    assert page.inner_text("#panel h2") == "X" and "5×2" in page.inner_text("#panel .sub")
    page.locator(".module .chip").first.click()  # the first layer's weight
    assert page.inner_text("#panel h2") == "0.weight"
    watch.press("ArrowRight")
    assert page.inner_text("#panel h2").startswith("Sum")  # the step again
    assert "Backward step 2 of 9" in page.inner_text("#caption")


def test_a_step_of_the_matrix_view_saves_as_svg_and_png(tmp_path, watch):
    _, loss = labelled_seed002_net(m=5)
    watch.open(explore(loss, tmp_path / "net.html"))
    page = watch.page
    watch.press("End")
    with page.expect_download() as info:
        page.click("#save-svg")
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Linear(2→3)" in svg and "data:image/png" in svg
    with page.expect_download() as info:
        page.click("#save-png")
    assert Path(info.value.path()).read_bytes()[:4] == b"\x89PNG"
