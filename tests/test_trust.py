"""Trust: a consensus reference, exact rows cross-checked against numerical rows, honest error
estimates (round-off included) and statuses that never let a wrong number look "ok"."""

import json

import numpy as np
import pytest

import gradlab as gl
from gradlab.backends import Backend, Compiled
from gradlab.comparison.camps import SAFETY
from gradlab.comparison.results import STATUSES

NUMERICAL = ["finite-diff:central", "finite-diff:forward", "finite-diff:scipy",
             "finite-diff:richardson", "finite-diff:complex-step", "numpy"]
EXACT = ["sympy", "jax", "pytensor", "dual"]


def big_offset(x, y):
    return 1e12 + 0.5 * x**2 + 3 * x * y  # gradient [x + 3y, 3x]: [7, 3] at (1, 2)


def assert_honest(row):
    """A numerical row's error estimate covers its actual error (what SAFETY allows)."""
    assert row.error_estimate is not None, row
    assert row.abs_error <= SAFETY * row.error_estimate, (row.backend, row.abs_error,
                                                          row.error_estimate)


@pytest.fixture
def registered():
    names = []

    def add(name, backend):
        gl.register_backend(name, backend)
        names.append(name)

    yield add
    for name in names:
        gl.backends.unregister(name)


class Planted(Backend):
    """An 'exact' engine whose gradient is ``gradient(x)`` scaled by ``factor``."""

    def __init__(self, gradient, factor=1.01):
        super().__init__(name="planted", options=())
        self.truth, self.factor = gradient, factor

    def compile(self, problem, **options):
        return Compiled(lambda x: self.factor * np.asarray(self.truth(x), dtype=float))

    def code(self, problem, **options):
        return ""


def test_huge_constant_offset_flags_every_numerical_row_that_is_wrong():
    cmp = gl.compare(big_offset, {"x": 1.0, "y": 2.0}, timing=False, backends=EXACT + NUMERICAL)
    np.testing.assert_allclose(cmp.reference, [7.0, 3.0], rtol=1e-15, atol=0)
    for name in EXACT:
        np.testing.assert_allclose(cmp[name].gradient, [7.0, 3.0], rtol=1e-12, atol=0)
        assert cmp[name].ok, cmp[name].error
    for name in NUMERICAL:
        row = cmp[name]
        assert_honest(row)
        if row.ok:  # "ok" only where it is right to 0.1 % (complex step, widened Richardson)
            np.testing.assert_allclose(row.gradient, [7.0, 3.0], rtol=1e-3, atol=0)
    for name in ["finite-diff:central", "finite-diff:forward", "finite-diff:scipy", "numpy"]:
        assert cmp[name].status == "inaccurate", str(cmp)
        assert "error estimate" in cmp[name].error


def test_a_zero_gradient_is_not_exempt():
    cmp = gl.compare(big_offset, {"x": 0.0, "y": 0.0}, timing=False,
                     backends=["dual", "finite-diff:central"])
    assert cmp.reference.tolist() == [0.0, 0.0]
    assert cmp["finite-diff:central"].status == "inaccurate", str(cmp)  # estimate ~45
    assert cmp["dual"].ok


def test_complex_step_whose_check_is_nan_is_unverified():
    row = gl.compare(lambda x: np.sqrt(x), {"x": 0.0}, timing=False)["finite-diff:complex-step"]
    assert row.status == "unverified" and "not finite" in row.error, row


def test_complex_step_verified_by_the_consensus_when_its_own_check_cannot_be():
    # at 1e-12 every central difference leaves sqrt's domain; exact engines still agree
    cmp = gl.compare(lambda x: np.sqrt(x), {"x": 1e-12}, timing=False,
                     backends=["dual", "finite-diff:complex-step"])
    row = cmp["finite-diff:complex-step"]
    assert row.ok and any("consensus" in note for note in row.notes), str(cmp)
    np.testing.assert_allclose(row.gradient, [0.5e6], rtol=1e-12, atol=0)


@pytest.mark.parametrize("x", [1e8, 1e-8])
def test_scipy_row_has_an_honest_estimate_and_is_flagged(x):
    def f(x, y):
        return np.log(x) * y + x**2

    cmp = gl.compare(f, {"x": x, "y": 3.0}, backends=["finite-diff:scipy"], timing=False)
    row = cmp["finite-diff:scipy"]
    np.testing.assert_allclose(cmp.reference, [3.0 / x + 2 * x, np.log(x)], rtol=1e-14, atol=0)
    assert row.status == "inaccurate" and row.rel_error > 0.1, str(cmp)
    assert_honest(row)
    assert "run as an independent check" in cmp.reference_source  # sympy was confirmed


def test_planted_wrong_exact_engine_disagrees_and_is_never_the_reference(registered):
    def f(x, y):
        return x**2 * y + np.sin(y)

    def truth(x, y):
        return [2 * x * y, x**2 + np.cos(y)]

    registered("planted", Planted(lambda p: truth(*p)))
    at = {"x": 1.3, "y": 0.4}
    want = truth(1.3, 0.4)
    cmp = gl.compare(f, at, timing=False, backends=EXACT + NUMERICAL + ["planted"])
    planted = cmp["planted"]
    assert planted.status == "disagrees", str(cmp)
    assert "off by" in planted.error and "[" in planted.error  # the numbers are in the text
    np.testing.assert_allclose(cmp.reference, want, rtol=1e-15, atol=0)
    for name in EXACT:
        assert cmp[name].ok, cmp[name].error
        np.testing.assert_allclose(cmp[name].gradient, want, rtol=1e-12, atol=0)
    for name in NUMERICAL:
        assert cmp[name].ok and cmp[name].rel_error < 1e-5, (name, cmp[name].error)
        assert_honest(cmp[name])
    assert planted.rel_error == pytest.approx(0.01, rel=1e-6)
    assert "planted disagree" in cmp.reference_source
    # asked for as the reference, it still is not taken
    forced = gl.compare(f, at, timing=False, backends=["dual", "planted"], reference="planted")
    assert forced.reference is None and "planted is not among" in forced.reference_source


def test_two_camps_without_an_arbiter_give_no_consensus(registered):
    # at x = 1e-30 every finite difference leaves sqrt's domain (Richardson's narrowest step
    # is ~1e-15): nothing numerical can judge
    registered("planted", Planted(lambda p: [0.5 / np.sqrt(p[0]), 1.0]))
    cmp = gl.compare(lambda x, y: np.sqrt(x) + y, {"x": 1e-30, "y": 1.0}, timing=False,
                     backends=["dual", "planted"])
    assert cmp.reference is None
    source = cmp.reference_source
    assert source.startswith("none (no consensus") and "dual" in source and "planted" in source
    assert "sympy (50 digits)" in source
    engines = sorted(sorted(camp["engines"]) for camp in cmp.camps)
    assert engines == [["dual", "sympy (50 digits)"], ["planted"]]
    assert not any(camp["consensus"] for camp in cmp.camps)
    assert cmp["dual"].status == cmp["planted"].status == "disagrees"


def test_reference_outside_the_rows_gets_a_second_opinion():
    cmp = gl.compare("q*chi*delta", {"q": 1, "chi": 2, "delta": 3}, backends=["jax"],
                     timing=False)
    assert cmp.reference.tolist() == [6.0, 3.0, 2.0] and cmp["jax"].ok
    assert cmp.reference_source.startswith("sympy")
    assert "confirmed by jax, finite-diff:richardson" in cmp.reference_source
    assert "finite-diff:richardson run as an independent check" in cmp.reference_source


def test_float32_engines_are_held_to_float32_precision():
    cmp = gl.compare("sin(x)*exp(x*y)", {"x": 0.5, "y": 1.2}, timing=False,
                     backends=["jax", "dual", "finite-diff:richardson"],
                     options={"jax": {"dtype": "float32"}})
    assert cmp["jax"].ok and 0 < cmp["jax"].rel_error < 1e-3, str(cmp)


class RaisesWhenCalled(Backend):
    def __init__(self):
        super().__init__(name="raises", options=())

    def compile(self, problem, **options):
        def gradient(x):
            raise ZeroDivisionError("division inside the engine")

        return Compiled(gradient)

    def code(self, problem, **options):
        return ""


def test_call_time_exceptions_become_backend_errors(registered):
    registered("raises", RaisesWhenCalled)
    with pytest.raises(gl.BackendError, match="raises: ZeroDivisionError: division inside"):
        gl.gradient("x*y", {"x": 1.0, "y": 2.0}, backend="raises")
    with pytest.raises(gl.BackendError, match="ZeroDivisionError"):
        gl.grad("x*y", "raises")({"x": 1.0, "y": 2.0})
    cmp = gl.compare("x*y", {"x": 1.0, "y": 2.0}, backends=["raises", "dual"], timing=True,
                     timing_budget=0.01)
    assert cmp["raises"].status == "failed" and "ZeroDivisionError" in cmp["raises"].error
    assert cmp["dual"].ok


@pytest.mark.parametrize("step", [0.0, -1e-6, float("nan"), float("inf"), "big"])
def test_a_bad_step_is_one_input_error(step):
    for engine in ["finite-diff:central", "finite-diff:richardson", "numpy"]:
        with pytest.raises(gl.InputError, match="step must be a positive finite number"):
            gl.gradient("x**2", [1.0], backend=engine, step=step)
        with pytest.raises(gl.InputError, match="step must be a positive finite number"):
            gl.compare("x**2", [1.0], backends=[engine], options={engine: {"step": step}})
    with pytest.raises(gl.InputError, match="step must be a positive finite number"):
        gl.grad("x**2", "finite-diff:central", step=step)


def test_options_and_reference_are_validated_before_any_work():
    with pytest.raises(gl.InputError, match="'auto', 'none', 'numpy'.*'sympy'"):
        gl.compare("x**2", [1.0], reference="best")
    with pytest.raises(gl.InputError, match="not among the compared engines"):
        gl.compare("x**2", [1.0], backends=["dual"], options={"jax": {"jit": False}})
    with pytest.raises(gl.InputError, match="has no option 'stepsize'"):
        gl.compare("x**2", [1.0], backends=["numpy"], options={"numpy": {"stepsize": 1e-3}})
    with pytest.raises(gl.InputError, match="no method 'backward'"):
        gl.gradient("x**2", [1.0], backend="finite-diff", method="backward")
    assert gl.compare("x**2", [1.0], backends=["dual"], reference=None).reference is None


class NoEstimate(Backend):
    """A numerical engine that gives neither an error estimate nor a right answer."""

    def __init__(self, name="no-estimate", note=()):
        super().__init__(name=name, exact=False, options=())
        self.note = note

    def compile(self, problem, **options):
        return Compiled(lambda x: 2.0 * x, notes=self.note)

    def code(self, problem, **options):
        return ""


def test_numerical_rows_without_an_estimate_or_marked_unverified(registered):
    registered("no-estimate", NoEstimate())
    cmp = gl.compare("x**3", [1.0], backends=["no-estimate", "dual"], timing=False)
    assert cmp["no-estimate"].status == "inaccurate"  # 2 where the truth is 3
    alone = gl.compare("x**3", [1.0], backends=["no-estimate"], reference="none", timing=False)
    assert alone["no-estimate"].status == "unverified"
    registered("marked", NoEstimate("marked", ("unverified: its own check could not run",)))
    row = gl.compare("x**3", [1.0], backends=["marked"], timing=False, reference="none")["marked"]
    assert row.status == "unverified" and "could not run" in row.error


def test_statuses_are_documented_and_every_display_shows_them(registered):
    assert set(STATUSES) == {"ok", "inaccurate", "unverified", "disagrees", "not finite",
                             "failed", "unavailable", "timed out", "not supported"}
    registered("planted", Planted(lambda p: [p[0] + 3 * p[1], 3 * p[0]]))
    cmp = gl.compare(big_offset, {"x": 1.0, "y": 2.0}, timing=False,
                     backends=["dual", "finite-diff:central", "planted", "finite-diff:richardson"])
    statuses = {row.backend: row.status for row in cmp}
    assert statuses == {"dual": "ok", "finite-diff:central": "inaccurate",
                        "planted": "disagrees", "finite-diff:richardson": "ok"}
    assert set(statuses.values()) <= set(STATUSES)
    text = str(cmp)
    assert "INACCURATE" in text and "DISAGREES" in text and "status" in text
    html = cmp._repr_html_()
    assert "<td>INACCURATE</td>" in html and "class='gradlab-disagrees'" in html
    data = json.loads(cmp.to_json())
    assert {r["backend"]: r["status"] for r in data["results"]} == statuses
    assert data["camps"] and data["reference_source"] == cmp.reference_source
    frame = cmp.to_frame()
    assert frame.loc["planted", "status"] == "disagrees"


def test_check_does_not_pass_a_wrong_gradient_on_imprecise_numerical_engines():
    def wrong(x, y):
        return [x + 3 * y + 1.0, 3 * x]  # the first component is off by 1

    engines = ["finite-diff:central", "numpy", "finite-diff:scipy"]
    result = gl.check(big_offset, wrong, {"x": 1.0, "y": 2.0}, backends=engines)
    assert not result.ok, str(result)
    assert {e.status for e in result.engines} == {"unverified"}
    assert "nothing was checked" in str(result)
    richer = gl.check(big_offset, wrong, {"x": 1.0, "y": 2.0},
                      backends=engines + ["finite-diff:richardson"])
    assert not richer.ok and richer.suspects == ["x"]


def test_complex_step_estimate_covers_cancelling_imaginary_parts():
    # Im(exp(x + ih) - 1 - (x + ih)) = exp(x) sin(h) - h cancels: ~1e-16 absolute error on 1e-10
    row = gl.compare("exp(x) - 1 - x", {"x": 1e-10}, timing=False,
                     backends=["finite-diff:complex-step"], reference="none").results[0]
    error = abs(row.gradient[0] - np.expm1(1e-10))  # d/dx = exp(x) - 1
    assert 1e-22 < error <= row.error_estimate, (error, row.error_estimate)


def test_unjitted_jax_whose_check_is_nan_is_unverified():
    def branchy(x):  # jit cannot trace the `if`; central differences step to log(x < 0)
        return np.log(x) + x if x > 0 else np.log(x)

    cmp = gl.compare(branchy, [1e-30], backends=["jax"], timing=False)
    row = cmp["jax"]
    np.testing.assert_allclose(row.gradient, [1e30 + 1.0], rtol=1e-12, atol=0)
    assert row.status == "unverified" and "not finite" in row.error, str(cmp)
    assert cmp.reference is None and cmp.reference_source.startswith("none (unconfirmed")


class Overconfident(Backend):
    """A numerical engine 1 % off that claims an error of 1e-14."""

    def __init__(self, truth):
        super().__init__(name="overconfident", exact=False, options=())
        self.truth = truth

    def compile(self, problem, **options):
        from gradlab.backends import Estimate

        def estimate(x):
            return Estimate(1.01 * np.asarray(self.truth(x)), 1e-3, 1e-14, 2 * x.size)

        return Compiled(lambda x: estimate(x).gradient, estimator=estimate)

    def code(self, problem, **options):
        return ""


def test_a_numerical_row_off_beyond_its_estimate_is_inaccurate_and_outvoted(registered):
    registered("overconfident", Overconfident(lambda p: [2 * p[0] * p[1], p[0] ** 2]))
    cmp = gl.compare("x**2*y", {"x": 1.5, "y": -0.5}, timing=False,
                     backends=["dual", "finite-diff:central", "numpy", "overconfident"])
    np.testing.assert_allclose(cmp.reference, [-1.5, 2.25], rtol=1e-15, atol=0)
    row = cmp["overconfident"]
    assert row.status == "inaccurate" and "times its error estimate" in row.error, str(cmp)
    assert cmp["dual"].ok and cmp["finite-diff:central"].ok and cmp["numpy"].ok
