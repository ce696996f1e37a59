"""The nn examples train the tutorials' networks and reach the issue's targets."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nn

from .helpers import REPO, load


def test_moons_reaches_95_percent_test_accuracy(tmp_path, capsys):
    result = load("moons").main(plot_dir=tmp_path if nn.plot.have_matplotlib() else None)
    assert result["test_accuracy"] >= 0.95
    out = capsys.readouterr().out
    assert "n_input = 2, n_output = 1" in out and "Cost after epoch 0:" in out
    assert f"Accuracy: {result['test_accuracy']}" in out
    if nn.plot.have_matplotlib():
        for name in ("moons_loss.png", "moons_boundary.png"):
            assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def tutorial_train_demo(epochs: int) -> list[tuple[float, float]]:
    """The fourth tutorial's TwoLayerNet + train_demo in numpy: (loss, acc) every 100 epochs."""
    def softmax(x):
        x = x - np.max(x, axis=1, keepdims=True)
        e = np.exp(x)
        return e / np.sum(e, axis=1, keepdims=True)

    np.random.seed(42)
    c0 = np.random.randn(100, 2) + np.array([-1.0, 0.5])
    c1 = np.random.randn(100, 2) + np.array([1.0, -0.5])
    X = np.vstack([c0, c1])
    y = np.eye(2)[[0] * 100 + [1] * 100]
    W1, b1 = np.random.randn(2, 8) * 0.1, np.zeros(8)
    W2, b2 = np.random.randn(8, 2) * 0.1, np.zeros(2)

    def forward(X):
        h = X @ W1 + b1
        r = np.maximum(h, 0)
        return h, r, r @ W2 + b2

    printed = []
    for epoch in range(epochs):
        h, r, scores = forward(X)
        dout = (softmax(scores) - y) / len(X)
        dW2, db2 = r.T @ dout, dout.sum(axis=0)
        dr = dout @ W2.T
        dr[h <= 0] = 0
        dW1, db1 = X.T @ dr, dr.sum(axis=0)
        W1, b1, W2, b2 = W1 - 0.1 * dW1, b1 - 0.1 * db1, W2 - 0.1 * dW2, b2 - 0.1 * db2
        p = np.clip(softmax(forward(X)[2]), 1e-15, 1 - 1e-15)
        loss = -np.mean(np.sum(y * np.log(p), axis=1))
        if epoch % 100 == 0:
            acc = np.mean(np.argmax(forward(X)[2], axis=1) == np.argmax(y, axis=1))
            printed.append((loss, acc))
    return printed


def test_toy_gaussian_prints_the_tutorials_numbers(capsys):
    result = load("toy_gaussian").main()
    assert result["accuracy"] >= 0.90
    losses = result["losses"]
    assert losses[-1] < 0.4 * losses[0] and losses[-1] < min(losses[:100])
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("Epoch ")]
    expected = [f"Epoch {100 * i}, Loss {loss:.4f}, Acc {acc:.3f}"
                for i, (loss, acc) in enumerate(tutorial_train_demo(1000))]
    assert lines == expected


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_regression_2321_trains_and_matches_the_derivation(activation, tmp_path):
    plot_dir = tmp_path if nn.plot.have_matplotlib() else None  # plots are the [plot] extra
    result = load("regression").main(activation=activation, plot_dir=plot_dir, verbose=False)
    assert result["grad_check"] < 1e-12
    assert result["losses"][-1] < 0.1 * result["losses"][0]
    assert result["r2"] >= 0.95


def test_sigmoid_mse_all_three_optimizers_lower_the_loss(capsys):
    history = load("sigmoid_mse").main()
    assert set(history) == {"SGD", "Adam", "Adagrad"}
    for name, losses in history.items():
        assert len(losses) == 1000
        assert losses[-1] < 0.85 * losses[0], name
    assert history["Adam"][-1] < history["SGD"][-1]
    assert "Adam Epoch 900, loss:" in capsys.readouterr().out


def test_xor_linear_models_fail_and_the_mlp_solves_it():
    result = load("xor").main(verbose=False)
    acc = result["accuracy"]
    assert acc["linear"] <= 0.75 and acc["two linear layers"] <= 0.75
    assert acc["2-4-1 tanh"] == 1.0
    assert result["final_loss"]["linear"] == pytest.approx(np.log(2), abs=1e-3)


def test_xor_noisy_samples():
    acc = load("xor").main(epochs=300, samples=200, noise=0.1, verbose=False)["accuracy"]
    assert acc["linear"] < 0.8 and acc["2-4-1 tanh"] >= 0.95


def test_digits_trains_saves_and_loads_for_inference(tmp_path, capsys):
    pytest.importorskip("sklearn", reason="the 8x8 digits ship with scikit-learn")
    digits = load("digits")
    path = tmp_path / "digits.npz"
    trained = digits.main(dataset="digits", save=path, verbose=False)
    assert trained["dataset"] == "digits" and trained["test_accuracy"] >= 0.95
    assert set(nn.load(path)) == {"layer1.weight", "layer1.bias", "layer2.weight",
                                  "layer2.bias", "config.relu"}
    inferred = digits.main(dataset="digits", load=path)
    assert inferred["test_accuracy"] == trained["test_accuracy"]
    out = capsys.readouterr().out
    assert f"test accuracy: {trained['test_accuracy']:.4f}" in out and "predicted" in out


def test_digits_relu_adam(tmp_path):
    pytest.importorskip("sklearn", reason="the 8x8 digits ship with scikit-learn")
    digits = load("digits")
    path = tmp_path / "relu.npz"
    result = digits.main(dataset="digits", relu_adam=True, epochs=20, save=path, verbose=False)
    assert result["test_accuracy"] >= 0.95
    model = digits.load_checkpoint(path)
    assert model.relu and isinstance(model.act, nn.ReLU)


def test_digits_loads_tutorial_style_parameters(tmp_path):
    """The first lesson's flow: parameters W1, b1 (1, H), W2, b2 handed out, then inference."""
    digits = load("digits")
    model = digits.DigitsMLP(64, 30)
    sd = model.state_dict()
    path = tmp_path / "given.npz"
    nn.save({"W1": sd["layer1.weight"], "b1": sd["layer1.bias"].reshape(1, -1),
             "W2": sd["layer2.weight"], "b2": sd["layer2.bias"].reshape(1, -1)}, path)
    loaded = digits.load_checkpoint(path)
    x = np.random.default_rng(0).random((5, 64), dtype=np.float32)
    np.testing.assert_allclose(loaded.predict_proba(x), model.predict_proba(x))


def test_digits_cli_runs_inference(tmp_path):
    pytest.importorskip("sklearn", reason="the 8x8 digits ship with scikit-learn")
    digits = load("digits")
    path = tmp_path / "cli.npz"
    digits.main(dataset="digits", epochs=2, save=path, verbose=False)
    run = subprocess.run(
        [sys.executable, str(REPO / "examples" / "digits.py"), "--dataset", "digits",
         "--load", str(path)],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    assert "test accuracy:" in run.stdout


def test_micrograd_moons_reaches_full_training_accuracy():
    result = load("micrograd_moons").main(verbose=False)
    assert result["final_accuracy"] == 1.0
    assert result["losses"][-1] < 0.1 * result["losses"][0]


def write_fake_mnist(root: Path, n_train: int = 600, n_test: int = 100) -> None:
    """Four IDX files shaped like MNIST: each digit is a fixed random 28x28 pattern plus noise."""
    from nn.datasets import write_idx

    rng = np.random.default_rng(0)
    templates = rng.random((10, 28, 28)) > 0.7
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        labels = rng.integers(0, 10, size=n).astype(np.uint8)
        images = templates[labels] * 180 + rng.integers(0, 60, size=(n, 28, 28))
        write_idx(root / f"{prefix}-images-idx3-ubyte.gz", images.astype(np.uint8))
        write_idx(root / f"{prefix}-labels-idx1-ubyte.gz", labels)


def test_digits_uses_mnist_files_when_present(tmp_path):
    """The 784-H-10 path, on IDX files the test writes (no network)."""
    write_fake_mnist(tmp_path)
    result = load("digits").main(root=str(tmp_path), epochs=3, save=tmp_path / "m.npz",
                                 verbose=False)
    assert result["dataset"] == "mnist" and result["test_accuracy"] >= 0.95
    assert nn.load(tmp_path / "m.npz")["layer1.weight"].shape == (784, 100)


def test_bench_contenders_compute_the_same_losses():
    """bench/nn_step.py: the engine's step equals the tutorial's numpy step (and torch's)."""
    spec = importlib.util.spec_from_file_location("bench_nn_step", REPO / "bench" / "nn_step.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    names = ["autograd + nn"]
    if importlib.util.find_spec("torch") is not None:
        names.append("PyTorch CPU")
    bench.check_same_losses(names, n=3)
    timings = bench.time_steps({"numpy": bench.numpy_step(*bench.make_data())}, n=2, rounds=1)
    assert len(timings["numpy"]) == 1 and timings["numpy"][0] > 0
