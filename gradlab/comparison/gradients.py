"""One engine's gradient as a plain array: ``gl.grad`` (a reusable function) and ``gl.gradient``.

Both stand on the runner (compile, cache, guarded calls): ``grad`` compiles once per argument
layout and keeps the engine's gradient for the next call; ``gradient`` is ``grad`` called once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..backends import defaults
from ..errors import InputError
from ..problem import Problem, make_problem
from .runner import compile_for, flat_gradient, guarded, validate_options

__all__ = ["GradFunction", "grad", "gradient"]


def grad(f: Any, backend: str = defaults.GRADIENT, *, wrt: Sequence[str] | None = None,
         **options: Any) -> GradFunction:
    """A function ``g(at) -> ndarray`` computing the gradient of ``f`` with one engine."""
    return GradFunction(f, backend, wrt, options)


def gradient(f: Any, at: Any, backend: str = defaults.GRADIENT, *, wrt: Sequence[str] | None = None,
             **options: Any) -> np.ndarray:
    """The gradient of ``f`` at ``at`` with one engine, as a float64 array."""
    return grad(f, backend, wrt=wrt, **options).at(at)


class GradFunction:
    """``grad(f, backend)``: a gradient function, traced/compiled once per argument layout."""

    def __init__(self, f: Any, backend: str, wrt: Sequence[str] | None, options: dict[str, Any]):
        validate_options(backend, options)
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
        return self.at(at)

    def at(self, at: Any) -> np.ndarray:
        """The gradient at the point ``at`` (a dict, a sequence, an array or a number)."""
        problem, compiled = self._problem, self._gradient
        if (type(at) is np.ndarray and problem is not None and compiled is not None
                and at.dtype == np.float64 and at.shape == self._shape):  # the fast path
            if at.ndim == 1:  # no views: an engine may copy a view it does not own
                return compiled(at)
            return compiled(at.reshape(-1)).reshape(self._shape)
        x = None  # with wrt, the held values may change: the point is laid out anew
        if problem is not None and self.wrt is None:
            try:
                x = problem.flatten(at)
            except (InputError, KeyError, TypeError, ValueError):
                x = None
        if problem is None or compiled is None or x is None:
            problem, compiled = self._prepare(at)
            x = problem.x0
        return problem.shape_gradient(flat_gradient(compiled(x), self.backend))

    def _prepare(self, at: Any) -> tuple[Problem, Callable[[np.ndarray], np.ndarray]]:
        problem = make_problem(self.f, at, self.wrt)
        problem.evaluate()
        compiled, _, _ = compile_for(self.backend, problem, self.options)
        self._problem, self._gradient = problem, guarded(self.backend, compiled.gradient)
        array_point = len(problem.slots) == 1 and problem.slots[0].shape is not None
        self._shape = problem.gradient_shape if array_point and self.wrt is None else None
        return problem, self._gradient

    def __repr__(self) -> str:
        return f"<gradlab.grad of {getattr(self.f, '__name__', self.f)!r} with {self.backend}>"


def _with_arguments(f: Any, args: tuple[Any, ...]) -> Callable[[Any], Any]:
    def with_arguments(x: Any) -> Any:
        return f(x, *args)

    with_arguments.__name__ = getattr(f, "__name__", "f")
    return with_arguments
