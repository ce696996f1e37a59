"""Executed copies of the lesson notebooks, shared by the test run and the docs build.

The notebook tests (tests/tutorials) execute every lesson; each one that runs cleanly is saved
here, under docs/_build/executed/<lang>/, stamped with a key. The docs build shows a saved copy
instead of executing the lesson again when its key is still the current one: the key hashes the
notebook's cells and every source file of the packages (``autograd``, ``nn``), so a changed
lesson or a changed engine is executed afresh. Standard library only: the tests load this file
by path.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
EXECUTED = REPO / "docs" / "_build" / "executed"
PACKAGES = ("autograd", "nn")
SOURCE_SUFFIXES = (".py", ".js", ".css", ".html", ".conf")
KEY = "autograd_docs_key"  # the notebook metadata entry that holds the key


def package_digest() -> bytes:
    """A digest of every source file of the packages."""
    digest = hashlib.sha256()
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(REPO).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.digest()


def lesson_key(notebook: dict[str, Any]) -> str:
    """The key of a lesson: its cells (type and source) and the packages' sources."""
    cells = [(c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list)
              else c["source"]) for c in notebook["cells"]]
    digest = hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode())
    digest.update(package_digest())
    return digest.hexdigest()


def executed_path(lang: str, name: str) -> Path:
    return EXECUTED / lang / name


def save_executed(lang: str, name: str, source: dict[str, Any], executed: dict[str, Any]) -> None:
    """Save ``executed`` (the lesson ``name`` run cleanly) with the key of ``source``."""
    executed = dict(executed, metadata=dict(executed["metadata"], **{KEY: lesson_key(source)}))
    path = executed_path(lang, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(executed, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def current_executed(lang: str, name: str, source: dict[str, Any]) -> dict[str, Any] | None:
    """The saved executed copy of a lesson, if its key is the current one (else None)."""
    path = executed_path(lang, name)
    if not path.exists():
        return None
    executed = json.loads(path.read_text(encoding="utf-8"))
    if executed.get("metadata", {}).get(KEY) != lesson_key(source):
        return None
    if any(out.get("output_type") == "error" for cell in executed["cells"]
           for out in cell.get("outputs", ())):
        return None
    return executed
