"""The small language of an op's ``gradient_rules``: parse, run and write out one rule.

An op declares, per input, the gradient it sends as a short expression::

    class MatMul(Op):
        gradient_rules = {"a": "unbroadcast(g @ b.T)", "b": "unbroadcast(a.T @ g)"}

It is Python syntax over numpy arrays: the names are the inputs of
``forward`` (``a``, ``b``, ``x``, ...), ``g`` (the gradient the op receives,
∂L/∂y), ``y`` (the output) and the op's own attributes (``exponent``,
``scale``, ...); the operators are ``+ - * / ** @``, comparisons (a mask of
0 and 1), unary ``-`` and ``.T`` (a matrix transpose); the functions are the
:data:`WORDS` below (``exp``, ``sum_rows``, ``unbroadcast``, ...).

One parsed rule (an :class:`Expr` tree) is run on the step's arrays (so a
test can compare it with the op's ``backward``), written in matrix notation
(``A^[1]ᵀ·∂L/∂Z^[2]``), in the column form of tutorial 002 (every matrix
transposed), as the numpy line a tutorial writes (``A1.T @ dZ2``), with the
shapes of its operands (``(3×5)·(5×2)``), and expanded into the scalar sum of
one cell (see :mod:`autograd.viz.cellsum`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd import functions as AF
from autograd.engine import AutogradError

from . import formula
from .formula import number_text


class RuleError(AutogradError, ValueError):
    """A ``gradient_rules`` expression that is not in the rule language, or cannot run."""


# -- the tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class Expr:
    """A node of a parsed rule."""


@dataclass(frozen=True)
class Name(Expr):
    id: str


@dataclass(frozen=True)
class Num(Expr):
    value: float


@dataclass(frozen=True)
class Neg(Expr):
    arg: Expr


@dataclass(frozen=True)
class Bin(Expr):
    op: str  # "+", "-", "*", "/", "**", "@", ">", ">=", "<", "<=", "==", "!="
    left: Expr
    right: Expr


@dataclass(frozen=True)
class T(Expr):
    """``arg.T``: the transpose of a matrix (of the last two axes of a stack)."""

    arg: Expr


@dataclass(frozen=True)
class Call(Expr):
    fn: str
    args: tuple[Expr, ...]


_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**",
           ast.MatMult: "@"}
_COMPARE = {ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<=", ast.Eq: "==",
            ast.NotEq: "!="}


def parse(source: str) -> Expr:
    """The tree of one rule, or a RuleError saying what is not allowed."""
    if not isinstance(source, str) or not source.strip():
        raise RuleError(f"a gradient rule is a non-empty str; got {source!r:.60}")
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError as e:
        raise RuleError(f"gradient rule {source!r}: {e.msg}") from None
    return _convert(tree, source)


def _convert(node: ast.AST, source: str) -> Expr:
    def bad(what: str) -> RuleError:
        return RuleError(f"gradient rule {source!r}: {what} is not in the rule language "
                         f"(names, numbers, + - * / ** @, comparisons, .T and "
                         f"{', '.join(sorted(WORDS))})")

    if isinstance(node, ast.Name):
        return Name(node.id)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return Num(float(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return Neg(_convert(node.operand, source))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return Bin(_BINARY[type(node.op)], _convert(node.left, source),
                   _convert(node.right, source))
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
        return Bin(_COMPARE[type(node.ops[0])], _convert(node.left, source),
                   _convert(node.comparators[0], source))
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return T(_convert(node.value, source))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        if node.func.id not in WORDS:
            raise bad(f"the function {node.func.id}()")
        word = WORDS[node.func.id]
        if len(node.args) != word.arity:
            raise RuleError(f"gradient rule {source!r}: {node.func.id}() takes "
                            f"{word.arity} argument(s); got {len(node.args)}")
        return Call(node.func.id, tuple(_convert(a, source) for a in node.args))
    raise bad(type(node).__name__)


def names_in(expr: Expr) -> set[str]:
    """Every name the rule reads."""
    if isinstance(expr, Name):
        return {expr.id}
    return set().union(*(names_in(k) for k in children(expr)))


def children(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, (Neg, T)):
        return (expr.arg,)
    if isinstance(expr, Bin):
        return (expr.left, expr.right)
    if isinstance(expr, Call):
        return expr.args
    return ()


# -- running a rule -----------------------------------------------------------------------


@dataclass
class Env:
    """What a rule runs on: the arrays by name, the op, and the input the rule is for."""

    values: Mapping[str, Any]  # inputs by name, "g", "y"
    op: Any
    input_shape: tuple[int, ...]  # the shape of the input whose gradient this is
    sample: int | None = None  # one-sample mode: the op's per-row data is cut to this row

    def lookup(self, name: str) -> Any:
        if name in self.values:
            return self.values[name]
        value = getattr(self.op, name, None)
        if value is None or callable(value):
            raise RuleError(f"gradient rule of {getattr(self.op, 'name', self.op)!r} reads "
                            f"{name!r}, which is neither an input, g, y nor an attribute of "
                            "the op")
        return value


def evaluate(expr: Expr, env: Env) -> Any:
    """The rule's value on the arrays of ``env`` (numpy arrays and numbers)."""
    if isinstance(expr, Name):
        return env.lookup(expr.id)
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Neg):
        return -np.asarray(evaluate(expr.arg, env))
    if isinstance(expr, T):
        return _transpose(evaluate(expr.arg, env))
    if isinstance(expr, Bin):
        a, b = evaluate(expr.left, env), evaluate(expr.right, env)
        return apply_binary(expr.op, a, b)
    if isinstance(expr, Call):
        return WORDS[expr.fn].run(env, *[evaluate(a, env) for a in expr.args])
    raise RuleError(f"cannot run {expr!r}")


def _transpose(a: Any) -> Any:
    a = np.asarray(a)
    if a.ndim < 2:
        return a.reshape(-1, 1) if a.ndim == 1 else a  # a vector's transpose: a column
    return np.swapaxes(a, -1, -2)


def apply_binary(op: str, a: Any, b: Any) -> Any:
    """``a op b`` on arrays, as the rule language means it (a comparison gives 0 or 1)."""
    with np.errstate(all="ignore"):
        if op == "+":
            return np.add(a, b)
        if op == "-":
            return np.subtract(a, b)
        if op == "*":
            return np.multiply(a, b)
        if op == "/":
            return AF.divide(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
        if op == "**":
            return AF.power(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
        if op == "@":
            return np.matmul(a, b)
        compare = {">": np.greater, ">=": np.greater_equal, "<": np.less,
                   "<=": np.less_equal, "==": np.equal, "!=": np.not_equal}[op]
        return compare(a, b).astype(float)


def same_values(a: Any, b: Any) -> bool:
    """True when two arrays have one shape and equal values (to rounding; nan equals nan)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return False
    scale = float(np.max(np.abs(b), initial=0.0)) if b.size else 0.0
    with np.errstate(all="ignore"):
        return bool(np.allclose(a, b, rtol=1e-6, atol=1e-9 * max(scale, 1e-300), equal_nan=True))


# -- the vocabulary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A function of the rule language.

    ``math`` and ``numpy`` are templates of the function written out ({0}: its
    argument's text); ``column`` is its math in the column form (None: the
    function has no column form, and a rule using it is shown in row form);
    ``identity`` says when it leaves its argument unchanged at the step's
    shapes, so that it is left out of the text (``unbroadcast`` of a plain
    matrix product).
    """

    run: Callable[..., Any]
    math: str
    numpy: str
    column: str | None = None
    arity: int = 1
    elementwise: bool = False
    identity: Callable[..., bool] | None = None


def _sum_rows(env: Env, t: Any) -> Any:
    t = np.asarray(t)
    return t.reshape(-1, t.shape[-1]).sum(axis=0) if t.ndim > 1 else t


def _rows(env: Env, t: Any) -> Any:
    t = np.asarray(t)
    return t.reshape(-1, t.shape[-1]) if t.ndim != 2 else t


def _unbroadcast(env: Env, t: Any) -> Any:
    return AF.sum_to(np.asarray(t), env.input_shape)


def _keepdims(shape: tuple[int, ...], axis: Any) -> tuple[int, ...]:
    if axis is None:
        return (1,) * len(shape)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    axes = tuple(a % len(shape) for a in axes)
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def _sum_back(env: Env, t: Any) -> Any:
    kept = _keepdims(env.input_shape, env.op.axis)
    return np.broadcast_to(np.reshape(t, kept), env.input_shape)


def _sum_axis(env: Env, t: Any) -> Any:
    return np.sum(t, axis=env.op.axis, keepdims=True)


def _softmax(env: Env, x: Any) -> Any:
    shifted = x - np.max(x, axis=env.op.axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=env.op.axis, keepdims=True)


def _max_share(env: Env, x: Any) -> Any:
    kept = _keepdims(np.shape(x), env.op.axis)
    mask = np.asarray(x) == np.max(x, axis=env.op.axis, keepdims=True).reshape(kept)
    return mask / np.sum(mask, axis=env.op.axis, keepdims=True)


def _inside(env: Env, x: Any) -> Any:
    low, high = env.op.low, env.op.high
    inside = np.ones(np.shape(x), dtype=bool)
    if low is not None:
        inside &= np.asarray(x) >= low
    if high is not None:
        inside &= np.asarray(x) <= high
    return inside.astype(float)


def _scatter(env: Env, t: Any) -> Any:
    out = np.zeros(env.input_shape, dtype=np.result_type(t))
    np.add.at(out, env.op.index, t)
    return out


def _labels(env: Env) -> np.ndarray:
    """The op's integer labels (one per row), cut to the sample in one-sample mode."""
    labels = np.asarray(env.op.labels)
    return labels if env.sample is None else labels[env.sample:env.sample + 1]


def _onehot(env: Env, t: Any) -> Any:
    """Zeros of the input's shape with ``t`` (one number per row, or one for all) at
    each row's label."""
    labels = _labels(env)
    out = np.zeros(env.input_shape, dtype=float)
    rows = np.arange(len(labels))
    out[rows, labels] = np.broadcast_to(t, rows.shape)
    return out


def _elementwise(fn: Callable[[Any], Any]) -> Callable[..., Any]:
    return lambda env, x: fn(np.asarray(x, dtype=float))


def _when_same_shape(env: Env, t: Any) -> bool:
    return np.shape(t) == env.input_shape


WORDS: dict[str, Word] = {
    "exp": Word(_elementwise(AF.exp), "exp({0})", "np.exp({0})", "exp({0})", elementwise=True),
    "log": Word(_elementwise(AF.log), "log({0})", "np.log({0})", "log({0})", elementwise=True),
    "sin": Word(_elementwise(AF.sin), "sin({0})", "np.sin({0})", "sin({0})", elementwise=True),
    "cos": Word(_elementwise(AF.cos), "cos({0})", "np.cos({0})", "cos({0})", elementwise=True),
    "sign": Word(_elementwise(AF.sign), "sign({0})", "np.sign({0})", "sign({0})",
                 elementwise=True),
    "tanh": Word(_elementwise(AF.tanh), "tanh({0})", "np.tanh({0})", "tanh({0})",
                 elementwise=True),
    "sigmoid": Word(_elementwise(AF.sigmoid), "σ({0})", "sigmoid({0})", "σ({0})",
                    elementwise=True),
    "relu": Word(_elementwise(AF.relu), "relu({0})", "np.maximum({0}, 0)", "relu({0})",
                 elementwise=True),
    "abs": Word(_elementwise(AF.abs), "|{0}|", "np.abs({0})", "|{0}|", elementwise=True),
    "sum": Word(lambda env, t: np.sum(t, axis=env.op.axis, keepdims=env.op.keepdims),
                "Σ {0}", "{0}.sum({axis_arg})"),
    "max": Word(lambda env, t: np.max(t, axis=env.op.axis, keepdims=env.op.keepdims),
                "max {0}", "{0}.max({axis_arg})"),
    "log_softmax": Word(lambda env, x: np.log(_softmax(env, x)), "log softmax({0})",
                        "log_softmax({0})"),
    "sum_rows": Word(_sum_rows, "Σ_rows {0}", "{0}.sum(axis=0)", "Σ_cols {0}",
                     identity=lambda env, t: np.ndim(t) < 2),
    "rows": Word(_rows, "rows({0})", "{0}.reshape(-1, {0}.shape[-1])", "{0}",
                 identity=lambda env, t: np.ndim(t) == 2),
    "unbroadcast": Word(_unbroadcast, "sum_to({0}, {shape})", "sum_to({0}, {shape})", None,
                        identity=_when_same_shape),
    "sum_back": Word(_sum_back, "broadcast({0}, {shape})", "np.broadcast_to({0}, {shape})"),
    "expand": Word(lambda env, t: np.broadcast_to(t, env.input_shape),
                   "broadcast({0}, {shape})", "np.broadcast_to({0}, {shape})",
                   identity=_when_same_shape),
    "sum_axis": Word(_sum_axis, "rowsum({0})", "{0}.sum(axis={axis}, keepdims=True)"),
    "softmax": Word(_softmax, "softmax({0})", "softmax({0})"),
    "max_share": Word(_max_share, "𝟙[{0} = max]", "({0} == {0}.max(axis={axis}))"),
    "inside": Word(_inside, "𝟙[low ≤ {0} ≤ high]", "((low <= {0}) & ({0} <= high))",
                   "𝟙[low ≤ {0} ≤ high]", elementwise=True),
    "reshape_back": Word(lambda env, t: np.reshape(t, env.input_shape),
                         "reshape({0}, {shape})", "{0}.reshape({shape})",
                         identity=_when_same_shape),
    "transpose_back": Word(
        lambda env, t: np.transpose(t, tuple(np.argsort(env.op.axes))),
        "{0}ᵀ", "{0}.T", None),
    "scatter": Word(_scatter, "scatter({0})", "np.add.at(np.zeros({shape}), index, {0})"),
    "gather": Word(lambda env, t: np.asarray(t)[env.op.index], "{0}[index]", "{0}[index]"),
    "onehot": Word(_onehot, "{0}·Y_onehot", "{0} * Y_onehot", "{0}·Y_onehot"),
    "picked": Word(lambda env, x: np.asarray(x)[np.arange(len(_labels(env))), _labels(env)],
                   "{0}[i, yᵢ]", "{0}[np.arange(m), labels]"),
    "total": Word(lambda env, t: np.sum(t), "Σ {0}", "{0}.sum()"),
    "where": Word(lambda env, c, a, b: np.where(np.asarray(c, dtype=bool), a, b),
                  "where({0}, {1}, {2})", "np.where({0}, {1}, {2})", "where({0}, {1}, {2})",
                  arity=3, elementwise=True),
}

# The column form's own words (a rule never names them: the transform makes them).
WORDS_COLUMN: dict[str, Word] = {
    "sum_cols": Word(lambda env, t: np.asarray(t).sum(axis=-1, keepdims=True), "Σ_cols {0}",
                     "{0}.sum(axis=1, keepdims=True)", identity=lambda env, t: np.ndim(t) < 2),
}

# words that add entries up (a shape line shows them), with the sign a shape line gives them
_SUMMING = {"sum_rows": "Σ_rows", "sum_cols": "Σ_cols", "sum_axis": "rowsum", "sum": "Σ",
            "unbroadcast": "Σ", "sum_back": "broadcast", "expand": "broadcast", "total": "Σ"}


# -- values of every subtree ------------------------------------------------------------------


class Evaluated:
    """A rule run once on an Env, keeping the value of every subtree (for shapes and
    for the words that are left out where they change nothing)."""

    def __init__(self, expr: Expr, env: Env) -> None:
        self.expr, self.env = expr, env
        self._values: dict[int, Any] = {}
        self.value = self._run(expr)

    def _run(self, expr: Expr) -> Any:
        if isinstance(expr, Call):
            word = WORDS.get(expr.fn) or WORDS_COLUMN[expr.fn]
            value = word.run(self.env, *[self._run(a) for a in expr.args])
        elif isinstance(expr, Name):
            value = self.env.lookup(expr.id)
        elif isinstance(expr, Num):
            value = expr.value
        elif isinstance(expr, Neg):
            value = -np.asarray(self._run(expr.arg))
        elif isinstance(expr, T):
            value = _transpose(self._run(expr.arg))
        elif isinstance(expr, Bin):
            value = apply_binary(expr.op, self._run(expr.left), self._run(expr.right))
        else:
            raise RuleError(f"cannot run {expr!r}")
        self._values[id(expr)] = value
        return value

    def of(self, expr: Expr) -> Any:
        """The value of a subtree of the rule."""
        return self._values[id(expr)]

    def left_out(self, expr: Expr) -> bool:
        """True for a word that changes nothing at these shapes (written as its argument)."""
        if not isinstance(expr, Call):
            return False
        word = WORDS.get(expr.fn) or WORDS_COLUMN[expr.fn]
        return word.identity is not None and word.identity(self.env, self.of(expr.args[0]))


def word_of(call: Call) -> Word:
    return WORDS.get(call.fn) or WORDS_COLUMN[call.fn]


# -- the column form ----------------------------------------------------------------------


class NoColumnForm(AutogradError, ValueError):
    """The rule uses a word that has no column form (internal: the row form is shown)."""


def column_form(expr: Expr, run: Evaluated) -> Expr:
    """The rule with every matrix transposed: the tree, over the transposed inputs, whose
    value is the row rule's value transposed (tutorial 002's ``dW = dZ·Aᵀ``)."""
    if isinstance(expr, (Name, Num)):
        return expr
    if isinstance(expr, Neg):
        return Neg(column_form(expr.arg, run))
    if isinstance(expr, T):
        return _transposed(column_form(expr.arg, run))
    if isinstance(expr, Bin):
        left, right = column_form(expr.left, run), column_form(expr.right, run)
        return Bin("@", right, left) if expr.op == "@" else Bin(expr.op, left, right)
    if isinstance(expr, Call):
        if run.left_out(expr):
            return column_form(expr.args[0], run)
        if expr.fn == "sum_rows":
            return Call("sum_cols", (column_form(expr.args[0], run),))
        if WORDS[expr.fn].elementwise:
            return Call(expr.fn, tuple(column_form(a, run) for a in expr.args))
    raise NoColumnForm(expr)


def _transposed(expr: Expr) -> Expr:
    return expr.arg if isinstance(expr, T) else T(expr)


def as_column(value: Any) -> Any:
    """An array as the column form stores it: a matrix transposed, a vector as a column."""
    value = np.asarray(value)
    if value.ndim == 1:
        return value.reshape(-1, 1)
    return np.swapaxes(value, -1, -2) if value.ndim >= 2 else value


# -- writing a rule out ------------------------------------------------------------------------


@dataclass(frozen=True)
class Symbols:
    """How the names of a rule are written: in formulas (``A^[1]``, ``∂L/∂Z^[2]``) and in
    numpy (``A1``, ``dZ2``)."""

    math: Mapping[str, str]
    numpy: Mapping[str, str]


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "**": 4}
_ATOM = 9
_MATH_OPS = {"+": " + ", "-": " − ", "/": "/", "@": "·"}
_COMPARE_TEXT = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "==": "=", "!=": "≠"}


def shape_text(shape: tuple[int, ...], column: bool = False) -> str:
    """``(5×3)``: a matrix as the tutorials write its shape; a vector is a row ``(1×3)``
    (a column ``(3×1)`` in the column form), a number ``(1×1)``."""
    shape = tuple(shape)
    if len(shape) == 0:
        shape = (1, 1)
    elif len(shape) == 1:
        shape = (shape[0], 1) if column else (1, shape[0])
    return "(" + "×".join(str(n) for n in shape) + ")"


def write(expr: Expr, symbols: Symbols, run: Evaluated, style: str) -> str:
    """The rule as text: ``style`` "math" (``A^[1]ᵀ·∂L/∂Z^[2]``) or "numpy"
    (``A1.T @ dZ2``)."""
    return _write(expr, symbols, run, style)[0]


def _fields(run: Evaluated) -> dict[str, str]:
    axis = getattr(run.env.op, "axis", None)
    if isinstance(axis, tuple) and len(axis) == 1:
        axis = axis[0]
    return {"shape": str(tuple(run.env.input_shape)), "axis": str(axis),
            "axis_arg": "" if axis is None else f"axis={axis}"}


def _is_scalar(value: Any) -> bool:
    return np.ndim(value) == 0


def _write(expr: Expr, sym: Symbols, run: Evaluated, style: str) -> tuple[str, int]:
    math = style == "math"
    if isinstance(expr, Name):
        table = sym.math if math else sym.numpy
        if expr.id in table:  # a name's own formula binds as it is written: (Z^[3] − 1)²
            text = table[expr.id]
            return text, formula.precedence(text) if math else _ATOM
        value = run.env.lookup(expr.id)  # an attribute of the op, e.g. an exponent
        if _is_scalar(value):
            text = number_text(value) if math else f"{float(value):g}"
            return (f"({text})" if text.startswith(("−", "-")) else text), _ATOM
        return expr.id, _ATOM
    if isinstance(expr, Num):  # a negative number binds as a sign (or a quotient: −1/5)
        text = number_text(expr.value) if math else f"{expr.value:g}"
        return text, formula.precedence(text)
    if isinstance(expr, Neg):
        text, p = _write(expr.arg, sym, run, style)
        sign = "−" if math else "-"
        return (f"{sign}({text})" if p < 3 else f"{sign}{text}"), 3
    if isinstance(expr, T):
        text, p = _write(expr.arg, sym, run, style)
        inner = f"({text})" if p < _ATOM else text
        return (f"{inner}ᵀ" if math else f"{inner}.T"), _ATOM
    if isinstance(expr, Call):
        if run.left_out(expr):
            return _write(expr.args[0], sym, run, style)
        word = word_of(expr)
        args = [_write(a, sym, run, style)[0] for a in expr.args]
        template = word.math if math else word.numpy
        prec = _ATOM if template.endswith((")", "]")) or template.startswith("𝟙") else 2
        if template.startswith("{0}") and len(args) == 1:  # "{0}ᵀ": its argument is an atom
            text, p = _write(expr.args[0], sym, run, style)
            args = [f"({text})" if p < _ATOM else text]
        elif template.startswith("Σ"):
            text, p = _write(expr.args[0], sym, run, style)
            args = [f"({text})" if p < _ATOM else text]
        return template.format(*args, **_fields(run)), prec
    if isinstance(expr, Bin):
        if expr.op in _COMPARE_TEXT:
            left = _write(expr.left, sym, run, style)[0]
            right = _write(expr.right, sym, run, style)[0]
            if math:
                return f"𝟙[{left} {_COMPARE_TEXT[expr.op]} {right}]", _ATOM
            return f"({left} {expr.op} {right})", _ATOM
        prec = _PRECEDENCE[expr.op]
        left, lp = _write(expr.left, sym, run, style)
        right, rp = _write(expr.right, sym, run, style)
        if expr.op == "**":
            if math and isinstance(expr.right, Num) and expr.right.value == int(expr.right.value):
                return formula.power_text(left if lp == _ATOM else f"({left})",
                                          expr.right.value), 4
            left = f"({left})" if lp <= prec else left
            right = f"({right})" if rp <= prec and not right.startswith("(") else right
            return (f"{left}^{right}" if math else f"{left} ** {right}"), prec
        tighter = expr.op in ("-", "/")  # a − (b − c), a / (b·c): the right side binds tighter
        left = f"({left})" if lp < prec else left
        right = f"({right})" if rp < prec or (rp == prec and tighter) else right
        if math and expr.op in ("*", "@"):  # (1/2)·x, not 1/2·x; a ⊙ (−b)
            left = f"({left})" if formula.is_quotient(left) else left
            right = f"({right})" if formula.is_quotient(right) or right.startswith("−") \
                else right
        elif math and right.startswith("−"):  # a + (−b), a − (−b)
            right = f"({right})"
        if not math:
            return f"{left} {expr.op} {right}", prec
        if expr.op == "*":
            scalar = _is_scalar(run.of(expr.left)) or _is_scalar(run.of(expr.right))
            return f"{left}{'·' if scalar else ' ⊙ '}{right}", prec
        return f"{left}{_MATH_OPS[expr.op]}{right}", prec
    raise RuleError(f"cannot write {expr!r}")


def write_shapes(expr: Expr, run: Evaluated, column: bool = False) -> str:
    """The rule's shape line: the outermost operations with the shape of each operand,
    ``(3×5)·(5×2)``; element-wise parts without a product or a sum are one shape."""
    return _shapes(expr, run, column, top=True)


def _has_matrix_work(expr: Expr, run: Evaluated) -> bool:
    if isinstance(expr, Bin) and expr.op == "@":
        return True
    if isinstance(expr, Call) and not run.left_out(expr) and expr.fn in _SUMMING:
        return True
    return any(_has_matrix_work(k, run) for k in children(expr))


def _shapes(expr: Expr, run: Evaluated, column: bool, top: bool = False) -> str:
    if isinstance(expr, Call) and run.left_out(expr):
        return _shapes(expr.args[0], run, column, top)
    number = expr.value if isinstance(expr, Num) else run.of(expr) if isinstance(
        expr, Name) and expr.id not in run.env.values and _is_scalar(run.of(expr)) else None
    if number is not None:  # a number is written as itself: 3·(2×3), (−1/5)·(1×1)
        text = number_text(number)
        return text if formula.precedence(text) == formula.ATOM else f"({text})"
    own = shape_text(np.shape(run.of(expr)), column)
    if not _has_matrix_work(expr, run) and not (top and isinstance(expr, Bin)
                                                 and expr.op == "*"):
        return own  # element-wise work is one shape (a product ⊙ at the top is spelled out)
    if isinstance(expr, Bin) and expr.op not in _COMPARE_TEXT:
        sign = {"@": "·", "*": " ⊙ ", "+": " + ", "-": " − ", "/": " / ", "**": " ^ "}[expr.op]
        if expr.op == "*" and (_is_scalar(run.of(expr.left)) or _is_scalar(run.of(expr.right))):
            sign = "·"
        left = _shapes(expr.left, run, column)
        right = _shapes(expr.right, run, column)
        return f"{left}{sign}{right}"
    if isinstance(expr, Neg):
        return "−" + _shapes(expr.arg, run, column)
    if isinstance(expr, Call) and expr.fn in _SUMMING:
        return f"{_SUMMING[expr.fn]} {_shapes(expr.args[0], run, column)}"
    return own
