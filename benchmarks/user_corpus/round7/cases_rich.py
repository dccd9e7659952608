"""Hard cases for finite differences, written as users write them: badly scaled variables
(1e-8 ... 1e8), large |x| with periodic f, log-sum-exp and softmax of large values, sums of many
terms (n = 50 ... 2000), volatility / statistics on price-like data (x ~ 100), pandas round
trips, saturating functions and cancelling formulas (tag "cancel": truth by mpmath)."""

import math

import numpy as np
import pandas as pd
from functions import add
from numpy import exp, log, sin
from scipy.special import erf, expit, logsumexp

RICH = ("rich",)
CANCEL = ("rich", "cancel")


def lin(n, a, b):
    return list(np.linspace(a, b, n))


def prices(n, seed):
    r = np.random.default_rng(seed)
    return list(100.0 * np.exp(np.cumsum(r.normal(0.0, 0.01, size=n))))


# ---------------------------------------------------------------- badly scaled variables
add("rh_coulomb", lambda q1, q2, r: 8.9875e9 * q1 * q2 / r,
    [{"q1": 1.6e-19, "q2": -1.6e-19, "r": 5.3e-11}], RICH)
add("rh_capacitor_energy", lambda C, V: 0.5 * C * V ** 2, [{"C": 2.2e-12, "V": 5.0}], RICH)
add("rh_decay_count", lambda N0, lam, t: N0 * np.exp(-lam * t),
    [{"N0": 1e20, "lam": 1e-9, "t": 3e8}], RICH)
add("rh_micro_spring", lambda k, x: 0.5 * k * x ** 2 + 1e-3 * k * x ** 3,
    [{"k": 1e6, "x": 2e-6}], RICH)
add("rh_mixed_vector", lambda x: x[0] ** 2 * 1e16 + np.log(x[1]) + (x[2] * 1e-8) ** 2,
    [[3e-8, 2.0, 5e7]], RICH)
add("rh_diffusion_length", lambda D, t: np.sqrt(2 * D * t), [{"D": 2e-9, "t": 3600.0}], RICH)
add("rh_stokes_velocity", lambda r, eta: 2 * (2650.0 - 1000.0) * 9.81 * r ** 2 / (9 * eta),
    [{"r": 5e-6, "eta": 1e-3}], RICH)
add("rh_ratio_scales", lambda a, b: a / b + np.log(b), [{"a": 4e7, "b": 3e-5}], RICH)

# ---------------------------------------------------------------- large |x|, periodic f
add("rh_sin_cos2_large", lambda x: np.sin(x) * np.cos(2 * x), [[1.0e4], [3.3e5]], RICH)
add("rh_mains_phase", lambda t, omega: np.cos(omega * t), [{"t": 1e3 + 0.0021, "omega": 376.99}],
    RICH)
add("rh_sin_sq_drift", lambda x: math.sin(x) ** 2 + 1e-3 * x, [[1.0e6 + 0.3]], RICH)
add("rh_orbit_angle", lambda t: np.cos(2 * np.pi * t / 365.25) * (1 + 0.0167 * np.sin(t)),
    [[7.3e4 + 12.5]], RICH)

# ---------------------------------------------------------------- log-sum-exp / softmax
add("rh_naive_lse_600", lambda x: np.log(np.sum(np.exp(x))), [[600.0, 601.0, 599.5]], RICH)
add("rh_scipy_lse_1000", lambda x: logsumexp(x) * 2.0, [[1000.0, 1002.0, 998.0, 1001.5]], RICH)
add("rh_softmax_expectation",
    lambda z: np.exp(z - z.max()) @ np.array([1.0, 2.0, 3.0]) / np.sum(np.exp(z - z.max())),
    [[300.0, 301.0, 302.5]], RICH)
add("rh_lse_2000", lambda x: logsumexp(x), [lin(2000, 50.0, 60.0)], RICH)
add("rh_log_partition_beta", lambda beta: np.log(np.sum(np.exp(-beta * np.arange(1.0, 200.0)))),
    [[0.01], [5.0]], RICH)

# ---------------------------------------------------------------- long sums
add("rh_weighted_sin_50", lambda x: np.sum(np.sin(x) * np.arange(len(x))), [lin(50, 0.0, 3.0)],
    RICH)
add("rh_log1p_sq_1000", lambda x: np.sum(np.log1p(x ** 2)), [lin(1000, -2.0, 2.0)], RICH)
add("rh_centered_ss_200", lambda x: np.sum((x - np.mean(x)) ** 2), [lin(200, 0.0, 10.0)], RICH)


def loop_sum_50(x):
    s = 0.0
    for i in range(len(x)):
        s += math.exp(-0.1 * i) * x[i] ** 3
    return s


add("rh_python_loop_50", loop_sum_50, [lin(50, 0.5, 1.5)], RICH)
add("rh_mean_sq_cos_2000", lambda x: np.sum(x ** 2) / len(x) + np.sum(np.cos(x)),
    [lin(2000, 90.0, 110.0)], RICH)
add("rh_pairwise_500", lambda x: np.sum(x[1:] * x[:-1]) + np.sum(x) ** 2 / 1e3,
    [lin(500, -1.0, 1.0)], RICH)

# ---------------------------------------------------------------- prices and statistics


def realized_vol(p):
    r = np.diff(np.log(p))
    return np.std(r) * np.sqrt(252)


def sharpe(p):
    r = p[1:] / p[:-1] - 1.0
    return np.mean(r) / np.std(r, ddof=1) * np.sqrt(252)


def zscore_last(p):
    return (p[-1] - np.mean(p)) / np.std(p)


def ewma_vol(p):
    r = np.diff(np.log(p))
    var = r[0] ** 2
    for x in r[1:]:
        var = 0.94 * var + 0.06 * x ** 2
    return np.sqrt(var)


add("rh_realized_vol_20", realized_vol, [prices(20, 1), prices(20, 2)], RICH)
add("rh_sharpe_30", sharpe, [prices(30, 3)], RICH)
add("rh_zscore_last", zscore_last, [prices(15, 4)], RICH)
add("rh_bollinger_width", lambda p: 4 * np.std(p) / np.mean(p), [prices(20, 5)], RICH)
add("rh_ewma_vol_loop", ewma_vol, [prices(25, 6)], RICH)
add("rh_corr_two_series", lambda x: np.corrcoef(x[:10], x[10:])[0, 1],
    [prices(10, 7) + prices(10, 8)], RICH)

# ---------------------------------------------------------------- pandas round trips
add("rh_pandas_pct_change_std", lambda p: pd.Series(p).pct_change().dropna().std(),
    [prices(12, 9)], RICH)
add("rh_pandas_frame_rowsum",
    lambda x: (pd.DataFrame({"a": x[:3], "b": x[3:]}).sum(axis=1) ** 2).sum(),
    [[1.0, 2.0, 0.5, -1.0, 0.3, 2.2]], RICH)
add("rh_pandas_rolling_mean_var", lambda p: pd.Series(p).rolling(3).mean().dropna().var(),
    [prices(10, 10)], RICH)

# ---------------------------------------------------------------- saturating functions
add("rh_tanh_saturated", lambda x: np.tanh(x), [[8.0], [12.0]], RICH)
add("rh_expit_saturated", lambda x: expit(x) * 3.0, [[25.0]], RICH)
add("rh_manual_sigmoid", lambda x: 1.0 / (1.0 + np.exp(-x)), [[30.0]], RICH)
add("rh_erf_tail", lambda x: erf(x) + x * 1e-12, [[4.0]], RICH)
add("rh_arctan_far", lambda x: np.arctan(x), [[1e4]], RICH)

# ---------------------------------------------------------------- cancelling user formulas
add("rh_one_minus_cos", lambda x: (1 - np.cos(x)) / x ** 2, [[1e-4], [2e-3]], CANCEL)
add("rh_expm1_by_hand", lambda x: (np.exp(x) - 1 - x) / x ** 2, [[1e-3]], CANCEL)
add("rh_sqrt_diff", lambda x: np.sqrt(x ** 2 + 1) - x, [[1e4]], CANCEL)
add("rh_log_diff", lambda x: log(x + 1) - log(x), [[1e7]], CANCEL)
add("rh_x_minus_sin", lambda x: (x - sin(x)) / x ** 3, [[1e-3]], CANCEL)
add("rh_var_textbook", lambda x: np.mean(x ** 2) - np.mean(x) ** 2,
    [[1e4 + 1.0, 1e4 + 2.0, 1e4 + 4.0]], CANCEL)
add("rh_cosh_minus_one", lambda x: (cosh_(x) - 1.0) * 1e8, [[1e-4]], CANCEL)


def cosh_(x):
    return (exp(x) + exp(-x)) / 2

