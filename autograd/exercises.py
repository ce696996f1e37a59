"""Check hand-computed gradients against the engine, node by node, in backward order.

>>> from autograd import Value
>>> from autograd.exercises import check
>>> apple, n, tax = Value(100, label="apple"), Value(2, label="n"), Value(1.1, label="tax")
>>> apple_price = apple * n
>>> apple_price.label = "apple_price"
>>> price = apple_price * tax
>>> result = check(price, {"apple_price": 1.0, "tax": 200, "apple": 2.0, "n": 100})
>>> result.first_wrong.name
'apple_price'

The true gradients come from the engine (``autograd.grad``), never from the
nodes' ``.grad``, which is neither read nor changed: it may be stale, or
accumulated over several ``backward()`` calls.

What ``check`` prints (the table, the verdicts, the summary, its errors) comes
from the message catalog, in the package-wide language or ``lang=``:

>>> check(price, {"tax": 200}, lang="zh-CN").summary()
'答案正确（完全正确 1 个，未作答 4 个）。'
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .engine import Node, Tensor, Value, backward_steps, grad, topological_order
from .engine.checks import check_choice
from .messages import resolve_language, text
from .text import format_table, is_wide

__all__ = ["CheckResult", "Row", "check"]

EXACT_RTOL = 1e-12  # "exact": equal up to float rounding (110 vs 110.00000000000001)
STATUSES = ("exact", "close", "wrong", "skipped")
HEADER = ("row", "node", "answer", "expected", "result")  # exercises.header.* in the catalog
RIGHT_ALIGNED = (True, False, True, True, False)  # the numbers' columns


@dataclass(frozen=True)
class Row:
    """One node's check: ``status`` is "exact", "close", "wrong" or "skipped" (no answer).

    ``position`` is the node's 1-based row number in backward order; ``expected`` is
    the engine's gradient, ``answer`` the learner's (None if skipped);
    ``max_diff`` the largest ``|answer - expected|``; ``after`` names the wrong
    nodes this one receives its gradient from (its error may be inherited).
    """

    position: int
    node: Node
    name: str
    expected: Any
    answer: Any
    status: str
    max_diff: float | None
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check` found; prints as a table, shows as one in Jupyter.

    ``lang`` is the language of the table and summary (None: the package-wide one).
    """

    root: Node
    rows: tuple[Row, ...]
    rtol: float
    atol: float
    lang: str | None = None

    @property
    def first_wrong(self) -> Row | None:
        """The first wrong node in backward order: fix it first. Every node it gets its
        gradient from comes earlier and is right (or unanswered), so its mistake is its
        own; the wrong nodes after it may only repeat it."""
        return next((r for r in self.rows if r.status == "wrong"), None)

    @property
    def all_correct(self) -> bool:
        """True when no answer is wrong (unanswered nodes are neither right nor wrong)."""
        return self.first_wrong is None

    def count(self, status: str) -> int:
        """How many rows have ``status``."""
        check_choice(status, "status", STATUSES)
        return sum(r.status == status for r in self.rows)

    def summary(self) -> str:
        """One or two sentences: what is wrong and where to start, or that all is right."""
        lang = resolve_language(self.lang)
        counts = text("exercises.count.separator", lang).join(
            text("exercises.count", lang, n=self.count(s), status=_status(s, lang))
            for s in STATUSES if self.count(s))
        first = self.first_wrong
        if first is not None:
            return text("exercises.summary.first_wrong", lang, name=first.name,
                        row=first.position, counts=counts)
        answered = len(self.rows) - self.count("skipped")
        if not answered:
            return text("exercises.summary.none", lang, counts=counts)
        if answered == 1:
            return text("exercises.summary.one_right", lang, counts=counts)
        return text("exercises.summary.all_right", lang, n=answered, counts=counts)

    def _header(self) -> tuple[str, ...]:
        return tuple(text(f"exercises.header.{column}", self.lang) for column in HEADER)

    def table(self) -> str:
        """The rows as a text table, aligned for wide (e.g. Chinese) labels too."""
        first = self.first_wrong
        lang = resolve_language(self.lang)
        lines = [self._header()] + [_cells(r, r is first, lang) for r in self.rows]
        return format_table(lines, RIGHT_ALIGNED)

    def __str__(self) -> str:
        return f"{self.table()}\n\n{self.summary()}"

    __repr__ = __str__  # shown as the table at a Python prompt too

    def _repr_html_(self) -> str:
        colors = {"exact": "#dcfce7", "close": "#fef9c3", "wrong": "#fee2e2", "skipped": "#f3f4f6"}
        first = self.first_wrong
        lang = resolve_language(self.lang)
        align = [f' style="text-align:{"right" if right else "left"}"' for right in RIGHT_ALIGNED]
        header = "".join(f"<th{a}>{html.escape(c)}</th>" for a, c in zip(align, self._header()))
        out = ["<table>", f"<tr>{header}</tr>"]
        for r in self.rows:
            style = f"background:{colors[r.status]}"
            if r is first:
                style += ";font-weight:bold;outline:2px solid #dc2626"
            tds = "".join(f"<td{a}>{html.escape(cell)}</td>"
                          for a, cell in zip(align, _cells(r, r is first, lang)))
            out.append(f'<tr style="{style}">{tds}</tr>')
        out.append("</table>")
        out.append(f"<p>{html.escape(_one_line(self.summary()))}</p>")
        return "\n".join(out)

    def draw(self, **draw_kwargs: Any) -> Any:
        """The graph (:func:`autograd.viz.draw`) with the first wrong node in a red border.

        Boxes show no gradients by default (``.grad`` may not hold the true ones);
        pass ``show_grad=True`` to show the nodes' ``.grad`` as they are.
        """
        from .viz import draw

        draw_kwargs.setdefault("show_grad", False)
        first = self.first_wrong
        return draw(self.root, highlight=() if first is None else (first.node,), **draw_kwargs)


def check(
    root: Node, answers: Mapping[Any, Any], *, grad_output: Any = None, rtol: float = 1e-3,
    atol: float = 1e-6, lang: str | None = None,
) -> CheckResult:
    """Grade hand-computed gradients d root / d node against the engine's.

    ``answers`` maps nodes, or their labels, to the learner's gradients: a number
    for a Value, an array of its shape for a Tensor, or None for one not answered
    yet (the table then hides the true gradient too). A Tensor ``root`` with more
    than one element needs ``grad_output`` (as ``backward(grad=...)``).

    Each node whose gradient backward computes gets a row, in the order
    backward finishes them: exact (equal up to float rounding, relative
    ``1e-12``), close (``|answer - true| <= atol + rtol * |true|`` everywhere),
    wrong, or skipped (no answer). Raises ValueError for a label that names no
    node or several (listing the labels there are), or a node outside the graph.

    ``lang`` (``"en"`` or ``"zh-CN"``; None: the package-wide language, see
    :func:`autograd.messages.set_language`) is the language of the table, the
    summary and the errors.
    """
    lang = resolve_language(lang, "check() lang")
    if not isinstance(root, (Value, Tensor)):
        raise TypeError(text("exercises.error.root", lang, got=_shown(root)))
    if not isinstance(answers, Mapping):
        raise TypeError(text("exercises.error.answers", lang, got=_shown(answers)))
    for name, tol in (("rtol", rtol), ("atol", atol)):
        if not isinstance(tol, numbers.Real) or not (math.isfinite(tol) and tol >= 0):
            raise ValueError(text("exercises.error.tolerance", lang, name=name, got=repr(tol)))
    if not root.requires_grad:
        raise ValueError(text("exercises.error.no_graph", lang, root=repr(root)))
    if grad_output is None and isinstance(root, Tensor) and root.size != 1:
        raise ValueError(text("exercises.error.seed", lang, shape=root.shape))
    order, consumers = _backward_order(root, grad_output)
    truth = grad(root, order, grad_outputs=grad_output, allow_unused=True)
    given = _resolve(answers, root, order, lang)
    rows: list[Row] = []
    wrong: set[int] = set()  # ids of the wrong nodes so far
    for k, (node, expected) in enumerate(zip(order, truth)):
        answer = given.get(id(node))
        status, diff, after = "skipped", None, ()
        if answer is not None:
            status, diff = _grade(answer, expected, rtol, atol)
        if status == "wrong":
            wrong.add(id(node))
            after = tuple(_name(c) for c in consumers.get(id(node), ()) if id(c) in wrong)
        rows.append(Row(k + 1, node, _name(node), expected, answer, status, diff, after))
    return CheckResult(root, tuple(rows), float(rtol), float(atol), lang)


def _backward_order(root: Node, grad_output: Any) -> tuple[list[Node], dict[int, list[Node]]]:
    """The nodes needing a gradient, in the order backward completes them, and for
    each the nodes it gets its gradient from.

    Op nodes come in the order backward processes them; a leaf right after the
    last step that sends it a gradient.
    """
    steps = [s.node for s in backward_steps(root, grad_output)]
    consumers: dict[int, list[Node]] = {}
    last: dict[int, int] = {}
    for k, node in enumerate(steps):
        for p in dict.fromkeys(node.parents):
            if p.requires_grad:
                consumers.setdefault(id(p), []).append(node)
                if p.is_leaf:
                    last[id(p)] = k
    order = []
    for k, node in enumerate(steps):
        order.append(node)
        order.extend(p for p in dict.fromkeys(node.parents)
                     if p.requires_grad and p.is_leaf and last[id(p)] == k)
    return order or [root], consumers


def _shown(x: Any) -> str:
    """A wrong argument as an error names it: its type and the start of its repr."""
    return f"{type(x).__name__} {x!r:.60}"


def _resolve(answers: Mapping[Any, Any], root: Node, order: list[Node],
             lang: str) -> dict[int, Any]:
    """The answers keyed by id(node), checked and converted; all bad labels in one error."""
    in_order = {id(n) for n in order}
    by_label: dict[str, list[Node]] = {}
    for n in order:
        by_label.setdefault(n.label, []).append(n)
    constants = {n.label for n in topological_order(root) if not n.requires_grad and n.label}
    resolved: dict[int, Any] = {}
    named: dict[int, Any] = {}
    problems = []
    for key, value in answers.items():
        if isinstance(key, str):
            matches = by_label.get(key, []) if key else []
            if len(matches) != 1:
                problems.append(_label_problem(key, matches, key in constants, lang))
                continue
            node = matches[0]
        elif isinstance(key, Node):
            if id(key) not in in_order:
                if not key.requires_grad:
                    raise ValueError(text("exercises.error.constant_node", lang,
                                          which=repr(key)))
                raise ValueError(text("exercises.error.outside", lang, which=repr(key),
                                      root=_name(root)))
            node = key
        else:
            raise TypeError(text("exercises.error.key_type", lang, got=_shown(key)))
        if value is None:  # not answered yet: the row is "skipped"
            continue
        if id(node) in resolved:
            raise ValueError(text("exercises.error.twice", lang, first=repr(named[id(node)]),
                                  second=repr(key), name=_name(node)))
        resolved[id(node)] = _as_answer(value, node, key, lang)
        named[id(node)] = key
    if problems:
        labels = sorted(label for label in by_label if label)
        unnamed = sum(1 for n in order if not n.label)
        more = text("exercises.error.unnamed", lang, n=unnamed) if unnamed else ""
        raise ValueError(text("exercises.error.labels", lang,
                              problems=text("exercises.error.separator", lang).join(problems),
                              labels=", ".join(labels) or text("exercises.error.no_labels", lang),
                              unnamed=more))
    return resolved


def _label_problem(label: str, matches: list[Node], constant: bool, lang: str) -> str:
    if len(matches) > 1:
        kinds = ", ".join(n.op.name if n.op else "leaf" for n in matches)
        return text("exercises.error.label_ambiguous", lang, label=repr(label), n=len(matches),
                    kinds=kinds)
    if constant:
        return text("exercises.error.label_constant", lang, label=repr(label))
    return text("exercises.error.label_unknown", lang, label=repr(label))


def _as_answer(value: Any, node: Node, key: Any, lang: str) -> Any:
    """The learner's answer as a float (Value) or float64 array of the node's shape."""
    if isinstance(value, Node):
        value = value.data
    if isinstance(node, Value):
        if isinstance(value, numbers.Real) or (isinstance(value, np.ndarray) and value.size == 1
                                               and value.dtype.kind in "biuf"):
            return float(np.asarray(value).reshape(()))
        raise TypeError(text("exercises.error.value_number", lang, which=repr(key),
                             got=_shown(value)))
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(text("exercises.error.tensor_numbers", lang, which=repr(key),
                             shape=node.shape, got=_shown(value))) from None
    if arr.shape != node.shape:
        raise ValueError(text("exercises.error.tensor_shape", lang, which=repr(key),
                              got=arr.shape, shape=node.shape))
    return arr


def _grade(answer: Any, expected: Any, rtol: float, atol: float) -> tuple[str, float]:
    a = np.asarray(answer, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        same = (a == e) | (np.isnan(a) & np.isnan(e))  # also inf == inf, nan "==" nan
        diff = np.where(same, 0.0, np.abs(a - e))
    max_diff = float(np.max(diff)) if diff.size else 0.0
    if np.all(same | (diff <= EXACT_RTOL * np.abs(e))):
        return "exact", max_diff
    if np.all(same | (diff <= atol + rtol * np.abs(e))):
        return "close", max_diff
    return "wrong", max_diff


# -- text ---------------------------------------------------------------------------


def _name(node: Node) -> str:
    if node.label:
        return node.label
    return f"({node.op.name})" if node.op is not None else "(leaf)"


def _status(status: str, lang: str) -> str:
    return text(f"exercises.status.{status}", lang)


def _cells(row: Row, first: bool, lang: str) -> tuple[str, ...]:
    """A row's table cells; ``first``: it is the first wrong row."""
    expected = "?" if row.status == "skipped" else _cell(row.expected, lang)  # no spoilers
    return (str(row.position), row.name, _cell(row.answer, lang), expected,
            _verdict(row, first, lang))


def _verdict(row: Row, first: bool, lang: str) -> str:
    if row.status == "skipped":
        return text("exercises.verdict.skipped", lang)
    if row.status == "exact":
        return _status("exact", lang)
    verdict = text("exercises.verdict.diff", lang, status=_status(row.status, lang),
                   diff=f"{row.max_diff:.2g}")
    if first:
        return text("exercises.verdict.first", lang, verdict=verdict)
    if row.after:
        return text("exercises.verdict.after", lang, verdict=verdict, names=", ".join(row.after))
    return verdict


def _cell(x: Any, lang: str) -> str:
    """A number with 6 significant digits; a small array in full; a big one by shape."""
    if x is None:
        return "—"
    arr = np.asarray(x.data if isinstance(x, Node) else x, dtype=np.float64) + 0.0  # no -0
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    if arr.size > 6:
        return text("exercises.cell.array", lang, shape=arr.shape)
    shown = np.array2string(arr, separator=", ", formatter={"float_kind": lambda v: f"{v:.4g}"})
    return " ".join(shown.split())


def _one_line(text: str) -> str:
    """``text`` with its line breaks joined: by a space between words, by nothing next to
    a wide (Chinese) character, which has no spaces between words."""
    return re.sub(r"\s*\n\s*", lambda m: "" if _wide_neighbour(text, m) else " ", text)


def _wide_neighbour(text: str, m: re.Match) -> bool:
    around = text[m.start() - 1:m.start()] + text[m.end():m.end() + 1]
    return any(is_wide(c) for c in around)
