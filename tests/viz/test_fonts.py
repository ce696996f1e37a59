"""Renders print nothing on stderr, find real fonts (Chinese too), change no environment
variable, and respect a user's own FONTCONFIG_FILE."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pygraphviz
import pytest
from PIL import Image

from autograd.viz.dot import render_bytes
from autograd.viz.fonts import FONTS_CONF, bundled_fontconfig

REPO = Path(__file__).resolve().parents[2]
BUNDLED = bundled_fontconfig(Path(pygraphviz.__file__).parent)

# Runs in a fresh process, where fontconfig starts: renders, a notebook display, the CLI.
SCRIPT = r"""
import contextlib, io, json, os, re, sys
from pathlib import Path
before = dict(os.environ)
import pygraphviz
from autograd import Value
from autograd.viz import draw, fonts, render
from autograd.viz.cli import main
from autograd.viz.dot import render_bytes

out = Path(sys.argv[1])
a = Value(2.0, label="a")
y = (a * 3).tanh()
y.label = "y"
y.backward()
render(y, out / "y.png")
render(y, out / "y.svg")                            # a second render
bundle = draw(y)._repr_mimebundle_()                 # what a notebook cell shows
with contextlib.redirect_stdout(io.StringIO()):
    status = main(["a*b", "--set", "a=1,b=2", "-o", str(out / "cli.svg")])

def width(label):
    svg = render_bytes('digraph { n [fontname=Helvetica label="%s"] }' % label, "svg")
    return float(re.search(rb'<svg width="([0-9.]+)pt"', svg).group(1))

print(json.dumps({
    "environ_unchanged": dict(os.environ) == before, "cli_status": status,
    "svg": "<svg" in bundle["image/svg+xml"],
    "loaded": fonts.configure_bundled_fontconfig(Path(pygraphviz.__file__).parent),
    "wide": width("WWWWWWWWWW"), "narrow": width("iiiiiiiiii"),
}))
"""


def run_script(tmp_path: Path, **env: str) -> tuple[dict, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("FONTCONFIG_")}
    base.update(PYTHONPATH=str(REPO), XDG_CACHE_HOME=str(tmp_path / "cache"), **env)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True,
                          text=True, env=base, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1]), done.stderr


def test_renders_the_cli_and_a_notebook_display_print_nothing(tmp_path):
    result, stderr = run_script(tmp_path)
    assert stderr == ""  # no "Fontconfig warning: ... unknown element "reset-dirs""
    assert result["environ_unchanged"] and result["cli_status"] == 0 and result["svg"]
    assert (tmp_path / "y.png").exists() and (tmp_path / "cli.svg").exists()
    if BUNDLED is not None:  # the wheel's fontconfig read the package's fonts.conf ...
        assert result["loaded"] == str(FONTS_CONF)
        cache = tmp_path / "cache" / "autograd" / "fontconfig"  # ... and cached its fonts
        assert any(".cache-" in f.name for f in cache.iterdir())
    else:
        assert result["loaded"] is None
    # real, proportional glyphs: ten W's are far wider than ten i's
    assert result["wide"] > 1.5 * result["narrow"]


def test_a_users_own_fontconfig_file_is_respected(tmp_path):
    (tmp_path / "no-fonts").mkdir()
    conf = tmp_path / "user.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{tmp_path / "no-fonts"}</dir>'
                    f"<cachedir>{tmp_path / 'user-cache'}</cachedir></fontconfig>\n")
    result, stderr = run_script(tmp_path, FONTCONFIG_FILE=str(conf))
    assert stderr == "" and result["environ_unchanged"]
    assert result["loaded"] == ("user" if BUNDLED is not None else None)
    # the user's setup has no fonts: every glyph is the same missing-glyph box
    assert result["wide"] == result["narrow"]


def _ink(label: str) -> int:
    png = render_bytes(f'digraph {{ n [shape=plaintext fontname=Helvetica label="{label}"] }}',
                       "png")
    with Image.open(io.BytesIO(png)) as im:
        return int((np.asarray(im.convert("L")) < 128).sum())


def test_png_text_is_drawn_in_real_glyphs():
    assert _ink("WWWW") > 2 * _ink("iiii")


CJK_FONT_NAMES = ("*CJK*", "*cjk*", "wqy*", "DroidSansFallback*", "SourceHan*")


def _cjk_font_installed() -> bool:
    folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
               Path.home() / ".local/share/fonts", Path.home() / ".fonts"]
    return any(next(d.rglob(n), None) for d in folders if d.is_dir() for n in CJK_FONT_NAMES)


@pytest.mark.skipif(not _cjk_font_installed(),
                    reason="no CJK font installed (Debian/Ubuntu: apt install fonts-noto-cjk)")
def test_chinese_labels_are_drawn_in_real_glyphs():
    # one stroke against many: a missing-glyph box would make them alike
    assert _ink("龘龘龘") > 3 * _ink("一一一")


def test_fonts_conf_ships_with_the_package():
    import configparser

    setup = configparser.ConfigParser()
    setup.read(REPO / "setup.cfg")
    assert "fonts.conf" in setup["options.package_data"]["autograd.viz"].split()
    assert FONTS_CONF.is_file() and FONTS_CONF.parent.name == "viz"


def test_a_notebook_cell_that_draws_shows_no_stderr():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from autograd import Value\nfrom autograd.viz import draw\n"
        "a = Value(2.0, label='价格')\ny = (a * 3).tanh()\ny.backward()\ndraw(y)")]
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(REPO)}}).execute()
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["execute_result"]  # no stderr stream
    assert "价格" in outputs[0].data["image/svg+xml"]
