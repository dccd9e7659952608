"""finite-diff:richardson: the plain table, and the wider step where round-off swamps it."""

import warnings

import numpy as np
import pytest

from gradlab.numerics import Evaluator, evaluator, extrapolation, richardson
from gradlab.numerics.steps import RICHARDSON_BASE
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
    assert result.n_evals == evaluate.count <= 10 * x.size
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
    assert result.n_evals == 10 * x.size and result.step > 1.0
    assert any("widened" in note for note in result.notes)


@pytest.mark.parametrize("batch", [True, False])
def test_only_the_variables_lost_in_round_off_widen(batch):
    def f(x):  # linear in x[0], so its differences are pure round-off; x[1] is not
        return 1e8 + x[0] * np.sin(x[1])

    x = np.array([2.0, 1.0])
    want = np.array([np.sin(1.0), 2 * np.cos(1.0)])
    result = estimate(f, x, batch=batch)
    assert result.n_evals == 4 * 2 + 6 + 4  # h, h/2 for both; then 3 wide levels, h/4 and h/8
    assert honest(result, want)
    plain = estimate(f, x, step=RICHARDSON_BASE)
    assert relative(result.gradient, want) < relative(plain.gradient, want) / 10


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


def test_default_step_on_smooth_functions_is_the_table_at_the_base_step():
    def f(x):
        return np.sin(x[0]) * np.exp(x[0] * x[1]) + x[2] ** 3

    x = np.array([0.5, -0.3, 0.9])  # |x| <= 1, so the default step is the base step
    default, given = estimate(f, x), estimate(f, x, step=RICHARDSON_BASE)
    assert np.array_equal(default.gradient, given.gradient)
    assert default.error_estimate == given.error_estimate
    assert default.n_evals == given.n_evals == 8 * x.size and not default.notes


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
