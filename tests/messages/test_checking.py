"""The gradient checks' reports, domains and the ops' derivatives, in the learner's language.

Each report in both languages: the English word for word as it always was (tests, docs and
lessons match it), the Chinese when ``lang="zh-CN"`` is passed or ``set_language("zh-CN")``
set; the drawn numbers of ``check_op``'s shrunk cases are matched as numbers.
"""

from __future__ import annotations

import importlib
import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nn
from autograd import (
    Domain,
    GradcheckError,
    Op,
    Tensor,
    Value,
    gradcheck,
    gradgradcheck,
    messages,
    ops,
)
from autograd import functions as F
from autograd.testing import (
    OpCheckError,
    check_op,
    derivatives_text,
    describe_domain,
    describe_inputs,
)
from autograd.viz import pagedata

from ..tutorials.helpers import english_words

# the module (autograd.gradcheck, as an attribute of the package, is the function)
gradcheck_module = importlib.import_module("autograd.gradcheck")


@pytest.fixture
def chinese():
    """The package language set to Chinese for one test."""
    messages.set_language("zh-CN")
    yield
    messages.set_language("en")


def raised(error_type, call):
    with pytest.raises(error_type) as info:
        call()
    return str(info.value)


# -- gradcheck and gradgradcheck ----------------------------------------------------------

def relu_at_0(**lang):
    return raised(GradcheckError, lambda: gradcheck(lambda v: v.relu(), Value(0.0), **lang))


def test_gradcheck_speaks_english_as_it_always_did():
    assert relu_at_0() == ("gradient mismatch for input 0: analytic 0 vs numeric 0.5 "
                           "(atol=1e-05, rtol=0.0001)")
    assert relu_at_0(lang="en") == relu_at_0()


def test_gradcheck_speaks_chinese_when_asked_or_set(chinese):
    expected = "梯度校验不通过：输入 0，反向传播得到 0，数值梯度为 0.5（atol=1e-05，rtol=0.0001）"
    assert relu_at_0() == expected  # the package language
    messages.set_language("en")
    assert relu_at_0(lang="zh-CN") == expected
    assert relu_at_0(lang="zh") == expected


def test_gradcheck_names_a_labelled_input_in_both_languages():
    def log_z(lang):
        return raised(GradcheckError, lambda: gradcheck(
            lambda x, z: x * z.log(), Value(1.0), Value(1e-7, label="z"), lang=lang))

    assert log_z("en") == ("gradient mismatch for input 1 ('z'): analytic 10000000 vs numeric "
                           "nan (atol=1e-05, rtol=0.0001)")
    assert log_z("zh-CN") == ("梯度校验不通过：输入 1（'z'），反向传播得到 10000000，数值梯度为 nan"
                              "（atol=1e-05，rtol=0.0001）")


class ReversedCumsum(Op):
    """cumsum with a wrong rule: the gradient reversed."""

    def forward(self, x):
        return np.cumsum(x)

    def backward(self, g, y, x):
        return g[::-1].copy()


def cumsum_report(lang):
    x = Tensor(np.arange(1.0, 5.0), requires_grad=True)
    return raised(GradcheckError, lambda: gradcheck(ReversedCumsum(), x, lang=lang))


def test_gradcheck_names_the_output_element_and_the_input_element_in_both_languages():
    assert cumsum_report("en") == ("gradient mismatch of output element (0,) for input 0, "
                                   "element (0,): analytic 0 vs numeric 1 "
                                   "(atol=1e-05, rtol=0.0001)")
    assert cumsum_report("zh-CN") == ("梯度校验不通过（输出元素 (0,) 的导数）：输入 0 的元素 (0,)，"
                                      "反向传播得到 0，数值梯度为 1（atol=1e-05，rtol=0.0001）")


def test_gradcheck_says_when_only_the_weighted_sum_differs(monkeypatch):
    monkeypatch.setattr(gradcheck_module, "MAX_JACOBIAN_ROWS", 0)  # too big to look entry by entry
    en, zh = cumsum_report("en"), cumsum_report("zh-CN")
    numbers = re.escape("analytic ") + r"(\S+) vs numeric (\S+)"
    found = re.fullmatch(r"gradient mismatch \(a weighted sum over the outputs\) for input 0, "
                         r"element \(0,\): " + numbers + r" \(atol=1e-05, rtol=0\.0001\)", en)
    assert found, en
    analytic, numeric = map(float, found.groups())
    assert not math.isclose(analytic, numeric, rel_tol=1e-3)
    assert zh == (f"梯度校验不通过（对各输出元素加权求和）：输入 0 的元素 (0,)，反向传播得到 "
                  f"{found.group(1)}，数值梯度为 {found.group(2)}（atol=1e-05，rtol=0.0001）")


class RawCube(Op):
    def forward(self, x):
        return x**3

    def backward(self, g, y, x):
        return g * 3 * F.raw(x) ** 2  # raw data: the rule has no second derivative


def test_gradgradcheck_reports_in_the_package_language(chinese):
    zh = raised(GradcheckError, lambda: gradgradcheck(RawCube(), Value(0.5)))
    assert zh == "梯度校验不通过：输入 0，反向传播得到 0，数值梯度为 3（atol=0.0001，rtol=0.001）"
    en = raised(GradcheckError, lambda: gradgradcheck(RawCube(), Value(0.5), lang="en"))
    assert en == "gradient mismatch for input 0: analytic 0 vs numeric 3 (atol=0.0001, rtol=0.001)"


@pytest.mark.parametrize("call", [gradcheck, gradgradcheck])
def test_an_unknown_language_is_refused_before_checking(call):
    with pytest.raises(ValueError, match=rf"{call.__name__} lang must be one of 'en', 'zh-CN'; "
                                         "got 'fr'"):
        call(lambda v: v.relu(), Value(1.0), lang="fr")


# -- check_op ---------------------------------------------------------------------------

NUMBER = r"(?:-?[\d.e+-]+|nan|-?inf)"
ARRAY = r"\[[^;]*\]"
AT = rf"x0 = (?:{NUMBER}|{ARRAY})(?:, x1 = (?:{NUMBER}|{ARRAY}))?"


def op_report(op, lang=None, **kwargs):
    lang_kw = {} if lang is None else {"lang": lang}
    return raised(OpCheckError, lambda: check_op(op, max_examples=25, **kwargs, **lang_kw))


def both(op, **kwargs):
    return op_report(op, "en", **kwargs), op_report(op, "zh-CN", **kwargs)


def assert_matches(pattern, report):
    assert re.fullmatch(pattern, report), f"{report!r}\ndoes not match\n{pattern!r}"


class MulOp(Op):
    def forward(self, a, b):
        return a * b

    def backward(self, g, y, a, b):
        return g * b, g * a


class SwappedMulOp(MulOp):
    def backward(self, g, y, a, b):
        return g * a, g * b


def test_a_wrong_first_derivative_in_both_languages():
    en, zh = both(SwappedMulOp)
    assert en == ("first derivative of SwappedMulOp is wrong for input 0: analytic 0 vs numeric "
                  "0.6777013993 (at x0 = 0, x1 = 1; upstream gradient g = 0.677701)")
    assert zh == ("SwappedMulOp 的一阶导数有误（输入 0）：反向传播得到 0，数值梯度为 0.6777013993"
                  "（在 x0 = 0, x1 = 1 处；上游梯度 g = 0.677701）")


def test_check_op_speaks_the_package_language(chinese):
    assert op_report(SwappedMulOp).startswith("SwappedMulOp 的一阶导数有误（输入 0）：")
    assert op_report(SwappedMulOp, "en").startswith("first derivative of SwappedMulOp is wrong")


def test_a_wrong_element_in_both_languages():
    class Doubled(Op):  # the gradient of x[0] doubled, the others right
        elementwise = False

        def forward(self, x):
            return x * 1.0

        def backward(self, g, y, x):
            return g * (1.0 + (np.arange(np.size(x)) == 0).reshape(np.shape(x)))

    en, zh = both(Doubled, shapes=((3,),), order=1)
    numbers = f"analytic ({NUMBER}) vs numeric ({NUMBER})"
    found = re.fullmatch(rf"first derivative of Doubled is wrong for input 0, element \(0,\): "
                         rf"{numbers} \(at x0 = ({ARRAY}); upstream gradient g = ({ARRAY})\)", en)
    assert found, en
    a, n, at, g = found.groups()
    assert float(a) == pytest.approx(2 * float(n))
    assert zh == (f"Doubled 的一阶导数有误（输入 0 的元素 (0,)）：反向传播得到 {a}，数值梯度为 {n}"
                  f"（在 x0 = {at} 处；上游梯度 g = {g}）")


# Ops with one planted mistake each: the check that fails, in English and Chinese (regular
# expressions; AT stands for the shrunk inputs, NUMBER for a drawn number).
class Raises(MulOp):
    def backward(self, g, y, a, b):
        raise ZeroDivisionError("division by zero")


class NoNode(Op):
    def forward(self, x):
        return x * 2.0

    def backward(self, g, y, x):
        return 2.0 * g

    def __call__(self, *inputs):  # computes on the data, records nothing
        return self.forward(*(F.raw(x) for x in inputs))


class MutatesInput(Op):
    def forward(self, x):
        x += 1.0  # in place
        return x * 1.0

    def backward(self, g, y, x):
        return g


class MutatesG(Op):
    def forward(self, x):
        return x * x

    def backward(self, g, y, x):
        g *= 2.0  # in place (the gradient it returns is right)
        return g * x


class Aliases(Op):
    def forward(self, x, t):
        return x * t

    def backward(self, g, y, x, t):
        return g * t, t  # t itself as t's gradient


class OneForTwo(MulOp):
    def backward(self, g, y, a, b):
        return (g * b,)


class UnsummedAffine(Op):
    elementwise = False

    def forward(self, x, W, b):
        return x @ W + b

    def backward(self, g, y, x, W, b):
        return g @ W.T, x.T @ g, g  # b's gradient not summed over the rows


ANY = r".*"
FAILURES = {
    RawCube: ({}, rf"second derivative of RawCube is wrong for input 0: analytic 0 vs numeric "
                  rf"{NUMBER} \(at {AT}; upstream gradient g = {NUMBER}\)",
              rf"RawCube 的二阶导数有误（输入 0）：反向传播得到 0，数值梯度为 {NUMBER}"
              rf"（在 {AT} 处；上游梯度 g = {NUMBER}）"),
    Raises: ({}, rf"Raises raised ZeroDivisionError: division by zero \(at {AT}\)",
             rf"Raises 抛出 ZeroDivisionError: division by zero（在 {AT} 处）"),
    NoNode: ({}, rf"NoNode\({AT}\) returned {NUMBER}, not a node of the graph",
             rf"NoNode\({AT}\) 返回了 {NUMBER}，不是计算图里的节点"),
    MutatesInput: ({"shapes": ((3,),)},
                   rf"MutatesInput\.forward changed its input 0 in place \(at {AT}\); compute "
                   r"new arrays instead",
                   rf"MutatesInput\.forward 原地修改了它的输入 0（在 {AT} 处）；请计算新的数组"),
    MutatesG: ({"shapes": ((3,),)},
               rf"MutatesG\.backward changed the upstream gradient g in place \(at {AT}\); "
               r"compute new arrays instead",
               rf"MutatesG\.backward 原地修改了上游梯度 g（在 {AT} 处）；请计算新的数组"),
    Aliases: ({"shapes": ((3,), (3,)), "fixed": {1: np.ones(3)}},
              rf"Aliases\.backward returned, for input 1, an array that shares memory with "
              rf"input 1 \(at {AT}\); return a new array \(e\.g\. x\.copy\(\)\)",
              rf"Aliases\.backward 为输入 1 返回的数组与输入 1 共享内存（在 {AT} 处）；"
              r"请返回新的数组（例如 x\.copy\(\)）"),
    OneForTwo: ({}, rf"OneForTwo\.backward returned 1 gradients for 2 inputs \(at {AT}\)",
                rf"OneForTwo\.backward 为 2 个输入返回了 1 个梯度（在 {AT} 处）"),
    UnsummedAffine: ({"shapes": ((4, 3), (3, 2), (2,))},
                     r"UnsummedAffine\.backward returned a gradient of shape \(4, 2\) for input "
                     rf"2 of shape \(2,\) \(at x0 = {ANY}\); sum it back to the input's shape "
                     r"with autograd\.functions\.sum_to\(g, x\.shape\)",
                     r"UnsummedAffine\.backward 为输入 2（维度 \(2,\)）返回了维度为 \(4, 2\) "
                     rf"的梯度（在 x0 = {ANY} 处）；用 autograd\.functions\.sum_to\(g, x\.shape\) "
                     r"把它求和回输入的维度"),
}


@pytest.mark.parametrize("op", FAILURES, ids=lambda op: op.__name__)
def test_each_check_op_failure_in_both_languages(op):
    kwargs, en_pattern, zh_pattern = FAILURES[op]
    en, zh = both(op, **kwargs)
    assert_matches(en_pattern, en)
    assert_matches(zh_pattern, zh)


def test_check_op_refuses_an_unknown_language():
    with pytest.raises(ValueError, match="check_op lang must be one of 'en', 'zh-CN'; got 'fr'"):
        check_op(MulOp, lang="fr")


# -- domains ----------------------------------------------------------------------------

bounds = st.one_of(st.none(), st.integers(-5, 5).map(float))


@st.composite
def domains(draw):
    low, high = draw(bounds), draw(bounds)
    low = -math.inf if low is None else low
    high = math.inf if high is None or high <= low else high
    kinks = draw(st.lists(st.sampled_from([-1.0, 0.0, 0.5, 2.0]), max_size=2, unique=True))
    return Domain(low=low, high=high, kinks=tuple(kinks))


@given(domains(), st.sampled_from(["x", "a", "b"]))
def test_describe_domain_in_english_is_domain_describe(domain, name):
    assert describe_domain(domain, name, lang="en") == domain.describe(name)
    bounds, fields, kinks = domain.parts(name)
    assert bounds in ("between", "above", "below", "any") and fields["name"] == name
    assert len(kinks) == len(domain.kinks)


@pytest.mark.parametrize("domain, en, zh", [
    (Domain(low=0.0), "x > 0", "x > 0"),
    (Domain(low=-1.0, high=1.0), "-1 < x < 1", "-1 < x < 1"),
    (Domain(high=2.5), "x < 2.5", "x < 2.5"),
    (Domain(), "any x", "x 为任意实数"),
    (Domain(kinks=(0.0,)), "any x, not differentiable at 0", "x 为任意实数，在 0 处不可导"),
    (Domain(low=-3.0, high=3.0, kinks=(-1.0, 1.0)),
     "-3 < x < 3, not differentiable at -1 and 1", "-3 < x < 3，在 -1 和 1 处不可导"),
])
def test_describe_domain_in_both_languages(domain, en, zh, chinese):
    assert describe_domain(domain, lang="en") == en == domain.describe()
    assert describe_domain(domain, lang="zh-CN") == zh
    assert describe_domain(domain) == zh  # the package language


def test_describe_inputs_names_the_inputs_as_forward_does():
    assert describe_inputs(ops.Div, lang="en") == "any a, any b, not differentiable at 0"
    assert describe_inputs(ops.Div(), lang="zh-CN") == "a 为任意实数；b 为任意实数，在 0 处不可导"
    assert describe_inputs(ops.Log, lang="en") == "x > 0"
    assert describe_inputs(ops.Tanh, lang="zh-CN") == "x 为任意实数"  # no domain declared
    assert describe_inputs(ops.Clip(-1.0, 1.0), lang="en") == (
        "any x, not differentiable at -1 and 1")
    with pytest.raises(TypeError, match=r"Clip's domain depends on its parameters: pass an "
                                        r"instance, e.g. describe_inputs\(Clip\(...\)\)"):
        describe_inputs(ops.Clip)


def test_describe_refuses_what_is_not_a_domain_or_an_op():
    with pytest.raises(TypeError, match="describe_domain takes a Domain; got tuple"):
        describe_domain((0, 1))
    with pytest.raises(TypeError, match="describe_inputs takes an Op instance or class; got str"):
        describe_inputs("ReLU")
    with pytest.raises(TypeError, match="derivatives_text takes an Op instance or class; got int"):
        derivatives_text(3)
    with pytest.raises(ValueError, match="lang must be one of"):
        describe_domain(Domain(), lang="fr")


# -- the ops' derivatives -----------------------------------------------------------------

def built_in_ops() -> list[type[Op]]:
    """Every op class of autograd and nn that declares a derivatives text."""
    found, todo = [], [Op]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in ("autograd", "nn") and "derivatives" in vars(cls):
            found.append(cls)
    return found


# names in the formulas: the functions and parameters they are written with
FORMULA_NAMES = {"sign", "cos", "sin", "exp", "log", "softmax", "sum", "axis", "index", "low",
                 "high", "scale", "log_p", "PyTorch"}


def test_the_catalog_has_the_built_in_ops_texts_word_for_word():
    classes = {cls.__name__: cls for cls in built_in_ops()}
    assert {"ReLU", "Abs", "MatMul", "LinearOp", "NLLLoss"} <= set(classes)
    for key, entry in messages.catalog("en", "derivatives.").items():
        cls = classes.get(key.removeprefix("derivatives."))
        assert cls is not None, f"{key}: no built-in op class of that name"
        assert entry == cls.derivatives, f"{key}: the op's text changed; update the catalog"


@pytest.mark.parametrize("cls", built_in_ops(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_built_in_op_has_its_derivatives_in_chinese(cls):
    zh = derivatives_text(cls, lang="zh-CN")
    assert english_words([zh], FORMULA_NAMES) == set(), f"{cls.__name__}: {zh!r}"
    assert derivatives_text(cls, lang="en") == cls.derivatives


def test_derivatives_text_translates_built_in_ops_and_keeps_a_users_own(chinese):
    assert derivatives_text(ops.ReLU) == (
        "x > 0 时 ∂y/∂x = 1，否则为 0（在 0 处取 0，与 PyTorch 相同）")
    assert derivatives_text(ops.RELU, lang="en") == (
        "∂y/∂x = 1 where x > 0, else 0 (0 at 0, as in PyTorch)")
    assert derivatives_text(ops.Sin) == "∂y/∂x = cos(x)"  # a formula only: as it is
    assert derivatives_text(nn.functional.LinearOp()) == (
        "∂L/∂x = g @ wᵀ，∂L/∂w = xᵀ @ g，∂L/∂b = g 对各行求和")

    class MyReLU(ops.ReLU):  # inherits the built-in text: translated
        pass

    class ReLU(Op):  # the same name, its own words: kept
        derivatives = "1 where x > 0, else 0"

        def forward(self, x):
            return F.relu(x)

        def backward(self, g, y, x):
            return g * (F.raw(x) > 0)

    class Silent(ReLU):
        derivatives = ""

    assert derivatives_text(MyReLU()) == derivatives_text(ops.ReLU)
    assert derivatives_text(ReLU()) == "1 where x > 0, else 0"
    assert derivatives_text(Silent) == ""


def test_the_explorer_page_shows_the_formulas_in_its_language():
    x = Value(-1.0, label="x")
    y = (x.relu() + x.abs()).sin()
    y.label = "y"

    def formulas(lang):
        data = pagedata.build(y, title="t", start="backward", play_ms=500, lang=lang)
        return {op["name"]: op["formula"] for op in data["ops"]}

    assert formulas("en")["ReLU"] == ops.ReLU.derivatives
    zh = formulas("zh-CN")
    assert zh["ReLU"] == derivatives_text(ops.ReLU, lang="zh-CN")
    assert zh["Abs"] == "∂y/∂x = sign(x)（在 0 处取 0）"
    assert zh["Sin"] == "∂y/∂x = cos(x)"
