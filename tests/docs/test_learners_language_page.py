"""The docs page on the learner's language (docs/site/*/learners-language.md): every Python
block runs, and each print shows what the comment after it says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from autograd import messages

PAGES = sorted((Path(__file__).resolve().parents[2] / "docs" / "site").glob(
    "*/learners-language.md"))
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
SAYS = re.compile(r"^\s*print\(.*\)  # (.*)$")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.parent.name)
def test_the_page_runs_and_prints_what_it_says(page):
    pytest.importorskip("matplotlib")
    namespace: dict = {}
    try:
        for block in BLOCK.findall(page.read_text(encoding="utf-8")):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(block, str(page), "exec"), namespace)
            said = [m.group(1) for m in map(SAYS.match, block.splitlines()) if m]
            assert printed.getvalue().splitlines() == said, block
    finally:
        messages.set_language("en")


def test_both_languages_have_the_page():
    assert [p.parent.name for p in PAGES] == ["en", "zh-CN"]
