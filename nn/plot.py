"""PNG plots for the examples: a loss curve and a 2-D decision boundary.

matplotlib is optional: every function returns None (and draws nothing) when it is not
installed; ``require_matplotlib()`` raises instead, naming the install command. Figures are
drawn on matplotlib's Agg canvas directly, so the global pyplot backend is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np


def have_matplotlib() -> bool:
    """True when matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def require_matplotlib() -> None:
    """Raise ImportError, naming the install command, when matplotlib is missing."""
    if not have_matplotlib():
        raise ImportError("plots need matplotlib: pip install matplotlib (or install this "
                          "project with its 'plot' extra)")


def _figure(size: tuple[float, float]) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    return fig


def save_loss_curve(
    losses: dict[str, Sequence[float]] | Sequence[float], path: str | Path, title: str = "",
    xlabel: str = "epoch", log_scale: bool = False,
) -> Path | None:
    """Plot one loss curve (a sequence) or several (a dict of name -> sequence) to ``path``."""
    if not have_matplotlib():
        return None
    curves = losses if isinstance(losses, dict) else {"loss": losses}
    fig = _figure((6, 4))
    ax = fig.add_subplot()
    for name, values in curves.items():
        ax.plot(np.arange(len(values)), values, label=name)
    if log_scale:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel="loss", title=title)
    if len(curves) > 1:
        ax.legend()
    return _save(fig, path)


def save_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray,
    path: str | Path, title: str = "", resolution: int = 200,
) -> Path | None:
    """Colour the plane by ``predict`` (rows of 2-D points -> class labels) and scatter ``X``."""
    if not have_matplotlib():
        return None
    X, y = np.asarray(X), np.asarray(y).ravel()
    pad = 0.5
    (x0, y0), (x1, y1) = X.min(axis=0) - pad, X.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    zz = np.asarray(predict(grid)).reshape(gx.shape)
    fig = _figure((5, 5))
    ax = fig.add_subplot()
    ax.contourf(gx, gy, zz, alpha=0.3, cmap="coolwarm")
    ax.scatter(X[:, 0], X[:, 1], c=y, s=12, cmap="coolwarm", edgecolors="k", linewidths=0.3)
    ax.set(xlim=(x0, x1), ylim=(y0, y1), title=title)
    return _save(fig, path)


def _save(fig: Any, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path
