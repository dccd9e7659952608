"""Hand-written jax.numpy rewrites of every function in round6's case modules, written from the
mathematics of each user function, independently of gradlab. Each rewrite takes the same
arguments as the user's function (the array point, or the keys of a dict point) and reads the
same module-level data (at call time, so a changed global is seen).

MPMATH: cases whose user formula cancels in float64; their truth is the mathematical derivative
at 50 digits (mpmath.diff of an mpmath rewrite), since the derivative of the float formula
(and JAX's derivative of the same formula) carries the cancellation. VALUE_RTOL: the value
tolerance the user's cancelling formula needs against the exact value.
"""

import cases_global as G
import cases_science as S
import jax
import jax.numpy as jnp
import jax.scipy.special as js
import mpmath as mp

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


C_DIR = jnp.array([0.3, -1.1, 0.7])
A_SYM = jnp.array([[2.0, 0.5, 0.1], [0.5, 1.0, -0.3], [0.1, -0.3, 3.0]])

# ---------------------------------------------------------------- not complex-analytic
jx("cx_abs_sin_sum")(lambda x: jnp.sum(jnp.abs(x) * jnp.sin(x)))
jx("cx_builtin_abs_cubed")(lambda x, y: jnp.abs(x - y) ** 3 + x * y)
jx("cx_relu_sq")(lambda x: jnp.sum(jnp.where(x > 0, x, 0.0) ** 2) + jnp.sum(x * x))
jx("cx_max_pieces")(lambda x: jnp.where(x ** 2 > 2.0 - x, x ** 2, 2.0 - x))
jx("cx_if_branch")(lambda x: jnp.where(x > 1.0, jnp.log(x) + x ** 2, x ** 3 - x + 1.0))
jx("cx_real_part")(lambda x: x[0] ** 2 + jnp.sum(x ** 3))
jx("cx_imag_term")(lambda x: jnp.sum(x ** 2))
jx("cx_float_cast")(lambda x, y: x * y ** 2 + jnp.sin(x) * y)
jx("cx_math_exp")(lambda x, y: jnp.exp(x) * y + x * y ** 2)
jx("cx_sign_times_x")(lambda x: jnp.sum(jnp.abs(x)) + jnp.sum(x ** 2))
jx("cx_sign_product")(lambda x: x[0] * jnp.sign(x[1]) * x[1] ** 2 + x[2])
jx("cx_round_residual")(
    lambda x: jnp.sum((x - jax.lax.stop_gradient(jnp.round(x * 100) / 100)) ** 2) + jnp.sum(x))
jx("cx_floor_frac")(lambda x: jnp.sum((x - jax.lax.stop_gradient(jnp.floor(x))) ** 2))
jx("cx_norm_sq_plus")(lambda x: jnp.sum(x * x) + jnp.sum(x))
jx("cx_normalised_dot")(lambda x: jnp.dot(C_DIR, x) / jnp.sqrt(jnp.sum(x * x)))
jx("cx_conj_product")(lambda x: jnp.sum(x * x) + x[0])
jx("cx_vdot_self")(lambda x: jnp.sum(x * x) + jnp.dot(C_DIR, x) ** 2)
jx("cx_abs_squared")(lambda x: jnp.sum(x * x * jnp.cos(x)))
jx("cx_hypot")(lambda x: jnp.sqrt(x[0] ** 2 + x[1] ** 2) * x[2])
jx("cx_clip_sq")(lambda x: jnp.sum(jnp.minimum(jnp.maximum(x, -1.0), 1.0) ** 2 + 0.1 * x))
jx("cx_where_sign")(lambda x: jnp.sum(jnp.where(x > 0, x, -2.0 * x) * jnp.exp(0.1 * x)))
jx("cx_builtin_max")(lambda x: jnp.maximum(x[0], x[1]) ** 2 + x[2] * x[0])
jx("cx_median_plus")(lambda x: jnp.median(x) * 3.0 + jnp.sum(x ** 2))


def huber(r, d=1.0):
    a = jnp.abs(r)
    return jnp.where(a <= d, 0.5 * r ** 2, d * (a - 0.5 * d))


jx("cx_huber_loss")(lambda w: jnp.sum(huber(w * jnp.array([1.0, 2.0, -3.0]) - 0.5)))
jx("cx_abs_cubed_sum")(lambda x: jnp.sum(jnp.abs(x) ** 3))
jx("cx_sqrt_square")(lambda x: jnp.sum(jnp.abs(x) * x))
jx("cx_astype_float")(lambda x: jnp.sum(x * x) + jnp.sum(jnp.sin(x)))
jx("cx_asarray_float")(lambda x: jnp.sum(x ** 3))
jx("cx_np_float64")(lambda x: x[0] * x[1] + x[1] ** 2)
jx("cx_log_abs")(lambda x: jnp.sum(jnp.log(jnp.abs(x))) + x[0] * x[1])
jx("cx_arctan2")(lambda x: jnp.arctan2(x[1], x[0]) * x[0])
jx("cx_copysign")(lambda x: jnp.sum(jnp.sign(x - 0.5) * x ** 2))
jx("cx_abs_small_term")(lambda x: jnp.sum(jnp.sin(x)) + 1e-3 * jnp.abs(x[0]))
jx("cx_abs_1e4_term")(lambda x: jnp.sum(jnp.sin(x)) + 1e-4 * jnp.abs(x[0]))
jx("cx_abs_3e5_term")(lambda x: jnp.sum(jnp.sin(x)) + 3e-5 * jnp.abs(x[0]))
jx("cx_abs_tiny_term")(lambda x: jnp.sum(jnp.sin(x)) + 2e-5 * jnp.abs(x[1]))
jx("cx_hermitian_form")(lambda x: x @ A_SYM @ x)
jx("cx_norm_ord1")(lambda x: jnp.sum(jnp.abs(x)) + 0.5 * jnp.sum(x * x))
jx("cx_kink_near_point")(lambda x: jnp.abs(x[0] - 0.3) + x[0] ** 2 * x[1])
jx("cx_math_fabs")(lambda a, b: jnp.abs(a) * b + a ** 2)
jx("cx_int_index")(lambda x: x[1] * x[1] ** 2)
jx("cx_fmax_mix")(lambda x: jnp.sum(jnp.where(x >= 0.5 * x, x, 0.5 * x) ** 2))
jx("cx_abs_diff_pairs")(lambda x: sum(jnp.abs(x[i] - x[j]) for i in range(x.shape[0])
                                      for j in range(i)) + jnp.sum(x ** 2))

# ---------------------------------------------------------------- Richardson's hard cases
jx("rs_tiny_activation")(lambda a, b: jnp.exp(a * 1e8) * b)
jx("rs_huge_temperature")(lambda T, p: jnp.log(T) * p + 1e-7 * T * p ** 2)
jx("rs_mixed_scales_sum")(lambda x: (x[0] * 1e8) ** 2 + x[1] ** 2 + (x[2] * 1e-8) ** 2)
jx("rs_arrhenius")(lambda A, E, T: A * jnp.exp(-E / (8.314 * T)))
jx("rs_balanced_scales")(lambda x: jnp.sin(x[0] * 1e8) * 1e-8 + jnp.cos(x[1] * 1e-8) * 1e8)
jx("rs_planck")(lambda lam, T: lam ** -5 / jnp.expm1(1.4388e-2 / (lam * T)))
jx("rs_inverse_cube_tiny")(lambda r: r ** -3)
jx("rs_line_profile")(lambda lam: jnp.exp(-(((lam - 5e-7) * 1e8) ** 2)))
jx("rs_log_tiny_conc")(lambda c, k: k * (jnp.log(c) - jnp.log(1e-9)))
jx("rs_michaelis_menten")(lambda S, Km: 3.0 * S / (Km + S))
jx("rs_decay_tiny_tau")(lambda tau: jnp.exp(-1e-6 / tau))
jx("rs_log_rate_const")(lambda k: jnp.log(k) ** 2)
jx("rs_narrow_peak_large_x")(lambda x: jnp.exp(-(((x - 1e8) * 0.1) ** 2)))
jx("rs_gaussian_beam")(lambda w, z: jnp.sqrt(w * w + (z * 1.064e-6 / (jnp.pi * w)) ** 2))
jx("rs_gravity")(lambda m, r: 6.674e-11 * 5.97e24 * m / (r * r))
jx("rs_sin_large")(lambda x: jnp.sin(x))
jx("rs_cos_product_large")(lambda x, y: jnp.cos(x * y) + x)
jx("rs_fast_oscillation")(lambda x: jnp.sum(jnp.sin(1000.0 * x)))
jx("rs_phase_wrap")(lambda t: jnp.sin(2 * jnp.pi * 50.0 * t) * jnp.exp(-t / 1e3))
jx("rs_abs_near_1e3")(lambda x: jnp.abs(x - 1.0) * (1.0 + x))
jx("rs_abs_near_1e2")(lambda x: jnp.abs(x[0] - 0.5) + x[1] * jnp.abs(x[0]))
jx("rs_relu_near")(lambda x: jnp.sum(jnp.where(x > 0, x, 0.0) * jnp.exp(x)))
jx("rs_sqrt_near_zero")(lambda x: jnp.sqrt(x) + x ** 2)
jx("rs_log_near_zero")(lambda x: jnp.log(x) * x)
jx("rs_sqrt_one_minus")(lambda x: jnp.sqrt((1.0 - x) * (1.0 + x)))
jx("rs_arcsin_edge")(lambda x: jnp.arcsin(x))
jx("rs_hinge_margin")(lambda w: jnp.maximum(0.0, 1.0 - (0.5 * w[0] + 1.5 * w[1]))
                      + 0.01 * jnp.sum(w * w))
jx("rs_floor_near")(lambda x: jax.lax.stop_gradient(jnp.floor(x)) * x + x ** 2)
jx("rs_abs_many_kinks")(lambda x: jnp.sum(jnp.abs(x - jnp.arange(x.shape[0]) * 0.1)))
jx("rs_pow_frac_near")(lambda x: (x - 0.2) ** 1.5 * jnp.cos(x))
jx("rs_sigmoid_far")(lambda x: jax.nn.sigmoid(x))
jx("rs_tanh_far")(lambda x: 2.0 * jnp.tanh(x))
jx("rs_softplus_far")(lambda x: jnp.logaddexp(0.0, x))
jx("rs_manual_sigmoid")(lambda w, x: jax.nn.sigmoid(w * x))
jx("rs_erf_tail")(lambda x: js.erfc(x))
for n in (50, 400, 2000):
    jx(f"rs_sum_sin_sq_n{n}")(lambda x: jnp.sum(x * x * jnp.sin(x)))
jx("rs_rosen_n200")(lambda x: jnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))
jx("rs_log1p_sum_n1000")(lambda x: jnp.mean(jnp.log1p(x * x)))
jx("rs_loop_chain_n50")(lambda x: jnp.sum((x[1:] - x[:-1]) ** 2 + 0.1 * x[:-1] ** 4))
jx("rs_cumsum_n300")(lambda x: 1e-3 * jnp.sum(jnp.cumsum(x) ** 2))
jx("rs_lse_scipy_large")(lambda x: js.logsumexp(x))
jx("rs_lse_manual_large")(lambda x: js.logsumexp(x))
jx("rs_lse_naive_300")(lambda x: js.logsumexp(x))
jx("rs_lse_temperature")(lambda x: 0.01 * js.logsumexp(x / 0.01))
# the cancelling formulas: stable JAX forms for the value check, 50-digit mpmath for the truth
jx("rs_one_minus_cos")(lambda x: 2 * jnp.sin(x / 2) ** 2 / x ** 2)
jx("rs_expm1_over_x")(lambda x: jnp.expm1(x) / x)
jx("rs_sqrt_diff")(lambda x: 1.0 / (jnp.sqrt(x + 1) + jnp.sqrt(x)))
jx("rs_log_ratio")(lambda x: jnp.log1p(1.0 / x))
jx("rs_x_minus_sin")(lambda x: 1 / 6 - x ** 2 / 120 + x ** 4 / 5040 - x ** 6 / 362880)
jx("rs_var_naive")(lambda x: jnp.mean((x - jnp.mean(x)) ** 2))
mpx("rs_one_minus_cos", 1e-7)(lambda x: (1 - mp.cos(x)) / x ** 2)
mpx("rs_expm1_over_x", 1e-9)(lambda x: mp.expm1(x) / x)
mpx("rs_sqrt_diff", 1e-7)(lambda x: mp.sqrt(x + 1) - mp.sqrt(x))
mpx("rs_log_ratio", 1e-9)(lambda x: mp.log(x + 1) - mp.log(x))
mpx("rs_x_minus_sin", 1e-3)(lambda x: (x - mp.sin(x)) / x ** 3)
mpx("rs_var_naive", 1e-6)(lambda *x: sum(v ** 2 for v in x) / len(x) - (sum(x) / len(x)) ** 2)

# ---------------------------------------------------------------- everyday scientific code
jx("sc_projectile")(lambda v, theta: v * v * jnp.sin(2 * theta) / 9.81)
jx("sc_pendulum_energy")(lambda theta, omega: 0.5 * omega ** 2 + 9.81 * (1 - jnp.cos(theta)))


@jx("sc_lennard_jones_4")
def lennard_jones(x):
    p = x.reshape(-1, 2)
    i, j = jnp.triu_indices(p.shape[0], k=1)
    r2 = jnp.sum((p[i] - p[j]) ** 2, axis=1)
    return jnp.sum(4 * (r2 ** -6 - r2 ** -3))


jx("sc_spring_chain")(lambda x: 0.5 * jnp.sum((jnp.diff(x) - 1.0) ** 2) + 0.1 * jnp.sum(x * x))
jx("sc_gravity_potential")(lambda q: -1.0 / jnp.sqrt(jnp.sum((q[:2] - q[2:]) ** 2))
                           + 0.5 * jnp.sum(q * q))
jx("sc_damped_osc")(lambda A, gamma, w: A * jnp.exp(-2.0 * gamma) * jnp.cos(2.0 * w))


@jx("sc_gauss_nll")
def gauss_nll(t):
    r = (S.X_DATA[:, 0] - t[0]) * jnp.exp(-t[1])
    n = r.shape[0]
    return 0.5 * jnp.sum(r * r) + n * t[1] + 0.5 * n * jnp.log(2 * jnp.pi)


jx("sc_logistic_loss")(lambda w: jnp.mean(jax.nn.softplus(S.X_DATA @ w) - S.Y_BIN * (S.X_DATA @ w))
                       + 1e-2 * jnp.sum(w * w))
jx("sc_poisson_loglik")(lambda x: jnp.sum(S.COUNTS * x[0] - jnp.exp(x[0])
                                          - js.gammaln(S.COUNTS + 1)) + 0.0 * x[1])
jx("sc_student_t_logpdf")(lambda x, nu: js.gammaln((nu + 1) / 2) - js.gammaln(nu / 2)
                          - 0.5 * jnp.log(nu * jnp.pi) - (nu + 1) / 2 * jnp.log1p(x * x / nu))
jx("sc_normal_cdf")(lambda x, mu, s: 0.5 * js.erfc(-(x - mu) / (s * jnp.sqrt(2.0))))
jx("sc_beta_logpdf")(lambda a, b: -js.betaln(a, b) + (a - 1) * jnp.log(0.3)
                     + (b - 1) * jnp.log(0.7))
jx("sc_entropy")(lambda p: -jnp.sum(p * jnp.log(p)))


@jx("sc_softmax_xent")
def cross_entropy(w):
    logp = jax.nn.log_softmax(S.X_DATA[:5] @ w.reshape(3, 3), axis=1)
    return -jnp.mean(logp[jnp.arange(5), jnp.array([0, 2, 1, 1, 0])])


@jx("sc_tiny_mlp")
def mlp(p):
    h = jnp.tanh(S.X_DATA[:8] @ p[:6].reshape(3, 2) + p[6:8])
    return jnp.mean((h @ p[8:10] - S.Y_BIN[:8]) ** 2)


jx("sc_logdet_diag")(lambda x: jnp.linalg.slogdet(S.M_SPD + jnp.diag(x * x))[1])
jx("sc_det_2x2")(lambda a, b, c, d: a * d - b * c)
jx("sc_quad_solve")(lambda x: S.B_VEC @ jnp.linalg.solve(S.M_SPD + jnp.diag(x), S.B_VEC))
jx("sc_trace_inv")(lambda x: jnp.trace(jnp.linalg.inv(S.M_SPD * x[0] + jnp.eye(3) * x[1])))
jx("sc_outer_energy")(lambda x: x @ S.M_SPD @ x)


@jx("sc_matrix_power")
def matrix_cube(x):
    m = jnp.diag(x) + 0.1
    return jnp.sum(m @ m @ m)


jx("sc_closure_loss")(lambda w: 0.3 * jnp.sum((S.X_DATA[:10] @ w - 1.0) ** 2))
jx("sc_horner_coeffs")(lambda c: jnp.sum(c * 1.7 ** jnp.arange(c.shape[0] - 1, -1, -1.0)))


@jx("sc_logistic_map")
def logistic_map(r):
    x = 0.3
    for _ in range(8):
        x = r * x * (1 - x)
    return x


jx("sc_newton_sqrt")(lambda a: jnp.sqrt(a))
jx("sc_math_mix")(lambda x, y: jnp.log(x) * jnp.cos(y) + jnp.sqrt(x * y) + jnp.arctan2(y, x))
jx("sc_pow_chain")(lambda x: jnp.exp(x[1] * jnp.log(x[0])) + jnp.sqrt(x[1]) / x[2] ** 2)
jx("sc_gamma_ratio")(lambda x: jnp.exp(js.gammaln(x[0]) - js.gammaln(x[1])) + js.digamma(x[0]))


def bessel_series(x, sign):
    """J0 (sign=-1) or I0 (sign=+1) from their power series (40 terms, |x| < 3 here)."""
    k = jnp.arange(40.0)
    return jnp.sum(sign ** k * (x / 2) ** (2 * k) / jnp.exp(2 * js.gammaln(k + 1)))


jx("sc_bessel")(lambda x: bessel_series(x[0], -1.0) * x[1] + bessel_series(x[1], 1.0))
jx("sc_erfinv_mix")(lambda x: js.erfinv(x[0]) + js.log_ndtr(x[1]))
jx("sc_where_piecewise")(lambda x: jnp.sum(jnp.where(x < 1.0, x * x, 2 * x - 1)
                                           * jnp.array([1.0, 2.0, 3.0])))
jx("sc_hypot_norm")(lambda x: jnp.sqrt(jnp.sum(x * x)) + jnp.sqrt(jnp.sum((x - 1.0) ** 2)))
jx("sc_stack_ops")(lambda x: jnp.sum(x - x * x + 2 * jnp.sin(x)))
jx("sc_kron_sum")(lambda x: jnp.sum(jnp.outer(x, x[::-1]) ** 2))
jx("sc_arctan2_angle")(lambda x: jnp.arctan2(x[1], x[0]) ** 2 + jnp.log(x[0] ** 2 + x[1] ** 2))
jx("sc_prod_ratio")(lambda x: x[0] * x[1] * x[2] / (x[0] + x[1] + x[2]))
jx("sc_cosh_sinh")(lambda x: jnp.cosh(x[0]) * jnp.sinh(x[1])
                   - jnp.log(x[0] * x[1] + jnp.sqrt((x[0] * x[1]) ** 2 + 1)))

# ---------------------------------------------------------------- global data (read at call time)
jx("gd_lsq_inplace")(lambda w: 0.5 * jnp.sum((G.A_INPLACE @ w - G.Y_INPLACE) ** 2))
jx("gd_tanh_rebound")(lambda w: jnp.sum(jnp.tanh(G.A_REBOUND @ w) ** 2))
jx("gd_scalar_alpha")(lambda x: jnp.sum(jnp.exp(G.ALPHA * x)) + G.ALPHA * x[0] ** 2)
jx("gd_complex_abs_alpha")(lambda x: jnp.sum((x - G.ALPHA) ** 2 * jnp.sin(x)))
jx("gd_dict_config")(lambda x: G.CONFIG["scale"] * jnp.sum((x - G.CONFIG["shift"]) ** 3))
jx("gd_list_weights")(lambda x: jnp.sum(jnp.array(G.LIST_DATA) * jnp.sin(x)))
jx("gd_object_attr")(lambda x: jnp.sum(G.MODEL.c * x * x) + jnp.prod(G.MODEL.c + x))
jx("gd_closure_cell")(lambda x: jnp.sum(jax.nn.softplus(
    jnp.asarray(G._f.__closure__[0].cell_contents[0]) * x)))
jx("gd_targets_inplace")(lambda x: jnp.sum((x - G.TARGETS) ** 2 * jnp.array([1.0, 2.0, 3.0])))
jx("gd_max_alpha")(lambda x: jnp.max(x * G.ALPHA) + jnp.sum(x * x))
# JAX's own derivative of sigmoid / tanh far out is s(1 - s): it cancels (sigmoid'(30) comes out
# 1e-3 off), so these truths are 50-digit mpmath values too (the user formulas do not cancel)
mpx("rs_sigmoid_far", 1e-12)(lambda x: 1 / (1 + mp.exp(-x)))
mpx("rs_tanh_far", 1e-12)(lambda x: 2 * mp.tanh(x))
mpx("rs_softplus_far", 1e-12)(lambda x: mp.log(1 + mp.exp(x)))
mpx("rs_manual_sigmoid", 1e-12)(lambda w, x: 1 / (1 + mp.exp(-w * x)))
