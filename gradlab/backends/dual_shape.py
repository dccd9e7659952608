"""numpy functions that move, copy or select entries, for dual numbers.

Most are computed by :func:`gather`: numpy applies the very function, with the user's own
arguments, to the values and to arrays of positions, so axis/order/offset keep numpy's meaning.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

from .dual_core import (
    ENGINE,
    Dual,
    apply,
    call_handler,
    directions,
    gather,
    holds_dual,
    is_object_array,
    operand,
    refuse,
    value_of,
)
from .semantics import check_arguments

GATED = ("out", "dtype", "casting")  # accepted at numpy's neutral value only


class Bound:
    """A call of numpy's ``function`` bound to its signature, neutral arguments checked."""

    def __init__(self, function: Callable[..., Any], args: Any, kwargs: Any,
                 gated: Sequence[str] = GATED):
        self.name = f"numpy.{function.__name__}"
        self.function = function
        bound = inspect.signature(function).bind(*args, **kwargs)
        extra = bound.arguments.pop("kwargs", {})
        check_arguments(ENGINE, self.name, extra)
        checked = {n: bound.arguments.pop(n) for n in gated if n in bound.arguments}
        check_arguments(ENGINE, self.name, checked)
        self.bound = bound
        self.arguments = bound.arguments

    def call(self, **replace: Any) -> Any:
        """numpy's function on these arguments, with some of them replaced."""
        self.arguments.update(replace)
        return self.function(*self.bound.args, **self.bound.kwargs)


def gathering(function: Callable[..., Any], data: str = "a", sequence: bool = False,
              ) -> Callable[..., Any]:
    """The dual version of a numpy function that only rearranges its ``data`` argument(s)."""
    def handler(*args: Any, **kwargs: Any) -> Any:
        call = Bound(function, args, kwargs)
        parts = list(call.arguments[data]) if sequence else [call.arguments[data]]
        if not any(isinstance(p, Dual) for p in parts):
            return call.call()
        return gather(lambda *p: call.call(**{data: list(p) if sequence else p[0]}), parts)
    return handler


def where(condition: Any, x: Any = None, y: Any = None, /) -> Any:
    condition, x, y = value_of(operand(condition)), operand(x), operand(y)
    if x is None and y is None:
        return np.where(condition)
    if x is None or y is None:
        raise refuse("numpy.where", "one of x and y without the other")
    if not isinstance(x, Dual) and not isinstance(y, Dual):
        return np.where(condition, x, y)
    return gather(lambda a, b: np.where(condition, a, b), [x, y])


def sort(a: Any, axis: Any = -1, kind: Any = None, order: Any = None, *,
         stable: Any = None) -> Any:
    if order is not None:
        raise refuse("numpy.sort", f"order={order!r}")
    if axis is None:
        a, axis = ravel(a), -1
    ranks = np.argsort(value_of(a), axis=axis, kind=kind, stable=stable)
    return gather(lambda p: np.take_along_axis(p, ranks, axis=axis), [a])


def clip(a: Any, a_min: Any = np._NoValue, a_max: Any = np._NoValue, out: Any = None, *,
         min: Any = np._NoValue, max: Any = np._NoValue, **kwargs: Any) -> Any:
    check_arguments(ENGINE, "numpy.clip", {"out": out, **kwargs})
    for name, given, alias in (("a_min", a_min, min), ("a_max", a_max, max)):
        if given is not np._NoValue and alias is not np._NoValue:
            raise refuse("numpy.clip", f"both {name} and its alias")
    low = a_min if a_min is not np._NoValue else (None if min is np._NoValue else min)
    high = a_max if a_max is not np._NoValue else (None if max is np._NoValue else max)
    np.clip(value_of(a), value_of(low), value_of(high))  # numpy's own argument checks
    result = a if low is None else apply("maximum", a, low)
    return result if high is None else apply("minimum", result, high)


def ravel(a: Any, order: Literal["C", "F", "A", "K"] = "C") -> Any:
    if order not in ("C", "F", "A"):  # "K" follows the memory layout numpy chose for a view
        raise refuse("numpy.ravel", f"order={order!r}")
    return gather(lambda p: np.ravel(p, order), [a])


def reshaped(x: Any, shape: tuple[int, ...]) -> Any:
    """np.reshape for a dual number or a constant."""
    return gather(lambda p: np.reshape(p, shape), [x]) if isinstance(x, Dual) else \
        np.reshape(x, shape)


def round_(a: Any, decimals: int = 0, out: Any = None) -> Any:
    check_arguments(ENGINE, "numpy.round", {"out": out})
    value = np.round(value_of(a), decimals)
    return Dual(value, np.zeros((directions(a),) + np.shape(value)))


def array(values: Any, dtype: Any = None, **kwargs: Any) -> Any:
    """np.array/np.asarray for dual numbers and lists of them: one Dual (no object array)."""
    if isinstance(values, Dual):
        check_arguments(ENGINE, "numpy.array", {"dtype": dtype, **kwargs})
        return values
    if holds_dual(values):
        check_arguments(ENGINE, "numpy.array", {"dtype": dtype, **kwargs})
        if is_object_array(values):  # one Dual, laid out like the object array
            return call_handler(np.reshape, array(list(values.flat)), values.shape)
        parts = [array(v) if isinstance(v, (list, tuple)) else v for v in values]
        return gather(lambda *p: np.stack(p), parts)
    return np.array(values, dtype=dtype, **kwargs)


def on_values(function: Callable[..., Any]) -> Callable[..., Any]:
    """A numpy function whose result carries no derivative (argmax, shape, isclose, ...)."""
    def handler(*args: Any, **kwargs: Any) -> Any:
        return function(*(value_of(a) for a in args),
                        **{n: value_of(v) for n, v in kwargs.items()})
    return handler


_REARRANGING = (np.reshape, np.transpose, np.swapaxes, np.moveaxis, np.squeeze, np.expand_dims,
                np.flip, np.fliplr, np.flipud, np.roll, np.rot90, np.tile, np.repeat,
                np.broadcast_to, np.diagonal, np.diag, np.diagflat, np.triu, np.tril,
                np.take, np.take_along_axis)
_JOINING = (np.concatenate, np.stack, np.hstack, np.vstack, np.dstack, np.column_stack)
_VALUE_ONLY = (np.shape, np.ndim, np.size, np.argmax, np.argmin, np.argsort, np.nonzero,
               np.count_nonzero, np.isclose, np.allclose, np.any, np.all, np.zeros_like,
               np.ones_like, np.empty_like, np.full_like, np.array_equal, np.searchsorted)


def _first_parameter(function: Callable[..., Any]) -> str:
    return next(iter(inspect.signature(function).parameters))


def handlers() -> dict[Any, Callable[..., Any]]:
    table: dict[Any, Callable[..., Any]] = {
        f: gathering(f, _first_parameter(f)) for f in _REARRANGING}
    table |= {f: gathering(f, _first_parameter(f), sequence=True) for f in _JOINING}
    table |= {f: on_values(f) for f in _VALUE_ONLY}
    table |= {np.array: array, np.where: where, np.sort: sort, np.clip: clip, np.ravel: ravel,
              np.round: round_, np.around: round_,
              np.real: lambda val: val, np.imag: lambda val: val.imag}  # real values
    return table
