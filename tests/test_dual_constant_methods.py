"""A constant ndarray's own methods applied to the dual argument: ``c.dot(x)``.

numpy does not route ``ndarray.dot`` through ``__array_function__``: it iterates the dual array
into an ndarray of dtype object holding dual numbers. Every operator of the dual engine must
then give the right number or refuse; the truth is hand-derived at x = [[1, 2], [3, 4]] with
c = [[1, 2]], so c.dot(x)[0, j] = x[0, j] + 2 x[1, j].
"""

import numpy as np
import pytest

import gradlab as gl
from gradlab.backends.dual_number import Dual
from gradlab.errors import BackendError

C = np.array([[1.0, 2.0]])
AT = np.array([[1.0, 2.0], [3.0, 4.0]])
V = np.array([[1.0, 10.0], [100.0, 1000.0]])
U = np.array([1.0, 10.0])

# f[j] = 2 x[0, j] + 2 x[1, j], every form of the constant's dot
PLUS_ROW = {
    "c.dot(x) + x[0]": lambda x: C.dot(x)[0] + x[0],
    "x[0] + c.dot(x)": lambda x: x[0] + C.dot(x)[0],
    "np.ndarray.dot(c, x) + x[0]": lambda x: np.ndarray.dot(C, x)[0] + x[0],
    "c.T.T.dot(x) + x[0]": lambda x: C.T.T.dot(x)[0] + x[0],
    "c.__matmul__(x) + x[0]": lambda x: C.__matmul__(x)[0] + x[0],
    "c @ x + x[0]": lambda x: (C @ x)[0] + x[0],
}
PLUS_ROW_JACOBIAN = np.array([[2.0, 0.0, 2.0, 0.0], [0.0, 2.0, 0.0, 2.0]])
# sum_j f[j]**2 = sum_j 4 (x[0, j] + x[1, j])**2
SQUARES_HESSIAN = np.array([[8.0, 0.0, 8.0, 0.0], [0.0, 8.0, 0.0, 8.0],
                            [8.0, 0.0, 8.0, 0.0], [0.0, 8.0, 0.0, 8.0]])


def exact(got, truth):
    np.testing.assert_allclose(got, truth, rtol=1e-12, atol=0)


@pytest.mark.parametrize("form", PLUS_ROW)
def test_jacobian(form):
    exact(gl.jacobian(PLUS_ROW[form], AT, backend="dual").reshape(2, 4), PLUS_ROW_JACOBIAN)


@pytest.mark.parametrize("form", PLUS_ROW)
def test_jvp_and_vjp(form):
    exact(gl.jvp(PLUS_ROW[form], AT, V, backend="dual"), [2 * 1 + 2 * 100, 2 * 10 + 2 * 1000])
    exact(gl.vjp(PLUS_ROW[form], AT, U, backend="dual"), [[2.0, 20.0], [2.0, 20.0]])


@pytest.mark.parametrize("form", PLUS_ROW)
def test_gradient_of_the_sum(form):
    got = gl.gradient(lambda x: np.sum(PLUS_ROW[form](x)), AT, backend="dual")
    exact(got, np.full((2, 2), 2.0))


@pytest.mark.parametrize("form", PLUS_ROW)
def test_hessian_and_hvp_of_the_squares(form):
    squares = lambda x: np.sum(PLUS_ROW[form](x) ** 2)  # noqa: E731
    exact(gl.hessian(squares, AT, backend="dual").reshape(4, 4), SQUARES_HESSIAN)
    exact(gl.hvp(squares, AT, V, backend="dual").ravel(), SQUARES_HESSIAN @ V.ravel())


def test_jacobian_of_the_dot_alone_and_times_a_row():
    exact(gl.jacobian(lambda x: C.dot(x), AT, backend="dual").reshape(2, 4),
          [[1.0, 0.0, 2.0, 0.0], [0.0, 1.0, 0.0, 2.0]])
    # f[j] = (x[0, j] + 2 x[1, j]) x[0, j]:
    # df/dx[0, j] = 2 x[0, j] + 2 x[1, j], df/dx[1, j] = 2 x[0, j]
    exact(gl.jacobian(lambda x: C.dot(x)[0] * x[0], AT, backend="dual").reshape(2, 4),
          [[8.0, 0.0, 2.0, 0.0], [0.0, 12.0, 0.0, 4.0]])


def test_joined_with_the_dual_argument():
    got = gl.jacobian(lambda x: np.concatenate([C.dot(x)[0], x[1]]), AT, backend="dual")
    exact(got.reshape(4, 4), [[1.0, 0.0, 2.0, 0.0], [0.0, 1.0, 0.0, 2.0],
                              [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]])


def test_a_ufunc_on_the_object_array_is_refused():
    with pytest.raises(BackendError):
        gl.jacobian(lambda x: np.sin(C.dot(x)), AT, backend="dual")


def test_a_dual_over_an_object_array_is_refused():
    inner = np.array([Dual(1.0, np.ones(1)), 2.0], dtype=object)
    with pytest.raises(BackendError, match="dtype object"):
        Dual(inner, np.zeros((1, 2)))
