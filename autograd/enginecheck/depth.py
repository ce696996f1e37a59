"""The deepest chain whose backward() still works: ``t = x; t = t + 1`` repeated n times.

A recursive topological sort stops at Python's recursion limit; a compiled
engine may crash the interpreter instead. So for a class a fresh interpreter
can import, the search runs in a subprocess (this file, run as a script: it
imports nothing but the standard library and the engine), which prints one
line per chain it tried; a crash then ends the subprocess, not the check.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SIZES = (10, 100, 1000, 10_000, 100_000, 1_000_000)  # tried in turn, then bisected
TIMEOUT = 60.0  # seconds for the whole search

# A chain step, as the engine writes it, and x's gradient at the end of n steps.
CHAINS = {
    "x + 2": ("t + 1", "one"), "x * 2": ("t * 1", "one"), "x - 2": ("t - 1", "one"),
    "x / 2": ("t / 1", "one"), "x + y": ("t + c", "one"), "-x": ("-t", "sign"),
}


@dataclass(frozen=True)
class DepthResult:
    """``depth``: the longest chain that worked (0 if none); ``failed``: the shortest
    that did not (None if every chain up to the limit worked), and how: ``error``
    (what it raised), ``crashed`` (how the subprocess ended, e.g. ``"SIGSEGV"``) or
    ``wrong`` (x's gradient, got and expected). ``timed_out``: the search stopped
    at the time limit, trying a chain of ``failed`` nodes."""

    depth: int
    failed: int | None = None
    error: str = ""
    crashed: str = ""
    wrong: tuple[float, float] | None = None
    timed_out: bool = False


def chain_for(forms: list[str]) -> str | None:
    """The first supported form a chain can be built from."""
    return next((f for f in CHAINS if f in forms), None)


def expected_grad(form: str, n: int) -> float:
    return 1.0 if CHAINS[form][1] == "one" else (-1.0) ** n


def try_chain(make_leaf: Callable, backward: Callable, read_grad: Callable, form: str,
              n: int) -> str:
    """``"ok"``, ``"wrong <got>"`` or ``"fail <error>"`` for a chain of n steps."""
    step = compile(CHAINS[form][0], "<chain>", "eval")
    try:
        x = make_leaf(0.5)
        scope = {"t": x, "c": make_leaf(0.0)}
        for _ in range(n):
            scope["t"] = eval(step, {"__builtins__": {}}, scope)
        backward(scope["t"])
        got = read_grad(x)
        got = 0.0 if got is None else float(got)
    except Exception as e:  # noqa: BLE001 - RecursionError, or whatever the engine raises
        text = " ".join(str(e).split())[:100]
        return f"fail {type(e).__name__}: {text}" if text else f"fail {type(e).__name__}"
    expected = expected_grad(form, n)
    return "ok" if abs(got - expected) <= 1e-9 * max(1.0, abs(expected)) else f"wrong {got!r}"


def search(run: Callable[[int], str], max_depth: int, low: int = 0, high: int | None = None,
           emit: Callable[[int, str], None] = lambda n, outcome: None) -> None:
    """Try growing chains, then bisect between the longest that worked and the shortest
    that did not. ``run(n)`` gives try_chain's answer; ``emit`` hears each one."""
    if high is None:
        for n in sorted({min(s, max_depth) for s in SIZES if s > low} | {max_depth}):
            outcome = run(n)
            emit(n, outcome)
            if outcome != "ok":
                high = n
                break
            low = n
        if high is None:
            return
    while high - low > 1:
        mid = (low + high) // 2
        outcome = run(mid)
        emit(mid, outcome)
        low, high = (mid, high) if outcome == "ok" else (low, mid)


def summarize(tried: dict[int, str], form: str, crashed_at: int | None = None,
              how: str = "") -> DepthResult:
    """The result from every chain tried (n -> outcome) and a crash, if any."""
    depth = max((n for n, outcome in tried.items() if outcome == "ok"), default=0)
    bad = {n: outcome for n, outcome in tried.items() if outcome != "ok" and n > depth}
    if crashed_at is not None and crashed_at > depth:
        bad[crashed_at] = "crash"
    if not bad:
        return DepthResult(depth)
    failed = min(bad)
    outcome = bad[failed]
    if outcome == "crash":
        return DepthResult(depth, failed, crashed=how)
    if outcome.startswith("wrong "):
        return DepthResult(depth, failed, wrong=(float(outcome[6:]), expected_grad(form, failed)))
    return DepthResult(depth, failed, error=outcome[5:])


def in_process(make_leaf: Callable, backward: Callable, read_grad: Callable, form: str,
               max_depth: int) -> DepthResult:
    """The search in this interpreter (for a class a subprocess cannot import)."""
    tried: dict[int, str] = {}
    search(lambda n: try_chain(make_leaf, backward, read_grad, form, n), max_depth,
           emit=tried.__setitem__)
    return summarize(tried, form)


def in_subprocess(module: str, qualname: str, backward: str | None, grad: str | None,
                  form: str, max_depth: int, timeout: float = TIMEOUT) -> DepthResult | None:
    """The search in fresh interpreters, restarted after a crash to bisect what is left.
    None if a fresh interpreter cannot import the class."""
    tried: dict[int, str] = {}
    low, high, crashed_at, how = 0, None, None, ""
    start = time.monotonic()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.getcwd(), *filter(None, sys.path)]))
    while True:
        spec = json.dumps({"module": module, "qualname": qualname, "backward": backward,
                           "grad": grad, "form": form, "max_depth": max_depth,
                           "low": low, "high": high})
        left = timeout - (time.monotonic() - start)
        try:
            done = subprocess.run([sys.executable, __file__, spec], capture_output=True,
                                  text=True, env=env, timeout=max(left, 1.0))
            stdout = done.stdout
        except subprocess.TimeoutExpired as e:
            stdout = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else \
                e.stdout or ""
            _read_results(stdout, tried)
            _, started = _progress(stdout)
            result = summarize(tried, form, crashed_at, how)
            if result.failed is None:
                result = DepthResult(result.depth, started, timed_out=True)
            return result
        _read_results(stdout, tried)
        ready, started = _progress(stdout)
        if not ready:
            return None
        if done.returncode == 0 or started is None:
            return summarize(tried, form, crashed_at, how)
        # It crashed on the chain it had started: bisect below that one, in a new process.
        crashed_at, how = started, _how(done.returncode)
        low = max((n for n, outcome in tried.items() if outcome == "ok"), default=0)
        high = crashed_at
        if high - low <= 1:
            return summarize(tried, form, crashed_at, how)


def _read_results(stdout: str, tried: dict[int, str]) -> None:
    for line in stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word == "result":
            n, _, outcome = rest.partition(" ")
            tried[int(n)] = outcome


def _progress(stdout: str) -> tuple[bool, int | None]:
    """Did the subprocess import the class, and which chain had it started and not finished?"""
    ready, started = False, None
    for line in stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word == "ready":
            ready = True
        elif word == "start":
            started = int(rest)
        elif word == "result":
            started = None
    return ready, started


def _how(returncode: int) -> str:
    if returncode < 0:
        try:
            return signal.Signals(-returncode).name
        except ValueError:
            return f"signal {-returncode}"
    return f"exit status {returncode}"


def _main(spec: dict[str, Any]) -> None:
    """Run in the subprocess: import the class and search, one line per chain."""
    found: Any = importlib.import_module(spec["module"])
    for part in spec["qualname"].split("."):
        found = getattr(found, part)
    backward = spec["backward"] or "backward"
    grad = spec["grad"] or "grad"
    print("ready", flush=True)

    def run(n: int) -> str:
        print(f"start {n}", flush=True)
        return try_chain(found, lambda t: getattr(t, backward)(), lambda x: getattr(x, grad),
                         spec["form"], n)

    search(run, spec["max_depth"], spec["low"], spec["high"],
           emit=lambda n, outcome: print(f"result {n} {outcome}", flush=True))


if __name__ == "__main__":
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        del sys.path[0]  # this folder's modules are not the engine's to import
    _main(json.loads(sys.argv[1]))
