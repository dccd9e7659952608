"""Arrays of SymPy expressions that follow numpy's semantics.

The sympy engine hands the user's function an object array of symbols. numpy's own object loops
call Python operators, which SymPy implements (``+``, ``*``, ``**``, ``@``, indexing, reshape,
transpose all keep numpy's semantics), but its comparisons insist on a bool and its math ufuncs
look for a ``.sin()`` method. :class:`SymbolicArray` routes every ufunc to a SymPy function,
implements the reductions with numpy's ``axis``/``keepdims`` semantics, and refuses what has no
symbolic meaning (sorting, ``argmax``, boolean masks that depend on the variables).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .semantics import check_arguments, normalize_axes, unsupported
from .sympy_functions import ENGINE, refuse, ufunc_function

# object loops that call Python operators, which SymPy implements with numpy's meaning
_NATIVE = frozenset({"add", "subtract", "multiply", "true_divide", "negative", "positive",
                     "power", "float_power", "matmul"})
_REFUSED_METHODS = ("argmax", "argmin", "argsort", "sort", "all", "any", "nonzero", "round",
                    "searchsorted", "partition", "argpartition")


class SymbolicArray(np.ndarray):
    """An object ndarray of SymPy expressions; see the module docstring."""

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        out = kwargs.pop("out", None)
        plain = [as_object(a) if isinstance(a, np.ndarray) else a for a in inputs]
        name = ufunc.__name__
        if name in _NATIVE:
            result = getattr(ufunc, method)(*plain, **kwargs)
        else:
            result = _sympy_ufunc(ufunc, method, plain, kwargs)
        result = wrap(result)
        if out is not None:
            out[0][...] = result
            return out[0]
        return result

    def __getitem__(self, key: Any) -> Any:
        try:
            return wrap(super().__getitem__(key))
        except IndexError:
            if _holds_expressions(key):
                raise refuse("indexing with a mask", "that depends on the variables has no "
                             "symbolic meaning (the selected elements change with x); use "
                             "np.where(mask, a, b)") from None
            raise

    def sum(self, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: Any = False,
            initial: Any = np._NoValue, where: Any = True) -> Any:
        check_arguments(ENGINE, "sum", {"dtype": dtype, "out": out, "where": where})
        extra = () if initial is np._NoValue else (initial,)
        return reduce_axes(self, axis, keepdims, "sum", lambda v: _sympy().Add(*v, *extra))

    def prod(self, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: Any = False,
             initial: Any = np._NoValue, where: Any = True) -> Any:
        check_arguments(ENGINE, "prod", {"dtype": dtype, "out": out, "where": where})
        extra = () if initial is np._NoValue else (initial,)
        return reduce_axes(self, axis, keepdims, "prod", lambda v: _sympy().Mul(*v, *extra))

    def max(self, axis: Any = None, out: Any = None, keepdims: Any = False,
            initial: Any = np._NoValue, where: Any = True) -> Any:
        return self._extreme("max", axis, out, keepdims, initial, where)

    def min(self, axis: Any = None, out: Any = None, keepdims: Any = False,
            initial: Any = np._NoValue, where: Any = True) -> Any:
        return self._extreme("min", axis, out, keepdims, initial, where)

    def _extreme(self, name: str, axis: Any, out: Any, keepdims: Any, initial: Any,
                 where: Any) -> Any:
        from .sympy_functions import extreme

        check_arguments(ENGINE, name, {"out": out, "where": where})
        extra = () if initial is np._NoValue else (initial,)
        if self.size == 0 and not extra:
            raise refuse(f"np.{name}", "of an empty array has no value (numpy refuses it too)")
        return reduce_axes(self, axis, keepdims, name, lambda v: extreme(name, *v, *extra))

    def ptp(self, axis: Any = None, out: Any = None, keepdims: Any = False) -> Any:
        check_arguments(ENGINE, "ptp", {"out": out})
        return self.max(axis, keepdims=keepdims) - self.min(axis, keepdims=keepdims)

    def mean(self, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: Any = False,
             *, where: Any = True) -> Any:
        check_arguments(ENGINE, "mean", {"dtype": dtype, "out": out, "where": where})
        count = _count(self, axis, "mean")
        return _divide(self.sum(axis, keepdims=keepdims), count)

    def var(self, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
            keepdims: Any = False, *, where: Any = True, mean: Any = np._NoValue,
            correction: Any = np._NoValue) -> Any:
        check_arguments(ENGINE, "var", {"dtype": dtype, "out": out, "where": where})
        if mean is not np._NoValue:
            raise unsupported(ENGINE, "var", "mean", "...")
        if correction is not np._NoValue:
            ddof = correction
        count = _count(self, axis, "var") - ddof
        deviation = self - self.mean(axis, keepdims=True)
        return _divide((deviation * deviation).sum(axis, keepdims=keepdims), count)

    def std(self, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
            keepdims: Any = False, *, where: Any = True, mean: Any = np._NoValue,
            correction: Any = np._NoValue) -> Any:
        variance = self.var(axis, dtype, out, ddof, keepdims, where=where, mean=mean,
                            correction=correction)
        return np.sqrt(lift(variance))

    def cumsum(self, axis: Any = None, dtype: Any = None, out: Any = None) -> Any:
        check_arguments(ENGINE, "cumsum", {"dtype": dtype, "out": out})
        return _accumulate(np.add, self, axis, "cumsum")

    def cumprod(self, axis: Any = None, dtype: Any = None, out: Any = None) -> Any:
        check_arguments(ENGINE, "cumprod", {"dtype": dtype, "out": out})
        return _accumulate(np.multiply, self, axis, "cumprod")

    def clip(self, min: Any = None, max: Any = None, out: Any = None, **kwargs: Any) -> Any:
        check_arguments(ENGINE, "clip", {"out": out, **kwargs})
        return clip(self, min, max)

    def astype(self, dtype: Any, *args: Any, **kwargs: Any) -> Any:
        if np.dtype(dtype).kind in "fO":
            return self.copy()
        raise refuse(f"astype({np.dtype(dtype).name})", "rounds the variables to integers or "
                     "booleans, which has no symbolic derivative here")

    def __float__(self) -> float:
        raise refuse("float()", "of a symbolic value has no number (SymPy cannot convert it)")


def _refused_method(name: str) -> Callable[..., Any]:
    def method(self: SymbolicArray, *args: Any, **kwargs: Any) -> Any:
        numbers = numeric(self)
        if numbers is not None:  # an array of constants (np.zeros(3) here): numpy's answer
            return getattr(numbers, name)(*args, **kwargs)
        raise refuse(f"x.{name}() / np.{name}", "needs the numeric values of the variables, "
                     "which a symbolic trace does not have")

    return method


for _name in _REFUSED_METHODS:
    setattr(SymbolicArray, _name, _refused_method(_name))


@functools.cache
def _sympy() -> Any:
    import sympy

    return sympy


def numeric(value: Any) -> Any:
    """``value`` as float64 numbers when it holds no variable, else None."""
    if not _holds_expressions(value):
        return value
    try:
        return np.asarray(as_object(value).astype(np.float64))
    except (TypeError, ValueError):
        return None


def as_object(value: Any) -> np.ndarray:
    """``value`` as a plain object ndarray (a view where it already is one)."""
    if isinstance(value, np.ndarray) and value.dtype == object:
        return value.view(np.ndarray)
    return np.array(value, dtype=object)


def lift(value: Any) -> Any:
    """SymPy scalars and sequences holding them as SymbolicArrays; plain numbers unchanged."""
    if isinstance(value, SymbolicArray):
        return value
    if isinstance(value, np.ndarray):
        return value.view(SymbolicArray) if value.dtype == object else value
    if _holds_expressions(value):
        return as_object(value).view(SymbolicArray)
    return value


def clip(a: Any, low: Any, high: Any) -> Any:
    """numpy's clip: minimum(maximum(a, low), high), a missing bound skipped."""
    result = lift(a)
    if low is not None:
        result = np.maximum(result, lift(low))
    if high is not None:
        result = np.minimum(lift(result), lift(high))
    return result


def wrap(result: Any) -> Any:
    """numpy's result on object arrays as a SymbolicArray (0-d results as their expression)."""
    if isinstance(result, np.ndarray):
        if result.ndim == 0 and result.dtype == object:
            return result.item()
        return result.view(SymbolicArray) if result.dtype == object else result
    if isinstance(result, tuple):
        return tuple(wrap(r) for r in result)
    return result


def _holds_expressions(value: Any) -> bool:
    sympy = _sympy()
    if isinstance(value, sympy.Basic):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype == object
    if isinstance(value, (list, tuple)):
        return any(_holds_expressions(v) for v in value)
    return False


def _sympy_ufunc(ufunc: np.ufunc, method: str, inputs: Sequence[Any],
                 kwargs: dict[str, Any]) -> Any:
    name = ufunc.__name__
    function = ufunc_function(name)
    if function is None:
        raise refuse(f"np.{name}", "has no SymPy counterpart in gradlab")
    vectorised = _vectorised(function, ufunc.nin)
    if method == "__call__":
        check_arguments(ENGINE, f"np.{name}", kwargs)
        return vectorised(*inputs)
    if method == "reduce" and ufunc.nin == 2:
        axis = kwargs.pop("axis", 0)
        keepdims = kwargs.pop("keepdims", False)
        check_arguments(ENGINE, f"np.{name}.reduce", kwargs)
        array = lift(inputs[0])
        return reduce_axes(array, axis, keepdims, f"np.{name}.reduce",
                           lambda v: functools.reduce(function, v))
    if method in ("accumulate", "outer"):
        check_arguments(ENGINE, f"np.{name}.{method}", kwargs, ("axis",))
        return getattr(vectorised, method)(*inputs, **kwargs)
    raise refuse(f"np.{name}.{method}", "is not supported by this engine")


@functools.cache
def _vectorised(function: Callable[..., Any], nin: int) -> np.ufunc:
    return np.frompyfunc(function, nin, 1)


def reduce_axes(array: Any, axis: Any, keepdims: Any, function: str,
                combine: Callable[[list[Any]], Any]) -> Any:
    """``combine`` over ``axis`` (None, int, negative, tuple) with numpy's ``keepdims``."""
    plain = as_object(array)
    axes = normalize_axes(axis, plain.ndim, ENGINE, function)
    kept = [d for d in range(plain.ndim) if d not in axes]
    moved = np.transpose(plain, kept + list(axes))
    rows = moved.reshape(moved.shape[:len(kept)] + (-1,))
    result = np.empty(rows.shape[:-1], dtype=object)
    for index in np.ndindex(result.shape):
        result[index] = combine(list(rows[index]))
    if keepdims is not np._NoValue and bool(keepdims):
        result = result.reshape([1 if d in axes else n for d, n in enumerate(plain.shape)])
    return wrap(result)


def _count(array: np.ndarray, axis: Any, function: str) -> int:
    axes = normalize_axes(axis, array.ndim, ENGINE, function)
    return int(np.prod([array.shape[a] for a in axes], dtype=np.int64))


def _divide(total: Any, count: int) -> Any:
    if count <= 0:
        raise refuse("mean/var", f"over {count} elements is not a number (numpy returns nan)")
    return total / _sympy().Integer(count)


def _accumulate(ufunc: np.ufunc, array: np.ndarray, axis: Any, function: str) -> Any:
    plain = as_object(array)
    if axis is None:
        return wrap(ufunc.accumulate(plain.ravel()))
    (axis,) = normalize_axes(axis, plain.ndim, ENGINE, function)
    return wrap(ufunc.accumulate(plain, axis=axis))
