"""One view rule: the page's script (static/js/view.js) folds groups exactly as
pagelayout.view does (which lays out the first view), on generated graphs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd.viz import explore
from autograd.viz.pagelayout import view

from ..viz.helpers import two_neurons


@st.composite
def scoped_graphs(draw) -> tuple[dict, list[int]]:
    """Page data as far as the view rule reads it (nodes' ops, parents and scopes, the
    scopes' tree), and a set of open scopes."""
    n_scopes = draw(st.integers(0, 6))
    scopes = []
    for s in range(n_scopes):
        parent = draw(st.integers(-1, s - 1))
        scopes.append({"parent": parent, "depth": 1 if parent < 0 else scopes[parent]["depth"] + 1})
    n = draw(st.integers(1, 14))
    op, parents, scope = [], [], []
    for i in range(n):
        is_op = i > 0 and draw(st.booleans())
        op.append(0 if is_op else -1)
        parents.append(draw(st.lists(st.integers(0, i - 1), min_size=1, max_size=3))
                       if is_op else [])
        scope.append(draw(st.integers(-1, n_scopes - 1)))
    expanded = draw(st.lists(st.integers(0, max(n_scopes - 1, 0)), unique=True)
                    if n_scopes else st.just([]))
    nodes = {"name": [f"n{i}" for i in range(n)], "op": op, "parents": parents, "scope": scope}
    return {"nodes": nodes, "scopes": scopes}, expanded


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory) -> Iterator[object]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(explore(two_neurons(), tmp_path_factory.mktemp("rule") / "n.html").as_uri())
    page.wait_for_function("window.explorer !== undefined")
    yield page
    context.close()


@settings(max_examples=150, deadline=None)
@given(scoped_graphs())
def test_the_page_and_python_fold_groups_alike(page, graph):
    data, expanded = graph
    python = view(data, expanded)
    js = page.evaluate("([d, e]) => explorer.viewOf(d.nodes, d.scopes, e)", [data, expanded])
    assert js["boxes"] == python.boxes
    assert js["edges"] == {key: list(e) for key, e in python.edges.items()}
