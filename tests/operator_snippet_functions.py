"""User functions for the operator snippet tests, written the normal way in a module file (the
snippets show their source). Array outputs are built with np.stack and np.outer, which JAX,
PyTensor and object arrays of SymPy symbols or dual numbers all have."""

import numpy as np


def wave(x, y):
    return np.sin(x) * np.exp(x * y)


def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def energy(a, b):
    return np.sum(a**2) * b + b**3


def polar(r, t):
    return np.stack([r * np.cos(t), r * np.sin(t)])


def residuals(x):
    return np.stack([10 * (x[1] - x[0] ** 2), 1 - x[0], x[2] * x[0]])


def outer(x):
    return np.outer(x, np.sin(x))


def shifted(a, b):
    return np.stack([a[0] * b, a[1] ** 2 + b])
