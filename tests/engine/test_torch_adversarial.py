"""Adversarial cross-checks of Tensor and Value semantics against PyTorch.

Values and gradients are compared in float64 (first and second order), across
every rank combination for broadcasting, every axis form for reductions, mixed
basic/advanced indexing, batched matmul, extreme inputs, and accumulation.
Skipped when torch is not installed.
"""

import math
import operator
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import Tensor, Value, grad, gradgradcheck, ops

torch = pytest.importorskip("torch")

F64 = torch.float64
BINARY = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "div": operator.truediv,
    "pow": operator.pow,
}
# Few distinct values, so max() ties, relu(0) and abs(0) come up often.
TIED = st.sampled_from([-1.0, 0.0, 0.5, 1.0, 2.0])
SMOOTH = st.floats(-1.5, 1.5)


def leaf(x, requires_grad=True):
    return Tensor(np.array(x, dtype=np.float64), requires_grad=requires_grad)


def tleaf(x, requires_grad=True):
    return torch.tensor(np.array(x, dtype=np.float64), dtype=F64, requires_grad=requires_grad)


def close(ours, theirs, rtol=1e-10, atol=1e-12):
    if isinstance(theirs, torch.Tensor):  # (force: torch may answer with a lazy ZeroTensor)
        theirs = theirs.detach().numpy(force=True)
    ours = ours.data if isinstance(ours, Tensor) else ours
    assert np.shape(ours) == np.shape(theirs)
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, equal_nan=True)


def axes_for(ndim):
    """None, an int (maybe negative) or a tuple of distinct axes (maybe negative)."""
    if ndim == 0:
        return st.none()
    one = st.integers(-ndim, ndim - 1)
    many = st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True).flatmap(
        lambda axes: st.tuples(*[st.sampled_from([a, a - ndim]) for a in axes])
    )
    return st.one_of(st.none(), one, many)


# -- broadcasting ---------------------------------------------------------------


@given(
    hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
    st.sampled_from(sorted(BINARY)),
    st.sampled_from([(True, True), (True, False), (False, True)]),
    st.data(),
)
def test_broadcast_binary_ops_match_torch(shapes, name, needs, data):
    (sa, sb), out_shape = shapes.input_shapes, shapes.result_shape
    positive = st.floats(0.5, 2.0)
    an = data.draw(hnp.arrays(np.float64, sa, elements=positive))
    bn = data.draw(hnp.arrays(np.float64, sb, elements=positive))
    go = data.draw(hnp.arrays(np.float64, out_shape, elements=SMOOTH))
    f = BINARY[name]
    a, b = leaf(an, needs[0]), leaf(bn, needs[1])
    ta, tb = tleaf(an, needs[0]), tleaf(bn, needs[1])
    y, ty = f(a, b), f(ta, tb)
    close(y, ty)
    y.backward(go)
    ty.backward(torch.tensor(go))
    for x, tx, need in ((a, ta, needs[0]), (b, tb, needs[1])):
        if need:
            close(x.grad, tx.grad)
        else:
            assert x.grad is None


@given(
    st.sampled_from([np.float32, np.float64]),
    st.sampled_from(sorted(BINARY)),
    st.booleans(),
    st.one_of(
        st.integers(1, 3),
        st.floats(0.5, 3.0),
        hnp.arrays(st.sampled_from([np.float32, np.float64]), st.sampled_from([(), (3,), (2, 1)]),
                   elements=st.floats(0.5, 3.0, width=32)),
    ),
    st.data(),
)
def test_numbers_and_arrays_on_either_side(dtype, name, swap, other, data):
    tn = data.draw(hnp.arrays(dtype, (2, 3), elements=st.floats(0.5, 2.0, width=32)))
    f = BINARY[name]
    t = Tensor(tn, requires_grad=True)
    y = f(other, t) if swap else f(t, other)
    # A Python number keeps the tensor's dtype; an array follows numpy promotion.
    want = np.result_type(dtype, other.dtype) if isinstance(other, np.ndarray) else dtype
    assert y.dtype == want and type(y) is Tensor
    y.sum().backward()
    assert t.grad.dtype == dtype and t.grad.shape == t.shape

    tt = tleaf(tn)
    to = torch.tensor(other, dtype=F64) if isinstance(other, np.ndarray) else other
    ty = f(to, tt) if swap else f(tt, to)
    ty.sum().backward()
    low = dtype == np.float32 or getattr(other, "dtype", None) == np.float32
    tol = 1e-5 if low else 1e-12  # (a float32 constant's log is taken in float32)
    close(y, ty, rtol=tol, atol=tol)
    close(t.grad, tt.grad, rtol=tol, atol=tol)


# -- reductions -----------------------------------------------------------------


def torch_reduce(t, op, axis, keepdims):
    if t.ndim == 0:
        return t.amax() if op == "max" else getattr(t, op)()
    dim = tuple(range(t.ndim)) if axis is None else axis
    if op == "max":
        return t.amax(dim=dim, keepdim=keepdims)
    return getattr(t, op)(dim=dim, keepdim=keepdims)


@given(
    hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3).flatmap(
        lambda s: st.tuples(st.just(s), axes_for(len(s)))
    ),
    st.sampled_from(["sum", "mean", "max"]),
    st.booleans(),
    st.data(),
)
def test_reductions_match_torch_including_max_ties(shape_axis, op, keepdims, data):
    shape, axis = shape_axis
    xn = data.draw(hnp.arrays(np.float64, shape, elements=TIED))
    x, tx = leaf(xn), tleaf(xn)
    y = getattr(x, op)(axis=axis, keepdims=keepdims)
    ty = torch_reduce(tx, op, axis, keepdims)
    close(y, ty)
    go = data.draw(hnp.arrays(np.float64, y.shape, elements=SMOOTH))
    y.backward(go)
    ty.backward(torch.tensor(go))
    close(x.grad, tx.grad)  # max: ties share the gradient evenly, like torch.amax


# -- shape ops ------------------------------------------------------------------


@given(hnp.array_shapes(min_dims=1, max_dims=4, max_side=3), st.data())
def test_reshape_transpose_T_mT_match_torch(shape, data):
    nd = len(shape)
    xn = data.draw(hnp.arrays(np.float64, shape, elements=SMOOTH))
    target = list(data.draw(st.permutations(shape)))
    target[data.draw(st.integers(0, nd - 1))] = -1
    perm = data.draw(st.permutations(range(nd)))
    signed = tuple(p - nd if data.draw(st.booleans()) else p for p in perm)
    cases = [
        (lambda t: t.reshape(*target), lambda t: t.reshape(*target)),
        (lambda t: t.reshape(tuple(target)), lambda t: t.reshape(tuple(target))),
        (lambda t: t.transpose(*signed), lambda t: t.permute(*signed)),
        (lambda t: t.transpose(signed), lambda t: t.permute(signed)),
        (lambda t: t.T, lambda t: t.permute(*reversed(range(nd)))),  # numpy .T
    ]
    if nd >= 2:
        cases.append((lambda t: t.mT, lambda t: t.mT))
    for ours, theirs in cases:
        x, tx = leaf(xn), tleaf(xn)
        y, ty = ours(x), theirs(tx)
        close(y, ty)
        go = np.arange(y.size, dtype=np.float64).reshape(y.shape)
        y.backward(go)
        ty.backward(torch.tensor(go))
        close(x.grad, tx.grad)


# -- indexing -------------------------------------------------------------------


@given(
    hnp.array_shapes(min_dims=1, max_dims=3, max_side=4).flatmap(
        lambda s: st.tuples(
            st.just(s), hnp.basic_indices(s, allow_newaxis=True, allow_ellipsis=True)
        )
    ),
    st.data(),
)
def test_basic_indexing_scatters_the_gradient_back(shape_index, data):
    # Basic indices (ints, negative ints, slices with any step, Ellipsis, None)
    # select each element at most once, so the gradient is go written back in place.
    shape, index = shape_index
    xn = data.draw(hnp.arrays(np.float64, shape, elements=SMOOTH))
    x = leaf(xn)
    y = x[index]
    np.testing.assert_array_equal(y.data, xn[index])
    go = data.draw(hnp.arrays(np.float64, y.shape, elements=SMOOTH))
    y.backward(go)
    expected = np.zeros(shape)
    expected[index] += go
    np.testing.assert_array_equal(x.grad, expected)


@st.composite
def advanced_index(draw, shape):
    """An index with integer arrays (with repeats, negatives) or a mask, plus ints/slices."""
    kind = draw(st.sampled_from(["ints", "ints2", "mixed", "mask", "mask_then_slice", "list"]))

    def ints(n, size):
        return np.array(draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=size)))

    if kind == "ints":
        return ints(shape[0], 5)
    if kind == "list":
        return ints(shape[0], 5).tolist()
    if kind == "mask":
        return draw(hnp.arrays(np.bool_, shape))
    if kind == "mask_then_slice" and len(shape) >= 2:
        return draw(hnp.arrays(np.bool_, shape[:1])), slice(None, None, 2)
    if kind == "ints2" and len(shape) >= 2:
        k = draw(st.integers(1, 4))
        rows = np.array(draw(st.lists(st.integers(0, shape[0] - 1), min_size=k, max_size=k)))
        return rows, ints(shape[1], 1)  # the second broadcasts against the first
    if kind == "mixed" and len(shape) >= 3:
        k = draw(st.integers(1, 4))
        first = np.array(draw(st.lists(st.integers(0, shape[0] - 1), min_size=k, max_size=k)))
        last = np.array(draw(st.lists(st.integers(0, shape[2] - 1), min_size=k, max_size=k)))
        return first, slice(None), last  # advanced axes apart: they move to the front
    if len(shape) >= 2:
        return draw(st.integers(-shape[0], shape[0] - 1)), ints(shape[-1], 4)
    return ints(shape[0], 4)


def to_torch_index(index):
    if isinstance(index, tuple):
        return tuple(to_torch_index(i) for i in index)
    if isinstance(index, (np.ndarray, list)):
        return torch.as_tensor(np.asarray(index))
    return index


@given(
    hnp.array_shapes(min_dims=1, max_dims=3, max_side=4).flatmap(
        lambda s: st.tuples(st.just(s), advanced_index(s))
    ),
    st.data(),
)
def test_advanced_indexing_adds_up_repeats_like_torch(shape_index, data):
    shape, index = shape_index
    xn = data.draw(hnp.arrays(np.float64, shape, elements=SMOOTH))
    x, tx = leaf(xn), tleaf(xn)
    y, ty = x[index], tx[to_torch_index(index)]
    close(y, ty)
    go = data.draw(hnp.arrays(np.float64, y.shape, elements=SMOOTH))
    y.backward(go)
    ty.backward(torch.tensor(go))
    close(x.grad, tx.grad)
    # Second order: the gradient of an indexed square is itself differentiable.
    x2, tx2 = leaf(xn), tleaf(xn)
    (g,) = grad((x2[index] ** 3 * go).sum(), x2, create_graph=True)
    (tg,) = torch.autograd.grad((tx2[to_torch_index(index)] ** 3 * torch.tensor(go)).sum(), tx2,
                                create_graph=True)
    (h,) = grad((g * g).sum(), x2)
    (th,) = torch.autograd.grad((tg * tg).sum(), tx2)
    close(h, th, rtol=1e-9)


# -- matmul ---------------------------------------------------------------------


@st.composite
def matmul_shapes(draw):
    n, k, m = (draw(st.integers(1, 3)) for _ in range(3))
    batch = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=2, max_side=3))
    ba, bb = batch.input_shapes
    a = (k,) if draw(st.booleans()) else ba + (n, k)
    b = (k,) if draw(st.booleans()) else bb + (k, m)
    return a, b


@given(matmul_shapes(), st.sampled_from([(True, True), (True, False), (False, True)]), st.data())
def test_matmul_all_rank_combinations_match_torch(shapes, needs, data):
    sa, sb = shapes
    an = data.draw(hnp.arrays(np.float64, sa, elements=SMOOTH))
    bn = data.draw(hnp.arrays(np.float64, sb, elements=SMOOTH))
    a, b = leaf(an, needs[0]), leaf(bn, needs[1])
    ta, tb = tleaf(an, needs[0]), tleaf(bn, needs[1])
    y, ty = a @ b, ta @ tb
    close(y, ty)
    go = data.draw(hnp.arrays(np.float64, y.shape, elements=SMOOTH))
    y.backward(go)
    ty.backward(torch.tensor(go))
    for x, tx, need in ((a, ta, needs[0]), (b, tb, needs[1])):
        if need:
            close(x.grad, tx.grad)
    # numpy arrays on the left of @ defer to the Tensor
    assert type(an @ leaf(bn)) is Tensor


@pytest.mark.parametrize(
    "sa, sb", [((2, 3), (4, 5)), ((3,), (4,)), ((2, 3, 4), (5, 4, 2)), ((3,), (2, 4, 5))]
)
def test_matmul_mismatch_names_both_shapes(sa, sb):
    with pytest.raises(ValueError, match=rf"{sa}.*{sb}".replace("(", r"\(").replace(")", r"\)")):
        Tensor(np.ones(sa)) @ Tensor(np.ones(sb))


# -- element-wise functions at extreme inputs -------------------------------------

UNARY = {
    # every one-input function of the op table (torch names them the same) ...
    **{name: (lambda t, n=name: getattr(t, n)(), getattr(torch, name)) for name in ops.METHODS},
    # ... and functions with parameters
    "clip": (lambda t: t.clip(-1.0, 1.0), lambda t: t.clamp(-1.0, 1.0)),
    "clip_low": (lambda t: t.clip(0.0, None), lambda t: t.clamp(min=0.0)),
    "square": (lambda t: t**2, lambda t: t**2),
    "reciprocal": (lambda t: 1 / t, lambda t: 1 / t),
    "log_softmax": (lambda t: t.log_softmax(), lambda t: torch.log_softmax(t, -1)),
}
EXTREME = st.sampled_from([-1000.0, -100.0, -1.0, 0.0, 1e-300, 1.0, 1.0, 100.0, 1000.0])


@pytest.mark.parametrize("name", sorted(UNARY))
@given(data=st.data())
def test_unary_ops_at_extreme_inputs_match_torch(name, data):
    ours, theirs = UNARY[name]
    xn = data.draw(hnp.arrays(np.float64, st.integers(1, 6), elements=EXTREME | SMOOTH))
    x, tx = leaf(xn), tleaf(xn)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy's exp(1000) overflow note
        y = ours(x)
        y.backward(np.ones(y.shape))
    ty = theirs(tx)
    ty.backward(torch.ones_like(ty))
    close(y, ty)
    close(x.grad, tx.grad)  # relu'(0) = 0 and |x|'(0) = 0, as torch says
    if name != "log_softmax":
        for xv in xn:  # the scalar front end agrees element by element
            v, tv = Value(float(xv)), tleaf(float(xv))
            out, tout = ours(v), theirs(tv)
            out.backward()
            tout.backward()
            assert out.data == pytest.approx(tout.item(), rel=1e-12, nan_ok=True)
            assert v.grad == pytest.approx(tv.grad.item(), rel=1e-12, nan_ok=True)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_outputs_and_leaf_grads_keep_the_dtype(dtype, name):
    x = Tensor(np.array([[0.5, -2.0, 3.0], [1.5, 0.0, -1.0]], dtype=dtype), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        y = UNARY[name][0](x)
        loss = (y.max(axis=0) + y.mean(1, keepdims=True)).sum() + (y[[0, 0]] @ y.T).sum()
        loss.backward()
    assert y.dtype == dtype and x.grad.dtype == dtype


@given(
    hnp.array_shapes(min_dims=1, max_dims=3, max_side=4).flatmap(
        lambda s: st.tuples(st.just(s), st.integers(-len(s), len(s) - 1))
    ),
    st.data(),
)
def test_log_softmax_along_each_axis_first_and_second_order(shape_axis, data):
    shape, axis = shape_axis
    xn = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-30, 30)))
    w = data.draw(hnp.arrays(np.float64, shape, elements=SMOOTH))
    x, tx = leaf(xn), tleaf(xn)
    y, ty = x.log_softmax(axis), torch.log_softmax(tx, axis)
    close(y, ty, rtol=1e-9)
    (g,) = grad((y * w).sum(), x, create_graph=True)
    (tg,) = torch.autograd.grad((ty * torch.tensor(w)).sum(), tx, create_graph=True)
    close(g, tg, rtol=1e-9)
    (h,) = grad((g**3).sum(), x)
    (th,) = torch.autograd.grad((tg**3).sum(), tx)
    close(h, th, rtol=1e-7, atol=1e-10)


# -- random tensor programs, second order ----------------------------------------

ELEMENTWISE = {
    "tanh": lambda x, T: torch.tanh(x) if T else x.tanh(),
    "sigmoid": lambda x, T: torch.sigmoid(x) if T else x.sigmoid(),
    "exp_tanh": lambda x, T: torch.exp(torch.tanh(x)) if T else x.tanh().exp(),
    "log1p_sq": lambda x, T: torch.log(1 + x * x) if T else (1 + x * x).log(),
    "relu": lambda x, T: torch.relu(x) if T else x.relu(),
    "abs": lambda x, T: torch.abs(x) if T else x.abs(),
    "clip": lambda x, T: torch.clamp(x, -0.7, 0.9) if T else x.clip(-0.7, 0.9),
    "cube": lambda x, T: x**3,
    "rpow": lambda x, T: 2**x,
    "rsub": lambda x, T: 1.5 - x,
    "rational": lambda x, T: x / (1 + x * x),
    # (an exponent kept away from 0: see test_pow_second_order_at_exponent_zero)
    "pow_tensor": lambda x, T: (x * x + 1) ** (x * 0.5 + 1),
    "self_mix": lambda x, T: x * (torch.tanh(x) if T else x.tanh()) + x,
}


@st.composite
def tensor_programs(draw):
    ndim = draw(st.integers(0, 3))
    cur = tuple(draw(st.lists(st.integers(1, 3), min_size=ndim, max_size=ndim)))
    x = draw(hnp.arrays(np.float64, cur, elements=TIED | SMOOTH))
    steps = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["ew", "ew", "reduce", "bcast", "shape", "index", "lsm", "mm"]))
        if kind == "ew":
            steps.append(("ew", draw(st.sampled_from(sorted(ELEMENTWISE)))))
        elif kind == "bcast":
            other = draw(hnp.broadcastable_shapes(cur, max_dims=3, max_side=3))
            c = draw(hnp.arrays(np.float64, other, elements=SMOOTH))
            steps.append(("bcast", draw(st.sampled_from(["add", "sub", "mul", "rsub", "div"])), c))
            cur = np.broadcast_shapes(cur, other)
        elif not cur:
            continue
        elif kind == "reduce":
            op, axis = draw(st.sampled_from(["sum", "mean", "max"])), draw(axes_for(len(cur)))
            keep = draw(st.booleans())
            steps.append(("reduce", op, axis, keep))
            cur = np.empty(cur).sum(axis=axis, keepdims=keep).shape
        elif kind == "shape":
            perm = tuple(draw(st.permutations(range(len(cur)))))
            steps.append(("transpose", perm))
            cur = tuple(cur[p] for p in perm)
        elif kind == "index":
            idx = np.array(draw(st.lists(st.integers(-cur[0], cur[0] - 1), min_size=1, max_size=4)))
            steps.append(("index", idx))
            cur = (len(idx),) + cur[1:]
        elif kind == "lsm":
            steps.append(("lsm", draw(st.integers(-len(cur), len(cur) - 1))))
        else:
            wshape = (cur[-1],) if draw(st.booleans()) else (cur[-1], draw(st.integers(1, 3)))
            steps.append(("mm", draw(hnp.arrays(np.float64, wshape, elements=SMOOTH))))
            cur = (np.ones(cur) @ np.ones(wshape)).shape
    return x, steps, cur


def run_program(x, steps, T, params):
    for i, step in enumerate(steps):
        kind = step[0]
        if kind == "ew":
            x = ELEMENTWISE[step[1]](x, T)
        elif kind == "bcast":
            c = params[i]
            x = {"add": x + c, "sub": x - c, "mul": x * c, "rsub": c - x, "div": x / (1.5 + c * c)}[
                step[1]
            ]
        elif kind == "reduce":
            _, op, axis, keep = step
            x = torch_reduce(x, op, axis, keep) if T else getattr(x, op)(axis=axis, keepdims=keep)
        elif kind == "transpose":
            x = x.permute(step[1]) if T else x.transpose(step[1])
        elif kind == "index":
            x = x[torch.tensor(step[1])] if T else x[step[1]]
        elif kind == "lsm":
            x = torch.log_softmax(x, step[1]) if T else x.log_softmax(step[1])
        else:
            x = x @ params[i]
    return x


@given(tensor_programs(), st.data())
def test_random_tensor_programs_second_order_match_torch(program, data):
    xn, steps, out_shape = program
    go = data.draw(hnp.arrays(np.float64, out_shape, elements=SMOOTH))
    consts = {i: s[-1] for i, s in enumerate(steps) if s[0] in ("bcast", "mm")}
    params = {i: leaf(c) for i, c in consts.items()}
    tparams = {i: tleaf(c) for i, c in consts.items()}
    x, tx = leaf(xn), tleaf(xn)
    y, ty = run_program(x, steps, False, params), run_program(tx, steps, True, tparams)
    close(y, ty, rtol=1e-9)
    ins, tins = [x, *params.values()], [tx, *tparams.values()]
    # The cubic term keeps every gradient differentiable (see the report on relu/abs).
    loss = (y * go).sum() + (x * x * x).sum() * 0.1
    tloss = (ty * torch.tensor(go)).sum() + (tx * tx * tx).sum() * 0.1
    gs = grad(loss, ins, create_graph=True)
    tgs = torch.autograd.grad(tloss, tins, create_graph=True)
    for g, tg in zip(gs, tgs):
        close(g, tg, rtol=1e-8, atol=1e-10)
    second = sum(((g * g).sum() for g in gs), Tensor(0.0))
    tsecond = sum((tg * tg).sum() for tg in tgs)
    hs = grad(second, ins, allow_unused=True)
    ths = torch.autograd.grad(tsecond, tins, allow_unused=True)
    for h, th, inp in zip(hs, ths, ins):
        zero = np.zeros(inp.shape)
        close(zero if h is None else h, zero if th is None else th, rtol=1e-7, atol=1e-9)


# -- Values: random expressions, second order --------------------------------------

# The smooth and kinked element-wise ops are shared with the tensor programs above.
V_UNARY = {
    **{name: ELEMENTWISE[name] for name in (
        "tanh", "sigmoid", "exp_tanh", "log1p_sq", "relu", "abs", "clip", "cube")},
    "sqrt1p": lambda v, T: (1 + v * v) ** 0.5,
    "neg": lambda v, T: -v,
    "rpow": lambda v, T: 3 ** (torch.tanh(v) if T else v.tanh()),
    "rdiv": lambda v, T: 2 / (1 + v * v),
    "rsub": lambda v, T: 2 - v,
}
V_BINARY = {
    "add": lambda a, b, T: a + b,
    "sub": lambda a, b, T: a - b,
    "mul": lambda a, b, T: a * b,
    "div": lambda a, b, T: a / (1 + b * b),
    "pow": lambda a, b, T: (1 + a * a) ** (1 + (torch.tanh(b) if T else b.tanh()) ** 2),
}


@st.composite
def value_programs(draw):
    n = draw(st.integers(1, 3))
    xs = draw(st.lists(TIED | st.floats(-2, 2), min_size=n, max_size=n))
    steps = []
    for k in range(draw(st.integers(1, 7))):
        pick = st.integers(0, n + k - 1)
        if draw(st.booleans()):
            steps.append((V_UNARY[draw(st.sampled_from(sorted(V_UNARY)))], draw(pick)))
        else:
            f = V_BINARY[draw(st.sampled_from(sorted(V_BINARY)))]
            steps.append((f, draw(pick), draw(pick)))
    return xs, steps


def run_values(xs, steps, T):
    slots = list(xs)
    for f, *args in steps:
        slots.append(f(*(slots[i] for i in args), T))
    return slots[-1] + sum(x * x * x for x in xs) * 0.1


@given(value_programs())
def test_random_value_programs_second_order_and_accumulation_match_torch(program):
    xs, steps = program
    vs = [Value(x) for x in xs]
    ts = [tleaf(x) for x in xs]
    out, tout = run_values(vs, steps, False), run_values(ts, steps, True)
    assert out.data == pytest.approx(tout.item(), rel=1e-12, abs=1e-12, nan_ok=True)
    gs = grad(out, vs, create_graph=True)
    tgs = torch.autograd.grad(tout, ts, create_graph=True)
    for g, tg in zip(gs, tgs):
        assert g.data == pytest.approx(tg.item(), rel=1e-9, abs=1e-12, nan_ok=True)
    hs = grad(sum(g * g for g in gs), vs, allow_unused=True)
    ths = torch.autograd.grad(sum(tg * tg for tg in tgs), ts, allow_unused=True)
    for h, th in zip(hs, ths):
        want = 0.0 if th is None else th.item()
        assert (0.0 if h is None else h) == pytest.approx(want, rel=1e-8, abs=1e-10, nan_ok=True)
    out.backward()
    out.backward()  # leaves accumulate across calls
    for v, g in zip(vs, gs):
        assert v.grad == pytest.approx(2 * g.data, rel=1e-12, abs=1e-12, nan_ok=True)


# -- accumulation, non-leaf gradients, grad_outputs ---------------------------------


@given(hnp.arrays(np.float64, st.integers(1, 4), elements=SMOOTH), st.data())
def test_accumulation_non_leaf_and_grad_outputs_match_torch(xn, data):
    n = len(xn)
    go = data.draw(hnp.arrays(np.float64, n, elements=SMOOTH))
    x, tx = leaf(xn), tleaf(xn)
    h, th = x.tanh() * 3, torch.tanh(tx) * 3
    th.retain_grad()
    for _ in range(2):
        (h * h).sum().backward()
    (th * th).sum().backward(retain_graph=True)
    close(h.grad, th.grad)  # a non-leaf keeps the latest pass ...
    (th * th).sum().backward()
    close(x.grad, tx.grad)  # ... while a leaf accumulates both

    # grad() w.r.t. a non-leaf and a leaf, several outputs, grad_outputs with a None
    x, tx = leaf(xn), tleaf(xn)
    a, ta = x.exp(), tx.exp()
    b, tb = (a * x).sum(), (ta * tx).sum()
    ours = grad([a, b], [a, x], grad_outputs=[go, None])
    theirs = torch.autograd.grad([ta, tb], [ta, tx], grad_outputs=[torch.tensor(go), None])
    for o, t in zip(ours, theirs):
        close(o, t)
    assert x.grad is None and a.grad is None  # grad() leaves .grad alone

    # vector-Jacobian of a vector-Jacobian: a Jacobian-vector product, via a dummy u
    x, tx = leaf(xn), tleaf(xn)
    u, tu = leaf(np.zeros(n)), tleaf(np.zeros(n))
    (gx,) = grad(x.sigmoid() * x, x, grad_outputs=u, create_graph=True)
    (tgx,) = torch.autograd.grad(torch.sigmoid(tx) * tx, tx, grad_outputs=tu, create_graph=True)
    (jvp,) = grad(gx, u, grad_outputs=go)
    (tjvp,) = torch.autograd.grad(tgx, tu, grad_outputs=torch.tensor(go))
    close(jvp, tjvp)


def test_backward_with_create_graph_then_differentiate_the_leaf_grad():
    x, tx = leaf([0.5, -1.0, 2.0]), tleaf([0.5, -1.0, 2.0])
    (x**3 * x.tanh()).sum().backward(create_graph=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # torch's reference-cycle note
        (tx**3 * torch.tanh(tx)).sum().backward(create_graph=True)
    close(x.grad, tx.grad)
    (h,) = grad((x.grad * x.grad).sum(), x)
    (th,) = torch.autograd.grad((tx.grad * tx.grad).sum(), tx)
    close(h, th)
    assert math.isfinite(float(np.sum(h)))


def test_pow_second_order_at_exponent_zero():
    # d/db of d(a ** b)/da = a**(b-1) * (1 + b log a) is 1/a at b = 0, though the first
    # derivative b * a**(b-1) is 0 there. torch masks "exponent == 0" to a constant zero
    # in pow's backward, so its double backward drops this term; the engine keeps it.
    for a, b in ((Value(2.0), Value(0.0)), (leaf([2.0, 0.5]), leaf([0.0, 0.0]))):
        assert gradgradcheck(lambda a, b: a**b, a, b)
        (ga, _) = grad(a**b, [a, b], grad_outputs=None if isinstance(a, Value) else np.ones(2),
                       create_graph=True)
        (gab,) = grad(ga if isinstance(a, Value) else ga.sum(), b)
        np.testing.assert_allclose(gab, 1 / a.data)
