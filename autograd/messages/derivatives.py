"""The local derivatives of the built-in ops whose ``derivatives`` text has words in it.

Keyed by the class that declares the text (``derivatives.ReLU``, ``derivatives.LinearOp``);
the English is the op's own ``derivatives``, word for word (a test keeps them equal), so
``autograd.optext.derivatives_text`` translates exactly the texts it knows. Ops whose text
is a formula only (``∂y/∂x = cos(x)``) need no entry.
"""

MESSAGES = {
    "derivatives.ReLU": {"en": "∂y/∂x = 1 where x > 0, else 0 (0 at 0, as in PyTorch)",
                         "zh-CN": "x > 0 时 ∂y/∂x = 1，否则为 0（在 0 处取 0，与 PyTorch 相同）"},
    "derivatives.Abs": {"en": "∂y/∂x = sign(x) (0 at 0)",
                        "zh-CN": "∂y/∂x = sign(x)（在 0 处取 0）"},
    "derivatives.Clip": {"en": "∂y/∂x = 1 where low ≤ x ≤ high, else 0",
                         "zh-CN": "low ≤ x ≤ high 时 ∂y/∂x = 1，否则为 0"},
    "derivatives.Where": {"en": "∂y/∂a = 1 where the condition holds, ∂y/∂b = 1 elsewhere",
                          "zh-CN": "条件成立处 ∂y/∂a = 1，其余位置 ∂y/∂b = 1"},
    "derivatives.MatMul": {
        "en": "∂L/∂a = g @ bᵀ, ∂L/∂b = aᵀ @ g (summed over broadcast batch axes)",
        "zh-CN": "∂L/∂a = g @ bᵀ，∂L/∂b = aᵀ @ g（在广播出的批次轴上求和）",
    },
    "derivatives.Sum": {"en": "∂L/∂x = g broadcast back over the summed axes",
                        "zh-CN": "∂L/∂x = g 沿求和的轴广播回去"},
    "derivatives.Max": {
        "en": "∂y/∂x = 1 at the maximum (split evenly between ties), else 0",
        "zh-CN": "在最大值处 ∂y/∂x = 1（有多个最大值时平均分配），其余为 0",
    },
    "derivatives.Reshape": {"en": "∂L/∂x = g reshaped back", "zh-CN": "∂L/∂x = g 变回 x 的维度"},
    "derivatives.Transpose": {"en": "∂L/∂x = g transposed back", "zh-CN": "∂L/∂x = g 转置回去"},
    "derivatives.BroadcastTo": {"en": "∂L/∂x = g summed back to x's shape",
                                "zh-CN": "∂L/∂x = g 求和回 x 的维度"},
    "derivatives.SumTo": {"en": "∂L/∂x = g broadcast back to x's shape",
                          "zh-CN": "∂L/∂x = g 广播回 x 的维度"},
    "derivatives.GetItem": {
        "en": "∂L/∂x = zeros with g added at index (repeated indices add up)",
        "zh-CN": "∂L/∂x = 全零数组在 index 处加上 g（重复的下标累加）",
    },
    # nn's ops
    "derivatives.LinearOp": {
        "en": "∂L/∂x = g @ wᵀ, ∂L/∂w = xᵀ @ g, ∂L/∂b = g summed over the rows",
        "zh-CN": "∂L/∂x = g @ wᵀ，∂L/∂w = xᵀ @ g，∂L/∂b = g 对各行求和",
    },
    "derivatives.NLLLoss": {
        "en": "∂L/∂log_p = g · scale at each row's label, 0 elsewhere",
        "zh-CN": "每行标签所在的位置 ∂L/∂log_p = g · scale，其余位置为 0",
    },
}
