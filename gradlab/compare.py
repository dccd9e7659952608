"""Run engines on one problem, judge them against a high-precision reference, time them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import backends
from .backends.base import Compiled, Estimate, check_options, describe_failure
from .cache import compiled_cache, options_key
from .errors import BackendError, BackendTimeout, BackendUnavailable, GradlabError, InputError
from .problem import Problem, make_problem
from .results import Comparison, Row
from .timing import time_call

TIMING_BUDGET_S = 1.0  # total steady-call timing budget for one comparison
TIME_LIMIT_S = 20.0  # per engine: a runaway engine gets a "timed out" row, the rest complete
REFERENCE_ORDER = ("jax", "dual", "pytensor", "finite-diff:richardson")


def compile_for(spec: str, problem: Problem, options: dict[str, Any] | None = None
                ) -> tuple[Compiled, float, bool]:
    """(compiled, setup seconds, was cached) for engine ``spec`` on ``problem``."""
    backend, variant = backends.resolve(spec)
    merged = {**variant, **(options or {})}
    check_options(backend, merged)
    key = (options_key(backend.name, merged), problem.cache_key)

    def build() -> tuple[Compiled, float]:
        backend.require()
        start = time.perf_counter()
        try:
            compiled = backend.compile(problem, **merged)
        except GradlabError:
            raise
        except Exception as err:
            raise describe_failure(spec, err) from None
        return compiled, time.perf_counter() - start

    (compiled, compile_s), cached = compiled_cache.get_or_build(key, build)
    return compiled, compile_s, cached


def compare(f: Any, at: Any, backends: Sequence[str] | None = None,
            reference: str = "auto", timing: bool = True, *,
            wrt: Sequence[str] | None = None,
            options: dict[str, dict[str, Any]] | None = None,
            timing_budget: float = TIMING_BUDGET_S,
            time_limit: float | None = TIME_LIMIT_S) -> Comparison:
    """Every engine's gradient of ``f`` at ``at``, side by side, against a reference.

    ``options`` maps an engine spec (e.g. ``"jax"`` or ``"finite-diff:central"``) to its options.
    One engine failing never stops the others: its row says why. ``time_limit`` (seconds, per
    engine; None for none) turns a runaway engine (SymPy expression swell, a slow compile) into
    a "timed out" row; its work is abandoned in a background thread.
    """
    problem = make_problem(f, at, wrt)
    value = problem.evaluate()
    specs = _specs(backends)
    budget = timing_budget / max(len(specs), 1)
    rows = [_run(spec, problem, (options or {}).get(spec, {}), timing, budget, time_limit)
            for spec in specs]
    _cross_check(rows)
    with np.errstate(all="ignore"):  # a non-finite reference is reported in its source
        ref, source = _reference(problem, rows, reference, time_limit)
    for row in rows:
        row.judge(ref)
    return Comparison(problem=problem, value=value, results=rows, reference=ref,
                      reference_source=source)


def _specs(names: Sequence[str] | str | None) -> list[str]:
    if names is None:
        return backends.default_specs()
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    if not names:
        raise InputError("backends is empty; name at least one engine, e.g. backends=['jax']")
    for spec in names:
        backends.resolve(spec)  # unknown names are an input error, raised before any work
    return list(dict.fromkeys(names))


def _run(spec: str, problem: Problem, options: dict[str, Any], timing: bool,
         budget: float, time_limit: float | None) -> Row:
    backend, _ = backends.resolve(spec)
    row = Row(backend=spec, exact=backend.exact)

    def fill() -> None:
        with np.errstate(all="ignore"):  # a non-finite result is flagged on the row instead
            _fill(row, spec, problem, options, timing, budget)

    try:
        within_time_limit(fill, time_limit, spec)
    except BackendTimeout as err:
        row = Row(backend=spec, exact=backend.exact, status="timed out", error=str(err))
    except BackendUnavailable as err:
        row.status, row.error = "unavailable", str(err)
    except GradlabError as err:
        row.status, row.error = "failed", str(err)
    except Exception as err:  # an engine's own bug must not take the comparison down
        row.status, row.error = "failed", str(describe_failure(spec, err))
    row.code, failure = _code(backend, problem, {**backends.resolve(spec)[1], **options})
    if failure:
        row.notes += (failure,)
    return row


def _fill(row: Row, spec: str, problem: Problem, options: dict[str, Any], timing: bool,
          budget: float) -> None:
    compiled, compile_s, cached = compile_for(spec, problem, options)
    start = time.perf_counter()
    estimate = _checked(compiled.estimate(problem.x0), spec)
    row.setup_s = compile_s + (time.perf_counter() - start)  # compile + first call
    row.cached = cached
    row.fill(estimate, compiled, problem)
    if timing:
        row.timing = time_call(lambda: compiled.gradient(problem.x0), budget)
        row.call_s = row.timing.median_s


def _cross_check(rows: list[Row]) -> None:
    """Richardson's wide step can straddle a kink or jump that central differences' small step
    does not: flag it when the two disagree beyond both error estimates."""
    by_name = {row.backend: row for row in rows if row.ok and row.error_estimate is not None}
    wide, narrow = by_name.get("finite-diff:richardson"), by_name.get("finite-diff:central")
    if wide is None or narrow is None:
        return
    gap = float(np.linalg.norm(wide.gradient - narrow.gradient))
    if gap > 3 * (wide.error_estimate + narrow.error_estimate):
        wide.flag_inaccurate(f"it disagrees with central differences by {gap:.1e}, beyond both "
                             "error estimates")


def _checked(estimate: Estimate, spec: str) -> Estimate:
    gradient = np.asarray(estimate.gradient, dtype=np.float64)
    if gradient.ndim != 1:
        raise BackendError(spec, f"returned a gradient of shape {gradient.shape}")
    estimate.gradient = gradient
    return estimate


def _code(backend: backends.Backend, problem: Problem, options: dict[str, Any]
          ) -> tuple[str | None, str | None]:
    """(snippet, None), or (None, why there is no snippet)."""
    try:
        return backend.code(problem, **options), None
    except Exception as err:
        return None, f"no code snippet: {type(err).__name__}: {err}"


def within_time_limit(work: Callable[[], Any], seconds: float | None, spec: str) -> Any:
    """Run ``work`` in a daemon thread; raise BackendTimeout if it is not done in time.

    A timed-out engine is stopped by raising an exception in its thread, which takes effect
    as soon as it runs Python code again (SymPy at once; a compiler in C++ when it returns).
    Exceptions from ``work`` are re-raised here.
    """
    if seconds is None:
        return work()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except _Abandoned:
            pass
        except BaseException as err:  # handed to the caller's thread
            outcome["error"] = err

    thread = threading.Thread(target=target, name=f"gradlab-{spec}", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        _interrupt(thread)
        raise BackendTimeout(spec, f"timed out after {seconds:g} s (raise time_limit=... to "
                             "wait longer)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


SYMPY_SOURCE = "sympy (exact derivative evaluated with mpmath at 50 digits)"


_abandoned: list[threading.Thread] = []


def _interrupt(thread: threading.Thread) -> None:
    import atexit
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                               ctypes.py_object(_Abandoned))
    if not _abandoned:
        atexit.register(_join_abandoned)
    _abandoned.append(thread)


def _join_abandoned(wait_s: float = 60.0) -> None:
    """At exit, let interrupted engines leave their C/C++ code (killing them there aborts)."""
    deadline = time.perf_counter() + wait_s
    for thread in _abandoned:
        thread.join(max(0.0, deadline - time.perf_counter()))


class _Abandoned(BaseException):
    """Raised inside a timed-out engine's thread to stop it; never reaches the user."""


def _reference(problem: Problem, rows: list[Row], choice: str, time_limit: float | None = None
               ) -> tuple[np.ndarray | None, str]:
    """SymPy's gradient at 50 digits when SymPy can trace f, else the best exact engine."""
    if choice in ("none", None):
        return None, "none"
    reason = ""
    if choice in ("auto", "sympy"):
        gradient, reason = _sympy_reference(problem, rows, time_limit)
        if gradient is not None:
            return gradient, SYMPY_SOURCE
        if choice == "sympy":
            return None, "none" + reason
    by_name = {row.backend: row for row in rows}
    for name in REFERENCE_ORDER if choice == "auto" else (choice,):
        row = by_name.get(name)
        if row is None or not row.ok:
            row = _row_outside(name, problem, time_limit)
        if row is not None and row.gradient is not None and np.all(np.isfinite(row.gradient)):
            kind = "autodiff, float64" if row.exact else "numerical estimate"
            return row.gradient.copy(), f"{name} ({kind}){reason}"
    return None, "none" + reason


def _sympy_reference(problem: Problem, rows: list[Row], time_limit: float | None
                     ) -> tuple[np.ndarray | None, str]:
    """(gradient at 50 digits, "") or (None, why not), reusing the sympy row's verdict."""
    row = next((row for row in rows if row.backend == "sympy"), None)
    if row is not None and not row.ok:
        return None, f" (no SymPy reference: {row.error})"

    def precise() -> np.ndarray:
        compiled, _, _ = compile_for("sympy", problem)
        return compiled.reference(problem.x0)

    try:
        gradient = within_time_limit(precise, time_limit, "sympy")
    except Exception as err:
        return None, f" (no SymPy reference: {err})"
    if not np.all(np.isfinite(gradient)):
        return None, " (SymPy's value is not finite here)"
    return gradient, ""


def _row_outside(spec: str, problem: Problem, time_limit: float | None) -> Row | None:
    """The gradient of an engine that is not among the rows, for the reference."""
    try:
        compiled, _, _ = within_time_limit(lambda: compile_for(spec, problem), time_limit, spec)
        row = Row(backend=spec, exact=backends.resolve(spec)[0].exact)
        row.gradient = np.asarray(compiled.gradient(problem.x0), dtype=np.float64)
        return row
    except Exception:
        return None


def gradient(f: Any, at: Any, backend: str = "jax", *, wrt: Sequence[str] | None = None,
             **options: Any) -> np.ndarray:
    """The gradient of ``f`` at ``at`` with one engine, as a float64 array."""
    problem = make_problem(f, at, wrt)
    problem.evaluate()
    compiled, _, _ = compile_for(backend, problem, options)
    return problem.shape_gradient(compiled.gradient(problem.x0))


class GradFunction:
    """``grad(f, backend)``: a gradient function, traced/compiled once per argument layout."""

    def __init__(self, f: Any, backend: str, wrt: Sequence[str] | None, options: dict[str, Any]):
        backends.resolve(backend)
        self.f, self.backend, self.wrt, self.options = f, backend, wrt, options
        self._problem: Problem | None = None
        self._gradient: Callable[[np.ndarray], np.ndarray] | None = None
        self._shape: tuple[int, ...] | None = None  # set when the fast path applies

    def __call__(self, at: Any = None, *args: Any, **named: Any) -> np.ndarray:
        """The gradient at ``at``; ``g(x, *args)`` as scipy.optimize calls ``jac``, or
        ``g(w=1.0, b=0.0)`` with the point by name."""
        if named:
            if at is not None:
                raise InputError("give the point either as one argument or by name, not both")
            at = named
        if at is None:
            raise InputError("give the point: g(x), g({'x': 1.0}) or g(x=1.0)")
        if args:  # extra arguments after the variables: f(x, *args)
            return gradient(_with_arguments(self.f, args), at, self.backend, wrt=self.wrt,
                            **self.options)
        problem = self._problem
        if (type(at) is np.ndarray and problem is not None and at.dtype == np.float64
                and at.shape == self._shape):  # the fast path: an array like the last one
            if at.ndim == 1:  # no views: an engine may copy a view it does not own
                return self._gradient(at)
            return self._gradient(at.reshape(-1)).reshape(self._shape)
        if problem is not None and self.wrt is None:
            try:
                x = problem.flatten(at)
            except (InputError, KeyError, TypeError, ValueError):
                problem = None
        if problem is None:
            problem = self._prepare(at)
            x = problem.x0
        return problem.shape_gradient(self._gradient(x))

    def _prepare(self, at: Any) -> Problem:
        problem = make_problem(self.f, at, self.wrt)
        problem.evaluate()
        compiled, _, _ = compile_for(self.backend, problem, self.options)
        self._problem, self._gradient = problem, compiled.gradient
        array_point = len(problem.slots) == 1 and problem.slots[0].shape is not None
        self._shape = problem.gradient_shape if array_point and self.wrt is None else None
        return problem

    def __repr__(self) -> str:
        return f"<gradlab.grad of {getattr(self.f, '__name__', self.f)!r} with {self.backend}>"


def _with_arguments(f: Any, args: tuple[Any, ...]) -> Callable[[Any], Any]:
    def with_arguments(x: Any) -> Any:
        return f(x, *args)

    with_arguments.__name__ = getattr(f, "__name__", "f")
    return with_arguments


def grad(f: Any, backend: str = "jax", *, wrt: Sequence[str] | None = None,
         **options: Any) -> GradFunction:
    """A function ``g(at) -> ndarray`` computing the gradient of ``f`` with one engine."""
    return GradFunction(f, backend, wrt, options)
