"""The explorer page (``autograd.viz.explore``): buttons, captions, the side panel, notes.

The page's script gets ``catalog(lang, prefix="explorer.")`` as data and fills
``{fields}`` itself, so every text it shows is here, in both languages.
"""

MESSAGES = {
    # -- the page's frame: title, toolbars, hint, footer ---------------------------------
    "explorer.title": {"en": "Graph of {label}", "zh-CN": "{label} 的计算图"},
    "explorer.title.output": {"en": "the output", "zh-CN": "输出"},
    "explorer.graph": {"en": "computational graph", "zh-CN": "计算图"},
    "explorer.toolbar.steps": {"en": "steps", "zh-CN": "步骤"},
    "explorer.toolbar.view": {"en": "view", "zh-CN": "视图"},
    "explorer.pass": {"en": "pass", "zh-CN": "传播方向"},
    "explorer.forward": {"en": "Forward", "zh-CN": "前向传播"},
    "explorer.forward.tip": {"en": "step through the forward pass (F)",
                             "zh-CN": "逐步查看前向传播（F 键）"},
    "explorer.backward": {"en": "Backward", "zh-CN": "反向传播"},
    "explorer.backward.tip": {"en": "step through the backward pass (B)",
                              "zh-CN": "逐步查看反向传播（B 键）"},
    "explorer.prev": {"en": "◀ Prev", "zh-CN": "◀ 上一步"},
    "explorer.prev.tip": {"en": "previous step (Left arrow)", "zh-CN": "上一步（← 键）"},
    "explorer.play": {"en": "Play", "zh-CN": "播放"},
    "explorer.pause": {"en": "Pause", "zh-CN": "暂停"},
    "explorer.play.tip": {"en": "play / pause (Space)", "zh-CN": "播放 / 暂停（空格键）"},
    "explorer.next": {"en": "Next ▶", "zh-CN": "下一步 ▶"},
    "explorer.next.tip": {"en": "next step (Right arrow)", "zh-CN": "下一步（→ 键）"},
    "explorer.slider": {"en": "step", "zh-CN": "步骤"},
    "explorer.counter": {"en": "Step {k} / {n}", "zh-CN": "第 {k} / {n} 步"},
    "explorer.zoom_out.tip": {"en": "zoom out (-)", "zh-CN": "缩小（- 键）"},
    "explorer.zoom_in.tip": {"en": "zoom in (+)", "zh-CN": "放大（+ 键）"},
    "explorer.fit": {"en": "Fit", "zh-CN": "适应窗口"},
    "explorer.fit.tip": {"en": "fit the whole graph (0)", "zh-CN": "显示整个计算图（0 键）"},
    "explorer.save_svg": {"en": "Save SVG", "zh-CN": "保存 SVG"},
    "explorer.save_svg.tip": {"en": "save this step as SVG", "zh-CN": "把这一步保存为 SVG"},
    "explorer.save_png": {"en": "Save PNG", "zh-CN": "保存 PNG"},
    "explorer.save_png.tip": {"en": "save this step as PNG", "zh-CN": "把这一步保存为 PNG"},
    "explorer.bad": {"en": "⚠ first nan/inf: {name}", "zh-CN": "⚠ 第一个 nan/inf：{name}"},
    "explorer.bad.tip": {"en": "go to the first node whose value or gradient is not finite",
                         "zh-CN": "跳到第一个值或梯度不是有限数的节点"},
    "explorer.hint": {
        "en": "Click a value or an op to see how it is computed and why its gradient is what "
              "it is. Click a purple group to open it.",
        "zh-CN": "点击一个值或一个运算，看它是怎样算出来的、它的梯度为什么是这个值。"
                 "点击紫色的分组可以展开它。",
    },
    "explorer.footer": {
        "en": "Orange: the op of this step. Red: the gradient it sends to each input, local "
              "derivative × incoming grad. Grey: sent earlier. A grad appears once all of it "
              "has arrived. Drag to pan, wheel or pinch to zoom. Keys: ← → Home End Space, "
              "F / B (pass), + − 0 (zoom).",
        "zh-CN": "橙色：这一步的运算。红色：它传给每个输入的梯度，即局部导数 × 传入的梯度。"
                 "灰色：之前已经传过的。一个值的梯度全部到齐后才显示。拖动可平移，滚轮或双指"
                 "可缩放。按键：← → Home End 空格，F / B（前向传播 / 反向传播），+ − 0（缩放）。",
    },
    "explorer.footer.tensor": {
        "en": "Orange: the op of this step. Red: the gradient it sends to each input, with its "
              "shape. Each box shows its values as a heatmap (blue below zero, red above); "
              "the numbers are in the panel. Click a box to open it or explain it, a cell of "
              "a gradient to see its chain-rule sum. Keys: ← → Home End Space, F / B, + − 0.",
        "zh-CN": "橙色：这一步的运算。红色：它传给每个输入的梯度及其维度。每个方框用热力图显示"
                 "它的值（蓝色小于零，红色大于零），具体数字在右侧面板里。点击方框可展开或查看"
                 "说明，点击梯度矩阵的一个元素可看它的链式法则求和。按键：← → Home End 空格，"
                 "F / B，+ − 0。",
    },
    # -- views and toggles ------------------------------------------------------------
    "explorer.modules": {"en": "Modules", "zh-CN": "按模块"},
    "explorer.modules.tip": {"en": "one box per module (click a box to open it)",
                             "zh-CN": "每个模块一个方框（点击方框可展开）"},
    "explorer.ops": {"en": "Ops", "zh-CN": "按运算"},
    "explorer.ops.tip": {"en": "every op and value as its own box",
                         "zh-CN": "每个运算和值各一个方框"},
    "explorer.convention": {"en": "convention", "zh-CN": "写法"},
    "explorer.row": {"en": "Row form", "zh-CN": "行向量写法"},
    "explorer.row.tip": {"en": "samples as rows, Z = X·W + b, as the engine computes "
                               "(tutorials 000, 003)",
                         "zh-CN": "样本按行排列，Z = X·W + b，与引擎的算法一致（教程 000、003）"},
    "explorer.column": {"en": "Column form", "zh-CN": "列向量写法"},
    "explorer.column.tip": {"en": "samples as columns, Z = W·A + b (tutorial 002)",
                            "zh-CN": "样本按列排列，Z = W·A + b（教程 002）"},
    "explorer.one_sample": {"en": "One sample", "zh-CN": "单个样本"},
    "explorer.one_sample.tip": {"en": "show row b of every tensor only, so m = 1",
                                "zh-CN": "每个张量只显示第 b 个样本，即 m = 1"},
    "explorer.sample": {"en": "b =", "zh-CN": "b ="},
    "explorer.sample.tip": {"en": "which sample (row b)", "zh-CN": "选择哪个样本（第 b 行）"},
    # -- status lines -------------------------------------------------------------------
    "explorer.too_large": {"en": "This group is too large to open here ({error}).",
                           "zh-CN": "这个分组太大，无法在这里展开（{error}）。"},
    "explorer.png_too_large": {
        "en": "This browser cannot make a PNG of a graph this large; save SVG instead.",
        "zh-CN": "这个浏览器无法为这么大的计算图生成 PNG，请改为保存 SVG。",
    },
    "explorer.png_failed": {"en": "This browser cannot make a PNG here; save SVG instead.",
                            "zh-CN": "这个浏览器无法在这里生成 PNG，请改为保存 SVG。"},
    # -- captions -----------------------------------------------------------------------
    "explorer.caption.no_ops": {"en": "This graph has no op to compute.",
                                "zh-CN": "这个计算图里没有要计算的运算。"},
    "explorer.caption.no_backward": {"en": "Nothing to backpropagate.",
                                     "zh-CN": "没有需要反向传播的梯度。"},
    "explorer.caption.forward": {"en": "Forward step {k} of {n}: ",
                                 "zh-CN": "前向传播第 {k} / {n} 步："},
    "explorer.caption.backward": {"en": "Backward step {k} of {n}: ",
                                  "zh-CN": "反向传播第 {k} / {n} 步："},
    "explorer.caption.gives": {"en": "{op}({args}) gives {name} = {value}",
                               "zh-CN": "{op}({args}) 得到 {name} = {value}"},
    "explorer.caption.receives": {"en": "{op} ({name}) receives grad {grad}, sends {sends}",
                                  "zh-CN": "{op}（{name}）收到梯度 {grad}，传出 {sends}"},
    "explorer.caption.gives_shape": {"en": "{op} gives {name} {shape}",
                                     "zh-CN": "{op} 得到 {name} {shape}"},
    "explorer.caption.receives_shape": {"en": "{op} ({name}) receives {grad} {shape}, "
                                              "sends {sends}",
                                        "zh-CN": "{op}（{name}）收到 {grad} {shape}，传出 {sends}"},
    "explorer.caption.nothing": {"en": "nothing", "zh-CN": "无"},
    "explorer.caption.sep": {"en": "; ", "zh-CN": "；"},
    # -- the side panel: a value -----------------------------------------------------------
    "explorer.kind.output": {"en": "output", "zh-CN": "输出"},
    "explorer.kind.parameter": {"en": "parameter", "zh-CN": "参数"},
    "explorer.kind.input": {"en": "input", "zh-CN": "输入"},
    "explorer.kind.constant": {"en": "constant", "zh-CN": "常数"},
    "explorer.kind.intermediate": {"en": "intermediate", "zh-CN": "中间值"},
    "explorer.in_scope": {"en": " in {path}", "zh-CN": "，位于 {path}"},
    "explorer.data": {"en": "data", "zh-CN": "值"},
    "explorer.grad": {"en": "grad", "zh-CN": "梯度"},
    "explorer.made_by": {"en": "Made by {op} from {inputs}.",
                         "zh-CN": "由 {op} 从 {inputs} 算出。"},
    "explorer.list_sep": {"en": ", ", "zh-CN": "、"},
    "explorer.first_bad": {"en": "The first node whose {what} is not finite.",
                           "zh-CN": "第一个{what}不是有限数的节点。"},
    "explorer.bad.value": {"en": "value", "zh-CN": "值"},
    "explorer.bad.gradient": {"en": "gradient", "zh-CN": "梯度"},
    "explorer.why": {"en": "Why this gradient", "zh-CN": "为什么是这个梯度"},
    "explorer.why.constant": {"en": "A constant: no gradient flows into it.",
                              "zh-CN": "常数：没有梯度流入它。"},
    "explorer.why.output": {"en": "Backward starts here: the output's gradient with respect "
                                  "to itself is 1.",
                            "zh-CN": "反向传播从这里开始：输出对它自己的梯度是 1。"},
    "explorer.why.none": {"en": "No gradient reaches it in this pass.",
                          "zh-CN": "这次反向传播没有梯度到达它。"},
    "explorer.why.used_by_one": {
        "en": "It is used by 1 op; the chain rule takes what it sends back, local derivative "
              "× that op's grad:",
        "zh-CN": "它被 1 个运算使用；按链式法则，它的梯度就是这个运算传回来的值，即局部导数 × "
                 "该运算的梯度：",
    },
    "explorer.why.used_by": {
        "en": "It is used by {n} ops; the chain rule adds up what each one sends back, local "
              "derivative × that op's grad:",
        "zh-CN": "它被 {n} 个运算使用；按链式法则，把每个运算传回来的值加起来，每项是局部导数 × "
                 "该运算的梯度：",
    },
    "explorer.why.used_by_tensor": {
        "en": "It is used by {n} op(s); the chain rule adds up the gradients they send back "
              "(each has its shape):",
        "zh-CN": "它被 {n} 个运算使用；按链式法则，把它们传回来的梯度相加（维度都与它相同）：",
    },
    "explorer.input_slot": {"en": "{op}, input {k}", "zh-CN": "{op}，第 {k} 个输入"},
    "explorer.sum_of_terms": {"en": "Sum of the terms: {sum}", "zh-CN": "各项之和：{sum}"},
    # -- the side panel: an op ------------------------------------------------------------------
    "explorer.op_making": {"en": "op making {name}", "zh-CN": "算出 {name} 的运算"},
    "explorer.forward.heading": {"en": "Forward", "zh-CN": "前向传播"},
    "explorer.backward.heading": {"en": "Backward", "zh-CN": "反向传播"},
    "explorer.input_k": {"en": "input {k}", "zh-CN": "输入 {k}"},
    "explorer.output": {"en": "output", "zh-CN": "输出"},
    "explorer.no_flow": {"en": "No gradient flows through it.", "zh-CN": "没有梯度流过它。"},
    "explorer.step_receives": {
        "en": "Step {k} of {n}: it receives grad {grad} and sends each input local derivative "
              "× {grad}:",
        "zh-CN": "第 {k} / {n} 步：它收到梯度 {grad}，传给每个输入局部导数 × {grad}：",
    },
    "explorer.needs_no_gradient": {"en": "needs no gradient", "zh-CN": "不需要梯度"},
    "explorer.local_is": {"en": "∂/∂input {k} = {value}; ", "zh-CN": "∂/∂输入 {k} = {value}；"},
    "explorer.sends": {"en": "sends {text}", "zh-CN": "传出 {text}"},
    "explorer.shapes": {"en": "shapes:", "zh-CN": "维度："},
    "explorer.receives": {"en": "It receives {grad} {shape}:", "zh-CN": "它收到 {grad} {shape}："},
    "explorer.drill.none": {"en": "No chain-rule sum for this cell in the page.",
                            "zh-CN": "页面里没有这个元素的链式法则求和。"},
    # -- matrices -----------------------------------------------------------------------
    "explorer.summary": {"en": "min {lo} mean {mean} max {hi}",
                         "zh-CN": "最小 {lo}，平均 {mean}，最大 {hi}"},
    "explorer.hint.tensor": {
        "en": "The panel follows the current step. Click a box to explain it, a module to "
              "open it, a cell of a gradient to see its chain-rule sum.",
        "zh-CN": "右侧面板跟随当前步骤。点击方框查看说明，点击模块可展开，点击梯度矩阵的一个元素"
                 "可看它的链式法则求和。",
    },
    # -- groups ---------------------------------------------------------------------------
    "explorer.group.close": {"en": "close this group", "zh-CN": "收起这个分组"},
    "explorer.group.open": {"en": "{path} (click to open)", "zh-CN": "{path}（点击展开）"},
    "explorer.group": {"en": "group", "zh-CN": "分组"},
    "explorer.group.nodes": {"en": "{n} nodes", "zh-CN": "{n} 个节点"},
    "explorer.group.no_ops": {"en": "no ops", "zh-CN": "没有运算"},
    "explorer.group.parameters": {"en": "{n} parameters", "zh-CN": "{n} 个参数"},
    "explorer.group.expand": {"en": "click to expand", "zh-CN": "点击展开"},
}
