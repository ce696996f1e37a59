"""``python -m autograd.viz``: see autograd.viz.cli."""

from .cli import main

raise SystemExit(main())
