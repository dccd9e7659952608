"""The symbolic gradient, and its evaluation in float64 and (the reference) with mpmath.

Derivatives follow what numpy-level autodiff computes away from the measure-zero points where
the function is not differentiable: ``sign``, ``floor``, ``ceil`` have derivative 0 (SymPy
gives ``DiracDelta`` or an unevaluated ``Derivative``). Piecewise expressions are printed as
scalar conditional expressions: numpy's ``select``, which SymPy prints by default, refuses
scalar conditions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import BackendError

_SETTINGS = {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}


def differentiate(expression: Any, symbols: Sequence[Any]) -> list[Any]:
    """The gradient of ``expression``, with numpy's derivative 0 for the step functions."""
    import sympy

    if not isinstance(expression, sympy.Expr):
        raise BackendError("sympy", f"the function returns {type(expression).__name__}, not a "
                           "number")
    gradient = [_without_step_derivatives(sympy.diff(expression, s)) for s in symbols]
    for derivative in gradient:
        left = derivative.atoms(sympy.Derivative, sympy.Subs)
        if left:
            raise BackendError("sympy", f"SymPy cannot differentiate {sorted(map(str, left))[0]}")
    return gradient


def _without_step_derivatives(derivative: Any) -> Any:
    import sympy

    steps = (sympy.floor, sympy.ceiling, sympy.sign)

    def of_step(kind: type[Any]) -> Callable[[Any], bool]:
        return lambda e: isinstance(e, kind) and any(
            isinstance(a, steps) for a in sympy.preorder_traversal(e.args[0]))

    # a chain rule through a step function leaves Subs(Derivative(floor(_xi), _xi), _xi, u)
    derivative = derivative.replace(of_step(sympy.Subs), lambda e: sympy.S.Zero)
    derivative = derivative.replace(of_step(sympy.Derivative), lambda e: sympy.S.Zero)
    return derivative.replace(sympy.DiracDelta, lambda *args: sympy.S.Zero)


def float_function(symbols: Sequence[Any], gradient: list[Any]) -> Callable[..., Any]:
    import sympy

    printer = _printers()[0](dict(_SETTINGS))
    helpers = {"_max_of": _float_max, "_min_of": _float_min}
    return sympy.lambdify(symbols, gradient, modules=[helpers, "scipy", "numpy"],
                          printer=printer)


def mpmath_function(symbols: Sequence[Any], gradient: list[Any]) -> Callable[..., Any]:
    import sympy

    printer = _printers()[1](dict(_SETTINGS))
    return sympy.lambdify(symbols, gradient, modules=[{"_max_of": max, "_min_of": min},
                                                      "mpmath"], printer=printer)


def _float_max(*values: float) -> float:
    return np.max(np.array(values, dtype=np.float64))


def _float_min(*values: float) -> float:
    return np.min(np.array(values, dtype=np.float64))


@functools.cache
def _printers() -> tuple[type, type]:
    from sympy.printing.numpy import SciPyPrinter
    from sympy.printing.pycode import MpmathPrinter, PythonCodePrinter

    def print_extreme(name: str) -> Callable[[Any, Any], str]:
        def print_call(self: Any, expr: Any) -> str:
            return f"{name}({', '.join(self._print(a) for a in expr.args)})"

        return print_call

    class FloatPrinter(SciPyPrinter):
        _print_Piecewise = PythonCodePrinter._print_Piecewise

        def _print_Float(self, expr: Any) -> str:  # SymPy prints 15 digits: 17 round-trip
            return repr(float(expr))

        _print_max_of = print_extreme("_max_of")
        _print_min_of = print_extreme("_min_of")

    class PrecisePrinter(MpmathPrinter):
        _print_max_of = print_extreme("_max_of")
        _print_min_of = print_extreme("_min_of")

    return FloatPrinter, PrecisePrinter
