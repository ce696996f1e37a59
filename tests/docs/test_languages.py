"""The docs in two languages stay in step: the same pages in docs/site/en and docs/site/zh-CN,
with the same Python blocks (code is shared, as in the lessons: only the prose, the comments and
the choice of Chinese output differ);
the Chinese texts use the glossary's terms (/work/shared/GLOSSARY.md) and have no line break
between two Chinese characters (a browser shows it as a stray space)."""

from __future__ import annotations

import difflib
import re

import pytest

from .helpers import (
    README,
    README_ZH,
    REPO,
    SITE,
    as_english_code,
    chinese_documents,
    code_blocks,
    outside_code,
    page_name,
    site_pages,
    text,
)

EN_PAGES = [page_name(p) for p in site_pages("en")]
# The glossary's "not" column: terms no Chinese text of the project uses, and what to write.
NOT_GLOSSARY = {"正向传播": "前向传播", "梯度确认": "梯度校验"}
CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"  # ideographs and CJK punctuation
BREAK = re.compile(f"[{CJK}]\n[ \t]*[{CJK}]")
HAN = re.compile(r"[\u4e00-\u9fff]")
def test_both_languages_have_the_same_pages():
    assert EN_PAGES, f"no pages in {SITE / 'en'}"
    assert [page_name(p) for p in site_pages("zh-CN")] == EN_PAGES


def _same_code(en, zh):
    en_blocks, zh_blocks = code_blocks(en), code_blocks(zh)
    assert [b.kind for b in en_blocks] == [b.kind for b in zh_blocks], (
        f"{zh.relative_to(REPO)} must have the Python blocks of {en.relative_to(REPO)}, "
        f"in the same order ({len(zh_blocks)} vs {len(en_blocks)})")
    for a, b in zip(en_blocks, zh_blocks):
        english, chinese = as_english_code(a.code), as_english_code(b.code)
        if english != chinese:
            diff = "\n".join(difflib.unified_diff(english.splitlines(), chinese.splitlines(),
                                                  a.where, b.where, lineterm=""))
            pytest.fail("the code differs between the languages (only comments, "
                        f'lang="zh-CN" and set_language("zh-CN") may differ):\n{diff}',
                        pytrace=False)


@pytest.mark.parametrize("name", EN_PAGES)
def test_pages_share_their_python_blocks(name):
    _same_code(SITE / "en" / name, SITE / "zh-CN" / name)


def test_readmes_share_their_python_blocks():
    _same_code(README, README_ZH)


@pytest.mark.parametrize("path", chinese_documents(), ids=lambda p: str(p.relative_to(REPO)))
def test_chinese_text_uses_the_glossary_terms(path):
    source = text(path)
    wrong = [f"line {source.count(chr(10), 0, m.start()) + 1}: {m.group(0)} "
             f"(write {NOT_GLOSSARY[m.group(0)]})"
             for m in re.finditer("|".join(NOT_GLOSSARY), source)]
    assert not wrong, f"{path.relative_to(REPO)} uses terms the glossary rules out:\n" + (
        "\n".join(wrong))


@pytest.mark.parametrize("path", chinese_documents(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_line_break_between_chinese_characters(path):
    source = outside_code(text(path))
    breaks = [f"line {source.count(chr(10), 0, m.start()) + 1}: {m.group(0)!r}"
              for m in BREAK.finditer(source)]
    assert not breaks, (
        f"{path.relative_to(REPO)} breaks lines between Chinese characters, which shows as a "
        "stray space: join them\n" + "\n".join(breaks))


@pytest.mark.parametrize("path", chinese_documents(), ids=lambda p: str(p.relative_to(REPO)))
def test_chinese_pages_are_translated(path):
    prose = outside_code(text(path))
    assert len(HAN.findall(prose)) > 0.2 * len(re.findall(r"[A-Za-z]+", outside_code(
        text(SITE / "en" / page_name(path)) if path != README_ZH else text(README)))), (
        f"{path.relative_to(REPO)} has little Chinese in it: translate the English page")


def test_the_break_finder_finds_breaks():
    assert BREAK.search("计算\n图") and BREAK.search("反向传播，\n  然后") and not BREAK.search(
        "计算图\n`x`")
