"""A rule as it is shown: its numbers folded, ``2·x^(2 − 1)`` read as ``2·x``.

An op's ``gradient_rules`` are written for any input (``g * (exponent * x **
(exponent - 1))``); at one step the op's numbers are known (the exponent is 2),
and so are the inputs that are plain numbers (the 2 of ``x ** 2`` built from a
constant). :func:`shown` puts those numbers in, folds what can be computed
(``2 − 1`` → ``1``, ``x^1`` → ``x``, ``1·x`` → ``x``, ``x + 0`` → ``x``, ``−(−x)`` → ``x``)
and runs the folded rule on the step's arrays: it is shown only when it gives the
same value as the rule itself, else the rule is shown as it is. What the page
checks against ``backward()`` is always the rule as the op declares it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import ruleexpr as R
from .formula import number_text


def shown(expr: R.Expr, run: R.Evaluated, numbers: Mapping[str, float] | None = None
          ) -> tuple[R.Expr, R.Evaluated]:
    """The rule ``expr`` (run as ``run``) with its numbers folded, and the folded rule run
    on the same arrays; ``(expr, run)`` itself when folding changes nothing or would
    change its value. ``numbers``: the rule's names that stand for plain numbers."""
    folded = fold(expr, run.env, numbers or {})
    if folded == expr:
        return expr, run
    try:
        again = R.Evaluated(folded, run.env)
    except (R.RuleError, ValueError, TypeError, IndexError, AttributeError):
        return expr, run
    return (folded, again) if R.same_values(again.value, run.value) else (expr, run)


def fold(expr: R.Expr, env: R.Env, numbers: Mapping[str, float]) -> R.Expr:
    """``expr`` with the op's numbers and the ``numbers`` put in and folded."""
    if isinstance(expr, R.Name):
        if expr.id in numbers:
            return R.Num(float(numbers[expr.id]))
        if expr.id not in env.values:
            value = env.lookup(expr.id)  # an attribute of the op: the exponent, a scale
            if np.ndim(value) == 0 and np.isrealobj(value):
                return R.Num(float(value))
        return expr
    if isinstance(expr, R.Num):
        return expr
    if isinstance(expr, R.Neg):
        return _negated(fold(expr.arg, env, numbers))
    if isinstance(expr, R.T):
        return R.T(fold(expr.arg, env, numbers))
    if isinstance(expr, R.Call):
        return R.Call(expr.fn, tuple(fold(a, env, numbers) for a in expr.args))
    if isinstance(expr, R.Bin):
        return _fold_binary(expr.op, fold(expr.left, env, numbers),
                            fold(expr.right, env, numbers))
    return expr


def _number(expr: R.Expr, value: float | None = None) -> bool:
    return isinstance(expr, R.Num) and (value is None or expr.value == value)


def _fold_binary(op: str, left: R.Expr, right: R.Expr) -> R.Expr:
    if _number(left) and _number(right) and op in ("+", "-", "*", "/", "**"):
        value = float(R.apply_binary(op, left.value, right.value))
        if np.isfinite(value):
            return R.Num(value)
    if op == "*":
        if _number(left, 1.0):
            return right
        if _number(right, 1.0):
            return left
        if _number(left, -1.0) or _number(right, -1.0):  # −1·x = −x
            return _negated(right if _number(left, -1.0) else left)
        if _number(left) and isinstance(right, R.Bin) and right.op == "*" and \
                _number(right.left):  # 2·(3·x) = 6·x
            return _fold_binary("*", R.Num(left.value * right.left.value), right.right)
    if op == "/" and _number(right, 1.0):
        return left
    if op == "/" and _number(right, -1.0):
        return _negated(left)
    if op in ("+", "-") and _number(right, 0.0):
        return left
    if op == "+" and _number(left, 0.0):
        return right
    if op == "-" and _number(left, 0.0):
        return R.Neg(right)
    if op == "**" and _number(right, 1.0):
        return left
    if op == "**" and _number(right, 0.0):
        return R.Num(1.0)
    return R.Bin(op, left, right)


def _negated(expr: R.Expr) -> R.Expr:
    if isinstance(expr, R.Num):
        return R.Num(-expr.value)
    return expr.arg if isinstance(expr, R.Neg) else R.Neg(expr)


def number_inputs(keys: list[str], parents: list[Any], names: list[str]) -> dict[str, float]:
    """The inputs that are plain numbers: a constant of one entry, named by its number
    (``2``, ``1/2``; not a labelled constant), by its name in the op's forward."""
    found = {}
    for key, parent, name in zip(keys, parents, names):
        if parent.is_leaf and not parent.requires_grad and np.size(parent.data) == 1:
            value = float(np.asarray(parent.data).reshape(()))
            if name == number_text(value):
                found[key] = value
    return found
