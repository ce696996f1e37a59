"""The page tests' helpers: a watched page (console errors, non-local requests) and the viz
tests' graphs. The browser itself is tests/conftest.py's ``browser`` fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..viz.conftest import apple, scoped_mlp  # noqa: F401 (the viz tests' graphs, as fixtures)

LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
# The ``browser`` fixture (headless Chromium) is in tests/conftest.py: one for the whole run, as
# tests/site uses it too (two playwright instances cannot share a thread).


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
