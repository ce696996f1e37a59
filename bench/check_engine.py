"""check_engine's figures: time to find each planted bug, and false alarms on correct engines.

For each planted-bug clone of ``tests/engine/learner_engines.py``, over
several seeds: was the bug found, after how many seconds (the phases up to
the one that found it), and how many steps the shrunk snippet has. For the
correct engines (the clean clone, micrograd 0.1.0 inside its domain, this
package's Value): how many failures over how many random checks (each op
alone, compositions, backward twice; edge points are fixed points, not counted).

    PYTHONPATH=.:tests python bench/check_engine.py [--seeds 10] [--max-examples 200]
        [--correct-only]
"""

from __future__ import annotations

import argparse
import statistics
import time

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


def finding(report) -> tuple[float, float, str, str] | None:
    """(seconds until the first failure was found and shrunk, seconds of the whole check,
    its phase, its expression), or None if nothing was found."""
    if report.ok:
        return None
    first = min(report.failures, key=lambda f: f.found_after)
    return first.found_after, report.seconds, first.phase, first.expression


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--max-examples", type=int, default=200)
    parser.add_argument("--correct-only", action="store_true",
                        help="only the false-alarm count on correct engines")
    args = parser.parse_args()
    if not args.correct_only:
        planted(args)
    false_alarms(args)


def planted(args: argparse.Namespace) -> None:
    baseline = statistics.median(
        check_engine(engines.Value, seed=seed, max_examples=args.max_examples).seconds
        for seed in range(3))
    print(f"baseline: a whole check of the clean clone takes {baseline:.2f} s (median of 3)")
    print(f"planted bugs, {args.seeds} seeds, max_examples={args.max_examples}:")
    for cls in PLANTED:
        found = [finding(check_engine(cls, seed=seed, max_examples=args.max_examples))
                 for seed in range(args.seeds)]
        hits = [f for f in found if f is not None]
        first = [f[0] for f in hits]
        whole = [f[1] for f in hits]
        shortest = min((f[3] for f in hits), key=len)
        print(f"  {cls.__name__:<14} found {len(hits)}/{args.seeds}; found after "
              f"{statistics.median(first):.2f} s (max {max(first):.2f}), whole check "
              f"{statistics.median(whole):.2f} s = {statistics.median(whole) / baseline:.2f}x "
              f"baseline; phases {sorted({f[2] for f in hits})}; shortest: {shortest}")


def false_alarms(args: argparse.Namespace) -> None:
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
