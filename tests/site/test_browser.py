"""The built site in headless Chromium (1366x768, laptop size): no page asks for anything
outside the site (fonts, scripts, MathJax: all local), the language switch leads to the same
page in the other language, searching for a Chinese word finds Chinese pages, math is typeset,
and the embedded explorer pages run. Screenshots land in docs/_build/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .helpers import SCREENSHOTS

LOCAL_SCHEMES = ("data:", "about:", "blob:")  # besides the site itself, on 127.0.0.1

PAGES = ["en/index.html", "zh-CN/index.html", "en/api/autograd.html", "zh-CN/api/nn.html",
         "en/lessons/01_computational_graph.html", "zh-CN/lessons/06_softmax_cross_entropy.html",
         "en/viz.html", "zh-CN/viz.html", "en/search.html", "zh-CN/genindex.html"]


class SiteWatch:
    """A browser tab on the site that records every request outside it and every error."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1366, "height": 768})
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.context.route("**/*", self._route)  # every frame's requests, iframes included

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / name))


@pytest.fixture
def tab(browser, server) -> Iterator[SiteWatch]:
    watch = SiteWatch(browser, server)
    yield watch
    watch.context.close()


def _shot_name(path: str) -> str:
    return path.replace("/", "_").replace(".html", ".png")


@pytest.mark.parametrize("path", PAGES)
def test_a_page_loads_nothing_from_outside(tab, path):
    tab.open(path)
    tab.page.wait_for_timeout(300)  # lazy frames and MathJax's fonts
    tab.screenshot(_shot_name(path))
    assert tab.outside == [], f"{path} asked for {tab.outside}"
    assert tab.errors == [], f"{path}: {tab.errors}"


@pytest.mark.parametrize("path", ["en/engine.html", "zh-CN/lessons/02_writing_layers.html",
                                  "en/api/nn.optim.html"])
def test_the_language_switch_goes_to_the_same_page(tab, server, path):
    lang, page = path.split("/", 1)
    other = "zh-CN" if lang == "en" else "en"
    tab.open(path)
    tab.page.click(f".autograd-lang-switch a[hreflang='{other}']")
    tab.page.wait_for_load_state("load")
    assert tab.page.url == f"{server}{other}/{page}"
    assert tab.page.locator(f".autograd-lang-switch [aria-current='page'][lang='{other}']").count()
    tab.page.click(f".autograd-lang-switch a[hreflang='{lang}']")
    tab.page.wait_for_load_state("load")
    assert tab.page.url == f"{server}{path}"


@pytest.mark.parametrize("word,expected", [("梯度", "梯度校验"), ("链式法则", "计算图与链式法则")])
def test_searching_a_chinese_word_finds_pages(tab, word, expected):
    tab.open(f"zh-CN/search.html?q={word}")
    results = tab.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15000)
    titles = results.locator("a").all_inner_texts()
    assert len(titles) >= 3, titles
    assert any(expected in t for t in titles), titles
    if word == "梯度":
        tab.screenshot("zh-CN_search_梯度.png")
    assert tab.outside == []


def test_searching_english_finds_the_api(tab):
    tab.open("en/search.html?q=gradcheck")
    results = tab.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15000)
    assert any("gradcheck" in t for t in results.locator("a").all_inner_texts())


def test_math_is_typeset_by_the_local_mathjax(tab):
    tab.open("en/lessons/06_softmax_cross_entropy.html")
    tab.page.locator("mjx-container").first.wait_for(timeout=15000)
    assert tab.page.locator("mjx-container").count() > 5
    assert tab.outside == []


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_the_embedded_explorer_runs(tab, lang):
    tab.open(f"{lang}/viz.html")
    iframe = tab.page.locator("iframe.autograd-explorer")
    iframe.scroll_into_view_if_needed()
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function("window.explorer !== undefined", timeout=15000)
    caption = frame.locator("text=apple_price").first
    caption.wait_for(timeout=5000)
    tab.screenshot(f"{lang}_viz_explorer.png")
    assert tab.outside == [] and tab.errors == []
