"""``sympy``: the exact symbolic gradient, evaluated in float64 and (as the reference) by mpmath.

The user's function runs on SymPy symbols (numpy/math calls rebound to SymPy functions, arrays
as object arrays of symbols); the expressions are kept for display.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..errors import BackendError
from ..problem import Problem, check_one_output
from .base import Compiled, Engine, describe_failure
from .rebind import rebind, translation_for

MAX_VARIABLES = 64
REFERENCE_DIGITS = 50


class SympySymbolic(Engine):
    """The exact symbolic gradient; ``Compiled.reference`` evaluates it at 50 digits."""

    name = "sympy"
    description = "exact symbolic gradient (sympy.diff), evaluated with lambdify/mpmath"
    requires = "sympy"
    exact = True
    options = ("max_variables",)
    high_precision = True
    namespace = "sympy"

    def runs_user_code_at_call_time(self, options: dict[str, Any]) -> bool:
        return False  # the values f reads are baked into the expressions/graph at compile time

    def compile(self, problem: Problem, max_variables: int = MAX_VARIABLES) -> Compiled:
        sympy = self.require()
        if problem.n > max_variables:
            raise BackendError(self.name, f"{problem.n} variables is more than gradlab lets "
                               f"SymPy differentiate symbolically ({max_variables}); expressions "
                               "swell. Pass max_variables=... to try anyway")
        from .sympy_evaluation import differentiate, float_function, mpmath_function
        from .sympy_namespace import symbolic, sympy_namespace

        symbols = [sympy.Symbol(_symbol_name(name), real=True) for name in problem.names]
        func = rebind(problem.func, translation_for("sympy", sympy_namespace()))
        try:
            expression = _as_expression(problem.call(func, symbolic(symbols)), problem)
            gradient = differentiate(expression, symbols)
            fast = float_function(symbols, gradient)
            precise = mpmath_function(symbols, gradient)
        except Exception as err:
            raise describe_failure(self.name, err) from None

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
                except Exception as err:
                    raise describe_failure(self.name, err) from None
                return np.array([_real(v) for v in values], dtype=np.float64)

        details = {"expression": expression, "gradient": gradient, "symbols": symbols}
        return Compiled(evaluate, reference=reference, details=details)

    def code(self, problem: Problem, **_: Any) -> str:
        from .snippets import sympy_snippet

        return sympy_snippet(problem, self.namespace)


def _real(value: Any) -> float:
    """A reference value as numpy computes it: a complex result (sqrt(-1)) is nan, not 0."""
    import mpmath

    if isinstance(value, mpmath.mpc) and value.imag != 0:
        return float("nan")
    return float(mpmath.re(value))


def _symbol_name(name: str) -> str:
    return re.sub(r"\[(.*)\]", lambda m: "_" + m.group(1).replace(", ", "_"), name)


def _as_expression(value: Any, problem: Problem) -> Any:
    import sympy

    if isinstance(value, np.ndarray):
        if value.dtype != object:
            value = value.astype(float)
        check_one_output(value.shape, problem.label, "sympy")
        value = value.reshape(()).item()
    if isinstance(value, (bool, np.bool_)) or isinstance(value, sympy.logic.boolalg.Boolean):
        raise BackendError("sympy", f"{problem.label} returns a truth value, not a number")
    return sympy.sympify(value) if isinstance(value, (int, float, np.number)) else value
