"""Forward-mode dual numbers: a value and its tangents, carried through numpy's protocols.

``Dual(value, tangent)`` holds ``tangent`` with one leading axis per seed direction, so a chunk
of directions goes through the function in a single pass. numpy calls reach Dual through
``__array_ufunc__`` and ``__array_function__``; ``math`` calls are rebound to numpy by gradlab.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def _value(x: Any) -> Any:
    return x.value if isinstance(x, Dual) else x


def _lift(t: np.ndarray, ndim: int) -> np.ndarray:
    """Tangent ``t`` (directions first) with axes inserted so it broadcasts to ``ndim`` dims."""
    missing = ndim - (t.ndim - 1)
    return t.reshape(t.shape[:1] + (1,) * missing + t.shape[1:]) if missing > 0 else t


class Dual:
    __array_priority__ = 1000

    def __init__(self, value: Any, tangent: np.ndarray):
        self.value = value
        self.tangent = tangent

    # shape and indexing ------------------------------------------------------------------
    shape = property(lambda self: np.shape(self.value))
    ndim = property(lambda self: np.ndim(self.value))
    size = property(lambda self: np.size(self.value))
    T = property(lambda self: self.transpose())
    dtype = property(lambda self: np.result_type(self.value))

    def __len__(self) -> int:
        return len(self.value)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __getitem__(self, index: Any) -> Dual:
        index = index if isinstance(index, tuple) else (index,)
        index = tuple(i.value if isinstance(i, Dual) else i for i in index)
        return Dual(self.value[index], self.tangent[(slice(None),) + index])

    def reshape(self, *shape: Any) -> Dual:
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        value = np.reshape(self.value, shape)
        return Dual(value, self.tangent.reshape(self.tangent.shape[:1] + np.shape(value)))

    def ravel(self) -> Dual:
        return self.reshape(-1)

    flatten = ravel

    def transpose(self, *axes: Any) -> Dual:
        axes = tuple(range(self.ndim))[::-1] if not axes else axes
        axes = axes[0] if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
        return Dual(np.transpose(self.value, axes),
                    np.transpose(self.tangent, (0,) + tuple(a + 1 for a in axes)))

    def sum(self, axis: Any = None, **_: Any) -> Dual:
        return _sum(self, axis)

    def mean(self, axis: Any = None, **_: Any) -> Dual:
        return _sum(self, axis) / (np.size(self.value) / np.size(np.sum(self.value, axis)))

    def dot(self, other: Any) -> Dual:
        return _dot(self, other)

    def __repr__(self) -> str:
        return f"Dual({self.value!r}, tangent={self.tangent!r})"

    def __float__(self) -> float:
        raise TypeError("float() of a dual number would drop its derivative")

    __int__ = __float__

    def __bool__(self) -> bool:
        return bool(self.value)

    # arithmetic --------------------------------------------------------------------------
    def __add__(self, other: Any) -> Dual:
        return _apply("add", self, other)

    def __radd__(self, other: Any) -> Dual:
        return _apply("add", other, self)

    def __sub__(self, other: Any) -> Dual:
        return _apply("subtract", self, other)

    def __rsub__(self, other: Any) -> Dual:
        return _apply("subtract", other, self)

    def __mul__(self, other: Any) -> Dual:
        return _apply("multiply", self, other)

    def __rmul__(self, other: Any) -> Dual:
        return _apply("multiply", other, self)

    def __truediv__(self, other: Any) -> Dual:
        return _apply("divide", self, other)

    def __rtruediv__(self, other: Any) -> Dual:
        return _apply("divide", other, self)

    def __pow__(self, other: Any) -> Dual:
        return _apply("power", self, other)

    def __rpow__(self, other: Any) -> Dual:
        return _apply("power", other, self)

    def __matmul__(self, other: Any) -> Dual:
        return _dot(self, other)

    def __rmatmul__(self, other: Any) -> Dual:
        return _dot(other, self)

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.tangent)

    def __pos__(self) -> Dual:
        return self

    def __abs__(self) -> Dual:
        return _apply("absolute", self)

    def __lt__(self, other: Any) -> Any:
        return self.value < _value(other)

    def __le__(self, other: Any) -> Any:
        return self.value <= _value(other)

    def __gt__(self, other: Any) -> Any:
        return self.value > _value(other)

    def __ge__(self, other: Any) -> Any:
        return self.value >= _value(other)

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        return self.value == _value(other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return self.value != _value(other)

    __hash__ = None  # type: ignore[assignment]

    # numpy protocols ---------------------------------------------------------------------
    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        if method != "__call__" or kwargs.get("out") is not None:
            return NotImplemented
        name = ufunc.__name__
        if name in _COMPARISONS:
            return ufunc(*(_value(i) for i in inputs))
        if name == "matmul":
            return _dot(*inputs)
        if name not in _UNARY and name not in _BINARY:
            raise TypeError(f"numpy.{name} on dual numbers is not supported")
        return _apply(name, *inputs, ufunc=ufunc)

    def __array_function__(self, func: Callable, types: Any, args: Any, kwargs: Any) -> Any:
        handler = _FUNCTIONS.get(func.__name__)
        if handler is None:
            raise TypeError(f"numpy.{func.__name__} on dual numbers is not supported")
        return handler(*args, **kwargs)


# derivative rules: value -> d(result)/d(argument), evaluated with numpy on plain values
_UNARY: dict[str, Callable[[Any, Any], Any]] = {
    "negative": lambda x, y: -np.ones_like(x), "positive": lambda x, y: np.ones_like(x),
    "absolute": lambda x, y: np.sign(x), "sin": lambda x, y: np.cos(x),
    "cos": lambda x, y: -np.sin(x), "tan": lambda x, y: 1 + y * y,
    "arcsin": lambda x, y: 1 / np.sqrt(1 - x * x), "arccos": lambda x, y: -1 / np.sqrt(1 - x * x),
    "arctan": lambda x, y: 1 / (1 + x * x), "sinh": lambda x, y: np.cosh(x),
    "cosh": lambda x, y: np.sinh(x), "tanh": lambda x, y: 1 - y * y,
    "arcsinh": lambda x, y: 1 / np.sqrt(x * x + 1), "arccosh": lambda x, y: 1 / np.sqrt(x * x - 1),
    "arctanh": lambda x, y: 1 / (1 - x * x), "exp": lambda x, y: y,
    "exp2": lambda x, y: y * np.log(2.0), "expm1": lambda x, y: y + 1,
    "log": lambda x, y: 1 / x, "log2": lambda x, y: 1 / (x * np.log(2.0)),
    "log10": lambda x, y: 1 / (x * np.log(10.0)), "log1p": lambda x, y: 1 / (1 + x),
    "sqrt": lambda x, y: 0.5 / y, "cbrt": lambda x, y: 1 / (3 * y * y),
    "square": lambda x, y: 2 * x, "reciprocal": lambda x, y: -y * y,
    "sign": lambda x, y: np.zeros_like(x), "floor": lambda x, y: np.zeros_like(x),
    "ceil": lambda x, y: np.zeros_like(x), "rint": lambda x, y: np.zeros_like(x),
    "deg2rad": lambda x, y: np.full_like(x, np.pi / 180),
    "rad2deg": lambda x, y: np.full_like(x, 180 / np.pi),
}
_UNARY["degrees"], _UNARY["radians"] = _UNARY["rad2deg"], _UNARY["deg2rad"]
_UNARY |= {  # scipy.special ufuncs
    "erf": lambda x, y: 2 / np.sqrt(np.pi) * np.exp(-x * x),
    "erfc": lambda x, y: -2 / np.sqrt(np.pi) * np.exp(-x * x),
    "expit": lambda x, y: y * (1 - y),
    "gammaln": lambda x, y: _digamma(x),
}


def _digamma(x: Any) -> Any:
    from scipy.special import digamma

    return digamma(x)


def array(values: Any, dtype: Any = None, **kwargs: Any) -> Any:
    """np.array for lists that hold dual numbers: one Dual (not an object array of them)."""
    if isinstance(values, (list, tuple)) and _holds_dual(values):
        return _stack([array(v) if isinstance(v, (list, tuple)) else v for v in values])
    return np.array(values, dtype=dtype, **kwargs)


def _holds_dual(values: Any) -> bool:
    return any(isinstance(v, Dual) or (isinstance(v, (list, tuple)) and _holds_dual(v))
               for v in values)


def logsumexp(a: Any, axis: Any = None, **_: Any) -> Any:
    """scipy.special.logsumexp for dual numbers, stable: the shift is a constant."""
    shift = np.max(_value(a), axis=axis, keepdims=True)
    total = np.sum(np.exp(a - shift), axis=axis)
    return np.log(total) + np.squeeze(shift, axis=axis) if axis is not None else \
        np.log(total) + shift.reshape(())


def _power_rules(a: Any, b: Any, y: Any) -> tuple[Any, Any]:
    da = b * np.power(a, b - 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        db = np.where(a > 0, y * np.log(np.where(a > 0, a, 1.0)), 0.0)
    return da, db


_BINARY: dict[str, Callable[[Any, Any, Any], tuple[Any, Any]]] = {
    "add": lambda a, b, y: (1.0, 1.0), "subtract": lambda a, b, y: (1.0, -1.0),
    "multiply": lambda a, b, y: (b, a), "divide": lambda a, b, y: (1 / b, -y / b),
    "true_divide": lambda a, b, y: (1 / b, -y / b), "power": _power_rules,
    "arctan2": lambda a, b, y: (b / (a * a + b * b), -a / (a * a + b * b)),
    "hypot": lambda a, b, y: (a / y, b / y),
    "maximum": lambda a, b, y: (a >= b, a < b), "minimum": lambda a, b, y: (a <= b, a > b),
    "fmax": lambda a, b, y: (a >= b, a < b), "fmin": lambda a, b, y: (a <= b, a > b),
    "copysign": lambda a, b, y: (np.sign(a) * np.sign(y), 0.0),
    "xlogy": lambda a, b, y: (np.log(b), a / b),
}
_COMPARISONS = {"greater", "greater_equal", "less", "less_equal", "equal", "not_equal",
                "isfinite", "isnan", "isinf", "signbit", "logical_and", "logical_or"}


def _apply(name: str, *inputs: Any, ufunc: np.ufunc | None = None) -> Dual:
    ufunc = ufunc or getattr(np, name)
    values = [_value(i) for i in inputs]
    y = ufunc(*values)
    ndim = np.ndim(y)
    if len(inputs) == 1:
        (x,) = inputs
        return Dual(y, _lift(x.tangent, ndim) * _UNARY[name](values[0], y))
    a, b = inputs
    da, db = _BINARY[name](values[0], values[1], y)
    if name == "power" and not isinstance(b, Dual):
        da = values[1] * np.power(values[0], values[1] - 1.0)  # exact for x**2 at x = 0
    tangent = 0.0
    if isinstance(a, Dual):
        tangent = tangent + _lift(a.tangent, ndim) * da
    if isinstance(b, Dual):
        tangent = tangent + _lift(b.tangent, ndim) * db
    k = (a if isinstance(a, Dual) else b).tangent.shape[0]
    return Dual(y, np.broadcast_to(tangent, (k,) + np.shape(y)))


def _sum(x: Any, axis: Any = None, **_: Any) -> Any:
    if not isinstance(x, Dual):
        return np.sum(np.asarray(x), axis=axis)
    if axis is None:
        return Dual(np.sum(x.value), x.tangent.reshape(x.tangent.shape[0], -1).sum(axis=1))
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    axes = tuple(a % max(x.ndim, 1) + 1 for a in axes)
    return Dual(np.sum(x.value, axis=axis), x.tangent.sum(axis=axes))


def _dot(a: Any, b: Any) -> Any:
    if isinstance(a, Dual) and isinstance(b, Dual):
        return _dot(a, b.value) + _dot(a.value, b)
    if isinstance(a, Dual):
        value = np.matmul(a.value, b) if np.ndim(a.value) and np.ndim(b) else a.value * b
        return Dual(value, np.stack([np.matmul(t, b) if np.ndim(t) and np.ndim(b) else t * b
                                     for t in a.tangent]))
    value = np.matmul(a, b.value) if np.ndim(a) and np.ndim(b.value) else a * b.value
    return Dual(value, np.stack([np.matmul(a, t) if np.ndim(a) and np.ndim(t) else a * t
                                 for t in b.tangent]))


def _where(condition: Any, a: Any, b: Any) -> Any:
    condition = _value(condition)
    value = np.where(condition, _value(a), _value(b))
    k = next(i.tangent.shape[0] for i in (a, b) if isinstance(i, Dual))
    ta = _lift(a.tangent, np.ndim(value)) if isinstance(a, Dual) else 0.0
    tb = _lift(b.tangent, np.ndim(value)) if isinstance(b, Dual) else 0.0
    tangent = np.where(condition, ta, tb)
    return Dual(value, np.broadcast_to(tangent, (k,) + np.shape(value)))


def _stack_parts(parts: Any) -> tuple[list[Any], int]:
    k = next(p.tangent.shape[0] for p in parts if isinstance(p, Dual))
    return [p if isinstance(p, Dual) else Dual(np.asarray(p, dtype=float),
                                               np.zeros((k,) + np.shape(p))) for p in parts], k


def _concatenate(parts: Any, axis: int = 0, **_: Any) -> Dual:
    duals, _k = _stack_parts(parts)
    return Dual(np.concatenate([d.value for d in duals], axis=axis),
                np.concatenate([_lift(d.tangent, 1) for d in duals], axis=axis + 1
                               if axis >= 0 else axis))


def _stack(parts: Any, axis: int = 0, **_: Any) -> Dual:
    duals, _k = _stack_parts(parts)
    return Dual(np.stack([d.value for d in duals], axis=axis),
                np.stack([d.tangent for d in duals], axis=axis + 1 if axis >= 0 else axis))


def _prod(x: Dual, axis: Any = None, **_: Any) -> Dual:
    flat = x.ravel() if axis is None else x
    if axis is None:
        result = flat[0]
        for i in range(1, len(flat)):
            result = result * flat[i]
        return result
    raise TypeError("numpy.prod with an axis on dual numbers is not supported")


def _norm(x: Any, ord: Any = None, **_: Any) -> Any:
    if ord not in (None, 2, "fro"):
        raise TypeError(f"numpy.linalg.norm(ord={ord!r}) on dual numbers is not supported")
    return _apply("sqrt", _sum(x * x))


def _inv(a: Dual) -> Dual:
    inverse = np.linalg.inv(a.value)
    return Dual(inverse, -inverse @ a.tangent @ inverse)


def _det(a: Dual) -> Dual:
    value = np.linalg.det(a.value)
    inverse = np.linalg.inv(a.value)
    return Dual(value, value * np.einsum("il,kli->k", inverse, a.tangent))


def _solve(a: Any, b: Any) -> Dual:
    x = np.linalg.solve(_value(a), _value(b))
    k = next(i.tangent.shape[0] for i in (a, b) if isinstance(i, Dual))
    rhs = np.broadcast_to(b.tangent if isinstance(b, Dual) else 0.0, (k,) + np.shape(x))
    if isinstance(a, Dual):
        rhs = rhs - (a.tangent @ x if x.ndim == 2 else np.einsum("kij,j->ki", a.tangent, x))
    moved = np.moveaxis(rhs, 0, -1).reshape(x.shape[0], -1)  # directions as columns
    tangent = np.linalg.solve(_value(a), moved).reshape(np.shape(x) + (k,))
    return Dual(x, np.moveaxis(tangent, -1, 0))


def _extreme(pick: Callable) -> Callable:
    def reduce(x: Any, axis: Any = None, **_: Any) -> Any:
        if axis is not None:
            raise TypeError("numpy max/min with an axis on dual numbers is not supported")
        index = np.unravel_index(pick(x.value), np.shape(x.value))
        return x[index] if index else x
    return reduce


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sum": _sum, "dot": _dot, "matmul": _dot, "inner": _dot, "where": _where,
    "concatenate": _concatenate, "stack": _stack, "prod": _prod, "norm": _norm,
    "mean": lambda x, axis=None, **k: x.mean(axis), "reshape": lambda x, s, **k: x.reshape(s),
    "ravel": lambda x, **k: x.ravel(), "transpose": lambda x, axes=None: x.transpose(
        *(axes or ())), "shape": lambda x: x.shape, "ndim": lambda x: x.ndim,
    "size": lambda x: x.size, "max": _extreme(np.argmax), "amax": _extreme(np.argmax),
    "min": _extreme(np.argmin), "amin": _extreme(np.argmin),
    "diff": lambda x, n=1, **k: x[1:] - x[:-1] if n == 1 else _FUNCTIONS["diff"](
        x[1:] - x[:-1], n - 1),
    "clip": lambda x, lo, hi, **k: _apply("minimum", _apply("maximum", x, lo), hi),
    "abs": lambda x: _apply("absolute", x),
    "trace": lambda x, **k: _sum(x[np.diag_indices(min(x.shape))]),
    "inv": _inv, "det": _det, "solve": _solve,
    "cumsum": lambda x, axis=None, **k: _cumsum(x, axis),
}


def _cumsum(x: Dual, axis: int | None) -> Dual:
    if axis is None:
        x, axis = x.ravel(), 0
    return Dual(np.cumsum(x.value, axis=axis),
                np.cumsum(x.tangent, axis=axis + 1 if axis >= 0 else axis))
