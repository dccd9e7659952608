"""Wrong references found by an independent tester: numerical rows that share a step rule, or
whose own estimates say they are inaccurate, must not outvote SymPy at 50 digits and the exact
engines; and the high-precision value must hold the digits it claims (cancellation)."""

import math

import numpy as np

import gradlab as gl
from gradlab.comparison.camps import Opinion, settle

EXACT = ("sympy", "jax", "dual")


def sin_large(x, y):
    return np.sin(x) * y + np.cos(y * 1e-3 * x)


SIN_POINT = {"x": 927929.1003574331, "y": 0.4780595441705273}


def sin_truth(x, y):
    return np.array([y * math.cos(x) - 1e-3 * y * math.sin(1e-3 * x * y),
                     math.sin(x) - 1e-3 * x * math.sin(1e-3 * x * y)])


def test_numpy_and_central_do_not_outvote_sympy_and_exact_engines():
    cmp = gl.compare(sin_large, SIN_POINT, timing=False)
    truth = sin_truth(**SIN_POINT)
    assert cmp.reference is not None, cmp.reference_source
    np.testing.assert_allclose(cmp.reference, truth, rtol=1e-12, atol=0)
    assert cmp.reference_source.startswith("sympy"), cmp.reference_source
    for name in ("numpy", "finite-diff:central"):
        assert cmp[name].status in ("inaccurate", "disagrees"), (name, cmp[name].status)
    for name in EXACT:
        assert cmp[name].status == "ok", (name, cmp[name].error)
    assert "numpy" not in cmp.reference_source.partition(";")[0]


def test_complex_step_not_refused_where_exact_engines_agree_with_it():
    cmp = gl.compare(sin_large, SIN_POINT, backends=["finite-diff:complex-step", "sympy", "jax"],
                     timing=False)
    row = cmp["finite-diff:complex-step"]
    assert row.status == "ok", row.error
    np.testing.assert_allclose(row.gradient, sin_truth(**SIN_POINT), rtol=1e-12, atol=0)


def test_central_estimate_sees_a_step_spanning_the_period():
    cmp = gl.compare(sin_large, SIN_POINT, backends=["finite-diff:central"], reference="none",
                     timing=False)
    row = cmp["finite-diff:central"]
    error = float(np.linalg.norm(row.gradient - sin_truth(**SIN_POINT)))
    assert error > 0.1  # the step spans most of sin's period
    assert row.error_estimate >= error / 10, (row.error_estimate, error)


def test_rows_sharing_a_step_rule_are_one_opinion():
    """Two numerical rows on the same samples back a camp once; with a precise numerical row
    and the 50-digit value on the other side, the exact camp wins."""
    truth = np.array([1.0, 2.0])
    off = truth + [0.5, 0.0]
    sympy50 = Opinion("sympy (50 digits)", "sympy", truth, True, 2.2e-16)
    jax = Opinion("jax", "jax", truth, True, 1e-10)
    richardson = Opinion("finite-diff:richardson", "finite-diff", truth, False, 1e-9, step=0.02)
    numpy = Opinion("numpy", "numpy", off, False, 1e-3, step=2.8)
    central = Opinion("finite-diff:central", "finite-diff", off, False, 1e-3, step=2.8)
    outcome = settle([sympy50, jax, richardson, numpy, central])
    assert outcome.winner is not None and outcome.winner.anchor is sympy50, outcome.why


def harmonic(x, y):
    return x * y / (x + y)


def test_inaccurate_numerical_rows_never_make_the_reference():
    x, y = 6.116036571227687e-08, 3.0547712979782295e-07
    cmp = gl.compare(harmonic, {"x": x, "y": y}, timing=False)
    truth = np.array([(y / (x + y)) ** 2, (x / (x + y)) ** 2])
    assert cmp.reference is not None, cmp.reference_source
    np.testing.assert_allclose(cmp.reference, truth, rtol=1e-12, atol=0)
    for name in EXACT:
        assert cmp[name].status == "ok", (name, cmp[name].error)
    inaccurate = [r.backend for r in cmp if r.status == "inaccurate"]
    assert "numpy" in inaccurate
    confirmed = cmp.reference_source.partition("confirmed by ")[2].partition(";")[0]
    for name in inaccurate:
        assert name not in confirmed.split(", "), cmp.reference_source


def expit_large(x, y):
    return np.exp(x) / (1 + np.exp(x)) + y * np.log1p(np.exp(-x))


def test_high_precision_reference_holds_its_digits_under_cancellation():
    import mpmath  # a dependency of gradlab

    x, y = 111.0, 0.7
    with mpmath.workdps(120):
        X, Y = mpmath.mpf(x), mpmath.mpf(y)
        e = mpmath.exp(X)
        dx = e / (1 + e) ** 2 - Y * mpmath.exp(-X) / (1 + mpmath.exp(-X))
        dy = mpmath.log1p(mpmath.exp(-X))
        truth = np.array([float(dx), float(dy)])
    cmp = gl.compare(expit_large, {"x": x, "y": y}, backends=["sympy", "jax"], timing=False)
    assert cmp.reference is not None, cmp.reference_source
    np.testing.assert_allclose(cmp.reference, truth, rtol=1e-14, atol=0)


def test_two_rows_on_one_step_do_not_outvote_exact_engines_without_sympy():
    truth, off = np.array([1.0, 2.0]), np.array([1.5, 2.0])
    jax = Opinion("jax", "jax", truth, True, 1e-10)
    dual = Opinion("dual", "dual", truth, True, 1e-10)
    richardson = Opinion("finite-diff:richardson", "finite-diff", truth, False, 1e-9, step=0.02)
    numpy = Opinion("numpy", "numpy", off, False, 1e-3, step=2.8)
    central = Opinion("finite-diff:central", "finite-diff", off, False, 1e-3, step=2.8)
    outcome = settle([jax, dual, richardson, numpy, central])
    assert outcome.winner is None or outcome.winner.anchor is jax, outcome.winner.anchor.name


def test_complex_step_and_numpy_still_confirm_each_other():
    """Sharing a step with central differences, numpy is still independent of complex step."""
    truth = np.array([3.0])
    rows = [Opinion("finite-diff:complex-step", "finite-diff", truth, False, 1e-15, step=1e-20),
            Opinion("numpy", "numpy", truth, False, 1e-9, step=1e-5),
            Opinion("finite-diff:central", "finite-diff", truth, False, 1e-9, step=1e-5)]
    outcome = settle(rows)
    assert outcome.winner is not None, outcome.why


def test_a_row_judged_inaccurate_is_not_listed_as_confirming():
    """numpy backs the 50-digit camp within the tolerance that Richardson's resolution allows,
    but is further from the 50-digit value than ten times its own estimate: inaccurate."""
    from gradlab.comparison.judging import apply_outcome
    from gradlab.comparison.reference import _verdict
    from gradlab.comparison.results import Row

    truth = np.array([1.0, 2.0])
    rows = [Row("jax", True, gradient=truth.copy()),
            Row("finite-diff:richardson", False, gradient=truth.copy(), error_estimate=1e-8,
                step=0.02),
            Row("numpy", False, gradient=truth + [1.05e-6, 0.0], error_estimate=1e-7, step=1e-5)]
    opinions = [Opinion("sympy (50 digits)", "sympy", truth, True, 2.2e-16)]
    opinions += [Opinion(r.backend, r.backend.partition(":")[0], np.ravel(r.gradient), r.exact,
                         1e-10 if r.exact else r.error_estimate, r, step=r.step) for r in rows]
    outcome = settle(opinions)
    assert outcome.winner is not None and opinions[3] in outcome.winner.backers
    apply_outcome(outcome, rows, opinions)
    assert rows[2].status == "inaccurate"
    verdict = _verdict(outcome, "auto", opinions, [], "")
    assert "numpy" not in verdict.source, verdict.source
