"""The examples' helpers: the progress bar (tqdm) and the optional PNG plots."""

import io
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import tqdm.auto

import nn
from nn import plot

REPO = Path(__file__).resolve().parents[2]


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def states(out):
    """The successive states of the bar (tqdm redraws with a carriage return) and the lines."""
    return [part.strip() for part in out.getvalue().replace("\r", "\n").splitlines()
            if part.strip()]


def test_progress_bar_shows_count_elapsed_time_eta_and_metrics():
    out = io.StringIO()
    bar = nn.ProgressBar(range(20), desc="train", file=out)
    seen = []
    for i in bar:
        bar.set(loss=1.0 / (i + 1))
        seen.append(i)
    assert seen == list(range(20)) and bar.n == 20
    final = states(out)[-1]
    assert re.fullmatch(r"train: 100%\|[#\d ]+\| 20/20 \[00:00<00:00, +[\d.]+it/s, loss=0\.05\]",
                        final), final
    assert out.getvalue().endswith("\n")
    assert len(states(out)) <= 3  # off a terminal, fast loops draw rarely: logs stay short


def test_progress_bar_is_tqdm_auto_and_passes_options_on():
    bar = nn.ProgressBar(range(3), file=io.StringIO(), unit="epoch", mininterval=0)
    assert isinstance(bar.bar, tqdm.auto.tqdm) and bar.bar.unit == "epoch"
    assert list(bar) == [0, 1, 2]


def test_progress_bar_write_prints_lines_above_the_bar():
    out = io.StringIO()
    bar = nn.ProgressBar(range(5), file=out)
    for i in bar:
        bar.write(f"epoch {i}")
    lines = states(out)
    assert [line for line in lines if line.startswith("epoch")] == [f"epoch {i}" for i in range(5)]
    assert " 5/5 " in lines[-1]


def test_progress_bar_redraws_in_place_on_a_terminal():
    out = FakeTTY()
    bar = nn.ProgressBar(range(3), file=out, mininterval=0)
    for _ in bar:
        bar.write("note")
    text = out.getvalue()
    assert text.count("\r") >= 3 and " 3/3 " in text.rsplit("\r", 1)[-1]
    assert text.endswith("\n") and "note\n" in text


def test_progress_bar_silent_and_unsized(capsys):
    bar = nn.ProgressBar(iter([1, 2]), file=None)
    items = []
    for item in bar:
        bar.set(loss=0.5)
        bar.write("not shown")
        items.append(item)
    assert items == [1, 2]
    assert capsys.readouterr() == ("", "")


@pytest.mark.skipif(not plot.have_matplotlib(), reason="matplotlib is not installed")
def test_plots_write_pngs(tmp_path):
    X = np.random.default_rng(0).normal(size=(30, 2))
    y = (X[:, 0] > 0).astype(int)
    a = plot.save_loss_curve({"sgd": [3, 2, 1], "adam": [3, 1, 0.5]}, tmp_path / "a" / "l.png")
    b = plot.save_decision_boundary(lambda P: P[:, 0] > 0, X, y, tmp_path / "b.png",
                                    resolution=20)
    for path in (a, b):
        assert path.read_bytes()[:4] == b"\x89PNG"


def test_plots_are_skipped_without_matplotlib(tmp_path, monkeypatch):
    monkeypatch.setattr(plot, "have_matplotlib", lambda: False)
    assert plot.save_loss_curve([1, 2], tmp_path / "x.png") is None
    assert plot.save_decision_boundary(lambda P: P[:, 0], np.zeros((2, 2)), [0, 1],
                                       tmp_path / "y.png") is None
    assert not list(tmp_path.iterdir())


def test_in_jupyter_without_ipywidgets_the_bar_is_text_and_warns_nothing():
    """tqdm.auto warns "IProgress not found" in a kernel without ipywidgets; nn must not."""
    script = textwrap.dedent("""
        import io, sys, types, warnings
        sys.modules["ipykernel.zmqshell"] = types.ModuleType("ipykernel.zmqshell")
        ipython = types.ModuleType("IPython")  # looks like a Jupyter kernel to tqdm.auto
        ipython.get_ipython = lambda: types.SimpleNamespace()
        sys.modules["IPython"] = ipython
        sys.modules["ipywidgets"] = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import nn
            out = io.StringIO()
            assert list(nn.ProgressBar(range(3), file=out)) == [0, 1, 2]
        print([str(w.message) for w in caught])
        print(out.getvalue().strip().split(chr(13))[-1])
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    caught, bar = done.stdout.splitlines()
    assert caught == "[]" and " 3/3 " in bar


@pytest.mark.skipif(not plot.have_matplotlib(), reason="matplotlib is not installed")
def test_axis_labels_speak_the_learners_language():
    from matplotlib.figure import Figure

    from autograd import messages

    ax = Figure().add_subplot()
    plot.draw_loss_curves(ax, [3, 2, 1], lang="zh-CN")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("epoch", "损失")
    assert [line.get_label() for line in ax.get_lines()] == ["损失"]
    try:
        messages.set_language("zh-CN")  # lang=None: the package-wide language
        ax = Figure().add_subplot()
        plot.draw_loss_curves(ax, {"SGD": [3, 2], "Adam": [3, 1]}, ylabel="交叉熵", log_scale=True)
    finally:
        messages.set_language("en")
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_yscale()) == ("epoch", "交叉熵", "log")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["SGD", "Adam"]
    ax = Figure().add_subplot()
    plot.draw_loss_curves(ax, [1, 0.5])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("epoch", "loss")


@pytest.mark.skipif(not plot.have_matplotlib(), reason="matplotlib is not installed")
def test_decision_boundary_colours_the_plane_by_the_prediction():
    from matplotlib.figure import Figure

    X = np.array([[-1.0, 0.0], [1.0, 0.0]])
    ax = Figure().add_subplot()
    plot.draw_decision_boundary(ax, lambda P: P[:, 0] > 0, X, [0, 1], title="x > 0",
                                resolution=11)
    assert ax.get_title() == "x > 0" and ax.get_xlim() == (-1.5, 1.5)
    plane, points = ax.collections  # contourf, then scatter
    assert min(plane.levels) <= 0 and max(plane.levels) >= 1  # both classes are coloured
    assert points.get_offsets().tolist() == X.tolist()
    ax = Figure().add_subplot()  # probabilities on a fixed scale: 0.5 everywhere is one colour
    plot.draw_decision_boundary(ax, lambda P: np.full(len(P), 0.5), X, [0, 1], resolution=5,
                                levels=np.linspace(0, 1, 12), point_size=60)
    assert list(ax.collections[0].levels) == pytest.approx(np.linspace(0, 1, 12))
    assert ax.collections[1].get_sizes().tolist() == [60]


@pytest.mark.skipif(not plot.have_matplotlib(), reason="matplotlib is not installed")
def test_chinese_text_gets_a_fallback_font(monkeypatch):
    import warnings

    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.font_manager import fontManager

    monkeypatch.setitem(matplotlib.rcParams, "font.family", ["sans-serif"])
    installed = {font.name for font in fontManager.ttflist}
    found = plot.add_chinese_font_fallback()
    if not installed & set(plot.CHINESE_FONTS):
        assert found is None and matplotlib.rcParams["font.family"] == ["sans-serif"]
        pytest.skip("no Chinese font installed")
    assert matplotlib.rcParams["font.family"] == ["sans-serif", found]
    assert plot.add_chinese_font_fallback() == found  # once is enough
    assert matplotlib.rcParams["font.family"] == ["sans-serif", found]
    fig = Figure()
    plot.draw_loss_curves(fig.add_subplot(), [2, 1], title="训练损失 loss", lang="zh-CN")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would be raised
        fig.savefig(io.BytesIO(), format="png")
