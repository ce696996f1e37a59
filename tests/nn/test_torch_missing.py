"""The torch interop without torch: importing nn never imports it, and calling a function that
needs it says in one line what to install (these tests run whether or not torch is installed)."""

import subprocess
import sys

import numpy as np
import pytest

import nn
from autograd import AutogradError


def test_importing_nn_does_not_import_torch():
    code = ("import sys, nn; m = nn.Sequential(nn.Linear(2, 2, rng=0)); "
            "state = {'0.weight': [[1.0, 2.0], [3.0, 4.0]], '0.bias': [0, 0]}; "
            "nn.load_torch_state_dict(m, state); "
            "assert m[0].weight.data.tolist() == [[1.0, 3.0], [2.0, 4.0]]; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture
def no_torch(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now fails


@pytest.mark.parametrize("call", [
    lambda m: nn.to_torch(m), lambda m: nn.torch_state_dict(m), lambda m: nn.from_torch(m)],
    ids=["to_torch", "torch_state_dict", "from_torch"])
def test_missing_torch_is_a_one_line_error_saying_what_to_install(no_torch, call):
    with pytest.raises(nn.TorchNotInstalledError) as info:
        call(nn.Linear(2, 2, rng=0))
    assert isinstance(info.value, ImportError) and isinstance(info.value, AutogradError)
    message = str(info.value)
    assert "\n" not in message
    assert "needs PyTorch, which is not installed: pip install torch" in message
    assert '"autograd-graphs[torch]"' in message


def test_numpy_state_dicts_load_without_torch(no_torch):
    mlp = nn.MLP(2, [3, 1], rng=0)
    state = {"0.weight": np.arange(6.0).reshape(3, 2), "0.bias": np.ones(3),
             "2.weight": np.array([[1.0, -1.0, 0.5]]), "2.bias": np.array([0.25])}
    nn.load_torch_state_dict(mlp, state)
    assert [w.data for w in mlp.layers[0].neurons[1].w] == [2.0, 3.0]  # row 1 = neuron 1
    assert mlp([1.0, 1.0]).data == pytest.approx(1 * 2 - 6 + 0.5 * 10 + 0.25)
