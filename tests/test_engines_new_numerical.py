"""numdifftools and scipy.differentiate as engines: every operator each computes, accurate to
the library's real accuracy and bounded by its own error estimate; options checked; scipy's
non-converged entries never reported as good numbers."""

import math

import numpy as np
import pytest
from new_engines_truth import (
    NUMERICAL,
    NUMERICAL_RTOL,
    POINT,
    TRUTH,
    V,
    compiled,
    estimate,
    jax,
    jnp,
    native,
    scalar_f,
    vector_f,
    vector_jacobian,
)
from optional_engines import require
from smooth_functions import CASES

import gradlab as gl
from gradlab import backends
from gradlab.errors import InputError
from gradlab.problem import make_problem

require("autograd", "numdifftools", "scipy.differentiate")


# --- numerical: numdifftools, scipy.differentiate -----------------------------------------------

NUMERICAL_OPERATORS = [(e, op) for e in NUMERICAL for op in native(e)]


def test_the_numerical_engines_declare_what_their_libraries_compute():
    assert native("numdifftools") == ["gradient", "jacobian", "hessian", "jvp"]
    assert native("scipy-differentiate") == ["gradient", "jacobian", "hessian"]
    assert native("autograd") == list(backends.OPERATORS)
    assert backends.get("autograd").exact
    assert not any(backends.get(e).exact for e in NUMERICAL)
    assert all(backends.get(e).takes_step for e in NUMERICAL)
    assert not backends.get("autograd").takes_step


@pytest.mark.parametrize("engine, operator", NUMERICAL_OPERATORS)
def test_numerical_operators_are_accurate_and_bounded_by_their_error_estimate(engine, operator):
    result = estimate(engine, operator)
    want = TRUTH[operator]
    assert result.gradient.shape == want.shape
    error = float(np.linalg.norm(result.gradient - want))
    assert error <= NUMERICAL_RTOL[engine] * np.linalg.norm(want), (error, result)
    assert error <= result.error_estimate, (error, result.error_estimate)
    assert result.n_evals and result.n_evals > 0


@pytest.mark.parametrize("engine", NUMERICAL)
@pytest.mark.parametrize("name, f, at, exact", CASES, ids=[c[0] for c in CASES])
def test_numerical_gradients_of_the_smooth_set(engine, name, f, at, exact):
    problem = make_problem(f, at)
    result = backends.get(engine).compile(problem).estimate(problem.x0)
    error = float(np.linalg.norm(result.gradient - np.ravel(exact)))
    assert error <= NUMERICAL_RTOL[engine] * max(1.0, float(np.linalg.norm(exact))), error
    assert error <= result.error_estimate, (error, result.error_estimate)


def test_numdifftools_jvp_is_along_v_not_its_unit_vector():
    result = estimate("numdifftools", "jvp")
    assert result.n_evals > 10
    np.testing.assert_allclose(result.gradient, vector_jacobian(POINT) @ V, rtol=1e-10, atol=0)
    zero = compiled("numdifftools", "jvp").estimator(POINT, np.zeros(3))
    assert np.array_equal(zero.gradient, np.zeros(3)) and zero.error_estimate == 0


def test_numdifftools_variants_and_step():
    for method in ("forward", "backward"):
        result = estimate("numdifftools", "gradient", method=method)
        error = float(np.linalg.norm(result.gradient - TRUTH["gradient"]))
        assert error <= 1e-9 and error <= result.error_estimate
    fixed = estimate("numdifftools", "gradient", step=1e-2)
    assert fixed.step == pytest.approx(1e-2, rel=1e-12)  # x + h - x, as numdifftools takes it
    error = float(np.linalg.norm(fixed.gradient - TRUTH["gradient"]))
    assert 1e-8 < error <= fixed.error_estimate  # one fixed step: less accurate, still bounded


def test_scipy_differentiate_reports_a_non_converged_entry_as_untrusted():
    result = estimate("scipy-differentiate", "gradient", maxiter=1)
    assert result.error_estimate == math.inf
    assert any("did not converge for 3 of 3 entries" in note and "status -2" in note
               for note in result.notes), result.notes


def test_scipy_differentiate_status_reaches_the_comparison():
    cmp = gl.compare(scalar_f, POINT, backends=["scipy-differentiate", "jax"],
                     options={"scipy-differentiate": {"maxiter": 1}})
    row = cmp["scipy-differentiate"]
    assert row.status != "ok" and "did not converge" in " ".join(row.notes)


def test_scipy_differentiate_zero_entries_need_an_absolute_tolerance():
    cmp = gl.compare(vector_f, POINT, backends=["scipy-differentiate", "jax", "numdifftools"])
    row = cmp["scipy-differentiate"]
    assert row.status == "inaccurate", row.error
    assert "did not converge for 4 of 9 entries" in " ".join(row.notes)
    assert "give an absolute one, atol=" in " ".join(row.notes)
    result = estimate("scipy-differentiate", "jacobian", atol=1e-12)
    assert result.error_estimate < 1e-9 and not any("converge" in n for n in result.notes)


C0 = np.array([0.39])


def mixes_a_batch(x):  # np.diag of a batch of 1-vectors reads only the first point's value
    v1 = np.exp(np.mean(x, axis=0, keepdims=True))
    return np.sum(np.sqrt(v1) * C0) + np.linalg.det(np.diag(v1) + 3.0 * np.eye(1))


def test_scipy_differentiate_is_right_for_a_function_that_mixes_a_batch():
    x = np.array([0.0, -0.39])
    m = x.mean()
    want = np.full(2, (0.5 * 0.39 * np.exp(m / 2) + np.exp(m)) / 2)  # by hand
    problem = make_problem(mixes_a_batch, x)
    result = backends.get("scipy-differentiate").compile(problem).estimate(x)
    assert np.linalg.norm(result.gradient - want) <= min(1e-9, result.error_estimate)


def cumulative_product(x):  # on a batch of matrices, axis=-2 is another axis
    return np.sin(np.sin(np.sin(np.cumsum(x, axis=-2).prod(axis=(0, 1)))))


def cumulative_product_jax(x):
    return jnp.sin(jnp.sin(jnp.sin(jnp.cumsum(x, axis=-2).prod(axis=(0, 1)))))


@pytest.mark.parametrize("engine", NUMERICAL)
def test_a_function_that_reads_a_batch_wrongly_is_still_right(engine):
    x = np.array([[-1.45, -0.0], [0.0, 1.34], [-0.73, -0.33]])
    with jax.enable_x64(True):
        want = np.asarray(jax.grad(cumulative_product_jax)(jnp.asarray(x)),
                          dtype=np.float64).ravel()
    problem = make_problem(cumulative_product, x)
    result = backends.get(engine).compile(problem).estimate(x.ravel())
    assert abs(want[1]) > 1  # the derivative a batched evaluation loses
    assert np.linalg.norm(result.gradient - want) <= min(1e-8, result.error_estimate)


def test_scipy_differentiate_counts_the_points_it_evaluates():
    calls = []

    def f(x):
        calls.append(1)
        return scalar_f(x)

    problem = make_problem(f, POINT)
    compiled_ = backends.get("scipy-differentiate").compile(problem, operator="hessian")
    calls.clear()
    result = compiled_.estimate(POINT)
    assert result.n_evals >= len(calls) > 0  # batched calls count every point they hold
    assert any("nfev" in note for note in result.notes)


@pytest.mark.parametrize("engine, options, message", [
    ("numdifftools", {"method": "complex"}, "no method 'complex'"),
    ("numdifftools", {"order": 3}, "even order"),
    ("numdifftools", {"order": 0}, "positive integer"),
    ("numdifftools", {"order": 2.0}, "positive integer"),
    ("numdifftools", {"step": -1.0}, "step must be a positive"),
    ("scipy-differentiate", {"order": 7}, "positive even integer"),
    ("scipy-differentiate", {"maxiter": 0}, "maxiter must be a positive integer"),
    ("scipy-differentiate", {"atol": -1.0}, "atol must be a finite number >= 0"),
    ("scipy-differentiate", {"rtol": math.nan}, "rtol must be a finite number >= 0"),
    ("scipy-differentiate", {"step": 0.0}, "step must be a positive"),
])
def test_options_are_checked_never_ignored(engine, options, message):
    with pytest.raises(InputError, match=message):
        compiled(engine, "gradient", **options)


def test_numdifftools_hessian_refuses_an_order_it_would_change():
    with pytest.raises(InputError, match="order 2 only"):
        compiled("numdifftools", "hessian", order=4)


def test_options_change_the_result():
    loose = estimate("scipy-differentiate", "gradient", order=2, rtol=1e-3)
    tight = estimate("scipy-differentiate", "gradient")
    assert loose.error_estimate > 1e3 * tight.error_estimate
    assert "nfev 9 to 11" in loose.notes[0] and "nfev 11 to 11" in tight.notes[0]
    step = estimate("scipy-differentiate", "gradient", step=0.1)
    assert step.step == 0.1 and not np.array_equal(step.gradient, tight.gradient)
