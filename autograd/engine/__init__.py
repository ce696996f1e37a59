"""The engine: grad mode, ops, nodes, the backward pass, Value and Tensor.

It imports nothing from the rest of the package; the tools (gradient checks,
strategies, drawings, ...) are built on top of it through public names.
"""
