"""Numerical gradients by central differences, and checks against autograd.

``gradcheck`` and ``gradgradcheck`` check a function at a point;
``compare`` checks a whole network as tutorial 003 does (one relative error
per parameter). The pieces the property tests share live here too:
``central_differences``, ``first_mismatch`` and ``first_gradient``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .engine import AutogradError, Node, Tensor, Value, enable_grad, grad, no_grad
from .messages import resolve_language, text
from .text import format_table


class GradcheckError(AutogradError, RuntimeError):
    """Autograd and numerical differences disagree (the message says where)."""


def _check_inputs(inputs: Sequence[Any], what: str) -> None:
    if not inputs:
        raise TypeError(f"{what} needs at least one input Value or Tensor")
    for i, x in enumerate(inputs):
        if not isinstance(x, (Value, Tensor)):
            raise TypeError(f"{what} input {i} must be a Value or Tensor; got {type(x).__name__}")
        if isinstance(x, Tensor) and x.dtype != np.float64:
            raise TypeError(
                f"{what} input {i} has dtype {x.dtype}; finite differences need float64 "
                "(make it with dtype=numpy.float64)"
            )


def _output_weights(out: Node, seed: int) -> Any:
    """Fixed random weights v: checking d(v . out) checks every output element."""
    if isinstance(out, Value):
        return 1.0
    if not isinstance(out, Tensor):
        raise TypeError(f"fn must return a Value or Tensor; got {type(out).__name__}")
    return np.random.default_rng(seed).uniform(0.5, 1.5, size=out.shape)


def _weighted(out: Any, weights: Any) -> float:
    """sum(weights * out) for a node or a plain number."""
    return float(np.sum(np.asarray(out.data if isinstance(out, Node) else out) * weights))


def numerical_grad(
    fn: Callable[..., Node], *inputs: Value | Tensor, eps: float = 1e-6, grad_output: Any = None
) -> list[Any]:
    """d(output)/d(input) for every input, by central differences ``(f(x+h) - f(x-h)) / 2h``.

    ``fn`` takes the inputs and returns a Value or a single-element Tensor (or
    pass ``grad_output`` with the output's shape to get the vector-Jacobian
    product). Returns a float per Value input, an array per Tensor input.
    """
    _check_inputs(inputs, "numerical_grad")
    with no_grad():
        out = fn(*inputs)
        if grad_output is None:
            if isinstance(out, Tensor) and out.size != 1:
                raise ValueError(
                    f"fn returned shape {out.shape}; pass grad_output of that shape "
                    "or return a single number"
                )
            grad_output = 1.0
        return [_numerical_one(fn, inputs, x, eps, grad_output) for x in inputs]


def central_differences(fn: Callable[..., Any], inputs: Sequence[Node], targets: Sequence[Node],
                        eps: float, weights: Any) -> list[Any]:
    """d sum(weights * fn(*inputs)) / d x for each x of ``targets`` (some of ``inputs``),
    by central differences: a float per Value, an array per Tensor."""
    with no_grad():
        return [_numerical_one(fn, inputs, x, eps, weights) for x in targets]


def first_mismatch(analytic: Any, numeric: Any, atol: float, rtol: float) -> tuple | None:
    """The index of the first element where ``|analytic - numeric| > atol + rtol * |numeric|``
    (``()`` for a number), or None where they agree. An analytic None means zeros."""
    n = np.asarray(numeric, dtype=np.float64)
    a = np.zeros_like(n) if analytic is None else np.asarray(
        analytic.data if isinstance(analytic, Node) else analytic, dtype=np.float64)
    bad = ~(np.abs(a - n) <= atol + rtol * np.abs(n))
    if not np.any(bad):
        return None
    return tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()


def first_gradient(fn: Callable[..., Node], wanted: Sequence[int], weights: Any,
                   directions: Sequence[Any]) -> Callable[..., Node]:
    """The function ``xs -> <directions, d <weights, fn(*xs)> / d xs[wanted]>``.

    A number whose own gradient is a directional second derivative: checking it
    with central differences checks second derivatives. Built with
    ``create_graph=True``; a constant node when no input reaches the gradient.
    """

    def directional(*xs: Node) -> Node:
        with enable_grad():  # central differences run it under no_grad
            out = fn(*xs)
            grads = grad(out, [xs[i] for i in wanted], grad_outputs=weights, create_graph=True,
                         allow_unused=True)
        total: Any = 0.0
        for g, d in zip(grads, directions):
            if g is not None:
                total = total + ((g * d) if isinstance(g, Value) else (g * d).sum())
        if not isinstance(total, Node):  # no input reaches the gradient: it is constant
            total = Value(total, requires_grad=False) if isinstance(out, Value) else Tensor(total)
        return total

    return directional


def _numerical_one(fn: Callable, inputs: Sequence[Node], x: Node, eps: float, w: Any) -> Any:
    if isinstance(x, Value):
        x0 = x.data
        x.data = x0 + eps
        up = _weighted(fn(*inputs), w)
        x.data = x0 - eps
        down = _weighted(fn(*inputs), w)
        x.data = x0
        return (up - down) / (2 * eps)
    result = np.zeros(x.shape)
    data = x.data  # perturbed in place, element by element (any memory layout)
    for i in np.ndindex(x.shape):
        x0 = data[i]
        data[i] = x0 + eps
        up = _weighted(fn(*inputs), w)
        data[i] = x0 - eps
        down = _weighted(fn(*inputs), w)
        data[i] = x0
        result[i] = (up - down) / (2 * eps)
    return result


def gradcheck(
    fn: Callable[..., Node],
    *inputs: Value | Tensor,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-4,
    seed: int = 0,
    lang: str | None = None,
) -> bool:
    """Compare autograd's gradients of ``fn`` with central differences.

    Returns True, or raises :class:`GradcheckError` naming the input, the
    element, the analytic and the numeric value, in ``lang`` (default: the
    package language, :func:`autograd.messages.set_language`). Tensor outputs
    of any shape are checked through a fixed random weighting of their elements.
    """
    _check_inputs(inputs, "gradcheck")
    lang = resolve_language(lang, "gradcheck lang")
    out = fn(*inputs)
    weights = _output_weights(out, seed)
    wanted = [x for x in inputs if x.requires_grad]
    if not out.requires_grad:
        analytic = [None] * len(wanted)
    else:
        analytic = list(grad(out, wanted, grad_outputs=weights, allow_unused=True))
    numeric = central_differences(fn, inputs, wanted, eps, weights)
    for x, a, n in zip(wanted, analytic, numeric):
        index = next(i for i, y in enumerate(inputs) if y is x)
        where = first_mismatch(a, n, atol, rtol)
        if where is not None:
            a = np.zeros_like(n) if a is None else np.asarray(a, dtype=np.float64)
            n = np.asarray(n)
            found = _entry_that_differs(fn, inputs, out, x, where, eps, atol, rtol)
            if found is None:  # only the weighted sum over the outputs differs
                what = "" if isinstance(out, Value) else text("checking.gradcheck.weighted", lang)
                numbers = mismatch_numbers(float(a[where]), float(n[where]), lang)
            else:
                at, fa, fn_ = found
                what = text("checking.gradcheck.output_element", lang, at=at) if at else ""
                numbers = mismatch_numbers(fa, fn_, lang)
            label = text("checking.gradcheck.label", lang, label=repr(x.label)) if x.label else ""
            raise GradcheckError(text(
                "checking.gradcheck.mismatch", lang, what=what, index=index, label=label,
                element=element_text(where, lang), numbers=numbers, atol=atol, rtol=rtol))
    return True


def mismatch_numbers(analytic: float, numeric: float, lang: str | None = None) -> str:
    """``"analytic 0 vs numeric 0.5"`` (in ``lang``): the two gradients that disagree."""
    return text("checking.numbers", lang, analytic=f"{analytic:.10g}", numeric=f"{numeric:.10g}")


def element_text(where: tuple, lang: str | None = None) -> str:
    """``", element (0, 1)"`` (in ``lang``), or "" for a number (``where == ()``)."""
    return text("checking.element", lang, where=where) if where else ""


MAX_JACOBIAN_ROWS = 10_000  # output elements examined to name the one that differs


def _entry_that_differs(fn: Callable, inputs: Sequence[Node], out: Node, x: Node,
                        where: tuple, eps: float, atol: float, rtol: float) -> tuple | None:
    """For a Tensor output: the first output element whose derivative with respect to
    ``x[where]`` differs, with the analytic and numeric values; None if none does
    (or the output is a Value, where the weighted check was already exact)."""
    if not isinstance(out, Tensor) or out.size > MAX_JACOBIAN_ROWS:
        return None
    numeric = _numerical_column(fn, inputs, x, where, eps)
    for at in np.ndindex(out.shape):
        seed = np.zeros(out.shape)
        seed[at] = 1.0
        (g,) = grad(out, [x], grad_outputs=seed, allow_unused=True)
        analytic = 0.0 if g is None else float(np.asarray(g, dtype=np.float64)[where])
        if first_mismatch(analytic, numeric[at], atol, rtol) is not None:
            return at, analytic, float(numeric[at])
    return None


def _numerical_column(fn: Callable, inputs: Sequence[Node], x: Node, where: tuple,
                      eps: float) -> np.ndarray:
    """d output / d x[where] for every output element, by central differences."""
    with no_grad():
        if isinstance(x, Value):
            x0 = x.data
            x.data = x0 + eps
            up = np.array(fn(*inputs).data, dtype=np.float64)
            x.data = x0 - eps
            down = np.array(fn(*inputs).data, dtype=np.float64)
            x.data = x0
        else:
            x0 = x.data[where]
            x.data[where] = x0 + eps
            up = np.array(fn(*inputs).data, dtype=np.float64)
            x.data[where] = x0 - eps
            down = np.array(fn(*inputs).data, dtype=np.float64)
            x.data[where] = x0
    return (up - down) / (2 * eps)


def gradgradcheck(
    fn: Callable[..., Node],
    *inputs: Value | Tensor,
    eps: float = 1e-6,
    atol: float = 1e-4,
    rtol: float = 1e-3,
    seed: int = 0,
    lang: str | None = None,
) -> bool:
    """Check second derivatives: gradcheck the (weighted) first gradient of ``fn``.

    The first gradient is built with ``create_graph=True``, so this checks
    that every derivative rule is itself differentiable. A mismatch raises
    :class:`GradcheckError` in ``lang`` (default: the package language).
    """
    _check_inputs(inputs, "gradgradcheck")
    lang = resolve_language(lang, "gradgradcheck lang")
    probe = fn(*inputs)
    weights = _output_weights(probe, seed)
    wanted = [x for x in inputs if x.requires_grad]
    rng = np.random.default_rng(seed + 1)
    dirs = [1.0 if isinstance(x, Value) else rng.uniform(0.5, 1.5, size=x.shape) for x in wanted]
    positions = [i for i, x in enumerate(inputs) if x.requires_grad]
    directional = first_gradient(fn, positions, weights, dirs)
    return gradcheck(directional, *inputs, eps=eps, atol=atol, rtol=rtol, seed=seed, lang=lang)


# ---------------------------------------------------------------------------
# A whole network, as tutorial 003 checks it: one relative error per parameter.


@dataclass(frozen=True)
class ParameterCheck:
    """One parameter's gradient check: the gradient by backprop (``analytic``) and by
    central differences (``numerical``), their relative error, and the element where
    they differ most (``worst``, an index; ``()`` for a Value)."""

    name: str
    analytic: np.ndarray
    numerical: np.ndarray
    relative_error: float
    worst: tuple[int, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        return self.analytic.shape

    @property
    def worst_analytic(self) -> float:
        return float(self.analytic[self.worst])

    @property
    def worst_numerical(self) -> float:
        return float(self.numerical[self.worst])


_NUMBER_COLUMNS = (False, False, True, False, True, True)  # right-aligned in the table


class GradientComparison:
    """What :func:`compare` found: a :class:`ParameterCheck` per parameter, by name.

    ``errors`` is the tutorial's result (name -> relative error); ``str()`` and
    a notebook show a table.
    """

    def __init__(self, rows: list[ParameterCheck], h: float, lang: str) -> None:
        self.rows, self.h, self.lang = rows, h, lang

    def __getitem__(self, name: str) -> ParameterCheck:
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(f"no parameter {name!r}; the parameters are "
                       f"{', '.join(r.name for r in self.rows)}")

    def __iter__(self) -> Iterator[ParameterCheck]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def errors(self) -> dict[str, float]:
        """Each parameter's relative error, as tutorial 003's ``gradient_check`` returns."""
        return {row.name: row.relative_error for row in self.rows}

    @property
    def max_error(self) -> float:
        return max(row.relative_error for row in self.rows)

    def _table(self) -> list[list[str]]:
        keys = ("parameter", "shape", "relative_error", "worst", "analytic", "numerical")
        head = [text(f"testing.compare.{k}", self.lang) for k in keys]
        return [head] + [[
            row.name, _shape(row.shape, self.lang), f"{row.relative_error:.2e}",
            "—" if not row.worst else f"[{', '.join(map(str, row.worst))}]",
            f"{row.worst_analytic:.10g}", f"{row.worst_numerical:.10g}",
        ] for row in self.rows]

    def _summary(self) -> str:
        worst = max(self.rows, key=lambda r: r.relative_error)
        return text("testing.compare.summary", self.lang, error=f"{worst.relative_error:.2e}",
                    name=worst.name)

    def __str__(self) -> str:
        table = format_table(self._table(), right=_NUMBER_COLUMNS)
        return "\n".join([text("testing.compare.title", self.lang, h=self.h), "", table, "",
                          self._summary()])

    __repr__ = __str__  # the table at a Python prompt too

    def _repr_html_(self) -> str:
        head, *rows = self._table()
        cells = ["<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>"]
        cells += ["<tr>" + "".join(
            f'<td style="text-align:right">{html.escape(c)}</td>' if right else
            f"<td>{html.escape(c)}</td>" for c, right in zip(row, _NUMBER_COLUMNS)) + "</tr>"
            for row in rows]
        title = html.escape(text("testing.compare.title", self.lang, h=self.h))
        return (f"<p><b>{title}</b></p><table>{''.join(cells)}</table>"
                f"<p>{html.escape(self._summary())}</p>")


def compare(f: Callable[[], Node], params: Any, *, h: float = 1e-4,
            lang: str | None = None) -> GradientComparison:
    """Check a whole network's gradients as tutorial 003 does.

    ``f()`` computes the loss (a Value, or a Tensor of one element) from the
    parameters; ``params`` names them: a dict ``{"W1": W1, "b1": b1, ...}``,
    an ``nn.Module`` (its ``named_parameters()``: ``0.weight``, ...), or a
    list of labelled Values or Tensors. For each parameter it compares the
    gradient by backprop with central differences of step ``h``
    (``(f(p + h) - f(p - h)) / 2h``, element by element) and gives the
    tutorial's relative error ``‖a − n‖ / (‖a‖ + ‖n‖ + 1e-12)`` and the element
    that differs most. ``lang``: the table's language (default: the package
    setting). Leaves ``.grad`` alone.
    """
    named = _named_parameters(params)
    if not callable(f):
        raise TypeError(f"compare() takes the loss as a function of no arguments first; got "
                        f"{type(f).__name__} {f!r:.60}")
    if not (isinstance(h, (int, float)) and not isinstance(h, bool) and h > 0):
        raise ValueError(f"compare() h must be a positive number; got {h!r:.40}")
    lang = resolve_language(lang, "compare() lang")
    with enable_grad():
        loss = f()
    if not isinstance(loss, Node) or loss.size != 1:
        got = f"shape {loss.shape}" if isinstance(loss, Tensor) else type(loss).__name__
        raise TypeError(f"compare(): f() must return the loss, a Value or a Tensor of one "
                        f"element; got {got}")
    nodes = [p for _, p in named]
    analytic = grad(loss, nodes, allow_unused=True) if loss.requires_grad else [None] * len(nodes)
    numerical = central_differences(f, (), nodes, float(h), 1.0)
    rows = []
    for name, a, n in zip([name for name, _ in named], analytic, numerical):
        n = np.asarray(n, dtype=np.float64)
        a = np.zeros_like(n) if a is None else np.asarray(a, dtype=np.float64)
        error = float(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n) + 1e-12))
        worst = np.unravel_index(int(np.argmax(np.abs(a - n))), n.shape) if n.ndim else ()
        rows.append(ParameterCheck(name, a, n, error, tuple(int(i) for i in worst)))
    return GradientComparison(rows, float(h), lang)


def _named_parameters(params: Any) -> list[tuple[str, Value | Tensor]]:
    """(name, parameter) pairs from a dict, an nn.Module or a list of labelled nodes."""
    if hasattr(params, "named_parameters"):
        named = list(params.named_parameters())
    elif isinstance(params, Mapping):
        named = [(str(k), v) for k, v in params.items()]
    elif isinstance(params, (list, tuple)):
        named = [(getattr(p, "label", "") or str(i), p) for i, p in enumerate(params)]
    else:
        raise TypeError(f"compare() params must be a dict of name -> Value or Tensor, an "
                        f"nn.Module or a list; got {type(params).__name__} {params!r:.60}")
    if not named:
        raise ValueError("compare() params is empty: pass the parameters to check")
    _check_inputs([p for _, p in named], "compare() parameter")
    for name, p in named:
        if not p.requires_grad:
            raise ValueError(f"compare() parameter {name!r} does not require grad, so backprop "
                             "gives it no gradient; make it with requires_grad=True")
    return named


def _shape(shape: tuple[int, ...], lang: str) -> str:
    """As the tutorials write a shape: (2×8); a Value is a scalar."""
    return f"({'×'.join(map(str, shape))})" if shape else text("testing.compare.scalar", lang)
