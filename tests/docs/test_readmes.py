"""The two READMEs: short, the same quickstart and docs command in both, linked both ways, every
lesson and example reachable; and every relative link and anchor of every Markdown document
(READMEs and docs pages) alive, as GitHub shows them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .helpers import (
    LANGUAGES,
    README,
    README_ZH,
    REPO,
    SITE,
    documents,
    outside_code,
    prose,
    text,
)

QUICKSTART = re.compile(r"<!-- quickstart -->\n.*?<!-- /quickstart -->", re.S)
DOCS = re.compile(r"<!-- docs -->\n.*?<!-- /docs -->", re.S)
LINK = re.compile(r"\]\(([^)\s]+)\)")  # [text](target) and ![alt](target)
MAX_README_LINES = 220


def _only(pattern: re.Pattern, path: Path) -> str:
    blocks = pattern.findall(text(path))
    assert len(blocks) == 1, f"{path.name} needs one {pattern.pattern[:15]}... block"
    return blocks[0]


def _first_line(path):
    return next(line for line in text(path).splitlines() if line.strip())


def github_anchors(path: Path) -> set[str]:
    """The ids GitHub (and MyST, myst_heading_anchors) give the headings of ``path``."""
    anchors, seen = set(), {}
    for heading in re.findall(r"^#+ (.+)$", outside_code(text(path)), re.M):
        slug = re.sub(r"[^\w\u4e00-\u9fff\- ]", "", heading.strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        anchors.add(slug if n == 0 else f"{slug}-{n}")
    return anchors


def test_quickstart_and_docs_command_are_identical_in_both():
    for pattern in (QUICKSTART, DOCS):
        assert _only(pattern, README_ZH) == _only(pattern, README), (
            "README.zh-CN.md's block differs from README.md's; copy README.md's block "
            "(markers included) byte for byte:\n" + _only(pattern, README))


def test_the_docs_command_installs_the_extra_and_builds_the_site():
    commands = [line for line in _only(DOCS, README).splitlines() if line.startswith("pip ")]
    assert len(commands) == 1, commands
    assert commands[0].split("#")[0].strip() == (
        'pip install -e ".[docs]" && python docs/site/build.py')


@pytest.mark.parametrize("path", [README, README_ZH], ids=lambda p: p.name)
def test_the_readme_is_short(path):
    lines = text(path).count("\n")
    assert lines <= MAX_README_LINES, (
        f"{path.name} has {lines} lines: it is a README, the manual is the docs site "
        f"(docs/site/); move the details into a page")


def test_the_two_readmes_link_to_each_other_at_the_top():
    assert "](README.zh-CN.md)" in _first_line(README), _first_line(README)
    assert "](README.md)" in _first_line(README_ZH), _first_line(README_ZH)


@pytest.mark.parametrize("readme,lang", [(README, "en"), (README, "zh-CN"), (README_ZH, "zh-CN")],
                         ids=["README.md-en", "README.md-zh-CN", "README.zh-CN.md"])
def test_every_lesson_is_linked(readme, lang):
    lessons = sorted(p.name for p in (REPO / "docs/tutorials" / lang).glob("*.ipynb"))
    assert lessons
    missing = [n for n in lessons if f"(docs/tutorials/{lang}/{n})" not in text(readme)]
    assert not missing, f"{readme.name} does not link the {lang} lessons {missing}"
    assert "(docs/tutorials/README.md)" in text(readme)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_example_is_on_the_examples_page(lang):
    page = text(SITE / lang / "examples.md")
    examples = sorted(p.name for p in (REPO / "examples").glob("*.py"))
    missing = [name for name in examples if f"python examples/{name}" not in page]
    assert examples and not missing, f"docs/site/{lang}/examples.md does not list {missing}"


@pytest.mark.parametrize("path", documents(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_and_anchor_exists(path):
    broken = []
    for target in LINK.findall(prose(text(path))):
        if target.startswith("lang:"):  # a docs page of the other language: lang:zh-CN/x.md#a
            file, _, anchor = target.removeprefix("lang:").partition("#")
            linked = SITE / file
        elif re.match(r"[a-z]+:", target):  # http(s), mailto: not ours to check
            continue
        else:
            file, _, anchor = target.partition("#")
            linked = (path.parent / file).resolve() if file else path
        if not linked.exists():
            broken.append(f"{target}: no file {file}")
        elif anchor and linked.suffix == ".md" and anchor not in github_anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.relative_to(REPO)}")
    assert not broken, f"{path.relative_to(REPO)} has broken links:\n" + "\n".join(broken)


def test_anchors_follow_github(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("# The engine: `Value`, `Tensor`\n## 画出计算图：`autograd.viz`\n"
                    "```python\n# not a heading\n```\n## The engine: `Value`, `Tensor`\n",
                    encoding="utf-8")
    assert github_anchors(path) == {
        "the-engine-value-tensor", "画出计算图autogradviz", "the-engine-value-tensor-1"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_shows_the_readmes_quickstart(lang):
    commands = [line for line in _only(QUICKSTART, README).splitlines() if line.startswith("pip")]
    home = text(SITE / lang / "index.md")
    assert len(commands) == 2 and all(f"\n{c}\n" in home for c in commands), (
        f"docs/site/{lang}/index.md must show README.md's quickstart commands:\n"
        + "\n".join(commands))
