"""One catalog of what a learner reads, in English and in Simplified Chinese.

Captions, verdicts, table headers, plot labels and the explorer page's text
all come from here, so a Chinese lesson shows Chinese output::

    >>> from autograd import messages
    >>> messages.text("language.name", lang="zh-CN")
    '简体中文'

``lang=None`` (the default everywhere) means the package-wide language,
``"en"`` until :func:`set_language` changes it. Chinese text uses the
tutorials' terms (前向传播, 反向传播, 梯度, 权重, 偏置, ...).

Messages live in one module per area (this package's ``common`` module, and
one per tool that speaks to learners), each a dict ``MESSAGES`` of
``key -> {"en": ..., "zh-CN": ...}``; keys start with the area's name.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import checking, common, derivatives, exercises, explorer, plot, testing, viz

LANGUAGES = ("en", "zh-CN")
_ALIASES = {"en": "en", "en-us": "en", "en-gb": "en", "zh": "zh-CN", "zh-cn": "zh-CN",
            "zh-hans": "zh-CN", "zh-hans-cn": "zh-CN"}
# one module per area; add yours here
_AREAS = (checking, common, derivatives, exercises, explorer, plot, testing, viz)


def _merge(areas: tuple) -> dict[str, Mapping[str, str]]:
    merged: dict[str, Mapping[str, str]] = {}
    for area in areas:
        for key, entry in area.MESSAGES.items():
            if key in merged:
                raise RuntimeError(f"message {key!r} is defined twice ({area.__name__})")
            merged[key] = entry
    return merged


CATALOG: dict[str, Mapping[str, str]] = _merge(_AREAS)
_language = "en"  # a plain module variable: Jupyter runs each cell in a fresh context copy


def resolve_language(lang: str | None, name: str = "lang") -> str:
    """The language code for ``lang`` (``None``: the package-wide language).

    Accepts ``"en"`` and ``"zh-CN"`` (case and ``_`` vs ``-`` do not matter;
    ``"zh"`` means ``"zh-CN"``); anything else is a ValueError naming them.
    """
    if lang is None:
        return _language
    code = _ALIASES.get(lang.lower().replace("_", "-")) if isinstance(lang, str) else None
    if code is None:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, LANGUAGES))}; "
                         f"got {lang!r:.60}")
    return code


def set_language(lang: str) -> None:
    """Set the package-wide language of messages (``"en"`` or ``"zh-CN"``)."""
    global _language
    if lang is None:
        raise ValueError(f"set_language takes one of {', '.join(map(repr, LANGUAGES))}; got None")
    _language = resolve_language(lang)


def get_language() -> str:
    """The package-wide language of messages."""
    return _language


def text(key: str, lang: str | None = None, **fields: object) -> str:
    """The message ``key`` in ``lang``, with ``{fields}`` filled in."""
    try:
        entry = CATALOG[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in autograd.messages") from None
    return entry[resolve_language(lang)].format(**fields)


def catalog(lang: str | None = None, prefix: str = "") -> dict[str, str]:
    """Every message whose key starts with ``prefix``, in ``lang`` (e.g. for a page's script)."""
    code = resolve_language(lang)
    return {key: entry[code] for key, entry in CATALOG.items() if key.startswith(prefix)}
