"""A compiled gradient is reused only while everything the function reads is unchanged.

Each test computes a gradient, changes data the function reads (in place or by rebinding),
and computes it again: the second gradient must be the new one, derived by hand. A stale
cache entry would silently return the first.
"""

import functools
import threading

import cache_data as data  # not as cache_data: an import inside a function must be seen
import numpy as np
import pandas as pd
import pytest

import gradlab as gl
from gradlab.cache import compiled_cache

ENGINES = ["jax", "sympy"]
ONES = np.ones(3)


def exact(got, want):
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=0)


@pytest.fixture
def restore_cache_data():
    a, k = data.A.copy(), data.K
    yield
    data.A[:] = a
    data.K = k


@pytest.mark.parametrize("engine", ENGINES)
def test_module_attributes_rebound_and_edited(engine, restore_cache_data):
    def f(x):
        return np.sum(data.A * x**2) * data.K

    exact(gl.gradient(f, ONES, engine), [4.0, 8.0, 12.0])
    data.K = 5.0
    exact(gl.gradient(f, ONES, engine), [10.0, 20.0, 30.0])
    data.A[0] = 10.0
    exact(gl.gradient(f, ONES, engine), [100.0, 20.0, 30.0])


@pytest.mark.parametrize("engine", ENGINES)
def test_a_module_function(engine, restore_cache_data):
    def f(x):
        return data.scaled(2 * x)

    exact(gl.gradient(f, ONES, engine), [4.0, 8.0, 12.0])
    data.K = 1.0
    exact(gl.gradient(f, ONES, engine), [2.0, 4.0, 6.0])


@pytest.mark.parametrize("engine", ENGINES)
def test_a_module_imported_inside_the_function(engine, restore_cache_data):
    def f(x):
        from cache_data import scaled

        return scaled(x)

    exact(gl.gradient(f, ONES, engine), [2.0, 4.0, 6.0])
    data.A[1] = 0.5
    exact(gl.gradient(f, ONES, engine), [2.0, 1.0, 6.0])


@pytest.mark.parametrize("engine", ENGINES)
def test_pandas_series_and_frame_edited_in_place(engine):
    series = pd.Series([1.0, 2.0, 3.0])
    frame = pd.DataFrame({"w": [1.0, 1.0, 1.0], "label": ["a", "b", "c"]})

    def f(x):
        return np.sum(series.values * x**2) + np.sum(frame["w"].to_numpy() * x)

    exact(gl.gradient(f, ONES, engine), [3.0, 5.0, 7.0])
    series[0] = 10.0
    exact(gl.gradient(f, ONES, engine), [21.0, 5.0, 7.0])
    frame.loc[2, "w"] = 4.0
    exact(gl.gradient(f, ONES, engine), [21.0, 5.0, 10.0])


@pytest.mark.parametrize("engine", ENGINES)
def test_nested_containers_closures_and_defaults(engine):
    table = {"layers": [np.array([1.0, 2.0, 3.0]), [np.array([1.0, 1.0, 1.0])]]}
    cell = np.array([0.0, 0.0, 1.0])

    def f(x, shift=np.array([0.0, 0.0, 0.0])):  # noqa: B008 (data held in a default)
        return (np.sum(table["layers"][0] * x) + np.sum(table["layers"][1][0] * x)
                + np.sum(cell * x) + np.sum(shift * x))

    exact(gl.gradient(f, ONES, engine), [2.0, 3.0, 5.0])
    table["layers"][1][0][0] = 7.0
    exact(gl.gradient(f, ONES, engine), [8.0, 3.0, 5.0])
    cell[1] = 3.0
    exact(gl.gradient(f, ONES, engine), [8.0, 6.0, 5.0])
    f.__defaults__[0][2] = 1.0
    exact(gl.gradient(f, ONES, engine), [8.0, 6.0, 6.0])


class Layer:
    SCALE = 1.0

    def __init__(self, w):
        self.W = np.array(w)

    def __call__(self, x):
        return self.SCALE * np.sum(self.W * x)

    def twice(self, x):
        return 2.0 * self(x)


@pytest.mark.parametrize("engine", ENGINES)
def test_objects_attributes_and_class_attributes(engine):
    layer = Layer([1.0, 2.0, 3.0])
    exact(gl.gradient(layer, ONES, engine), [1.0, 2.0, 3.0])
    layer.W[1] = 20.0
    exact(gl.gradient(layer, ONES, engine), [1.0, 20.0, 3.0])
    exact(gl.gradient(layer.twice, ONES, engine), [2.0, 40.0, 6.0])
    layer.W = np.array([0.0, 1.0, 0.0])
    exact(gl.gradient(layer.twice, ONES, engine), [0.0, 2.0, 0.0])
    try:
        Layer.SCALE = 3.0
        exact(gl.gradient(layer.twice, ONES, engine), [0.0, 6.0, 0.0])
    finally:
        Layer.SCALE = 1.0


WEIGHTS = np.array([1.0, 2.0, 3.0])


def weighted(x):
    return np.sum(WEIGHTS * x)


def uses_helper(x):
    return weighted(x) * 2.0


@pytest.mark.parametrize("engine", ENGINES)
def test_a_helper_whose_data_changes_recompiles(engine):
    try:
        exact(gl.gradient(uses_helper, ONES, engine), [2.0, 4.0, 6.0])
        WEIGHTS[2] = -1.0
        exact(gl.gradient(uses_helper, ONES, engine), [2.0, 4.0, -2.0])
        partial = functools.partial(lambda x, w: np.sum(w * x), w=WEIGHTS)
        exact(gl.gradient(partial, ONES, engine), [1.0, 2.0, -1.0])
        WEIGHTS[0] = 5.0
        exact(gl.gradient(partial, ONES, engine), [5.0, 2.0, -1.0])
    finally:
        WEIGHTS[:] = [1.0, 2.0, 3.0]


def test_an_unchanged_function_defined_again_reuses_the_compile():
    def make():
        def f(x):
            return np.sum(WEIGHTS * x**2)

        return f

    gl.gradient(make(), ONES, "jax")
    hits = compiled_cache.hits
    exact(gl.gradient(make(), ONES, "jax"), [2.0, 4.0, 6.0])
    assert compiled_cache.hits == hits + 1


@pytest.mark.parametrize("engine", ENGINES)
def test_held_scalar_values_are_in_the_key(engine):
    def f(q, chi, delta):
        return q * chi * delta

    exact(gl.gradient(f, {"q": 5.0, "chi": 1.0, "delta": 2.0}, engine, wrt=["chi"]), [10.0])
    exact(gl.gradient(f, {"q": 3.0, "chi": 1.0, "delta": 2.0}, engine, wrt=["chi"]), [6.0])


def test_held_arrays_are_keyed_by_content_past_numpys_abbreviation():
    def f(x, b):
        return x * np.sum(b * np.arange(b.size))

    held = np.zeros(2000)
    held[0] = 1.0
    exact(gl.gradient(f, {"x": 1.0, "b": held}, "jax", wrt=["x"]), [0.0])
    changed = held.copy()
    changed[1000] = 1.0  # repr(held) == repr(changed): numpy abbreviates them alike
    assert repr(held) == repr(changed)
    exact(gl.gradient(f, {"x": 1.0, "b": changed}, "jax", wrt=["x"]), [1000.0])


def test_what_cannot_be_read_by_content_is_compiled_again():
    lock = threading.Lock()  # no attributes, no items, cannot be pickled: its state is unknown
    dates = np.array(["2026-01-01"], dtype="datetime64[D]")

    def f(x):
        with lock:
            return np.sum(WEIGHTS * x) + 0.0 * dates.size

    exact(gl.gradient(f, ONES, "jax"), [1.0, 2.0, 3.0])
    hits = compiled_cache.hits
    exact(gl.gradient(f, ONES, "jax"), [1.0, 2.0, 3.0])
    assert compiled_cache.hits == hits


def test_extra_arguments_reuse_the_compile_until_they_change():
    """SymPy bakes the values f reads into its expressions, so an equal copy of an argument
    reuses the compile (engines that run f at call time key by identity too, below)."""

    def f(x, w):
        return np.sum(w * x**2)

    g = gl.grad(f, "sympy")
    exact(g(ONES, np.array([1.0, 2.0, 3.0])), [2.0, 4.0, 6.0])
    hits = compiled_cache.hits
    exact(g(ONES, np.array([1.0, 2.0, 3.0])), [2.0, 4.0, 6.0])
    assert compiled_cache.hits == hits + 1
    exact(g(ONES, np.array([1.0, 2.0, 5.0])), [2.0, 4.0, 10.0])


@pytest.mark.parametrize("engine", ["jax", "dual", "finite-diff:central"])
def test_an_equal_copy_of_data_a_live_gradient_reads_is_read_itself(engine):
    """A gradient that runs f at call time reads the objects it was built with: an equal copy
    must not hit that entry, or a later change to the first object would leak into it."""
    first = np.array([1.0, 2.0, 3.0])
    copy = first.copy()

    def f(x, w):
        return np.sum(w * x**2)

    def weighted(w):
        return lambda x: f(x, w)  # the same code for both: only the data differs

    np.testing.assert_allclose(gl.gradient(weighted(first), ONES, engine), [2, 4, 6],
                               rtol=1e-9, atol=0)
    first[:] = [2.0, 4.0, 6.0]
    first[:] = [1.0, 2.0, 3.0]  # equal to the copy again: its content key matches the entry
    np.testing.assert_allclose(gl.gradient(weighted(copy), ONES, engine), [2, 4, 6],
                               rtol=1e-9, atol=0)
    first[:] = [7.0, 7.0, 7.0]  # the entry built for `first` now reads other numbers
    np.testing.assert_allclose(gl.gradient(weighted(copy), ONES, engine), [2, 4, 6],
                               rtol=1e-9, atol=0)
