"""The docs page "The engine in 40 lines": its code runs as printed, fits its title, and
gives the engine's gradients on random graphs."""

from __future__ import annotations

import ast
import contextlib
import io
import random
import re

import pytest

from autograd import Value

from .helpers import REPO

PAGES = [REPO / "docs" / "site" / lang / "engine-in-40-lines.md" for lang in ("en", "zh-CN")]
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks(page) -> list[str]:
    return _BLOCK.findall(page.read_text(encoding="utf-8"))


def run_page(page) -> tuple[dict, str]:
    """Every Python block of the page, in order, in one namespace; and what they print."""
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for code in blocks(page):
            exec(compile(code, str(page), "exec"), namespace)
    return namespace, out.getvalue()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.parent.name)
def test_the_page_prints_what_its_comments_say(page):
    _, printed = run_page(page)
    expected = [line.lstrip("# ") for code in blocks(page) for line in code.splitlines()
                if re.match(r"# \d", line)]
    assert printed.splitlines() == expected


def test_both_languages_show_the_same_code():
    assert blocks(PAGES[0]) == blocks(PAGES[1])


def test_the_engine_is_40_lines_of_code():
    """Non-blank lines of the first block, docstrings not counted."""
    code = blocks(PAGES[0])[0]
    docstrings = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(node):
            first = node.body[0]
            docstrings.update(range(first.lineno, first.end_lineno + 1))
    lines = [n for n, line in enumerate(code.splitlines(), 1)
             if line.strip() and n not in docstrings]
    assert len(lines) <= 40, f"{len(lines)} lines"


def random_graph(rng: random.Random, make, n_leaves: int, steps: int):
    """Leaves and a root built from them with + and *, reusing earlier nodes (fan-out)."""
    nodes = [make(rng.uniform(-2, 2)) for _ in range(n_leaves)]
    leaves = list(nodes)
    for _ in range(steps):
        a, b = rng.choice(nodes), rng.choice(nodes[-3:])  # often the latest: deep graphs
        nodes.append(a + b if rng.random() < 0.5 else a * b)
    return leaves, nodes[-1]


@pytest.mark.parametrize("seed", range(20))
def test_the_page_and_the_engine_give_the_same_gradients(seed):
    page, _ = run_page(PAGES[0])
    graphs = []
    for make in (page["Node"], Value):
        leaves, root = random_graph(random.Random(seed), make, n_leaves=3, steps=12)
        if make is Value:
            root.backward()
        else:
            page["backward"](root)
        graphs.append((root.data, [x.grad for x in leaves]))
    (ours, our_grads), (engine, engine_grads) = graphs
    assert ours == pytest.approx(engine, rel=1e-12)
    assert our_grads == pytest.approx(engine_grads, rel=1e-9, abs=1e-12)


def test_the_page_order_puts_every_node_after_its_inputs():
    page, _ = run_page(PAGES[0])
    _, root = random_graph(random.Random(0), page["Node"], n_leaves=2, steps=30)
    order = page["topological_order"](root)
    position = {id(n): i for i, n in enumerate(order)}
    assert len(position) == len(order)  # each node once, though reused
    assert all(position[id(p)] < position[id(n)] for n in order for p in n.parents)
    deep = page["Node"](1.0)
    for _ in range(5000):  # deeper than Python's recursion limit
        deep = deep * page["Node"](1.0)
    page["backward"](deep)
