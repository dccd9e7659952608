"""Finite-difference mutants that survived (mutation testing): Richardson's weights, the central
estimate's error, scipy's step and the engine's options, against hand-derived values."""

import numpy as np
import pytest

import gradlab as gl
from gradlab.backends import finite_diff as fd
from gradlab.numerics.batch_plan import RETIMES
from gradlab.numerics.extrapolation import _richardson_weights

EPS = np.finfo(np.float64).eps


def test_finite_diff_richardson_weights_for_two_steps():
    # d_h = D_0 / 2h, d_h/2 = D_1 / h; Richardson (4 d_h/2 - d_h) / 3 = (-D_0 / 6 + 4 D_1 / 3) / h,
    # and the table without its smallest step is d_h = D_0 / 2h
    np.testing.assert_allclose(_richardson_weights(2), [[-1 / 6, 4 / 3], [1 / 2, 0.0]],
                               rtol=1e-15, atol=1e-16)


@pytest.mark.parametrize("levels", [2, 3, 4])
def test_finite_diff_richardson_weights_differentiate_odd_powers_exactly(levels):
    # with h = 1 and h_j = 2**-j, f = x**(2k+1) at 0 gives D_j = 2 h_j**(2k+1): the weights must
    # give f'(0) = 1 for k = 0 and cancel k = 1 .. levels - 1
    result = _richardson_weights(levels)[0]
    steps = 2.0 ** -np.arange(levels)
    for k in range(levels):
        want = 1.0 if k == 0 else 0.0
        assert result @ (2 * steps ** (2 * k + 1)) == pytest.approx(want, abs=1e-13)


def test_finite_diff_central_error_adds_truncation_and_round_off():
    # 2**27 + x**3 at multiples of 2**-8 is exact: d(h) = h**2, d(2h) = 4 h**2, truncation
    # |h**2 - 4 h**2| / 3 = h**2, round-off eps * max|f(x +- h)| / h
    h = 2.0**-8
    cmp = gl.compare(lambda x: 2.0**27 + x**3, {"x": 0.0}, backends=["finite-diff:central"],
                     timing=False, options={"finite-diff:central": {"step": h}})
    row = cmp["finite-diff:central"]
    assert row.gradient.tolist() == [h**2]
    assert row.error_estimate == pytest.approx(h**2 + EPS * (2.0**27 + h**3) / h, rel=1e-12)


def test_finite_diff_scipy_row_reports_its_default_step():
    cmp = gl.compare("x**2", {"x": 1.5}, backends=["finite-diff:scipy"], timing=False)
    assert cmp["finite-diff:scipy"].step == EPS**0.5


def test_finite_diff_engine_lists_its_options():
    engine = fd.FiniteDiff()  # built here, not taken from the registry's cache
    assert engine.options == ("step", "batch")  # method= is implied by the variants
    assert engine.variants == ("central", "forward", "complex-step", "richardson", "scipy")
    assert engine.name == "finite-diff" and engine.exact is False and engine.takes_step


def test_finite_diff_code_snippet_follows_the_method():
    cmp = gl.compare("x**2", {"x": 1.5}, backends=["finite-diff:richardson"], timing=False)
    code = cmp["finite-diff:richardson"].code
    assert "np.finfo(float).eps ** (1 / 9)" in code and "Richardson" in code


def test_finite_diff_evaluates_a_vectorised_function_in_batches_by_default():
    sizes = []

    def f(x, y):
        sizes.append(np.size(x))
        return x * y

    g = gl.grad(f, "finite-diff:central")
    g(x=2.0, y=3.0)  # the first call also makes the error estimate (6n + 1 points), once
    sizes.clear()
    got = g(x=2.0, y=3.0)
    np.testing.assert_allclose(got, [3.0, 2.0], rtol=1e-9, atol=0)
    assert max(sizes) == 4  # the 2n points of central differences in one call


def test_finite_diff_scipy_round_off_is_over_the_step_the_difference_spans():
    # 2**27 + x at multiples of 2**-10 is exact and a line: no truncation, and round-off is
    # 2 eps |f(x)| / h with h the step x + h - x really spans
    h = 2.0**-10
    cmp = gl.compare(lambda x: 2.0**27 + x, {"x": 0.0}, backends=["finite-diff:scipy"],
                     timing=False, options={"finite-diff:scipy": {"step": h}})
    row = cmp["finite-diff:scipy"]
    assert row.gradient.tolist() == [1.0]
    assert row.error_estimate == pytest.approx(2 * EPS * 2.0**27 / h, rel=1e-12)


def test_finite_diff_scipy_gradient_is_forward_differences_alone():
    # approx_fprime takes f(x) and one forward step per variable (n + 1 calls): after the first
    # call (which also makes the error estimate, once), the estimate's second run is not made
    calls = []

    def f(x, y):
        calls.append(1)
        return x * y

    g = gl.grad(f, "finite-diff:scipy")
    g(x=2.0, y=3.0)
    calls.clear()
    got = g(x=2.0, y=3.0)
    np.testing.assert_allclose(got, [3.0, 2.0], rtol=1e-7, atol=0)
    assert len(calls) <= 2 + 1


@pytest.mark.parametrize("method", ["central", "richardson"])
def test_finite_diff_batch_check_includes_the_first_point(method):
    # right at every single point; in a batch, wrong at the batch's first point only: the check of
    # a first batch against direct calls must look at that point and fall back to direct calls
    def f(x):
        first = ((np.arange(np.size(x)) == 0) & (np.size(x) > 1)).reshape(np.shape(x))
        return x**2 + first * 1.0

    got = gl.gradient(f, {"x": 1.5}, f"finite-diff:{method}")
    np.testing.assert_allclose(got, [3.0], rtol=1e-6, atol=0)


def test_finite_diff_forward_round_off_is_twice_eps_over_the_step():
    # 2**27 + x at multiples of 2**-10 is exact: d(h) = d(2h) = 1, and round-off is
    # 2 eps max(|f(x)|, |f(x + h)|) / h
    h = 2.0**-10
    cmp = gl.compare(lambda x: 2.0**27 + x, {"x": 0.0}, backends=["finite-diff:forward"],
                     timing=False, options={"finite-diff:forward": {"step": h}})
    row = cmp["finite-diff:forward"]
    assert row.gradient.tolist() == [1.0]
    assert row.error_estimate == pytest.approx(2 * EPS * (2.0**27 + h) / h, rel=1e-12)


def test_finite_diff_complex_step_names_itself_when_f_is_not_complex_safe():
    cmp = gl.compare(lambda x: np.copysign(x, 1.0), {"x": 1.5},
                     backends=["finite-diff:complex-step"], timing=False, reference="none")
    assert cmp["finite-diff:complex-step"].error.startswith(
        "finite-diff:complex-step: the function is not complex-safe (")


def test_finite_diff_batch_false_evaluates_point_by_point():
    sizes = []

    def f(x, y):
        sizes.append(np.size(x))
        return x * y

    cmp = gl.compare(f, {"x": 2.0, "y": 3.0}, backends=["finite-diff:central"], timing=False,
                     reference="none", options={"finite-diff:central": {"batch": False}})
    np.testing.assert_allclose(cmp["finite-diff:central"].gradient, [3.0, 2.0], rtol=1e-9,
                               atol=0)
    assert max(sizes) == 1


def test_finite_diff_batch_must_match_direct_calls_to_round_off():
    # in a batch, point j is off by 1e-9 j (relative 4e-10: within allclose's default rtol);
    # central differences over such a batch would be off by about 1e-9 / 2h ~ 5e-5
    def f(x):
        offset = 1e-9 * np.arange(np.size(x)).reshape(np.shape(x))
        return x**2 + offset

    got = gl.gradient(f, {"x": 1.5}, "finite-diff:central")
    np.testing.assert_allclose(got, [3.0], rtol=1e-8, atol=0)


@pytest.mark.parametrize("reduce", [np.sum, np.linalg.norm])
def test_finite_diff_batches_a_whole_array_reduction_per_point(reduce):
    # x of 2 entries: central differences evaluate 4 points, in one batch of shape (2, 4)
    shapes = []

    def f(x):
        shapes.append(np.shape(x))
        return reduce(x * x)

    got = gl.gradient(f, {"x": np.array([1.0, 2.0])}, "finite-diff:central")
    # sum(x**2)' = 2x; |x**2|' = 2 x**3 / sqrt(x0**4 + x1**4)
    want = [2.0, 4.0] if reduce is np.sum else [2 / np.sqrt(17.0), 16 / np.sqrt(17.0)]
    np.testing.assert_allclose(got, want, rtol=1e-8, atol=0)
    assert (2, 4) in shapes


def test_finite_diff_complex_step_through_maximum():
    # max(x, 0.5)**2 at 1.5 is x**2 there: 3; complex step compares real parts
    cmp = gl.compare(lambda x: np.maximum(x, 0.5) ** 2, {"x": 1.5},
                     backends=["finite-diff:complex-step"], timing=False, reference="none")
    np.testing.assert_allclose(cmp["finite-diff:complex-step"].gradient, [3.0], rtol=1e-14,
                               atol=0)


@pytest.mark.parametrize("reduce", [np.sum, np.mean, np.max, np.linalg.norm])
def test_finite_diff_trusts_a_batch_of_a_whole_array_reduction(reduce):
    # richardson's batch (h, 4h/5, ... h/5 on both sides: 10 points of 2 variables each, and x
    # itself) runs as one call of shape (2, 21) once it matched direct calls; a reduction that
    # is not per point makes the batch fail its check and every later point a call
    shapes = []

    def f(x):
        shapes.append(np.shape(x))
        return reduce(x * x)

    gl.gradient(f, {"x": np.array([1.0, 2.0])}, "finite-diff:richardson")
    # once, or timed again where a loaded machine made it look dearer than calls
    assert 1 <= shapes.count((2, 21)) <= 1 + RETIMES


def test_finite_diff_widened_step_error_covers_float32_round_off():
    # 1 + 3 x in float32 at 1: linear, so its differences are round-off alone and the step is
    # widened; the widened table's round-off must be float32's (2**-23), not float64's
    from gradlab.problem import make_problem

    def f(x):
        return np.float32(1.0) + 3 * np.asarray(x, dtype=np.float32)[0]

    x = np.array([1.0])
    problem = make_problem(f, x)
    result = fd.richardson(x, fd.Evaluator(problem, problem.func), None)
    assert any("widened" in note for note in result.notes)
    assert abs(result.gradient[0] - 3.0) <= result.error_estimate
