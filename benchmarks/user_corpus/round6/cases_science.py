"""Everyday scientific code: physics, statistics, machine learning, linear algebra,
scipy.special, closures, loops, helpers and `from numpy import ...`."""

import math
from math import pi

import numpy as np
import scipy.special as sc
from functions import add
from numpy import dot, exp, log, outer, sum, tanh
from numpy.linalg import det, inv, slogdet, solve
from scipy.special import erf, gammaln, xlogy

R = np.random.default_rng(2026)
X_DATA = R.normal(size=(30, 3))
Y_BIN = (R.uniform(size=30) < 0.5).astype(float)
COUNTS = R.poisson(3.0, size=12).astype(float)
M_SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
B_VEC = np.array([1.0, -2.0, 0.5])


def projectile_range(v, theta):
    g = 9.81
    return v ** 2 * math.sin(2 * theta) / g


add("sc_projectile", projectile_range, [{"v": 20.0, "theta": 0.6}])
add("sc_pendulum_energy", lambda theta, omega: 0.5 * omega ** 2 + 9.81 * (1 - np.cos(theta)),
    [{"theta": 0.4, "omega": -1.2}])


def lennard_jones(x):
    p = x.reshape(-1, 2)
    e = 0.0
    for i in range(len(p)):
        for j in range(i + 1, len(p)):
            r2 = np.sum((p[i] - p[j]) ** 2)
            e += 4 * (1 / r2 ** 6 - 1 / r2 ** 3)
    return e


add("sc_lennard_jones_4", lennard_jones, [[0.0, 0.0, 1.1, 0.1, 0.2, 1.05, 1.2, 1.3]])
add("sc_spring_chain", lambda x: 0.5 * sum((x[1:] - x[:-1] - 1.0) ** 2) + 0.1 * sum(x ** 2),
    [[0.0, 1.2, 1.9, 3.3, 4.1]])
add("sc_gravity_potential",
    lambda q: -1.0 / np.linalg.norm(q[:2] - q[2:]) + 0.5 * q @ q, [[0.3, 0.4, -1.0, 0.8]])
add("sc_damped_osc", lambda A, gamma, w: A * exp(-gamma * 2.0) * np.cos(w * 2.0),
    [{"A": 1.5, "gamma": 0.3, "w": 2.2}])


def gauss_nll(theta):
    mu, log_sigma = theta
    s = exp(log_sigma)
    r = (X_DATA[:, 0] - mu) / s
    return sum(0.5 * r ** 2 + log_sigma) + 0.5 * len(r) * log(2 * pi)


add("sc_gauss_nll", gauss_nll, [[0.1, -0.2], [-0.5, 0.4]])


def logistic_loss(w):
    z = X_DATA @ w
    return np.mean(np.logaddexp(0, z) - Y_BIN * z) + 1e-2 * dot(w, w)


add("sc_logistic_loss", logistic_loss, [[0.2, -0.5, 1.0], [2.0, 1.0, -3.0]])


def poisson_loglik(log_rate):
    lam = np.exp(log_rate)
    return np.sum(COUNTS * log_rate - lam - gammaln(COUNTS + 1))


add("sc_poisson_loglik", lambda x: poisson_loglik(x[0]) + 0 * x[1] ** 2, [[1.1, 0.3]])
add("sc_student_t_logpdf",
    lambda x, nu: gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * np.log(nu * np.pi)
    - (nu + 1) / 2 * np.log1p(x ** 2 / nu), [{"x": 1.3, "nu": 4.5}])
add("sc_normal_cdf", lambda x, mu, s: 0.5 * (1 + erf((x - mu) / (s * math.sqrt(2)))),
    [{"x": 0.7, "mu": 0.1, "s": 1.3}])
add("sc_beta_logpdf",
    lambda a, b: sc.betaln(a, b) * -1 + (a - 1) * np.log(0.3) + (b - 1) * np.log(0.7),
    [{"a": 2.5, "b": 1.5}])
add("sc_entropy", lambda p: -np.sum(xlogy(p, p)), [[0.2, 0.5, 0.3]])


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def cross_entropy(w):
    W = w.reshape(3, 3)
    logits = X_DATA[:5] @ W
    probs = np.array([softmax(row) for row in logits])
    return -np.mean(np.log(probs[np.arange(5), [0, 2, 1, 1, 0]]))


add("sc_softmax_xent", cross_entropy, [np.linspace(-0.5, 0.7, 9)])


def mlp(params):
    W1 = params[:6].reshape(3, 2)
    b1 = params[6:8]
    w2 = params[8:10]
    h = tanh(X_DATA[:8] @ W1 + b1)
    return np.mean((h @ w2 - Y_BIN[:8]) ** 2)


add("sc_tiny_mlp", mlp, [np.linspace(-1, 1, 10), np.cos(np.arange(10.0))])
add("sc_logdet_diag", lambda x: slogdet(M_SPD + np.diag(x ** 2))[1], [[0.5, -1.0, 0.3]])
add("sc_det_2x2", lambda a, b, c, d: det(np.array([[a, b], [c, d]])),
    [{"a": 1.0, "b": 2.0, "c": 0.5, "d": 3.0}])
add("sc_quad_solve", lambda x: B_VEC @ solve(M_SPD + np.diag(x), B_VEC), [[0.1, 0.2, 0.3]])
add("sc_trace_inv", lambda x: np.trace(inv(M_SPD * x[0] + np.eye(3) * x[1])), [[1.5, 0.2]])
add("sc_outer_energy", lambda x: np.sum(outer(x, x) * M_SPD), [[0.3, -0.6, 1.1]])
add("sc_matrix_power", lambda x: np.sum(np.linalg.matrix_power(np.diag(x) + 0.1, 3)),
    [[0.5, 1.0, -0.4]])


def make_loss(data, weight):
    def loss(w):
        return weight * np.sum((data @ w - 1.0) ** 2)

    return loss


add("sc_closure_loss", make_loss(X_DATA[:10], 0.3), [[0.2, 0.1, -0.4]])


def horner(c):
    x = 1.7
    acc = 0.0
    for ck in c:
        acc = acc * x + ck
    return acc


add("sc_horner_coeffs", horner, [[1.0, -2.0, 0.5, 3.0]])


def logistic_map(r):
    x = 0.3
    for _ in range(8):
        x = r * x * (1 - x)
    return x


add("sc_logistic_map", logistic_map, [[3.2], [2.8]])


def newton_sqrt(a):
    x = a
    for _ in range(30):
        x = 0.5 * (x + a / x)
    return x


add("sc_newton_sqrt", newton_sqrt, [[2.0], [9.5]])
add("sc_math_mix", lambda x, y: math.log(x) * math.cos(y) + math.sqrt(x * y) + math.atan(y / x),
    [{"x": 2.0, "y": 0.7}])
add("sc_pow_chain", lambda x: x[0] ** x[1] + x[1] ** 0.5 * x[2] ** -2, [[1.5, 2.5, 0.8]])
add("sc_gamma_ratio", lambda x: sc.gamma(x[0]) / sc.gamma(x[1]) + sc.digamma(x[0]),
    [[2.5, 3.2]])
add("sc_bessel", lambda x: sc.j0(x[0]) * x[1] + sc.i0(x[1]), [[1.3, 0.6]])
add("sc_erfinv_mix", lambda x: sc.erfinv(x[0]) + sc.log_ndtr(x[1]), [[0.3, -1.2]])
add("sc_where_piecewise",
    lambda x: np.sum(np.where(x < 1.0, x ** 2, 2 * x - 1) * np.array([1.0, 2.0, 3.0])),
    [[0.5, 1.5, 3.0]])
add("sc_hypot_norm", lambda x: np.sqrt(np.sum(x ** 2)) + np.linalg.norm(x - 1.0),
    [[1.2, -0.3, 2.0]])
add("sc_stack_ops", lambda x: np.sum(np.stack([x, x ** 2, np.sin(x)]).T @ np.array([1, -1, 2.0])),
    [[0.4, 1.1]])
add("sc_kron_sum", lambda x: np.sum(np.kron(x, x[::-1]) ** 2), [[0.3, -0.2, 0.9]])
add("sc_arctan2_angle", lambda x: np.arctan2(x[1], x[0]) ** 2 + np.log(x[0] ** 2 + x[1] ** 2),
    [[1.0, 0.6], [-0.5, 0.8]])
add("sc_prod_ratio", lambda x: np.prod(x) / np.sum(x), [[1.2, 0.7, 2.5]])
add("sc_cosh_sinh", lambda x: np.cosh(x[0]) * np.sinh(x[1]) - np.arcsinh(x[0] * x[1]),
    [[0.5, -1.3]])
