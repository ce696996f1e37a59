"""The built site holds what it should (every page in both languages with its language switch,
the lessons executed, the API reference, the embedded explorers), and the build is strict: a
small site with a broken link, a broken anchor, a failing cell and a cell that writes to stderr
fails, naming each; the link check finds dead links, dead anchors and outside requests."""

from __future__ import annotations

import html.parser
import json
import subprocess
from pathlib import Path

import pytest

from .helpers import REPO, load_site_module, require_docs_packages

LANGUAGES = ("en", "zh-CN")


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(path: Path) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def pages(site: Path, lang: str) -> list[str]:
    root = site / lang
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if p.relative_to(root).parts[0] not in ("_static", "_explorers", "_images"))


def test_both_languages_have_the_same_pages(site):
    en = pages(site, "en")
    assert "index.html" in en and "api/autograd.html" in en and "search.html" in en
    assert pages(site, "zh-CN") == en


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_to_itself_in_the_other_language(site, lang):
    other = "zh-CN" if lang == "en" else "en"
    missing = []
    for page in pages(site, lang):
        up = "../" * (page.count("/") + 1)
        links = [a.get("href") for tag, a in tags(site / lang / page) if tag == "a"
                 and a.get("hreflang") == other]
        if links != [f"{up}{other}/{page}"]:
            missing.append(f"{page}: {links}")
    assert not missing, f"pages of {lang} without a switch to the same page in {other}: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_lessons_are_shown_executed(site, lang):
    names = sorted(p.stem for p in (REPO / "docs/tutorials" / lang).glob("*.ipynb"))
    assert names
    for name in names:
        page = (site / lang / "lessons" / f"{name}.html").read_text(encoding="utf-8")
        assert page.count('class="cell_output') >= 3, f"{lang}/lessons/{name}.html has no outputs"
        assert "Traceback" not in page, f"{lang}/lessons/{name}.html shows an error"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_api_reference_documents_the_public_names(site, lang):
    docs = load_site_module("autograd_docs")
    for module in docs.API_MODULES:
        ids = {a.get("id") for _, a in tags(site / lang / "api" / f"{module}.html")}
        assert f"module-{module}" in ids, f"api/{module}.html does not document {module}"
    expected = {"autograd": ["autograd.Value", "autograd.Tensor", "autograd.grad",
                             "autograd.Op", "autograd.Node.backward"],
                "autograd.viz": ["autograd.viz.explore", "autograd.viz.draw"],
                "autograd.testing": ["autograd.testing.check_op"],
                "nn": ["nn.Linear", "nn.save"], "nn.optim": ["nn.optim.Adam"]}
    for module, names in expected.items():
        ids = {a.get("id") for _, a in tags(site / lang / "api" / f"{module}.html")}
        assert set(names) <= ids, f"api/{module}.html lacks {set(names) - ids}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_explorers_are_embedded_as_pages_of_the_site(site, lang):
    frames = [a["src"] for tag, a in tags(site / lang / "viz.html") if tag == "iframe"]
    assert frames == ["_explorers/viz-apple-tax.html"], frames
    page = (site / lang / frames[0]).read_text(encoding="utf-8")
    assert "apple_price" in page and "<script" in page and "src=\"http" not in page


def _write_notebook(path: Path, *cells: str) -> None:
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}},
        "cells": [{"cell_type": "markdown", "metadata": {}, "id": "title",
                   "source": f"# {path.stem}"}] + [
            {"cell_type": "code", "metadata": {}, "id": f"c{i}", "execution_count": None,
             "outputs": [], "source": src} for i, src in enumerate(cells)]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook), encoding="utf-8")


def test_a_warning_fails_the_build_and_every_problem_is_named(tmp_path):
    require_docs_packages()
    build = load_site_module("build")
    tutorials = tmp_path / "tutorials"
    _write_notebook(tutorials / "en" / "01_stderr.ipynb",
                    "import sys\nprint('a warning of some kind', file=sys.stderr)")
    _write_notebook(tutorials / "en" / "02_raises.ipynb", "1 / 0")
    source = tmp_path / "en"
    source.mkdir()
    (source / "index.md").write_text(
        "# Home\n\n## A heading\n\n[fine](#a-heading), [gone](missing.md), "
        "[no anchor](#no-such-heading)\n\n"
        "```{toctree}\nlessons/index\napi/index\n```\n", encoding="utf-8")
    command = build.sphinx_command("en")
    command[-2:] = [str(source), str(tmp_path / "html")]
    command[command.index("-d") + 1] = str(tmp_path / "doctrees")
    command += ["-D", f"autograd_tutorials={tutorials}"]
    result = subprocess.run(command, env=build.sphinx_env("en"), capture_output=True,
                            text=True, timeout=600)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "missing.md" in log and "no-such-heading" in log, log
    assert "01_stderr" in log and "stderr" in log, log
    assert "02_raises" in log and "ZeroDivisionError" in log, log


def test_the_link_check_finds_dead_links_and_outside_requests(tmp_path):
    check_site = load_site_module("linkcheck").check_site
    for lang, other in (("en", "zh-CN"), ("zh-CN", "en")):
        (tmp_path / lang / "api").mkdir(parents=True)
        (tmp_path / lang / "api" / "x.html").write_text(
            f'<a href="../../{other}/api/x.html#ok" id="ok">x</a>', encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.example/a.css"><a href="https://ok.example">'
        '</a><a href="api/x.html#gone"></a><a href="../zh-CN/index.html"></a>'
        '<img src="_static/missing.png">', encoding="utf-8")
    problems = check_site(tmp_path)
    assert any("loads from outside" in p and "fonts.example" in p for p in problems), problems
    assert any("no anchor #gone" in p for p in problems), problems
    assert any("../zh-CN/index.html" in p for p in problems), problems
    assert any("missing.png" in p for p in problems), problems
    assert not any("api/x.html#ok" in p or "ok.example" in p for p in problems), problems
    assert len(problems) == 4, problems
