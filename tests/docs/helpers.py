"""The Python code blocks of the READMEs, so that a test can run each of them."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
READMES = [p for p in (REPO / "README.md", REPO / "README.zh-CN.md") if p.exists()]
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def python_blocks(readme: Path) -> list[tuple[int, str]]:
    """(line number, code) of every ```python block of ``readme``."""
    text = readme.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in _BLOCK.finditer(text)]
