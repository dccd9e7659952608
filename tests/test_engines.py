"""Conformance: every engine on the same functions, against hand-derived gradients."""

import numpy as np
import pytest
from smooth_functions import CASES

import gradlab as gl

EXACT = ["sympy", "jax", "pytensor", "dual"]
NUMERICAL = {  # engine -> normwise relative tolerance
    "finite-diff:central": 1e-7, "finite-diff:forward": 1e-5,
    "finite-diff:complex-step": 1e-14, "finite-diff:richardson": 1e-11,
    "finite-diff:scipy": 1e-4, "numpy": 1e-7,
}


def relative_error(got, want):
    want = np.asarray(want, dtype=float).ravel()
    return np.linalg.norm(np.asarray(got).ravel() - want) / np.linalg.norm(want)


@pytest.mark.parametrize("engine", EXACT)
@pytest.mark.parametrize("name,f,at,exact", CASES, ids=[c[0] for c in CASES])
def test_exact_engines_match_hand_derived_gradients(engine, name, f, at, exact):
    got = gl.gradient(f, at, backend=engine)
    assert got.dtype == np.float64
    assert relative_error(got, exact) <= 1e-13


@pytest.mark.parametrize("engine", list(NUMERICAL))
@pytest.mark.parametrize("name,f,at,exact", CASES, ids=[c[0] for c in CASES])
def test_numerical_engines_are_within_their_accuracy(engine, name, f, at, exact):
    got = gl.gradient(f, at, backend=engine)
    assert relative_error(got, exact) <= NUMERICAL[engine]


@pytest.mark.parametrize("name,f,at,exact", CASES, ids=[c[0] for c in CASES])
def test_reference_is_high_precision_sympy(name, f, at, exact):
    cmp = gl.compare(f, at, backends=["dual"], timing=False)
    assert cmp.reference_source.startswith("sympy")
    assert relative_error(cmp.reference, exact) <= 1e-15


def test_gradient_shape_follows_the_point():
    x = np.arange(1.0, 7.0).reshape(2, 3)
    g = gl.gradient(lambda a: np.sum(a**2), x, backend="jax")
    assert g.shape == (2, 3) and np.allclose(g, 2 * x)
    g = gl.gradient(lambda a: np.sum(a**2), {"a": x}, backend="dual")
    assert g.shape == (2, 3) and np.allclose(g, 2 * x)


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
        assert row.n_evals <= 10 * cmp.problem.n
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
