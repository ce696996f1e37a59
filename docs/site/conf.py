"""The docs site's one configuration, shared by both source trees (en/ and zh-CN/).

Build both languages with ``python docs/site/build.py`` (see docs/site/en/contributing.md);
it runs ``sphinx-build -c docs/site docs/site/<lang> docs/_build/html/<lang>`` with
AUTOGRAD_DOCS_LANG set, strictly (a warning fails the build).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent
REPO = SITE.parents[1]
sys.path[:0] = [str(REPO), str(SITE)]  # this checkout's packages, and the site's extension

from site_languages import LANGUAGES, SPHINX_LANGUAGE  # noqa: E402

LANG = os.environ.get("AUTOGRAD_DOCS_LANG", "en")
if LANG not in LANGUAGES:
    raise ValueError(f"AUTOGRAD_DOCS_LANG={LANG!r}: the site's languages are {LANGUAGES}")

project = "autograd"
author = "the autograd authors"
copyright = "the autograd authors, MIT license"
language = SPHINX_LANGUAGE[LANG]  # also picks the search's word splitter (jieba for Chinese)
html_title = {"en": "autograd", "zh-CN": "autograd 文档"}[LANG]

extensions = [
    "myst_nb",  # MyST Markdown pages and the lesson notebooks (it includes myst_parser)
    "sphinx.ext.autodoc",  # the API reference, from the docstrings
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax served from _static, no CDN
    "autograd_docs",  # lessons, API pages, explorer iframes, the language switch
]

root_doc = "index"
highlight_language = "text"  # a fence without a language is plain text
exclude_patterns = ["**/.ipynb_checkpoints"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_theme = "furo"
html_favicon = "_static/favicon.svg"
html_theme_options = {"navigation_with_keys": True}
html_sidebars = {"**": [  # furo's sidebar, with the language switch under the title
    "sidebar/scroll-start.html", "sidebar/brand.html", "lang-switch.html",
    "sidebar/search.html", "sidebar/navigation.html", "sidebar/scroll-end.html",
]}
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False

# MyST: GitHub-style anchors for headings down to ###, so [text](page.md#a-heading) is checked
myst_heading_anchors = 3
# [text](lang:zh-CN/page.md#anchor) links into the other language (see autograd_docs.py)
myst_url_schemes = ("http", "https", "mailto", "ftp", "lang")
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_dmath_double_inline = True  # $$...$$ inside a paragraph is display math, as in Jupyter

# Notebooks: the lessons are executed (or reused from the test run, see autograd_docs); a cell
# that raises or writes to stderr fails the build.
nb_execution_mode = "force"
nb_execution_timeout = 120
nb_execution_raise_on_error = False  # a failing cell is a warning, so every one is reported
nb_execution_show_tb = True
nb_output_stderr = "warn"  # a warning, and -W makes it an error
nb_merge_streams = True
nb_ipywidgets_js = {}  # no widget scripts from a CDN

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_preserve_defaults = True

# Quiet: nbclient logs each notebook it starts, jieba how it loads its dictionary.
logging.getLogger("traitlets").setLevel(logging.WARNING)
if LANG == "zh-CN":
    import jieba  # the search's Chinese word splitter (the docs extra installs it)

    jieba.setLogLevel(logging.WARNING)
