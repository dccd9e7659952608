"""The truth: the same program text run with ``np`` bound to ``jax.numpy``, in float64."""

from __future__ import annotations

import types
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import jax.scipy.special
import numpy as np

from .program import Program


def _math_for_jax() -> types.SimpleNamespace:
    """``math`` for traced values: the same functions from jax.numpy."""
    names = {"sin": jnp.sin, "cos": jnp.cos, "tan": jnp.tan, "exp": jnp.exp, "sqrt": jnp.sqrt,
             "tanh": jnp.tanh, "sinh": jnp.sinh, "cosh": jnp.cosh, "atan": jnp.arctan,
             "asinh": jnp.arcsinh, "atan2": jnp.arctan2, "fabs": jnp.abs, "pow": jnp.power,
             "expm1": jnp.expm1, "log1p": jnp.log1p, "log2": jnp.log2, "log10": jnp.log10,
             "erf": jax.scipy.special.erf, "pi": np.pi, "e": np.e}

    def log(x, base=None):
        return jnp.log(x) if base is None else jnp.log(x) / jnp.log(base)

    def hypot(*values):
        return jnp.sqrt(sum(v * v for v in values))

    return types.SimpleNamespace(**names, log=log, hypot=hypot)


MATH_FOR_JAX = _math_for_jax()


@dataclass(frozen=True)
class Truth:
    value: float
    gradient: np.ndarray


def jax_truth(program: Program) -> Truth:
    """Value and ``jax.grad`` of the program in float64 (64-bit mode only around this call)."""
    with jax.enable_x64(True):
        f = program.function(jnp, MATH_FOR_JAX, jax.scipy.special)
        value, gradient = jax.value_and_grad(lambda x: jnp.asarray(f(x)).reshape(()))(
            jnp.asarray(program.x, dtype=jnp.float64))
        return Truth(float(value), np.asarray(gradient, dtype=np.float64))
