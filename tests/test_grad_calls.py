"""A gradient function from gl.grad answers every call, at every point, with its own values."""

import numpy as np

import gradlab as gl


def test_grad_with_wrt_answers_again_at_a_new_point():
    """d(x*y)/dx = y: the second call holds y at its new value (hand-derived)."""
    g = gl.grad("x*y", backend="dual", wrt=["x"])
    np.testing.assert_allclose(g({"x": 1.0, "y": 2.0}), [2.0], rtol=0, atol=0)
    np.testing.assert_allclose(g({"x": 3.0, "y": 5.0}), [5.0], rtol=0, atol=0)
    np.testing.assert_allclose(g({"x": 3.0, "y": 5.0}), [5.0], rtol=0, atol=0)


def test_grad_without_wrt_answers_again_at_a_new_point():
    g = gl.grad("x*y", backend="dual")
    np.testing.assert_allclose(g({"x": 1.0, "y": 2.0}), [2.0, 1.0], rtol=0, atol=0)
    np.testing.assert_allclose(g({"x": 3.0, "y": 5.0}), [5.0, 3.0], rtol=0, atol=0)
