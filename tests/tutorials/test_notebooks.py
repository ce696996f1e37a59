"""The lessons in docs/tutorials: both languages in step, stored without outputs, and every
notebook executed top to bottom (its own asserts check the tutorials' numbers)."""

from __future__ import annotations

import difflib
import os
import re

import pytest

from ..helpers import NOT_THE_TUTORIALS_TERMS
from . import helpers
from .helpers import (
    LANGUAGES,
    REPO,
    TUTORIALS,
    WALL_TIMES,
    code_cell_differences,
    code_names,
    drawing_widths,
    english_words,
    execute_all,
    heading_differences,
    lesson_names,
    missing_packages,
    notebook_paths,
    output_texts,
    read_json,
    relative,
    require_jupyter,
    require_lesson_packages,
    source,
    too_wide,
)

LESSONS = lesson_names()
PATHS = notebook_paths()
CJK = re.compile(r"[\u4e00-\u9fff]")
PYTHON_WARNING = re.compile(r"\b[A-Z]\w*Warning\b")  # "RuntimeWarning: overflow ...", not C noise
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def cells(name: str) -> tuple[list[dict], list[dict]]:
    en, zh = (read_json(TUTORIALS / lang / name)["cells"] for lang in LANGUAGES)
    return en, zh


# --- stored form: no Jupyter packages needed ---------------------------------------------------


def test_every_lesson_exists_in_both_languages():
    assert LESSONS, f"no notebooks in {TUTORIALS / 'en'}"
    assert sorted(p.name for p in (TUTORIALS / "zh-CN").glob("*.ipynb")) == LESSONS


@pytest.mark.parametrize("name", LESSONS)
def test_languages_share_every_code_cell(name):
    """Identical code cells, but for the first cell's line that sets the language
    (messages.set_language("en") / ("zh-CN")): what a cell prints is in the lesson's language."""
    en, zh = cells(name)
    assert [c["cell_type"] for c in en] == [c["cell_type"] for c in zh], (
        f"{name}: en/ and zh-CN/ must have the same cells in the same order "
        "(markdown translated, code cells identical)")
    en_code, zh_code = ([source(c) for c in cs if c["cell_type"] == "code"] for cs in (en, zh))
    problems = code_cell_differences(en_code, zh_code)
    for i, (a, b) in enumerate(zip(en_code, zh_code)):
        if i and a != b:
            problems.append("\n".join(difflib.unified_diff(
                a.splitlines(), b.splitlines(), f"en/{name}", f"zh-CN/{name}", lineterm="")))
    assert not problems, f"{name}:\n" + "\n".join(problems)
    kernels = [read_json(TUTORIALS / lang / name)["metadata"].get("kernelspec")
               for lang in LANGUAGES]
    assert kernels[0] == kernels[1] and kernels[0]["name"] == "python3"


@pytest.mark.parametrize("name", LESSONS)
def test_languages_have_the_same_headings(name):
    """Same heading levels and numbers, cell by cell ("## 4. Training" and "## 4. 训练")."""
    en, zh = ([source(c) for c in cs if c["cell_type"] == "markdown"] for cs in cells(name))
    problems = heading_differences(en, zh)
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", LESSONS)
def test_the_title_is_the_lessons_number(name):
    number = int(name[:2])
    en, zh = (source(cs[0]).splitlines()[0] for cs in cells(name))
    assert en.startswith(f"# Lesson {number} · "), f"en/{name} starts with {en!r}"
    assert zh.startswith(f"# 第 {number} 课 · "), f"zh-CN/{name} starts with {zh!r}"


@pytest.mark.parametrize("name", LESSONS)
def test_chinese_lessons_use_the_tutorials_terms(name):
    _, zh = cells(name)
    for i, cell in enumerate(zh):
        for wrong, right in NOT_THE_TUTORIALS_TERMS.items():
            assert wrong not in source(cell), f"zh-CN/{name} cell {i}: write {right}, not {wrong}"


def test_the_index_uses_the_tutorials_terms():
    index = (TUTORIALS / "README.md").read_text(encoding="utf-8")
    for wrong, right in NOT_THE_TUTORIALS_TERMS.items():
        assert wrong not in index, f"docs/tutorials/README.md: write {right}, not {wrong}"


@pytest.mark.parametrize("name", LESSONS)
def test_chinese_markdown_is_translated(name):
    en, zh = cells(name)
    for i, (a, b) in enumerate(zip(en, zh)):
        if a["cell_type"] == "markdown":
            assert CJK.search(source(b)), f"zh-CN/{name}: markdown cell {i} has no Chinese"
            assert source(a) != source(b), f"zh-CN/{name}: markdown cell {i} is the English one"


@pytest.mark.parametrize("path", PATHS, ids=relative)
def test_stored_without_outputs(path):
    dirty = [i for i, c in enumerate(read_json(path)["cells"]) if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, (
        f"{relative(path)}: code cells {dirty} hold outputs or execution counts. Lessons are "
        "stored without them (the tests regenerate every output): clear them before committing "
        "(Jupyter: Edit > Clear All Outputs; or jupyter nbconvert --clear-output --inplace)")


def test_indexes_link_every_notebook():
    index = (TUTORIALS / "README.md").read_text(encoding="utf-8")
    unlinked = [relative(p) for p in PATHS if f"({relative(p)})" not in index]
    assert not unlinked, f"docs/tutorials/README.md does not link {unlinked}"
    assert "(docs/tutorials/README.md)" in (REPO / "README.md").read_text(encoding="utf-8")


# --- executed ----------------------------------------------------------------------------------


def test_missing_jupyter_packages_skip_locally_and_fail_under_ci(monkeypatch):
    monkeypatch.setattr(helpers, "JUPYTER_PACKAGES", ("nbclient", "no_such_kernel_pkg"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"needs no_such_kernel_pkg.*\[notebooks\]"):
        require_jupyter()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        require_jupyter()


def test_a_lesson_missing_its_optional_package_skips_locally_and_fails_under_ci(monkeypatch,
                                                                                tmp_path):
    lesson = tmp_path / "99_lesson.ipynb"
    lesson.write_text('{"cells": [{"cell_type": "code", "source": ["import numpy as np\\n", '
                      '"from no_such_pkg import thing"]}]}', encoding="utf-8")
    monkeypatch.setattr(helpers, "OPTIONAL_PACKAGES",
                        {"no_such_pkg": "pip install no_such_pkg", "numpy": "pip install numpy",
                         "other_missing_pkg": "pip install other"})
    monkeypatch.setattr(helpers, "relative", lambda path: path.name)
    assert missing_packages(lesson) == ["no_such_pkg"]  # numpy is there; other is not imported
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="99_lesson.ipynb needs no_such_pkg: pip"):
        require_lesson_packages(lesson)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set and 99_lesson.ipynb needs"):
        require_lesson_packages(lesson)


def test_the_pytorch_lesson_declares_that_it_needs_torch(monkeypatch):
    monkeypatch.setattr(helpers.importlib.util, "find_spec", lambda name: None)
    for lang in LANGUAGES:
        assert missing_packages(TUTORIALS / lang / "13_to_pytorch.ipynb") == ["torch"]


def files_under(folder) -> set[str]:
    return {str(p) for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def runs():
    """Execute every notebook once, a kernel per core (at least 2) at a time."""
    require_jupyter()
    before = files_under(TUTORIALS)
    workers = max(2, min(4, os.cpu_count() or 2))
    runnable = [p for p in PATHS if not missing_packages(p)]  # the others skip (or fail) below
    results, wall = execute_all(runnable, workers)
    WALL_TIMES.append((wall, workers))
    return results, files_under(TUTORIALS) - before


@pytest.mark.parametrize("path", PATHS, ids=relative)
def test_notebook_runs(runs, path):
    import nbformat

    require_lesson_packages(path)
    run = runs[0][path]
    if run.error is not None:
        message = ANSI.sub("", str(run.error))
        pytest.fail(f"{relative(path)} failed after {run.seconds:.1f} s:\n{message}",
                    pytrace=False)
    nbformat.validate(run.notebook)
    for i, cell in enumerate(run.notebook.cells):
        if cell.cell_type != "code":
            continue
        shown = {kind for out in cell.outputs for kind in out.get("data", {})}
        if "plt.show()" in cell.source:  # matplotlib's inline backend: a PNG
            assert "image/png" in shown, f"cell {i} shows no figure"
        if re.search(r"\b(draw|backward_frames)\(", cell.source):  # graphs display as SVG
            assert "image/svg+xml" in shown, f"cell {i} shows no graph"
        warnings = [out.text for out in cell.outputs if out.output_type == "stream"
                    and out.name == "stderr" and PYTHON_WARNING.search(out.text)]
        assert not warnings, f"cell {i} printed a warning: {warnings}"


def test_lessons_leave_no_files_behind(runs):
    assert not runs[1], f"executing the lessons wrote {sorted(runs[1])}"


# Words a Chinese lesson may show as they are: the engine's and nn's names (ops, classes), and
# names the Chinese text itself keeps in English (GLOSSARY.md: epoch, one-hot, ...).
KEPT_IN_ENGLISH = {
    "epoch", "one-hot", "softmax", "sigmoid", "tanh", "ReLU", "MLP", "MNIST", "XOR", "SGD",
    "Adam", "Adagrad", "autograd", "numpy", "hypothesis", "nan", "inf", "Affine",
    "MulLayer", "AddLayer", "SoftmaxWithLoss", "python", "PyTorch",
}
# Until these tools speak the learner's language (a lang= or the catalog), the words they print
# in English, per lesson and tool. Empty an entry when its tool lands; a word listed here that
# the lesson no longer shows fails the test, so the list cannot go stale.
AWAITING_TRANSLATION: dict[str, dict[str, set[str]]] = {
    "12_test_your_engine.ipynb": {
        # Python's own exception messages, which the report quotes as they are
        "check_engine's report: what a learner's engine raised (unsupported ops, notes)": {
            "AttributeError", "NoneType", "Numerical", "OverflowError", "RecursionError",
            "TypeError", "ZeroDivisionError", "and", "attribute", "bad", "be", "calling",
            "cannot", "depth", "error", "exceeded", "for", "has", "int", "maximum", "negative",
            "no", "object", "of", "operand", "or", "power", "raised", "range", "recursion",
            "result", "to", "type", "unsupported", "while"},
    },
}


def engine_names() -> set[str]:
    """The public names of autograd and nn, and the name of every op they define."""
    import autograd
    import nn

    ops, found = [autograd.Op], set()
    while ops:
        op = ops.pop()
        found.add(getattr(op, "name", None) or op.__name__)
        ops.extend(op.__subclasses__())
    return set(autograd.__all__) | set(nn.__all__) | found


@pytest.mark.parametrize("path", [p for p in PATHS if p.parent.name == "zh-CN"], ids=relative)
def test_a_chinese_lesson_shows_no_english(runs, path):
    """Everything a cell prints, tables, and the words of drawings: Chinese, numbers, or names
    from the lesson's code (variables, labels) and the engine (ops, classes)."""
    run = runs[0][path]
    if run.error is not None:
        pytest.skip("the notebook failed (test_notebook_runs reports it)")
    code = [c.source for c in run.notebook.cells if c.cell_type == "code"]
    allowed = code_names(code) | engine_names() | KEPT_IN_ENGLISH
    waiting = set().union(*AWAITING_TRANSLATION.get(path.name, {}).values())
    found: dict[str, list[int]] = {}
    for i, cell in enumerate(run.notebook.cells):
        if cell.cell_type == "code":
            for word in english_words(output_texts(cell), allowed | waiting):
                found.setdefault(word, []).append(i)
    assert not found, f"{relative(path)} shows English: " + ", ".join(
        f"{w!r} (cells {cs})" for w, cs in sorted(found.items()))
    shown = english_words([t for c in run.notebook.cells if c.cell_type == "code"
                           for t in output_texts(c)], allowed)
    assert waiting <= shown, (f"{relative(path)} no longer shows {sorted(waiting - shown)}: "
                              "remove them from AWAITING_TRANSLATION")


# Tensor drawings shrink when the matrix view lands (another helper changes the default drawing
# of Tensor graphs); until then these cells (lesson, cell id) may draw wider than the column.
# The lead empties this set; a cell listed here that fits fails the test (so it cannot go stale).
AWAITING_MATRIX_VIEW: set[tuple[str, str]] = set()


@pytest.mark.parametrize("path", PATHS, ids=relative)
def test_drawings_fit_the_notebook_column(runs, path):
    """Every SVG drawing at most 1,000 pt wide, every PNG figure at most 1,000 px wide as shown."""
    run = runs[0][path]
    if run.error is not None:
        pytest.skip("the notebook failed (test_notebook_runs reports it)")
    wide, waiting_but_fit = [], []
    for cell in run.notebook.cells:
        if cell.cell_type != "code":
            continue
        problems = too_wide(drawing_widths(cell))
        waiting = (path.name, cell.get("id")) in AWAITING_MATRIX_VIEW
        if problems and not waiting:
            wide.append(f"cell {cell.get('id')}: " + "; ".join(problems))
        elif waiting and not problems:
            waiting_but_fit.append(cell.get("id"))
    assert not wide, f"{relative(path)} draws wider than the column:\n" + "\n".join(wide)
    assert not waiting_but_fit, (f"{relative(path)}: cells {waiting_but_fit} fit now: remove "
                                 "them from AWAITING_MATRIX_VIEW")
