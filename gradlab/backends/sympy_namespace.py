"""numpy, numpy.linalg and scipy.special as the sympy engine maps them, with numpy's semantics.

Every numpy function reaches the engine's :class:`SymbolicArray` (ufuncs, reductions, methods);
structural functions (``dot``, ``inner``, ``diff``, ``trace``, ``concatenate``...) run numpy's own
object-array code, whose Python operators SymPy implements. What has no symbolic meaning is
refused with a BackendError naming the function.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import BackendError
from .norms import ArrayOps, norm
from .rebind import Namespace
from .semantics import check_arguments
from .sympy_array import ENGINE, SymbolicArray, as_object, clip, lift, numeric, refuse, wrap
from .sympy_functions import where

_METHODS = ("sum", "prod", "mean", "std", "var", "max", "min", "cumsum", "cumprod", "ptp")
_ALIASES = {"amax": "max", "amin": "min"}
_REFUSED = ("sort", "argsort", "argmax", "argmin", "median", "percentile", "quantile", "round",
            "around", "rint", "fix", "nonzero", "flatnonzero", "argwhere", "unique", "searchsorted",
            "all", "any", "nanmax", "nanmin", "nansum", "nanmean", "nanprod", "nanstd", "nanvar")
_OBJECT_CONSTRUCTORS = ("zeros", "ones", "empty", "full", "zeros_like", "ones_like",
                        "empty_like", "full_like", "eye", "identity")


def symbolic(value: Any) -> SymbolicArray:
    """Any array-like (numbers, expressions, arrays) as a SymbolicArray."""
    return as_object(value).view(SymbolicArray)


class _Ufunc:
    """A numpy ufunc whose arguments may be bare SymPy expressions (``np.sin(x[0])``)."""

    def __init__(self, ufunc: np.ufunc):
        self._ufunc = ufunc

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return wrap(self._ufunc(*[lift(a) for a in args], **kwargs))

    def __getattr__(self, method: str) -> Any:
        bound = getattr(self._ufunc, method)
        if not callable(bound):
            return bound
        return lambda *args, **kwargs: wrap(bound(*[lift(a) for a in args], **kwargs))


def _passthrough(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """numpy's own function on object arrays; its failures name the function."""

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return wrap(function(*[lift(a) for a in args], **kwargs))
        except BackendError:
            raise
        except Exception as err:
            raise refuse(f"np.{name}", f"has no SymPy counterpart in gradlab "
                         f"({type(err).__name__}: {err})") from None

    return call


class _NumpyOnSymbols:
    """numpy's callables, adapted to SymbolicArrays; other attributes are numpy's own."""

    def __init__(self, module: Any, prefix: str):
        self._module, self._prefix = module, prefix

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._module, name)
        if isinstance(value, np.ufunc):
            return _Ufunc(value)
        if callable(value) and not isinstance(value, type):
            return _passthrough(f"{self._prefix}{name}", value)
        raise AttributeError(name)


def _method_call(method: str) -> Callable[..., Any]:
    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(symbolic(a), method)(*args, **kwargs)

    call.__name__ = method
    return call


def _refused(name: str) -> Callable[..., Any]:
    original = getattr(np, name)

    def call(*args: Any, **kwargs: Any) -> Any:
        numbers = [numeric(a) for a in args]
        if all(n is not None for n in numbers) and all(
                numeric(v) is not None for v in kwargs.values()):
            return original(*numbers, **{k: numeric(v) for k, v in kwargs.items()})
        raise refuse(f"np.{name}", "needs the numeric values of the variables (it sorts, "
                     "rounds, selects or tests them), which a symbolic trace does not have")

    return call


def _constructor(name: str) -> Callable[..., Any]:
    """np.zeros & co. as object arrays of floats, so that ``out[i] = expression`` works."""
    original = getattr(np, name)

    def call(*args: Any, **kwargs: Any) -> Any:
        dtype = kwargs.get("dtype")
        if dtype is not None and np.dtype(dtype).kind not in "fO":
            return original(*args, **kwargs)
        kwargs["dtype"] = float
        try:
            numbers = original(*args, **kwargs)
        except TypeError:  # full(shape, expression): only an object array can hold it
            kwargs["dtype"] = object
            numbers = original(*args, **kwargs)
        if name.startswith("empty"):
            numbers[...] = 0.0  # never garbage: an unset element would enter the expression
        return symbolic(numbers)

    return call


def _array(name: str) -> Callable[..., Any]:
    original = getattr(np, name)

    def call(values: Any, *args: Any, **kwargs: Any) -> Any:
        if not _symbolic_data(values):
            return original(values, *args, **kwargs)
        if args:
            kwargs["dtype"] = args[0]
        if len(args) > 1:
            raise refuse(f"np.{name}", "with more than a dtype as positional arguments")
        if kwargs.get("ndmin", 0) == 0:
            kwargs.pop("ndmin", None)
        check_arguments(ENGINE, f"np.{name}", kwargs)
        array = symbolic(values)
        return array.copy() if name == "array" else array

    return call


def _symbolic_data(value: Any) -> bool:
    from .sympy_array import _holds_expressions

    return _holds_expressions(value)


def _clip(a: Any, a_min: Any = np._NoValue, a_max: Any = np._NoValue, out: Any = None, *,
          min: Any = np._NoValue, max: Any = np._NoValue, **kwargs: Any) -> Any:
    check_arguments(ENGINE, "np.clip", {"out": out, **kwargs})
    low = min if a_min is np._NoValue else a_min
    high = max if a_max is np._NoValue else a_max
    low, high = (None if v is np._NoValue else v for v in (low, high))
    if low is None and high is None:
        raise refuse("np.clip", "needs a_min or a_max (numpy refuses both None)")
    return clip(a, low, high)


def _where(condition: Any, *values: Any) -> Any:
    if len(values) != 2:
        raise refuse("np.where(condition)", "(the indices where it holds) has no symbolic "
                     "meaning; np.where(condition, a, b) is supported")
    return wrap(_WHERE(*(as_object(v) for v in (condition, *values))))


_WHERE = np.frompyfunc(where, 3, 1)


def _logsumexp(a: Any, axis: Any = None, b: Any = None, keepdims: bool = False,
               return_sign: bool = False) -> Any:
    if return_sign:
        raise refuse("logsumexp(return_sign=True)", "is not supported by this engine")
    terms = np.exp(symbolic(a))
    if b is not None:
        terms = terms * lift(b)
    return np.log(lift(symbolic(terms).sum(axis=axis, keepdims=keepdims)))


def _xlogy(a: Any, b: Any) -> Any:
    return a * np.log(lift(b)) if _symbolic_data(a) or a != 0 else 0.0


def _elementwise(function: Callable[..., Any], nin: int = 1) -> Callable[..., Any]:
    vectorised = np.frompyfunc(function, nin, 1)

    def call(*args: Any, **kwargs: Any) -> Any:
        check_arguments(ENGINE, getattr(function, "__name__", "function"), kwargs)
        return wrap(vectorised(*[as_object(a) for a in args]))

    return call


def _ops() -> ArrayOps:
    return ArrayOps(
        engine=ENGINE, ndim=lambda a: np.ndim(as_object(a)), abs=lambda a: np.abs(lift(a)),
        sqrt=lambda a: np.sqrt(lift(a)), power=lambda a, p: lift(a) ** p,
        square=lambda a: lift(a) * lift(a),
        sum=lambda a, axes, keep: symbolic(a).sum(axes, keepdims=keep),
        max=lambda a, axes, keep: symbolic(a).max(axes, keepdims=keep),
        min=lambda a, axes, keep: symbolic(a).min(axes, keepdims=keep))


def _linalg() -> Namespace:
    import sympy

    def matrix(a: Any, function: str) -> Any:
        array = as_object(a)
        if array.ndim != 2 or array.shape[0] != array.shape[1]:
            raise refuse(f"np.linalg.{function}", f"of shape {array.shape} is not supported "
                         "(one square matrix only)")
        return sympy.Matrix(array.tolist())

    def solve(a: Any, b: Any) -> Any:
        right = as_object(b)
        if right.ndim not in (1, 2):
            raise refuse("np.linalg.solve", f"with b of shape {right.shape} is not supported")
        solution = matrix(a, "solve").LUsolve(sympy.Matrix(right.tolist()))
        return symbolic(np.array(solution.tolist(), dtype=object).reshape(right.shape))

    table: dict[str, Callable[..., Any]] = {
        "norm": functools.partial(norm, _ops()),
        "det": lambda a: matrix(a, "det").det(),
        "inv": lambda a: symbolic(np.array(matrix(a, "inv").inv().tolist(), dtype=object)),
        "solve": solve,
    }
    table = {name: _on_data(getattr(np.linalg, name), f) for name, f in table.items()}
    return Namespace(ENGINE, np.linalg, table, _NumpyOnSymbols(np.linalg, "linalg."))


def _on_data(original: Callable[..., Any], mapped: Callable[..., Any]) -> Callable[..., Any]:
    """``mapped`` when an argument holds a variable; numpy's (scipy's) own on plain data."""

    def call(*args: Any, **kwargs: Any) -> Any:
        if any(_symbolic_data(v) for v in (*args, *kwargs.values())):
            return mapped(*args, **kwargs)
        return original(*args, **kwargs)

    return call


def sympy_namespace() -> Namespace:
    import scipy.special
    import sympy

    table: dict[str, Any] = {m: _method_call(m) for m in _METHODS}
    table |= {alias: table[m] for alias, m in _ALIASES.items()}
    table |= {"clip": _clip, "where": _where}
    table = {name: _on_data(getattr(np, name), f) for name, f in table.items()}
    special = {
        "logsumexp": _logsumexp, "erf": _elementwise(sympy.erf),
        "erfc": _elementwise(sympy.erfc), "expit": _elementwise(lambda x: 1 / (1 + sympy.exp(-x))),
        "gammaln": _elementwise(sympy.loggamma), "xlogy": _elementwise(_xlogy, 2),
    }
    table |= {name: _on_data(getattr(scipy.special, name), f) for name, f in special.items()}
    table |= {name: _refused(name) for name in _REFUSED}
    table |= {name: _constructor(name) for name in _OBJECT_CONSTRUCTORS}
    table |= {name: _array(name) for name in ("array", "asarray", "asanyarray")}
    return Namespace(ENGINE, np, table, _NumpyOnSymbols(np, ""), {"linalg": _linalg()})
