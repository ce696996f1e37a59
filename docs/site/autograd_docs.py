"""The site's Sphinx extension: what the two source trees get from the repository at build time.

- ``lessons/``: the lesson notebooks of docs/tutorials/<lang>/, copied in (an executed copy
  from the test run when it is still current, see executed_lessons.py; else myst-nb executes
  the lesson during the build).
- ``api/``: one page per public module (``API_MODULES``), documented by autodoc.
- the ``explorer`` directive: runs its Python code at build time (it must set ``root``) and
  embeds ``autograd.viz.explore(root)`` as a live, self-contained page in an iframe.
- links to a lesson by its path in docs/tutorials go to the lesson's page;
- the language switch: every page links to the same page in the other language; and
  ``[text](lang:zh-CN/page.md#anchor)`` links into the other language's tree.

Generated folders (``lessons/``, ``api/``) are not committed (.gitignore); they are rewritten
only when their content changes, so rebuilding an unchanged site reads nothing again.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import tempfile
import traceback
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from executed_lessons import REPO, current_executed, package_digest
from site_languages import LANGUAGE_NAMES, LANGUAGES
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

TUTORIALS = REPO / "docs" / "tutorials"
# The public modules, in the order of the API reference.
API_MODULES = (
    "autograd", "autograd.functions", "autograd.viz", "autograd.testing", "autograd.functional",
    "autograd.exercises", "nn", "nn.functional", "nn.optim", "nn.init", "nn.data",
    "nn.datasets",
)
API_TITLE = {"en": "API reference", "zh-CN": "API 参考"}
API_INTRO = {
    "en": "Every public name, documented from its docstring.",
    "zh-CN": "每个公开接口的说明，取自它的 docstring（英文）。",
}
LESSONS_TITLE = {"en": "Lessons", "zh-CN": "课程"}
LESSONS_INTRO = {
    "en": ("Jupyter notebooks that teach backpropagation with the engine, following the five "
           "Chinese tutorials the project was built from. Each exists in English and in "
           "Simplified Chinese with identical code cells; here they are shown executed, with "
           "their outputs (the explorer pages in them are live). Run them yourself with "
           "`pip install -e \".[notebooks]\"` and Jupyter (`jupyter lab docs/tutorials`): they "
           "run offline, each in a few seconds, and `assert` the tutorials' numbers."),
    "zh-CN": ("用本引擎讲解反向传播的 Jupyter 笔记本，内容沿用项目所依据的五篇中文教程。"
              "每一课都有英文版和简体中文版，代码单元完全相同；"
              "这里展示的是执行过的笔记本和它们的输出（其中的浏览页面可以直接操作）。"
              "自己运行：`pip install -e \".[notebooks]\"`，"
              "再用 Jupyter 打开（`jupyter lab docs/tutorials`）；"
              "它们离线运行，每一课几秒钟，并用 `assert` 检查教程里的数字。"),
}
EXPLORERS = "_explorers"  # the folder of the built site that holds the embedded pages


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _sync_folder(folder: Path, files: dict[str, str]) -> None:
    """Make ``folder`` hold exactly ``files`` (name -> text)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in set(p.name for p in folder.iterdir()) - set(files):
        (folder / stale).unlink()
    for name, text in files.items():
        _write_if_changed(folder / name, text)


def lesson_files(tutorials: Path, lang: str) -> dict[str, str]:
    """The lessons of ``lang`` as the site shows them: executed copies where current."""
    files = {}
    for path in sorted((tutorials / lang).glob("*.ipynb")):
        source = json.loads(path.read_text(encoding="utf-8"))
        executed = current_executed(lang, path.name, source)
        if executed is not None:  # outputs from the test run: not executed again
            executed["metadata"]["mystnb"] = {"execution_mode": "off"}
            source = executed
        files[path.name] = json.dumps(source, ensure_ascii=False, indent=1) + "\n"
    files["index.md"] = (f"# {LESSONS_TITLE[lang]}\n\n{LESSONS_INTRO[lang]}\n\n"
                         "```{toctree}\n:maxdepth: 1\n:glob:\n\n*\n```\n")
    return files


def api_files(lang: str) -> dict[str, str]:
    """One page per public module, and their index."""
    files = {}
    for module in API_MODULES:
        files[f"{module}.md"] = f"# `{module}`\n\n```{{eval-rst}}\n.. automodule:: {module}\n```\n"
    entries = "\n".join(API_MODULES)
    files["index.md"] = (f"# {API_TITLE[lang]}\n\n{API_INTRO[lang]}\n\n"
                         f"```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n")
    return files


def generate_sources(app: Sphinx, config: Any) -> None:
    lang = os.environ.get("AUTOGRAD_DOCS_LANG", "en")
    srcdir = Path(app.srcdir)
    if srcdir.name != lang:
        raise ValueError(f"building {srcdir} with AUTOGRAD_DOCS_LANG={lang!r}: the source tree "
                         f"of a language is the folder of that name")
    _sync_folder(srcdir / "lessons", lesson_files(Path(config.autograd_tutorials), lang))
    _sync_folder(srcdir / "api", api_files(lang))


# --- the explorer directive --------------------------------------------------------------------


class ExplorerDirective(SphinxDirective):
    """```{explorer} NAME
    Python code that sets ``root`` (a Value or Tensor)
    ```

    Shows the code, then the explorer page of ``root`` in an iframe (``:height:`` in pixels,
    ``:start: forward`` to open on the forward pass, ``:rankdir: TB`` to lay the graph out top
    to bottom, ``:hide-code:`` to show the page only).
    """

    has_content = True
    required_arguments = 1
    option_spec = {
        "height": directives.positive_int,
        "start": lambda arg: directives.choice(arg, ("backward", "forward")),
        "rankdir": lambda arg: directives.choice(arg, ("lr", "tb")).upper(),
        "hide-code": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        code = "\n".join(self.content) + "\n"
        namespace: dict[str, Any] = {"__name__": "__explorer__"}
        try:
            with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
                exec(compile(code, f"{self.env.docname} explorer {name}", "exec"), namespace)
                from autograd.viz import explore

                page = explore(namespace["root"], start=self.options.get("start", "backward"),
                               rankdir=self.options.get("rankdir", "LR"))
        except Exception:
            logger.warning("explorer %r failed:\n%s", name, traceback.format_exc(),
                           location=self.get_location())
            return []
        file = f"{self.env.docname.replace('/', '-')}-{name}.html"
        self.env.autograd_explorers.setdefault(self.env.docname, {})[file] = page.html
        src = "../" * self.env.docname.count("/") + f"{EXPLORERS}/{file}"
        height = self.options.get("height", 520)
        title = html.escape(page.data["title"])
        iframe = nodes.raw("", (
            f'<iframe class="autograd-explorer" src="{src}" title="{title}" '
            f'sandbox="allow-scripts allow-downloads" loading="lazy" '
            f'style="height: {height}px"></iframe>'), format="html")
        result: list[nodes.Node] = []
        if "hide-code" not in self.options:
            block = nodes.literal_block(code, code, language="python")
            self.set_source_info(block)
            result.append(block)
        return [*result, iframe]


def _init_explorers(app: Sphinx, env: Any, docnames: list[str]) -> None:
    if not hasattr(env, "autograd_explorers"):
        env.autograd_explorers = {}  # docname -> {file name: page}


def _purge_explorers(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, "autograd_explorers", {}).pop(docname, None)


def _write_explorers(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / EXPLORERS
    pages = {file: text for per_doc in getattr(app.env, "autograd_explorers", {}).values()
             for file, text in per_doc.items()}
    _sync_folder(folder, pages)


# --- links to the lessons -----------------------------------------------------------------------

LINK_TARGET = re.compile(r"\]\(([^)\s#]+\.ipynb)(#[^)\s]*)?\)")


def _link_lessons(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page links a lesson by its path in docs/tutorials (which works on GitHub too); in the
    site that link goes to the lesson's page in lessons/."""
    page = Path(app.env.doc2path(docname))
    lessons = Path(app.srcdir) / "lessons"
    tutorials = Path(app.config.autograd_tutorials).resolve()

    def relink(m: re.Match) -> str:
        target = (page.parent / m[1]).resolve()
        same_language = target.parent == tutorials / lessons.parent.name
        if not same_language or not (lessons / target.name).exists():
            return m[0]
        return f"]({os.path.relpath(lessons / target.name, page.parent)}{m[2] or ''})"

    source[0] = LINK_TARGET.sub(relink, source[0])


# --- links into the other language --------------------------------------------------------------

LANG_SCHEME = "lang:"  # [text](lang:zh-CN/viz.md#a-heading): that page of the other tree


def _resolve_language_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn ``lang:<language>/<page>.md#anchor`` links into relative links between the two
    built sites (checked, with their anchors, by linkcheck.py after the build)."""
    up = "../" * (docname.count("/") + 1)
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if not uri.startswith(LANG_SCHEME):
            continue
        target, _, anchor = uri[len(LANG_SCHEME):].partition("#")
        lang, _, page = target.partition("/")
        if lang not in LANGUAGES or not page.endswith(".md"):
            logger.warning("%r: write lang:<%s>/<page>.md#<anchor>", uri, "|".join(LANGUAGES),
                           location=ref)
            continue
        ref["refuri"] = f"{up}{lang}/{page.removesuffix('.md')}.html" + (
            f"#{anchor}" if anchor else "")


# --- the language switch -----------------------------------------------------------------------


def _language_links(app: Sphinx, pagename: str, templatename: str, context: dict,
                    doctree: Any) -> None:
    lang = os.environ.get("AUTOGRAD_DOCS_LANG", "en")
    up = "../" * (pagename.count("/") + 1)  # from this page to docs/_build/html/
    context["autograd_languages"] = [
        (code, LANGUAGE_NAMES[code], None if code == lang else f"{up}{code}/{pagename}.html")
        for code in LANGUAGES
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    # where the lessons come from (a test builds a small site from notebooks of its own)
    app.add_config_value("autograd_tutorials", str(TUTORIALS), "env", types=[str])
    app.connect("config-inited", generate_sources)
    app.connect("env-before-read-docs", _init_explorers)
    app.connect("env-purge-doc", _purge_explorers)
    app.connect("build-finished", _write_explorers)
    app.connect("html-page-context", _language_links)
    app.connect("doctree-resolved", _resolve_language_links)
    app.connect("source-read", _link_lessons)
    app.add_directive("explorer", ExplorerDirective)
    # A change to this extension or to the packages (their docstrings are the API pages) makes
    # Sphinx read every page again: an incremental build never shows stale pages or hides a
    # warning that a full build would give.
    digest = hashlib.sha256(Path(__file__).read_bytes() + package_digest()).digest()
    return {"parallel_read_safe": False, "env_version": int.from_bytes(digest[:6], "big")}
