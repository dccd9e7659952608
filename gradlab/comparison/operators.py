"""Derived operators: an operator an engine does not compute natively, from one it does.

jvp = J v and vjp = u^T J from a native jacobian; hvp = H v from a native hessian; the
jacobian from a native jvp (one column per input, J e_j) or vjp (one row per output, e_i^T J),
whichever needs fewer calls; the hessian from a native hvp (columns H e_j). Error estimates
carry over as bounds of the Euclidean (Frobenius) norm: ||dJ v|| <= ||dJ||_F ||v||, and the
Frobenius error of stacked columns is the root of the sum of their squared errors.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..backends.base import DIRECTED, SCALAR_ONLY, Compiled, Engine, Estimate
from ..problem import Problem

__all__ = ["DIRECTION_SEED", "GRADIENT", "Derivative", "bind_direction", "default_direction",
           "derive", "outputs_for", "source_for"]

DIRECTION_SEED = 12  # gl.compare's default direction: a seeded standard normal, made unit


@dataclass(frozen=True)
class Derivative:
    """What a comparison computes: an operator (base.OPERATORS) and, for hvp and jvp, the flat
    direction v (n values) or, for vjp, the flat weight u (m values)."""

    operator: str = "gradient"
    direction: np.ndarray | None = None


GRADIENT = Derivative()


def outputs_for(operator: str) -> str:
    """make_problem's ``outputs=`` for ``operator``: the scalar operators need one output."""
    return "scalar" if operator in SCALAR_ONLY else "array"


def default_direction(size: int) -> np.ndarray:
    """The direction ``gl.compare`` uses when none is given: ``size`` standard normal values
    from ``numpy.random.default_rng(DIRECTION_SEED)``, divided by their Euclidean norm."""
    values = np.random.default_rng(DIRECTION_SEED).standard_normal(size)
    return values / np.linalg.norm(values)


def source_for(engine: Engine, operator: str, problem: Problem) -> str | None:
    """The native operator to derive ``operator`` from: the engine's first in DERIVATIONS
    order, except that a jacobian is built from whichever of jvp (n calls) and vjp (m calls)
    needs fewer calls when the engine has both."""
    if operator == "jacobian" and {"jvp", "vjp"} <= set(engine.operators):
        return "jvp" if problem.n <= problem.m else "vjp"
    return engine.derived_from(operator)


def derive(operator: str, source: str, native: Compiled, problem: Problem) -> Compiled:
    """``operator`` from ``native``, a compiled ``source`` operator of the same engine."""
    builders: dict[tuple[str, str], Callable[[Compiled, Problem], Compiled]] = {
        ("jvp", "jacobian"): _jvp_from_jacobian, ("vjp", "jacobian"): _vjp_from_jacobian,
        ("hvp", "hessian"): _product_from_matrix, ("jacobian", "jvp"): _jacobian_from_jvp,
        ("jacobian", "vjp"): _jacobian_from_vjp, ("hessian", "hvp"): _hessian_from_hvp,
    }
    compiled = builders[(operator, source)](native, problem)
    compiled.notes = tuple(native.notes) + (f"the {operator} is derived from the engine's own "
                                            f"{source} by gradlab",)
    compiled.details = native.details
    return compiled


def _jvp_from_jacobian(native: Compiled, problem: Problem) -> Compiled:
    return _product(native, "jvp", lambda matrix, v: matrix @ v)


def _vjp_from_jacobian(native: Compiled, problem: Problem) -> Compiled:
    return _product(native, "vjp", lambda matrix, u: u @ matrix)


def _product_from_matrix(native: Compiled, problem: Problem) -> Compiled:
    return _product(native, "hvp", lambda matrix, v: matrix @ v)


def _product(native: Compiled, operator: str,
             apply: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Compiled:
    """A matrix-vector product from a function computing the matrix."""

    def value(x: np.ndarray, direction: np.ndarray) -> np.ndarray:
        return apply(np.asarray(native.gradient(x), dtype=np.float64), direction)

    def estimate(x: np.ndarray, direction: np.ndarray) -> Estimate:
        full = native.estimate(x)
        matrix = np.asarray(full.gradient, dtype=np.float64)
        error = None if full.error_estimate is None else \
            full.error_estimate * float(np.linalg.norm(direction))
        return Estimate(apply(matrix, direction), full.step, error, full.n_evals, full.notes)

    reference = None
    if native.reference is not None:
        matrix_reference = native.reference

        def reference(x: np.ndarray, direction: np.ndarray) -> np.ndarray:
            return apply(np.asarray(matrix_reference(x), dtype=np.float64), direction)

    return Compiled(value, estimator=estimate, reference=reference, operator=operator)


def _jacobian_from_jvp(native: Compiled, problem: Problem) -> Compiled:
    return _stacked(native, problem.n, "jacobian", columns=True)


def _jacobian_from_vjp(native: Compiled, problem: Problem) -> Compiled:
    return _stacked(native, problem.m, "jacobian", columns=False)


def _hessian_from_hvp(native: Compiled, problem: Problem) -> Compiled:
    return _stacked(native, problem.n, "hessian", columns=True)


def _stacked(native: Compiled, count: int, operator: str, columns: bool) -> Compiled:
    """A matrix from ``count`` products with unit vectors: its columns (jvp, hvp) or rows
    (vjp)."""
    units = np.eye(count)

    def arrange(parts: list[np.ndarray]) -> np.ndarray:
        matrix = np.stack([np.asarray(p, dtype=np.float64) for p in parts])
        return matrix.T.copy() if columns else matrix

    def value(x: np.ndarray) -> np.ndarray:
        return arrange([native.gradient(x, unit) for unit in units])

    def estimate(x: np.ndarray) -> Estimate:
        parts = [native.estimate(x, unit) for unit in units]
        errors = [p.error_estimate for p in parts if p.error_estimate is not None]
        error = math.sqrt(sum(e ** 2 for e in errors)) if len(errors) == count else None
        evals = [p.n_evals for p in parts if p.n_evals is not None]
        steps = [p.step for p in parts if p.step is not None]
        notes = tuple(dict.fromkeys(note for p in parts for note in p.notes))
        return Estimate(arrange([p.gradient for p in parts]), max(steps) if steps else None,
                        error, sum(evals) if len(evals) == count else None, notes)

    reference = None
    if native.reference is not None:
        vector_reference = native.reference

        def reference(x: np.ndarray) -> np.ndarray:
            return arrange([vector_reference(x, unit) for unit in units])

    return Compiled(value, estimator=estimate, reference=reference, operator=operator)


def bind_direction(compiled: Compiled, direction: np.ndarray | None) -> Compiled:
    """``compiled`` as functions of the point alone: a directed operator's (hvp, jvp, vjp)
    direction fixed to ``direction``; other operators unchanged."""
    if compiled.operator not in DIRECTED:
        return compiled
    if direction is None:
        raise ValueError(f"the {compiled.operator} needs a direction")
    fixed: Any = direction
    reference = compiled.reference
    return Compiled(
        lambda x: compiled.gradient(x, fixed), compiled.notes,
        lambda x: compiled.estimate(x, fixed),
        None if reference is None else (lambda x: reference(x, fixed)),
        compiled.details, compiled.operator)
