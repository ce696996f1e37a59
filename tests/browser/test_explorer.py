"""The explorer page in a real browser: steps, passes, zoom, explanations, groups, nan, saving."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograd import topological_order
from autograd.viz import explore
from autograd.viz.style import fmt_number

from ..viz.helpers import apples_and_oranges, random_dag, reused, two_neurons, with_nan

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def text(watch, selector: str) -> str:
    return watch.page.locator(selector).inner_text()


def in_view(watch, box: str) -> bool:
    watch.settle()
    b = watch.page.locator(f'[data-box="{box}"]').bounding_box()
    v = watch.page.locator("#viewport").bounding_box()
    return (v["x"] <= b["x"] and b["x"] + b["width"] <= v["x"] + v["width"]
            and v["y"] <= b["y"] and b["y"] + b["height"] <= v["y"] + v["height"])


def click_box(watch, box: str) -> None:
    """Click a box as a user would, fitting the graph into the window first if needed."""
    if not in_view(watch, box):
        watch.page.click("#fit")
    watch.page.locator(f'[data-box="{box}"]').click()


def test_steps_by_buttons_slider_keys_and_play(apple, tmp_path, watch):
    watch.open(explore(apple["price"], tmp_path / "apple.html", play_ms=40))
    page = watch.page
    assert text(watch, "#counter") == "Step 1 / 2"
    assert text(watch, "#caption") == ("Backward step 1 of 2: Mul (price) receives grad 1, sends "
                                       "apple_price: 1.1 × 1 = 1.1; tax: 200 × 1 = 200")
    label = page.locator('.elabel[data-key="v3>o4:1"]')
    assert label.text_content() == "200 × 1 = 200" and "hot" in label.get_attribute("class")
    assert "pending" in page.locator('[data-box="v0"] .grad').get_attribute("class")
    page.click("#next")
    assert text(watch, "#counter") == "Step 2 / 2" and page.is_disabled("#next")
    assert "2 × 1.1 = 2.2" in text(watch, "#caption")
    assert "pending" not in page.locator('[data-box="v0"] .grad').get_attribute("class")
    assert "hot" not in label.get_attribute("class")  # an earlier step's label stays, grey
    page.click("#prev")
    assert text(watch, "#counter") == "Step 1 / 2"
    page.locator("#slider").fill("1")
    assert text(watch, "#counter") == "Step 2 / 2"
    page.keyboard.press("Home")
    assert text(watch, "#counter") == "Step 1 / 2"
    page.keyboard.press("ArrowRight")
    assert text(watch, "#counter") == "Step 2 / 2"
    page.keyboard.press("ArrowLeft")
    page.click("#play")
    page.wait_for_function("document.getElementById('counter').textContent === 'Step 2 / 2'")
    page.wait_for_function("document.getElementById('play').textContent === 'Play'")


def test_forward_and_backward_toggle(apple, tmp_path, watch):
    watch.open(explore(apple["price"], tmp_path / "apple.html"))
    page = watch.page
    assert not page.is_visible("#conv-row") and not page.is_visible("#one-sample")  # no matrices
    page.click("#mode-forward")
    assert page.get_attribute("#mode-forward", "aria-pressed") == "true"
    assert text(watch, "#caption") == ("Forward step 1 of 2: Mul(apple = 100, apple_num = 2) "
                                       "gives apple_price = 200")
    price_data = page.locator('[data-box="v4"] .data')
    assert "pending" in price_data.get_attribute("class")  # not computed yet
    assert page.locator(".elabel").all_text_contents() == ["", "", "", ""]
    page.keyboard.press("End")
    assert "pending" not in price_data.get_attribute("class")
    assert "data 220" in price_data.text_content()
    page.keyboard.press("b")
    assert text(watch, "#caption").startswith("Backward step 1 of 2")


def test_zoom_and_fit_change_the_view(tmp_path, watch):
    watch.open(explore(two_neurons(), tmp_path / "n.html"))
    page = watch.page
    first = page.evaluate("explorer.scale()")
    assert first == 1  # too wide to fit at a readable scale: pans instead, at full size
    page.click("#zoom-in")
    assert page.evaluate("explorer.scale()") == pytest.approx(first * 1.25)
    page.click("#fit")
    fitted = page.evaluate("explorer.scale()")
    assert fitted < 0.6 * first  # the whole 2-neuron graph is far wider than the window
    box = page.locator("#viewport").bounding_box()
    page.mouse.move(box["x"] + 200, box["y"] + 200)
    page.mouse.wheel(0, -300)
    assert page.evaluate("explorer.scale()") > fitted
    pan = page.evaluate("explorer.pan()")
    page.mouse.down()
    page.mouse.move(box["x"] + 300, box["y"] + 260, steps=4)
    page.mouse.up()
    moved = page.evaluate("explorer.pan()")
    assert moved["x"] != pan["x"] and moved["y"] != pan["y"]


OUTSIDE_THE_PANE = """() => {
  const pane = document.getElementById("viewport").getBoundingClientRect();
  const texts = [...document.querySelectorAll("#scene text")].filter(t => t.textContent.trim());
  const out = texts.filter(t => {
    const b = t.getBoundingClientRect();
    return b.left < pane.left || b.right > pane.right || b.top < pane.top || b.bottom > pane.bottom;
  });
  return [out.length, texts.length];
}"""


def test_a_page_opens_fitted_with_every_label_in_the_pane(tmp_path, watch):
    watch.page.set_viewport_size({"width": 1366, "height": 768})
    watch.open(explore(apples_and_oranges(), tmp_path / "shop.html"))
    outside, labels = watch.page.evaluate(OUTSIDE_THE_PANE)
    assert labels >= 30 and outside == 0
    assert watch.page.evaluate("explorer.scale()") >= 0.6  # and readable: 12px text at >= 7px
    for _ in range(3):  # stepping keeps it so
        watch.press("ArrowRight")
        assert watch.page.evaluate(OUTSIDE_THE_PANE)[0] == 0


def test_stepping_keeps_the_active_op_in_view(tmp_path, watch):
    watch.open(explore(two_neurons(), tmp_path / "n.html"))
    page = watch.page
    view = page.locator("#viewport").bounding_box()
    for _ in range(5):
        watch.press("ArrowRight")
        op = page.locator(".op.current").bounding_box()
        assert view["x"] <= op["x"] and op["x"] + op["width"] <= view["x"] + view["width"]


def chain_rule_in_panel(watch, box: str, click: bool) -> tuple[list[float], float, str]:
    if click or in_view(watch, box):
        click_box(watch, box)
    else:  # off screen: what a click would do, without refitting the view each time
        watch.page.evaluate(f"explorer.explain({box[1:]}, false)")
    terms = [float(t.get_attribute("data-sent")) for t in watch.page.locator("#panel .term").all()]
    total = watch.page.locator("#panel .total")
    return terms, float(total.get_attribute("data-grad")), text(watch, "#panel .rule")


def test_clicking_a_value_shows_chain_rule_terms_that_sum_to_its_grad(tmp_path, watch):
    a, y = reused()
    watch.open(explore(y, tmp_path / "reused.html"))
    terms, total, rule = chain_rule_in_panel(watch, "v0", click=True)
    y.backward()
    assert sorted(terms) == [2.0, 3.0] and sum(terms) == total == a.grad == 5.0
    assert rule in ("grad(a) = 3 × 1 + 2 × 1 = 5", "grad(a) = 2 × 1 + 3 × 1 = 5")

    root = random_dag(3)
    watch.open(explore(root, tmp_path / "dag.html"))
    nodes = topological_order(root)
    root.backward()
    checked = 0
    for i, node in enumerate(nodes):
        if node.requires_grad and node is not root:
            terms, total, _ = chain_rule_in_panel(watch, f"v{i}", click=False)
            assert sum(terms) == pytest.approx(node.grad, rel=1e-12, abs=1e-300)
            assert total == pytest.approx(node.grad, rel=1e-12, abs=1e-300)
            checked += 1
    assert checked >= 10


def test_clicking_an_op_explains_its_local_derivatives(apple, tmp_path, watch):
    watch.open(explore(apple["price"], tmp_path / "apple.html"))
    click_box(watch, "o2")
    panel = text(watch, "#panel")
    assert "∂y/∂a = b, ∂y/∂b = a" in panel
    assert "∂/∂input 1 = 2; sends 2 × 1.1 = 2.2" in panel
    assert "∂/∂input 2 = 100; sends 100 × 1.1 = 110" in panel
    watch.page.locator("#panel a", has_text="apple_num").first.click()
    assert text(watch, "#panel h2") == "apple_num"
    assert fmt_number(110.00000000000001) in text(watch, "#panel .rule")


def test_opening_and_closing_a_group(scoped_mlp, tmp_path, watch):
    root = scoped_mlp(sizes=(2, 3, 1), samples=2)
    watch.open(explore(root, tmp_path / "mlp.html", collapse_depth=2))
    page = watch.page
    boxes = page.evaluate("explorer.boxes()")
    groups = [b for b in boxes if b.startswith("g")]
    assert len(groups) == 2  # MLP/Layer0 and MLP/Layer1 folded; the Loss nodes shown
    layer0 = next(g for g in groups
                  if "Layer0" in page.locator(f'[data-box="{g}"]').text_content())
    click_box(watch, layer0)
    opened = page.evaluate("explorer.boxes()")
    assert layer0 not in opened and len(opened) > len(boxes)
    neurons = [b for b in opened if b.startswith("g")
               and "Neuron" in page.locator(f'[data-box="{b}"]').text_content()]
    assert len(neurons) == 3  # Layer0's three neurons, still folded one level deeper
    click_box(watch, neurons[0])
    inside = page.evaluate("explorer.boxes()")
    assert any(b.startswith("o") for b in inside)  # the neuron's own ops are shown
    assert page.locator(".frame").count() >= 2  # framed: Layer0 and the neuron
    page.locator(".frame text", has_text="Layer0").click()
    assert sorted(page.evaluate("explorer.boxes()")) == sorted(boxes)


def test_nan_marker_jumps_to_the_first_bad_node(tmp_path, watch):
    bad, y = with_nan()
    watch.open(explore(y, tmp_path / "nan.html"))
    page = watch.page
    button = page.locator("#jump-bad")
    assert button.is_visible() and "log_x" in button.inner_text()
    marked = page.locator(".box.bad")
    assert marked.count() == 1 and marked.get_attribute("data-box") == "v1"
    button.click()
    assert text(watch, "#panel h2") == "log_x"
    assert "The first node whose value is not finite." in text(watch, "#panel")


def test_save_this_step_as_svg_and_png(apple, tmp_path, watch):
    watch.open(explore(apple["price"], tmp_path / "apple.html"))
    page = watch.page
    page.click("#next")
    with page.expect_download() as info:
        page.click("#save-svg")
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename == "backward-step-2.svg"
    assert svg.startswith("<svg") and "apple_price" in svg and "2 × 1.1 = 2.2" in svg
    assert "Backward step 2 of 2" in svg and "<style" in svg
    with page.expect_download() as info:
        page.click("#save-png")
    assert Path(info.value.path()).read_bytes()[:4] == b"\x89PNG"


def test_screenshot_for_the_readme(tmp_path, watch):
    """The README's picture; AUTOGRAD_UPDATE_DOCS=1 writes it to docs/images."""
    watch.open(explore(two_neurons(), tmp_path / "n.html"))
    page = watch.page
    page.set_viewport_size({"width": 1200, "height": 560})
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # the view follows the step
    i = page.evaluate("explorer.data.nodes.name.indexOf('w1*x+b1')")
    click_box(watch, f"v{i}")  # why its gradient is what it is
    out = DOCS_IMAGES if os.environ.get("AUTOGRAD_UPDATE_DOCS") == "1" else tmp_path
    page.screenshot(path=str(out / "explorer.png"))
    assert (out / "explorer.png").read_bytes()[:4] == b"\x89PNG"
