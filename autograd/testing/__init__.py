"""Property-based gradient tests: hypothesis strategies, ``check_op`` for your own ops, and
``check_engine`` for a whole engine (yours, or anyone's); ``describe_domain``,
``describe_inputs`` and ``derivatives_text`` word an op's declarations in the
learner's language.

>>> from autograd.testing import check_engine
>>> print(check_engine(MyValue))  # doctest: +SKIP

This module is the public facade: the strategies live in
:mod:`autograd.strategies`, ``check_op`` in :mod:`autograd.checkop`,
``check_engine`` in :mod:`autograd.enginecheck`, the wording of an op's
declarations in :mod:`autograd.optext`; ``python -m
autograd.testing MODULE:CLASS`` runs ``check_engine`` from the command line.
"""

from autograd.checkop import OpCheckError, check_op
from autograd.enginecheck import EngineCheckError, EngineReport, Failure, Note, check_engine
from autograd.optext import derivatives_text, describe_domain, describe_inputs
from autograd.strategies import (
    FORMS,
    Expression,
    expression_ops,
    expressions,
    floats_in,
    select_forms,
    single_ops,
    tensors,
    values,
)

__all__ = [
    "FORMS", "EngineCheckError", "EngineReport", "Expression", "Failure", "Note", "OpCheckError",
    "check_engine", "check_op", "derivatives_text", "describe_domain", "describe_inputs",
    "expression_ops", "expressions", "floats_in", "select_forms",
    "single_ops", "tensors", "values",
]
