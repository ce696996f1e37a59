"""The page's drill-downs, many cells at once (cellbatch): the same numbers and texts as
each cell's own sum (cellsum), added up number by number."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Tensor
from autograd.viz import rules
from autograd.viz.cellbatch import cell_sums_data
from autograd.viz.cellsum import cell_sum_data
from nn import functional as F

from .helpers import lesson3_moons, lesson4_toy, mnist_net, seed002_net


def one_by_one(view, i, cells, terms=5, lang="en"):
    out = []
    for cell in cells:
        try:
            out.append(cell_sum_data(view, i, cell, terms, lang))
        except ValueError:
            out.append(None)
    return out


def random_cells(shape, rng, count=6):
    """Cells of an array of ``shape`` (as a view writes it: a vector as a row, in the
    column form transposed), some of them outside it."""
    shape = tuple(shape) or ()
    cells = [tuple(int(rng.integers(0, n + 1)) for n in shape) for _ in range(count)]
    return cells + [tuple(0 for _ in shape), tuple(n - 1 for n in shape)]


def check_every_step(root, seed=0, samples=(None, 0, 1)):
    names = rules.names_of(root)
    rng = np.random.default_rng(seed)
    checked = 0
    for step in rules.op_steps(root):
        for i, (parent, sent) in enumerate(zip(step.node.parents, step.input_grads)):
            if sent is None or not parent.requires_grad:
                continue
            for convention in rules.CONVENTIONS:
                for sample in samples if names.m else (None,):
                    if sample is not None and sample >= names.m:
                        continue
                    view = rules.StepView(step, names, convention, sample)
                    shape = np.shape(sent)
                    if convention == "column":
                        shape = shape[::-1] if len(shape) >= 2 else (*shape, 1)
                    cells = random_cells(shape, rng)
                    batched = cell_sums_data(view, i, cells, 5, "en")
                    assert batched == one_by_one(view, i, cells), (step.node.op, i, convention)
                    checked += sum(b is not None for b in batched)
    assert checked
    return checked


@pytest.mark.parametrize("build", [
    lambda: seed002_net(m=5)[1], lambda: mnist_net(batch=4, hidden=6)[1], lesson3_moons,
    lambda: lesson4_toy(n=6)], ids=["seed002", "mnist", "lesson3", "lesson4"])
def test_batched_cell_sums_equal_one_by_one_on_the_tutorial_graphs(build):
    check_every_step(build())


def test_batched_cell_sums_equal_one_by_one_on_more_ops():
    rng = np.random.default_rng(1)
    x = Tensor(rng.uniform(0.5, 2.0, size=(3, 4)), requires_grad=True, label="x")
    w = Tensor(rng.normal(size=(4, 2)), requires_grad=True, label="w")
    b = Tensor(rng.normal(size=(2,)), requires_grad=True, label="b")
    y = (x ** 2 / (x + 1.0)).clip(0.6, 1.5).log() @ w + b  # Pow, Div, Clip, Log, MatMul, Add
    z = (y.T.tanh() * 3.0).max(axis=0) + y.sigmoid().sum(axis=1)  # Transpose, Max, Sum
    loss = F.cross_entropy(z.reshape(1, 3).log_softmax(-1), np.array([2])) + (x.exp() ** 0.5).mean()
    loss.backward()
    assert check_every_step(loss, samples=(None,)) > 40


@settings(max_examples=25, deadline=None)
@given(m=st.integers(1, 5), n=st.integers(1, 4), k=st.integers(1, 4), seed=st.integers(0, 99))
def test_batched_cell_sums_equal_one_by_one_on_random_shapes(m, n, k, seed):
    rng = np.random.default_rng(seed)
    X = Tensor(rng.normal(size=(m, n)), label="X")
    W = Tensor(rng.normal(size=(n, k)), requires_grad=True, label="W")
    A = (X @ W).sigmoid()
    loss = F.mse_loss(A, rng.normal(size=(m, k)))
    loss.backward()
    check_every_step(loss, seed=seed, samples=(None, m - 1))


def test_a_clip_cell_sum_runs_with_the_clips_bounds():
    """inside(x) reads the clip's bounds: it once ran without the op and raised."""
    x = Tensor(np.array([[0.2, 0.7, 1.4]]), requires_grad=True, label="x")
    root = x.clip(0.5, 1.0).sum()
    root.backward()
    names = rules.names_of(root)
    step = next(s for s in rules.op_steps(root) if s.node.op.name == "Clip")
    cell = rules.cell_sum(step, 0, (0, 1), names)
    assert cell["equal"] and cell["total"] == 1.0
