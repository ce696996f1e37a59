"""explore(y) in a notebook: executed by nbclient, its output loads in the browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CELL = """\
import sys
sys.path.insert(0, {repo!r})
from autograd import Value
from autograd.viz import explore
a = Value(3.0, label="a")
y = a * a + a
y.label = "y"
explore(y)
"""


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"the notebook test cannot run under CI: {reason}")
    pytest.skip(reason)


def test_explore_displays_inline_in_a_notebook(watch):
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError:
        _unavailable("nbclient / nbformat are not installed (pip install -e '.[test]')")
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(CELL.format(repo=str(REPO))))
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO)}}).execute()
    outputs = nb.cells[0].outputs
    assert [o["output_type"] for o in outputs] == ["execute_result"]
    bundle = outputs[0]["data"]
    frame = bundle["text/html"]
    assert frame.startswith("<iframe") and "srcdoc=" in frame and "sandbox=" in frame
    assert bundle["text/plain"].startswith("<Explorer 'Graph of y'")

    watch.page.set_content(f"<!DOCTYPE html><body style='margin:0'>{frame}</body>")
    inner = watch.page.frames[1]
    inner.wait_for_function("window.explorer !== undefined")
    assert inner.locator("#counter").inner_text() == "Step 1 / 2"
    inner.evaluate("explorer.explain(0, false)")
    assert inner.locator("#panel .rule").inner_text().endswith("= 7")  # grad(a) = 2a + 1
