"""``check_op``: a property test a learner runs on their own op.

It draws inputs inside the op's declared domain and away from its kinks,
and a random upstream gradient (not ones), and checks, for every draw:

1. hygiene: ``forward`` and ``backward`` leave their inputs and the upstream
   gradient unchanged, ``backward`` returns one gradient per input, each of
   its input's shape and not sharing memory with the inputs;
2. first derivatives: the gradients against central differences;
3. second derivatives (``order=2``): the rule, run on graph nodes, against
   central differences of the first gradient.

A failure is shrunk by hypothesis to a minimal case and raised as
:class:`OpCheckError` saying which check failed, the inputs, and the
analytic and numeric values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd.engine import AutogradError, Domain, Op, Tensor, Value, grad, no_grad
from autograd.gradcheck import (
    central_differences,
    element_text,
    first_gradient,
    first_mismatch,
    mismatch_numbers,
)
from autograd.messages import resolve_language, text
from autograd.strategies import REAL, floats_in

Shapes = Sequence[tuple[int, ...]] | st.SearchStrategy | None


EPS = 1e-6  # the step of the central differences


class OpCheckError(AutogradError, AssertionError):
    """``check_op`` found a case where the op is wrong (the message says which check)."""


def check_op(
    op: Op | type[Op],
    *,
    domain: Domain | Sequence[Domain] | None = None,
    shapes: Shapes = None,
    order: int = 2,
    fixed: Mapping[int, Any] | None = None,
    max_examples: int | None = None,
    atol: float = 1e-5,
    rtol: float = 1e-4,
    lang: str | None = None,
) -> bool:
    """Property-test ``op`` (an instance, or a class taking no arguments).

    - ``domain``: one :class:`Domain` for every input, or one per input
      (default: the op's own ``domain``; any real number if it has none).
    - ``shapes``: the input shapes, a tuple per input, e.g. ``((4, 3), (3, 2),
      (2,))`` for an affine op, or a hypothesis strategy of such tuples. By
      default an element-wise op is checked on Values and on Tensors of
      mutually broadcastable shapes; other ops need ``shapes``.
    - ``order``: 1 checks first derivatives, 2 also second derivatives.
    - ``fixed``: inputs that are given rather than drawn, by position, such
      as labels: ``fixed={1: one_hot_labels}``. They are not differentiated.

    - ``max_examples``: how many cases to draw (default: hypothesis's current
      settings, 100 unless a profile says otherwise).
    - ``lang``: the language of the report (default: the package language,
      :func:`autograd.messages.set_language`).

    Returns True, or raises :class:`OpCheckError` for a minimal failing case.
    """
    op = _instance(op)
    lang = resolve_language(lang, "check_op lang")
    if order not in (1, 2):
        raise ValueError(f"check_op order must be 1 or 2; got {order!r}")
    fixed = dict(fixed or {})
    n = _arity(op, domain, fixed)
    domains = _domains(op, domain, n)
    drawn = [i for i in range(n) if i not in fixed]
    if not drawn:
        raise ValueError(f"check_op({op.name}): every input is fixed; nothing to check")
    strategy = _cases(op, domains, shapes, n, fixed, drawn)

    @settings(max_examples=max_examples or settings().max_examples, deadline=None, database=None,
              report_multiple_bugs=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(strategy)
    def run(case: tuple[list[Any], Any]) -> None:
        inputs, seed = case
        try:
            _check_case(op, inputs, seed, drawn, order, atol, rtol, lang)
        except OpCheckError:
            raise
        except Exception as e:  # the op's own code failed: report it as the op's failure
            shown = ", ".join(f"x{i} = {_show(inputs[i])}" for i in drawn)
            raise OpCheckError(text("checking.op.raised", lang, op=op.name,
                                    error=f"{type(e).__name__}: {e}", at=shown)) from e

    run()
    return True


def _instance(op: Any) -> Op:
    if isinstance(op, type) and issubclass(op, Op):
        return op()
    if isinstance(op, Op):
        return op
    raise TypeError(f"check_op takes an Op instance or class; got {type(op).__name__} {op!r:.60}")


def _arity(op: Op, domain: Any, fixed: Mapping[int, Any]) -> int:
    n = op.arity
    if n is None:
        n = len(domain) if isinstance(domain, Sequence) else len(op.domain)
        if not n:
            raise ValueError(f"{op.name}.forward takes any number of inputs; pass domain= one "
                             "Domain per input so check_op knows how many to draw")
    bad = [i for i in fixed if not (isinstance(i, int) and 0 <= i < n)]
    if bad:
        raise ValueError(f"check_op fixed= positions {bad} are not inputs of {op.name} "
                         f"(it takes {n})")
    return n


def _domains(op: Op, domain: Any, n: int) -> tuple[Domain, ...]:
    if domain is None:
        domain = op.domain or REAL
    if isinstance(domain, Domain):
        return (domain,) * n
    domains = tuple(domain)
    if len(domains) != n or not all(isinstance(d, Domain) for d in domains):
        raise ValueError(f"check_op domain= takes a Domain or {n} of them (one per input of "
                         f"{op.name}); got {domain!r:.80}")
    return domains


def _cases(op: Op, domains, shapes: Shapes, n: int, fixed, drawn) -> st.SearchStrategy:
    """(inputs, seed): the op's inputs (Values or Tensors) and a seed for the upstream grad."""
    if shapes is None and not op.elementwise:
        raise ValueError(
            f"check_op({op.name}) needs shapes=: {op.name} is not element-wise, so its inputs "
            "cannot be drawn as numbers; pass one shape per input, e.g. shapes=((4, 3), (3, 2))"
        )
    if shapes is None:
        broadcast = hnp.mutually_broadcastable_shapes(num_shapes=n, max_dims=3, max_side=3)
        shape_sets = st.one_of(st.none(), broadcast.map(lambda s: s.input_shapes))
    elif isinstance(shapes, st.SearchStrategy):
        shape_sets = shapes
    else:
        shape_sets = st.just(tuple(tuple(s) for s in shapes))

    @st.composite
    def case(draw: Any) -> tuple[list[Any], int]:
        chosen = draw(shape_sets)
        if chosen is not None and len(chosen) != n:
            raise ValueError(f"check_op shapes= gives {len(chosen)} shapes for the {n} inputs "
                             f"of {op.name}")
        inputs: list[Any] = []
        for i in range(n):
            if i in fixed:
                inputs.append(fixed[i])
            elif chosen is None:
                inputs.append(Value(draw(floats_in(domains[i])), label=f"x{i}"))
            else:
                arr = draw(hnp.arrays(np.float64, chosen[i], elements=floats_in(domains[i])))
                inputs.append(Tensor(arr, label=f"x{i}", requires_grad=True))
        return inputs, draw(st.integers(0, 2**32 - 1))

    return case()


def _check_case(op: Op, inputs: list[Any], seed: int, drawn: list[int], order: int,
                atol: float, rtol: float, lang: str) -> None:
    shown = ", ".join(f"x{i} = {_show(inputs[i])}" for i in drawn)
    data_before = [_copy(_data(x)) for x in inputs]
    y = op(*inputs)
    _hygiene(op, "forward", inputs, data_before, shown, lang)
    if not getattr(y, "requires_grad", False):
        raise OpCheckError(text("checking.op.not_a_node", lang, op=op.name, at=shown,
                                result=f"{y!r:.80}"))
    g = _upstream(y, seed)
    _check_backward_hygiene(op, y, inputs, g, shown, lang)
    wanted = [inputs[i] for i in drawn]
    analytic = grad(y, wanted, grad_outputs=g, allow_unused=True)
    numeric = central_differences(op, inputs, wanted, EPS, g)
    _compare("first", op, drawn, analytic, numeric, shown, g, atol, rtol, lang)
    if order == 2:
        _check_second_order(op, inputs, drawn, g, seed, shown, atol * 10, rtol * 10, lang)


def _check_backward_hygiene(op: Op, y: Any, inputs: list[Any], g: Any, shown: str,
                            lang: str) -> None:
    """Call the rule on raw data, as the engine's fast path does, and check what it did.

    It gets the data of the node's parents: the inputs, broadcast to one shape
    for an element-wise op, exactly as in a backward pass.
    """
    raw_inputs = [p.data for p in y.parents]
    before, g_before = [_copy(x) for x in raw_inputs], _copy(g)
    needs = tuple(p.requires_grad for p in y.parents)
    with no_grad():  # as the backward pass calls it: needs= only when some input needs none
        if op.takes_needs and not all(needs):
            result = op.backward(g, y.data, *raw_inputs, needs=needs)
        else:
            result = op.backward(g, y.data, *raw_inputs)
    if not isinstance(result, (tuple, list)):
        result = (result,)
    if len(result) != len(raw_inputs):
        raise OpCheckError(text("checking.op.gradient_count", lang, op=op.name,
                                count=len(result), inputs=len(raw_inputs), at=shown))
    if not _same(g, g_before):
        raise OpCheckError(text("checking.op.changed_g", lang, op=op.name, at=shown))
    _hygiene(op, "backward", raw_inputs, before, shown, lang)
    for i, (x, gx) in enumerate(zip(raw_inputs, result)):
        if gx is None:
            continue
        if np.shape(gx) != np.shape(x):
            summed = _broadcasts_to(np.shape(x), np.shape(gx))
            hint = text("checking.op.sum_it_back", lang) if summed else ""
            raise OpCheckError(text("checking.op.gradient_shape", lang, op=op.name,
                                    got=np.shape(gx), index=i, shape=np.shape(x), at=shown,
                                    hint=hint))
        for j, other in enumerate(raw_inputs + [_data(x) for x in inputs]):
            if isinstance(gx, np.ndarray) and isinstance(other, np.ndarray) and \
                    np.shares_memory(gx, other):
                raise OpCheckError(text("checking.op.shares_memory", lang, op=op.name,
                                        index=i, other=j % len(raw_inputs), at=shown))


def _broadcasts_to(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    try:
        return np.broadcast_shapes(shape, target) == target
    except ValueError:
        return False


def _check_second_order(op: Op, inputs: list[Any], drawn: list[int], g: Any, seed: int,
                        shown: str, atol: float, rtol: float, lang: str) -> None:
    rng = np.random.default_rng(seed + 1)
    directions = [rng.uniform(-1.5, 1.5, size=np.shape(_data(inputs[i]))) for i in drawn]

    directional = first_gradient(op, drawn, g, directions)  # its gradient is second order
    out = directional(*inputs)
    wanted = [inputs[i] for i in drawn]
    if out.requires_grad:
        analytic = grad(out, wanted, allow_unused=True)
    else:  # the first gradient does not depend on the inputs: second derivatives are 0
        analytic = (None,) * len(wanted)
    numeric = central_differences(directional, inputs, wanted, EPS, 1.0)
    _compare("second", op, drawn, analytic, numeric, shown, g, atol, rtol, lang)


def _compare(order: str, op: Op, drawn: list[int], analytic: Sequence[Any],
             numeric: Sequence[Any], shown: str, g: Any, atol: float, rtol: float,
             lang: str) -> None:
    """Raise for the first input whose ``order`` ("first" or "second") derivative is wrong."""
    for i, a, n in zip(drawn, analytic, numeric):
        where = first_mismatch(a, n, atol, rtol)
        if where is not None:
            n = np.asarray(n, dtype=np.float64)
            a = np.zeros_like(n) if a is None else np.asarray(_data(a), dtype=np.float64)
            raise OpCheckError(text(
                "checking.op.wrong", lang, what=text(f"checking.op.{order}", lang), op=op.name,
                index=i, element=element_text(where, lang), at=shown, g=_show(g),
                numbers=mismatch_numbers(float(a[where]), float(n[where]), lang)))


def _hygiene(op: Op, step: str, inputs: list[Any], before: list[Any], shown: str,
             lang: str) -> None:
    for i, (x, old) in enumerate(zip(inputs, before)):
        if not _same(_data(x), old):
            raise OpCheckError(text("checking.op.changed_input", lang, op=op.name, step=step,
                                    index=i, at=shown))


def _upstream(y: Any, seed: int) -> Any:
    """A random upstream gradient away from 0 and 1 (ones would hide a missing g factor)."""
    rng = np.random.default_rng(seed)
    sign = rng.choice([-1.0, 1.0], size=np.shape(y.data))
    g = sign * rng.uniform(0.3, 1.7, size=np.shape(y.data))
    return float(g) if isinstance(y, Value) else g


def _data(x: Any) -> Any:
    return x.data if hasattr(x, "data") and isinstance(x, (Value, Tensor)) else x


def _copy(x: Any) -> Any:
    return x.copy() if isinstance(x, np.ndarray) else x


def _same(x: Any, old: Any) -> bool:
    if isinstance(x, np.ndarray):
        return x.shape == np.shape(old) and bool(np.array_equal(x, old, equal_nan=True))
    return x == old or (x != x and old != old)


def _show(x: Any) -> str:
    data = np.asarray(_data(x))
    if data.ndim == 0:
        return f"{float(data):.6g}"
    return np.array2string(data, precision=4, separator=", ", threshold=12).replace("\n", "")
