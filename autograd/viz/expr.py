"""A safe arithmetic expression parser that builds the expression on Value.

Parsed with :mod:`ast` and checked against a whitelist (numbers, the
constants ``pi`` and ``e``, variable names, ``+ - * / **``, unary ``-``/``+``,
parentheses and calls of the functions of the engine's op table); nothing is
ever evaluated by Python's ``eval``. Steps used more than once can be named
first, separated by ``;``: ``"t = x*y; log(t) + t"`` (the graph then shows
one node ``t`` used twice).
"""

from __future__ import annotations

import ast
import keyword
import math
import operator
import re
import warnings
from collections.abc import Callable, Mapping
from typing import Any

from autograd.engine import AutogradError, Value, ops

METHODS: dict[str, Callable[[Value], Value]] = dict(ops.METHODS)  # exp, log, sin, ...
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
MAX_LENGTH = 10_000
POINTER_WIDTH = 76  # characters of a long expression shown above the caret
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.Pow: operator.pow}
_UNARY = {ast.USub: operator.neg, ast.UAdd: lambda v: v}  # Value has no unary +
_REFUSED_OPS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitXor: "^",
                ast.BitAnd: "&", ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>",
                ast.Not: "not", ast.Invert: "~"}
_REFUSED_SYNTAX = {  # every other kind of Python expression, in plain words
    "Attribute": "attribute access", "Subscript": "indexing", "Slice": "a slice",
    "Compare": "a comparison", "BoolOp": "and/or", "IfExp": "if/else", "Lambda": "lambda",
    "Tuple": "a tuple", "List": "a list", "Dict": "a dict", "Set": "a set",
    "ListComp": "a list comprehension", "SetComp": "a set comprehension",
    "DictComp": "a dict comprehension", "GeneratorExp": "a generator expression",
    "JoinedStr": "an f-string", "FormattedValue": "an f-string", "TemplateStr": "a t-string",
    "Interpolation": "a t-string", "Starred": "*", "NamedExpr": ":=", "Await": "await",
    "Yield": "yield", "YieldFrom": "yield from",
}
_ALLOWED = "numbers, pi, e, variable names, + - * / **, parentheses and " + ", ".join(
    f"{f}()" for f in METHODS)
# a number written against a name: "2x", "3.5 y" (Python reads "2x" as a bad number)
_NUMBER_THEN_NAME = re.compile(r"(?<![\w.])(\d[\d_]*\.?\d*(?:[eE][+-]?\d+)?)\s*([A-Za-z_]\w*)")


class VariableNameError(AutogradError, ValueError):
    """A variable given to :func:`build` under a name an expression cannot use."""


class ExprError(AutogradError, ValueError):
    """A malformed expression, with the column (0-based) of the problem.

    ``name`` is set when the problem is an unknown variable.
    """

    def __init__(self, message: str, expr: str, column: int, name: str | None = None) -> None:
        self.message, self.expr, self.name = message, expr, name
        self.column = min(max(column, 0), len(expr))
        super().__init__(f"{message} (column {self.column + 1})")

    def pointer(self, width: int = POINTER_WIDTH) -> str:
        """Two lines: the expression (around the problem, if it is long) and a caret."""
        start = max(0, min(self.column - width // 2, len(self.expr) - width))
        shown = self.expr[start:start + width]
        lead = "..." if start > 0 else ""
        tail = "..." if start + width < len(self.expr) else ""
        return f"  {lead}{shown}{tail}\n  {' ' * (len(lead) + self.column - start)}^"


def build(expr: str, variables: Mapping[str, float]) -> tuple[Value, dict[str, Value]]:
    """Build ``expr`` on Value with one leaf per variable (labelled by its name).

    Returns the output and the leaves by name. Raises ExprError pointing at
    the problem for malformed input or an unknown name.
    """
    if not isinstance(expr, str):
        raise TypeError(f"expression must be a str; got {type(expr).__name__}")
    for name in variables:
        why = name_problem(name)
        if why:
            raise VariableNameError(f"variable {name!r} {why}")
    leaves = {name: Value(float(v), label=name) for name, v in variables.items()}
    names: dict[str, Value] = dict(leaves)
    out: Any = None
    for name, start, end in _statements(expr):
        if name in leaves:
            raise ExprError(f"the step name {name!r} is a variable given with --set; "
                            "name the step differently", expr, expr.index(name, start))
        try:
            out = _evaluate(parse(expr[start:end]), expr[start:end], names)
        except ExprError as e:  # point at the problem in the whole text
            raise ExprError(e.message, expr, start + e.column, e.name) from None
        if name is not None:
            if isinstance(out, Value) and out.op is not None and not out.label:
                out.label = name
            names[name] = out if isinstance(out, Value) else Value(out, requires_grad=False)
    if not isinstance(out, Value):  # a bare number
        out = Value(out)
    return out, leaves


_BINDING = re.compile(r"\s*([^\W\d]\w*)\s*=(?!=)")


def _statements(expr: str) -> list[tuple[str | None, int, int]]:
    """``"t = x*y; log(t) + t"`` -> the named steps and the final expression, as
    (name or None, start, end) spans of ``expr``."""
    parts, start = [], 0
    for end in [i for i, c in enumerate(expr) if c == ";"] + [len(expr)]:
        parts.append((start, end))
        start = end + 1
    found: list[tuple[str | None, int, int]] = []
    for k, (start, end) in enumerate(parts):
        binding = _BINDING.match(expr, start, end)
        last = k == len(parts) - 1
        if last:
            if binding:
                raise ExprError("the expression must end with what to compute, not a "
                                "naming (name = ...)", expr, start)
            found.append((None, start, end))
            continue
        if not binding:
            raise ExprError("before a ';' comes a named step: name = expression", expr, start)
        name = binding.group(1)
        why = name_problem(name)
        if why:
            raise ExprError(f"the step name {name!r} {why}", expr, binding.start(1))
        if any(name == n for n, _, _ in found):
            raise ExprError(f"the step name {name!r} is used twice", expr, binding.start(1))
        found.append((name, binding.end(), end))
    return found


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a variable (a phrase), or None if it can."""
    if not name.isidentifier() or keyword.iskeyword(name):
        return "is not a valid name"
    if name in METHODS:
        return "is a function name"
    if name in CONSTANTS:
        return f"is a constant ({name} = {CONSTANTS[name]!r}) and cannot be set"
    return None


def parse(expr: str) -> ast.expr:
    """The syntax tree of ``expr``, with every node checked against the whitelist."""
    if "\n" in expr or "\r" in expr:
        raise ExprError("the expression must be on one line", expr, expr.find("\n"))
    if len(expr) > MAX_LENGTH:
        raise ExprError(f"the expression is longer than {MAX_LENGTH} characters", expr, MAX_LENGTH)
    if not expr.strip():
        raise ExprError("the expression is empty", expr, 0)
    indent = len(expr) - len(expr.lstrip())
    try:
        with warnings.catch_warnings():  # "1if a" warns: make it the error it is here
            warnings.simplefilter("error")
            tree = ast.parse(expr.lstrip(), mode="eval").body
    except SyntaxError as e:
        product = next((m for m in _NUMBER_THEN_NAME.finditer(expr)
                        if not keyword.iskeyword(m.group(2))), None)
        if product is not None:
            number, name = product.groups()
            raise ExprError(f"'{product.group(0)}' needs an operator: write {number}*{name} "
                            "for a product", expr, product.start()) from None
        msg = (e.msg or "invalid syntax").split(". Perhaps")[0]
        col = indent + e.offset - 1 if e.offset else len(expr)
        raise ExprError(f"syntax error: {msg}", expr, col) from None
    except (RecursionError, MemoryError):
        raise ExprError("the expression is too long or nested too deeply", expr, 0) from None
    stack = [tree]
    while stack:  # the callee of a call is checked with the call, not as a variable
        node = stack.pop()
        _check(node, expr, indent)
        stack.extend(_operands(node))
    return tree


def _col(node: ast.AST, expr: str, indent: int, end: bool = False) -> int:
    """ast gives UTF-8 byte offsets; turn them into a character column."""
    offset = getattr(node, "end_col_offset" if end else "col_offset", 0) or 0
    text = expr[indent:].encode("utf-8")[:offset]
    return indent + len(text.decode("utf-8", errors="ignore"))


def _op_col(node: ast.BinOp, expr: str, indent: int, symbol: str) -> int:
    """The column of a binary operator's symbol (ast does not record it)."""
    start = _col(node.left, expr, indent, end=True)
    found = expr.find(symbol, start, _col(node.right, expr, indent))
    return found if found >= 0 else start


def _check(node: ast.AST, expr: str, indent: int) -> None:
    def fail(message: str, column: int | None = None) -> None:
        raise ExprError(message, expr, _col(node, expr, indent) if column is None else column)

    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            sym = _REFUSED_OPS.get(type(node.op), type(node.op).__name__)
            hint = " (use ** for powers)" if isinstance(node.op, ast.BitXor) else ""
            fail(f"operator '{sym}' is not supported{hint}; use + - * / **",
                 _op_col(node, expr, indent, sym))
    elif isinstance(node, ast.UnaryOp):
        if type(node.op) not in _UNARY:
            fail(f"operator '{_REFUSED_OPS.get(type(node.op), '?')}' is not supported")
    elif isinstance(node, ast.Constant):
        if type(node.value) not in (int, float):
            fail(f"{node.value!r} is not a real number")
    elif isinstance(node, ast.Name):
        if node.id in METHODS:
            fail(f"'{node.id}' is a function: call it, as in {node.id}(x)")
    elif isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Constant) and type(func.value) in (int, float):
            number = expr[_col(func, expr, indent):_col(func, expr, indent, end=True)]
            fail(f"a number cannot be called: write {number}*(...) for a product")
        elif not isinstance(func, ast.Name):
            fail(f"only these functions can be called: {', '.join(METHODS)}")
        elif func.id not in METHODS:
            fail(f"unknown function '{func.id}'; known: {', '.join(METHODS)}")
        elif node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            fail(f"{func.id}() takes exactly one argument")
    else:
        what = _REFUSED_SYNTAX.get(type(node).__name__, "this kind of expression")
        fail(f"{what} is not allowed; use {_ALLOWED}")


def _evaluate(tree: ast.expr, expr: str, leaves: Mapping[str, Value]) -> Any:
    """Post-order walk with an explicit stack (long expressions do not recurse)."""
    indent = len(expr) - len(expr.lstrip())
    out: list[Any] = []
    stack: list[tuple[ast.expr, bool]] = [(tree, False)]
    while stack:
        node, ready = stack.pop()
        kids = _operands(node)
        if not ready and kids:
            stack.append((node, True))
            stack.extend((k, False) for k in reversed(kids))
            continue
        args = [out.pop() for _ in kids][::-1]
        out.append(_apply(node, args, expr, indent, leaves))
    return out[0]


def _operands(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Call):
        return list(node.args)
    return []


def _apply(node: ast.expr, args: list[Any], expr: str, indent: int,
           leaves: Mapping[str, Value]) -> Any:
    if isinstance(node, ast.BinOp):
        base, exponent = args
        if isinstance(node.op, ast.Pow) and not exponent.requires_grad:
            return base ** exponent.data  # a constant exponent: one Pow(**c) node, as x ** 2 is
        return _BINARY[type(node.op)](*args)
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](args[0])
    if isinstance(node, ast.Call):
        return METHODS[node.func.id](args[0])  # the op, called on its input
    if isinstance(node, ast.Name):
        if node.id in leaves:
            return leaves[node.id]
        if node.id in CONSTANTS:  # a constant leaf, labelled so the drawing names it
            return Value(CONSTANTS[node.id], label=node.id, requires_grad=False)
        known = ", ".join(leaves) or "none"
        raise ExprError(f"unknown name '{node.id}' (names known: {known})", expr,
                        _col(node, expr, indent), name=node.id)
    try:  # a number: a constant leaf, so arithmetic on it follows the engine's IEEE rules
        return Value(float(node.value), requires_grad=False)
    except OverflowError:
        raise ExprError("number too large", expr, _col(node, expr, indent)) from None
