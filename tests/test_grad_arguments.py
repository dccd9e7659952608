"""``g(x, *args)``: every engine gives the gradient for the arguments of *this* call, and the
engines that can take new values without a new compile (jax traces them, engines that run f at
call time read them) do so. Truth is hand-derived: for f(w, A, y) = |A w - y|^2 the gradient is
2 A^T (A w - y)."""

import numpy as np
import pytest
from optional_engines import require

import gradlab as gl
from gradlab.cache import compiled_cache

EXACT = {"rtol": 1e-12, "atol": 0}
NUMERICAL = {"rtol": 1e-6, "atol": 0}
PASSED = ["jax", "pytensor", "dual", "finite-diff:central", "numpy", "autograd"]  # no compile
# per values: traced (jax, pytensor) or read at call time
BAKED = ["sympy"]  # the values are constants of the compiled expressions
TRACING = ["jax", "pytensor"]
TOLERANCE = {"finite-diff:central": NUMERICAL, "numpy": NUMERICAL}

RNG = np.random.default_rng(7)
A = RNG.standard_normal((5, 3))
Y = RNG.standard_normal(5)
W = RNG.standard_normal(3)


def least_squares(w, A, y):  # noqa: N803 (the matrix)
    return np.sum((A @ w - y) ** 2)


def truth(w, A, y):  # noqa: N803
    return 2.0 * A.T @ (A @ w - y)


def _engine(engine):
    if engine == "autograd":
        require("autograd")
    return gl.grad(least_squares, engine)


def _close(got, want, engine):
    np.testing.assert_allclose(got, want, **TOLERANCE.get(engine, EXACT))


@pytest.mark.parametrize("engine", PASSED + BAKED)
def test_new_argument_values_give_the_new_gradient(engine):
    g = _engine(engine)
    _close(g(W, A, Y), truth(W, A, Y), engine)
    A2, y2 = 2.0 * A + 1.0, Y - 3.0  # same shapes and dtypes, new values
    _close(g(W, A2, y2), truth(W, A2, y2), engine)
    _close(g(W, A, y2), truth(W, A, y2), engine)
    _close(g(W + 1.0, A, Y), truth(W + 1.0, A, Y), engine)


@pytest.mark.parametrize("engine", PASSED + BAKED)
def test_an_argument_changed_in_place_is_read_anew(engine):
    g = _engine(engine)
    data = A.copy()
    _close(g(W, data, Y), truth(W, data, Y), engine)
    data[0, 0] += 10.0  # the same object, new contents
    _close(g(W, data, Y), truth(W, data, Y), engine)


@pytest.mark.parametrize("engine", PASSED)
def test_same_shapes_reuse_the_compile(engine):
    g = _engine(engine)
    g(W, A, Y)
    misses = compiled_cache.misses
    for scale in (2.0, 3.0, -1.0):
        _close(g(W, scale * A, Y + scale), truth(W, scale * A, Y + scale), engine)
    assert compiled_cache.misses == misses  # no new compile for new values
    g(W, np.vstack([A, A]), np.concatenate([Y, Y]))  # new shapes: a new compile
    assert compiled_cache.misses > misses


@pytest.mark.parametrize("engine", BAKED)
def test_baked_values_recompile_only_for_new_values(engine):
    g = _engine(engine)
    g(W, A, Y)
    hits, misses = compiled_cache.hits, compiled_cache.misses
    _close(g(W, A.copy(), Y.copy()), truth(W, A, Y), engine)  # equal values: the same compile
    assert compiled_cache.misses == misses and compiled_cache.hits > hits
    _close(g(W, A + 1.0, Y), truth(W, A + 1.0, Y), engine)
    assert compiled_cache.misses > misses


@pytest.mark.parametrize("engine", TRACING)
def test_an_argument_the_trace_needs_the_value_of_is_baked_in(engine):
    """A float in an ``if`` cannot be traced: the engine compiles per value, never a stale
    one."""

    def scaled(x, scale):
        if scale > 0:
            return scale * np.sum(x**2)
        return np.sum(x**3)

    g = gl.grad(scaled, engine)
    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(g(x, 2.0), 4.0 * x, **EXACT)
    np.testing.assert_allclose(g(x, 3.0), 6.0 * x, **EXACT)
    np.testing.assert_allclose(g(x, -1.0), 3.0 * x**2, **EXACT)
    assert set(g._arguments.kinds.values()) == {"baked in"}


@pytest.mark.parametrize("engine", TRACING)
def test_float_arguments_are_traced_and_ints_kept_as_values(engine):
    def power_sum(x, scale, power):
        return scale * np.sum(x**power)

    g = gl.grad(power_sum, engine)
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(g(x, 2.0, 3), 6.0 * x**2, **EXACT)
    misses = compiled_cache.misses
    np.testing.assert_allclose(g(x, 5.0, 3), 15.0 * x**2, **EXACT)  # a new float: traced
    assert compiled_cache.misses == misses
    np.testing.assert_allclose(g(x, 5.0, 2), 10.0 * x, **EXACT)  # a new int: a new compile
    assert compiled_cache.misses > misses


@pytest.mark.parametrize("engine", ["jax", "pytensor", "dual", "sympy"])
def test_jacobian_with_arguments(engine):
    def residuals(p, t, data):
        return p[0] * np.exp(p[1] * t) - data

    jac = gl.jac(residuals, engine)
    p = np.array([1.5, -0.5])
    for t in (np.linspace(0.0, 2.0, 6), np.linspace(1.0, 3.0, 6)):
        e = np.exp(p[1] * t)
        np.testing.assert_allclose(jac(p, t, np.ones(6)), np.stack([e, p[0] * t * e], axis=1),
                                   **EXACT)


def test_jax_calls_leave_the_users_precision_alone():
    """gradlab switches 64-bit mode on for its own calls only, in the calling thread."""
    import threading

    import jax.numpy as jnp

    g = gl.grad(least_squares, "jax")
    got = []
    worker = threading.Thread(target=lambda: got.append(g(W, A, Y)))
    worker.start()
    worker.join()
    np.testing.assert_allclose(got[0], truth(W, A, Y), **EXACT)
    np.testing.assert_allclose(gl.grad(lambda x: np.sum(x**3), "jax")(W), 3 * W**2, **EXACT)
    assert jnp.zeros(1).dtype == jnp.float32  # the user's default, untouched


@pytest.mark.parametrize("engine", ["jax", "pytensor", "dual"])
def test_jax_arrays_as_arguments(engine):
    import jax.numpy as jnp

    g = _engine(engine)
    for scale in (1.0, 2.0):
        got = g(W, jnp.asarray(scale * A), jnp.asarray(Y))
        want = truth(W, np.asarray(jnp.asarray(scale * A), dtype=np.float64),
                     np.asarray(jnp.asarray(Y), dtype=np.float64))
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=0)  # JAX's arrays are float32


def least_squares_checked(w, A, y):  # noqa: N803
    if A[0, 0] != A[0, 0]:  # needs A's value: no engine can trace it
        raise ValueError("A[0, 0] is NaN")
    return np.sum((A @ w - y) ** 2)


@pytest.mark.parametrize("engine", BAKED + TRACING)
def test_baked_values_are_a_copy_the_caller_cannot_change(engine):
    """The compile is found again by the values' contents, so it must keep the contents it
    was made with: an array changed in place after the compile must not change it."""
    g = gl.grad(least_squares_checked, engine)
    data = A.copy()
    _close(g(W, data, Y), truth(W, A, Y), engine)
    assert set(g._arguments.kinds.values()) == {"baked in"}
    data[0, 0] += 10.0  # after the compile that baked it in
    again = gl.grad(least_squares_checked, engine)
    _close(again(W, A, Y), truth(W, A, Y), engine)  # A's contents: that compile
