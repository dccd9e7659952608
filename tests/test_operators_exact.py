"""jacobian, hessian, hvp, jvp and vjp of the exact engines (sympy, pytensor), natively.

Truth: Jacobians and Hessians derived by hand, and jax.jacfwd / jax.hessian in float64 on the
same function written for jax.numpy; never another gradlab engine. Exact engines: atol=0,
rtol 1e-12. The 50-digit reference and the refusals are in test_operators_exact_trust.py.
"""

from __future__ import annotations

import numpy as np
import pytest

import gradlab as gl
from gradlab import backends
from gradlab.problem import make_problem

ENGINES = ("sympy", "pytensor")
RTOL = 1e-12

pytestmark = pytest.mark.filterwarnings("ignore:.*BLAS:UserWarning")


def close(actual, expected, rtol=RTOL):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=0)


def compiled(engine, func, at, operator, outputs="scalar"):
    problem = make_problem(func, np.asarray(at, dtype=float), outputs=outputs)
    result = backends.resolve(engine)[0].compile(problem, operator=operator)
    assert result.operator == operator
    return result


# --- a vector function and a scalar function, differentiated by hand --------------------------

X = np.array([1.3, -0.7, 2.1])
V = np.array([0.6, -1.7, 0.25])
U = np.array([-0.4, 1.1, 0.9, 2.3])


def vector_f(x):
    return np.array([x[0] * x[1], np.sin(x[2]) * x[0], np.exp(x[1]), x[0] ** 2 / x[2]])


def vector_jacobian(x):
    a, b, c = x
    return np.array([[b, a, 0.0],
                     [np.sin(c), 0.0, a * np.cos(c)],
                     [0.0, np.exp(b), 0.0],
                     [2 * a / c, 0.0, -a * a / (c * c)]])


def scalar_f(x):
    return x[0] ** 2 * x[1] + np.exp(x[0] * x[2]) + np.sin(x[1]) * x[2] ** 3


def scalar_hessian(x):
    a, b, c = x
    e = np.exp(a * c)
    return np.array([[2 * b + c * c * e, 2 * a, e + a * c * e],
                     [2 * a, -np.sin(b) * c**3, 3 * c * c * np.cos(b)],
                     [e + a * c * e, 3 * c * c * np.cos(b), a * a * e + 6 * c * np.sin(b)]])


@pytest.mark.parametrize("engine", ENGINES)
def test_jacobian_of_a_vector_function_is_the_hand_derived_one(engine):
    jacobian = compiled(engine, vector_f, X, "jacobian", "array").gradient(X)
    assert jacobian.shape == (4, 3)
    close(jacobian, vector_jacobian(X))


@pytest.mark.parametrize("engine", ENGINES)
def test_jvp_and_vjp_are_the_jacobian_times_the_direction(engine):
    jvp = compiled(engine, vector_f, X, "jvp", "array").gradient(X, V)
    vjp = compiled(engine, vector_f, X, "vjp", "array").gradient(X, U)
    assert jvp.shape == (4,) and vjp.shape == (3,)
    close(jvp, vector_jacobian(X) @ V)
    close(vjp, U @ vector_jacobian(X))


@pytest.mark.parametrize("engine", ENGINES)
def test_hessian_and_hvp_of_a_scalar_function_are_the_hand_derived_ones(engine):
    hessian = compiled(engine, scalar_f, X, "hessian").gradient(X)
    assert hessian.shape == (3, 3)
    close(hessian, scalar_hessian(X))
    close(compiled(engine, scalar_f, X, "hvp").gradient(X, V), scalar_hessian(X) @ V)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_compiled_operator_follows_the_point(engine):
    """Compiled once, called at other points and directions (as gl.hess is)."""
    hessian = compiled(engine, scalar_f, X, "hessian").gradient
    jvp = compiled(engine, vector_f, X, "jvp", "array").gradient
    for shift in (0.25, -0.5):
        y = X + shift
        close(hessian(y), scalar_hessian(y))
        close(jvp(y, V * shift), vector_jacobian(y) @ (V * shift))


@pytest.mark.parametrize("engine", ENGINES)
def test_a_scalar_function_has_a_one_row_jacobian(engine):
    jacobian = compiled(engine, scalar_f, X, "jacobian").gradient(X)
    expected_gradient = np.array([
        2 * X[0] * X[1] + X[2] * np.exp(X[0] * X[2]),
        X[0] ** 2 + np.cos(X[1]) * X[2] ** 3,
        X[0] * np.exp(X[0] * X[2]) + 3 * np.sin(X[1]) * X[2] ** 2])
    assert jacobian.shape == (1, 3)
    close(jacobian[0], expected_gradient)


@pytest.mark.parametrize("engine", ENGINES)
def test_matrix_in_matrix_out_jacobian_is_flat_row_major(engine):
    """f(A) = A @ A for a 2x2 A: d(A@A)[i,j]/dA[k,l] = d_ik A[l,j] + A[i,k] d_jl."""
    a = np.array([[0.5, -1.5], [2.0, 0.75]])
    jacobian = compiled(engine, lambda m: m @ m, a, "jacobian", "array").gradient(a.ravel())
    eye = np.eye(2)
    expected = np.einsum("ik,lj->ijkl", eye, a) + np.einsum("ik,jl->ijkl", a, eye)
    close(jacobian, expected.reshape(4, 4))


@pytest.mark.parametrize("engine", ENGINES)
def test_constant_and_linear_parts_give_exact_zeros(engine):
    """Outputs and second derivatives that do not depend on x are 0, not an error."""
    f = lambda x: np.array([2.0 * x[0] + 1.0, 3.0, x[1] * x[2]])  # noqa: E731
    close(compiled(engine, f, X, "jacobian", "array").gradient(X),
          np.array([[2.0, 0, 0], [0, 0, 0], [0, X[2], X[1]]]))
    linear = lambda x: 3.0 * x[0] - x[2]  # noqa: E731
    assert np.array_equal(compiled(engine, linear, X, "hessian").gradient(X), np.zeros((3, 3)))
    assert np.array_equal(compiled(engine, linear, X, "hvp").gradient(X, V), np.zeros(3))


# --- richer functions against jax in float64 ----------------------------------------------------

def rich_vector(xp):
    def f(x):
        return xp.stack([xp.tanh(x[0] * x[1]) + x[2] ** 3,
                         xp.log(1 + x[0] ** 2) * xp.cos(x[2]),
                         xp.sqrt(x[1] ** 2 + x[2] ** 2),
                         xp.exp(-x[0]) * x[1] / (1 + x[2] ** 2),
                         xp.arctan2(x[0], x[2]) * xp.linalg.norm(x)])
    return f


def rich_scalar(xp):
    def f(x):
        return (xp.log(xp.sum(xp.exp(x))) + x[0] * x[1] * x[2] + xp.sum(x**2 * xp.sin(x))
                + xp.linalg.norm(x) ** 3 + xp.maximum(x[0], 0.0) * x[1] ** 2)
    return f


def jax_truth(operator, make, x, direction=None):
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp

    with jax.enable_x64(True):
        f, point = make(jnp), jnp.asarray(x)
        if operator == "jacobian":
            value = jax.jacfwd(f)(point)
        elif operator == "hessian":
            value = jax.hessian(f)(point)
        elif operator == "hvp":
            value = jax.hessian(f)(point) @ jnp.asarray(direction)
        elif operator == "jvp":
            value = jax.jvp(f, (point,), (jnp.asarray(direction),))[1]
        else:
            value = jax.vjp(f, point)[1](jnp.asarray(direction))[0]
        return np.asarray(value, dtype=np.float64)


Y = np.array([0.4, -1.1, 0.9])
CASES = [("jacobian", rich_vector, None), ("jvp", rich_vector, V),
         ("vjp", rich_vector, np.array([0.3, -2.0, 1.5, 0.7, -0.2])),
         ("hessian", rich_scalar, None), ("hvp", rich_scalar, V)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("operator", "make", "direction"), CASES,
                         ids=[case[0] for case in CASES])
def test_operators_of_numpy_code_match_jax(engine, operator, make, direction):
    outputs = "array" if make is rich_vector else "scalar"
    result = compiled(engine, make(np), Y, operator, outputs)
    args = (Y,) if direction is None else (Y, direction)
    close(result.gradient(*args), jax_truth(operator, make, Y, direction))


@pytest.mark.parametrize("engine", ENGINES)
def test_second_derivative_through_abs_and_max_is_numpys_zero(engine):
    """|x| and max have second derivative 0 away from their kinks, as jax computes it."""
    def make(xp):
        return lambda x: xp.sum(xp.abs(x)) * 2.0 + xp.max(x) ** 2 + xp.maximum(x[0], x[1])
    hessian = compiled(engine, make(np), Y, "hessian").gradient(Y)
    close(hessian, jax_truth("hessian", make, Y))
    assert hessian[2, 2] == 2.0 and np.count_nonzero(hessian) == 1


# --- the public API with these engines ---------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_public_api_shapes_and_values(engine):
    a = np.array([[0.5, -1.5], [2.0, 0.75]])
    jacobian = gl.jacobian(lambda m: m @ m, a, backend=engine)
    assert jacobian.shape == (2, 2, 2, 2)  # output shape + the point's shape
    eye = np.eye(2)
    close(jacobian, np.einsum("ik,lj->ijkl", eye, a) + np.einsum("ik,jl->ijkl", a, eye))
    hess = gl.hess(scalar_f, backend=engine)
    close(hess(X), scalar_hessian(X))
    close(gl.hvp(scalar_f, X, V, backend=engine), scalar_hessian(X) @ V)
    close(gl.vjp(vector_f, X, U, backend=engine), U @ vector_jacobian(X))


def test_compare_hessian_rows_are_ok_with_sympys_50_digit_reference():
    comparison = gl.compare(scalar_f, X, derivative="hessian", backends=list(ENGINES))
    assert {row.backend: row.status for row in comparison} == {"sympy": "ok",
                                                                   "pytensor": "ok"}
    assert comparison.reference_source.startswith("sympy (exact derivative evaluated with "
                                                  "mpmath at 50 digits)")
    close(np.asarray(comparison.reference).reshape(3, 3), scalar_hessian(X))


# --- second derivatives through gradlab's mapped numpy functions, against jax -------------------

def mapped_functions(xp):
    return {
        "det+inv": lambda x: (xp.linalg.det(x.reshape(2, 2))
                              + xp.linalg.inv(x.reshape(2, 2))[0, 1] * x[3]),
        "solve": lambda x: xp.sum(xp.linalg.solve(x.reshape(2, 2), xp.array([1.0, 2.0])) ** 2),
        "log-sum-exp": lambda x: xp.log(xp.sum(xp.exp(x * x))),
        "cumsum+cumprod": lambda x: xp.sum(xp.cumsum(x) ** 2) + xp.sum(xp.cumprod(x)),
        "var*std": lambda x: xp.var(x) * xp.std(x),
        "where+clip": lambda x: (xp.sum(xp.where(x > 0, x**3, xp.sin(x)))
                                 + xp.sum(xp.clip(x, -0.5, 0.5) ** 2)),
        "norm-ord-3": lambda x: xp.linalg.norm(x, 3) ** 2,
        "hypot*arctan2": lambda x: xp.hypot(x[0], x[1]) * xp.arctan2(x[2], x[3]),
        "mean-axis": lambda x: xp.sum(xp.mean(x.reshape(2, 2), axis=0) ** 3),
        "abs-power": lambda x: xp.sum(xp.abs(x) ** 2.5),
        "outer+dot": lambda x: xp.sum(xp.outer(x, x) @ x) + xp.dot(x, xp.tanh(x)),
    }


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", list(mapped_functions(np)))
def test_hessian_through_mapped_functions_matches_jax(engine, name):
    """Normwise (Frobenius) at 1e-12: entries jax finds exactly 0 may come out 1e-17."""
    x = np.array([0.7, -0.3, 1.1, 2.2])
    hessian = compiled(engine, mapped_functions(np)[name], x, "hessian").gradient(x)
    expected = jax_truth("hessian", lambda xp: mapped_functions(xp)[name], x)
    assert np.linalg.norm(hessian - expected) <= 1e-12 * np.linalg.norm(expected)


def test_sympy_takes_an_output_that_is_a_bare_variable():
    # a sympy Symbol is also a Boolean: it must not be read as a truth value (MGH residuals)
    jacobian = gl.jacobian(lambda x: np.array([x[0] * x[1], x[1]]), [1.0, 2.0], "sympy")
    np.testing.assert_allclose(jacobian, [[2.0, 1.0], [0.0, 1.0]], rtol=0, atol=0)
    np.testing.assert_allclose(gl.gradient(lambda x, y: x, [1.0, 2.0], "sympy"), [1.0, 0.0],
                               rtol=0, atol=0)
