"""``python -m autograd.testing MODULE:CLASS``: the report, and exit status 0, 1 or 2."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograd.enginecheck.cli import main

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
QUICK = ["--max-examples", "10", "--seed", "3", "--max-depth", "100"]


def test_the_module_runs_and_exits_1_on_a_failure_with_the_snippet():
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "autograd.testing", "tests.engine.learner_engines:LeftSub", "--ops",
         "+,-", *QUICK], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "2 - x" in done.stdout
    assert "from tests.engine.learner_engines import LeftSub" in done.stdout
    assert "# expected: 2.0 -1.0  (autograd's Value)" in done.stdout or "expected:" in done.stdout


def test_a_correct_engine_exits_0(capsys):
    assert main(["tests.engine.learner_engines:Value", "--ops", "*,tanh", *QUICK]) == 0
    out = capsys.readouterr().out
    assert "No failure found" in out and "x.tanh()" not in out.split("check ")[0]


def test_options_reach_check_engine(capsys):
    spelled = ["tests.engine.learner_engines:Spelled", "--backward", "backwards", "--grad",
               "derivative", "--data", "value"]
    assert main([*spelled, "--rename", "log=ln", "--rename", "exp=", *QUICK]) == 0
    out = capsys.readouterr().out
    assert "No failure found" in out and "x.exp()" not in out  # log checked as ln, exp skipped
    assert "x.log()" not in out.split("Unsupported")[1]
    assert main([*spelled, "--ops", "*", "--rename", "log=ln"]) == 2
    assert "use --ops or --rename, not both" in capsys.readouterr().err
    assert main(["tests.engine.learner_engines:WrongTanh", "--ops", "tanh", "--lang", "zh-CN",
                 *QUICK]) == 1
    assert "单个运算（定义域内）" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["micrograd.engine"], "name the class as MODULE:CLASS"),
    (["no_such_module:Value"], "cannot import 'no_such_module': ModuleNotFoundError"),
    (["tests.engine.learner_engines:Nope"], "'tests.engine.learner_engines' has no 'Nope'"),
    (["math:pi"], "math:pi is a float, not a class"),
    (["tests.engine.learner_engines:Value", "--ops", "sqrt"], "'sqrt' is neither an op"),
    (["tests.engine.learner_engines:Value", "--rename", "log"], "--rename takes NAME=METHOD"),
    (["tests.engine.learner_engines:Value", "--max-examples", "0"],
     "max_examples must be a positive"),
])
def test_bad_arguments_exit_2_with_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and err.startswith("python -m autograd.testing")


def test_an_unknown_option_exits_2_with_one_line(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["tests.engine.learner_engines:Value", "--bogus"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: --bogus" in err and err.count("\n") == 1
