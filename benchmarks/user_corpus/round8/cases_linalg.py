"""np.linalg (norm with every ord, det, slogdet, inv, solve, eigh, cholesky) and
scipy.special (logsumexp with axis and b, expit, gammaln, erf, xlogy, softmax with axis), as
users call them. Points have distinct singular values / eigenvalues and no zero entries."""

import numpy as np
import scipy.special as sps
from functions import add
from numpy.linalg import norm
from scipy.special import erf, expit, gammaln, logsumexp, softmax, xlogy

SEM = ("sem",)
V5 = [0.7, -1.9, 0.4, 2.6, -1.1]
V5B = [-0.3, 1.2, -2.2, 0.9, 1.6]
M33 = [[2.0, 0.5, -0.3], [0.4, 1.5, 0.8], [-0.6, 0.2, 3.1]]
M33B = [[1.1, -0.7, 0.2], [0.3, 2.4, -0.5], [0.9, 0.1, 1.7]]
M32 = [[1.0, 0.5], [-0.4, 2.0], [0.8, -1.3]]
M24 = [[1.0, 0.5, -0.4, 2.0], [0.8, -1.3, 0.6, 0.2]]
B3 = np.array([1.0, -2.0, 0.5])
SPD_SHIFT = 0.5 * np.eye(3)

# ---------------------------------------------------------------- vector norms
add("la_norm_vec_default", lambda x: norm(x) ** 3 / (1 + norm(x)), [V5, V5B], SEM)
add("la_norm_vec_ord1", lambda x: np.linalg.norm(x, ord=1) * x[0], [V5, V5B], SEM)
add("la_norm_vec_inf_both", lambda x: norm(x, np.inf) + 2 * norm(x, -np.inf), [V5, V5B], SEM)
add("la_norm_vec_ord3", lambda x: norm(x, ord=3), [V5], SEM)
add("la_norm_vec_ord_half", lambda x: norm(x, 0.5), [V5B], SEM)
add("la_norm_vec_ord_neg1", lambda x: norm(x, -1), [V5], SEM)
# ---------------------------------------------------------------- matrix norms
add("la_norm_fro", lambda X: norm(X, "fro") * X[0, 0], [M33, M32], SEM)
add("la_norm_nuc", lambda X: np.linalg.norm(X, "nuc"), [M33, M32], SEM)
add("la_norm_mat_2", lambda X: norm(X, 2), [M33, M24], SEM)
add("la_norm_mat_neg2", lambda X: norm(X, -2), [M33B, M32], SEM)
add("la_norm_mat_ord1", lambda X: norm(X, 1), [M33, M24], SEM)
add("la_norm_mat_inf", lambda X: norm(X, np.inf) + norm(X, -np.inf), [M33, M32], SEM)
add("la_norm_mat_neg1", lambda X: norm(X, ord=-1), [M33B], SEM)
add("la_norm_axis1_log", lambda X: np.sum(np.log(norm(X, axis=1))), [M32, M24], SEM)
add("la_norm_axis0_keepdims", lambda X: np.sum((X / norm(X, axis=0, keepdims=True))
                                                 * np.arange(1.0, 1.0 + X.size).reshape(X.shape)),
    [M32], SEM)
add("la_norm_axis_tuple_batch", lambda x: np.sum(norm(x.reshape(2, 2, 2), axis=(1, 2)) ** 1.5),
    [[0.5, -1.0, 1.5, 2.0, 0.3, -0.7, 1.1, 0.9]], SEM)
add("la_norm_axis1_ord1", lambda X: np.sum(norm(X, ord=1, axis=1) ** 2), [M32], SEM)
add("la_norm_axis_tuple_nuc", lambda X: norm(X, "nuc", axis=(1, 0)), [M32], SEM)
# ---------------------------------------------------------------- decompositions
add("la_det", lambda X: np.linalg.det(X), [M33, M33B], SEM)
add("la_slogdet", lambda X: np.linalg.slogdet(X @ X.T + SPD_SHIFT)[1] + np.linalg.slogdet(X)[1],
    [M33, M33B], SEM)
add("la_slogdet_unpack", lambda X: (lambda s, ld: s * np.exp(0.5 * ld))(*np.linalg.slogdet(X)),
    [M33], SEM)
add("la_inv_sum", lambda X: np.sum(np.linalg.inv(X) * np.array(M33B)), [M33], SEM)
add("la_inv_quadratic", lambda X: B3 @ np.linalg.inv(X) @ B3, [M33B], SEM)
add("la_solve_vec", lambda X: np.linalg.solve(X, B3) @ np.array([1.0, 1.0, 2.0]), [M33, M33B],
    SEM)
add("la_solve_rhs_var", lambda b: np.sum(np.linalg.solve(np.array(M33), b) ** 2),
    [[1.0, -0.5, 2.0]], SEM)
add("la_solve_matrix_rhs", lambda X: np.sum(np.linalg.solve(X, np.array(M32)) ** 2), [M33], SEM)
add("la_eigh_values", lambda X: np.linalg.eigh(X + X.T)[0] @ np.array([1.0, -2.0, 0.5]),
    [M33, M33B], SEM)
add("la_eigh_vector_sq", lambda X: np.linalg.eigh(X + X.T)[1][:, -1] ** 2 @ np.array([1., 2, 3]),
    [M33], SEM)
add("la_eigvalsh_max", lambda X: np.max(np.linalg.eigvalsh(X @ X.T)), [M32], SEM)
add("la_cholesky_logdet", lambda X: 2 * np.sum(np.log(np.diag(np.linalg.cholesky(
    X @ X.T + SPD_SHIFT)))), [M33, M33B], SEM)
add("la_cholesky_entry", lambda X: np.linalg.cholesky(X @ X.T + np.eye(3))[2, 1], [M33], SEM)
add("la_matrix_power", lambda X: np.trace(np.linalg.matrix_power(X, 3)), [M33], SEM)
# ---------------------------------------------------------------- scipy.special
add("sp_logsumexp_axis1", lambda X: np.sum(logsumexp(X, axis=1) * np.array([1.0, -2.0, 0.5])),
    [M32], SEM)
add("sp_logsumexp_axis0_b", lambda X: np.sum(logsumexp(X, axis=0, b=np.array([[0.5], [1.0],
                                                                               [2.0]]))),
    [M32], SEM)
add("sp_logsumexp_b_vec", lambda x: logsumexp(x, b=np.array([1.0, 2.0, 0.5, 0.1, 3.0])),
    [V5, V5B], SEM)
add("sp_logsumexp_keepdims", lambda X: np.sum(X - logsumexp(X, axis=-1, keepdims=True)) ** 2,
    [M24], SEM)
add("sp_expit_gammaln", lambda x: np.sum(expit(x) * gammaln(np.abs(x) + 0.5)), [V5, V5B], SEM)
add("sp_erf_xlogy", lambda x: np.sum(erf(x) * xlogy(x ** 2, np.abs(x) + 1.0)), [V5], SEM)
add("sp_xlogy_zero_base", lambda x: np.sum(xlogy(np.array([0.0, 1.5, 2.0, 0.0, 1.0]), x ** 2)),
    [V5], SEM)
add("sp_softmax_axis0", lambda X: np.sum(softmax(X, axis=0) * np.array([[1.0, -1.0],
                                                                         [2.0, 0.5],
                                                                         [0.0, 3.0]])),
    [M32], SEM)
add("sp_softmax_axis_neg1", lambda X: np.sum(np.log(softmax(X, axis=-1))[:, 0]), [M24], SEM)
add("sp_module_prefix", lambda x: sps.logsumexp(x) + sps.erfc(x[0]) + sps.expit(x[1]),
    [V5], SEM)
