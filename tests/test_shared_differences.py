"""Central differences made once per comparison (``gradlab.numerics.shared``).

The central row and complex step's check evaluate f at the same 6n points; within one
comparison they are made once, their time still counted in each row's per-call time, and
never carried from one comparison (or one gl.grad call) to the next: f may read data the user
changed in between.
"""

import time

import numpy as np
import pytest

import gradlab as gl

CENTRAL = "finite-diff:central"
COMPLEX = "finite-diff:complex-step"


class Counted:
    """f(x) = sum(w * sin(x) * x**2), counting the points it is evaluated at (batch columns
    too), with an optional pause per call."""

    def __init__(self, w: float = 1.0, pause_s: float = 0.0):
        self.w, self.pause_s, self.points = w, pause_s, 0

    def __call__(self, x):
        self.points += 1 if np.ndim(x) == 1 else np.shape(x)[-1]
        if self.pause_s:
            time.sleep(self.pause_s)
        return np.sum(self.w * np.sin(x) * x**2)


X = np.linspace(-1.0, 1.0, 5)
ONE_AT_A_TIME = {"batch": False}  # each point its own call: counts without batch measuring


def points_used(backends, step=None):
    f = Counted()
    options = {spec: dict(ONE_AT_A_TIME) for spec in backends}
    if step is not None:
        options[CENTRAL]["step"] = step
    cmp = gl.compare(f, X, backends=backends, timing=False, reference="none", options=options)
    assert all(row.ok for row in cmp), [(row.backend, row.status, row.error) for row in cmp]
    return f.points - 1, cmp  # compare's own f(x0) left out


@pytest.mark.parametrize("order", [[CENTRAL, COMPLEX], [COMPLEX, CENTRAL]])
def test_the_central_points_are_evaluated_once_in_either_order(order):
    central_alone, _ = points_used([CENTRAL])
    complex_alone, _ = points_used([COMPLEX])
    both, cmp = points_used(order)
    assert (central_alone, complex_alone) == (6 * X.size + 1, 8 * X.size + 1)  # and f(x)
    assert both == complex_alone  # complex step's check is the central row's 6n points
    second = cmp[order[1]]
    assert any("reused central differences" in note for note in second.notes)
    assert cmp[COMPLEX].n_evals == 2 * X.size + 6 * X.size + 1  # what the method needs


def test_a_different_step_is_not_reused():
    central_alone, _ = points_used([CENTRAL], step=1e-3)
    complex_alone, _ = points_used([COMPLEX])
    both, cmp = points_used([CENTRAL, COMPLEX], step=1e-3)
    assert both == central_alone + complex_alone
    assert not any("reused" in note for row in cmp for note in row.notes)


def test_a_comparison_never_reuses_differences_from_an_earlier_one():
    f = Counted(w=1.0)
    first = gl.compare(f, X, backends=[CENTRAL, COMPLEX], timing=False, reference="none")
    f.w = 3.0  # the user changes the data f reads
    second = gl.compare(f, X, backends=[COMPLEX, CENTRAL], timing=False, reference="none")
    expected = 3.0 * (np.cos(X) * X**2 + 2 * X * np.sin(X))
    for spec in (CENTRAL, COMPLEX):
        assert second[spec].ok, second[spec].error
        np.testing.assert_allclose(second[spec].gradient, expected, rtol=1e-7, atol=1e-8)
        np.testing.assert_allclose(first[spec].gradient, expected / 3, rtol=1e-7, atol=1e-8)


def test_outside_a_comparison_every_call_evaluates_again():
    f = Counted()
    g = gl.grad(f, COMPLEX, **ONE_AT_A_TIME)
    g(X)
    first = f.points  # 8n, and gl.grad's own f(x) on its first call
    g(X)
    assert f.points - first == 8 * X.size + 1


@pytest.mark.parametrize("timing_budget", [0.01, 4.0])
def test_a_row_that_reused_differences_is_timed_as_if_alone(timing_budget):
    """Complex step's own calls take 2n pauses, its check 6n more: its per-call time counts
    both, whether taken from its one first call or from repeated timed calls."""
    pause = 0.002
    f = Counted(pause_s=pause)
    cmp = gl.compare(f, X, backends=[CENTRAL, COMPLEX], reference="none",
                     timing_budget=timing_budget,
                     options={CENTRAL: ONE_AT_A_TIME, COMPLEX: ONE_AT_A_TIME})
    row = cmp[COMPLEX]
    assert any("reused central differences" in note for note in row.notes)
    assert row.setup_s < 6 * X.size * pause  # the first call itself did not redo the check
    assert row.call_s >= 0.9 * (2 + 6) * X.size * pause
    assert row.timing.from_one_call == (timing_budget < 0.1)
