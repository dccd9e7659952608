"""Check a hand-written gradient, Jacobian or Hessian against every available engine, with
tolerances per engine."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from .. import hints
from ..backends.base import OperatorUnsupported, describe_failure
from ..errors import GradlabError, InputError
from ..plain_text import text_table
from ..problem import Problem, make_problem
from .check_region import RegionCheck
from .executors import new_token
from .result_text import noun, title, value_text

CHECKED = ("gradient", "jacobian", "hessian")  # the derivatives check() takes


@dataclass
class EngineCheck:
    """One engine's verdict on the hand-written derivative, entry by entry (a matrix's entries
    are numbered in row-major order)."""

    backend: str
    exact: bool
    # "agrees" | "disagrees" | "unverified" (too imprecise to judge) | "failed" |
    # "not supported" (the engine has no such derivative)
    status: str
    gradient: np.ndarray | None = None  # the engine's value: a vector, or a matrix
    discrepancy: np.ndarray | None = None  # |yours - engine| per entry
    tolerance: np.ndarray | None = None  # allowed per entry
    error: str | None = None

    @property
    def bad_components(self) -> list[int]:
        """The entries (flat, row-major) further from the engine's than allowed."""
        if self.discrepancy is None or self.tolerance is None:
            return []
        return [int(i) for i in np.flatnonzero(~(np.ravel(self.discrepancy)
                                                 <= np.ravel(self.tolerance)))]


@dataclass
class CheckResult:
    label: str
    names: tuple[str, ...]
    point: np.ndarray
    given: np.ndarray  # yours, flat as engines compute it: a vector, or a (rows, n) matrix
    engines: list[EngineCheck] = field(default_factory=list)
    derivative: str = "gradient"
    entries: tuple[str, ...] = ()  # each entry's name, flat: ∂f/∂x, ∂²f/∂x∂y, ∂f[0]/∂x

    def entry_names(self) -> tuple[str, ...]:
        return self.entries or self.names

    @property
    def ran(self) -> list[EngineCheck]:
        """The engines that gave a verdict (not failed, and precise enough to judge)."""
        return [e for e in self.engines if e.status in ("agrees", "disagrees")]

    @property
    def ok(self) -> bool:
        """True when every engine that gave a verdict agrees (and at least one did)."""
        return bool(self.ran) and all(e.status == "agrees" for e in self.ran)

    def __bool__(self) -> bool:
        return self.ok

    def __getitem__(self, backend: str) -> EngineCheck:
        for engine in self.engines:
            if engine.backend == backend:
                return engine
        raise KeyError(f"no engine {backend!r}; checked: "
                       + ", ".join(e.backend for e in self.engines))

    @property
    def discrepancies(self) -> dict[str, np.ndarray]:
        """Engine -> |yours - engine| per component, for the engines that ran."""
        return {e.backend: e.discrepancy for e in self.engines if e.discrepancy is not None}

    @property
    def suspects(self) -> list[str]:
        """Entries that some engine that ran finds wrong: variables for a gradient, entries
        such as ∂²f/∂x∂y for a Hessian."""
        bad = sorted({i for e in self.engines for i in e.bad_components})
        names = self.entry_names()
        return [names[i] for i in bad]

    def _verdict(self) -> str:
        ran = self.ran
        if not ran:
            return ("no engine could differentiate the function precisely enough here, so "
                    "nothing was checked")
        if self.ok:
            return f"OK: the {noun(self.derivative)} agrees with all {len(ran)} engines that ran"
        return ("MISMATCH in " + ", ".join(self.suspects) + " — "
                f"{sum(e.status == 'disagrees' for e in ran)} of {len(ran)} engines disagree")

    def _rows(self) -> list[list[str]]:
        rows, names, given = [], self.entry_names(), np.ravel(self.given)
        for e in self.engines:
            if (e.status not in ("agrees", "disagrees") or e.gradient is None
                    or e.discrepancy is None or e.tolerance is None):
                rows.append([e.backend, e.status, "—", "—", e.error or ""])
                continue
            gradient, discrepancy, tolerance = (np.ravel(a) for a in (e.gradient, e.discrepancy,
                                                                      e.tolerance))
            worst = int(np.argmax(discrepancy / np.maximum(tolerance, 1e-300)))
            bad = ", ".join(f"{names[i]}: yours {given[i]:.10g}, engine "
                            f"{gradient[i]:.10g}" for i in e.bad_components[:3])
            rows.append([e.backend, e.status, f"{discrepancy[worst]:.1e}",
                         f"{tolerance[worst]:.1e}", bad])
        return rows

    HEADERS: ClassVar[list[str]] = ["engine", "verdict", "max |diff|", "tolerance",
                                    "entries off"]

    def __str__(self) -> str:
        head = (f"{title(self.derivative)} check of {self.label} at {_vector(self.point)}\n"
                f"yours: {value_text(self.given)}\n{self._verdict()}\n")
        return head + text_table([self.HEADERS] + self._rows())

    __repr__ = __str__

    def _repr_html_(self) -> str:
        color = "#2a7" if self.ok else "#a33"
        head = "".join(f"<th>{h}</th>" for h in self.HEADERS)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in self._rows())
        return (f"<div class='gradlab-check'><p><b>{title(self.derivative)} check of "
                f"{html.escape(self.label)}</b> at {html.escape(_vector(self.point))}<br>"
                f"yours: {html.escape(value_text(self.given))}<br>"
                f"<span style='color:{color}'><b>{html.escape(self._verdict())}</b></span></p>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def check(f: hints.FunctionLike, grad_f: Callable[..., Any], at: hints.PointLike | None = None,
          backends: Sequence[str] | None = None, *,
          wrt: Sequence[str] | None = None, rtol: float | None = None,
          derivative: str = "gradient", points: Any = None, executor: Any = None,
          progress: bool = True) -> Any:
    """Check ``grad_f`` (called like ``f``, returning the derivative) against every engine.

    At one point ``at`` (a CheckResult), or at every point of ``points`` (``gl.sample``'s
    Points, a list of points or a 2-D array; a RegionCheck, whose ``.mismatches`` are the
    points where some engine finds yours wrong), run on ``executor`` as ``gl.survey`` runs.

    ``derivative``: "gradient" (default), "hessian" (``grad_f`` returns the Hessian of a scalar
    ``f``: n×n numbers, or the input's shape twice) or "jacobian" (of an array-valued ``f``:
    m×n numbers, or the output's shape + the input's shape). Exact engines (autodiff,
    symbolic) allow a relative ``rtol`` per entry (default ε^(2/3) of the value's dtype:
    3.7e-11 for float64, 5e-5 for float32); numerical engines allow ten times their own error
    estimate on top. Returns a result whose ``.ok`` is the verdict.
    """
    if derivative not in CHECKED:
        raise InputError(f"check() takes derivative= one of {', '.join(CHECKED)}, not "
                         f"{derivative!r}")
    if (at is None) == (points is None):
        raise InputError("check() takes one point (at=) or many (points=), not "
                         + ("both" if points is not None else "neither"))
    if points is not None:
        return _check_points(CheckJob(f, grad_f, backends, wrt, rtol, derivative), points,
                             executor, progress)
    assert at is not None  # one of the two, checked above
    return _check_at(f, grad_f, at, backends, wrt, rtol, derivative)


@dataclass(frozen=True)
class CheckJob:
    """What runs at each point of a region check (sent to workers pickled)."""

    f: hints.FunctionLike
    grad_f: Callable[..., Any]
    backends: Sequence[str] | None
    wrt: Sequence[str] | None
    rtol: float | None
    derivative: str
    token: str = field(default_factory=new_token)  # one per region check, kept by resume()

    def run(self, index: int, point: Any) -> CheckResult | str:
        """The check at the point, or why it could not be made there."""
        try:
            return _check_at(self.f, self.grad_f, point, self.backends, self.wrt, self.rtol,
                             self.derivative)
        except GradlabError as err:
            return str(err)


def _check_points(job: CheckJob, points: Any, executor: Any, progress: bool) -> RegionCheck:
    if isinstance(points, Mapping):
        raise InputError("points= takes many points; for one point use at=")
    if isinstance(points, np.ndarray) and points.ndim != 2:
        raise InputError(f"an array of points must be 2-D (k points × d values), not shape "
                         f"{points.shape}")
    listed = list(points)
    if not listed:
        raise InputError("points= is empty; give at least one point (gl.sample(region, n))")
    label = make_problem(job.f, listed[0], job.wrt, "array").label  # names checked once here
    region = RegionCheck(job, listed, label, job.derivative)
    return region.run(range(len(listed)), executor, progress)


def _check_at(f: hints.FunctionLike, grad_f: Callable[..., Any], at: hints.PointLike,
              backends: Sequence[str] | None, wrt: Sequence[str] | None, rtol: float | None,
              derivative: str) -> CheckResult:
    from .. import backends as registry

    problem = make_problem(f, at, wrt, "array" if derivative == "jacobian" else "scalar")
    problem.evaluate()
    given, dtype = _given(problem, grad_f, derivative)
    rtol = float(np.finfo(dtype).eps ** (2 / 3)) if rtol is None else float(rtol)
    specs = registry.default_specs() if backends is None else list(backends)
    result = CheckResult(problem.label, problem.names, problem.x0.copy(), given,
                         derivative=derivative, entries=entry_names(problem, derivative))
    for spec in specs:
        result.engines.append(_one(spec, problem, given, rtol, derivative))
    return result


def entry_names(problem: Problem, derivative: str) -> tuple[str, ...]:
    """Each entry's name, flat (row-major): ∂f/∂x (gradient), ∂²f/∂x∂y (Hessian), ∂f[i]/∂x
    (Jacobian; ∂f/∂x when f has one output)."""
    names = problem.names
    if derivative == "gradient":
        return names
    if derivative == "hessian":
        return tuple(f"∂²f/∂{a}∂{b}" if a != b else f"∂²f/∂{a}²" for a in names for b in names)
    outputs = ["f"] if problem.m == 1 else [f"f[{i}]" for i in range(problem.m)]
    return tuple(f"∂{out}/∂{name}" for out in outputs for name in names)


def _given(problem: Problem, grad_f: Any, derivative: str) -> tuple[np.ndarray, np.dtype]:
    """Yours, flat as the engines compute it, and the lowest float precision it came in."""
    what = "gradient" if derivative == "gradient" else noun(derivative)
    if not callable(grad_f):
        raise InputError(f"grad_f must be a function returning the {what}, not "
                         f"{type(grad_f).__name__}")
    name = getattr(grad_f, "__name__", "grad_f")
    from .gradients import GradFunction

    try:
        if isinstance(grad_f, GradFunction):  # gl.grad(...) takes the point as one argument
            raw = grad_f(problem.point() if len(problem.slots) > 1 else problem.x0)
        else:
            raw = problem.call(grad_f, problem.x0)
    except Exception as err:
        raise InputError(f"{name}() raised {type(err).__name__} at the point: {err}. It must "
                         f"take the same arguments as {problem.label}") from err
    try:
        parts = raw if isinstance(raw, (list, tuple)) else [raw]
        dtypes = [np.asarray(p).dtype for p in parts]
        given = np.concatenate([np.asarray(p, dtype=np.float64).ravel() for p in parts])
    except (TypeError, ValueError):
        raise InputError(f"{name}() returned {type(raw).__name__}; return the {what} as "
                         "numbers (a list, tuple or array)") from None
    shape = problem.result_shape(derivative)
    if given.size != int(np.prod(shape)):
        expected = f"{problem.n} variables ({', '.join(problem.names)})" \
            if derivative == "gradient" else f"a {what} of {'×'.join(map(str, shape))} entries"
        raise InputError(f"{name}() returned {given.size} values; {problem.label} has "
                         f"{expected}")
    floats = [d for d in dtypes if np.issubdtype(d, np.floating)]
    dtype = min(floats, key=lambda d: np.finfo(d).bits) if floats else np.dtype(np.float64)
    return given.reshape(shape), dtype


def _one(spec: str, problem: Problem, given: np.ndarray, rtol: float,
         derivative: str = "gradient") -> EngineCheck:
    from .. import backends as registry
    from .runner import compile_for, flat_result, guarded

    backend, _ = registry.resolve(spec)
    try:
        compiled, _, _ = compile_for(spec, problem, None, derivative)
        with np.errstate(all="ignore"):
            estimate = guarded(spec, compiled.estimate)(problem.x0)
        gradient = flat_result(estimate.gradient, spec, problem, derivative)
    except OperatorUnsupported as err:
        return EngineCheck(spec, backend.exact, "not supported", error=str(err))
    except GradlabError as err:
        return EngineCheck(spec, backend.exact, "failed", error=str(err))
    except Exception as err:  # an engine's own bug is its row's failure, not the check's
        return EngineCheck(spec, backend.exact, "failed", error=str(describe_failure(spec, err)))
    if not np.all(np.isfinite(gradient)):
        return EngineCheck(spec, backend.exact, "failed",
                           error=f"{noun(derivative)} not finite here")
    scale = max(float(np.max(np.abs(gradient))), 1.0)
    tolerance = rtol * np.maximum(np.abs(gradient), scale * 1e-3) + rtol * 1e-3
    if not backend.exact:
        why = _imprecise(estimate, max(float(np.linalg.norm(gradient)),
                                       float(np.linalg.norm(given))))
        if why:
            return EngineCheck(spec, False, "unverified", gradient, error=why)
        tolerance = tolerance + 10 * estimate.error_estimate + 1e-8 * scale
    discrepancy = np.abs(given - gradient)
    status = "agrees" if np.all(discrepancy <= tolerance) else "disagrees"
    return EngineCheck(spec, backend.exact, status, gradient, discrepancy, tolerance)


def _imprecise(estimate: Any, size: float) -> str | None:
    """Why a numerical engine's answer cannot judge the gradient here, or None."""
    from .results import TRUSTED, UNVERIFIED_NOTE

    unchecked = [n for n in estimate.notes if n.startswith(UNVERIFIED_NOTE)]
    if unchecked:
        return unchecked[0][len(UNVERIFIED_NOTE):]
    error = estimate.error_estimate
    if error is None or not np.isfinite(error):
        return "it gives no error estimate, so it cannot judge the gradient"
    if error > TRUSTED * (size or 1.0):
        return (f"its error estimate {error:.1e} is more than {TRUSTED:.1%} of the value's "
                "size here, too imprecise to judge it")
    return None


def _vector(values: np.ndarray) -> str:
    shown = ", ".join(f"{v:.6g}" for v in np.ravel(values)[:6])
    return f"[{shown}{', …' if np.size(values) > 6 else ''}]"
