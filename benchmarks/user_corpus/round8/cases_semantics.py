"""numpy semantics of the arguments users pass: axis (negative, tuples), keepdims, ddof, where,
initial, broadcasting, and the shape functions (reshape, transpose, stack, concatenate, flip,
roll, diff, cumsum, cumprod, tril, triu, trace, diag, outer, einsum, tensordot, matmul), clip,
maximum, sort / max / argmax pieces. Points are away from kinks and ties."""

import numpy as np
from functions import add

SEM = ("sem",)
R = np.random.default_rng(8)
W6 = np.array([0.3, -1.2, 0.8, 2.0, -0.5, 1.1])
A34 = R.normal(size=(3, 4))
B43 = R.normal(size=(4, 3))
C3 = np.array([[2.0, 0.3, -0.1], [0.3, 1.5, 0.2], [-0.1, 0.2, 1.0]])
X6 = [0.4, -1.3, 0.9, 2.1, -0.6, 1.7]
X6B = [1.1, 0.2, -0.8, 0.65, 1.9, -1.4]
M23 = [[0.5, -1.0, 1.5], [2.0, 0.3, -0.7]]
M23B = [[1.2, 0.4, -0.3], [-0.9, 1.6, 0.8]]
T232 = np.linspace(-1.0, 1.3, 12).reshape(2, 3, 2) + 0.05 * np.arange(12).reshape(2, 3, 2) ** 2


add("sm_sum_axis_neg1", lambda X: np.sum(np.sin(X), axis=-1) @ np.array([1.0, -2.0]),
    [M23, M23B], SEM)
add("sm_mean_axis_tuple_keepdims",
    lambda X: np.sum((X - X.mean(axis=(0, 2), keepdims=True)) ** 2 * np.cos(X)),
    [T232], SEM)
add("sm_std_ddof1_times_var", lambda x: np.std(x, ddof=1) * np.var(x) + np.var(x, ddof=2),
    [X6, X6B], SEM)
add("sm_var_axis0_ddof1", lambda X: np.sum(np.var(X, axis=0, ddof=1) * np.array([1.0, 2., 3.])),
    [[[0.5, 1.0, -1.0], [1.5, -0.5, 0.25], [0.2, 0.7, 2.0], [-1.0, 0.1, 0.3]]], SEM)
add("sm_std_axis_neg2_keepdims",
    lambda X: np.sum(X / np.std(X, axis=-2, keepdims=True)), [T232], SEM)
add("sm_where_pieces", lambda x: np.sum(np.where(x > 0, x ** 2, np.sin(x)) * W6),
    [X6, X6B], SEM)
add("sm_broadcast_pairwise",
    lambda x: np.sum(np.exp(-(x[:, None] - x[None, :]) ** 2)), [X6], SEM)
add("sm_broadcast_row_col", lambda X: np.sum((X - X.mean(axis=1)[:, np.newaxis]) ** 3
                                               + X * np.array([1.0, 2.0, 3.0])), [M23, M23B],
    SEM)
add("sm_reshape_transpose", lambda x: np.trace(x.reshape(2, 3).T @ A34[:2, :3]
                                               @ x.reshape(3, 2)), [X6, X6B], SEM)
add("sm_stack_concat", lambda x: np.concatenate([x, x ** 2]) @ np.concatenate([W6, -W6])
    + np.stack([x, np.cos(x)], axis=1).prod(axis=1).sum(), [X6], SEM)
add("sm_stack_axis_neg1", lambda x: np.sum(np.stack([x[:3], x[3:]], axis=-1) ** 2
                                           * np.array([1.0, 3.0])), [X6], SEM)
add("sm_flip_roll", lambda x: np.sum(x * np.flip(x)) + np.sum(W6 * x * np.roll(x, 2)),
    [X6, X6B], SEM)
add("sm_roll_2d_axis", lambda X: np.sum(X * np.roll(X, -1, axis=1) * np.roll(X, 1, axis=0)),
    [M23], SEM)
add("sm_diff_n2", lambda x: np.sum(np.diff(x, n=2) ** 2) + np.diff(x)[2] ** 3, [X6, X6B], SEM)
add("sm_diff_axis0", lambda X: np.sum(np.diff(X, axis=0) ** 2 * np.array([1.0, 0.5, 2.0])),
    [M23], SEM)
add("sm_cumsum_axis1", lambda X: np.sum(np.cumsum(X, axis=1) ** 2) + np.cumsum(X)[-2],
    [M23, M23B], SEM)
add("sm_cumprod_pieces", lambda x: np.cumprod(x)[-1] + np.sum(np.cumprod(x[:4]) * W6[:4]),
    [X6B], SEM)
add("sm_tril_triu", lambda X: np.sum(np.tril(X, -1) ** 2) - np.sum(np.triu(X, 1) * C3),
    [[[1.0, 2.0, -1.0], [0.5, -0.3, 0.8], [1.2, 0.4, 2.2]]], SEM)
add("sm_trace_offset", lambda X: np.trace(X, offset=1) * np.trace(X) + np.trace(X @ X),
    [[[1.0, 2.0, -1.0], [0.5, -0.3, 0.8], [1.2, 0.4, 2.2]]], SEM)
add("sm_diag_build", lambda x: np.sum(np.diag(x[:3]) @ C3 @ np.diag(np.exp(x[3:]))),
    [X6], SEM)
add("sm_diag_extract_k", lambda X: np.sum(np.diag(X, k=-1) ** 2) + np.prod(np.diag(X, 1)),
    [[[1.0, 2.0, -1.0], [0.5, -0.3, 0.8], [1.2, 0.4, 2.2]]], SEM)
add("sm_outer", lambda x: np.sum(np.outer(x[:3], x[3:]) * C3) + np.outer(x, x).trace(),
    [X6, X6B], SEM)
add("sm_einsum_matmul", lambda X: np.sum(np.einsum("ij,jk->ik", X, B43[:3, :]) ** 2),
    [M23, M23B], SEM)
add("sm_einsum_trace_dot", lambda x: np.einsum("ii", np.outer(x, W6)) + np.einsum("i,i", x, x),
    [X6], SEM)
add("sm_einsum_batch", lambda X: np.sum(np.tanh(np.einsum("bij,bj->bi", T232, X))),
    [[[0.3, -0.4], [1.0, 0.2]]], SEM)
add("sm_einsum_implicit", lambda X: np.sum(np.einsum("ij,ij", X, X) * np.einsum("ij->j", X)),
    [M23], SEM)
add("sm_tensordot_axes2", lambda X: np.tensordot(A34[:2, :3], np.sin(X), axes=2), [M23, M23B],
    SEM)
add("sm_tensordot_axes_lists", lambda X: np.sum(np.tensordot(X, B43[:3, :2], axes=([1], [0]))
                                                ** 2), [M23], SEM)
add("sm_matmul_broadcast", lambda x: np.sum((T232.transpose(0, 2, 1) @ x[:3]) ** 2)
    + x[3:] @ C3 @ x[3:], [X6], SEM)
add("sm_clip_inside", lambda x: np.sum(np.clip(x, -1.0, 2.0) ** 2 * W6), [X6], SEM)
add("sm_maximum_minimum", lambda x: np.sum(np.maximum(x, 0.5) * np.minimum(x ** 2, 1.0)),
    [X6, X6B], SEM)
add("sm_fmax_broadcast", lambda X: np.sum(np.fmax(X, np.array([0.0, 0.5, 0.0])) ** 2),
    [M23], SEM)
add("sm_sort_top2", lambda x: np.sort(x)[-2:] @ np.array([1.0, 3.0]) - np.sort(x)[0],
    [X6, X6B], SEM)
add("sm_sort_axis0", lambda X: np.sum(np.sort(X, axis=0)[0] * np.array([1.0, 2.0, 3.0])),
    [M23, M23B], SEM)
add("sm_max_axis0", lambda X: np.sum(X.max(axis=0) ** 2) + np.min(X, axis=-1).sum(),
    [M23, M23B], SEM)
add("sm_argmax_pick", lambda x: x[np.argmax(W6 * x)] * np.sum(x ** 2), [X6, X6B], SEM)
add("sm_amax_keepdims", lambda X: np.sum(X / np.amax(np.abs(X), axis=1, keepdims=True)),
    [M23], SEM)
add("sm_prod_axis0", lambda X: np.sum(np.prod(X, axis=0)) + np.prod(X), [M23, M23B], SEM)
add("sm_mean_where", lambda x: np.mean(x ** 2, where=x > 0) + np.sum(x, where=W6 > 0),
    [X6, X6B], SEM)
add("sm_sum_initial", lambda x: np.sum(x ** 3, initial=2.0) * np.prod(x[:2], initial=3.0),
    [X6], SEM)
add("sm_max_initial", lambda x: np.max(x ** 2, initial=1.0) + np.max(x, initial=-10.0),
    [X6], SEM)
add("sm_average_weights", lambda x: np.average(np.exp(x), weights=np.abs(W6))
    + np.average(x.reshape(2, 3), axis=0, weights=[1.0, 3.0]).sum() ** 2, [X6], SEM)
add("sm_median_odd", lambda x: np.median(x[:5] ** 2) + np.percentile(x, 50), [X6B], SEM)
add("sm_ptp_axis", lambda X: np.sum(np.ptp(X, axis=1) ** 2), [M23], SEM)
add("sm_polyval", lambda c: np.polyval(c, 1.3) + np.polyval(c[::-1], -0.4) ** 2, [X6], SEM)
add("sm_expand_moveaxis", lambda X: np.sum(np.moveaxis(np.expand_dims(X, 0), 2, 0)
                                            * np.arange(6.0).reshape(3, 1, 2)), [M23], SEM)
add("sm_swapaxes_squeeze", lambda X: np.sum(np.squeeze(np.swapaxes(X[None], 1, 2)) ** 2
                                            @ np.array([2.0, -1.0])), [M23], SEM)
add("sm_elementwise_menagerie", lambda x: np.sum(np.cbrt(x) + np.square(x) + np.sinc(x)
                                                 + np.log1p(np.abs(x)) * np.expm1(x / 3)),
    [X6, X6B], SEM)
add("sm_power_fractional", lambda x: np.sum(np.power(np.abs(x) + 1.0, 1.5)) + x[0] ** x[3],
    [[0.4, -1.3, 0.9, 2.1]], SEM)
add("sm_hypot_arctan2", lambda x: np.sum(np.hypot(x[:3], x[3:]) * np.arctan2(x[:3], x[3:])),
    [X6, X6B], SEM)
add("sm_dot_1d_2d", lambda x: np.dot(x[:3], A34[:, :3]) @ np.dot(A34[:, :3].T, x[3:]),
    [X6], SEM)
add("sm_cross_inner", lambda x: np.sum(np.cross(x[:3], x[3:]) ** 2) + np.inner(x[:3], x[3:]),
    [X6, X6B], SEM)
add("sm_linspace_grid", lambda x: np.sum(x[0] * np.sin(np.linspace(0.0, 1.0, 7) * x[1])),
    [[1.5, 2.5], [0.7, -3.0]], SEM)
