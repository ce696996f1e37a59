"""``python -m autograd.testing MODULE:CLASS``: see autograd.enginecheck.cli."""

from autograd.enginecheck.cli import main

raise SystemExit(main())
