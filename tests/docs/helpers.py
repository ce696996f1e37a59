"""The project's Markdown documents (the two READMEs and the docs site's pages, both languages)
and their Python code blocks, so that tests can run and compare them."""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "docs" / "site"
LANGUAGES = ("en", "zh-CN")
GENERATED = ("lessons", "api")  # folders the build writes into each source tree (not committed)
README = REPO / "README.md"
README_ZH = REPO / "README.zh-CN.md"

# ```python blocks, and the build-time code of ```{explorer} NAME blocks (options skipped);
# a block may be preceded by <!-- skip-test: REASON --> (the reason is required).
_FENCE = re.compile(
    r"(?:^<!-- skip-test:(?P<reason>[^\n]*?)-->\n)?"
    r"^```(?P<kind>python|\{explorer\}[^\n]*)\n(?P<code>.*?)^```[ \t]*$", re.S | re.M)
_OPTION = re.compile(r"^:[\w-]+:.*\n")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    kind: str  # "python" or "explorer"
    code: str
    skip_reason: str | None

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}"


def site_pages(lang: str) -> list[Path]:
    """The committed pages of one language's source tree."""
    root = SITE / lang
    return sorted(p for p in root.rglob("*.md")
                  if p.relative_to(root).parts[0] not in GENERATED)


def page_name(path: Path) -> str:
    """A page's name within its language: ``viz.md``, ``guide/x.md``."""
    for lang in LANGUAGES:
        if path.is_relative_to(SITE / lang):
            return path.relative_to(SITE / lang).as_posix()
    return path.name


def documents() -> list[Path]:
    """Every Markdown document whose code blocks run as tests: the READMEs and the pages."""
    return [README, README_ZH] + [p for lang in LANGUAGES for p in site_pages(lang)]


def chinese_documents() -> list[Path]:
    return [README_ZH, *site_pages("zh-CN")]


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def code_blocks(path: Path) -> list[Block]:
    """The Python blocks of ``path`` in order (explorer blocks without their options)."""
    source = text(path)
    blocks = []
    for m in _FENCE.finditer(source):
        kind = "python" if m["kind"] == "python" else "explorer"
        code = m["code"]
        if kind == "explorer":
            while _OPTION.match(code):
                code = _OPTION.sub("", code, count=1)
            code = code.lstrip("\n")
        reason = m["reason"].strip() if m["reason"] is not None else None
        line = source.count("\n", 0, m.start("kind")) + 1
        blocks.append(Block(path, line, kind, code, reason))
    return blocks


def outside_code(source: str) -> str:
    """``source`` with the contents of fenced code blocks blanked (line numbers kept)."""
    return re.sub(r"^```.*?^```", lambda m: "\n" * m.group(0).count("\n"), source,
                  flags=re.S | re.M)


def prose(source: str) -> str:
    """``source`` without code: fenced blocks blanked, inline code spans removed."""
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", outside_code(source), flags=re.S)


# The one difference allowed in a Chinese page's code: choosing Chinese output.
CHOOSE_CHINESE = ((re.compile(r',\s*lang="zh-CN"'), ""),
                  (re.compile(r'set_language\("zh-CN"\)'), 'set_language("en")'))


def without_comments(code: str) -> str:
    """The code with its comments (which a Chinese page translates) taken out."""
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    kept = [t for t in tokens if t.type != tokenize.COMMENT]
    return "\n".join(line.rstrip() for line in tokenize.untokenize(kept).splitlines())


def as_english_code(code: str) -> str:
    """A Chinese page's code without its comments and its choice of Chinese output."""
    code = without_comments(code)
    for pattern, english in CHOOSE_CHINESE:
        code = pattern.sub(english, code)
    return code
