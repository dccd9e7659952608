"""Comparison mutants that survived (mutation testing): camps, the reference's verdict, the
table, option checks and time limits, against hand-derived values."""

import re
import threading
import time
from types import SimpleNamespace

import numpy as np
import pytest

import gradlab as gl
from gradlab.comparison import camps, runner
from gradlab.comparison.compare import _cross_check
from gradlab.comparison.results import TRUSTED, Row
from gradlab.errors import BackendTimeout, InputError
from gradlab.problem import make_problem

SYMPY = "sympy (exact derivative evaluated with mpmath at 50 digits)"


def test_compare_precise_numerical_row_splits_exact_rows_it_can_resolve():
    # a numerical row with error estimate 1e-9 resolves 1e-8 (SAFETY = 10 times it): two exact
    # rows 1e-6 apart then disagree, although both are within TRUSTED of each other
    assert TRUSTED > 1e-6
    one = camps.Opinion("one", "one", np.array([1.0]), True, estimate=1e-16)
    other = camps.Opinion("other", "other", np.array([1.0 + 1e-6]), True, estimate=1e-16)
    numerical = camps.Opinion("fd", "fd", np.array([1.0]), False, estimate=1e-9)
    outcome = camps.settle([one, other, numerical])
    assert one.tolerance == pytest.approx(1e-8, rel=1e-12)
    assert len(outcome.camps) == 2
    assert outcome.winner is not None and outcome.winner.anchor is one


def cross_checked(gap: float) -> tuple[Row, Row]:
    wide = Row("finite-diff:richardson", exact=False, gradient=np.array([1.0 + gap]),
               error_estimate=0.1, step=1e-2)
    narrow = Row("finite-diff:central", exact=False, gradient=np.array([1.0]),
                 error_estimate=0.1, step=1e-5)
    _cross_check([wide, narrow])
    return wide, narrow


def test_compare_richardson_is_flagged_beyond_three_times_both_estimates():
    wide, narrow = cross_checked(0.7)  # 0.7 > 3 * (0.1 + 0.1)
    assert wide.status == "inaccurate" and narrow.ok
    assert "disagrees with finite-diff:central (a step 1.0e-05, not 1.0e-02) by 7.0e-01" in (
        wide.error)
    wide, _ = cross_checked(0.5)
    assert wide.ok


def test_compare_refuses_no_engines():
    with pytest.raises(InputError, match=r"backends is empty; name at least one engine"):
        gl.compare("x**2", {"x": 1.5}, backends=[], timing=False)


def test_compare_options_for_an_engine_not_compared_name_the_engines():
    with pytest.raises(InputError, match=r"not among the compared engines \(jax, dual\);"):
        gl.compare("x**2", {"x": 1.5}, backends=["jax", "dual"], options={"numpy": {}},
                   timing=False)


def test_compare_step_below_one_is_accepted():
    # central differences of x**3 at 1 with step 1/2: (1.5**3 - 0.5**3) / 1 = 3.25
    cmp = gl.compare(lambda x: x**3, {"x": 1.0}, backends=["finite-diff:central"],
                     options={"finite-diff:central": {"step": 0.5}}, timing=False,
                     reference="none")
    np.testing.assert_allclose(cmp["finite-diff:central"].gradient, [3.25], rtol=1e-15, atol=0)


def test_grad_function_uses_its_options():
    g = gl.grad(lambda x: x**3, "finite-diff:central", step=0.5)
    np.testing.assert_allclose(g(1.0), [3.25], rtol=1e-15, atol=0)


def test_compare_reference_sympy_is_the_50_digit_value():
    cmp = gl.compare("x**2", {"x": 1.5}, backends=["jax"], timing=False, reference="sympy")
    np.testing.assert_allclose(cmp.reference, [3.0], rtol=0, atol=0)
    assert cmp.reference_source.startswith(SYMPY + ", confirmed by jax")


def test_compare_reference_engine_outside_the_rows_is_run():
    cmp = gl.compare("x**2", {"x": 1.5}, backends=["finite-diff:central"], timing=False,
                     reference="dual")
    np.testing.assert_allclose(cmp.reference, [3.0], rtol=0, atol=0)
    assert cmp.reference_source.startswith("dual (exact engine)")


def test_compare_verdict_text_without_lossy_rows_ends_with_the_engines():
    cmp = gl.compare("x**2", {"x": 1.5}, backends=["jax", "dual"], timing=False)
    assert cmp.reference_source == (SYMPY + ", confirmed by jax, dual, finite-diff:richardson; "
                                    "finite-diff:richardson run as an independent check")


def test_compare_float64_cancellation_names_float64():
    cmp = gl.compare(lambda x: (1 - np.cos(x)) / x**2, {"x": 1e-3}, backends=["jax"],
                     timing=False)
    assert cmp["jax"].error.startswith("jax: the float64 derivative loses digits at this point")


def test_compare_table_and_html():
    cmp = gl.compare("x**2", {"x": 1e-7}, backends=["jax"], timing=False)
    cells = cmp.table_rows()[0]
    assert cells[:3] == ["jax", "[2e-07]", "0"]  # rel. error exactly 0 is written "0"
    html = cmp._repr_html_()
    assert " at x=1e-07 (f = 1e-14)" in html
    rows = re.findall(r"<tr class='gradlab-ok'>(?:<td>[^<]*</td>)+</tr>(?=</tbody>|<tr)", html)
    assert len(rows) == 1


def test_compare_html_point_of_an_array():
    cmp = gl.compare(lambda x: np.sum(x**2), {"x": np.array([1.0, 2.0])}, backends=["jax"],
                     timing=False, reference="none")
    assert " at x=[1. 2.] (f = 5)" in cmp._repr_html_()


def test_compare_failed_row_shows_no_gradient():
    cmp = gl.compare(lambda x: np.sum(np.add.reduceat(x, [0, 1])), {"x": np.ones(3)},
                     backends=["dual"], timing=False, reference="none")
    assert cmp.table_rows()[0][:3] == ["dual", "—", "—"]


def test_row_with_an_infinite_error_estimate_is_unverified():
    problem = make_problem(lambda x: x**2, {"x": 1.5}, None)
    problem.evaluate()
    row = Row("finite-diff:central", exact=False)
    estimate = SimpleNamespace(gradient=np.array([3.0]), n_evals=2, step=1e-5,
                               error_estimate=np.inf, notes=())
    row.fill(estimate, SimpleNamespace(notes=(), details={}), problem)
    assert row.status == "unverified"
    assert row.error == ("finite-diff:central: its error estimate is not finite, so it says "
                         "nothing")


def test_timed_out_engine_thread_is_stopped():
    # pure Python work is interrupted as soon as the time limit passes, not when it ends
    def slow() -> None:
        end = time.perf_counter() + 5.0
        while time.perf_counter() < end:
            pass

    with pytest.raises(BackendTimeout):
        runner.within_time_limit(slow, 0.2, "test-engine")
    thread = runner._abandoned[-1]
    thread.join(2.0)
    assert not thread.is_alive() and threading.current_thread() is not thread


def test_timed_out_engine_thread_is_stopped_through_except_exception():
    # engines and user code catch Exception to fall back: the stop must not be an Exception
    def slow_with_fallback() -> None:
        end = time.perf_counter() + 5.0
        while time.perf_counter() < end:
            try:
                while time.perf_counter() < end:
                    pass
            except Exception:
                continue

    with pytest.raises(BackendTimeout):
        runner.within_time_limit(slow_with_fallback, 0.2, "test-engine")
    thread = runner._abandoned[-1]
    thread.join(2.0)
    assert not thread.is_alive()
