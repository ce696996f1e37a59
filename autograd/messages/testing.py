"""Messages of the testing tools: check_engine's report and the whole-network gradient check."""

MESSAGES = {
    # -- check_engine: the report's table --------------------------------------------------
    "testing.title": {"en": "check_engine: {engine}, against {reference}",
                      "zh-CN": "check_engine：{engine}，参照 {reference}"},
    "testing.reference.autograd": {"en": "autograd's Value", "zh-CN": "autograd 的 Value"},
    "testing.reference.torch": {"en": "PyTorch", "zh-CN": "PyTorch"},
    "testing.header.phase": {"en": "check", "zh-CN": "检查项"},
    "testing.header.checked": {"en": "checked", "zh-CN": "检查数"},
    "testing.header.result": {"en": "result", "zh-CN": "结果"},
    "testing.phase.forms": {"en": "ops and calling forms", "zh-CN": "运算与调用形式"},
    "testing.phase.ops": {"en": "each op alone, inside its domain",
                          "zh-CN": "单个运算（定义域内）"},
    "testing.phase.compositions": {"en": "compositions: reuse, fan-out, numbers",
                                   "zh-CN": "组合表达式：复用、分支、数字"},
    "testing.phase.edges": {"en": "edge points: 0, -0, tiny, huge",
                            "zh-CN": "边界点：0、-0、极小、极大"},
    "testing.phase.twice": {"en": "backward() twice", "zh-CN": "两次调用 backward()"},
    "testing.phase.depth": {"en": "deepest chain backward() handles",
                            "zh-CN": "backward() 能处理的最深的链"},
    "testing.result.supported": {"en": "{supported} supported, {unsupported} unsupported",
                                 "zh-CN": "支持 {supported} 种，不支持 {unsupported} 种"},
    "testing.result.pass": {"en": "no failure", "zh-CN": "全部通过"},
    "testing.result.failure_one": {"en": "1 failure", "zh-CN": "1 处错误"},
    "testing.result.failure_many": {"en": "{count} failures", "zh-CN": "{count} 处错误"},
    "testing.result.note_one": {"en": "1 note", "zh-CN": "1 条提示"},
    "testing.result.note_many": {"en": "{count} notes", "zh-CN": "{count} 条提示"},
    "testing.result.separator": {"en": ", ", "zh-CN": "，"},
    "testing.result.depth": {"en": "{depth} nodes", "zh-CN": "{depth} 个节点"},
    "testing.result.depth_one": {"en": "1 node", "zh-CN": "1 个节点"},
    "testing.result.depth_all": {"en": "{depth} nodes (the most tried)",
                                 "zh-CN": "{depth} 个节点（已到检查上限）"},
    "testing.result.skipped": {"en": "not run: {reason}", "zh-CN": "未运行：{reason}"},
    "testing.verdict.ok": {"en": "No failure found in {examples} checks.",
                           "zh-CN": "共检查 {examples} 次，没有发现错误。"},
    "testing.verdict.failed_one": {"en": "1 failure found in {examples} checks:",
                                   "zh-CN": "共检查 {examples} 次，发现 1 处错误："},
    "testing.verdict.failed_many": {"en": "{count} failures found in {examples} checks:",
                                    "zh-CN": "共检查 {examples} 次，发现 {count} 处错误："},
    "testing.unsupported": {"en": "Unsupported (not failures):",
                            "zh-CN": "不支持的调用形式（不算错误）："},
    "testing.notes": {"en": "Notes:", "zh-CN": "提示："},
    "testing.reason.no_form": {"en": "no supported form to build it from",
                               "zh-CN": "没有可用的调用形式"},
    # -- check_engine: failures ------------------------------------------------------------
    "testing.failure.headline": {"en": "{phase}: {expression} at {inputs}: {problems}",
                                 "zh-CN": "{phase}：{expression}，在 {inputs} 处：{problems}"},
    "testing.failure.separator": {"en": "; ", "zh-CN": "；"},
    "testing.failure.value": {"en": "the value is {got}, expected {expected}",
                              "zh-CN": "值为 {got}，期望值为 {expected}"},
    "testing.failure.grad": {"en": "the gradient of {name} is {got}, expected {expected}",
                             "zh-CN": "{name} 的梯度为 {got}，期望值为 {expected}"},
    "testing.failure.raised": {"en": "{stage} raised {error}",
                               "zh-CN": "{stage}抛出 {error}"},
    "testing.failure.expected_finite": {"en": "expected the value {expected}",
                                        "zh-CN": "期望值为 {expected}"},
    "testing.failure.flaky": {
        "en": "order-dependent: {runs} runs of the same expression gave different results "
              "(does backward() iterate a set?)",
        "zh-CN": "结果与顺序有关：同一表达式运行 {runs} 次，结果不同"
                 "（backward() 是否遍历了 set？）",
    },
    "testing.failure.leaked": {
        "en": "interior gradients leaked into the second pass (leaf gradients must add up, "
              "to twice the first pass)",
        "zh-CN": "中间节点的梯度带入了第二次反向传播（叶子节点的梯度应当累加，为第一次的两倍）",
    },
    "testing.failure.replaced": {
        "en": "leaf gradients were replaced, not added up (PyTorch adds them: twice the first "
              "pass)",
        "zh-CN": "叶子节点的梯度被覆盖而没有累加（PyTorch 会累加：应为第一次的两倍）",
    },
    "testing.failure.depth": {
        "en": "on a chain of {depth} nodes the gradient of x is {got}, expected {expected}",
        "zh-CN": "在 {depth} 个节点的链上，x 的梯度为 {got}，期望值为 {expected}",
    },
    "testing.stage.forward": {"en": "the forward pass", "zh-CN": "前向传播"},
    "testing.stage.backward": {"en": "backward()", "zh-CN": "backward() "},
    "testing.stage.read": {"en": "reading the results", "zh-CN": "读取结果时"},
    "testing.stage.backward_again": {"en": "the second backward()",
                                     "zh-CN": "第二次 backward() "},
    # -- check_engine: notes ---------------------------------------------------------------
    "testing.note.raised": {
        "en": "{form}: raised {error} where the reference gives inf or nan (at {inputs}{more})",
        "zh-CN": "{form}：在参照给出 inf 或 nan 的点抛出 {error}（{inputs}{more}）",
    },
    "testing.note.special": {
        "en": "{form}: at {inputs}, where the derivative is not defined, {what} differs from "
              "the reference ({got} vs {expected}): a convention{more}",
        "zh-CN": "{form}：在 {inputs} 处导数没有定义，{what}与参照不同（{got} 与 "
                 "{expected}）：约定不同{more}",
    },
    "testing.note.special_raised": {
        "en": "{form}: at {inputs}, where the derivative is not defined, {error} (the "
              "reference's gradients: {grads}){more}",
        "zh-CN": "{form}：在 {inputs} 处导数没有定义，{error}（参照的梯度：{grads}）{more}",
    },
    "testing.note.nonfinite": {
        "en": "{form}: at {inputs} {what} is {got}, the reference {expected} (neither is "
              "finite){more}",
        "zh-CN": "{form}：在 {inputs} 处{what}为 {got}，参照为 {expected}（都不是有限数）{more}",
    },
    "testing.note.more": {"en": ", and {count} more points", "zh-CN": "，另有 {count} 个点"},
    "testing.note.what_value": {"en": "the value", "zh-CN": "值"},
    "testing.note.what_grad": {"en": "the gradient of {name}", "zh-CN": "{name} 的梯度"},
    "testing.note.twice_raised": {
        "en": "a second backward() raised {error} (PyTorch, too, refuses it unless "
              "retain_graph=True)",
        "zh-CN": "第二次调用 backward() 抛出 {error}（PyTorch 不加 retain_graph=True 时也拒绝）",
    },
    "testing.note.depth_error": {
        "en": "backward() fails on a chain of {failed} nodes: {error}",
        "zh-CN": "链长 {failed} 个节点时 backward() 失败：{error}",
    },
    "testing.note.depth_crash": {
        "en": "backward() crashed the interpreter on a chain of {failed} nodes ({how}); it ran "
              "in a subprocess",
        "zh-CN": "链长 {failed} 个节点时 backward() 使解释器崩溃（{how}）；该检查在子进程中运行",
    },
    "testing.note.depth_wrong": {
        "en": "on a chain of {depth} nodes the gradient of x is {got}, expected {expected} "
              "(the failure of the compositions above, it seems)",
        "zh-CN": "在 {depth} 个节点的链上，x 的梯度为 {got}，期望值为 {expected}"
                 "（看来与上面组合表达式的错误相同）",
    },
    "testing.note.depth_timeout": {
        "en": "the depth search stopped after {seconds:g} s, at a chain of {failed} nodes",
        "zh-CN": "深度检查在 {seconds:g} 秒后停止，此时链长 {failed} 个节点",
    },
    # -- check_engine: snippets ------------------------------------------------------------
    "testing.snippet.got": {"en": "# got:      {values}", "zh-CN": "# 得到：    {values}"},
    "testing.snippet.varies": {"en": "# got (it varies from run to run): {values}",
                               "zh-CN": "# 得到（每次运行都可能不同）：{values}"},
    "testing.snippet.raises": {"en": "# raises {error}", "zh-CN": "# 抛出 {error}"},
    "testing.snippet.expected": {"en": "# expected: {values}  ({reference})",
                                 "zh-CN": "# 期望值：  {values}（{reference}）"},
    "testing.snippet.expected_twice": {
        "en": "# expected: {values}  (twice the first backward pass)",
        "zh-CN": "# 期望值：  {values}（第一次反向传播的两倍）",
    },
    # -- compare: the whole-network gradient check -----------------------------------------
    "testing.compare.title": {
        "en": "Gradient check: backprop against central differences (h = {h:g})",
        "zh-CN": "梯度校验：反向传播与中心差分（h = {h:g}）对比",
    },
    "testing.compare.parameter": {"en": "parameter", "zh-CN": "参数"},
    "testing.compare.shape": {"en": "shape", "zh-CN": "维度"},
    "testing.compare.relative_error": {"en": "relative error", "zh-CN": "相对误差"},
    "testing.compare.worst": {"en": "worst element", "zh-CN": "误差最大的元素"},
    "testing.compare.analytic": {"en": "backprop", "zh-CN": "反向传播梯度"},
    "testing.compare.numerical": {"en": "numerical", "zh-CN": "数值梯度"},
    "testing.compare.scalar": {"en": "scalar", "zh-CN": "标量"},
    "testing.compare.summary": {"en": "largest relative error: {error} ({name})",
                                "zh-CN": "最大相对误差：{error}（{name}）"},
}
