"""Hand-written jax.numpy rewrites of every round-7 function, written from the mathematics of
each user function, independently of gradlab. Each rewrite takes the same arguments as the
user's function (the array point or the keys of a dict point, then the case's data arguments)
and reads the same module-level data at call time, so a changed global is seen.

MPMATH: the cases whose user formula cancels in float64. Their truth is the mathematical
derivative at 50 digits (mpmath.diff of an mpmath rewrite): the derivative of the float formula
(JAX's included) carries the cancellation. VALUE_RTOL: how far the user's cancelling float
formula may be from the exact value at the point.
"""

import cases_data as D
import jax
import jax.numpy as jnp
import jax.scipy.special as js
import mpmath as mp
import mydata
import numpy as np

JAX, MPMATH, VALUE_RTOL = {}, {}, {}


def jx(name):
    def deco(f):
        JAX[name] = f
        return f
    return deco


def mpx(name, rtol):
    def deco(f):
        MPMATH[name] = f
        VALUE_RTOL[name] = rtol
        return f
    return deco




def sig(x):
    """The logistic function written so that JAX's derivative, e^-x / (1 + e^-x)^2, does not
    cancel (jax.nn.sigmoid's s (1 - s) loses every digit of 1 - s for large x)."""
    return 1.0 / (1.0 + jnp.exp(-x))


def tanh_stable(x):
    """tanh for x > 0 written so that its derivative 4 e^-2x / (1 + e^-2x)^2 does not cancel
    (jnp.tanh's derivative 1 - tanh^2 loses digits for large x)."""
    e = jnp.exp(-2.0 * x)
    return (1.0 - e) / (1.0 + e)

# ================================================================ data the user changes
jx("dc_alpha_rebound")(lambda x: jnp.sum(jnp.exp(-D.ALPHA * x ** 2)) + D.ALPHA * x[0] * x[1])


@jx("dc_loadtxt_new_shape")
def _(w):
    r = jnp.asarray(D.A_LOAD) @ w - D.Y_LOAD
    return jnp.sum(r * r) / D.Y_LOAD.shape[0]


jx("dc_lambda_scale")(lambda x: D.SCALE * jnp.sum(x ** 2) + jnp.sin(D.SCALE * x[0]))
jx("dc_math_global_temp")(lambda Ea, A: A * jnp.exp(-Ea / (8.314 * D.TEMP)))
jx("dc_loop_count")(lambda x: sum(x ** k / k for k in range(1, D.N_TERMS + 1)))


@jx("dc_flag_branch")
def _(w):
    fit = jnp.sum((jnp.asarray(D.X_REG) @ w - D.Y_REG) ** 2)
    return fit + (0.5 * jnp.sum(jnp.abs(w)) if D.USE_L1 else 0.5 * jnp.sum(w * w))


@jx("dc_string_choice")
def _(w):
    z = 0.7 * w[0] - 1.2 * w[1] + w[2]
    act = {"tanh": jnp.tanh, "sigmoid": sig, "softplus": lambda v: jnp.logaddexp(0.0, v)}[D.ACT]
    return act(z) ** 2


@jx("dc_function_global")
def _(b):
    link = {np.exp: jnp.exp, np.log1p: jnp.log1p}[D.LINK]
    return jnp.sum(link(b * jnp.array([0.5, 1.0, 1.5])))


jx("dc_int_counts_rebound")(lambda lam: jnp.sum(lam - D.COUNTS * jnp.log(lam)))


@jx("dc_cov_new_data")
def _(w):
    r = np.asarray(D.RETURNS)
    c = r - r.mean(axis=0)
    cov = c.T @ c / (r.shape[0] - 1)  # the sample covariance, by hand
    return 252.0 * w @ jnp.asarray(cov) @ w


@jx("dc_expit_logistic")
def _(w):
    z = jnp.asarray(D.X_LOG) @ w
    t = D.T_LOG
    # -[t log s(z) + (1-t) log(1-s(z))] = softplus(z) - t z
    return jnp.sum(jnp.logaddexp(0.0, z) - t * z)


jx("dc_inplace_whole")(
    lambda w: jnp.sum((jnp.asarray(D.B_MAT) @ w - D.T_VEC) ** 2) + D.LAM * jnp.sum(w * w))
jx("dc_inplace_element")(lambda x: 0.5 * x @ jnp.asarray(D.Q_MAT) @ x - jnp.sum(jnp.log(x)))
jx("dc_inplace_times")(
    lambda x: jnp.sum(D.G_VEC * jnp.cos(x)) + jnp.sum(jnp.asarray(D.G_VEC) * x) ** 2)


@jx("dc_inplace_row_update")
def _(w):
    lp = np.log(D.PRICES)
    r = lp[1:] - lp[:-1]
    sd = np.sqrt(np.mean((r - r.mean()) ** 2))
    return jnp.sum(w * r) ** 2 + jnp.sum(w * w) * sd


jx("dc_fill_diag")(lambda x: jnp.log(1.0 + x @ jnp.asarray(D.M_FILL) @ x))


@jx("dc_list_of_arrays_inplace")
def _(x):
    h = jnp.tanh(jnp.asarray(D.LAYERS[0]) @ x + D.LAYERS[1])
    return jnp.sum(h * h) + h[0] * h[2]


@jx("dc_dict_entry")
def _(x):
    d = x - D.PARAMS["x0"]
    return 0.5 * D.PARAMS["k"] * jnp.sum(d * d) + d[0] * d[1]


jx("dc_list_item")(lambda x: D.COEFS[0] + D.COEFS[1] * x + D.COEFS[2] * x * x
                   + jnp.sin(D.COEFS[1] * x))
jx("dc_nested_dict_arrays")(
    lambda w: jnp.sum((jnp.asarray(D.DATA["X"]) @ w - D.DATA["y"]) ** 2))


def osc(x):
    q, p = x[0], x[1]
    return 0.5 * p * p + 0.5 * D.OSC.omega ** 2 * q * q + D.OSC.damping * q * p


jx("dc_object_attribute")(osc)
jx("dc_bound_method")(osc)
jx("dc_class_attribute")(
    lambda x: 0.5 * D.Spring.k * (jnp.hypot(x[0], x[1]) - D.Spring.rest) ** 2
    + x[0] * D.Spring.k)
jx("dc_nested_dataclass")(lambda w: D.CFG.scale * D.CFG.opt.lr * jnp.sum(w ** 3)
                          + D.CFG.opt.decay * jnp.sum(w * w))
jx("dc_own_module_attr")(lambda x: jnp.sum(mydata.WEIGHTS * jnp.sin(mydata.K * x)))
jx("dc_own_module_const")(lambda x, y: mydata.K * x * x * y + jnp.exp(-mydata.K * y))


@jx("dc_function_in_dict")
def _(x):
    f = {np.sin: jnp.sin, np.cos: jnp.cos}[D.OPS["f"]]
    return jnp.sum(f(x) * jnp.exp(0.1 * x))


@jx("dc_pandas_column")
def _(p):
    t, y = D.FRAME["t"].to_numpy(), D.FRAME["y"].to_numpy()
    return jnp.sum((p[0] * jnp.exp(p[1] * t) - y) ** 2)


jx("dc_closure_nonlocal")(
    lambda x: D.GET_GAIN() * jnp.sum(jnp.tanh(x)) + D.GET_GAIN() ** 2 * x[0])
jx("dc_closure_mutable_cell")(lambda x: jnp.sum(jnp.log1p(D.CELL_BOX[0] * x * x)))


@jx("dc_helper_redefined")
def _(x):
    h = jnp.sin(x) + 0.5 * x if D.HELPER_VERSION == 0 else 2.0 * jnp.cos(x) - x * x
    return jnp.sum(h * x)


jx("dc_default_array_mutated")(lambda x: jnp.sqrt(jnp.sum(D.DEFAULT_W * x * x) + 1.0))
jx("dc_default_dict_mutated")(
    lambda x: jnp.sum((x * x + D.OPTS["eps"]) ** (D.OPTS["p"] / 2.0)))
jx("dc_partial_inplace")(
    lambda x: jnp.sum(D.C_PART * x * x) + jnp.prod(jnp.cos(D.C_PART * x)))
jx("dc_jac_residuals")(lambda p: p[0] * jnp.exp(-p[1] * D.T_OBS) - D.Y_OBS)
jx("dc_jac_inplace_element")(lambda x: -jnp.asarray(D.K_MAT) @ x + 0.3 * jnp.sin(x) ** 2)


@jx("da_lsq_args")
def _(w, A, y):
    r = jnp.asarray(A) @ w - y
    return 0.5 * jnp.sum(r * r) + 0.01 * jnp.sum(w ** 4)


jx("da_gauss_nll_lengths")(lambda th, data: jnp.sum(
    0.5 * (data - th[0]) ** 2 * jnp.exp(-2.0 * th[1]) + th[1]))
jx("da_float_args")(lambda x, a, b: jnp.sum(jnp.exp(a * x)) + b * x[0] * x[2])


@jx("da_logreg_inplace_buffer")
def _(w, X, t):
    z = jnp.asarray(X) @ w
    return jnp.sum(jnp.logaddexp(0.0, z) - t * z)


jx("da_int_arg_loop")(
    lambda x, n: sum(jnp.sin((k + 1) * x[0]) * x[1] ** k for k in range(n)))

# ================================================================ everyday code
jx("ev_projectile_range")(lambda v, theta: v * v * jnp.sin(2 * theta) / 9.81)
jx("ev_lens_equation")(lambda do, di: do * di / (do + di))
jx("ev_ideal_gas")(lambda n, T, V: 8.314 * n * T / V)
jx("ev_van_der_waals")(lambda V, T: 8.314 * T / (V - 3.2e-5) - 0.137 / (V * V))
jx("ev_pendulum_period")(lambda L, g: 2 * jnp.pi * jnp.sqrt(L / g))
jx("ev_compound_interest")(lambda P, r, n: P * jnp.exp(12 * n * jnp.log1p(r / 12)))
jx("ev_log_ratio")(lambda a, b: jnp.log(a) - jnp.log(b) + a * b)
jx("ev_drag_force")(lambda v, Cd: 0.5 * 1.225 * 0.7 * v * v * Cd)
jx("ev_sinc_like")(lambda x: jnp.sin(x) / x + jnp.cos(x) / (1 + x * x))
jx("ev_cosh_catenary")(lambda x, a: a * jnp.cosh(x / a))
jx("ev_atan_angle")(lambda x, y: jnp.arctan2(y, x) * jnp.hypot(x, y))


@jx("ev_rosen_loop")
def _(x):
    return jnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


@jx("ev_spring_chain")
def _(x):
    d = x[1:] - x[:-1] - 1.0
    return 5.0 * jnp.sum(d * d) + 0.1 * jnp.sum(x ** 4)


jx("ev_softmax_crossent")(lambda z: js.logsumexp(z) - z[1])
jx("ev_dot_from_import")(lambda x: jnp.sum(x * x) * jnp.exp(-0.1 * jnp.sum(x * x)))
jx("ev_cumsum_penalty")(lambda x: jnp.sum(jnp.cumsum(x) ** 2))
jx("ev_mean_var")(lambda x: jnp.mean(x * x))  # var + mean^2 = E[x^2]
jx("ev_std_ddof")(
    lambda x: jnp.sqrt(jnp.sum((x - jnp.mean(x)) ** 2) / (x.shape[0] - 1)) / jnp.mean(x))
jx("ev_prod_geomean")(lambda x: jnp.exp(jnp.mean(jnp.log(x))))


@jx("ev_diff_smooth")
def _(x):
    d1 = x[1:] - x[:-1]
    d2 = x[2:] - 2 * x[1:-1] + x[:-2]
    return jnp.sum(d1 * d1) + jnp.sum(d2 * d2)


jx("ev_list_comprehension")(lambda x: jnp.sum(x * x * jnp.arange(1.0, x.shape[0] + 1)))


@jx("ev_reshape_matrix")
def _(x):
    return jnp.sum(x * x)  # trace(M M^T) = Frobenius norm squared


W_OUTER = jnp.array([[1.0, 0.5, 0.0], [0.5, 2.0, 0.3], [0.0, 0.3, 1.0]])
jx("ev_outer_sum")(lambda x: x @ W_OUTER @ x)
jx("ev_einsum_quad")(lambda x: 2 * x[0] ** 2 + x[0] * x[1] + 3 * x[1] ** 2)
jx("ev_hstack_poly")(lambda x: 1 * x[0] + 2 * x[1] + 3 * x[0] ** 2 + 4 * x[1] ** 2
                     + 5 * x[0] ** 3 + 6 * x[1] ** 3)
jx("ev_sort_top")(lambda x: jnp.sum(jnp.sort(x)[-2:] ** 2))

A_SPD = jnp.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
jx("ev_norm_import")(lambda x: jnp.sqrt(jnp.sum(x * x)) + jnp.sum((x - 1.0) ** 2))
jx("ev_solve_quad")(lambda b: b @ jnp.linalg.solve(A_SPD, b))
jx("ev_inv_trace")(lambda x: jnp.trace(jnp.linalg.inv(jnp.diag(x) + A_SPD)))


@jx("ev_det_2x2")
def _(x):
    return (x[0] * x[3] - x[1] * x[2]) ** 2


jx("ev_logdet_spd")(lambda x: jnp.log(jnp.linalg.det(A_SPD + jnp.diag(x * x))))
jx("ev_norm_l1_axis")(
    lambda x: jnp.max(jnp.sum(jnp.abs(x.reshape(2, 3)), axis=0)) + jnp.sum(x * x))
jx("ev_norm_rows")(lambda x: jnp.sum(jnp.sqrt(jnp.sum(x.reshape(3, 2) ** 2, axis=1))))


@jx("ev_matrix_power")
def _(x):
    m = x.reshape(2, 2)
    return jnp.sum(m @ m @ m)


GAMMA_DATA = jnp.array([1.2, 0.7, 2.5, 3.1, 1.9])


@jx("ev_gamma_nll")
def _(th):
    k, s = th[0], th[1]
    return -jnp.sum((k - 1) * jnp.log(GAMMA_DATA) - GAMMA_DATA / s - js.gammaln(k)
                    - k * jnp.log(s))


jx("ev_erf_cdf")(lambda x, mu, s: js.ndtr((x - mu) / s))
jx("ev_logsumexp_import")(lambda z: js.logsumexp(z) - z[0])
jx("ev_xlogy_entropy")(lambda p: -jnp.sum(p * jnp.log(p)))
jx("ev_expit_module")(lambda w: jnp.sum(sig(w * jnp.array([1.0, -2.0, 0.5]))))
jx("ev_where_relu")(lambda x: jnp.sum(jnp.where(x > 0, x * x, 0.1 * x)))
jx("ev_abs_l1")(lambda w: jnp.sum((w - 0.3) ** 2) + 0.2 * jnp.sum(jnp.abs(w)))
jx("ev_builtin_max_hinge")(
    lambda w, b: jnp.maximum(0.0, 1.0 - 2.0 * w - b) ** 2 + 0.1 * w * w)
jx("ev_np_max_smooth")(lambda x: js.logsumexp(x))
jx("ev_clip_loss")(lambda x: jnp.sum(jnp.clip(x, -1.0, 1.0) * x))
jx("ev_minimum_pair")(lambda x, y: jnp.minimum(x * x, y + 1.0) + x * y)


@jx("ev_if_piecewise")
def _(income):
    return jnp.where(income < 10.0, 0.1 * income,
                     jnp.where(income < 40.0, 1.0 + 0.2 * (income - 10.0) + 0.001 * income ** 2,
                               7.0 + 0.4 * (income - 40.0)))


jx("ev_closure_factory")(lambda x: 1.5 * jnp.sum(jnp.tanh(jnp.array([0.5, 2.0]) * x))
                         + 0.5 * jnp.sum(x * x))


def lj(r2):
    return 4.0 * (r2 ** -6 - r2 ** -3)


jx("ev_callable_object")(lambda r: lj(r * r))


@jx("ev_lj_cluster_loop")
def _(x):
    p = x.reshape(-1, 2)
    i, j = np.triu_indices(p.shape[0], 1)
    return jnp.sum(lj(jnp.sum((p[i] - p[j]) ** 2, axis=1)))


# ================================================================ Richardson's hard cases
jx("rh_coulomb")(lambda q1, q2, r: 8.9875e9 * q1 * q2 / r)
jx("rh_capacitor_energy")(lambda C, V: 0.5 * C * V * V)
jx("rh_decay_count")(lambda N0, lam, t: N0 * jnp.exp(-lam * t))
jx("rh_micro_spring")(lambda k, x: k * (0.5 * x * x + 1e-3 * x ** 3))
jx("rh_mixed_vector")(lambda x: 1e16 * x[0] ** 2 + jnp.log(x[1]) + 1e-16 * x[2] ** 2)
jx("rh_diffusion_length")(lambda **kw: jnp.sqrt(2 * kw["D"] * kw["t"]))
jx("rh_stokes_velocity")(lambda r, eta: 2 * 1650.0 * 9.81 * r * r / (9 * eta))
jx("rh_ratio_scales")(lambda a, b: a / b + jnp.log(b))
jx("rh_sin_cos2_large")(lambda x: jnp.sin(x) * jnp.cos(2 * x))
jx("rh_mains_phase")(lambda t, omega: jnp.cos(omega * t))
jx("rh_sin_sq_drift")(lambda x: jnp.sin(x) ** 2 + 1e-3 * x)
jx("rh_orbit_angle")(lambda t: jnp.cos(2 * jnp.pi * t / 365.25) * (1 + 0.0167 * jnp.sin(t)))
jx("rh_naive_lse_600")(lambda x: js.logsumexp(x))
jx("rh_scipy_lse_1000")(lambda x: 2.0 * js.logsumexp(x))
jx("rh_softmax_expectation")(lambda z: jax.nn.softmax(z) @ jnp.array([1.0, 2.0, 3.0]))
jx("rh_lse_2000")(lambda x: js.logsumexp(x))
jx("rh_log_partition_beta")(lambda beta: js.logsumexp(-beta * jnp.arange(1.0, 200.0)))
jx("rh_weighted_sin_50")(lambda x: jnp.sum(jnp.sin(x) * jnp.arange(x.shape[0])))
jx("rh_log1p_sq_1000")(lambda x: jnp.sum(jnp.log1p(x * x)))
jx("rh_centered_ss_200")(lambda x: jnp.sum((x - jnp.mean(x)) ** 2))
jx("rh_python_loop_50")(lambda x: jnp.sum(jnp.exp(-0.1 * jnp.arange(x.shape[0])) * x ** 3))
jx("rh_mean_sq_cos_2000")(lambda x: jnp.mean(x * x) + jnp.sum(jnp.cos(x)))
jx("rh_pairwise_500")(lambda x: jnp.sum(x[1:] * x[:-1]) + jnp.sum(x) ** 2 / 1e3)


def log_returns(p):
    lp = jnp.log(p)
    return lp[1:] - lp[:-1]


def std(r, ddof=0):
    return jnp.sqrt(jnp.sum((r - jnp.mean(r)) ** 2) / (r.shape[0] - ddof))


jx("rh_realized_vol_20")(lambda p: std(log_returns(p)) * jnp.sqrt(252.0))
jx("rh_sharpe_30")(lambda p: jnp.mean(p[1:] / p[:-1] - 1.0) / std(p[1:] / p[:-1] - 1.0, 1)
                   * jnp.sqrt(252.0))
jx("rh_zscore_last")(lambda p: (p[-1] - jnp.mean(p)) / std(p))
jx("rh_bollinger_width")(lambda p: 4 * std(p) / jnp.mean(p))


@jx("rh_ewma_vol_loop")
def _(p):
    r = log_returns(p)
    n = r.shape[0]
    # var_n = 0.94^(n-1) r0^2 + sum_{i>=1} 0.06 * 0.94^(n-1-i) r_i^2
    wts = jnp.concatenate([jnp.array([0.94 ** (n - 1)]),
                           0.06 * 0.94 ** jnp.arange(n - 2, -1, -1.0)])
    return jnp.sqrt(jnp.sum(wts * r * r))


@jx("rh_corr_two_series")
def _(x):
    a, b = x[:10] - jnp.mean(x[:10]), x[10:] - jnp.mean(x[10:])
    return jnp.sum(a * b) / jnp.sqrt(jnp.sum(a * a) * jnp.sum(b * b))


jx("rh_pandas_pct_change_std")(lambda p: std(p[1:] / p[:-1] - 1.0, 1))
jx("rh_pandas_frame_rowsum")(lambda x: jnp.sum((x[:3] + x[3:]) ** 2))
jx("rh_pandas_rolling_mean_var")(lambda p: std((p[:-2] + p[1:-1] + p[2:]) / 3.0, 1) ** 2)
jx("rh_tanh_saturated")(tanh_stable)
jx("rh_expit_saturated")(lambda x: 3.0 * sig(x))
jx("rh_manual_sigmoid")(lambda x: sig(x))
jx("rh_erf_tail")(lambda x: js.erf(x) + 1e-12 * x)
jx("rh_arctan_far")(lambda x: jnp.arctan(x))

# ---------------------------------------------------------------- cancelling: mpmath at 50 digits
mpx("rh_one_minus_cos", 1e-6)(lambda x: (1 - mp.cos(x)) / x ** 2)
mpx("rh_expm1_by_hand", 1e-8)(lambda x: (mp.exp(x) - 1 - x) / x ** 2)
mpx("rh_sqrt_diff", 1e-6)(lambda x: mp.sqrt(x ** 2 + 1) - x)
mpx("rh_log_diff", 1e-6)(lambda x: mp.log(x + 1) - mp.log(x))
mpx("rh_x_minus_sin", 1e-6)(lambda x: (x - mp.sin(x)) / x ** 3)
mpx("rh_var_textbook", 1e-6)(
    lambda a, b, c: (a * a + b * b + c * c) / 3 - ((a + b + c) / 3) ** 2)
mpx("rh_cosh_minus_one", 1e-6)(lambda x: (mp.cosh(x) - 1) * 10 ** 8)

# ================================================================ edges of data tracking
import cases_edges as E  # noqa: E402

jx("eg_big_array_inplace")(
    lambda w: jnp.sum(E.BIG.mean(axis=0) * w * w) + jnp.sum(E.BIG.std(axis=0) * jnp.sin(w)))
jx("eg_pandas_loc_inplace")(lambda p: jnp.sum(
    (p[0] + p[1] * E.DF["x"].to_numpy() - E.DF["y"].to_numpy()) ** 2))
jx("eg_list_append")(lambda mu: jnp.sum((jnp.array(E.OBS) - mu) ** 2))


@jx("eg_dict_new_key")
def _(x):
    items = sorted(E.TERMS.items())
    return sum(c * jnp.sin(x[i % 2]) ** (i + 1) for i, (_, c) in enumerate(items))


jx("eg_function_attribute")(lambda x: E.spring.k * (0.5 * x * x + jnp.cos(x)))
jx("eg_inherited_class_attr")(lambda x: E.Base.k * jnp.sum(x ** 3) + jnp.exp(E.Base.k * x[0]))
jx("eg_property")(lambda x: 1.5 * E.MAT._young * jnp.sum(x * x)
                  + jnp.sin(1.5 * E.MAT._young * x[1]))
jx("eg_tuple_of_arrays")(lambda x: jnp.sum(E.PAIR[0] * jnp.exp(E.PAIR[1] * x)))
jx("eg_zero_d_array")(lambda t: jnp.exp(-float(E.RATE) * t) * t)
jx("eg_closure_over_object")(
    lambda x: E.OBJ_CFG.gain * (jnp.sum(jnp.tanh(x) ** 2) + x[0]))
jx("eg_namespace_chain")(lambda x: E.NS.model.params.c * (x[0] ** 2 + 2.0 * x[1] ** 2))
jx("eg_interp_table_inplace")(lambda x: jnp.sum(jnp.interp(x, E.XP, E.FP) ** 2))
jx("eg_view_of_base")(lambda x: jnp.sum(E.BASE[1:4] * x * x) + np.prod(E.BASE[1:4]) * x[0])
jx("eg_memo_cleared")(lambda x: jnp.sum(x * x * jnp.cos(x)) / float(np.sum(E.RAW ** 2)))
jx("eg_file_read_each_call")(
    lambda w: jnp.sum(np.load(E.DATA_FILE) * w * w) + jnp.dot(np.load(E.DATA_FILE), w))

# ---------------------------------------------------------------- more hiding places
import cases_edges2 as E2  # noqa: E402

jx("eh_globals_by_string")(lambda x: E2.GAIN2 * jnp.sum(x * x) + jnp.sin(x[0]))
jx("eh_getattr_module")(lambda x: mydata.K * jnp.sum(jnp.exp(0.3 * x)))


@jx("eh_method_patched_on_class")
def _(x):
    c = E2.MODEL2.c
    if E2.METHOD_VERSION == 0:
        return c * jnp.sum(x * x)
    return c * jnp.sum(jnp.cos(x)) + x[0] ** 3


jx("eh_global_two_helpers_down")(lambda x: jnp.sum(E2.DEPTH_K * x * x + jnp.sin(x)))
jx("eh_lru_cache_cleared")(lambda x: jnp.sum(jnp.array(E2.COEF_SRC) * x * x))


@jx("eh_deep_nesting_inplace")
def _(x):
    w = E2.DEEP.store["layers"][0].w
    return jnp.sum(jnp.tanh(w * x)) + jnp.dot(w, x)


jx("eh_class_array_inplace")(lambda x: jnp.sum(E2.Table.values * x ** 3))
jx("eh_closure_array_inplace")(lambda x: jnp.log(1.0 + jnp.sum(E2.CLOSURE_A * x * x)))
jx("eh_jac_new_length")(lambda p: p[0] * jnp.exp(-p[1] * E2.T_DATA) - E2.Y_DATA)
jx("eh_big_array_in_dict")(lambda w: jnp.sum(E2.STORE["X"].mean(axis=0) * jnp.exp(w)))
jx("eh_pandas_series_iloc")(lambda x: jnp.sum(E2.SERIES.to_numpy() * jnp.sin(x)))
jx("eh_seeded_noise")(
    lambda x: jnp.sum((x - np.random.default_rng(E2.SEED).normal(size=x.shape)) ** 2))
