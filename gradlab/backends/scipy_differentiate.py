"""``scipy-differentiate``: scipy.differentiate's adaptive finite differences (scipy >= 1.15).

``scipy.differentiate.jacobian`` (the gradient of a scalar f, the Jacobian of an array f) and
``scipy.differentiate.hessian`` shrink the step until their error estimate meets the
tolerances, and say per entry whether they did (``status``), what it cost (``nfev``) and how
far off they may be (``error``). An entry that did not converge is never reported as a good
number: the Estimate's error estimate is then infinite and a note says which status.
scipy.differentiate wants f vectorised; gradlab calls f once per distinct point of each batch
(a function run on a whole batch at once can mix its points in ways a check of a few of them
does not reveal, e.g. ``np.cumsum(x, axis=-2)`` on a batch of matrices).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import InputError
from ..numerics import check_step
from ..problem import Problem
from .base import Compiled, Engine, Estimate
from .library_engines import (
    check_operator,
    library_snippet,
    make_compiled,
    output_values,
    scalar_value,
)

NAME = "scipy-differentiate"
ROUNDOFF_ULPS = 100.0
EPS = float(np.finfo(np.float64).eps)
_STATUS = {
    -1: "the error estimate increased, so the iterations stopped",
    -2: "the maximum number of iterations was reached",
    -3: "a non-finite value was encountered",
    -4: "the iterations were stopped by a callback",
    1: "the iterations were still in progress",
}


class ScipyDifferentiate(Engine):
    """scipy.differentiate.jacobian and hessian, with their error, nfev and status."""

    name = NAME
    description = "scipy.differentiate: adaptive finite differences with per-entry error"
    requires = "scipy.differentiate"
    distribution = "scipy"
    extra = "all"
    exact = False
    operators = frozenset({"gradient", "jacobian", "hessian"})
    options = ("step", "order", "maxiter", "atol", "rtol")

    def compile(self, problem: Problem, operator: str = "gradient", step: float | None = None,
                order: int = 8, maxiter: int = 10, atol: float | None = None,
                rtol: float | None = None) -> Compiled:
        check_operator(self, operator)
        settings = _settings(step, order, maxiter, atol, rtol)
        differentiate = self.require()
        points = _Points(problem, operator)
        run = differentiate.hessian if operator == "hessian" else differentiate.jacobian

        def estimator(x: np.ndarray) -> Estimate:
            start = points.count
            with np.errstate(all="ignore"):
                result = run(points, x, **settings)
            value = result.ddf if operator == "hessian" else result.df
            return _estimate(value, result, points.count - start, step)

        return make_compiled(lambda x: estimator(x).gradient, operator, estimator=estimator)

    def code(self, problem: Problem, operator: str = "gradient", step: float | None = None,
             order: int = 8, maxiter: int = 10, atol: float | None = None,
             rtol: float | None = None) -> str:
        check_operator(self, operator)
        settings = _settings(step, order, maxiter, atol, rtol)
        defaults = {"order": 8, "maxiter": 10}
        arguments = "".join(f", {key}={value!r}" for key, value in settings.items()
                            if defaults.get(key) != value)
        function = "hessian" if operator == "hessian" else "jacobian"
        value = "ddf" if operator == "hessian" else "df"
        call = (f"result = differentiate.{function}(F_columns, x{arguments})\n"
                f"{operator} = result.{value}  # and result.error, .nfev, .status per entry")
        columns = ("def F_columns(X):  # scipy.differentiate evaluates many points at once\n"
                   "    return np.apply_along_axis(F, 0, X)\n")
        return library_snippet(problem, ["from scipy import differentiate"], None, operator,
                               call, columns)


def _settings(step: float | None, order: int, maxiter: int, atol: float | None,
              rtol: float | None) -> dict[str, Any]:
    """scipy.differentiate's keyword arguments, each checked (it rounds an odd order up)."""
    check_step(NAME, step)
    if not _positive_int(order) or order % 2:
        raise InputError(f"{NAME}: order must be a positive even integer, not {order!r}")
    if not _positive_int(maxiter):
        raise InputError(f"{NAME}: maxiter must be a positive integer, not {maxiter!r}")
    settings: dict[str, Any] = {"order": int(order), "maxiter": int(maxiter)}
    tolerances = {}
    for key, value in (("atol", atol), ("rtol", rtol)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                math.isfinite(value) and value >= 0):
            raise InputError(f"{NAME}: {key} must be a finite number >= 0, not {value!r}")
        tolerances[key] = float(value)
    if tolerances:
        settings["tolerances"] = tolerances
    if step is not None:
        settings["initial_step"] = float(step)
    return settings


def _positive_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and bool(value >= 1)


class _Points:
    """f vectorised as scipy.differentiate calls it: points along axis 0, any batch shape
    after it; the values (the outputs along axis 0 for an array f) in the same batch shape.
    Each distinct point is evaluated once, by a plain call of f (scipy's first call repeats x
    itself)."""

    def __init__(self, problem: Problem, operator: str):
        self.problem, self.count = problem, 0
        self.scalar = operator != "jacobian"

    def __call__(self, points: np.ndarray) -> np.ndarray:
        n, batch = points.shape[0], points.shape[1:]
        columns = np.asarray(points, dtype=np.float64).reshape(n, -1)
        distinct, inverse = np.unique(columns, axis=1, return_inverse=True)
        self.count += distinct.shape[1]
        if self.scalar:
            values = np.array([scalar_value(self.problem, distinct[:, j], NAME)
                               for j in range(distinct.shape[1])])[inverse.ravel()]
            return values.reshape(batch)
        values = np.stack([output_values(self.problem, distinct[:, j])
                           for j in range(distinct.shape[1])], axis=1)[:, inverse.ravel()]
        return values.reshape((values.shape[0],) + batch)


def _estimate(value: Any, result: Any, count: int, step: float | None) -> Estimate:
    status = np.asarray(result.status)
    error = np.asarray(result.error, dtype=np.float64)
    nfev = np.asarray(result.nfev)
    notes = [f"scipy.differentiate: nfev {int(nfev.min())} to {int(nfev.max())} per entry"]
    # scipy's error is the change between its last two iterations: round-off in f, which it
    # does not count, can exceed it by a few ulps of the result (measured up to 20 on smooth
    # functions), so 100 ulps of the result are added
    error_estimate = float(np.linalg.norm(error)) + ROUNDOFF_ULPS * EPS * float(
        np.linalg.norm(value))
    failed = status != 0
    if np.any(failed):
        notes.append(_not_converged(status, error, np.asarray(value, dtype=np.float64)))
        error_estimate = math.inf  # never an "ok" number: scipy says it did not converge
    return Estimate(np.asarray(value, dtype=np.float64), step, error_estimate, count,
                    tuple(notes))


def _not_converged(status: np.ndarray, error: np.ndarray, value: np.ndarray) -> str:
    failed = status != 0
    codes = sorted({int(s) for s in status[failed]})
    reasons = "; ".join(f"status {c}: {_STATUS.get(c, 'unknown status')}" for c in codes)
    known = failed & np.isfinite(error)
    worst = f"up to {float(np.max(error[known])):.1e}" if np.any(known) else "not finite"
    hint = ""
    if np.all(np.abs(value[failed]) <= np.sqrt(EPS) * np.max(np.abs(value), initial=0.0)):
        hint = ("; these entries are (nearly) 0, which scipy's relative tolerance never "
                "accepts: give an absolute one, atol=")
    return (f"scipy.differentiate did not converge for {int(failed.sum())} of {status.size} "
            f"entries ({reasons}); its error estimate there is {worst}, so the value is not "
            f"trusted (the error estimate is set to infinity){hint}")
