"""Round 2 of the user corpus: functions written the way gradlab's users write them.

Heavier on arrays than round 1: vector and matrix variables, reductions along axes (negative
and tuple axes, keepdims), every np.linalg.norm ord, std/var with ddof, cumsum/cumprod/diff
with axis, clip with None bounds, where chains, broadcasting, einsum/tensordot/outer/kron,
the variable on both sides of @, det/inv/solve/slogdet, softmax along either axis, batched
losses, physics, statistics, finance, and Python structure (classes with __call__,
dataclasses, partials, closures built in loops, config dicts, pandas, recursion, fixed-count
while loops, math.fsum/prod/dist, statistics, polyval, interp, scipy.special).

Every entry of CASES is (name, f, point). Points are smooth (no ties, kinks or zero norms)
except the "tricky but smooth" section (huge/tiny magnitudes, cancellation).
"""

import dataclasses
import functools
import math
import statistics

import numpy as np
import pandas as pd
import scipy.special
from numpy.linalg import det, inv, norm, slogdet, solve
from scipy.special import erf, erfc, expit, gammaln, logsumexp, xlogy

CASES = []
BEFORE = {}


def add(name, f, point):
    CASES.append((name, f, point))
    return f


def case(point, name=None):
    def deco(f):
        add(name or f.__name__, f, point)
        return f

    return deco


rng = np.random.default_rng(2026)
Z43 = rng.normal(size=(4, 3))
LABELS = np.array([0, 2, 1, 2])
Y43 = np.eye(3)[LABELS]
W3 = np.array([0.5, -1.0, 2.0])
W4 = np.array([1.0, 0.3, -0.7, 0.2])
_B = rng.normal(size=(4, 4))
SPD4 = _B @ _B.T + 4.0 * np.eye(4)
C3 = np.array([[2.0, 0.3, 0.1], [0.3, 1.5, -0.2], [0.1, -0.2, 1.0]])
M34 = rng.normal(size=(3, 4))
M33 = np.array([[1.2, -0.4, 0.7], [0.3, 2.1, -0.5], [-0.8, 0.6, 1.7]])
T234 = rng.normal(size=(2, 3, 4)) + 0.1 * np.arange(24).reshape(2, 3, 4)
X_reg = rng.normal(size=(20, 3))
y_reg = X_reg @ np.array([0.5, -1.5, 2.0]) + 0.2 * rng.normal(size=20)
y_cls = (X_reg[:, 0] - X_reg[:, 1] > 0).astype(float)
P_target = np.array([0.1, 0.2, 0.3, 0.4])
XP = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
FP = np.array([0.0, 0.8, 0.9, 0.1, -0.6])
EDGES = [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)]
REST = np.array([1.0, 1.2, 0.9, 1.1, 1.5])
KSPR = np.array([3.0, 2.0, 4.0, 1.0, 0.5])
MASS = np.array([1.0, 2.0, 1.5, 0.7])
CONFIG = {"alpha": 0.3, "beta": 2.0, "weights": np.array([1.0, 2.0, 3.0]), "reg": {"l2": 0.01}}
prices_df = pd.DataFrame({"A": [100.0, 101.5, 99.8, 102.3, 103.0], "B": [50.0, 49.2, 50.7, 51.1, 50.4]})
signal_s = pd.Series(np.sin(np.linspace(0.0, 3.0, 8)) + 1.5, name="signal")
COV3 = np.array([[0.04, 0.01, 0.004], [0.01, 0.09, -0.006], [0.004, -0.006, 0.0225]])
MU3 = np.array([0.05, 0.09, 0.06])
HILB5 = 1.0 / (np.arange(5)[:, None] + np.arange(5)[None, :] + 1.0)

# ======================================================================================
# A. reductions along axes
# ======================================================================================


@case(Z43.copy())
def log_softmax_rows_nll(Z):
    m = Z.max(axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(Z - m), axis=1, keepdims=True))
    return -np.sum(Y43 * (Z - lse)) / Z.shape[0]


@case(Z43.copy())
def softmax_columns_axis0(Z):
    e = np.exp(Z)
    P = e / e.sum(axis=0, keepdims=True)
    return np.sum(P * Z43**2)


@case(Z43.copy())
def log_softmax_axis_neg1_logsumexp(Z):
    L = Z - logsumexp(Z, axis=-1, keepdims=True)
    return np.sum(L[:, 0]) + 0.5 * np.sum(L**2)


@case(M34.copy())
def std_ddof1_rows(M):
    return np.std(M, axis=1, ddof=1).sum()


@case(T234.copy())
def var_ddof1_tuple_axes(T):
    v = np.var(T, axis=(0, 2), ddof=1)
    return v @ W3


@case(M34.T.copy())
def standardize_columns_skew(M):
    Zs = (M - M.mean(axis=0, keepdims=True)) / M.std(axis=0, ddof=1, keepdims=True)
    return np.sum(Zs**3 @ W3)


@case(T234.copy())
def center_tuple_axes_keepdims(T):
    c = T - T.mean(axis=(1, 2), keepdims=True)
    return np.sum(c**2 * np.cos(T))


@case(T234.copy())
def sum_axis_neg2_squared(T):
    return np.sum(np.sum(T, axis=-2) ** 2) / 10.0


@case(0.3 * M34)
def cumsum_axis1_hazard(M):
    return np.exp(-np.cumsum(M**2, axis=1)).sum()


@case(np.array([0.1, 0.25, 0.05, 0.3, 0.2]))
def cumprod_survival(h):
    S = np.cumprod(1.0 - h)
    return np.sum(S) + S[-1]


@case(1.0 + 0.2 * M34)
def cumprod_axis0_last_row(M):
    return np.cumprod(M, axis=0)[-1] @ W4


@case(np.array([[0.1, 0.5], [0.4, -0.2], [1.1, 0.3], [1.5, 1.0], [2.2, 0.8]]))
def diff_second_order_axis0(M):
    return np.sum(np.diff(M, n=2, axis=0) ** 2) + np.sum(np.diff(M, axis=-1))


@case(np.array([0.3, 1.1, 0.7, 1.9, 1.2, 2.5]))
def smooth_total_variation(x):
    d = np.diff(x)
    return np.sum(np.sqrt(d * d + 1e-2)) + 0.5 * np.sum((x - 1.0) ** 2)


@case(Z43.copy())
def max_keepdims_shift_exp(Z):
    return np.exp(Z - Z.max(axis=1, keepdims=True)).sum()


@case(1.0 + 0.3 * M34)
def prod_keepdims_leave_one_out(M):
    return np.sum(np.prod(M, axis=-1, keepdims=True) / M)


@case(M34.copy())
def min_axis0_weighted(M):
    return np.min(M, axis=0) @ W4 + np.amax(M, axis=1).sum()


@case(np.array([2.1, 2.5, 1.8, 2.9, 2.2, 2.6]))
def t_statistic(x):
    n = len(x)
    return (x.mean() - 2.0) / (x.std(ddof=1) / np.sqrt(n))


@case(M34.copy())
def average_weighted_axis0(M):
    return np.sum(np.average(M, axis=0, weights=np.array([1.0, 2.0, 3.0])) ** 2)


@case(rng.normal(size=(3, 3, 2)))
def einsum_batched_trace(T):
    return np.sum(np.einsum("iij->j", T) ** 2) + np.einsum("ijk,ijk->", T, T)


@case(M34.copy())
def methods_chain_axes(M):
    return (M.var(axis=0, ddof=1) * M.sum(axis=0)).sum() + M.T.mean(axis=-1).prod()


# ======================================================================================
# B. np.linalg.norm with every ord and axis
# ======================================================================================


@case(np.array([0.5, -1.2, 2.0, 0.3]))
def norm_ord_half(x):
    return norm(x, ord=0.5)


@case(np.array([0.5, -1.2, 2.0, 0.3]))
def norm_ord_minus2(x):
    return np.linalg.norm(x, ord=-2)


@case(np.array([0.5, -1.2, 2.0, 0.3]))
def norm_ord_minus1(x):
    return np.linalg.norm(x, -1) * 3.0


@case(np.array([0.5, -1.2, 2.0, 0.3]))
def norm_ord0_count(x):
    return np.linalg.norm(x, 0) * np.sum(x**2)


@case(M34.copy())
def norm_rows_ord4(M):
    return np.sum(np.linalg.norm(M, ord=4, axis=1))


@case(M34.copy())
def norm_cols_inf_axis0(M):
    return np.linalg.norm(M, ord=np.inf, axis=0) @ W4


@case(M34.copy())
def norm_rows_minus_inf(M):
    return np.sum(np.linalg.norm(M, -np.inf, axis=1) ** 2)


@case(M34.copy())
def normalize_rows_l1_keepdims(M):
    U = M / np.linalg.norm(M, ord=1, axis=1, keepdims=True)
    return np.sum(U * M34[::-1])


@case(M33.copy())
def norm_matrix_spectral(M):
    return np.linalg.norm(M, 2)


@case(M33.copy())
def norm_matrix_minus2(M):
    return np.linalg.norm(M, -2)


@case(M33.copy())
def norm_matrix_minus1(M):
    return np.linalg.norm(M, -1)


@case(M33.copy())
def norm_matrix_inf(M):
    return np.linalg.norm(M, np.inf) + np.linalg.norm(M, -np.inf)


@case(T234.copy())
def norm_fro_batch_axis12(T):
    return np.sum(np.linalg.norm(T, "fro", axis=(1, 2)) ** 3)


@case(rng.normal(size=(2, 3, 3)))
def norm_nuclear_batch(T):
    return np.sum(np.linalg.norm(T, "nuc", axis=(-2, -1)))


@case(M34.copy())
def norm_default_axis0(M):
    return np.sum(np.log(norm(M, axis=0)))


@case(np.array([0.5, -1.2, 2.0, 0.3]))
def norm_ord3_keepdims_vector(x):
    n = np.linalg.norm(x, 3, axis=0, keepdims=True)
    return np.sum(x / n)


@case(T234.copy())
def norm_3d_axis_neg1_ord1(T):
    return np.sum(np.sqrt(np.linalg.norm(T, ord=1, axis=-1)))


@case(M34.copy())
def norm_matrix_axis_swapped(M):
    return np.linalg.norm(M, ord=1, axis=(1, 0)) + np.linalg.norm(M, ord="fro", axis=(1, 0))


@case(M34.copy())
def norm_ord2_axis_tuple_rect(M):
    return np.linalg.norm(M, ord=2, axis=(0, 1)) ** 2


# ======================================================================================
# C. linear algebra, the variable on both sides
# ======================================================================================


@case(np.array([0.4, -0.3, 1.2, 0.8]))
def quad_form_and_self_dot(x):
    return x @ SPD4 @ x + (x @ x) ** 2


@case(M33.copy())
def trace_cube(M):
    return np.trace(M @ M @ M)


@case(M34.copy())
def gram_logdet(M):
    sign, ld = np.linalg.slogdet(M @ M.T)
    return ld


@case(M33.copy())
def det_M_Mt_plus_I(M):
    return det(M @ M.T + np.eye(3))


@case(M33.copy())
def inv_quadratic(M):
    return W3 @ inv(M) @ np.array([1.0, 0.5, -0.5])


@case(M33.copy())
def solve_self_rhs(M):
    return np.sum(solve(M + 2.0 * np.eye(3), M @ W3))


@case(M33.copy())
def slogdet_sign_times_exp(M):
    s, ld = slogdet(M)
    return s * np.exp(ld) + np.trace(inv(M))


@case(M33.copy())
def solve_matrix_rhs(M):
    X = np.linalg.solve(C3, M)
    return np.sum(X * M)


@case(np.array([0.3, -0.6, 1.1]))
def kron_self_quadratic(x):
    k = np.kron(x, x)
    return k @ np.kron(C3, C3) @ k


@case(np.array([0.3, -0.6, 1.1]))
def outer_minus_identity_fro(x):
    return np.sum((np.outer(x, x) - np.eye(3)) ** 2)


@case(M33.copy())
def inner_vdot_mix(M):
    return np.inner(M[0], M @ M[1]) + np.vdot(M, M.T) + np.inner(M, M).sum()


@case(T234.copy())
def tensordot_self_contract(T):
    G = np.tensordot(T, T, axes=([1, 2], [1, 2]))
    return np.trace(G) + G[0, 1]


@case(M33.copy())
def einsum_cyclic_product(M):
    return np.einsum("ij,jk,ki->", M, M, M) + np.einsum("ij,ij->i", M, M) @ W3


@case(np.array([0.3, -0.6, 1.1]))
def einsum_bilinear(x):
    return np.einsum("i,ij,j->", x, C3, x) * np.einsum("i,i", x, x)


@case(X_reg[:6].copy())
def einsum_gram_slogdet(X):
    G = np.einsum("bi,bj->ij", X, X)
    return np.linalg.slogdet(G)[1]


@case(np.array([[1.5, 0.4], [-0.3, 0.9]]))
def matrix_square_det_2x2(M):
    return np.linalg.det(M @ M) + np.sum(M @ M)


@case(rng.normal(size=(5, 3)))
def pinv_tall(M):
    return np.sum(np.linalg.pinv(M) ** 2)


@case(np.array([0.5, 1.0, 1.5, 2.0]))
def trace_inv_diag_shift(x):
    return np.trace(inv(SPD4 + np.diag(x))) + np.sum(np.diagonal(SPD4 * x))


@case(M34.copy())
def dot_method_chain(M):
    return M.dot(M.T).dot(W3).sum() + M.T.dot(M).trace()


@case(rng.normal(size=(2, 3, 3)))
def batched_matvec_einsum(T):
    v = np.einsum("bij,bj->bi", T, T[:, 0, :])
    return np.sum(np.tanh(v))


# ======================================================================================
# D. statistics, losses
# ======================================================================================


@case(np.array([1.0, 0.2, 0.3, -0.1, 0.0, 0.4]))
def mvn_logpdf_cholesky_param(theta):
    L = np.array([[np.exp(theta[0]), 0.0], [theta[1], np.exp(theta[2])]])
    S = L @ L.T
    mu = theta[3:5]
    r = np.array([1.0, -0.5]) - mu
    sign, ld = np.linalg.slogdet(S)
    return -0.5 * (r @ np.linalg.solve(S, r) + ld + 2 * np.log(2 * np.pi)) + theta[5]


@case(np.array([0.0, 1.5, -0.2, 0.3, 0.5]))
def gaussian_mixture_loglik(p):
    mu = p[:2]
    logsig = p[2:4]
    w = expit(p[4])
    x = X_reg[:, 0]
    comp = -0.5 * ((x[:, None] - mu[None, :]) / np.exp(logsig)) ** 2 - logsig - 0.5 * np.log(2 * np.pi)
    lw = np.log(np.array([w, 1.0 - w]))
    return logsumexp(comp + lw, axis=1).sum()


@case(np.array([0.2, -0.4, 0.1]))
def poisson_nll_gammaln(b):
    counts = np.array([0.0, 3.0, 1.0, 5.0, 2.0, 7.0])
    X = np.stack([np.ones(6), np.linspace(0, 1, 6), np.linspace(0, 1, 6) ** 2], axis=1)
    eta = X @ b
    return np.sum(np.exp(eta) - counts * eta + gammaln(counts + 1.0))


@case({"nu": 4.5, "mu": 0.3, "s": 1.2})
def student_t_loglik(nu, mu, s):
    x = X_reg[:, 1]
    z = (x - mu) / s
    return np.sum(gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * np.log(nu * np.pi) - np.log(s)
                  - (nu + 1) / 2 * np.log1p(z**2 / nu))


@case(np.array([0.3, 0.1, -0.2, 1.2, 0.8]))
def kl_gaussians_matrix(p):
    m1 = p[:2]
    S1 = np.diag(p[3:5] ** 2)
    S2 = np.array([[1.0, 0.3], [0.3, 2.0]])
    m2 = np.array([0.0, p[2]])
    d = m2 - m1
    return 0.5 * (np.trace(inv(S2) @ S1) + d @ solve(S2, d) - 2 + np.log(det(S2) / det(S1)))


@case(np.array([0.3, -0.5, 1.2, 0.1]))
def kl_discrete_softmax(z):
    q = np.exp(z) / np.sum(np.exp(z))
    return np.sum(P_target * np.log(P_target / q))


@case(np.array([0.5, -1.0, 1.8]))
def huber_batch_where(w):
    r = X_reg @ w - y_reg
    d = 1.0
    return np.mean(np.where(np.abs(r) <= d, 0.5 * r**2, d * (np.abs(r) - 0.5 * d)))


@case(np.array([[0.1, -0.2, 0.3], [0.5, 0.2, -0.1]]))
def softmax_regression_ce(Wt):
    logits = X_reg @ Wt.T[:, :2]
    logits = np.concatenate([logits, np.zeros((20, 1))], axis=1)
    P = np.exp(logits) / np.exp(logits).sum(axis=1)[:, np.newaxis]
    Yc = np.eye(3)[(X_reg[:, 2] > 0).astype(int) + (X_reg[:, 1] > 0).astype(int)]
    return -np.mean(np.sum(Yc * np.log(P), axis=1))


@case(np.array([0.2, -0.3, 0.4]))
def logistic_l2_norm(w):
    z = X_reg @ w
    return np.mean(np.logaddexp(0.0, z) - y_cls * z) + 0.1 * np.linalg.norm(w, ord=2) ** 2


@case(X_reg[:8, :2].copy())
def pearson_correlation_manual(X):
    a = X[:, 0] - X[:, 0].mean()
    b = X[:, 1] - X[:, 1].mean()
    return np.sum(a * b) / np.sqrt(np.sum(a**2) * np.sum(b**2))


@case(X_reg[:8, :3].copy())
def np_cov_trace_logdet(X):
    S = np.cov(X.T)
    return np.trace(S) + np.linalg.slogdet(S)[1]


@case(np.array([0.4, 1.3, 0.7, 2.1]))
def weighted_lsq_var_ddof(x):
    r = x - np.array([0.5, 1.0, 1.0, 2.0])
    return np.sum(r**2 / np.var(x, ddof=1))


@case(np.array([1.0, 0.5, -0.5, 2.0]))
def mse_batch_axis(yhat):
    Y = np.array([[1.2, 0.4, -0.3, 1.9], [0.8, 0.6, -0.6, 2.2]])
    return np.mean(np.mean((Y - yhat[None, :]) ** 2, axis=-1))


@case(np.array([0.3, -0.2, 0.5]))
def binary_ce_clip_none(w):
    p = expit(X_reg @ w)
    p = np.clip(p, 1e-12, None)
    return -np.mean(y_cls * np.log(p) + (1 - y_cls) * np.log1p(-p))


@case(np.array([0.3, 0.8, 1.4]))
def statistics_fmean_variance(x):
    vals = [x[0] ** 2, x[1] * x[2], np.sin(x[2])]
    return statistics.fmean(vals) + statistics.variance(vals)


# ======================================================================================
# E. physics and chemistry
# ======================================================================================


def morse(r, D=1.0, a=1.5, r0=1.0):
    return D * (1.0 - np.exp(-a * (r - r0))) ** 2


@case(np.array([0.0, 1.1, 2.3, 3.2]))
def morse_chain_1d(x):
    return np.sum(morse(np.diff(x)))


@case(np.array([[0.0, 0.0], [1.1, 0.1], [0.4, 0.9], [1.3, 1.2]]))
def morse_cluster_broadcast(P):
    d = P[:, None, :] - P[None, :, :]
    r = np.sqrt(np.sum(d**2, axis=-1) + np.eye(len(P)))
    iu = np.triu_indices(len(P), k=1)
    return np.sum(morse(r[iu], D=0.8, a=1.2, r0=1.05))


@case(np.array([[0.0, 0.0], [1.1, 0.1], [1.0, 1.3], [-0.1, 1.0]]))
def harmonic_network_edges(P):
    E = 0.0
    for (i, j), L, k in zip(EDGES, REST, KSPR):
        E = E + 0.5 * k * (np.linalg.norm(P[i] - P[j]) - L) ** 2
    return E


@case(np.array([[0.0, 0.0], [1.1, 0.1], [1.0, 1.3], [-0.1, 1.0]]))
def springs_vectorized_norm_axis(P):
    I = np.array([e[0] for e in EDGES])
    J = np.array([e[1] for e in EDGES])
    L = norm(P[I] - P[J], axis=-1)
    return 0.5 * np.sum(KSPR * (L - REST) ** 2)


@case(np.array([0.4, -0.3, 0.2, 0.6, -0.5, 0.1]))
def pendulum_chain_energy(q):
    th, w = q[:3], q[3:]
    lengths = np.array([1.0, 0.8, 0.6])
    x = np.cumsum(lengths * np.sin(th))
    y = -np.cumsum(lengths * np.cos(th))
    vx = np.cumsum(lengths * np.cos(th) * w)
    vy = np.cumsum(lengths * np.sin(th) * w)
    m = np.array([1.0, 1.5, 0.5])
    return np.sum(0.5 * m * (vx**2 + vy**2)) + 9.81 * np.sum(m * y) + 0.0 * np.sum(x)


@case(np.array([[0.0, 0.0, 0.0], [1.0, 0.2, -0.1], [0.3, 1.1, 0.4], [-0.6, 0.5, 1.2]]))
def gravity_nbody_newaxis(P):
    d = P[:, np.newaxis, :] - P[np.newaxis, :, :]
    r = np.sqrt((d**2).sum(-1) + np.eye(4))
    mm = MASS[:, None] * MASS[None, :]
    return -0.5 * np.sum(np.triu(mm / r, k=1)) * 2.0


@case(np.array([0.1, 0.7, 1.5, 2.0, 2.9, 3.5]))
def xy_model_roll(theta):
    return -np.sum(np.cos(theta - np.roll(theta, 1))) - 0.3 * np.sum(np.cos(theta))


@case({"T": 300.0, "V": 0.5})
def van_der_waals_pressure(T, V):
    R, a, b = 8.314e-2, 3.59, 0.0427
    return R * T / (V - b) - a / V**2


@case(np.array([1.2, 0.8, 2.5]))
def harmonic_log_partition(omega):
    beta = 1.7
    return -np.sum(np.log(2.0 * np.sinh(beta * omega / 2.0)))


@case(np.array([[0.0, 0.0, 0.0], [1.0, 0.1, 0.0], [1.4, 1.0, 0.3]]))
def bond_angle_energy(P):
    a = P[0] - P[1]
    b = P[2] - P[1]
    cos_t = a @ b / (norm(a) * norm(b))
    theta = np.arccos(cos_t)
    return 0.5 * 50.0 * (theta - 1.9) ** 2


@case(np.array([[1.0, 0.0, 0.2], [0.0, 1.2, -0.3], [-0.5, -0.4, 0.8], [0.3, 0.6, -0.9]]))
def inertia_tensor_rotor(R):
    r2 = np.sum(R**2, axis=1)
    I = np.einsum("n,n,ij->ij", MASS, r2, np.eye(3)) - np.einsum("n,ni,nj->ij", MASS, R, R)
    w = np.array([0.3, -0.2, 0.5])
    return 0.5 * w @ I @ w + np.linalg.det(I) * 1e-2


@case(np.array([[0.0, 0.0], [1.2, 0.3], [0.4, 1.5]]))
def yukawa_hypot(P):
    q = np.array([1.0, -1.0, 0.5])
    E = 0.0
    for i in range(3):
        for j in range(i + 1, 3):
            r = np.hypot(P[i, 0] - P[j, 0], P[i, 1] - P[j, 1])
            E += q[i] * q[j] * np.exp(-0.7 * r) / r
    return E


@case({"T": 350.0, "Ea1": 50.0, "Ea2": 65.0})
def arrhenius_two_paths(T, Ea1, Ea2):
    R = 8.314e-3
    return 1e8 * math.exp(-Ea1 / (R * T)) + 5e10 * math.exp(-Ea2 / (R * T))


@case(np.array([0.2, 1.4, 2.3, 3.7]))
def lj_ring_min_image(x):
    L = 5.0
    E = 0.0
    n = len(x)
    for i in range(n):
        for j in range(i + 1, n):
            d = x[j] - x[i]
            d = d - L * np.round(d / L)
            r6 = (1.0 / d**2) ** 3
            E = E + 4.0 * (r6**2 - r6)
    return E


# ======================================================================================
# F. finance
# ======================================================================================


@case({"S": 100.0, "K": 95.0, "T": 0.75, "r": 0.03, "sigma": 0.25})
def black_scholes_put_erf(S, K, T, r, sigma):
    d1 = (np.log(S / K) + (r + 0.5 * sigma**2) * T) / (sigma * np.sqrt(T))
    d2 = d1 - sigma * np.sqrt(T)
    N = lambda z: 0.5 * (1.0 + erf(z / np.sqrt(2.0)))  # noqa: E731
    return K * np.exp(-r * T) * N(-d2) - S * N(-d1)


@case({"S": 100.0, "K": 105.0, "T": 0.5, "r": 0.02, "sigma": 0.3})
def black_scholes_call_math_erfc(S, K, T, r, sigma):
    d1 = (math.log(S / K) + (r + sigma**2 / 2) * T) / (sigma * math.sqrt(T))
    d2 = d1 - sigma * math.sqrt(T)
    return S * 0.5 * math.erfc(-d1 / math.sqrt(2)) - K * math.exp(-r * T) * 0.5 * math.erfc(-d2 / math.sqrt(2))


@case(np.array([0.3, 0.5, 0.2]))
def portfolio_variance_normalized(w):
    w = w / w.sum()
    return w @ COV3 @ w


@case(np.array([0.1, -0.2, 0.4]))
def markowitz_softmax_weights(z):
    w = np.exp(z) / np.exp(z).sum()
    return MU3 @ w - 3.0 / 2.0 * w @ COV3 @ w


@case(np.array([100.0, 101.5, 99.8, 102.3, 103.0]))
def realized_vol_ddof(prices):
    r = np.diff(np.log(prices))
    return np.std(r, ddof=1) * np.sqrt(252)


@case(np.array([0.02, 0.025, 0.03, 0.032, 0.035]))
def bond_price_yield_curve(y):
    t = np.arange(1, 6)
    cf = np.array([4.0, 4.0, 4.0, 4.0, 104.0])
    return np.sum(cf * np.exp(-y * t))


@case(np.array([0.4, 0.35, 0.25]))
def sharpe_from_dataframe(w):
    R = prices_df.pct_change().dropna().to_numpy()
    R = np.column_stack([R, R[:, 0] * 0.5 + 0.01])
    port = R @ w
    return port.mean() / port.std(ddof=1)


# ======================================================================================
# G. Python structure
# ======================================================================================


class Energy:
    def __init__(self, A, b):
        self.A = A
        self.b = b

    def __call__(self, x):
        return 0.5 * x @ self.A @ x - self.b @ x + np.sum(np.cosh(x))


add("callable_class_energy", Energy(SPD4, W4), np.array([0.2, -0.1, 0.4, 0.3]))


@dataclasses.dataclass
class Params:
    k: float = 2.0
    c: np.ndarray = dataclasses.field(default_factory=lambda: np.array([1.0, -0.5, 0.25]))
    scale: float = 0.5


PARAMS = Params(k=3.0)


@case(np.array([0.3, -0.6, 1.1]))
def dataclass_params(x):
    return PARAMS.k * np.sum(x**2) + PARAMS.scale * np.exp(PARAMS.c @ x)


@dataclasses.dataclass(frozen=True)
class Model:
    W: np.ndarray
    b: np.ndarray

    def predict(self, x):
        return np.tanh(self.W @ x + self.b)

    def loss(self, x):
        return np.sum((self.predict(x) - 0.1) ** 2)


add("frozen_dataclass_method", Model(M34.T.copy(), W4 * 0.1).loss, np.array([0.3, -0.6, 1.1]))


def weighted_energy(x, weights, power=2):
    return np.sum(weights * np.abs(x) ** power)


add("partial_keyword_data", functools.partial(weighted_energy, weights=np.array([1.0, 2.0, 0.5]), power=3),
    np.array([0.3, -0.6, 1.1]))

_terms = []
for _k in range(1, 4):
    def _term(x, k=_k):
        return np.sin(k * x[0]) * x[1] ** k
    _terms.append(_term)


@case(np.array([0.4, 0.9]))
def closures_built_in_loop(x):
    return sum(t(x) for t in _terms)


_scales = []
for _s in (0.5, 1.5, 2.5):
    _scales.append(lambda x, s=_s: np.exp(-s * np.sum(x**2)))


@case(np.array([0.4, 0.9]))
def lambdas_built_in_loop(x):
    return sum([g(x) for g in _scales])


@case(np.array([0.3, -0.6, 1.1]))
def config_dict_model(x):
    r = CONFIG["weights"] * x - CONFIG["alpha"]
    return np.sum(np.tanh(CONFIG["beta"] * r)) + CONFIG["reg"]["l2"] * x @ x


@case(np.array([0.5, 1.2]))
def pandas_series_to_numpy(p):
    y = signal_s.to_numpy()
    t = np.linspace(0.0, 3.0, len(y))
    return np.sum((p[0] * np.sin(t) + p[1] - y) ** 2)


@case(np.array([0.01, -0.02]))
def pandas_dataframe_to_numpy_cols(beta):
    X = prices_df[["A", "B"]].to_numpy()
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)
    return np.sum(np.log1p(np.exp(Xs @ beta)))


def horner_rec(coeffs, x):
    if len(coeffs) == 1:
        return coeffs[0]
    return coeffs[0] + x * horner_rec(coeffs[1:], x)


@case(np.array([0.3, -0.7, 1.2]))
def recursive_horner_vector(x):
    return np.sum(horner_rec([1.0, -2.0, 0.5, 0.25], x))


def fib_like(x, n):
    if n <= 1:
        return x
    return fib_like(x, n - 1) * 0.5 + np.sin(fib_like(x, n - 2))


@case({"x": 0.7})
def recursive_two_branches(x):
    return fib_like(x, 5)


@case({"a": 2.0})
def newton_sqrt_while(a):
    x = 1.0
    i = 0
    while i < 6:
        x = 0.5 * (x + a / x)
        i += 1
    return x


@case({"a": 0.8})
def fixed_point_cos_while(a):
    x = 0.5
    n = 0
    while n < 40:
        x = a * np.cos(x)
        n = n + 1
    return x


@case(np.array([0.3, -0.6, 1.1, 0.2]))
def list_comprehension_pairs(x):
    return sum([x[i] * x[j] * (i + j) for i in range(4) for j in range(i + 1, 4)])


@case({"x": 0.3, "y": 1.2})
def math_fsum_terms(x, y):
    return math.fsum([x**2, math.sin(y), x * y])


@case({"x": 0.3, "y": 1.2, "z": 2.0})
def math_prod_list(x, y, z):
    return math.prod([x, y + 1, z**2])


@case({"x1": 0.3, "y1": 1.2, "x2": -0.5, "y2": 0.4})
def math_dist_points(x1, y1, x2, y2):
    return math.dist((x1, y1), (x2, y2)) ** 3


@case(np.array([0.5, -0.3, 1.2]))
def statistics_mean_list(x):
    return statistics.mean([x[0] ** 2, x[1] ** 2, x[2] ** 2]) * 2.0


@case(np.array([1.5, -0.5, 2.0, 0.7]))
def polyval_variable_x(x):
    return np.sum(np.polyval([0.5, -1.0, 2.0, 3.0], x))


@case(np.array([0.5, -1.0, 2.0, 0.4]))
def polyval_coeffs_and_x(p):
    return np.polyval(p[:3], p[3]) ** 2


@case(np.array([0.3, 1.6, 2.7, 3.5]))
def interp_query_points(x):
    return np.sum(np.interp(x, XP, FP) * x)


@case(np.array([0.3, 1.6, 2.7]))
def interp_then_exp(x):
    return np.exp(np.interp(x, XP, FP)).sum()


@case(np.array([0.2, -0.4, 0.9]))
def scipy_erfc_expit_mix(x):
    return np.sum(erfc(x) * expit(2 * x)) + xlogy(x[2], x[2] + 1.0)


@case(Z43.copy())
def scipy_logsumexp_b_axis(Z):
    return np.sum(logsumexp(Z, axis=1, b=np.array([1.0, 2.0, 0.5])))


@case(Z43.copy())
def scipy_special_softmax_axis1(Z):
    return np.sum(scipy.special.softmax(Z, axis=1) * Y43)


@case(Z43.copy())
def scipy_special_log_softmax_axis0(Z):
    return np.sum(scipy.special.log_softmax(Z, axis=0)[0])


@case(np.array([0.2, -0.4, 0.9]))
def scipy_ndtr_log_ndtr(x):
    return np.sum(scipy.special.ndtr(x)) + np.sum(scipy.special.log_ndtr(x))


@case(np.array([0.2, 0.4, 0.9]))
def scipy_logit_digamma(x):
    return np.sum(scipy.special.logit(x)) + np.sum(scipy.special.digamma(x + 1.0))


@case({"a": 2.5, "b": 1.5})
def scipy_betaln(a, b):
    return scipy.special.betaln(a, b) + gammaln(a + b)


@case({"x": 1.3, "y": 0.6})
def scipy_special_attr_erf(x, y):
    return scipy.special.erf(x * y) + scipy.special.gammaln(x + y)


@case(np.array([0.3, -0.6, 1.1]))
def functools_reduce_chain(x):
    return functools.reduce(lambda a, b: a * b + 1.0, x)


@case(np.array([0.3, -0.6, 1.1]))
def map_lambda_sum(x):
    return sum(map(lambda t: t**2 * np.exp(t), x))


class Solver:
    @staticmethod
    def residual(x):
        return x**2 - 2.0

    @classmethod
    def objective(cls, x):
        return np.sum(cls.residual(x) ** 2)


add("staticmethod_classmethod", Solver.objective, np.array([1.2, 1.5, 0.8]))


def make_accumulator(x):
    total = 0.0

    def addterm(t):
        nonlocal total
        total = total + t

    for xi in x:
        addterm(np.sin(xi) ** 2)
    return total


@case(np.array([0.3, -0.6, 1.1]))
def nonlocal_accumulator(x):
    return make_accumulator(x)


@case(M34.copy())
def zip_rows_enumerate(M):
    s = 0.0
    for k, (row, w) in enumerate(zip(M, [1.0, 2.0, 3.0])):
        s = s + w * np.sum(row**2) * (k + 1)
    return s


OPS = {"sq": lambda t: t**2, "ex": np.exp, "sn": np.sin}


@case(np.array([0.3, -0.6, 1.1]))
def dict_of_callables(x):
    return sum(OPS[k](x[i]) for i, k in enumerate(["sq", "ex", "sn"]))


@case(np.array([0.3, -0.6, 1.1]))
def power_with_array_exponent(x):
    return np.sum(2.0 ** x) + np.sum(np.abs(x) ** x)


# ======================================================================================
# H. clip, where, broadcasting
# ======================================================================================


@case(np.array([0.5, 2.5, 1.2, 3.1]))
def clip_upper_only(x):
    return np.sum(np.clip(x, None, 2.0) ** 2)


@case(np.array([0.5, -2.5, 1.2, -0.1]))
def clip_lower_only(x):
    return np.sum(np.exp(np.clip(x, 0.0, None)))


@case(np.array([0.5, -2.5, 1.2, -0.1]))
def clip_method_min_kw(x):
    return np.sum(x.clip(min=-1.0) ** 3)


@case(np.array([0.5, -2.5, 1.2, -0.1]))
def where_chain_piecewise(x):
    y = np.where(x > 1.0, x**2, np.where(x > 0.0, x, np.where(x > -1.0, -x**3, 2 * x)))
    return np.sum(y)


@case(np.array([0.5, -2.5, 1.2, -0.1]))
def where_safe_log(x):
    safe = np.where(x > 0, x, 1.0)
    return np.sum(np.where(x > 0, np.log(safe), 0.0)) + np.sum(x**2)


@case(np.array([0.5, -2.5, 1.2, -0.1]))
def select_three_regimes(x):
    return np.sum(np.select([x < -1.0, x < 1.0], [x**2, np.sin(x)], default=np.exp(x)))


@case(np.array([0.5, -2.5, 1.2, -0.1]))
def relu_mlp_maximum(x):
    h = np.maximum(M34.T @ x[:3] + x[3], 0.0)
    return np.sum(h**2)


@case(np.array([0.5, -0.3, 1.2, 2.1]))
def smooth_l1_where(r):
    a = np.abs(r)
    return np.sum(np.where(a < 1.0, 0.5 * r**2, a - 0.5))


@case(np.array([[0.0, 0.0], [1.0, 0.3], [0.2, 1.4], [1.5, 1.1]]))
def rbf_kernel_ridge_inputs(X):
    D2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    K = np.exp(-0.5 * D2)
    y = np.array([1.0, -0.5, 0.3, 0.8])
    alpha = np.linalg.solve(K + 0.1 * np.eye(4), y)
    return y @ alpha


@case(np.array([0.3, -0.6, 1.1]))
def broadcast_outer_newaxis(x):
    O = x[:, None] * x[None, :] + x[np.newaxis, :]
    return np.sum(O**2)


@case(X_reg[:6].copy())
def zscore_broadcast(X):
    Zs = (X - X.mean(axis=0)) / X.std(axis=0)
    return np.sum(Zs[:, 0] * Zs[:, 1]) / len(X)


@case(np.array([0.3, -0.6, 1.1]))
def expand_dims_broadcast_to(x):
    E = np.broadcast_to(np.expand_dims(x, 0), (4, 3))
    return np.sum(E * Z43) + np.sum(np.expand_dims(x, -1) * M34)


@case(np.array([0.3, -0.6, 1.1]))
def stack_concatenate_axis1(x):
    S = np.stack([x, x**2, np.sin(x)], axis=1)
    C = np.concatenate([S, S[:, :1] * 2], axis=1)
    return np.sum(C @ W4)


# ======================================================================================
# I. tricky but smooth
# ======================================================================================


@case(np.array([1.0e5 + 0.3, 1.0e5 - 0.7, 1.0e5 + 1.1]))
def var_large_offset(x):
    return np.var(x) + np.std(x, ddof=1)


@case(np.array([1.0e5, -2.0e5, 1.5e5]))
def log_norm_huge(x):
    return np.log(np.linalg.norm(x)) + np.sum(np.log(np.abs(x)))


@case(np.array([1.0e-5, -2.0e-5, 1.5e-5]))
def norm_ord1_and_3_tiny(x):
    return np.linalg.norm(x, 1) + np.linalg.norm(x, 3)


@case({"x": 2.0e-5, "y": -3.0e-5})
def hypot_tiny(x, y):
    return np.sqrt(x**2 + y**2) + x * y * 1e5


@case(np.array([1000.0, 1001.5, 999.2]))
def softmax_large_logits(z):
    p = np.exp(z - z.max()) / np.sum(np.exp(z - z.max()))
    return p @ np.array([1.0, 2.0, 3.0])


@case(np.array([1.0e5 + 0.1, 1.0e5 + 0.4, 1.0e5 + 1.2, 1.0e5 + 1.5]))
def diff_squares_large_offset(x):
    return np.sum(np.diff(x) ** 2)


@case(np.array([1.0e-6, 2.0e-6]))
def expm1_user_formula(x):
    return np.sum(np.exp(x) - 1.0) * 1e6


@case(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
def hilbert_solve(b):
    return np.sum(np.linalg.solve(HILB5, b))


@case({"S": 100.0, "K": 60.0, "T": 0.02, "r": 0.01, "sigma": 0.2})
def black_scholes_deep_itm_short(S, K, T, r, sigma):
    d1 = (np.log(S / K) + (r + 0.5 * sigma**2) * T) / (sigma * np.sqrt(T))
    d2 = d1 - sigma * np.sqrt(T)
    return S * 0.5 * erfc(-d1 / np.sqrt(2.0)) - K * np.exp(-r * T) * 0.5 * erfc(-d2 / np.sqrt(2.0))


@case(np.array([[1.0, 1.0 + 1e-4], [1.0, 1.0]]))
def near_singular_det_logdet(M):
    return np.linalg.slogdet(M @ M.T + 1e-6 * np.eye(2))[1]


@case(np.array([3.0e4, -1.0e5]))
def exp_of_tiny_scaled(x):
    return np.sum(np.exp(x * 1e-5)) + np.sum(np.cos(x * 1e-4))


@case({"x": 30.0})
def sigmoid_at_30(x):
    return 1.0 / (1.0 + np.exp(-x))

# points the rewrites need to read (constants of the piecewise-constant parts)
CASES_POINT_LJ = np.array([0.2, 1.4, 2.3, 3.7])
CASES_POINT_INTERP_K = np.array([0.3, 1.6, 2.7, 3.5])

# ======================================================================================
# J. numpy 2 spellings, ufunc methods, flattening functions, math module corners
# ======================================================================================
V5 = np.array([0.4, -1.3, 0.8, 2.1, -0.6])
T2 = rng.normal(size=(3, 4))


@case(V5.copy())
def std_correction_kw(x):
    return np.std(x, correction=1) + np.var(x, correction=2)


@case(M34.copy())
def var_with_mean_kw(M):
    m = M.mean(axis=1, keepdims=True)
    return np.sum(np.var(M, axis=1, mean=m, ddof=1))


@case(V5.copy())
def sum_where_mask(x):
    mask = np.array([True, False, True, True, False])
    return np.sum(x**2, where=mask) + np.mean(np.exp(x), where=mask)


@case(V5.copy())
def max_where_initial(x):
    mask = np.array([True, False, True, False, True])
    return np.max(x**3, where=mask, initial=-10.0) + np.prod(x + 3.0, where=~mask)


@case(M34.copy())
def cumsum_2d_flattens(M):
    return np.sum(np.cumsum(M) ** 2 * 0.1)


@case(0.5 + 0.3 * M34)
def cumprod_2d_flattens(M):
    return np.sum(np.cumprod(M)[-4:])


@case(V5.copy())
def diff_prepend_append(x):
    return np.sum(np.diff(x, prepend=0.0, append=1.0) ** 2)


@case(M34.copy())
def linalg_vector_norm_axis(M):
    return np.sum(np.linalg.vector_norm(M, ord=3, axis=1)) + np.linalg.vector_norm(M)


@case(M33.copy())
def linalg_matrix_norm_ords(M):
    return np.linalg.matrix_norm(M) + np.linalg.matrix_norm(M, ord=1)


@case(M34.copy())
def vecdot_rows(M):
    return np.sum(np.vecdot(M, M[::-1]) ** 2) + np.sum(np.linalg.vecdot(M, M34))


@case(rng.normal(size=(2, 3, 3)))
def batched_det_inv_slogdet(T):
    return np.sum(np.linalg.det(T)) + np.sum(np.linalg.inv(T)[:, 0, 1]) + np.sum(np.linalg.slogdet(T)[1])


@case(rng.normal(size=(2, 3, 4)))
def np_dot_3d_semantics(T):
    B = np.arange(1.0, 9.0).reshape(4, 2)
    return np.sum(np.dot(T, B) ** 2) + np.sum(np.dot(T, T[0].T) ** 2) * 0.1


@case(M34.copy())
def outer_of_matrix_flattens(M):
    return np.sum(np.outer(M, W3) ** 2) + np.outer(M, M).trace()


@case(np.array([[1.0, 0.5], [-0.3, 0.8]]))
def kron_matrices_rect(M):
    K = np.kron(M, np.array([[1.0, 2.0, 0.5]]))
    return np.sum(K * np.arange(12).reshape(2, 6)) + np.sum(np.kron(M, M) ** 2)


@case(rng.normal(size=(2, 3, 4)))
def einsum_ellipsis_optimize(T):
    return np.sum(np.einsum("...ij,...kj->...ik", T, T, optimize=True) ** 2) + np.einsum("b...->...", T).sum()


@case(rng.normal(size=(2, 3, 4)))
def tensordot_axes0_and_int(T):
    return np.sum(np.tensordot(T[0, 0], T[1, 1], axes=0) ** 2) + np.sum(np.tensordot(T, W4, axes=1))


@case(rng.normal(size=(3, 3, 2)))
def trace_axis_args_3d(T):
    return np.sum(np.trace(T, axis1=0, axis2=1) ** 2) + np.sum(np.trace(T, offset=1, axis1=0, axis2=1))


@case(M33.copy())
def diagonal_offsets(M):
    return np.sum(np.diagonal(M, offset=-1) ** 2) + np.sum(np.diag(M, k=1) * 3.0) + np.sum(np.diag(np.diag(M)))


@case(V5.copy())
def ufunc_reduce_accumulate(x):
    return np.add.reduce(x**2) + np.sum(np.multiply.accumulate(x + 2.0)) + np.maximum.reduce(x)


@case(V5.copy())
def ufunc_outer_methods(x):
    D = np.subtract.outer(x, x)
    return np.sum(D**2) + np.sum(np.multiply.outer(x, W3))


@case(rng.normal(size=(2, 3, 4)))
def transpose_moveaxis_swapaxes(T):
    A = np.transpose(T, (2, 0, 1))
    B = np.moveaxis(T, 0, -1)
    Cm = np.swapaxes(T, 0, 2)
    return np.sum(A[1] * B[:, :, 0].T[None, 0]) + np.sum(Cm[:, 1, :] ** 2) + np.sum(T.T[0] * 2.0)


@case(M34.copy())
def flip_rot90_slices(M):
    return np.sum(np.flip(M, axis=1) * M34) + np.sum(np.rot90(M)[0]) + np.sum(M[::-1, ::2] ** 2)


@case(rng.normal(size=(2, 3, 3)))
def triu_tril_batched(T):
    return np.sum(np.triu(T, k=-1) ** 2) + np.sum(np.tril(T, k=1) * 2.0)


@case(V5.copy())
def take_and_along_axis(x):
    idx = np.array([4, 0, 2, 2])
    M = np.stack([x, x**2])
    j = np.array([[1], [3]])
    return np.sum(np.take(x, idx) ** 3) + np.sum(np.take_along_axis(M, j, axis=1))


@case(M34.copy())
def ellipsis_newaxis_indexing(M):
    return np.sum(M[..., None] * M[:, np.newaxis, 1:2]) + np.sum(M[..., -1] ** 2)


@case(np.array([1.0, 1.3, 2.1, 2.2, 3.5, 4.1]))
def np_gradient_smoothness(y):
    g = np.gradient(y, 0.5)
    return np.sum(g**2)


@case(np.array([1.0, 1.3, 2.1, 2.2, 3.5, 4.1]))
def trapezoid_dx_and_convolve_valid(y):
    return np.trapezoid(y**2, dx=0.2) + np.sum(np.convolve(y, np.array([0.25, 0.5, 0.25]), mode="valid") ** 2)


@case(np.array([0.1, 0.3, 0.2, 0.4]))
def scipy_rel_entr_kl(p):
    return np.sum(scipy.special.rel_entr(p, P_target)) + np.sum(scipy.special.kl_div(p, P_target))


@case(np.array([0.1, 0.3, 0.2, 0.4]))
def scipy_entr_xlog1py(p):
    return np.sum(scipy.special.entr(p)) + np.sum(scipy.special.xlog1py(p, p))


@case(np.array([0.5, -1.2, 2.0]))
def scipy_softplus_log_expit(x):
    return np.sum(scipy.special.softplus(x)) + np.sum(scipy.special.log_expit(x))


@case(Z43.copy())
def logsumexp_tuple_axis_return_sign(Z):
    v, s = logsumexp(Z, axis=(0, 1), return_sign=True)
    return v * s + logsumexp(Z, axis=0).sum()


@case({"x": 3.0, "y": 0.7})
def math_log_with_base(x, y):
    return math.log(x, 2) + math.log(x * y, 10.0) + math.log2(y) + math.log10(x)


@case({"x": 0.3, "y": 1.2, "z": -0.7})
def math_hypot_three_args(x, y, z):
    return math.hypot(x, y, z) ** 2 + math.hypot(x, y)


@case({"x": 1.7, "y": 0.4})
def math_gamma_lgamma(x, y):
    return math.lgamma(x) + math.gamma(x + y) + math.erfc(y)


@case({"x": 1.7, "y": 0.4})
def math_cbrt_exp2_pow(x, y):
    return math.cbrt(x) + math.exp2(y) + math.pow(x, y) + pow(x, 3) + pow(y, x)


@case({"x": 1.7, "y": 0.4})
def math_radians_degrees_misc(x, y):
    return math.sin(math.radians(x * 30)) + math.degrees(y) / 57.0 + math.log1p(y) + math.expm1(x)


@case(V5.copy())
def builtin_sum_start_abs_pow(x):
    return sum(x, 1.0) ** 2 + sum(abs(t) for t in x) + sum(pow(t, 2) for t in x)


@case(X_reg[:5].copy())
def cosine_similarity_matrix(X):
    U = X / np.linalg.norm(X, axis=1, ord=2, keepdims=True)
    S = U @ U.T
    return np.sum(np.triu(S, 1) ** 2)


@case(V5.copy())
def np_misc_ufuncs(x):
    return np.sum(np.square(x) + np.reciprocal(x + 3.0) + np.negative(x) * np.positive(x)) + np.true_divide(x, 2.0).sum()


@case(np.array([[1.5, 0.4], [-0.3, 0.9]]))
def matrix_power_negative(M):
    return np.sum(np.linalg.matrix_power(M, -2)) + np.sum(np.linalg.matrix_power(M, 0))


@case(V5.copy())
def clip_array_bounds(x):
    lo = np.array([0.0, -1.0, 1.0, 0.0, -2.0])
    hi = np.array([1.0, 0.0, 2.0, 3.0, 0.0])
    return np.sum(np.clip(x, lo, hi) ** 2) + np.sum(np.clip(x, lo, None) * 0.5)


@case(rng.normal(size=(2, 3, 4)))
def prod_axis_tuple_mean_axis_tuple(T):
    return np.sum(np.prod(1.0 + 0.1 * T, axis=(0, 2))) + np.mean(T**2, axis=(0, 1)).sum()


@case(rng.normal(size=(4, 3)))
def average_returned_tuple(M):
    a, wsum = np.average(M, axis=0, weights=np.array([1.0, 2.0, 3.0, 4.0]), returned=True)
    return np.sum(a**2 * wsum)


@case(V5.copy())
def nanmean_nanstd_clean(x):
    return np.nanmean(x**2) + np.nanstd(x, ddof=1)


@case(rng.normal(size=(3, 4)))
def std_axis_neg1_ddof2_keepdims(M):
    s = np.std(M, axis=-1, ddof=2, keepdims=True)
    return np.sum(M / s)

# ======================================================================================
# K. scalar variables put into lists/arrays (what a vectorised batch would mix up),
#    data changed between two comparisons, in-place arithmetic on intermediates
# ======================================================================================


@case({"x": 0.6, "y": -1.3})
def norm_of_list_of_scalars(x, y):
    return x + np.linalg.norm([x, y]) ** 3


@case({"x": 0.6, "y": -1.3, "z": 2.2})
def std_of_list_of_scalars(x, y, z):
    return x * y + np.std([x, y, z]) + np.var([x, y, z], ddof=1)


@case({"x": 0.6, "y": -1.3, "z": 2.2})
def max_mean_of_list_of_scalars(x, y, z):
    return x + np.max([x, y, z]) * np.mean([x, y, z]) + np.min([x, 2 * y, z])


@case({"x": 0.6, "y": -1.3})
def sum_of_array_of_scalars(x, y):
    return x * np.sum(np.array([y, 2 * y, y**2])) + np.prod([x, y, 3.0])


@case({"x": 0.6, "y": -1.3, "z": 2.2})
def dot_of_built_vectors(x, y, z):
    a = np.array([x, y, z])
    return z + a @ np.array([1.0, 2.0, 3.0]) * (a @ a)


@case({"x": 0.6, "y": -1.3, "z": 2.2})
def logsumexp_of_scalars(x, y, z):
    return x + logsumexp([x, y, z]) + scipy.special.logsumexp(np.array([y, z]), b=[1.0, 2.0])


@case(np.array([0.6, -1.3, 2.2]))
def first_times_total(x):
    return x[0] * np.sum(x) + np.mean(x) * x[1] + x[2] * len(x)


@case(np.array([0.6, -1.3, 2.2]))
def first_times_max_norm(x):
    return x[0] * np.max(x) + x[1] * np.linalg.norm(x) + np.std(x) * x[2]


@case({"x": 0.6, "y": -1.3})
def stack_scalars_matrix_det(x, y):
    M = np.array([[x, 1.0], [y, 2.0 + x * y]])
    return np.linalg.det(M) + np.trace(M @ M)


@case({"x": 0.6, "y": -1.3})
def cumsum_of_scalars(x, y):
    return x + np.cumsum([x, y, x * y])[-1] ** 2 + np.diff([x, y, 3.0]).sum()


@case(np.array([0.3, -0.6, 1.1]))
def inplace_arith_intermediate(x):
    y = x * 1.0
    y += x**2
    y *= 3.0
    y /= 2.0
    y -= np.sin(x)
    y **= 2
    return np.sum(y)


@case(np.array([0.3, -0.6, 1.1]))
def ufunc_out_buffer(x):
    buf = np.empty(3)
    np.multiply(x, x, out=buf)
    return np.sum(buf) + np.sum(np.exp(x))


@case(np.array([0.3, -0.6, 1.1]))
def copy_then_setitem_slice(x):
    y = np.zeros(5)
    y[1:4] = x**2
    y[0] = 1.0
    return np.sum(y * np.arange(1.0, 6.0))


# data changed between two comparisons (each pair: same function, different data)
@dataclasses.dataclass
class Spring2:
    k: float
    x0: np.ndarray


SPRING = Spring2(k=2.0, x0=np.array([0.5, -0.5, 1.0]))


def spring2_energy(x):
    return 0.5 * SPRING.k * np.sum((x - SPRING.x0) ** 2) + np.sum(np.sin(x))


add("mutated_dataclass_field_before", spring2_energy, np.array([0.3, -0.6, 1.1]))
BEFORE["mutated_dataclass_field_before"] = lambda: setattr(SPRING, "k", 2.0)
add("mutated_dataclass_field_after", spring2_energy, np.array([0.3, -0.6, 1.1]))
BEFORE["mutated_dataclass_field_after"] = lambda: setattr(SPRING, "k", 7.0)
add("mutated_dataclass_array_after", spring2_energy, np.array([0.3, -0.6, 1.1]))
BEFORE["mutated_dataclass_array_after"] = lambda: SPRING.x0.__setitem__(1, 3.0)

NESTED = {"model": {"scale": 1.0, "coef": [1.0, 2.0]}}


def nested_config_model(x, y):
    m = NESTED["model"]
    return m["scale"] * (m["coef"][0] * x**2 + m["coef"][1] * x * y) + np.exp(y)


add("nested_config_before", nested_config_model, {"x": 0.7, "y": 0.2})
BEFORE["nested_config_before"] = lambda: NESTED["model"].__setitem__("coef", [1.0, 2.0])
add("nested_config_list_item_after", nested_config_model, {"x": 0.7, "y": 0.2})
BEFORE["nested_config_list_item_after"] = lambda: NESTED["model"]["coef"].__setitem__(1, -5.0)

SER = pd.Series([1.0, 2.0, 3.0])


def series_model(w):
    return np.sum((SER.to_numpy() * w) ** 2) + np.sum(np.cos(w))


add("series_inplace_before", series_model, np.array([0.3, -0.2, 0.5]))
BEFORE["series_inplace_before"] = lambda: SER.__setitem__(0, 1.0)
add("series_inplace_after", series_model, np.array([0.3, -0.2, 0.5]))
BEFORE["series_inplace_after"] = lambda: SER.__setitem__(0, 10.0)

_PART_W = np.array([1.0, 2.0, 0.5])
partial_mut = functools.partial(weighted_energy, weights=_PART_W, power=2)
add("partial_array_before", partial_mut, np.array([0.3, -0.6, 1.1]))
BEFORE["partial_array_before"] = lambda: _PART_W.__setitem__(2, 0.5)
add("partial_array_inplace_after", partial_mut, np.array([0.3, -0.6, 1.1]))
BEFORE["partial_array_inplace_after"] = lambda: _PART_W.__setitem__(2, 9.0)

_CALLABLE = Energy(SPD4.copy(), W4.copy())
add("callable_state_before", _CALLABLE, np.array([0.2, -0.1, 0.4, 0.3]))
BEFORE["callable_state_before"] = lambda: setattr(_CALLABLE, "b", W4.copy())
add("callable_state_replaced_after", _CALLABLE, np.array([0.2, -0.1, 0.4, 0.3]))
BEFORE["callable_state_replaced_after"] = lambda: setattr(_CALLABLE, "b", -3.0 * W4)

# ======================================================================================
# L. data types users bring: float32/float16 data, uint8 images, int data, Fractions,
#    a float32 point, seeded Monte Carlo inside the function
# ======================================================================================
import fractions  # noqa: E402

W32 = np.array([0.1, 0.3, 0.7], dtype=np.float32)
W16 = np.array([0.1, 0.3, 0.7], dtype=np.float16)
IMG = np.array([[100, 200, 30], [255, 0, 128]], dtype=np.uint8)
I8 = np.array([100, 90, -120], dtype=np.int8)
C32 = np.float32(0.1)


@case(np.array([0.3, -0.6, 1.1]))
def float32_weights(x):
    return np.sum((W32 * x) ** 2) + C32 * np.sum(x)


@case(np.array([0.3, -0.6, 1.1]))
def float16_weights_ufunc(x):
    return np.sum(np.multiply(W16, x) ** 2) + np.dot(W16, np.exp(x))


@case(np.array([0.3, -0.6, 1.1]))
def uint8_image_wraps_operator(x):
    centred = IMG - 128  # uint8 arithmetic: wraps around, as numpy does
    return np.sum((centred @ x) * 1e-3)


@case(np.array([0.3, -0.6, 1.1]))
def uint8_image_ufunc_subtract(x):
    centred = np.subtract(IMG, 128)
    return np.sum(np.tanh(np.dot(centred, x) * 1e-3))


@case(np.array([0.3, -0.6, 1.1]))
def int8_data_doubling(x):
    return np.sum(np.multiply(I8, 2) * x) * 0.01 + np.sum(x**2)


@case(np.array([0.3, -0.6, 1.1]))
def uint8_image_astype_float(x):
    return np.sum(np.tanh(IMG.astype(np.float64) / 255.0 @ x))


@case({"x": 0.3, "y": 1.2})
def fraction_constants(x, y):
    third = fractions.Fraction(1, 3)
    return third * x**2 + fractions.Fraction(2, 7) * x * y + np.exp(y * float(third))


@case(np.array([0.3, -0.6, 1.1], dtype=np.float32))
def float32_point(x):
    return np.sum(np.sin(x) * x) + x @ C3 @ x


@case({"x": np.float32(0.3), "y": np.float32(1.7)})
def float32_scalars_dict(x, y):
    return x * np.exp(-y) + np.log(y) * x**2


@case({"mu": 0.4, "log_sigma": -0.3})
def monte_carlo_seeded_inside(mu, log_sigma):
    eps = np.random.default_rng(0).normal(size=2000)
    z = mu + np.exp(log_sigma) * eps
    return np.mean(z**2 + np.sin(z))


@case(np.array([0.3, -0.6, 1.1]))
def int_data_prod_overflow_free(x):
    counts = np.array([3, 5, 7])
    return np.sum(counts * x**2) / counts.sum() + np.prod(counts) * 1e-3 * np.sum(x)


@case(np.array([0.3, -0.6, 1.1]))
def bool_mask_arithmetic(x):
    mask = np.array([True, False, True])
    return np.sum(mask * x**2) + np.sum(~mask * np.exp(x)) + np.sum(mask.astype(float) @ x)
