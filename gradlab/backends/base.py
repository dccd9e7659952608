"""The small protocol every engine implements, and the pieces engines share."""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import BackendUnavailable
from ..problem import Problem


@dataclass
class Estimate:
    """One gradient with what it cost and how far it can be trusted (numerical engines)."""

    gradient: np.ndarray
    step: float | None = None
    error_estimate: float | None = None
    n_evals: int | None = None
    notes: tuple[str, ...] = ()


@dataclass
class Compiled:
    """A gradient prepared for one problem.

    ``gradient(x)`` maps a flat float64 point to the flat gradient (the fast path ``grad`` calls);
    numerical engines also give ``estimate(x)``, the same with step, error estimate and cost.
    """

    gradient: Callable[[np.ndarray], np.ndarray]
    notes: tuple[str, ...] = ()
    estimator: Callable[[np.ndarray], Estimate] | None = None

    def estimate(self, x: np.ndarray) -> Estimate:
        if self.estimator is not None:
            return self.estimator(x)
        return Estimate(self.gradient(x), notes=self.notes)


@dataclass
class Backend:
    """An engine. Subclasses set the class attributes and implement ``compile`` and ``code``.

    ``compile`` does the expensive, once-per-function work (tracing, symbolic differentiation,
    building a graph, compiling) and must import its library itself: ``import gradlab`` loads
    no engine.
    """

    name: str = ""
    requires: str | None = None  # the module that must be importable
    distribution: str | None = None  # its pip name, when it differs
    extra: str | None = None  # gradlab's extra that installs it
    exact: bool = True  # autodiff/symbolic (True) or numerical estimate (False)
    description: str = ""
    options: tuple[str, ...] = field(default=())

    def available(self) -> bool:
        return self.requires is None or importlib.util.find_spec(self.requires) is not None

    def version(self) -> str | None:
        if self.requires is None:
            return None
        try:
            return importlib.metadata.version(self.distribution or self.requires)
        except importlib.metadata.PackageNotFoundError:
            return None

    def require(self) -> Any:
        """Import and return the engine's module, or raise BackendUnavailable."""
        if self.requires is None:
            return None
        if not self.available():
            raise BackendUnavailable(self.name, self.distribution or self.requires, self.extra)
        return importlib.import_module(self.requires)

    def compile(self, problem: Problem, **options: Any) -> Compiled:
        raise NotImplementedError

    def code(self, problem: Problem, **options: Any) -> str:
        raise NotImplementedError


def check_options(backend: Backend, options: dict[str, Any]) -> None:
    from ..errors import InputError

    unknown = sorted(set(options) - set(backend.options))
    if unknown:
        allowed = ", ".join(backend.options) or "none"
        raise InputError(
            f"{backend.name} has no option {unknown[0]!r}; its options are: {allowed}"
        )


def scalar_output(value: Any, backend: str, problem: Problem) -> Any:
    """Check an engine's traced output is a single value, raising BackendError otherwise."""
    from ..errors import BackendError

    shape = getattr(value, "shape", ())
    if shape not in ((), (1,)):
        raise BackendError(backend, f"{problem.label} returns shape {tuple(shape)}, not a scalar")
    return value.reshape(()) if shape == (1,) else value


def as_float_array(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.float64).ravel()
