"""gradlab.numerics: the one agreement check (against central differences, and between two
estimates with very different steps), against values derived by hand."""

from types import SimpleNamespace

import numpy as np
import pytest

import gradlab as gl
from gradlab.backends import Backend, Compiled, Estimate
from gradlab.numerics import Evaluator, against_central, disagree, wide_step_disagreements
from gradlab.numerics.steps import CENTRAL_BASE
from gradlab.problem import make_problem

EPS = np.finfo(np.float64).eps


def check(f, x, gradient, **options):
    problem = make_problem(f, [x])
    return against_central(np.array(gradient), problem.x0, Evaluator(problem, problem.func),
                           **options)


def test_numerics_agreement_of_the_right_gradient_of_a_cubic():
    # (f(1 + h) - f(1 - h)) / 2h = 3 + h**2 for x**3 at 1, h = eps**(1/3)
    agreement = check(lambda x: x**3, 1.0, [3.0])
    assert agreement.verdict == "agrees"
    assert agreement.gap == pytest.approx(CENTRAL_BASE**2, rel=1e-3)
    assert agreement.check.n_evals == 7  # steps h, 2h and h/4, and f(x)


def test_numerics_agreement_refuses_a_gradient_off_by_a_third():
    agreement = check(lambda x: x**3, 1.0, [2.0])
    assert agreement.verdict == "disagrees" and agreement.gap == pytest.approx(1.0, rel=1e-9)
    assert agreement.central == [3.0]


def test_numerics_agreement_never_accuses_on_a_weak_check():
    # 1e12 + x: round-off eps 1e12 / h ~ 37 swamps the slope 1, so nothing can be confirmed
    agreement = check(lambda x: 1e12 + x, 0.0, [5.0])
    assert agreement.check.error_estimate > 1e-3 * 5.0
    assert agreement.verdict == "too weak"


def test_numerics_agreement_where_central_differences_leave_the_domain():
    with np.errstate(invalid="ignore"):  # x - h < 1: NaN
        agreement = check(lambda x: np.sqrt(x - 1.0), 1.0, [1.0])
    assert agreement.verdict == "not finite"


def test_numerics_agreement_of_a_gradient_that_is_not_finite_checks_nothing():
    assert check(lambda x: x**3, 1.0, [np.nan]).verdict == "no gradient"


def test_numerics_agreement_own_error_widens_the_tolerance():
    # 3 + 1e-3 vs central 3 + h**2: beyond 100 * (central's estimate) + 1e-6 * 3, within
    # 100 * (that + its own error 1e-4)
    assert check(lambda x: x**3, 1.0, [3.001]).verdict == "disagrees"
    assert check(lambda x: x**3, 1.0, [3.001], own_error=1e-4).verdict == "agrees"


def test_numerics_disagree_is_beyond_safety_times_the_estimates_plus_the_floor():
    assert disagree(0.91, (0.1, 0.2), 3.0) and not disagree(0.9, (0.1, 0.2), 3.0)
    assert not disagree(1.0, (0.1, 0.2), 3.0, floor=0.1)
    assert disagree(float("nan"), (1.0,), 100.0)


def estimate(gradient, step, error):
    return SimpleNamespace(gradient=np.array(gradient), step=step, error_estimate=error)


def test_numerics_agreement_flags_the_wider_of_two_steps_a_thousand_times_apart():
    wide, narrow = estimate([1.7], 1e-2, 0.1), estimate([1.0], 1e-5, 0.1)
    assert wide_step_disagreements([narrow, wide]) == [(wide, narrow, pytest.approx(0.7))]
    assert wide_step_disagreements([estimate([1.6], 1e-2, 0.1), narrow]) == []  # 0.6 <= 3 * 0.2
    closer = estimate([1.0], 1.01e-5, 0.1)  # a step 990 times smaller: not "much narrower"
    assert wide_step_disagreements([wide, closer]) == []
    assert wide_step_disagreements([wide, estimate([1.0], None, 0.1)]) == []


class WideAndOverconfident(Backend):
    """A numerical engine with a wide step, 1 % off, that claims an error of 1e-14."""

    def __init__(self):
        super().__init__(name="wide-overconfident", exact=False, options=())

    def compile(self, problem, **options):
        def estimated(x):  # x**2 * y: gradient (2 x y, x**2), by hand
            return Estimate(1.01 * np.array([2 * x[0] * x[1], x[0] ** 2]), 0.1, 1e-14, 4)

        return Compiled(lambda x: estimated(x).gradient, estimator=estimated)


def test_numerics_agreement_in_compare_flags_the_wide_step_row():
    gl.register_backend("wide-overconfident", WideAndOverconfident)
    try:
        cmp = gl.compare("x**2*y", {"x": 1.5, "y": -0.5}, timing=False,
                         backends=["finite-diff:central", "wide-overconfident"])
    finally:
        gl.backends.unregister("wide-overconfident")
    np.testing.assert_allclose(cmp.reference, [-1.5, 2.25], rtol=1e-15, atol=0)
    row = cmp["wide-overconfident"]
    assert row.status == "inaccurate" and "disagrees with finite-diff:central" in row.error
    assert cmp["finite-diff:central"].ok
