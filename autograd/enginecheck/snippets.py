"""Failures as people read them: a one-line message and a runnable snippet in the engine's API."""

from __future__ import annotations

from autograd.messages import text
from autograd.strategies import Expression

from .learner import Learner, Outcome, Raised
from .report import Failure


def number(x: float) -> str:
    """A number in a message: short, but distinct where it matters."""
    return f"{x:.10g}"


def inputs_text(expr: Expression) -> str:
    """``x = 0.5, y = -2.0``: the used variables at the expression's point."""
    point = dict(zip(expr.variables, expr.point))
    return ", ".join(f"{n} = {point[n]!r}" for n in expr.used_variables)


def problems(got: Outcome, expected: tuple[float, ...], wrong: tuple[str, ...],
             lang: str, twice: bool = False) -> str:
    """``the gradient of y is 1, expected 2; ...`` for each quantity in ``wrong``."""
    names = ("value", *got.grads)
    values = dict(zip(names, got.numbers(twice)))
    wanted = dict(zip(names, expected))
    parts = []
    for name in wrong:
        if name == "value":
            parts.append(text("testing.failure.value", lang, got=number(values[name]),
                              expected=number(wanted[name])))
        else:
            parts.append(text("testing.failure.grad", lang, name=name,
                              got=number(values[name]), expected=number(wanted[name])))
    return text("testing.failure.separator", lang).join(parts)


def raised_text(got: Raised, lang: str) -> str:
    stage = text(f"testing.stage.{got.stage}", lang)
    return text("testing.failure.raised", lang, stage=stage, error=got.error)


def snippet(learner: Learner, expr: Expression, got: Outcome | Raised,
            expected: tuple[float, ...], reference: str, lang: str, twice: bool = False,
            flaky: bool = False) -> str:
    """The program that shows the failure: leaves, steps, backward(), a print, and what it
    printed (got) beside what it should print (expected)."""
    used = expr.used_variables
    point = dict(zip(expr.variables, expr.point))
    lines = learner.snippet_header()
    if lines:
        lines.append("")
    lines += [f"{n} = {learner.leaf_source(point[n])}" for n in used]
    lines += learner.program(expr)
    lines += [learner.backward_source("out")] * (2 if twice else 1)
    shown = [learner.data_source("out"), *(learner.grad_source(n) for n in used)]
    lines.append(f"print({', '.join(shown)})")
    if isinstance(got, Raised):
        lines.append(text("testing.snippet.raises", lang, error=got.error))
    else:
        printed = got.printed_twice if twice else got.printed
        key = "testing.snippet.varies" if flaky else "testing.snippet.got"
        lines.append(text(key, lang, values=" ".join(printed)))
    values = " ".join(repr(float(v)) for v in expected)
    if twice:
        lines.append(text("testing.snippet.expected_twice", lang, values=values))
    else:
        lines.append(text("testing.snippet.expected", lang, values=values, reference=reference))
    return "\n".join(lines)


def failure(phase: str, learner: Learner, expr: Expression, got: Outcome | Raised,
            expected: tuple[float, ...], wrong: tuple[str, ...], reference: str, lang: str,
            *, twice: bool = False, flaky: bool = False, detail: str = "",
            form: str | None = None) -> Failure:
    """A Failure with its message and snippet."""
    if isinstance(got, Raised):
        problem = raised_text(got, lang)
        numbers = None
    else:
        problem = problems(got, expected, wrong, lang, twice)
        numbers = got.numbers(twice)
    if detail:
        separator = text("testing.failure.separator", lang)
        problem = f"{problem}{separator}{detail}" if problem else detail
    expression = expr.source("method", learner.methods)
    message = text("testing.failure.headline", lang, phase=text(f"testing.phase.{phase}", lang),
                   expression=expression, inputs=inputs_text(expr), problems=problem)
    return Failure(
        phase=phase, message=message, form=form, expression=expression,
        source=snippet(learner, expr, got, expected, reference, lang, twice, flaky),
        inputs={n: dict(zip(expr.variables, expr.point))[n] for n in expr.used_variables},
        got=numbers, expected=tuple(expected), wrong=wrong, flaky=flaky,
    )
