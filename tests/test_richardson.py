"""finite-diff:richardson: the plain table at exact halving steps, and the narrower or wider
tables tried for variables whose error estimate stays high."""

import warnings

import numpy as np
import pytest

from gradlab.numerics import Evaluator, evaluator, extrapolation, richardson
from gradlab.numerics.steps import RICHARDSON_BASE, exact_steps
from gradlab.problem import make_problem


def brown(x):  # Moré-Garbow-Hillstrom "brown badly scaled": |f| ~ 1e12, |gradient| ~ 2e6
    return (x[0] - 1e6) ** 2 + (x[1] - 2e-6) ** 2 + (x[0] * x[1] - 2) ** 2


def brown_gradient(x):
    r = x[0] * x[1] - 2
    return np.array([2 * (x[0] - 1e6) + 2 * r * x[1], 2 * (x[1] - 2e-6) + 2 * r * x[0]])


def estimate(f, x, step=None, batch=True):
    x = np.asarray(x, dtype=float)
    problem = make_problem(f, x)
    evaluate = Evaluator(problem, problem.func, batch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # wide steps that overflow must stay quiet
        result = richardson(x, evaluate, step)
    per_table = 2 * extrapolation.STEP_PARTS
    last_resort = extrapolation.HIGHER_WIDENINGS.size * 2 * extrapolation.HIGHER_PARTS
    budget = (per_table * (2 + extrapolation.NARROW_WINDOWS + 4) + last_resort) * x.size
    assert result.n_evals == evaluate.count <= budget
    return result


def relative(got, want):
    return np.linalg.norm(got - want) / np.linalg.norm(want)


def honest(result, want):
    return np.linalg.norm(result.gradient - want) <= 10 * result.error_estimate + 1e-15


def test_badly_scaled_function_reaches_1e12_with_a_widened_step():
    x = np.array([1.0, 1.0])
    plain = estimate(brown, x, step=RICHARDSON_BASE)  # the table at the base step
    assert relative(plain.gradient, brown_gradient(x)) > 1e-9  # round-off swamps it
    result = estimate(brown, x)
    assert relative(result.gradient, brown_gradient(x)) <= 1e-12
    assert honest(result, brown_gradient(x))
    assert result.n_evals == 30 * x.size + 1 and result.step > 1.0  # f(x); 10, wide 10, narrow 10
    assert any("widened" in note for note in result.notes)


@pytest.mark.parametrize("batch", [True, False])
def test_only_the_variables_lost_in_round_off_widen(batch):
    def f(x):  # linear in x[0], so its differences are pure round-off; x[1] is not
        return 1e8 + x[0] * np.sin(x[1])

    x = np.array([2.0, 1.0])
    want = np.array([np.sin(1.0), 2 * np.cos(1.0)])
    result = estimate(f, x, batch=batch)
    assert honest(result, want)
    assert abs(result.gradient[0] - want[0]) <= 1e-12  # widened: linear, so exact
    plain = estimate(f, x, step=RICHARDSON_BASE)
    assert abs(result.gradient[0] - want[0]) < abs(plain.gradient[0] - want[0]) / 10


@pytest.mark.parametrize("offset", [1e5, -3e6])
def test_large_offset_narrows_to_the_scale_f_varies_on(offset):
    def f(x):  # sin varies on a scale of 1 while |x[0]| is huge: h ~ |x| misses it entirely
        return np.sin(x[0] - offset) * x[1]

    x = np.array([offset + 0.7, 1.5])
    d = x[0] - offset  # exact (Sterbenz), though not 0.7: offset + 0.7 was rounded
    want = np.array([1.5 * np.cos(d), np.sin(d)])
    plain = estimate(f, x, step=RICHARDSON_BASE * abs(offset))
    assert relative(plain.gradient, want) > 1e-3  # the table at the |x|-scaled step
    result = estimate(f, x)
    assert relative(result.gradient, want) <= 1e-12
    assert honest(result, want)
    assert any("narrowed" in note for note in result.notes)


def test_exact_steps_make_every_table_point_exact():
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.uniform(-1e6, 1e6, 50), rng.uniform(-3, 3, 50), [0.0, 1e-300]])
    parts = extrapolation.STEP_PARTS
    h = exact_steps(x, RICHARDSON_BASE * np.maximum(1.0, np.abs(x)), parts)
    for k in range(1, parts + 1):
        for sign in (1.0, -1.0):
            offset = sign * h * extrapolation.FRACTIONS[-k]
            assert np.array_equal((x + offset) - x, offset)
    np.testing.assert_allclose(h, RICHARDSON_BASE * np.maximum(1.0, np.abs(x)), rtol=1e-12,
                               atol=0)


def test_exact_steps_keep_a_cubic_at_a_large_point_exact():
    def f(x):  # at x ~ 1e5 an ulp of a rounded table point moves f by 3 (x - c)**2 1.5e-11
        return np.sum((x - np.array([1e5, -2e5])) ** 3)

    x = np.array([1e5 + 0.5, -2e5 - 0.3])
    want = 3 * (x - np.array([1e5, -2e5])) ** 2
    result = estimate(f, x)
    assert relative(result.gradient, want) <= 1e-12
    assert honest(result, want)


def test_a_candidate_agreeing_by_chance_is_not_chosen():
    values = np.array([[np.nan], [1.0], [1.0 + 1e-9], [5.0]])  # wide, default, narrower...
    errors = np.array([[np.nan], [1e-6], [1e-8], [1e-12]])  # 5.0 claims the smallest error
    chosen, confirmed = extrapolation._choose(values, errors)
    assert chosen[0] == 1 and confirmed[1, 0] == 1e-6  # confirmed by the next narrower one
    assert confirmed[3, 0] > 3.0  # its neighbour disagrees by 4


def test_a_wider_candidate_within_the_factor_of_the_best_is_chosen():
    # the round-2 user corpus's realized_vol_ddof: the table at h/16 (estimate 4e-11, mostly
    # its pessimistic |T - T'|) was off by 5e-13, the one at h/256 (1.9e-11, mostly round-off)
    # by 1.6e-12; all four tables agree within their estimates
    values = np.array([[np.nan], [1.0], [1.0 + 3e-11], [1.0 + 2e-11]])
    for wider, chosen_row in ((2.5, 2), (4.0, 3)):  # PREFER_WIDER = 3
        errors = np.array([[np.nan], [1e-6], [wider * 1e-11], [1e-11]])
        chosen, confirmed = extrapolation._choose(values, errors)
        assert chosen[0] == chosen_row, wider
        assert confirmed[chosen_row, 0] == errors[chosen_row, 0]  # its own, reported


def test_chunked_batches_give_the_same_gradient(monkeypatch):
    def f(x):
        return 1e12 + np.sum(x**2) + x[0] * np.sin(x[1])

    x = np.linspace(0.5, 1.5, 5)
    whole = estimate(f, x)
    monkeypatch.setattr(evaluator, "CHUNK_ELEMENTS", 7)  # one or two points per chunk
    chunked = estimate(f, x)
    assert np.array_equal(whole.gradient, chunked.gradient)
    assert whole.n_evals == chunked.n_evals


@pytest.mark.parametrize("f,x,want", [
    (lambda x: 1e10 + np.sin(x[0]), 1.0, np.cos(1.0)),  # oscillates: wide steps disagree
    (lambda x: 1e12 + np.sin(x[0]), 1.0, np.cos(1.0)),  # too little signal to widen on
    (lambda x: 1e14 + np.sin(x[0]), 1.0, np.cos(1.0)),  # nothing left to agree with
    (lambda x: 1e12 + np.log(x[0]), 1.0, 1.0),  # wide steps leave the domain
    (lambda x: 1e12 + np.exp(x[0]), 1.0, np.e),  # wide steps overflow
    (lambda x: 1e12 + 1 / x[0], 0.5, -4.0),  # a pole within the wide step
    (lambda x: 1e12 + x[0] ** 4, 1.0, 4.0),  # widened, but truncation shows at the wide step
], ids=["1e10+sin", "1e12+sin", "1e14+sin", "log", "exp", "pole", "quartic"])
def test_error_estimate_stays_honest_where_widening_fails_or_is_rejected(f, x, want):
    result = estimate(f, [x])
    assert np.isfinite(result.gradient).all()
    assert honest(result, np.array([want]))


def test_widened_step_never_beats_a_cubic_less_accurately_than_the_plain_table():
    def f(x):
        return 1e12 + x[0] ** 3

    x, want = np.array([1.0]), np.array([3.0])
    result = estimate(f, x)
    assert honest(result, want)
    assert relative(result.gradient, want) < 1e-6 < relative(
        estimate(f, x, step=RICHARDSON_BASE).gradient, want)


def test_default_step_on_smooth_functions_is_one_batch_of_the_table():
    def f(x):
        return np.sin(x[0]) * np.exp(x[0] * x[1]) + x[2] ** 3

    x = np.array([0.5, -0.3, 0.9])
    e = np.exp(x[0] * x[1])
    want = np.array([np.cos(x[0]) * e + np.sin(x[0]) * x[1] * e, np.sin(x[0]) * x[0] * e,
                     3 * x[2] ** 2])
    default = estimate(f, x)
    assert default.n_evals == 2 * extrapolation.STEP_PARTS * x.size + 1 and not default.notes
    assert relative(default.gradient, want) <= 1e-13
    assert honest(default, want)


def test_table_weights_cancel_the_error_terms_they_should():
    for levels in range(2, extrapolation.RICHARDSON_LEVELS + 1):
        result, previous = extrapolation.RICHARDSON_WEIGHTS[levels]
        h = 0.5 ** np.arange(levels)  # steps over the base step
        for k in range(levels):  # f = x**(2k+1) at 0: differences 2 h**(2k+1), f' = [k == 0]
            differences = 2 * h ** (2 * k + 1)
            assert result @ differences == pytest.approx(float(k == 0), abs=1e-14)
            if k < levels - 1:  # without the smallest step, one error term fewer cancels
                assert previous @ differences == pytest.approx(float(k == 0), abs=1e-14)
        assert previous[-1] == 0.0
        assert abs(previous @ (2 * h ** (2 * levels - 1))) > 1e-6


@pytest.mark.parametrize("weights,fractions", [
    (extrapolation.TABLE_WEIGHTS, extrapolation.FRACTIONS),
    (extrapolation.HIGHER_WEIGHTS, extrapolation.HIGHER_FRACTIONS)])
def test_default_table_weights_cancel_the_error_terms_they_should(weights, fractions):
    result, previous = weights
    s = fractions  # steps over the widest step
    for k in range(s.size):  # f = x**(2k+1) at 0: differences 2 s**(2k+1), f' = [k == 0]
        differences = 2 * s ** (2 * k + 1)
        assert result @ differences == pytest.approx(float(k == 0), abs=1e-13)
        if k < s.size - 1:
            assert previous @ differences == pytest.approx(float(k == 0), abs=1e-13)
    assert previous[-1] == 0.0
    assert abs(previous @ (2 * s ** (2 * s.size - 1))) > 1e-6
    assert extrapolation.TABLE_GAIN == pytest.approx(
        2 * np.abs(extrapolation.TABLE_WEIGHTS[0]).sum(), rel=1e-15)
    assert extrapolation.HIGHER_GAIN == pytest.approx(
        2 * np.abs(extrapolation.HIGHER_WEIGHTS[0]).sum(), rel=1e-15)


def logsumexp(x):
    top = x.max()
    return top + np.log(np.sum(np.exp(x - top)))


@pytest.mark.parametrize("f,x,want,bound", [
    # |f| ~ 800 rounds at 1e-13 while f curves on a scale of 1: the 10-point table at the
    # step its noise needs is limited by truncation (5e-12 without the 18-point table)
    (logsumexp, np.array([800.0, 800.7, 799.1]), lambda x: np.exp(x - logsumexp(x)), 2.5e-12),
    # a saturated sigmoid (|f| / |f'| ~ 1e5): 1.1e-10 without it
    (lambda x: np.sum(1 / (1 + np.exp(-(x - 40) / 5))), np.array([-20.0, 95.0]),
     lambda x: (lambda s: s * (1 - s) / 5)(1 / (1 + np.exp(-(x - 40) / 5))), 5e-11)])
def test_an_18_point_table_at_a_wider_step_where_the_chosen_one_stays_poor(f, x, want, bound):
    problem = make_problem(f, x)
    result = richardson(x, Evaluator(problem, problem.func, True), None)
    assert relative(result.gradient, want(x)) <= bound
    assert honest(result, want(x))
    assert any("18-point table" in note for note in result.notes)
