"""Everyday scientific and student code: operators, np.*, math.*, `from numpy import ...`,
helpers, closures, loops, matrices, np.linalg, scipy.special, np.where / abs / max pieces."""

import math
from math import log as mlog
from math import sqrt as msqrt

import numpy as np
import scipy.special as sc
from functions import add
from numpy import arctan, cos, cosh, dot, exp, sin, sqrt, tanh
from numpy.linalg import det, inv, norm, slogdet, solve
from scipy.special import erf, gammaln, logsumexp, xlogy

R = np.random.default_rng(77)
NA = ("nonanalytic",)

# ---------------------------------------------------------------- scalar formulas
add("ev_projectile_range", lambda v, theta: v ** 2 * math.sin(2 * theta) / 9.81,
    [{"v": 20.0, "theta": 0.6}, {"v": 3.0, "theta": 1.2}])
add("ev_lens_equation", lambda do, di: 1.0 / (1.0 / do + 1.0 / di), [{"do": 0.3, "di": 0.12}])
add("ev_ideal_gas", lambda n, T, V: n * 8.314 * T / V, [{"n": 2.0, "T": 300.0, "V": 0.05}])
add("ev_van_der_waals", lambda V, T: 8.314 * T / (V - 3.2e-5) - 0.137 / V ** 2,
    [{"V": 1e-3, "T": 300.0}, {"V": 2.4e-2, "T": 273.0}])
add("ev_pendulum_period", lambda L, g: 2 * math.pi * msqrt(L / g), [{"L": 1.2, "g": 9.81}])
add("ev_compound_interest", lambda P, r, n: P * (1 + r / 12) ** (12 * n),
    [{"P": 1000.0, "r": 0.05, "n": 10.0}])
add("ev_log_ratio", lambda a, b: mlog(a / b) + a * b, [{"a": 2.5, "b": 0.4}])
add("ev_drag_force", lambda v, Cd: 0.5 * 1.225 * v ** 2 * Cd * 0.7, [{"v": 30.0, "Cd": 0.47}])
add("ev_sinc_like", lambda x: sin(x) / x + cos(x) / (1 + x ** 2), [[0.8], [5.3]])
add("ev_cosh_catenary", lambda x, a: a * cosh(x / a), [{"x": 2.0, "a": 1.5}])
add("ev_atan_angle", lambda x, y: arctan(y / x) * sqrt(x ** 2 + y ** 2), [{"x": 1.5, "y": 0.5}])

# ---------------------------------------------------------------- vectors and loops


def rosen_loop(x):
    total = 0.0
    for i in range(len(x) - 1):
        total += 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return total


add("ev_rosen_loop", rosen_loop, [[-1.2, 1.0, 0.8, 1.1], [0.5, 0.5, 0.5, 0.5]])


def energy_chain(x):
    e = 0.0
    for i in range(1, len(x)):
        d = x[i] - x[i - 1] - 1.0
        e = e + 0.5 * 10.0 * d * d
    return e + 0.1 * np.sum(x ** 4)


add("ev_spring_chain", energy_chain, [[0.0, 1.1, 1.9, 3.2, 4.0]])
add("ev_softmax_crossent", lambda z: -np.log(np.exp(z[1]) / np.sum(np.exp(z))),
    [[1.0, 2.0, 0.5, -1.0]])
add("ev_dot_from_import", lambda x: dot(x, x) * exp(-0.1 * dot(x, x)), [[1.0, -2.0, 0.5]])
add("ev_cumsum_penalty", lambda x: np.sum(np.cumsum(x) ** 2), [[0.5, -0.2, 0.3, 0.1]])
add("ev_mean_var", lambda x: np.var(x) + np.mean(x) ** 2, [[1.0, 2.0, 4.0, 7.0]])
add("ev_std_ddof", lambda x: np.std(x, ddof=1) / np.mean(x), [[10.0, 12.0, 9.5, 11.0, 13.0]])
add("ev_prod_geomean", lambda x: np.prod(x) ** (1.0 / len(x)), [[1.0, 4.0, 2.0]])
add("ev_diff_smooth", lambda x: np.sum(np.diff(x) ** 2) + np.sum(np.diff(x, n=2) ** 2),
    [[0.0, 0.5, 0.7, 1.6, 2.0]])
add("ev_list_comprehension", lambda x: sum([xi ** 2 * (i + 1) for i, xi in enumerate(x)]),
    [[0.5, 1.5, -2.0]])
add("ev_reshape_matrix", lambda x: np.trace(x.reshape(2, 2) @ x.reshape(2, 2).T),
    [[1.0, 2.0, 3.0, 4.0]])
add("ev_outer_sum", lambda x: np.sum(np.outer(x, x) * np.array([[1.0, 0.5, 0.0],
                                                                   [0.5, 2.0, 0.3],
                                                                   [0.0, 0.3, 1.0]])),
    [[0.3, -0.6, 1.0]])
add("ev_einsum_quad", lambda x: np.einsum("i,ij,j->", x, np.array([[2.0, 1.0], [0.0, 3.0]]), x),
    [[1.5, -0.5]])
add("ev_hstack_poly", lambda x: np.sum(np.hstack([x, x ** 2, x ** 3]) * np.arange(1, 7)),
    [[0.4, -1.1]])
add("ev_sort_top", lambda x: np.sum(np.sort(x)[-2:] ** 2), [[0.3, 1.5, -0.7, 0.9]], NA)

# ---------------------------------------------------------------- linear algebra
A_SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
add("ev_norm_import", lambda x: norm(x) + norm(x - 1.0) ** 2, [[0.3, 0.4, 1.2]])
add("ev_solve_quad", lambda b: b @ solve(A_SPD, b), [[1.0, -1.0, 0.5]])
add("ev_inv_trace", lambda x: np.trace(inv(np.diag(x) + A_SPD)), [[0.5, 1.0, 1.5]])
add("ev_det_2x2", lambda x: det(x.reshape(2, 2)) ** 2, [[1.0, 2.0, -0.5, 3.0]])
add("ev_logdet_spd", lambda x: slogdet(A_SPD + np.diag(x ** 2))[1], [[0.5, -0.3, 1.2]])
add("ev_norm_l1_axis", lambda x: np.linalg.norm(x.reshape(2, 3), ord=1) + np.sum(x ** 2),
    [[0.5, -1.0, 2.0, 0.3, 0.1, -0.6]], NA)
add("ev_norm_rows", lambda x: np.sum(np.linalg.norm(x.reshape(3, 2), axis=1)),
    [[0.5, -1.0, 2.0, 0.3, 0.1, -0.6]])
add("ev_matrix_power", lambda x: np.sum(np.linalg.matrix_power(x.reshape(2, 2), 3)),
    [[0.5, 0.2, -0.3, 0.8]])

# ---------------------------------------------------------------- scipy.special


def gamma_nll(theta):
    k, s = theta
    data = np.array([1.2, 0.7, 2.5, 3.1, 1.9])
    return -np.sum((k - 1) * np.log(data) - data / s - gammaln(k) - k * np.log(s))


add("ev_gamma_nll", gamma_nll, [[2.0, 1.0], [0.8, 3.0]])
add("ev_erf_cdf", lambda x, mu, s: 0.5 * (1 + erf((x - mu) / (s * np.sqrt(2)))),
    [{"x": 1.0, "mu": 0.2, "s": 0.7}])
add("ev_logsumexp_import", lambda z: logsumexp(z) - z[0], [[1.0, 0.0, -2.0, 3.0]])
add("ev_xlogy_entropy", lambda p: -np.sum(xlogy(p, p)), [[0.2, 0.3, 0.5]])
add("ev_expit_module", lambda w: np.sum(sc.expit(w * np.array([1.0, -2.0, 0.5]))),
    [[0.3, 1.0, -1.0]])

# ---------------------------------------------------------------- pieces (where / abs / max)
add("ev_where_relu", lambda x: np.sum(np.where(x > 0, x ** 2, 0.1 * x)), [[0.5, -0.4, 1.2]], NA)
add("ev_abs_l1", lambda w: np.sum((w - 0.3) ** 2) + 0.2 * np.sum(np.abs(w)), [[0.5, -0.4]], NA)
add("ev_builtin_max_hinge", lambda w, b: max(0.0, 1.0 - (2.0 * w + b)) ** 2 + 0.1 * w ** 2,
    [{"w": 0.1, "b": 0.2}], NA)
add("ev_np_max_smooth", lambda x: np.max(x) + np.log(np.sum(np.exp(x - np.max(x)))),
    [[0.5, 2.0, -1.0]])
add("ev_clip_loss", lambda x: np.sum(np.clip(x, -1.0, 1.0) * x), [[0.4, 1.5, -0.2]], NA)
add("ev_minimum_pair", lambda x, y: np.minimum(x ** 2, y + 1.0) + x * y,
    [{"x": 0.5, "y": 0.8}, {"x": 2.0, "y": 0.5}], NA)


def piecewise_tax(income):
    if income < 10.0:
        return 0.1 * income
    elif income < 40.0:
        return 1.0 + 0.2 * (income - 10.0) + 0.001 * income ** 2
    return 7.0 + 0.4 * (income - 40.0)


add("ev_if_piecewise", piecewise_tax, [[25.0], [55.0]], NA)

# ---------------------------------------------------------------- closures and helpers


def make_model(k, c):
    def model(x):
        return k * np.sum(tanh(c * x)) + helper_sq(x)
    return model


def helper_sq(x):
    return np.sum(x ** 2) / 2


add("ev_closure_factory", make_model(1.5, np.array([0.5, 2.0])), [[0.7, -0.1]])


class Potential:
    def __init__(self, eps, sigma):
        self.eps, self.sigma = eps, sigma

    def __call__(self, r):
        sr6 = (self.sigma / r) ** 6
        return 4 * self.eps * (sr6 ** 2 - sr6)


add("ev_callable_object", Potential(1.0, 1.0), [[1.12], [1.5]])


def lj_cluster(x):
    pos = x.reshape(-1, 2)
    e = 0.0
    for i in range(len(pos)):
        for j in range(i + 1, len(pos)):
            r2 = np.sum((pos[i] - pos[j]) ** 2)
            e += 4.0 * (r2 ** -6 - r2 ** -3)
    return e


add("ev_lj_cluster_loop", lj_cluster, [[0.0, 0.0, 1.1, 0.0, 0.5, 0.95]])
