"""The functions derivative rules are written with: ``from autograd import functions as F``.

They live in :mod:`autograd.engine.ops`, each next to its op; this module is
their public name, re-exporting them.
"""

from .engine.kernels import *  # noqa: F403 (the public face of the rules' vocabulary)
from .engine.kernels import __all__  # noqa: F401
