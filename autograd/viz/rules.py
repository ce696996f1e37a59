"""The matrix view's rule texts: each backward step written in matrix form with its shapes.

The explorer page and the drawings read these as plain data (str, int, float,
bool, None, lists and dicts: JSON as it stands)::

    from autograd.viz import rules
    names = rules.names_of(loss)                 # or names_of(loss, model=net)
    for step in rules.op_steps(loss):
        info = rules.step_rules(step, names, convention="column", lang="zh-CN")
        print(info["forward"]["text"])
        for rule in info["rules"]:
            print(rule["text"])             # dW^[2] = dZ^[2]·A^[1]ᵀ   (2×3) = (2×1)·(1×3)

Every rule text is written from the op's executable ``gradient_rules``
expression (see :mod:`autograd.viz.ruleexpr`), and the expression is run on the
step's own arrays and compared with what the engine sent (``checked``), so a
text never states a rule the engine did not compute. An op without a rule for
an input is shown by its ``derivatives`` text (``checked`` False).

``step_rules(step, names, convention=, lang=, sample=)`` returns::

    {
      "op": "Linear",                       # the op's drawn name
      "node": 7,                            # the node's index in names.nodes
      "symbol": "Z^[2]",                    # how formulas name its output
      "convention": "row" | "column",
      "sample": None | b,                   # one-sample mode: row b only, m = 1
      "received": {"math": "∂L/∂Z^[2]", "shape": "(5×2)", "text": "∂L/∂Z^[2] (5×2)"},
      "forward": {"math": "Z^[2] = A^[1]·W^[2] + b^[2]",
                  "shapes": "(5×2) = (5×3)·(3×2) + (1×2)",
                  "numpy": "Z2 = A1 @ W2 + b2",
                  "text": "<math>   <shapes>", "checked": True},
      "rules": [                            # one per input a gradient flows to
        {"input": 0,                        # index into node.parents
         "node": 5,                         # that input's index in names.nodes
         "key": "x",                        # its name in the op's forward
         "source": "g @ w.T",               # the executable expression (None: none)
         "math": "∂L/∂A^[1] = ∂L/∂Z^[2]·W^[2]ᵀ",
         "shapes": "(5×3) = (5×2)·(2×3)",
         "numpy": "dA1 = dZ2 @ W2.T",
         "text": "<math>   <shapes>",
         "checked": True,                   # the expression equals the engine's gradient
         "convention": "column",            # the form it is written in ("row" when the
                                            # rule has no column form)
         "sent": {"math": "∂L/∂A^[1]", "shape": "(5×3)", "text": "∂L/∂A^[1] (5×3)"}},
        ...],
      "notes": ["Why the transpose: ...", ...],   # in the language asked for
    }

``names_of(root).as_data()`` gives the names as columns over the nodes in
topological order (the page's node order): ``{"name": [...], "alias": [...],
"symbol": [...], "code": [...], "batch": [...], "m": 5}``.

Shapes are written as the tutorials write them, ``(5×3)``; a vector is a row
``(1×3)`` (a column ``(3×1)`` in the column form). ``^[l]`` marks a superscript.

:func:`cell_sum` opens one cell of a gradient into the scalar chain-rule sum it is
(see :mod:`autograd.viz.cellsum`).
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd import messages as M
from autograd.engine import BackwardStep, Node, Op, topological_order
from autograd.engine.checks import check_choice

from . import ruleexpr as R
from . import rulefold
from .cellsum import cell_sum_data
from .formula import atom
from .names import GraphNames, graph_names
from .steps import op_steps

CONVENTIONS = ("row", "column")
__all__ = ["CONVENTIONS", "cell_sum", "graph_rules", "names_of", "op_steps", "rules_of",
           "step_rules"]

# Forward lines for ops whose docstring's "y = ..." is not in the rule language (each
# is run and compared with the op's output before it is shown).
_FORWARD_FORMS = {"ReLU": ["relu(x)"], "Sum": ["sum(x)"], "Max": ["max(x)"],
                  "LogSoftmax": ["log_softmax(x)"], "Pow": ["x ** exponent"],
                  "BroadcastTo": ["expand(x)"], "Reshape": ["reshape_back(x)"],
                  "Transpose": ["x.T"], "SumTo": ["unbroadcast(x)"], "GetItem": ["gather(x)"],
                  "NLLLoss": ["scale * total(picked(log_p))", "scale * picked(log_p)"]}


def names_of(root: Node, model: Any = None, lang: str | None = None) -> GraphNames:
    """The names of every node of ``root``'s graph (see :mod:`autograd.viz.names`);
    ``model``: the nn model whose ``named_parameters()`` name the parameters; ``lang``:
    the language of the word an unnamed leaf is named by (None: the package-wide one)."""
    return graph_names(topological_order(root), root, model, M.resolve_language(lang))


def rules_of(op_class: type[Op]) -> dict[str, R.Expr]:
    """The op class's ``gradient_rules``, parsed (a RuleError for a malformed one)."""
    declared = getattr(op_class, "gradient_rules", None) or {}
    return {key: R.parse(text) for key, text in dict(declared).items()}


def input_keys(op: Op, count: int) -> list[str]:
    """The name of each input in the op's ``forward`` (``*xs``: ``xs`` for each)."""
    params = list(inspect.signature(type(op).forward).parameters.values())[1:]
    keys = []
    for i in range(count):
        if params and params[-1].kind is params[-1].VAR_POSITIONAL and i >= len(params) - 1:
            keys.append(params[-1].name)
        elif i < len(params):
            keys.append(params[i].name)
        else:
            keys.append(f"x{i}")
    return keys


def graph_rules(root: Node, *, model: Any = None, convention: str = "row",
                lang: str | None = None, sample: int | None = None) -> list[dict[str, Any]]:
    """:func:`step_rules` of every op step of ``root``'s backward pass, in order."""
    names = names_of(root, model, lang)
    return [step_rules(s, names, convention=convention, lang=lang, sample=sample)
            for s in op_steps(root)]


def step_rules(step: BackwardStep, names: GraphNames, *, convention: str = "row",
               lang: str | None = None, sample: int | None = None) -> dict[str, Any]:
    """The forward line and every backward rule of one step, in matrix form with the
    step's shapes (the module docstring gives the data). ``convention``: "row" (the
    engine's ``Z = X·W + b``) or "column" (tutorial 002's ``Z = W·A + b``, every matrix
    transposed); ``sample``: one-sample mode, row ``sample`` of the batch only."""
    check_choice(convention, "step_rules() convention", CONVENTIONS)
    lang = M.resolve_language(lang)
    if not isinstance(step, BackwardStep) or step.node.op is None:
        raise TypeError(f"step_rules() takes a BackwardStep of an op node (from "
                        f"rules.op_steps(root)); got {step!r:.80}")
    view = StepView(step, names, convention, sample)
    node, op = step.node, step.node.op
    out = names.of(node)
    rules = []
    for i, parent in enumerate(node.parents):
        sent = step.input_grads[i]
        if sent is None or not parent.requires_grad:
            continue
        rules.append(view.rule(i))
    return {
        "op": op.name,
        "node": names.index(node),
        "symbol": out.symbol,
        "convention": convention,
        "sample": view.sample,
        "received": view.gradient_label(node, view.cut(step.grad, node)),
        "forward": view.forward(),
        "rules": rules,
        "notes": _notes(view, rules, lang),
    }


def cell_sum(step: BackwardStep, input_index: int, cell: Sequence[int], names: GraphNames,
             *, convention: str = "row", lang: str | None = None, sample: int | None = None,
             terms: int = 3) -> dict[str, Any]:
    """One cell of the gradient a step sends to input ``input_index``, as the scalar
    chain-rule sum it is: ``∂L/∂W[1,0] = Σ_b A[b,1]·∂L/∂Z[b,0] = … = total``.

    ``cell`` indexes the gradient as the convention writes it (transposed in the
    column form). Returns::

        {"cell": [1, 0], "target": "∂L/∂W^[2][1,0]",
         "formula": "Σ_b A^[1][b,1]·∂L/∂Z^[2][b,0]",   # the sum, symbolically
         "index": "b" | None,                           # what the sum runs over
         "count": 5,                                    # how many terms
         "terms": [{"at": 0, "text": "A^[1][0,1]·∂L/∂Z^[2][0,0]",
                    "numbers": "0.5312·0.0125", "value": 0.00664}, ...],  # the first ones
         "total": 0.0123,            # the sum of all terms
         "engine": 0.0123,           # the engine's gradient at that cell
         "equal": True,              # total == engine (to rounding)
         "text": "∂L/∂W^[2][1,0] = Σ_b ... = 0.00664 + ... (5 terms) = 0.0123"}

    ``terms`` (how many to list) is at least 1. When the rule has no scalar form
    (an op without gradient_rules, or a word that has none) ``formula`` is None and
    the cell's value is the engine's. In one-sample mode (``sample=b``) the sum has
    row b's term only and ``engine`` is that row's share.
    """
    check_choice(convention, "cell_sum() convention", CONVENTIONS)
    lang = M.resolve_language(lang)
    view = StepView(step, names, convention, sample)
    return cell_sum_data(view, input_index, tuple(int(c) for c in cell), terms, lang)


# -- one step, seen in one convention --------------------------------------------------------


class StepView:
    """A step's arrays, names and symbols in one convention (and sample)."""

    def __init__(self, step: BackwardStep, names: GraphNames, convention: str,
                 sample: int | None) -> None:
        self.step, self.names, self.column = step, names, convention == "column"
        node = step.node
        self.op = node.op
        self.keys = input_keys(self.op, len(node.parents))
        self.varargs = len(set(self.keys)) < len(self.keys)
        m = names.m
        if sample is not None:
            if m is None or not isinstance(sample, int) or not 0 <= sample < m:
                raise ValueError(f"sample must be a row of the batch, 0 to {(m or 1) - 1}; "
                                 f"got {sample!r}")
        self.sample = sample
        self.rules = rules_of(type(self.op))

    # arrays ------------------------------------------------------------------------------
    def cut(self, value: Any, node: Node) -> Any:
        """``value`` (the node's data or gradient) in this view: row ``sample`` only when
        the node has a batch axis."""
        if value is None:
            return None
        arr = value.data if isinstance(value, Node) else value
        if self.sample is not None and self.names.of(node).batch and np.ndim(arr) >= 1:
            return np.asarray(arr)[self.sample:self.sample + 1]
        return arr

    def values(self, whole: bool = False) -> dict[str, Any]:
        """The arrays a rule reads, by name: this view's (row ``sample`` only, in
        one-sample mode) or, with ``whole``, the whole batch's."""
        cut = (lambda value, node: value.data if isinstance(value, Node) else value) \
            if whole else self.cut
        node = self.step.node
        values = {"g": cut(self.step.grad, node), "y": cut(node.data, node)}
        if not self.varargs:
            for key, parent in zip(self.keys, node.parents):
                values[key] = cut(parent.data, parent)
        return values

    def env(self, shape: tuple[int, ...], whole: bool = False) -> R.Env:
        return R.Env(self.values(whole), self.op, shape, None if whole else self.sample)

    def run(self, expr: R.Expr, i: int, whole: bool = False) -> tuple[R.Evaluated, bool]:
        """The rule for input ``i`` run in this view (``whole``: on the whole batch, also
        in one-sample mode), and whether it equals the gradient the engine sent (checked
        on the whole batch)."""
        parent = self.step.node.parents[i]
        engine = self.step.input_grads[i]
        batch = R.Evaluated(expr, self.env(tuple(np.shape(parent.data)), whole=True))
        checked = R.same_values(batch.value, engine)
        if self.sample is None or whole:
            return batch, checked
        shape = tuple(np.shape(self.cut(parent.data, parent)))
        return R.Evaluated(expr, self.env(shape)), checked

    def column_run(self, expr: R.Expr, run: R.Evaluated, whole: bool = False
                   ) -> tuple[R.Expr, R.Evaluated] | None:
        """The rule in the column form, run on the transposed arrays (None: it has none,
        or it does not give the row form's value transposed); ``whole`` as for run()."""
        try:
            col = R.column_form(expr, run)
            env = self.env(tuple(np.shape(R.as_column(run.value))), whole)
            env.values = {k: R.as_column(v) for k, v in env.values.items()}
            col_run = R.Evaluated(col, env)
        except (R.NoColumnForm, R.RuleError, ValueError, TypeError, IndexError):
            return None
        return (col, col_run) if R.same_values(col_run.value, R.as_column(run.value)) else None

    # names -----------------------------------------------------------------------------
    def symbols(self) -> R.Symbols:
        node = self.step.node
        out = self.names.of(node)
        math_names = {"g": self.grad_symbol(node), "y": out.symbol}
        code = {"g": "d" + out.code, "y": out.code}
        if not self.varargs:
            for key, parent in zip(self.keys, node.parents):
                name = self.names.of(parent)
                math_names[key] = name.symbol  # the writer parenthesizes by precedence
                code[key] = name.code
        return R.Symbols(math_names, code)

    def numbers(self) -> dict[str, float]:
        """The op's inputs that are plain numbers (the 2 of ``x ** 2``), by name."""
        if self.varargs:
            return {}
        parents = self.step.node.parents
        return rulefold.number_inputs(self.keys, parents,
                                      [self.names.of(p).name for p in parents])

    def grad_symbol(self, node: Node) -> str:
        symbol = atom(self.names.of(node).symbol)  # ∂L/∂(Z^[3] − Y): one symbol
        return f"d{symbol}" if self.column else f"∂L/∂{symbol}"

    def shape(self, value: Any) -> str:
        """The shape of a row-form array as this view writes it."""
        return R.shape_text(np.shape(R.as_column(value) if self.column else value),
                            self.column)

    def gradient_label(self, node: Node, value: Any, column: bool | None = None
                       ) -> dict[str, str]:
        """``∂L/∂A^[1] (5×3)``: a gradient's name and shape (``column``: in the column
        form; default: as the view is)."""
        column = self.column if column is None else column
        math_text = self.grad_symbol(node)
        shape = R.shape_text(np.shape(R.as_column(value) if column else value), column)
        return {"math": math_text, "shape": shape, "text": f"{math_text} {shape}"}

    # the lines ---------------------------------------------------------------------------
    def rule(self, i: int) -> dict[str, Any]:
        parent = self.step.node.parents[i]
        key = self.keys[i]
        expr = self.rules.get(key)
        entry: dict[str, Any] = {"input": i, "node": self.names.index(parent), "key": key,
                                 "source": _source(type(self.op), key)}
        lhs = self.grad_symbol(parent)
        lhs_code = "d" + self.names.of(parent).code
        try:
            run, checked = self.run(expr, i) if expr is not None else (None, False)
        except (R.RuleError, ValueError, TypeError, IndexError, AttributeError):
            run, checked = None, False
        if run is None:
            text = getattr(self.op, "derivatives", "") or ""
            line = f"{lhs}: {text}" if text else lhs
            engine = self.cut(self.step.input_grads[i], parent)
            entry.update(math=line, shapes=None, numpy=None, text=line, checked=False,
                         convention="row", sent=self.gradient_label(parent, engine, False))
            return entry
        col = self.column_run(expr, run) if self.column else None
        tree, used = (expr, run) if col is None else col
        tree, used = rulefold.shown(tree, used, self.numbers())  # 2·x, not 2·x^(2 − 1)
        column = col is not None
        symbols = self.symbols()
        body = R.write(tree, symbols, used, "math")
        shapes = R.write_shapes(tree, used, column)
        entry.update(math=f"{lhs} = {body}",
                     shapes=f"{R.shape_text(np.shape(used.value), column)} = {shapes}",
                     numpy=f"{lhs_code} = {R.write(tree, symbols, used, 'numpy')}",
                     checked=checked, convention="column" if column else "row",
                     sent=self.gradient_label(parent, run.value, column))
        entry["text"] = f"{entry['math']}   {entry['shapes']}"
        return entry

    def forward(self) -> dict[str, Any]:
        node = self.step.node
        out = self.names.of(node)
        lhs, value = out.symbol, self.cut(node.data, node)
        for source in _forward_sources(self.op):
            try:
                expr = R.parse(source)
                if not R.names_in(expr) <= set(self.values()) | _attributes(self.op):
                    continue
                run = R.Evaluated(expr, self.env(tuple(np.shape(value))))
            except (R.RuleError, ValueError, TypeError, IndexError, AttributeError):
                continue
            if not R.same_values(run.value, value):
                continue
            col = self.column_run(expr, run) if self.column else None
            tree, used = (expr, run) if col is None else col
            tree, used = rulefold.shown(tree, used, self.numbers())
            column = col is not None
            symbols = self.symbols()
            body = R.write(tree, symbols, used, "math")
            shapes = f"{R.shape_text(np.shape(used.value), column)} = " \
                     f"{R.write_shapes(tree, used, column)}"
            return {"math": f"{lhs} = {body}", "shapes": shapes,
                    "numpy": f"{out.code} = {R.write(tree, symbols, used, 'numpy')}",
                    "checked": True, "convention": "column" if column else "row",
                    "text": f"{lhs} = {body}   {shapes}"}
        doc = _doc_line(self.op)
        line = f"{lhs}: {doc}" if doc else lhs
        return {"math": line, "shapes": self.shape(value), "numpy": None, "checked": False,
                "convention": "row", "text": line}


def _source(op_class: type, key: str) -> str | None:
    declared = getattr(op_class, "gradient_rules", None) or {}
    text = dict(declared).get(key)
    return text if isinstance(text, str) else None


def _attributes(op: Op) -> set[str]:
    return {k for k in dir(op) if not k.startswith("_")}


def _doc_line(op: Op) -> str:
    doc = (inspect.getdoc(type(op)) or "").strip()
    return doc.splitlines()[0].strip() if doc else ""


def _forward_sources(op: Op) -> list[str]:
    """Candidate forward expressions: the docstring's ``y = ...`` (up to a comment), then
    a form for the ops whose docstring is prose."""
    found = []
    match = re.match(r"y\s*=\s*(.+)", _doc_line(op))
    if match:
        text = match.group(1).strip()
        found += [text, re.split(r"\s\(|,\s|\sfor\s", text)[0].strip()]
    found += _FORWARD_FORMS.get(op.name, [])
    return found


def _notes(view: StepView, rules: list[dict[str, Any]], lang: str) -> list[str]:
    """Why the transpose, the column form's transposed storage, where a mean's 1/m went."""
    notes = []
    products = [r for r in rules if r.get("source") and "@" in r["source"] and r["checked"]]
    if products:  # the weight's rule, if there is one: its transpose is the one tutorials ask about
        nodes = view.names.nodes
        r = next((r for r in products if nodes[r["node"]].is_leaf), products[0])
        notes.append(M.text("viz.note.transpose", lang, gradient=r["sent"]["math"],
                            shape=r["sent"]["shape"]))
    if view.column:
        notes.append(M.text("viz.note.column", lang))
        if any(r["convention"] != "column" for r in rules):
            notes.append(M.text("viz.note.no_column", lang))
    factor = _mean_factor(view.step, view.names)
    if factor is not None:
        notes.append(M.text("viz.note.mean", lang, factor=factor))
    if any(not r["checked"] for r in rules):
        notes.append(M.text("viz.note.unchecked", lang))
    return notes


def _mean_factor(step: BackwardStep, names: GraphNames) -> str | None:
    """'1/5' when this step is where a mean's 1/m enters: NLLLoss's scale (−1/m for the
    mean over m rows), or ``sum * (1/n)`` with n the number of entries the sum adds up,
    over the batch (a loss's ``.mean()``). Any other constant, such as the 1/2 of
    ``0.5 * (z − y) ** 2``, is no mean."""
    node = step.node
    if node.op.name == "NLLLoss":
        rows = len(getattr(node.op, "labels", ()))
        scale = abs(float(getattr(node.op, "scale", 0.0)))
        return f"1/{rows}" if rows > 1 and math.isclose(scale * rows, 1.0) else None
    if node.op.name != "Mul" or len(node.parents) != 2:
        return None
    for total, factor in (node.parents, node.parents[::-1]):
        if total.op is None or total.op.name != "Sum" or factor.requires_grad or \
                np.size(factor.data) != 1:
            continue
        summed = total.parents[0]
        count = np.size(summed.data) // max(np.size(total.data), 1)
        axis = getattr(total.op, "axis", None)
        over_batch = (axis is None or 0 in axis) if names.of(summed).batch else \
            axis is None and names.m is None
        c = float(np.asarray(factor.data).reshape(()))
        if count > 1 and over_batch and math.isclose(c * count, 1.0, rel_tol=1e-6):
            return f"1/{count}"
    return None
