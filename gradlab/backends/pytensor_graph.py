"""``pytensor``: a symbolic graph, ``pytensor.grad``, and a compiled ``pytensor.function``.

The compile mode is chosen deliberately: PyTensor's default (the Numba linker) compiles on the
first call and costs 0.5-7 s cold; gradlab uses the C virtual machine (``CVM``) unless told
otherwise. Modes are passed to ``pytensor.function``; the user's ``pytensor.config`` is never
touched.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..problem import Problem
from .base import Compiled, Engine, describe_failure, scalar_output
from .rebind import rebind, translation_for

DEFAULT_MODE = "CVM"
# Graph rewrites that give wrong numbers in the PyTensor versions gradlab supports, left out of
# every mode: det_of_matrix_factorized_elsewhere takes det(X) from an LU factorisation of X
# found elsewhere in the graph (the gradient of inv(X) makes one) without the permutation's
# sign, so the gradient of det(X) + inv(X)[0, 1] came out wrong (PyTensor 3.0.7).
UNSAFE_REWRITES = ("det_of_matrix_factorized_elsewhere",)


class PytensorGraph(Engine):
    """pytensor.grad on a symbolic graph built by running f on tensor variables."""

    name = "pytensor"
    description = "pytensor.grad on a symbolic graph, compiled with pytensor.function"
    requires = extra = "pytensor"
    exact = True
    options = ("mode", "dtype")
    dtypes = ("float64", "float32")
    reference_rank = 2
    check_rank = 3  # compiling a graph costs more than the others
    namespace = "pytensor.tensor"

    def runs_user_code_at_call_time(self, options: dict[str, Any]) -> bool:
        return False  # the values f reads are baked into the expressions/graph at compile time

    def compile(self, problem: Problem, mode: str = DEFAULT_MODE,
                dtype: str = "float64") -> Compiled:
        pytensor = self.require()
        import pytensor.tensor as pt

        from .pytensor_methods import numpy_style_methods
        from .pytensor_namespace import pytensor_namespace

        x = pt.tensor("x", dtype=dtype, shape=(problem.n,))
        x.__class__ = _with_static_shape(type(x))  # len(x), range(x.shape[0]) work on it
        func = rebind(problem.func, translation_for("pytensor", pytensor_namespace()))
        try:
            with numpy_style_methods():
                traced = problem.call(func, x)
            cost = scalar_output(pt.as_tensor_variable(traced), self.name, problem)
            gradient = pytensor.grad(cost, x, disconnected_inputs="ignore")
            with warnings.catch_warnings(), _jax_x64_kept():
                # a pip install has no BLAS; gradients don't need it
                warnings.filterwarnings("ignore", message=".*could not link to a BLAS")
                compiled = pytensor.function([x], gradient, mode=_safe(mode))
                compiled.trust_input = True
                compiled(problem.x0.astype(dtype))  # Numba and JAX compile on the first call
        except Exception as err:
            raise describe_failure(self.name, err) from None
        cast = np.dtype(dtype)

        def evaluate(point: np.ndarray) -> np.ndarray:
            return np.asarray(compiled(point.astype(cast, copy=False)), dtype=np.float64)

        if str(mode).upper() == "JAX":  # JAX-linked graphs need 64-bit mode, scoped per call
            import jax

            def evaluate_in_jax(point: np.ndarray) -> np.ndarray:
                with jax.enable_x64(True):
                    return evaluate(point)

            return Compiled(evaluate_in_jax, notes=(f"mode={mode}",))

        return Compiled(evaluate, notes=(f"mode={mode}",))

    def code(self, problem: Problem, mode: str = DEFAULT_MODE, **_: Any) -> str:
        from .snippets import pytensor_snippet

        return pytensor_snippet(problem, self.namespace, mode)


@functools.cache
def _with_static_shape(variable_class: type) -> type:
    """The input variable's class, with Python ints for its (static) length and shape.

    User code loops with ``for i in range(len(x))`` or sizes arrays with ``x.shape[0]``;
    PyTensor's symbolic shape refuses both. Only gradlab's own input gets this class.
    """

    class StaticShape(variable_class):
        def __len__(self) -> int:
            return int(self.type.shape[0])

        def __iter__(self) -> Iterator[Any]:
            return (self[i] for i in range(len(self)))

        @property
        def shape(self) -> tuple[int, ...]:
            return tuple(int(n) for n in self.type.shape)

    return StaticShape


@contextlib.contextmanager
def _jax_x64_kept() -> Iterator[None]:
    """PyTensor's JAX mode turns JAX's global x64 flag on: put the user's value back."""
    before = _jax_x64()
    try:
        yield
    finally:
        if before is not None and _jax_x64() != before:
            import jax

            jax.config.update("jax_enable_x64", before)


def _jax_x64() -> bool | None:
    jax = sys.modules.get("jax")
    return None if jax is None else bool(jax.config.jax_enable_x64)


def _safe(mode: Any) -> Any:
    """``mode`` (a name or a Mode) without the rewrites known to give wrong numbers."""
    from pytensor.compile.mode import get_mode

    safe = get_mode(mode)
    for rewrite in UNSAFE_REWRITES:
        safe = safe.excluding(rewrite)
    return safe
