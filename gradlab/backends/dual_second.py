"""Second derivatives with nested dual numbers: forward mode over forward mode, exact.

The point is a dual number whose value is itself a dual number: the inner level carries the n
seed directions (the gradient), the outer level the directions of the Hessian's columns (or v
for H v), and the outer tangent is again a dual number, whose tangent holds the second
derivatives. Every rule of :mod:`gradlab.backends.dual_core` runs unchanged on nested values.

A numpy function whose dual version cannot take nested values fails loudly (a BackendError);
two checks make a silently wrong result unlikely: both levels must give the same gradient, and
the Hessian must be symmetric.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import BackendError
from ..problem import Problem, check_one_output
from .dual_core import Dual, plain_value
from .dual_shape import array

SYMMETRY = 1e-9  # |H - H^T| beyond this share of |H| (Frobenius): something went wrong
AGREEMENT = 1e-12  # the two levels' gradients agree to this relative accuracy
PAIRS = 1 << 12  # inner x outer directions per pass: n * k second derivatives per value


def nested_point(x: np.ndarray, columns: np.ndarray) -> Dual:
    """x as a nested dual number: inner seeds the axes, outer seeds ``columns`` (k, n)."""
    n, k = x.size, columns.shape[0]
    inner = Dual(x.copy(), np.eye(n))
    outer: Any = Dual(np.array(columns, dtype=np.float64), np.zeros((n, k, n)))
    return Dual(inner, outer)  # a tangent that is itself a dual number


def second_derivatives(problem: Problem, func: Callable[..., Any], x: np.ndarray,
                       columns: np.ndarray) -> np.ndarray:
    """H @ columns.T, shape (n, k): one forward-over-forward pass."""
    n, k = x.size, columns.shape[0]
    try:
        result = problem.call(func, nested_point(x, columns))
    except (TypeError, ValueError) as err:
        raise BackendError("dual", "a numpy function in the function does not take nested "
                           f"dual numbers (the Hessian's): {type(err).__name__}: {err}"
                           ) from None
    return _second(result, problem, n, k, columns)


def _second(result: Any, problem: Problem, n: int, k: int, columns: np.ndarray) -> np.ndarray:
    if isinstance(result, (list, tuple)) or (
            isinstance(result, np.ndarray) and result.dtype == object):
        result = array(result)
    check_one_output(np.shape(plain_value(result)), problem.label, "dual")
    if not isinstance(result, Dual):
        float(np.asarray(result, dtype=np.float64).reshape(()))  # a number, not a dual
        return np.zeros((n, k))  # the function does not depend on its variables
    outer = result.tangent
    if not isinstance(outer, Dual):  # the first derivatives do not depend on the variables
        return np.zeros((n, k))
    gradient = _floats(result.value.tangent if isinstance(result.value, Dual) else
                       np.zeros(n), n)
    along = _floats(outer.value, k)
    if not np.allclose(columns @ gradient, along, rtol=AGREEMENT,
                       atol=AGREEMENT * float(np.abs(columns).sum(axis=1).max() *
                                              np.abs(gradient).max())):
        raise BackendError("dual", "the two levels of nested dual numbers disagree on the "
                           "gradient; a numpy function in the function does not support them")
    return _floats(outer.tangent, n * k).reshape(n, k)


def _floats(values: Any, size: int) -> np.ndarray:
    """Plain float64 numbers, ``size`` of them (a Dual or object array here is an error)."""
    out = np.asarray(values)
    if out.dtype == object or isinstance(values, Dual):
        raise BackendError("dual", "nested dual numbers came out as objects; a numpy function "
                           "in the function does not support them")
    return out.astype(np.float64).reshape(size)


def hessian(problem: Problem, func: Callable[..., Any], x: np.ndarray,
            chunk: int) -> np.ndarray:
    """The (n, n) Hessian, ``chunk`` columns per pass (fewer when n * chunk exceeds
    ``PAIRS``: every intermediate value carries n * chunk second derivatives), checked to be
    symmetric."""
    n = problem.n
    chunk = max(1, min(chunk, PAIRS // n))
    parts = []
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        columns = np.zeros((stop - start, n))
        columns[np.arange(stop - start), np.arange(start, stop)] = 1.0
        parts.append(second_derivatives(problem, func, x, columns))
    found = np.concatenate(parts, axis=1)
    if not np.linalg.norm(found - found.T) <= SYMMETRY * np.linalg.norm(found):
        raise BackendError("dual", "the Hessian from nested dual numbers is not symmetric; a "
                           "numpy function in the function does not support them")
    return found


def hvp(problem: Problem, func: Callable[..., Any], x: np.ndarray,
        v: np.ndarray) -> np.ndarray:
    """H v in one pass (the outer level seeded with v)."""
    direction = np.asarray(v, dtype=np.float64).reshape(1, problem.n)
    return second_derivatives(problem, func, x, direction)[:, 0]
