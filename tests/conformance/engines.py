"""Run gradlab's engines on a program through the public API and judge them against the truth.

An exact engine either matches the truth within ``EXACT_RTOL`` (normwise, atol 0, with a floor
of ``EXACT_RTOL * max(1, |g|)``) or refuses with :class:`gradlab.errors.BackendError`. A
numerical row that says "ok" must be within ``ESTIMATE_FACTOR`` times its own error estimate.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

import gradlab as gl
from gradlab.errors import BackendError

from .program import Program
from .truth import Truth

EXACT = ("jax", "dual", "sympy", "pytensor")
NUMERICAL = ("finite-diff:central", "finite-diff:complex-step", "finite-diff:richardson")
EXACT_RTOL = 1e-12
ESTIMATE_FACTOR = 5.0


@dataclass
class Verdict:
    """What one engine did with one program: "match", "refused", or a failure."""

    engine: str
    outcome: str  # match | refused | wrong | crashed | value differs
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome not in ("match", "refused")


def tolerance(truth: np.ndarray) -> float:
    return EXACT_RTOL * max(1.0, float(np.linalg.norm(truth)))


def check_value(program: Program, truth: Truth) -> Verdict:
    """numpy and jax.numpy must agree on f itself, or the truth is not about this program."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = float(np.asarray(program.function()(program.x.copy()), dtype=np.float64))
    if abs(value - truth.value) <= EXACT_RTOL * max(1.0, abs(truth.value)):
        return Verdict("numpy", "match")
    return Verdict("numpy", "value differs",
                   f"numpy computes f = {value!r}, jax.numpy computes {truth.value!r}")


def run_exact(program: Program, truth: Truth, engine: str, **options: object) -> Verdict:
    """``gl.gradient`` with one exact engine on a freshly built ``f``."""
    f = program.function()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = gl.gradient(f, program.x.copy(), backend=engine, **options)
    except BackendError as err:
        return Verdict(engine, "refused", str(err))
    except Exception as err:  # anything else escaping gl.gradient is a defect too
        return Verdict(engine, "crashed", f"raised {type(err).__name__} (not BackendError): "
                       f"{str(err)[:300]}")
    got = np.asarray(got)
    if not np.all(np.isfinite(got)):  # gl.compare shows such a row as "not finite": refused
        return Verdict(engine, "refused", f"a gradient that is not finite: {got.ravel()}")
    return _judge(engine, got, truth.gradient, tolerance(truth.gradient))


def run_numerical(program: Program, truth: Truth) -> list[Verdict]:
    """One ``gl.compare`` of the finite-difference variants; every "ok" row is judged."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comparison = gl.compare(program.function(), program.x.copy(), backends=list(NUMERICAL),
                                reference="none", timing=False)
    verdicts = []
    for row in comparison.results:
        if row.status != "ok":
            verdicts.append(Verdict(row.backend, "refused", f"{row.status}: {row.error}"))
            continue
        estimate = row.error_estimate
        if estimate is None or not math.isfinite(estimate):
            verdicts.append(Verdict(row.backend, "wrong", f"status ok without an error "
                                    f"estimate ({estimate!r})"))
            continue
        allowed = ESTIMATE_FACTOR * estimate + tolerance(truth.gradient)
        verdict = _judge(row.backend, row.gradient, truth.gradient, allowed)
        verdict.detail += f" (its error estimate: {estimate:.3e})"
        verdicts.append(verdict)
    return verdicts


def _judge(engine: str, got: np.ndarray, truth: np.ndarray, allowed: float) -> Verdict:
    if got.size != truth.size:  # a 0-d point's gradient comes back as shape (1,): same values
        return Verdict(engine, "wrong", f"gradient of shape {got.shape}, truth {truth.shape}")
    gap = float(np.linalg.norm(got.ravel() - truth.ravel()))
    if gap <= allowed:
        return Verdict(engine, "match")
    return Verdict(engine, "wrong", f"|got - truth| = {gap:.3e} > {allowed:.3e}\n"
                   f"  got   {np.array2string(got.ravel(), precision=17)}\n"
                   f"  truth {np.array2string(truth.ravel(), precision=17)}")


def report(program: Program, verdicts: list[Verdict]) -> str:
    """An assertion message: the failing engines, what they gave, and the program."""
    failed = [v for v in verdicts if v.failed]
    lines = [f"{v.engine}: {v.outcome}: {v.detail}" for v in failed]
    return "\n".join(lines + ["program:", program.text()])
