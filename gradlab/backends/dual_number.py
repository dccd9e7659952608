"""Forward-mode dual numbers for the ``dual`` engine: the numpy functions they map.

:class:`Dual` (in :mod:`.dual_core`) carries a value and its tangents through numpy's protocols.
This module fills its table of numpy functions; each implements numpy's semantics for every
argument it accepts, or refuses the call with a BackendError naming function and argument.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dual_linalg, dual_norms, dual_reduce, dual_shape
from .dual_core import ENGINE, HANDLERS, UFUNC_METHODS, Dual, apply, call_handler
from .dual_rules import BINARY
from .dual_shape import array
from .semantics import check_arguments

logsumexp = dual_reduce.logsumexp

__all__ = ["Dual", "array", "logsumexp"]


def _outer(ufunc: np.ufunc, a: Any, b: Any, **kwargs: Any) -> Dual:
    check_arguments(ENGINE, f"numpy.{ufunc.__name__}.outer", kwargs)
    if ufunc.__name__ not in BINARY:
        raise dual_reduce.refuse(f"numpy.{ufunc.__name__}.outer", "this ufunc")
    shape_a = np.shape(a.value if isinstance(a, Dual) else a)
    trailing = (1,) * np.ndim(b.value if isinstance(b, Dual) else b)
    widened = call_handler(np.reshape, a, shape_a + trailing) if isinstance(a, Dual) \
        else np.reshape(a, shape_a + trailing)
    return apply(ufunc.__name__, widened, b)


def _along_axis_zero(function: Any) -> Any:
    """A ufunc's reduce/accumulate: numpy's function, but axis 0 by default."""
    def method(ufunc: np.ufunc, a: Any, axis: Any = 0, *args: Any, **kwargs: Any) -> Any:
        return function(a, axis, *args, **kwargs)
    return method


def _extreme_reduce(function: Any) -> Any:
    """maximum.reduce / minimum.reduce: np.max / np.min along axis 0, with a dtype argument."""
    def method(ufunc: np.ufunc, a: Any, axis: Any = 0, dtype: Any = None, out: Any = None,
               keepdims: Any = False, initial: Any = np._NoValue, where: Any = True) -> Any:
        check_arguments(ENGINE, f"numpy.{ufunc.__name__}.reduce", {"dtype": dtype})
        return HANDLERS[function](a, axis, out, keepdims, initial, where)
    return method


HANDLERS.update(dual_shape.handlers())
HANDLERS.update(dual_reduce.handlers())
HANDLERS.update(dual_linalg.handlers())
HANDLERS.update(dual_norms.handlers())
UFUNC_METHODS.update({
    ("*", "outer"): _outer,
    ("add", "reduce"): _along_axis_zero(dual_reduce.sum_),
    ("multiply", "reduce"): _along_axis_zero(dual_reduce.prod),
    ("maximum", "reduce"): _extreme_reduce(np.max),
    ("minimum", "reduce"): _extreme_reduce(np.min),
    ("add", "accumulate"): _along_axis_zero(dual_reduce.cumsum),
    ("multiply", "accumulate"): _along_axis_zero(dual_reduce.cumprod),
})
