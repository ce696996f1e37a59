"""Many cells of one gradient at once: the element drill-downs of a page, with numpy.

The explorer page carries the cell sums of up to 64 cells of every gradient of a
step, in each convention and for each sample; adding each one up number by number
(:func:`autograd.viz.cellsum.cell_sum_data`) took most of the time an MNIST page
takes to write. Here the scalar form is built once, with the cell's indices as
variables (``@0``, ``@1``), and each of its nodes is evaluated for every cell and
every value of the indices of the sums around it in one numpy expression. A sum adds
its terms up in order, from 0, as Python's ``sum()`` does, so every number is the
one a cell's own drill-down gives; the texts are written by the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import ruleexpr as R
from .cellsum import Scalar, drill, scalar_form

CELL = "@"  # the cell's k-th index in the scalar form: "@k"


def cell_sums_data(view: Any, input_index: int, cells: Sequence[tuple[int, ...]],
                   terms: int, lang: str) -> list[dict[str, Any] | None]:
    """:func:`autograd.viz.rules.cell_sum`'s data for each of ``cells`` of the gradient
    the view's step sends to ``input_index``; None for a cell outside the gradient (in
    one-sample mode, a row other than the sample's)."""
    d = drill(view, input_index, terms, lang)
    located: list[tuple[tuple[int, ...], tuple[int, ...]] | None] = []
    for cell in cells:
        cell = tuple(int(c) for c in cell)
        try:
            located.append((cell, d.locate(cell)))
        except ValueError:
            located.append(None)
    found = [x for x in located if x is not None]
    if d.run is None or not found:
        return [None if x is None else d.start(*x) for x in located]
    ndim = d.engine.ndim
    names = [f"{CELL}{a}" for a in range(ndim)]
    form = scalar_form(d.run, view.symbols(), tuple(names), d.batch)
    table = Evaluation(form, np.array([at for _, at in found], dtype=np.intp).reshape(
        len(found), ndim), names)
    out: list[dict[str, Any] | None] = []
    row = 0
    for x in located:
        if x is None:
            out.append(None)
            continue
        cell, at = x
        bound = dict(zip(names, at))
        out.append(d.finish(d.start(cell, at), form, bound,
                            lambda s, b, row=row: table.at(s, row, b)))
        row += 1
    return out


class Evaluation:
    """Every node of a scalar form evaluated at many cells: axis 0 runs over the cells,
    axis 1 + j over the j-th sum's running index (the values of a node are broadcast
    over the axes it does not depend on)."""

    def __init__(self, form: Scalar, cells: np.ndarray, names: Sequence[str]) -> None:
        sums: list[Scalar] = []
        _sums(form, sums)
        self.axis = {s.var: 1 + j for j, s in enumerate(sums)}
        self.ndim = 1 + len(sums)
        self.bound: dict[str, np.ndarray] = {}
        for k, name in enumerate(names):
            self.bound[name] = cells[:, k].reshape((len(cells),) + (1,) * len(sums))
        for s in sums:
            shape = [1] * self.ndim
            shape[self.axis[s.var]] = s.count
            self.bound[s.var] = np.arange(s.count).reshape(shape)
        self.values: dict[int, np.ndarray] = {}
        self._run(form)

    def _run(self, s: Scalar) -> np.ndarray:
        args = [self._run(a) for a in s.args] if s.kind != "sum" else []
        if s.kind == "value":
            at = tuple(self.bound[i] if isinstance(i, str) else i for i in s.index)
            value = np.asarray(np.asarray(s.array)[at], dtype=np.float64)
        elif s.kind == "num":
            value = np.asarray(float(s.array))
        elif s.kind == "neg":
            value = -args[0]
        elif s.kind == "sum":
            value = self._sum(s)
        elif s.kind == "func":
            value = np.asarray(R.WORDS[s.label].run(s.env, *args), dtype=np.float64)
        else:
            value = np.asarray(R.apply_binary(s.op, args[0], args[1]), dtype=np.float64)
        self.values[id(s)] = value
        return value

    def _sum(self, s: Scalar) -> np.ndarray:
        """The sum's terms added up in order from 0 (as Python's sum() of them is)."""
        axis = self.axis[s.var]
        terms = self._run(s.args[0])
        if terms.ndim == 0:  # the same for every cell and term
            terms = terms.reshape((1,) * self.ndim)
        shape = list(np.broadcast_shapes(terms.shape, self.bound[s.var].shape))
        terms = np.broadcast_to(terms, shape)
        shape[axis] = 1
        running = np.cumsum(np.concatenate([np.zeros(shape), terms], axis=axis), axis=axis)
        return np.take(running, [-1], axis=axis)

    def at(self, s: Scalar, row: int, bound: dict[str, int]) -> float:
        """The value of node ``s`` at cell ``row``, with the sums' indices ``bound``."""
        value = self.values[id(s)]
        if value.ndim == 0:
            return float(value)
        where = [row if value.shape[0] > 1 else 0]
        for var, axis in sorted(self.axis.items(), key=lambda item: item[1]):
            where.append(bound.get(var, 0) if value.shape[axis] > 1 else 0)
        return float(value[tuple(where)])


def _sums(s: Scalar, found: list[Scalar]) -> None:
    if s.kind == "sum":
        found.append(s)
    for a in s.args:
        _sums(a, found)
