"""One engine's derivative as a plain array: ``gl.grad`` / ``gl.jac`` / ``gl.hess`` (reusable
functions) and ``gl.gradient``, ``gl.jacobian``, ``gl.hessian``, ``gl.hvp``, ``gl.jvp``,
``gl.vjp`` (one value).

All stand on the runner (compile, cache, guarded calls): ``grad``, ``jac`` and ``hess`` compile
once per argument layout and keep the engine's derivative for the next call; ``gradient``,
``jacobian`` and ``hessian`` are those called once. Shapes: the gradient, hvp and vjp are shaped
like the point (``problem.gradient_shape``), the Jacobian is f's output shape + the point's,
the Hessian the point's twice, the jvp f's output shape.

``g(x, *args)`` passes f's extra arguments without a new compile or a hash of their data where
the engine allows (:mod:`.prepared`); ``g.batch(points)`` computes at many points in one call
(:mod:`.batch`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..backends import defaults
from ..backends.base import describe_failure
from ..errors import GradlabError, InputError
from ..fingerprint import watch_reads
from ..problem import make_problem
from .batch import batch_values
from .operators import outputs_for
from .prepared import ArgumentCalls, Prepared, prepare
from .runner import compile_for, flat_result, guarded, validate_options

if TYPE_CHECKING:
    from ..watch import DataWatch

__all__ = ["DerivativeFunction", "GradFunction", "grad", "gradient", "hess", "hessian", "hvp",
           "jac", "jacobian", "jvp", "vjp"]


def grad(f: Any, backend: str = defaults.GRADIENT, *, wrt: Sequence[str] | None = None,
         **options: Any) -> GradFunction:
    """A function ``g(at) -> ndarray`` computing the gradient of ``f`` with one engine."""
    return GradFunction(f, backend, wrt, options)


def jac(f: Any, backend: str = defaults.GRADIENT, *, wrt: Sequence[str] | None = None,
        **options: Any) -> DerivativeFunction:
    """A function ``J(at) -> ndarray`` computing the Jacobian of ``f`` (output shape + point
    shape) with one engine, compiled once; ``J(x, *args)`` as scipy.optimize calls ``jac=``
    (e.g. ``least_squares(residuals, x0, jac=gl.jac(residuals))``)."""
    return DerivativeFunction(f, backend, wrt, options, "jacobian")


def hess(f: Any, backend: str = defaults.GRADIENT, *, wrt: Sequence[str] | None = None,
         **options: Any) -> DerivativeFunction:
    """A function ``H(at) -> ndarray`` computing the Hessian of scalar ``f`` (the point's shape
    twice) with one engine, compiled once; ``H(x, *args)`` as scipy.optimize calls ``hess=``
    (e.g. ``minimize(f, x0, jac=gl.grad(f), hess=gl.hess(f), method="trust-exact")``)."""
    return DerivativeFunction(f, backend, wrt, options, "hessian")


def gradient(f: Any, at: Any, backend: str = defaults.GRADIENT, *, wrt: Sequence[str] | None = None,
             **options: Any) -> np.ndarray:
    """The gradient of ``f`` at ``at`` with one engine, as a float64 array."""
    return grad(f, backend, wrt=wrt, **options).at(at)


def jacobian(f: Any, at: Any, backend: str = defaults.GRADIENT, *,
             wrt: Sequence[str] | None = None, **options: Any) -> np.ndarray:
    """The Jacobian of ``f`` (any array output; a scalar f has m = 1) at ``at``: shape f's
    output shape + the point's shape, e.g. (m, n)."""
    return jac(f, backend, wrt=wrt, **options).at(at)


def hessian(f: Any, at: Any, backend: str = defaults.GRADIENT, *,
            wrt: Sequence[str] | None = None, **options: Any) -> np.ndarray:
    """The Hessian of scalar ``f`` at ``at``: the point's shape twice, e.g. (n, n)."""
    return hess(f, backend, wrt=wrt, **options).at(at)


def hvp(f: Any, at: Any, v: Any, backend: str = defaults.GRADIENT, *,
        wrt: Sequence[str] | None = None, **options: Any) -> np.ndarray:
    """The Hessian of scalar ``f`` at ``at`` times ``v`` (shaped like the point), without
    forming the Hessian where the engine can: shaped like the point."""
    return _directed("hvp", f, at, v, backend, wrt, options)


def jvp(f: Any, at: Any, v: Any, backend: str = defaults.GRADIENT, *,
        wrt: Sequence[str] | None = None, **options: Any) -> np.ndarray:
    """The directional derivative (pushforward) J v of ``f`` at ``at`` along ``v`` (shaped like
    the point): shaped like f's output."""
    return _directed("jvp", f, at, v, backend, wrt, options)


def vjp(f: Any, at: Any, u: Any, backend: str = defaults.GRADIENT, *,
        wrt: Sequence[str] | None = None, **options: Any) -> np.ndarray:
    """The pullback u^T J of ``f`` at ``at`` for ``u`` (shaped like f's output): shaped like
    the point."""
    return _directed("vjp", f, at, u, backend, wrt, options)


def _directed(operator: str, f: Any, at: Any, direction: Any, backend: str,
              wrt: Sequence[str] | None, options: dict[str, Any]) -> np.ndarray:
    validate_options(backend, options)
    problem = make_problem(f, at, wrt, outputs_for(operator))
    problem.evaluate()
    flat_direction = (problem.flatten_output(direction) if operator == "vjp"
                      else problem.flatten(direction, "v"))
    compiled, _, _ = compile_for(backend, problem, options, operator)
    value = guarded(backend, compiled.gradient)(problem.x0, flat_direction)
    return problem.shape_result(operator, flat_result(value, backend, problem, operator))


class DerivativeFunction:
    """``grad``, ``jac``, ``hess``: one operator of ``f``, traced/compiled once per argument
    layout and called as ``g(at)``, ``g(x, *args)`` (scipy.optimize) or ``g(w=1.0, b=0.0)``;
    ``g.batch(points)`` at many points in one call."""

    def __init__(self, f: Any, backend: str, wrt: Sequence[str] | None, options: dict[str, Any],
                 operator: str = "gradient"):
        validate_options(backend, options)
        self.f, self.backend, self.wrt, self.options = f, backend, wrt, options
        self.operator = operator
        self._prepared: Prepared | None = None  # for points laid out like the last one
        self._fast: Callable[[np.ndarray], np.ndarray] | None = None  # the engine's own call
        self._shape: tuple[int, ...] | None = None  # the point's shape when the fast path applies
        self._arguments: ArgumentCalls | None = None
        self._watch: DataWatch | None = None  # the data f read when it was prepared
        self._said_large = False

    def __call__(self, at: Any = None, *args: Any, **named: Any) -> np.ndarray:
        """The derivative at ``at``; ``g(x, *args)`` as scipy.optimize calls ``jac``/``hess``,
        or ``g(w=1.0, b=0.0)`` with the point by name."""
        self._forget_if_data_changed()
        fast = self._fast
        if (fast is not None and type(at) is np.ndarray and not args and not named
                and at.shape == self._shape and at.dtype == np.float64):  # the hot path
            try:
                return fast(at)
            except GradlabError:
                raise
            except Exception as err:
                raise describe_failure(self.backend, err) from None
        if named:
            if at is not None:
                raise InputError("give the point either as one argument or by name, not both")
            at = named
        if at is None:
            raise InputError("give the point: g(x), g({'x': 1.0}) or g(x=1.0)")
        if args:  # extra arguments after the variables: f(x, *args)
            if self.wrt is not None:  # the held values come with each point: laid out anew
                return DerivativeFunction(_with_arguments(self.f, args), self.backend, self.wrt,
                                          self.options, self.operator).at(at)
            prepared = self._prepared_for(at, args)
            return prepared.value(prepared.flatten(at), args)
        return self._at(at)

    def at(self, at: Any) -> np.ndarray:
        """The derivative at the point ``at`` (a dict, a sequence, an array or a number)."""
        self._forget_if_data_changed()
        return self._at(at)

    def _at(self, at: Any) -> np.ndarray:
        prepared, x = self._prepared, None
        if prepared is not None and self.wrt is None:  # with wrt, held values may change
            try:
                x = prepared.flatten(at)
            except (InputError, KeyError, TypeError, ValueError):
                x = None
        if prepared is None or x is None:
            prepared = self._prepare(at)
            x = prepared.problem.x0
        return prepared.value(x)

    def batch(self, points: Any, *args: Any) -> np.ndarray:
        """The derivative at each of ``points`` in one call: shape (k, *one value's shape).

        ``points``: a sequence of points, each what ``g`` accepts (an ndarray's rows: a 2-D
        array (k, n) for f of one vector, (k, *shape) for f of one array; a list of dicts...).
        jax computes them all at once (``jax.vmap``); other engines point by point, with the
        numbers ``g`` gives at each. ``args``: f's extra arguments, the same for every point.
        """
        return batch_values(self, points, args)

    def prepared(self, at: Any, args: tuple[Any, ...] = ()) -> Prepared:
        """The operator prepared for points laid out like ``at`` (with ``args``)."""
        self._forget_if_data_changed()
        return self._prepared_for(at, args)

    def _prepared_for(self, at: Any, args: tuple[Any, ...]) -> Prepared:
        if args:
            if self._arguments is None:
                self._arguments = ArgumentCalls(self.f, self.backend, self.options,
                                                self.operator)
            arguments = self._arguments
            return self._watching(lambda: arguments.prepared(at, args))
        prepared = self._prepared
        if prepared is not None and self.wrt is None:
            try:
                prepared.flatten(at)
                return prepared
            except (InputError, KeyError, TypeError, ValueError):
                pass
        return self._prepare(at)

    def _forget_if_data_changed(self) -> None:
        """Prepare anew when data f reads changed since it was prepared (a global rebound, an
        array or a dict changed in place: ``watch``): the derivative is for the data of now."""
        watch = self._watch
        if watch is not None and watch.changed():
            self._forget()

    def _forget(self) -> None:
        self._prepared = self._fast = self._shape = self._arguments = self._watch = None

    def _watching(self, make: Callable[[], Prepared]) -> Prepared:
        """``make()``, watching what f read for it when nothing watches yet."""
        if self._watch is not None:
            return make()
        before = watch_reads(self.f)
        made = make()  # runs f: what f changes itself is not watched (``unchanged``)
        self._watch = before.unchanged()
        if before.outside and made.arguments is None:  # f reads a file or the environment:
            self._watch.value(made.problem.evaluate)  # its value at the point, too
        if before.large and not self._said_large:  # once: not again at each new preparation
            self._said_large = True
            warnings.warn(f"{self!r} does not compare all of {', '.join(before.large)} that "
                          "f reads before each call (a new one is seen; a change of a few "
                          "values in place may not be, where the engine traced f): after such "
                          "a change call gl.grad again, or pass it as an argument, g(x, data)",
                          UserWarning, stacklevel=4)
        return made

    def _prepare(self, at: Any) -> Prepared:
        prepared = self._watching(lambda: prepare(self.f, self.backend, self.options,
                                                  self.operator, at, self.wrt))
        problem = prepared.problem
        self._prepared = prepared
        array_point = len(problem.slots) == 1 and problem.slots[0].shape is not None
        self._shape = problem.gradient_shape if array_point and self.wrt is None else None
        self._fast = None if self._shape is None else _fast_call(
            prepared.engine_call, self._shape, problem.result_shape(self.operator),
            prepared.shape)
        return prepared

    def __repr__(self) -> str:
        what = {"gradient": "grad", "jacobian": "jac", "hessian": "hess"}.get(self.operator,
                                                                              self.operator)
        return f"<gradlab.{what} of {getattr(self.f, '__name__', self.f)!r} with {self.backend}>"


def _fast_call(call: Callable[[np.ndarray], np.ndarray], shape: tuple[int, ...],
               flat_shape: tuple[int, ...], result_shape: tuple[int, ...]
               ) -> Callable[[np.ndarray], np.ndarray]:
    """The engine's function on a float64 array of the point's shape, shaped for the user."""
    if len(shape) == 1 and flat_shape == result_shape:
        return call  # its value as it is (no views: an engine may copy one it does not own)

    def reshaped(x: np.ndarray) -> np.ndarray:
        return call(x if x.ndim == 1 else x.reshape(-1)).reshape(result_shape)

    return reshaped


class GradFunction(DerivativeFunction):
    """``grad(f, backend)``: a gradient function, traced/compiled once per argument layout."""

    def __init__(self, f: Any, backend: str, wrt: Sequence[str] | None, options: dict[str, Any]):
        super().__init__(f, backend, wrt, options, "gradient")


def _with_arguments(f: Any, args: tuple[Any, ...]) -> Callable[[Any], Any]:
    def with_arguments(x: Any) -> Any:
        return f(x, *args)

    with_arguments.__name__ = getattr(f, "__name__", "f")
    return with_arguments
