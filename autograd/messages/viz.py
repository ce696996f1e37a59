"""Messages of the drawings and the matrix view's rules (autograd.viz)."""

MESSAGES = {
    # names of unnamed leaves in a Tensor drawing
    "viz.name.constant": {"en": "constant", "zh-CN": "常数"},
    "viz.name.input": {"en": "input", "zh-CN": "输入"},
    # notes beside a step's rules (autograd.viz.rules.step_rules)
    "viz.note.transpose": {
        "en": "Why the transpose: {gradient} must have the shape of what it is the gradient "
              "of, {shape}. In the forward pass each entry of a matrix product is a sum of "
              "products, so each input entry took part in a whole row or column of the "
              "output; its gradient adds those contributions up, and the only product of "
              "the two other matrices with the right shape is the one with the transpose.",
        "zh-CN": "为什么要转置：{gradient} 的维度必须和它所对应的矩阵相同，即 {shape}。"
                 "前向传播中矩阵乘积的每个元素都是若干乘积之和，每个输入元素参与了输出的一整行"
                 "或一整列；它的梯度把这些贡献加起来，而另外两个矩阵相乘能得到这个维度的，"
                 "只有带转置的那一种（这是链式法则和矩阵维度匹配的要求）。",
    },
    "viz.note.column": {
        "en": "Column form, as tutorial 002 writes it: every matrix here is the transpose of "
              "the one the engine stores. The engine keeps one sample per row (Z = X·W + b, "
              "W of shape in×out); here Z = W·A + b with W of shape out×in.",
        "zh-CN": "列形式（教程 002 的写法）：这里的每个矩阵都是引擎所存矩阵的转置。"
                 "引擎每行存一个样本（Z = X·W + b，W 的维度是 输入×输出）；"
                 "这里写成 Z = W·A + b，W 的维度是 输出×输入。",
    },
    "viz.note.no_column": {
        "en": "This op's rule has no column form; it is shown in the row form.",
        "zh-CN": "这个运算的规则没有列形式，这里按行形式显示。",
    },
    "viz.note.mean": {
        "en": "Here the mean's {factor} enters the gradient: every gradient the backward "
              "pass computes after this step carries it (tutorial 000 leaves it out of "
              "dZ2 = A2 - y and divides dW2 and db2 by m instead).",
        "zh-CN": "平均值的 {factor} 在这一步进入梯度：反向传播中之后的每个梯度都带着它"
                 "（教程 000 的 dZ2 = A2 - y 不含它，而是把 dW2 和 db2 除以 m）。",
    },
    "viz.note.unchecked": {
        "en": "A rule without an executable form is shown by the op's derivatives text; its "
              "numbers are the engine's.",
        "zh-CN": "没有可执行形式的规则按运算的局部导数说明显示；数值来自引擎。",
    },
    # the element drill-down (autograd.viz.rules.cell_sum)
    "viz.cell.terms": {"en": "{count} terms", "zh-CN": "共 {count} 项"},
    "viz.cell.one_term": {"en": "1 term", "zh-CN": "共 1 项"},
    # backward_frames captions
    "viz.caption.step": {
        "en": "Step {k} of {n}: {op} ({name}) receives grad {received}, sends {sends}",
        "zh-CN": "第 {k} 步（共 {n} 步）：{op}（{name}）收到梯度 {received}，传出 {sends}",
    },
    "viz.caption.tensor_step": {
        "en": "Step {k} of {n}: {op} ({name}) receives {received}, sends {sends}",
        "zh-CN": "第 {k} 步（共 {n} 步）：{op}（{name}）收到 {received}，传出 {sends}",
    },
    "viz.caption.nothing": {"en": "nothing", "zh-CN": "无"},
    "viz.caption.separator": {"en": "; ", "zh-CN": "；"},
    # the words of a drawing (draw(lang=...)): a box's data and grad (a folded group's
    # counts and a node's kind are the explorer's: explorer.group.nodes, explorer.kind.*)
    "viz.box.data": {"en": "data", "zh-CN": "值"},
    "viz.box.grad": {"en": "grad", "zh-CN": "梯度"},
    "viz.box.no_grad": {"en": "grad —", "zh-CN": "梯度 —"},
    "viz.box.empty": {"en": "empty", "zh-CN": "空"},
    "viz.list.separator": {"en": ", ", "zh-CN": "、"},
    "viz.legend.grad": {"en": "|grad|", "zh-CN": "|梯度|"},
    "viz.tooltip.value": {"en": "{name} ({kind}, shape {shape})",
                          "zh-CN": "{name}（{kind}，维度 {shape}）"},
    "viz.tooltip.edges": {"en": "{n} edges", "zh-CN": "{n} 条边"},
    # a node's role and value, in captions and the explorer (autograd.viz.naming)
    "viz.name.constant_value": {"en": "constant {value}", "zh-CN": "常数 {value}"},
    "viz.name.role_value": {"en": "{role} = {value}", "zh-CN": "{role} = {value}"},
    # grad_table() and python -m autograd.viz
    "viz.table.variable": {"en": "variable", "zh-CN": "变量"},
    "viz.table.value": {"en": "value", "zh-CN": "值"},
    "viz.cli.where": {"en": "   (where {steps})", "zh-CN": "   （其中 {steps}）"},
    "viz.cli.unused": {"en": "(not used in the expression: {names})",
                       "zh-CN": "（表达式中没有用到：{names}）"},
    "viz.cli.wrote": {"en": "wrote {path}", "zh-CN": "已写入 {path}"},
}
