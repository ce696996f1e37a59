"""The examples' command lines: help for every option, one-line errors, --plot everywhere."""

from __future__ import annotations

import argparse
import subprocess
import sys

import numpy as np
import pytest

import nn

from .helpers import REPO, load

EXAMPLES = sorted(path.stem for path in (REPO / "examples").glob("*.py"))
WITH_PLOTS = ["digits", "micrograd_moons", "moons", "regression", "sigmoid_mse", "toy_gaussian",
              "xor"]


@pytest.fixture
def examples_on_path(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "examples"))  # quickstart imports its siblings


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_option_has_help_that_shows_its_default(name, examples_on_path):
    parser = load(name).build_parser()
    options = [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]
    assert options, name
    for action in options:
        assert action.help, f"{name}: {action.option_strings} has no help text"
        if action.default not in (None, False):
            assert "%(default)s" in action.help, f"{name}: {action.option_strings}"
    assert "(default: " in parser.format_help() or all(a.default in (None, False)
                                                       for a in options)


def test_every_training_example_has_plot(examples_on_path):
    have_plot = [name for name in EXAMPLES
                 if any("--plot" in a.option_strings for a in load(name).build_parser()._actions)]
    assert have_plot == WITH_PLOTS


def one_line_exit(info, *needles):
    """The message of a sys.exit(message): one line holding every needle."""
    message = info.value.code
    assert isinstance(message, str) and "\n" not in message, message
    for needle in needles:
        assert needle in message, message
    return message


@pytest.mark.parametrize("name", WITH_PLOTS)
def test_plot_without_matplotlib_names_the_install_command(name, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    with pytest.raises(SystemExit) as info:
        load(name).cli(["--plot", str(tmp_path)])
    one_line_exit(info, f"{name}.py: error: ", "pip install matplotlib")
    assert not list(tmp_path.iterdir())


def test_digits_without_scikit_learn_names_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(SystemExit) as info:
        load("digits").cli(["--dataset", "digits", "--save", str(tmp_path / "d.npz")])
    one_line_exit(info, "digits.py: error: ", "pip install scikit-learn")


def test_digits_load_of_a_missing_or_corrupt_file_is_one_line(tmp_path):
    digits = load("digits")
    with pytest.raises(SystemExit) as info:
        digits.cli(["--load", str(tmp_path / "missing.npz")])
    one_line_exit(info, "digits.py: error: ", "checkpoint file not found", "missing.npz")
    (tmp_path / "bad.npz").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SystemExit) as info:
        digits.cli(["--load", str(tmp_path / "bad.npz")])
    one_line_exit(info, "digits.py: error: ", "bad.npz is a corrupt or truncated checkpoint")
    nn.save({"W1": np.ones((3, 2))}, tmp_path / "other.npz")
    with pytest.raises(SystemExit) as info:
        digits.cli(["--load", str(tmp_path / "other.npz")])
    one_line_exit(info, "other.npz", "W1, b1, W2, b2")


def test_digits_script_with_a_missing_checkpoint_prints_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, str(REPO / "examples" / "digits.py"), "--load", "missing.npz"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("digits.py: error: ")


def record_losses(monkeypatch, loss_name):
    """Wrap nn.functional.<loss_name>: return the list of (loss, batch size) of every call."""
    real = getattr(nn.functional, loss_name)
    seen = []

    def recording(input, target, *args, **kwargs):
        loss = real(input, target, *args, **kwargs)
        seen.append((loss.item(), len(target)))
        return loss

    monkeypatch.setattr(nn.functional, loss_name, recording)
    return seen


def test_moons_reports_the_mean_cost_of_each_epoch(monkeypatch):
    seen = record_losses(monkeypatch, "binary_cross_entropy")
    costs = load("moons").main(epochs=3, verbose=False)["costs"]
    per_epoch = len(seen) // 3  # 25 batches of 32 (drop_last)
    assert len(seen) == 3 * per_epoch and per_epoch == 25
    for epoch, cost in enumerate(costs):
        batch = seen[epoch * per_epoch:(epoch + 1) * per_epoch]
        assert cost == pytest.approx(np.mean([loss for loss, _ in batch]), rel=1e-12)


def test_digits_reports_the_mean_loss_of_each_epoch(monkeypatch, tmp_path):
    pytest.importorskip("sklearn", reason="the 8x8 digits ship with scikit-learn")
    seen = record_losses(monkeypatch, "cross_entropy")
    result = load("digits").main(dataset="digits", hidden=10, epochs=2, save=None,
                                 verbose=False)
    per_epoch = len(seen) // 2
    for epoch, loss in enumerate(result["losses"]):
        batch = seen[epoch * per_epoch:(epoch + 1) * per_epoch]
        losses, sizes = np.array(batch).T
        assert sizes[-1] < sizes[0]  # the short last batch weighs less
        assert loss == pytest.approx(np.sum(losses * sizes) / np.sum(sizes), rel=1e-6)


def test_xor_plots_its_loss_curves_and_decision_boundaries(tmp_path):
    pytest.importorskip("matplotlib")
    load("xor").main(epochs=20, plot_dir=tmp_path, verbose=False)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["xor_2-4-1_tanh_boundary.png", "xor_linear_boundary.png", "xor_loss.png",
                     "xor_two_linear_layers_boundary.png"]
    for name in names:
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG"
