"""Hand-written jax.numpy rewrites of every function in round2/functions.py.

Written from the mathematics of each user function, independently of gradlab. Where numpy
semantics could be shared with an engine that maps numpy onto jax (norm ords, ddof, softmax,
cov, det), the rewrite spells the quantity out with elementary operations. Where the user's
formula cancels, the rewrite is a stable equivalent (STABLE_FORM, looser value tolerance).
"""

import math

import functions as F
import jax
import jax.numpy as jnp
import jax.scipy.special as jss
import numpy as np
import scipy.linalg

JAX = {}
STABLE_FORM = {
    "expm1_user_formula": 1e-8,
    "near_singular_det_logdet": 1e-6,
    "hilbert_solve": 1e-9,
    "float32_scalars_dict": 1e-6,  # the user's f computes in float32 at a float32 point; truth is float64 math
}


def jx(name):
    def deco(f):
        JAX[name] = f
        return f

    return deco


def c(a):
    return jnp.asarray(np.asarray(a, dtype=float))


Z43, Y43, W3, W4, SPD4, C3, M34, M33 = map(c, (F.Z43, F.Y43, F.W3, F.W4, F.SPD4, F.C3, F.M34, F.M33))
X_reg, y_reg, y_cls, P_target, XP, FP = map(c, (F.X_reg, F.y_reg, F.y_cls, F.P_target, F.XP, F.FP))
REST, KSPR, MASS, COV3, MU3 = map(c, (F.REST, F.KSPR, F.MASS, F.COV3, F.MU3))
SQ2 = math.sqrt(2.0)


def lse(Z, axis, keepdims=False):
    m = jax.lax.stop_gradient(jnp.max(Z, axis=axis, keepdims=True))
    out = m + jnp.log(jnp.sum(jnp.exp(Z - m), axis=axis, keepdims=True))
    return out if keepdims else jnp.squeeze(out, axis=axis)


def var(x, axis=None, ddof=0, keepdims=False):
    n = x.size if axis is None else (np.prod([x.shape[a] for a in axis]) if isinstance(axis, tuple) else x.shape[axis])
    m = jnp.sum(x, axis=axis, keepdims=True) / n
    return jnp.sum((x - m) ** 2, axis=axis, keepdims=keepdims) / (n - ddof)


def det3(M):
    return (M[0, 0] * (M[1, 1] * M[2, 2] - M[1, 2] * M[2, 1]) - M[0, 1] * (M[1, 0] * M[2, 2] - M[1, 2] * M[2, 0])
            + M[0, 2] * (M[1, 0] * M[2, 1] - M[1, 1] * M[2, 0]))


def svals(M):
    # singular values as square roots of the eigenvalues of M^T M (distinct at these points)
    return jnp.sqrt(jnp.linalg.eigvalsh(M.T @ M if M.shape[0] >= M.shape[1] else M @ M.T))[::-1]


# ---------------------------------------------------------------- A. reductions
@jx("log_softmax_rows_nll")
def _(Z):
    return -jnp.sum(Y43 * (Z - lse(Z, 1, True))) / 4


@jx("softmax_columns_axis0")
def _(Z):
    P = jnp.exp(Z) / jnp.sum(jnp.exp(Z), axis=0)
    return jnp.sum(P * Z43**2)


@jx("log_softmax_axis_neg1_logsumexp")
def _(Z):
    L = Z - lse(Z, 1, True)
    return jnp.sum(L[:, 0]) + 0.5 * jnp.sum(L**2)


@jx("std_ddof1_rows")
def _(M):
    return jnp.sum(jnp.sqrt(var(M, 1, 1)))


@jx("var_ddof1_tuple_axes")
def _(T):
    m = jnp.mean(jnp.mean(T, axis=2), axis=0)  # (3,)
    v = jnp.sum((T - m[None, :, None]) ** 2, axis=(0, 2)) / (8 - 1)
    return v @ W3


@jx("standardize_columns_skew")
def _(M):
    mu = jnp.mean(M, axis=0)
    sd = jnp.sqrt(jnp.sum((M - mu) ** 2, axis=0) / (M.shape[0] - 1))
    Zs = (M - mu) / sd
    return jnp.sum(Zs**3 @ W3)


@jx("center_tuple_axes_keepdims")
def _(T):
    m = jnp.sum(T.reshape(2, 12), axis=1) / 12
    cc = T - m[:, None, None]
    return jnp.sum(cc**2 * jnp.cos(T))


@jx("sum_axis_neg2_squared")
def _(T):
    s = T[:, 0, :] + T[:, 1, :] + T[:, 2, :]
    return jnp.sum(s**2) / 10.0


@jx("cumsum_axis1_hazard")
def _(M):
    Q = M**2
    tot = 0.0
    run = jnp.zeros(3)
    for j in range(4):
        run = run + Q[:, j]
        tot = tot + jnp.sum(jnp.exp(-run))
    return tot


@jx("cumprod_survival")
def _(h):
    S, acc = [], 1.0
    for k in range(5):
        acc = acc * (1 - h[k])
        S.append(acc)
    return sum(S) + S[-1]


@jx("cumprod_axis0_last_row")
def _(M):
    return (M[0] * M[1] * M[2]) @ W4


@jx("diff_second_order_axis0")
def _(M):
    d2 = M[2:] - 2 * M[1:-1] + M[:-2]
    return jnp.sum(d2**2) + jnp.sum(M[:, 1] - M[:, 0])


@jx("smooth_total_variation")
def _(x):
    d = x[1:] - x[:-1]
    return jnp.sum(jnp.sqrt(d * d + 1e-2)) + 0.5 * jnp.sum((x - 1.0) ** 2)


@jx("max_keepdims_shift_exp")
def _(Z):
    idx = np.argmax(F.Z43, axis=1)
    m = Z[np.arange(4), idx]
    return jnp.sum(jnp.exp(Z - m[:, None]))


@jx("prod_keepdims_leave_one_out")
def _(M):
    p = M[:, 0] * M[:, 1] * M[:, 2] * M[:, 3]
    return jnp.sum(p[:, None] / M)


@jx("min_axis0_weighted")
def _(M):
    i0 = np.argmin(F.M34, axis=0)
    i1 = np.argmax(F.M34, axis=1)
    return M[i0, np.arange(4)] @ W4 + jnp.sum(M[np.arange(3), i1])


@jx("t_statistic")
def _(x):
    n = 6
    m = jnp.sum(x) / n
    s = jnp.sqrt(jnp.sum((x - m) ** 2) / (n - 1))
    return (m - 2.0) / (s / math.sqrt(n))


@jx("average_weighted_axis0")
def _(M):
    w = jnp.array([1.0, 2.0, 3.0])
    return jnp.sum(((w @ M) / 6.0) ** 2)


@jx("einsum_batched_trace")
def _(T):
    tr = T[0, 0] + T[1, 1] + T[2, 2]
    return jnp.sum(tr**2) + jnp.sum(T * T)


@jx("methods_chain_axes")
def _(M):
    v = var(M, 0, 1)
    return jnp.sum(v * jnp.sum(M, axis=0)) + jnp.prod(jnp.mean(M, axis=0))


# ---------------------------------------------------------------- B. norms
@jx("norm_ord_half")
def _(x):
    return jnp.sum(jnp.sqrt(jnp.abs(x))) ** 2


@jx("norm_ord_minus2")
def _(x):
    return jnp.sum(x**-2.0) ** -0.5


@jx("norm_ord_minus1")
def _(x):
    return 3.0 / jnp.sum(1.0 / jnp.abs(x))


@jx("norm_ord0_count")
def _(x):
    return 4.0 * jnp.sum(x**2)


@jx("norm_rows_ord4")
def _(M):
    return jnp.sum(jnp.sum(M**4, axis=1) ** 0.25)


@jx("norm_cols_inf_axis0")
def _(M):
    i = np.argmax(np.abs(F.M34), axis=0)
    return jnp.abs(M[i, np.arange(4)]) @ W4


@jx("norm_rows_minus_inf")
def _(M):
    i = np.argmin(np.abs(F.M34), axis=1)
    return jnp.sum(M[np.arange(3), i] ** 2)


@jx("normalize_rows_l1_keepdims")
def _(M):
    U = M / jnp.sum(jnp.abs(M), axis=1)[:, None]
    return jnp.sum(U * M34[::-1])


@jx("norm_matrix_spectral")
def _(M):
    return svals(M)[0]


@jx("norm_matrix_minus2")
def _(M):
    return svals(M)[-1]


@jx("norm_matrix_minus1")
def _(M):
    return jnp.sum(jnp.abs(M[:, 0]))  # column 0 has the smallest absolute sum (2.3)


@jx("norm_matrix_inf")
def _(M):
    return jnp.sum(jnp.abs(M[2])) + jnp.sum(jnp.abs(M[0]))  # row sums 2.3, 2.9, 3.1


@jx("norm_fro_batch_axis12")
def _(T):
    return jnp.sum(jnp.sum(T**2, axis=(1, 2)) ** 1.5)


@jx("norm_nuclear_batch")
def _(T):
    return jnp.sum(svals(T[0])) + jnp.sum(svals(T[1]))


@jx("norm_default_axis0")
def _(M):
    return jnp.sum(0.5 * jnp.log(jnp.sum(M**2, axis=0)))


@jx("norm_ord3_keepdims_vector")
def _(x):
    return jnp.sum(x) / jnp.sum(jnp.abs(x) ** 3) ** (1 / 3)


@jx("norm_3d_axis_neg1_ord1")
def _(T):
    return jnp.sum(jnp.sqrt(jnp.sum(jnp.abs(T), axis=2)))


@jx("norm_matrix_axis_swapped")
def _(M):
    return jnp.max(jnp.sum(jnp.abs(M), axis=1)) + jnp.sqrt(jnp.sum(M**2))


@jx("norm_ord2_axis_tuple_rect")
def _(M):
    return svals(M)[0] ** 2


# ---------------------------------------------------------------- C. linear algebra
@jx("quad_form_and_self_dot")
def _(x):
    return x @ SPD4 @ x + jnp.sum(x * x) ** 2


@jx("trace_cube")
def _(M):
    return jnp.sum((M @ M) * M.T)


@jx("gram_logdet")
def _(M):
    return jnp.log(det3(M @ M.T))


@jx("det_M_Mt_plus_I")
def _(M):
    return det3(M @ M.T + jnp.eye(3))


@jx("inv_quadratic")
def _(M):
    return W3 @ jnp.linalg.solve(M, jnp.array([1.0, 0.5, -0.5]))


@jx("solve_self_rhs")
def _(M):
    return jnp.sum(jnp.linalg.solve(M + 2.0 * jnp.eye(3), M @ W3))


@jx("slogdet_sign_times_exp")
def _(M):
    return det3(M) + jnp.trace(jnp.linalg.inv(M))


@jx("solve_matrix_rhs")
def _(M):
    return jnp.sum(jnp.linalg.solve(C3, M) * M)


@jx("kron_self_quadratic")
def _(x):
    q = x @ C3 @ x
    return q * q  # (x kron x)^T (C kron C) (x kron x) = (x^T C x)^2


@jx("outer_minus_identity_fro")
def _(x):
    s = jnp.sum(x**2)
    return s**2 - 2 * s + 3


@jx("inner_vdot_mix")
def _(M):
    return M[0] @ (M @ M[1]) + jnp.sum(M * M.T) + jnp.sum(M @ M.T)


@jx("tensordot_self_contract")
def _(T):
    return jnp.sum(T * T) + jnp.sum(T[0] * T[1])


@jx("einsum_cyclic_product")
def _(M):
    return jnp.sum((M @ M) * M.T) + jnp.sum(M * M, axis=1) @ W3


@jx("einsum_bilinear")
def _(x):
    return (x @ C3 @ x) * jnp.sum(x * x)


@jx("einsum_gram_slogdet")
def _(X):
    return jnp.log(det3(X.T @ X))


@jx("matrix_square_det_2x2")
def _(M):
    d = M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]
    return d**2 + jnp.sum(M @ M)


@jx("pinv_tall")
def _(M):
    P = jnp.linalg.solve(M.T @ M, M.T)
    return jnp.sum(P**2)


@jx("trace_inv_diag_shift")
def _(x):
    return jnp.trace(jnp.linalg.inv(SPD4 + jnp.diag(x))) + jnp.sum(jnp.diag(SPD4) * x)


@jx("dot_method_chain")
def _(M):
    return jnp.sum((M @ M.T) @ W3) + jnp.sum(M * M)


@jx("batched_matvec_einsum")
def _(T):
    v0 = T[0] @ T[0, 0]
    v1 = T[1] @ T[1, 0]
    return jnp.sum(jnp.tanh(v0)) + jnp.sum(jnp.tanh(v1))


# ---------------------------------------------------------------- D. statistics
@jx("mvn_logpdf_cholesky_param")
def _(t):
    a, b, d = jnp.exp(t[0]), t[1], jnp.exp(t[2])
    S00, S01, S11 = a * a, a * b, b * b + d * d
    detS = S00 * S11 - S01 * S01
    r0, r1 = 1.0 - t[3], -0.5 - t[4]
    quad = (S11 * r0 * r0 - 2 * S01 * r0 * r1 + S00 * r1 * r1) / detS
    return -0.5 * (quad + 2 * (t[0] + t[2]) + 2 * jnp.log(2 * jnp.pi)) + t[5]


@jx("gaussian_mixture_loglik")
def _(p):
    x = X_reg[:, 0]
    w = 1.0 / (1.0 + jnp.exp(-p[4]))
    a = -0.5 * ((x - p[0]) / jnp.exp(p[2])) ** 2 - p[2] - 0.5 * jnp.log(2 * jnp.pi) + jnp.log(w)
    b = -0.5 * ((x - p[1]) / jnp.exp(p[3])) ** 2 - p[3] - 0.5 * jnp.log(2 * jnp.pi) + jnp.log(1 - w)
    return jnp.sum(jnp.logaddexp(a, b))


@jx("poisson_nll_gammaln")
def _(b):
    counts = jnp.array([0.0, 3.0, 1.0, 5.0, 2.0, 7.0])
    t = jnp.linspace(0, 1, 6)
    eta = b[0] + b[1] * t + b[2] * t * t
    return jnp.sum(jnp.exp(eta) - counts * eta + jss.gammaln(counts + 1.0))


@jx("student_t_loglik")
def _(nu, mu, s):
    x = X_reg[:, 1]
    z = (x - mu) / s
    n = x.shape[0]
    return n * (jss.gammaln((nu + 1) / 2) - jss.gammaln(nu / 2) - 0.5 * jnp.log(nu * jnp.pi) - jnp.log(s)) \
        - (nu + 1) / 2 * jnp.sum(jnp.log1p(z**2 / nu))


@jx("kl_gaussians_matrix")
def _(p):
    S2 = np.array([[1.0, 0.3], [0.3, 2.0]])
    S2i = c(np.linalg.inv(S2))
    d = jnp.array([0.0 - p[0], p[2] - p[1]])
    tr = S2i[0, 0] * p[3] ** 2 + S2i[1, 1] * p[4] ** 2
    return 0.5 * (tr + d @ S2i @ d - 2 + math.log(np.linalg.det(S2)) - jnp.log(p[3] ** 2 * p[4] ** 2))


@jx("kl_discrete_softmax")
def _(z):
    logq = z - lse(z, 0)
    return jnp.sum(P_target * (jnp.log(P_target) - logq))


@jx("huber_batch_where")
def _(w):
    r = X_reg @ w - y_reg
    big = np.abs(F.X_reg @ np.array([0.5, -1.0, 1.8]) - F.y_reg) > 1.0  # regimes at this point (none near 1)
    return jnp.mean(jnp.where(big, jnp.abs(r) - 0.5, 0.5 * r**2))


@jx("softmax_regression_ce")
def _(Wt):
    logits = jnp.concatenate([X_reg @ Wt.T, jnp.zeros((20, 1))], axis=1)
    cls = (F.X_reg[:, 2] > 0).astype(int) + (F.X_reg[:, 1] > 0).astype(int)
    L = logits - lse(logits, 1, True)
    return -jnp.mean(L[np.arange(20), cls])


@jx("logistic_l2_norm")
def _(w):
    z = X_reg @ w
    return jnp.mean(jnp.logaddexp(0.0, z) - y_cls * z) + 0.1 * jnp.sum(w * w)


@jx("pearson_correlation_manual")
def _(X):
    a = X[:, 0] - jnp.mean(X[:, 0])
    b = X[:, 1] - jnp.mean(X[:, 1])
    return jnp.sum(a * b) / jnp.sqrt(jnp.sum(a * a) * jnp.sum(b * b))


@jx("np_cov_trace_logdet")
def _(X):
    Xc = X - jnp.mean(X, axis=0)
    S = Xc.T @ Xc / 7.0
    return jnp.trace(S) + jnp.log(det3(S))


@jx("weighted_lsq_var_ddof")
def _(x):
    r = x - jnp.array([0.5, 1.0, 1.0, 2.0])
    return jnp.sum(r**2) / var(x, None, 1)


@jx("mse_batch_axis")
def _(yhat):
    Y = jnp.array([[1.2, 0.4, -0.3, 1.9], [0.8, 0.6, -0.6, 2.2]])
    return jnp.sum((Y - yhat) ** 2) / 8.0


@jx("binary_ce_clip_none")
def _(w):
    z = X_reg @ w
    return jnp.mean(y_cls * jnp.logaddexp(0.0, -z) + (1 - y_cls) * jnp.logaddexp(0.0, z))


@jx("statistics_fmean_variance")
def _(x):
    v = jnp.array([x[0] ** 2, x[1] * x[2], jnp.sin(x[2])])
    m = jnp.sum(v) / 3
    return m + jnp.sum((v - m) ** 2) / 2


# ---------------------------------------------------------------- E. physics
def morse(r, D=1.0, a=1.5, r0=1.0):
    return D * (1.0 - jnp.exp(-a * (r - r0))) ** 2


@jx("morse_chain_1d")
def _(x):
    return jnp.sum(morse(x[1:] - x[:-1]))


@jx("morse_cluster_broadcast")
def _(P):
    E = 0.0
    for i in range(4):
        for j in range(i + 1, 4):
            E = E + morse(jnp.sqrt(jnp.sum((P[i] - P[j]) ** 2)), 0.8, 1.2, 1.05)
    return E


def _springs(P):
    E = 0.0
    for (i, j), L, k in zip(F.EDGES, F.REST, F.KSPR):
        E = E + 0.5 * k * (jnp.sqrt(jnp.sum((P[i] - P[j]) ** 2)) - L) ** 2
    return E


JAX["harmonic_network_edges"] = _springs
JAX["springs_vectorized_norm_axis"] = _springs


@jx("pendulum_chain_energy")
def _(q):
    th, w = q[:3], q[3:]
    L = [1.0, 0.8, 0.6]
    m = [1.0, 1.5, 0.5]
    E, vx, vy, y = 0.0, 0.0, 0.0, 0.0
    for k in range(3):
        vx = vx + L[k] * jnp.cos(th[k]) * w[k]
        vy = vy + L[k] * jnp.sin(th[k]) * w[k]
        y = y - L[k] * jnp.cos(th[k])
        E = E + 0.5 * m[k] * (vx**2 + vy**2) + 9.81 * m[k] * y
    return E


@jx("gravity_nbody_newaxis")
def _(P):
    E = 0.0
    for i in range(4):
        for j in range(i + 1, 4):
            E = E - F.MASS[i] * F.MASS[j] / jnp.sqrt(jnp.sum((P[i] - P[j]) ** 2))
    return E


@jx("xy_model_roll")
def _(t):
    prev = jnp.concatenate([t[-1:], t[:-1]])
    return -jnp.sum(jnp.cos(t - prev)) - 0.3 * jnp.sum(jnp.cos(t))


@jx("van_der_waals_pressure")
def _(T, V):
    return 8.314e-2 * T / (V - 0.0427) - 3.59 / V**2


@jx("harmonic_log_partition")
def _(w):
    return -jnp.sum(jnp.log(2.0 * jnp.sinh(0.85 * w)))


@jx("bond_angle_energy")
def _(P):
    a = P[0] - P[1]
    b = P[2] - P[1]
    th = jnp.arctan2(jnp.linalg.norm(jnp.cross(a, b)), a @ b)
    return 25.0 * (th - 1.9) ** 2


@jx("inertia_tensor_rotor")
def _(R):
    I = jnp.zeros((3, 3))
    for n in range(4):
        I = I + F.MASS[n] * (jnp.sum(R[n] ** 2) * jnp.eye(3) - jnp.outer(R[n], R[n]))
    w = jnp.array([0.3, -0.2, 0.5])
    return 0.5 * w @ I @ w + det3(I) * 1e-2


@jx("yukawa_hypot")
def _(P):
    q = [1.0, -1.0, 0.5]
    E = 0.0
    for i in range(3):
        for j in range(i + 1, 3):
            r = jnp.sqrt(jnp.sum((P[i] - P[j]) ** 2))
            E = E + q[i] * q[j] * jnp.exp(-0.7 * r) / r
    return E


@jx("arrhenius_two_paths")
def _(T, Ea1, Ea2):
    R = 8.314e-3
    return 1e8 * jnp.exp(-Ea1 / (R * T)) + 5e10 * jnp.exp(-Ea2 / (R * T))


@jx("lj_ring_min_image")
def _(x):
    E = 0.0
    for i in range(4):
        for j in range(i + 1, 4):
            d0 = F.CASES_POINT_LJ[j] - F.CASES_POINT_LJ[i]
            shift = 5.0 * np.round(d0 / 5.0)
            d = x[j] - x[i] - shift
            r6 = d**-6
            E = E + 4.0 * (r6**2 - r6)
    return E


# ---------------------------------------------------------------- F. finance
def Ncdf(z):
    return 0.5 * jss.erfc(-z / SQ2)


@jx("black_scholes_put_erf")
def _(S, K, T, r, sigma):
    d1 = (jnp.log(S / K) + (r + 0.5 * sigma**2) * T) / (sigma * jnp.sqrt(T))
    d2 = d1 - sigma * jnp.sqrt(T)
    return K * jnp.exp(-r * T) * Ncdf(-d2) - S * Ncdf(-d1)


def _bs_call(S, K, T, r, sigma):
    d1 = (jnp.log(S / K) + (r + 0.5 * sigma**2) * T) / (sigma * jnp.sqrt(T))
    d2 = d1 - sigma * jnp.sqrt(T)
    return S * Ncdf(d1) - K * jnp.exp(-r * T) * Ncdf(d2)


JAX["black_scholes_call_math_erfc"] = _bs_call
JAX["black_scholes_deep_itm_short"] = _bs_call


@jx("portfolio_variance_normalized")
def _(w):
    u = w / jnp.sum(w)
    return u @ COV3 @ u


@jx("markowitz_softmax_weights")
def _(z):
    w = jnp.exp(z - lse(z, 0))
    return MU3 @ w - 1.5 * w @ COV3 @ w


@jx("realized_vol_ddof")
def _(p):
    r = jnp.log(p[1:] / p[:-1])
    return jnp.sqrt(var(r, None, 1) * 252)


@jx("bond_price_yield_curve")
def _(y):
    t = jnp.arange(1.0, 6.0)
    return jnp.sum(jnp.array([4.0, 4.0, 4.0, 4.0, 104.0]) * jnp.exp(-y * t))


@jx("sharpe_from_dataframe")
def _(w):
    P = c(F.prices_df[["A", "B"]].values)
    R = P[1:] / P[:-1] - 1.0
    R = jnp.concatenate([R, (R[:, 0] * 0.5 + 0.01)[:, None]], axis=1)
    port = R @ w
    return jnp.mean(port) / jnp.sqrt(var(port, None, 1))


# ---------------------------------------------------------------- G. Python structure
@jx("callable_class_energy")
def _(x):
    return 0.5 * x @ SPD4 @ x - W4 @ x + jnp.sum(jnp.cosh(x))


@jx("dataclass_params")
def _(x):
    return 3.0 * jnp.sum(x**2) + 0.5 * jnp.exp(jnp.array([1.0, -0.5, 0.25]) @ x)


@jx("frozen_dataclass_method")
def _(x):
    return jnp.sum((jnp.tanh(M34.T @ x + 0.1 * W4) - 0.1) ** 2)


@jx("partial_keyword_data")
def _(x):
    return jnp.sum(jnp.array([1.0, 2.0, 0.5]) * jnp.abs(x) ** 3)


@jx("closures_built_in_loop")
def _(x):
    return sum(jnp.sin(k * x[0]) * x[1] ** k for k in (1, 2, 3))


@jx("lambdas_built_in_loop")
def _(x):
    r2 = jnp.sum(x**2)
    return jnp.exp(-0.5 * r2) + jnp.exp(-1.5 * r2) + jnp.exp(-2.5 * r2)


@jx("config_dict_model")
def _(x):
    r = jnp.array([1.0, 2.0, 3.0]) * x - 0.3
    return jnp.sum(jnp.tanh(2.0 * r)) + 0.01 * jnp.sum(x * x)


@jx("pandas_series_to_numpy")
def _(p):
    t = jnp.linspace(0.0, 3.0, 8)
    y = jnp.sin(t) + 1.5
    return jnp.sum((p[0] * jnp.sin(t) + p[1] - y) ** 2)


@jx("pandas_dataframe_to_numpy_cols")
def _(beta):
    X = c(F.prices_df[["A", "B"]].values)
    mu = jnp.mean(X, axis=0)
    sd = jnp.sqrt(jnp.mean((X - mu) ** 2, axis=0))
    return jnp.sum(jnp.logaddexp(0.0, ((X - mu) / sd) @ beta))


@jx("recursive_horner_vector")
def _(x):
    return jnp.sum(1.0 - 2.0 * x + 0.5 * x**2 + 0.25 * x**3)


@jx("recursive_two_branches")
def _(x):
    f = [x, x]
    for n in range(2, 6):
        f.append(f[n - 1] * 0.5 + jnp.sin(f[n - 2]))
    return f[5]


@jx("newton_sqrt_while")
def _(a):
    x = 1.0
    for _ in range(6):
        x = 0.5 * (x + a / x)
    return x


@jx("fixed_point_cos_while")
def _(a):
    x = 0.5
    for _ in range(40):
        x = a * jnp.cos(x)
    return x


@jx("list_comprehension_pairs")
def _(x):
    W = np.array([[i + j if j > i else 0.0 for j in range(4)] for i in range(4)])
    return x @ c(W) @ x


@jx("math_fsum_terms")
def _(x, y):
    return x**2 + jnp.sin(y) + x * y


@jx("math_prod_list")
def _(x, y, z):
    return x * (y + 1) * z**2


@jx("math_dist_points")
def _(x1, y1, x2, y2):
    return ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 1.5


@jx("statistics_mean_list")
def _(x):
    return 2.0 * jnp.sum(x**2) / 3.0


@jx("polyval_variable_x")
def _(x):
    return jnp.sum(0.5 * x**3 - x**2 + 2.0 * x + 3.0)


@jx("polyval_coeffs_and_x")
def _(p):
    return (p[0] * p[3] ** 2 + p[1] * p[3] + p[2]) ** 2


def _interp(x):
    k = np.floor(np.asarray(F.CASES_POINT_INTERP_K[: x.shape[0]])).astype(int)
    slope = (FP[k + 1] - FP[k]) / (XP[k + 1] - XP[k])
    return FP[k] + slope * (x - XP[k])


@jx("interp_query_points")
def _(x):
    return jnp.sum(_interp(x) * x)


@jx("interp_then_exp")
def _(x):
    return jnp.sum(jnp.exp(_interp(x)))


@jx("scipy_erfc_expit_mix")
def _(x):
    return jnp.sum(jss.erfc(x) / (1.0 + jnp.exp(-2 * x))) + x[2] * jnp.log(x[2] + 1.0)


@jx("scipy_logsumexp_b_axis")
def _(Z):
    return jnp.sum(lse(Z + jnp.log(jnp.array([1.0, 2.0, 0.5])), 1))


@jx("scipy_special_softmax_axis1")
def _(Z):
    return jnp.sum(jnp.exp(Z - lse(Z, 1, True)) * Y43)


@jx("scipy_special_log_softmax_axis0")
def _(Z):
    return jnp.sum(Z[0] - lse(Z, 0))


@jx("scipy_ndtr_log_ndtr")
def _(x):
    return jnp.sum(Ncdf(x)) + jnp.sum(jnp.log(Ncdf(x)))


@jx("scipy_logit_digamma")
def _(x):
    return jnp.sum(jnp.log(x) - jnp.log1p(-x)) + jnp.sum(jss.digamma(x + 1.0))


@jx("scipy_betaln")
def _(a, b):
    return jss.gammaln(a) + jss.gammaln(b)


@jx("scipy_special_attr_erf")
def _(x, y):
    return jss.erf(x * y) + jss.gammaln(x + y)


@jx("functools_reduce_chain")
def _(x):
    return (x[0] * x[1] + 1.0) * x[2] + 1.0


@jx("map_lambda_sum")
def _(x):
    return jnp.sum(x**2 * jnp.exp(x))


@jx("staticmethod_classmethod")
def _(x):
    return jnp.sum((x**2 - 2.0) ** 2)


@jx("nonlocal_accumulator")
def _(x):
    return jnp.sum(jnp.sin(x) ** 2)


@jx("zip_rows_enumerate")
def _(M):
    return 1.0 * 1 * jnp.sum(M[0] ** 2) + 2.0 * 2 * jnp.sum(M[1] ** 2) + 3.0 * 3 * jnp.sum(M[2] ** 2)


@jx("dict_of_callables")
def _(x):
    return x[0] ** 2 + jnp.exp(x[1]) + jnp.sin(x[2])


@jx("power_with_array_exponent")
def _(x):
    return jnp.sum(jnp.exp(x * math.log(2.0))) + jnp.sum(jnp.exp(x * jnp.log(jnp.abs(x))))


# ---------------------------------------------------------------- H. clip / where / broadcasting
@jx("clip_upper_only")
def _(x):
    return x[0] ** 2 + 4.0 + x[2] ** 2 + 4.0


@jx("clip_lower_only")
def _(x):
    return jnp.exp(x[0]) + 1.0 + jnp.exp(x[2]) + 1.0


@jx("clip_method_min_kw")
def _(x):
    return x[0] ** 3 + (-1.0) + x[2] ** 3 + x[3] ** 3


@jx("where_chain_piecewise")
def _(x):
    return x[0] + 2 * x[1] + x[2] ** 2 - x[3] ** 3


@jx("where_safe_log")
def _(x):
    return jnp.log(x[0]) + jnp.log(x[2]) + jnp.sum(x**2)


@jx("select_three_regimes")
def _(x):
    return jnp.sin(x[0]) + x[1] ** 2 + jnp.exp(x[2]) + jnp.sin(x[3])


@jx("relu_mlp_maximum")
def _(x):
    pre = M34.T @ x[:3] + x[3]
    return pre[2] ** 2  # only unit 2 is active here (pre-activations -3.42, -3.41, 2.14, -0.084)


@jx("smooth_l1_where")
def _(r):
    return 0.5 * r[0] ** 2 + 0.5 * r[1] ** 2 + (r[2] - 0.5) + (r[3] - 0.5)


@jx("rbf_kernel_ridge_inputs")
def _(X):
    D2 = jnp.stack([jnp.sum((X - X[i]) ** 2, axis=1) for i in range(4)])
    K = jnp.exp(-0.5 * D2)
    y = jnp.array([1.0, -0.5, 0.3, 0.8])
    return y @ jnp.linalg.solve(K + 0.1 * jnp.eye(4), y)


@jx("broadcast_outer_newaxis")
def _(x):
    O = jnp.outer(x, x) + jnp.tile(x, (3, 1))
    return jnp.sum(O**2)


@jx("zscore_broadcast")
def _(X):
    mu = jnp.mean(X, axis=0)
    sd = jnp.sqrt(jnp.mean((X - mu) ** 2, axis=0))
    Zs = (X - mu) / sd
    return jnp.sum(Zs[:, 0] * Zs[:, 1]) / 6.0


@jx("expand_dims_broadcast_to")
def _(x):
    return x @ jnp.sum(Z43, axis=0) + x @ jnp.sum(M34, axis=1)


@jx("stack_concatenate_axis1")
def _(x):
    return jnp.sum(W4[0] * x + W4[1] * x**2 + W4[2] * jnp.sin(x) + W4[3] * 2 * x)


# ---------------------------------------------------------------- I. tricky but smooth
@jx("var_large_offset")
def _(x):
    d = x - 1.0e5
    m = jnp.mean(d)
    return jnp.mean((d - m) ** 2) + jnp.sqrt(jnp.sum((d - m) ** 2) / 2)


@jx("log_norm_huge")
def _(x):
    s = x / 1.0e5
    return jnp.log(1.0e5) + 0.5 * jnp.log(jnp.sum(s**2)) + jnp.sum(jnp.log(jnp.abs(x)))


@jx("norm_ord1_and_3_tiny")
def _(x):
    return jnp.sum(jnp.abs(x)) + jnp.sum(jnp.abs(x) ** 3) ** (1 / 3)


@jx("hypot_tiny")
def _(x, y):
    return 1e-5 * jnp.sqrt((x * 1e5) ** 2 + (y * 1e5) ** 2) + x * y * 1e5


@jx("softmax_large_logits")
def _(z):
    p = jnp.exp(z - lse(z, 0))
    return p @ jnp.array([1.0, 2.0, 3.0])


@jx("diff_squares_large_offset")
def _(x):
    return jnp.sum((x[1:] - x[:-1]) ** 2)


@jx("expm1_user_formula")
def _(x):
    return jnp.sum(jnp.expm1(x)) * 1e6


@jx("hilbert_solve")
def _(b):
    Hinv = c(scipy.linalg.invhilbert(5, exact=True).astype(float))  # exact integers
    return jnp.sum(Hinv @ b)


@jx("near_singular_det_logdet")
def _(M):
    a, b, cc, d = M[0, 0], M[0, 1], M[1, 0], M[1, 1]
    eps = 1e-6
    return jnp.log((a * d - b * cc) ** 2 + eps * (a * a + b * b + cc * cc + d * d) + eps * eps)


@jx("exp_of_tiny_scaled")
def _(x):
    return jnp.sum(jnp.exp(x * 1e-5)) + jnp.sum(jnp.cos(x * 1e-4))


@jx("sigmoid_at_30")
def _(x):
    return 1.0 / (1.0 + jnp.exp(-x))


# ---------------------------------------------------------------- J. numpy 2, ufunc methods, math
def _sd(x, ddof):
    return jnp.sqrt(jnp.sum((x - jnp.mean(x)) ** 2) / (x.size - ddof))


@jx("std_correction_kw")
def _(x):
    return _sd(x, 1) + jnp.sum((x - jnp.mean(x)) ** 2) / 3.0


@jx("var_with_mean_kw")
def _(M):
    m = jnp.sum(M, axis=1) / 4
    return jnp.sum(jnp.sum((M - m[:, None]) ** 2, axis=1) / 3.0)


@jx("sum_where_mask")
def _(x):
    return x[0] ** 2 + x[2] ** 2 + x[3] ** 2 + (jnp.exp(x[0]) + jnp.exp(x[2]) + jnp.exp(x[3])) / 3.0


@jx("max_where_initial")
def _(x):
    # masked entries 0.4, 0.8, -0.6: cubes 0.064, 0.512, -0.216 > -10; max is x[2]**3
    return x[2] ** 3 + (x[1] + 3.0) * (x[3] + 3.0)


@jx("cumsum_2d_flattens")
def _(M):
    f = M.reshape(-1)
    tot, run = 0.0, 0.0
    for k in range(12):
        run = run + f[k]
        tot = tot + run**2
    return 0.1 * tot


@jx("cumprod_2d_flattens")
def _(M):
    f = M.reshape(-1)
    tot, run = 0.0, 1.0
    for k in range(12):
        run = run * f[k]
        if k >= 8:
            tot = tot + run
    return tot


@jx("diff_prepend_append")
def _(x):
    y = jnp.concatenate([jnp.zeros(1), x, jnp.ones(1)])
    return jnp.sum((y[1:] - y[:-1]) ** 2)


@jx("linalg_vector_norm_axis")
def _(M):
    return jnp.sum(jnp.sum(jnp.abs(M) ** 3, axis=1) ** (1 / 3)) + jnp.sqrt(jnp.sum(M**2))


@jx("linalg_matrix_norm_ords")
def _(M):
    return jnp.sqrt(jnp.sum(M**2)) + jnp.sum(jnp.abs(M[:, 1]))  # column abs sums 2.3, 3.1, 2.9


@jx("vecdot_rows")
def _(M):
    return jnp.sum(jnp.sum(M * M[::-1], axis=1) ** 2) + jnp.sum(M * M34)


@jx("batched_det_inv_slogdet")
def _(T):
    out = 0.0
    for b in range(2):
        d = det3(T[b])
        out = out + d + jnp.linalg.solve(T[b], jnp.eye(3))[0, 1] + jnp.log(jnp.abs(d))
    return out


@jx("np_dot_3d_semantics")
def _(T):
    B = jnp.arange(1.0, 9.0).reshape(4, 2)
    first = jnp.einsum("abk,kc->abc", T, B)
    second = jnp.einsum("abk,ck->abc", T, T[0])
    return jnp.sum(first**2) + jnp.sum(second**2) * 0.1


@jx("outer_of_matrix_flattens")
def _(M):
    f = M.reshape(-1)
    return jnp.sum(f**2) * jnp.sum(W3**2) + jnp.sum(f[:12] * f[:12])


@jx("kron_matrices_rect")
def _(M):
    r = jnp.array([1.0, 2.0, 0.5])
    K = jnp.concatenate([jnp.concatenate([M[i, j] * r for j in range(2)])[None, :] for i in range(2)], axis=0)
    return jnp.sum(K * jnp.arange(12.0).reshape(2, 6)) + jnp.sum(M**2) ** 2


@jx("einsum_ellipsis_optimize")
def _(T):
    G = jnp.stack([T[b] @ T[b].T for b in range(2)])
    return jnp.sum(G**2) + jnp.sum(T)


@jx("tensordot_axes0_and_int")
def _(T):
    return jnp.sum(T[0, 0] ** 2) * jnp.sum(T[1, 1] ** 2) + jnp.sum(T @ W4)


@jx("trace_axis_args_3d")
def _(T):
    tr = T[0, 0] + T[1, 1] + T[2, 2]
    tr1 = T[0, 1] + T[1, 2]
    return jnp.sum(tr**2) + jnp.sum(tr1)


@jx("diagonal_offsets")
def _(M):
    return M[1, 0] ** 2 + M[2, 1] ** 2 + 3.0 * (M[0, 1] + M[1, 2]) + M[0, 0] + M[1, 1] + M[2, 2]


@jx("ufunc_reduce_accumulate")
def _(x):
    acc, tot = 1.0, 0.0
    for k in range(5):
        acc = acc * (x[k] + 2.0)
        tot = tot + acc
    return jnp.sum(x**2) + tot + x[3]  # x[3] = 2.1 is the largest


@jx("ufunc_outer_methods")
def _(x):
    n = 5
    return 2 * n * jnp.sum(x**2) - 2 * jnp.sum(x) ** 2 + jnp.sum(x) * jnp.sum(W3)


@jx("transpose_moveaxis_swapaxes")
def _(T):
    A1 = T[:, :, 1]  # transpose (2,0,1): A[1] = T[:, :, 1] -> shape (2, 3)
    B0T = T[0].T  # B = moveaxis(T,0,-1) (3,4,2); B[:,:,0] = T[0] (3,4); .T (4,3); [None, 0] -> row 0: T[0][:, 0] (3,)
    part1 = jnp.sum(A1 * B0T[0][None, :])
    part2 = jnp.sum(T[:, 1, :] ** 2)  # swapaxes(T,0,2) (4,3,2); [:,1,:] = T[:,1,:].T
    part3 = 2.0 * jnp.sum(T[:, :, 0])  # T.T (4,3,2); [0] = T[:, :, 0].T
    return part1 + part2 + part3


@jx("flip_rot90_slices")
def _(M):
    return jnp.sum(M[:, ::-1] * M34) + jnp.sum(M[:, -1]) + jnp.sum(M[::-1, ::2] ** 2)


@jx("triu_tril_batched")
def _(T):
    i, j = np.indices((3, 3))
    up = c((j >= i - 1).astype(float))
    lo = c((j <= i + 1).astype(float))
    return jnp.sum((T * up) ** 2) + jnp.sum(T * lo * 2.0)


@jx("take_and_along_axis")
def _(x):
    return x[4] ** 3 + x[0] ** 3 + 2 * x[2] ** 3 + x[1] + x[3] ** 2


@jx("ellipsis_newaxis_indexing")
def _(M):
    return jnp.sum(jnp.sum(M, axis=1) * M[:, 1]) + jnp.sum(M[:, -1] ** 2)


@jx("np_gradient_smoothness")
def _(y):
    h = 0.5
    inner = (y[2:] - y[:-2]) / (2 * h)
    g0 = (y[1] - y[0]) / h
    gn = (y[-1] - y[-2]) / h
    return g0**2 + jnp.sum(inner**2) + gn**2


@jx("trapezoid_dx_and_convolve_valid")
def _(y):
    z = y**2
    trap = 0.2 * (jnp.sum(z) - 0.5 * (z[0] + z[-1]))
    conv = 0.25 * y[:-2] + 0.5 * y[1:-1] + 0.25 * y[2:]
    return trap + jnp.sum(conv**2)


@jx("scipy_rel_entr_kl")
def _(p):
    r = p * jnp.log(p / P_target)
    return jnp.sum(r) + jnp.sum(r - p + P_target)


@jx("scipy_entr_xlog1py")
def _(p):
    return -jnp.sum(p * jnp.log(p)) + jnp.sum(p * jnp.log1p(p))


@jx("scipy_softplus_log_expit")
def _(x):
    return jnp.sum(jnp.logaddexp(0.0, x)) - jnp.sum(jnp.logaddexp(0.0, -x))


@jx("logsumexp_tuple_axis_return_sign")
def _(Z):
    return lse(Z.reshape(-1), 0) + jnp.sum(lse(Z, 0))


@jx("math_log_with_base")
def _(x, y):
    return jnp.log(x) / math.log(2) + jnp.log(x * y) / math.log(10.0) + jnp.log(y) / math.log(2) + jnp.log(x) / math.log(10)


@jx("math_hypot_three_args")
def _(x, y, z):
    return x**2 + y**2 + z**2 + jnp.sqrt(x**2 + y**2)


@jx("math_gamma_lgamma")
def _(x, y):
    return jss.gammaln(x) + jnp.exp(jss.gammaln(x + y)) + jss.erfc(y)


@jx("math_cbrt_exp2_pow")
def _(x, y):
    return x ** (1 / 3) + jnp.exp(y * math.log(2)) + jnp.exp(y * jnp.log(x)) + x**3 + jnp.exp(x * jnp.log(y))


@jx("math_radians_degrees_misc")
def _(x, y):
    return jnp.sin(x * 30 * math.pi / 180) + y * 180 / math.pi / 57.0 + jnp.log1p(y) + jnp.expm1(x)


@jx("builtin_sum_start_abs_pow")
def _(x):
    return (1.0 + jnp.sum(x)) ** 2 + jnp.sum(jnp.abs(x)) + jnp.sum(x * x)


@jx("cosine_similarity_matrix")
def _(X):
    U = X / jnp.sqrt(jnp.sum(X**2, axis=1))[:, None]
    S = U @ U.T
    i, j = np.triu_indices(5, 1)
    return jnp.sum(S[i, j] ** 2)


@jx("np_misc_ufuncs")
def _(x):
    return jnp.sum(x * x + 1.0 / (x + 3.0) - x * x) + jnp.sum(x) / 2.0


@jx("matrix_power_negative")
def _(M):
    d = M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]
    Mi = jnp.array([[M[1, 1], -M[0, 1]], [-M[1, 0], M[0, 0]]]) / d
    return jnp.sum(Mi @ Mi) + 2.0


@jx("clip_array_bounds")
def _(x):
    # x = [0.4, -1.3, 0.8, 2.1, -0.6]; clip to [lo, hi]: [0.4, -1.0, 1.0, 2.1, -0.6]
    first = x[0] ** 2 + 1.0 + 1.0 + x[3] ** 2 + x[4] ** 2
    # clip to lo only: [0.4, -1.0, 1.0, 2.1, -0.6]
    second = 0.5 * (x[0] + (-1.0) + 1.0 + x[3] + x[4])
    return first + second


@jx("prod_axis_tuple_mean_axis_tuple")
def _(T):
    A = 1.0 + 0.1 * T
    p = A[0, :, 0]
    for k in range(1, 4):
        p = p * A[0, :, k]
    for k in range(4):
        p = p * A[1, :, k]
    return jnp.sum(p) + jnp.sum(jnp.sum(T**2, axis=(0, 1)) / 6.0)


@jx("average_returned_tuple")
def _(M):
    w = jnp.array([1.0, 2.0, 3.0, 4.0])
    a = (w @ M) / 10.0
    return jnp.sum(a**2 * 10.0)


@jx("nanmean_nanstd_clean")
def _(x):
    return jnp.mean(x**2) + _sd(x, 1)


@jx("std_axis_neg1_ddof2_keepdims")
def _(M):
    m = jnp.mean(M, axis=1)
    s = jnp.sqrt(jnp.sum((M - m[:, None]) ** 2, axis=1) / 2.0)
    return jnp.sum(M / s[:, None])


# ---------------------------------------------------------------- K. scalars in lists, data changes, in-place
@jx("norm_of_list_of_scalars")
def _(x, y):
    return x + (x * x + y * y) ** 1.5


@jx("std_of_list_of_scalars")
def _(x, y, z):
    m = (x + y + z) / 3
    ss = (x - m) ** 2 + (y - m) ** 2 + (z - m) ** 2
    return x * y + jnp.sqrt(ss / 3) + ss / 2


@jx("max_mean_of_list_of_scalars")
def _(x, y, z):
    return x + z * (x + y + z) / 3 + 2 * y  # max is z = 2.2, min of (0.6, -2.6, 2.2) is 2y


@jx("sum_of_array_of_scalars")
def _(x, y):
    return x * (3 * y + y**2) + 3.0 * x * y


@jx("dot_of_built_vectors")
def _(x, y, z):
    return z + (x + 2 * y + 3 * z) * (x * x + y * y + z * z)


@jx("logsumexp_of_scalars")
def _(x, y, z):
    return x + jnp.log(jnp.exp(x) + jnp.exp(y) + jnp.exp(z)) + jnp.log(jnp.exp(y) + 2.0 * jnp.exp(z))


@jx("first_times_total")
def _(x):
    return x[0] * jnp.sum(x) + jnp.sum(x) / 3 * x[1] + 3 * x[2]


@jx("first_times_max_norm")
def _(x):
    m = jnp.mean(x)
    return x[0] * x[2] + x[1] * jnp.sqrt(jnp.sum(x * x)) + jnp.sqrt(jnp.sum((x - m) ** 2) / 3) * x[2]


@jx("stack_scalars_matrix_det")
def _(x, y):
    a, b, cc, d = x, 1.0, y, 2.0 + x * y
    return a * d - b * cc + (a * a + 2 * b * cc + d * d)


@jx("cumsum_of_scalars")
def _(x, y):
    return x + (x + y + x * y) ** 2 + (3.0 - x)


@jx("inplace_arith_intermediate")
def _(x):
    return jnp.sum(((x + x**2) * 1.5 - jnp.sin(x)) ** 2)


@jx("ufunc_out_buffer")
def _(x):
    return jnp.sum(x * x) + jnp.sum(jnp.exp(x))


@jx("copy_then_setitem_slice")
def _(x):
    return 1.0 + 2 * x[0] ** 2 + 3 * x[1] ** 2 + 4 * x[2] ** 2


def _spring2(x):
    return 0.5 * F.SPRING.k * jnp.sum((x - c(F.SPRING.x0)) ** 2) + jnp.sum(jnp.sin(x))


for _n in ("mutated_dataclass_field_before", "mutated_dataclass_field_after", "mutated_dataclass_array_after"):
    JAX[_n] = _spring2


def _nested(x, y):
    m = F.NESTED["model"]
    return m["scale"] * (m["coef"][0] * x**2 + m["coef"][1] * x * y) + jnp.exp(y)


JAX["nested_config_before"] = _nested
JAX["nested_config_list_item_after"] = _nested


def _series(w):
    return jnp.sum((c(F.SER.to_numpy()) * w) ** 2) + jnp.sum(jnp.cos(w))


JAX["series_inplace_before"] = _series
JAX["series_inplace_after"] = _series


def _partial(x):
    return jnp.sum(c(F._PART_W) * jnp.abs(x) ** 2)


JAX["partial_array_before"] = _partial
JAX["partial_array_inplace_after"] = _partial


def _callable(x):
    return 0.5 * x @ SPD4 @ x - c(F._CALLABLE.b) @ x + jnp.sum(jnp.cosh(x))


JAX["callable_state_before"] = _callable
JAX["callable_state_replaced_after"] = _callable


# ---------------------------------------------------------------- L. data types
W32v = c(F.W32.astype(np.float64))  # the float32 values exactly, widened
W16v = c(F.W16.astype(np.float64))
C32v = float(np.float64(F.C32))
IMG_WRAP = c((F.IMG.astype(np.int64) - 128) % 256)  # numpy's uint8 arithmetic wraps
I8_WRAP = c(((F.I8.astype(np.int64) * 2 + 128) % 256) - 128)  # int8 arithmetic wraps


@jx("float32_weights")
def _(x):
    return jnp.sum((W32v * x) ** 2) + C32v * jnp.sum(x)


@jx("float16_weights_ufunc")
def _(x):
    return jnp.sum((W16v * x) ** 2) + W16v @ jnp.exp(x)


@jx("uint8_image_wraps_operator")
def _(x):
    return jnp.sum((IMG_WRAP @ x) * 1e-3)


@jx("uint8_image_ufunc_subtract")
def _(x):
    return jnp.sum(jnp.tanh((IMG_WRAP @ x) * 1e-3))


@jx("int8_data_doubling")
def _(x):
    return jnp.sum(I8_WRAP * x) * 0.01 + jnp.sum(x**2)


@jx("uint8_image_astype_float")
def _(x):
    return jnp.sum(jnp.tanh((c(F.IMG.astype(float)) / 255.0) @ x))


@jx("fraction_constants")
def _(x, y):
    return x**2 / 3.0 + 2.0 / 7.0 * x * y + jnp.exp(y / 3.0)


@jx("float32_point")
def _(x):
    return jnp.sum(jnp.sin(x) * x) + x @ C3 @ x


@jx("float32_scalars_dict")
def _(x, y):
    return x * jnp.exp(-y) + jnp.log(y) * x**2


@jx("monte_carlo_seeded_inside")
def _(mu, log_sigma):
    eps = c(np.random.default_rng(0).normal(size=2000))
    z = mu + jnp.exp(log_sigma) * eps
    return jnp.mean(z**2 + jnp.sin(z))


@jx("int_data_prod_overflow_free")
def _(x):
    return (3 * x[0] ** 2 + 5 * x[1] ** 2 + 7 * x[2] ** 2) / 15.0 + 105 * 1e-3 * jnp.sum(x)


@jx("bool_mask_arithmetic")
def _(x):
    return x[0] ** 2 + x[2] ** 2 + jnp.exp(x[1]) + x[0] + x[2]
