"""The message catalog: every message in every language, the same fields, the tutorials' terms."""

import string

import pytest

from autograd import messages

from ..helpers import NOT_THE_TUTORIALS_TERMS


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(messages.CATALOG))
def test_every_message_has_every_language_with_the_same_fields(key):
    entry = messages.CATALOG[key]
    assert set(entry) == set(messages.LANGUAGES), f"{key}: languages {sorted(entry)}"
    assert all(entry[lang].strip() for lang in messages.LANGUAGES), f"{key}: an empty message"
    assert fields(entry["en"]) == fields(entry["zh-CN"]), f"{key}: fields differ"


def test_chinese_messages_use_the_tutorials_terms():
    for key, entry in messages.CATALOG.items():
        for wrong, right in NOT_THE_TUTORIALS_TERMS.items():
            assert wrong not in entry["zh-CN"], f"{key}: write {right}, not {wrong}"


def test_keys_are_namespaced_by_area():
    for key in messages.CATALOG:
        area, _, rest = key.partition(".")
        assert area and rest, f"{key!r} has no area prefix"


def test_text_fills_fields_and_switches_language():
    assert messages.text("language.name", lang="en") == "English"
    assert messages.text("language.name", lang="zh-CN") == "简体中文"
    assert messages.text("language.name", lang="zh_cn") == "简体中文"
    assert messages.catalog("zh-CN", "common.")["common.forward"] == "前向传播"


def test_package_language_is_the_default_and_can_be_set():
    try:
        messages.set_language("zh-CN")
        assert messages.get_language() == "zh-CN"
        assert messages.text("common.gradient") == "梯度"
    finally:
        messages.set_language("en")
    assert messages.text("common.gradient") == "gradient"


@pytest.mark.parametrize("bad", ["fr", "", 3, ["en"]])
def test_an_unknown_language_is_refused_naming_the_accepted_ones(bad):
    with pytest.raises(ValueError, match=r"lang must be one of 'en', 'zh-CN'; got"):
        messages.text("language.name", lang=bad)


def test_an_unknown_key_is_named():
    with pytest.raises(KeyError, match="no message 'nope.nothing'"):
        messages.text("nope.nothing")
