"""Is ``import autograd`` this project's engine? Another package of that name (HIPS autograd,
widely installed) can shadow it in the same environment."""

from __future__ import annotations

import importlib.metadata
import os
from pathlib import Path
from types import ModuleType

THIS_PROJECT = "autograd-graphs"  # the distribution name in setup.cfg
ENGINE_NAMES = ("Tensor", "Value")  # what HIPS autograd lacks and every nn module uses
PROJECT_ROOT = Path(__file__).resolve().parent.parent  # where nn/ and the engine sit


def _other_distributions() -> list[str]:
    """``"name version"`` of each installed distribution other than this project that
    provides a package ``autograd``."""
    try:
        dists = importlib.metadata.packages_distributions().get("autograd", [])
        return [f"{d} {importlib.metadata.version(d)}" for d in sorted(set(dists))
                if d.lower().replace("_", "-") != THIS_PROJECT]
    except Exception:  # noqa: BLE001 - a broken installation must not hide the real message
        return []


def _location(module: ModuleType) -> str:
    if getattr(module, "__file__", None):
        return os.path.dirname(module.__file__)
    return ", ".join(getattr(module, "__path__", [])) or "an unknown place"


def shadowing_message() -> str | None:
    """None when ``import autograd`` gives this project's engine, else a one-line message
    saying what it found instead and what to do."""
    import autograd

    if all(hasattr(autograd, name) for name in ENGINE_NAMES):
        return None
    others = _other_distributions()
    if not others and Path(_location(autograd)).resolve().parent == PROJECT_ROOT:
        return None  # this project's own engine, whatever it lacks: its ImportError will say
    what = ", ".join(others) or f"autograd {getattr(autograd, '__version__', '(version unknown)')}"
    return (f"`import autograd` found another package named autograd ({what}, at "
            f"{_location(autograd)}), not this project's engine: install this project in a "
            "fresh virtual environment "
            "(python -m venv .venv && . .venv/bin/activate && pip install -e .)")
