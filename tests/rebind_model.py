"""A user's own module: tests/test_rebind_calls.py differentiates code that calls into it."""

import numpy as np
from numpy.linalg import norm

K = 2.0


def weights(n):
    return np.arange(1.0, n + 1.0)


def energy(x):
    return K * np.sum(weights(x.shape[0]) * np.sin(x)) + norm(x)
