"""``sympy``: exact symbolic derivatives, evaluated in float64 and (as the reference) by mpmath.

The user's function runs on SymPy symbols (numpy/math calls rebound to SymPy functions, arrays
as object arrays of symbols); the expressions are kept for display. Every operator is native:
gradient, Jacobian (what ``Matrix.jacobian`` gives, entry by entry), Hessian, and
hvp/jvp/vjp as the exact matrix times the direction (see :mod:`.sympy_operators`).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..errors import BackendError
from ..problem import Problem, check_one_output
from .base import OPERATORS, Compiled, Engine, describe_failure
from .rebind import rebind, translation_for
from .sympy_operators import SCALAR_OPERATORS, derivative, float_operator, reference_operator

MAX_VARIABLES = 64


class SympySymbolic(Engine):
    """Exact symbolic derivatives; ``Compiled.reference`` evaluates them at 50 digits."""

    name = "sympy"
    description = "exact symbolic derivatives (sympy.diff), evaluated with lambdify/mpmath"
    requires = "sympy"
    exact = True
    operators = frozenset(OPERATORS)
    options = ("max_variables",)
    high_precision = True
    namespace = "sympy"

    def runs_user_code_at_call_time(self, options: dict[str, Any]) -> bool:
        return False  # the values f reads are baked into the expressions/graph at compile time

    def compile(self, problem: Problem, max_variables: int = MAX_VARIABLES,
                operator: str = "gradient") -> Compiled:
        sympy = self.require()
        if problem.n > max_variables:
            raise BackendError(self.name, f"{problem.n} variables is more than gradlab lets "
                               f"SymPy differentiate symbolically ({max_variables}); expressions "
                               "swell. Pass max_variables=... to try anyway")
        if operator not in self.operators:
            raise BackendError(self.name, f"has no derivative operator {operator!r}")
        from .sympy_namespace import symbolic, sympy_namespace

        symbols = [sympy.Symbol(_symbol_name(name), real=True) for name in problem.names]
        func = rebind(problem.func, translation_for("sympy", sympy_namespace()))
        try:
            outputs = _outputs(problem.call(func, symbolic(symbols)), problem, operator)
            found = derivative(operator, outputs, symbols)
            fast = float_operator(found, symbols)
            reference = reference_operator(found, symbols)
        except Exception as err:
            raise describe_failure(self.name, err) from None
        expression = outputs[0] if operator in SCALAR_OPERATORS else outputs
        details = {"expression": expression, "symbols": symbols, "derivative": found.matrix()}
        if operator == "gradient":
            details["gradient"] = found.entries
        return Compiled(fast, reference=reference, details=details,
                        operator=operator)

    def code(self, problem: Problem, operator: str = "gradient", direction: Any = None,
             max_variables: int | None = None) -> str | None:
        from .operator_snippets import sympy_operator_snippet
        from .snippets import sympy_snippet

        if operator != "gradient":
            return sympy_operator_snippet(problem, self.namespace, operator, direction)
        return sympy_snippet(problem, self.namespace)


def _symbol_name(name: str) -> str:
    return re.sub(r"\[(.*)\]", lambda m: "_" + m.group(1).replace(", ", "_"), name)


def _outputs(value: Any, problem: Problem, operator: str) -> list[Any]:
    """The traced output as a list of expressions: one for the operators of a scalar function,
    every value of the array (row-major) for jacobian, jvp and vjp."""
    import sympy

    if operator in SCALAR_OPERATORS:
        if isinstance(value, np.ndarray):
            check_one_output(value.shape, problem.label, "sympy")
        values = [value]
    else:
        values = list(np.asarray(value, dtype=object).reshape(-1))
        _check_output_size(len(values), problem)
    return [_as_expression(v, problem, sympy) for v in values]


def _check_output_size(m: int, problem: Problem) -> None:
    """The trace and the float64 call must agree on the number of outputs."""
    if m != problem.m:
        raise BackendError("sympy", f"the symbolic trace of {problem.label} has {m} outputs; "
                           f"its float64 call has {problem.m}")


def _as_expression(value: Any, problem: Problem, sympy: Any) -> Any:
    if isinstance(value, np.ndarray):
        if value.dtype != object:
            value = value.astype(float)
        value = value.reshape(()).item()
    # a Symbol is both an Expr and a Boolean: only a Boolean that is no Expr is a truth value
    if isinstance(value, (bool, np.bool_)) or (
            isinstance(value, sympy.logic.boolalg.Boolean) and not isinstance(value, sympy.Expr)):
        raise BackendError("sympy", f"{problem.label} returns a truth value, not a number")
    return sympy.sympify(value) if isinstance(value, (int, float, np.number)) else value


