"""render(): valid SVG/PNG/PDF/DOT files, atomic writes, engine fallbacks and errors."""

from __future__ import annotations

import io
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from autograd import Value
from autograd.viz import RenderError, draw, render


@pytest.fixture
def engine(monkeypatch):
    """Switch the engines off: ``engine(pygraphviz=False, dot=None | path)``."""
    import autograd.viz.dot as mod

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


def test_uses_dot_on_path_when_pygraphviz_is_missing(apple, tmp_path, engine, capfd):
    fake = tmp_path / "dot"
    fake.write_text('#!/bin/sh\necho "$1" > "$0.args"\ncat > /dev/null\necho "<svg>fake</svg>"\n'
                    'echo "Fontconfig warning: a system dot may chatter" >&2\n')
    fake.chmod(0o755)
    engine(pygraphviz=False, dot=str(fake))
    out = render(apple["price"], tmp_path / "out" / "a.svg")
    assert out.read_text() == "<svg>fake</svg>\n"
    assert (tmp_path / "dot.args").read_text().strip() == "-Tsvg"
    assert capfd.readouterr().err == ""  # a successful render prints nothing


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


def test_a_large_render_prints_nothing(capfd, tmp_path):
    y = Value(1.0, label="x")
    for _ in range(340):  # 1021 graphviz nodes: pygraphviz warns above 1000
        y = y * 1.001
    render(y, tmp_path / "chain.svg")
    assert capfd.readouterr().err == ""


@pytest.fixture
def no_system_dot(monkeypatch, tmp_path):
    """No ``dot`` program on PATH (graphviz.Digraph's own methods would need it); work in
    an empty folder, to see every file written."""
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def test_digraph_methods_need_no_system_dot_and_leave_no_source(apple, no_system_dot):
    dot = draw(apple["price"])
    assert dot.render("graph", format="svg") == "graph.svg"  # micrograd's lessons call this
    assert "apple_num" in [t.text for t in ET.parse("graph.svg").iter()]
    assert dot.render("g2", view=False, cleanup=True) == "g2.pdf"  # the default format
    assert Path("g2.pdf").read_bytes()[:5] == b"%PDF-"
    assert dot.render(outfile="out/o.png") == os.path.join("out", "o.png")
    assert dot.render("x", directory="sub", format="PNG") == os.path.join("sub", "x.png")
    assert Path("sub/x.png").read_bytes()[:4] == b"\x89PNG"
    assert dot.pipe(format="svg").startswith(b"<?xml")
    assert dot.pipe("png")[:4] == b"\x89PNG"
    assert "apple_num" in dot.pipe(format="svg", encoding="utf-8")
    # only the images: no DOT source file ("graph", "g2", "autograd.gv") beside them
    assert sorted(os.listdir(no_system_dot)) == ["g2.pdf", "graph.svg", "out", "sub"]
    assert os.listdir("out") == ["o.png"] and os.listdir("sub") == ["x.png"]


def test_digraph_methods_refuse_what_they_cannot_do(apple, no_system_dot):
    dot = draw(apple["price"])
    with pytest.raises(ValueError, match=r"'\.jpg' is not one of \.svg, \.png, \.pdf, \.dot"):
        dot.render("g", format="jpg")
    with pytest.raises(ValueError, match="svg, png, pdf"):
        dot.pipe(format="gif")
    with pytest.raises(ValueError, match="engine='neato'"):
        dot.render("g", format="svg", engine="neato")
    with pytest.raises(ValueError, match="format='png' but outfile='a.svg'"):
        dot.render(outfile="a.svg", format="png")
    dot.render("g", format="svg")
    with pytest.raises(FileExistsError, match="g.svg"):
        dot.render("g", format="svg", raise_if_result_exists=True)
    assert os.listdir(no_system_dot) == ["g.svg"]


def test_view_opens_the_image_with_the_platforms_viewer(apple, no_system_dot, monkeypatch):
    import autograd.viz.output as mod

    opened = []
    monkeypatch.setattr(mod, "viewer_command", lambda: ["/opt/viewer"])
    monkeypatch.setattr(mod.subprocess, "Popen", lambda cmd, **kw: opened.append((cmd, kw)))
    assert draw(apple["price"]).view("graph") == "graph.pdf"
    assert [cmd for cmd, _ in opened] == [["/opt/viewer", "graph.pdf"]]
    assert opened[0][1]["stderr"] == mod.subprocess.DEVNULL  # the viewer's chatter stays quiet
    draw(apple["price"]).render("other", format="svg", view=True)
    assert opened[1][0] == ["/opt/viewer", "other.svg"]


def test_view_without_a_display_says_where_the_image_is(apple, no_system_dot, monkeypatch,
                                                        capsys):
    import autograd.viz.output as mod

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(mod.sys, "platform", "linux")
    assert mod.viewer_command() is None

    def no_viewer(*args, **kwargs):
        raise AssertionError("no viewer may be started without a display")

    monkeypatch.setattr(mod.subprocess, "Popen", no_viewer)
    assert draw(apple["price"]).view() == "autograd.gv.pdf"  # graphviz's default name
    out = capsys.readouterr()
    assert "wrote autograd.gv.pdf" in out.out and "no viewer" in out.out and out.err == ""
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(mod.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert mod.viewer_command() == ["/usr/bin/xdg-open"]


def test_repr_says_what_a_drawing_is_and_how_to_see_it(apple):
    text = repr(draw(apple["price"]))
    assert text.startswith("<GraphDrawing of 5 values and 2 ops:") and "object at" not in text
    assert ".render('graph', format='svg')" in text and ".view()" in text
