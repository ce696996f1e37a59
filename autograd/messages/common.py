"""Messages shared by every tool."""

MESSAGES = {
    "language.name": {"en": "English", "zh-CN": "简体中文"},
    "common.gradient": {"en": "gradient", "zh-CN": "梯度"},
    "common.forward": {"en": "forward pass", "zh-CN": "前向传播"},
    "common.backward": {"en": "backward pass", "zh-CN": "反向传播"},
    "common.chain_rule": {"en": "chain rule", "zh-CN": "链式法则"},
    "common.weight": {"en": "weight", "zh-CN": "权重"},
    "common.bias": {"en": "bias", "zh-CN": "偏置"},
    "common.loss": {"en": "loss", "zh-CN": "损失"},
    "common.shape": {"en": "shape", "zh-CN": "维度"},
}
