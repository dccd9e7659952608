"""Smooth test functions with hand-derived gradients, written the way users write them."""

import math
from math import exp as math_exp

import numpy as np
from numpy import cos, sin


def seed(q, chi, delta):
    return q * chi * delta


def seed_grad(q, chi, delta):
    return [chi * delta, q * delta, q * chi]


def trig_exp(x, y):
    return sin(x) * np.exp(x * y)


def trig_exp_grad(x, y):
    e = np.exp(x * y)
    return [cos(x) * e + y * sin(x) * e, x * sin(x) * e]


def _helper(t):
    return math.log1p(t * t) + math_exp(-t)


def uses_helper(a, b):
    return _helper(a) * math.cosh(b) + math.atan2(a, b)


def uses_helper_grad(a, b):
    h = math.log1p(a * a) + math.exp(-a)
    dh = 2 * a / (1 + a * a) - math.exp(-a)
    r = a * a + b * b
    return [dh * math.cosh(b) + b / r, h * math.sinh(b) - a / r]


def hyperbolic(u, v):
    return np.tanh(u) * np.sinh(v) + np.hypot(u, v) + np.expm1(u * v) + np.sqrt(u + 2 * v)


def hyperbolic_grad(u, v):
    r = math.hypot(u, v)
    s = math.sqrt(u + 2 * v)
    return [(1 - math.tanh(u) ** 2) * math.sinh(v) + u / r + v * math.exp(u * v) + 0.5 / s,
            math.tanh(u) * math.cosh(v) + v / r + u * math.exp(u * v) + 1.0 / s]


def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def rosenbrock_grad(x):
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    g[:-1] = -400 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2 * (1 - x[:-1])
    g[1:] += 200 * (x[1:] - x[:-1] ** 2)
    return g


def powell_singular(x):  # Moré–Garbow–Hillstrom problem 13, as a sum of squares
    f1 = x[0] + 10 * x[1]
    f2 = math.sqrt(5) * (x[2] - x[3])
    f3 = (x[1] - 2 * x[2]) ** 2
    f4 = math.sqrt(10) * (x[0] - x[3]) ** 2
    return f1**2 + f2**2 + f3**2 + f4**2


def powell_singular_grad(x):
    x0, x1, x2, x3 = (float(v) for v in x)
    f1, f2 = x0 + 10 * x1, math.sqrt(5) * (x2 - x3)
    f3, f4 = (x1 - 2 * x2) ** 2, math.sqrt(10) * (x0 - x3) ** 2
    d3, d4 = 2 * (x1 - 2 * x2), 2 * math.sqrt(10) * (x0 - x3)
    return [2 * f1 + 2 * f4 * d4, 20 * f1 + 2 * f3 * d3,
            2 * f2 * math.sqrt(5) - 4 * f3 * d3, -2 * f2 * math.sqrt(5) - 2 * f4 * d4]


def make_scaled_quadratic(weights):
    """A closure: the weights live in a cell, not in globals."""
    w = np.asarray(weights, dtype=float)

    def quadratic(x):
        return 0.5 * np.sum(w * x**2) + np.dot(w, x)

    return quadratic


def quadratic_grad(weights, x):
    w = np.asarray(weights, dtype=float)
    return w * np.asarray(x) + w


MATRIX = np.array([[2.0, 0.5, 0.0], [0.5, 3.0, 1.0], [0.0, 1.0, 4.0]])


def matrix_form(x):
    return x @ (MATRIX @ x) / 2 + np.log(np.sum(np.exp(x)))


def matrix_form_grad(x):
    x = np.asarray(x, dtype=float)
    p = np.exp(x) / np.sum(np.exp(x))
    return MATRIX @ x + p


def beale(x, y):  # Moré–Garbow–Hillstrom problem 5
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def beale_grad(x, y):
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    return [2 * a * (y - 1) + 2 * b * (y**2 - 1) + 2 * c * (y**3 - 1),
            2 * a * x + 4 * b * x * y + 6 * c * x * y**2]


CASES = [  # (name, f, at, exact gradient)
    ("seed", seed, {"q": 1, "chi": 2, "delta": 3}, seed_grad(1, 2, 3)),
    ("seed-expression", "q*chi*delta", {"q": 1, "chi": 2, "delta": 3}, [6, 3, 2]),
    ("trig_exp", trig_exp, {"x": 0.5, "y": 2.0}, trig_exp_grad(0.5, 2.0)),
    ("trig_exp-expression", "sin(x)*exp(x*y)", {"x": 0.5, "y": 2.0}, trig_exp_grad(0.5, 2.0)),
    ("helper+math", uses_helper, (0.7, -0.4), uses_helper_grad(0.7, -0.4)),
    ("hyperbolic", hyperbolic, {"u": 0.3, "v": 0.8}, hyperbolic_grad(0.3, 0.8)),
    ("rosenbrock", rosenbrock, np.array([-1.2, 1.0, 0.5, 2.0]),
     rosenbrock_grad([-1.2, 1.0, 0.5, 2.0])),
    ("powell", powell_singular, np.array([3.0, -1.0, 0.0, 1.0]),
     powell_singular_grad([3.0, -1.0, 0.0, 1.0])),
    ("closure", make_scaled_quadratic([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0]),
     quadratic_grad([1.0, 2.0, 3.0], [0.5, -1.0, 2.0])),
    ("matrix", matrix_form, np.array([0.1, -0.2, 0.3]), matrix_form_grad([0.1, -0.2, 0.3])),
    ("beale", beale, {"x": 1.0, "y": 0.5}, beale_grad(1.0, 0.5)),
    ("int-point", "x**3*y", {"x": 2, "y": 3}, [36.0, 8.0]),
]
