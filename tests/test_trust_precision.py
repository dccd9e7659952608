"""Trust at points where f's formula loses digits in float64: every row is judged against the
50-digit value directly, so a float64 value far from it is never "ok". Truths are derived by
hand and evaluated with mpmath at 50 digits here, independently of gradlab."""

import mpmath
import numpy as np
import pytest
from smooth_functions import CASES

import gradlab as gl
from gradlab.backends import Backend, Compiled

EXACT = ["sympy", "jax", "pytensor", "dual"]
ROUNDOFF = 1e-10  # an exact float64 row further than this (relative) from the truth is not ok
SAFETY = 10.0  # a numerical row may be this many times its own error estimate off


def one_minus_cos_grad(x):  # d/dx (1 - cos x)/x^2 = (x sin x - 2(1 - cos x))/x^3
    with mpmath.workdps(50):
        x = mpmath.mpf(x)
        return float((x * mpmath.sin(x) - 2 * (1 - mpmath.cos(x))) / x**3)


def expm1_over_x_grad(x):  # d/dx (e^x - 1)/x = (x e^x - (e^x - 1))/x^2
    with mpmath.workdps(50):
        x = mpmath.mpf(x)
        return float((x * mpmath.exp(x) - mpmath.expm1(x)) / x**2)


def assert_no_wrong_row_is_ok(cmp, truth):
    """No row says "ok" while it is further from the truth than its precision allows."""
    truth = np.atleast_1d(truth)
    scale = np.linalg.norm(truth)
    for row in cmp:
        if not row.ok:
            continue
        gap = np.linalg.norm(np.ravel(row.gradient) - truth)
        allowed = ROUNDOFF * scale
        if not row.exact:
            allowed += SAFETY * row.error_estimate
        assert gap <= allowed, (row.backend, gap / scale, row.error_estimate, str(cmp))


def test_cancellation_in_the_float64_derivative_is_inaccurate_not_ok():
    truth = one_minus_cos_grad(1e-3)
    cmp = gl.compare(lambda x: (1 - np.cos(x)) / x**2, {"x": 1e-3}, timing=False)
    np.testing.assert_allclose(cmp.reference, [truth], rtol=1e-15, atol=0)
    assert cmp.reference_source.startswith("sympy (exact derivative evaluated with mpmath")
    assert_no_wrong_row_is_ok(cmp, truth)
    jax = cmp["jax"]  # jax's float64 derivative is 1.9e-4 off here
    assert jax.status == "inaccurate", str(cmp)
    assert "loses digits at this point (cancellation in f's formula)" in jax.error
    assert "1.9e-04 (relative) from the 50-digit value" in jax.error
    # complex step claims 1.5e-13 but is off by 1.6e-8: its earlier check does not save it
    complex_step = cmp["finite-diff:complex-step"]
    assert complex_step.status == "inaccurate", str(cmp)
    assert "times its error estimate" in complex_step.error
    # a float64 value this far from the 50-digit value is never in its camp
    consensus = [camp for camp in cmp.camps if camp["consensus"]]
    assert len(consensus) == 1 and "jax" not in consensus[0]["engines"], cmp.camps
    assert any(camp["engines"] == ["jax"] and camp["loses_digits"] for camp in cmp.camps)
    assert "lose digits here" in cmp.reference_source and "jax" in cmp.reference_source


def test_sympy_rewriting_expm1_loses_digits_and_is_not_ok():
    truth = expm1_over_x_grad(1e-6)
    cmp = gl.compare(lambda x: np.expm1(x) / x, {"x": 1e-6}, timing=False)
    np.testing.assert_allclose(cmp.reference, [truth], rtol=1e-15, atol=0)
    assert_no_wrong_row_is_ok(cmp, truth)
    if abs(cmp["sympy"].gradient[0] - truth) > ROUNDOFF * abs(truth):
        assert cmp["sympy"].status == "inaccurate", str(cmp)
    assert cmp["finite-diff:richardson"].ok, str(cmp)  # right to 1e-13: no false alarm


@pytest.mark.parametrize("name, f, at, truth", CASES, ids=[case[0] for case in CASES])
def test_well_conditioned_functions_keep_every_exact_row_ok(name, f, at, truth):
    cmp = gl.compare(f, at, timing=False,
                     backends=EXACT + ["finite-diff:richardson", "finite-diff:complex-step"])
    truth = np.ravel(np.asarray(truth, dtype=float))  # in float64: right normwise, not per entry
    assert np.linalg.norm(cmp.reference - truth) <= 1e-13 * np.linalg.norm(truth), str(cmp)
    for row in cmp:
        assert row.ok, (row.backend, row.error)
    assert all(not camp["loses_digits"] for camp in cmp.camps)


class Scaled(Backend):
    """An 'exact' engine whose gradient is the truth scaled by ``factor``."""

    def __init__(self, name, truth, factor):
        super().__init__(name=name, options=())
        self.truth, self.factor = truth, factor

    def compile(self, problem, **options):
        return Compiled(lambda x: self.factor * np.asarray(self.truth(*x), dtype=float))

    def code(self, problem, **options):
        return ""


@pytest.mark.parametrize("name, factor, ok", [("off-1e-12", 1 + 1e-12, True),
                                              ("off-1e-9", 1 + 1e-9, False),
                                              ("off-1e-6", 1 + 1e-6, False)])
def test_the_round_off_bound_is_neither_too_tight_nor_too_loose(name, factor, ok):
    # one name per factor: compiled engines are cached by name
    gl.register_backend(name, Scaled(name, lambda x, y: [2 * x * y, x**2 + np.cos(y)], factor))
    try:
        cmp = gl.compare("x**2*y + sin(y)", {"x": 1.3, "y": 0.4}, timing=False,
                         backends=["dual", name, "finite-diff:richardson"])
    finally:
        gl.backends.unregister(name)
    assert cmp[name].ok is ok, str(cmp)
    assert cmp["dual"].ok and cmp.reference_source.startswith("sympy")


def test_a_float64_reference_says_so():
    def branchy(x):  # SymPy cannot trace the `if`
        return (1 - np.cos(x)) / x**2 if x > 0 else 0.5

    cmp = gl.compare(branchy, {"x": 0.7}, backends=["dual"], timing=False)
    np.testing.assert_allclose(cmp.reference, [one_minus_cos_grad(0.7)], rtol=1e-12, atol=0)
    assert cmp.reference_source.startswith("dual (exact engine), a float64 value")
    assert "no SymPy reference" in cmp.reference_source


def test_an_engine_that_loses_digits_is_not_taken_as_the_reference():
    cmp = gl.compare(lambda x: (1 - np.cos(x)) / x**2, {"x": 1e-3}, timing=False,
                     backends=["jax", "finite-diff:richardson"], reference="jax")
    assert cmp.reference is None, str(cmp)
    assert cmp.reference_source.startswith("none (jax's float64 value loses digits here")
    assert cmp["jax"].status == "inaccurate" and cmp["finite-diff:richardson"].ok


class Overconfident(Backend):
    """A numerical engine 1e-5 (relative) off the truth that claims an error of 1e-13."""

    def __init__(self, truth):
        super().__init__(name="overconfident-1e-5", exact=False, options=())
        self.truth = truth

    def compile(self, problem, **options):
        from gradlab.backends import Estimate

        def estimate(x):
            return Estimate(np.array([(1 + 1e-5) * self.truth(x[0])]), 1e-3, 1e-13, 2)

        return Compiled(lambda x: estimate(x).gradient, estimator=estimate)

    def code(self, problem, **options):
        return ""


def test_a_numerical_row_within_the_camps_reach_but_off_its_estimate_confirms_nothing():
    # SymPy's own float64 value is 1.9e-4 off here, so camps reach that far; the 50-digit value
    # judges the row directly: 1e-5 off with an estimate of 1e-13 is inaccurate
    gl.register_backend("overconfident-1e-5", Overconfident(one_minus_cos_grad))
    try:
        cmp = gl.compare(lambda x: (1 - np.cos(x)) / x**2, {"x": 1e-3}, timing=False,
                         backends=["sympy", "dual", "overconfident-1e-5",
                                   "finite-diff:richardson"])
    finally:
        gl.backends.unregister("overconfident-1e-5")
    np.testing.assert_allclose(cmp.reference, [one_minus_cos_grad(1e-3)], rtol=1e-15, atol=0)
    row = cmp["overconfident-1e-5"]
    assert row.status == "inaccurate" and "times its error estimate" in row.error, str(cmp)
    assert "overconfident" not in cmp.reference_source, cmp.reference_source
    assert cmp["finite-diff:richardson"].ok
