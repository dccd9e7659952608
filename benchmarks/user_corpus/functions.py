"""A corpus of functions written the way gradlab's users write them.

Students, scientists and teachers hand gradlab ordinary numpy / math / scipy.special code:
helpers calling helpers, closures, lambdas, callable objects, methods, functools.partial,
module-level data (arrays, pandas columns, dicts of arrays), linear algebra, reductions,
losses, physics and finance formulas, Python loops and builtins.

Every entry of CASES is (name, f, point): the point is given the way the gradlab README
describes it (a dict of scalars, a tuple of positional numbers, or one array for f(x)).
All points are chosen where f is smooth (no ties for max/min, no kinks, no zero norms),
so there is one right gradient. The hand-written jax.numpy rewrites live in
jax_rewrites.py; truth_jax.py differentiates those to get the true gradients.
"""

import functools
import math
from math import sqrt as msqrt

import numpy as np
import pandas as pd
import scipy.special
from numpy import exp, sin, tanh
from scipy.special import erf, erfc, expit, gammaln, logsumexp, xlogy

CASES = []


def add(name, f, point):
    CASES.append((name, f, point))
    return f


def case(point, name=None):
    """Decorator: register a plain def."""

    def deco(f):
        add(name or f.__name__, f, point)
        return f

    return deco


# --------------------------------------------------------------------------------------
# module-level data, the way a notebook keeps it
# --------------------------------------------------------------------------------------
_rng = np.random.default_rng(1234)
A3 = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
B3 = np.array([[0.3, -1.2, 0.7], [2.0, 0.1, -0.4], [-0.5, 0.9, 1.1]])
W43 = _rng.normal(size=(4, 3))
b4 = _rng.normal(size=4)
v3 = np.array([0.7, -1.1, 2.3])
v4 = np.array([1.0, -0.5, 0.25, 2.0])
w6 = np.linspace(0.5, 3.0, 6)
X_train = _rng.normal(size=(25, 3))
y_train = (X_train @ np.array([1.0, -2.0, 0.5]) + 0.3 * _rng.normal(size=25) > 0).astype(float)
labels_onehot = np.eye(4)[[2]][0]
obs = _rng.normal(loc=1.5, scale=0.8, size=30)
t_grid = np.linspace(0.0, 2.0, 15)
y_meas = 2.5 * np.exp(-0.7 * t_grid) + 0.05 * _rng.normal(size=15)
DATA = {"t": t_grid, "y": y_meas, "sigma": 0.05 + 0.01 * np.arange(15)}
df = pd.DataFrame({"dose": np.linspace(0.1, 3.0, 12), "response": np.tanh(np.linspace(0.1, 3.0, 12)) + 0.02})
series = pd.Series(np.linspace(-1.0, 1.0, 9) ** 2 + 0.1, name="signal")
COV = np.array([[0.04, 0.006, 0.002], [0.006, 0.09, 0.01], [0.002, 0.01, 0.0225]])
MU_RET = np.array([0.06, 0.1, 0.07])
TARGET = np.array([1.0, 2.0, -1.0, 0.5])
CASHFLOWS = [5.0, 5.0, 5.0, 5.0, 105.0]
POLY = [0.5, -1.0, 2.0, 3.0]
G = 9.81
CHARGES = np.array([1.0, -1.0, 2.0, -0.5])
PARAMS = {"k": 2.0, "m": 1.5}


# --------------------------------------------------------------------------------------
# 1. scalar formulas with dict points
# --------------------------------------------------------------------------------------
@case({"x": 0.5, "y": 2.0})
def sin_exp_imported(x, y):
    return sin(x) * exp(x * y)


@case({"x": 1.2, "y": -0.7, "z": 2.5})
def math_hypot_log(x, y, z):
    return math.hypot(x, y) * math.log(z)


@case({"x": 1.2, "y": -0.7})
def np_hypot(x, y):
    return np.hypot(x, y) ** 3


@case({"x": -0.8, "y": 0.6})
def np_arctan2(x, y):
    return np.arctan2(y, x) * x


@case({"x": 1.3, "y": 0.4})
def math_atan2_sqrt(x, y):
    return math.atan2(y, x) + math.sqrt(x * x + y * y)


@case({"x": 1.1, "y": -0.9})
def integer_powers(x, y):
    return x**3 - 2 * x**2 * y + y**4 - 7


@case({"x": 1.7, "y": 2.2})
def negative_powers(x, y):
    return x**-2 + y ** (-0.5) + 1 / (x * y) ** 3


@case({"x": 1.8, "y": 2.6})
def variable_exponent(x, y):
    return x**y + 2.0**x


@case({"x": -1.3, "y": 0.8})
def builtin_abs(x, y):
    return abs(x) * y + abs(y - 2.0)


@case({"x": 1.5, "y": 0.3})
def builtin_max_two(x, y):
    return max(x * x, y) + min(x, y) ** 2


@case({"x": 0.9, "y": -0.4})
def np_maximum_minimum(x, y):
    return np.maximum(x, 0.0) * np.minimum(y, 1.0) + np.maximum(x * y, -5.0)


@case({"x": 0.6, "y": 1.4})
def math_fsum_list(x, y):
    return math.fsum([x, y * y, x * y, math.exp(x)])


@case({"x": 0.75})
def taylor_sum_generator(x):
    return sum(x**k / math.factorial(k) for k in range(10))


@case({"x": 0.3, "y": 1.1})
def loop_accumulate(x, y):
    acc = 0.0
    for k in range(1, 6):
        acc += math.sin(k * x) / k + y**k / (k + 1)
    return acc


@case({"x": 1.25})
def horner_loop(x):
    result = 0.0
    for c in POLY:
        result = result * x + c
    return result


@case({"x": -0.6, "y": 3.0})
def np_polyval_scalar(x, y):
    return np.polyval([1.0, -2.0, 3.0, 0.5], x) * y


@case({"x": 0.4, "y": 1.7})
def scipy_erf(x, y):
    return erf(x) * y + erfc(x * y)


@case({"x": 2.3, "y": 4.5})
def scipy_gammaln(x, y):
    return gammaln(x) + gammaln(y) - gammaln(x + y)


@case({"x": 0.8, "y": -1.5})
def scipy_expit(x, y):
    return expit(x * y) + expit(x)


@case({"x": 0.7, "y": 2.4})
def scipy_xlogy(x, y):
    return xlogy(x, y) + xlogy(y, x)


@case({"x": 0.3, "y": -1.2, "z": 0.9})
def scipy_logsumexp_scalars(x, y, z):
    return logsumexp([x, y, z])


@case({"x": 0.8})
def scipy_special_attr(x):
    return scipy.special.erf(x) + scipy.special.expit(2 * x)


@case({"x": 0.4, "y": 0.9})
def tanh_log1p_expm1(x, y):
    return tanh(x) + np.log1p(y) - np.expm1(-x * y)


@case({"x": 0.35, "y": 1.3})
def np_logaddexp(x, y):
    return np.logaddexp(x, y) + np.logaddexp(0.0, -x)


@case({"x": 1.6, "y": 0.2})
def np_sinh_cosh(x, y):
    return np.sinh(x) * np.cosh(y) + np.arcsinh(x * y) + np.arccos(y)


@case({"x": 0.3})
def np_arcsin_arctan(x):
    return np.arcsin(x) * np.arctan(x) + np.tan(x)


@case({"x": 2.0, "y": 0.5})
def np_log2_log10(x, y):
    return np.log2(x) * np.log10(x + y) + np.exp2(y)


@case({"x": 1.4, "y": 0.6})
def sqrt_cbrt_square(x, y):
    return np.sqrt(x) * np.cbrt(x + y) + np.square(x - y) + np.reciprocal(y)


@case({"x": 3.0, "y": 1.5})
def np_power_float_power(x, y):
    return np.power(x, 3) + np.float_power(y, 2.5) + np.power(x, y)


# --------------------------------------------------------------------------------------
# 2. physics, statistics, finance with scalar parameters
# --------------------------------------------------------------------------------------
def lj_pair(r, eps=1.0, sigma=1.0):
    sr6 = (sigma / r) ** 6
    return 4 * eps * (sr6 * sr6 - sr6)


def distance(x1, y1, x2, y2):
    return math.sqrt((x1 - x2) ** 2 + (y1 - y2) ** 2)


@case({"x1": 0.0, "y1": 0.1, "x2": 1.05, "y2": 0.3})
def lennard_jones_two_atoms(x1, y1, x2, y2):
    return lj_pair(distance(x1, y1, x2, y2))


@case({"mu": 1.3, "sigma": 0.9})
def gaussian_loglik_global_obs(mu, sigma):
    n = len(obs)
    return -0.5 * n * np.log(2 * np.pi * sigma**2) - np.sum((obs - mu) ** 2) / (2 * sigma**2)


def norm_cdf(z):
    return 0.5 * (1 + erf(z / msqrt(2)))


@case({"S": 100.0, "K": 95.0, "T": 0.75, "r": 0.03, "sigma": 0.25})
def black_scholes_call(S, K, T, r, sigma):
    d1 = (np.log(S / K) + (r + 0.5 * sigma**2) * T) / (sigma * np.sqrt(T))
    d2 = d1 - sigma * np.sqrt(T)
    return S * norm_cdf(d1) - K * np.exp(-r * T) * norm_cdf(d2)


@case({"y": 0.045})
def bond_price_cashflows(y):
    return sum(cf / (1 + y) ** (t + 1) for t, cf in enumerate(CASHFLOWS))


@case({"P": 1000.0, "r": 0.05, "t": 10.0})
def compound_interest(P, r, t):
    n = 12
    return P * (1 + r / n) ** (n * t)


@case({"v": 20.0, "theta": 0.6})
def projectile_range(v, theta):
    return v**2 * np.sin(2 * theta) / G


@case({"theta": 0.4, "w": 1.3, "m": 2.0, "l": 0.7})
def pendulum_energy(theta, w, m, l):
    return 0.5 * m * l**2 * w**2 + m * G * l * (1 - math.cos(theta))


@case({"a": 1.2, "b": 0.3})
def least_squares_dict_of_arrays(a, b):
    model = DATA["y"][0] * np.exp(-a * DATA["t"]) + b
    return np.sum(((model - DATA["y"]) / DATA["sigma"]) ** 2)


@case({"a": 0.9, "b": 0.05})
def pandas_dataframe_fit(a, b):
    x = df["dose"].values
    y = df["response"].values
    return np.mean((np.tanh(a * x) + b - y) ** 2)


@case({"c": 0.8, "s": 0.15})
def pandas_series_values(c, s):
    y = series.values
    return np.sum((y - c) ** 2) / s + np.log(s) * len(y)


@case({"k": 3.0, "x": 0.4})
def dict_params_spring(k, x):
    return 0.5 * k * x**2 + 0.5 * PARAMS["m"] * PARAMS["k"] * x**4


@case({"q1": 1.5, "q2": -0.7, "r": 0.8})
def coulomb_energy(q1, q2, r):
    k_e = 8.9875517923e9
    return k_e * q1 * q2 / r


@case({"T": 300.0, "E": 0.5})
def arrhenius(T, E):
    k_B = 8.617333262e-5
    return 1e13 * math.exp(-E / (k_B * T))


@case({"x": 0.3, "p": 0.65})
def bernoulli_nll(x, p):
    return -(x * np.log(p) + (1 - x) * np.log(1 - p))


@case({"T": 5800.0, "lam": 5e-7})
def planck_law(T, lam):
    h, c, kB = 6.62607015e-34, 2.99792458e8, 1.380649e-23
    return 2 * h * c**2 / lam**5 / (np.exp(h * c / (lam * kB * T)) - 1)


# --------------------------------------------------------------------------------------
# 3. closures, factories, lambdas, callable objects, methods, partial
# --------------------------------------------------------------------------------------
def make_poly(a, b, c):
    def poly(x, y):
        return a * x**2 + b * x * y + c * np.sin(y)

    return poly


add("closure_factory", make_poly(1.5, -0.5, 2.0), {"x": 0.7, "y": 1.9})


def make_loss(data):
    scale = float(np.std(data))

    def loss(mu, s):
        return np.sum(((data - mu) / (s * scale)) ** 2) + np.log(s)

    return loss


add("closure_over_array", make_loss(obs[:10]), {"mu": 1.2, "s": 1.3})

add("lambda_two_args", lambda x, y: np.exp(-x**2 - y**2) * (x + 2 * y), {"x": 0.3, "y": -0.4})
add("lambda_vector", lambda v: np.sum(np.cos(v) * v**2), np.array([0.5, 1.5, -2.0]))


def energy_with_params(x, y, c=1.0, d=0.0):
    return c * (x - d) ** 2 + np.cosh(y * c)


add("functools_partial", functools.partial(energy_with_params, c=2.5, d=0.3), {"x": 1.1, "y": 0.4})


class Quadratic:
    def __init__(self, A, b):
        self.A = A
        self.b = b

    def __call__(self, x):
        return 0.5 * x @ self.A @ x - self.b @ x


add("callable_instance_quadratic", Quadratic(A3, v3), np.array([0.4, -0.2, 1.0]))


class Oscillator:
    def __init__(self, k, m):
        self.k = k
        self.m = m

    def energy(self, x, p):
        return p**2 / (2 * self.m) + 0.5 * self.k * x**2 + 0.1 * x**4

    def omega(self):
        return math.sqrt(self.k / self.m)


_osc = Oscillator(4.0, 0.5)
add("bound_method", _osc.energy, {"x": 0.8, "p": -1.2})


class Model:
    def predict(self, w):
        return X_train @ w

    def loss(self, w):
        r = self.predict(w) - y_train
        return np.mean(r**2) + 0.01 * np.sum(w**2)


add("method_calls_method", Model().loss, np.array([0.5, -0.3, 0.1]))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def layer(x):
    return sigmoid(W43 @ x + b4)


def network(x):
    return np.sum(layer(x) ** 2)


add("helpers_calling_helpers", network, np.array([0.2, -0.5, 1.1]))


def outer_helper(x, y):
    return inner_helper(x) * inner_helper(y) + x


def inner_helper(t):
    return np.exp(-t) * np.sin(3 * t)


add("helper_defined_after", outer_helper, {"x": 0.4, "y": 1.2})


@case({"x": 0.6, "y": 1.3})
def import_numpy_inside(x, y):
    import numpy as np

    return np.sin(x) * np.log(y) + np.sqrt(x + y)


@case({"x": 0.6, "y": 1.3})
def import_math_inside(x, y):
    import math as m

    return m.sin(x) * m.log(y) + m.sqrt(x + y)


add("positional_tuple_point", lambda a, b: a**2 * np.exp(b) - b / a, (1.5, 0.2))


# --------------------------------------------------------------------------------------
# 4. vectors and matrices as the variable
# --------------------------------------------------------------------------------------
add("quad_form_global_A", lambda x: x @ A3 @ x, np.array([0.3, -1.2, 0.8]))


@case(np.array([0.2, -0.5, 1.1]))
def tanh_layer_sum(x):
    return np.sum(np.tanh(W43 @ x + b4))


@case(np.array([1.0, -2.0, 0.5, 3.0]))
def norm_default(x):
    return np.linalg.norm(x)


@case(np.array([1.0, -2.0, 0.5, 3.0]))
def norm_ord1(x):
    return np.linalg.norm(x, ord=1)


@case(np.array([1.0, -2.0, 0.5, 3.0]))
def norm_ord3(x):
    return np.linalg.norm(x, ord=3)


@case(np.array([1.0, -2.0, 0.5, 3.0]))
def norm_inf(x):
    return np.linalg.norm(x, np.inf)


@case(np.array([1.0, -2.0, 0.5, 3.0]))
def norm_minus_inf(x):
    return np.linalg.norm(x, -np.inf) * 2.0


@case(np.array([[1.0, 2.0, -0.5], [0.3, -1.0, 2.0]]))
def norm_fro_matrix(M):
    return np.linalg.norm(M)


@case(np.array([[1.0, 2.0, -0.5], [0.3, -1.0, 2.0]]))
def norm_rows_axis1(M):
    return np.sum(np.linalg.norm(M, axis=1) ** 3)


@case(np.array([[1.0, 2.0, -0.5], [0.3, -1.0, 2.0]]))
def norm_cols_ord1_axis0(M):
    return np.linalg.norm(M, ord=1, axis=0) @ np.array([1.0, 2.0, 3.0])


@case(np.array([[1.0, 2.0, -0.5], [0.3, -1.0, 2.0]]))
def norm_axis_neg1_keepdims(M):
    n = np.linalg.norm(M, axis=-1, keepdims=True)
    return np.sum(M / n * np.array([[1.0, 2.0, 3.0]]))


@case(np.array([[2.0, 0.5], [0.3, 1.0]]))
def norm_spectral(M):
    return np.linalg.norm(M, 2)


@case(np.array([[2.0, 0.5], [0.3, 1.0]]))
def norm_nuclear(M):
    return np.linalg.norm(M, "nuc")


@case(np.array([[2.0, 0.5, -1.0], [0.3, 1.0, 0.2], [0.1, -0.4, 1.5]]))
def norm_matrix_ord1(M):
    return np.linalg.norm(M, 1)


@case(np.array([[2.0, 0.5, -1.0], [0.3, 1.0, 0.2], [0.1, -0.4, 1.5]]))
def det_matrix(M):
    return np.linalg.det(M)


@case(np.array([[2.0, 0.5, -1.0], [0.3, 1.0, 0.2], [0.1, -0.4, 1.5]]))
def slogdet_matrix(M):
    sign, logdet = np.linalg.slogdet(M)
    return logdet


@case(np.array([[2.0, 0.5, -1.0], [0.3, 1.0, 0.2], [0.1, -0.4, 1.5]]))
def inv_sum(M):
    return np.sum(np.linalg.inv(M) * B3)


@case(np.array([[2.0, 0.5, -1.0], [0.3, 1.0, 0.2], [0.1, -0.4, 1.5]]))
def solve_matrix_variable(M):
    return v3 @ np.linalg.solve(M, v3)


@case(np.array([0.5, -1.0, 2.0]))
def solve_rhs_variable(x):
    return np.sum(np.linalg.solve(A3, x) ** 2)


@case(np.array([[1.0, 0.2], [0.5, 2.0]]))
def trace_of_square(M):
    return np.trace(M @ M) + np.trace(M.T @ B3[:2, :2])


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1], [0.4, 0.6, 0.9]]))
def trace_offset(M):
    return np.trace(M, offset=1) * np.trace(M, offset=-1) + np.trace(M) ** 2


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1]]))
def sum_keepdims_divide(M):
    s = np.sum(M**2, axis=1, keepdims=True)
    return np.sum(M**3 / s)


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1]]))
def sum_negative_axis(M):
    return np.sum(np.exp(M), axis=-1) @ np.array([1.0, -2.0])


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1]]))
def sum_axis_tuple(M):
    return np.sum(M**2, axis=(0, 1)) + np.mean(np.sin(M), axis=(-2, -1))


@case(np.array([1.0, 2.5, -0.3, 0.8, 1.9]))
def std_var_mean(x):
    return np.std(x) + np.var(x, ddof=1) + np.mean(x) ** 2


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1], [0.4, 0.6, 0.9]]))
def std_axis1_var_axis0(M):
    return np.sum(np.std(M, axis=1)) + np.var(M, axis=0, ddof=1) @ np.array([1.0, 2.0, 3.0])


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1]]))
def mean_axis0_keepdims(M):
    mu = np.mean(M, axis=0, keepdims=True)
    return np.sum((M - mu) ** 2 * np.array([[1.0], [3.0]]))


@case(np.array([0.1, 2.0, -0.5, 1.2]))
def np_max_unique(x):
    return np.max(x) * 3 + np.min(x) ** 2


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1]]))
def np_max_axis(M):
    return np.sum(np.max(M, axis=0) * np.array([1.0, 2.0, 3.0])) + np.sum(np.min(M, axis=1))


@case(np.array([0.1, 2.0, -0.5, 1.2]))
def method_max_sum_mean(x):
    return x.max() + x.sum() * x.mean() + x.min() + x.prod()


@case(np.array([0.1, 2.0, -0.5, 1.2]))
def builtin_max_over_array(x):
    return max(x) + min(x) ** 2 + sum(x**2)


@case({"x": 0.3, "y": 1.7, "z": -0.4})
def builtin_max_list(x, y, z):
    return max([x, y, z]) ** 2 + min(x, y, z)


@case(np.array([0.3, -0.4, 2.0, -3.0]))
def np_clip(x):
    return np.sum(np.clip(x, -1.0, 1.0) ** 2 * np.array([1.0, 2.0, 3.0, 4.0]))


@case(np.array([0.3, -0.4, 2.0, -3.0]))
def np_where_branches(x):
    return np.sum(np.where(x > 0, x**2, -x**3))


@case(np.array([0.3, -0.4, 2.0, -3.0]))
def np_abs_sign(x):
    return np.sum(np.abs(x) ** 1.5) + np.sum(np.sign(x) * x**2)


@case(np.array([0.5, 1.0, -0.5, 2.0, 0.3]))
def np_cumsum(x):
    return np.sum(np.cumsum(x) ** 2)


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1]]))
def np_cumsum_axis(M):
    return np.sum(np.cumsum(M, axis=1) ** 2 * np.array([[1.0, 2.0, 3.0]])) + np.sum(np.cumprod(M, axis=0))


@case(np.array([0.5, 1.0, -0.5, 2.0, 0.3]))
def np_diff(x):
    return np.sum(np.diff(x) ** 2) + np.sum(np.diff(x, n=2) ** 3)


@case(np.array([0.5, 1.0, -0.5]))
def np_outer(x):
    return np.sum(np.outer(x, x) * A3) + np.sum(np.outer(x, v4))


@case(np.array([0.5, 1.0, -0.5]))
def np_inner_dot_vdot(x):
    return np.inner(x, v3) * np.dot(x, x) + np.vdot(x, A3 @ x)


@case(np.array([0.5, 1.0, -0.5]))
def einsum_quadratic(x):
    return np.einsum("i,ij,j->", x, A3, x)


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1], [0.4, 0.6, 0.9]]))
def einsum_trace_frob(M):
    return np.einsum("ii->", M) * np.einsum("ij,ij->", M, M) + np.einsum("ij,jk->ik", M, B3).sum()


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1], [0.4, 0.6, 0.9]]))
def tensordot_axes2(M):
    return np.tensordot(M, B3, axes=2) + np.tensordot(M, M, axes=([1], [0])).sum()


@case(np.array([0.5, 1.0, -0.5]))
def tensordot_axes1(x):
    return np.tensordot(x, A3, axes=1) @ x


@case(np.array([0.5, 1.0, -0.5]))
def np_kron(x):
    return np.kron(x, x) @ np.arange(1.0, 10.0)


@case(np.array([0.5, 1.0, -0.5, 2.0, 0.3, -1.1]))
def reshape_transpose(x):
    M = x.reshape(2, 3)
    return np.sum(M @ M.T) + np.sum(np.transpose(M) * B3[:, :2])


@case(np.array([0.5, 1.0, -0.5, 2.0, 0.3, -1.1]))
def reshape_minus1(x):
    M = x.reshape(-1, 2)
    return np.sum(M[:, 0] * M[:, 1]) + np.sum(M.ravel()[::-1] * w6)


@case(np.array([0.5, 1.0, -0.5, 2.0, 0.3, -1.1]))
def fancy_indexing(x):
    return np.sum(x[[0, 2, 3]] ** 2) + x[-1] * x[1] + np.sum(x[x.shape[0] // 2 :])


@case(np.array([0.5, 1.0, -0.5, 2.0, 0.3, -1.1]))
def strided_slices(x):
    return np.sum(x[::2] * x[1::2]) + np.sum(x[1:] - x[:-1]) ** 2


@case(np.array([0.5, 1.0, -0.5, 2.0, 0.3, -1.1]))
def boolean_mask_constant(x):
    mask = np.array([True, False, True, True, False, True])
    return np.sum(x[mask] ** 2)


@case(np.array([0.1, 0.9, -0.7, 1.6]))
def pairwise_broadcast_gaussian(x):
    d = x[:, None] - x[None, :]
    return np.sum(np.exp(-(d**2)))


@case(np.array([[0.0, 0.0, 0.0], [1.1, 0.0, 0.0], [0.5, 1.0, 0.1], [0.4, 0.3, 1.2]]))
def lennard_jones_cluster_loops(P):
    E = 0.0
    n = P.shape[0]
    for i in range(n):
        for j in range(i + 1, n):
            r = np.sqrt(np.sum((P[i] - P[j]) ** 2))
            E = E + lj_pair(r)
    return E


@case(np.array([[0.0, 0.0, 0.0], [1.1, 0.0, 0.0], [0.5, 1.0, 0.1], [0.4, 0.3, 1.2]]))
def lennard_jones_vectorised(P):
    diff = P[:, None, :] - P[None, :, :]
    r2 = np.sum(diff**2, axis=-1)
    iu = np.triu_indices(P.shape[0], k=1)
    inv6 = 1.0 / r2[iu] ** 3
    return np.sum(4.0 * (inv6**2 - inv6))


@case(np.array([[0.0, 0.1], [1.0, -0.2], [0.3, 1.4], [-1.2, 0.5]]))
def coulomb_matrix_energy(P):
    E = 0.0
    for i in range(len(CHARGES)):
        for j in range(i):
            E += CHARGES[i] * CHARGES[j] / np.linalg.norm(P[i] - P[j])
    return E


@case(np.array([0.0, 1.1, 2.3, 2.9, 4.2]))
def spring_chain(x):
    k, L = 3.0, 1.0
    return 0.5 * k * np.sum((np.diff(x) - L) ** 2)


@case(np.array([-1.2, 1.0, 0.8, 1.3]))
def rosenbrock_loop(x):
    s = 0.0
    for i in range(len(x) - 1):
        s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return s


@case(np.array([-1.2, 1.0, 0.8, 1.3]))
def rosenbrock_vectorised(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


@case(np.array([0.5, 1.3, -0.7, 2.0]))
def np_prod(x):
    return np.prod(x) + np.prod(x[:2] + 1)


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1]]))
def np_prod_axis(M):
    return np.prod(M, axis=0) @ np.array([1.0, 2.0, 3.0]) + np.sum(np.prod(M, axis=1, keepdims=True))


@case(np.array([0.5, 1.3, -0.7, 2.0, 0.1]))
def np_sort_weighted(x):
    return np.sort(x) @ np.arange(1.0, 6.0)


@case(np.array([0.5, 1.3, -0.7, 2.0, 0.1]))
def np_median_odd(x):
    return np.median(x) * 2.0 + np.sum(x)


@case(np.array([1.0, -2.0, 0.5, 3.0]))
def np_polyval_coeffs(c):
    return np.polyval(c, 0.7) + np.polyval(c, -1.3) ** 2


@case(np.array([0.5, -1.0, 2.0]))
def mvn_logpdf(x):
    d = x - v3
    Sinv = np.linalg.inv(A3)
    _, logdet = np.linalg.slogdet(A3)
    return -0.5 * d @ Sinv @ d - 0.5 * logdet - 0.5 * len(x) * np.log(2 * np.pi)


@case(np.array([0.3, 0.5, 0.2]))
def portfolio_sharpe(w):
    ret = MU_RET @ w
    vol = np.sqrt(w @ COV @ w)
    return (ret - 0.02) / vol


@case(np.array([0.3, 0.5, 0.2]))
def portfolio_variance_dot(w):
    return np.dot(w, np.dot(COV, w)) - 0.5 * np.dot(MU_RET, w)


@case(np.array([0.9, 2.1, -0.8, 0.4]))
def distance_to_global_target(x):
    return np.linalg.norm(x - TARGET) + np.sum((x - TARGET) ** 2)


@case(np.array([0.2, -1.3, 0.8, 0.1]))
def softmax_cross_entropy(z):
    p = np.exp(z) / np.sum(np.exp(z))
    return -np.sum(labels_onehot * np.log(p))


def stable_softmax(z):
    z = z - np.max(z)
    e = np.exp(z)
    return e / e.sum()


@case(np.array([0.2, -1.3, 0.8, 0.1]))
def softmax_entropy_xlogy(z):
    p = stable_softmax(z)
    return -np.sum(xlogy(p, p))


@case(np.array([0.2, -1.3, 0.8, 0.1]))
def logsumexp_manual_max(z):
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m)))


@case(np.array([0.2, -1.3, 0.8, 0.1]))
def scipy_logsumexp_vector(z):
    return logsumexp(z) + logsumexp(z, b=np.array([1.0, 2.0, 0.5, 1.5]))


@case(np.array([[0.2, -1.3, 0.8], [0.1, 0.5, -0.4]]))
def scipy_logsumexp_axis(Z):
    return np.sum(logsumexp(Z, axis=1) * np.array([1.0, 3.0])) + np.sum(logsumexp(Z, axis=0))


@case(np.array([0.5, -1.0, 0.25]))
def logistic_regression_loss(w):
    z = X_train @ w
    p = expit(z)
    return -np.mean(y_train * np.log(p) + (1 - y_train) * np.log(1 - p)) + 0.01 * w @ w


@case(np.array([0.5, -1.0, 0.25]))
def logistic_loss_logaddexp(w):
    z = X_train @ w
    return np.mean(np.logaddexp(0, z) - y_train * z)


@case(np.array([0.3, -0.8, 1.5]))
def softplus_sum(x):
    return np.sum(np.log(1 + np.exp(x)))


@case(np.array([0.0, 0.3, 1.2, 0.7, 2.0]))
def trapezoid_integral(y):
    return np.trapezoid(y**2, dx=0.25)


@case(np.array([[0.4, -0.2], [1.5, 0.3]]))
def matmul_chain(M):
    return np.sum(np.matmul(M, M) @ M) + np.sum(M @ np.array([1.0, -1.0]))


@case(np.array([[0.4, -0.2, 1.0], [1.5, 0.3, -0.6], [0.2, 0.8, 0.5]]))
def tril_triu(M):
    return np.sum(np.tril(M) ** 2) + 2 * np.sum(np.triu(M, k=1))


@case(np.array([0.5, -1.0, 0.25]))
def stack_concatenate(x):
    y = np.concatenate([x, x**2])
    Z = np.stack([x, np.sin(x)], axis=0)
    return y @ w6 + np.sum(Z * Z)


@case({"x": 0.5, "y": -1.0})
def array_from_scalars(x, y):
    v = np.array([x, y, x * y])
    return v @ A3 @ v


@case(np.array([0.5, 1.2, 0.8, 1.4]))
def arange_weights(x):
    k = np.arange(1, x.shape[0] + 1)
    return np.sum(k * x**k)


@case(np.array([0.5, 1.2, 0.8, 1.4]))
def python_loop_over_elements(x):
    total = 0.0
    for xi in x:
        total += xi * np.exp(-xi)
    return total


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1]]))
def generator_over_rows(M):
    return sum(np.dot(r, r) ** 0.5 for r in M)


@case(np.array([[2.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 3.0]]))
def eigvalsh_top(M):
    return np.linalg.eigvalsh(M)[-1] + np.sum(np.linalg.eigvalsh(M) ** 2)


@case(np.array([[[1.0, 0.2], [0.3, 0.4]], [[0.5, 2.0], [-0.1, 0.6]]]))
def tensor_3d_batch_einsum(T):
    return np.einsum("bij,bjk->", T, T) + np.sum(T.sum(axis=0) ** 2)


@case(np.array([1.5, 0.8, 2.2]))
def math_on_array_elements(x):
    return math.exp(x[0]) * math.sin(x[1]) + math.log(x[2])


@case(np.array([0.6, 1.7]))
def np_arctan2_vector(x):
    return np.arctan2(x[1], x[0]) + np.hypot(x[0], x[1])


@case(np.array([0.3, -0.2, 0.5]))
def huber_smooth_sqrt(x):
    return np.sum(np.sqrt(1 + (x / 0.1) ** 2) - 1)


@case(np.array([0.3, 1.2, -0.5]))
def np_sinc(x):
    return np.sum(np.sinc(x))


@case(np.array([0.5, 1.2, 0.8, 1.4]))
def list_comprehension_sum(x):
    return np.sum(np.array([xi**2 * i for i, xi in enumerate(x)]))


@case(np.array([0.5, 1.2, 0.8, 1.4]))
def power_int_exponent_array(x):
    return np.sum(x ** np.arange(4)) + np.sum(x**-1)


@case(np.array([0.5, -1.0, 0.25]))
def gaussian_kernel_matrix(x):
    K = np.exp(-0.5 * (x[:, None] - x[None, :]) ** 2) + 0.1 * np.eye(3)
    return v3 @ np.linalg.solve(K, v3)


# --------------------------------------------------------------------------------------
# 5. tricky but smooth points: large / small magnitudes, cancellation, huge values
# --------------------------------------------------------------------------------------
@case({"x": 1e6 + 0.3})
def large_offset_square(x):
    return (x - 1e6) ** 2


@case({"x": 1e6, "y": 2e6})
def large_magnitudes(x, y):
    return np.log(x) * np.sqrt(y) + x * y * 1e-9


@case({"x": 1e-6, "y": 3e-6})
def small_magnitudes(x, y):
    return x * y + np.sin(x) * 1e6


@case({"x": 1e-6})
def expm1_over_x_small(x):
    return np.expm1(x) / x


@case({"x": 1e4})
def sqrt_cancellation(x):
    return np.sqrt(x**2 + 1) - x


@case({"x": 0.5, "y": 0.25})
def big_constant_offset(x, y):
    return 1e8 + x * y


@case({"x": 1e6, "y": 1e-6})
def mixed_scales(x, y):
    return x * y + np.log(x) * y**2 + np.exp(y)


@case({"x": 300.0})
def huge_value_exp(x):
    return np.exp(x) * 1e-120 + x


@case(np.array([1e6, -2e6, 3e5]))
def norm_large_vector(x):
    return np.linalg.norm(x)


@case(np.array([1e-6, -2e-6, 3e-7]))
def norm_small_vector(x):
    return np.linalg.norm(x)


@case({"x": 1e-3})
def one_minus_cos_over_x2(x):
    return (1 - np.cos(x)) / x**2


@case({"x": 1e5, "y": 1e5 + 1.0})
def log_ratio_close(x, y):
    return np.log(y) - np.log(x)


@case({"x": 0.1})
def high_frequency(x):
    return np.sin(1000.0 * x) / 1000.0


@case({"x": 50.0})
def sigmoid_saturated(x):
    return expit(x) + expit(-x / 5)


# --------------------------------------------------------------------------------------
# 6. ints in the point ("Ints are fine")
# --------------------------------------------------------------------------------------
@case({"x": 2, "y": 3})
def int_point_dict(x, y):
    return x**2 * y + np.sqrt(x * y) + x / y


@case(np.array([1, 2, 3]))
def int_point_array(x):
    return np.sum(x**3) / np.sum(x) + np.log(x) @ np.array([1.0, 0.5, 0.25])


# ======================================================================================
# batch 2
# ======================================================================================
import scipy.integrate  # noqa: E402

# optional per-case set-up run just before the case (by truth_jax.py and run_gradlab.py,
# in corpus order): used to change data a function reads between two comparisons
BEFORE = {}

# --------------------------------------------------------------------------------------
# 7. the same code with different data: closures, defaults, partials, classes, globals
#    (gradlab caches compiled gradients; each pair must not reuse the other's result)
# --------------------------------------------------------------------------------------
def make_scaled(a):
    def scaled(x, y):
        return a * np.sin(x) * y + x**2

    return scaled


add("cache_closure_a1", make_scaled(1.0), {"x": 0.4, "y": 1.5})
add("cache_closure_a3", make_scaled(3.0), {"x": 0.4, "y": 1.5})

_waves = [lambda x, k=k: np.sin(k * x) + x for k in (1.0, 2.0, 3.0)]
add("cache_default_arg_k1", _waves[0], {"x": 0.4})
add("cache_default_arg_k2", _waves[1], {"x": 0.4})
add("cache_default_arg_k3", _waves[2], {"x": 0.4})


def make_kwonly(c):
    def kwonly(x, y, *, c=c):
        return c * x * y + np.exp(x)

    return kwonly


add("cache_kwonly_default_c2", make_kwonly(2.0), {"x": 0.3, "y": 0.8})
add("cache_kwonly_default_c7", make_kwonly(7.0), {"x": 0.3, "y": 0.8})

add("cache_partial_c4", functools.partial(energy_with_params, c=4.0, d=0.3), {"x": 1.1, "y": 0.4})


class Spring:
    k = 1.0

    def energy(self, x):
        return 0.5 * self.k * x**2 + np.sin(x)


class StiffSpring(Spring):
    k = 5.0


add("cache_class_attr_soft", Spring().energy, {"x": 0.7})
add("cache_class_attr_stiff", StiffSpring().energy, {"x": 0.7})
add("cache_instance_quadratic_B", Quadratic(2.0 * A3, -v3), np.array([0.4, -0.2, 1.0]))

GAIN = np.array([1.0, 2.0])


def gain_model(x, y):
    return GAIN[0] * x**2 + GAIN[1] * x * y


add("cache_global_array_before", gain_model, {"x": 0.5, "y": 1.5})
BEFORE["cache_global_array_before"] = lambda: GAIN.__setitem__(0, 1.0)
add("cache_global_array_after_inplace", gain_model, {"x": 0.5, "y": 1.5})
BEFORE["cache_global_array_after_inplace"] = lambda: GAIN.__setitem__(0, 10.0)

SCALE = 2.0


def scaled_model(x):
    return SCALE * np.exp(x) + x


def _set_scale(v):
    global SCALE
    SCALE = v


add("cache_global_rebind_before", scaled_model, {"x": 0.2})
BEFORE["cache_global_rebind_before"] = lambda: _set_scale(2.0)
add("cache_global_rebind_after", scaled_model, {"x": 0.2})
BEFORE["cache_global_rebind_after"] = lambda: _set_scale(5.0)

dfw = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [0.5, -1.0, 2.0]})


def frame_model(w):
    return np.sum((dfw.values @ w) ** 2)


add("cache_dataframe_before", frame_model, np.array([0.3, -0.6]))
BEFORE["cache_dataframe_before"] = lambda: dfw.__setitem__("b", [0.5, -1.0, 2.0])
add("cache_dataframe_after_column_change", frame_model, np.array([0.3, -0.6]))
BEFORE["cache_dataframe_after_column_change"] = lambda: dfw.__setitem__("b", [4.0, 1.0, -3.0])

HELPER_EXPONENT = [2.0]


def helper_pow(t):
    return t ** HELPER_EXPONENT[0]


def uses_helper_pow(x, y):
    return helper_pow(x) * y


add("cache_helper_list_before", uses_helper_pow, {"x": 1.3, "y": 0.7})
BEFORE["cache_helper_list_before"] = lambda: HELPER_EXPONENT.__setitem__(0, 2.0)
add("cache_helper_list_after", uses_helper_pow, {"x": 1.3, "y": 0.7})
BEFORE["cache_helper_list_after"] = lambda: HELPER_EXPONENT.__setitem__(0, 3.0)


# --------------------------------------------------------------------------------------
# 8. more everyday numpy / scipy
# --------------------------------------------------------------------------------------
@case(np.array([0.4, -1.2, 0.9]))
def asarray_float_first(x):
    x = np.asarray(x, dtype=float)
    return np.sum(x**2 * np.exp(x))


@case(np.array([0.4, -1.2, 0.9]))
def astype_float64(x):
    y = x.astype(np.float64)
    return np.sum(np.sin(y) * y)


@case(np.array([0.4, -1.2, 0.9, 2.0]))
def np_average_weights(x):
    return np.average(x**2, weights=np.array([1.0, 2.0, 3.0, 4.0])) + np.average(x)


@case(np.array([0.4, -1.2, 0.9, 2.0]))
def nansum_nanmean(x):
    return np.nansum(x**3) + np.nanmean(np.exp(x))


@case(np.array([0.4, -1.2, 0.9, 2.0, 0.1]))
def convolve_same(x):
    return np.sum(np.convolve(x, np.array([0.25, 0.5, 0.25]), mode="same") ** 2)


@case(np.array([0.4, -1.2, 0.9, 2.0]))
def interp_fp_variable(fp):
    xp = np.array([0.0, 1.0, 2.0, 3.0])
    return np.interp(1.3, xp, fp) + np.interp(2.75, xp, fp) ** 2


@case(np.array([[2.0, 0.5, 0.1], [0.5, 1.5, 0.2], [0.1, 0.2, 3.0]]))
def cholesky_logdet(M):
    L = np.linalg.cholesky(M)
    return 2.0 * np.sum(np.log(np.diag(L)))


@case(np.array([[2.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 3.0]]))
def eigh_values_vectors(M):
    w, V = np.linalg.eigh(M)
    return w[-1] + V[0, -1] ** 2


@case(np.array([[0.5, 0.2], [-0.3, 0.8]]))
def matrix_power_3(M):
    return np.sum(np.linalg.matrix_power(M, 3))


@case({"M": 1.2, "e": 0.3})
def kepler_newton_fixed(M, e):
    E = M
    for _ in range(8):
        E = E - (E - e * np.sin(E) - M) / (1 - e * np.cos(E))
    return E


@case({"M": 1.2, "e": 0.3})
def kepler_newton_while(M, e):
    E = M
    dE = 1.0
    while abs(dE) > 1e-14:
        dE = (E - e * np.sin(E) - M) / (1 - e * np.cos(E))
        E = E - dE
    return E


def power_rec(x, n):
    return 1.0 if n == 0 else x * power_rec(x, n - 1)


@case({"x": 1.3})
def recursive_helper(x):
    return power_rec(x, 5) + power_rec(x, 2)


@case(np.array([0.3, 1.1, -0.6]))
def np_vectorize_math(x):
    return np.sum(np.vectorize(math.sin)(x) * x)


@case({"a": 1.5})
def scipy_quad_integral(a):
    return scipy.integrate.quad(lambda t: np.exp(-a * t**2), 0.0, 1.0)[0]


@case({"x": 7.0})
def mod_periodic(x):
    phase = np.mod(x, 2 * np.pi)
    return np.sin(phase) + phase


@case({"x": 2.3, "y": 0.7})
def floor_round_pieces(x, y):
    return x - np.floor(x) + y * np.round(y, 3) + x % 1.0


@case({"x": 0.7})
def python_ternary(x):
    return x**2 if x > 0 else -x


@case(np.array([0.4, -1.2, 0.9, 2.0]))
def argmax_select(x):
    return x[np.argmax(x)] * 2 + np.sum(x**2) + x[np.argmin(x)]


@case(np.array([0.4, -1.2, 0.9, 2.0]))
def np_ptp(x):
    return np.ptp(x) ** 2


@case(np.array([0.4, -1.2, 0.9]))
def tile_repeat(x):
    return np.sum(np.tile(x, 2) * w6) + np.sum(np.repeat(x, 2) * w6**2)


@case(np.array([0.4, -1.2, 0.9, 2.0, 0.1, -0.3]))
def roll_periodic_laplacian(x):
    lap = np.roll(x, 1) - 2 * x + np.roll(x, -1)
    return 0.5 * np.sum(lap**2) + 0.25 * np.sum(x**4)


@case(np.array([0.4, -1.2, 0.9]))
def flip_pad(x):
    p = np.pad(x, 1, mode="constant")
    return np.sum(np.flip(x) * v3) + np.sum(p**2 * np.arange(5.0))


@case({"b": 1.3})
def linspace_variable_endpoint(b):
    t = np.linspace(0.0, b, 41)
    return np.trapezoid(np.exp(-(t**2)), t)


@case(np.array([0.4, -1.2, 0.9]))
def dot_methods(x):
    return x.dot(A3).dot(x) + A3.dot(x).sum() + x.T.dot(x)


@case({"x": 0.6, "y": 0.25})
def complex_interference(x, y):
    return np.abs(np.exp(1j * x) + 0.5 * np.exp(2j * y)) ** 2


@case(np.array([0.4, -1.2, 0.9, 2.0]))
def fft_power(x):
    X = np.fft.fft(x)
    return np.sum(np.abs(X) ** 2) / len(x) + np.real(X[1])


@case(np.array([0.4, -1.2, 0.9, 2.0]))
def rfft_mode(x):
    return np.abs(np.fft.rfft(x)[1]) ** 2


@case({"x": 1.4, "y": 0.8})
def math_pow_builtin_pow(x, y):
    return math.pow(x, 2.5) + pow(y, 3) + math.exp(x * y) + np.float64(2.5) * x


@case(np.array([0.4, -1.2, 0.9, 2.0]))
def inplace_mutates_argument(x):
    x -= np.mean(x)
    return np.sum(x**3) + x[0]


@case(np.array([0.4, -1.2, 0.9]))
def item_assign_on_copy(x):
    y = x.copy()
    y[0] += x[1] ** 2
    return y @ y


@case(np.array([0.4, -1.2, 0.9]))
def fill_zeros_array(x):
    out = np.zeros(3)
    out[0] = x[0] * x[1]
    out[1] = np.sin(x[2])
    out[2] = x[0] ** 2
    return np.sum(out**2)


@case(np.array([0.4, -1.2, 0.9]))
def fill_zeros_like(x):
    out = np.zeros_like(x)
    for i in range(len(x)):
        out[i] = x[i] * (i + 1)
    return np.sum(out**2)


@case(np.array([0.4, -1.2, 0.9]))
def cross_product(x):
    return np.sum(np.cross(x, v3) ** 2) + np.cross(x, x**2)[0]


@case({"deg": 30.0, "z": 0.4})
def degrees_hyperbolic(deg, z):
    return np.sin(np.deg2rad(deg)) + np.radians(deg) + np.arctanh(z) + np.arccosh(1 + z)


@case({"x": 2.0, "y": 0.5, "z": 1.5})
def det_of_built_matrix(x, y, z):
    return np.linalg.det(np.array([[x, y], [y, z]])) + np.trace(np.array([[x, y], [z, x]]))


@case(np.array([[1.0, 0.2, 0.3], [0.5, 2.0, -0.1]]))
def einsum_implicit_modes(M):
    return np.einsum("ij->j", M) @ v3 + np.einsum("ij,ij", M, M) + np.einsum("ji", M).sum()


@case(np.array([1.0, -2.0, 0.5, 3.0]))
def norm_ord2_explicit_and_axis_inf(x):
    M = x.reshape(2, 2)
    return np.linalg.norm(x, ord=2) + np.sum(np.linalg.norm(M, ord=np.inf, axis=0))


@case(np.array([0.5, -1.0]))
def dataframe_design_matrix(w):
    X = dfw[["a", "b"]].to_numpy()
    return np.mean((X @ w - 1.0) ** 2)


@case(np.array([0.4, -1.2, 0.9]))
def sum_initial_kw(x):
    return np.sum(np.square(x), initial=1.0) * np.prod(x + 2, initial=0.5)


# --------------------------------------------------------------------------------------
# 9. string expressions (gradlab's restricted parser): precedence and associativity
# --------------------------------------------------------------------------------------
add("str_unary_minus_power", "-x**2 + y", {"x": 1.5, "y": 0.3})
add("str_right_assoc_power", "2**x**y", {"x": 1.2, "y": 0.8})
add("str_left_assoc_division", "x/y/z", {"x": 1.5, "y": 0.8, "z": 2.5})
add("str_left_assoc_subtraction", "x - y - z*x", {"x": 1.5, "y": 0.8, "z": 2.5})
add("str_negative_exponent", "x**-y", {"x": 1.7, "y": 0.6})
add("str_power_then_mul", "(x+y)**-0.5*z", {"x": 1.5, "y": 0.8, "z": 2.5})
add("str_scientific_notation", "1e-3*x**2 + 1E2*y", {"x": 1.5, "y": 0.8})
add("str_pi_constant", "pi*x + sin(pi*y)", {"x": 1.5, "y": 0.3})
add("str_log_base", "log(x, 2) + log(y)", {"x": 3.0, "y": 0.8})
add("str_mul_unary_minus", "x*-y + +x**2", {"x": 1.5, "y": 0.8})
add("str_power_tower_float", "x**0.5**2", {"x": 1.7})
add("str_functions_mix", "sqrt(x)*sin(y)**2 + exp(-x)*cos(y) + tanh(x*y)", {"x": 1.3, "y": 0.6})
add("str_atan2_hypot", "atan2(y, x) + hypot(x, y)", {"x": 1.3, "y": 0.6})
add("str_neg_cube_paren", "-(x - y)**3 / 2", {"x": 1.3, "y": 0.6})
