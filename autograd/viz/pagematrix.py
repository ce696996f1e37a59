"""The matrix view's part of the explorer page's data (Tensor graphs).

Built on :mod:`autograd.viz.rules`: each node's name, alias and symbol; every
backward step's forward line and rules in the row and the column form (and, in
one-sample mode, with m = 1); cell drill-downs (the scalar chain-rule sum of one
gradient cell); and the rows of one sample. The page (static/js/rules.js) only
looks these up: it writes no rule itself. See :func:`build` for the format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.engine import BackwardStep, Node

from . import rules
from .cellbatch import cell_sums_data
from .names import GraphNames

CONVENTIONS = rules.CONVENTIONS
SAMPLES = 8  # one-sample mode offers the batch's first this many rows
ALL_CELLS = 64  # a gradient of at most this many cells has every cell's sum in the page
GRID = 8  # a larger one has them at a GRID × GRID spread of cells (a click takes the nearest)
SAMPLE_GRID = 3  # ... and in one-sample mode at this × this cells of each sample's share
TERMS = 5  # a cell sum lists its first this many terms


def build(root: Node, nodes: Sequence[Node], steps: Sequence[BackwardStep], *, model: Any,
          lang: str, matrix: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """The matrix view's page data of ``root``'s graph (``nodes`` in topological
    order, ``steps`` its op steps); ``matrix`` encodes an array (pagedata.matrix).

    - ``names``: columns over the nodes, ``name`` (``0.weight``, ``Z^[1]``),
      ``alias`` (``W^[1]``, or ""), ``symbol`` (how formulas write it) and
      ``batch`` (its first axis runs over the samples);
    - ``gradName``: per convention, how the rules write each node's gradient
      (``∂L/∂A^[1]``, ``dA^[1]``; null where none flows);
    - ``rules``: per step, :func:`autograd.viz.rules.step_rules` in each
      convention, keyed ``row`` and ``column``, and ``row1``, ``column1`` for
      one-sample mode (its texts are the same for every sample);
    - ``cells``: per step, per input, ``{variant: {"r,c": sum}}`` where r, c
      index the gradient as the engine stores it (seen as rows × columns, see
      pagedata.matrix) and variant is a convention, or a convention, ``1:`` and
      the sample (``column1:3``); a sum is ``{"text", "count", "total",
      "engine", "terms"}`` (the first TERMS terms' values);
    - ``sample``: null without a batch axis, else ``{"m", "count" (the rows
      offered), "data": {node: [matrix per row]}, "grad": {...}, "sent": {step:
      {input: [...]}}}``: a batch node's row b, a parameter's gradient share of
      sample b (the rule run on row b alone; the shares add up to its gradient).
    """
    names = rules.names_of(root, model, lang)
    if [id(n) for n in names.nodes] != [id(n) for n in nodes]:
        raise RuntimeError("rules.names_of() ordered the graph differently from the page")
    index = {id(n): i for i, n in enumerate(nodes)}
    count = min(names.m, SAMPLES) if names.m else 0
    step_rules = []
    for step in steps:
        entry = {c: rules.step_rules(step, names, convention=c, lang=lang) for c in CONVENTIONS}
        if count:
            entry.update({c + "1": rules.step_rules(step, names, convention=c, lang=lang,
                                                    sample=0) for c in CONVENTIONS})
        step_rules.append(entry)
    grad_name: dict[str, list[str | None]] = {c: [None] * len(nodes) for c in CONVENTIONS}
    for entry in step_rules:
        for c in CONVENTIONS:
            grad_name[c][entry[c]["node"]] = entry[c]["received"]["math"]
            for rule in entry[c]["rules"]:
                grad_name[c][rule["node"]] = grad_name[c][rule["node"]] or rule["sent"]["math"]
    return {
        "gradName": grad_name,
        "names": {key: col for key, col in names.as_data().items()
                  if key in ("name", "alias", "symbol", "batch")},
        "rules": step_rules,
        "cells": [[_cells(step, i, names, lang, count, _forms(entry, i))
                   for i in range(len(step.node.parents))]
                  for step, entry in zip(steps, step_rules)],
        "sample": _samples(nodes, steps, names, index, count, matrix) if count else None,
    }


def spread(n: int, most: int) -> list[int]:
    """Up to ``most`` indices spread evenly over range(n), first and last included."""
    if n <= most:
        return list(range(n))
    return sorted({round(k * (n - 1) / (most - 1)) for k in range(most)})


def cell_index(rc: tuple[int, int], ndim: int, convention: str) -> tuple[int, ...]:
    """The cell (r, c) of an array seen as rows × columns, as rules.cell_sum indexes it."""
    r, c = rc
    if ndim == 0:
        return ()
    if ndim == 1:
        return (c,) if convention == "row" else (c, 0)
    return (r, c) if convention == "row" else (c, r)


def _forms(entry: dict[str, Any], i: int) -> dict[str, str]:
    """The form each convention's rule for input i is written in: a rule with no column
    form is written (and its cells indexed) in the row form on a column page too."""
    forms = {}
    for c in CONVENTIONS:
        rule = next((r for r in entry[c]["rules"] if r["input"] == i), None)
        forms[c] = rule["convention"] if rule else c
    return forms


class _OnceView(rules.StepView):
    """A StepView that runs each rule once: the page asks for many cells of one
    gradient, and a rule on an MNIST batch takes milliseconds to run. ``shared`` keeps
    the runs on the whole batch, the same for every sample, across the views of a step."""

    def __init__(self, step: BackwardStep, names: GraphNames, convention: str,
                 sample: int | None, shared: dict[tuple[Any, ...], Any]) -> None:
        super().__init__(step, names, convention, sample)
        self._runs = {}
        self._shared = shared

    def _once(self, key: tuple[Any, ...], whole: bool, compute: Callable[[], Any]) -> Any:
        cache = self._shared if whole else self._runs
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def run(self, expr: Any, i: int, whole: bool = False) -> Any:
        return self._once(("run", id(expr), i, whole), whole,
                          lambda: super(_OnceView, self).run(expr, i, whole))

    def column_run(self, expr: Any, run: Any, whole: bool = False) -> Any:
        return self._once(("column", self.column, id(expr), id(run), whole), whole,
                          lambda: super(_OnceView, self).column_run(expr, run, whole))


def _cells(step: BackwardStep, i: int, names: GraphNames, lang: str, count: int,
           forms: dict[str, str]) -> dict[str, dict[str, Any]] | None:
    sent, parent = step.input_grads[i], step.node.parents[i]
    if sent is None or not parent.requires_grad or np.ndim(sent) > 2:
        return None
    rows, cols = (1, int(np.size(sent))) if np.ndim(sent) < 2 else np.shape(sent)
    out, shared = {}, {}
    for b in [None, *range(count)]:
        grid = GRID if b is None else SAMPLE_GRID
        if rows * cols <= ALL_CELLS and b is None:
            picked = [(r, c) for r in range(rows) for c in range(cols)]
        else:
            picked = [(r, c) for r in spread(rows, grid) for c in spread(cols, grid)]
        if b is not None and names.of(parent).batch:
            picked = [(r, c) for r, c in picked if r == 0]  # its one row (row b of the batch)
            picked = picked or [(0, c) for c in spread(cols, grid)]
        for convention in CONVENTIONS:
            sums = {}
            view = _OnceView(step, names, convention, b, shared)  # as rules.cell_sum makes it
            ats = [cell_index(rc, np.ndim(sent), forms[convention]) for rc in picked]
            for rc, s in zip(picked, cell_sums_data(view, i, ats, TERMS, lang)):
                if s is None:  # no cell there in one-sample mode
                    continue
                sums[f"{rc[0]},{rc[1]}"] = {
                    "text": s["text"], "count": s["count"], "total": _plain(s["total"]),
                    "engine": _plain(s["engine"]),
                    "terms": [_plain(t["value"]) for t in s["terms"]]}
            out[convention if b is None else f"{convention}1:{b}"] = sums
    return out


def _plain(x: Any) -> Any:
    """A number for JSON: finite as it is, else "NaN" / "Infinity" / "-Infinity"."""
    if x is None:
        return None
    v = float(x)
    if np.isfinite(v):
        return v
    return "NaN" if np.isnan(v) else ("Infinity" if v > 0 else "-Infinity")


def shares(step: BackwardStep, i: int, names: GraphNames, count: int) -> list[Any] | None:
    """What input ``i`` of ``step`` gets from each of the first ``count`` samples alone:
    a batch input its row b of the gradient, any other input (a weight) the rule run
    on row b (None when the op has no rule for it)."""
    parent, sent = step.node.parents[i], step.input_grads[i]
    if names.of(parent).batch:
        return [np.asarray(sent)[b:b + 1] for b in range(count)]
    out = []
    for b in range(count):
        view = rules.StepView(step, names, "row", b)
        expr = view.rules.get(view.keys[i])
        if expr is None:
            return None
        run, _ = view.run(expr, i)
        out.append(np.asarray(run.value))
    return out


def _samples(nodes: Sequence[Node], steps: Sequence[BackwardStep], names: GraphNames,
             index: dict[int, int], count: int, matrix: Callable[[Any], dict[str, Any]]
             ) -> dict[str, Any]:
    data, grad, sent = {}, {}, {}
    totals: dict[int, list[Any]] = {}
    for i, node in enumerate(nodes):
        if names.names[i].batch and np.ndim(node.data) >= 1:
            data[i] = [matrix(np.asarray(node.data)[b:b + 1]) for b in range(count)]
    for k, step in enumerate(steps):
        if names.of(step.node).batch:  # an op node's whole gradient is what its step receives
            totals[index[id(step.node)]] = [np.asarray(step.grad)[b:b + 1] for b in range(count)]
        for i, (parent, g) in enumerate(zip(step.node.parents, step.input_grads)):
            if g is None or not parent.requires_grad:
                continue
            parts = shares(step, i, names, count)
            if parts is None:
                continue
            sent.setdefault(k, {})[i] = [matrix(p) for p in parts]
            p = index[id(parent)]
            if parent.is_leaf:
                old = totals.get(p)
                totals[p] = parts if old is None else [a + b for a, b in zip(old, parts)]
    for p, parts in totals.items():
        grad[p] = [matrix(x) for x in parts]
    return {"m": names.m, "count": count, "data": data, "grad": grad, "sent": sent}
