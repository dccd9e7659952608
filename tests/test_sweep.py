"""The step sweep: truncation slopes, round-off, defaults and optimum."""

import numpy as np
import pytest

import gradlab as gl
from gradlab.backends import Backend, Compiled, Estimate

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


def polar_angle_times_radius(x, y):
    return np.hypot(x, y) * np.arctan2(y, x)


@pytest.mark.parametrize("x,y", [(0.6, 0.8), (-0.6, 0.8), (3.0, -1.0)])
def test_complex_step_sweeps_hypot_and_arctan2_like_compare(x, y):
    # f = r theta: df/dx = x theta / r - y / r, df/dy = y theta / r + x / r (by hand)
    r, theta = np.hypot(x, y), np.arctan2(y, x)
    want = np.array([x * theta / r - y / r, y * theta / r + x / r])
    result = gl.step_sweep(polar_angle_times_radius, {"x": x, "y": y},
                           methods=["complex-step"], steps=[1e-20, 1e-8, 1e-4])
    np.testing.assert_allclose(result.reference, want, rtol=1e-14, atol=0)
    errors = result.errors["complex-step"]
    assert np.all(errors[:2] < 1e-14), errors  # no subtraction: exact to rounding
    assert 1e-12 < errors[2] < 1e-7  # truncation h**2 shows at h = 1e-4
    assert result.default_errors["complex-step"] < 1e-14


def test_complex_step_is_refused_where_compare_refuses_it():
    def not_analytic(x):  # x |x| = x**2 for real x > 0, but abs() drops the imaginary part
        return x * abs(x)

    cmp = gl.compare(not_analytic, [0.5], backends=["finite-diff:complex-step"], timing=False)
    assert cmp.results[0].status == "failed" and "not complex-analytic" in cmp.results[0].error
    result = gl.step_sweep(not_analytic, [0.5], methods=["complex-step", "central"],
                           steps=[1e-8, 1e-6])
    np.testing.assert_allclose(result.reference, [1.0], rtol=1e-14, atol=0)  # 2 x, by hand
    # left out, saying why: never a curve of the wrong 0.5 of Im f / h
    assert "complex-step" not in result.errors and "complex-step" not in result.default_steps
    assert "not complex-analytic" in result.skipped["complex-step"]
    assert np.all(result.errors["central"] < 1e-8)


class ForwardPlugin(Backend):
    """A plug-in engine that takes a step: forward differences (f(x + h) - f(x)) / h."""

    def __init__(self):
        super().__init__(name="forward-plugin", exact=False, options=("step",))

    def compile(self, problem, step=None):
        h = 1e-6 if step is None else step

        def estimate(x):
            f0 = problem.evaluate(x)
            g = np.array([(problem.evaluate(x + h * e) - f0) / h for e in np.eye(x.size)])
            return Estimate(g, h, h, x.size + 1)

        return Compiled(lambda x: estimate(x).gradient, estimator=estimate)


def test_a_plug_in_engine_that_takes_a_step_is_swept_by_its_name():
    gl.register_backend("forward-plugin", ForwardPlugin)
    try:
        steps = [2.0**-20, 2.0**-10, 2.0**-4]
        result = gl.step_sweep(lambda x: x**2, [1.5], methods=["forward-plugin", "central"],
                               steps=steps)
    finally:
        gl.backends.unregister("forward-plugin")
    # ((x + h)**2 - x**2) / h = 2x + h exactly for these h at x = 1.5: relative error h / 3
    np.testing.assert_allclose(result.errors["forward-plugin"], np.array(steps) / 3,
                               rtol=1e-9, atol=0)
    assert result.default_steps["forward-plugin"] == 1e-6
    assert "forward-plugin" not in result.orders and result.orders["central"] == 2


def test_an_engine_without_a_step_cannot_be_swept():
    with pytest.raises(gl.InputError, match="dual takes no step"):
        gl.step_sweep("x**2", [1.0], methods=["dual"])
