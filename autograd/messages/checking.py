"""Messages of the gradient checks: ``gradcheck``'s and ``check_op``'s reports, and the words
that describe an op's domain (``autograd.optext.describe_domain``).

A report is assembled from pieces whose leading space or punctuation belongs to the
piece: the English pieces put together give exactly the text the checks always printed.
"""

MESSAGES = {
    # -- shared by gradcheck and check_op ----------------------------------------------------
    "checking.numbers": {"en": "analytic {analytic} vs numeric {numeric}",
                         "zh-CN": "反向传播得到 {analytic}，数值梯度为 {numeric}"},
    "checking.element": {"en": ", element {where}", "zh-CN": " 的元素 {where}"},
    # -- gradcheck and gradgradcheck: GradcheckError -----------------------------------------
    "checking.gradcheck.mismatch": {
        "en": "gradient mismatch{what} for input {index}{label}{element}: {numbers} "
              "(atol={atol}, rtol={rtol})",
        "zh-CN": "梯度校验不通过{what}：输入 {index}{label}{element}，{numbers}"
                 "（atol={atol}，rtol={rtol}）",
    },
    "checking.gradcheck.label": {"en": " ({label})", "zh-CN": "（{label}）"},
    "checking.gradcheck.output_element": {"en": " of output element {at}",
                                          "zh-CN": "（输出元素 {at} 的导数）"},
    "checking.gradcheck.weighted": {"en": " (a weighted sum over the outputs)",
                                    "zh-CN": "（对各输出元素加权求和）"},
    # -- check_op: OpCheckError --------------------------------------------------------------
    "checking.op.first": {"en": "first derivative", "zh-CN": "一阶导数"},
    "checking.op.second": {"en": "second derivative", "zh-CN": "二阶导数"},
    "checking.op.wrong": {
        "en": "{what} of {op} is wrong for input {index}{element}: {numbers} (at {at}; "
              "upstream gradient g = {g})",
        "zh-CN": "{op} 的{what}有误（输入 {index}{element}）：{numbers}（在 {at} 处；"
                 "上游梯度 g = {g}）",
    },
    "checking.op.raised": {"en": "{op} raised {error} (at {at})",
                           "zh-CN": "{op} 抛出 {error}（在 {at} 处）"},
    "checking.op.not_a_node": {"en": "{op}({at}) returned {result}, not a node of the graph",
                               "zh-CN": "{op}({at}) 返回了 {result}，不是计算图里的节点"},
    "checking.op.gradient_count": {
        "en": "{op}.backward returned {count} gradients for {inputs} inputs (at {at})",
        "zh-CN": "{op}.backward 为 {inputs} 个输入返回了 {count} 个梯度（在 {at} 处）",
    },
    "checking.op.changed_g": {
        "en": "{op}.backward changed the upstream gradient g in place (at {at}); compute new "
              "arrays instead",
        "zh-CN": "{op}.backward 原地修改了上游梯度 g（在 {at} 处）；请计算新的数组",
    },
    "checking.op.changed_input": {
        "en": "{op}.{step} changed its input {index} in place (at {at}); compute new arrays "
              "instead",
        "zh-CN": "{op}.{step} 原地修改了它的输入 {index}（在 {at} 处）；请计算新的数组",
    },
    "checking.op.gradient_shape": {
        "en": "{op}.backward returned a gradient of shape {got} for input {index} of shape "
              "{shape} (at {at}){hint}",
        "zh-CN": "{op}.backward 为输入 {index}（维度 {shape}）返回了维度为 {got} 的梯度"
                 "（在 {at} 处）{hint}",
    },
    "checking.op.sum_it_back": {
        "en": "; sum it back to the input's shape with autograd.functions.sum_to(g, x.shape)",
        "zh-CN": "；用 autograd.functions.sum_to(g, x.shape) 把它求和回输入的维度",
    },
    "checking.op.shares_memory": {
        "en": "{op}.backward returned, for input {index}, an array that shares memory with "
              "input {other} (at {at}); return a new array (e.g. x.copy())",
        "zh-CN": "{op}.backward 为输入 {index} 返回的数组与输入 {other} 共享内存（在 {at} 处）；"
                 "请返回新的数组（例如 x.copy()）",
    },
    # -- an op's domain (Domain.parts() rendered) --------------------------------------------
    "checking.domain.between": {"en": "{low} < {name} < {high}",
                                "zh-CN": "{low} < {name} < {high}"},
    "checking.domain.above": {"en": "{name} > {low}", "zh-CN": "{name} > {low}"},
    "checking.domain.below": {"en": "{name} < {high}", "zh-CN": "{name} < {high}"},
    "checking.domain.any": {"en": "any {name}", "zh-CN": "{name} 为任意实数"},
    "checking.domain.kinks": {"en": "{bounds}, not differentiable at {points}",
                              "zh-CN": "{bounds}，在 {points} 处不可导"},
    "checking.domain.and": {"en": " and ", "zh-CN": " 和 "},
    "checking.domain.inputs": {"en": ", ", "zh-CN": "；"},
}
