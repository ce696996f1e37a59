"""The op table: every built-in op, and ``TABLE``, the list of them.

The ops live in :mod:`autograd.engine.ops`; this module is their public
name (``from autograd.ops import TABLE``), re-exporting everything there.
"""

from .engine.ops import *  # noqa: F403 (the public face of autograd.engine.ops)
from .engine.ops import __all__  # noqa: F401
