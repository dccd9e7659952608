"""Cache keys of each kind of object a function reads (mutation testing): an unchanged function
must hit the cache on its second call (a key that fails to build never hits, so results stay
right but every call recompiles), and changed data must recompile. Truth derived by hand."""

import builtins
import functools
import statistics
import types

import numpy as np
import pandas as pd
import pytest

import gradlab as gl
from gradlab.cache import compiled_cache
from gradlab.fingerprint import MAX_ITEMS


def hits_of_two_calls(f, at, want):
    """Cache hits of the second of two calls (the first may hit an entry an earlier test made:
    mutmut runs a mutant's tests in its own order)."""
    np.testing.assert_allclose(gl.gradient(f, at, "dual"), want, rtol=1e-15, atol=0)
    before = compiled_cache.hits
    np.testing.assert_allclose(gl.gradient(f, at, "dual"), want, rtol=1e-15, atol=0)
    return compiled_cache.hits - before


def scaled_square(x, scale):
    return scale * x**2


class Spring:
    def __init__(self, k):
        self.k = k

    def energy(self, x):
        return 0.5 * self.k * x**2


class SlotSpring:
    __slots__ = ("k",)

    def __init__(self, k):
        self.k = k

    def energy(self, x):
        return 0.5 * self.k * x**2


class Settings:
    k = 3.0


def reads_a_class(x):
    return Settings.k * x**2


OBJECTS = np.array([4.0, "label"], dtype=object)


def reads_an_object_array(x):
    return OBJECTS[0] * x**2


SERIES = pd.Series([5.0, 1.0], index=["a", "b"])


def reads_a_series(x):
    return SERIES["a"] * x**2


NAMES = {"a", "b", "c"}


def reads_a_set(x):
    return len(NAMES) * x**2


CASES = {  # f, its gradient at x = 1
    "partial": (functools.partial(scaled_square, scale=2.0), [4.0]),
    "method": (Spring(3.0).energy, [3.0]),
    "slots method": (SlotSpring(2.0).energy, [2.0]),
    "class attribute": (reads_a_class, [6.0]),
    "object array": (reads_an_object_array, [8.0]),
    "pandas series": (reads_a_series, [10.0]),
    "set": (reads_a_set, [6.0]),
    "expression": ("3*x**2", [6.0]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_cache_unchanged_function_hits_on_the_second_call(case):
    f, want = CASES[case]
    assert hits_of_two_calls(f, {"x": 1.0}, want) == 1


def test_cache_changed_data_of_each_kind_recompiles():
    # values no other test uses: an equal object elsewhere would share the compiled gradient
    # (see test_cache_hit_for_an_equal_object_reads_that_object)
    spring = SlotSpring(2.75)
    assert gl.gradient(spring.energy, {"x": 1.0}, "dual").tolist() == [2.75]
    spring.k = 6.25
    assert gl.gradient(spring.energy, {"x": 1.0}, "dual").tolist() == [6.25]
    SERIES["a"] = 7.0
    try:
        assert gl.gradient(reads_a_series, {"x": 1.0}, "dual").tolist() == [14.0]
    finally:
        SERIES["a"] = 5.0
    SERIES.index = ["b", "a"]  # same values, new labels: SERIES["a"] is now 1.0
    try:
        assert gl.gradient(reads_a_series, {"x": 1.0}, "dual").tolist() == [2.0]
    finally:
        SERIES.index = ["a", "b"]
    Settings.k = 4.0
    try:
        assert gl.gradient(reads_a_class, {"x": 1.0}, "dual").tolist() == [8.0]
    finally:
        Settings.k = 3.0
    partial = functools.partial(scaled_square, scale=2.0)
    assert gl.gradient(partial, {"x": 1.0}, "dual").tolist() == [4.0]
    assert gl.gradient(functools.partial(scaled_square, scale=5.0), {"x": 1.0},
                       "dual").tolist() == [10.0]


RNG = np.random.default_rng(0)


def reads_a_generator(x):
    return (2.0 if RNG is not None else 1.0) * x**2  # keyed by its pickled state, not drawn


LOOP: list = [2.5]
LOOP.append(LOOP)  # a list that holds itself


def reads_a_cycle(x):
    return LOOP[0] * x**2


def reads_a_module(x):
    import cache_data

    return cache_data.K * x**2


def test_cache_hits_for_a_generator_a_cycle_and_a_module():
    assert hits_of_two_calls(reads_a_generator, {"x": 1.0}, [4.0]) == 1
    assert hits_of_two_calls(reads_a_cycle, {"x": 1.0}, [5.0]) == 1
    assert hits_of_two_calls(reads_a_module, {"x": 1.0}, [4.0]) == 1


OP = np.sin
ITEMS: set | frozenset = {1.0, 2.0}


def applies_op(x):
    return OP(x)


def reads_the_kind_of_set(x):
    return (2.0 if isinstance(ITEMS, frozenset) else 1.0) * x


def test_cache_library_function_swapped_recompiles():
    global OP
    # d sin = cos, d cos = -sin
    np.testing.assert_allclose(gl.gradient(applies_op, {"x": 1.0}, "dual"), [np.cos(1.0)],
                               rtol=1e-15, atol=0)
    OP = np.cos
    try:
        np.testing.assert_allclose(gl.gradient(applies_op, {"x": 1.0}, "dual"),
                                   [-np.sin(1.0)], rtol=1e-15, atol=0)
    finally:
        OP = np.sin


def test_cache_set_replaced_by_a_frozenset_recompiles():
    global ITEMS
    assert gl.gradient(reads_the_kind_of_set, {"x": 1.0}, "dual").tolist() == [1.0]
    ITEMS = frozenset(ITEMS)
    try:
        assert gl.gradient(reads_the_kind_of_set, {"x": 1.0}, "dual").tolist() == [2.0]
    finally:
        ITEMS = set(ITEMS)


@pytest.mark.parametrize("kind", [Spring, SlotSpring])
def test_cache_hit_for_an_equal_object_reads_that_object(kind):
    first = kind(2.25)
    assert gl.gradient(first.energy, {"x": 1.0}, "dual").tolist() == [2.25]
    first.k = 6.5
    assert gl.gradient(first.energy, {"x": 1.0}, "dual").tolist() == [6.5]
    second = kind(2.25)  # equal to what first was: its key hits first's compiled gradient
    assert gl.gradient(second.energy, {"x": 1.0}, "dual").tolist() == [2.25]


def make_settings_class():
    class Rerun:  # the same cell run again: a new class object with the same contents
        k = 1.75

    return Rerun


RERUN = make_settings_class()


def reads_a_rerun_class(x):
    return RERUN.k * x**2


def test_cache_class_defined_again_unchanged_hits():
    global RERUN
    np.testing.assert_allclose(gl.gradient(reads_a_rerun_class, {"x": 1.0}, "dual"), [3.5],
                               rtol=1e-15, atol=0)
    RERUN = make_settings_class()  # its __dict__ and __weakref__ descriptors are new objects
    before = compiled_cache.hits
    np.testing.assert_allclose(gl.gradient(reads_a_rerun_class, {"x": 1.0}, "dual"), [3.5],
                               rtol=1e-15, atol=0)
    assert compiled_cache.hits - before == 1


MEAN = statistics.fmean


def reads_a_library_function(x):
    return MEAN([2.0, 4.0]) * x**2  # a constant in a traced gradient


def test_cache_library_python_function_swapped_recompiles():
    global MEAN
    # fmean([2, 4]) = 3, median_high([2, 4]) = 4: gradients 6 and 8 at x = 1
    np.testing.assert_allclose(gl.gradient(reads_a_library_function, {"x": 1.0}, "sympy"),
                               [6.0], rtol=1e-15, atol=0)
    MEAN = statistics.median_high
    try:
        np.testing.assert_allclose(gl.gradient(reads_a_library_function, {"x": 1.0}, "sympy"),
                                   [8.0], rtol=1e-15, atol=0)
    finally:
        MEAN = statistics.fmean


OPTIONS = types.SimpleNamespace(k=1.25)  # a library's object with attributes


def reads_a_library_object(x):
    return OPTIONS.k * x**2


LONG = [0.5] * (MAX_ITEMS + 1)  # past MAX_ITEMS: keyed as one array of numbers


def reads_a_long_list(x):
    return LONG[0] * x**2


def test_cache_library_object_and_long_list_hit_and_recompile_when_changed():
    assert hits_of_two_calls(reads_a_library_object, {"x": 1.0}, [2.5]) == 1
    assert hits_of_two_calls(reads_a_long_list, {"x": 1.0}, [1.0]) == 1
    LONG[0] = 1.5
    try:
        assert gl.gradient(reads_a_long_list, {"x": 1.0}, "dual").tolist() == [3.0]
    finally:
        LONG[0] = 0.5


def test_cache_module_hits_while_the_interpreter_state_changes(monkeypatch):
    # IPython puts its shell (whose history grows at each cell) in builtins: a user module's
    # key holds what the user wrote in it, not its __builtins__
    history = [1]
    monkeypatch.setattr(builtins, "gradlab_test_history", history, raising=False)
    np.testing.assert_allclose(gl.gradient(reads_a_module, {"x": 1.0}, "dual"), [4.0],
                               rtol=1e-15, atol=0)
    history.append(2)
    before = compiled_cache.hits
    np.testing.assert_allclose(gl.gradient(reads_a_module, {"x": 1.0}, "dual"), [4.0],
                               rtol=1e-15, atol=0)
    assert compiled_cache.hits - before == 1


def test_cache_set_replaced_by_a_frozenset_recompiles_a_traced_gradient():
    # sympy bakes the branch into its expression: only the key can tell the two apart
    global ITEMS
    assert gl.gradient(reads_the_kind_of_set, {"x": 1.0}, "sympy").tolist() == [1.0]
    ITEMS = frozenset(ITEMS)
    try:
        assert gl.gradient(reads_the_kind_of_set, {"x": 1.0}, "sympy").tolist() == [2.0]
    finally:
        ITEMS = set(ITEMS)
