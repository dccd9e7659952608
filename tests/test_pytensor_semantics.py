"""The pytensor engine follows numpy's semantics for what it maps, or refuses by name.

Truth is jax.grad in float64 on the same function written with jax.numpy. PyTensor compiles
cost 0.05-1 s each, so the cases are few and chosen to cover each mapping's arguments.
"""

import math

import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np
import pytest
import scipy.special as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import gradlab as gl
from gradlab.errors import BackendError

RTOL = 1e-12


def point(size, seed):
    """Distinct values away from 0 (no ties, no kinks) of both signs."""
    rng = np.random.default_rng(seed)
    magnitudes = 0.3 + rng.permutation(size) / size + rng.uniform(0, 0.01, size)
    return magnitudes * rng.choice([-1.0, 1.0], size)


def assert_matches_jax(make, x):
    with jax.enable_x64(True):
        truth = np.asarray(jax.grad(make(jnp, jsp))(jnp.asarray(x, dtype=jnp.float64)))
    gradient = gl.gradient(make(np, sp), x, backend="pytensor")
    np.testing.assert_allclose(gradient, truth, rtol=RTOL, atol=0)


W = np.abs(point(12, 99)).reshape(3, 4)

CASES = {
    "reshape(2, 3)": lambda xp, s, x: xp.sum(xp.sin(x[:6].reshape(2, 3)) * W[:2, :3]),
    "reshape(-1, 2)": lambda xp, s, x: xp.sum(x.reshape(-1, 2)[:, 0] * x.reshape(-1, 2)[:, 1]),
    "reshape(-1)": lambda xp, s, x: xp.sum(x.reshape(3, 4).reshape(-1) * W.reshape(-1)),
    "np.reshape": lambda xp, s, x: xp.sum(xp.reshape(x, (4, -1)) * W.reshape(4, 3)),
    "inner": lambda xp, s, x: xp.sum(xp.inner(x[:6].reshape(2, 3), x[6:].reshape(2, 3)) ** 2),
    "inner-vectors": lambda xp, s, x: xp.inner(x[:6], x[6:]) ** 2,
    "dot-3d-2d": lambda xp, s, x: xp.sum(xp.dot(x.reshape(2, 3, 2), x[:6].reshape(2, 3)) ** 2),
    "dot-matrix-vector": lambda xp, s, x: xp.sum(xp.dot(x.reshape(3, 4), x[:4]) ** 2),
    "outer-vdot": lambda xp, s, x: xp.sum(xp.outer(x[:3], x[3:7]) ** 2) + xp.vdot(x, W),
    "matmul-T": lambda xp, s, x: xp.sum((x.reshape(3, 4).T @ x.reshape(3, 4)) ** 2),
    "transpose-axes": lambda xp, s, x: xp.sum(xp.transpose(x.reshape(2, 3, 2), (2, 0, 1))
                                              .reshape(-1) * W.reshape(-1)),
    "diff": lambda xp, s, x: xp.sum(xp.diff(x.reshape(3, 4), n=2, axis=-1) ** 2)
    + xp.sum(xp.diff(x.reshape(3, 4), axis=0) ** 3),
    "trace": lambda xp, s, x: xp.trace(x[:9].reshape(3, 3) ** 2) + xp.trace(
        x.reshape(3, 4), 1),
    "clip-None": lambda xp, s, x: xp.sum(xp.clip(x, None, 0.5) ** 2 + xp.clip(x, -0.5, None)),
    "where": lambda xp, s, x: xp.sum(xp.where(x > 0, x**2, xp.sin(x))),
    "logsumexp-b": lambda xp, s, x: xp.sum(s.logsumexp(x.reshape(3, 4), axis=-1, b=W[0],
                                                       keepdims=True) * W[:, :1]),
    "logsumexp-axes": lambda xp, s, x: xp.sum(s.logsumexp(x.reshape(3, 4), axis=(0, 1))),
    "arctan2": lambda xp, s, x: xp.sum(xp.arctan2(x, x[::-1] ** 2 + 0.5)),
    "cumsum-cumprod": lambda xp, s, x: xp.sum(xp.cumsum(x.reshape(3, 4), axis=-2) * W)
    + xp.sum(xp.cumprod(x[:5])),
    "std-var-ddof": lambda xp, s, x: xp.sum(xp.std(x.reshape(3, 4), axis=0, ddof=1) * W[0])
    + xp.var(x, ddof=2),
    "max-min-initial": lambda xp, s, x: xp.sum(xp.max(x.reshape(3, 4), axis=(0, -1),
                                                      keepdims=True))
    + xp.sum(xp.min(x.reshape(3, 4), axis=1) * W[:, 0]),
    "ptp-split": lambda xp, s, x: xp.sum(xp.ptp(x.reshape(3, 4), axis=-1, keepdims=True) * W)
    + xp.sum(xp.split(x, 3)[1] ** 2) + xp.sum(xp.split(x, [2, 7])[2] ** 3),
    "arange-float64": lambda xp, s, x: xp.sum(xp.sin(x * xp.arange(0.1, 1.3, 0.1)[:12])),
    "float-base-power": lambda xp, s, x: xp.sum(2.0**x) + xp.sum(3**x[:4]),
    "var-std-several-axes": lambda xp, s, x: xp.sum(
        xp.var(x.reshape(2, 3, 2), axis=(0, 2), ddof=1, keepdims=True) * W[0, :3, None])
    + x.reshape(3, 4).std(axis=(0, 1), ddof=1) + x.reshape(3, 4).var(axis=(1, 0)),
    "take_along_axis": lambda xp, s, x: xp.sum(xp.take_along_axis(
        x.reshape(3, 4), np.array([[3, 0], [1, 1], [2, 0]])) ** 2 * W[:, :2]),
    "size-ndim": lambda xp, s, x: xp.sum(x) / xp.size(x) * xp.ndim(x.reshape(3, 4))
    + xp.sum(x[:4] / xp.size(x.reshape(3, 4), axis=-1)),
    "average-weights": lambda xp, s, x: xp.average(x ** 2, weights=W.reshape(-1)) + xp.sum(
        xp.average(x.reshape(3, 4), axis=0, weights=W) ** 2),
    "average-1d-weights-axis": lambda xp, s, x: xp.sum(xp.average(
        x.reshape(3, 4), axis=-1, weights=W[0], keepdims=True) * W),
    "average-axes": lambda xp, s, x: xp.average(x.reshape(3, 4) ** 3, axis=(0, 1), weights=W)
    + xp.sum(xp.average(xp.sin(x.reshape(3, 4)), axis=1) * W[:, 0]),
    "softmax-cross-entropy": lambda xp, s, x: -xp.sum(
        W * xp.log(xp.exp(x.reshape(3, 4)) / xp.sum(xp.exp(x.reshape(3, 4)), axis=1,
                                                    keepdims=True))),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_mapped_functions_match_numpy_semantics(name):
    assert_matches_jax(lambda xp, s: lambda x: CASES[name](xp, s, x), point(12, 4))


def test_math_hypot_with_three_coordinates():
    def make(xp, _):
        hypot = math.hypot if xp is np else lambda *v: jnp.sqrt(sum(c * c for c in v))
        return lambda x: hypot(x[0], x[1], x[2])

    assert_matches_jax(make, point(3, 9))


NORMS = [(None, None, (12,), False), (1, None, (12,), True), (np.inf, 0, (12,), False),
         (-np.inf, -1, (12,), True), (3, None, (12,), False), (0.5, -1, (3, 4), True),
         ("fro", None, (3, 4), False), (1, (1, 0), (3, 4), True), (-np.inf, None, (3, 4), True),
         (-1, (-1, 0), (3, 4), False), (2, 0, (3, 4), False), (None, (0, 1), (3, 4), True)]


@pytest.mark.parametrize("order, axis, shape, keepdims", NORMS)
def test_norm_ord_axis_keepdims(order, axis, shape, keepdims):
    reduced = np.linalg.norm(np.ones(shape), order, axis, keepdims)
    weights = np.abs(point(reduced.size, 1)).reshape(reduced.shape)

    def make(xp, _):
        return lambda x: xp.sum(weights * xp.linalg.norm(x.reshape(shape), order, axis,
                                                          keepdims))

    assert_matches_jax(make, point(12, 2))


def test_xlogy_at_zero_has_derivative_log_b():
    x = np.array([0.0, 0.5])
    gradient = gl.gradient(lambda x: np.sum(sp.xlogy(x, 0.2)), x, backend="pytensor")
    np.testing.assert_allclose(gradient, [np.log(0.2)] * 2, rtol=RTOL, atol=0)


def test_norm_ord_1_gives_the_one_norm():
    x = np.array([0.3, -1.2, 0.8, 1.5, -0.4])
    gradient = gl.gradient(lambda x: np.linalg.norm(x, 1), x, backend="pytensor")
    np.testing.assert_array_equal(gradient, np.sign(x))


@settings(derandomize=True, max_examples=6, deadline=None)
@given(st.sampled_from(["sum", "mean", "prod", "max", "min", "amax", "std", "var"]),
       st.sampled_from([None, 0, -1, (0, 2), (-1, 1), (2, 0, 1)]), st.booleans())
def test_reductions_honour_axis_and_keepdims(name, axis, keepdims):
    shape = (2, 3, 2)
    reduced = getattr(np, name)(np.zeros(shape), axis=axis, keepdims=keepdims)
    weights = np.abs(point(reduced.size, 5)).reshape(reduced.shape)

    def make(xp, _):
        def f(x):
            r = getattr(xp, name)(x.reshape(shape), axis=axis, keepdims=keepdims)
            return xp.sum(weights * r) + r.ndim * x[0]  # the kept dimensions count

        return f

    assert_matches_jax(make, point(12, 6))


@pytest.mark.parametrize("f, construct", [
    (lambda x: np.sum(np.where(x > 0)[0]) * x[0], r"np.where\(condition\)"),
    (lambda x: np.sum(x, out=np.zeros(())), r"np.sum\(out="),
    (lambda x: np.sum(x, where=x > 0), r"np.sum\(where="),
    (lambda x: np.linalg.norm(x.reshape(2, 2), "nuc"), r"norm\(ord='nuc'"),
    (lambda x: np.linalg.norm(x, 0), r"norm\(ord=0"),
    (lambda x: np.sum(np.diff(x, prepend=0.0)), r"np.diff\(prepend="),
    (lambda x: np.mean(x, dtype=np.float32), r"np.mean\(dtype="),
    (lambda x: np.sum(np.round(x, 1)), r"np.round\(decimals="),
    (lambda x: np.sum(x.reshape(2, 2, order="F")[0]), r"reshape\(order="),
])
def test_refusals_name_function_and_argument(f, construct):
    with pytest.raises(BackendError, match=construct):
        gl.gradient(f, point(4, 1), backend="pytensor")


@pytest.mark.parametrize("f, construct", [
    (lambda x: np.sum(np.nanmax(x * x[::-1]) * x), "numpy.nanmax"),
    (lambda x: np.sum(np.nansum(x ** 2) + x), "numpy.nansum"),
    (lambda x: np.sum(x / np.nanmean(np.abs(x))), "numpy.nanmean"),
    (lambda x: np.sum(np.kron(x[:2], x[2:4]) ** 2), "numpy.kron"),
    (lambda x: np.linalg.multi_dot([x.reshape(2, 2), x.reshape(2, 2)])[0, 1],
     "numpy.linalg.multi_dot"),
])
def test_a_numpy_function_without_counterpart_is_refused_not_run_on_variables(f, construct):
    # numpy takes a PyTensor variable for one opaque element: np.nanmax(x) returned x
    # unreduced, and the gradient of sum(nanmax(x * w) * w) came back wrong with no error
    with pytest.raises(BackendError, match=f"{construct} has no pytensor counterpart"):
        gl.gradient(f, point(4, 1), backend="pytensor")


def test_numpy_style_methods_are_only_active_while_tracing():
    from pytensor.tensor.variable import _tensor_py_operators

    before = dict(vars(_tensor_py_operators))
    gl.gradient(lambda x: np.sum(x.reshape(2, 2) ** 2) + np.sum(2.0**x), point(4, 1),
                backend="pytensor")
    assert dict(vars(_tensor_py_operators)) == before


def test_det_beside_inv_keeps_the_determinants_sign():
    """PyTensor's det_of_matrix_factorized_elsewhere rewrite reuses the LU factorisation made
    for inv(X)'s gradient but drops the permutation's sign; gradlab leaves it out."""
    X = np.array([[0.3, 2.0, 0.1], [1.5, 0.2, 0.4], [0.1, 0.3, 1.8]])  # LU pivots: odd permutation

    def f(X):
        return np.linalg.det(X) + np.linalg.inv(X)[0, 1]

    inverse = np.linalg.inv(X)
    truth = np.linalg.det(X) * inverse.T - np.outer(inverse[0, :], inverse[:, 1])
    for mode in ("CVM", "FAST_RUN"):
        got = gl.gradient(f, X, backend="pytensor", mode=mode)
        np.testing.assert_allclose(got, truth, rtol=1e-12, atol=0)


def test_a_seeded_numpy_draw_is_a_constant_of_f():
    """np.random in f is numpy's: a seeded draw is a constant, as under numpy (it once reached
    pytensor.tensor.random, whose draws are symbolic (generator, value) pairs: a TypeError)."""

    def f(x):
        noise = np.random.default_rng(1).normal(size=x.shape)
        return np.sum((x - noise) ** 2)

    x = np.array([0.1, 0.2, 0.3])
    truth = 2 * (x - np.random.default_rng(1).normal(size=3))
    np.testing.assert_allclose(gl.gradient(f, x, backend="pytensor"), truth, rtol=RTOL, atol=0)


def test_copysign_reads_the_sign_bit_of_a_zero():
    # prod([0.0, -1.0]) is -0.0: numpy gives -|a|, and so its gradient -2x; ge(b, 0) gave +2x
    def make(xp, s):
        return lambda x: xp.sum(xp.copysign(x**2 + 0.5, xp.prod(x)))

    for x in (np.array([0.0, -1.0]), np.array([0.0, 1.0]), np.array([0.3, -1.2])):
        assert_matches_jax(make, x)
