"""The trust rules of the exact engines' operators: sympy's 50-digit reference for every operator
(products with the direction done at 50 digits too), and refusals where an engine cannot
differentiate (twice), never an approximation. Truth: mpmath evaluations of hand-derived
derivatives at 60 digits, and hand-derived float64 values."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

import gradlab as gl
from gradlab import backends
from gradlab.errors import BackendError
from gradlab.problem import make_problem

pytestmark = pytest.mark.filterwarnings("ignore:.*BLAS:UserWarning")


def compiled(engine, func, at, operator, outputs="scalar", **options):
    problem = make_problem(func, np.asarray(at, dtype=float), outputs=outputs)
    return backends.resolve(engine)[0].compile(problem, operator=operator, **options)


def truth(*values):
    """mpmath values (computed at 60 digits) rounded once to float64."""
    return np.array([float(v) for v in values])


# --- the 50-digit reference, on cases where float64 evaluation cancels ------------------------

def test_reference_hessian_is_correctly_rounded_where_float64_cancels():
    """f'' = exp(x) - 1 at x = 1e-9: float64 loses 8 digits, the reference none."""
    x = np.array([1e-9])
    result = compiled("sympy", lambda x: np.exp(x[0]) - 1 - x[0] - x[0] ** 2 / 2, x, "hessian")
    with mpmath.workdps(60):
        expected = truth(mpmath.expm1(mpmath.mpf(x[0])))
    np.testing.assert_array_equal(result.reference(x), expected.reshape(1, 1))
    assert abs(result.gradient(x)[0, 0] / expected[0] - 1) > 1e-9  # the case does cancel


def test_reference_jvp_multiplies_at_50_digits():
    """J v = cos(a) - cos(b) for nearly equal a, b: the product itself cancels."""
    x, v = np.array([0.7, 0.7 + 1e-12]), np.array([1.0, -1.0])
    result = compiled("sympy", lambda x: np.array([np.sin(x[0]) + np.sin(x[1])]), x, "jvp",
                      "array")
    with mpmath.workdps(60):
        a, b = (mpmath.mpf(t) for t in x)
        expected = truth(mpmath.cos(a) - mpmath.cos(b))
    np.testing.assert_array_equal(result.reference(x, v), expected)
    assert abs(result.gradient(x, v)[0] / expected[0] - 1) > 1e-9


def test_reference_hvp_and_vjp_multiply_at_50_digits():
    x = np.array([1.5707963, 0.3])  # sin(x0) = 1 - 3.6e-16
    hvp = compiled("sympy", lambda x: np.sin(x[0]) + np.sin(x[1]) + x[0] * x[1], x, "hvp")
    v = np.array([1.0, 1.0])
    x_small, u = np.array([1e-5, 0.2]), np.array([1.0, -1.0])
    vjp = compiled("sympy", lambda x: np.array([np.sin(x[0]), x[0] + x[1]]), x_small, "vjp",
                   "array")
    with mpmath.workdps(60):
        a, b = (mpmath.mpf(t) for t in x)
        expected_hvp = truth(1 - mpmath.sin(a), 1 - mpmath.sin(b))
        expected_vjp = truth(mpmath.cos(mpmath.mpf(x_small[0])) - 1, -1)
    np.testing.assert_array_equal(hvp.reference(x, v), expected_hvp)
    np.testing.assert_array_equal(vjp.reference(x_small, u), expected_vjp)
    assert abs(hvp.gradient(x, v)[0] / expected_hvp[0] - 1) > 1e-3


def test_reference_50_digit_values_are_within_1e_30_of_mpmath_truth():
    """Before rounding to float64, the reference's value is exact to ~50 digits."""
    import sympy

    from gradlab.backends.sympy_operators import derivative, precise_operator

    a, b = sympy.symbols("a b", real=True)
    found = derivative("hvp", [sympy.exp(a) - 1 - a - a**2 / 2 + sympy.cos(a) * b], [a, b])
    x, v = np.array([1e-9, 0.5]), np.array([1.0, 3.0])
    values = precise_operator(found, [a, b])(x, v)
    with mpmath.workdps(60):
        p, q = (mpmath.mpf(t) for t in x)
        expected = [mpmath.expm1(p) - mpmath.cos(p) * q - 3 * mpmath.sin(p),
                    -mpmath.sin(p) * 1]
        for value, exact in zip(values, expected, strict=True):
            assert abs(value - exact) <= mpmath.mpf("1e-30") * abs(exact)


def test_reference_of_every_operator_matches_the_hand_derived_value():
    x, v, u = np.array([0.8, -0.3]), np.array([0.5, 2.0]), np.array([1.5, -0.25])
    scalar = lambda x: x[0] ** 3 * x[1] + np.cos(x[1])  # noqa: E731
    vector = lambda x: np.array([x[0] * x[1], np.exp(x[0])])  # noqa: E731
    hessian = np.array([[6 * x[0] * x[1], 3 * x[0] ** 2], [3 * x[0] ** 2, -np.cos(x[1])]])
    jacobian = np.array([[x[1], x[0]], [np.exp(x[0]), 0.0]])
    cases = [("gradient", scalar, "scalar", (), np.array([3 * x[0] ** 2 * x[1],
                                                          x[0] ** 3 - np.sin(x[1])])),
             ("hessian", scalar, "scalar", (), hessian), ("hvp", scalar, "scalar", (v,),
                                                          hessian @ v),
             ("jacobian", vector, "array", (), jacobian),
             ("jvp", vector, "array", (v,), jacobian @ v),
             ("vjp", vector, "array", (u,), u @ jacobian)]
    for operator, f, outputs, direction, expected in cases:
        result = compiled("sympy", f, x, operator, outputs)
        np.testing.assert_allclose(result.reference(x, *direction), expected, rtol=1e-15,
                                   atol=0, err_msg=operator)


def test_reference_at_a_singular_point_is_not_finite():
    result = compiled("sympy", lambda x: np.log(x[0]) * x[1], np.array([1.0, 2.0]), "hessian")
    assert np.isnan(result.reference(np.array([0.0, 2.0]))).all()


# --- refusals: never an approximation ---------------------------------------------------------

@pytest.mark.parametrize("engine", ["sympy", "pytensor"])
@pytest.mark.parametrize("operator", ["hessian", "hvp"])
def test_second_derivatives_of_an_array_valued_function_are_refused(engine, operator):
    with pytest.raises(BackendError, match="one real output"):
        compiled(engine, lambda x: x * 2.0, np.array([1.0, 2.0]), operator, "array")


@pytest.mark.parametrize("operator", ["hessian", "hvp"])
def test_pytensor_refuses_the_second_derivative_of_np_prod_naming_it(operator):
    """PyTensor's gradient of prod has no gradient itself (ProdWithoutZeros)."""
    f = lambda x: np.prod(x) + x[0]  # noqa: E731
    with pytest.raises(BackendError, match=r"np\.prod.*a second time"):
        compiled("pytensor", f, np.array([1.5, -2.0, 0.5]), operator)


def test_pytensor_differentiates_np_prod_once():
    x = np.array([1.5, -2.0, 0.5])
    jacobian = compiled("pytensor", lambda x: np.prod(x) + x[0], x, "jacobian").gradient(x)
    np.testing.assert_allclose(jacobian, [[-1.0 + 1.0, 0.75, -3.0]], rtol=1e-15, atol=0)


def test_compare_reports_pytensors_refused_hessian_not_a_value():
    x = np.array([1.5, -2.0, 0.5])
    comparison = gl.compare(lambda x: np.prod(x) + x[0], x, derivative="hessian",
                            backends=["sympy", "pytensor", "jax"])
    assert comparison["sympy"].status == comparison["jax"].status == "ok"
    assert comparison["pytensor"].status != "ok" and "np.prod" in comparison["pytensor"].error
    expected = np.array([[0, x[2], x[1]], [x[2], 0, x[0]], [x[1], x[0], 0]])
    np.testing.assert_allclose(np.asarray(comparison.reference).reshape(3, 3), expected,
                               rtol=1e-15, atol=0)


def test_sympy_refuses_what_it_can_differentiate_once_but_not_twice():
    """A function whose derivative SymPy leaves unevaluated: refused by name, only for the
    second derivative."""
    import sympy

    class once(sympy.Function):  # noqa: N801
        def fdiff(self, argindex=1):
            return sympy.Function("unknown_slope")(self.args[0])

    def f(x):
        return once(x[0]) * x[1] if isinstance(x[0], sympy.Basic) else x[0] * x[1]

    at = np.array([0.5, 1.0])
    compiled("sympy", f, at, "gradient")  # the first derivative is formed
    for operator in ("hessian", "hvp"):
        with pytest.raises(BackendError, match=r"cannot differentiate .*unknown_slope.* a "
                                               r"second time"):
            compiled("sympy", f, at, operator)


@pytest.mark.parametrize("engine", ["sympy", "pytensor"])
def test_a_direction_of_the_wrong_size_is_an_error_not_a_value(engine):
    x = np.array([1.0, 2.0, 3.0])
    jvp = compiled(engine, lambda x: x[:2] * x[2], x, "jvp", "array").gradient
    vjp = compiled(engine, lambda x: x[:2] * x[2], x, "vjp", "array").gradient
    with pytest.raises(ValueError):
        jvp(x, np.ones(2))
    with pytest.raises(ValueError):
        vjp(x, np.ones(3))


@pytest.mark.parametrize("engine", ["sympy", "pytensor"])
def test_an_unknown_operator_is_refused(engine):
    with pytest.raises(BackendError, match="no derivative operator 'laplacian'"):
        compiled(engine, lambda x: x[0] ** 2, np.array([1.0]), "laplacian")


def test_sympy_size_limit_applies_to_every_operator():
    with pytest.raises(BackendError, match="max_variables"):
        compiled("sympy", lambda x: np.sum(x**2), np.ones(65), "hessian")


# --- pytensor: its other ways and precisions ---------------------------------------------------

def test_pytensor_jacobian_falls_back_to_scan_where_vectorising_fails(monkeypatch):
    from gradlab.backends import pytensor_operators

    vectorised = pytensor_operators._jacobian

    def refuse_to_vectorise(output, x, direction, vectorize):
        if vectorize:
            raise NotImplementedError("no vectorised form of this graph")
        return vectorised(output, x, direction, vectorize)

    monkeypatch.setattr(pytensor_operators, "_jacobian", refuse_to_vectorise)
    monkeypatch.setitem(pytensor_operators._BUILDERS, "jacobian", refuse_to_vectorise)
    x = np.array([0.3, 1.7])
    jacobian = compiled("pytensor", lambda x: np.array([x[0] * x[1], np.sin(x[0])]), x,
                        "jacobian", "array").gradient(x)
    np.testing.assert_allclose(jacobian, [[x[1], x[0]], [np.cos(x[0]), 0.0]], rtol=1e-15,
                               atol=0)
    hessian = compiled("pytensor", lambda x: x[0] ** 3 * x[1], x, "hessian").gradient(x)
    np.testing.assert_allclose(hessian, [[6 * x[0] * x[1], 3 * x[0] ** 2], [3 * x[0] ** 2, 0]],
                               rtol=1e-15, atol=0)


def test_pytensor_float32_hessian_and_hvp():
    x, v = np.array([0.3, 1.7]), np.array([2.0, -1.0])
    f = lambda x: x[0] ** 3 * x[1]  # noqa: E731
    expected = np.array([[6 * x[0] * x[1], 3 * x[0] ** 2], [3 * x[0] ** 2, 0]])
    hessian = compiled("pytensor", f, x, "hessian", dtype="float32").gradient(x)
    hvp = compiled("pytensor", f, x, "hvp", dtype="float32").gradient(x, v)
    assert hessian.dtype == np.float64
    np.testing.assert_allclose(hessian, expected, rtol=1e-6, atol=0)
    np.testing.assert_allclose(hvp, expected @ v, rtol=1e-6, atol=0)
