"""np.linalg.norm (and numpy 2's vector_norm, matrix_norm) for dual numbers: every vector
order, matrix orders 'fro', 1, -1, inf, -inf, and 2, -2, 'nuc' from the singular value
decomposition, along any axes, with keepdims.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from ..errors import BackendError
from .dual_core import ENGINE, Dual, apply, call_handler, directions, refuse
from .dual_reduce import extreme, sum_
from .dual_shape import reshaped

_MAX, _MIN = extreme("max", np.max), extreme("min", np.min)


def _vector_norm(x: Dual, ord: Any, axis: int) -> Any:
    if ord is None or ord == 2:
        return apply("sqrt", sum_(x * x, axis))
    if isinstance(ord, str):
        raise BackendError(ENGINE, f"numpy.linalg.norm(ord={ord!r}): invalid norm order for "
                           "vectors")
    if ord == np.inf:
        return _MAX(abs(x), axis)
    if ord == -np.inf:
        return _MIN(abs(x), axis)
    if ord == 0:  # the number of nonzero entries: its derivative is zero
        value = np.sum(x.value != 0, axis=axis).astype(float)
        return Dual(value, np.zeros((directions(x),) + np.shape(value)))
    if ord == 1:
        return sum_(abs(x), axis)
    return sum_(abs(x) ** ord, axis) ** (1.0 / ord)


def _matrix_norm(x: Dual, ord: Any, rows: int, cols: int) -> Any:
    if ord is None or ord == "fro":
        return apply("sqrt", sum_(x * x, (rows, cols)))
    if ord in (1, -1):
        pick = _MAX if ord == 1 else _MIN
        return pick(sum_(abs(x), rows), cols - 1 if cols > rows else cols)
    if ord in (np.inf, -np.inf):
        pick = _MAX if ord == np.inf else _MIN
        return pick(sum_(abs(x), cols), rows - 1 if rows > cols else rows)
    if ord in (2, -2, "nuc"):
        return _singular_value_norm(x, ord, rows, cols)
    raise BackendError(ENGINE, f"numpy.linalg.norm(ord={ord!r}) is not a matrix norm order")


def _singular_value_norm(x: Dual, ord: Any, rows: int, cols: int) -> Dual:
    """The largest (2), smallest (-2) or sum ('nuc') of the singular values; the derivative of a
    simple singular value s_i is u_i' dA v_i. A repeated or zero one has none: refused."""
    matrices = np.moveaxis(x.value, (rows, cols), (-2, -1))
    changes = np.moveaxis(x.tangent, (rows + 1, cols + 1), (-2, -1))
    u, s, vh = np.linalg.svd(matrices, full_matrices=False)
    picked = {2: slice(0, 1), -2: slice(-1, None), "nuc": slice(None)}[ord]
    tiny = 1e-12 * np.max(s, axis=-1, keepdims=True)
    gaps = -np.diff(s, axis=-1)  # s is sorted, largest first
    tied = {2: gaps[..., :1], -2: gaps[..., -1:], "nuc": np.ones(1)}[ord]
    if np.any(s[..., picked] <= tiny) or np.any(tied <= tiny):
        raise BackendError(ENGINE, f"numpy.linalg.norm(ord={ord!r}) where a singular value is "
                           "repeated or zero: it has no derivative there; use the jax engine")
    slopes = np.einsum("...ai,k...ab,...ib->k...", u[..., :, picked], changes,
                       vh[..., picked, :])
    return Dual(np.sum(s[..., picked], axis=-1), slopes)


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    if not isinstance(x, Dual):
        raise refuse("numpy.linalg.norm", "a dual number in ord or axis")
    if axis is None and ord is None:
        result = apply("sqrt", sum_(x * x))
        return reshaped(result, (1,) * x.ndim) if keepdims else result
    if axis is None:
        if x.ndim not in (1, 2):
            raise BackendError(ENGINE, f"numpy.linalg.norm(ord={ord!r}) of a {x.ndim}-d array:"
                               " improper number of dimensions")
        axis = tuple(range(x.ndim))
    try:
        axes = normalize_axis_tuple(axis, x.ndim)
    except (TypeError, ValueError) as err:
        raise BackendError(ENGINE, f"numpy.linalg.norm(axis={axis!r}): {err}") from None
    if len(axes) == 1:
        result = _vector_norm(x, ord, axes[0])
    elif len(axes) == 2:
        result = _matrix_norm(x, ord, *axes)
    else:
        raise BackendError(ENGINE, f"numpy.linalg.norm(axis={axis!r}): improper number of "
                           "dimensions")
    if keepdims:
        shape = tuple(1 if i in axes else n for i, n in enumerate(x.shape))
        result = reshaped(result, shape)
    return result


def vector_norm(x: Any, /, *, axis: Any = None, keepdims: bool = False, ord: Any = 2) -> Any:
    """numpy 2's vector norm: ``axis`` may name several axes, read as one flattened vector."""
    if not isinstance(x, Dual):
        raise refuse("numpy.linalg.vector_norm", "a dual number in ord or axis")
    try:
        axes = tuple(range(x.ndim)) if axis is None else normalize_axis_tuple(axis, x.ndim)
    except (TypeError, ValueError) as err:
        raise BackendError(ENGINE, f"numpy.linalg.vector_norm(axis={axis!r}): {err}") from None
    kept = [i for i in range(x.ndim) if i not in axes]
    moved = call_handler(np.transpose, x, kept + list(axes))
    flat = reshaped(moved, tuple(x.shape[i] for i in kept) + (-1,))
    result = _vector_norm(flat, ord, len(kept))
    if keepdims:
        result = reshaped(result, tuple(1 if i in axes else n for i, n in enumerate(x.shape)))
    return result


def matrix_norm(x: Any, /, *, keepdims: bool = False, ord: Any = "fro") -> Any:
    return norm(x, ord, (-2, -1), keepdims)


def handlers() -> dict[Any, Callable[..., Any]]:
    return {np.linalg.norm: norm, np.linalg.vector_norm: vector_norm,
            np.linalg.matrix_norm: matrix_norm}
