"""The docs' list of ops (the "Writing an op" page, both languages) is the op table
(autograd.ops.TABLE), kept true by this test."""

import inspect
import re

import pytest

from autograd import ops

from .helpers import LANGUAGES, SITE

PAGES = [SITE / lang / "writing-ops.md" for lang in LANGUAGES]
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


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.parent.name)
def test_the_page_lists_every_op_of_the_table(page):
    text = page.read_text(encoding="utf-8")
    found = re.search(re.escape(START) + r"\n(.*?)\n" + re.escape(END), text, re.S)
    assert found, f"{page} needs the op table between {START} and {END}"
    expected = op_table_markdown()
    assert found.group(1).strip() == expected, (
        f"{page}'s op table is out of date; paste this between the markers:\n" + expected
    )
