"""The lessons in docs/tutorials: both languages in step, stored without outputs, and every
notebook executed top to bottom (its own asserts check the tutorials' numbers)."""

from __future__ import annotations

import difflib
import os
import re

import pytest

from . import helpers
from .helpers import (
    LANGUAGES,
    REPO,
    TUTORIALS,
    WALL_TIMES,
    execute_all,
    lesson_names,
    missing_packages,
    notebook_paths,
    read_json,
    relative,
    require_jupyter,
    require_lesson_packages,
    source,
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
    en, zh = cells(name)
    assert [c["cell_type"] for c in en] == [c["cell_type"] for c in zh], (
        f"{name}: en/ and zh-CN/ must have the same cells in the same order "
        "(markdown translated, code cells identical)")
    for i, (a, b) in enumerate(zip(en, zh)):
        if a["cell_type"] == "code" and source(a) != source(b):
            diff = "\n".join(difflib.unified_diff(
                source(a).splitlines(), source(b).splitlines(), f"en/{name}", f"zh-CN/{name}",
                lineterm=""))
            pytest.fail(f"code cell {i} differs between the languages:\n{diff}", pytrace=False)
    kernels = [read_json(TUTORIALS / lang / name)["metadata"].get("kernelspec")
               for lang in LANGUAGES]
    assert kernels[0] == kernels[1] and kernels[0]["name"] == "python3"


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
