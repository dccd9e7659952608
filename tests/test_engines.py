"""Conformance: every engine on the same functions, against hand-derived gradients."""

import mpmath
import numpy as np
import pytest
from smooth_functions import CASES
from tolerances import NUMERICAL_RTOL, relative_error

import gradlab as gl
from gradlab.comparison.compare import compile_for
from gradlab.problem import make_problem

EXACT = ["sympy", "jax", "pytensor", "dual"]


@pytest.mark.parametrize("engine", EXACT)
@pytest.mark.parametrize("name,f,at,exact", CASES, ids=[c[0] for c in CASES])
def test_exact_engines_match_hand_derived_gradients(engine, name, f, at, exact):
    got = gl.gradient(f, at, backend=engine)
    assert got.dtype == np.float64
    assert relative_error(got, exact) <= 1e-13


@pytest.mark.parametrize("engine", list(NUMERICAL_RTOL))
@pytest.mark.parametrize("name,f,at,exact", CASES, ids=[c[0] for c in CASES])
def test_numerical_engines_are_within_their_accuracy(engine, name, f, at, exact):
    got = gl.gradient(f, at, backend=engine)
    assert relative_error(got, exact) <= NUMERICAL_RTOL[engine]


@pytest.mark.parametrize("name,f,at,exact", CASES, ids=[c[0] for c in CASES])
def test_reference_is_high_precision_sympy(name, f, at, exact):
    cmp = gl.compare(f, at, backends=["dual"], timing=False)
    assert cmp.reference_source.startswith("sympy")
    assert relative_error(cmp.reference, exact) <= 1e-15


def correctly_rounded(derivative, x: float) -> float:
    """``derivative(x)`` evaluated by mpmath at 60 digits, then rounded once to float64."""
    with mpmath.workdps(60):
        return float(derivative(mpmath.mpf(x)))


# d/dx of each at x, where float64 evaluation of the derivative formula cancels badly:
# exp(x) - 1 at 1e-8 keeps 8 digits, cos(x) - 1 at 1e-4 keeps 8, x - sin(x) at 1e-3 keeps 6
CANCELLING = [
    ("exp(x) - x", 1e-8, lambda t: mpmath.exp(t) - 1),
    ("sin(x) - x", 1e-4, lambda t: mpmath.cos(t) - 1),
    ("x**2/2 + cos(x)", 1e-3, lambda t: t - mpmath.sin(t)),
]


@pytest.mark.parametrize("text,x,derivative", CANCELLING, ids=[c[0] for c in CANCELLING])
def test_reference_is_the_correctly_rounded_gradient_where_float64_cancels(text, x, derivative):
    truth = correctly_rounded(derivative, x)
    compiled, _, _ = compile_for("sympy", make_problem(text, {"x": x}))
    assert compiled.reference(np.array([x])).tolist() == [truth]
    float64_formula = compiled.gradient(np.array([x]))[0]  # what a float64 reference would say
    assert float64_formula != truth
    cmp = gl.compare(text, {"x": x}, backends=["dual"], timing=False)
    assert cmp.reference.tolist() == [truth] and cmp.reference_source.startswith("sympy")


def test_gradient_shape_follows_the_point():
    x = np.arange(1.0, 7.0).reshape(2, 3)
    g = gl.gradient(lambda a: np.sum(a**2), x, backend="jax")
    assert g.shape == (2, 3)
    np.testing.assert_array_equal(g, 2 * x)  # doubling is exact in float64
    g = gl.gradient(lambda a: np.sum(a**2), {"a": x}, backend="dual")
    assert g.shape == (2, 3)
    np.testing.assert_array_equal(g, 2 * x)


@pytest.mark.parametrize("engine", ["finite-diff:central", "numpy", "finite-diff:richardson"])
def test_numerical_rows_report_step_error_estimate_and_cost(engine):
    cmp = gl.compare("sin(x)*exp(x*y)", {"x": 0.5, "y": 2.0}, backends=[engine], timing=False)
    row = cmp[engine]
    assert row.ok and row.step > 0 and row.n_evals >= 4
    assert row.error_estimate is not None
    assert row.abs_error <= 10 * row.error_estimate + 1e-15  # the estimate bounds the error


def test_richardson_reaches_1e12_with_at_most_10_evaluations_per_variable():
    worst = 0.0
    for _name, f, at, exact in CASES:
        cmp = gl.compare(f, at, backends=["finite-diff:richardson"], timing=False)
        row = cmp.results[0]
        assert row.n_evals <= 10 * cmp.problem.n + 1  # and f(x) once
        worst = max(worst, relative_error(row.gradient, exact))
    assert worst <= 1e-12


def test_central_is_at_least_as_accurate_as_scipy_3_point():
    from scipy.optimize._numdiff import approx_derivative

    for name, f, at, exact in CASES:
        problem = gl.compare(f, at, backends=["finite-diff:central"], timing=False)
        ours = relative_error(problem.results[0].gradient, exact)
        flat = problem.problem
        theirs_grad = approx_derivative(flat.evaluate, flat.x0, method="3-point")
        theirs = relative_error(theirs_grad, exact)
        assert ours <= theirs * 1.01 + 1e-15, (name, problem.results[0].gradient, theirs_grad)
