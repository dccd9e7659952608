"""``sympy``: the exact symbolic gradient, evaluated in float64 and (as the reference) by mpmath.

The user's function runs on SymPy symbols (numpy/math calls rebound to SymPy functions, arrays
as object arrays of symbols); the expressions are kept for display.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import BackendError
from ..problem import Problem
from ..translate import Namespace, rebind, translation_for
from .base import Backend, Compiled, describe_failure

MAX_VARIABLES = 64
REFERENCE_DIGITS = 50


class SympySymbolic(Backend):
    def __init__(self) -> None:
        super().__init__(
            name="sympy", requires="sympy", exact=True, options=("max_variables",),
            description="exact symbolic gradient (sympy.diff), evaluated with lambdify/mpmath",
        )

    def compile(self, problem: Problem, max_variables: int = MAX_VARIABLES) -> Compiled:
        sympy = self.require()
        if problem.n > max_variables:
            raise BackendError(self.name, f"{problem.n} variables is more than gradlab lets "
                               f"SymPy differentiate symbolically ({max_variables}); expressions "
                               "swell. Pass max_variables=... to try anyway")
        symbols = [sympy.Symbol(_symbol_name(name), real=True) for name in problem.names]
        flat = np.empty(len(symbols), dtype=object)
        flat[:] = symbols
        func = rebind(problem.func, translation_for("sympy", sympy_namespace()))
        try:
            expression = _as_expression(problem.call(func, flat), problem)
            gradient = [sympy.diff(expression, s) for s in symbols]
        except Exception as err:
            raise describe_failure(self.name, err) from None
        fast = sympy.lambdify(symbols, gradient, modules=["scipy", "numpy"])
        precise = sympy.lambdify(symbols, gradient, modules="mpmath")

        def evaluate(x: np.ndarray) -> np.ndarray:
            with np.errstate(all="ignore"):
                return np.array(fast(*x), dtype=np.float64).reshape(-1)

        def reference(x: np.ndarray) -> np.ndarray:
            import mpmath

            with mpmath.workdps(REFERENCE_DIGITS):
                point = [mpmath.mpf(float(v)) for v in x]
                try:
                    values = precise(*point)
                except (ZeroDivisionError, ValueError, OverflowError):
                    return np.full(len(symbols), np.nan)  # a singular point: not finite
                return np.array([float(mpmath.re(v)) for v in values], dtype=np.float64)

        details = {"expression": expression, "gradient": gradient, "symbols": symbols}
        return Compiled(evaluate, reference=reference, details=details)

    def code(self, problem: Problem, **_: Any) -> str:
        from ..snippets import sympy_snippet

        return sympy_snippet(problem)


def _symbol_name(name: str) -> str:
    return re.sub(r"\[(.*)\]", lambda m: "_" + m.group(1).replace(", ", "_"), name)


def _as_expression(value: Any, problem: Problem) -> Any:
    import sympy

    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise BackendError("sympy", f"{problem.label} returns shape {value.shape}, not a "
                               "scalar")
        value = value.reshape(()).item()
    return sympy.sympify(value) if isinstance(value, (int, float)) else value


def _elementwise(function: Callable[..., Any], nargs: int = 1) -> Callable[..., Any]:
    vectorised = np.frompyfunc(function, nargs, 1)

    def apply(*args: Any, **_: Any) -> Any:
        if any(isinstance(a, np.ndarray) and a.ndim > 0 for a in args):
            return vectorised(*args)
        return function(*(a.item() if isinstance(a, np.ndarray) else a for a in args))

    return apply


def sympy_namespace() -> Namespace:
    import sympy

    one = {
        "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "arcsin": sympy.asin,
        "arccos": sympy.acos, "arctan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh,
        "tanh": sympy.tanh, "arcsinh": sympy.asinh, "arccosh": sympy.acosh,
        "arctanh": sympy.atanh, "exp": sympy.exp, "exp2": lambda x: 2**x,
        "expm1": lambda x: sympy.exp(x) - 1, "log": sympy.log,
        "log2": lambda x: sympy.log(x, 2), "log10": lambda x: sympy.log(x, 10),
        "log1p": lambda x: sympy.log(1 + x), "sqrt": sympy.sqrt, "cbrt": sympy.cbrt,
        "abs": sympy.Abs, "absolute": sympy.Abs, "fabs": sympy.Abs, "sign": sympy.sign,
        "square": lambda x: x**2, "reciprocal": lambda x: 1 / x, "negative": lambda x: -x,
        "floor": sympy.floor, "ceil": sympy.ceiling, "erf": sympy.erf, "erfc": sympy.erfc,
        "expit": lambda x: 1 / (1 + sympy.exp(-x)), "gammaln": sympy.loggamma,
        "deg2rad": lambda x: x * sympy.pi / 180, "rad2deg": lambda x: x * 180 / sympy.pi,
    }
    two = {
        "arctan2": sympy.atan2, "hypot": lambda a, b: sympy.sqrt(a**2 + b**2),
        "power": lambda a, b: a**b, "maximum": sympy.Max, "minimum": sympy.Min,
        "fmax": sympy.Max, "fmin": sympy.Min, "xlogy": lambda a, b: a * sympy.log(b),
    }
    table: dict[str, Any] = {k: _elementwise(v) for k, v in one.items()}
    table |= {k: _elementwise(v, 2) for k, v in two.items()}
    table["where"] = _elementwise(lambda c, a, b: sympy.Piecewise((a, c), (b, True)), 3)
    table["sum"] = _reduce(sympy.Add)
    table["max"] = table["amax"] = _reduce(sympy.Max)
    table["min"] = table["amin"] = _reduce(sympy.Min)
    table["clip"] = _elementwise(lambda a, lo, hi: sympy.Min(sympy.Max(a, lo), hi), 3)
    table["logsumexp"] = lambda a, axis=None, **k: sympy.log(
        _reduce(sympy.Add)(table["exp"](np.asarray(a, dtype=object)), axis))
    table["prod"] = _reduce(sympy.Mul)
    table["mean"] = lambda a, axis=None, **k: _reduce(sympy.Add)(a, axis) / (
        np.size(a) if axis is None else np.shape(a)[axis])
    table["degrees"], table["radians"] = table["rad2deg"], table["deg2rad"]
    def matrix(a: Any) -> Any:
        return sympy.Matrix(np.asarray(a, dtype=object).tolist())

    def as_array(m: Any, shape: tuple[int, ...]) -> np.ndarray:
        out = np.empty(len(m), dtype=object)
        out[:] = list(m)
        return out.reshape(shape)

    linalg = Namespace("sympy", np.linalg, {
        "norm": lambda a, *args, **k: sympy.sqrt(_reduce(sympy.Add)(np.asarray(a) ** 2)),
        "det": lambda a: matrix(a).det(),
        "inv": lambda a: as_array(matrix(a).inv(), np.shape(a)),
        "solve": lambda a, b: as_array(matrix(a).LUsolve(matrix(b) if np.ndim(b) == 2
                                                         else sympy.Matrix(list(b))),
                                       np.shape(b)),
    })
    return Namespace("sympy", np, table, None, {"linalg": linalg})


def _reduce(combine: Callable[..., Any]) -> Callable[..., Any]:
    def reduce(a: Any, axis: Any = None, **_: Any) -> Any:
        array = np.asarray(a, dtype=object)
        if axis is None:
            return combine(*array.ravel())
        return np.apply_along_axis(lambda v: combine(*v), axis, array)

    return reduce
