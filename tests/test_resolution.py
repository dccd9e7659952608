"""Steps that do not resolve f give no error bound (``gradlab.numerics.resolution``).

Found by the round-6 user corpus: a spectral line of width 1e-8 at x = 5.05e-7. Every
difference formula's steps scale with max(1, |x|), so all their samples fall off the line and
read 0: central differences, Richardson and numpy's stencil said 0 with an error estimate of 0,
"ok", and outvoted SymPy at 50 digits and four exact engines. Truth here is by hand.
"""

import numpy as np
import pytest

import gradlab as gl
from gradlab.numerics import Evaluator, central, richardson, sample_lines
from gradlab.numerics.array_evaluator import array_evaluators
from gradlab.numerics.jacobian import jacobian
from gradlab.numerics.resolution import unresolved
from gradlab.numerics.stencil_operators import lines_jacobian
from gradlab.problem import make_problem

NUMERICAL = ["finite-diff:central", "finite-diff:richardson", "numpy"]
EPS = np.finfo(float).eps


def line(lam):
    return np.exp(-(((lam - 5e-7) / 1e-8) ** 2))


LINE_AT = 5.05e-7
LINE_SLOPE = -2 * 0.5 * np.exp(-0.25) / 1e-8  # d/dlam exp(-u**2), u = (lam - 5e-7) / 1e-8 = 0.5


def test_a_line_narrower_than_every_step_never_outvotes_the_exact_engines():
    cmp = gl.compare(line, {"lam": LINE_AT}, timing=False)
    np.testing.assert_allclose(cmp.reference, [LINE_SLOPE], rtol=1e-12, atol=0)
    assert cmp.reference_source.startswith("sympy")
    for spec in ("sympy", "jax", "pytensor", "dual"):
        assert cmp[spec].ok, (spec, cmp[spec].status, cmp[spec].error)
    for spec in ("finite-diff:central", "numpy"):  # steps of 6e-6 and more: no bound
        row = cmp[spec]
        assert row.status == "inaccurate" and row.error_estimate == np.inf, spec
        assert "nothing bounds its error" in row.error and np.isfinite(row.gradient).all()
    row = cmp["finite-diff:richardson"]  # narrows down to steps ~ |x|, where it resolves f
    assert row.ok and abs(row.gradient[0] - LINE_SLOPE) <= 10 * row.error_estimate


def test_a_narrow_peak_far_from_zero_is_not_trusted_either():
    def peak(x):
        return np.exp(-(((x - 1e8) / 10.0) ** 2))

    truth = -np.exp(-0.25) / 10.0
    cmp = gl.compare(peak, {"x": 1e8 + 5.0}, timing=False, backends=NUMERICAL + ["jax"])
    assert not cmp["finite-diff:central"].ok and not cmp["numpy"].ok  # steps of ~600
    row = cmp["finite-diff:richardson"]  # narrows until it resolves the peak
    assert not row.ok or abs(row.gradient[0] - truth) <= 10 * row.error_estimate
    assert cmp.reference is None or abs(cmp.reference[0] - truth) < 1e-9


@pytest.mark.parametrize("formula", ["central", "richardson", "numpy"])
def test_each_formula_gives_no_bound_across_the_line_and_a_finite_one_on_smooth_f(formula):
    def estimate(f, x):
        problem = make_problem(f, np.array([x]))
        evaluate = Evaluator(problem, problem.func)
        point = problem.x0
        if formula == "central":
            return central(point, evaluate, None)
        if formula == "richardson":
            return richardson(point, evaluate, None)
        return sample_lines(point, evaluate, None, 2, "center")

    across = estimate(lambda x: line(x[0]), LINE_AT)
    if formula == "richardson":  # its narrower tables reach steps ~ |x|: resolved there
        assert abs(across.gradient[0] - LINE_SLOPE) <= 10 * across.error_estimate < 1e-6 * 8e7
    else:
        assert across.error_estimate == np.inf
    sharp = estimate(lambda x: np.exp(-(((x[0] - 0.5 + 5e-13) / 1e-12) ** 2)), 0.5)
    assert sharp.error_estimate == np.inf  # width 1e-12 at x = 0.5: no step comes near
    smooth = estimate(lambda x: np.sin(x[0]) * np.exp(x[0]), 0.7)
    assert np.isfinite(smooth.error_estimate)
    truth = np.exp(0.7) * (np.cos(0.7) + np.sin(0.7))
    assert abs(smooth.gradient[0] - truth) <= 10 * smooth.error_estimate + 1e-15


def line_and_slope(lam):  # a Jacobian: the line in one output, a smooth product in the other
    return np.array([line(lam[0]), lam[1] ** 2 * lam[0]])


LINE_POINT = np.array([LINE_AT, 0.3])
LINE_JACOBIAN = np.array([[LINE_SLOPE, 0.0], [0.09, 2 * 0.3 * LINE_AT]])


@pytest.mark.parametrize("formula", ["central", "richardson", "lines"])
def test_each_jacobian_formula_gives_no_bound_across_the_line(formula):
    def estimate(f, x):
        problem = make_problem(f, x, outputs="array")
        evaluate, _ = array_evaluators(problem, True, "test")
        if formula == "lines":
            return lines_jacobian(problem.x0, evaluate, None, 1)
        return jacobian(formula, problem.x0, evaluate, None)

    assert estimate(line_and_slope, LINE_POINT).error_estimate == np.inf
    smooth = estimate(lambda x: np.array([np.sin(x[0]) * x[1], np.exp(x[1])]), np.array([0.7, 0.2]))
    truth = np.array([[np.cos(0.7) * 0.2, np.sin(0.7)], [0.0, np.exp(0.2)]])
    assert np.isfinite(smooth.error_estimate)
    assert np.linalg.norm(smooth.gradient - truth) <= 10 * smooth.error_estimate + 1e-15


def test_a_jacobian_across_the_line_never_outvotes_the_exact_engines():
    cmp = gl.compare(line_and_slope, LINE_POINT, derivative="jacobian", timing=False)
    np.testing.assert_allclose(cmp.reference, LINE_JACOBIAN.ravel(), rtol=1e-12, atol=0)
    assert cmp.reference_source.startswith("sympy")
    for spec in NUMERICAL:
        row = cmp[spec]
        assert row.status == "inaccurate" and "nothing bounds its error" in row.error, spec


def second_differences(f, x, wide, narrow):
    def pair(h):
        return np.array([f(x + h)], dtype=float), np.array([f(x - h)], dtype=float)

    return f(x), pair(wide), pair(narrow)


@pytest.mark.parametrize("f, x, expected", [
    (np.sin, 0.7, False),  # smooth: shrinks like h**2
    (np.exp, 30.0, False),
    (np.abs, 0.0, False),  # a kink at x: shrinks like h
    (lambda x: np.maximum(x, 0.0), 0.0, False),
    (np.sign, 1e-9, True),  # a jump within every step
    (np.floor, 3.0 - 1e-12, True),
    (line, LINE_AT, True),  # a feature narrower than every step
    (lambda x: 1.0 / x, 1e-9, True),  # a pole within every step
    (lambda x: 5.0, 1.0, False),  # constant: nothing above f's rounding
    (lambda x: 1e8 + 1e-9 * x, 1.0, False),  # a change below f's rounding
])
def test_which_steps_resolve_f(f, x, expected):
    for ratio in (2.0, 5.0, 8.0):  # numpy's stencil, Richardson's table, central's steps
        f0, wide, narrow = second_differences(f, x, 1e-3 * ratio, 1e-3)
        assert bool(unresolved(f0, wide, narrow, EPS)[0]) is expected, (ratio, x)
