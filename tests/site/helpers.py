"""Paths and helpers for the tests of the built docs site (shared by conftest and the tests)."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "docs" / "site"
HTML = REPO / "docs" / "_build" / "html"
SCREENSHOTS = REPO / "docs" / "_build" / "screenshots"
DOCS_PACKAGES = ("sphinx", "myst_nb", "furo", "jieba", "sphinx-mathjax-offline")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def require_docs_packages() -> None:
    """Skip (or, under CI, fail) when the docs extra is not installed."""
    missing = [name for name in DOCS_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        reason = f'the docs build needs {", ".join(missing)}: pip install -e ".[docs]"'
        if in_ci():
            pytest.fail(f"CI is set and {reason}", pytrace=False)
        pytest.skip(reason)


def load_site_module(name: str):
    """A module of docs/site (build, linkcheck, autograd_docs), imported from its folder."""
    if str(SITE) not in sys.path:
        sys.path.insert(0, str(SITE))
    return importlib.import_module(name)

