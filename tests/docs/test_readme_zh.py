"""README.zh-CN.md, the Chinese README: the same quickstart as README.md, linked both ways,
every link and anchor in it alive, every example and Chinese lesson in it.
(Its Python blocks run in test_readme_snippets.py.)"""

import re

from .helpers import READMES, REPO

README = REPO / "README.md"
README_ZH = REPO / "README.zh-CN.md"
QUICKSTART = re.compile(r"<!-- quickstart -->\n.*?<!-- /quickstart -->", re.S)
LINK = re.compile(r"\]\(([^)\s]+)\)")  # [text](target) and ![alt](target)


def _text(path):
    return path.read_text(encoding="utf-8")


def _quickstart(path):
    blocks = QUICKSTART.findall(_text(path))
    assert len(blocks) == 1, f"{path.name} needs one quickstart block, found {len(blocks)}"
    return blocks[0]


def _first_line(path):
    return next(line for line in _text(path).splitlines() if line.strip())


def _anchor(heading):
    """GitHub's id for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_quickstart_block_is_identical_to_the_english_one():
    assert _quickstart(README_ZH) == _quickstart(README), (
        "README.zh-CN.md's quickstart differs from README.md's; copy README.md's block "
        "(markers included) byte for byte:\n" + _quickstart(README)
    )


def test_the_two_readmes_link_to_each_other_at_the_top():
    assert "](README.zh-CN.md)" in _first_line(README), _first_line(README)
    assert "](README.md)" in _first_line(README_ZH), _first_line(README_ZH)


def test_its_python_blocks_are_run_by_the_snippet_test():
    assert README_ZH in READMES


def test_every_relative_link_and_anchor_exists():
    headings = {
        path: {_anchor(h) for h in re.findall(r"^#+ (.+)$", _text(path), re.M)}
        for path in (README, README_ZH)
    }
    broken = []
    for target in LINK.findall(_text(README_ZH)):
        if re.match(r"[a-z]+:", target):  # http(s), mailto: not ours to check
            continue
        file, _, anchor = target.partition("#")
        path = REPO / file if file else README_ZH
        if not path.exists():
            broken.append(f"{target}: no file {file}")
        elif anchor and anchor not in headings.get(path, set()):
            broken.append(f"{target}: no heading #{anchor} in {path.name}")
    assert not broken, "README.zh-CN.md has broken links:\n" + "\n".join(broken)


def test_every_example_and_chinese_lesson_is_listed():
    text = _text(README_ZH)
    examples = sorted(p.name for p in (REPO / "examples").glob("*.py"))
    lessons = sorted(p.name for p in (REPO / "docs/tutorials/zh-CN").glob("*.ipynb"))
    assert examples and lessons
    missing = [f"python examples/{name}" for name in examples
               if f"python examples/{name}" not in text]
    missing += [f"docs/tutorials/zh-CN/{name}" for name in lessons
                if f"(docs/tutorials/zh-CN/{name})" not in text]
    assert not missing, f"README.zh-CN.md does not list {missing}"
