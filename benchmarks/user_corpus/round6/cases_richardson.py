"""Richardson's hard cases: badly scaled variables, large |x| with periodic f, kinks and branch
points within 1e-3 ... 1 of the point, saturating functions, long sums, log-sum-exp of large
values and cancelling formulas."""

import numpy as np
import scipy.special
from functions import add
from numpy import cos, exp, log, sin, sqrt
from scipy.special import expit, logsumexp

KINK = ("kink",)
CANCEL = ("cancel",)

# ---------------------------------------------------------------- badly scaled variables
add("rs_tiny_activation", lambda a, b: np.exp(a / 1e-8) * b,
    [{"a": 2e-8, "b": 1.5}, {"a": -3e-8, "b": 0.2}])
add("rs_huge_temperature", lambda T, p: np.log(T) * p + 1e-7 * T * p ** 2,
    [{"T": 3e8, "p": 2.0}])
add("rs_mixed_scales_sum", lambda x: (x[0] / 1e-8) ** 2 + x[1] ** 2 + (x[2] / 1e8) ** 2,
    [[2e-8, 1.5, 3e8]])
add("rs_arrhenius", lambda A, E, T: A * np.exp(-E / (8.314 * T)),
    [{"A": 1e13, "E": 8e4, "T": 350.0}])
add("rs_balanced_scales", lambda x: np.sin(x[0] * 1e8) * 1e-8 + np.cos(x[1] * 1e-8) * 1e8,
    [[1.3e-8, 2.1e8]])
add("rs_planck", lambda lam, T: 1.0 / (lam ** 5 * (np.exp(1.4388e-2 / (lam * T)) - 1.0)),
    [{"lam": 5e-7, "T": 5800.0}, {"lam": 1e-5, "T": 300.0}])
add("rs_inverse_cube_tiny", lambda r: 1.0 / r ** 3, [[5e-7], [2e-9]])
add("rs_line_profile", lambda lam: np.exp(-(((lam - 5e-7) / 1e-8) ** 2)), [[5.05e-7]])
add("rs_log_tiny_conc", lambda c, k: k * np.log(c / 1e-9), [{"c": 3e-9, "k": 0.5}])
add("rs_michaelis_menten", lambda S, Km: 3.0 * S / (Km + S), [{"S": 2e-6, "Km": 5e-6}])
add("rs_decay_tiny_tau", lambda tau: np.exp(-1e-6 / tau), [[2e-7]])
add("rs_log_rate_const", lambda k: np.log(k) ** 2, [[1e-7]])
add("rs_narrow_peak_large_x", lambda x: np.exp(-(((x - 1e8) / 10.0) ** 2)), [[1e8 + 5.0]])
add("rs_gaussian_beam", lambda w, z: w * np.sqrt(1 + (z * 1.064e-6 / (np.pi * w ** 2)) ** 2),
    [{"w": 1e-3, "z": 0.5}, {"w": 2e-5, "z": 0.01}])
add("rs_gravity", lambda m, r: 6.674e-11 * m * 5.97e24 / r ** 2,
    [{"m": 70.0, "r": 6.371e6}])

# ---------------------------------------------------------------- large |x|, periodic f
add("rs_sin_large", lambda x: np.sin(x), [[1e5], [2.5e6]])
add("rs_cos_product_large", lambda x, y: np.cos(x * y) + x, [{"x": 1e4, "y": 0.37}])
add("rs_fast_oscillation", lambda x: np.sum(np.sin(1000.0 * x)), [[0.123, 1.7]])
add("rs_phase_wrap", lambda t: sin(2 * np.pi * 50.0 * t) * exp(-t / 1e3), [[12345.678]])

# ---------------------------------------------------------------- kinks and branch points near
add("rs_abs_near_1e3", lambda x: np.abs(x - 1.0) * (1.0 + x), [[1.001], [0.999]], KINK)
add("rs_abs_near_1e2", lambda x: np.abs(x[0] - 0.5) + x[1] * np.abs(x[0]), [[0.51, 2.0]], KINK)
add("rs_relu_near", lambda x: np.sum(np.maximum(x, 0.0) * np.exp(x)), [[5e-3, -0.02, 0.3]], KINK)
add("rs_sqrt_near_zero", lambda x: np.sqrt(x) + x ** 2, [[1e-3], [0.02]], KINK)
add("rs_log_near_zero", lambda x: np.log(x) * x, [[1e-3]], KINK)
add("rs_sqrt_one_minus", lambda x: np.sqrt(1.0 - x ** 2), [[0.999], [0.9]], KINK)
add("rs_arcsin_edge", lambda x: np.arcsin(x), [[0.998]], KINK)
add("rs_hinge_margin",
    lambda w: np.maximum(0.0, 1.0 - 1.0 * (w[0] * 0.5 + w[1] * 1.5)) + 0.01 * np.dot(w, w),
    [[0.4, 0.52]], KINK)
add("rs_floor_near", lambda x: np.floor(x) * x + x ** 2, [[2.995], [3.2]], KINK)
add("rs_abs_many_kinks", lambda x: np.sum(np.abs(x - np.arange(len(x)) * 0.1)),
    [[0.05, 0.11, 0.3, 0.2]], KINK)
add("rs_pow_frac_near", lambda x: (x - 0.2) ** 1.5 * np.cos(x), [[0.21], [1.0]], KINK)

# ---------------------------------------------------------------- saturation
add("rs_sigmoid_far", lambda x: expit(x), [[30.0], [-40.0]])
add("rs_tanh_far", lambda x: np.tanh(x) * 2.0, [[20.0]])
add("rs_softplus_far", lambda x: np.logaddexp(0.0, x), [[40.0], [-35.0]])
add("rs_manual_sigmoid", lambda w, x: 1.0 / (1.0 + np.exp(-w * x)), [{"w": 3.0, "x": 12.0}])
add("rs_erf_tail", lambda x: scipy.special.erfc(x), [[5.5]])

# ---------------------------------------------------------------- long sums
for n in (50, 400, 2000):
    r = np.random.default_rng(n)
    add(f"rs_sum_sin_sq_n{n}", lambda x: np.sum(x ** 2 * np.sin(x)), [r.normal(size=n)])


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


add("rs_rosen_n200", rosen, [np.random.default_rng(7).uniform(-1, 1.5, 200)])
add("rs_log1p_sum_n1000", lambda x: np.sum(np.log1p(x ** 2)) / len(x),
    [np.random.default_rng(11).normal(size=1000)])


def loop_energy(x):
    e = 0.0
    for i in range(len(x) - 1):
        e += (x[i + 1] - x[i]) ** 2 + 0.1 * x[i] ** 4
    return e


add("rs_loop_chain_n50", loop_energy, [np.random.default_rng(5).normal(size=50)])
add("rs_cumsum_n300", lambda x: np.sum(np.cumsum(x) ** 2) * 1e-3,
    [np.random.default_rng(3).normal(size=300)])

# ---------------------------------------------------------------- log-sum-exp of large values
add("rs_lse_scipy_large", lambda x: logsumexp(x), [[1000.0, 1001.0, 999.5]])


def lse_manual(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


add("rs_lse_manual_large", lse_manual, [[-800.0, -799.0, -801.5, -800.2]])
add("rs_lse_naive_300", lambda x: np.log(np.sum(np.exp(x))), [[300.0, 301.0, 299.0]])
add("rs_lse_temperature", lambda x: 0.01 * logsumexp(x / 0.01), [[1.0, 1.02, 0.99]])

# ---------------------------------------------------------------- cancelling formulas
add("rs_one_minus_cos", lambda x: (1 - cos(x)) / x ** 2, [[1e-4], [0.3]], CANCEL)
add("rs_expm1_over_x", lambda x: (exp(x) - 1) / x, [[1e-6], [0.5]], CANCEL)
add("rs_sqrt_diff", lambda x: sqrt(x + 1) - sqrt(x), [[1e8], [10.0]], CANCEL)
add("rs_log_ratio", lambda x: log(x + 1) - log(x), [[1e6]], CANCEL)
add("rs_x_minus_sin", lambda x: (x - sin(x)) / x ** 3, [[1e-3]], CANCEL)
add("rs_var_naive", lambda x: np.mean(x ** 2) - np.mean(x) ** 2,
    [[1e4 + 0.1, 1e4 - 0.2, 1e4 + 0.3, 1e4]], CANCEL)
