"""The command line (run as `python -m autograd.viz`) and its safe expression parser."""

from __future__ import annotations

import ast
import json
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograd import topological_order
from autograd.viz import expr as expr_module
from autograd.viz.cli import main, parse_sets
from autograd.viz.expr import ExprError, build

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "autograd.viz", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=60)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command line in this process: (exit status, stdout, stderr)."""
    status = main(list(args))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_prints_value_and_gradients_and_draws(tmp_path):
    done = run("(apple * n) * tax", "--set", "apple=100,n=2", "--set", "tax=1.1",
               "-o", str(tmp_path / "g.svg"), "--animate", str(tmp_path / "a.html"))
    assert done.returncode == 0 and done.stderr == ""  # nothing at all on stderr
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
def test_expression_errors_point_at_the_problem(capsys, args, first, caret):
    status, out, err = cli(capsys, *args)
    assert status == 2
    lines = err.splitlines()
    assert lines[0].startswith("python -m autograd.viz: error: ") and first in lines[0]
    assert lines[1] == f"  {args[0]}" and lines[2] == caret
    assert len(lines) == 3 and out == ""


@pytest.mark.parametrize(("args", "message"), [
    (["a", "--set", "a=x"], "--set a='x': not a number"),
    (["a", "--set", "a"], "NAME=NUMBER"),
    (["a", "--set", "a=1", "-o", "g.jpg"], "'.jpg' is not one of .svg, .png, .pdf, .dot"),
    (["a", "--set", "a=1", "--animate", "a.mp4"], ".html, .gif"),
    (["pi * r", "--set", "pi=3,r=1"], "--set 'pi' is a constant (pi = 3.14159"),
    (["a", "--set", "e=1"], "--set 'e' is a constant"),
    (["a", "--set", "a=1", "--max-nodes", "-1"], "--max-nodes must be 0 (no limit) or more"),
])
def test_usage_errors_are_one_line_with_status_2(capsys, args, message):
    status, out, err = cli(capsys, *args)
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and message in err


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
    ("2x", "'2x' needs an operator: write 2*x for a product", 0),
    ("a + 3.5 y", "write 3.5*y for a product", 4),
    ("2e", "write 2*e", 0),
    ("2(a)", "a number cannot be called: write 2*(...) for a product", 0),
    ("1if a else 2", "syntax error: invalid decimal literal", 0),  # not a '1*if' hint
    ("[a for a in b]", "a list comprehension is not allowed", 0),
    ("{a for a in b}", "a set comprehension is not allowed", 0),
    ("{a: 1 for a in b}", "a dict comprehension is not allowed", 0),
    ("(a for a in b)", "a generator expression is not allowed", 0),
    ("(yield a)", "yield is not allowed", 1),
    ("await a", "await is not allowed", 0),
    ("f'{a}'", "an f-string is not allowed", 0),
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


def test_every_refused_kind_of_expression_is_named_in_plain_words():
    allowed = {"BinOp", "UnaryOp", "Constant", "Name", "Call"}
    kinds = {cls.__name__ for cls in ast.expr.__subclasses__()} - allowed
    assert kinds <= set(expr_module._REFUSED_SYNTAX)  # never "ListComp is not allowed"


def test_parsing_prints_no_stray_warning(recwarn):
    for text in ("1if a else 2", "1or a", "0x1for"):
        with pytest.raises(ExprError):
            build(text, {"a": 1.0})
    assert [str(w.message) for w in recwarn] == []  # e.g. "SyntaxWarning: invalid decimal literal"


def test_pi_and_e_are_constants():
    out, leaves = build("pi * r * 2 + e ** x", {"r": 1.5, "x": 1.0})
    out.backward()
    assert out.data == pytest.approx(2 * math.pi * 1.5 + math.e)
    assert leaves["r"].grad == pytest.approx(2 * math.pi)
    assert leaves["x"].grad == pytest.approx(math.e)  # d(e**x)/dx = e**x
    drawn = {n.label: n for n in topological_order(out) if n.label in ("pi", "e")}
    assert set(drawn) == {"pi", "e"} and not any(n.requires_grad for n in drawn.values())
    with pytest.raises(ValueError, match="'pi' is a constant"):
        build("pi", {"pi": 3.0})


def test_a_long_expression_is_shown_around_the_problem():
    text = "+".join(["a"] * 60) + "+c+" + "+".join(["a"] * 60)
    with pytest.raises(ExprError) as info:
        build(text, {"a": 1.0})
    shown, caret = info.value.pointer().splitlines()
    assert shown.startswith("  ...") and shown.endswith("...") and len(shown) <= 2 + 3 + 76 + 3
    assert shown[caret.index("^")] == "c"


@pytest.mark.parametrize("args", [
    ["-a*b", "--set", "a=1,b=2"],
    ["--set", "a=1,b=2", "-a*b"],
    ["--", "-a*b", "--set", "a=1,b=2"],
    ["--set", "a=1,b=2", "--", "-a*b"],
])
def test_an_expression_may_start_with_minus(capsys, args):
    status, out, err = cli(capsys, *args)
    assert status == 0 and err == ""
    assert out.splitlines()[0] == "f = -a*b = -2"
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[4:]}
    assert rows == {"a": ["1", "-2"], "b": ["2", "-1"]}


def test_size_guards_are_one_line_with_status_2(capsys, tmp_path):
    terms = "+".join(["a"] * 2100)
    status, out, err = cli(capsys, terms, "--set", "a=1", "-o", str(tmp_path / "g.svg"))
    assert status == 2 and out == ""  # refused before anything is printed
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "-o: the graph has 4199 boxes, more than --max-nodes 2000" in err
    assert "3*a for a+a+a" in err and not os.listdir(tmp_path)
    status, out, err = cli(capsys, terms, "--set", "a=1", "--animate", str(tmp_path / "a.html"))
    assert status == 2 and err.count("\n") == 1 and "--animate: the graph has 4199 boxes" in err
    assert not os.listdir(tmp_path)
    status, out, err = cli(capsys, "a*a*a", "--set", "a=1", "--max-nodes", "3", "-o", "g.svg")
    assert status == 2 and "the graph has 5 boxes, more than --max-nodes 3" in err


def test_the_animations_own_guard_is_one_line_with_status_2(capsys, tmp_path, monkeypatch):
    import autograd.viz.cli as mod

    def guard(root, path, **kwargs):
        raise mod.TooManyStepsError("animate_backward(): the backward pass has 2500 steps, "
                                    "more\nthan 2000")

    monkeypatch.setattr(mod, "animate_backward", guard)
    status, out, err = cli(capsys, "a*b", "--set", "a=1,b=2", "--animate", str(tmp_path / "a.html"))
    assert status == 2 and out.startswith("f = a*b = 2")
    assert err == ("python -m autograd.viz: error: --animate: the backward pass has 2500 steps, "
                   f"more than 2000; {mod.GROUP_HINT}\n")


def test_max_nodes_0_draws_any_size(capsys, tmp_path):
    status, _, err = cli(capsys, "+".join(["a"] * 1100), "--set", "a=1", "--max-nodes", "0",
                         "-o", str(tmp_path / "g.dot"))
    assert status == 0 and err == "" and (tmp_path / "g.dot").read_text().count("label=Add") == 1099


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`python -m autograd.viz ... | head`: the pipe closes before the table is printed."""
    names = [f"v{i}" for i in range(300)]
    values = ",".join(f"{n}=1" for n in names)
    read, write = os.pipe()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-m", "autograd.viz", "+".join(names), "--set",
                              values, "-o", str(tmp_path / "g.dot")],
                             stdout=write, stderr=subprocess.PIPE, env=env)
    os.close(write)
    os.close(read)  # the reader is gone before the first line
    _, err = child.communicate(timeout=60)
    assert err.decode() == "" and child.returncode == 0
    assert (tmp_path / "g.dot").exists()  # the drawing is still written


def test_the_option_lists_match_the_parser():
    """cli finds an expression that starts with '-' by knowing every option."""
    import autograd.viz.cli as mod

    actions = mod._parser()._actions
    takes_value = {s for a in actions if a.nargs != 0 for s in a.option_strings}
    flags = {s for a in actions if a.nargs == 0 for s in a.option_strings}
    assert takes_value == set(mod.VALUE_OPTIONS) and flags == set(mod.FLAG_OPTIONS)
