"""Functions that are not complex-analytic at the point: abs, np.maximum, branches, np.real,
float(), math.* on the input, np.sign, round/floor, np.linalg.norm, conjugate products."""

import math

import numpy as np
from functions import add
from numpy import abs as np_abs
from numpy.linalg import norm

NA = ("nonanalytic",)


def abs_sin(x):
    return np.sum(np.abs(x) * np.sin(x))


add("cx_abs_sin_sum", abs_sin, [[0.7, -1.3, 2.1], [-0.4, 0.9, -2.5]], NA)
add("cx_builtin_abs_cubed", lambda x, y: abs(x - y) ** 3 + x * y,
    [{"x": 1.5, "y": 0.2}, {"x": -0.3, "y": 0.8}], NA)
add("cx_relu_sq", lambda x: np.sum(np.maximum(x, 0.0) ** 2) + np.dot(x, x),
    [[0.5, -1.0, 2.0, -0.1]], NA)
add("cx_max_pieces", lambda x: np.maximum(x ** 2, 2.0 - x), [[1.7], [-0.5]], NA)


def piecewise(x):
    if x > 1.0:
        return np.log(x) + x ** 2
    return x ** 3 - x + 1.0


add("cx_if_branch", piecewise, [[2.5], [0.3]], NA)
add("cx_real_part", lambda x: np.real(x[0]) ** 2 + np.sum(x ** 3), [[1.2, -0.7]], NA)
add("cx_imag_term", lambda x: np.sum(x ** 2) + 5.0 * np.sum(np.imag(x)), [[0.4, 1.1]], NA)


def float_cast(x, y):
    a = float(x)
    return a * y ** 2 + np.sin(x) * y


add("cx_float_cast", float_cast, [{"x": 0.8, "y": -1.4}], NA)
add("cx_math_exp", lambda x, y: math.exp(x) * y + x * y ** 2, [{"x": 0.3, "y": 2.0}], NA)
add("cx_sign_times_x", lambda x: np.sum(x * np.sign(x)) + np.sum(x ** 2),
    [[0.6, -1.5, 2.2], [-0.9, 0.4, -0.3]], NA)
add("cx_sign_product", lambda x: x[0] * np.sign(x[1]) * x[1] ** 2 + x[2],
    [[1.3, -0.8, 0.5]], NA)


def quantised_residual(x):
    q = np.round(x * 100) / 100
    return np.sum((x - q) ** 2) + np.sum(x)


add("cx_round_residual", quantised_residual, [[0.123, -0.4567, 1.0049]], NA)
add("cx_floor_frac", lambda x: np.sum((x - np.floor(x)) ** 2), [[1.3, -2.7]], NA)
add("cx_norm_sq_plus", lambda x: np.linalg.norm(x) ** 2 + np.sum(x), [[1.0, -2.0, 0.5]], NA)

C_DIR = np.array([0.3, -1.1, 0.7])


def cosine_to_c(x):
    return np.dot(C_DIR, x / norm(x))


add("cx_normalised_dot", cosine_to_c, [[1.2, 0.4, -0.9], [-0.2, 2.0, 1.0]], NA)
add("cx_conj_product", lambda x: np.sum(x * np.conj(x)).real + x[0], [[0.5, -1.5, 2.0]], NA)
add("cx_vdot_self", lambda x: np.vdot(x, x) + np.vdot(C_DIR, x) ** 2, [[0.9, 0.1, -0.6]], NA)
add("cx_abs_squared", lambda x: np.sum(np_abs(x) ** 2 * np.cos(x)), [[0.4, -2.2]], NA)
add("cx_hypot", lambda x: np.hypot(x[0], x[1]) * x[2], [[3.0, -4.0, 0.5]], NA)
add("cx_clip_sq", lambda x: np.sum(np.clip(x, -1.0, 1.0) ** 2 + 0.1 * x),
    [[0.5, -1.7, 0.2, 3.0]], NA)
add("cx_where_sign", lambda x: np.sum(np.where(x > 0, x, -2.0 * x) * np.exp(0.1 * x)),
    [[0.8, -0.6, 1.9]], NA)
add("cx_builtin_max", lambda x: max(x[0], x[1]) ** 2 + x[2] * x[0], [[1.5, 0.2, -0.4]], NA)
add("cx_median_plus", lambda x: np.median(x) * 3.0 + np.sum(x ** 2),
    [[0.1, 2.0, -1.0, 0.7, 1.3]], NA)


def huber(r, delta=1.0):
    a = abs(r)
    return np.where(a <= delta, 0.5 * r ** 2, delta * (a - 0.5 * delta))


add("cx_huber_loss", lambda w: np.sum(huber(w * np.array([1.0, 2.0, -3.0]) - 0.5)),
    [[0.2, 1.5, 0.9], [-0.1, 0.3, -0.4]], NA)
add("cx_abs_cubed_sum", lambda x: np.sum(np.abs(x) ** 3), [[1.1, -0.3, 0.8]], NA)
add("cx_sqrt_square", lambda x: np.sum(np.sqrt(x ** 2) * x), [[-1.2, 0.7]], NA)


def astype_copy(x):
    y = x.astype(float)
    return np.sum(y * x) + np.sum(np.sin(x))


add("cx_astype_float", astype_copy, [[0.4, -1.3, 2.2]], NA)
add("cx_asarray_float", lambda x: np.sum(np.asarray(x, dtype=np.float64) ** 2 * x),
    [[1.0, 0.5]], NA)
add("cx_np_float64", lambda x: np.float64(x[0]) * x[1] + x[1] ** 2, [[2.0, -0.7]], NA)
add("cx_log_abs", lambda x: np.sum(np.log(np.abs(x))) + x[0] * x[1], [[-2.0, 0.5]], NA)
add("cx_arctan2", lambda x: np.arctan2(x[1], x[0]) * x[0], [[1.0, 0.6]], NA)
add("cx_copysign", lambda x: np.sum(np.copysign(x ** 2, x - 0.5)), [[1.2, 0.1]], NA)
add("cx_abs_small_term", lambda x: np.sum(np.sin(x)) + 1e-3 * abs(x[0]),
    [[-0.6, 0.4, 1.0]], NA)
add("cx_abs_1e4_term", lambda x: np.sum(np.sin(x)) + 1e-4 * abs(x[0]), [[-0.6, 0.4, 1.0]], NA)
add("cx_abs_3e5_term", lambda x: np.sum(np.sin(x)) + 3e-5 * abs(x[0]), [[-0.6, 0.4, 1.0]], NA)
add("cx_abs_tiny_term", lambda x: np.sum(np.sin(x)) + 2e-5 * np.abs(x[1]),
    [[0.3, -0.6, 1.0]], NA)

A_SYM = np.array([[2.0, 0.5, 0.1], [0.5, 1.0, -0.3], [0.1, -0.3, 3.0]])
add("cx_hermitian_form", lambda x: np.real(x @ A_SYM @ np.conj(x)), [[0.4, -1.0, 0.7]], NA)
add("cx_norm_ord1", lambda x: np.linalg.norm(x, 1) + 0.5 * np.dot(x, x), [[1.0, -0.5, 2.0]], NA)
add("cx_kink_near_point", lambda x: np.abs(x[0] - 0.3) + x[0] ** 2 * x[1],
    [[0.3005, 1.0], [0.31, -2.0]], NA + ("kink",))
add("cx_math_fabs", lambda a, b: math.fabs(a) * b + a ** 2, [{"a": -1.5, "b": 0.3}], NA)
add("cx_int_index", lambda x: x[int(np.floor(np.abs(x[0])))] * x[1] ** 2, [[1.4, 0.5, 2.0]], NA)
add("cx_fmax_mix", lambda x: np.sum(np.fmax(x, 0.5 * x) ** 2), [[1.0, -2.0, 0.3]], NA)
add("cx_abs_diff_pairs",
    lambda x: sum(abs(x[i] - x[j]) for i in range(len(x)) for j in range(i)) + np.sum(x ** 2),
    [[0.1, 1.2, -0.7, 2.5]], NA)
