"""check_engine on learners' engines: no false alarm on correct ones, each planted bug found
and shrunk to a small runnable snippet, micrograd 0.1.0's real defects reported.

Budgets: each check below draws at most ``EXAMPLES`` random compositions (and 10 cases per
op alone); on this machine one check takes 0.3-1.5 s. ``bench/check_engine.py`` measures
the same over many seeds (every planted bug found with every seed; none on correct engines).
"""

import contextlib
import io
import re
from functools import cache

import pytest

import autograd
from autograd.enginecheck import depth
from autograd.testing import EngineCheckError, check_engine

from . import learner_engines as engines

EXAMPLES = 60
SEED = 1234


@cache
def report(cls, lang="en", **kwargs):
    return check_engine(cls, max_examples=EXAMPLES, seed=SEED, lang=lang, **kwargs)


def snippet_steps(failure):
    """The statements of a failure's expression (named steps and the last one)."""
    return failure.expression.count(";") + 1


def ops_in(failure):
    return len(re.findall(r"[-+*/]|\.\w+\(\)|abs\(", failure.expression))


def run_snippet(source):
    """What the snippet prints, and what its ``# got:`` comment says it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(source, "<snippet>", "exec"), {})  # our own report's snippet
    said = re.search(r"^# got:\s+(.*)$", source, re.M).group(1)
    return printed.getvalue().strip(), said.strip()


# -- correct engines: no failure ---------------------------------------------------------------


@pytest.mark.parametrize("cls", [engines.Value, autograd.Value], ids=["clean_clone", "autograd"])
def test_a_correct_engine_has_no_failure(cls):
    found = report(cls)
    assert found.ok and not found.failures, str(found)
    assert not found.unsupported and len(found.supported) == 24
    assert found.depth == 10_000  # no recursion: every chain up to max_depth worked
    checks = {p.phase: p.checked for p in found.phases}
    assert checks["ops"] >= 240 and checks["compositions"] >= EXAMPLES and checks["edges"] > 300


def test_micrograd_inside_its_domain_has_no_false_alarm_and_its_real_defects_are_reported():
    micrograd = pytest.importorskip("micrograd.engine")
    found = report(micrograd.Value)
    assert {f.phase for f in found.failures} == {"twice"}, str(found)  # its one wrong result
    twice = found.failures[0]
    assert "interior gradients leaked" in twice.message
    assert snippet_steps(twice) == 1 and ops_in(twice) <= 2  # e.g. x - x
    assert twice.source.count("out.backward()") == 2
    assert set(found.unsupported) == {"x ** y", "2 ** x", "x.exp()", "x.log()", "x.sin()",
                                      "x.cos()", "x.tanh()", "x.sigmoid()", "abs(x)"}
    assert "only supporting int/float powers" in found.unsupported["x ** y"]
    assert 500 < found.depth < 1000  # its recursive topological sort
    assert any("RecursionError" in n.message for n in found.notes if n.phase == "depth")
    printed, said = run_snippet(twice.source)
    assert printed == said


# -- planted bugs: found, small, reproducible --------------------------------------------------

PLANTED = {  # clone: (the phase that finds it, a word its snippet shows)
    engines.WrongTanh: ("ops", "tanh()"),
    engines.AssignedGrads: ("compositions", "x + x"),
    engines.LeftSub: ("ops", "2 - x"),
    engines.LeftDiv: ("ops", "2 / x"),
    engines.Unreversed: ("ops", "-"),
    engines.SetOrder: ("ops", "-"),
    engines.ByValue: ("ops", "-"),
}


@pytest.mark.parametrize("cls", PLANTED, ids=[c.__name__ for c in PLANTED])
def test_a_planted_bug_is_found_with_a_small_snippet_that_reproduces_it(cls):
    """Budget: 60 random compositions and 10 cases per op alone (about a second)."""
    phase, shown = PLANTED[cls]
    found = report(cls)
    assert not found.ok
    first = found.failures[0]
    assert first.phase == phase and shown in first.expression, str(found)
    assert snippet_steps(first) <= 2 and ops_in(first) <= 3, first.expression
    assert first.wrong and first.got != first.expected
    if not first.flaky:
        printed, said = run_snippet(first.source)
        assert printed == said


@pytest.mark.parametrize("cls", [engines.Unreversed, engines.ByValue, engines.SetOrder],
                         ids=["Unreversed", "ByValue", "SetOrder"])
def test_traversal_bugs_are_found_by_compositions_when_each_op_alone_is_right(cls):
    """With two-node + and *, tanh and exp only (each right on its own), the bug shows in
    compositions. Budget: 60 compositions (about a second)."""
    found = check_engine(cls, ops=["x + y", "x * y", "tanh", "exp"], max_examples=EXAMPLES,
                         seed=SEED, max_depth=100)
    assert {f.phase for f in found.failures} <= {"compositions", "depth"}, str(found)
    first = found.failures[0]
    assert first.phase == "compositions" and ops_in(first) <= 3, first.expression
    if not first.flaky:
        printed, said = run_snippet(first.source)
        assert printed == said


def test_an_order_dependent_engine_is_reported_as_flaky():
    failures = report(engines.SetOrder).failures
    assert failures and all(f.flaky for f in failures if f.phase != "depth")
    assert "order-dependent" in failures[0].message
    assert "varies from run to run" in failures[0].source


def test_the_snippet_names_the_wrong_gradient_with_its_numbers():
    failure = report(engines.WrongTanh).failures[0]
    x = failure.inputs["x"]
    t = autograd.Value(x).tanh().data
    assert failure.wrong == ("x",)
    assert failure.got[1] == pytest.approx(1 - t)
    assert failure.expected[1] == pytest.approx(1 - t * t)
    assert f"x = WrongTanh({x!r})" in failure.source
    assert f"from {engines.__name__} import WrongTanh" in failure.source


def test_fan_out_assignment_is_also_caught_by_backward_twice():
    failures = {f.phase: f for f in report(engines.AssignedGrads).failures}
    assert "replaced, not added up" in failures["twice"].message


# -- what an engine does not have, spells otherwise, or cannot survive ---------------------


def test_other_spellings_are_adapted_and_missing_ops_are_unsupported_not_failures():
    found = check_engine(engines.Spelled, ops={"log": "ln"}, leaf=engines.Spelled.leaf,
                         backward="backwards", grad="derivative", data="value",
                         max_examples=EXAMPLES, seed=SEED)
    assert found.ok, str(found)
    assert "x.log()" in found.supported and "x / y" in found.unsupported
    assert "x.tanh()" in found.unsupported and len(found.supported) == 12


def test_a_crash_when_deep_is_reported_not_fatal():
    found = check_engine(engines.CrashesWhenDeep, max_examples=10, seed=SEED, ops=["+"])
    assert found.ok and found.depth == 249  # 250 steps of t + 1 make 501 nodes
    assert any("crashed the interpreter" in n.message and "SIGSEGV" in n.message
               for n in found.notes)


def test_the_depth_search_stops_at_its_time_limit():
    found = depth.in_subprocess(engines.__name__, "SlowWhenDeep", None, None, "x + 2",
                                10_000, timeout=2.0)
    assert found.timed_out and found.depth == 10 and found.failed == 100


def test_a_renamed_function_appears_in_the_snippet():
    class NoLn(engines.Spelled):
        def ln(self):
            return engines.Spelled(2 * self.value, (self,), (2.0,))  # not a log at all

    found = check_engine(NoLn, ops={"log": "ln"}, leaf=NoLn.leaf, backward="backwards",
                         grad="derivative", data="value", max_examples=10, seed=SEED)
    first = found.failures[0]
    assert "x.ln()" in first.source and "out.backwards()" in first.source
    assert "print(out.value, x.derivative)" in first.source


# -- the report --------------------------------------------------------------------------------


def test_the_report_reads_as_a_table_in_english_and_in_chinese():
    micrograd = pytest.importorskip("micrograd.engine")
    english = str(report(micrograd.Value))
    assert "each op alone, inside its domain" in english and "Unsupported" in english
    chinese = str(report(micrograd.Value, lang="zh-CN"))
    assert "两次调用 backward()" in chinese and "反向传播" in chinese and "期望值" in chinese
    assert "正向传播" not in chinese
    page = report(micrograd.Value)._repr_html_()
    assert page.count("<tr") == 7 and "<pre>" in page and "autograd&#x27;s Value" in page


@pytest.mark.parametrize("kwargs, error, match", [
    ({"reference": "numpy"}, ValueError, "reference must be one of 'autograd', 'torch'"),
    ({"max_examples": 0}, ValueError, "max_examples must be a positive int"),
    ({"ops": ["+", "sqrt"]}, ValueError, "'sqrt' is neither an op nor a calling form"),
    ({"ops": {"+": "plus"}}, ValueError, "only functions can be renamed"),
    ({"backward": 3}, TypeError, "backward must be a name, a function of a node or None"),
    ({"lang": "fr"}, ValueError, "lang must be one of 'en', 'zh-CN'"),
])
def test_bad_arguments_are_named(kwargs, error, match):
    with pytest.raises(error, match=match):
        check_engine(engines.Value, **kwargs)


def test_a_class_that_cannot_make_a_leaf_gets_a_clear_error():
    class NoData:
        def __init__(self, x):
            self.value = x

    with pytest.raises(EngineCheckError, match=r"making a leaf NoData\(0.5\) and reading x.data "
                                               r"raised AttributeError.*pass leaf= or data="):
        check_engine(NoData)
    with pytest.raises(TypeError, match="takes a class"):
        check_engine(engines.Value(1.0))
    assert issubclass(EngineCheckError, autograd.AutogradError)


def test_pytorch_as_the_reference():
    pytest.importorskip("torch")
    chosen = ["+", "*", "tanh", "2 - x", "x ** 2", "2 ** x", "relu"]
    clean = check_engine(engines.Value, reference="torch", ops=chosen, max_examples=20,
                         seed=SEED)
    assert clean.ok, str(clean)
    found = check_engine(engines.WrongTanh, reference="torch", ops=chosen, max_examples=20,
                         seed=SEED)
    first = found.failures[0]
    assert first.expression == "x.tanh()" and "(PyTorch)" in first.source
