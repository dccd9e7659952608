"""``np.linalg.norm`` with numpy's semantics, written once over an engine's array operations.

Vector norms (``ord`` None, 1, 2, inf, -inf, any other non-zero p) over one axis, matrix norms
(None, 'fro', 1, -1, inf, -inf) over two, ``keepdims`` kept. Norms that need singular values
('nuc', 2, -2 on matrices) and the count ``ord=0`` are refused.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from numpy.lib.array_utils import normalize_axis_tuple

from ..errors import BackendError

Reduction = Callable[[Any, tuple[int, ...], bool], Any]


@dataclass(frozen=True)
class ArrayOps:
    """The few operations a norm needs, as one engine implements them."""

    engine: str
    ndim: Callable[[Any], int]
    abs: Callable[[Any], Any]
    sqrt: Callable[[Any], Any]
    power: Callable[[Any, float], Any]
    square: Callable[[Any], Any]
    sum: Reduction
    max: Reduction
    min: Reduction


def norm(ops: ArrayOps, x: Any, ord: Any = None, axis: Any = None,
         keepdims: bool = False) -> Any:
    """numpy's ``np.linalg.norm(x, ord, axis, keepdims)`` built from ``ops``."""
    ndim = ops.ndim(x)
    if axis is None:
        if ord is None:
            return ops.sqrt(ops.sum(ops.square(x), tuple(range(ndim)), keepdims))
        if ndim not in (1, 2):
            raise _refuse(ops, ord, axis, f"needs a 1-D or 2-D array, not {ndim}-D (numpy "
                          "refuses it too)")
        axes = tuple(range(ndim))
    else:
        try:
            axes = normalize_axis_tuple(axis, ndim)
        except (TypeError, ValueError) as err:
            raise _refuse(ops, ord, axis, str(err)) from None
    if len(axes) == 1:
        return _vector_norm(ops, x, ord, axes, keepdims)
    if len(axes) == 2:
        return _matrix_norm(ops, x, ord, axes, keepdims)
    raise _refuse(ops, ord, axis, "needs one or two axes (numpy refuses more)")


def _vector_norm(ops: ArrayOps, x: Any, ord: Any, axes: tuple[int, ...], keepdims: bool
                 ) -> Any:
    if ord is None or (_is_number(ord) and ord == 2):
        return ops.sqrt(ops.sum(ops.square(x), axes, keepdims))
    if not _is_number(ord):
        raise _refuse(ops, ord, axes, "is not a vector norm (numpy refuses it too)")
    if ord == math.inf:
        return ops.max(ops.abs(x), axes, keepdims)
    if ord == -math.inf:
        return ops.min(ops.abs(x), axes, keepdims)
    if ord == 0:
        raise _refuse(ops, ord, axes, "(the number of non-zero entries) is not supported")
    if ord == 1:
        return ops.sum(ops.abs(x), axes, keepdims)
    return ops.power(ops.sum(ops.power(ops.abs(x), ord), axes, keepdims), 1.0 / ord)


def _matrix_norm(ops: ArrayOps, x: Any, ord: Any, axes: tuple[int, ...], keepdims: bool
                 ) -> Any:
    row_axis, col_axis = axes
    if row_axis == col_axis:
        raise _refuse(ops, ord, axes, "names the same axis twice")
    if ord is None or ord == "fro":
        return ops.sqrt(ops.sum(ops.square(x), axes, keepdims))
    if not _is_number(ord) or ord not in (1, -1, math.inf, -math.inf):
        raise _refuse(ops, ord, axes, "is not supported for matrices by this engine")
    extreme = ops.max if ord > 0 else ops.min
    summed, over = (row_axis, col_axis) if abs(ord) == 1 else (col_axis, row_axis)
    if keepdims:
        return extreme(ops.sum(ops.abs(x), (summed,), True), (over,), True)
    if over > summed:
        over -= 1
    return extreme(ops.sum(ops.abs(x), (summed,), False), (over,), False)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) or type(value).__module__ == "numpy"


def _refuse(ops: ArrayOps, ord: Any, axis: Any, why: str) -> BackendError:
    return BackendError(ops.engine, f"np.linalg.norm(ord={ord!r}, axis={axis!r}) {why}")
