"""The examples print and return the tutorial's numbers and write their pictures."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from .helpers import REPO, load


def grads(nodes, *names):
    return [nodes[n].grad for n in names]


def test_apple_tax(tmp_path, capsys):
    result = load("apple_tax").main(tmp_path)
    one, two = result["apples"], result["apples_and_oranges"]
    assert one["price"].data == pytest.approx(220)
    assert grads(one, "apple", "apple_num", "tax") == pytest.approx([2.2, 110, 200])
    assert two["price"].data == pytest.approx(715)
    assert grads(two, "apple", "apple_num", "orange", "orange_num", "tax") == pytest.approx(
        [2.2, 110, 3.3, 165, 650])
    out = capsys.readouterr().out
    assert "price: 220" in out and "price: 715" in out
    table = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.split()}
    assert table["orange_num"] == ["3", "165"] and table["tax"] == ["1.1", "650"]
    for stem in ("apple_tax", "apple_orange_tax"):
        assert (tmp_path / f"{stem}.svg").read_text().count("<svg") == 1
        assert (tmp_path / f"{stem}.png").read_bytes()[:4] == b"\x89PNG"
        assert (tmp_path / f"{stem}_backward.html").exists()
        assert (tmp_path / f"{stem}_backward.gif").read_bytes()[:6] == b"GIF89a"


def test_car_purchase(tmp_path, capsys):
    nodes = load("car_purchase").main(tmp_path)
    assert nodes["total"].data == pytest.approx(44)
    assert grads(nodes, "unit_price", "quantity", "tax") == pytest.approx([2.2, 22, 40])
    assert "total: 44" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "car_purchase.png", "car_purchase.svg", "car_purchase_backward.html"]


def test_neuron(tmp_path):
    nodes = load("neuron").main(tmp_path)
    assert nodes["o"].data == pytest.approx(0.7071, abs=1e-4)
    assert grads(nodes, "x1", "w1", "x2", "w2", "b") == pytest.approx([-1.5, 1.0, 0.5, 0.0, 0.5])
    texts = [t.text for t in ET.parse(tmp_path / "neuron.svg").iter()]
    assert "grad -1.5" in texts and "Tanh" in texts


def test_vanishing_gradients(tmp_path):
    table = load("vanishing_gradients").main(tmp_path)
    sigmoid, relu = table["sigmoid"], table["relu"]
    assert sigmoid[0] < 1e-3 * sigmoid[-1]  # vanishes toward the input
    assert min(relu) > 0.1  # ReLU keeps it
    assert (tmp_path / "sigmoid_mlp_neurons.png").read_bytes()[:4] == b"\x89PNG"


def test_runs_as_a_script_from_the_repo_root(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "examples/car_purchase.py", "--out", str(tmp_path)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("total: 44\n")
