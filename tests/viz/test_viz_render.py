"""render(): valid SVG/PNG/PDF/DOT files, atomic writes, engine fallbacks and errors."""

from __future__ import annotations

import io
import os
import stat
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from autograd.viz import RenderError, draw, render


@pytest.fixture
def engine(monkeypatch):
    """Switch the engines off: ``engine(pygraphviz=False, dot=None | path)``."""
    import autograd.viz.rendering as mod

    def set_(pygraphviz: bool = True, dot: str | None = None) -> None:
        if not pygraphviz:
            def fail():
                raise ImportError("no pygraphviz here")

            monkeypatch.setattr(mod, "_import_pygraphviz", fail)
        monkeypatch.setattr(mod.shutil, "which", lambda name: dot if name == "dot" else None)

    return set_


def test_svg_is_xml_with_the_labels(apple, tmp_path):
    path = render(apple["price"], tmp_path / "apple.svg")
    assert path == tmp_path / "apple.svg"
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    texts = [t.text for t in root.iter() if t.tag.endswith("text")]
    for label in ["apple", "apple_num", "tax", "price", "Mul", "data 220", "grad 2.2", "grad 110",
                  "grad 200"]:
        assert label in texts, label


def test_png_is_a_real_image(apple, tmp_path):
    path = render(apple["price"], tmp_path / "apple.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(data)) as im:
        assert im.width > 400 and im.height > 50


def test_pdf_and_dot(apple, tmp_path):
    assert render(apple["price"], tmp_path / "a.pdf").read_bytes()[:5] == b"%PDF-"
    dot = render(apple["price"], tmp_path / "a.DOT")  # the extension is case-insensitive
    assert dot.read_text() == draw(apple["price"]).source


def test_renders_a_finished_digraph_and_passes_draw_options(apple, tmp_path):
    dot = draw(apple["price"], show_grad=False)
    assert "grad" not in [t.text for t in ET.parse(render(dot, tmp_path / "a.svg")).iter()]
    text = render(apple["price"], tmp_path / "b.dot", rankdir="TB").read_text()
    assert "rankdir=TB" in text
    with pytest.raises(TypeError, match="draw options"):
        render(dot, tmp_path / "c.svg", rankdir="TB")


def test_write_is_atomic_and_makes_folders(apple, tmp_path):
    target = tmp_path / "deep" / "er" / "apple.svg"
    target.parent.mkdir(parents=True)
    target.write_text("old")
    render(apple["price"], target)
    assert target.read_text().startswith("<?xml")
    assert os.listdir(target.parent) == ["apple.svg"]  # no temporary file left behind
    assert stat.S_IMODE(target.stat().st_mode) & 0o044  # readable by others, not 0600
    assert render(apple["price"], tmp_path / "new" / "x.png").exists()


def test_failed_render_leaves_the_old_file(apple, tmp_path, engine):
    engine(pygraphviz=False, dot=None)
    target = tmp_path / "apple.svg"
    target.write_text("old")
    with pytest.raises(RenderError):
        render(apple["price"], target)
    assert target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["apple.dot", "apple.svg"]


def test_without_engine_writes_dot_and_says_how_to_install(apple, tmp_path, engine):
    engine(pygraphviz=False, dot=None)
    with pytest.raises(RenderError) as info:
        render(apple["price"], tmp_path / "apple.png")
    message = str(info.value)
    assert "pip install pygraphviz" in message and "apple.dot" in message
    assert not (tmp_path / "apple.png").exists()
    assert (tmp_path / "apple.dot").read_text() == draw(apple["price"]).source


def test_uses_dot_on_path_when_pygraphviz_is_missing(apple, tmp_path, engine):
    fake = tmp_path / "dot"
    fake.write_text('#!/bin/sh\necho "$1" > "$0.args"\ncat > /dev/null\necho "<svg>fake</svg>"\n')
    fake.chmod(0o755)
    engine(pygraphviz=False, dot=str(fake))
    out = render(apple["price"], tmp_path / "out" / "a.svg")
    assert out.read_text() == "<svg>fake</svg>\n"
    assert (tmp_path / "dot.args").read_text().strip() == "-Tsvg"


@pytest.mark.parametrize(
    ("target", "error", "words"),
    [
        ("graph.jpg", ValueError, [".svg", ".png", ".pdf", ".dot", "'.jpg'"]),
        ("graph", ValueError, ["(none)"]),
        (42, TypeError, ["file path", "int"]),
    ],
)
def test_bad_paths(apple, tmp_path, target, error, words):
    path = tmp_path / target if isinstance(target, str) else target
    with pytest.raises(error) as info:
        render(apple["price"], path)
    for w in words:
        assert w in str(info.value)


def test_bad_root(tmp_path):
    with pytest.raises(TypeError, match=r"render\(\) takes a Value or Tensor"):
        render(3.0, tmp_path / "x.svg")
