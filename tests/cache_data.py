"""A user's data module: tests/test_cache_keys.py edits it between gradients."""

import numpy as np

A = np.array([1.0, 2.0, 3.0])
K = 2.0


def scaled(x):
    return K * np.sum(A * x)
