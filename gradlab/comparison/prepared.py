"""One operator of ``f`` prepared for one layout of the point (and of ``f(x, *args)``'s extra
arguments): what ``gl.grad``, ``gl.jac`` and ``gl.hess`` call, point by point or in a batch.

Extra arguments are passed the cheapest way that is never stale:

* traced (jax, pytensor): float arrays and floats are inputs of the compiled function, as in
  ``jax.jit``: new values of the same shapes and dtypes reuse the compile;
* read at call time (engines that run f at each call: finite differences, dual numbers...):
  compiled once per shapes and dtypes, the values held for the call;
* baked in (SymPy, and jax or pytensor where f needs the values themselves): compiled per
  values, keyed by their contents.
"""

from __future__ import annotations

import copy
import os
import sys
import warnings
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import backends
from ..backends.arguments import ExtraArguments, signature
from ..backends.base import Compiled, Estimate
from ..cache import compiled_cache
from ..fingerprint import Same, content_key
from ..problem import Problem, make_problem
from .operators import outputs_for
from .runner import compile_for, flat_result, guarded, validate_options

TRACED, AT_CALL, BAKED = "traced", "read at call time", "baked in"
_GRADLAB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass
class Prepared:
    """``call(x, *traced values)`` computes the operator at a flat float64 point; ``batched``
    (engines that batch natively) at the k points of a (k, n) array."""

    problem: Problem
    spec: str
    operator: str
    call: Callable[..., Any]
    engine_call: Callable[..., Any]  # ``call`` without the guard (its caller converts errors)
    batched: Callable[..., np.ndarray] | None = None
    arguments: ExtraArguments | None = None
    how: str = BAKED

    def __post_init__(self) -> None:
        self.shape = self.problem.user_shape(self.operator)  # of one value, as the user sees it

    def value(self, flat: np.ndarray, args: tuple[Any, ...] = ()) -> np.ndarray:
        """The operator at ``flat``, shaped as the user sees it."""
        if self.how == AT_CALL and self.arguments is not None:
            with self.arguments.given(args):
                raw = self.call(flat)
        else:
            raw = self.call(flat, *self.traced_values(args))
        return flat_result(raw, self.spec, self.problem, self.operator).reshape(self.shape)

    def traced_values(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        if self.how != TRACED or self.arguments is None:
            return ()
        return self.arguments.traced_values(args)

    def flatten(self, at: Any) -> np.ndarray:
        if type(at) is np.ndarray and at.dtype == np.float64 and at.size == self.problem.n:
            return at.reshape(-1)
        return self.problem.flatten(at)


def prepare(f: Any, spec: str, options: dict[str, Any], operator: str, at: Any,
            wrt: Any = None) -> Prepared:
    """``operator`` of ``f`` with engine ``spec`` for points laid out like ``at``."""
    problem = make_problem(f, at, wrt, outputs_for(operator))
    problem.evaluate()
    compiled, _, _ = compile_for(spec, problem, options, operator)
    call = user_call(spec, compiled)
    return Prepared(problem, spec, operator, guarded(spec, call), call,
                    _guarded_batch(spec, compiled))


POOR = 1e-6  # an estimate above this share of the derivative's norm: the value is not trusted


def user_call(spec: str, compiled: Compiled) -> Callable[..., Any]:
    """The derivative as ``gl.grad`` calls it: where each value comes with its error estimate
    (Richardson, complex step, numpy's stencil...), the first estimate above ``POOR`` of the
    value's norm, or none that bounds it, warns: a plain array carries no estimate of its own.
    Where the fast path skips the estimate (central differences, scipy's approx_fprime), the
    first call also makes the estimate, once, to warn where f is beyond the method at the
    user's point (central differences' estimate costs 6n + 1 more evaluations of f)."""
    if not (compiled.estimated or compiled.estimate_skipped):
        return compiled.gradient
    warned = False

    def check(estimate: Estimate) -> None:
        nonlocal warned
        error, size = estimate.error_estimate, float(np.linalg.norm(estimate.gradient))
        if not warned and error is not None and not error <= POOR * size:
            warned = True  # once: an optimizer's loop calls it thousands of times
            warnings.warn(f"{spec}: {_how_poor(error, size)}; gl.compare(f, x) shows which "
                          "engines agree there", UserWarning, stacklevel=_caller_level())

    if compiled.estimated:
        def checked(*args: np.ndarray) -> Any:
            estimate = compiled.estimate(*args)
            check(estimate)
            return estimate.gradient

        return checked
    first = True

    def checked_first(*args: np.ndarray) -> Any:
        nonlocal first
        if first:
            first = False
            check(compiled.estimate(*args))
        return compiled.gradient(*args)

    return checked_first


def _caller_level() -> int:
    """``warnings.warn``'s stacklevel, from the function calling it, of the first caller
    outside gradlab (the user's line)."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_GRADLAB):
        frame, level = frame.f_back, level + 1
    return level


def _how_poor(error: float, size: float) -> str:
    if not np.isfinite(error):
        return "nothing bounds its error here (its steps do not resolve f)"
    if size == 0:
        return f"its own error estimate here is {error:.1e}, on a value of 0"
    return (f"its own error estimate here is {error:.1e}, {error / size:.1e} of the value's "
            f"norm ({size:.3g})")


class ArgumentCalls:
    """``g(x, *args)`` of one DerivativeFunction: a Prepared per layout of the point and
    signature of the arguments (:func:`gradlab.backends.arguments.signature`), kept in the
    compile cache (whose counters count its compiles)."""

    def __init__(self, f: Any, spec: str, options: dict[str, Any], operator: str):
        self.f, self.spec, self.options, self.operator = f, spec, options, operator
        self.engine = backends.resolve(spec)[0]
        self.merged = validate_options(spec, options)
        self.token = Same(object())  # this function's entries in the shared cache
        self.kinds: dict[Hashable, str] = {}  # how the arguments are passed, per layout

    def prepared(self, at: Any, args: tuple[Any, ...]) -> Prepared:
        layout = (point_layout(at), signature(args))
        kind = self.kinds.get(layout)  # None the first time: then no entry can match
        found = compiled_cache.lookup(self._key(layout, kind, args))
        if found is not None:
            return found
        prepared = self._baked(at, args) if kind == BAKED else self._passed(at, args)
        self.kinds[layout] = prepared.how
        compiled_cache.store(self._key(layout, prepared.how, args), prepared)
        return prepared

    def _key(self, layout: Hashable, kind: str | None, args: tuple[Any, ...]) -> Hashable:
        values = (content_key(args),) if kind == BAKED else ()
        return ("arguments", self.token, layout, kind) + values

    def _passed(self, at: Any, args: tuple[Any, ...]) -> Prepared:
        """Traced or read at call time where the engine can; else baked in."""
        arguments = ExtraArguments(args)
        problem = make_problem(arguments.bind(self.f), at, None, outputs_for(self.operator))
        problem.evaluate()
        trace = getattr(self.engine, "compile_with_arguments", None)
        if trace is not None:
            compiled = trace(problem, arguments, operator=self.operator, **self.merged)
            if compiled is not None:
                arguments.release()
                return Prepared(problem, self.spec, self.operator,
                                guarded(self.spec, compiled.gradient), compiled.gradient,
                                _guarded_batch(self.spec, compiled), arguments, TRACED)
        elif self.engine.runs_user_code_at_call_time(self.merged):
            compiled, _, _ = compile_for(self.spec, problem, self.options, self.operator)
            arguments.release()
            call = user_call(self.spec, compiled)
            return Prepared(problem, self.spec, self.operator, guarded(self.spec, call), call,
                            None, arguments, AT_CALL)
        return self._baked(at, args)

    def _baked(self, at: Any, args: tuple[Any, ...]) -> Prepared:
        return prepare(_fixed(self.f, args), self.spec, self.options, self.operator, at)


def _guarded_batch(spec: str, compiled: Any) -> Callable[..., np.ndarray] | None:
    batched = getattr(compiled, "batched", None)
    return None if batched is None else guarded(spec, batched)


def _fixed(f: Any, args: tuple[Any, ...]) -> Callable[[Any], Any]:
    """f with these argument values for good (what a baking engine keys its compile on).

    The values are copied: the compile is found again by their contents, and an engine may
    keep the caller's array itself (PyTensor's constants do), which the caller can change."""
    args = _snapshot(args)

    def with_arguments(x: Any) -> Any:
        return f(x, *args)

    with_arguments.__name__ = getattr(f, "__name__", "f")
    return with_arguments


def _snapshot(args: tuple[Any, ...]) -> tuple[Any, ...]:
    try:
        return copy.deepcopy(args)
    except Exception:  # noqa: BLE001 - an object deepcopy refuses stays the caller's own
        return args


def point_layout(at: Any) -> Hashable:
    """What a point's layout is, cheaply: array shape, names and shapes, or a value's shape."""
    if type(at) is np.ndarray:
        return ("array", at.shape)
    if isinstance(at, Mapping):
        return ("names",) + tuple((name, np.shape(value)) for name, value in at.items())
    return ("value", np.shape(at))
