"""The code a user would write for the operators beyond the gradient by finite differences,
numpy.gradient and dual numbers, runnable as shown (see operator_snippets for the layout:
``F`` of one flat vector, the point ``x``, the flat result printed)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..problem import Problem
from .operator_snippets import ARRAY_OPERATORS, check_snippet_request, point_lines
from .snippet_source import flat_wrapper, function_source
from .snippets import dual_class, expression_calls, join_blocks, note_lines

_FLAT_OUTPUTS = "def G(v):  # f's outputs as one flat vector\n    return np.ravel(F(v))\n"
_EPS = "np.finfo(float).eps"


def _numeric_head(problem: Problem, operator: str, direction: Any, complex_step: bool = False,
                  helpers: str = "") -> str:
    """Imports, f, ``F`` (and ``G`` for an array operator), helpers, then x (and v or u)."""
    # complex step needs math's functions to take complex numbers: numpy's stand in for them
    source = function_source(problem, "numpy" if complex_step else None)
    imports = ["import numpy as np"] + [i for i in source.imports if i != "import numpy as np"]
    flat = flat_wrapper(problem, source.name)
    if operator in ARRAY_OPERATORS:
        flat += "\n\n" + _FLAT_OUTPUTS
    return join_blocks(imports, source.code, note_lines(source), flat, helpers,
                       point_lines(problem, operator, direction))


def _steps(step: float | None, base: str, comment: str) -> str:
    if step is not None:
        return f"h = np.full(x.size, {float(step)!r})  # your step\n"
    return f"h = {base} * np.maximum(1.0, np.abs(x))  # {comment}\n"


# --- finite differences: Jacobian and jvp -----------------------------------------------------

_DIFFERENCES = {
    "central": ("def difference(d, t):  # central difference of G along d\n"
                "    return (G(x + t * d) - G(x - t * d)) / (2 * t)\n",
                f"{_EPS} ** (1 / 3)"),
    "forward": ("def difference(d, t):  # forward difference of G along d\n"
                "    return (G(x + t * d) - G(x)) / t\n",
                f"np.sqrt({_EPS})"),
    "complex-step": ("def difference(d, t):  # nothing is subtracted: no round-off\n"
                     "    return G(x + 1j * t * d).imag / t\n",
                     "1e-20"),
    "richardson": ("def central(d, t):\n"
                   "    return (G(x + t * d) - G(x - t * d)) / (2 * t)\n\n\n"
                   "def difference(d, t):  # central differences, halving the step, extrapolated\n"
                   "    D = [central(d, t / 2**j) for j in range(4)]\n"
                   "    for m in range(1, 4):  # Richardson: cancel the t**2, t**4, t**6 terms\n"
                   "        D = [(4**m * D[j + 1] - D[j]) / (4**m - 1)\n"
                   "             for j in range(len(D) - 1)]\n"
                   "    return D[0]\n",
                   f"{_EPS} ** (1 / 9)"),
}


def finite_diff_operator_snippet(problem: Problem, operator: str, method: str = "central",
                                 direction: Any = None, step: float | None = None) -> str | None:
    """The Jacobian and jvp by differences of f's outputs (central, forward, complex step,
    Richardson); the Hessian and hvp by second differences (central, Richardson). None for
    an operator the variant does not compute."""
    check_snippet_request(operator, direction, problem)
    if direction is not None and not np.any(direction):
        return None  # the step along v is scaled by 1 / max |v|: a zero v has none
    if operator in ("jacobian", "jvp") and method in _DIFFERENCES:
        return _first_order(problem, operator, method, direction, step)
    if operator in ("hessian", "hvp") and method in _SECOND:
        return _second_order(problem, operator, method, direction, step)
    return None


def _first_order(problem: Problem, operator: str, method: str, direction: Any,
                 step: float | None) -> str:
    formula, base = _DIFFERENCES[method]
    head = _numeric_head(problem, operator, direction, method == "complex-step", formula)
    if method == "complex-step":
        move = f"{float(step)!r}" if step is not None else "1e-20"
        steps = f"h = np.full(x.size, {move})  # nothing is subtracted, so the step can be tiny\n"
    else:
        steps = _steps(step, base, "a step per variable")
    if operator == "jacobian":
        return head + steps + (
            "E = np.eye(x.size)\n"
            "jacobian = np.array([difference(E[k], h[k]) for k in range(x.size)]).T"
            "  # column k: d/dx_k\n"
            "print(jacobian.tolist())\n")
    along = "1e-20 / np.max(np.abs(v))" if method == "complex-step" and step is None else (
        f"{float(step)!r} / np.max(np.abs(v))" if step is not None else
        f"{base} * max(1.0, np.max(np.abs(x))) / np.max(np.abs(v))")
    return head + (f"t = {along}  # t * v moves x as far as a step along one variable\n"
                   "jvp = difference(v, t)  # the derivative of f along v\n"
                   "print(jvp.tolist())\n")


# --- finite differences: Hessian and hvp ------------------------------------------------------

_SECOND_DIFFERENCES = (
    "def second_differences(h):  # the Hessian by second differences at steps h\n"
    "    E, f0 = np.diag(h), F(x)\n"
    "    H = np.empty((x.size, x.size))\n"
    "    for i in range(x.size):\n"
    "        H[i, i] = (F(x + E[i]) - 2 * f0 + F(x - E[i])) / h[i] ** 2\n"
    "        for j in range(i):\n"
    "            corners = (F(x + E[i] + E[j]) - F(x + E[i] - E[j])\n"
    "                       - F(x - E[i] + E[j]) + F(x - E[i] - E[j]))\n"
    "            H[i, j] = H[j, i] = corners / (4 * h[i] * h[j])\n"
    "    return H\n")
_SECOND = {
    "central": (f"{_EPS} ** (1 / 4)", "round-off eps/h**2 balances truncation h**2",
                "hessian = second_differences(h)\n"),
    "richardson": (f"{_EPS} ** (1 / 8)", "round-off eps/h**2 balances truncation h**6",
                   "D = [second_differences(h / 2**j) for j in range(3)]  # halving the step\n"
                   "for m in range(1, 3):  # Richardson: cancel the h**2, h**4 error terms\n"
                   "    D = [(4**m * D[j + 1] - D[j]) / (4**m - 1) for j in range(len(D) - 1)]\n"
                   "hessian = D[0]\n"),
}
_CENTRAL_GRADIENT = (
    "def gradient(y):  # central differences at steps h\n"
    "    E = np.diag(h)\n"
    "    return np.array([(F(y + E[k]) - F(y - E[k])) / (2 * h[k]) for k in range(y.size)])\n")


def _second_order(problem: Problem, operator: str, method: str, direction: Any,
                  step: float | None) -> str:
    base, why, compute = _SECOND[method]
    if operator == "hvp" and method == "central":
        head = _numeric_head(problem, operator, direction, helpers=_CENTRAL_GRADIENT)
        move = f"{float(step)!r}" if step is not None else \
            f"{base} * max(1.0, np.max(np.abs(x)))"
        return head + _steps(step, base, why) + (
            f"t = {move} / np.max(np.abs(v))  # t * v moves x as far as h does\n"
            "hvp = (gradient(x + t * v) - gradient(x - t * v)) / (2 * t)"
            "  # the gradient's change along v\n"
            "print(hvp.tolist())\n")
    head = _numeric_head(problem, operator, direction, helpers=_SECOND_DIFFERENCES)
    result = "hvp = hessian @ v\n" if operator == "hvp" else ""
    return head + _steps(step, base, why) + compute + result + f"print({operator}.tolist())\n"


# --- numpy.gradient ---------------------------------------------------------------------------

_NUMPY_JACOBIAN = (
    "E = np.eye(x.size)\n"
    "columns = []\n"
    "for k in range(x.size):  # sample f's outputs on the line through x along variable k\n"
    "    samples = np.array([G(x + s * h[k] * E[k]) for s in range(-2, 3)])\n"
    "    columns.append(np.gradient(samples, h[k], axis=0, edge_order={order})[2])"
    "  # x is sample 2\n"
    "jacobian = np.array(columns).T\n"
    "print(jacobian.tolist())\n")
_NUMPY_HESSIAN = (
    "E, s = np.eye(x.size), np.arange(-2, 3)\n"
    "hessian = np.empty((x.size, x.size))\n"
    "for i in range(x.size):\n"
    "    for j in range(x.size):  # f on a 5 x 5 grid in the plane of variables i and j\n"
    "        grid = np.array([[F(x + a * h[i] * E[i] + b * h[j] * E[j]) for b in s] for a in s])\n"
    "        along_i = np.gradient(grid, h[i], axis=0, edge_order={order})\n"
    "        hessian[i, j] = np.gradient(along_i, h[j], axis=1, edge_order={order})[2, 2]\n"
    "print(hessian.tolist())\n")


def numpy_operator_snippet(problem: Problem, operator: str, direction: Any = None,
                           step: float | None = None, edge_order: int = 2,
                           position: str = "center") -> str | None:
    """numpy.gradient of samples of each output (the Jacobian), numpy.gradient applied twice
    (the Hessian; for i == j the grid's diagonal line gives numpy.gradient of numpy.gradient
    of the line samples). None for the other operators and for position='edge'."""
    check_snippet_request(operator, direction, problem)
    if operator not in ("jacobian", "hessian") or position != "center":
        return None
    head = _numeric_head(problem, operator, direction)
    if operator == "jacobian":
        return head + _steps(step, f"{_EPS} ** (1 / 3)", "a step per variable") \
            + _NUMPY_JACOBIAN.format(order=edge_order)
    return head + _steps(step, f"{_EPS} ** (1 / 4) / 2", "the formula spans 2h ~ eps**(1/4)") \
        + _NUMPY_HESSIAN.format(order=edge_order)


# --- dual numbers -----------------------------------------------------------------------------

_DUAL_OUTPUTS = (
    "def derivatives(fx, size):  # each output's derivative vector (0 for a constant output)\n"
    "    return np.array([np.broadcast_to(lift(o).d, size) for o in np.ravel(fx)])\n")


def dual_operator_snippet(problem: Problem, namespace: str, operator: str,
                          direction: Any = None) -> str | None:
    """The Jacobian (one unit seed per variable) and the jvp (one seed: the direction) with a
    Dual class; None for the Hessian and hvp: nested dual numbers make a snippet too long to
    read (gradlab computes them with dual numbers over dual numbers)."""
    check_snippet_request(operator, direction, problem)
    if operator not in ("jacobian", "jvp"):
        return None
    source = function_source(problem, namespace)
    imports = ["import numpy as np"] + [i for i in source.imports if i != "import numpy as np"]
    head = join_blocks(imports, dual_class(source.uses | expression_calls(problem)),
                       source.code, note_lines(source), flat_wrapper(problem, source.name),
                       _DUAL_OUTPUTS,
                       point_lines(problem, operator, direction))
    if operator == "jacobian":
        return head + ("fx = F(np.array([Dual(a, e) for a, e in zip(x, np.eye(x.size))]))"
                       "  # seed: d/d(itself) = 1\n"
                       "jacobian = derivatives(fx, x.size)\n"
                       "print(jacobian.tolist())\n")
    return head + ("fx = F(np.array([Dual(a, [b]) for a, b in zip(x, v)]))"
                   "  # seed: the derivative along v\n"
                   "jvp = derivatives(fx, 1)[:, 0]\n"
                   "print(jvp.tolist())\n")
