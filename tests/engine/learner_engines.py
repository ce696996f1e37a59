"""Scalar engines as learners write them, for check_engine's tests: one correct, and clones
with one planted bug each (the mistakes a backprop tutorial's readers make)."""

from __future__ import annotations

import math


class Value:
    """A correct micrograd-style engine with every op check_engine knows.

    As micrograd: ``_prev`` is a set, each op records a ``_backward`` closure.
    Unlike micrograd 0.1.0: the topological order is built without recursion,
    and a second ``backward()`` starts interior gradients from zero.
    """

    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def _send(self, g):
        """Add ``g`` to this node's gradient (every rule sends its gradients here)."""
        self.grad += g

    def _node(self, other):
        return other if isinstance(other, Value) else type(self)(other)

    def __add__(self, other):
        other = self._node(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward():
            self._send(out.grad)
            other._send(out.grad)
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._node(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            self._send(other.data * out.grad)
            other._send(self.data * out.grad)
        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = self._node(other)
        out = type(self)(self.data / other.data, (self, other), "/")

        def _backward():
            self._send(out.grad / other.data)
            other._send(-out.data / other.data * out.grad)
        out._backward = _backward
        return out

    def __pow__(self, other):
        if isinstance(other, Value):
            out = type(self)(self.data ** other.data, (self, other), "**")

            def _backward():
                self._send(other.data * self.data ** (other.data - 1) * out.grad)
                other._send(out.data * math.log(self.data) * out.grad)
        else:
            out = type(self)(self.data ** other, (self,), f"**{other}")

            def _backward():
                self._send(other * self.data ** (other - 1) * out.grad)
        out._backward = _backward
        return out

    def __rpow__(self, other):  # other ** self, other a number
        out = type(self)(other ** self.data, (self,), "rpow")

        def _backward():
            self._send(out.data * math.log(other) * out.grad)
        out._backward = _backward
        return out

    def _unary(self, data, local, op):
        """A one-input function whose local derivative is ``local(out)``."""
        out = type(self)(data, (self,), op)

        def _backward():
            self._send(local(out) * out.grad)
        out._backward = _backward
        return out

    def exp(self):
        return self._unary(math.exp(self.data), lambda out: out.data, "exp")

    def log(self):
        return self._unary(math.log(self.data), lambda out: 1 / self.data, "log")

    def sin(self):
        return self._unary(math.sin(self.data), lambda out: math.cos(self.data), "sin")

    def cos(self):
        return self._unary(math.cos(self.data), lambda out: -math.sin(self.data), "cos")

    def tanh(self):
        return self._unary(math.tanh(self.data), lambda out: 1 - out.data ** 2, "tanh")

    def sigmoid(self):
        x = self.data
        s = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        return self._unary(s, lambda out: out.data * (1 - out.data), "sigmoid")

    def relu(self):
        return self._unary(max(self.data, 0.0), lambda out: float(self.data > 0), "ReLU")

    def __abs__(self):
        sign = (self.data > 0) - (self.data < 0)
        return self._unary(abs(self.data), lambda out: float(sign), "abs")

    def _order(self):
        """Every node of the graph, each after the nodes it was computed from."""
        topo, visited, stack = [], set(), [(self, False)]
        while stack:
            v, expanded = stack.pop()
            if expanded:
                topo.append(v)
            elif v not in visited:
                visited.add(v)
                stack.append((v, True))
                stack.extend((child, False) for child in v._prev)
        return topo

    def backward(self):
        topo = self._order()
        for v in topo:
            if v._prev:
                v.grad = 0.0  # interior nodes start each pass from zero; leaves accumulate
        self.grad = 1.0
        for v in self._backward_order(topo):
            v._backward()

    @staticmethod
    def _backward_order(topo):
        return reversed(topo)

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __rtruediv__(self, other):
        return self._node(other) / self

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"


# -- one planted bug each ---------------------------------------------------------------


class WrongTanh(Value):
    """tanh's local derivative written 1 - t instead of 1 - t²."""

    def tanh(self):
        return self._unary(math.tanh(self.data), lambda out: 1 - out.data, "tanh")


class AssignedGrads(Value):
    """Gradients assigned, not summed: a node used twice keeps only its last gradient."""

    def _send(self, g):
        self.grad = g


class LeftSub(Value):
    """``2 - x`` computed as ``x - 2``: __rsub__ forgot that the number comes first."""

    def __rsub__(self, other):
        return self - other


class LeftDiv(Value):
    """``2 / x`` computed as ``x / 2``."""

    def __rtruediv__(self, other):
        return self / other


class Unreversed(Value):
    """The backward pass walks the topological order forwards (``reversed`` forgotten)."""

    @staticmethod
    def _backward_order(topo):
        return topo


class SetOrder(Value):
    """The backward pass iterates a set of the nodes: the order depends on memory addresses."""

    @staticmethod
    def _backward_order(topo):
        return set(topo)


class ByValue(Value):
    """Nodes compared by their data: two nodes holding equal numbers count as one."""

    def __eq__(self, other):
        return isinstance(other, Value) and self.data == other.data

    def __hash__(self):
        return hash(self.data)


class Spelled:
    """A correct engine that spells things otherwise: ``Spelled.leaf(x)``, ``.value``,
    ``.derivative``, ``backwards()``, ``x.ln()``; it has ``+ - *`` and ``ln``, ``exp``
    only (what check_engine's adapters are for)."""

    def __init__(self, value, parents=(), locals_=()):
        self.value, self.derivative = value, 0.0
        self.parents, self.locals = parents, locals_  # parents and local derivatives

    @classmethod
    def leaf(cls, x):
        return cls(float(x))

    @staticmethod
    def _node(other):
        return other if isinstance(other, Spelled) else Spelled(float(other))

    def __add__(self, other):
        other = self._node(other)
        return Spelled(self.value + other.value, (self, other), (1.0, 1.0))

    __radd__ = __add__

    def __mul__(self, other):
        other = self._node(other)
        return Spelled(self.value * other.value, (self, other), (other.value, self.value))

    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + -self._node(other)

    def __rsub__(self, other):
        return self._node(other) + -self

    def ln(self):
        return Spelled(math.log(self.value), (self,), (1.0 / self.value,))

    def exp(self):
        e = math.exp(self.value)
        return Spelled(e, (self,), (e,))

    def backwards(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
            elif id(v) not in seen:
                seen.add(id(v))
                stack += [(v, True)] + [(p, False) for p in v.parents]
        for v in order:
            if v.parents:
                v.derivative = 0.0
        self.derivative = 1.0
        for v in reversed(order):
            for p, local in zip(v.parents, v.locals):
                p.derivative += local * v.derivative


class CrashesWhenDeep(Value):
    """Stands for a compiled engine: its backward crashes the interpreter (a segfault) on
    a graph deeper than 500 nodes, as a C recursion would."""

    def backward(self):
        if len(self._order()) > 500:
            import ctypes

            ctypes.string_at(0)  # reads address 0: SIGSEGV
        Value.backward(self)


class SlowWhenDeep(Value):
    """A backward pass that takes 30 s on a graph of more than 100 nodes."""

    def backward(self):
        if len(self._order()) > 100:
            import time

            time.sleep(30)
        Value.backward(self)
