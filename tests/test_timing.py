"""The timing harness behind compare(): agrees with an independent timeit; setup kept apart."""

import time
import timeit

import numpy as np
import pytest

import gradlab as gl
from gradlab.backends import Backend, Compiled


def test_reported_jax_call_time_agrees_with_timeit_of_raw_call():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp

    def f(x):
        return np.sum(np.sin(x) * np.exp(-x**2) + x**3)

    def f_jax(x):
        return jnp.sum(jnp.sin(x) * jnp.exp(-x**2) + x**3)

    x0 = np.linspace(-1.0, 1.0, 20000)  # compute dominates the per-call overhead
    with jax.enable_x64(True):
        raw = jax.jit(jax.grad(f_jax))
        np.asarray(raw(x0))
        runs = [min(timeit.repeat(lambda: np.asarray(raw(x0)), number=20, repeat=5)) / 20
                for _ in range(3)]
    reported = [gl.compare(f, x0, backends=["jax"], reference="none")["jax"].call_s
                for _ in range(3)]
    ratio = np.median(reported) / np.median(runs)
    assert 0.7 <= ratio <= 1.3, (reported, runs)


class SlowSetup(Backend):
    def __init__(self):
        super().__init__(name="slow-setup", exact=True, description="sleeps while compiling")

    def compile(self, problem, **options):
        time.sleep(0.3)
        return Compiled(lambda x: 2 * x)

    def code(self, problem, **options):
        return "2 * x"


@pytest.fixture
def slow_setup():
    from gradlab.backends import _REGISTRY

    gl.register_backend("slow-setup", SlowSetup())
    yield "slow-setup"
    _REGISTRY.pop("slow-setup", None)  # other tests' default engine lists stay as they were


def test_slow_setup_is_separated_from_fast_call(slow_setup):
    def f(x):
        return np.sum(x**2)

    row = gl.compare(f, np.array([1.0, 2.0]), backends=[slow_setup])[slow_setup]
    assert row.ok and not row.cached
    assert row.setup_s >= 0.3 > 100 * row.call_s
    np.testing.assert_array_equal(row.gradient, [2.0, 4.0])
