"""Every derivative operator of the sympy engine, exact, in float64 and at 50 digits.

The derivative matrix (gradient, Jacobian or Hessian) is formed symbolically and evaluated at
the point; hvp, jvp and vjp multiply it by the direction after evaluation: in float64 for the
fast path, with mpmath at the reference's precision for ``Compiled.reference`` (the direction's
float64 values are exact binary numbers, so the product is exact to 50 digits).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import BackendError
from .base import describe_failure
from .sympy_evaluation import differentiate, float_function, mpmath_function

ENGINE = "sympy"
REFERENCE_DIGITS = 50
MAX_DIGITS = 800  # the precision the reference may rise to under cancellation
SETTLED_RTOL = 4 * float(np.finfo(np.float64).eps)  # two precisions agree (normwise)
SCALAR_OPERATORS = ("gradient", "hessian", "hvp")  # operators of a scalar function
PRODUCTS = {"hvp": "right", "jvp": "right", "vjp": "left"}  # operator: side the direction goes


@dataclass(frozen=True)
class Derivative:
    """The symbolic derivative an operator evaluates: ``shape`` filled row-major by
    ``entries[k]`` for each k in ``positions`` (a symmetric Hessian stores each entry once)."""

    operator: str
    shape: tuple[int, ...]
    entries: list[Any]
    positions: tuple[int, ...] | None = None  # None: entries fill the shape one to one

    def full(self, values: Sequence[Any]) -> list[Any]:
        """``values`` (one per entry) laid out over the whole shape, row-major."""
        return list(values) if self.positions is None else [values[k] for k in self.positions]

    def matrix(self) -> Any:
        """The derivative as a SymPy Matrix (a column for a gradient), for display."""
        import sympy

        full = self.full(self.entries)
        return sympy.Matrix(self.shape[0], len(full) // self.shape[0], full)


def derivative(operator: str, outputs: Sequence[Any], symbols: Sequence[Any]) -> Derivative:
    """The symbolic gradient, Jacobian (m x n) or Hessian (n x n) ``operator`` needs."""
    n = len(symbols)
    if operator == "gradient":
        return Derivative(operator, (n,), differentiate(outputs[0], symbols))
    if operator in ("hessian", "hvp"):
        upper = _upper_hessian(outputs[0], symbols)
        return Derivative(operator, (n, n), upper, _mirrored(n))
    rows = [differentiate(output, symbols) for output in outputs]
    return Derivative(operator, (len(outputs), n), [entry for row in rows for entry in row])


def _upper_hessian(expression: Any, symbols: Sequence[Any]) -> list[Any]:
    """The Hessian's upper triangle, row by row: the symbolic second derivatives commute, so
    the lower triangle is the same expressions (evaluated once, see :func:`_mirrored`)."""
    entries: list[Any] = []
    for i, first in enumerate(differentiate(expression, symbols)):
        try:
            entries += differentiate(first, symbols[i:])
        except BackendError as err:
            raise BackendError(ENGINE, f"{err.cause} a second time (the Hessian needs it)",
                               err.construct) from None
    return entries


def _mirrored(n: int) -> tuple[int, ...]:
    """For each entry (i, j) of an n x n matrix, row-major: its index in the upper triangle."""
    start = [i * n - i * (i - 1) // 2 for i in range(n)]  # where row i's upper part begins
    return tuple(start[min(i, j)] + abs(j - i) for i in range(n) for j in range(n))


def float_operator(found: Derivative, symbols: Sequence[Any]) -> Callable[..., np.ndarray]:
    """The operator in float64: ``g(x)`` for a matrix, ``g(x, v)`` for a product."""
    fast = float_function(symbols, found.entries)
    unbounded = _unbounded_exponent(found, symbols, fast)
    layout = None if found.positions is None else np.array(found.positions)

    def matrix(x: np.ndarray) -> np.ndarray:
        try:
            with np.errstate(over="raise", divide="ignore", invalid="ignore", under="ignore"):
                values = np.array(fast(*x), dtype=np.float64).reshape(-1)
        except FloatingPointError:  # a term overflowed: finite entries may be wrong too
            values = unbounded(x)
        return (values if layout is None else values[layout]).reshape(found.shape)

    side = PRODUCTS.get(found.operator)
    if side is None:
        return matrix

    def product(x: np.ndarray, direction: np.ndarray) -> np.ndarray:
        d = _direction(direction, found, side)
        with np.errstate(all="ignore"):
            return matrix(x) @ d if side == "right" else d @ matrix(x)

    return product


def _unbounded_exponent(found: Derivative, symbols: Sequence[Any], fast: Callable[..., Any]
                        ) -> Callable[[np.ndarray], np.ndarray]:
    """The entries evaluated again with mpmath (whose exponent has no bound) as the reference
    is (``settled``: 50 digits, more under cancellation) and rounded once, where a term
    overflowed float64: a formula such as exp(x_i) / sum(exp(x)) at x ~ 710 overflows in its
    middle while its value is below 1 (and its finite entries become 0). Only then: a NaN of
    another cause (a kink, 0 / 0) stays, as mpmath's conventions there (sign(0) = 0) are not
    numpy's. Where mpmath raises too (f is singular), the float64 values stay."""
    import mpmath

    function = functools.cache(lambda: mpmath_function(symbols, found.entries))  # when needed

    def at_digits(digits: int, x: np.ndarray) -> list[Any] | None:
        with mpmath.workdps(digits):
            try:
                return list(function()(*[mpmath.mpf(float(v)) for v in x]))
            except (ZeroDivisionError, ValueError, OverflowError):
                return None

    def evaluate(x: np.ndarray) -> np.ndarray:
        precise = settled(lambda digits: at_digits(digits, x))
        if precise is not None:
            return np.array([real(v) for v in precise], dtype=np.float64)
        with np.errstate(all="ignore"):
            return np.array(fast(*x), dtype=np.float64).reshape(-1)

    return evaluate


def reference_operator(found: Derivative, symbols: Sequence[Any]) -> Callable[..., np.ndarray]:
    """The operator evaluated (and multiplied) at 50 digits, rounded once to float64."""
    precise = precise_operator(found, symbols)
    if found.operator not in PRODUCTS:
        return lambda x: _rounded(precise(x), found)
    return lambda x, direction: _rounded(precise(x, direction), found)


def precise_operator(found: Derivative, symbols: Sequence[Any]) -> Callable[..., Any]:
    """The operator at 50 digits, as mpmath numbers in a flat list (None at a singular point).

    The values are exact to the working precision before their one rounding to float64."""
    import mpmath

    values = functools.cache(lambda: mpmath_function(symbols, found.entries))  # when first asked
    rows, columns = found.shape[0], (found.shape[1] if len(found.shape) > 1 else 1)

    def matrix(x: np.ndarray) -> list[Any] | None:
        point, function = [mpmath.mpf(float(v)) for v in x], values()
        try:
            return found.full(list(function(*point)))
        except (ZeroDivisionError, ValueError, OverflowError):
            return None  # a singular point: not finite

    side = PRODUCTS.get(found.operator)

    def evaluate(x: np.ndarray, *direction: np.ndarray) -> list[Any] | None:
        return settled(lambda digits: at_digits(digits, x, *direction))

    def at_digits(digits: int, x: np.ndarray, *direction: np.ndarray) -> list[Any] | None:
        with mpmath.workdps(digits):
            try:
                entries = matrix(x)
            except Exception as err:
                raise describe_failure(ENGINE, err) from None
            if entries is None or side is None:
                return entries
            d = [mpmath.mpf(float(v)) for v in _direction(direction[0], found, side)]
            if side == "right":
                return [mpmath.fdot(entries[i * columns:(i + 1) * columns], d)
                        for i in range(rows)]
            return [mpmath.fdot(entries[j::columns], d) for j in range(columns)]

    return evaluate


def settled(at_digits: Callable[[int], list[Any] | None]) -> list[Any] | None:
    """The values at :data:`REFERENCE_DIGITS`, checked at twice as many digits: where the two
    differ in float64 (cancellation in the formula ate the digits), the precision doubles until
    two agree, up to :data:`MAX_DIGITS`; past it the value is refused, not claimed precise."""
    digits, values = REFERENCE_DIGITS, at_digits(REFERENCE_DIGITS)
    while True:
        finer = at_digits(2 * digits)
        if _agree(values, finer):
            return finer
        if 2 * digits >= MAX_DIGITS:
            raise BackendError(ENGINE, f"its high-precision value does not settle: at {digits} "
                               f"and {2 * digits} digits the derivative differs in float64 "
                               "(cancellation in f's formula)")
        digits, values = 2 * digits, finer


def _agree(a: list[Any] | None, b: list[Any] | None) -> bool:
    """Whether two evaluations round to the same float64 values (within a few ulps)."""
    if a is None or b is None:
        return a is None and b is None
    first = np.array([real(v) for v in a], dtype=np.float64)
    second = np.array([real(v) for v in b], dtype=np.float64)
    if not (np.all(np.isfinite(first)) and np.all(np.isfinite(second))):
        return bool(np.array_equal(first, second, equal_nan=True))
    gap = float(np.linalg.norm(first - second))
    return gap <= SETTLED_RTOL * float(np.linalg.norm(second))


def _direction(direction: np.ndarray, found: Derivative, side: str) -> np.ndarray:
    size = found.shape[1] if side == "right" else found.shape[0]
    d = np.asarray(direction, dtype=np.float64).reshape(-1)
    if d.size != size:
        raise ValueError(f"{found.operator} takes a direction of {size} values, not {d.size}")
    return d


def _rounded(values: list[Any] | None, found: Derivative) -> np.ndarray:
    shape = result_shape(found)
    if values is None:
        return np.full(shape, np.nan)
    return np.array([real(v) for v in values], dtype=np.float64).reshape(shape)


def result_shape(found: Derivative) -> tuple[int, ...]:
    """The flat result's shape: the matrix's, or the product's vector."""
    side = PRODUCTS.get(found.operator)
    if side is None:
        return found.shape
    return (found.shape[0],) if side == "right" else (found.shape[1],)


def real(value: Any) -> float:
    """A reference value as numpy computes it: a complex result (sqrt(-1)) is nan, not 0."""
    import mpmath

    if isinstance(value, mpmath.mpc) and value.imag != 0:
        return float("nan")
    return float(mpmath.re(value))
