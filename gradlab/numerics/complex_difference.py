"""Complex step: Im f(x + ih e_k) / h, with its error estimate, checked against central
differences (complex step silently gives a wrong answer where f is not complex-analytic)."""

from __future__ import annotations

import numpy as np

from ..backends.base import Estimate
from ..errors import BackendError
from .agreement import UNVERIFIED, against_central
from .evaluator import Evaluator
from .steps import CS_STEP, EPS


def complex_step(x: np.ndarray, cs: Evaluator, real: Evaluator, step: float | None) -> Estimate:
    """Im f(x + ih e_k) / h, checked against central differences of ``real``; "unverified"
    where that check cannot be made. ``cs`` is a complex evaluator (``complex_evaluator``)."""
    h = CS_STEP if step is None else step
    g = _imaginary_parts(x, cs, h)
    # a second step, not a power of 2 apart (those round alike): the change shows round-off
    # from cancelling imaginary parts (exp(x) - 1 near 0) and, for a large step, truncation
    error = float(np.linalg.norm(cs.eps * np.abs(g) + np.abs(g - _imaginary_parts(x, cs, 3 * h))))
    suited = None if cs.eps <= EPS else cs.eps ** (1 / 3) * max(1.0, float(np.max(np.abs(x))))
    # a step suited to f's precision (float32 code too)
    agreement = against_central(g, x, real, suited, own_error=error)
    check = agreement.check
    estimate = Estimate(g, h, error, 2 * x.size + (check.n_evals or 0))
    if agreement.verdict == "not finite":
        estimate.notes = (f"{UNVERIFIED}central differences, which check that f is "
                          "complex-analytic here, are not finite "
                          f"({agreement.central}), so nothing checked it",)
    elif agreement.verdict == "too weak":
        estimate.notes = (f"{UNVERIFIED}central differences, which check that f is "
                          "complex-analytic here, are too inaccurate at this point (error "
                          f"estimate {check.error_estimate:.1e}) to confirm it",)
    elif agreement.verdict == "disagrees":
        raise BackendError(
            cs.engine,
            "the complex-step gradient disagrees with central differences, so the function is "
            "not complex-analytic here (abs(), comparisons, float() or real-only calls drop the "
            f"imaginary part): complex step {np.round(g, 6).tolist()} vs central "
            f"{agreement.central}")
    elif agreement.verdict == "agrees":
        estimate.notes = ("checked against central differences",)
    return estimate


def _imaginary_parts(x: np.ndarray, cs: Evaluator, h: float) -> np.ndarray:
    try:
        f = cs.along_axes(x.astype(complex), np.full((1, x.size), 1j * h))[0]
    except TypeError as err:
        raise BackendError(cs.engine,
                           f"the function is not complex-safe ({err}); complex step needs code "
                           "that accepts complex numbers") from None
    return f.imag / h
