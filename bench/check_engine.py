"""check_engine's figures: time to find each planted bug, and false alarms on correct engines.

For each planted-bug clone of ``tests/engine/learner_engines.py``, over
several seeds: was the bug found, after how many seconds (the phases up to
the one that found it), and how many steps the shrunk snippet has. For the
correct engines (the clean clone, micrograd 0.1.0 inside its domain, this
package's Value): how many failures over how many random checks (each op
alone, compositions, backward twice; edge points are fixed points, not counted).

    PYTHONPATH=.:tests python bench/check_engine.py [--seeds 10] [--max-examples 200]
"""

from __future__ import annotations

import argparse
import statistics
import time
from itertools import accumulate

from engine import learner_engines as engines  # tests/engine/learner_engines.py

import autograd
from autograd.testing import check_engine

PLANTED = [engines.WrongTanh, engines.AssignedGrads, engines.LeftSub, engines.LeftDiv,
           engines.Unreversed, engines.SetOrder, engines.ByValue]
RANDOM_PHASES = ("ops", "compositions", "twice")


def correct_engines() -> list[type]:
    found = [engines.Value, autograd.Value]
    try:
        from micrograd.engine import Value as Micrograd

        found.append(Micrograd)
    except ImportError:
        pass
    return found


def time_to_find(report) -> tuple[float, str, int] | None:
    """(seconds until the phase of the first failure ended, that phase, snippet steps)."""
    if report.ok:
        return None
    first = report.failures[0]
    ends = dict(zip((p.phase for p in report.phases),
                    accumulate(p.seconds for p in report.phases)))
    steps = first.expression.count(";") + 1 + sum(first.expression.count(s) for s in
                                                     ("+", "-", "*", "/", ".", "abs("))
    return ends[first.phase], first.phase, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--max-examples", type=int, default=200)
    args = parser.parse_args()
    print(f"planted bugs, {args.seeds} seeds, max_examples={args.max_examples}:")
    for cls in PLANTED:
        found = []
        for seed in range(args.seeds):
            report = check_engine(cls, seed=seed, max_examples=args.max_examples)
            found.append(time_to_find(report))
        hits = [f for f in found if f is not None]
        seconds = [f[0] for f in hits]
        phases = sorted({f[1] for f in hits})
        shortest = min((report.failures[0].expression,), key=len)
        print(f"  {cls.__name__:<14} found {len(hits)}/{args.seeds}; seconds median "
              f"{statistics.median(seconds):.2f} max {max(seconds):.2f}; phases {phases}; "
              f"e.g. {shortest}")
    print("correct engines (false alarms; micrograd's backward-twice failure is real):")
    for cls in correct_engines():
        by_phase: dict[str, int] = {}
        checks = 0
        start = time.monotonic()
        for seed in range(args.seeds):
            report = check_engine(cls, seed=seed, max_examples=args.max_examples)
            checks += sum(p.checked or 0 for p in report.phases if p.phase in RANDOM_PHASES)
            for f in report.failures:
                by_phase[f.phase] = by_phase.get(f.phase, 0) + 1
                if f.phase != "twice":
                    print("   ", f.message)
        print(f"  {cls.__module__}.{cls.__name__:<10} failures by phase {by_phase or 'none'} "
              f"in {checks} random checks ({time.monotonic() - start:.1f} s)")


if __name__ == "__main__":
    main()
