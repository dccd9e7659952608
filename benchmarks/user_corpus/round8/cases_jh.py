"""Jacobians (kind "jac", square and non-square, matrix-valued outputs) and Hessians (tag
"hess": gl.hess and gl.compare(derivative="hessian") are judged too) of user functions."""

import numpy as np
from functions import add
from scipy.special import logsumexp, softmax

JAC = ("jh",)
HESS = ("jh", "hess")

# ---------------------------------------------------------------- Jacobians
add("jc_polar_to_cart", lambda p: np.array([p[0] * np.cos(p[1]), p[0] * np.sin(p[1])]),
    [[2.0, 0.7], [0.5, -2.1]], JAC, "jac")
add("jc_spherical", lambda s: np.array([s[0] * np.sin(s[1]) * np.cos(s[2]),
                                        s[0] * np.sin(s[1]) * np.sin(s[2]),
                                        s[0] * np.cos(s[1])]), [[1.5, 0.9, 2.3]], JAC, "jac")
T8 = np.linspace(0.0, 3.5, 8)
add("jc_exp_residuals_8x3", lambda th: th[0] * np.exp(-th[1] * T8) + th[2] - np.cos(T8),
    [[1.2, 0.8, 0.1], [0.4, 2.0, -0.3]], JAC, "jac")
add("jc_softmax", lambda z: softmax(z), [[0.2, -1.0, 1.5, 0.3, 0.9]], JAC, "jac")
add("jc_softmax_axis0_matrix", lambda Z: softmax(Z, axis=0), [[[0.2, 1.0], [-0.5, 0.3],
                                                              [1.1, -0.7]]], JAC, "jac")
add("jc_normalize", lambda x: x / np.linalg.norm(x), [[3.0, -1.0, 2.0, 0.5]], JAC, "jac")
add("jc_cumsum_nonlinear", lambda x: np.cumsum(np.sin(x) * x), [[0.4, 1.1, -0.7, 2.0]], JAC,
    "jac")
add("jc_lotka_volterra", lambda u: np.array([1.1 * u[0] - 0.4 * u[0] * u[1],
                                             0.1 * u[0] * u[1] - 0.4 * u[1]]),
    [[10.0, 5.0]], JAC, "jac")
add("jc_lorenz", lambda s: np.array([10.0 * (s[1] - s[0]), s[0] * (28.0 - s[2]) - s[1],
                                     s[0] * s[1] - 8.0 / 3.0 * s[2]]),
    [[1.0, 2.0, 20.0]], JAC, "jac")
add("jc_matrix_output_2x3", lambda x: np.outer(x[:2], np.exp(x)) , [[0.3, -0.6, 1.2]], JAC, "jac")


def arm_tip(q, lengths=(1.0, 0.7, 0.4)):
    angles = np.cumsum(q)
    return np.array([np.sum(np.array(lengths) * np.cos(angles)),
                     np.sum(np.array(lengths) * np.sin(angles))])


add("jc_three_link_arm_2x3", arm_tip, [[0.3, 0.5, -0.4], [1.2, -0.8, 0.6]], JAC, "jac")
add("jc_stats_3x6", lambda x: np.array([np.mean(x), np.std(x, ddof=1),
                                        np.mean((x - x.mean()) ** 3) / np.std(x) ** 3]),
    [[1.0, 2.5, 0.3, -0.7, 1.8, 0.9]], JAC, "jac")
add("jc_matvec_tanh_4x2", lambda w: np.tanh(np.array([[1.0, 0.5], [-0.3, 2.0], [0.8, 0.8],
                                                      [1.5, -1.0]]) @ w), [[0.6, -0.2]], JAC,
    "jac")
add("jc_solve_output", lambda x: np.linalg.solve(np.array([[3.0, x[0]], [x[1], 2.0]]),
                                                 np.array([1.0, x[2]])),
    [[0.5, -0.4, 2.0]], JAC, "jac")
add("jc_pairwise_dist_3pts", lambda x: np.sqrt(np.sum((x.reshape(3, 2)[:, None, :]
                                                       - x.reshape(3, 2)[None, :, :]) ** 2
                                                      + 1e-3, axis=-1)).ravel(),
    [[0.0, 0.0, 1.0, 0.2, 0.4, 1.1]], JAC, "jac")
add("jc_scalar_to_vector_1x", lambda t: np.array([np.cos(t), np.sin(2 * t), t ** 3]),
    [[0.8]], JAC, "jac")

# ---------------------------------------------------------------- Hessians (scalar f)
add("hs_rosenbrock_4", lambda x: np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2),
    [[-1.2, 1.0, 0.8, 1.1]], HESS)
add("hs_logsumexp", lambda x: logsumexp(x * np.array([1.0, 2.0, 0.5, -1.0])),
    [[0.3, -0.2, 1.1, 0.6]], HESS)
XS = np.array([[1.0, 0.5], [0.2, -1.3], [-0.8, 0.4], [1.5, 1.1], [0.0, -0.6], [-1.2, 0.9]])
YS = np.array([1.0, 0.0, 0.0, 1.0, 0.0, 1.0])


def logistic_nll(w):
    z = XS @ w[:2] + w[2]
    return np.sum(np.logaddexp(0.0, z) - YS * z) + 0.05 * w @ w


add("hs_logistic_nll", logistic_nll, [[0.4, -0.3, 0.1]], HESS)
OBS = np.array([2.1, 1.7, 2.9, 2.4, 1.2, 2.6, 3.3])
add("hs_gauss_nll_mu_logsigma", lambda p: np.sum((OBS - p[0]) ** 2) / (2 * np.exp(2 * p[1]))
    + len(OBS) * p[1], [[2.0, -0.3]], HESS)
add("hs_det_3x3", lambda X: np.linalg.det(X), [[[2.0, 0.5, -0.3], [0.4, 1.5, 0.8],
                                               [-0.6, 0.2, 3.1]]], HESS)
add("hs_norm_cubed", lambda x: np.linalg.norm(x) ** 3 + np.linalg.norm(x, 4),
    [[0.5, -1.0, 2.0]], HESS)
add("hs_spring_chain", lambda x: np.sum((np.sqrt(1.0 + np.diff(x) ** 2) - 1.2) ** 2),
    [[0.0, 0.8, 1.1, 2.5, 2.7]], HESS)
add("hs_entropy_softmax", lambda z: -np.sum(softmax(z) * np.log(softmax(z))),
    [[0.5, -0.2, 1.3]], HESS)
add("hs_slogdet_spd", lambda x: np.linalg.slogdet(np.outer(x, x) + np.diag([1.0, 2.0, 3.0]))[1],
    [[0.7, -0.4, 1.1]], HESS)
add("hs_trig_mixed", lambda a, b: np.sin(a * b) + np.cos(a) * b ** 3,
    [{"a": 0.7, "b": 1.3}], HESS)
