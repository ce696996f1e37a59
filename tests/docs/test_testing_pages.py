"""The testing-an-engine pages (en, zh-CN): every Python block runs, as a reader would paste it."""

import pytest

from .helpers import REPO, python_blocks

PAGES = [REPO / "docs" / "site" / lang / "testing-an-engine.md" for lang in ("en", "zh-CN")]
CASES = [(page, line, code) for page in PAGES for line, code in python_blocks(page)]


@pytest.mark.parametrize("page,line,code", CASES,
                         ids=[f"{p.parent.name}/{p.name}:{line}" for p, line, _ in CASES])
def test_page_python_block_runs(page, line, code, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    exec(compile(code, f"{page.name}:{line}", "exec"), {"__name__": "__docs__"})  # our docs
    printed = capsys.readouterr().out
    assert printed.strip()  # every block shows something


def test_the_pages_have_the_same_code_and_sections():
    en, zh = (python_blocks(page) for page in PAGES)

    def code(blocks):  # without comments, which are translated
        return [[line.split("  #")[0].split(" #")[0].rstrip() for line in block.splitlines()
                 if not line.lstrip().startswith("#")] for _, block in blocks]

    strip_lang = [[line.replace(', lang="zh-CN"', "") for line in block] for block in code(zh)]
    assert strip_lang == code(en)
    headings = [page.read_text(encoding="utf-8").count("\n## ") for page in PAGES]
    assert headings[0] == headings[1] == 6


def test_the_chinese_page_uses_the_tutorials_terms():
    text = PAGES[1].read_text(encoding="utf-8")
    assert "梯度校验" in text and "中心差分" in text and "反向传播" in text
    assert "梯度确认" not in text and "正向传播" not in text
