"""The phases of check_engine, each a search for cases where the engine and the reference differ.

Random cases come from :mod:`autograd.strategies` (the op table's domains);
hypothesis shrinks a failing one to a small expression.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import Flaky, Unsatisfiable

from autograd.engine import AutogradError
from autograd.messages import text
from autograd.strategies import Expression, Form, expressions, single_ops

from . import snippets
from .learner import Learner, Outcome, Raised, close
from .report import Failure, Note

FLAKY_RUNS = 8  # runs of a failing expression that decide whether it is order-dependent
EDGES = (0.0, -0.0, 5e-324, -5e-324, 1e300, -1e300)  # zero, tiny (subnormal), huge
REGULAR = 1.5  # the other input at an edge point
SAFE = (1.3, 0.6)  # a point inside every domain, to see which forms an engine has
COMPOSITION_MAX_ABS = 20.0  # values stay small: overflow is the edge points' business


@dataclass
class Finding:
    """A case where the engine is wrong, before it is written up."""

    expr: Expression
    got: Outcome | Raised
    expected: tuple[float, ...]
    wrong: tuple[str, ...] = ()
    flaky: bool = False
    detail: str = ""


@dataclass
class Checker:
    """Runs the phases on one engine, collecting failures and notes."""

    learner: Learner
    reference: Learner
    reference_name: str
    lang: str
    seed: int | None = None
    started: float = field(default_factory=time.monotonic)
    failures: list[Failure] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    # -- which forms exist -------------------------------------------------------------
    def probe(self, forms: list[Form]) -> tuple[list[Form], dict[str, str]]:
        """The forms whose forward pass runs at a safe point, and why the others do not."""
        supported, unsupported = [], {}
        for form in forms:
            got = self.learner.run(_one_step(form.steps[0], SAFE))
            if isinstance(got, Raised) and got.stage == "forward":
                unsupported[form.key] = got.error
            else:
                supported.append(form)
        return supported, unsupported

    # -- each op alone, and compositions -----------------------------------------------
    def ops_alone(self, form: Form, max_examples: int) -> tuple[bool, int]:
        """Search one form inside its domain; (passed, examples run)."""
        found, count = self._search(single_ops(form.key), self._against_reference, max_examples)
        if found is not None:
            self._fail("ops", found, form=form.key)
        return found is None, count

    def compositions(self, forms: list[Form], max_examples: int) -> int:
        """Search random expressions of ``forms``; returns the examples run."""
        strategy = expressions(ops=[f.key for f in forms], max_abs=COMPOSITION_MAX_ABS)
        found, count = self._search(strategy, self._against_reference, max_examples)
        if found is not None:
            self._fail("compositions", found)
        return count

    def _against_reference(self, expr: Expression) -> Finding | None:
        expected = self.reference.run(expr)
        if isinstance(expected, Raised) or not all(map(math.isfinite, expected.numbers())):
            return None  # nothing to compare with (does not happen inside the domains)
        first = self.learner.run(expr)
        second = self.learner.run(expr)  # while the first graph is alive: other addresses
        if not _same(first, second):  # show a wrong run
            wrong = first if isinstance(first, Raised) or _differing(first, expected) else second
            return Finding(expr, wrong, expected.numbers(), _differing(wrong, expected),
                           flaky=True)
        if isinstance(first, Raised):
            return Finding(expr, first, expected.numbers())
        wrong = _differing(first, expected)
        return Finding(expr, first, expected.numbers(), wrong) if wrong else None

    # -- backward() twice --------------------------------------------------------------
    def twice(self, forms: list[Form], max_examples: int) -> int:
        """Leaf gradients must add up over two backward() calls, to twice the first pass."""
        probe = self.learner.run(_one_step(forms[0].steps[0], SAFE), twice=True)
        if isinstance(probe, Raised) and probe.stage == "backward_again":
            self.notes.append(Note("twice", text("testing.note.twice_raised", self.lang,
                                                 error=probe.error)))
            return 1
        strategy = expressions(max_steps=4, ops=[f.key for f in forms],
                               max_abs=COMPOSITION_MAX_ABS)
        found, count = self._search(strategy, self._twice_case, max_examples)
        if found is not None:
            self._fail("twice", found, twice=True)
        return count

    def _twice_case(self, expr: Expression) -> Finding | None:
        got = self.learner.run(expr, twice=True)
        if isinstance(got, Raised):
            if got.stage != "backward_again":
                return None  # the first pass failed: the other phases report it
            return Finding(expr, got, ())
        expected = (got.value, *(2 * g for g in got.grads.values()))
        wrong = tuple(n for n, g in got.grads.items() if not close(got.grads_twice[n], 2 * g))
        if not wrong:
            return None
        replaced = all(close(got.grads_twice[n], got.grads[n]) for n in wrong)
        detail = text("testing.failure.replaced" if replaced else "testing.failure.leaked",
                      self.lang)
        return Finding(expr, got, expected, wrong, detail=detail)

    # -- edge points -------------------------------------------------------------------
    def edges(self, form: Form) -> int:
        """Each step of ``form`` at 0, -0, tiny and huge inputs; returns the points checked."""
        notes: dict[str, list] = {}  # kind of note -> [(expr, fields), ...]
        failure: Finding | None = None
        checked = 0
        for expr in _edge_points(form):
            expected = self.reference.run(expr)
            if isinstance(expected, Raised):
                continue
            checked += 1
            got = self.learner.run(expr)
            verdict = _edge_verdict(expr, got, expected, self.lang)
            if verdict is None:
                continue
            kind, fields = verdict
            if kind == "failure" and failure is None:
                detail = "" if isinstance(got, Outcome) else text(
                    "testing.failure.expected_finite", self.lang,
                    expected=snippets.number(expected.value))
                failure = Finding(expr, got, expected.numbers(), fields.get("wrong", ()),
                                  detail=detail)
            elif kind != "failure":
                notes.setdefault(kind, []).append((expr, fields))
        if failure is not None:
            self._fail("edges", failure, form=form.key)
        for kind, found in notes.items():
            expr, fields = found[0]
            more = text("testing.note.more", self.lang, count=len(found) - 1) \
                if len(found) > 1 else ""
            message = text(f"testing.note.{kind}", self.lang, form=self.learner.spell(form.key),
                           inputs=snippets.inputs_text(expr), more=more, **fields)
            self.notes.append(Note("edges", message, form=form.key))
        return checked

    # -- shared ------------------------------------------------------------------------
    def _search(self, strategy: st.SearchStrategy, check: Callable[[Expression], Any],
                max_examples: int) -> tuple[Finding | None, int]:
        """Run ``check`` on drawn cases until one returns a Finding; shrink it. Returns
        the smallest finding (None if none) and how many cases ran."""
        found: list[Finding] = []
        count = [0]

        def body(expr: Expression) -> None:
            count[0] += 1
            finding = check(expr)
            if finding is not None:
                found.append(finding)
                raise _Found

        test = settings(max_examples=max_examples, deadline=None, database=None,
                        derandomize=False, report_multiple_bugs=False,
                        verbosity=Verbosity.quiet, phases=(Phase.generate, Phase.shrink),
                        suppress_health_check=list(HealthCheck))(given(strategy)(body))
        if self.seed is not None:
            test = hypothesis_seed(self.seed)(test)
        try:
            test()
        except _Found:
            return found[-1], count[0]
        except Flaky:  # the failure did not happen again when replayed: order-dependent
            last = found[-1]
            return Finding(last.expr, last.got, last.expected, last.wrong, True,
                           last.detail), count[0]
        except Unsatisfiable:
            return None, count[0]
        return None, count[0]

    def _fail(self, phase: str, finding: Finding, *, form: str | None = None,
              twice: bool = False) -> None:
        """Write up ``finding`` (after asking again whether it is order-dependent)."""
        flaky = finding.flaky or self._varies(finding.expr, twice)
        detail = finding.detail
        if flaky:
            flaky_text = text("testing.failure.flaky", self.lang, runs=FLAKY_RUNS)
            separator = text("testing.failure.separator", self.lang)
            detail = f"{detail}{separator}{flaky_text}" if detail else flaky_text
        failure = snippets.failure(
            phase, self.learner, finding.expr, finding.got, finding.expected, finding.wrong,
            self.reference_name, self.lang, twice=twice, flaky=flaky, detail=detail, form=form)
        self.failures.append(replace(failure, found_after=time.monotonic() - self.started))

    def _varies(self, expr: Expression, twice: bool) -> bool:
        runs = [self.learner.run(expr, twice=twice) for _ in range(FLAKY_RUNS)]
        return any(not _same(runs[0], r) for r in runs[1:])


class _Found(AutogradError):
    """Raised inside a hypothesis test when a case fails (hypothesis then shrinks it)."""


def _one_step(op: Any, point: tuple[float, ...]) -> Expression:
    if op.arity == 2:
        return Expression(("x", "y"), point[:2], ((op, (0, 1)),))
    return Expression(("x",), point[:1], ((op, (0,)),))


def _edge_points(form: Form) -> list[Expression]:
    if form.binary:
        pairs = [p for e in EDGES for p in ((e, REGULAR), (REGULAR, e), (e, e))]
        return [_one_step(form.steps[0], p) for p in pairs]
    return [_one_step(step, (e,)) for step in form.steps for e in EDGES]


def _same(a: Outcome | Raised, b: Outcome | Raised) -> bool:
    """Did two runs give the same results (within rounding; the same error)?"""
    if isinstance(a, Raised) or isinstance(b, Raised):
        return a == b
    return all(close(x, y) for x, y in zip(a.numbers(), b.numbers()))


def _differing(got: Outcome | Raised, expected: Outcome) -> tuple[str, ...]:
    """The quantities (``"value"``, input names) where ``got`` differs from ``expected``."""
    if isinstance(got, Raised):
        return ()
    names = ("value", *got.grads)
    return tuple(n for n, g, e in zip(names, got.numbers(), expected.numbers())
                 if not close(g, e))


def _special(expr: Expression, name: str | None = None) -> bool:
    """Is the input ``name`` (None: any input) exactly at a kink or a finite bound of its
    step's domain, where the derivative is not defined (so conventions differ)?"""
    (op, idx), = expr.steps
    for domain, i in zip(op.domain or (), idx):
        x = expr.point[i]
        if (name is None or expr.variables[i] == name) and \
                (x in domain.kinks or x == domain.low or x == domain.high):
            return True
    return False


def _edge_verdict(expr: Expression, got: Outcome | Raised, expected: Outcome,
                  lang: str) -> tuple[str, dict] | None:
    """None if ``got`` agrees with ``expected``; else ``("failure", {"wrong": names})``,
    or a kind of note and its message's fields."""
    numbers = expected.numbers()
    if isinstance(got, Raised):
        if not all(map(math.isfinite, numbers)):
            return "raised", {"error": got.error}
        if got.stage != "forward" and _special(expr):
            grads = ", ".join(f"{n} = {snippets.number(g)}"
                              for n, g in zip(expr.used_variables, numbers[1:]))
            return "special_raised", {"error": snippets.raised_text(got, lang), "grads": grads}
        return "failure", {}
    wrong, notes = [], []
    for name, g, e in zip(("value", *got.grads), got.numbers(), numbers):
        if close(g, e):
            continue
        what = text("testing.note.what_value", lang) if name == "value" else \
            text("testing.note.what_grad", lang, name=name)
        fields = {"what": what, "got": snippets.number(g), "expected": snippets.number(e)}
        if not math.isfinite(g) and not math.isfinite(e):
            notes.append(("nonfinite", fields))
        elif name != "value" and _special(expr, name):
            notes.append(("special", fields))
        else:
            wrong.append(name)
    if wrong:
        return "failure", {"wrong": tuple(wrong)}
    return notes[0] if notes else None
