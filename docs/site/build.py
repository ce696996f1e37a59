"""Build the docs site, both languages, strictly: ``python docs/site/build.py``.

Runs Sphinx on docs/site/en and docs/site/zh-CN side by side (one process each, sharing
docs/site/conf.py) into docs/_build/html/en/ and docs/_build/html/zh-CN/, with ``-W
--keep-going``: any warning fails the build (a broken cross-reference or heading anchor, a
lesson cell that raises or writes to stderr, a bad docstring), after reporting all of them.
Then every link, anchor and resource of the built pages is checked across both languages, and
no page may load anything from outside. Exit status 0 only when all of that passes.

``--lang en`` builds one language; ``--clean`` starts from nothing (no cached doctrees).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

SITE = Path(__file__).resolve().parent
sys.path.insert(0, str(SITE))

from linkcheck import check_site  # noqa: E402
from site_languages import LANGUAGES  # noqa: E402

REPO = SITE.parents[1]
# What every lesson's kernel prints when it starts (ipykernel 7 on a local TCP socket): noise.
KERNEL_NOISE = "[IPKernelApp] WARNING | Kernel is running over TCP without encryption."
BUILD = REPO / "docs" / "_build"
HTML = BUILD / "html"


def sphinx_command(lang: str) -> list[str]:
    return [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
            "-c", str(SITE), "-d", str(BUILD / "doctrees" / lang),
            str(SITE / lang), str(HTML / lang)]


def sphinx_env(lang: str) -> dict[str, str]:
    """The build's environment, which the lessons' kernels inherit: this checkout first on the
    import path, matplotlib inline, one BLAS thread per kernel (as the notebook tests run)."""
    env = dict(os.environ, AUTOGRAD_DOCS_LANG=lang, PYDEVD_DISABLE_FILE_VALIDATION="1",
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    return env


def _forward_stderr(process: subprocess.Popen) -> threading.Thread:
    """Pass the build's stderr through, without the kernels' start-up noise."""

    def pump() -> None:
        for line in process.stderr:
            if not line.startswith(KERNEL_NOISE):
                sys.stderr.write(line)

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=LANGUAGES, action="append",
                        help="build only this language (repeatable; default: all)")
    parser.add_argument("--clean", action="store_true", help="remove previous build output first")
    args = parser.parse_args(argv)
    languages = args.lang or list(LANGUAGES)
    if args.clean:
        for folder in ("html", "doctrees"):
            shutil.rmtree(BUILD / folder, ignore_errors=True)
    for lang in languages:  # pages are all written again (cheap); sources are read only if changed
        shutil.rmtree(HTML / lang, ignore_errors=True)
    start = time.perf_counter()
    builds = {lang: subprocess.Popen(sphinx_command(lang), env=sphinx_env(lang), cwd=REPO,
                                     stderr=subprocess.PIPE, text=True, errors="replace")
              for lang in languages}
    pumps = [_forward_stderr(process) for process in builds.values()]
    failed = [lang for lang, process in builds.items() if process.wait() != 0]
    for pump in pumps:
        pump.join()
    seconds = time.perf_counter() - start
    for lang in failed:  # else the next build would skip the pages that warned, and pass
        shutil.rmtree(BUILD / "doctrees" / lang, ignore_errors=True)
    if failed:
        print(f"docs build failed for {', '.join(failed)} after {seconds:.0f} s "
              "(every warning is an error; see above)", file=sys.stderr)
        return 1
    problems = check_site(HTML) if set(languages) == set(LANGUAGES) else []
    if problems:
        print("docs build: broken links or outside requests in the built pages:\n  "
              + "\n  ".join(problems), file=sys.stderr)
        return 1
    for lang in languages:
        print(f"built {HTML.relative_to(REPO) / lang / 'index.html'}")
    print(f"docs built in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
