"""The arguments after the point, ``f(x, *args)``, as ``g(x, *args)`` passes them per call.

``ExtraArguments.bind(f)`` is f as a function of the point alone that reads the arguments when
it runs. An engine that traces (jax, pytensor) takes the *traced* ones, float arrays and
floats, as inputs of its compiled function (``compile_with_arguments``), so new values of the
same shapes and dtypes reuse the compile, as they do in ``jax.jit``; an engine that runs f at
call time reads the values set for that call; every other engine bakes the values in, and
gradlab keys its compile on them.

An engine that can take the traced arguments as inputs defines
``compile_with_arguments(problem, arguments, operator="gradient", **options) -> Compiled | None``:
``problem.func`` reads ``arguments``; while the engine traces or builds its graph, it calls f
inside ``with arguments.tracing(inputs):`` (its own symbols for ``arguments.traced_values()``),
and the returned Compiled's functions take ``(x, *traced values)``. None means it cannot (f
needs a value, not a symbol): gradlab then bakes the values in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from ..fingerprint import content_key

__all__ = ["ExtraArguments", "signature"]


def is_traced(value: Any) -> bool:
    """Whether an argument can be an input of a traced function: a float array (numpy's or
    JAX's) or a float."""
    if type(value) is np.ndarray:
        return value.dtype.kind == "f"
    if type(value) is float or isinstance(value, np.floating):
        return True
    return type(value).__module__.startswith("jax") and _is_float_array(value)


def _is_float_array(value: Any) -> bool:
    return hasattr(value, "shape") and getattr(getattr(value, "dtype", None), "kind", "") == "f"


def signature(args: tuple[Any, ...]) -> Hashable:
    """What a compile with these arguments depends on: dtype and shape of the traced ones, the
    contents of the others (an int may be a shape or a loop count, a list may hold anything)."""
    return tuple(_shape_of(a) if is_traced(a) else ("static", content_key(a)) for a in args)


def _shape_of(value: Any) -> Hashable:
    if type(value) is float or isinstance(value, np.floating):
        return ("float",)
    return ("array", value.dtype.str, tuple(value.shape))


class ExtraArguments:
    """The values of f's arguments after the point, set per call (``given``) under a lock."""

    def __init__(self, values: tuple[Any, ...]):
        self.values = tuple(values)
        self.traced = tuple(i for i, v in enumerate(values) if is_traced(v))
        self.lock = threading.RLock()

    def traced_values(self, values: tuple[Any, ...] | None = None) -> tuple[Any, ...]:
        """The traced arguments among ``values`` (default: the ones held), float64 floats as
        0-d arrays."""
        values = self.values if values is None else values
        return tuple(_as_input(values[i]) for i in self.traced)

    def release(self) -> None:
        """Let go of the traced values once compiled: later calls pass their own (a trace or
        a call with ``given``), and the data of the first call need not stay alive."""
        self.values = tuple(None if i in self.traced else v for i, v in enumerate(self.values))

    @contextmanager
    def given(self, values: tuple[Any, ...]) -> Iterator[None]:
        """Hold ``values`` (all of them) while the block runs."""
        with self.lock:
            previous, self.values = self.values, tuple(values)
            try:
                yield
            finally:
                self.values = previous

    @contextmanager
    def tracing(self, traced: tuple[Any, ...]) -> Iterator[None]:
        """Hold ``traced`` (an engine's tracers) in the traced positions while the block runs."""
        values = list(self.values)
        for position, value in zip(self.traced, traced):
            values[position] = value
        with self.given(tuple(values)):
            yield

    def bind(self, f: Callable[..., Any]) -> Callable[[Any], Any]:
        """``f`` as a function of the point alone, reading the arguments held when it runs."""
        arguments = self

        def with_arguments(x: Any) -> Any:
            return f(x, *arguments.values)

        with_arguments.__name__ = getattr(f, "__name__", "f")
        return with_arguments


def _as_input(value: Any) -> Any:
    return np.asarray(value, dtype=np.float64) if type(value) is float else value
