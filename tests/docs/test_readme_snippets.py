"""Every Python code block in the READMEs runs, as a reader would paste it."""

import os

import pytest

from .helpers import READMES, REPO, python_blocks

CASES = [(readme, line, code) for readme in READMES for line, code in python_blocks(readme)]


@pytest.mark.parametrize(
    "readme,line,code", CASES, ids=[f"{r.name}:{line}" for r, line, _ in CASES]
)
def test_readme_python_block_runs(readme, line, code, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # blocks that write files write them here
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace = {"__name__": "__readme__"}
    try:
        exec(compile(code, f"{readme.name}:{line}", "exec"), namespace)  # our own documentation
    except ImportError as e:  # a block about an optional extra (scikit-learn, mlxtend, torch)
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            raise
        pytest.skip(f"{readme.name}:{line} needs an optional package: {e}")
    assert os.getcwd() == str(tmp_path) and REPO.exists()
