"""Hand-written jax.numpy rewrites of every function in functions.py.

Written independently of gradlab: each rewrite computes the same mathematical function as
the user's numpy code, so that jax.grad of it (in float64) is the true gradient. Where the
user's formula cancels catastrophically, the rewrite uses a numerically stable equivalent
(listed in STABLE_FORM, with a looser value tolerance), so the truth is the derivative of
the mathematical function, not of its round-off.

Module-level data is taken from functions.py (the same arrays the user's code reads).
"""

import math

import functions as F
import jax.numpy as jnp
import jax.scipy.special as jss

JAX = {}

# name -> relative tolerance for the value cross-check where the user's numpy formula
# itself loses digits to cancellation (the rewrite is the stable form)
STABLE_FORM = {
    "one_minus_cos_over_x2": 1e-8,
    "sqrt_cancellation": 1e-6,
}


def jx(name):
    def deco(f):
        JAX[name] = f
        return f

    return deco


A3, B3, W43, b4, v3, v4, w6 = (jnp.asarray(a) for a in (F.A3, F.B3, F.W43, F.b4, F.v3, F.v4, F.w6))
X_train, y_train = jnp.asarray(F.X_train), jnp.asarray(F.y_train)
obs = jnp.asarray(F.obs)
COV, MU_RET, TARGET = jnp.asarray(F.COV), jnp.asarray(F.MU_RET), jnp.asarray(F.TARGET)
CHARGES = jnp.asarray(F.CHARGES)
labels_onehot = jnp.asarray(F.labels_onehot)
G = F.G
SQRT2 = math.sqrt(2.0)


# ---------------------------------------------------------------- 1. scalar formulas
@jx("sin_exp_imported")
def _(x, y):
    return jnp.sin(x) * jnp.exp(x * y)


@jx("math_hypot_log")
def _(x, y, z):
    return jnp.sqrt(x**2 + y**2) * jnp.log(z)


@jx("np_hypot")
def _(x, y):
    return (x**2 + y**2) ** 1.5


@jx("np_arctan2")
def _(x, y):
    return jnp.arctan2(y, x) * x


@jx("math_atan2_sqrt")
def _(x, y):
    return jnp.arctan2(y, x) + jnp.sqrt(x * x + y * y)


@jx("integer_powers")
def _(x, y):
    return x * x * x - 2 * x * x * y + y * y * y * y - 7


@jx("negative_powers")
def _(x, y):
    return 1 / x**2 + 1 / jnp.sqrt(y) + 1 / (x * y) ** 3


@jx("variable_exponent")
def _(x, y):
    return jnp.exp(y * jnp.log(x)) + jnp.exp(x * jnp.log(2.0))


@jx("builtin_abs")
def _(x, y):
    return (-x) * y + (2.0 - y)  # x < 0, y < 2 at the point


@jx("builtin_max_two")
def _(x, y):
    return x * x + y**2  # x*x > y, y < x at the point


@jx("np_maximum_minimum")
def _(x, y):
    return x * y + x * y  # x > 0, y < 1, x*y > -5 at the point


@jx("math_fsum_list")
def _(x, y):
    return x + y * y + x * y + jnp.exp(x)


@jx("taylor_sum_generator")
def _(x):
    return sum(x**k / math.factorial(k) for k in range(10))


@jx("loop_accumulate")
def _(x, y):
    return sum(jnp.sin(k * x) / k + y**k / (k + 1) for k in range(1, 6))


@jx("horner_loop")
def _(x):
    c = F.POLY
    return c[0] * x**3 + c[1] * x**2 + c[2] * x + c[3]


@jx("np_polyval_scalar")
def _(x, y):
    return (x**3 - 2 * x**2 + 3 * x + 0.5) * y


@jx("scipy_erf")
def _(x, y):
    return jss.erf(x) * y + jss.erfc(x * y)


@jx("scipy_gammaln")
def _(x, y):
    return jss.gammaln(x) + jss.gammaln(y) - jss.gammaln(x + y)


@jx("scipy_expit")
def _(x, y):
    return 1 / (1 + jnp.exp(-x * y)) + 1 / (1 + jnp.exp(-x))


@jx("scipy_xlogy")
def _(x, y):
    return x * jnp.log(y) + y * jnp.log(x)


@jx("scipy_logsumexp_scalars")
def _(x, y, z):
    return jnp.log(jnp.exp(x) + jnp.exp(y) + jnp.exp(z))


@jx("scipy_special_attr")
def _(x):
    return jss.erf(x) + 1 / (1 + jnp.exp(-2 * x))


@jx("tanh_log1p_expm1")
def _(x, y):
    return jnp.tanh(x) + jnp.log(1 + y) - (jnp.exp(-x * y) - 1)


@jx("np_logaddexp")
def _(x, y):
    return jnp.log(jnp.exp(x) + jnp.exp(y)) + jnp.log(1 + jnp.exp(-x))


@jx("np_sinh_cosh")
def _(x, y):
    return jnp.sinh(x) * jnp.cosh(y) + jnp.log(x * y + jnp.sqrt((x * y) ** 2 + 1)) + jnp.arccos(y)


@jx("np_arcsin_arctan")
def _(x):
    return jnp.arcsin(x) * jnp.arctan(x) + jnp.sin(x) / jnp.cos(x)


@jx("np_log2_log10")
def _(x, y):
    return jnp.log(x) / jnp.log(2.0) * jnp.log(x + y) / jnp.log(10.0) + jnp.exp(y * jnp.log(2.0))


@jx("sqrt_cbrt_square")
def _(x, y):
    return jnp.sqrt(x) * (x + y) ** (1.0 / 3.0) + (x - y) ** 2 + 1 / y


@jx("np_power_float_power")
def _(x, y):
    return x**3 + y**2.5 + jnp.exp(y * jnp.log(x))


# ---------------------------------------------------------------- 2. physics / stats / finance
def _lj(r):
    sr6 = (1.0 / r) ** 6
    return 4 * (sr6 * sr6 - sr6)


@jx("lennard_jones_two_atoms")
def _(x1, y1, x2, y2):
    return _lj(jnp.sqrt((x1 - x2) ** 2 + (y1 - y2) ** 2))


@jx("gaussian_loglik_global_obs")
def _(mu, sigma):
    n = obs.shape[0]
    return -0.5 * n * jnp.log(2 * jnp.pi * sigma**2) - jnp.sum((obs - mu) ** 2) / (2 * sigma**2)


def _Phi(z):
    return 0.5 * (1 + jss.erf(z / SQRT2))


@jx("black_scholes_call")
def _(S, K, T, r, sigma):
    d1 = (jnp.log(S / K) + (r + 0.5 * sigma**2) * T) / (sigma * jnp.sqrt(T))
    d2 = d1 - sigma * jnp.sqrt(T)
    return S * _Phi(d1) - K * jnp.exp(-r * T) * _Phi(d2)


@jx("bond_price_cashflows")
def _(y):
    return sum(cf * jnp.exp(-(t + 1) * jnp.log1p(y)) for t, cf in enumerate(F.CASHFLOWS))


@jx("compound_interest")
def _(P, r, t):
    return P * jnp.exp(12 * t * jnp.log(1 + r / 12))


@jx("projectile_range")
def _(v, theta):
    return v * v * 2 * jnp.sin(theta) * jnp.cos(theta) / G


@jx("pendulum_energy")
def _(theta, w, m, l):
    return 0.5 * m * l**2 * w**2 + m * G * l * (1 - jnp.cos(theta))


@jx("least_squares_dict_of_arrays")
def _(a, b):
    t, y, s = (jnp.asarray(F.DATA[k]) for k in ("t", "y", "sigma"))
    return jnp.sum(((y[0] * jnp.exp(-a * t) + b - y) / s) ** 2)


@jx("pandas_dataframe_fit")
def _(a, b):
    x = jnp.asarray(F.df["dose"].to_numpy())
    y = jnp.asarray(F.df["response"].to_numpy())
    return jnp.sum((jnp.tanh(a * x) + b - y) ** 2) / x.shape[0]


@jx("pandas_series_values")
def _(c, s):
    y = jnp.asarray(F.series.to_numpy())
    return jnp.sum((y - c) ** 2) / s + jnp.log(s) * y.shape[0]


@jx("dict_params_spring")
def _(k, x):
    return 0.5 * k * x**2 + 0.5 * 1.5 * 2.0 * x**4


@jx("coulomb_energy")
def _(q1, q2, r):
    return 8.9875517923e9 * q1 * q2 / r


@jx("arrhenius")
def _(T, E):
    return 1e13 * jnp.exp(-E / (8.617333262e-5 * T))


@jx("bernoulli_nll")
def _(x, p):
    return -x * jnp.log(p) - (1 - x) * jnp.log1p(-p)


@jx("planck_law")
def _(T, lam):
    h, c, kB = 6.62607015e-34, 2.99792458e8, 1.380649e-23
    return 2 * h * c**2 / lam**5 / jnp.expm1(h * c / (lam * kB * T))


# ---------------------------------------------------------------- 3. closures, objects ...
@jx("closure_factory")
def _(x, y):
    return 1.5 * x**2 - 0.5 * x * y + 2.0 * jnp.sin(y)


@jx("closure_over_array")
def _(mu, s):
    data = obs[:10]
    scale = jnp.sqrt(jnp.mean((data - jnp.mean(data)) ** 2))
    return jnp.sum(((data - mu) / (s * scale)) ** 2) + jnp.log(s)


@jx("lambda_two_args")
def _(x, y):
    return jnp.exp(-(x**2) - y**2) * (x + 2 * y)


@jx("lambda_vector")
def _(v):
    return jnp.sum(jnp.cos(v) * v**2)


@jx("functools_partial")
def _(x, y):
    return 2.5 * (x - 0.3) ** 2 + jnp.cosh(2.5 * y)


@jx("callable_instance_quadratic")
def _(x):
    return 0.5 * jnp.dot(x, jnp.dot(A3, x)) - jnp.dot(v3, x)


@jx("bound_method")
def _(x, p):
    return p**2 / (2 * 0.5) + 0.5 * 4.0 * x**2 + 0.1 * x**4


@jx("method_calls_method")
def _(w):
    r = jnp.dot(X_train, w) - y_train
    return jnp.mean(r**2) + 0.01 * jnp.sum(w**2)


@jx("helpers_calling_helpers")
def _(x):
    z = W43 @ x + b4
    return jnp.sum(jss.expit(z) ** 2)


@jx("helper_defined_after")
def _(x, y):
    h = lambda t: jnp.exp(-t) * jnp.sin(3 * t)  # noqa: E731
    return h(x) * h(y) + x


@jx("import_numpy_inside")
def _(x, y):
    return jnp.sin(x) * jnp.log(y) + jnp.sqrt(x + y)


@jx("import_math_inside")
def _(x, y):
    return jnp.sin(x) * jnp.log(y) + jnp.sqrt(x + y)


@jx("positional_tuple_point")
def _(a, b):
    return a**2 * jnp.exp(b) - b / a


# ---------------------------------------------------------------- 4. vectors and matrices
@jx("quad_form_global_A")
def _(x):
    return jnp.einsum("i,ij,j", x, A3, x)


@jx("tanh_layer_sum")
def _(x):
    return jnp.sum(jnp.tanh(W43 @ x + b4))


@jx("norm_default")
def _(x):
    return jnp.sqrt(jnp.sum(x * x))


@jx("norm_ord1")
def _(x):
    return jnp.sum(jnp.abs(x))


@jx("norm_ord3")
def _(x):
    return jnp.sum(jnp.abs(x) ** 3) ** (1.0 / 3.0)


@jx("norm_inf")
def _(x):
    return jnp.abs(x[3])  # |3.0| is the unique largest


@jx("norm_minus_inf")
def _(x):
    return jnp.abs(x[2]) * 2.0  # |0.5| is the unique smallest


@jx("norm_fro_matrix")
def _(M):
    return jnp.sqrt(jnp.sum(M**2))


@jx("norm_rows_axis1")
def _(M):
    return jnp.sum(jnp.sum(M**2, axis=1) ** 1.5)


@jx("norm_cols_ord1_axis0")
def _(M):
    return jnp.sum(jnp.abs(M), axis=0) @ jnp.array([1.0, 2.0, 3.0])


@jx("norm_axis_neg1_keepdims")
def _(M):
    n = jnp.sqrt(jnp.sum(M**2, axis=1))[:, None]
    return jnp.sum(M / n * jnp.array([[1.0, 2.0, 3.0]]))


@jx("norm_spectral")
def _(M):
    # largest singular value = sqrt(largest eigenvalue of M^T M), 2x2 closed form
    S = M.T @ M
    tr, det = S[0, 0] + S[1, 1], S[0, 0] * S[1, 1] - S[0, 1] * S[1, 0]
    return jnp.sqrt(tr / 2 + jnp.sqrt(tr**2 / 4 - det))


@jx("norm_nuclear")
def _(M):
    # s1 + s2 = sqrt(s1^2 + s2^2 + 2 s1 s2) = sqrt(||M||_F^2 + 2 |det M|)
    return jnp.sqrt(jnp.sum(M**2) + 2 * jnp.abs(M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]))


@jx("norm_matrix_ord1")
def _(M):
    return jnp.sum(jnp.abs(M[:, 2]))  # column 2 has the unique largest abs sum


def _det3(M):
    return (
        M[0, 0] * (M[1, 1] * M[2, 2] - M[1, 2] * M[2, 1])
        - M[0, 1] * (M[1, 0] * M[2, 2] - M[1, 2] * M[2, 0])
        + M[0, 2] * (M[1, 0] * M[2, 1] - M[1, 1] * M[2, 0])
    )


@jx("det_matrix")
def _(M):
    return _det3(M)


@jx("slogdet_matrix")
def _(M):
    return jnp.log(jnp.abs(_det3(M)))


@jx("inv_sum")
def _(M):
    return jnp.sum(jnp.linalg.inv(M) * B3)


@jx("solve_matrix_variable")
def _(M):
    return jnp.dot(v3, jnp.linalg.solve(M, v3))


@jx("solve_rhs_variable")
def _(x):
    return jnp.sum((jnp.linalg.inv(A3) @ x) ** 2)


@jx("trace_of_square")
def _(M):
    return jnp.sum(M * M.T) + jnp.sum(M * B3[:2, :2])


@jx("trace_offset")
def _(M):
    return (M[0, 1] + M[1, 2]) * (M[1, 0] + M[2, 1]) + (M[0, 0] + M[1, 1] + M[2, 2]) ** 2


@jx("sum_keepdims_divide")
def _(M):
    s = jnp.sum(M**2, axis=1)
    return jnp.sum(jnp.sum(M**3, axis=1) / s)


@jx("sum_negative_axis")
def _(M):
    return jnp.sum(jnp.exp(M[0])) - 2 * jnp.sum(jnp.exp(M[1]))


@jx("sum_axis_tuple")
def _(M):
    return jnp.sum(M**2) + jnp.mean(jnp.sin(M))


@jx("std_var_mean")
def _(x):
    n = x.shape[0]
    m = jnp.sum(x) / n
    ss = jnp.sum((x - m) ** 2)
    return jnp.sqrt(ss / n) + ss / (n - 1) + m**2


@jx("std_axis1_var_axis0")
def _(M):
    r = M - jnp.mean(M, axis=1, keepdims=True)
    c = M - jnp.mean(M, axis=0, keepdims=True)
    return jnp.sum(jnp.sqrt(jnp.mean(r**2, axis=1))) + (jnp.sum(c**2, axis=0) / 2) @ jnp.array([1.0, 2.0, 3.0])


@jx("mean_axis0_keepdims")
def _(M):
    mu = (M[0] + M[1]) / 2
    return jnp.sum((M[0] - mu) ** 2) + 3 * jnp.sum((M[1] - mu) ** 2)


@jx("np_max_unique")
def _(x):
    return x[1] * 3 + x[2] ** 2


@jx("np_max_axis")
def _(M):
    return M[0, 0] + 2 * M[1, 1] + 3 * M[0, 2] + M[0, 1] + M[1, 2]


@jx("method_max_sum_mean")
def _(x):
    return x[1] + jnp.sum(x) * jnp.sum(x) / 4 + x[2] + x[0] * x[1] * x[2] * x[3]


@jx("builtin_max_over_array")
def _(x):
    return x[1] + x[2] ** 2 + jnp.sum(x**2)


@jx("builtin_max_list")
def _(x, y, z):
    return y**2 + z


@jx("np_clip")
def _(x):
    return x[0] ** 2 + 2 * x[1] ** 2 + 3.0 + 4.0  # x[2] clipped at 1, x[3] at -1


@jx("np_where_branches")
def _(x):
    return x[0] ** 2 - x[1] ** 3 + x[2] ** 2 - x[3] ** 3


@jx("np_abs_sign")
def _(x):
    s = jnp.array([1.0, -1.0, 1.0, -1.0])
    return jnp.sum((s * x) ** 1.5) + jnp.sum(s * x**2)


@jx("np_cumsum")
def _(x):
    c = jnp.tril(jnp.ones((5, 5))) @ x
    return jnp.sum(c**2)


@jx("np_cumsum_axis")
def _(M):
    c = M @ jnp.triu(jnp.ones((3, 3)))
    return jnp.sum(c**2 * jnp.array([[1.0, 2.0, 3.0]])) + jnp.sum(M[0]) + jnp.sum(M[0] * M[1])


@jx("np_diff")
def _(x):
    d = x[1:] - x[:-1]
    d2 = d[1:] - d[:-1]
    return jnp.sum(d**2) + jnp.sum(d2**3)


@jx("np_outer")
def _(x):
    return x @ A3 @ x + jnp.sum(x) * jnp.sum(v4)


@jx("np_inner_dot_vdot")
def _(x):
    return jnp.sum(x * v3) * jnp.sum(x * x) + x @ A3 @ x


@jx("einsum_quadratic")
def _(x):
    return x @ (A3 @ x)


@jx("einsum_trace_frob")
def _(M):
    return jnp.trace(M) * jnp.sum(M * M) + jnp.sum(M @ B3)


@jx("tensordot_axes2")
def _(M):
    return jnp.sum(M * B3) + jnp.sum(M @ M)


@jx("tensordot_axes1")
def _(x):
    return (x @ A3) @ x


@jx("np_kron")
def _(x):
    return jnp.outer(x, x).ravel() @ jnp.arange(1.0, 10.0)


@jx("reshape_transpose")
def _(x):
    r0, r1 = x[:3], x[3:]
    MMt = jnp.array([[r0 @ r0, r0 @ r1], [r1 @ r0, r1 @ r1]])
    return jnp.sum(MMt) + jnp.sum(r0 * B3[:, 0]) + jnp.sum(r1 * B3[:, 1])


@jx("reshape_minus1")
def _(x):
    return x[0] * x[1] + x[2] * x[3] + x[4] * x[5] + jnp.sum(x[::-1] * w6)


@jx("fancy_indexing")
def _(x):
    return x[0] ** 2 + x[2] ** 2 + x[3] ** 2 + x[5] * x[1] + x[3] + x[4] + x[5]


@jx("strided_slices")
def _(x):
    return x[0] * x[1] + x[2] * x[3] + x[4] * x[5] + (x[5] - x[0]) ** 2


@jx("boolean_mask_constant")
def _(x):
    return x[0] ** 2 + x[2] ** 2 + x[3] ** 2 + x[5] ** 2


@jx("pairwise_broadcast_gaussian")
def _(x):
    n = x.shape[0]
    return sum(jnp.exp(-((x[i] - x[j]) ** 2)) for i in range(n) for j in range(n))


def _pairs(P):
    n = P.shape[0]
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


@jx("lennard_jones_cluster_loops")
def _(P):
    return sum(_lj(jnp.sqrt(jnp.sum((P[i] - P[j]) ** 2))) for i, j in _pairs(P))


@jx("lennard_jones_vectorised")
def _(P):
    return sum(_lj(jnp.sqrt(jnp.sum((P[i] - P[j]) ** 2))) for i, j in _pairs(P))


@jx("coulomb_matrix_energy")
def _(P):
    return sum(CHARGES[i] * CHARGES[j] / jnp.sqrt(jnp.sum((P[i] - P[j]) ** 2)) for j, i in _pairs(P))


@jx("spring_chain")
def _(x):
    return 1.5 * jnp.sum((x[1:] - x[:-1] - 1.0) ** 2)


@jx("rosenbrock_loop")
def _(x):
    return jnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


@jx("rosenbrock_vectorised")
def _(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(3))


@jx("np_prod")
def _(x):
    return x[0] * x[1] * x[2] * x[3] + (x[0] + 1) * (x[1] + 1)


@jx("np_prod_axis")
def _(M):
    p0 = M[0] * M[1]
    return p0 @ jnp.array([1.0, 2.0, 3.0]) + M[0, 0] * M[0, 1] * M[0, 2] + M[1, 0] * M[1, 1] * M[1, 2]


@jx("np_sort_weighted")
def _(x):
    # sorted order at the point: x[2] < x[4] < x[0] < x[1] < x[3]
    return x[2] + 2 * x[4] + 3 * x[0] + 4 * x[1] + 5 * x[3]


@jx("np_median_odd")
def _(x):
    return 2.0 * x[0] + jnp.sum(x)


@jx("np_polyval_coeffs")
def _(c):
    p = lambda t: c[0] * t**3 + c[1] * t**2 + c[2] * t + c[3]  # noqa: E731
    return p(0.7) + p(-1.3) ** 2


@jx("mvn_logpdf")
def _(x):
    d = x - v3
    return -0.5 * d @ jnp.linalg.solve(A3, d) - 0.5 * jnp.log(_det3(A3)) - 1.5 * jnp.log(2 * jnp.pi)


@jx("portfolio_sharpe")
def _(w):
    return (jnp.sum(MU_RET * w) - 0.02) / jnp.sqrt(jnp.sum(w[:, None] * COV * w[None, :]))


@jx("portfolio_variance_dot")
def _(w):
    return jnp.sum(w[:, None] * COV * w[None, :]) - 0.5 * jnp.sum(MU_RET * w)


@jx("distance_to_global_target")
def _(x):
    d = x - TARGET
    return jnp.sqrt(jnp.sum(d**2)) + jnp.sum(d**2)


@jx("softmax_cross_entropy")
def _(z):
    return -(z[2] - jss.logsumexp(z))


@jx("softmax_entropy_xlogy")
def _(z):
    lp = z - jss.logsumexp(z)
    return -jnp.sum(jnp.exp(lp) * lp)


@jx("logsumexp_manual_max")
def _(z):
    return jnp.log(jnp.sum(jnp.exp(z)))


@jx("scipy_logsumexp_vector")
def _(z):
    b = jnp.array([1.0, 2.0, 0.5, 1.5])
    return jnp.log(jnp.sum(jnp.exp(z))) + jnp.log(jnp.sum(b * jnp.exp(z)))


@jx("scipy_logsumexp_axis")
def _(Z):
    r = jnp.log(jnp.sum(jnp.exp(Z), axis=1))
    c = jnp.log(jnp.sum(jnp.exp(Z), axis=0))
    return r[0] + 3 * r[1] + jnp.sum(c)


@jx("logistic_regression_loss")
def _(w):
    z = X_train @ w
    # log(expit(z)) = -log1p(exp(-z)), log(1 - expit(z)) = -log1p(exp(z))
    ll = y_train * (-jnp.log1p(jnp.exp(-z))) + (1 - y_train) * (-jnp.log1p(jnp.exp(z)))
    return -jnp.mean(ll) + 0.01 * jnp.sum(w * w)


@jx("logistic_loss_logaddexp")
def _(w):
    z = X_train @ w
    return jnp.mean(jnp.log1p(jnp.exp(z)) - y_train * z)


@jx("softplus_sum")
def _(x):
    return jnp.sum(jnp.log1p(jnp.exp(x)))


@jx("trapezoid_integral")
def _(y):
    y2 = y**2
    return 0.25 * (jnp.sum(y2) - 0.5 * (y2[0] + y2[-1]))


@jx("matmul_chain")
def _(M):
    return jnp.sum(M @ M @ M) + jnp.sum(M[:, 0] - M[:, 1])


@jx("tril_triu")
def _(M):
    return M[0, 0] ** 2 + M[1, 0] ** 2 + M[1, 1] ** 2 + M[2, 0] ** 2 + M[2, 1] ** 2 + M[2, 2] ** 2 + 2 * (
        M[0, 1] + M[0, 2] + M[1, 2]
    )


@jx("stack_concatenate")
def _(x):
    return jnp.sum(x * w6[:3]) + jnp.sum(x**2 * w6[3:]) + jnp.sum(x**2) + jnp.sum(jnp.sin(x) ** 2)


@jx("array_from_scalars")
def _(x, y):
    v = jnp.stack([x, y, x * y])
    return v @ A3 @ v


@jx("arange_weights")
def _(x):
    return x[0] + 2 * x[1] ** 2 + 3 * x[2] ** 3 + 4 * x[3] ** 4


@jx("python_loop_over_elements")
def _(x):
    return jnp.sum(x * jnp.exp(-x))


@jx("generator_over_rows")
def _(M):
    return jnp.sum(jnp.sqrt(jnp.sum(M**2, axis=1)))


@jx("eigvalsh_top")
def _(M):
    # numpy's eigvalsh reads only the lower triangle: the function of M is that of
    # the symmetric matrix built from tril(M)
    L = jnp.tril(M)
    S = L + jnp.tril(M, -1).T
    ev = jnp.linalg.eigvalsh(S)
    return ev[-1] + jnp.sum(S * S)  # sum of squared eigenvalues = ||S||_F^2


@jx("tensor_3d_batch_einsum")
def _(T):
    return jnp.sum(T[0] @ T[0]) + jnp.sum(T[1] @ T[1]) + jnp.sum((T[0] + T[1]) ** 2)


@jx("math_on_array_elements")
def _(x):
    return jnp.exp(x[0]) * jnp.sin(x[1]) + jnp.log(x[2])


@jx("np_arctan2_vector")
def _(x):
    return jnp.arctan2(x[1], x[0]) + jnp.sqrt(x[0] ** 2 + x[1] ** 2)


@jx("huber_smooth_sqrt")
def _(x):
    return jnp.sum(jnp.sqrt(1 + 100.0 * x**2) - 1)


@jx("np_sinc")
def _(x):
    return jnp.sum(jnp.sin(jnp.pi * x) / (jnp.pi * x))


@jx("list_comprehension_sum")
def _(x):
    return x[1] ** 2 + 2 * x[2] ** 2 + 3 * x[3] ** 2


@jx("power_int_exponent_array")
def _(x):
    return 1.0 + x[1] + x[2] ** 2 + x[3] ** 3 + jnp.sum(1 / x)


@jx("gaussian_kernel_matrix")
def _(x):
    K = jnp.exp(-0.5 * (x[:, None] - x[None, :]) ** 2) + 0.1 * jnp.eye(3)
    return v3 @ jnp.linalg.inv(K) @ v3


# ---------------------------------------------------------------- 5. tricky points
@jx("large_offset_square")
def _(x):
    return (x - 1e6) * (x - 1e6)


@jx("large_magnitudes")
def _(x, y):
    return jnp.log(x) * jnp.sqrt(y) + x * y * 1e-9


@jx("small_magnitudes")
def _(x, y):
    return x * y + jnp.sin(x) * 1e6


@jx("expm1_over_x_small")
def _(x):
    return jnp.expm1(x) / x


@jx("sqrt_cancellation")
def _(x):
    return 1.0 / (jnp.sqrt(x**2 + 1) + x)  # stable form of sqrt(x^2+1) - x


@jx("big_constant_offset")
def _(x, y):
    return 1e8 + x * y


@jx("mixed_scales")
def _(x, y):
    return x * y + jnp.log(x) * y**2 + jnp.exp(y)


@jx("huge_value_exp")
def _(x):
    return jnp.exp(x) * 1e-120 + x


@jx("norm_large_vector")
def _(x):
    return jnp.sqrt(jnp.sum(x**2))


@jx("norm_small_vector")
def _(x):
    s = 1e6
    return jnp.sqrt(jnp.sum((s * x) ** 2)) / s


@jx("one_minus_cos_over_x2")
def _(x):
    return 2 * jnp.sin(x / 2) ** 2 / x**2  # stable form of (1 - cos x) / x^2


@jx("log_ratio_close")
def _(x, y):
    return jnp.log(y) - jnp.log(x)


@jx("high_frequency")
def _(x):
    return jnp.sin(1000.0 * x) / 1000.0


@jx("sigmoid_saturated")
def _(x):
    return jss.expit(x) + jss.expit(-x / 5)


# ---------------------------------------------------------------- 6. ints
@jx("int_point_dict")
def _(x, y):
    return x**2 * y + jnp.sqrt(x * y) + x / y


@jx("int_point_array")
def _(x):
    return jnp.sum(x**3) / jnp.sum(x) + jnp.log(x) @ jnp.array([1.0, 0.5, 0.25])


# ======================================================================== batch 2
# ---------------------------------------------------------------- 7. same code, other data
@jx("cache_closure_a1")
def _(x, y):
    return 1.0 * jnp.sin(x) * y + x**2


@jx("cache_closure_a3")
def _(x, y):
    return 3.0 * jnp.sin(x) * y + x**2


for _k in (1, 2, 3):
    JAX[f"cache_default_arg_k{_k}"] = (lambda kk: (lambda x: jnp.sin(kk * x) + x))(float(_k))


@jx("cache_kwonly_default_c2")
def _(x, y):
    return 2.0 * x * y + jnp.exp(x)


@jx("cache_kwonly_default_c7")
def _(x, y):
    return 7.0 * x * y + jnp.exp(x)


@jx("cache_partial_c4")
def _(x, y):
    return 4.0 * (x - 0.3) ** 2 + jnp.cosh(4.0 * y)


@jx("cache_class_attr_soft")
def _(x):
    return 0.5 * 1.0 * x**2 + jnp.sin(x)


@jx("cache_class_attr_stiff")
def _(x):
    return 0.5 * 5.0 * x**2 + jnp.sin(x)


@jx("cache_instance_quadratic_B")
def _(x):
    return x @ A3 @ x + v3 @ x


@jx("cache_global_array_before")
def _(x, y):
    return 1.0 * x**2 + 2.0 * x * y


@jx("cache_global_array_after_inplace")
def _(x, y):
    return 10.0 * x**2 + 2.0 * x * y


@jx("cache_global_rebind_before")
def _(x):
    return 2.0 * jnp.exp(x) + x


@jx("cache_global_rebind_after")
def _(x):
    return 5.0 * jnp.exp(x) + x


@jx("cache_dataframe_before")
def _(w):
    X = jnp.array([[1.0, 0.5], [2.0, -1.0], [3.0, 2.0]])
    return jnp.sum((X @ w) ** 2)


@jx("cache_dataframe_after_column_change")
def _(w):
    X = jnp.array([[1.0, 4.0], [2.0, 1.0], [3.0, -3.0]])
    return jnp.sum((X @ w) ** 2)


@jx("cache_helper_list_before")
def _(x, y):
    return x**2 * y


@jx("cache_helper_list_after")
def _(x, y):
    return x**3 * y


# ---------------------------------------------------------------- 8. everyday numpy / scipy
@jx("asarray_float_first")
def _(x):
    return jnp.sum(x**2 * jnp.exp(x))


@jx("astype_float64")
def _(x):
    return jnp.sum(jnp.sin(x) * x)


@jx("np_average_weights")
def _(x):
    w = jnp.array([1.0, 2.0, 3.0, 4.0])
    return jnp.sum(w * x**2) / 10.0 + jnp.sum(x) / 4


@jx("nansum_nanmean")
def _(x):
    return jnp.sum(x**3) + jnp.sum(jnp.exp(x)) / 4


@jx("convolve_same")
def _(x):
    # 'same' with a length-3 symmetric kernel: y[i] = .25 x[i-1] + .5 x[i] + .25 x[i+1]
    xp = jnp.concatenate([jnp.zeros(1), x, jnp.zeros(1)])
    y = 0.25 * xp[:-2] + 0.5 * xp[1:-1] + 0.25 * xp[2:]
    return jnp.sum(y**2)


@jx("interp_fp_variable")
def _(fp):
    a = 0.7 * fp[1] + 0.3 * fp[2]
    b = 0.25 * fp[2] + 0.75 * fp[3]
    return a + b**2


def _sym_from_lower(M):
    return jnp.tril(M) + jnp.tril(M, -1).T


@jx("cholesky_logdet")
def _(M):
    S = _sym_from_lower(M)  # numpy's cholesky reads the lower triangle only
    return jnp.log(_det3(S))


@jx("eigh_values_vectors")
def _(M):
    S = _sym_from_lower(M)  # numpy's eigh reads the lower triangle only
    w, V = jnp.linalg.eigh(S)
    return w[-1] + V[0, -1] ** 2


@jx("matrix_power_3")
def _(M):
    return jnp.sum(M @ M @ M)


@jx("kepler_newton_fixed")
def _(M, e):
    E = M
    for _i in range(8):
        E = E - (E - e * jnp.sin(E) - M) / (1 - e * jnp.cos(E))
    return E


@jx("kepler_newton_while")
def _(M, e):
    E = M
    for _i in range(30):
        E = E - (E - e * jnp.sin(E) - M) / (1 - e * jnp.cos(E))
    return E


@jx("recursive_helper")
def _(x):
    return x**5 + x**2


@jx("np_vectorize_math")
def _(x):
    return jnp.sum(jnp.sin(x) * x)


_nodes, _weights = __import__("numpy").polynomial.legendre.leggauss(60)
_gl_t, _gl_w = jnp.asarray(0.5 * (_nodes + 1)), jnp.asarray(0.5 * _weights)  # Gauss-Legendre on [0, 1]


@jx("scipy_quad_integral")
def _(a):
    return jnp.sum(_gl_w * jnp.exp(-a * _gl_t**2))


@jx("mod_periodic")
def _(x):
    phase = x - 2 * jnp.pi
    return jnp.sin(phase) + phase


@jx("floor_round_pieces")
def _(x, y):
    return (x - 2.0) + y * 0.7 + (x - 2.0)


@jx("python_ternary")
def _(x):
    return x**2


@jx("argmax_select")
def _(x):
    return x[3] * 2 + jnp.sum(x**2) + x[1]


@jx("np_ptp")
def _(x):
    return (x[3] - x[1]) ** 2


@jx("tile_repeat")
def _(x):
    t = jnp.concatenate([x, x])
    r = jnp.stack([x, x], axis=1).ravel()
    return jnp.sum(t * w6) + jnp.sum(r * w6**2)


@jx("roll_periodic_laplacian")
def _(x):
    n = x.shape[0]
    lap = jnp.stack([x[(i - 1) % n] - 2 * x[i] + x[(i + 1) % n] for i in range(n)])
    return 0.5 * jnp.sum(lap**2) + 0.25 * jnp.sum(x**4)


@jx("flip_pad")
def _(x):
    return jnp.sum(x[::-1] * v3) + jnp.sum(x**2 * jnp.array([1.0, 2.0, 3.0]))


@jx("linspace_variable_endpoint")
def _(b):
    t = b * jnp.arange(41) / 40.0
    y = jnp.exp(-(t**2))
    return jnp.sum((y[1:] + y[:-1]) * (t[1:] - t[:-1])) / 2


@jx("dot_methods")
def _(x):
    return x @ A3 @ x + jnp.sum(A3 @ x) + jnp.sum(x * x)


@jx("complex_interference")
def _(x, y):
    re = jnp.cos(x) + 0.5 * jnp.cos(2 * y)
    im = jnp.sin(x) + 0.5 * jnp.sin(2 * y)
    return re**2 + im**2


@jx("fft_power")
def _(x):
    # Parseval: sum |X|^2 / n = sum x^2; Re X[1] = sum x[k] cos(2 pi k / n)
    n = x.shape[0]
    k = jnp.arange(n)
    return jnp.sum(x**2) + jnp.sum(x * jnp.cos(2 * jnp.pi * k / n))


@jx("rfft_mode")
def _(x):
    k = jnp.arange(4)
    re = jnp.sum(x * jnp.cos(2 * jnp.pi * k / 4))
    im = -jnp.sum(x * jnp.sin(2 * jnp.pi * k / 4))
    return re**2 + im**2


@jx("math_pow_builtin_pow")
def _(x, y):
    return x**2.5 + y**3 + jnp.exp(x * y) + 2.5 * x


@jx("inplace_mutates_argument")
def _(x):
    c = x - jnp.mean(x)
    return jnp.sum(c**3) + c[0]


@jx("item_assign_on_copy")
def _(x):
    y = x.at[0].add(x[1] ** 2)
    return y @ y


@jx("fill_zeros_array")
def _(x):
    return (x[0] * x[1]) ** 2 + jnp.sin(x[2]) ** 2 + x[0] ** 4


@jx("fill_zeros_like")
def _(x):
    return jnp.sum((x * jnp.arange(1.0, 4.0)) ** 2)


@jx("cross_product")
def _(x):
    c = jnp.cross(x, v3)
    x2 = x**2
    return jnp.sum(c**2) + (x[1] * x2[2] - x[2] * x2[1])


@jx("degrees_hyperbolic")
def _(deg, z):
    r = deg * jnp.pi / 180.0
    return jnp.sin(r) + r + 0.5 * jnp.log((1 + z) / (1 - z)) + jnp.log(1 + z + jnp.sqrt((1 + z) ** 2 - 1))


@jx("det_of_built_matrix")
def _(x, y, z):
    return x * z - y * y + 2 * x


@jx("einsum_implicit_modes")
def _(M):
    return jnp.sum(M, axis=0) @ v3 + jnp.sum(M * M) + jnp.sum(M)


@jx("norm_ord2_explicit_and_axis_inf")
def _(x):
    # M = [[x0, x1], [x2, x3]]; ord=inf along axis 0 = max |.| of each column
    # columns: (1.0, 0.5) -> |x0|, (-2.0, 3.0) -> |x3|
    return jnp.sqrt(jnp.sum(x**2)) + jnp.abs(x[0]) + jnp.abs(x[3])


@jx("dataframe_design_matrix")
def _(w):
    X = jnp.asarray(F.dfw[["a", "b"]].to_numpy())
    return jnp.mean((X @ w - 1.0) ** 2)


@jx("sum_initial_kw")
def _(x):
    return (jnp.sum(x**2) + 1.0) * (jnp.prod(x + 2) * 0.5)


# ---------------------------------------------------------------- 9. string expressions
@jx("str_unary_minus_power")
def _(x, y):
    return -(x**2) + y


@jx("str_right_assoc_power")
def _(x, y):
    return jnp.exp(jnp.exp(y * jnp.log(x)) * jnp.log(2.0))


@jx("str_left_assoc_division")
def _(x, y, z):
    return x / (y * z)


@jx("str_left_assoc_subtraction")
def _(x, y, z):
    return x - y - z * x


@jx("str_negative_exponent")
def _(x, y):
    return jnp.exp(-y * jnp.log(x))


@jx("str_power_then_mul")
def _(x, y, z):
    return z / jnp.sqrt(x + y)


@jx("str_scientific_notation")
def _(x, y):
    return 0.001 * x**2 + 100.0 * y


@jx("str_pi_constant")
def _(x, y):
    return jnp.pi * x + jnp.sin(jnp.pi * y)


@jx("str_log_base")
def _(x, y):
    return jnp.log(x) / jnp.log(2.0) + jnp.log(y)


@jx("str_mul_unary_minus")
def _(x, y):
    return -x * y + x**2


@jx("str_power_tower_float")
def _(x):
    return x**0.25


@jx("str_functions_mix")
def _(x, y):
    return jnp.sqrt(x) * jnp.sin(y) ** 2 + jnp.exp(-x) * jnp.cos(y) + jnp.tanh(x * y)


@jx("str_atan2_hypot")
def _(x, y):
    return jnp.arctan2(y, x) + jnp.sqrt(x**2 + y**2)


@jx("str_neg_cube_paren")
def _(x, y):
    return -((x - y) ** 3) / 2
