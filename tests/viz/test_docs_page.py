"""The matrix view's docs pages run as they stand and print what their comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "site"
PAGES = [DOCS / lang / "matrix-view.md" for lang in ("en", "zh-CN")]
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def expected_lines(block: str) -> list[str]:
    """What a block's comments say it prints: the comment of a ``print(...)`` line, and
    the comment lines right below a print."""
    found, below_print = [], False
    for line in block.splitlines():
        stripped = line.strip()
        if "print(" in line:
            if "  # " in line:
                found.append(line.split("  # ", 1)[1])
            below_print = True
        elif below_print and stripped.startswith("# "):
            found.append(stripped[2:])
        else:
            below_print = False
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.parent.name)
def test_page_runs_and_prints_its_comments(page, tmp_path, monkeypatch):
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# ")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in BLOCK.findall(text):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, str(page), "exec"), namespace)
        printed = iter(out.getvalue().splitlines())
        for want in expected_lines(block):  # each one printed, in this order
            assert any(line.strip() == want for line in printed), (want, block)
