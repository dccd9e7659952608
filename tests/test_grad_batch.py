"""``g.batch(points)``: the derivative at many points in one call, the numbers ``g`` gives at
each point (bit for bit where the engine computes point by point; jax's vmapped program is
compiled apart from the one-point program, so its roundings may differ in the last bits), and
one clear message for bad input."""

import numpy as np
import pytest
from optional_engines import require

import gradlab as gl
from gradlab.backends import jax_calls

ENGINES = ["jax", "dual", "finite-diff:central", "numpy", "sympy", "pytensor", "autograd"]
RNG = np.random.default_rng(3)
POINTS = RNG.uniform(-1.5, 1.5, (9, 3))


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def rosen_gradient(x):  # by hand
    g = np.zeros_like(x)
    g[:-1] = -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
    return g


def _same_as_per_point(engine, batch, single):
    if engine == "jax":  # another XLA program: equal up to rounding, and right
        for got, want in zip(batch, single):
            assert np.linalg.norm(got - want) <= 1e-14 * np.linalg.norm(want)
    else:
        np.testing.assert_array_equal(batch, single)


@pytest.mark.parametrize("engine", ENGINES)
def test_batch_is_the_per_point_calls(engine):
    if engine == "autograd":
        require("autograd")
    g = gl.grad(rosen, engine)
    single = np.stack([g(p) for p in POINTS])
    batch = g.batch(POINTS)
    assert batch.shape == (9, 3) and batch.dtype == np.float64
    _same_as_per_point(engine, batch, single)
    if engine == "jax":
        for got, p in zip(batch, POINTS):
            np.testing.assert_allclose(got, rosen_gradient(p), rtol=1e-13, atol=1e-12)


@pytest.mark.parametrize("engine", ["jax", "dual", "sympy"])
def test_batch_of_hessians_and_jacobians(engine):
    def vector(x):
        return np.array([x[0] * x[1], np.sin(x[2]), x[0] ** 2])

    hess, jac = gl.hess(rosen, engine), gl.jac(vector, engine)
    hessians, jacobians = hess.batch(POINTS), jac.batch(POINTS)
    assert hessians.shape == (9, 3, 3) and jacobians.shape == (9, 3, 3)
    _same_as_per_point(engine, hessians, np.stack([hess(p) for p in POINTS]))
    _same_as_per_point(engine, jacobians, np.stack([jac(p) for p in POINTS]))
    x, y, z = POINTS.T
    zero = np.zeros_like(x)
    by_hand = np.stack([np.stack([y, x, zero], 1), np.stack([zero, zero, np.cos(z)], 1),
                        np.stack([2 * x, zero, zero], 1)], 1)
    np.testing.assert_allclose(jacobians, by_hand, rtol=1e-15, atol=0)


@pytest.mark.parametrize("engine", ["jax", "dual"])
def test_points_of_every_form(engine):
    def f(a, b):
        return a * a * np.sin(b)

    g = gl.grad(f, engine)
    dicts = [{"a": float(a), "b": float(b)} for a, b in POINTS[:, :2]]
    want = np.stack([g(p) for p in dicts])
    _same_as_per_point(engine, g.batch(dicts), want)
    _same_as_per_point(engine, g.batch(POINTS[:, :2]), want)  # rows (a, b)

    class Sampled(list):  # what a sampler returns: points, with their values as one array
        names = ("a", "b")
        array = POINTS[:, :2].copy()

    _same_as_per_point(engine, g.batch(Sampled(dicts)), want)

    def matrix(m):
        return np.sum(m**3)

    stacked = RNG.uniform(-1, 1, (4, 2, 2))
    got = gl.grad(matrix, engine).batch(stacked)
    assert got.shape == (4, 2, 2)
    np.testing.assert_allclose(got, 3.0 * stacked**2, rtol=1e-14, atol=0)


@pytest.mark.parametrize("engine", ["jax", "dual", "sympy"])
def test_batch_with_extra_arguments(engine):
    def weighted(x, w):
        return np.sum(w * x**2)

    g = gl.grad(weighted, engine)
    for w in (np.array([1.0, 2.0, 3.0]), np.array([-1.0, 0.5, 4.0])):
        batch = g.batch(POINTS, w)
        _same_as_per_point(engine, batch, np.stack([g(p, w) for p in POINTS]))
        np.testing.assert_allclose(batch, 2.0 * w * POINTS, rtol=1e-15, atol=0)


@pytest.mark.parametrize("k", [1, 5, 10, 17])
def test_jax_chunks_and_pads_any_number_of_points(monkeypatch, k):
    monkeypatch.setattr(jax_calls, "MAX_CHUNK", 4)
    points = RNG.uniform(-1, 1, (k, 3))
    got = gl.grad(rosen, "jax").batch(points)
    assert got.shape == (k, 3)
    for value, p in zip(got, points):
        np.testing.assert_allclose(value, rosen_gradient(p), rtol=1e-13, atol=1e-12)


def test_a_branching_function_runs_point_by_point_on_jax():
    def kink(x):
        return x[0] ** 2 if x[0] > 0 else -x[0] * x[1]

    g = gl.grad(kink, "jax")
    points = np.array([[1.0, 2.0], [-1.0, 2.0], [3.0, 1.0]])
    np.testing.assert_array_equal(g.batch(points), [[2.0, 0.0], [-2.0, 1.0], [6.0, 0.0]])


@pytest.mark.parametrize("points, message", [
    ([], "no points"),
    (np.empty((0, 3)), "no points"),
    ({"x": [1.0, 2.0, 3.0]}, "sequence of points"),
    (2.0, "sequence of points"),
    ([np.ones(3), np.ones(3), np.ones(4)], "point 2 of the batch: the point has 4 values"),
    ([np.ones(3), [1.0, np.nan, 2.0]], "point 1 of the batch: .*not finite"),
    (np.array([[1.0, 2.0, 3.0], [1.0, np.inf, 0.0]]), "point 1 of the batch is not finite"),
])
def test_bad_points_get_one_clear_message(points, message):
    with pytest.raises(gl.InputError, match=message):
        gl.grad(rosen, "jax").batch(points)


def test_float32_batch_is_float32_and_close():
    g = gl.grad(rosen, "jax", dtype="float32")
    batch = g.batch(POINTS)
    assert batch.dtype == np.float64
    for got, p in zip(batch, POINTS):
        np.testing.assert_allclose(got, rosen_gradient(p), rtol=1e-4, atol=1e-3)
    assert not np.array_equal(batch, np.stack([rosen_gradient(p) for p in POINTS]))
