"""Truth for the dual engine's tests: jax.grad in float64, and helpers shared by them."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import gradlab as gl
from gradlab.errors import BackendError


def dual_gradient(f, x):
    return gl.gradient(f, np.asarray(x, dtype=float), backend="dual")


def jax_gradient(f, x):
    with jax.enable_x64(True):  # one compiled function: faster than jax's op-by-op dispatch
        return np.asarray(jax.jit(jax.grad(f))(jnp.asarray(x, dtype=jnp.float64)))


def agree(case, x):
    """dual's gradient of ``case(np, x)`` equals jax's of ``case(jnp, x)`` to 1e-12."""
    got = dual_gradient(lambda v: case(np, v), x)
    want = jax_gradient(lambda v: case(jnp, v), x)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)
    return got


def scalar(xp, r):
    """A scalar that depends on every entry of ``r`` differently and on its shape."""
    shape_mark = sum((i + 1) * d for i, d in enumerate(r.shape)) / 10
    weights = xp.arange(1.0, r.size + 1.0).reshape(r.shape) / r.size + shape_mark
    return xp.sum(xp.sin(r) * weights)


def point(n, seed=0, low=0.5, high=2.0):
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, n) * rng.choice([-1.0, 1.0], n)


def refusal(f, x, *words):
    with pytest.raises(BackendError) as caught:
        dual_gradient(f, x)
    for word in words:
        assert word in str(caught.value)
    row = gl.compare(f, np.asarray(x, dtype=float), backends=["dual"], timing=False,
                     reference="none")["dual"]
    assert row.status == "failed"
    return str(caught.value)
