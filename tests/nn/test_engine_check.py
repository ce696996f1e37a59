"""Another package named ``autograd`` (HIPS autograd) must not make ``import nn`` fail obscurely."""

import subprocess
import sys
import types
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def hips_autograd(tmp_path):
    """A directory holding a package that looks like HIPS autograd 1.7.0, installed."""
    site = tmp_path / "site-packages"
    package = site / "autograd"
    (package / "numpy").mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from .differential_operators import grad\n__version__ = '1.7.0'\n")
    (package / "differential_operators.py").write_text("def grad(fun, argnum=0):\n    pass\n")
    (package / "numpy" / "__init__.py").write_text("from numpy import *\n")
    dist = site / "autograd-1.7.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: autograd\nVersion: 1.7.0\n")
    (dist / "top_level.txt").write_text("autograd\n")
    return site


def run_shadowed(site, *args):
    env = {"PYTHONPATH": f"{site}:{REPO}", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          cwd=site.parent, env=env, timeout=60)


def assert_names_the_package_and_the_fix(line, site):
    assert "another package named autograd" in line
    assert "autograd 1.7.0" in line and str(site / "autograd") in line
    assert "fresh virtual environment" in line and "python -m venv .venv" in line


def test_import_nn_says_what_shadows_the_engine(hips_autograd):
    done = run_shadowed(hips_autograd, "-c", "import nn")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("ImportError: ")
    assert_names_the_package_and_the_fix(lines[-1], hips_autograd)
    assert len(lines) <= 6 and "cannot import name" not in done.stderr


def test_the_quickstart_stops_with_one_line(hips_autograd):
    done = run_shadowed(hips_autograd, str(REPO / "examples" / "quickstart.py"))
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("quickstart.py: error: ")
    assert_names_the_package_and_the_fix(lines[0], hips_autograd)


def fake_autograd(path, **names):
    module = types.ModuleType("autograd")
    module.__file__ = str(path / "autograd" / "__init__.py")
    module.__dict__.update(names)
    return module


def test_the_projects_own_engine_is_never_blamed(monkeypatch, tmp_path):
    from nn import _engine_check

    monkeypatch.setattr(_engine_check, "_other_distributions", lambda: [])
    own = fake_autograd(_engine_check.PROJECT_ROOT)  # lacks Tensor: a half-edited engine
    monkeypatch.setitem(sys.modules, "autograd", own)
    assert _engine_check.shadowing_message() is None
    elsewhere = fake_autograd(tmp_path, __version__="1.6.2")
    monkeypatch.setitem(sys.modules, "autograd", elsewhere)
    assert "(autograd 1.6.2, at " in _engine_check.shadowing_message()
    monkeypatch.setattr(_engine_check, "_other_distributions", lambda: ["autograd 1.7.0"])
    monkeypatch.setitem(sys.modules, "autograd", own)  # HIPS files installed over ours
    assert "another package named autograd (autograd 1.7.0, at " in (
        _engine_check.shadowing_message())
