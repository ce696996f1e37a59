"""The README's list of ops is the op table (autograd.ops.TABLE), kept true by this test."""

import inspect
import re
from pathlib import Path

from autograd import ops

README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- op-table -->", "<!-- /op-table -->"


def _inputs(cls: type[ops.Op]) -> str:
    """Each input's domain, as the op declares it (a property's docstring if it depends on
    the op's parameters)."""
    declared = inspect.getattr_static(cls, "domain")
    if isinstance(declared, property):
        return declared.__doc__.strip()
    names = ["x"] if not declared else (["x"] if len(declared) == 1 else ["a", "b"])
    return "; ".join(d.describe(n) for d, n in zip(declared, names)) or "any"


def op_table_markdown() -> str:
    rows = ["| op | computes | local derivatives | inputs |", "| --- | --- | --- | --- |"]
    for cls in ops.TABLE:
        computes = cls.__doc__.strip().splitlines()[0]
        rows.append(f"| `{cls.name}` | {computes} | {cls.derivatives} | {_inputs(cls)} |")
    return "\n".join(rows)


def test_readme_lists_every_op_of_the_table():
    text = README.read_text(encoding="utf-8")
    found = re.search(re.escape(START) + r"\n(.*?)\n" + re.escape(END), text, re.S)
    assert found, f"README.md needs the op table between {START} and {END}"
    expected = op_table_markdown()
    assert found.group(1).strip() == expected, (
        "README.md's op table is out of date; paste this between the markers:\n" + expected
    )
