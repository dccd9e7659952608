"""Reductions with numpy's axis/keepdims/ord/ddof arguments, as functions and as methods."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .builder import Builder, Value, away_from, distinct

Op = Callable[[Builder, Value], "Value | None"]


def _arguments(b: Builder, v: Value, allow_tuple: bool = True) -> tuple[str, object]:
    """Keyword text for a random axis/keepdims, and the axis drawn."""
    axis = b.axis(v.ndim, allow_tuple=allow_tuple)
    parts = []
    if axis is not None or b.flag():
        parts.append(f"axis={axis!r}")
    keepdims = b.forced.get("keepdims", b.flag())
    if keepdims or b.flag():
        parts.append(f"keepdims={keepdims}")
    return ", ".join(parts), axis


def _groups(array: np.ndarray, axis: object) -> np.ndarray:
    """The reduced groups of ``array`` as rows (one row per output element)."""
    if axis is None:
        return array.reshape(1, -1)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    axes = tuple(a % array.ndim for a in axes)
    moved = np.moveaxis(array, axes, tuple(range(-len(axes), 0)))
    return moved.reshape(-1, math.prod(array.shape[a] for a in axes))


def reduction(function: str, method: bool = False) -> Op:
    """np.<function>(v, axis=..., keepdims=...) or v.<function>(...)."""

    def op(b: Builder, v: Value) -> Value | None:
        if v.ndim == 0:
            return None
        arguments, axis = _arguments(b, v)
        if function in ("max", "min", "amax", "amin") and not distinct(v.array):
            return None
        if function in ("std", "var"):
            ddof = b.choice([0, 1])
            arguments = ", ".join(filter(None, [arguments, f"ddof={ddof}" if ddof else ""]))
            if not np.all(np.var(_groups(v.array, axis), axis=1) > 1e-3):
                return None
        call = f"{v.name}.{function}({arguments})" if method else \
            f"np.{function}({', '.join(filter(None, [v.name, arguments]))})"
        return b.emit(call, f".{function}()" if method else f"np.{function}")

    return op


def positional_axis_sum(b: Builder, v: Value) -> Value | None:
    if v.ndim == 0:
        return None
    return b.emit(f"np.sum({v.name}, {b.integer(-v.ndim, v.ndim - 1)})", "np.sum(v, axis)")


def logsumexp(b: Builder, v: Value) -> Value | None:
    if v.ndim == 0:
        return None
    arguments, _ = _arguments(b, v)
    if b.flag():
        arguments = ", ".join(filter(None, [arguments, f"b={b.constant(v.shape, 0.2, 1.5)}"]))
    return b.emit(f"special.logsumexp({', '.join(filter(None, [v.name, arguments]))})",
                  "special.logsumexp")


VECTOR_ORDS = (None, 1, 2, np.inf, -np.inf, 3, 0.5, -1, -2, 0)
MATRIX_ORDS = (None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf)


def _ord_text(order: object) -> str:
    if isinstance(order, float) and math.isinf(order):
        return "np.inf" if order > 0 else "-np.inf"
    return repr(order)


def norm(b: Builder, v: Value) -> Value | None:
    if v.ndim == 0:
        return None
    forced = b.forced.get("ord", "any")
    if forced != "any":
        kind = "vector" if forced[0] == "vector" else "matrix"
    else:
        kind = b.choice(["vector", "matrix"]) if v.ndim >= 2 else "vector"
    if kind == "matrix" and v.ndim < 2:
        return None
    if kind == "vector":
        axis = None if v.ndim == 1 and b.flag() else b.integer(-v.ndim, v.ndim - 1)
        order = b.choice(VECTOR_ORDS) if forced == "any" else forced[1]
        if not _vector_norm_smooth(v.array, axis, order):
            return None
    else:
        first = b.integer(0, v.ndim - 1)
        second = b.choice([a for a in range(v.ndim) if a != first])
        axis = None if v.ndim == 2 and b.flag() else tuple(
            a - v.ndim if b.flag() else a for a in (first, second))
        order = b.choice(MATRIX_ORDS) if forced == "any" else forced[1]
        if not _matrix_norm_smooth(v.array, axis, order):
            return None
    parts = [v.name]
    if order is not None or b.flag():
        parts.append(f"ord={_ord_text(order)}")
    if axis is not None or b.flag():
        parts.append(f"axis={axis!r}")
    keepdims = b.forced.get("keepdims", b.flag())
    if keepdims or b.flag():
        parts.append(f"keepdims={keepdims}")
    return b.emit(f"np.linalg.norm({', '.join(parts)})", "np.linalg.norm")


def _vector_norm_smooth(array: np.ndarray, axis: object, order: object) -> bool:
    if order in (None, 2):
        return bool(np.all(np.sum(_groups(array, axis) ** 2, axis=1) > 1e-4))
    if not away_from(array, 0.0, 1e-2):  # |x| has a kink at 0
        return False
    return order not in (np.inf, -np.inf) or all(distinct(np.abs(g))
                                                 for g in _groups(array, axis))


def _matrix_norm_smooth(array: np.ndarray, axis: object, order: object) -> bool:
    if array.ndim != 2 and axis is None:
        return False
    axes = (0, 1) if axis is None else tuple(a % array.ndim for a in axis)
    matrices = np.moveaxis(array, axes, (-2, -1)).reshape((-1,) + tuple(array.shape[a]
                                                                        for a in axes))
    if order in (None, "fro"):
        return bool(np.all(np.sum(matrices ** 2, axis=(1, 2)) > 1e-4))
    if order in ("nuc", 2, -2):
        values = np.linalg.svd(matrices, compute_uv=False)
        return bool(np.all(values > 1e-2)) and all(distinct(s, 1e-2) for s in values)
    if not away_from(array, 0.0, 1e-2):
        return False
    sums = np.abs(matrices).sum(axis=1 if order in (1, -1) else 2)
    return all(distinct(s, 1e-3) for s in sums)


def cumsum(b: Builder, v: Value) -> Value | None:
    if v.ndim == 0:
        return None
    axis = b.axis(v.ndim, allow_tuple=False)
    if b.flag():
        return b.emit(f"{v.name}.cumsum({'' if axis is None else f'axis={axis}'})", ".cumsum()")
    return b.emit(f"np.cumsum({v.name}{'' if axis is None else f', axis={axis}'})", "np.cumsum")


def cumprod(b: Builder, v: Value) -> Value | None:
    if v.ndim == 0:
        return None
    axis = b.axis(v.ndim, allow_tuple=False)
    return b.emit(f"np.cumprod({v.name}{'' if axis is None else f', axis={axis}'})",
                  "np.cumprod")


def diff(b: Builder, v: Value) -> Value | None:
    if v.ndim == 0:
        return None
    axis, n = b.integer(-v.ndim, v.ndim - 1), b.choice([1, 2])
    text = f"np.diff({v.name}" + (f", n={n}" if n != 1 else "") + \
        (f", axis={axis}" if axis != -1 or b.flag() else "") + ")"
    return b.emit(text, "np.diff")


def trace(b: Builder, v: Value) -> Value | None:
    if v.ndim != 2:
        return None
    offset = b.choice([0, 0, 1, -1])
    return b.emit(f"np.trace({v.name}" + (f", offset={offset}" if offset else "") + ")",
                  "np.trace")


def clip(b: Builder, v: Value) -> Value | None:
    low = b.number(-1.0, 0.0)
    high = low + b.number(0.2, 1.5)
    if not away_from(v.array, [low, high], 1e-2):
        return None
    return b.emit(f"np.clip({v.name}, {low!r}, {high!r})", "np.clip")


def where(b: Builder, v: Value) -> Value | None:
    threshold = b.number(-0.5, 0.5)
    if not away_from(v.array, threshold, 1e-2):
        return None
    other = b.choice(["np.sin({})", "{} * 2.0", "0.0", "{} ** 2"]).format(v.name)
    return b.emit(f"np.where({v.name} > {threshold!r}, {v.name}, {other})", "np.where")


def sort(b: Builder, v: Value) -> Value | None:
    if v.ndim == 0 or not distinct(v.array):
        return None
    axis = b.integer(-v.ndim, v.ndim - 1)
    return b.emit(f"np.sort({v.name}, axis={axis})", "np.sort")


AXIS_REDUCTIONS = ("np.sum", "np.prod", "np.mean", "np.max", "np.min", "np.amax", "np.amin",
                   "np.std", "np.var", ".sum()", ".prod()", ".mean()", ".max()", ".min()",
                   ".std()", ".var()", "special.logsumexp")
# pinned arguments per operation: each variant is tested on its own
VARIANTS = {name: [{"axis": kind, "keepdims": keep} for kind in ("none", "int", "tuple")
                   for keep in (False, True)] for name in AXIS_REDUCTIONS}
VARIANTS["np.linalg.norm"] = [{"ord": ("vector", o)} for o in VECTOR_ORDS] + [
    {"ord": ("matrix", o), "keepdims": keep} for o in MATRIX_ORDS for keep in (False, True)]


def catalogue() -> dict[str, Op]:
    ops: dict[str, Op] = {}
    for name in ("sum", "prod", "mean", "max", "min", "amax", "amin", "std", "var"):
        ops[f"np.{name}"] = reduction(name)
    for name in ("sum", "prod", "mean", "max", "min", "std", "var"):
        ops[f".{name}()"] = reduction(name, method=True)
    ops |= {"np.sum(v, axis)": positional_axis_sum, "special.logsumexp": logsumexp,
            "np.linalg.norm": norm, "np.cumsum": cumsum, "np.cumprod": cumprod,
            "np.diff": diff, "np.trace": trace, "np.clip": clip, "np.where": where,
            "np.sort": sort}
    return ops
