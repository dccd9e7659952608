"""User functions for the snippet and CLI tests, written the normal way in a module file."""

import numpy as np


def wave(x, y):
    return np.sin(x) * np.exp(x * y)


def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def vector_valued(x, y):
    return np.array([x, y])
