"""Argument checks at the public boundary: one place for each kind of check.

Each returns the checked value and raises an error that names the argument,
what was passed and what is accepted. ``name`` says where the argument belongs,
e.g. ``"explore() lang"``.
"""

from __future__ import annotations

import numbers
from collections.abc import Collection
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")


def check_bool(value: Any, name: str) -> bool:
    """``value`` as a bool if it is True or False (numpy's too), else a TypeError."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r:.60}")
    return bool(value)


def check_positive_int(value: Any, name: str, *, allow_none: bool = False,
                       unit: str = "") -> int | None:
    """``value`` if it is an int >= 1 (or None, when allowed), else a ValueError.

    ``unit`` is named in the message, e.g. ``"milliseconds"``.
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        accepted = "a positive int" + (f" ({unit})" if unit else "")
        accepted += " or None" if allow_none else ""
        raise ValueError(f"{name} must be {accepted}; got {value!r:.60}")
    return int(value)


def check_choice(value: T, name: str, choices: Collection[Any]) -> T:
    """``value`` if it is one of ``choices``, else a ValueError listing them."""
    try:
        ok = value in choices
    except TypeError:  # an unhashable value asked of a set
        ok = False
    if not ok:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {value!r:.60}")
    return value
