"""The step sweep: truncation slopes, round-off, defaults and optimum."""

import numpy as np
import pytest

import gradlab as gl

EXPR, POINT = "sin(x)*exp(x*y)", {"x": 0.5, "y": 1.2}


@pytest.fixture(scope="module")
def sweep():
    return gl.step_sweep(EXPR, POINT)


def test_slopes_match_theory_in_truncation_range(sweep):
    assert sweep.slope("central", 1e-3, 1e-1) == pytest.approx(2, abs=0.15)
    assert sweep.slope("forward", 1e-5, 1e-2) == pytest.approx(1, abs=0.1)
    assert sweep.slope("complex-step", 1e-3, 1e-1) == pytest.approx(2, abs=0.15)
    assert sweep.slope("numpy edge_order=1", 1e-5, 1e-2) == pytest.approx(1, abs=0.1)
    assert sweep.slope("numpy edge_order=2", 1e-3, 1e-1) == pytest.approx(2, abs=0.2)


def test_round_off_makes_tiny_steps_worse(sweep):
    for method in ("forward", "central"):
        errors = sweep.errors[method]
        assert errors[0] > 1e3 * np.nanmin(errors)  # h = 1e-14 is far worse than the optimum
    assert sweep.errors["complex-step"][0] < 1e-14  # no subtraction, no round-off


def test_best_step_and_defaults(sweep):
    best = sweep.best_step
    assert 1e-10 < best["forward"] < 1e-6
    assert 1e-7 < best["central"] < 1e-3
    assert set(sweep.default_steps) == set(sweep.errors)
    assert sweep.default_errors["central"] < 1e-9
    assert sweep.steps.shape == sweep.errors["central"].shape
    assert "central" in str(sweep)
    assert sweep.to_frame().shape == (sweep.steps.size, len(sweep.errors))


def test_plot_has_a_line_per_method_slopes_and_floor(sweep):
    fig = sweep.plot()
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    labels = [line.get_label() for line in ax.get_lines()]
    for method in sweep.errors:
        assert labels.count(method) == 1
    assert sum(label.startswith("slope") for label in labels) == len(sweep.errors)
    assert any(label.startswith("round-off") for label in labels)
    assert "measured optimum" in labels and "default step" in labels
    assert "sympy" in ax.get_title()


def test_bad_methods_and_steps():
    with pytest.raises(gl.InputError, match="no method 'backward'"):
        gl.step_sweep("x**2", [1.0], methods=["backward"])
    with pytest.raises(gl.InputError, match="positive"):
        gl.step_sweep("x**2", [1.0], steps=[-1.0, 1e-3])


def test_reference_falls_back_without_sympy_trace():
    def branchy(x):
        return x**3 if x > 0 else -x

    result = gl.step_sweep(branchy, [0.7], methods=["central"], steps=[1e-4, 1e-3])
    assert "sympy" not in result.reference_source
    np.testing.assert_allclose(result.reference, [3 * 0.49])
