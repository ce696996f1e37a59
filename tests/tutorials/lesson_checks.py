"""What the lessons' tests check, as plain functions (their own tests feed them bad lessons).

- the code cells of the two languages differ only in the one line that sets the language;
- the English and Chinese headings have the same levels and numbers;
- a Chinese lesson's output holds no English words beyond the names in its code;
- every drawing fits the notebook column.
"""

from __future__ import annotations

import base64
import html
import io
import keyword
import re
import struct
import tokenize
from collections.abc import Iterable, Sequence
from typing import Any

LANGUAGE_LINE = 'messages.set_language("{}")'  # the first code cell's line, per language
MAX_SVG_PT = 1000  # a drawing wider than this does not fit the notebook column
MAX_PNG_PX = 1000  # a figure, at its display size


def source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat stores it as a string or a list of lines)."""
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


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
