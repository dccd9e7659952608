"""Hard cases for finite differences (gl.grad(f, "finite-diff:richardson") is judged on every
one): badly scaled variables (1e-8 ... 1e8), large |x| with periodic or fast-varying f,
logsumexp / softmax of large values, sums of many terms (n = 50 ... 2000), statistics on
price-like data (x ~ 100 ... 1e4), pandas round trips, saturating functions and cancelling
formulas (tag "cancel": truth by mpmath at 50 digits)."""

import math

import numpy as np
import pandas as pd
from functions import add
from scipy.special import expit, logsumexp, softmax

RICH = ("rich",)
CANCEL = ("rich", "cancel")


def lin(n, a, b):
    return list(np.linspace(a, b, n))


def prices(n, seed, start=100.0):
    r = np.random.default_rng(seed)
    return list(start * np.exp(np.cumsum(r.normal(0.0, 0.012, size=n))))


# ---------------------------------------------------------------- badly scaled variables
add("rc_arrhenius", lambda A, Ea, T: A * np.exp(-Ea / (8.314 * T)),
    [{"A": 1e13, "Ea": 8.0e4, "T": 300.0}], RICH)
add("rc_planck", lambda lam, T: 2 * 6.626e-34 * 2.998e8 ** 2 / lam ** 5
    / (np.exp(6.626e-34 * 2.998e8 / (lam * 1.381e-23 * T)) - 1),
    [{"lam": 5e-7, "T": 5800.0}], RICH)
add("rc_gravity", lambda m1, m2, r: 6.674e-11 * m1 * m2 / r ** 2,
    [{"m1": 5.97e24, "m2": 7.35e22, "r": 3.84e8}], RICH)
add("rc_rc_charging", lambda R, C, t: 5.0 * (1 - np.exp(-t / (R * C))),
    [{"R": 1e6, "C": 1e-9, "t": 1.5e-3}], RICH)
add("rc_mixed_scales_vec", lambda x: (x[0] * 1e8) ** 2 + np.sin(x[1] * 1e-8) + x[0] * x[1],
    [[2e-8, 7e7]], RICH)
add("rc_michaelis_menten", lambda S, Vmax, Km: Vmax * S / (Km + S),
    [{"S": 3e-6, "Vmax": 2e-3, "Km": 5e-6}], RICH)
add("rc_reynolds", lambda rho, v, L, mu: rho * v * L / mu,
    [{"rho": 1.2, "v": 30.0, "L": 2.0, "mu": 1.8e-5}], RICH)
add("rc_tiny_amplitude", lambda a, w: a * np.sin(w) + a ** 2, [{"a": 1e-9, "w": 0.8}], RICH)

# ---------------------------------------------------------------- large |x|, fast-varying f
add("rc_sin_cubed_large", lambda x: np.sin(x) ** 3, [[2.5e5 + 0.4]], RICH)
add("rc_cos_product_large", lambda x, y: np.cos(x * y), [{"x": 1.0e4 + 0.3, "y": 0.37}], RICH)
add("rc_fourier_sum_large",
    lambda x: np.sum(np.cos(np.arange(1, 21) * x) / np.arange(1, 21)), [[5.0e3 + 0.2]], RICH)
add("rc_damped_fast", lambda t: np.exp(-1e-4 * t) * np.cos(50.0 * t), [[1.0e3 + 0.01]], RICH)
add("rc_chirp", lambda t: math.sin(0.5 * t ** 2), [[300.0]], RICH)

# ---------------------------------------------------------------- logsumexp / softmax, large
add("rc_lse_axis_large", lambda X: np.sum(logsumexp(X.reshape(3, 4), axis=1)),
    [lin(12, 700.0, 712.0)], RICH)
add("rc_softmax_xent_large",
    lambda z: -np.log(softmax(z)[2]), [[500.0, 503.0, 501.5, 499.0]], RICH)
add("rc_logaddexp_large", lambda x: np.sum(np.logaddexp(0.0, x)), [[700.0, -30.0, 35.0]], RICH)
add("rc_shifted_lse_by_hand",
    lambda x: np.log(np.sum(np.exp(x - np.max(x)))) + np.max(x), [lin(40, 900.0, 905.0)], RICH)
add("rc_lse_800_b", lambda x: logsumexp(x, b=np.linspace(0.5, 1.5, x.size)),
    [lin(800, 20.0, 30.0)], RICH)

# ---------------------------------------------------------------- sums of many terms


def chain_50(x):
    return np.sum((x[1:] - x[:-1] ** 2) ** 2) + np.sum((1 - x) ** 2)


add("rc_rosen_chain_50", chain_50, [lin(50, -0.5, 1.2)], RICH)
add("rc_log_barrier_1000", lambda x: -np.sum(np.log(x)) + np.sum(x ** 2) / 2,
    [lin(1000, 0.5, 3.0)], RICH)
DATA_X = np.linspace(0.0, 4.0, 2000)
DATA_Y = 1.5 * np.exp(-0.7 * DATA_X) + 0.01 * np.sin(37 * DATA_X)
add("rc_lsq_2000_points",
    lambda p: np.sum((p[0] * np.exp(-p[1] * DATA_X) - DATA_Y) ** 2), [[1.4, 0.65]], RICH)
add("rc_quartic_500", lambda x: np.sum(x ** 4 - 3 * x ** 2 + x), [lin(500, -2.0, 2.0)], RICH)
add("rc_mean_exp_2000", lambda x: np.mean(np.exp(0.01 * x)) * len(x), [lin(2000, 95.0, 105.0)],
    RICH)

# ---------------------------------------------------------------- price-like data


def log_return_vol(p):
    r = np.diff(np.log(p))
    return np.std(r, ddof=1) * np.sqrt(252)


def vwap_gap(x):
    p, v = x[:10], x[10:]
    return p[-1] - np.sum(p * v) / np.sum(v)


def geometric_mean_return(p):
    return (p[-1] / p[0]) ** (1.0 / (len(p) - 1)) - 1.0


def portfolio_var(w):
    r = np.diff(np.log(PRICES3), axis=0)
    cov = np.cov(r, rowvar=False)
    return w @ cov @ w * 1e4


PRICES3 = np.array([prices(40, 11), prices(40, 12, 2500.0), prices(40, 13, 8000.0)]).T

add("rc_log_return_vol_60", log_return_vol, [prices(60, 21), prices(60, 22, 9000.0)], RICH)
add("rc_vwap_gap", vwap_gap, [prices(10, 23, 1500.0) + lin(10, 1e4, 3e4)], RICH)
add("rc_geometric_mean", geometric_mean_return, [prices(25, 24, 4000.0)], RICH)
add("rc_portfolio_var", portfolio_var, [[0.5, 0.3, 0.2]], RICH)
add("rc_sma_crossover_smooth", lambda p: np.tanh((np.mean(p[-5:]) - np.mean(p)) / 10.0),
    [prices(30, 25, 3000.0)], RICH)
add("rc_max_drawdown_smooth", lambda p: np.sum(np.log(p / np.maximum.accumulate(p)) ** 2),
    [prices(20, 26, 120.0)], RICH)

# ---------------------------------------------------------------- pandas round trips
add("rc_pandas_rolling_sum", lambda p: pd.Series(p).rolling(4).mean().dropna().pow(2).sum(),
    [prices(15, 31, 200.0)], RICH)
add("rc_pandas_log_returns",
    lambda p: np.log(pd.Series(p)).diff().dropna().abs().pow(1.5).sum(), [prices(12, 32, 5e3)],
    RICH)
add("rc_pandas_frame_cov",
    lambda x: pd.DataFrame({"a": x[:6], "b": x[6:]}).cov().to_numpy()[0, 1],
    [prices(6, 33) + prices(6, 34, 300.0)], RICH)

# ---------------------------------------------------------------- saturating functions
add("rc_tanh_steep", lambda x: np.tanh(50.0 * x), [[0.3]], RICH)
add("rc_expit_far", lambda x: expit(x) + expit(-x) * x, [[30.0]], RICH)
add("rc_one_minus_exp", lambda x: 1 - np.exp(-x), [[35.0]], RICH)
add("rc_softplus_far", lambda x: np.log1p(np.exp(x)), [[-40.0], [25.0]], RICH)

# ---------------------------------------------------------------- cancelling user formulas
add("rc_cos_cancel", lambda x: (1 - np.cos(2 * x)) / (2 * x ** 2), [[3e-4]], CANCEL)
add("rc_sqrt_cancel", lambda x: x - np.sqrt(x ** 2 - 1), [[5e3]], CANCEL)
add("rc_log_ratio_cancel", lambda x: np.log(x + 1) - np.log(x - 1), [[2e6]], CANCEL)
add("rc_exp_series_cancel", lambda x: (np.exp(x) - 1 - x - x ** 2 / 2) / x ** 3, [[2e-3]],
    CANCEL)
add("rc_two_pass_var_textbook", lambda x: np.sum(x ** 2) / len(x) - (np.sum(x) / len(x)) ** 2,
    [[5e3 + 0.5, 5e3 + 1.5, 5e3 + 3.0, 5e3 + 4.25]], CANCEL)
