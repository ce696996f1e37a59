"""draw(highlight=...): the given nodes get a thick red border, nothing else changes."""

from __future__ import annotations

import pytest

from autograd import Value, name_scope
from autograd.viz import backward_frames, draw
from autograd.viz.options import HIGHLIGHT


def _boxes(dot, parse_dot) -> dict[str, str]:
    """Each value box's label HTML, keyed by its bold name."""
    g = parse_dot(dot.source)
    return {n.attr["label"].split("<b>")[1].split("</b>")[0]: n.attr["label"]
            for n in g.nodes() if n.attr["shape"] == "plain" and "<b>" in n.attr["label"]}


def test_highlighted_node_gets_a_thick_red_border(apple, parse_dot):
    boxes = _boxes(draw(apple["price"], highlight=apple["apple_price"]), parse_dot)
    assert f'color="{HIGHLIGHT}"' in boxes["apple_price"]
    assert 'border="3"' in boxes["apple_price"]
    assert [name for name, label in boxes.items() if HIGHLIGHT in label] == ["apple_price"]
    assert 'border="3"' not in boxes["apple"]


def test_several_nodes_and_nothing_else_changes(apple, parse_dot):
    plain = draw(apple["price"]).source
    assert HIGHLIGHT not in plain
    assert draw(apple["price"], highlight=()).source == plain
    marked = _boxes(draw(apple["price"], highlight=[apple["apple"], apple["tax"]]), parse_dot)
    assert sorted(n for n, label in marked.items() if HIGHLIGHT in label) == ["apple", "tax"]
    assert draw(apple["price"], highlight=(apple["tax"],)).source == \
        draw(apple["price"], highlight=apple["tax"]).source  # one node or a list of one


def test_a_collapsed_group_holding_a_highlighted_node_is_marked(parse_dot):
    x = Value(1.0, label="x")
    with name_scope("Layer"):
        h = (x * 2.0).tanh()
        h.label = "h"
    y = h * 3.0
    y.label = "y"
    g = parse_dot(draw(y, collapse_depth=1, highlight=h).source)
    groups = [n.attr["label"] for n in g.nodes() if n.get_name().startswith("g_")]
    assert len(groups) == 1 and HIGHLIGHT in groups[0]


def test_bad_highlights_are_named(apple):
    with pytest.raises(ValueError, match="not in this graph"):
        draw(apple["price"], highlight=Value(3.0))
    with pytest.raises(TypeError, match="highlight must be a Value or Tensor"):
        draw(apple["price"], highlight="apple")
    with pytest.raises(TypeError, match="highlight must be a Value or Tensor"):
        draw(apple["price"], highlight=[apple["apple"], 3])


def test_animation_frames_take_it_too(apple, parse_dot):
    frames = backward_frames(apple["price"], highlight=apple["apple"])
    for frame in frames:
        boxes = _boxes(frame, parse_dot)
        assert [n for n, label in boxes.items() if f'color="{HIGHLIGHT}"' in label] == ["apple"]
