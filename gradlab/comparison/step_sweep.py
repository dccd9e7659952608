"""Error against step size for every numerical method: the truncation vs round-off picture.

Each method is an engine that takes a step, compiled with ``step=h`` for every step swept, so
the sweep runs exactly the code ``compare`` runs (a plug-in engine that takes a step included).
Besides the gradient, the sweep measures a Jacobian or Hessian (Frobenius norms), computed as
``compare`` computes it: natively, or derived by gradlab from an operator the engine has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import backends
from ..backends.base import Compiled, Estimate
from ..backends.defaults import STEP_SWEEP, SweepMethod
from ..errors import InputError
from ..hints import FunctionLike, PointLike
from ..problem import Problem, make_problem
from .executors import TaskFailure, run_tasks
from .operators import Derivative, derive, outputs_for, source_for
from .reference import consensus

EPS = float(np.finfo(np.float64).eps)
REFERENCE_TIME_LIMIT_S = 20.0  # per engine asked for the reference
METHODS = tuple(STEP_SWEEP)
SWEPT = ("gradient", "jacobian", "hessian")  # the derivatives step_sweep measures
# the round-off error of a difference of f over the step grows as ε|f| / h**power
ROUNDOFF_POWER = {"gradient": 1, "jacobian": 1, "hessian": 2}


def default_steps(derivative: str = "gradient") -> np.ndarray:
    """The steps swept: down to 1e-14 for first derivatives; a second difference's round-off
    grows as 1/h², so the Hessian's sweep stops at 1e-10."""
    low = -10 if derivative == "hessian" else -14
    return np.logspace(low, -0.5, 55)


@dataclass
class SweepResult:
    """Normwise relative error of each method at each step, against a high-precision reference."""

    steps: np.ndarray
    errors: dict[str, np.ndarray]
    reference: np.ndarray
    reference_source: str
    default_steps: dict[str, float]
    default_errors: dict[str, float]
    value: float
    label: str
    orders: dict[str, int] = field(default_factory=dict)
    derivative: str = "gradient"
    skipped: dict[str, str] = field(default_factory=dict)  # default methods left out, and why

    @property
    def best_step(self) -> dict[str, float]:
        """The step with the smallest measured error, per method."""
        best = {}
        for method, errors in self.errors.items():
            finite = np.where(np.isfinite(errors), errors, np.inf)
            if np.all(np.isinf(finite)):
                continue
            best[method] = float(self.steps[int(np.argmin(finite))])
        return best

    def slope(self, method: str, low: float, high: float) -> float:
        """Least-squares slope of log(error) against log(step) for steps in [low, high]."""
        errors = self.errors[method]
        keep = (self.steps >= low) & (self.steps <= high) & (errors > 0) & np.isfinite(errors)
        if keep.sum() < 2:
            raise InputError(f"fewer than two usable steps of {method} in [{low:g}, {high:g}]")
        return float(np.polyfit(np.log(self.steps[keep]), np.log(errors[keep]), 1)[0])

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.errors, index=pd.Index(self.steps, name="step"))

    def plot(self, ax: Any = None) -> Any:
        """Error vs step, log-log, with theoretical slopes, round-off floor, defaults and optima."""
        from .drawing import new_axes

        fig, ax = new_axes(ax, figsize=(9, 5))
        floor = EPS / 10
        scale = max(float(np.linalg.norm(self.reference)), np.finfo(float).tiny)
        for method, errors in self.errors.items():
            shown = np.maximum(errors, floor)  # an exact 0 at the floor; a failed step a gap
            (line,) = ax.loglog(self.steps, shown, label=method, lw=1.4)
            color = line.get_color()
            if method in self.best_step:
                h = self.best_step[method]
                ax.plot(h, max(float(np.nanmin(errors)), floor), "o", color=color, ms=7,
                        mfc="none", mew=1.6, label="_nolegend_")
            h0 = self.default_steps.get(method)
            if h0 is not None and np.isfinite(self.default_errors.get(method, np.nan)):
                ax.plot(h0, max(self.default_errors[method], floor), "^", color=color, ms=7,
                        label="_nolegend_")
            self._slope_guide(ax, method, shown, color)
        power = ROUNDOFF_POWER[self.derivative]
        size = max(float(np.linalg.norm(self.value)), EPS)
        roundoff = EPS * size / (self.steps ** power * scale)
        symbol = {"gradient": "‖∇f‖", "jacobian": "‖J‖_F", "hessian": "‖H‖_F"}[self.derivative]
        ax.loglog(self.steps, roundoff, ":", color="0.3", lw=1.2,
                  label=f"round-off  ε|f| / (h{'²' if power == 2 else ''}{symbol})")
        ax.axhline(EPS, color="0.6", lw=0.8, ls="-.", label="machine ε")
        ax.plot([], [], "o", color="0.3", mfc="none", label="measured optimum")
        ax.plot([], [], "^", color="0.3", label="default step")
        ax.set_xlabel("step h")
        ax.set_ylabel({"gradient": "relative error ‖g − ∇f‖ / ‖∇f‖",
                       "jacobian": "relative error ‖J̃ − J‖_F / ‖J‖_F",
                       "hessian": "relative error ‖H̃ − H‖_F / ‖H‖_F"}[self.derivative])
        what = "" if self.derivative == "gradient" else f" ({self.derivative})"
        ax.set_title(f"Step sweep{what} of {self.label}\nreference: {self.reference_source}",
                     fontsize=10)
        ax.set_ylim(floor / 2, 10.0)
        if self.skipped:
            ax.text(0.01, 0.01, "left out: " + "; ".join(
                f"{method} ({why.partition(': ')[2] or why})"[:120]
                for method, why in self.skipped.items()), transform=ax.transAxes, fontsize=6,
                color="#a33", va="bottom", wrap=True)
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
        return fig

    def _slope_guide(self, ax: Any, method: str, shown: np.ndarray, color: str) -> None:
        """A dashed line of the theoretical slope through the largest-step measured error."""
        order = self.orders.get(method)
        if not order:
            return
        big = self.steps >= self.steps[-1] / 100
        anchor_h, anchor_e = self.steps[-1], shown[-1]
        if not np.isfinite(anchor_e) or anchor_e <= EPS:
            return
        hs = self.steps[big]
        ax.loglog(hs, anchor_e * (hs / anchor_h) ** order, "--", color=color, lw=0.8, alpha=0.7,
                  label=f"slope {order}")

    def __str__(self) -> str:
        what = "" if self.derivative == "gradient" else f" ({self.derivative}, Frobenius)"
        title = (f"Step sweep{what} of {self.label} ({len(self.steps)} steps "
                 f"{self.steps[0]:.0e}…{self.steps[-1]:.0e}); reference: {self.reference_source}")
        header = (f"{'method':<20} {'best step':>10} {'best error':>11} {'default':>10} "
                  f"{'its error':>10}")
        lines = [title, header]
        best = self.best_step
        for method, errors in self.errors.items():
            h = best.get(method, np.nan)
            lines.append(f"{method:<20} {h:>10.1e} {np.nanmin(errors):>11.1e} "
                         f"{self.default_steps.get(method, np.nan):>10.1e} "
                         f"{self.default_errors.get(method, np.nan):>10.1e}")
        lines += [f"{method}: left out ({why})" for method, why in self.skipped.items()]
        return "\n".join(lines)

    __repr__ = __str__


def step_sweep(f: FunctionLike, at: PointLike, methods: Sequence[str] | None = None,
               steps: Sequence[float] | np.ndarray | None = None, *,
               wrt: Sequence[str] | None = None, derivative: str = "gradient",
               executor: Any = None) -> SweepResult:
    """Error of each finite-difference method against step size, at the point ``at``.

    ``methods`` come from: forward, central, complex-step, richardson, "numpy edge_order=1",
    "numpy edge_order=2" (numpy.gradient with the point at the edge of its samples), or name
    any engine that takes a step by its spec (engine:variant, as ``compare`` names it).
    ``derivative``: "gradient" (default), "hessian" (of a scalar f) or "jacobian" (of an
    array-valued f); errors are normwise (Frobenius for a matrix) relative to the consensus
    reference. By default every method whose engine computes that derivative is swept; a
    default method that fails at its own default step, or a named one that fails at every
    step, is left out, with the reason in ``skipped``. ``executor`` (a
    ``concurrent.futures.Executor`` or a ``distributed.Client``) sweeps the methods in
    parallel, one task each; the errors are those of a serial run.
    """
    if derivative not in SWEPT:
        raise InputError(f"step_sweep measures derivative= one of {', '.join(SWEPT)}, not "
                         f"{derivative!r}")
    problem = make_problem(f, at, wrt, outputs_for(derivative))
    value = problem.evaluate()
    names = METHODS if methods is None else methods
    offered = {method: _sweepable(method, derivative, explicit=methods is not None)
               for method in names}
    chosen = {method: sweep for method, sweep in offered.items() if sweep is not None}
    hs = default_steps(derivative) if steps is None else \
        np.sort(np.asarray(steps, dtype=float).ravel())
    if hs.size < 2 or not np.all((hs > 0) & np.isfinite(hs)):
        raise InputError("steps must be at least two positive finite numbers")
    reference, source = _reference(problem, derivative)
    scale = float(np.linalg.norm(reference)) or 1.0
    sweep_args = [(sweep, hs, reference, scale, derivative, methods is None)
                  for sweep in chosen.values()]
    if executor is None:
        outcomes = [_sweep_one(problem, *args) for args in sweep_args]
    else:
        outcomes = run_tasks(_sweep_task, [(f, at, wrt, *args) for args in sweep_args],
                             executor)
    errors, defaults, default_errors, skipped = {}, {}, {}, {}
    for method, outcome in zip(chosen, outcomes):
        if isinstance(outcome, TaskFailure):
            outcome = (None, None, None, f"its task failed: {outcome.reason}")
        curve, default_step, default_error, failure = outcome
        if curve is None:
            skipped[method] = failure
            continue
        errors[method] = curve
        if default_error is not None:
            if default_step is not None:
                defaults[method] = default_step
            default_errors[method] = default_error
    if not errors:
        raise InputError(f"no method could compute the {derivative} of {problem.label}: "
                         + "; ".join(f"{m}: {why}" for m, why in skipped.items()))
    orders = {m: sweep.order for m, sweep in chosen.items()
              if sweep.order is not None and m in errors and derivative == "gradient"}
    return SweepResult(hs, errors, reference, source, defaults, default_errors, value,
                       problem.label, orders, derivative, skipped)


SweepOutcome = tuple[np.ndarray | None, float | None, float | None, str]


def _sweep_one(problem: Problem, sweep: SweepMethod, hs: np.ndarray, reference: np.ndarray,
               scale: float, derivative: str, by_default: bool) -> SweepOutcome:
    """(error per step or None when left out, the default step, the error at the default
    step, why it was left out)."""
    run = _runner(problem, sweep, derivative)
    estimate, failure = _attempt(run, None)
    if estimate is None and by_default:
        return None, None, None, failure
    curve = np.array([_error(run, h, reference, scale) for h in hs])
    if estimate is None and np.all(np.isnan(curve)):
        return None, None, None, failure  # a method asked for that fails at every step
    if estimate is None:
        return curve, None, None, ""
    step = None if estimate.step is None else float(estimate.step)
    return curve, step, _relative(estimate.gradient, reference, scale), ""


def _sweep_task(f: FunctionLike, at: PointLike, wrt: Sequence[str] | None,
                *args: Any) -> SweepOutcome:
    """One method's sweep in a worker: the problem rebuilt there from f and the point."""
    derivative = args[3]
    return _sweep_one(make_problem(f, at, wrt, outputs_for(derivative)), *args)


def _sweepable(method: str, derivative: str = "gradient", explicit: bool = True
               ) -> SweepMethod | None:
    """A short name from ``STEP_SWEEP``, or the spec of an engine that takes a step; None for a
    default method whose engine has no such derivative (a named one is an InputError)."""
    if not isinstance(method, str):
        raise InputError(f"step_sweep names a method by a string, not {type(method).__name__}")
    if method in STEP_SWEEP:
        sweep = STEP_SWEEP[method]
    else:
        sweep = _engine_method(method)
    engine, _ = backends.resolve(sweep.spec)
    if engine.computes(derivative) is None:
        if not explicit:
            return None
        raise InputError(f"step_sweep: {method} ({sweep.spec}) does not compute the "
                         f"{derivative}, natively or derived")
    return sweep


def _engine_method(method: str) -> SweepMethod:
    try:
        engine, _ = backends.resolve(method)
    except InputError:
        raise InputError(f"step_sweep has no method {method!r}; choose from "
                         + ", ".join(METHODS) + ", or an engine that takes a step") from None
    if not getattr(engine, "takes_step", "step" in engine.options):
        raise InputError(f"step_sweep: {method} takes no step, so there is nothing to sweep")
    known = [sweep.order for sweep in STEP_SWEEP.values()
             if sweep.spec == method and not sweep.options]
    return SweepMethod(method, {}, known[0] if known else None)


def _reference(problem: Problem, derivative: str = "gradient") -> tuple[np.ndarray, str]:
    """The consensus reference, by compare's policy (SymPy at 50 digits confirmed by an
    independent check, else the engines that agree)."""
    with np.errstate(all="ignore"):
        verdict = consensus(problem, [], "auto", REFERENCE_TIME_LIMIT_S, Derivative(derivative))
    if verdict.reference is None:
        raise InputError(f"no reference to measure the error of {problem.label} against: "
                         f"{verdict.source}")
    return verdict.reference, verdict.summary


def _runner(problem: Problem, sweep: SweepMethod, derivative: str = "gradient"
            ) -> Callable[[float | None], Estimate]:
    """The engine's estimate at the point with ``step=h`` (None: the engine's own step)."""
    engine, variant = backends.resolve(sweep.spec)
    engine.require()
    source = derivative if engine.computes(derivative) == "native" else \
        source_for(engine, derivative, problem)

    def compiled(step: float | None) -> Compiled:
        extra = {} if source == "gradient" else {"operator": source}
        native = engine.compile(problem, **variant, **sweep.options, **extra, step=step)
        return native if source == derivative else derive(derivative, str(source), native,
                                                          problem)

    return lambda step: compiled(step).estimate(problem.x0)


def _attempt(run: Callable[[float | None], Estimate], h: float | None
             ) -> tuple[Estimate | None, str]:
    """(the estimate, "") or (None, why not)."""
    try:
        with np.errstate(all="ignore"):
            return run(h), ""
    except Exception as err:  # noqa: BLE001 - a method that cannot run is reported, not fatal
        return None, f"{type(err).__name__}: {err}"


def _safe(run: Callable[[float | None], Estimate], h: float | None) -> Estimate | None:
    try:
        with np.errstate(all="ignore"):
            return run(h)
    except Exception:  # noqa: BLE001 - the user's f failing at one step is a gap in the curve
        return None


def _error(run: Callable[[float | None], Estimate], h: float, reference: np.ndarray,
           scale: float) -> float:
    estimate = _safe(run, h)
    return np.nan if estimate is None else _relative(estimate.gradient, reference, scale)


def _relative(gradient: np.ndarray, reference: np.ndarray, scale: float) -> float:
    return float(np.linalg.norm(np.ravel(gradient) - reference.ravel()) / scale)
