"""``jax``: reverse-mode autodiff with ``jax.grad``, jitted when the function allows it.

64-bit mode is switched on only around gradlab's own trace and calls (``jax.enable_x64`` as
a context manager), never in the user's global config.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import BackendError
from ..problem import Problem
from ..translate import SEQUENCE_FUNCTIONS, Namespace, rebind, translation_for
from .base import Backend, Compiled, scalar_output

_BRANCH_ERRORS = ("TracerBoolConversionError", "ConcretizationTypeError",
                  "TracerIntegerConversionError")


class JaxAutodiff(Backend):
    def __init__(self) -> None:
        super().__init__(
            name="jax", requires="jax", extra="jax", exact=True, options=("jit", "dtype"),
            description="jax.grad (reverse mode), jit-compiled with XLA",
        )

    def compile(self, problem: Problem, jit: bool = True, dtype: str = "float64") -> Compiled:
        jax = self.require()
        import jax.numpy as jnp

        x64 = dtype == "float64"
        translation = translation_for("jax", Namespace("jax", np, _extras(jax),
                                                       _ListsAsArrays(jnp)))
        func = rebind(problem.func, translation)

        def scalar(flat: Any) -> Any:
            return scalar_output(jnp.asarray(problem.call(func, flat)), self.name, problem)

        grad = jax.grad(scalar)
        x0 = problem.x0 if x64 else problem.x0.astype(np.float32)
        notes: tuple[str, ...] = ()
        with jax.enable_x64(x64):
            compiled = None
            if jit:
                try:
                    compiled = jax.jit(grad)
                    compiled(x0)  # trace and compile now: this is setup, not the first call
                except Exception as err:
                    compiled = None
                    if type(err).__name__ not in _BRANCH_ERRORS:
                        raise _explain(err) from None
                    notes = ("ran without jit: the function branches on a traced value "
                             f"({type(err).__name__})",)
            if compiled is None:
                try:
                    grad(x0)
                except Exception as err:
                    raise _explain(err) from None
                compiled = grad
        enable_x64, config = jax.enable_x64, jax.config

        def gradient(x: np.ndarray) -> np.ndarray:  # the hot path: keep it lean
            if config.jax_enable_x64:  # the user has 64-bit mode on: no context to enter
                return np.asarray(compiled(x))
            with enable_x64(True):
                return np.asarray(compiled(x))

        def gradient32(x: np.ndarray) -> np.ndarray:
            with enable_x64(False):
                return np.asarray(compiled(x.astype(np.float32)), dtype=np.float64)

        if not x64:
            return Compiled(gradient32, notes + ("float32: JAX's default precision",))

        return Compiled(gradient, notes)

    def code(self, problem: Problem, **_: Any) -> str:
        from ..snippets import jax_snippet

        return jax_snippet(problem)


class _ListsAsArrays:
    """jax.numpy whose functions accept Python lists, as numpy's do (``np.outer([x, y], w)``)."""

    def __init__(self, module: Any):
        self._module = module

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._module, name)
        if not callable(value) or isinstance(value, type) or name in SEQUENCE_FUNCTIONS:
            return value
        asarray = self._module.asarray

        def call(*args: Any, **kwargs: Any) -> Any:
            return value(*(asarray(a) if isinstance(a, (list, tuple)) else a for a in args),
                         **kwargs)

        return call


def _extras(jax: Any) -> dict[str, Any]:
    import jax.numpy as jnp
    import jax.scipy.special as special

    return {"erf": special.erf, "erfc": special.erfc, "expit": special.expit,
            "linalg": jnp.linalg}


def _explain(err: Exception) -> BackendError:
    if isinstance(err, BackendError):
        return err
    message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    if "TracerArrayConversionError" in type(err).__name__ or "__array__" in message:
        return BackendError("jax", "a numpy call received a JAX tracer (numpy cannot hold "
                            "traced values); use numpy functions gradlab can map to jax.numpy",
                            message[:120])
    return BackendError("jax", f"{type(err).__name__}: {message[:300]}")
