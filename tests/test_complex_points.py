"""A complex point is refused, never silently cast to real (numpy would drop the imaginary part)."""

from __future__ import annotations

import numpy as np
import pytest

import gradlab as gl


def square_norm(x):
    return np.sum(x ** 2)


@pytest.mark.parametrize("point", [np.array([1 + 1j, 2.0]), [1 + 0j, 2.0],
                                   np.array([[1.0, 2j], [0.5, 1.0]])])
def test_a_complex_array_point_is_refused_like_a_complex_scalar(point):
    with pytest.raises(gl.InputError, match="complex"):
        gl.gradient(square_norm, point, backend="finite-diff")


def test_a_complex_value_in_a_named_point_is_refused():
    with pytest.raises(gl.InputError, match="complex"):
        gl.compare(lambda x, y: x * y, {"x": np.array([1.0, 2j]), "y": 1.0}, timing=False)


def test_a_compiled_gradient_refuses_a_complex_point_after_a_real_one():
    g = gl.grad(square_norm, "finite-diff")
    np.testing.assert_allclose(g(np.array([1.0, 2.0])), [2.0, 4.0], rtol=1e-9, atol=0)
    with pytest.raises(gl.InputError, match="complex"):
        g(np.array([1.0 + 1j, 2.0]))
    with pytest.raises(gl.InputError, match="complex"):
        g([1.0 + 1j, 2.0])
