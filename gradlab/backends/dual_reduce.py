"""numpy's reductions and running sums/products for dual numbers, with numpy's arguments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_index

from ..errors import BackendError
from .dual_core import ENGINE, Dual, apply, call_handler, refuse, value_of
from .dual_shape import array
from .semantics import check_arguments, normalize_axes

_NO = np._NoValue


def _dual_data(a: Any, function: str) -> Dual:
    if not isinstance(a, Dual):
        raise refuse(function, "a dual number in an argument other than the array")
    return a


def _given(**arguments: Any) -> dict[str, Any]:
    """The arguments the caller gave (numpy's "no value" marks the ones left out)."""
    return {name: value for name, value in arguments.items() if value is not _NO}


def _keep(keepdims: Any) -> bool:
    return False if keepdims is _NO else bool(keepdims)


def _shifted(axes: tuple[int, ...]) -> tuple[int, ...]:
    """Axes of the value as axes of the tangent (directions come first)."""
    return tuple(axis + 1 for axis in axes)


def _one_axis(axis: Any, ndim: int, function: str) -> int:
    try:
        return normalize_axis_index(axis, ndim)
    except (TypeError, ValueError) as err:
        raise BackendError(ENGINE, f"{function}(axis={axis!r}): {err}") from None


def sum_(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: Any = _NO,
         initial: Any = _NO, where: Any = _NO) -> Dual:
    check_arguments(ENGINE, "numpy.sum", _given(dtype=dtype, out=out))
    a = _dual_data(a, "numpy.sum")
    axes, keep = normalize_axes(axis, a.ndim, ENGINE, "numpy.sum"), _keep(keepdims)
    value = np.sum(a.value, axis=axes, keepdims=keep, initial=initial, where=_mask(where))
    tangent = np.sum(a.tangent, axis=_shifted(axes), keepdims=keep,
                     where=np.broadcast_to(_mask(where), a.shape)[None])
    return Dual(value, tangent)


def _mask(where: Any) -> Any:
    return True if where is _NO else value_of(where)


def mean(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: Any = _NO, *,
         where: Any = _NO) -> Dual:
    check_arguments(ENGINE, "numpy.mean", _given(dtype=dtype, out=out))
    a = _dual_data(a, "numpy.mean")
    axes = normalize_axes(axis, a.ndim, ENGINE, "numpy.mean")
    included = np.broadcast_to(_mask(where), a.shape)
    count = np.sum(included, axis=axes, keepdims=_keep(keepdims))
    return sum_(a, axes, keepdims=keepdims, where=where) / count


def _variance(name: str) -> Callable[..., Any]:
    def variance(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
                 keepdims: Any = _NO, *, where: Any = _NO, mean: Any = _NO,
                 correction: Any = _NO) -> Dual:
        check_arguments(ENGINE, f"numpy.{name}",
                        _given(dtype=dtype, out=out, where=where, mean=mean))
        a = _dual_data(a, f"numpy.{name}")
        if correction is not _NO:
            if ddof != 0:
                raise refuse(f"numpy.{name}", "both ddof and correction")
            ddof = correction
        axes = normalize_axes(axis, a.ndim, ENGINE, f"numpy.{name}")
        count = max(int(np.prod([a.shape[i] for i in axes])) - ddof, 0)
        centered = a - sum_(a, axes, keepdims=True) / int(np.prod([a.shape[i] for i in axes]))
        result = sum_(centered * centered, axes, keepdims=keepdims) / count
        return apply("sqrt", result) if name == "std" else result
    return variance


def _others_product(x: np.ndarray) -> np.ndarray:
    """For each entry along the last axis, the product of all the other entries (zeros too)."""
    ones = np.ones(x.shape[:-1] + (1,))
    before = np.cumprod(np.concatenate([ones, x[..., :-1]], axis=-1), axis=-1)
    after = np.cumprod(np.concatenate([ones, x[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return before * after


def prod(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: Any = _NO,
         initial: Any = _NO, where: Any = _NO) -> Dual:
    check_arguments(ENGINE, "numpy.prod", _given(dtype=dtype, out=out, where=where))
    a = _dual_data(a, "numpy.prod")
    axes = normalize_axes(axis, a.ndim, ENGINE, "numpy.prod")
    value = np.prod(a.value, axis=axes, keepdims=_keep(keepdims), initial=initial)
    kept = [i for i in range(a.ndim) if i not in axes]
    order = kept + list(axes)
    count = int(np.prod([a.shape[i] for i in axes]))
    x = np.transpose(a.value, order).reshape([a.shape[i] for i in kept] + [count])
    t = np.transpose(a.tangent, [0] + [i + 1 for i in order]).reshape((-1,) + x.shape)
    tangent = np.sum(t * _others_product(x), axis=-1) if count else np.zeros(t.shape[:-1])
    factor = 1.0 if initial is _NO else initial
    return Dual(value, (tangent * factor).reshape((-1,) + np.shape(value)))


def extreme(name: str, pick: Callable[..., Any]) -> Callable[..., Any]:
    """max/min: the derivative of the picked entry; ties share it equally (as jax does)."""
    def reduce(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NO,
               initial: Any = _NO, where: Any = _NO) -> Dual:
        check_arguments(ENGINE, f"numpy.{name}", _given(out=out, where=where))
        a = _dual_data(a, f"numpy.{name}")
        axes, keep = normalize_axes(axis, a.ndim, ENGINE, f"numpy.{name}"), _keep(keepdims)
        value = pick(a.value, axis=axes, keepdims=keep, initial=initial)
        hits = a.value == pick(a.value, axis=axes, keepdims=True, initial=initial)
        count = np.sum(hits, axis=axes, keepdims=True)
        share = hits / np.maximum(count, 1)  # none: ``initial`` was picked, a constant
        return Dual(value, np.sum(a.tangent * share, axis=_shifted(axes), keepdims=keep))
    return reduce


def cumsum(a: Any, axis: Any = None, dtype: Any = None, out: Any = None) -> Dual:
    check_arguments(ENGINE, "numpy.cumsum", _given(dtype=dtype, out=out))
    a = _dual_data(a, "numpy.cumsum")
    if axis is None:
        a, axis = a.ravel(), 0
    axis = _one_axis(axis, a.ndim, "numpy.cumsum")
    return Dual(np.cumsum(a.value, axis=axis), np.cumsum(a.tangent, axis=axis + 1))


def cumprod(a: Any, axis: Any = None, dtype: Any = None, out: Any = None) -> Dual:
    """Running product; entry i's derivative wrt entry j <= i is the product of the others."""
    check_arguments(ENGINE, "numpy.cumprod", _given(dtype=dtype, out=out))
    a = _dual_data(a, "numpy.cumprod")
    if axis is None:
        a, axis = a.ravel(), 0
    axis = _one_axis(axis, a.ndim, "numpy.cumprod")
    x = np.moveaxis(a.value, axis, -1)
    m = x.shape[-1]
    without = np.broadcast_to(x[..., None, :], x.shape[:-1] + (m, m)).copy()
    without[..., np.arange(m), np.arange(m)] = 1.0  # row j: entry j replaced by 1
    partial = np.cumprod(without, axis=-1) * np.tri(m, dtype=bool).T  # [j, i]: i >= j
    t = np.moveaxis(a.tangent, axis + 1, -1)
    tangent = np.einsum("...ji,k...j->k...i", partial, t)
    return Dual(np.cumprod(a.value, axis=axis), np.moveaxis(tangent, -1, axis + 1))


def diff(a: Any, n: Any = 1, axis: Any = -1, prepend: Any = _NO, append: Any = _NO) -> Any:
    a = array(a) if isinstance(a, (list, tuple)) else a
    axis = _one_axis(axis, np.ndim(value_of(a)), "numpy.diff")
    np.diff(np.ones((2,) * max(np.ndim(value_of(a)), 1)), n)  # numpy's own check of n
    if n == 0:
        return a
    parts = [a]
    for position, extra in ((0, prepend), (2, append)):
        if extra is not _NO:
            if np.ndim(value_of(extra)) == 0:
                shape = list(np.shape(value_of(a)))
                shape[axis] = 1
                extra = call_handler(np.broadcast_to, extra, tuple(shape)) \
                    if isinstance(extra, Dual) else np.broadcast_to(extra, tuple(shape))
            parts.insert(position if position == 0 else len(parts), extra)
    joined = call_handler(np.concatenate, parts, axis=axis) if len(parts) > 1 else a
    joined = _dual_data(joined, "numpy.diff")
    return Dual(np.diff(joined.value, n, axis), np.diff(joined.tangent, n, axis + 1))


def trace(a: Any, offset: Any = 0, axis1: Any = 0, axis2: Any = 1, dtype: Any = None,
          out: Any = None) -> Dual:
    check_arguments(ENGINE, "numpy.trace", _given(dtype=dtype, out=out))
    return sum_(call_handler(np.diagonal, a, offset, axis1, axis2), axis=-1)


def logsumexp(a: Any, axis: Any = None, b: Any = None, keepdims: bool = False,
              return_sign: bool = False) -> Any:
    """scipy.special.logsumexp for dual numbers, stable: the shift is a constant."""
    a = array(a) if isinstance(a, (list, tuple)) else a
    if not isinstance(a, Dual) and not isinstance(b, Dual):
        from scipy.special import logsumexp as plain

        return plain(a, axis=axis, b=b, keepdims=keepdims, return_sign=return_sign)
    values = np.asarray(value_of(a), dtype=float)
    if b is not None:
        values = np.where(np.asarray(value_of(b)) == 0, -np.inf, values)  # scipy's convention
    axes = normalize_axes(axis, values.ndim, ENGINE, "scipy.special.logsumexp")
    shift = np.max(values, axis=axes, keepdims=True) if values.size else np.zeros(())
    shift = np.where(np.isfinite(shift), shift, 0.0)
    terms = apply("exp", a - shift) if isinstance(a, Dual) else np.exp(values - shift)
    total = sum_(terms if b is None else terms * b, axes, keepdims=True)
    sign = np.sign(total.value)
    result = apply("log", abs(total) if return_sign else total) + shift
    if not keepdims:
        result = call_handler(np.squeeze, result, axes)
        sign = np.squeeze(sign, axes)
    return (result, sign) if return_sign else result


def handlers() -> dict[Any, Callable[..., Any]]:
    return {np.sum: sum_, np.mean: mean, np.prod: prod, np.std: _variance("std"),
            np.var: _variance("var"), np.max: extreme("max", np.max),
            np.amax: extreme("amax", np.max), np.min: extreme("min", np.min),
            np.amin: extreme("amin", np.min), np.cumsum: cumsum, np.cumprod: cumprod,
            np.diff: diff, np.trace: trace}
