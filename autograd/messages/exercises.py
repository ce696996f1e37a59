"""What ``autograd.exercises.check`` tells a learner: table, verdicts, summary, errors."""

MESSAGES = {
    # the table's columns
    "exercises.header.row": {"en": "#", "zh-CN": "#"},
    "exercises.header.node": {"en": "node", "zh-CN": "节点"},
    "exercises.header.answer": {"en": "your answer", "zh-CN": "你的答案"},
    "exercises.header.expected": {"en": "autograd", "zh-CN": "autograd 的梯度"},
    "exercises.header.result": {"en": "result", "zh-CN": "结果"},
    # a row's verdict
    "exercises.status.exact": {"en": "exact", "zh-CN": "完全正确"},
    "exercises.status.close": {"en": "close", "zh-CN": "接近"},
    "exercises.status.wrong": {"en": "wrong", "zh-CN": "错误"},
    "exercises.status.skipped": {"en": "skipped", "zh-CN": "未作答"},
    "exercises.verdict.skipped": {"en": "skipped (no answer)", "zh-CN": "未作答"},
    "exercises.verdict.diff": {"en": "{status} (max diff {diff})",
                               "zh-CN": "{status}（最大误差 {diff}）"},
    "exercises.verdict.first": {"en": "{verdict}  <- first wrong: fix this one",
                                "zh-CN": "{verdict}  ← 第一个错误：先改这里"},
    "exercises.verdict.after": {"en": "{verdict}, gets its gradient from wrong {names}",
                                "zh-CN": "{verdict}，它的梯度来自出错的 {names}"},
    "exercises.cell.array": {"en": "array of shape {shape}", "zh-CN": "维度为 {shape} 的数组"},
    # the summary under the table
    "exercises.count": {"en": "{n} {status}", "zh-CN": "{status} {n} 个"},
    "exercises.count.separator": {"en": ", ", "zh-CN": "，"},
    "exercises.summary.first_wrong": {
        "en": "First wrong: {name} (row {row}). Fix it first: every node it gets its gradient "
              "from\nis right or unanswered, so the mistake starts here; the wrong nodes after "
              "it may only carry it on.\n({counts})",
        "zh-CN": "第一个错误：{name}（第 {row} 行）。先改它：把梯度传给它的节点"
                 "都对了（或还没作答），\n所以错误就从这里开始；排在它后面的错误，"
                 "可能只是把这个错误传了下去。\n（{counts}）",
    },
    "exercises.summary.none": {"en": "No answers to check ({counts}).",
                               "zh-CN": "还没有可以检查的答案（{counts}）。"},
    "exercises.summary.one_right": {"en": "The answer is right ({counts}).",
                                    "zh-CN": "答案正确（{counts}）。"},
    "exercises.summary.all_right": {"en": "All {n} answers are right ({counts}).",
                                    "zh-CN": "{n} 个答案全部正确（{counts}）。"},
    # an exercise that completes an op, graded by check_op
    "exercises.op.unanswered": {"en": "not answered yet", "zh-CN": "还没有作答"},
    "exercises.op.correct": {"en": "correct: check_op found no mistake",
                             "zh-CN": "正确：check_op 没有发现错误"},
    # errors a learner can meet while answering
    "exercises.error.root": {
        "en": "check() takes the output node (a Value or Tensor) first; got {got}",
        "zh-CN": "check() 的第一个参数是输出节点（Value 或 Tensor）；收到的是 {got}",
    },
    "exercises.error.answers": {
        "en": "check() answers must be a dict {{label or node: gradient}}; got {got}",
        "zh-CN": "check() 的答案必须是字典 {{标签或节点: 梯度}}；收到的是 {got}",
    },
    "exercises.error.tolerance": {
        "en": "check() {name} must be a finite number >= 0; got {got}",
        "zh-CN": "check() 的 {name} 必须是大于等于 0 的有限数；收到的是 {got}",
    },
    "exercises.error.no_graph": {
        "en": "check(): {root} has no graph (it does not require grad), so there are no "
              "gradients to check",
        "zh-CN": "check()：{root} 没有计算图（它不需要梯度），所以没有梯度可以检查",
    },
    "exercises.error.seed": {
        "en": "check(): the output has shape {shape}; pass grad_output= of that shape (the seed "
              "of backward), or reduce the output to one number",
        "zh-CN": "check()：输出的维度是 {shape}；请传入同样维度的 grad_output=（反向传播的起点），"
                 "或者先把输出归约成一个数",
    },
    "exercises.error.key_type": {
        "en": "check() answers keys must be node labels (str) or the nodes themselves; got {got}",
        "zh-CN": "check() 答案的键必须是节点的标签（字符串）或节点本身；收到的是 {got}",
    },
    "exercises.error.constant_node": {
        "en": "check(): the answer keyed by {which} is for a node that is a constant "
              "(requires_grad=False): backward computes no gradient for it",
        "zh-CN": "check()：键 {which} 对应的节点是常量（requires_grad=False），"
                 "反向传播不为它计算梯度",
    },
    "exercises.error.outside": {
        "en": "check(): the answer keyed by {which} is for a node that is not in the graph of "
              "{root}",
        "zh-CN": "check()：键 {which} 对应的节点不在 {root} 的计算图里",
    },
    "exercises.error.twice": {
        "en": "check(): {first} and {second} both answer the same node ({name}); give one "
              "answer per node",
        "zh-CN": "check()：{first} 和 {second} 回答的是同一个节点（{name}）；每个节点只给一个答案",
    },
    "exercises.error.labels": {
        "en": "check(): {problems}. Labels in this graph: {labels}{unnamed}",
        "zh-CN": "check()：{problems}。这张计算图里的标签有：{labels}{unnamed}",
    },
    "exercises.error.separator": {"en": "; ", "zh-CN": "；"},
    "exercises.error.no_labels": {"en": "(none)", "zh-CN": "（没有）"},
    "exercises.error.unnamed": {
        "en": " and {n} unlabelled node(s): use the node itself as the key",
        "zh-CN": "，另有 {n} 个没有标签的节点：用节点本身作键",
    },
    "exercises.error.label_ambiguous": {
        "en": "label {label} names {n} nodes ({kinds}): give them distinct labels or use the "
              "node itself as the key",
        "zh-CN": "标签 {label} 对应 {n} 个节点（{kinds}）：给它们起不同的标签，或用节点本身作键",
    },
    "exercises.error.label_constant": {
        "en": "{label} is a constant (requires_grad=False): backward computes no gradient for it",
        "zh-CN": "{label} 是常量（requires_grad=False），反向传播不为它计算梯度",
    },
    "exercises.error.label_unknown": {"en": "no node is labelled {label}",
                                      "zh-CN": "没有标签为 {label} 的节点"},
    "exercises.error.value_number": {
        "en": "check(): the answer for {which} (a Value) must be a number; got {got}",
        "zh-CN": "check()：{which} 是一个 Value，它的答案必须是一个数；收到的是 {got}",
    },
    "exercises.error.tensor_numbers": {
        "en": "check(): the answer for {which} (a Tensor of shape {shape}) must be numbers; "
              "got {got}",
        "zh-CN": "check()：{which} 是维度为 {shape} 的 Tensor，它的答案必须由数组成；"
                 "收到的是 {got}",
    },
    "exercises.error.tensor_shape": {
        "en": "check(): the answer for {which} has shape {got}; the node has shape {shape}",
        "zh-CN": "check()：{which} 的答案维度是 {got}，而这个节点的维度是 {shape}",
    },
}
