"""How the matrix view writes a formula: numbers, powers, and where parentheses go.

A written formula (a node's name such as ``(Z^[3] − 1)²``, or a rule's text)
is read back by its *precedence*, the loosest operator outside any
parentheses: a sum (``a + b``, ``a − b``) binds least, then a product or a
quotient (``a ⊙ b``, ``2·x``, ``a/b``), a minus sign in front (``−x``), a power
(``x²``, ``x^b``), and an atom (a name, a number, a call, anything in
parentheses) binds most. A formula used as an operand is put in parentheses
when its operator binds less than the one it is used in, so a name or a rule
reads as the arithmetic it stands for.
"""

from __future__ import annotations

SUM, PRODUCT, SIGN, POWER, ATOM = 1, 2, 3, 4, 9

_OPEN, _CLOSE = "([{", ")]}"
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUPERSCRIPT_CHARS = set("⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_GRADIENT = "∂L/∂"  # a gradient's name, ∂L/∂A: one symbol, not a quotient


def number_text(x: float) -> str:
    """A number as a formula writes it: 2, 0.5, −1/5 (a fraction 1/n when it is one)."""
    x = float(x)
    if x == int(x) and abs(x) < 1e6:
        text = str(int(x))
    elif x != 0 and abs(1 / x - round(1 / x)) < 1e-9 * abs(1 / x) and abs(1 / x) < 1e6:
        text = f"1/{abs(round(1 / x))}"
        text = f"-{text}" if x < 0 else text
    else:
        text = f"{x:.4g}"
    return text.replace("-", "−")


def precedence(text: str) -> int:
    """The precedence of a written formula (SUM, PRODUCT, SIGN, POWER or ATOM): its
    loosest operator outside parentheses."""
    text = text.replace(_GRADIENT, "")
    if not text:
        return ATOM
    found = ATOM
    depth = 0
    for k, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        elif depth == 0:
            if ch in "+−-" and 0 < k < len(text) - 1 and text[k - 1] == " " \
                    and text[k + 1] == " ":
                return SUM
            if ch in "⊙·/×*":
                found = min(found, PRODUCT)
            elif ch == "^" and not text.startswith("[", k + 1) or ch in _SUPERSCRIPT_CHARS:
                found = min(found, POWER)
    if text[0] in "−-" and len(text) > 1:
        found = min(found, SIGN)
    return found


def is_quotient(text: str) -> bool:
    """True for a formula whose last operation is a division (``1/2``, ``a/b``), which a
    product puts in parentheses: ``(1/2)·x`` does not read as ``1/(2·x)``."""
    return precedence(text) == PRODUCT and "/" in _outside_parentheses(text.replace(
        _GRADIENT, ""))


def _outside_parentheses(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def grouped(text: str) -> str:
    """``text`` in parentheses unless it already is one group: ``(a + b)`` stays, ``a + b``
    and ``(a)²`` get them."""
    if text.startswith("(") and text.endswith(")"):
        depth = 0
        for k, ch in enumerate(text):
            depth += (ch == "(") - (ch == ")")
            if depth == 0 and k < len(text) - 1:
                break
        else:
            return text
    return f"({text})"


def operand(text: str, tighter_than: int) -> str:
    """``text`` as an operand of an operator of precedence ``tighter_than``: in parentheses
    when it binds less (or as much, for a power's base or a sign's argument)."""
    return f"({text})" if precedence(text) < tighter_than else text


def atom(text: str) -> str:
    """``text`` as one symbol (a gradient ``∂L/∂…``, a cell ``…[1,0]``): in parentheses
    unless it is an atom."""
    return text if precedence(text) == ATOM else f"({text})"


def power_text(base: str, exponent: float | str) -> str:
    """``base`` to the power ``exponent``: an integer as a superscript (``x²``, ``x⁻¹``),
    else ``x^(1/2)``; the base in parentheses unless it is an atom."""
    base = atom(base)
    if isinstance(exponent, str):
        try:
            value = float(exponent.replace("−", "-"))
        except ValueError:
            return f"{base}^{atom(exponent)}"
    else:
        value = float(exponent)
    if value == int(value) and abs(value) < 1e6:
        return base + str(int(value)).translate(_SUPERSCRIPTS)
    text = number_text(value)
    return f"{base}^{text if precedence(text) == ATOM else f'({text})'}"
