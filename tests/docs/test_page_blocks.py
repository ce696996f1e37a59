"""Every Python block of the READMEs and of every docs page runs, as a reader would paste them:
the blocks of one page in order, in one namespace, in a temporary folder. A block is skipped
only when the page says why (<!-- skip-test: REASON --> before it).

The Chinese pages and README hold the same blocks as the English ones, character for character
but for choosing Chinese output (test_languages.py), so running the English ones runs theirs
too; a Chinese page that does choose Chinese output runs as well."""

from __future__ import annotations

import os

import pytest

from .helpers import README, REPO, SITE, code_blocks, page_name, site_pages, without_comments


def _chooses_chinese(zh_page) -> bool:
    en_page = SITE / "en" / page_name(zh_page)
    return ([without_comments(b.code) for b in code_blocks(zh_page)]
            != [without_comments(b.code) for b in code_blocks(en_page)])


DOCUMENTS = [p for p in [README, *site_pages("en")] if code_blocks(p)] + [
    p for p in site_pages("zh-CN") if _chooses_chinese(p)]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(REPO)))
def test_python_blocks_run(path, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # blocks that write files write them here
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace = {"__name__": "__docs__"}
    for block in code_blocks(path):
        if block.skip_reason is not None:
            assert block.skip_reason, f"{block.where}: skip-test needs a reason"
            continue
        namespace.pop("root", None)
        try:
            exec(compile(block.code, block.where, "exec"), namespace)  # our own documentation
        except ImportError as e:  # a block about an optional extra (scikit-learn, mlxtend, torch)
            if _in_ci():
                raise
            pytest.skip(f"{block.where} needs an optional package: {e}")
        if block.kind == "explorer":  # the build embeds explore(root)
            assert hasattr(namespace.get("root"), "backward"), (
                f"{block.where}: an explorer block must set root to a Value or Tensor")
    assert os.getcwd() == str(tmp_path)


def test_a_skip_needs_a_reason(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- skip-test: opens a window -->\n```python\nx = 1\n```\n\n"
                    "```{explorer} y\n:height: 300\n\nroot = 1\n```\n", encoding="utf-8")
    skipped, explorer = code_blocks(page)
    assert (skipped.skip_reason, skipped.code, skipped.line) == ("opens a window", "x = 1\n", 2)
    assert (explorer.kind, explorer.code, explorer.skip_reason) == ("explorer", "root = 1\n", None)
