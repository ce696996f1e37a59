"""Plots for the examples and the lessons: loss curves and a 2-D decision boundary.

``draw_*`` draw on a matplotlib ``Axes`` you give them (a lesson's ``plt.subplots``);
``save_*`` draw and save a PNG file. Axis labels come from the message catalog
(:mod:`autograd.messages`, area ``plot``), in the learner's language.

matplotlib is optional: every ``save_*`` function returns None (and draws nothing) when it
is not installed; ``require_matplotlib()`` raises instead, naming the install command. Files
are drawn on matplotlib's Agg canvas directly, so the global pyplot backend is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from autograd.messages import text


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


# Sans-serif fonts with Chinese glyphs, most common first (Linux, Windows, macOS).
CHINESE_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                 "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC",
                 "Arial Unicode MS")


def add_chinese_font_fallback() -> str | None:
    """Let matplotlib draw Chinese titles, axes and legends (a Chinese lesson's plots).

    Appends the first installed font of ``CHINESE_FONTS`` to ``rcParams["font.family"]``
    as a fallback: Latin letters and digits keep matplotlib's usual font, characters it
    lacks come from the Chinese one. Returns that font's name, or None when none is
    installed (Chinese then shows as empty boxes, and matplotlib warns) or matplotlib is
    missing. Calling it again changes nothing.
    """
    if not have_matplotlib():
        return None
    import matplotlib
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    found = next((name for name in CHINESE_FONTS if name in installed), None)
    families = list(matplotlib.rcParams["font.family"])
    if found is not None and found not in families:
        matplotlib.rcParams["font.family"] = [*families, found]  # tried glyph by glyph
    return found


def _figure(size: tuple[float, float]) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    return fig


def draw_loss_curves(
    ax: Any, losses: dict[str, Sequence[float]] | Sequence[float], title: str = "",
    xlabel: str | None = None, ylabel: str | None = None, log_scale: bool = False,
    lang: str | None = None,
) -> None:
    """Plot one loss curve (a sequence) or several (a dict of name -> sequence) on ``ax``.

    The axes default to "epoch" and "loss" in ``lang`` (None: the package-wide
    language of :mod:`autograd.messages`); several curves get a legend.
    """
    curves = losses if isinstance(losses, dict) else {text("plot.loss", lang): losses}
    for name, values in curves.items():
        ax.plot(np.arange(len(values)), values, label=name)
    if log_scale:
        ax.set_yscale("log")
    ax.set(xlabel=text("plot.epoch", lang) if xlabel is None else xlabel,
           ylabel=text("plot.loss", lang) if ylabel is None else ylabel, title=title)
    if len(curves) > 1:
        ax.legend()


def draw_decision_boundary(
    ax: Any, predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray,
    title: str = "", resolution: int = 200, pad: float = 0.5, levels: Any = None,
    point_size: float = 12,
) -> None:
    """Colour the plane around ``X`` by ``predict`` on ``ax``, and scatter the points ``X``
    coloured by their labels ``y``.

    ``predict`` maps rows of 2-D points to class labels, or to probabilities of class 1:
    then pass fixed ``levels`` such as ``np.linspace(0, 1, 12)``, so that the colours mean
    the same probabilities in every plot (with no level at 0.5, a model that answers 0.5
    everywhere gets one flat colour). ``point_size`` is the points' marker size.
    """
    X, y = np.asarray(X), np.asarray(y).ravel()
    (x0, y0), (x1, y1) = X.min(axis=0) - pad, X.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    zz = np.asarray(predict(grid), dtype=float).reshape(gx.shape)
    ax.contourf(gx, gy, zz, levels=levels, alpha=0.3, cmap="coolwarm")
    ax.scatter(X[:, 0], X[:, 1], c=y, s=point_size, cmap="coolwarm", edgecolors="k",
               linewidths=0.3)
    ax.set(xlim=(x0, x1), ylim=(y0, y1), title=title)


def save_loss_curve(
    losses: dict[str, Sequence[float]] | Sequence[float], path: str | Path, title: str = "",
    xlabel: str | None = None, log_scale: bool = False, ylabel: str | None = None,
    lang: str | None = None,
) -> Path | None:
    """:func:`draw_loss_curves` saved as a PNG file at ``path``."""
    if not have_matplotlib():
        return None
    fig = _figure((6, 4))
    draw_loss_curves(fig.add_subplot(), losses, title, xlabel, ylabel, log_scale, lang)
    return _save(fig, path)


def save_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y: np.ndarray,
    path: str | Path, title: str = "", resolution: int = 200,
) -> Path | None:
    """:func:`draw_decision_boundary` saved as a PNG file at ``path``."""
    if not have_matplotlib():
        return None
    fig = _figure((5, 5))
    draw_decision_boundary(fig.add_subplot(), predict, X, y, title, resolution)
    return _save(fig, path)


def _save(fig: Any, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path
