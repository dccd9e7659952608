"""Products and linear algebra for dual numbers: dot, matmul, inner, outer, norm, inv, det,
solve, with numpy's shape rules. A product of two dual numbers is bilinear: its tangent is
``op(da, b) + op(a, db)`` and its value is computed once.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from ..errors import BackendError
from .dual_core import ENGINE, Dual, apply, directions, operand, refuse, value_of
from .dual_reduce import sum_
from .dual_shape import reshaped
from .semantics import check_arguments

_SLOGDET = type(np.linalg.slogdet(np.eye(1)))  # numpy's (sign, logabsdet) named tuple


def _bilinear(a: Any, b: Any, value: Any, first: Callable[[np.ndarray, Any], np.ndarray],
              second: Callable[[Any, np.ndarray], np.ndarray]) -> Dual:
    k = directions(a, b)
    tangent = np.zeros((k,) + np.shape(value))
    if isinstance(a, Dual):
        tangent = tangent + first(a.tangent, value_of(b))
    if isinstance(b, Dual):
        tangent = tangent + second(value_of(a), b.tangent)
    return Dual(value, tangent)


def dot(a: Any, b: Any, out: Any = None) -> Dual:
    check_arguments(ENGINE, "numpy.dot", {"out": out})
    a, b = operand(a), operand(b)
    va, vb = value_of(a), value_of(b)
    if np.ndim(va) == 0 or np.ndim(vb) == 0:
        return apply("multiply", a, b)
    axis_b = max(np.ndim(vb) - 2, 0)  # numpy.dot contracts a's last axis with b's axis_b
    return _bilinear(
        a, b, np.dot(va, vb),
        lambda ta, vb: np.tensordot(ta, vb, axes=([ta.ndim - 1], [axis_b])),
        lambda va, tb: np.moveaxis(np.tensordot(va, tb, axes=([va.ndim - 1], [axis_b + 1])),
                                   va.ndim - 1, 0))


def _matmul_first(ta: np.ndarray, vb: Any) -> np.ndarray:
    """matmul(da, b) for every direction at once: directions fold into a's rows."""
    if ta.ndim == 2:  # a is a vector: its directions are the rows of a matrix
        product = np.matmul(ta, vb)
        return np.moveaxis(product, -2, 0) if np.ndim(vb) >= 2 else product
    k, p, n = ta.shape[0], ta.shape[-2], ta.shape[-1]
    rows = np.moveaxis(ta, 0, -3).reshape(ta.shape[1:-2] + (k * p, n))
    product = np.matmul(rows, vb)
    if np.ndim(vb) == 1:
        return np.moveaxis(product.reshape(product.shape[:-1] + (k, p)), -2, 0)
    return np.moveaxis(product.reshape(product.shape[:-2] + (k, p, -1)), -3, 0)


def _matmul_second(va: Any, tb: np.ndarray) -> np.ndarray:
    """matmul(a, db) for every direction at once: directions fold into b's columns."""
    if tb.ndim == 2:  # b is a vector: its directions are the columns of a matrix
        columns = tb.T if isinstance(tb, Dual) else np.ascontiguousarray(tb.T)  # BLAS speed
        return np.moveaxis(np.matmul(va, columns), -1, 0)
    k, n, m = tb.shape[0], tb.shape[-2], tb.shape[-1]
    columns = np.moveaxis(tb, 0, -2).reshape(tb.shape[1:-2] + (n, k * m))
    product = np.matmul(va, columns)
    return np.moveaxis(product.reshape(product.shape[:-1] + (k, m)), -2, 0)


def matmul(a: Any, b: Any, /, out: Any = None, **kwargs: Any) -> Dual:
    check_arguments(ENGINE, "numpy.matmul", {"out": out, **kwargs})
    a, b = operand(a), operand(b)
    va, vb = value_of(a), value_of(b)
    return _bilinear(a, b, np.matmul(va, vb), _matmul_first, _matmul_second)


def inner(a: Any, b: Any, /) -> Dual:
    a, b = operand(a), operand(b)
    va, vb = value_of(a), value_of(b)
    if np.ndim(va) == 0 or np.ndim(vb) == 0:
        return apply("multiply", a, b)
    return _bilinear(a, b, np.inner(va, vb), np.inner,
                     lambda va, tb: np.moveaxis(np.inner(va, tb), np.ndim(va) - 1, 0))


def tensordot(a: Any, b: Any, axes: Any = 2) -> Dual:
    a, b = operand(a), operand(b)
    va, vb = value_of(a), value_of(b)
    value = np.tensordot(va, vb, axes)
    if np.ndim(axes) == 0:
        axes_a, axes_b = list(range(np.ndim(va) - axes, np.ndim(va))), list(range(axes))
    else:
        axes_a, axes_b = ([axes[0]], [axes[1]]) if np.ndim(axes[0]) == 0 else axes
        axes_a = list(normalize_axis_tuple(axes_a, np.ndim(va)))
        axes_b = list(normalize_axis_tuple(axes_b, np.ndim(vb)))
    free_a = np.ndim(va) - len(axes_a)
    return _bilinear(
        a, b, value,
        lambda ta, vb: np.tensordot(ta, vb, ([i + 1 for i in axes_a], axes_b)),
        lambda va, tb: np.moveaxis(np.tensordot(va, tb, (axes_a, [i + 1 for i in axes_b])),
                                   free_a, 0))


def einsum(*operands: Any, out: Any = None, optimize: Any = False, **kwargs: Any) -> Dual:
    """Multilinear: one einsum per dual operand, its tangent under a new leading index."""
    check_arguments(ENGINE, "numpy.einsum", {"out": out, **kwargs})
    subscripts, *arrays = operands
    arrays = [operand(a) for a in arrays]
    if not isinstance(subscripts, str):
        raise refuse("numpy.einsum", "the sublist form (subscripts as lists)")
    spec = subscripts.replace(" ", "")
    inputs, arrow, output = spec.partition("->")
    if not arrow:  # numpy's implicit output: labels seen once, sorted, after any ellipsis
        letters = inputs.replace(".", "").replace(",", "")
        output = ("..." if "..." in inputs else "") + "".join(
            sorted(c for c in set(letters) if letters.count(c) == 1))
    terms = inputs.split(",")
    direction = next(c for c in string.ascii_letters if c not in spec)
    values = [value_of(a) for a in arrays]
    value = np.einsum(subscripts, *values, optimize=optimize)
    tangent = np.zeros((directions(*arrays),) + np.shape(value))
    for i, a in enumerate(arrays):
        if isinstance(a, Dual):
            spec_i = ",".join(direction + t if j == i else t for j, t in enumerate(terms))
            tangent = tangent + np.einsum(f"{spec_i}->{direction}{output}",
                                          *values[:i], a.tangent, *values[i + 1:],
                                          optimize=optimize)
    return Dual(value, tangent)


def outer(a: Any, b: Any, out: Any = None) -> Dual:
    check_arguments(ENGINE, "numpy.outer", {"out": out})
    a, b = operand(a), operand(b)
    return apply("multiply", reshaped(a, (-1, 1)), reshaped(b, (1, -1)))


def kron(a: Any, b: Any) -> Dual:
    """numpy's own recipe: a's axes interleaved with b's, multiplied, merged."""
    a, b = operand(a), operand(b)
    va, vb = value_of(a), value_of(b)
    ndim = max(np.ndim(va), np.ndim(vb))
    shape_a = (1,) * (ndim - np.ndim(va)) + np.shape(va)
    shape_b = (1,) * (ndim - np.ndim(vb)) + np.shape(vb)
    spread_a = reshaped(a, tuple(n for d in shape_a for n in (d, 1)))
    spread_b = reshaped(b, tuple(n for d in shape_b for n in (1, d)))
    return reshaped(apply("multiply", spread_a, spread_b),
                    tuple(p * q for p, q in zip(shape_a, shape_b)))


def vdot(a: Any, b: Any, /) -> Dual:
    a, b = operand(a), operand(b)
    return sum_(apply("multiply", reshaped(a, (-1,)), reshaped(b, (-1,))))


def _singular(function: str) -> BackendError:
    return BackendError(ENGINE, f"{function} of a singular matrix: its derivative needs the "
                        "inverse; use the jax engine")


def inv(a: Any) -> Dual:
    try:
        inverse = np.linalg.inv(a.value)
    except np.linalg.LinAlgError:
        raise _singular("numpy.linalg.inv") from None
    return Dual(inverse, -inverse @ a.tangent @ inverse)


def det(a: Any) -> Dual:
    value = np.linalg.det(a.value)
    try:
        inverse = np.linalg.inv(a.value)
    except np.linalg.LinAlgError:
        raise _singular("numpy.linalg.det") from None
    return Dual(value, value * np.einsum("...ij,k...ji->k...", inverse, a.tangent))


def slogdet(a: Any) -> Any:
    sign, logabsdet = np.linalg.slogdet(a.value)
    try:
        inverse = np.linalg.inv(a.value)
    except np.linalg.LinAlgError:
        raise _singular("numpy.linalg.slogdet") from None
    tangent = np.einsum("...ij,k...ji->k...", inverse, a.tangent)
    return _SLOGDET(sign, Dual(logabsdet, tangent))


def solve(a: Any, b: Any) -> Dual:
    va, vb = value_of(a), value_of(b)
    x = np.linalg.solve(va, vb)
    vector = np.ndim(vb) == 1  # numpy 2: b is a vector only when it is 1-d
    k = directions(a, b)
    tb = b.tangent if isinstance(b, Dual) else np.zeros((k,) + np.shape(vb))
    tangent = []
    for j in range(k):
        rhs = np.broadcast_to(tb[j], np.shape(x))
        if isinstance(a, Dual):
            change = np.einsum("...ij,...j->...i", a.tangent[j], x) if vector \
                else np.matmul(a.tangent[j], x)
            rhs = rhs - change
        step = np.linalg.solve(va, rhs[..., None])[..., 0] if vector else np.linalg.solve(va, rhs)
        tangent.append(step)
    return Dual(x, np.stack(tangent))


def handlers() -> dict[Any, Callable[..., Any]]:
    return {np.dot: dot, np.matmul: matmul, np.inner: inner, np.outer: outer, np.vdot: vdot,
            np.kron: kron, np.linalg.inv: inv, np.linalg.det: det,
            np.linalg.solve: solve, np.linalg.slogdet: slogdet, np.einsum: einsum,
            np.tensordot: tensordot}
