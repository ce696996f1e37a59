"""What every drawing shares: its checked options, an animation frame, the size guard."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from autograd import messages
from autograd.engine import AutogradError, Node
from autograd.engine.checks import check_bool, check_choice, check_positive_int

RANKDIRS = ("LR", "RL", "TB", "BT")
VIEWS = ("modules", "ops")  # a Tensor graph: one box per module, or every op
DEFAULT_MAX_NODES = 2000
HIGHLIGHT = "#dc2626"  # the border of the nodes passed as draw(highlight=...)


class GraphTooLargeError(AutogradError, ValueError):
    """The graph has more boxes than ``max_nodes``; the message says how to group it."""

    def __init__(self, message: str, count: int, limit: int) -> None:
        super().__init__(message)
        self.count, self.limit = count, limit


@dataclass(frozen=True)
class Options:
    """The drawing options of :func:`autograd.viz.draw`, checked."""

    show_data: bool = True
    show_grad: bool = True
    rankdir: str = "LR"
    color_by_grad: bool = False
    group_by_scope: bool = False
    collapse_depth: int | None = None
    max_nodes: int | None = DEFAULT_MAX_NODES
    highlight: Node | Iterable[Node] = ()
    view: str | None = None  # Tensor graphs: "modules" (default) or "ops"
    model: Any = None  # Tensor graphs: the nn model whose named_parameters() name parameters
    lang: str | None = None  # the language of the drawing's words (None: set_language's)

    def __post_init__(self) -> None:
        marked = self.highlight
        if isinstance(marked, (Node, str)) or not isinstance(marked, Iterable):
            marked = (marked,)
        marked = tuple(marked)
        if not all(isinstance(n, Node) for n in marked):
            raise TypeError("highlight must be a Value or Tensor, or a list of them; "
                            f"got {self.highlight!r:.80}")
        object.__setattr__(self, "highlight", marked)  # a tuple, whatever was passed
        for name in ("show_data", "show_grad", "color_by_grad", "group_by_scope"):
            check_bool(getattr(self, name), f"draw() {name}")
        check_choice(self.rankdir, "draw() rankdir", RANKDIRS)
        for name in ("collapse_depth", "max_nodes"):
            check_positive_int(getattr(self, name), f"draw() {name}", allow_none=True)
        if self.view is not None:
            check_choice(self.view, "draw() view", VIEWS)
        object.__setattr__(self, "lang", messages.resolve_language(self.lang, "draw() lang"))
        if self.model is not None and not callable(getattr(self.model, "named_parameters", None)):
            raise TypeError("draw() model must be an nn.Module (anything with "
                            f"named_parameters()); got {type(self.model).__name__}")


@dataclass
class Frame:
    """What one animation frame overrides in a drawing (see autograd.viz.animation).

    ``grads`` maps id(node) to the gradient to print; it is visible for the
    ids in ``shown`` and hidden (its space kept, so frames line up) otherwise.
    ``edges`` maps (id(op node), input index) to (label, state) with state
    "current" or "done"; an edge's label is hidden while state is "pending".
    """

    grads: Mapping[int, Any]
    shown: Container[int]
    edges: Mapping[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    current: int | None = None
    title: str = ""


def as_roots(root: Any, caller: str) -> list[Node]:
    """``root`` as a non-empty list of nodes, or a TypeError naming what was passed."""
    items = list(root) if isinstance(root, (list, tuple)) else [root]
    if not items or not all(isinstance(r, Node) for r in items):
        raise TypeError(
            f"{caller}() takes a Value or Tensor (or a non-empty list of them); "
            f"got {type(root).__name__} {root!r:.80}"
        )
    return items


def is_tensor_graph(roots: list[Node]) -> bool:
    """True when the graph holds arrays (Tensors), False for Values."""
    return not isinstance(roots[0].data, (float, int))


def edge_attrs(frame: Frame | None, op_id: int, j: int, current_color: str,
               done_color: str) -> dict[str, str]:
    """The attributes of an input edge in an animation frame (none outside one)."""
    if frame is None or (op_id, j) not in frame.edges:
        return {}
    text, state = frame.edges[op_id, j]
    if state == "current":
        return {"label": text, "color": current_color, "fontcolor": current_color,
                "penwidth": "2.5"}
    if state == "done":
        return {"label": text, "fontcolor": done_color}
    return {"label": text, "fontcolor": "transparent"}
