"""Hand-written jax.numpy rewrites of every function in round3/functions.py.

Written from the mathematics of each user function, independently of gradlab. numpy
semantics that an engine could share with a mapping (norm ords, ddof, where=, initial=,
prepend=, returned=, b=, clip bounds, poly conventions) are spelled out with elementary
operations; branches of where/clip/max chains are resolved by constant masks taken at the
corpus point (the points sit away from every tie). Where the user's formula cancels, the
rewrite is a stable equivalent (STABLE_FORM, looser value tolerance).
"""

import math

import functions as F
import jax
import jax.numpy as jnp
import jax.scipy.special as jss
import numpy as np

JAX = {}
STABLE_FORM = {
    "sqrt_cancellation_large": 1e-6,
    "exp_taylor_remainder_small": 1e-8,
    "one_minus_cos_small": 1e-8,
    "log1p_vs_log_small": 1e-10,
}


def jx(name):
    def deco(f):
        JAX[name] = f
        return f

    return deco


def c(a):
    return jnp.asarray(np.asarray(a, dtype=float))


X34, A33, B33, BATCH, V3, W4 = map(c, (F.X34, F.A33, F.B33, F.BATCH, F.V3, F.W4))
XK, YK, T_GRID, DATA, Xd, yd = map(c, (F.XK, F.YK, F.T_GRID, F.DATA, F.Xd, F.yd))
KEYS_Q, VALS_V = c(F.KEYS_Q), c(F.VALS_V)


def lse(Z, axis, keepdims=False):
    m = jax.lax.stop_gradient(jnp.max(Z, axis=axis, keepdims=True))
    out = m + jnp.log(jnp.sum(jnp.exp(Z - m), axis=axis, keepdims=True))
    return out if keepdims else jnp.squeeze(out, axis=axis)


def det3(M):
    return (M[..., 0, 0] * (M[..., 1, 1] * M[..., 2, 2] - M[..., 1, 2] * M[..., 2, 1])
            - M[..., 0, 1] * (M[..., 1, 0] * M[..., 2, 2] - M[..., 1, 2] * M[..., 2, 0])
            + M[..., 0, 2] * (M[..., 1, 0] * M[..., 2, 1] - M[..., 1, 1] * M[..., 2, 0]))


def svals(M):
    G = M @ M.T if M.shape[0] <= M.shape[1] else M.T @ M
    return jnp.sqrt(jnp.linalg.eigvalsh(G))[::-1]


def sigmoid(z):
    return 1.0 / (1.0 + jnp.exp(-z))


def softplus(z):
    return jnp.log1p(jnp.exp(z))


def pvar(x, axis=None, ddof=0, keepdims=False):
    n = x.size if axis is None else x.shape[axis]
    m = jnp.sum(x, axis=axis, keepdims=True) / n
    return jnp.sum((x - m) ** 2, axis=axis, keepdims=keepdims) / (n - ddof)


def mask_of(cond):
    return jnp.asarray(np.asarray(cond, dtype=bool))


# ---------------------------------------------------------------- A. star imports
jx("star_sum_exp_max")(lambda x: jnp.sum(jnp.exp(-x**2)) + x[3] * 0.5)
jx("star_polyval_sqrt")(lambda t: ((t - 2.0) * t + 0.5) * t + 3.0 + jnp.sqrt(t))
jx("star_linalg_norm3")(lambda x: jnp.sum(jnp.abs(x) ** 3) ** (1 / 3) + jnp.sum(jnp.abs(x)))
jx("star_pi_e")(lambda x: jnp.sin(math.pi * x) * jnp.exp(x))


@jx("star_mean_std_axes")
def _(X):
    sd = jnp.sqrt(jnp.sum((X - jnp.sum(X, axis=0) / 3) ** 2, axis=0) / 2)
    return (jnp.sum(X**2, axis=1) / 4) @ c([1.0, -0.5, 2.0]) + jnp.sum(sd)


@jx("star_where_clip")
def _(x):
    pos = mask_of(F.CASES_BY_NAME["star_where_clip"] > 0)
    inside = mask_of(np.abs(F.CASES_BY_NAME["star_where_clip"]) < 1)
    br = jnp.where(pos, jnp.log1p(jnp.where(pos, x, 0.0)), jnp.expm1(x))
    cl = jnp.where(inside, x, c(np.sign(F.CASES_BY_NAME["star_where_clip"])))
    return jnp.sum(br) + jnp.sum(cl**2)


jx("star_min_amin")(lambda x: x[1] + 2 * x[1] + x[2] ** 3)
jx("star_arctan2_hypot")(lambda x, y: jnp.arctan2(y, x) + x**2 + y**2)


@jx("star_cumsum_neg_axis")
def _(X):
    C = jnp.stack([X[0], X[0] + X[1], X[0] + X[1] + X[2]])
    return jnp.sum(C**2) / 7.0


jx("star_trapezoid")(lambda y: 0.1 * (jnp.sum(y**2) - 0.5 * (y[0] ** 2 + y[-1] ** 2)))
jx("star_dot_outer")(lambda x: jnp.sum(x * x) ** 2)
jx("star_round_constant_only")(lambda x: jnp.sum(c([0.12, 0.46, 0.79]) * jnp.tanh(x)))
jx("mstar_gamma_lgamma")(lambda x: jss.gammaln(x) + jnp.exp(jss.gammaln(x / 2)))
jx("mstar_erf_erfc")(lambda x, y: jss.erf(x) * (1 - jss.erf(y)) + jss.erf(x * y))
jx("mstar_log_bases")(lambda x: jnp.log(x) * (1 / math.log(3) + 1 / math.log(10) + 1 / math.log(2)))
jx("mstar_hypot3")(lambda x, y, z: jnp.sqrt(x * x + y * y + z * z))
jx("mstar_dist")(lambda a, b, cc, d: jnp.sqrt((a - cc) ** 2 + (b - d) ** 2) + jnp.sqrt((a - d) ** 2))
jx("mstar_fsum_series")(lambda x: sum(x**k / math.factorial(k) for k in range(12)))
jx("mstar_copysign_fabs")(lambda x, y: -x * x + (-y) ** 1.5)
jx("mstar_pow_atan")(lambda x, y: jnp.exp(y * jnp.log(x)) + jnp.arctan(y / x))
jx("mstar_degrees_radians")(lambda x: jnp.sin(x * math.pi / 180) + jnp.arctanh(0.1 * x) * 180 / math.pi)


@jx("mstar_asinh_acosh")
def _(x):
    z = 1 + x * x
    return jnp.log(x + jnp.sqrt(x * x + 1)) + jnp.log(z + jnp.sqrt(z * z - 1))


jx("mstar_cbrt_exp2")(lambda x: x ** (1 / 3) + jnp.exp(x * math.log(2)) + jnp.expm1(x) / x)
jx("mstar_prod_ldexp")(lambda x, y: x * y * (x + y) + 8 * x)
for _name in ("mstar_gamma_lgamma", "mstar_log_bases", "mstar_fsum_series", "mstar_degrees_radians",
              "mstar_asinh_acosh", "mstar_cbrt_exp2"):
    JAX[_name + "_float_point"] = JAX[_name]

# ---------------------------------------------------------------- B. reduction keywords
jx("sum_where_broadcast_axis1")(
    lambda X: (X[:, 0] ** 2 + X[:, 2] ** 2 + X[:, 3] ** 2) @ V3 + jnp.sum(X))
jx("mean_where_mask")(lambda x: (jnp.exp(x[0] / 3) + jnp.exp(x[2] / 3) + jnp.exp(x[3] / 3)) / 3)
jx("max_initial_below")(lambda x: x[1] ** 2 + 10.0 + jnp.sum(x))
jx("sum_initial_prod_initial")(lambda x: 2.0 * x[0] * x[1] * x[2] * x[3] + 1.5 + jnp.sum(x**3))


@jx("diff_prepend_array_axis0")
def _(X):
    d = jnp.stack([0.5 * X[0], X[1] - X[0], X[2] - X[1]])
    return jnp.sum(d**2 * W4)


jx("diff_n2_axis_neg1")(lambda X: jnp.sum((X[:, 2:] - 2 * X[:, 1:-1] + X[:, :-2]) ** 2))
jx("add_reduce_axis0")(lambda X: jnp.sum((X[0] + X[1] + X[2]) ** 2) + X[0, 0] * X[0, 1] * X[0, 2] * X[0, 3])
jx("logaddexp_reduce")(lambda x: jnp.log(jnp.sum(jnp.exp(x))))


@jx("multiply_accumulate")
def _(x):
    acc, tot = 1.0, 0.0
    for k in range(4):
        acc = acc * x[k]
        tot = tot + acc
    return tot


jx("maximum_reduce_distinct")(lambda x: x[1] + x[2] ** 2)
jx("average_returned_axis1")(lambda X: jnp.sum((X @ W4 / jnp.sum(W4)) ** 2) + 3 * jnp.sum(W4))


@jx("var_tuple_negative_axes")
def _(X):
    T = X.reshape(3, 2, 2)
    out = 0.0
    for j in range(2):
        v = T[:, j, :]
        out = out + jnp.sum((v - jnp.sum(v) / 6) ** 2) / 5
    return out


@jx("std_with_mean_kw")
def _(x):
    m = jnp.sum(x) / 5
    ss = jnp.sum((x - m) ** 2)
    return jnp.sqrt(ss / 5) + ss / 4


jx("prod_axis_neg1_keepdims")(lambda X: jnp.sum(jnp.prod(1 + 0.1 * X, axis=1)[:, None] * X))
jx("sum_dtype_keepdims")(lambda X: jnp.sum((X - (X[0] + X[1] + X[2])[None, :] / 3) ** 2))
jx("nanmean_nanstd_no_nans")(lambda x: jnp.sum(x**2) / 4 + jnp.sqrt(pvar(x)) + jnp.sum(jnp.log(x)))
jx("ptp_axis_neg1")(lambda X: jnp.sum((jnp.max(X, axis=1) - jnp.min(X, axis=1)) ** 2))


@jx("cumulative_sum_include_initial")
def _(x):
    cs = [0.0 * x[0], x[0], x[0] + x[1], x[0] + x[1] + x[2], x[0] + x[1] + x[2] + x[3]]
    return sum(jnp.exp(-(v**2)) for v in cs)


@jx("cumsum_axis_neg1_last")
def _(X):
    P = 1 + 0.2 * X
    return jnp.sum(jnp.sum(X, axis=1) ** 3) + jnp.sum(P[0] * P[1] * P[2])


# ---------------------------------------------------------------- C. linalg and norms
jx("vector_norm_axis_ord")(
    lambda X: jnp.sum(jnp.sum(jnp.abs(X) ** 3, axis=1) ** (1 / 3)) + jnp.sqrt(jnp.sum(X**2)))
jx("matrix_norm_fro_nuc")(lambda X: jnp.sqrt(jnp.sum(X**2)) + jnp.sum(svals(X)))
jx("vecdot_axis0_kw")(lambda X: jnp.sum(jnp.sum(X * jnp.cos(X), axis=0) * W4) + jnp.sum(X * X))
jx("matrix_transpose_matmul")(lambda X: jnp.sum(jnp.sum(X**2, axis=0) * W4))
jx("norm_inf_axis0_keepdims")(lambda X: jnp.sum(X / jnp.max(jnp.abs(X), axis=0)[None, :]))
jx("norm_ord_1p5")(lambda x: jnp.sum(jnp.abs(x) ** 1.5) ** (1 / 1.5))
jx("norm_3d_no_axis")(lambda T: jnp.sqrt(jnp.sum(T**2)) + jnp.sum(jnp.sqrt(jnp.sum(T**2, axis=(1, 2)))))
jx("norm_3d_axis_tuple_ord1")(lambda T: jnp.sum(jnp.max(jnp.sum(jnp.abs(T), axis=1), axis=-1)))
jx("det_batched")(lambda S: jnp.sum(det3(S) ** 2))
jx("inv_batched_sum")(lambda S: jnp.sum(jnp.stack([jnp.linalg.solve(S[b], jnp.eye(3)) @ V3 for b in range(2)])))


@jx("solve_batched_column")
def _(S):
    b = c([[1.0, 0.0, -1.0], [0.5, 2.0, 0.3]])
    return sum(jnp.sum(jnp.linalg.solve(S[k], b[k]) ** 2) for k in range(2))


jx("multi_dot_middle")(lambda X: jnp.sum(B33 @ X @ X.T @ B33.T))


@jx("matrix_power_batched_neg3")
def _(S):
    out = 0.0
    for b in range(2):
        Ai = jnp.linalg.solve(S[b], jnp.eye(3))
        S2 = S[b] @ S[b]
        out = out + jnp.sum(Ai @ Ai @ Ai) + jnp.trace(S2 @ S2)
    return out


jx("trace_offset_axes_3d")(
    lambda S: jnp.sum((S[:, 0, 1] + S[:, 1, 2]) ** 2) + jnp.sum(S[:, 1, 0] + S[:, 2, 1]))


@jx("cond_number_2")
def _(X):
    s = svals(X)
    return s[0] / s[-1]


@jx("lstsq_rhs_variable")
def _(beta):
    y = Xd @ beta + jnp.sin(jnp.arange(12.0))
    coef = jnp.linalg.solve(Xd.T @ Xd, Xd.T @ y)
    return jnp.sum(coef**2)


@jx("slogdet_named_tuple")
def _(X):
    return jnp.log(det3(X @ X.T + jnp.eye(3)))


@jx("cholesky_upper_kw")
def _(X):
    A = X @ X.T + jnp.eye(3)
    return 0.5 * jnp.log(det3(A)) + A[2, 0] / jnp.sqrt(A[0, 0])


# ---------------------------------------------------------------- D. einsum, indexing
jx("einsum_ellipsis_rowdot")(lambda X: jnp.sum(jnp.sqrt(jnp.sum(X * X, axis=1))))
jx("einsum_diag_and_total")(lambda X: X[0, 0] ** 2 + X[1, 1] ** 2 + X[2, 2] ** 2 + jnp.sum(X * X))
jx("einsum_three_optimize")(lambda X: jnp.sum((B33 @ X @ B33.T) ** 2))
jx("einsum_outer_batch")(lambda X: jnp.sum(X * X) + jnp.sum(X[:, 0] * X[:, 1]))


@jx("triu_pair_distances")
def _(p):
    P = p.reshape(3, 2)
    return sum(1.0 / jnp.sqrt(jnp.sum((P[i] - P[j]) ** 2)) for i, j in ((0, 1), (0, 2), (1, 2)))


@jx("newaxis_broadcast_gauss")
def _(X):
    tot = 3.0
    for i in range(3):
        for j in range(3):
            if i != j:
                tot = tot + jnp.exp(-0.5 * jnp.sum((X[i] - X[j]) ** 2))
    return tot


@jx("take_along_axis_argsort")
def _(X):
    idx = np.argsort(F.X34, axis=-1)
    return sum(X[r, idx[r, k]] * k for r in range(3) for k in range(4))


@jx("fancy_labels_logp")
def _(Z):
    Z3 = Z[:, :3]
    Zb = jnp.concatenate([Z3, 0.5 * Z3[:1]], axis=0)
    logp = Zb - lse(Zb, 1, True)
    return -(logp[0, 2] + logp[1, 0] + logp[2, 1] + logp[3, 1]) / 4


jx("roll_flip_axes")(lambda X: jnp.sum(X * X[:, [1, 2, 3, 0]]) + X[2] @ W4)
jx("stack_axis_neg1_scalars")(lambda x: x[0] * x[2] - x[1] * x[1] * x[2] + x[0] + x[1] * x[2])
jx("split_concatenate")(lambda x: jnp.sum((x[:3] * x[3:]) ** 2) + jnp.sum((x[:3] - x[3:][::-1]) ** 2))
jx("tril_outer_k_neg1")(lambda x: sum(x[i] * x[j] for i in range(4) for j in range(i)))


@jx("convolve_valid_correlate")
def _(x):
    out = jnp.stack([0.25 * x[i] + 0.5 * x[i + 1] + 0.25 * x[i + 2] for i in range(3)])
    return jnp.sum(out**2) + jnp.sum(out * x[:3])


# ---------------------------------------------------------------- E. elementwise chains
@jx("maximum_minimum_chain")
def _(x):
    y = jnp.stack([-1.0 + 0 * x[0], x[1], x[2], x[3], 2.0 + 0 * x[4]])
    mx = jnp.stack([0.1 * x[0], 0.1 * x[1], x[2], x[3], x[4]])
    return jnp.sum(y**2 + mx)


jx("where_sqrt_negative_branch")(lambda x: 0.5 * x[0] + jnp.sqrt(x[1]) + jnp.sqrt(x[2]) + 0.5 * x[3])
jx("clip_min_max_keywords")(lambda x: (-1.0) ** 3 + 0.4**3 + x[2] ** 3 + x[3] ** 3 + x[0] + x[3])
jx("select_three_regions")(lambda x: x[0] ** 2 + jnp.sin(x[1]) + jnp.log(x[2] + 3) + jnp.sin(x[3]))
jx("piecewise_lambdas")(lambda x: x[0] ** 3 + jnp.exp(x[1]) + jnp.exp(x[2]) + x[3] ** 3)
jx("heaviside_sign_scaled")(
    lambda x: -x[0] ** 3 + x[1] ** 2 + x[1] ** 3 + x[2] ** 2 + x[2] ** 3 - x[3] ** 3)
jx("logaddexp2_exp2_log2")(
    lambda x: jnp.sum(jnp.log(2.0**x + 2.0) / math.log(2) + 2.0 ** (-x) + jnp.log(x) / math.log(2)))
jx("sinc_i0_numpy")(lambda x: jnp.sum(jnp.sin(math.pi * x) / (math.pi * x) + jss.i0e(x) * jnp.exp(x)))
jx("arccos_arctanh_near_one")(
    lambda x: jnp.sum(math.pi / 2 - jnp.arcsin(x) + 0.5 * jnp.log((1 + x) / (1 - x))))


@jx("reciprocal_square_cbrt")
def _(x):
    d = x - 1.0
    s = c(np.sign(F.CASES_BY_NAME["reciprocal_square_cbrt"] - 1.0))
    return jnp.sum(1 / x + d * d + s * (s * d) ** (1 / 3))


jx("deg2rad_rad2deg")(lambda x: jnp.sum(jnp.sin(30 * x * math.pi / 180) + jnp.arctan(x) * 180 / math.pi / 100))

# ---------------------------------------------------------------- F. scipy
jx("sp_log_ndtr_ndtr")(lambda x: jnp.sum(jss.log_ndtr(x) + jss.ndtr(x)))
jx("sp_digamma_betaln")(
    lambda a, b: jss.digamma(a) + jss.gammaln(a) + jss.gammaln(b) - jss.gammaln(a + b) + jss.polygamma(1, b))
jx("sp_logit_entr")(lambda p: jnp.sum(jnp.log(p / (1 - p)) ** 2) - jnp.sum(p * jnp.log(p)))


@jx("sp_softmax_log_softmax")
def _(Z):
    P = jnp.exp(Z - lse(Z, 1, True))
    L0 = Z - lse(Z, 0, True)
    return jnp.sum(P * W4) + jnp.sum(L0[1])


jx("sp_xlog1py_xlogy")(lambda x: jnp.sum(x * jnp.log1p(x**2) + x * jnp.log(1 + x)))
jx("sp_erfinv_erfcinv")(lambda x: jnp.sum(jss.erfinv(x) + jss.erfinv(-x / 2)))
jx("sp_i0e_i1")(lambda x: jnp.sum(jss.i0e(x) + jss.i1(x)))
jx("sp_logsumexp_b_weights")(lambda a: jnp.log(jnp.sum(W4 * W4 * jnp.exp(a))))
jx("sp_logsumexp_axis_neg2_keepdims")(lambda Z: jnp.sum(lse(Z, 0) * W4))
jx("sp_logsumexp_return_sign")(lambda a: jnp.log(jnp.sum(c([1.0, 2.0, 0.5, 1.0]) * jnp.exp(a))))
jx("sp_gamma_loggamma_rgamma")(
    lambda x, y: jnp.exp(jss.gammaln(x)) + jss.gammaln(y) + jnp.exp(-jss.gammaln(x + y)))
jx("sp_expit_log_expit")(lambda x: jnp.sum(sigmoid(x) * x) - jnp.sum(softplus(x)))


@jx("black_scholes_put_stats")
def _(S, K, T, r, sigma):
    d1 = (jnp.log(S / K) + (r + 0.5 * sigma**2) * T) / (sigma * jnp.sqrt(T))
    d2 = d1 - sigma * jnp.sqrt(T)
    return K * jnp.exp(-r * T) * jss.ndtr(-d2) - S * jss.ndtr(-d1)


@jx("stats_norm_logpdf_data")
def _(mu, log_s):
    s = jnp.exp(log_s)
    return -jnp.sum(-0.5 * ((DATA - mu) / s) ** 2 - log_s - 0.5 * math.log(2 * math.pi))


def _spline_pieces():
    import scipy.interpolate

    cs = scipy.interpolate.CubicSpline(F.XK, F.YK)
    return cs.c, F.XK


@jx("cubic_spline_eval")
def _(x):
    coef, knots = _spline_pieces()
    pts = F.CASES_BY_NAME["cubic_spline_eval"]
    tot = 0.0
    for k in range(3):
        i = int(np.searchsorted(knots, pts[k]) - 1)
        dx = x[k] - knots[i]
        v = ((coef[0, i] * dx + coef[1, i]) * dx + coef[2, i]) * dx + coef[3, i]
        tot = tot + v**2
    return tot


def _lin(xv, i, fp):
    t = (xv - XK[i]) / (XK[i + 1] - XK[i])
    return (1 - t) * fp[i] + t * fp[i + 1]


def _intervals(name):
    return [int(np.searchsorted(F.XK, v) - 1) for v in F.CASES_BY_NAME[name]]


@jx("interp_x_variable_inside")
def _(x):
    return sum(_lin(x[k], i, YK) * x[k] for k, i in enumerate(_intervals("interp_x_variable_inside")))


@jx("interp_fp_left_right")
def _(fp):
    return 0.0**2 + _lin(0.7, 1, fp) ** 2 + _lin(2.6, 3, fp) ** 2 + (2 * fp[-1]) ** 2


@jx("searchsorted_linear_manual")
def _(x):
    return sum(_lin(x[k], i, YK) for k, i in enumerate(_intervals("searchsorted_linear_manual")))


# ---------------------------------------------------------------- G. polynomials
jx("polynomial_module_ascending")(
    lambda cc: jnp.sum((cc[0] + cc[1] * T_GRID + cc[2] * T_GRID**2 + cc[3] * T_GRID**3) ** 2))
jx("chebval_variable_x")(
    lambda x: 0.5 - x + 0.3 * (2 * x * x - 1) + 0.8 * (4 * x**3 - 3 * x) + 1.0 + 0.4 * x + 0.1 * (4 * x * x - 2))
jx("poly1d_object")(
    lambda x: jnp.sum(2 * x**3 - x**2 + 0.5 * x + 3) + jnp.sum((6 * x**2 - 2 * x + 0.5) ** 2))
jx("polyval_coeffs_variable_grid")(
    lambda cc: jnp.sum((cc[0] * T_GRID**3 + cc[1] * T_GRID**2 + cc[2] * T_GRID + cc[3]) * jnp.cos(T_GRID)))
jx("horner_reversed_loop")(lambda x: 3 - x + 0.5 * x**2 + 2 * x**3 - 0.25 * x**4)
jx("polyder_polyint_coeffs")(
    lambda cc: cc[0] / 3 * 1.5**3 + cc[1] / 2 * 1.5**2 + cc[2] * 1.5 + 2 * cc[0] * 0.5 + cc[1])

# ---------------------------------------------------------------- H. Python structure
jx("helper_chain_defaults")(lambda x: jnp.sum((jnp.tanh(x / 2) ** 2 + jnp.tanh(x / 0.5)) * x))
jx("factory_gaussian_nll")(
    lambda mu, log_sigma: 25 * log_sigma + 0.5 * jnp.sum((DATA - mu) ** 2) * jnp.exp(-2 * log_sigma))
jx("nonlocal_counter_closure")(lambda x: jnp.sum((x - 1.0) ** 2))
jx("lambdas_in_dict_sum")(
    lambda x: jnp.sum(jnp.tanh(x)) + 0.5 * jnp.sum(softplus(x)) + 2 * jnp.sum(x * sigmoid(x)))
jx("dict_dispatch_loss")(
    lambda b: jnp.sum(jnp.sqrt((Xd @ b - yd) ** 2 + 1e-2)) / 12 + 0.05 * jnp.sum(b * b))


@jx("class_call_mlp")
def _(x):
    m = F.MLP()
    return c(m.w2) @ jnp.tanh(c(m.W1) @ x + c(m.b1))


jx("property_pendulum_energy")(lambda s: 0.5 * s[1] ** 2 - 9.81 / 1.5 * jnp.cos(s[0]))
jx("inheritance_super_energy")(lambda x: jnp.sum(x**2) / 2 + 0.3 * jnp.sum(x**4))
jx("dataclass_default_factory")(
    lambda x: 2.0 * jnp.sum(c([1.0, -0.5, 0.25]) * x**2) + jnp.cos(x[0]) * jnp.cos(x[1]) * jnp.cos(x[2]))
jx("dataclass_replace_k")(
    lambda x: 5.5 * jnp.sum(c([1.0, -0.5, 0.25]) * x**2) + jnp.cos(x[0]) * jnp.cos(x[1]) * jnp.cos(x[2]))
jx("classmethod_calls_staticmethod")(lambda x: jnp.sum(jnp.exp((x - 1.0) / 2.0)))
jx("functools_reduce_product")(lambda x: x[0] * x[1] * x[2] * x[3] + jnp.sum(x**2))
jx("map_zip_enumerate")(
    lambda x: x @ W4 + jnp.sum(jnp.sin(x)) + jnp.sum(jnp.arange(1.0, 5.0) * x**2))
jx("sorted_values_weighted")(lambda x: x[2] + 2 * x[0] + 3 * x[3] + 4 * x[1])


def _cf(x, depth):
    return 1.0 if depth == 0 else 1.0 + x / _cf(x, depth - 1)


jx("recursion_continued_fraction")(lambda x: _cf(x, 8))
jx("recursion_power_by_squaring")(lambda x: x**13)
jx("lru_cache_fib_series")(lambda x: sum(f * x**k for k, f in enumerate([0, 1, 1, 2, 3, 5, 8, 13, 21, 34])))
jx("generator_yield_terms")(lambda x: sum(x**k / math.factorial(k) for k in range(10)))


@jx("while_babylonian_sqrt")
def _(a):
    g = 1.0
    for _ in range(5):
        g = 0.5 * (g + a / g)
    return g


jx("try_except_fallback")(lambda x, y: jnp.log(x) + jnp.sqrt(y))
jx("star_args_helper")(lambda x: 3.0 * jnp.sum(x**2))
jx("kwargs_helper")(lambda x, y: x**3 + y**3 + (x * y) ** 3)


@jx("statistics_pstdev_geomean")
def _(x):
    return jnp.sqrt(pvar(x)) + jnp.exp(jnp.mean(jnp.log(x))) + 4 / jnp.sum(1 / x)


@jx("statistics_correlation_slope")
def _(x):
    y = c([1.0, 3.0, 2.5, 0.3, 2.0])
    xc, yc = x - jnp.mean(x), y - jnp.mean(y)
    r = jnp.sum(xc * yc) / jnp.sqrt(jnp.sum(xc**2) * jnp.sum(yc**2))
    return r + jnp.sum(yc * xc) / jnp.sum(yc**2)


jx("statistics_median_odd")(lambda x: x[2] + jnp.sum(x**2) / 5)
jx("math_fsum_list_comprehension")(lambda a, b: sum(a**k * b ** (5 - k) for k in range(6)))
jx("dict_params_global_update")(lambda k, m: jnp.sqrt(k / m) + 0.4 / (2 * jnp.sqrt(k * m)))


@jx("pandas_df_exp_fit")
def _(a, tau):
    t = c(F.obs_df["t"].to_numpy())
    y = c(F.obs_df["y"].to_numpy())
    return jnp.sum((y - a * jnp.exp(-t / tau)) ** 2)


@jx("pandas_series_portfolio")
def _(w):
    r = np.asarray(F.returns_s.to_numpy(), dtype=float)
    R = c(np.stack([r, np.roll(r, 1), r[::-1]], axis=1))
    p = R @ w
    return -jnp.mean(p) / jnp.sqrt(pvar(p, ddof=1))


# ---------------------------------------------------------------- I. ODE steps
@jx("rk4_logistic_growth")
def _(r, K, y0):
    def f(y):
        return r * y * (1 - y / K)

    y, h = y0, 0.1
    for _ in range(20):
        k1 = f(y)
        k2 = f(y + h / 2 * k1)
        k3 = f(y + h / 2 * k2)
        k4 = f(y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return y


@jx("rk4_damped_oscillator_params")
def _(p):
    k, cc = p[0], p[1]
    x, v, h = 1.0, 0.0, 0.05

    def rhs(x, v):
        return v, -k * x - cc * v

    for _ in range(40):
        a1, b1 = rhs(x, v)
        a2, b2 = rhs(x + 0.5 * h * a1, v + 0.5 * h * b1)
        a3, b3 = rhs(x + 0.5 * h * a2, v + 0.5 * h * b2)
        a4, b4 = rhs(x + h * a3, v + h * b3)
        x, v = x + h * (a1 + 2 * a2 + 2 * a3 + a4) / 6, v + h * (b1 + 2 * b2 + 2 * b3 + b4) / 6
    return x**2 + v**2


@jx("euler_sir")
def _(beta, gamma):
    S, I, R = 0.99, 0.01, 0.0
    for _ in range(60):
        ni, rc = beta * S * I, gamma * I
        S, I, R = S - 0.5 * ni, I + 0.5 * (ni - rc), R + 0.5 * rc
    return R


@jx("verlet_pendulum")
def _(s):
    th, om = s[0], s[1]
    for _ in range(30):
        oh = om - 0.5 * 0.05 * 9.81 * jnp.sin(th)
        th = th + 0.05 * oh
        om = oh - 0.5 * 0.05 * 9.81 * jnp.sin(th)
    return th


@jx("heat_equation_roll_steps")
def _(u):
    for _ in range(10):
        left = jnp.concatenate([u[-1:], u[:-1]])
        right = jnp.concatenate([u[1:], u[:1]])
        u = u + 0.2 * (left - 2 * u + right)
    return jnp.sum(u**2)


@jx("fixed_point_cos_iterations")
def _(a):
    x = 0.5
    for _ in range(25):
        x = jnp.cos(x) / a
    return x


@jx("gradient_descent_unrolled")
def _(x0):
    x, y = x0[0], x0[1]
    for _ in range(8):
        x, y = x - 0.1 * (2 * x + y), y - 0.1 * (x + 4 * y)
    return x * x + y * y


# ---------------------------------------------------------------- J. ML losses
jx("softplus_where_branches")(lambda x: jnp.sum(softplus(x[:3])) + x[3])


@jx("huber_delta_param")
def _(delta, b):
    r0 = np.asarray(F.yd - F.Xd @ np.array([1.0, -2.0, 0.5]) - 0.2)
    quad, sgn = mask_of(np.abs(r0) <= 0.7), c(np.sign(r0))
    r = yd - Xd @ c([1.0, -2.0, 0.5]) - b
    return jnp.sum(jnp.where(quad, 0.5 * r**2, delta * (sgn * r - 0.5 * delta)))


@jx("focal_loss")
def _(z):
    p = sigmoid(z)
    pt = jnp.stack([p[0], 1 - p[1], p[2], 1 - p[3]])
    return -jnp.sum((1 - pt) ** 2 * jnp.log(pt))


@jx("squared_hinge")
def _(w):
    y = c([1.0, -1.0, 1.0, -1.0])
    m = y * (c([0.5, 0.9, 0.1, 0.3]) + w)
    m0 = np.array([1.0, -1.0, 1.0, -1.0]) * (np.array([0.5, 0.9, 0.1, 0.3]) + F.CASES_BY_NAME["squared_hinge"])
    return jnp.sum(jnp.where(mask_of(1 - m0 > 0), (1 - m) ** 2, 0.0))


jx("bernoulli_kl_xlogy")(lambda p: jnp.sum(
    p * jnp.log(p / c([0.3, 0.5, 0.6])) + (1 - p) * jnp.log((1 - p) / (1 - c([0.3, 0.5, 0.6])))))


@jx("label_smoothing_ce")
def _(Z):
    Y = np.full((3, 4), 0.1 / 3)
    Y[np.arange(3), [1, 3, 0]] = 0.9
    return -jnp.sum(c(Y) * (Z - lse(Z, 1, True))) / 3


@jx("attention_softmax_query")
def _(Q):
    S = Q @ KEYS_Q.T / math.sqrt(3)
    A = jnp.exp(S - lse(S, 1, True))
    return jnp.sum((A @ VALS_V) ** 2)


@jx("layernorm_keepdims")
def _(X):
    mu = jnp.sum(X, axis=1, keepdims=True) / 4
    v = jnp.sum((X - mu) ** 2, axis=1, keepdims=True) / 4
    return jnp.sum((X - mu) / jnp.sqrt(v + 1e-5) * W4)


@jx("batchnorm_axis0")
def _(X):
    mu = jnp.sum(X, axis=0) / 3
    sd = jnp.sqrt(jnp.sum((X - mu) ** 2, axis=0) / 3)
    return jnp.sum(jnp.tanh((X - mu) / sd) * X)


@jx("gelu_tanh_and_erf")
def _(x):
    g1 = 0.5 * x * (1 + jnp.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    g2 = 0.5 * x * (1 + jss.erf(x / math.sqrt(2)))
    return jnp.sum(g1 + 2 * g2)


jx("cosine_similarity_const")(lambda x: x @ W4 / (jnp.sqrt(jnp.sum(x * x)) * float(np.sqrt(np.sum(F.W4**2)))))


@jx("triplet_softplus")
def _(v):
    a, p, n = v[:2], v[2:4], v[4:]
    return softplus(jnp.sum((a - p) ** 2) - jnp.sum((a - n) ** 2) + 0.5)


@jx("info_nce_logsumexp")
def _(E):
    E = E / jnp.sqrt(jnp.sum(E * E, axis=1, keepdims=True))
    S = E @ E.T / 0.5 - 1e9 * jnp.eye(3)
    return jnp.sum(-jnp.stack([S[0, 1], S[1, 2], S[2, 0]]) + lse(S, 1)) / 3


# ---------------------------------------------------------------- K. physics and finance
@jx("gravity_three_bodies")
def _(q):
    P = q.reshape(3, 2)
    m = [1.0, 0.5, 0.8]
    return -sum(m[i] * m[j] / jnp.sqrt(jnp.sum((P[i] - P[j]) ** 2)) for i in range(3) for j in range(i + 1, 3))


jx("van_der_waals_molar_volume_ml")(lambda V, T: 8.314 * T / (V / 1000 - 4.27e-5) - 0.364 / (V / 1000) ** 2)


@jx("maxwell_boltzmann_speed")
def _(v, T):
    a = 4.65e-26 / (2 * 1.380649e-23 * T)
    return 4 * math.pi * (a / math.pi) ** 1.5 * v**2 * jnp.exp(-a * v**2)


jx("annuity_pv_arange")(lambda r: jnp.sum(1000.0 * jnp.exp(-jnp.arange(1.0, 31.0) * jnp.log1p(r))))


@jx("nelson_siegel_curve")
def _(p):
    tau = c([0.5, 1.0, 2.0, 5.0, 10.0])
    x = tau / p[3]
    f = -jnp.expm1(-x) / x
    y = p[0] + p[1] * f + p[2] * (f - jnp.exp(-x))
    return jnp.sum(jnp.exp(-y * tau))


jx("doppler_shift")(lambda f0, v: f0 * 343.0 / (343.0 - v))
jx("damped_wave_analytic")(lambda x, t: jnp.exp(-0.3 * t) * jnp.sin(2 * x - 3 * t) * jnp.cosh(0.1 * x))


@jx("ideal_gas_mixture_entropy")
def _(n):
    N = jnp.sum(n)
    return -8.314 * jnp.sum(n * jnp.log(n / N))


@jx("binomial_tree_call")
def _(S, sigma):
    K, r, N = 98.0, 0.05, 6
    dt = 1.0 / N
    u = jnp.exp(sigma * math.sqrt(dt))
    d = 1 / u
    q = (math.exp(r * dt) - d) / (u - d)
    vals = [S * u**j * d ** (N - j) - K if j >= 3 else 0.0 * S for j in range(N + 1)]
    for i in range(N, 0, -1):
        vals = [math.exp(-r * dt) * (q * vals[j + 1] + (1 - q) * vals[j]) for j in range(i)]
    return vals[0]


# ---------------------------------------------------------------- L. tricky but smooth
jx("sqrt_cancellation_large")(lambda x: 1.0 / (jnp.sqrt(x * x + 1.0) + x))
jx("exp_taylor_remainder_small")(lambda x: sum(x ** (k - 2) / math.factorial(k) for k in range(2, 12)))
jx("log1p_vs_log_small")(
    lambda x: sum((-x) ** k / (k + 1) for k in range(8)) + jnp.log1p(1e6 * x))
jx("exp_near_overflow")(lambda x: jnp.exp(x - 700.0) * (math.exp(700.0) * 1e-300))
jx("tiny_magnitude_sum_squares")(lambda x: jnp.sum((x * 1e150) ** 2))
jx("mixed_scales_log")(lambda x: jnp.sum(jnp.log(x) * c([1.0, 2.0, 3.0])))
jx("logsumexp_large_values")(lambda x: lse(x, 0) + jnp.exp(x[0] - lse(x, 0)))
jx("sigmoid_far_left")(lambda x: jnp.exp(x - jnp.log1p(jnp.exp(x))) * 1e17)
jx("large_angle_sin")(lambda x: jnp.sin(x) + jnp.cos(x / 3))
jx("one_minus_cos_small")(lambda x: 2 * jnp.sin(x / 2) ** 2 / x**2)
