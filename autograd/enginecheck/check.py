"""check_engine: property-based gradient tests for anyone's scalar autograd engine."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from autograd.engine import AutogradError, Value
from autograd.engine.checks import check_choice, check_positive_int
from autograd.messages import resolve_language, text
from autograd.strategies import FORMS, Form, select_forms

from . import depth as depth_search
from .learner import Adapter, Learner, as_number
from .phases import Checker
from .report import EngineReport, Failure, Note, PhaseResult, count_text

REFERENCES = ("autograd", "torch")
MAX_EXAMPLES = 200  # random compositions; each op alone gets an eighth of this, at least 10
MAX_DEPTH = 10_000


class EngineCheckError(AutogradError, TypeError):
    """check_engine cannot use the class: no leaf can be made or read (the message says why)."""


def check_engine(
    value_cls: type,
    *,
    ops: Iterable[str] | Mapping[str, str | None] | None = None,
    leaf: Callable[[float], Any] | None = None,
    backward: Adapter = None,
    grad: Adapter = None,
    data: Adapter = None,
    reference: str = "autograd",
    max_examples: int | None = None,
    seed: int | None = None,
    max_depth: int = MAX_DEPTH,
    lang: str | None = None,
) -> EngineReport:
    """Property-test a scalar autograd engine (a micrograd-style ``Value`` class).

    The engine is used as micrograd writes it: ``Value(x)`` makes a leaf,
    ``+ - * / **`` and unary ``-`` combine nodes and numbers, methods such as
    ``.exp() .log() .tanh() .relu() .sigmoid()`` apply functions,
    ``.backward()`` fills ``.grad``; ``.data`` is the value. It is compared
    with ``reference`` (``"autograd"``: this package's Value; ``"torch"``) in
    these phases:

    1. which ops and calling forms exist (``x + y``, ``x + 2``, ``2 + x``, ...);
       missing ones are *unsupported*, not failures;
    2. each op alone, at random points inside its domain (the op table's);
    3. random compositions of the ops that passed: reused nodes, fan-out,
       numbers on either side;
    4. edge points (0, -0, tiny, huge): raising where the reference gives inf
       or nan, or a different gradient exactly where the derivative is not
       defined, is a *note*; a wrong finite answer is a failure;
    5. ``backward()`` twice: leaf gradients must add up, as in PyTorch;
    6. the deepest chain whose backward still works (in a subprocess when a
       fresh interpreter can import the class, so a crash is reported).

    A failure is shrunk to a small expression and written as a runnable
    snippet in the engine's own API (``.failures[i].source``); results that
    change from run to run are reported as order-dependent.

    - ``ops``: which to check, names of ops (``"+"``, ``"exp"``, ``"neg"``) or
      calling forms (``"2 - x"``, ``"x.exp()"``); default: all. A mapping
      renames functions instead: ``{"log": "ln"}`` checks ``x.ln()`` as the
      log (and ``{"exp": None}`` skips exp).
    - ``leaf``: a function making a leaf from a float (default: ``value_cls``).
    - ``backward``, ``grad``, ``data``: the method and attribute names, or
      functions of a node, when they are spelled otherwise
      (``backward="backwards"``, ``grad="derivative"``).
    - ``max_examples``: random compositions to draw (default 200); ``seed``
      makes the draws repeatable; ``max_depth``: the longest chain tried.
    - ``lang``: the report's language (``"en"``, ``"zh-CN"``; default: the
      package setting).
    """
    if not isinstance(value_cls, type):
        raise TypeError(f"check_engine takes a class (your Value); got "
                        f"{type(value_cls).__name__} {value_cls!r:.60}")
    check_choice(reference, "check_engine() reference", REFERENCES)
    max_examples = check_positive_int(max_examples, "check_engine() max_examples",
                                      allow_none=True) or MAX_EXAMPLES
    max_depth = check_positive_int(max_depth, "check_engine() max_depth")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise TypeError(f"check_engine() seed must be an int or None; got {seed!r:.60}")
    for name, adapter in (("backward", backward), ("grad", grad), ("data", data)):
        if adapter is not None and not (isinstance(adapter, str) or callable(adapter)):
            raise TypeError(f"check_engine() {name} must be a name, a function of a node or "
                            f"None; got {type(adapter).__name__} {adapter!r:.60}")
    if leaf is not None and not callable(leaf):
        raise TypeError(f"check_engine() leaf must be a function of a float; got {leaf!r:.60}")
    lang = resolve_language(lang, "check_engine() lang")
    forms, methods = _chosen(ops)
    learner = Learner(value_cls, leaf, backward, grad, data, methods)
    _check_leaf(learner)
    checker = Checker(learner, _reference(reference), text(f"testing.reference.{reference}",
                                                           lang), lang, seed)
    return _run(checker, forms, max_examples, max_depth)


class _Rows:
    """The report's table, a row per phase, each timed from the end of the one before."""

    def __init__(self, checker: Checker) -> None:
        self.checker, self.rows, self.clock = checker, [], time.monotonic()

    def add(self, phase: str, checked: int | None, result: str | None = None) -> None:
        failures = sum(f.phase == phase for f in self.checker.failures)
        notes = sum(n.phase == phase for n in self.checker.notes)
        now = time.monotonic()
        self.rows.append(PhaseResult(phase, checked, failures, notes,
                                     result or count_text(failures, notes, self.checker.lang),
                                     now - self.clock))
        self.clock = now


def _run(checker: Checker, forms: list[Form], max_examples: int, max_depth: int) -> EngineReport:
    lang, started, rows = checker.lang, time.monotonic(), _Rows(checker)
    not_run = _skipped("no_form", lang)
    supported, unsupported = checker.probe(forms)
    rows.add("forms", len(forms), text("testing.result.supported", lang,
                                       supported=len(supported), unsupported=len(unsupported)))
    passed, checked = [], 0
    for form in supported:
        ok, count = checker.ops_alone(form, max(10, max_examples // 8))
        checked += count
        if ok:
            passed.append(form)
    rows.add("ops", checked)
    # The later phases use the forms that passed alone: a failing one is reported already.
    if passed:
        rows.add("compositions", checker.compositions(passed, max_examples))
        rows.add("edges", sum(checker.edges(form) for form in passed))
        rows.add("twice", checker.twice(passed, max(10, max_examples // 10)))
    else:
        for phase in ("compositions", "edges", "twice"):
            rows.add(phase, None, not_run)
    found = _depth(checker, [f.key for f in passed], max_depth)
    if found is None:
        rows.add("depth", None, not_run)
    else:
        key = "testing.result.depth_all" if found.failed is None else \
            "testing.result.depth_one" if found.depth == 1 else "testing.result.depth"
        rows.add("depth", None, text(key, lang, depth=found.depth))
    return EngineReport(
        engine=checker.learner.name, reference=checker.reference_name,
        supported=tuple(f.key for f in supported), unsupported=unsupported,
        failures=checker.failures, notes=checker.notes,
        depth=None if found is None else found.depth, phases=rows.rows,
        seconds=time.monotonic() - started, lang=lang,
        spellings={f.key: checker.learner.spell(f.key) for f in forms},
    )


def _depth(checker: Checker, forms: list[str], max_depth: int) -> depth_search.DepthResult | None:
    """The depth phase; its limits go into the notes, a wrong gradient into the failures."""
    form = depth_search.chain_for(forms)
    if form is None:
        return None
    learner, lang = checker.learner, checker.lang
    found = None
    if learner.importable():
        found = depth_search.in_subprocess(learner.cls.__module__, learner.cls.__qualname__,
                                           learner.backward, learner.grad, form, max_depth)
    if found is None:
        found = depth_search.in_process(learner.make_leaf, learner.run_backward,
                                        learner.read_grad, form, max_depth)
    if found.timed_out:
        checker.notes.append(Note("depth", text("testing.note.depth_timeout", lang,
                                                seconds=depth_search.TIMEOUT,
                                                failed=found.failed)))
    elif found.crashed:
        checker.notes.append(Note("depth", text("testing.note.depth_crash", lang,
                                                failed=found.failed, how=found.crashed)))
    elif found.error:
        checker.notes.append(Note("depth", text("testing.note.depth_error", lang,
                                                failed=found.failed, error=found.error)))
    elif found.wrong is not None:
        got, expected = found.wrong
        fields = {"depth": found.failed, "got": got, "expected": expected}
        if any(f.phase == "compositions" for f in checker.failures):  # the same bug, likely
            checker.notes.append(Note("depth", text("testing.note.depth_wrong", lang, **fields)))
        else:
            checker.failures.append(Failure(
                "depth", text("testing.failure.depth", lang, **fields),
                _chain_source(checker, form, found.failed, got, expected), got=(got,),
                expected=(expected,), wrong=("x",)))
    return found


def _chain_source(checker: Checker, form: str, n: int, got: float, expected: float) -> str:
    """The snippet of a chain whose gradient is wrong."""
    learner, lang = checker.learner, checker.lang
    step = depth_search.CHAINS[form][0]
    lines = learner.snippet_header()
    lines += [""] if lines else []
    lines.append(f"x = {learner.leaf_source(0.5)}")
    if "c" in step.split():
        lines.append(f"c = {learner.leaf_source(0.0)}")
    lines += ["t = x", f"for _ in range({n}):", f"    t = {step}", learner.backward_source("t"),
              f"print({learner.grad_source('x')})",
              text("testing.snippet.got", lang, values=repr(got)),
              text("testing.snippet.expected", lang, values=repr(expected),
                   reference=checker.reference_name)]
    return "\n".join(lines)


def _skipped(reason: str, lang: str) -> str:
    return text("testing.result.skipped", lang, reason=text(f"testing.reason.{reason}", lang))


def _chosen(ops: Any) -> tuple[list[Form], dict[str, str]]:
    """The forms to check and the function renames, from check_engine's ``ops``."""
    if ops is None:
        return select_forms(None), {}
    if isinstance(ops, Mapping):
        functions = {f.name for f in FORMS.values() if getattr(f.steps[0], "method", None)}
        methods, skipped = {}, set()
        for name, spelling in ops.items():
            if name not in functions:
                raise ValueError(f"check_engine() ops: only functions can be renamed "
                                 f"({', '.join(sorted(functions))}); got {name!r:.40}")
            if spelling is None:
                skipped.add(name)
            elif not (isinstance(spelling, str) and spelling.isidentifier()):
                raise ValueError(f"check_engine() ops: {name!r} must map to a method name or "
                                 f"None; got {spelling!r:.40}")
            else:
                methods[name] = spelling
        forms = [f for f in select_forms(None) if f.name not in skipped]
        return forms, methods
    return select_forms(ops), {}


def _check_leaf(learner: Learner) -> None:
    """Make a leaf and read it back, or say clearly why that does not work."""
    try:
        node = learner.make_leaf(0.5)
        value = as_number(learner.read_data(node))
    except Exception as e:  # noqa: BLE001 - any error means the class cannot be used
        raise EngineCheckError(
            f"check_engine cannot use {learner.name}: making a leaf {learner.leaf_source(0.5)} "
            f"and reading {learner.data_source('x')} raised {type(e).__name__}: {e} "
            "(pass leaf= or data= if your engine spells them otherwise)") from None
    if value != 0.5:
        raise EngineCheckError(f"check_engine cannot use {learner.name}: a leaf made from 0.5 "
                               f"reads {value!r} (pass leaf= or data=)")


def _reference(name: str) -> Learner:
    if name == "autograd":
        return Learner(Value)
    try:
        import torch
    except ImportError:
        raise ValueError("check_engine(reference='torch') needs torch installed "
                         "(pip install torch), or use reference='autograd'") from None
    return Learner(torch.Tensor,
                   leaf=lambda x: torch.tensor(x, dtype=torch.float64, requires_grad=True),
                   grad=lambda t: None if t.grad is None else t.grad.item(),
                   data=lambda t: t.item())
