"""Hand-written jax.numpy rewrites of every round-8 function, written from the mathematics of
each user function, independently of gradlab. Each rewrite takes the same arguments as the
user's function (the array point, or the keys of a dict point) and reads the same module data.

Norms, sorts, medians and pandas windows are written out from their definitions (sums of powers,
singular values, sorted pieces, explicit windows) rather than by calling the same-named jnp
function with the same arguments. Saturating functions are written so that JAX's derivative of
the rewrite does not cancel (tanh_stable, sig).

MPMATH: the cases whose user formula cancels in float64; their truth is the mathematical
derivative at 50 digits (mpmath.diff). VALUE_RTOL: how far the user's float formula may be from
the exact value at the point.
"""

import cases_idioms as I
import cases_jh as H
import cases_linalg as L
import cases_rich as RC
import cases_semantics as S
import jax
import jax.numpy as jnp
import mpmath as mp
import numpy as np

JAX, MPMATH, VALUE_RTOL = {}, {}, {}


def jx(name, f):
    JAX[name] = f


def mpx(name, rtol, f):
    MPMATH[name] = f
    VALUE_RTOL[name] = rtol


def sig(x):
    """1 / (1 + e^-x): JAX's derivative e^-x / (1 + e^-x)^2 does not cancel for large x."""
    return 1.0 / (1.0 + jnp.exp(-x))


def tanh_stable(u):
    """tanh(u) for u > 0 whose derivative 4 e^-2u / (1 + e^-2u)^2 does not cancel."""
    e = jnp.exp(-2.0 * u)
    return (1.0 - e) / (1.0 + e)


def var(x, ddof=0, axis=None, keepdims=False):
    n = x.size if axis is None else np.prod([x.shape[a] for a in np.atleast_1d(axis)])
    m = jnp.sum(x, axis=axis, keepdims=True) / n
    return jnp.sum((x - m) ** 2, axis=axis, keepdims=keepdims) / (n - ddof)


def sv(X):
    return jnp.linalg.svd(X, compute_uv=False)


def lse(x, axis=None, b=None, keepdims=False):
    m = jax.lax.stop_gradient(jnp.max(x, axis=axis, keepdims=True))
    e = jnp.exp(x - m) if b is None else b * jnp.exp(x - m)
    out = jnp.log(jnp.sum(e, axis=axis, keepdims=True)) + m
    return out if keepdims else (jnp.squeeze(out, axis=axis) if axis is not None
                                 else out.reshape(()))


def softmax(x, axis=None):
    e = jnp.exp(x - jax.lax.stop_gradient(jnp.max(x, axis=axis, keepdims=True)))
    return e / jnp.sum(e, axis=axis, keepdims=True)


# ================================================================ semantics
W6, A34, B43, C3, T232 = (jnp.asarray(a) for a in (S.W6, S.A34, S.B43, S.C3, S.T232))
jx("sm_sum_axis_neg1", lambda X: jnp.sin(X).sum(axis=1) @ jnp.array([1.0, -2.0]))
jx("sm_mean_axis_tuple_keepdims", lambda X: jnp.sum(
    (X - (X[0] + X[1]).sum(axis=1)[None, :, None] / 4.0) ** 2 * jnp.cos(X)))
jx("sm_std_ddof1_times_var", lambda x: jnp.sqrt(var(x, 1)) * var(x) + var(x, 2))
jx("sm_var_axis0_ddof1", lambda X: jnp.sum(var(X, 1, axis=0) * jnp.array([1.0, 2.0, 3.0])))
jx("sm_std_axis_neg2_keepdims", lambda X: jnp.sum(X / jnp.sqrt(var(X, axis=1, keepdims=True))))
jx("sm_where_pieces", lambda x: jnp.sum(jnp.where(x > 0, x * x, jnp.sin(x)) * W6))
jx("sm_broadcast_pairwise", lambda x: jnp.sum(jnp.exp(-jnp.subtract.outer(x, x) ** 2)))
jx("sm_broadcast_row_col", lambda X: jnp.sum((X - X.sum(axis=1, keepdims=True) / 3) ** 3
                                             + X * jnp.array([1.0, 2.0, 3.0])))


def _reshape_transpose(x):
    p = jnp.array([[x[0], x[3]], [x[1], x[4]], [x[2], x[5]]])  # x.reshape(2, 3).T
    q = jnp.array([[x[0], x[1]], [x[2], x[3]], [x[4], x[5]]])  # x.reshape(3, 2)
    m = p @ A34[:2, :3] @ q
    return m[0, 0] + m[1, 1]  # the trace of a 3 x 2 matrix


jx("sm_reshape_transpose", _reshape_transpose)
jx("sm_stack_concat", lambda x: x @ W6 - x ** 2 @ W6 + jnp.sum(x * jnp.cos(x)))
jx("sm_stack_axis_neg1", lambda x: jnp.sum(x[:3] ** 2) + 3 * jnp.sum(x[3:] ** 2))
jx("sm_flip_roll", lambda x: jnp.sum(x * x[::-1]) + jnp.sum(W6 * x * jnp.concatenate(
    [x[-2:], x[:-2]])))
jx("sm_roll_2d_axis", lambda X: jnp.sum(X * jnp.concatenate([X[:, 1:], X[:, :1]], axis=1)
                                        * X[::-1]))
jx("sm_diff_n2", lambda x: jnp.sum((x[2:] - 2 * x[1:-1] + x[:-2]) ** 2) + (x[3] - x[2]) ** 3)
jx("sm_diff_axis0", lambda X: jnp.sum((X[1] - X[0]) ** 2 * jnp.array([1.0, 0.5, 2.0])))
jx("sm_cumsum_axis1", lambda X: jnp.sum(jnp.stack([X[:, 0], X[:, 0] + X[:, 1],
                                                   X.sum(axis=1)], axis=1) ** 2)
   + jnp.sum(X) - X[1, 2])
jx("sm_cumprod_pieces", lambda x: jnp.prod(x) + x[0] * W6[0] + x[0] * x[1] * W6[1]
   + x[0] * x[1] * x[2] * W6[2] + x[0] * x[1] * x[2] * x[3] * W6[3])
jx("sm_tril_triu", lambda X: X[1, 0] ** 2 + X[2, 0] ** 2 + X[2, 1] ** 2
   - (X[0, 1] * C3[0, 1] + X[0, 2] * C3[0, 2] + X[1, 2] * C3[1, 2]))
jx("sm_trace_offset", lambda X: (X[0, 1] + X[1, 2]) * (X[0, 0] + X[1, 1] + X[2, 2])
   + jnp.sum(X * X.T))
jx("sm_diag_build", lambda x: jnp.sum(x[:3][:, None] * C3 * jnp.exp(x[3:])[None, :]))
jx("sm_diag_extract_k", lambda X: X[1, 0] ** 2 + X[2, 1] ** 2 + X[0, 1] * X[1, 2])
jx("sm_outer", lambda x: x[:3] @ C3 @ x[3:] + x @ x)
jx("sm_einsum_matmul", lambda X: jnp.sum((X @ B43[:3, :]) ** 2))
jx("sm_einsum_trace_dot", lambda x: x @ W6 + x @ x)
jx("sm_einsum_implicit", lambda X: jnp.sum(X * X) * jnp.sum(X))
jx("sm_einsum_batch", lambda X: jnp.sum(jnp.tanh(jnp.stack([T232[b] @ X[b] for b in range(2)]))))
jx("sm_tensordot_axes2", lambda X: jnp.sum(A34[:2, :3] * jnp.sin(X)))
jx("sm_tensordot_axes_lists", lambda X: jnp.sum((X @ B43[:3, :2]) ** 2))
jx("sm_matmul_broadcast", lambda x: sum(jnp.sum((T232[b].T @ x[:3]) ** 2) for b in range(2))
   + x[3:] @ C3 @ x[3:])
jx("sm_clip_inside", lambda x: jnp.sum(jnp.where(x < -1.0, -1.0, jnp.where(x > 2.0, 2.0, x)) ** 2
                                       * W6))
jx("sm_maximum_minimum", lambda x: jnp.sum(jnp.where(x > 0.5, x, 0.5)
                                           * jnp.where(x * x < 1.0, x * x, 1.0)))
jx("sm_fmax_broadcast", lambda X: jnp.sum(jnp.where(X > jnp.array([0.0, 0.5, 0.0]), X,
                                                    jnp.array([0.0, 0.5, 0.0])) ** 2))


jx("sm_sort_top2", lambda x: jnp.sort(x)[-2] + 3 * jnp.sort(x)[-1] - jnp.min(x))
jx("sm_sort_axis0", lambda X: jnp.sum(jnp.min(X, axis=0) * jnp.array([1.0, 2.0, 3.0])))
jx("sm_max_axis0", lambda X: jnp.sum(jnp.maximum(X[0], X[1]) ** 2)
   + jnp.min(X[0]) + jnp.min(X[1]))
jx("sm_argmax_pick", lambda x: jnp.sum(jnp.where(W6 * x == jnp.max(W6 * x), x, 0.0))
   * jnp.sum(x ** 2))
jx("sm_amax_keepdims", lambda X: jnp.sum(X / jnp.max(jnp.abs(X), axis=1)[:, None]))
jx("sm_prod_axis0", lambda X: jnp.sum(X[0] * X[1]) + jnp.prod(X[0]) * jnp.prod(X[1]))
jx("sm_mean_where", lambda x: jnp.sum(jnp.where(x > 0, x * x, 0.0)) / jnp.sum(x > 0)
   + jnp.sum(jnp.where(W6 > 0, x, 0.0)))
jx("sm_sum_initial", lambda x: (2.0 + jnp.sum(x ** 3)) * 3.0 * x[0] * x[1])
jx("sm_max_initial", lambda x: jnp.maximum(jnp.max(x * x), 1.0) + jnp.maximum(jnp.max(x), -10.))
jx("sm_average_weights", lambda x: jnp.sum(jnp.exp(x) * jnp.abs(W6)) / jnp.sum(jnp.abs(W6))
   + jnp.sum((x[:3] + 3 * x[3:]) / 4.0) ** 2)
jx("sm_median_odd", lambda x: jnp.sort(x[:5] ** 2)[2] + (jnp.sort(x)[2] + jnp.sort(x)[3]) / 2)
jx("sm_ptp_axis", lambda X: jnp.sum((jnp.max(X, axis=1) - jnp.min(X, axis=1)) ** 2))
jx("sm_polyval", lambda c: sum(c[i] * 1.3 ** (5 - i) for i in range(6))
   + sum(c[5 - i] * (-0.4) ** (5 - i) for i in range(6)) ** 2)
jx("sm_expand_moveaxis", lambda X: jnp.sum(X.T * jnp.arange(6.0).reshape(3, 2)))
jx("sm_swapaxes_squeeze", lambda X: jnp.sum(X.T ** 2 @ jnp.array([2.0, -1.0])))
jx("sm_elementwise_menagerie", lambda x: jnp.sum(
    jnp.sign(x) * jnp.abs(x) ** (1.0 / 3.0) + x * x + jnp.sin(jnp.pi * x) / (jnp.pi * x)
    + jnp.log(1.0 + jnp.abs(x)) * (jnp.exp(x / 3) - 1.0)))
jx("sm_power_fractional", lambda x: jnp.sum((jnp.abs(x) + 1.0) ** 1.5)
   + jnp.exp(x[3] * jnp.log(x[0])))
jx("sm_hypot_arctan2", lambda x: jnp.sum(jnp.sqrt(x[:3] ** 2 + x[3:] ** 2)
                                         * jnp.arctan2(x[:3], x[3:])))
jx("sm_dot_1d_2d", lambda x: (x[:3] @ A34[:, :3]) @ (A34[:, :3].T @ x[3:]))


def _cross(a, b):
    return jnp.array([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
                      a[0] * b[1] - a[1] * b[0]])


jx("sm_cross_inner", lambda x: jnp.sum(_cross(x[:3], x[3:]) ** 2) + x[:3] @ x[3:])
jx("sm_linspace_grid", lambda x: jnp.sum(x[0] * jnp.sin(jnp.arange(7) / 6.0 * x[1])))

# ================================================================ linalg and scipy.special
B3, SPD = jnp.asarray(L.B3), jnp.asarray(L.SPD_SHIFT)
M33B, M32 = jnp.asarray(L.M33B), jnp.asarray(L.M32)


def pnorm(x, p):
    return jnp.sum(jnp.abs(x) ** p) ** (1.0 / p)


jx("la_norm_vec_default", lambda x: jnp.sqrt(x @ x) ** 3 / (1 + jnp.sqrt(x @ x)))
jx("la_norm_vec_ord1", lambda x: jnp.sum(jnp.abs(x)) * x[0])
jx("la_norm_vec_inf_both", lambda x: jnp.max(jnp.abs(x)) + 2 * jnp.min(jnp.abs(x)))
jx("la_norm_vec_ord3", lambda x: pnorm(x, 3.0))
jx("la_norm_vec_ord_half", lambda x: pnorm(x, 0.5))
jx("la_norm_vec_ord_neg1", lambda x: pnorm(x, -1.0))
jx("la_norm_fro", lambda X: jnp.sqrt(jnp.sum(X * X)) * X[0, 0])
jx("la_norm_nuc", lambda X: jnp.sum(sv(X)))
jx("la_norm_mat_2", lambda X: jnp.max(sv(X)))
jx("la_norm_mat_neg2", lambda X: jnp.min(sv(X)))
jx("la_norm_mat_ord1", lambda X: jnp.max(jnp.sum(jnp.abs(X), axis=0)))
jx("la_norm_mat_inf", lambda X: jnp.max(jnp.sum(jnp.abs(X), axis=1))
   + jnp.min(jnp.sum(jnp.abs(X), axis=1)))
jx("la_norm_mat_neg1", lambda X: jnp.min(jnp.sum(jnp.abs(X), axis=0)))
jx("la_norm_axis1_log", lambda X: 0.5 * jnp.sum(jnp.log(jnp.sum(X * X, axis=1))))
jx("la_norm_axis0_keepdims", lambda X: jnp.sum(X / jnp.sqrt(jnp.sum(X * X, axis=0))[None, :]
                                               * jnp.arange(1.0, 7.0).reshape(3, 2)))
jx("la_norm_axis_tuple_batch", lambda x: jnp.sum(x[:4] ** 2) ** 0.75 + jnp.sum(x[4:] ** 2) ** 0.75)
jx("la_norm_axis1_ord1", lambda X: jnp.sum(jnp.sum(jnp.abs(X), axis=1) ** 2))
jx("la_norm_axis_tuple_nuc", lambda X: jnp.sum(sv(X.T)))


def det3(X):
    return (X[0, 0] * (X[1, 1] * X[2, 2] - X[1, 2] * X[2, 1])
            - X[0, 1] * (X[1, 0] * X[2, 2] - X[1, 2] * X[2, 0])
            + X[0, 2] * (X[1, 0] * X[2, 1] - X[1, 1] * X[2, 0]))


def adj_inv3(X):
    cof = jnp.array([[X[(i + 1) % 3, (j + 1) % 3] * X[(i + 2) % 3, (j + 2) % 3]
                      - X[(i + 1) % 3, (j + 2) % 3] * X[(i + 2) % 3, (j + 1) % 3]
                      for j in range(3)] for i in range(3)])
    return cof.T / det3(X)


jx("la_det", det3)
jx("la_slogdet", lambda X: jnp.log(jnp.abs(det3(X @ X.T + SPD))) + jnp.log(jnp.abs(det3(X))))
jx("la_slogdet_unpack", lambda X: jnp.sign(det3(X)) * jnp.sqrt(jnp.abs(det3(X))))
jx("la_inv_sum", lambda X: jnp.sum(adj_inv3(X) * M33B))
jx("la_inv_quadratic", lambda X: B3 @ adj_inv3(X) @ B3)
jx("la_solve_vec", lambda X: adj_inv3(X) @ B3 @ jnp.array([1.0, 1.0, 2.0]))
jx("la_solve_rhs_var", lambda b: jnp.sum((adj_inv3(jnp.asarray(L.M33)) @ b) ** 2))
jx("la_solve_matrix_rhs", lambda X: jnp.sum((adj_inv3(X) @ M32) ** 2))
jx("la_eigh_values", lambda X: jnp.linalg.eigvalsh(X + X.T) @ jnp.array([1.0, -2.0, 0.5]))
jx("la_eigh_vector_sq", lambda X: jnp.linalg.eigh(X + X.T)[1][:, -1] ** 2
   @ jnp.array([1.0, 2.0, 3.0]))
# the largest eigenvalue of X X^T is the largest squared singular value of X
jx("la_eigvalsh_max", lambda X: jnp.max(sv(X)) ** 2)
jx("la_cholesky_logdet", lambda X: jnp.log(det3(X @ X.T + SPD)))


def chol3_21(A):
    l11 = jnp.sqrt(A[0, 0])
    l21, l31 = A[1, 0] / l11, A[2, 0] / l11
    l22 = jnp.sqrt(A[1, 1] - l21 ** 2)
    return (A[2, 1] - l31 * l21) / l22


jx("la_cholesky_entry", lambda X: chol3_21(X @ X.T + jnp.eye(3)))
jx("la_matrix_power", lambda X: jnp.trace(X @ X @ X))
jx("sp_logsumexp_axis1", lambda X: jnp.sum(lse(X, axis=1) * jnp.array([1.0, -2.0, 0.5])))
jx("sp_logsumexp_axis0_b", lambda X: jnp.sum(jnp.log(jnp.sum(
    jnp.array([[0.5], [1.0], [2.0]]) * jnp.exp(X), axis=0))))
jx("sp_logsumexp_b_vec", lambda x: jnp.log(jnp.sum(jnp.array([1.0, 2.0, 0.5, 0.1, 3.0])
                                                   * jnp.exp(x))))
jx("sp_logsumexp_keepdims", lambda X: (jnp.sum(X) - 4 * jnp.sum(lse(X, axis=1))) ** 2)


def gammaln_pos(z):
    return jax.scipy.special.gammaln(z)


jx("sp_expit_gammaln", lambda x: jnp.sum(sig(x) * gammaln_pos(jnp.abs(x) + 0.5)))
jx("sp_erf_xlogy", lambda x: jnp.sum(jax.scipy.special.erf(x) * x * x
                                     * jnp.log(jnp.abs(x) + 1.0)))
jx("sp_xlogy_zero_base", lambda x: 1.5 * jnp.log(x[1] ** 2) + 2.0 * jnp.log(x[2] ** 2)
   + jnp.log(x[4] ** 2))
jx("sp_softmax_axis0", lambda X: jnp.sum(softmax(X, axis=0) * jnp.array([[1.0, -1.0], [2.0, 0.5],
                                                                          [0.0, 3.0]])))
jx("sp_softmax_axis_neg1", lambda X: jnp.sum(X[:, 0] - lse(X, axis=1)))
jx("sp_module_prefix", lambda x: lse(x) + jax.scipy.special.erfc(x[0]) + sig(x[1]))

# ================================================================ idioms
jx("id_math_on_items", lambda x: jnp.exp(x[0]) * jnp.arctan2(x[1], x[2]) + jnp.log(x[3]))
jx("id_math_float_item", lambda x: jnp.sqrt(x[3]) * jnp.cos(2 * x[0]))
jx("id_from_math_import", lambda x: jnp.arctan2(x[0], x[1]) * jnp.exp(-x[2] ** 2)
   + jnp.log(1 + x[3] ** 2))
jx("id_from_numpy_import", lambda x: jnp.sum((jnp.exp(x) - jnp.exp(-x)) / (jnp.exp(x) + jnp.exp(-x))
                                             * (jnp.exp(x / 2) + jnp.exp(-x / 2)) / 2)
   + (x[0] ** 2 + x[1] ** 2) ** 0.25)
jx("id_helper_kwargs", lambda x: sum((1.0 + i) * (x[i] - x[i + 1]) ** 2 + jnp.log(1 + x[i] ** 2)
                                     for i in range(3)))
jx("id_closure_factory", lambda x: 1.7 * jnp.sum(
    jnp.abs(x - jnp.array([0.1, -0.2, 0.3, 0.0])) ** 2.5))
jx("id_class_call", lambda x: jnp.sum(-2.0 * jnp.exp(-((x - jnp.array([0.0, 1.0, -1.0, 2.0]))
                                                       / 0.8) ** 2)) + 0.1 * x @ x)
jx("id_dataclass_list", lambda x: sum(0.5 * k * ((x[i + 1] - x[i]) - r) ** 2 for i, (k, r) in
                                      enumerate([(2.0, 1.0), (0.5, 1.5), (3.0, 0.8)])))
jx("id_dict_params", lambda x: 1.3 * jnp.sum(jnp.array([0.5, -0.25, 1.0, 2.0]) * x ** 2)
   + x[0] * x[1] * x[2])
jx("id_global_data_misfit", lambda t: jnp.mean((jnp.sin(t[0] * I.GRID) * jnp.exp(-t[1] * I.GRID)
                                                - I.OBS) ** 2))


def _accum(x):
    total, prod = 0.0, 1.0
    for i in range(4):
        prod = prod * (1 + 0.1 * x[i])
        total = total + prod * (i + 1) - (x[i] ** 2 if i % 2 else 0.0)
    return total


jx("id_loop_accumulators", _accum)


def _poly(c, t):
    return sum(c[i] * t ** i for i in range(4))


jx("id_horner_list_reversed", lambda c: _poly(c, 0.7) * _poly(c, -1.3))
jx("id_partial", lambda x: jnp.sum(jnp.array([1.0, 2.0, 3.0, 4.0]) * jnp.sin(x) ** 2))


def _newton(x):
    y = x[0]
    for _ in range(6):
        y = 0.5 * (y + x[1] / y)
    return y * x[2]


jx("id_while_loop", _newton)
jx("id_list_comprehension_max", lambda x: (lambda t: jnp.max(t) + jnp.min(t) + jnp.sum(t ** 2))(
    x * jnp.exp(-0.5 * jnp.arange(4.0))))
jx("id_tuple_unpack", lambda p: (p[0] + p[1]) ** 2 + (p[1] * p[2]) ** 2 + (p[2] - p[0]) ** 2)
jx("id_ternary_branch", lambda x: jnp.where(x[1] > 0, x[0] ** 2, jnp.sin(x[0]) * x[1]))

# ================================================================ Richardson's hard cases
jx("rc_arrhenius", lambda A, Ea, T: A * jnp.exp(-Ea / (8.314 * T)))
jx("rc_planck", lambda lam, T: 2 * 6.626e-34 * 2.998e8 ** 2 / lam ** 5
   / (jnp.exp(6.626e-34 * 2.998e8 / (lam * 1.381e-23 * T)) - 1.0))
jx("rc_gravity", lambda m1, m2, r: 6.674e-11 * m1 * m2 / r ** 2)
jx("rc_rc_charging", lambda R, C, t: 5.0 * (1.0 - jnp.exp(-t / (R * C))))
jx("rc_mixed_scales_vec", lambda x: 1e16 * x[0] ** 2 + jnp.sin(1e-8 * x[1]) + x[0] * x[1])
jx("rc_michaelis_menten", lambda S, Vmax, Km: Vmax * S / (Km + S))
jx("rc_reynolds", lambda rho, v, L, mu: rho * v * L / mu)
jx("rc_tiny_amplitude", lambda a, w: a * jnp.sin(w) + a * a)
jx("rc_sin_cubed_large", lambda x: jnp.sin(x) ** 3)
jx("rc_cos_product_large", lambda x, y: jnp.cos(x * y))
jx("rc_fourier_sum_large", lambda x: sum(jnp.cos(k * x) / k for k in range(1, 21)))
jx("rc_damped_fast", lambda t: jnp.exp(-1e-4 * t) * jnp.cos(50.0 * t))
jx("rc_chirp", lambda t: jnp.sin(0.5 * t * t))
jx("rc_lse_axis_large", lambda X: sum(lse(X[4 * i:4 * i + 4]) for i in range(3)))
jx("rc_softmax_xent_large", lambda z: lse(z) - z[2])
jx("rc_logaddexp_large", lambda x: jnp.sum(jnp.maximum(x, 0.0) + jnp.log1p(jnp.exp(-jnp.abs(x)))))
jx("rc_shifted_lse_by_hand", lambda x: lse(x))
jx("rc_lse_800_b", lambda x: lse(x, b=jnp.linspace(0.5, 1.5, x.size)))
jx("rc_rosen_chain_50", lambda x: sum((x[i + 1] - x[i] ** 2) ** 2 for i in range(49))
   + jnp.sum((1 - x) ** 2))
jx("rc_log_barrier_1000", lambda x: -jnp.sum(jnp.log(x)) + 0.5 * x @ x)
jx("rc_lsq_2000_points", lambda p: jnp.sum((p[0] * jnp.exp(-p[1] * RC.DATA_X) - RC.DATA_Y) ** 2))
jx("rc_quartic_500", lambda x: jnp.sum(x ** 4) - 3 * x @ x + jnp.sum(x))
jx("rc_mean_exp_2000", lambda x: jnp.sum(jnp.exp(0.01 * x)))
jx("rc_log_return_vol_60", lambda p: jnp.sqrt(var(jnp.log(p[1:] / p[:-1]), 1) * 252))
jx("rc_vwap_gap", lambda x: x[9] - x[:10] @ x[10:] / jnp.sum(x[10:]))
jx("rc_geometric_mean", lambda p: jnp.exp(jnp.log(p[-1] / p[0]) / (p.size - 1)) - 1.0)


def _pvar(w):
    r = jnp.log(RC.PRICES3[1:] / RC.PRICES3[:-1])
    d = r - r.mean(axis=0)
    return w @ (d.T @ d / (r.shape[0] - 1)) @ w * 1e4


jx("rc_portfolio_var", _pvar)
jx("rc_sma_crossover_smooth", lambda p: jnp.tanh((jnp.sum(p[-5:]) / 5 - jnp.sum(p) / p.size)
                                                 / 10.0))
jx("rc_max_drawdown_smooth", lambda p: jnp.sum(jnp.log(p / jax.lax.cummax(p)) ** 2))
jx("rc_pandas_rolling_sum", lambda p: sum(((p[i] + p[i + 1] + p[i + 2] + p[i + 3]) / 4) ** 2
                                          for i in range(p.size - 3)))
jx("rc_pandas_log_returns", lambda p: jnp.sum(jnp.abs(jnp.log(p[1:] / p[:-1])) ** 1.5))
jx("rc_pandas_frame_cov", lambda x: jnp.sum((x[:6] - jnp.mean(x[:6])) * (x[6:] - jnp.mean(x[6:])))
   / 5.0)
jx("rc_tanh_steep", lambda x: tanh_stable(50.0 * x))
jx("rc_expit_far", lambda x: sig(x) + x / (1.0 + jnp.exp(x)))
# not -expm1(-x): JAX differentiates expm1 as expm1(x) + 1, which cancels to 1 ulp of 1 here
jx("rc_one_minus_exp", lambda x: 1.0 - jnp.exp(-x))
jx("rc_softplus_far", lambda x: jnp.log1p(jnp.exp(x)))
mpx("rc_cos_cancel", 1e-6, lambda x: (1 - mp.cos(2 * x)) / (2 * x ** 2))
mpx("rc_sqrt_cancel", 1e-6, lambda x: x - mp.sqrt(x ** 2 - 1))
mpx("rc_log_ratio_cancel", 1e-6, lambda x: mp.log(x + 1) - mp.log(x - 1))
mpx("rc_exp_series_cancel", 1e-5, lambda x: (mp.exp(x) - 1 - x - x ** 2 / 2) / x ** 3)
mpx("rc_two_pass_var_textbook", 1e-9, lambda a, b, c, d: (a * a + b * b + c * c + d * d) / 4
    - ((a + b + c + d) / 4) ** 2)

# ================================================================ Jacobians and Hessians
jx("jc_polar_to_cart", lambda p: jnp.array([p[0] * jnp.cos(p[1]), p[0] * jnp.sin(p[1])]))
jx("jc_spherical", lambda s: s[0] * jnp.array([jnp.sin(s[1]) * jnp.cos(s[2]),
                                               jnp.sin(s[1]) * jnp.sin(s[2]), jnp.cos(s[1])]))
jx("jc_exp_residuals_8x3", lambda th: th[0] * jnp.exp(-th[1] * H.T8) + th[2] - jnp.cos(H.T8))
jx("jc_softmax", lambda z: jnp.exp(z) / jnp.sum(jnp.exp(z)))
jx("jc_softmax_axis0_matrix", lambda Z: jnp.exp(Z) / jnp.sum(jnp.exp(Z), axis=0)[None, :])
jx("jc_normalize", lambda x: x / jnp.sqrt(x @ x))
jx("jc_cumsum_nonlinear", lambda x: jnp.array([jnp.sum((x * jnp.sin(x))[:k + 1])
                                               for k in range(4)]))
jx("jc_lotka_volterra", lambda u: jnp.array([1.1 * u[0] - 0.4 * u[0] * u[1],
                                             0.1 * u[0] * u[1] - 0.4 * u[1]]))
jx("jc_lorenz", lambda s: jnp.array([10.0 * (s[1] - s[0]), s[0] * (28.0 - s[2]) - s[1],
                                     s[0] * s[1] - 8.0 / 3.0 * s[2]]))
jx("jc_matrix_output_2x3", lambda x: x[:2][:, None] * jnp.exp(x)[None, :])


def _arm(q):
    a1, a2, a3 = q[0], q[0] + q[1], q[0] + q[1] + q[2]
    return jnp.array([jnp.cos(a1) + 0.7 * jnp.cos(a2) + 0.4 * jnp.cos(a3),
                      jnp.sin(a1) + 0.7 * jnp.sin(a2) + 0.4 * jnp.sin(a3)])


jx("jc_three_link_arm_2x3", _arm)
jx("jc_stats_3x6", lambda x: jnp.array([jnp.mean(x), jnp.sqrt(var(x, 1)),
                                        jnp.mean((x - jnp.mean(x)) ** 3) / var(x) ** 1.5]))
jx("jc_matvec_tanh_4x2", lambda w: jnp.tanh(jnp.array([[1.0, 0.5], [-0.3, 2.0], [0.8, 0.8],
                                                       [1.5, -1.0]]) @ w))


def _solve2(x):
    det = 6.0 - x[0] * x[1]
    return jnp.array([2.0 - x[0] * x[2], 3.0 * x[2] - x[1]]) / det


jx("jc_solve_output", _solve2)


def _pairs(x):
    P = x.reshape(3, 2)
    return jnp.array([jnp.sqrt(jnp.sum((P[i] - P[j]) ** 2) + 2e-3)  # 1e-3 per coordinate
                      for i in range(3) for j in range(3)])


jx("jc_pairwise_dist_3pts", _pairs)
jx("jc_scalar_to_vector_1x", lambda t: jnp.array([jnp.cos(t), jnp.sin(2 * t), t ** 3]))
jx("hs_rosenbrock_4", lambda x: sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
                                    for i in range(3)))
jx("hs_logsumexp", lambda x: jnp.log(jnp.sum(jnp.exp(x * jnp.array([1.0, 2.0, 0.5, -1.0])))))


def _logistic(w):
    z = H.XS @ w[:2] + w[2]
    return jnp.sum(jnp.log1p(jnp.exp(z)) - H.YS * z) + 0.05 * w @ w


jx("hs_logistic_nll", _logistic)
jx("hs_gauss_nll_mu_logsigma", lambda p: jnp.sum((H.OBS - p[0]) ** 2) * 0.5 * jnp.exp(-2 * p[1])
   + 7 * p[1])
jx("hs_det_3x3", det3)
jx("hs_norm_cubed", lambda x: (x @ x) ** 1.5 + jnp.sum(x ** 4) ** 0.25)
jx("hs_spring_chain", lambda x: sum((jnp.sqrt(1.0 + (x[i + 1] - x[i]) ** 2) - 1.2) ** 2
                                    for i in range(4)))
jx("hs_entropy_softmax", lambda z: lse(z) - jnp.sum(z * jnp.exp(z)) / jnp.sum(jnp.exp(z)))
# det(D + x x^T) = det(D) (1 + x^T D^-1 x)
jx("hs_slogdet_spd", lambda x: jnp.log(6.0 * (1 + x @ (x / jnp.array([1.0, 2.0, 3.0])))))
jx("hs_trig_mixed", lambda a, b: jnp.sin(a * b) + jnp.cos(a) * b ** 3)

# ================================================================ more argument semantics
import cases_semantics2 as S2  # noqa: E402

Q = jnp.asarray(S2.Q)


def _b(x):
    return x.reshape(2, 2, 2)


def _det2(M):
    return M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]


def _lse_all(v):
    return lse(jnp.ravel(v))


jx("s2_sum_none_keepdims", lambda X: jnp.sum(X * X) * X[1, 2] + jnp.sum(X) / 8.0)
jx("s2_var_axis_tuple_neg_ddof", lambda x: var(_b(x)[:, 0, :].ravel(), 1)
   + 3.0 * var(_b(x)[:, 1, :].ravel(), 1))
jx("s2_max_axis_tuple", lambda x: jnp.max(_b(x)[:, 0, :]) ** 2 + jnp.max(_b(x)[:, 1, :]) ** 2
   + jnp.min(x[:4]) + jnp.min(x[4:]))
jx("s2_norm_3d_axis_neg_tuple", lambda x: jnp.sqrt(jnp.sum(x[:4] ** 2))
   + jnp.sqrt(jnp.sum(x[4:] ** 2)))
jx("s2_norm_3d_ord1_axis", lambda x: sum(jnp.max(jnp.sum(jnp.abs(_b(x)[i]), axis=0))
                                         for i in range(2)))
jx("s2_norm_3d_ord2_axis01", lambda x: sum(jnp.max(sv(_b(x)[:, :, k])) for k in range(2)))
jx("s2_norm_keepdims_matrix", lambda X: jnp.sum(X * jnp.arange(8.0).reshape(2, 4))
   / jnp.sqrt(jnp.sum(X * X)))
jx("s2_norm_axis0_ord3", lambda X: jnp.sum(jnp.sum(jnp.abs(X) ** 3, axis=0) ** (1.0 / 3.0)))
jx("s2_norm_axis_neg1_inf", lambda X: jnp.max(jnp.abs(X[0])) + 2.0 * jnp.max(jnp.abs(X[1])))
jx("s2_diff_prepend_append", lambda x: jnp.sum(
    (jnp.concatenate([x, x[:1]]) - jnp.concatenate([jnp.ones(1), x])) ** 2
    * jnp.arange(1.0, 10.0)))
jx("s2_diff_axis_neg1_n2", lambda X: jnp.sum((X[:, 2:] - 2 * X[:, 1:-1] + X[:, :-2]) ** 3))
# trace over axes (1, 2) per batch: B[i,0,0] + B[i,1,1]; offset 1 over axes (0, 2): B[0, j, 1]
jx("s2_trace_axis12_3d", lambda x: (x[0] + x[3]) ** 2 + (x[4] + x[7]) ** 2 + x[1] + x[3])
jx("s2_einsum_ellipsis", lambda x: sum(jnp.sum((_b(x)[i] @ Q) ** 2) for i in range(2)))
jx("s2_einsum_three_operands", lambda X: jnp.sum((X @ jnp.ones((4, 3)))
                                                 * jnp.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])))
jx("s2_tensordot_axes0", lambda x: jnp.sum(x[:3] ** 2) * (x[3] ** 2 + 2.0 * x[4] ** 2))
jx("s2_tensordot_axes_pairs", lambda x: sum(_b(x)[a, j, c] * Q[c, a]
                                            for a in range(2) for j in range(2)
                                            for c in range(2)))
jx("s2_matmul_1d_2d_1d", lambda X: (X[0] - 2.0 * X[1]) @ jnp.array([0.5, 1.0, 2.0, -1.0])
   + jnp.sum(X @ X.T))
jx("s2_clip_array_bounds", lambda x: jnp.sum(jnp.minimum(jnp.maximum(
    x, jnp.linspace(-1.0, 0.0, 8)), jnp.linspace(1.0, 1.8, 8)) ** 3))
jx("s2_clip_none_lower", lambda x: jnp.sum(jnp.minimum(x, 1.2) * jnp.exp(x)))
jx("s2_sort_axis_none", lambda X: 2.0 * jnp.sort(X.ravel())[0] + jnp.sort(X.ravel())[3]
   - jnp.max(X))
jx("s2_take_along_axis_argmax", lambda X: jnp.sum(jnp.max(X, axis=1) ** 2) + jnp.sum(X))
jx("s2_argsort_weights", lambda x: jnp.sort(x) @ jnp.arange(8.0))
jx("s2_batched_det_inv", lambda x: _det2(_b(x)[0]) ** 2 + _det2(_b(x)[1]) ** 2
   - _b(x)[0, 0, 1] / _det2(_b(x)[0]) - _b(x)[1, 0, 1] / _det2(_b(x)[1]))


def _solve2x2(M, r):
    return jnp.array([M[1, 1] * r[0] - M[0, 1] * r[1], M[0, 0] * r[1] - M[1, 0] * r[0]]) / _det2(M)


jx("s2_batched_solve", lambda x: jnp.sum(_solve2x2(_b(x)[0], jnp.array([1.0, 2.0])) ** 2)
   + jnp.sum(_solve2x2(_b(x)[1], jnp.array([0.5, -1.0])) ** 2))
jx("s2_kron_multi_dot", lambda x: x[0] * x[2] + 2 * x[0] * x[3] + 3 * x[1] * x[2]
   + 4 * x[1] * x[3] + x[:2] @ (Q @ Q) @ x[2:4])
jx("s2_std_where", lambda x: jnp.sqrt(var(x[jnp.array([0, 1, 3, 4, 6, 7])])))
jx("s2_logsumexp_axis_tuple", lambda x: _lse_all(_b(x)[:, 0, :]) - 0.5 * _lse_all(_b(x)[:, 1, :]))
jx("s2_logsumexp_return_sign", lambda x: jnp.log(jnp.abs(jnp.sum(
    jnp.array([1.0, -0.2, 0.5, 1.0, -0.1, 0.3, 0.2, 0.4]) * jnp.exp(x)))))


def _softmax_block(B):
    e = jnp.exp(B)
    return e / jnp.sum(e)


jx("s2_softmax_axis_tuple", lambda x: jnp.sum(jnp.stack([_softmax_block(_b(x)[i])[0]
                                                         for i in range(2)])
                                              * jnp.array([[1.0, 2.0], [3.0, -1.0]])))
jx("s2_xlogy_broadcast", lambda X: jnp.sum(jnp.log(X[0] ** 2 + 1.0))
   + 2.0 * jnp.sum(jnp.log(X[1] ** 2 + 1.0)))
jx("s2_cumsum_reverse_axis0", lambda X: jnp.sum(jnp.stack([X[0] + X[1], X[1]]) ** 2
                                                * jnp.array([1.0, -1.0, 2.0, 0.5])))
jx("s2_cumprod_axis_neg1", lambda X: jnp.sum(jnp.prod(X, axis=1))
   + (X[0] * X[1]) @ jnp.array([1.0, 1.0, -1.0, 2.0]))


def _tri(x):
    M = x.reshape(3, 3)
    upper_mask = jnp.array([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]])  # tril(k=1)
    lower_mask = jnp.array([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])  # triu(k=-1)
    return jnp.sum((M * upper_mask) ** 2) + jnp.sum(M * lower_mask * jnp.arange(9.0).reshape(3, 3))


jx("s2_tril_k1_triu_km1", _tri)
# diag(x[:3], 1) @ diag(x[3:7])**2: entries (i, i+1) = x[i] * x[3+i+1]**2; diag(outer, 2) sums
jx("s2_diag_k_build", lambda x: sum(x[i] * x[4 + i] ** 2 for i in range(3))
   + sum(x[i] * x[i + 2] for i in range(6)))


def _stacks(x):
    v = jnp.concatenate([x[:2], x[6:]])
    r = jnp.array([x[:4] @ v, x[4:] @ v])
    return r[0] * jnp.sum(x[:4]) + r[1] * jnp.sum(x[4:])


jx("s2_stack_axis1_vstack_hstack", _stacks)
jx("s2_broadcast_to_repeat", lambda x: jnp.sum(x[:4] * x[4:]) * 3.0
   + jnp.sum(jnp.concatenate([x[:2]] * 3) ** 2 * jnp.arange(6.0)))
jx("s2_where_one_sided_clip", lambda x: jnp.sum(
    jnp.where(x > 1.0, jnp.log(jnp.where(x > 1.0, x, 2.0)), x - 1.0)
    * jnp.where(jnp.abs(x) < 0.8, 2.0, 1.0)))
jx("s2_nan_functions", lambda x: x @ x + jnp.mean(jnp.sin(x)) + x[2])
W8 = jnp.arange(1.0, 9.0)
jx("s2_nanmax_times_weights", lambda x: jnp.max(x * W8) * 36.0)
jx("s2_nansum_plus_array", lambda x: 8.0 * (x @ x) + jnp.sum(x))
jx("s2_nanmean_normalise", lambda x: (x @ W8) * 8.0 / jnp.sum(jnp.abs(x)))
jx("s2_kron_sum_sq", lambda x: (x[0] ** 2 + x[1] ** 2) * (x[2] ** 2 + x[3] ** 2))
jx("s2_nanmin_times_weights", lambda x: jnp.min(x * W8) * 36.0)
