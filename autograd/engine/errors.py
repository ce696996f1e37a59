"""The one base class of the package's own exceptions."""

from __future__ import annotations


class AutogradError(Exception):
    """Base class of every exception this package defines.

    Each specific error also derives from the built-in exception a caller
    would expect (``ValueError``, ``TypeError``, ...), so ``except ValueError``
    keeps working, and ``except autograd.AutogradError`` catches them all.
    """
