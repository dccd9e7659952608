"""Smooth test functions (Moré–Garbow–Hillstrom style and elementary compositions).

``FUNCTIONS`` is a list of (name, f, x0, exact_gradient_or_None); every f takes one 1-D array
and is written with plain numpy, so every gradlab engine can run it. Every f is also vectorised
the way scipy.differentiate calls it: x of shape (n, ...) gives f of shape (...), variables along
the first axis (reductions over axis 0, constants broadcast with ``along_first``).
"""

from __future__ import annotations

import numpy as np


def along_first(values, x):
    """``values`` shaped to broadcast along the variables' axis of ``x`` (1-D or batched)."""
    return np.reshape(values, (-1,) + (1,) * (np.ndim(x) - 1))


def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2, axis=0)


def rosenbrock_grad(x):
    g = np.zeros_like(x)
    g[:-1] = -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
    return g


def powell_singular(x):
    return ((x[0] + 10 * x[1]) ** 2 + 5 * (x[2] - x[3]) ** 2 + (x[1] - 2 * x[2]) ** 4
            + 10 * (x[0] - x[3]) ** 4)


def helical_valley(x):
    theta = np.arctan2(x[1], x[0]) / (2 * np.pi)
    return 100 * (x[2] - 10 * theta) ** 2 + 100 * (np.hypot(x[0], x[1]) - 1) ** 2 + x[2] ** 2


def beale(x):
    return ((1.5 - x[0] + x[0] * x[1]) ** 2 + (2.25 - x[0] + x[0] * x[1] ** 2) ** 2
            + (2.625 - x[0] + x[0] * x[1] ** 3) ** 2)


def wood(x):
    return (100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2 + 90 * (x[3] - x[2] ** 2) ** 2
            + (1 - x[2]) ** 2 + 10.1 * ((x[1] - 1) ** 2 + (x[3] - 1) ** 2)
            + 19.8 * (x[1] - 1) * (x[3] - 1))


def brown_badly_scaled(x):
    return (x[0] - 1e6) ** 2 + (x[1] - 2e-6) ** 2 + (x[0] * x[1] - 2) ** 2


def trigonometric(x):
    n = x.shape[0]
    s = np.sum(np.cos(x), axis=0)
    r = n - s + along_first(np.arange(1, n + 1), x) * (1 - np.cos(x)) - np.sin(x)
    return np.sum(r**2, axis=0)


def extended_powell(x):
    return powell_singular(x[:4]) + powell_singular(x[4:8])


def freudenstein_roth(x):
    return ((-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1]) ** 2
            + (-29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]) ** 2)


def box_3d(x):
    t = along_first(0.1 * np.arange(1, 11), x)
    r = (np.exp(-t * x[0]) - np.exp(-t * x[1]) - x[2] * (np.exp(-t) - np.exp(-10 * t)))
    return np.sum(r**2, axis=0)


def exp_sin(x):
    return np.exp(np.sin(x[0]) * x[1]) + np.cos(x[0] * x[1])


def log_sqrt(x):
    return np.log(1 + x[0] ** 2) * np.sqrt(x[1] ** 2 + 1) + x[2]


def hyperbolic(x):
    return np.tanh(x[0] * x[1]) + np.sinh(x[1]) * np.cosh(x[2])


def atan2_hypot(x):
    return np.arctan2(x[0], x[1]) * np.hypot(x[1], x[2])


def log1p_expm1(x):
    return np.log1p(x[0] ** 2) + np.expm1(x[1] * x[0]) * x[2]


def softplus_sum(x):
    return np.sum(np.log1p(np.exp(x)) * np.cos(x), axis=0)


def gaussian_mix(x):
    return -np.log(np.exp(-np.sum((x - 1) ** 2, axis=0)) + np.exp(-np.sum((x + 1) ** 2, axis=0)))


def rational(x):
    return (x[0] ** 2 + 1) / (x[1] ** 2 + 2) + x[0] * x[1] / (1 + x[2] ** 2)


def nested_trig(x):
    return np.sin(np.cos(x[0]) + np.sin(x[1] * x[2])) * np.exp(x[0] / 3)


def seed(x):
    return x[0] * x[1] * x[2]


FUNCTIONS = [
    ("rosenbrock", rosenbrock, np.array([-1.2, 1.0, -1.2, 1.0]), rosenbrock_grad),
    ("powell_singular", powell_singular, np.array([3.0, -1.0, 0.0, 1.0]), None),
    ("helical_valley", helical_valley, np.array([-1.0, 0.2, 0.3]), None),
    ("beale", beale, np.array([1.0, 1.0]), None),
    ("wood", wood, np.array([-3.0, -1.0, -3.0, -1.0]), None),
    ("brown_badly_scaled", brown_badly_scaled, np.array([1.0, 1.0]), None),
    ("trigonometric", trigonometric, np.full(5, 0.2), None),
    ("extended_powell", extended_powell, np.tile([3.0, -1.0, 0.0, 1.0], 2), None),
    ("freudenstein_roth", freudenstein_roth, np.array([0.5, -2.0]), None),
    ("box_3d", box_3d, np.array([0.0, 10.0, 20.0]), None),
    ("exp_sin", exp_sin, np.array([0.7, 1.3]), None),
    ("log_sqrt", log_sqrt, np.array([0.5, -1.5, 2.0]), None),
    ("hyperbolic", hyperbolic, np.array([0.4, 0.9, -0.6]), None),
    ("atan2_hypot", atan2_hypot, np.array([0.8, 1.1, -0.5]), None),
    ("log1p_expm1", log1p_expm1, np.array([0.3, -0.7, 1.2]), None),
    ("softplus_sum", softplus_sum, np.linspace(-2.0, 2.0, 6), None),
    ("gaussian_mix", gaussian_mix, np.array([0.2, -0.4, 0.5]), None),
    ("rational", rational, np.array([1.5, -0.5, 0.7]), None),
    ("nested_trig", nested_trig, np.array([0.6, 0.9, -1.1]), None),
    ("seed", seed, np.array([1.0, 2.0, 3.0]), lambda x: np.array([x[1] * x[2], x[0] * x[2],
                                                                  x[0] * x[1]])),
]
