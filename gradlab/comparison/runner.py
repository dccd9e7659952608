"""Running one engine: options checked, compile cached, calls guarded, a time limit enforced."""

from __future__ import annotations

import contextvars
import math
import numbers
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .. import backends
from ..backends import defaults
from ..backends.base import (
    SCALAR_ONLY,
    Compiled,
    OperatorUnsupported,
    check_options,
    describe_failure,
)
from ..cache import compiled_cache, options_key
from ..errors import BackendError, BackendTimeout, GradlabError, InputError
from ..problem import Problem
from .operators import GRADIENT, Derivative, bind_direction, derive, source_for
from .witness import holds, witnessed

REFERENCE_CHOICES = ("auto", "none")  # besides these, reference= names an engine


def validate_options(spec: str, options: dict[str, Any]) -> dict[str, Any]:
    """The engine's variant merged with ``options``, or one InputError naming what is wrong."""
    backend, variant = backends.resolve(spec)
    if not isinstance(options, dict):
        raise InputError(f"the options for {spec} must be a dict of option -> value, not "
                         f"{type(options).__name__}")
    merged = {**variant, **options}
    check_options(backend, merged)
    step = merged.get("step")
    if step is not None and not _positive_finite(step):
        raise InputError(f"{spec}: step must be a positive finite number (or None for the "
                         f"default), not {step!r}")
    return merged


def validate_compare_options(specs: Sequence[str], options: Any) -> dict[str, dict[str, Any]]:
    """``compare(options=...)``: keys are compared engines, values valid options for them."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise InputError("options maps an engine to its options, e.g. "
                         f"options={{{defaults.STEP_EXAMPLE!r}: {{'step': 1e-6}}}}")
    unknown = [key for key in options if key not in specs]
    if unknown:
        raise InputError(f"options names {unknown[0]!r}, which is not among the compared "
                         f"engines ({', '.join(specs)}); key options by those names")
    for spec, values in options.items():
        validate_options(spec, values)
    return options


def validate_reference(choice: Any) -> str:
    """``reference=``: "auto", "none" (or None), or a registered engine (spec)."""
    if choice is None:
        return "none"
    if isinstance(choice, str) and choice in REFERENCE_CHOICES:
        return choice
    allowed = ", ".join(repr(c) for c in REFERENCE_CHOICES + tuple(backends.specs()))
    if not isinstance(choice, str):
        raise InputError(f"reference must be one of {allowed} (or None), not "
                         f"{type(choice).__name__}")
    try:
        backends.resolve(choice)
    except InputError:
        raise InputError(f"reference={choice!r} is not allowed; choose one of {allowed} "
                         "(or None)") from None
    return choice


def validate_budget(name: str, seconds: Any) -> float | None:
    """A budget in seconds: a positive finite number, or None for none."""
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, numbers.Real) or \
            not _positive_finite(seconds):
        raise InputError(f"{name} must be a positive number of seconds (or None for no limit), "
                         f"not {seconds!r}")
    return float(seconds)


def _positive_finite(value: Any) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return math.isfinite(number) and number > 0


def compile_for(spec: str, problem: Problem, options: dict[str, Any] | None = None,
                operator: str = "gradient") -> tuple[Compiled, float, bool]:
    """(compiled, setup seconds, was cached) for engine ``spec``'s ``operator`` on ``problem``:
    compiled by the engine when it declares the operator (``compile(problem, operator=...)``
    for any operator but the gradient), else derived by gradlab from one it declares
    (:mod:`gradlab.comparison.operators`); OperatorUnsupported when neither."""
    backend, _ = backends.resolve(spec)
    merged = validate_options(spec, options or {})
    how = backend.computes(operator)
    if how is None:
        raise OperatorUnsupported(backend, operator)
    if operator in SCALAR_ONLY and problem.m != 1:
        raise InputError(f"the {operator} needs a function with one real output; "
                         f"{problem.label} returns shape {problem.output_shape}")
    live = backend.runs_user_code_at_call_time(merged)
    key = (options_key(backend.name, merged), operator, problem.outputs,
           problem.live_cache_key if live else problem.cache_key)
    if how == "derived":
        return _derived(spec, backend, problem, options or {}, operator, key)

    def build() -> tuple[Compiled, float]:
        backend.require()
        start = time.perf_counter()
        extra = {} if operator == "gradient" else {"operator": operator}
        try:
            compiled = backend.compile(problem, **extra, **merged)
        except GradlabError:
            raise
        except Exception as err:
            raise describe_failure(spec, err) from None
        if getattr(compiled, "operator", "gradient") != operator:
            raise BackendError(spec, f"asked for the {operator}, its compile() returned the "
                               f"{getattr(compiled, 'operator', 'gradient')}")
        return compiled, time.perf_counter() - start

    (compiled, compile_s), cached = _cached(key, problem, build)
    return compiled, compile_s, cached


def _derived(spec: str, backend: backends.Backend, problem: Problem, options: dict[str, Any],
             operator: str, key: tuple[Any, ...]) -> tuple[Compiled, float, bool]:
    source = source_for(backend, operator, problem)
    assert source is not None  # computes() said "derived"
    native, native_s, native_cached = compile_for(spec, problem, options, source)

    def build() -> tuple[Compiled, float]:
        return derive(operator, source, native, problem), native_s

    (compiled, compile_s), cached = _cached(key + (source,), problem, build)
    return compiled, compile_s, cached and native_cached


def _cached(key: tuple[Any, ...], problem: Problem, build: Callable[[], Any]) -> tuple[Any, bool]:
    """The compile cache's entry for ``key``, built (again) where f no longer gives the value
    it gave when compiled (``witness``: a file f reads changed)."""
    (built, _), cached = compiled_cache.get_or_build(
        key, witnessed(problem, build), lambda entry: holds(problem, entry[1]))
    return built, cached


def compile_bound(spec: str, problem: Problem, options: dict[str, Any] | None = None,
                  derivative: Derivative = GRADIENT) -> tuple[Compiled, float, bool]:
    """:func:`compile_for` of ``derivative.operator``, its functions taking the point alone
    (a directed operator's direction bound to ``derivative.direction``)."""
    compiled, setup_s, cached = compile_for(spec, problem, options, derivative.operator)
    return bind_direction(compiled, derivative.direction), setup_s, cached


def guarded(spec: str, call: Callable[..., Any]) -> Callable[..., Any]:
    """``call`` whose exceptions at call time become a BackendError naming engine and cause."""

    def run(*args: np.ndarray) -> Any:
        try:
            return call(*args)
        except GradlabError:
            raise
        except Exception as err:
            raise describe_failure(spec, err) from None

    return run


def flat_gradient(gradient: Any, spec: str) -> np.ndarray:
    """An engine's gradient as a 1-D float64 array, or BackendError."""
    try:
        values = np.asarray(gradient, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise BackendError(spec, f"returned a gradient that is not numbers ({err})") from None
    if values.ndim != 1:
        raise BackendError(spec, f"returned a gradient of shape {values.shape}")
    return values


def flat_result(values: Any, spec: str, problem: Problem, operator: str) -> np.ndarray:
    """An engine's ``operator`` value as float64 of exactly its flat shape
    (``problem.result_shape``), or BackendError; the gradient as :func:`flat_gradient`."""
    if operator == "gradient":
        return flat_gradient(values, spec)
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise BackendError(spec, f"returned a {operator} that is not numbers ({err})") from None
    expected = problem.result_shape(operator)
    if array.shape != expected:
        raise BackendError(spec, f"returned a {operator} of shape {array.shape}, not "
                           f"{expected}")
    return array


def within_time_limit(work: Callable[[], Any], seconds: float | None, spec: str) -> Any:
    """Run ``work`` in a daemon thread; raise BackendTimeout if it is not done in time.

    A timed-out engine is stopped by raising an exception in its thread, which takes effect
    as soon as it runs Python code again (SymPy at once; a compiler in C++ when it returns).
    The exception is sent again until the thread stops: Python ignores one that lands in a
    garbage-collector callback or a ``__del__`` (JAX registers such a callback).
    Exceptions from ``work`` are re-raised here. The engine's library is imported first, in
    the caller's thread: an import cut short by the interrupt would leave a half-initialised
    module behind for the rest of the user's session.
    """
    _import_library(spec)
    if seconds is None:
        return work()
    outcome: dict[str, Any] = {}
    running = _Running()
    context = contextvars.copy_context()  # the work sees the caller's context (its sharing)

    def target() -> None:
        try:
            try:
                outcome["value"] = context.run(work)
            except _Abandoned:
                pass
            except BaseException as err:  # handed to the caller's thread
                outcome["error"] = err
            finally:
                running.end()
        except _Abandoned:  # an interrupt sent again just as the work ended
            pass

    thread = threading.Thread(target=target, name=f"gradlab-{spec}", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        _interrupt(thread, running)
        raise BackendTimeout(spec, f"timed out after {seconds:g} s (raise time_limit=... to "
                             "wait longer)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _import_library(spec: str) -> None:
    try:
        backend, _ = backends.resolve(spec)
    except InputError:  # not an engine name: nothing to import
        return
    if backend.available():
        backend.require()


class _Running:
    """Whether a worker thread is still inside its work: interrupts are sent only then."""

    def __init__(self) -> None:
        self.lock, self.inside = threading.Lock(), True

    def end(self) -> None:
        with self.lock:
            self.inside = False

    def interrupt(self, thread: threading.Thread) -> bool:
        """Send the interrupt if the work still runs; whether it was sent."""
        import ctypes

        with self.lock:
            if not self.inside or not thread.is_alive() or thread.ident is None:
                return False
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                                       ctypes.py_object(_Abandoned))
            return True


_abandoned: list[threading.Thread] = []
# How long an interrupted thread gets to stop before the interrupt is sent again: ample for a
# Python unwind, so a second exception does not land in the first one's clean-up (an import's)
REPEAT_INTERRUPT_S = 0.5


def _interrupt(thread: threading.Thread, running: _Running) -> None:
    import atexit

    if thread.ident is None:  # never started: nothing runs there to interrupt
        return
    running.interrupt(thread)
    if not _abandoned:
        atexit.register(_join_abandoned)
    _abandoned.append(thread)
    threading.Thread(target=_keep_interrupting, args=(thread, running), daemon=True,
                     name=f"{thread.name}-stop").start()


def _keep_interrupting(thread: threading.Thread, running: _Running) -> None:
    """Send the interrupt again until the abandoned work stops (a C call that never returns
    to Python keeps it alive: then this waits with it)."""
    thread.join(REPEAT_INTERRUPT_S)
    while running.interrupt(thread):
        thread.join(REPEAT_INTERRUPT_S)


def _join_abandoned(wait_s: float = 60.0) -> None:
    """At exit, let interrupted engines leave their C/C++ code (killing them there aborts)."""
    deadline = time.perf_counter() + wait_s
    for thread in _abandoned:
        thread.join(max(0.0, deadline - time.perf_counter()))


class _Abandoned(BaseException):
    """Raised inside a timed-out engine's thread to stop it; never reaches the user."""
