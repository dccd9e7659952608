"""How a comparison's numbers read in text: vectors, matrices with their shape, titles, LaTeX."""

from __future__ import annotations

from typing import Any

import numpy as np

# What each derivative operator is called in titles (keys: gradlab.backends.base.OPERATORS)
TITLES = {
    "gradient": "Gradient",
    "jacobian": "Jacobian",
    "hessian": "Hessian",
    "hvp": "Hessian-vector product",
    "jvp": "Jacobian-vector product (pushforward)",
    "vjp": "vector-Jacobian product (pullback)",
}
MATRIX_OPERATORS = ("jacobian", "hessian")
SHOWN = 6  # numbers shown of a vector
SHOWN_ROWS, SHOWN_COLUMNS = 3, 3  # of a matrix


def title(operator: str) -> str:
    return TITLES.get(operator, operator)


def noun(operator: str) -> str:
    """``the Hessian``-style noun: the title without its gloss, lower case but for names."""
    word = title(operator).partition(" (")[0]
    return word if word[:1] in "HJ" else word[:1].lower() + word[1:]


def vector_text(values: np.ndarray | None) -> str:
    """``[1, 2, 3, …]``: the first numbers of ``values`` (any shape, read flat)."""
    if values is None:
        return "—"
    flat = np.asarray(values).ravel()
    shown = ", ".join(f"{v:.10g}" for v in flat[:SHOWN])
    return f"[{shown}{', …' if flat.size > SHOWN else ''}]"


def shape_text(shape: tuple[int, ...]) -> str:
    """``3×4`` (a vector: ``3``; a scalar: ``1``)."""
    return "×".join(str(size) for size in shape) or "1"


def matrix_text(matrix: np.ndarray) -> str:
    """``2×2 [[a, b], [c, d]]``: the shape, then the top-left corner of a 2-D ``matrix``."""
    rows = []
    for row in np.asarray(matrix)[:SHOWN_ROWS]:
        cells = ", ".join(f"{v:.6g}" for v in row[:SHOWN_COLUMNS])
        rows.append(f"[{cells}{', …' if row.size > SHOWN_COLUMNS else ''}]")
    more = ", …" if matrix.shape[0] > SHOWN_ROWS else ""
    return f"{shape_text(matrix.shape)} [{', '.join(rows)}{more}]"


def value_text(flat: np.ndarray | None) -> str:
    """A flat operator value: a matrix with its shape, a vector as ``vector_text``."""
    if flat is None:
        return "—"
    flat = np.asarray(flat)
    return matrix_text(flat) if flat.ndim == 2 else vector_text(flat)


def number_text(value: float | None) -> str:
    if value is None:
        return "—"
    return "0" if value == 0 else f"{value:.1e}"


def f_text(value: Any) -> str:
    """f's value: a number, or an array output's shape and first values."""
    if np.ndim(value) == 0:
        return f"{float(value):.6g}"
    array = np.asarray(value, dtype=np.float64)
    return f"{shape_text(array.shape)} {vector_text(array)}"


def point_text(point: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v:g}" if np.ndim(v) == 0 else
                     f"{k}={np.array2string(np.asarray(v), precision=6, threshold=6)}"
                     .replace("\n", "")
                     for k, v in point.items())


def latex_parts(operator: str, names: tuple[str, ...], symbolic: Any) -> str | None:
    """SymPy's derivative as LaTeX: the partials of a gradient, the matrix of a Jacobian or
    Hessian; None for anything else (a product along a direction is a number per entry)."""
    import sympy

    if operator == "gradient":
        parts = [rf"\frac{{\partial f}}{{\partial {sympy.latex(sympy.Symbol(n))}}} = "
                 + sympy.latex(g) for n, g in zip(names, symbolic)]
        return "$\\displaystyle " + r",\quad ".join(parts) + "$"
    if operator not in MATRIX_OPERATORS:
        return None
    matrix = sympy.Matrix(symbolic)
    symbol = r"\nabla^2 f" if operator == "hessian" else "J_f"
    return f"$\\displaystyle {symbol} = {sympy.latex(matrix)}$"


def symbolic_lines(operator: str, names: tuple[str, ...], symbolic: Any) -> str:
    """The same as plain text: ``∂f/∂x = …`` per variable, or the matrix's rows."""
    if operator == "gradient":
        return "\n".join(f"∂f/∂{name} = {expr}" for name, expr in zip(names, symbolic))
    import sympy

    matrix = sympy.Matrix(symbolic)
    label = "∇²f" if operator == "hessian" else "J_f"
    rows = [", ".join(str(matrix[i, j]) for j in range(matrix.cols)) for i in range(matrix.rows)]
    return f"{label} =\n" + "\n".join(f"  [{row}]" for row in rows)
