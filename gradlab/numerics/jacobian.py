"""Jacobians and Jacobian-vector products by finite differences: central, forward, complex step
and Richardson, each with its error estimate (truncation from a second step plus f's
round-off over the step, as for the gradient (f's rounding never below its variation),
entry by entry, infinite where the steps do not resolve f (``resolution``); the estimate is
the Frobenius norm of the entries' bounds).

Every formula differentiates along directions: the coordinate axes for a Jacobian (one column
per variable, all evaluated in bounded batches) or one direction v for a Jacobian-vector
product (a directional difference, step t scaled so that t v moves x like the gradient's
steps would).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..backends.base import Estimate
from ..errors import BackendError
from .agreement import CHECKABLE, FLOOR, SAFETY, UNVERIFIED, disagree
from .array_evaluator import ArrayEvaluator
from .extrapolation import HALVINGS, RICHARDSON_WEIGHTS, ROUNDOFF_GAIN
from .resolution import with_unresolved
from .rounding import variation
from .steps import CENTRAL_BASE, CS_STEP, EPS, FORWARD_BASE, RICHARDSON_BASE, median

Directions = np.ndarray | None  # None: the coordinate axes; else (n, d) direction columns


def steps(x: np.ndarray, base: float, step: float | None, directions: Directions) -> np.ndarray:
    """One step per direction: base * max(1, |x_i|) along axis i (rounded so x + h - x == h),
    base * max(1, max |x|) / max |v| along a direction v; the user's ``step`` as given (along a
    direction: the size of the move t max |v|)."""
    if directions is None:
        h = np.full_like(x, step) if step is not None else base * np.maximum(1.0, np.abs(x))
        return (x + h) - x
    size = np.max(np.abs(directions), axis=0)
    move = step if step is not None else base * max(1.0, float(np.max(np.abs(x), initial=0.0)))
    return move / size


def spans(x: np.ndarray, h: np.ndarray, directions: Directions) -> np.ndarray:
    """The distance x + h - (x - h) really spans along each direction."""
    return ((x + h) - (x - h)) if directions is None else 2 * h


def central(x: np.ndarray, evaluate: ArrayEvaluator, step: float | None,
            directions: Directions = None) -> Estimate:
    """Central differences along each direction, checked against twice the step."""
    h = steps(x, CENTRAL_BASE, step, directions)
    f = evaluate.along(x, np.stack([h, -h, 2 * h, -2 * h]), directions)
    f0 = evaluate(x[:, None])[0]  # does f change across the steps as a smooth f does?
    span = spans(x, h, directions)[:, None]
    wide = spans(x, 2 * h, directions)[:, None]
    d1 = (f[0] - f[1]) / span
    d2 = (f[2] - f[3]) / wide
    truncation = np.abs(d1 - d2) / 3
    size = np.maximum(np.maximum(np.abs(f[0]), np.abs(f[1])), variation(x, d1, directions))
    roundoff = evaluate.eps * size / (span / 2)
    error = with_unresolved(truncation + roundoff, f0, (f[2], f[3]), (f[0], f[1]), evaluate.eps)
    return _estimate(d1, h, error, f.shape[0] * f.shape[1] + 1)


def forward(x: np.ndarray, evaluate: ArrayEvaluator, step: float | None,
            directions: Directions = None) -> Estimate:
    """Forward differences (f(x + h) - f(x)) / h, checked against the step 2h."""
    h = steps(x, FORWARD_BASE, step, directions)
    f0 = evaluate(x[:, None])[0]
    f = evaluate.along(x, np.stack([h, 2 * h]), directions)
    d1 = (f[0] - f0) / h[:, None]
    d2 = (f[1] - f0) / (2 * h[:, None])
    size = np.maximum(np.maximum(np.abs(f0), np.abs(f[0])), variation(x, d1, directions))
    roundoff = 2 * evaluate.eps * size / h[:, None]
    return _estimate(d1, h, np.abs(d2 - d1) + roundoff, 2 * h.size + 1)


def richardson(x: np.ndarray, evaluate: ArrayEvaluator, step: float | None,
               directions: Directions = None) -> Estimate:
    """Central differences at h, h/2, h/4, h/8 and a Richardson table (error O(h**8)); the
    estimate is the change from the table without h/8 plus the table's round-off gain. (The
    gradient's Richardson also retries a wider step where |f| is large; this one does not.)"""
    h = steps(x, RICHARDSON_BASE, step, directions)
    f = evaluate.along(x, HALVINGS[:, None] * h, directions)
    f0 = evaluate(x[:, None])[0]  # resolved, from the widest step (h) to the narrowest (h/8)?
    levels = f.shape[0] // 2
    table = np.tensordot(RICHARDSON_WEIGHTS[levels], f[0::2] - f[1::2], axes=1) / h[:, None]
    size = np.maximum(np.max(np.abs(f), axis=0), variation(x, table[0], directions))
    noise = ROUNDOFF_GAIN[levels] * evaluate.eps * size / h[:, None]
    error = with_unresolved(np.abs(table[0] - table[1]) + noise, f0, (f[0], f[1]),
                            (f[-2], f[-1]), evaluate.eps)
    return _estimate(table[0], h, error, f.shape[0] * f.shape[1] + 1)


def complex_step(x: np.ndarray, cs: ArrayEvaluator, real: ArrayEvaluator, step: float | None,
                 directions: Directions = None) -> Estimate:
    """Im f(x + i h d) / h along each direction, checked against central differences of the
    real f (complex step is silently wrong where f is not complex-analytic)."""
    h = np.full(x.size if directions is None else directions.shape[1],
                CS_STEP if step is None else float(step))
    g = _imaginary_parts(x, cs, h, directions)
    error = cs.eps * np.abs(g) + np.abs(g - _imaginary_parts(x, cs, 3 * h, directions))
    estimate = _estimate(g, h, error, 2 * h.size)
    check = central(x, real, None, directions)
    estimate.n_evals = (estimate.n_evals or 0) + (check.n_evals or 0)
    estimate.notes = (_verdict(estimate, check, cs.engine),)
    return estimate


def _imaginary_parts(x: np.ndarray, cs: ArrayEvaluator, h: np.ndarray,
                     directions: Directions) -> np.ndarray:
    try:
        f = cs.along(x.astype(complex), 1j * h[None, :], directions)[0]
    except TypeError as err:
        raise BackendError(cs.engine, f"the function is not complex-safe ({err}); complex step "
                           "needs code that accepts complex numbers") from None
    return f.imag / h[:, None]


def _verdict(estimate: Estimate, check: Estimate, engine: str) -> str:
    """The complex-step result against central differences, as a note (or a BackendError)."""
    size = float(np.linalg.norm(estimate.gradient))
    gap = float(np.linalg.norm(estimate.gradient - check.gradient))
    error = float(check.error_estimate or 0.0)
    if not (np.all(np.isfinite(check.gradient)) and np.isfinite(error)):
        return (f"{UNVERIFIED}central differences, which check that f is complex-analytic "
                "here, are not finite, so nothing checked it")
    if error > CHECKABLE * (size or 1.0):
        return (f"{UNVERIFIED}central differences, which check that f is complex-analytic "
                f"here, are too inaccurate at this point (error estimate {error:.1e}) to "
                "confirm it")
    floor = FLOOR * max(float(np.linalg.norm(check.gradient)), 1.0)
    if disagree(gap, (error, float(estimate.error_estimate or 0.0)), SAFETY, floor):
        raise BackendError(engine, "the complex-step derivative disagrees with central "
                           "differences, so the function is not complex-analytic here (abs(), "
                           "comparisons, float() or real-only calls drop the imaginary part)")
    return "checked against central differences"


def _estimate(columns: np.ndarray, h: np.ndarray, error: np.ndarray, n_evals: int) -> Estimate:
    """An Estimate of the (m, d) matrix whose columns are ``columns`` (d, m)."""
    return Estimate(np.ascontiguousarray(columns.T), median(h),
                    float(np.linalg.norm(error)), n_evals)


JacobianMethod = Callable[..., Estimate]
METHODS: dict[str, JacobianMethod] = {
    "central": central, "forward": forward, "richardson": richardson,
}


def jacobian(method: str, x: np.ndarray, evaluate: ArrayEvaluator, step: float | None,
             cs: ArrayEvaluator | None = None) -> Estimate:
    """The (m, n) Jacobian by ``method`` (central, forward, richardson, complex-step)."""
    if method == "complex-step":
        assert cs is not None
        return complex_step(x, cs, evaluate, step)
    return METHODS[method](x, evaluate, step)


def jvp(method: str, x: np.ndarray, v: np.ndarray, evaluate: ArrayEvaluator,
        step: float | None, cs: ArrayEvaluator | None = None) -> Estimate:
    """J v (m,) by a directional difference along v with ``method``; exactly 0 for v = 0."""
    if not np.any(v):
        evaluate(x[:, None])
        return Estimate(np.zeros(evaluate.m), None, 0.0, 1, ("v = 0: J v = 0",))
    direction = np.asarray(v, dtype=np.float64)[:, None]
    if method == "complex-step":
        assert cs is not None
        found = complex_step(x, cs, evaluate, step, direction)
    else:
        found = METHODS[method](x, evaluate, step, direction)
    found.gradient = found.gradient[:, 0]
    return found


__all__ = ["EPS", "jacobian", "jvp"]
