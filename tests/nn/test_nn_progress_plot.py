"""The examples' helpers: the text progress bar and the optional PNG plots."""

import io

import numpy as np
import pytest

import nn
from nn import plot


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_logs_every_tenth_off_a_terminal():
    out = io.StringIO()
    bar = nn.ProgressBar(range(20), desc="train", file=out)
    seen = []
    for i in bar:
        bar.set(loss=1.0 / (i + 1))
        seen.append(i)
    assert seen == list(range(20))
    lines = out.getvalue().splitlines()
    assert len(lines) == 11  # 1/20, 2/20, 4/20, ..., 18/20 and the final line
    assert lines[-1] == "train [##############################] 20/20 loss=0.05"
    assert lines[0].startswith("train [") and " 1/20 " in lines[0]


def test_progress_bar_write_replaces_the_milestone_lines():
    out = io.StringIO()
    bar = nn.ProgressBar(range(5), file=out, width=5)
    for i in bar:
        bar.write(f"epoch {i}")
    assert out.getvalue().splitlines() == [f"epoch {i}" for i in range(5)] + ["[#####] 5/5"]


def test_progress_bar_redraws_in_place_on_a_terminal():
    out = FakeTTY()
    bar = nn.ProgressBar(range(3), file=out, interval=0.0, width=3)
    for _ in bar:
        bar.write("note")
    text = out.getvalue()
    assert text.count("\r") >= 3 and text.endswith("[###] 3/3\n") and "note\n" in text


def test_progress_bar_silent_and_unsized():
    bar = nn.ProgressBar(iter([1, 2]), file=None)
    assert list(bar) == [1, 2] and bar.line() == "2"


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
