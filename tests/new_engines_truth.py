"""The truths the tests of the engines wrapping other libraries share: a scalar and a vector
function written the way users write them, their derivatives by hand and from jax in float64
(never another gradlab engine), and shortcuts to compile an engine's operator at the point."""

import math

import numpy as np
import pytest

from gradlab import backends
from gradlab.problem import make_problem

jax = pytest.importorskip("jax")
jnp = jax.numpy

NEW = ("autograd", "numdifftools", "scipy-differentiate")
NUMERICAL = ("numdifftools", "scipy-differentiate")
# normwise, about 3x the worst measured here: numdifftools 1.5e-12 (its hessian), 8.7e-14 on the
# smooth set; scipy.differentiate 2.7e-11 on the smooth set, 9e-14 for its jacobian/hessian
NUMERICAL_RTOL = {"numdifftools": 5e-12, "scipy-differentiate": 1e-10}
ARRAY_OPERATORS = ("jacobian", "jvp", "vjp")

def scalar_f(x):  # written the way users write it: numpy and math
    return math.sin(x[0]) * np.exp(x[1] * x[2]) + x[0] ** 2 * x[2]


def scalar_f_jax(x):
    return jnp.sin(x[0]) * jnp.exp(x[1] * x[2]) + x[0] ** 2 * x[2]


def scalar_gradient(x):
    s, c, e = math.sin(x[0]), math.cos(x[0]), math.exp(x[1] * x[2])
    return np.array([c * e + 2 * x[0] * x[2], s * x[2] * e, s * x[1] * e + x[0] ** 2])


def scalar_hessian(x):
    s, c, e = math.sin(x[0]), math.cos(x[0]), math.exp(x[1] * x[2])
    a, b = x[1], x[2]
    return np.array([
        [-s * e + 2 * b, c * b * e, c * a * e + 2 * x[0]],
        [c * b * e, s * b * b * e, s * e * (1 + a * b)],
        [c * a * e + 2 * x[0], s * e * (1 + a * b), s * a * a * e],
    ])


def vector_f(x):
    return np.array([x[0] * x[1], np.sin(x[2]) * x[0], np.exp(x[1])])


def vector_f_jax(x):
    return jnp.stack([x[0] * x[1], jnp.sin(x[2]) * x[0], jnp.exp(x[1])])


def vector_jacobian(x):
    return np.array([[x[1], x[0], 0.0],
                     [math.sin(x[2]), 0.0, x[0] * math.cos(x[2])],
                     [0.0, math.exp(x[1]), 0.0]])


POINT = np.array([0.4, -0.7, 1.3])
V = np.array([0.5, -1.0, 2.0])
U = np.array([1.5, 0.25, -2.0])


def truths():
    """Every operator at POINT from jax in float64 (checked against the hand-derived ones)."""
    with jax.enable_x64(True):
        x, v, u = (jnp.asarray(a) for a in (POINT, V, U))
        values = {
            "gradient": jax.grad(scalar_f_jax)(x), "hessian": jax.hessian(scalar_f_jax)(x),
            "hvp": jax.jvp(jax.grad(scalar_f_jax), (x,), (v,))[1],
            "jacobian": jax.jacfwd(vector_f_jax)(x),
            "jvp": jax.jvp(vector_f_jax, (x,), (v,))[1],
            "vjp": jax.vjp(vector_f_jax, x)[1](u)[0],
        }
        return {key: np.asarray(value, dtype=np.float64) for key, value in values.items()}


TRUTH = truths()


def compiled(engine, operator, f=None, **options):
    array = operator in ARRAY_OPERATORS
    problem = make_problem(f or (vector_f if array else scalar_f), POINT,
                           outputs="array" if array else "scalar")
    return backends.get(engine).compile(problem, operator=operator, **options)


def direction(operator):
    return {"hvp": (V,), "jvp": (V,), "vjp": (U,)}.get(operator, ())


def estimate(engine, operator, **options):
    """The engine's Estimate for ``operator`` at POINT."""
    result = compiled(engine, operator, **options)
    return result.estimator(POINT, *direction(operator))


def native(engine):
    return [op for op in backends.OPERATORS if op in backends.get(engine).operators]
