"""What an op declares beside its rule, worded in the learner's language.

The engine keeps an op's declarations as data (``Op.domain``, ``Op.derivatives``)
and cannot import the message catalog; these functions word them for people::

    >>> from autograd import ops
    >>> from autograd.optext import derivatives_text, describe_domain
    >>> describe_domain(ops.ReLU.domain[0], lang="zh-CN")
    'x 为任意实数，在 0 处不可导'
    >>> derivatives_text(ops.Abs, lang="zh-CN")
    '∂y/∂x = sign(x)（在 0 处取 0）'

``lang=None`` means the package-wide language (``autograd.messages.set_language``).
"""

from __future__ import annotations

import inspect

from .engine import REAL, Domain, Op
from .messages import CATALOG, resolve_language, text


def describe_domain(domain: Domain, name: str = "x", lang: str | None = None) -> str:
    """Where one input may lie, for people: ``"x > 0"``, ``"any x, not differentiable at 0"``
    (in English exactly :meth:`Domain.describe`), ``"x 为任意实数，在 0 处不可导"``."""
    if not isinstance(domain, Domain):
        raise TypeError(f"describe_domain takes a Domain; got {type(domain).__name__} "
                        f"{domain!r:.60}")
    if not isinstance(name, str):
        raise TypeError(f"describe_domain name must be a str; got {type(name).__name__}")
    lang = resolve_language(lang)
    bounds, fields, kinks = domain.parts(name)
    words = text(f"checking.domain.{bounds}", lang, **fields)
    if kinks:
        points = text("checking.domain.and", lang).join(kinks)
        words = text("checking.domain.kinks", lang, bounds=words, points=points)
    return words


def describe_inputs(op: Op | type[Op], lang: str | None = None) -> str:
    """Where each input of ``op`` (an instance, or a class) may lie, named as ``forward``
    names them: ``"a 为任意实数；b 为任意实数，在 0 处不可导"`` for Div. An op that
    declares no domain takes any real number."""
    cls = op if isinstance(op, type) else type(op)
    if not (isinstance(cls, type) and issubclass(cls, Op)):
        raise TypeError(f"describe_inputs takes an Op instance or class; got "
                        f"{type(op).__name__} {op!r:.60}")
    domains = op.domain
    if not isinstance(domains, tuple):  # a property: it depends on the op's parameters
        raise TypeError(f"{cls.__name__}'s domain depends on its parameters: pass an instance, "
                        f"e.g. describe_inputs({cls.__name__}(...))")
    lang = resolve_language(lang)
    names = _input_names(cls)
    if not domains:
        domains = (REAL,) * max(len(names), 1)
    if len(names) != len(domains):
        names = ["x"] if len(domains) == 1 else [f"x{i}" for i in range(len(domains))]
    joiner = text("checking.domain.inputs", lang)
    return joiner.join(describe_domain(d, n, lang) for d, n in zip(domains, names))


def derivatives_text(op: Op | type[Op], lang: str | None = None) -> str:
    """``op``'s local derivatives for people, in ``lang``.

    A built-in op's text is translated (the catalog's ``derivatives.<class>`` entry,
    e.g. ReLU's ``"x > 0 时 ∂y/∂x = 1，否则为 0（在 0 处取 0，与 PyTorch 相同）"``);
    any other op's is its own ``derivatives``, as written ("" if it has none).
    """
    cls = op if isinstance(op, type) else type(op)
    if not (isinstance(cls, type) and issubclass(cls, Op)):
        raise TypeError(f"derivatives_text takes an Op instance or class; got "
                        f"{type(op).__name__} {op!r:.60}")
    lang = resolve_language(lang)
    own = getattr(op, "derivatives", "")
    if not isinstance(own, str):
        return ""
    declared_by = next((c for c in cls.__mro__ if "derivatives" in vars(c)), cls)
    entry = CATALOG.get(f"derivatives.{declared_by.__name__}")
    if entry is not None and entry["en"] == own:
        return entry[lang]
    return own.strip()


def _input_names(cls: type[Op]) -> list[str]:
    """The names ``forward`` gives its inputs ([] if it takes any number)."""
    params = list(inspect.signature(cls.forward).parameters.values())[1:]
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return []
    return [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


__all__ = ["derivatives_text", "describe_domain", "describe_inputs"]
