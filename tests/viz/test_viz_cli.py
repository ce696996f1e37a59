"""The command line (run as `python -m autograd.viz`) and its safe expression parser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograd.viz.cli import parse_sets
from autograd.viz.expr import ExprError, build

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "autograd.viz", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=60)


def test_prints_value_and_gradients_and_draws(tmp_path):
    done = run("(apple * n) * tax", "--set", "apple=100,n=2", "--set", "tax=1.1",
               "-o", str(tmp_path / "g.svg"), "--animate", str(tmp_path / "a.html"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "f = (apple * n) * tax = 220"
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:] if line.split()}
    assert rows["variable"] == ["value", "df/dx"]
    assert rows["apple"] == ["100", "2.2"] and rows["n"] == ["2", "110"]
    assert rows["tax"] == ["1.1", "200"]
    assert f"wrote {tmp_path / 'g.svg'}" in lines and f"wrote {tmp_path / 'a.html'}" in lines
    texts = [t.text for t in ET.parse(tmp_path / "g.svg").iter() if t.text]
    assert "apple" in texts and "grad 2.2" in texts
    page = (tmp_path / "a.html").read_text()  # the explorer page, with 2 backward steps
    assert len(json.loads(page.split('id="graph-data">')[1].split("</script>")[0])[
        "backward"]["node"]) == 2


@pytest.mark.parametrize(("args", "first", "caret"), [
    (["a * c", "--set", "a=1"], "unknown name 'c'", "      ^"),
    (["a +", "--set", "a=1"], "syntax error", "     ^"),
    (["a // 2", "--set", "a=1"], "operator '//' is not supported", "    ^"),
    (["__import__('os')"], "unknown function '__import__'", "  ^"),
])
def test_expression_errors_point_at_the_problem(args, first, caret):
    done = run(*args)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0].startswith("python -m autograd.viz: error: ") and first in lines[0]
    assert lines[1] == f"  {args[0]}" and lines[2] == caret
    assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize(("args", "message"), [
    (["a", "--set", "a=x"], "--set a='x': not a number"),
    (["a", "--set", "a"], "NAME=NUMBER"),
    (["a", "--set", "a=1", "-o", "g.jpg"], "'.jpg' is not one of .svg, .png, .pdf, .dot"),
    (["a", "--set", "a=1", "--animate", "a.mp4"], ".html, .gif"),
])
def test_usage_errors_are_one_line_with_status_2(args, message):
    done = run(*args)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1 and message in done.stderr


def test_build_values_and_gradients():
    out, v = build("tanh(w1*x1 + w2*x2 + b)", {"x1": 2, "x2": 0, "w1": -3, "w2": 1,
                                                "b": 6.8813735870195432})
    out.backward()
    assert out.data == pytest.approx(0.70710678)
    assert v["x1"].grad == pytest.approx(-1.5) and v["w1"].grad == pytest.approx(1.0)
    assert v["x2"].grad == pytest.approx(0.5) and v["w2"].grad == 0.0
    out, v = build("-a ** 2 / 4 + exp(log(a)) + sigmoid(0) * relu(a) - abs(-a) + +a", {"a": 3.0})
    out.backward()
    assert out.data == pytest.approx(-9 / 4 + 3 + 1.5 - 3 + 3)
    assert v["a"].grad == pytest.approx(-6 / 4 + 1 + 0.5 - 1 + 1)
    assert v["a"].label == "a"


@pytest.mark.parametrize(("expr", "words", "column"), [
    ("a.__class__", "attribute access", 0),
    ("(lambda: 1)()", "only these functions", 0),
    ("[a][0]", "indexing", 0),
    ("a if a else a", "if/else", 0),
    ("exp", "'exp' is a function", 0),
    ("a(2)", "unknown function 'a'", 0),
    ("exp(a, a)", "exactly one argument", 0),
    ("exp(x=a)", "exactly one argument", 0),
    ("'a' * 2", "not a real number", 0),
    ("a ^ 2", "use ** for powers", 2),
    ("a < 2", "a comparison", 0),
    ("1j * a", "not a real number", 0),
    ("a * é", "unknown name 'é'", 4),
    ("", "empty", 0),
    ("a\n+ 1", "one line", 1),
    ("(a", "never closed", 0),
])
def test_refused_expressions(expr, words, column):
    with pytest.raises(ExprError) as info:
        build(expr, {"a": 1.0})
    assert words in info.value.message and info.value.column == column
    assert str(info.value).endswith(f"(column {column + 1})")


def test_numbers_follow_ieee_rules_not_python_errors():
    out, _ = build("1 / 0 + a * 0", {"a": 1.0})
    assert out.data == float("inf")
    out, _ = build("2 * 3", {})
    assert out.data == 6.0 and not out.requires_grad


def test_parse_sets():
    assert parse_sets(["a=2,b=-3.5", " c = 1e-3 "]) == {"a": 2.0, "b": -3.5, "c": 0.001}
    for bad in (["a=1,a=2"], ["1a=2"], ["exp=1"], ["a=nan"], ["a="]):
        with pytest.raises(Exception, match="--set"):
            parse_sets(bad)
