"""The built docs site: built once per test run (python docs/site/build.py, strict), served
on 127.0.0.1, opened in headless Chromium (tests/conftest.py's ``browser``).

These tests run last, after the lesson notebooks have been executed by tests/tutorials: the
build then shows those executed copies instead of running every lesson again. Without the docs
extra (Sphinx, myst-nb, furo, jieba, MathJax) they skip, saying so; under CI=true that is a
failure instead.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import HTML, load_site_module, require_docs_packages


def pytest_collection_modifyitems(session, config, items):
    """Run the site's tests after every other test (the lessons are executed by then)."""
    here = Path(__file__).parent
    items.sort(key=lambda item: Path(str(item.path)).is_relative_to(here))


@pytest.fixture(scope="session")
def site() -> Path:
    """The site, built strictly into docs/_build/html/ (both languages)."""
    require_docs_packages()
    build = load_site_module("build")
    if build.main([]) != 0:
        pytest.fail("python docs/site/build.py failed: see the captured output", pytrace=False)
    return HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site) -> Iterator[str]:
    """The base URL of the built site, served on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
