"""numpy, numpy.linalg and scipy.special as the pytensor engine maps them, with numpy's semantics.

``pytensor.tensor`` mirrors much of numpy, but not every signature: ``pt.dot`` of N-d arrays,
``pt.logsumexp`` without ``b=``, reductions without ``out``/``initial``/``where``. Each numpy
function that differs is written here with numpy's arguments, implemented or refused by name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import BackendError
from .norms import ArrayOps, norm
from .rebind import DataArguments, Namespace
from .semantics import check_arguments, normalize_axes, unsupported

ENGINE = "pytensor"
_NO = np._NoValue


def _pt() -> Any:
    import pytensor.tensor as pt

    return pt


def tensor(value: Any) -> Any:
    """Any array-like (numbers, lists of tensors, tensors) as a float64-friendly tensor."""
    pt = _pt()
    if isinstance(value, (list, tuple)):
        return pt.stack([tensor(v) for v in value])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = np.float64(value)
    return pt.as_tensor_variable(value)


def _axes(a: Any, axis: Any, function: str) -> tuple[int, ...]:
    return normalize_axes(axis, a.ndim, ENGINE, f"np.{function}")


def _kept(keepdims: Any) -> bool:
    return keepdims is not _NO and bool(keepdims)


def _reduction(name: str, reduce: Callable[..., Any], combine: Callable[[Any, Any], Any]
               ) -> Callable[..., Any]:
    """numpy's sum/prod/max/min(a, axis, dtype, out, keepdims, initial, where)."""

    def call(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: Any = _NO,
             initial: Any = _NO, where: Any = True) -> Any:
        arguments = {"out": out, "where": where}
        if name in ("sum", "prod"):
            arguments["dtype"] = dtype
        elif dtype is not None:  # max(a, axis, out, ...): the third positional is out
            raise unsupported(ENGINE, f"np.{name}", "out", dtype)
        check_arguments(ENGINE, f"np.{name}", arguments)
        a = tensor(a)
        result = reduce(a, axis=_axes(a, axis, name), keepdims=_kept(keepdims))
        return result if initial is _NO else combine(result, tensor(initial))

    return call


def moment(name: str) -> Callable[..., Any]:
    """numpy's mean/var/std(a, axis, dtype, out, [ddof,] keepdims, where, correction)."""

    def call(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, *args: Any,
             **kwargs: Any) -> Any:
        pt = _pt()
        names = ("keepdims",) if name == "mean" else ("ddof", "keepdims")
        kwargs |= dict(zip(names, args))
        keepdims = _kept(kwargs.pop("keepdims", _NO))
        ddof = kwargs.pop("ddof", 0)
        correction = kwargs.pop("correction", _NO)
        ddof = ddof if correction is _NO else correction
        check_arguments(ENGINE, f"np.{name}", {"dtype": dtype, "out": out, **kwargs})
        a = tensor(a)
        axes = _axes(a, axis, name)
        if name == "mean":
            return pt.mean(a, axis=axes, keepdims=keepdims)
        variance = _variance(a, axes, ddof, keepdims)
        return variance if name == "var" else pt.sqrt(variance)

    return call


def _variance(a: Any, axes: tuple[int, ...], ddof: Any, keepdims: bool) -> Any:
    """numpy's var. pt.var(ddof=1) over several axes divides by (last axis' length - 1)."""
    pt = _pt()
    count = pt.prod([pt.cast(a.shape[i], "float64") for i in axes]) if axes else np.float64(1)
    deviation = a - pt.sum(a, axis=axes, keepdims=True) / count
    return pt.sum(deviation * deviation, axis=axes, keepdims=keepdims) / (count - ddof)


def _accumulation(name: str) -> Callable[..., Any]:
    def call(a: Any, axis: Any = None, dtype: Any = None, out: Any = None) -> Any:
        check_arguments(ENGINE, f"np.{name}", {"dtype": dtype, "out": out})
        a = tensor(a)
        if axis is None:
            return getattr(_pt(), name)(a.flatten())
        (axis,) = _axes(a, axis, name)
        return getattr(_pt(), name)(a, axis=axis)

    return call


def _diff(a: Any, n: int = 1, axis: int = -1, prepend: Any = _NO, append: Any = _NO) -> Any:
    if prepend is not _NO or append is not _NO:
        raise unsupported(ENGINE, "np.diff", "prepend" if prepend is not _NO else "append",
                          "...")
    a = tensor(a)
    (axis,) = _axes(a, axis, "diff")
    return _pt().diff(a, n=int(n), axis=axis)


def _trace(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Any = None,
           out: Any = None) -> Any:
    check_arguments(ENGINE, "np.trace", {"dtype": dtype, "out": out})
    a = tensor(a)
    return _pt().sum(_pt().diagonal(a, offset, axis1, axis2), axis=-1)


def _clip(a: Any, a_min: Any = _NO, a_max: Any = _NO, out: Any = None, *, min: Any = _NO,
          max: Any = _NO, **kwargs: Any) -> Any:
    pt = _pt()
    check_arguments(ENGINE, "np.clip", {"out": out, **kwargs})
    low = min if a_min is _NO else a_min
    high = max if a_max is _NO else a_max
    result = tensor(a)
    if low is not _NO and low is not None:
        result = pt.maximum(result, tensor(low))
    if high is not _NO and high is not None:
        result = pt.minimum(result, tensor(high))
    return result


def _where(condition: Any, *values: Any) -> Any:
    if len(values) != 2:
        raise BackendError(ENGINE, "np.where(condition) (the indices where it holds) has no "
                           "graph counterpart; np.where(condition, a, b) is supported")
    return _pt().where(tensor(condition), tensor(values[0]), tensor(values[1]))


def _dot(a: Any, b: Any, out: Any = None) -> Any:
    check_arguments(ENGINE, "np.dot", {"out": out})
    a, b = tensor(a), tensor(b)
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    return _pt().tensordot(a, b, axes=[[a.ndim - 1], [max(b.ndim - 2, 0)]])


def _inner(a: Any, b: Any) -> Any:
    a, b = tensor(a), tensor(b)
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    return _pt().tensordot(a, b, axes=[[a.ndim - 1], [b.ndim - 1]])


def _outer(a: Any, b: Any, out: Any = None) -> Any:
    check_arguments(ENGINE, "np.outer", {"out": out})
    return tensor(a).flatten()[:, None] * tensor(b).flatten()[None, :]


def _vdot(a: Any, b: Any) -> Any:
    return _pt().sum(tensor(a).flatten() * tensor(b).flatten())


def _logsumexp(a: Any, axis: Any = None, b: Any = None, keepdims: bool = False,
               return_sign: bool = False) -> Any:
    pt = _pt()
    if return_sign:
        raise unsupported(ENGINE, "logsumexp", "return_sign", return_sign)
    a = tensor(a)
    axes = _axes(a, axis, "logsumexp")
    if b is None:
        return pt.logsumexp(a, axis=axes, keepdims=bool(keepdims))
    shift = pt.max(a, axis=axes, keepdims=True)
    total = pt.sum(tensor(b) * pt.exp(a - shift), axis=axes, keepdims=True)
    result = pt.log(total) + shift
    return result if keepdims else result.squeeze(axes)


def _reshape(a: Any, shape: Any = None, order: str = "C", *, newshape: Any = None,
             copy: Any = None) -> Any:
    check_arguments(ENGINE, "np.reshape", {"order": order, "copy": copy})
    if order not in ("C", None):
        raise unsupported(ENGINE, "np.reshape", "order", order)
    shape = newshape if shape is None else shape
    return _pt().reshape(tensor(a), (shape,) if isinstance(shape, (int, np.integer)) else shape)


def _transpose(a: Any, axes: Any = None) -> Any:
    return _pt().transpose(tensor(a), axes)


def _array(values: Any, dtype: Any = None, **kwargs: Any) -> Any:
    """numpy's own array of plain data (integer indices stay integers); a tensor otherwise."""
    if not _holds_variables(values):
        return np.array(values, dtype, **kwargs)
    check_arguments(ENGINE, "np.array", {"dtype": dtype, **kwargs})
    return tensor(values)


def _holds_variables(value: Any) -> bool:
    from pytensor.graph.basic import Variable

    if isinstance(value, (list, tuple)):
        return any(_holds_variables(v) for v in value)
    return isinstance(value, Variable)


def _round(a: Any, decimals: int = 0, out: Any = None) -> Any:
    check_arguments(ENGINE, "np.round", {"out": out})
    if decimals != 0:
        raise unsupported(ENGINE, "np.round", "decimals", decimals)
    return _pt().round(tensor(a), mode="half_to_even")  # numpy rounds halves to even


def _ptp(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NO) -> Any:
    check_arguments(ENGINE, "np.ptp", {"out": out})
    a = tensor(a)
    axes, kept = _axes(a, axis, "ptp"), _kept(keepdims)
    return _pt().max(a, axis=axes, keepdims=kept) - _pt().min(a, axis=axes, keepdims=kept)


def _split(a: Any, indices_or_sections: Any, axis: int = 0) -> list[Any]:
    a = tensor(a)
    (axis,) = _axes(a, axis, "split")
    size = a.type.shape[axis]
    if isinstance(indices_or_sections, (int, np.integer)):
        if size is None or size % indices_or_sections:
            raise BackendError(ENGINE, f"np.split into {indices_or_sections} sections needs a "
                               f"length they divide (axis {axis} has {size})")
        step = size // indices_or_sections
        bounds = list(range(0, size + 1, step))
    else:
        bounds = [0, *indices_or_sections, size]
    index = [slice(None)] * a.ndim

    def part(start: int, stop: int) -> Any:
        index[axis] = slice(start, stop)
        return a[tuple(index)]

    return [part(start, stop) for start, stop in zip(bounds[:-1], bounds[1:])]


def _take_along_axis(arr: Any, indices: Any, axis: Any = -1) -> Any:
    """numpy's default axis is -1 (PyTensor's is 0); axis=None works on the flattened array."""
    arr = tensor(arr)
    if axis is None:
        return _pt().take_along_axis(arr.flatten(), indices, axis=0)
    (axis,) = _axes(arr, axis, "take_along_axis")
    return _pt().take_along_axis(arr, indices, axis=axis)


def _pinv(a: Any, rcond: Any = None, hermitian: bool = False, *, rtol: Any = None) -> Any:
    for name, value in (("rcond", rcond), ("rtol", rtol)):
        if value is not None:
            raise unsupported(ENGINE, "np.linalg.pinv", name, value)
    return _pt().linalg.pinv(tensor(a), hermitian=hermitian)


_CONSTRUCTORS = ("arange", "linspace", "logspace", "geomspace", "zeros", "ones", "full", "empty",
                 "eye", "identity", "tri")


def _constructor(name: str) -> Callable[..., Any]:
    """numpy's own array when no argument is a graph value: pt.arange(1.0, 4.0) is float32."""
    original = getattr(np, name)

    def call(*args: Any, **kwargs: Any) -> Any:
        from pytensor.graph.basic import Variable

        if not any(isinstance(v, Variable) for v in (*args, *kwargs.values())):
            return original(*args, **kwargs)
        return getattr(_pt(), name)(*[tensor(a) for a in args], **kwargs)

    return call


def _ops() -> ArrayOps:
    pt = _pt()
    return ArrayOps(
        engine=ENGINE, ndim=lambda a: tensor(a).ndim, abs=lambda a: pt.abs(tensor(a)),
        sqrt=pt.sqrt, power=lambda a, p: a ** np.float64(p), square=lambda a: a * a,
        sum=lambda a, axes, keep: pt.sum(tensor(a), axis=axes, keepdims=keep),
        max=lambda a, axes, keep: pt.max(a, axis=axes, keepdims=keep),
        min=lambda a, axes, keep: pt.min(a, axis=axes, keepdims=keep))


def _xlogy(a: Any, b: Any) -> Any:
    """scipy's xlogy: 0 where a == 0 (even for b <= 0), with d/da = log(b) there."""
    pt = _pt()
    a, b = tensor(a), tensor(b)
    return a * pt.switch(pt.eq(a, 0) & pt.le(b, 0), np.float64(0.0), pt.log(b))


def _size(a: Any, axis: Any = None) -> Any:
    a = tensor(a)
    if axis is None:
        return a.size
    return _pt().prod([a.shape[i] for i in _axes(a, axis, "size")])


def _average(a: Any, axis: Any = None, weights: Any = None, returned: Any = False, *,
             keepdims: Any = _NO) -> Any:
    """numpy's average: weights of a's shape, or 1-D along the one ``axis``."""
    if returned is not False:
        raise unsupported(ENGINE, "np.average", "returned", returned)
    pt, a = _pt(), tensor(a)
    axes, kept = _axes(a, axis, "average"), _kept(keepdims)
    if weights is None:
        return pt.mean(a, axis=axes, keepdims=kept)
    w = tensor(weights)
    if w.ndim != a.ndim:
        if axis is None or w.ndim != 1 or len(axes) != 1:
            raise BackendError(ENGINE, "np.average: weights of another shape than a must be "
                               "1-D, along one axis given by axis= (as numpy requires)",
                               "np.average(...)")
        w = w.reshape([-1 if i == axes[0] else 1 for i in range(a.ndim)])
    total = pt.sum(w * pt.ones_like(a), axis=axes, keepdims=kept)
    return pt.sum(a * w, axis=axes, keepdims=kept) / total


def _hypot(a: Any, b: Any) -> Any:
    return _pt().sqrt(a * a + b * b)


@functools.cache
def _table() -> dict[str, Any]:
    pt = _pt()
    return {
        "sum": _reduction("sum", pt.sum, lambda r, i: r + i),
        "prod": _reduction("prod", pt.prod, lambda r, i: r * i),
        "max": _reduction("max", pt.max, pt.maximum), "amax": _reduction("max", pt.max,
                                                                           pt.maximum),
        "min": _reduction("min", pt.min, pt.minimum), "amin": _reduction("min", pt.min,
                                                                           pt.minimum),
        "mean": moment("mean"), "var": moment("var"), "std": moment("std"),
        "cumsum": _accumulation("cumsum"), "cumprod": _accumulation("cumprod"),
        "diff": _diff, "trace": _trace, "clip": _clip, "where": _where, "dot": _dot,
        "inner": _inner, "outer": _outer, "vdot": _vdot, "logsumexp": _logsumexp,
        "reshape": _reshape, "transpose": _transpose, "round": _round, "around": _round,
        "ptp": _ptp, "split": _split, "take_along_axis": _take_along_axis,
        "size": _size, "ndim": lambda a: tensor(a).ndim, "average": _average,
        **{name: _constructor(name) for name in _CONSTRUCTORS},
        "hypot": _hypot, "cbrt": lambda a: pt.sign(a) * pt.abs(a) ** (1.0 / 3.0),
        "absolute": pt.abs, "fabs": pt.abs,
        "degrees": lambda a: a * (180.0 / np.pi), "radians": lambda a: a * (np.pi / 180.0),
        "rad2deg": lambda a: a * (180.0 / np.pi), "deg2rad": lambda a: a * (np.pi / 180.0),
        "copysign": lambda a, b: pt.abs(a) * pt.switch(  # numpy reads -0.0's sign bit
            pt.lt(b, 0) | pt.lt(1.0 / b, 0), -1.0, 1.0),
        "array": _array, "asarray": _array,
        "fmax": pt.maximum, "fmin": pt.minimum, "reciprocal": lambda a: 1.0 / a,
        "expit": pt.sigmoid, "gammaln": pt.gammaln,
        "xlogy": _xlogy,
    }


def pytensor_namespace() -> Namespace:
    pt = _pt()
    linalg = Namespace(ENGINE, np.linalg, {"norm": functools.partial(norm, _ops()),
                                           "pinv": _pinv}, pt.linalg, opaque=_variable())
    # numpy's random, not pytensor.tensor.random (symbolic draws, (generator, value) pairs):
    # a seeded draw in f is a constant of f, as under numpy
    return Namespace(ENGINE, np, dict(_table(), random=np.random),
                     DataArguments(pt, _as_float64), {"linalg": linalg}, opaque=_variable())


def _variable() -> type:
    from pytensor.graph.basic import Variable

    return Variable


def _as_float64(value: Any) -> Any:
    """Python numbers as float64 and lists as stacked tensors, in data arguments only."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return np.float64(value)
    if isinstance(value, (list, tuple)):
        return _pt().stack([_as_float64(v) for v in value])
    return value
