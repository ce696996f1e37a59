"""Check the built site: every local link, anchor and resource of every page exists (across
both languages), and no page loads anything from outside (scripts, styles, images, frames)."""

from __future__ import annotations

import html.parser
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

# (tag, attribute) pairs that make the browser fetch something when the page loads
LOADS = {("script", "src"), ("img", "src"), ("iframe", "src"), ("link", "href"),
         ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
         ("object", "data")}
LINKS = {("a", "href"), ("area", "href")}


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in LOADS | LINKS:
                if tag == "link" and name == "href" and dict(attrs).get("rel") in (
                        "canonical", "alternate"):
                    continue
                self.refs.append((tag, name, value))


def check_site(root: Path) -> list[str]:
    """Problems found in the built site under ``root`` (docs/_build/html), one line each."""
    pages: dict[Path, _Page] = {}
    for path in sorted(root.rglob("*.html")):
        if "_explorers" in path.parts:  # self-contained pages, tested by tests/browser
            continue
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path] = page
    problems = []
    for path, page in pages.items():
        where = path.relative_to(root).as_posix()
        for tag, attr, url in page.refs:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if (tag, attr) in LOADS and parts.scheme != "data":
                    problems.append(f"{where}: <{tag} {attr}={url!r}> loads from outside")
                continue  # a link out of the site: not ours to check
            if not parts.path:  # "#anchor" on this page
                target = path
            else:
                target = Path(posixpath.normpath(
                    posixpath.join(path.parent.as_posix(), unquote(parts.path))))
            if not target.is_relative_to(root) or not target.exists():
                problems.append(f"{where}: <{tag} {attr}={url!r}>: no such file")
                continue
            anchor = unquote(parts.fragment)
            if anchor and target in pages and anchor not in pages[target].ids:
                problems.append(f"{where}: {url!r}: no anchor #{anchor} in "
                                f"{target.relative_to(root).as_posix()}")
    return problems
