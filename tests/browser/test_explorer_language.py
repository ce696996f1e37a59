"""A page in the learner's language: lang="zh-CN" leaves no English in what the page
says itself (its buttons, captions, panels, notes, tooltips), only in the graph's own
names, op names and code."""

from __future__ import annotations

import re

from autograd.viz import explore

from ..viz.helpers import apples_and_oranges, labelled_seed002_net

VISIBLE_TEXT = """() => {
  const parts = [document.body.innerText, document.title];
  for (const e of document.querySelectorAll("[title], [aria-label], [alt]"))
    for (const a of ["title", "aria-label", "alt"]) parts.push(e.getAttribute(a) || "");
  for (const t of document.querySelectorAll("#scene text, #scene title")) parts.push(t.textContent);
  return parts.join("\\n");
}"""
# What the graph itself names (the page shows it as it is): names, ops, code, formulas.
DATA_WORDS = """() => {
  const d = explorer.data, words = [...d.nodes.name, ...d.scopes.map(s => s.path)];
  d.ops.forEach(o => words.push(o.name, o.detail));
  ["alias", "symbol"].forEach(k => (d.nodes[k] || []).forEach(w => w && words.push(w)));
  (d.rules || []).forEach(r => Object.values(r).forEach(v => {
    [v.forward, ...v.rules].forEach(x => words.push(x.math, x.numpy || "", x.source || ""));
  }));
  return words;
}"""
KEYS_AND_FORMATS = {"SVG", "PNG", "nan", "inf", "Home", "End"}


def english_left(page) -> set[str]:
    text = page.evaluate(VISIBLE_TEXT)
    allowed = set(KEYS_AND_FORMATS)
    for phrase in page.evaluate(DATA_WORDS):
        allowed.update(re.findall(r"[A-Za-z]{2,}", phrase or ""))
    return set(re.findall(r"[A-Za-z]{2,}", text)) - allowed


def visit_everything(page) -> set[str]:
    """Step through both passes, open every box's explanation: the English seen."""
    left = english_left(page)
    for mode in ("forward", "backward"):
        page.evaluate(f"explorer.setMode('{mode}')")
        for _ in range(page.evaluate("explorer.data.backward.node.length")):
            left |= english_left(page)
            page.keyboard.press("ArrowRight")
    for i in range(page.evaluate("explorer.data.nodes.name.length")):
        page.evaluate(f"explorer.explain({i}, false)")
        left |= english_left(page)
        if page.evaluate(f"explorer.data.nodes.op[{i}]") >= 0:
            page.evaluate(f"explorer.explain({i}, true)")
            left |= english_left(page)
    return left


def test_a_chinese_scalar_page_has_no_english_left(tmp_path, watch):
    watch.open(explore(apples_and_oranges(), tmp_path / "shop.html", lang="zh-CN"))
    assert watch.page.inner_text("#mode-backward") == "反向传播"
    assert watch.page.inner_text("#caption").startswith("反向传播第 1 / 4 步")
    assert visit_everything(watch.page) == set()


def test_a_chinese_matrix_page_has_no_english_left(tmp_path, watch):
    _, loss = labelled_seed002_net(m=5)
    watch.open(explore(loss, tmp_path / "net.html", lang="zh-CN"))
    page = watch.page
    assert page.inner_text("#conv-column") == "列向量写法"
    page.click("#conv-column")
    page.check("#one-sample")
    left = visit_everything(page)
    page.uncheck("#one-sample")
    page.evaluate("explorer.setLevel('ops')")
    page.evaluate("explorer.show(6)")
    page.locator("#panel td[data-cell]").first.click()  # a drill-down
    assert "链式法则" in page.inner_text("#footer")
    assert (left | visit_everything(page)) == set()
