"""Headless Chromium for the page tests (Debian's ``chromium``, driven by playwright).

Without a browser or playwright the tests skip, saying why; under ``CI=true``
that is a failure instead, so CI cannot pass without running them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..viz.conftest import apple, scoped_mlp  # noqa: F401 (the viz tests' graphs, as fixtures)

CHROMIUM = os.environ.get("AUTOGRAD_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:  # (playwright gives each launch a fresh profile)
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


class PageWatch:
    """A page that records console errors, page errors and any non-local request."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def open(self, path: Path) -> None:
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.explorer !== undefined")
        self.settle()

    def settle(self) -> None:
        """Wait for the next frame to be drawn: Panzoom moves the view in an animation
        frame, so a box's place on screen lags a step's keypress until then."""
        self.page.evaluate("new Promise(done => requestAnimationFrame(() => "
                           "requestAnimationFrame(done)))")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.settle()

    def check_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.requests == [], self.requests


@pytest.fixture
def watch(browser) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 1280, "height": 760}, accept_downloads=True)
    w = PageWatch(context.new_page())
    yield w
    w.check_clean()
    context.close()
