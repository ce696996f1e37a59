"""Words for plots, and for the tables and progress lines that print the same quantities.

Titles, axes, legends and column headers of the lessons, the examples and
``nn.plot`` say "epoch", "loss", "accuracy", ... in the learner's language.
"""

MESSAGES = {
    "plot.epoch": {"en": "epoch", "zh-CN": "epoch"},  # the tutorials keep the English word
    "plot.step": {"en": "step", "zh-CN": "迭代步数"},
    "plot.loss": {"en": "loss", "zh-CN": "损失"},
    "plot.training_loss": {"en": "training loss", "zh-CN": "训练损失"},
    "plot.first_loss": {"en": "first loss", "zh-CN": "初始损失"},
    "plot.last_loss": {"en": "last loss", "zh-CN": "最终损失"},
    "plot.cross_entropy": {"en": "cross-entropy", "zh-CN": "交叉熵"},
    "plot.mse": {"en": "mean squared error", "zh-CN": "均方误差"},
    "plot.accuracy": {"en": "accuracy", "zh-CN": "准确率"},
    "plot.training_accuracy": {"en": "training accuracy", "zh-CN": "训练准确率"},
    "plot.test_accuracy": {"en": "test accuracy", "zh-CN": "测试准确率"},
    "plot.training_set": {"en": "training set", "zh-CN": "训练集"},
    "plot.test_set": {"en": "test set", "zh-CN": "测试集"},
    "plot.learning_rate": {"en": "learning rate", "zh-CN": "学习率"},
    "plot.best_learning_rate": {"en": "each at its best learning rate",
                                "zh-CN": "各用最佳学习率"},
    "plot.optimizer": {"en": "optimizer", "zh-CN": "优化器"},
    "plot.model": {"en": "model", "zh-CN": "模型"},
    "plot.layer": {"en": "layer", "zh-CN": "层"},
    "plot.layer_from_input": {"en": "layer (0 = nearest the input)",
                              "zh-CN": "层（0 = 最靠近输入层）"},
    "plot.mean_abs_grad": {"en": "mean |gradient|", "zh-CN": "平均 |梯度|"},
    "plot.gradient_norm": {"en": "gradient norm", "zh-CN": "梯度范数"},
    "plot.parameter": {"en": "parameter", "zh-CN": "参数"},
    "plot.prediction": {"en": "prediction", "zh-CN": "预测"},
    "plot.label": {"en": "label", "zh-CN": "标签"},
    "plot.predicted_true": {"en": "predicted (true)", "zh-CN": "预测（真实）"},
    "plot.decision_boundary": {"en": "decision boundary", "zh-CN": "决策边界"},
}
