"""The lessons' checks (in helpers.py) catch what they are meant to catch."""

from __future__ import annotations

import base64
import struct
import zlib

from .helpers import (
    code_cell_differences,
    code_names,
    drawing_widths,
    english_words,
    heading_differences,
    headings,
    output_texts,
    too_wide,
)

FIRST = 'import nn\nfrom autograd import messages\n\nmessages.set_language("{}")  # the language\n'


def test_code_cells_may_differ_only_in_the_language_line():
    en = [FIRST.format("en"), "print(1)"]
    assert code_cell_differences(en, [FIRST.format("zh-CN"), "print(1)"]) == []
    assert code_cell_differences(en, [FIRST.format("zh-CN"), "print(2)"]) == [
        "code cell 1 differs"]
    also = FIRST.format("zh-CN").replace("import nn", "import numpy")
    assert code_cell_differences(en, [also, "print(1)"]) == [
        "code cell 0 differs beyond the language line"]
    other_comment = FIRST.format("zh-CN").replace("# the language", "# 语言")
    assert code_cell_differences(en, [other_comment, "print(1)"]) == [
        "code cell 0 differs beyond the language line"]


def test_each_language_must_set_itself_in_the_first_cell_only():
    zh = [FIRST.format("zh-CN"), "print(1)"]
    assert "must set the language" in code_cell_differences(["import nn", "print(1)"], zh)[0]
    swapped = code_cell_differences([FIRST.format("en"), "print(1)"],
                                    [FIRST.format("en"), "print(1)"])
    assert swapped == ['the first code cell of zh-CN/ must set the language with the line '
                       'messages.set_language("zh-CN") (once)']
    later = [FIRST.format("en"), 'messages.set_language("en")']
    assert any("set the language too" in p for p in code_cell_differences(
        later, [FIRST.format("zh-CN"), 'messages.set_language("en")']))
    assert code_cell_differences([FIRST.format("en")], []) == ["en has 1 code cells, zh-CN 0"]


def test_headings_levels_and_numbers():
    en = ("# Lesson 4 · Softmax\n\ntext\n\n## 4. Training\n### How\n"
          "```\n# a comment\n```\n## Exercise")
    assert headings(en) == [(1, "4"), (2, "4"), (3, None), (2, None)]
    zh = "# 第 4 课 · Softmax\n\n## 4. 训练\n### 怎样\n\n## 练习"
    assert heading_differences([en], [zh]) == []
    # the zh-CN lesson that lacked its "## 4." heading
    assert heading_differences([en], ["# 第 4 课 · Softmax\n\n训练\n### 怎样\n\n## 练习"]) != []
    assert heading_differences([en], [zh.replace("## 4.", "## 5.")]) != []
    assert heading_differences([en], [zh.replace("### 怎样", "#### 怎样")]) != []


def test_english_words_beyond_the_codes_names_are_found():
    codes = ['total = Value(44, label="total")\nprint(f"total = {total.data}")',
             'print("the total grows by", 2.2)', "model = nn.MLP(2, [4, 1])"]
    names = code_names(codes)
    assert {"total", "Value", "label", "data", "print", "nn", "MLP", "model"} <= names
    assert not {"the", "grows", "by"} & names  # a sentence in a string is not a name
    outputs = ["total = 44", "the total grows by 2.2", "梯度 2.2 (Mul) 1e-16 x",
               "(layers.0): w0 float64 in_features", "Net(bias=True)",
               "dZ^[2] = dA^[2] ⊙ A^[2]", "variable  df/dx", "x --lang -o a"]
    assert english_words(outputs, names) == {"the", "grows", "by", "Mul", "variable"}
    assert english_words(outputs, names | {"the", "grows", "by", "mul", "variable"}) == set()


def test_output_texts_read_prints_tables_and_drawings_but_not_pictures():
    cell = {"outputs": [
        {"output_type": "stream", "name": "stdout", "text": "loss 0.5\n"},
        {"output_type": "execute_result", "data": {"text/html": "<table><th>node</th></table>",
                                                   "text/plain": "node"}},
        {"output_type": "display_data", "data": {
            "image/svg+xml": '<svg width="10pt"><text x="1">data 2 &#45; grad</text></svg>',
            "text/plain": "<GraphDrawing>"}},
        {"output_type": "display_data", "data": {"image/png": "", "text/plain": "<Figure>"}},
    ]}
    assert [t.strip() for t in output_texts(cell)] == ["loss 0.5", "node", "data 2 - grad"]


def png(width: int, height: int) -> str:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(
        b"IHDR" + ihdr))
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + chunk).decode()


def test_drawings_wider_than_the_column_are_named():
    cell = {"outputs": [
        {"data": {"image/svg+xml": '<svg xmlns="x" width="1140pt" height="168pt">'}},
        {"data": {"image/svg+xml": '<svg width="603pt" height="100pt">'}},
        {"data": {"image/png": png(1200, 400)}, "metadata": {"image/png": {"width": 600}}},
        {"data": {"image/png": png(1100, 400)}},
    ]}
    widths = drawing_widths(cell)
    assert widths == [("svg", 1140.0), ("svg", 603.0), ("png", 600.0), ("png", 1100.0)]
    assert too_wide(widths) == ["svg 1140 pt wide (at most 1000)",
                                "png 1100 px wide (at most 1000)"]
