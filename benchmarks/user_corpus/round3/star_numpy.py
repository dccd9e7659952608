"""Functions a student writes after `from numpy import *` (sum, max, min, abs, round are numpy's)."""
# ruff: noqa: F403, F405, E741
from numpy import *


def star_sum_exp_max(x):
    return sum(exp(-x**2)) + max(x) * 0.5


def star_polyval_sqrt(t):
    coeffs = [1.0, -2.0, 0.5, 3.0]
    return polyval(coeffs, t) + sqrt(t)


def star_linalg_norm3(x):
    return linalg.norm(x, ord=3) + abs(x).sum()


def star_pi_e(x):
    return sin(pi * x) * e**x


def star_mean_std_axes(X):
    return mean(X**2, axis=-1) @ array([1.0, -0.5, 2.0]) + std(X, axis=-2, ddof=1).sum()


def star_where_clip(x):
    return sum(where(x > 0, log1p(x), expm1(x))) + sum(clip(x, -1.0, 1.0) ** 2)


def star_min_amin(x):
    return min(x) + amin(x * 2.0) + amax(x**3)


def star_arctan2_hypot(x, y):
    return arctan2(y, x) + hypot(x, y) ** 2


def star_cumsum_neg_axis(X):
    C = cumsum(X, axis=-2)
    return sum(C**2) / 7.0


def star_trapezoid(y):
    return trapezoid(y**2, dx=0.1)


def star_dot_outer(x):
    return dot(x, outer(x, x) @ x)


def star_round_constant_only(x):
    w = round(array([0.123, 0.456, 0.789]), 2)  # rounding the data, not the variable
    return sum(w * tanh(x))
