"""Forward-mode dual numbers: a value and its tangents, carried through numpy's protocols.

``Dual(value, tangent)`` holds ``tangent`` of shape ``(k,) + shape(value)``: one leading axis per
seed direction, so a chunk of directions goes through the function in a single pass. numpy
calls reach Dual through ``__array_ufunc__`` and ``__array_function__``; ``math`` calls are
rebound to numpy by gradlab. Every numpy function Dual maps lives in :data:`HANDLERS`, filled
by :mod:`gradlab.backends.dual_number`; anything else is refused with a BackendError.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import BackendError
from .dual_rules import BINARY, NON_DIFFERENTIABLE, UNARY
from .semantics import check_arguments

ENGINE = "dual"
HANDLERS: dict[Any, Callable[..., Any]] = {}  # numpy function object -> its dual version
UFUNC_METHODS: dict[tuple[str, str], Callable[..., Any]] = {}  # (ufunc name, method) -> handler


def value_of(x: Any) -> Any:
    return x.value if isinstance(x, Dual) else x


def plain_value(x: Any) -> Any:
    """The plain numbers under ``x``: through every level of nested dual numbers."""
    while isinstance(x, Dual):
        x = x.value
    return x


def directions(*items: Any) -> int:
    """How many seed directions the Dual numbers among ``items`` carry."""
    k = next((i.tangent.shape[0] for i in items if isinstance(i, Dual)), None)
    if k is None:
        raise BackendError(ENGINE, "a dual number only in an argument that carries no "
                           "derivative (a condition, a shape) is not supported")
    return k


def lift(t: np.ndarray, ndim: int) -> np.ndarray:
    """Tangent ``t`` (directions first) with axes inserted so it broadcasts to ``ndim`` dims."""
    missing = ndim - (t.ndim - 1)
    return t.reshape(t.shape[:1] + (1,) * missing + t.shape[1:]) if missing > 0 else t


def holds_dual(values: Any) -> bool:
    """True for a list/tuple (nested or not) or object ndarray with a dual number in it."""
    if is_object_array(values):
        return any(isinstance(v, Dual) or holds_dual(v) for v in values.flat)
    return isinstance(values, (list, tuple)) and any(
        isinstance(v, Dual) or holds_dual(v) for v in values)


def is_object_array(values: Any) -> bool:
    # what a constant ndarray's own methods (c.dot(x), np.ndarray.dot) make of a Dual: numpy
    # does not route them through __array_function__, it iterates the Dual into an object array
    return isinstance(values, np.ndarray) and values.dtype == object


def operand(x: Any) -> Any:
    """An argument as numpy reads an array: a list or object array of duals becomes one Dual."""
    return HANDLERS[np.array](x) if holds_dual(x) else x


def tangent_of(x: Any, k: int) -> np.ndarray:
    """The tangent of ``x``; zeros of the right shape for a constant."""
    return x.tangent if isinstance(x, Dual) else np.zeros((k,) + np.shape(x))


def refuse(function: str, what: str) -> BackendError:
    return BackendError(ENGINE, f"{function}: {what} is not supported on dual numbers; "
                        "use the jax engine")


def call_handler(function: Any, *args: Any, **kwargs: Any) -> Any:
    handler = HANDLERS.get(function)
    if handler is None:
        module = getattr(function, "__module__", None) or "numpy"
        raise BackendError(ENGINE, f"{module}.{function.__name__} is not supported on dual "
                           "numbers; use the jax engine")
    return handler(*args, **kwargs)


class Dual:
    __array_priority__ = 1000

    def __init__(self, value: Any, tangent: np.ndarray):
        if is_object_array(value):  # the tangents of the objects inside would be lost
            raise refuse("a numpy function", "an array of objects (dual numbers inside an "
                         "ndarray of dtype object)")
        self.value = value
        self.tangent = tangent

    # shape and indexing ------------------------------------------------------------------
    shape = property(lambda self: np.shape(self.value))
    ndim = property(lambda self: np.ndim(self.value))
    size = property(lambda self: np.size(self.value))
    T = property(lambda self: self.transpose())
    mT = property(lambda self: call_handler(np.swapaxes, self, -1, -2))
    dtype = property(lambda self: np.result_type(self.value))

    def __len__(self) -> int:
        return len(self.value)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __getitem__(self, index: Any) -> Dual:
        index = index if isinstance(index, tuple) else (index,)
        index = tuple(value_of(i) for i in index)
        if _keeps_direction_axis_first(index):  # a view: no copy of the tangent
            return Dual(self.value[index], self.tangent[(slice(None),) + index])
        return gather(lambda a: a[index], [self])

    # methods: numpy's functions with the array first
    def reshape(self, *shape: Any, order: str = "C", copy: Any = None) -> Dual:
        shape = shape[0] if len(shape) == 1 else shape
        return call_handler(np.reshape, self, shape, order=order, copy=copy)

    def transpose(self, *axes: Any) -> Dual:
        axes = axes[0] if len(axes) == 1 and (axes[0] is None or np.ndim(axes[0]) == 1) else axes
        return call_handler(np.transpose, self, axes or None)

    def ravel(self, order: str = "C") -> Dual:
        return call_handler(np.ravel, self, order)

    def flatten(self, order: str = "C") -> Dual:
        return call_handler(np.ravel, self, order)

    def dot(self, other: Any, out: Any = None) -> Dual:
        return call_handler(np.dot, self, other, out)

    def astype(self, dtype: Any, **kwargs: Any) -> Dual:
        check_arguments(ENGINE, "ndarray.astype", {"dtype": dtype, **kwargs})
        return self

    def copy(self, order: str = "K") -> Dual:
        return self

    real = property(lambda self: self)  # the values are real
    imag = property(lambda self: Dual(np.zeros_like(self.value), np.zeros_like(self.tangent)))

    def conj(self) -> Dual:
        return self

    conjugate = conj

    def item(self, *args: Any) -> Any:
        raise TypeError("item() of a dual number would drop its derivative")

    def __repr__(self) -> str:
        return f"Dual({self.value!r}, tangent={self.tangent!r})"

    def __float__(self) -> float:
        raise TypeError("float() of a dual number would drop its derivative")

    __int__ = __float__

    def __bool__(self) -> bool:
        return bool(self.value)

    # arithmetic --------------------------------------------------------------------------
    def __add__(self, other: Any) -> Dual:
        return apply("add", self, other)

    def __radd__(self, other: Any) -> Dual:
        return apply("add", other, self)

    def __sub__(self, other: Any) -> Dual:
        return apply("subtract", self, other)

    def __rsub__(self, other: Any) -> Dual:
        return apply("subtract", other, self)

    def __mul__(self, other: Any) -> Dual:
        return apply("multiply", self, other)

    def __rmul__(self, other: Any) -> Dual:
        return apply("multiply", other, self)

    def __truediv__(self, other: Any) -> Dual:
        return apply("divide", self, other)

    def __rtruediv__(self, other: Any) -> Dual:
        return apply("divide", other, self)

    def __floordiv__(self, other: Any) -> Dual:
        return apply("floor_divide", self, other)

    def __rfloordiv__(self, other: Any) -> Dual:
        return apply("floor_divide", other, self)

    def __mod__(self, other: Any) -> Dual:
        return apply("remainder", self, other)

    def __rmod__(self, other: Any) -> Dual:
        return apply("remainder", other, self)

    def __pow__(self, other: Any) -> Dual:
        return apply("power", self, other)

    def __rpow__(self, other: Any) -> Dual:
        return apply("power", other, self)

    def __matmul__(self, other: Any) -> Dual:
        return call_handler(np.matmul, self, other)

    def __rmatmul__(self, other: Any) -> Dual:
        return call_handler(np.matmul, other, self)

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.tangent)

    def __pos__(self) -> Dual:
        return self

    def __abs__(self) -> Dual:
        return apply("absolute", self)

    def __lt__(self, other: Any) -> Any:
        return self.value < value_of(other)

    def __le__(self, other: Any) -> Any:
        return self.value <= value_of(other)

    def __gt__(self, other: Any) -> Any:
        return self.value > value_of(other)

    def __ge__(self, other: Any) -> Any:
        return self.value >= value_of(other)

    def __eq__(self, other: Any) -> Any:
        return self.value == value_of(other)

    def __ne__(self, other: Any) -> Any:
        return self.value != value_of(other)

    __hash__ = None  # type: ignore[assignment]

    # numpy protocols ---------------------------------------------------------------------
    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        name = ufunc.__name__
        if name in NON_DIFFERENTIABLE:
            return getattr(ufunc, method)(*(value_of(i) for i in inputs), **kwargs)
        if method != "__call__":
            handler = UFUNC_METHODS.get((name, method)) or UFUNC_METHODS.get(("*", method))
            if handler is None:
                raise refuse(f"numpy.{name}.{method}", "this ufunc method")
            return handler(ufunc, *inputs, **kwargs)
        check_arguments(ENGINE, f"numpy.{name}", kwargs)
        inputs = tuple(operand(i) for i in inputs)
        if name == "matmul":
            return call_handler(np.matmul, *inputs)
        if name not in UNARY and name not in BINARY:
            raise refuse(f"numpy.{name}", "this ufunc")
        return apply(name, *inputs, ufunc=ufunc)

    def __array_function__(self, func: Callable, types: Any, args: Any, kwargs: Any) -> Any:
        return call_handler(func, *args, **kwargs)


def _method(function: Callable[..., Any]) -> Callable[..., Any]:
    def method(self: Dual, *args: Any, **kwargs: Any) -> Any:
        return call_handler(function, self, *args, **kwargs)
    method.__name__ = function.__name__
    return method


# ndarray methods that take numpy's function's arguments after the array (not ndarray.sort:
# it sorts in place)
for _function in (np.sum, np.mean, np.prod, np.max, np.min, np.std, np.var, np.cumsum,
                  np.cumprod, np.clip, np.trace, np.squeeze, np.diagonal, np.swapaxes, np.round,
                  np.repeat, np.take, np.argmax, np.argmin, np.argsort, np.nonzero, np.any,
                  np.all):
    setattr(Dual, _function.__name__, _method(_function))


def _keeps_direction_axis_first(index: tuple[Any, ...]) -> bool:
    """True when ``tangent[(slice(None),) + index]`` puts the directions first.

    With two advanced indices (arrays, or an array and an integer) apart, numpy moves the
    indexed axes to the front instead.
    """
    arrays = sum(1 for i in index if isinstance(i, (list, np.ndarray)) and np.ndim(i) > 0)
    integers = sum(1 for i in index if isinstance(i, (int, np.integer)) or
                   (isinstance(i, np.ndarray) and i.ndim == 0))
    return arrays == 0 or (arrays == 1 and integers == 0)


def chain(t: np.ndarray, d: Any) -> np.ndarray:
    """Tangent ``t`` times derivative ``d``; 0 along directions where the argument stays put.

    sqrt(x) at x = 0 has an infinite derivative, but along a direction that does not move x
    the result does not move either: 0, not 0 * inf = nan.
    """
    product = t * d
    plain = plain_value(d)
    finite = np.isfinite(plain).all() if isinstance(plain, np.ndarray) and plain.ndim \
        else math.isfinite(plain)
    if finite:
        return product
    return np.where(t == 0, 0.0, product)


def apply(name: str, *inputs: Any, ufunc: np.ufunc | None = None) -> Dual:
    """The elementwise function ``name`` (a numpy ufunc) on dual numbers, with broadcasting."""
    ufunc = ufunc or getattr(np, name)
    inputs = tuple(operand(i) for i in inputs)
    values = [value_of(i) for i in inputs]
    y = ufunc(*values)
    ndim = np.ndim(y)
    k = directions(*inputs)
    if len(inputs) == 1:
        with np.errstate(divide="ignore", invalid="ignore"):
            tangent = chain(lift(inputs[0].tangent, ndim), UNARY[name](values[0], y))
        return Dual(y, np.broadcast_to(tangent, (k,) + np.shape(y)))
    a, b = inputs
    with np.errstate(divide="ignore", invalid="ignore"):
        da, db = BINARY[name](values[0], values[1], y, isinstance(b, Dual))
        total: np.ndarray | float = 0.0
        if isinstance(a, Dual):
            total = total + chain(lift(a.tangent, ndim), da)
        if isinstance(b, Dual):
            total = total + chain(lift(b.tangent, ndim), db)
    return Dual(y, np.broadcast_to(total, (k,) + np.shape(y)))


def index_like(value: Any, offset: int) -> np.ndarray:
    """Positions ``offset, offset + 1, ...`` laid out like ``value`` (same shape and order)."""
    array = np.asarray(plain_value(value))
    fortran = array.flags.f_contiguous and not array.flags.c_contiguous  # what order="A" reads
    positions = np.empty(array.shape, dtype=np.intp, order="F" if fortran else "C")
    positions[...] = offset + np.arange(np.size(value)).reshape(np.shape(value))
    return positions


def gather(rearrange: Callable[..., Any], parts: list[Any]) -> Dual:
    """``rearrange(*parts)`` for a numpy function that only moves, copies or zero-fills entries.

    numpy itself applies ``rearrange`` to the values and to arrays of positions, so every
    argument it takes (axis, order, offset, ...) has numpy's meaning exactly; the tangent is
    read at the positions. Position 0 holds a zero, so entries numpy fills with 0 (np.diag,
    np.triu) get a zero tangent.
    """
    parts = [operand(p) for p in parts]
    k = directions(*parts)
    value = rearrange(*(value_of(p) for p in parts))
    pool, offset, positions = [np.zeros((k, 1))], 1, []
    for part in parts:
        positions.append(index_like(value_of(part), offset))
        offset += np.size(value_of(part))
        pool.append(tangent_of(part, k).reshape(k, -1))
    picked = np.asarray(rearrange(*positions))
    if picked.shape != np.shape(value):
        raise refuse("gather", f"a result of shape {np.shape(value)}")
    return Dual(value, np.concatenate(pool, axis=1)[:, picked])
