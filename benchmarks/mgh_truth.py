"""50-digit Jacobians and Hessians of the MGH problems, computed without gradlab.

Each residual function in mgh.py runs once more with its ``np`` swapped for a symbolic stand-in
(numpy object arrays of SymPy expressions, elementwise SymPy functions): SymPy differentiates
the expressions and mpmath evaluates them at 50 digits at the float64 starting point (the point
the engines see). Constants are the same float64 numbers the engines use.
"""

from __future__ import annotations

import types

import numpy as np
import sympy

DIGITS = 50


def _elementwise(function):
    vectorised = np.vectorize(function, otypes=[object])
    return lambda a: vectorised(np.asarray(a, dtype=object)) if np.ndim(a) else function(a)


SYMBOLIC_NP = types.SimpleNamespace(
    array=lambda entries: np.array(entries, dtype=object),
    exp=_elementwise(sympy.exp), log=_elementwise(sympy.log), sin=_elementwise(sympy.sin),
    cos=_elementwise(sympy.cos), sqrt=_elementwise(sympy.sqrt), abs=_elementwise(sympy.Abs),
    arctan=_elementwise(sympy.atan), pi=np.pi,
    sum=lambda a: sympy.Add(*np.asarray(a, dtype=object).ravel()),
)


def _on_symbols(function):
    """``function`` with the module global ``np`` bound to :data:`SYMBOLIC_NP`."""
    return types.FunctionType(function.__code__, {**function.__globals__, "np": SYMBOLIC_NP},
                              function.__name__, function.__defaults__, function.__closure__)


def _at(matrix: sympy.Matrix, point: dict) -> sympy.Matrix:
    return matrix.evalf(DIGITS, subs=point)


def _float64(matrix: sympy.Matrix) -> np.ndarray:
    return np.array([[float(v) for v in row] for row in matrix.tolist()], dtype=np.float64)


def derivatives(residuals, x0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(J of r, gradient and Hessian of sum r²) at ``x0``, each entry rounded from 50 digits.

    The gradient 2 J^T r and the Hessian H = 2 sum_i (grad r_i grad r_i^T + r_i Hess r_i) are
    assembled at 50 digits from each residual's value, gradient and Hessian: the same numbers
    as differentiating the sum, from much smaller expressions.
    """
    symbols = sympy.symbols(f"x0:{len(x0)}", real=True)
    point = {s: sympy.Float(float(v), DIGITS) for s, v in zip(symbols, x0, strict=True)}
    r = list(_on_symbols(residuals)(np.array(symbols, dtype=object)))
    jacobian = _at(sympy.Matrix(r).jacobian(symbols), point)
    gradient = sympy.zeros(1, len(symbols))
    hessian = sympy.zeros(len(symbols), len(symbols))
    for i, ri in enumerate(r):
        row = jacobian[i, :]
        value = sympy.sympify(ri).evalf(DIGITS, subs=point)
        gradient += 2 * value * row
        hessian += 2 * (row.T * row + value * _at(sympy.hessian(ri, symbols), point))
    return _float64(jacobian), _float64(gradient)[0], _float64(hessian)
