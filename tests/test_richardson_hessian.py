"""Richardson Hessian: axes lost in round-off (|f| large next to the Hessian) widen, with
hand-derived Hessians as truth."""

import numpy as np
import pytest

from gradlab.numerics import second_differences as second
from gradlab.numerics.array_evaluator import array_evaluators
from gradlab.problem import make_problem


def hessian(f, x, step=None, method=second.richardson_hessian):
    x = np.asarray(x, dtype=float)
    problem = make_problem(f, x)
    real, _ = array_evaluators(problem, True, "finite-diff:richardson", scalar=True)
    return method(x, real, step)


def relative(got, want):
    return np.linalg.norm(got - want) / np.linalg.norm(want)


def honest(result, want):
    return np.linalg.norm(result.gradient - want) <= result.error_estimate


def brown(x):  # Moré-Garbow-Hillstrom "brown badly scaled": |f| ~ 1e12 at (1, 1)
    return (x[0] - 1e6) ** 2 + (x[1] - 2e-6) ** 2 + (x[0] * x[1] - 2) ** 2


def brown_hessian(x):  # by hand: d2/dx0^2 = 2 + 2 x1^2, d2/dx0dx1 = 2 (2 x0 x1 - 2)
    mixed = 2 * (2 * x[0] * x[1] - 2)
    return np.array([[2 + 2 * x[1] ** 2, mixed], [mixed, 2 + 2 * x[0] ** 2]])


def test_brown_badly_scaled_hessian_widens_out_of_round_off():
    x = np.array([1.0, 1.0])
    plain = hessian(brown, x, step=second.RICHARDSON_HESSIAN_BASE)  # no widening
    assert relative(plain.gradient, brown_hessian(x)) > 1e-3
    result = hessian(brown, x)
    assert relative(result.gradient, brown_hessian(x)) <= 1e-9
    assert honest(result, brown_hessian(x))
    assert any("widened" in note for note in result.notes)


@pytest.mark.parametrize("x", [[3e6, 0.5], [-2e6, 4.0]])
def test_steps_scale_with_large_variables(x):
    def f(x):  # log |x0| x1^2, x0 ~ 1e6: H = [[-x1^2/x0^2, 2 x1/x0], [2 x1/x0, 2 log |x0|]]
        return np.log(np.abs(x[0])) * x[1] ** 2

    x0, x1 = x
    want = np.array([[-x1**2 / x0**2, 2 * x1 / x0], [2 * x1 / x0, 2 * np.log(abs(x0))]])
    result = hessian(f, x)
    assert relative(result.gradient, want) <= 1e-10
    assert honest(result, want)
    # the tiny entries too, not only the normwise error: each to 1e-6 of itself
    np.testing.assert_allclose(result.gradient, want, rtol=1e-6, atol=0)


def test_smooth_function_keeps_the_plain_table():
    def f(x):
        return np.sin(x[0]) * np.exp(x[1])

    x = np.array([0.4, -0.3])
    s, c, e = np.sin(0.4), np.cos(0.4), np.exp(-0.3)
    want = np.array([[-s * e, c * e], [c * e, s * e]])
    result = hessian(f, x)
    plain = hessian(f, x, step=second.RICHARDSON_HESSIAN_BASE)
    assert not result.notes and result.n_evals == plain.n_evals
    assert relative(result.gradient, want) <= 1e-10
    assert honest(result, want)


@pytest.mark.parametrize("f,want", [
    (lambda x: 1e12 + np.sin(x[0]) * x[1], np.array([[-np.sin(1.0) * 2, np.cos(1.0)],
                                                    [np.cos(1.0), 0.0]])),
    (lambda x: 1e12 + np.log(x[0]) + x[1] ** 2, np.array([[-1.0, 0.0], [0.0, 2.0]])),
], ids=["1e12+sin", "1e12+log"])
def test_error_estimate_stays_honest_where_widening_fails(f, want):
    result = hessian(f, [1.0, 2.0])
    assert honest(result, want)


def test_central_hessian_estimate_bounds_brown():
    x = np.array([1.0, 1.0])
    result = hessian(brown, x, method=second.central_hessian)
    assert honest(result, brown_hessian(x))
