"""check_engine: property-based gradient tests for anyone's scalar autograd engine.

>>> from micrograd.engine import Value
>>> from autograd.testing import check_engine
>>> report = check_engine(Value)   # doctest: +SKIP
>>> print(report)                  # doctest: +SKIP

``autograd.testing`` re-exports everything here; ``python -m autograd.testing
MODULE:CLASS`` runs it from the command line.
"""

from .check import EngineCheckError, check_engine
from .report import EngineReport, Failure, Note, PhaseResult

__all__ = ["EngineCheckError", "EngineReport", "Failure", "Note", "PhaseResult", "check_engine"]
