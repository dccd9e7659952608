"""The user's unchanged code reaches each engine however it calls numpy: through callable
objects, methods, classes, containers of functions, decorators, defaults, numpy submodules and
the user's own modules. Truth: jax.grad in float64 of a jax.numpy twin written by hand."""

import abc
import functools
import math
from collections import namedtuple

import jax
import jax.numpy as jnp
import numpy as np
import numpy.linalg as la
import pytest
import rebind_model
import scipy
from numpy import linalg
from numpy.linalg import norm
from scipy.special import erf

import gradlab as gl

ENGINES = ["jax", "dual", "sympy", "pytensor"]
X = np.array([0.3, -0.7, 1.1])


class Wave:
    def __init__(self, a):
        self.a = a

    def __call__(self, x):
        return np.sum(np.sin(x) * self.a)

    def shifted(self, x):
        return self.squared(x) + self(x)

    def squared(self, x):
        return np.sum(np.cos(x) ** 2)

    @staticmethod
    def expsum(x):
        return np.sum(np.exp(x))

    @classmethod
    def tanhsum(cls, x):
        return np.sum(np.tanh(x)) * cls.SCALE

    @property
    def power(self):
        return np.sqrt(self.a)

    SCALE = 3.0


WAVE = Wave(2.0)


class Potential(abc.ABC):
    @abc.abstractmethod
    def energy(self, x): ...

    def total(self, x):
        return self.energy(x) + np.sum(np.cos(x))


class Harmonic(Potential):
    def energy(self, x):
        return np.sum(np.sin(x) ** 2)


HARMONIC = Harmonic()


class Quadratic:
    def energy(self, x):
        return np.sum(x**2)


class Curved(Quadratic):
    def energy(self, x):
        return super().energy(x) + np.sum(np.sin(x))


class Part:
    def __init__(self, k):
        self.k = k

    def value(self, x):
        return self.k * np.sum(np.cosh(x))


class Assembly:
    def __init__(self):
        self.part = Part(0.5)
        self.ops = {"tail": lambda x: np.sum(np.arctan(x))}

    def energy(self, x):
        return self.part.value(x) + self.ops["tail"](x)


def pairwise(x):
    return np.sum(np.subtract.outer(x, x) ** 2) + np.add.reduce(x**2)


def square_sin(t):
    return np.sin(t) ** 2


def outer_helper(x):
    return np.sum(square_sin(x)) + np.sum(np.cosh(x))


def keep_shape(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)

    return wrapper


@keep_shape
def decorated(x):
    return np.sum(np.arctan(x))


def make_closure(scale):
    def inner(x):
        return scale * np.sum(np.log1p(x * x))

    return inner


def nested_def(x):
    def inner(y):
        return np.expm1(y)

    return np.sum(inner(x) * inner(2 * x))


@functools.lru_cache(maxsize=8)
def cached_weights(n):
    return np.sqrt(np.arange(1.0, n + 1.0))


@functools.cache
def cached_term(t):
    return np.sin(t) * np.exp(t)


def uses_cached_helpers(x):
    return np.sum(cached_weights(3) * x**2) + cached_term(x[0]) + cached_term(0.5)


def power_sum(x, p):
    return np.sum(np.cos(x) ** p)


def default_op(x, op=np.sinh, *, other=np.arctan):
    return np.sum(op(x) + other(x))


def reads_its_attribute(x):
    return reads_its_attribute.scale * np.sum(np.exp(-x * x))


reads_its_attribute.scale = 1.5

OPS = {"sin": lambda x: np.sum(np.sin(x)), "chain": [lambda x: np.sum(np.tanh(x) ** 3)]}
Ops = namedtuple("Ops", "first second")
NAMED_OPS = Ops(np.cos, lambda x: np.exp(x))


def erf_three_ways(x):
    return np.sum(erf(x)) + np.sum(scipy.special.erf(2 * x)) + math.erf(x[0])


def imports_inside(x):
    from numpy.linalg import norm as inner_norm
    from rebind_model import energy

    return inner_norm(x) + energy(x)


def slices_with_math(x):
    return np.sum(x[: math.floor(2.5)] ** 2) * math.sqrt(4.0) + math.exp(x[2])


def a_matrix(x, xp):
    """Not symmetric: numpy's eigvalsh/cholesky read its lower triangle, ``upper=True`` the
    upper one."""
    return xp.array([[3.0 + x[0], 0.4 * x[1]], [x[2], 2.0 + x[0] * x[2]]])


def one_triangle(x):
    a = a_matrix(x, np)
    return (np.sum(np.linalg.eigvalsh(a) ** 3) + np.sum(la.eigh(a, "U")[0] ** 2)
            + np.sum(np.linalg.cholesky(a)) + np.sum(linalg.cholesky(a, upper=True) ** 2))


def symmetric_from(a, lower):
    t = jnp.tril(a) if lower else jnp.triu(a)
    return t + (jnp.tril(a, -1) if lower else jnp.triu(a, 1)).T


def one_triangle_truth(x):
    a = a_matrix(x, jnp)
    low, up = symmetric_from(a, True), symmetric_from(a, False)
    return (jnp.sum(jnp.linalg.eigvalsh(low) ** 3) + jnp.sum(jnp.linalg.eigvalsh(up) ** 2)
            + jnp.sum(jnp.linalg.cholesky(low)) + jnp.sum(jnp.linalg.cholesky(up).T ** 2))


RANK_ONE = np.array([[1.0, 2.0], [2.0, 4.0 + 1e-9]])
TINY = np.diag([1.0, 3e-15])
SPREAD = np.diag([100.0, 0.5])  # tol=1.0 absolute: rank 1 (relative to 100 it would be 0)
LOWER = np.array([[2.0, 0.0], [5.0, 1e-12]])  # numpy reads its lower triangle when hermitian


def cut_offs(x):
    """numpy's cut-offs: matrix_rank's tol is absolute, pinv's default rcond is 1e-15."""
    return (x[0] * (np.linalg.matrix_rank(SPREAD, 1.0)
                    + np.linalg.matrix_rank(LOWER, hermitian=True))
            + x[1] * (np.linalg.matrix_rank(RANK_ONE, rtol=1e-3) + np.linalg.matrix_rank(TINY))
            + x[2] * np.sum(np.linalg.pinv(TINY)) * 1e-15
            + np.sum(np.linalg.pinv(x[2] * RANK_ONE, 1e-3)))


def cut_offs_truth(x):  # ranks 1 + 2 and 1 + 2; pinv(TINY) keeps 3e-15 (1e-15 < 3e-15)
    return (3.0 * x[0] + 3.0 * x[1] + x[2] * (1.0 + 1 / 3e-15) * 1e-15
            + jnp.sum(jnp.linalg.pinv(x[2] * RANK_ONE, rtol=1e-3)))


SAMPLES = np.array([0.1, 0.2, 0.25, 0.7, 0.9, 0.95])


def density_weights(x):
    density, _ = np.histogram(SAMPLES, 3, (0.0, 1.0), True)  # numpy: (bins, range, density)
    return np.sum(density * x ** 2)


CASES = {
    "callable object": (WAVE, lambda x: jnp.sum(jnp.sin(x) * 2.0)),
    "method calling methods": (
        WAVE.shifted, lambda x: jnp.sum(jnp.cos(x) ** 2) + jnp.sum(jnp.sin(x) * 2.0)),
    "object in a global": (
        lambda x: WAVE.squared(x) * WAVE.power + WAVE.expsum(x) + WAVE.tanhsum(x),
        lambda x: jnp.sum(jnp.cos(x) ** 2) * jnp.sqrt(2.0) + jnp.sum(jnp.exp(x))
        + 3.0 * jnp.sum(jnp.tanh(x))),
    "static and class methods on the class": (
        lambda x: Wave.expsum(x) + Wave.tanhsum(x) + float(isinstance(WAVE, Wave)),
        lambda x: jnp.sum(jnp.exp(x)) + 3.0 * jnp.sum(jnp.tanh(x)) + 1.0),
    "a class built inside": (
        lambda x: Wave(0.5)(x), lambda x: 0.5 * jnp.sum(jnp.sin(x))),
    "abstract base class": (
        HARMONIC.total, lambda x: jnp.sum(jnp.sin(x) ** 2) + jnp.sum(jnp.cos(x))),
    "super() in an override": (
        Curved().energy, lambda x: jnp.sum(x**2) + jnp.sum(jnp.sin(x))),
    "an object's parts": (
        Assembly().energy, lambda x: 0.5 * jnp.sum(jnp.cosh(x)) + jnp.sum(jnp.arctan(x))),
    "ufunc methods": (
        pairwise, lambda x: jnp.sum((x[:, None] - x[None, :]) ** 2) + jnp.sum(x**2)),
    "helper calling a helper": (
        outer_helper, lambda x: jnp.sum(jnp.sin(x) ** 2) + jnp.sum(jnp.cosh(x))),
    "functools.wraps decorator": (decorated, lambda x: jnp.sum(jnp.arctan(x))),
    "closure": (make_closure(1.5), lambda x: 1.5 * jnp.sum(jnp.log1p(x * x))),
    "nested def": (nested_def, lambda x: jnp.sum(jnp.expm1(x) * jnp.expm1(2 * x))),
    "functools.cache helpers": (
        uses_cached_helpers, lambda x: jnp.sum(jnp.sqrt(jnp.arange(1.0, 4.0)) * x**2)
        + jnp.sin(x[0]) * jnp.exp(x[0]) + jnp.sin(0.5) * jnp.exp(0.5)),
    "functools.partial": (
        functools.partial(power_sum, p=3.0), lambda x: jnp.sum(jnp.cos(x) ** 3)),
    "numpy functions as defaults": (
        default_op, lambda x: jnp.sum(jnp.sinh(x) + jnp.arctan(x))),
    "lambdas in a dict and a list": (
        lambda x: OPS["sin"](x) + OPS["chain"][0](x),
        lambda x: jnp.sum(jnp.sin(x)) + jnp.sum(jnp.tanh(x) ** 3)),
    "functions in a namedtuple": (
        lambda x: np.sum(NAMED_OPS.first(x) * NAMED_OPS.second(x)),
        lambda x: jnp.sum(jnp.cos(x) * jnp.exp(x))),
    "function attribute": (reads_its_attribute, lambda x: 1.5 * jnp.sum(jnp.exp(-x * x))),
    "numpy.linalg imported by name": (
        lambda x: norm(x) + la.norm(2 * x) + linalg.norm(x, 1),
        lambda x: 3 * jnp.sqrt(jnp.sum(x * x)) + jnp.sum(jnp.abs(x))),
    "scipy.special and math.erf": (
        erf_three_ways, lambda x: jnp.sum(jax.scipy.special.erf(x))
        + jnp.sum(jax.scipy.special.erf(2 * x)) + jax.scipy.special.erf(x[0])),
    "another user module": (
        lambda x: rebind_model.energy(x) * rebind_model.K,
        lambda x: 2.0 * (2.0 * jnp.sum(jnp.arange(1.0, 4.0) * jnp.sin(x))
                         + jnp.sqrt(jnp.sum(x * x)))),
    "imports inside the function": (
        imports_inside, lambda x: 2.0 * jnp.sqrt(jnp.sum(x * x))
        + 2.0 * jnp.sum(jnp.arange(1.0, 4.0) * jnp.sin(x))),
    "math on plain numbers": (
        slices_with_math, lambda x: 2.0 * jnp.sum(x[:2] ** 2) + jnp.exp(x[2])),
    "eigvalsh and cholesky read one triangle": (one_triangle, one_triangle_truth),
    "numpy's linalg cut-offs": (cut_offs, cut_offs_truth),
    "histogram density by position": (
        density_weights, lambda x: jnp.sum(jnp.array([1.5, 0.0, 1.5]) * x ** 2)),
}

# (case, engine) pairs the engine's own mapping may refuse (a BackendError) or get right; every
# other pair must be right
MAY_REFUSE = {
    ("eigvalsh and cholesky read one triangle", "dual"),
    ("eigvalsh and cholesky read one triangle", "sympy"),
    ("eigvalsh and cholesky read one triangle", "pytensor"),
    ("scipy.special and math.erf", "dual"),
    ("scipy.special and math.erf", "sympy"),
    ("ufunc methods", "pytensor"),
    ("numpy's linalg cut-offs", "dual"),
    ("numpy's linalg cut-offs", "sympy"),
    ("numpy's linalg cut-offs", "pytensor"),
}


def jax_truth(function, x):
    with jax.enable_x64(True):
        return np.asarray(jax.grad(function)(jnp.asarray(x, dtype=jnp.float64)))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_construct_reaches_the_engine(case, engine):
    f, twin = CASES[case]
    want = jax_truth(twin, X)
    try:
        got = gl.gradient(f, X, backend=engine)
    except gl.BackendError:
        if (case, engine) in MAY_REFUSE:
            return
        raise
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0, err_msg=f"{case} on {engine}")


def test_numpy_itself_agrees_with_the_twins():
    """The twins are the functions: same values in numpy and jax (a wrong twin fails here)."""
    with jax.enable_x64(True):
        for case, (f, twin) in CASES.items():
            np.testing.assert_allclose(f(X), float(twin(jnp.asarray(X))), rtol=1e-13,
                                       atol=0, err_msg=case)


def test_the_users_objects_and_modules_are_untouched():
    gl.gradient(lambda x: WAVE.shifted(x) + rebind_model.energy(x), X, backend="jax")
    assert type(WAVE) is Wave and Wave.__call__.__globals__["np"] is np
    assert rebind_model.np is np and rebind_model.norm is np.linalg.norm
    assert OPS["chain"][0].__globals__["np"] is np and erf is scipy.special.erf
