"""More argument semantics where a different quantity could pass unnoticed: keepdims with
axis=None, negative axis tuples, ord with axis on 3-D arrays, prepend/append, axis1/axis2,
ellipsis einsum, tensordot axes=0, batched np.linalg, take_along_axis, kron, multi_dot,
logsumexp over an axis tuple, std with where."""

import numpy as np
from functions import add
from scipy.special import logsumexp, softmax, xlogy

SEM = ("sem",)
Y24 = [[0.6, -1.2, 0.9, 1.4], [2.0, 0.3, -0.8, 1.1]]
Y24B = [[1.3, 0.2, -1.6, 0.7], [-0.4, 1.8, 0.5, -1.1]]
Z8 = np.array([0.5, -1.0, 1.5, 2.0, 0.3, -0.7, 1.1, 0.9])
Q = np.array([[1.0, 0.2], [-0.5, 2.0]])

add("s2_sum_none_keepdims", lambda X: np.sum(X ** 2, keepdims=True)[0, 0] * X[1, 2]
    + np.mean(X, axis=None, keepdims=True).ravel()[0], [Y24], SEM)
add("s2_var_axis_tuple_neg_ddof", lambda x: np.sum(np.var(x.reshape(2, 2, 2), axis=(-1, -3),
                                                          ddof=1) * np.array([1.0, 3.0])),
    [Z8], SEM)
add("s2_max_axis_tuple", lambda x: np.sum(np.max(x.reshape(2, 2, 2), axis=(0, 2)) ** 2)
    + np.min(x.reshape(2, 4), axis=(1,)).sum(), [Z8], SEM)
add("s2_norm_3d_axis_neg_tuple", lambda x: np.sum(np.linalg.norm(x.reshape(2, 2, 2),
                                                                 axis=(-2, -1))), [Z8], SEM)
add("s2_norm_3d_ord1_axis", lambda x: np.sum(np.linalg.norm(x.reshape(2, 2, 2), ord=1,
                                                            axis=(1, 2))), [Z8], SEM)
add("s2_norm_3d_ord2_axis01", lambda x: np.sum(np.linalg.norm(x.reshape(2, 2, 2), ord=2,
                                                              axis=(0, 1))), [Z8], SEM)
add("s2_norm_keepdims_matrix", lambda X: np.sum(X / np.linalg.norm(X, keepdims=True)
                                                * np.arange(8.0).reshape(2, 4)), [Y24], SEM)
add("s2_norm_axis0_ord3", lambda X: np.sum(np.linalg.norm(X, ord=3, axis=0)), [Y24], SEM)
add("s2_norm_axis_neg1_inf", lambda X: np.sum(np.linalg.norm(X, ord=np.inf, axis=-1)
                                              * np.array([1.0, 2.0])), [Y24, Y24B], SEM)
add("s2_diff_prepend_append", lambda x: np.sum(np.diff(x, prepend=1.0, append=x[0]) ** 2
                                               * np.arange(1.0, 10.0)), [Z8], SEM)
add("s2_diff_axis_neg1_n2", lambda X: np.sum(np.diff(X, n=2, axis=-1) ** 3), [Y24, Y24B], SEM)
add("s2_trace_axis12_3d", lambda x: np.sum(np.trace(x.reshape(2, 2, 2), axis1=1, axis2=2) ** 2)
    + np.trace(x.reshape(2, 2, 2), offset=1, axis1=0, axis2=2).sum(), [Z8], SEM)
add("s2_einsum_ellipsis", lambda x: np.sum(np.einsum("...ij,jk->...ik", x.reshape(2, 2, 2), Q)
                                           ** 2), [Z8], SEM)
add("s2_einsum_three_operands", lambda X: np.einsum("ij,jk,ik->", X, np.ones((4, 3)),
                                                   np.array([[1.0, 2.0, 0.5],
                                                             [0.0, -1.0, 3.0]])), [Y24], SEM)
add("s2_tensordot_axes0", lambda x: np.sum(np.tensordot(x[:3], x[3:5], axes=0) ** 2
                                           * np.array([[1.0, 2.0]] * 3)), [Z8], SEM)
add("s2_tensordot_axes_pairs", lambda x: np.sum(np.tensordot(x.reshape(2, 2, 2), Q,
                                                             axes=([2, 0], [0, 1]))), [Z8], SEM)
add("s2_matmul_1d_2d_1d", lambda X: np.array([1.0, -2.0]) @ X @ np.array([0.5, 1.0, 2.0, -1.0])
    + np.matmul(X, X.T).sum(), [Y24], SEM)
add("s2_clip_array_bounds", lambda x: np.sum(np.clip(x, np.linspace(-1.0, 0.0, 8),
                                                     np.linspace(1.0, 1.8, 8)) ** 3), [Z8], SEM)
add("s2_clip_none_lower", lambda x: np.sum(np.clip(x, None, 1.2) * np.exp(x)), [Z8], SEM)
add("s2_sort_axis_none", lambda X: np.sort(X, axis=None)[[0, 3, 7]] @ np.array([2.0, 1.0, -1.0]),
    [Y24, Y24B], SEM)
add("s2_take_along_axis_argmax", lambda X: np.sum(np.take_along_axis(
    X, np.argmax(X, axis=1)[:, None], axis=1) ** 2) + np.sum(X), [Y24, Y24B], SEM)
add("s2_argsort_weights", lambda x: np.sum(x[np.argsort(x)] * np.arange(8.0)), [Z8], SEM)
add("s2_batched_det_inv", lambda x: np.sum(np.linalg.det(x.reshape(2, 2, 2)) ** 2)
    + np.sum(np.linalg.inv(x.reshape(2, 2, 2))[:, 0, 1]), [Z8], SEM)
add("s2_batched_solve", lambda x: np.sum(np.linalg.solve(x.reshape(2, 2, 2),
                                                         np.array([[1.0, 2.0], [0.5, -1.0]])[
                                                             ..., None]) ** 2), [Z8], SEM)
add("s2_kron_multi_dot", lambda x: np.sum(np.kron(x[:2], x[2:4]) * np.arange(1.0, 5.0))
    + np.linalg.multi_dot([x[:2], Q, Q, x[2:4]]), [Z8], SEM)
add("s2_std_where", lambda x: np.std(x, where=np.array([True, True, False, True, True, False,
                                                         True, True])), [Z8], SEM)
add("s2_logsumexp_axis_tuple", lambda x: np.sum(logsumexp(x.reshape(2, 2, 2), axis=(0, 2))
                                                * np.array([1.0, -0.5])), [Z8], SEM)
add("s2_logsumexp_return_sign", lambda x: logsumexp(x, b=np.array([1.0, -0.2, 0.5, 1.0, -0.1,
                                                                   0.3, 0.2, 0.4]),
                                                    return_sign=True)[0], [Z8], SEM)
add("s2_softmax_axis_tuple", lambda x: np.sum(softmax(x.reshape(2, 2, 2), axis=(1, 2))[:, 0, :]
                                              * np.array([[1.0, 2.0], [3.0, -1.0]])), [Z8], SEM)
add("s2_xlogy_broadcast", lambda X: np.sum(xlogy(np.array([[1.0], [2.0]]), X ** 2 + 1.0)),
    [Y24], SEM)
add("s2_cumsum_reverse_axis0", lambda X: np.sum(np.cumsum(X[::-1], axis=0)[::-1] ** 2
                                                * np.array([1.0, -1.0, 2.0, 0.5])), [Y24], SEM)
add("s2_cumprod_axis_neg1", lambda X: np.sum(np.cumprod(X, axis=-1)[:, -1])
    + np.cumprod(X, axis=0)[-1] @ np.array([1.0, 1.0, -1.0, 2.0]), [Y24, Y24B], SEM)
add("s2_tril_k1_triu_km1", lambda x: np.sum(np.tril(x.reshape(3, 3), 1) ** 2)
    + np.sum(np.triu(x.reshape(3, 3), -1) * np.arange(9.0).reshape(3, 3)),
    [[0.5, -1.0, 1.5, 2.0, 0.3, -0.7, 1.1, 0.9, -0.2]], SEM)
add("s2_diag_k_build", lambda x: np.sum(np.diag(x[:3], k=1) @ np.diag(x[3:7], k=-0) ** 2)
    + np.diag(np.outer(x, x), k=2).sum(), [Z8], SEM)
add("s2_stack_axis1_vstack_hstack", lambda x: np.sum(np.vstack([x[:4], x[4:]]) @ np.hstack(
    [x[:2], x[6:]])[:, None] * np.column_stack([x[:4], x[4:]]).T), [Z8], SEM)
add("s2_broadcast_to_repeat", lambda x: np.sum(np.broadcast_to(x[:4], (3, 4))
                                               * np.repeat(x[4:], 3).reshape(4, 3).T)
    + np.sum(np.tile(x[:2], 3) ** 2 * np.arange(6.0)), [Z8], SEM)
add("s2_where_one_sided_clip", lambda x: np.sum(np.where(x > 1.0, np.log(x), x - 1.0)
                                                * np.where(np.abs(x) < 0.8, 2.0, 1.0)), [Z8],
    SEM)
add("s2_nan_functions", lambda x: np.nansum(x ** 2) + np.nanmean(np.sin(x))
    + np.nanmax(x * np.array([1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0])), [Z8], SEM)
# reductions whose result is broadcast back over the array (a reduction that returned the
# array itself would still give a scalar at the end)
W8 = np.arange(1.0, 9.0)
add("s2_nanmax_times_weights", lambda x: np.sum(np.nanmax(x * W8) * W8), [Z8], SEM)
add("s2_nansum_plus_array", lambda x: np.sum(np.nansum(x ** 2) + x), [Z8], SEM)
add("s2_nanmean_normalise", lambda x: np.sum(x * W8 / np.nanmean(np.abs(x))), [Z8], SEM)
add("s2_kron_sum_sq", lambda x: np.sum(np.kron(x[:2], x[2:4]) ** 2), [Z8], SEM)
add("s2_nanmin_times_weights", lambda x: np.sum(np.nanmin(x * W8) * W8), [Z8], SEM)
