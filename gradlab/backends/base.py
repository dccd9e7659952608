"""The small protocol every engine implements, and the pieces engines share."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import BackendError, BackendUnavailable
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
    reference: Callable[[np.ndarray], np.ndarray] | None = None  # high-precision gradient
    details: dict[str, Any] = field(default_factory=dict)  # e.g. symbolic expressions

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
        import importlib.metadata  # not at import time: it costs 50 ms

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

    def runs_user_code_at_call_time(self, options: dict[str, Any]) -> bool:
        """Whether the compiled gradient calls the user's function (and so reads the objects it
        reaches) at each call, rather than a trace or graph that baked their values in.

        Such gradients are cached per object, not only per content. Engines that trace or build
        a graph return False; the safe default is True.
        """
        return True

    # `*args: Any, **options: Any` is the typing spec's "any signature" (like Callable[...,
    # Compiled]): each engine declares its own keyword options. gradlab passes keywords only.
    def compile(self, problem: Problem, *args: Any, **options: Any) -> Compiled:
        raise NotImplementedError

    def code(self, problem: Problem, *args: Any, **options: Any) -> str:
        raise NotImplementedError


def check_options(backend: Backend, options: dict[str, Any]) -> None:
    from ..errors import InputError

    unknown = sorted(set(options) - set(backend.options))
    if unknown:
        allowed = ", ".join(backend.options) or "none"
        raise InputError(
            f"{backend.name} has no option {unknown[0]!r}; its options are: {allowed}"
        )
    dtype = options.get("dtype", "float64")
    if dtype not in DTYPES:
        raise InputError(f"{backend.name}: dtype must be one of {', '.join(map(repr, DTYPES))}, "
                         f"not {dtype!r}")


DTYPES = ("float64", "float32")  # the precisions an engine's dtype= option may take


def scalar_output(value: Any, backend: str, problem: Problem) -> Any:
    """Check an engine's traced output is a single value, raising BackendError otherwise."""
    shape = getattr(value, "shape", ())
    if not isinstance(shape, tuple):  # a symbolic shape (PyTensor): use the static one
        shape = tuple(value.type.shape)
    if shape not in ((), (1,)):
        raise BackendError(backend, f"{problem.label} returns shape {tuple(shape)}, not a scalar")
    return value.reshape(()) if shape == (1,) else value



_CAUSES = (
    ("TracerBoolConversionError", "Python `if`/`while`/`and`/`or` on a traced value"),
    ("ConcretizationTypeError", "a Python `if`, float(), int() or .item() on a traced value"),
    ("truth value of Relational", "Python `if` on a symbolic value (SymPy cannot decide it)"),
    ("convert expression to float", "float() or a math function on a symbolic value"),
    ("drop its derivative", "float() or int() on a dual number drops its derivative"),
    ("TracerArrayConversionError", "a numpy function gradlab does not map received a traced "
     "value (numpy cannot hold one)"),
)


def describe_failure(engine: str, err: BaseException) -> BackendError:
    """One BackendError for an exception raised while an engine ran the user's code.

    The cause is said in one sentence; the construct is the user's source line where it
    happened, when the traceback reaches user code.
    """
    if isinstance(err, BackendError):
        return err
    text = f"{type(err).__name__}: {err}"
    cause = next((c for key, c in _CAUSES if key in text), None)
    if cause is None:
        first = str(err).strip().splitlines()[0] if str(err).strip() else ""
        cause = f"{type(err).__name__}: {first[:200]}" if first else type(err).__name__
    return BackendError(engine, cause, _user_line(err))


def _user_line(err: BaseException) -> str | None:
    import linecache

    from .rebind import is_user_file

    line = None
    tb = err.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if is_user_file(code.co_filename):
            text = linecache.getline(code.co_filename, tb.tb_lineno).strip()
            line = text or line
        tb = tb.tb_next
    return line
