"""Run engines on one problem, judge them against a consensus reference, time them."""

from __future__ import annotations

import dataclasses
import math
import numbers
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import backends, hints
from ..backends.base import (
    DIRECTED,
    OPERATORS,
    Compiled,
    Estimate,
    OperatorUnsupported,
    describe_failure,
)
from ..errors import BackendTimeout, BackendUnavailable, GradlabError, InputError
from ..numerics import shared as shared_differences
from ..numerics import wide_step_disagreements
from ..plain_text import comma_list
from ..problem import Problem, make_problem
from .operators import GRADIENT, Derivative, default_direction, outputs_for
from .reference import REFERENCE_BUDGET_S, SYMPY_SOURCE, consensus
from .results import Comparison, Row
from .runner import (
    compile_bound,
    compile_for,
    flat_result,
    guarded,
    validate_budget,
    validate_compare_options,
    validate_reference,
    within_time_limit,
)
from .timing import format_seconds, time_call

__all__ = ["SYMPY_SOURCE", "compare", "compile_for", "within_time_limit"]

TIMING_BUDGET_S = 1.0  # total steady-call timing budget for one comparison
TIME_LIMIT_S = 20.0  # per engine: a runaway engine gets a "timed out" row, the rest complete


def compare(f: hints.FunctionLike, at: hints.PointLike, backends: Sequence[str] | None = None,
            reference: str | None = "auto", timing: bool = True, *,
            wrt: Sequence[str] | None = None,
            options: dict[str, dict[str, Any]] | None = None,
            timing_budget: float = TIMING_BUDGET_S,
            time_limit: float | None = TIME_LIMIT_S, derivative: str | None = None,
            direction: Any = None,
            reference_budget: float | None = REFERENCE_BUDGET_S) -> Comparison:
    """Every engine's gradient of ``f`` at ``at``, side by side, against a consensus reference.

    ``derivative``: one of "gradient", "jacobian", "hessian", "hvp", "jvp", "vjp"; None:
    "gradient" for a scalar f, "jacobian" for an array-valued f. Each engine computes it
    natively or gradlab derives it from an operator the engine computes natively
    (``Engine.computes``); an engine that can do neither is a "not supported" row.
    ``direction``: v (hvp, jvp; shaped like the point) or u (vjp; shaped like f's output);
    by default the unit vector of ``operators.default_direction`` (seeded,
    ``operators.DIRECTION_SEED``). Matrices are compared flat: Frobenius norms.

    ``reference``: "auto" (SymPy at 50 digits when an independent engine confirms it, else the
    engines that agree), "none", or an engine (e.g. "sympy", "jax") that must be among those
    that agree. ``reference_budget`` (seconds; None: the time limit) bounds the 50-digit SymPy
    value when sympy is neither compared nor chosen as the reference: past it the comparison
    goes on without it, and ``reference_source`` says so and why (the consensus rules hold:
    an engine is confirmed only by an independent one). ``options`` maps a compared engine
    (e.g. ``"finite-diff:central"``) to its options. One engine failing never stops the
    others: its row says why. ``time_limit`` (seconds, per engine; None for none) turns a
    runaway engine (SymPy expression swell, a slow compile) into a "timed out" row; its work is
    abandoned in a background thread. ``timing_budget`` (seconds) is shared by the engines'
    per-call timings; an engine whose one call takes longer than its share is not called again,
    its row's time is marked "estimated from one call". Row statuses are explained in
    ``gradlab.results.STATUSES``.
    """
    choice = validate_reference(reference)
    reference_budget = validate_budget("reference_budget", reference_budget)
    time_limit = validate_budget("time_limit", time_limit)
    _check_timing_budget(timing_budget)
    specs = _specs(backends)
    options = validate_compare_options(specs, options)
    problem, value, operator = _problem(f, at, wrt, derivative)
    task = Derivative(operator, _direction(problem, operator, direction))
    budget = timing_budget / max(len(specs), 1)
    with shared_differences.sharing():
        rows = [_run(spec, problem, options.get(spec, {}), timing, budget, time_limit, task)
                for spec in specs]
    _cross_check(rows)
    with np.errstate(all="ignore"):  # a non-finite value is reported on its row
        verdict = consensus(problem, rows, choice, time_limit, task, reference_budget)
    for row in rows:
        row.judge(verdict.reference)
    return Comparison(problem=problem, value=value, results=rows, reference=verdict.reference,
                      reference_source=verdict.source, camps=verdict.camps,
                      derivative=operator, direction=task.direction)


def _check_timing_budget(seconds: Any) -> None:
    """``timing_budget``: seconds, 0 or more (0: every engine timed from its first call)."""
    if isinstance(seconds, bool) or not isinstance(seconds, numbers.Real) or \
            not (math.isfinite(float(seconds)) and float(seconds) >= 0):
        raise InputError(f"timing_budget must be a number of seconds, 0 or more (0: each "
                         f"engine timed from its first call), not {seconds!r}; to skip the "
                         "timing, pass timing=False")


def _problem(f: Any, at: Any, wrt: Sequence[str] | None, derivative: str | None
             ) -> tuple[Problem, Any, str]:
    """(problem, f at the point, operator); without ``derivative``, the gradient when f returns
    one value and the jacobian when it returns an array."""
    if derivative is not None and derivative not in OPERATORS:
        raise InputError(f"derivative must be one of {', '.join(OPERATORS)}, not "
                         f"{derivative!r}")
    if derivative is not None:
        problem = make_problem(f, at, wrt, outputs_for(derivative))
        return problem, problem.evaluate(), derivative
    problem = make_problem(f, at, wrt, "array")
    value = problem.evaluate()
    if problem.m != 1:
        return problem, value, "jacobian"
    # one value: the gradient's problem, as if asked for it (f is not called again)
    scalar = dataclasses.replace(problem, outputs="scalar")
    scalar.values_seen.update(problem.values_seen)
    return scalar, float(value.reshape(())), "gradient"


def _direction(problem: Problem, operator: str, direction: Any) -> np.ndarray | None:
    """The flat direction of a directed operator: the user's, or the default unit vector."""
    if operator not in DIRECTED:
        if direction is not None:
            raise InputError(f"direction= is for {', '.join(DIRECTED)}; the {operator} takes "
                             "none")
        return None
    if direction is None:
        return default_direction(problem.m if operator == "vjp" else problem.n)
    if operator == "vjp":
        return problem.flatten_output(direction)
    return problem.flatten(direction, "the direction")


def _specs(names: Sequence[str] | str | None) -> list[str]:
    if names is None:
        return backends.default_specs()
    if isinstance(names, str):
        names = comma_list(names)
    if not names:
        raise InputError("backends is empty; name at least one engine, e.g. backends=['jax']")
    for spec in names:
        backends.resolve(spec)  # unknown names are an input error, raised before any work
    return list(dict.fromkeys(names))


def _run(spec: str, problem: Problem, options: dict[str, Any], timing: bool,
         budget: float, time_limit: float | None, task: Derivative = GRADIENT) -> Row:
    backend, variant = backends.resolve(spec)
    row = Row(backend=spec, exact=backend.exact, eps=_precision({**variant, **options}))

    def fill() -> None:
        with np.errstate(all="ignore"):  # a non-finite result is flagged on the row instead
            _fill(row, spec, problem, options, timing, budget, task)

    try:
        within_time_limit(fill, time_limit, spec)
    except BackendTimeout as err:
        row = Row(backend=spec, exact=backend.exact, status="timed out", error=str(err))
    except OperatorUnsupported as err:
        row.status, row.error = "not supported", str(err)
        return row
    except BackendUnavailable as err:
        row.status, row.error = "unavailable", str(err)
    except GradlabError as err:
        row.status, row.error = "failed", str(err)
    except Exception as err:  # an engine's own bug must not take the comparison down
        row.status, row.error = "failed", str(describe_failure(spec, err))
    row.code, failure = _code(backend, problem, {**variant, **options}, task)
    if failure:
        row.notes += (failure,)
    return row


def _precision(options: dict[str, Any]) -> float:
    """The machine epsilon an engine computes in: its ``dtype`` option, else float64."""
    try:
        return float(np.finfo(np.dtype(options.get("dtype", "float64"))).eps)
    except (TypeError, ValueError):
        return float(np.finfo(np.float64).eps)


def _fill(row: Row, spec: str, problem: Problem, options: dict[str, Any], timing: bool,
          budget: float, task: Derivative) -> None:
    compiled, compile_s, cached = compile_bound(spec, problem, options, task)
    estimate, first_s, first_s_alone = _first_call(spec, compiled, problem)
    estimate.gradient = flat_result(estimate.gradient, spec, problem, task.operator)
    row.setup_s = compile_s + first_s  # compile + first call
    row.cached = cached
    row.fill(estimate, compiled, problem, task.operator)
    if timing:  # a first call slower than the budget is the estimate: it is not repeated
        call = guarded(spec, compiled.gradient)
        with shared_differences.not_sharing():
            row.timing = time_call(lambda: call(problem.x0), budget, first_s=first_s_alone)
        row.call_s = row.timing.median_s


def _first_call(spec: str, compiled: Compiled, problem: Problem
                ) -> tuple[Estimate, float, float]:
    """(estimate at x0, seconds it took, seconds it would take alone): central differences
    another row made already are reused, and their time counted (``numerics.shared``)."""
    shared = shared_differences.current()
    saved_s, saved_evals = (shared.saved_s, shared.saved_evals) if shared else (0.0, 0)
    start = time.perf_counter()
    estimate = guarded(spec, compiled.estimate)(problem.x0)
    first_s = time.perf_counter() - start
    if not shared or shared.saved_evals == saved_evals:
        return estimate, first_s, first_s
    saved_s = shared.saved_s - saved_s
    estimate.notes += (f"reused central differences another row made at the same steps "
                       f"({shared.saved_evals - saved_evals} evaluations of f, "
                       f"{format_seconds(saved_s)}, counted in its per-call time)",)
    return estimate, first_s, first_s + saved_s


def _cross_check(rows: list[Row]) -> None:
    """A wide step can straddle a kink or jump that a much narrower step does not: flag the
    wider of two numerical rows that disagree beyond both error estimates."""
    numerical = [row for row in rows if row.ok and not row.exact]
    for wide, narrow, gap in wide_step_disagreements(numerical):
        wide.flag_inaccurate(f"it disagrees with {narrow.backend} (a step {narrow.step:.1e}, "
                             f"not {wide.step:.1e}) by {gap:.1e}, beyond both error estimates")


def _code(backend: backends.Backend, problem: Problem, options: dict[str, Any],
          task: Derivative = GRADIENT) -> tuple[str | None, str | None]:
    """(snippet, None), or (None, why there is no snippet). A derived operator has none; a
    native one other than the gradient is asked for with ``operator=`` (and ``direction=``,
    the flat direction of a directed operator, so that the snippet prints this row's numbers)."""
    operator = task.operator
    if operator != "gradient":
        if backend.computes(operator) != "native":
            return None, f"no code snippet: gradlab derives the {operator} for this engine"
        options = {**options, "operator": operator}
        if task.direction is not None:
            options["direction"] = task.direction
    try:
        code = backend.code(problem, **options)
    except Exception as err:
        return None, f"no code snippet: {type(err).__name__}: {err}"
    return (code, None) if code is not None else (None, "no code snippet")
