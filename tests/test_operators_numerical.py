"""The operators of the numerical engines (dual, finite-diff, numpy) against hand-derived
Jacobians/Hessians and jax.jacfwd / jax.jvp / jax.hessian in float64."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from operator_functions import ARRAY, SCALAR, points

from gradlab.backends.base import OperatorUnsupported
from gradlab.backends.dual import DualNumbers
from gradlab.backends.finite_diff import FiniteDiff
from gradlab.backends.numpy_gradient import NumpyGradient
from gradlab.errors import BackendError
from gradlab.numerics import evaluator
from gradlab.problem import make_problem

EPS = np.finfo(float).eps
V = np.array([0.6, -0.8, 0.3])
POINTS = points(3, 3, seed=1)


def problem(case, x):
    return make_problem(lambda x: case(np, x), {"x": np.asarray(x, dtype=float)})


def jax_jacobian(case, x):
    with jax.enable_x64(True):
        return np.asarray(jax.jacfwd(lambda v: case(jnp, v))(jnp.asarray(x))).reshape(-1, x.size)


def jax_jvp(case, x, v):
    with jax.enable_x64(True):
        _, out = jax.jvp(lambda p: case(jnp, p), (jnp.asarray(x),), (jnp.asarray(v),))
        return np.asarray(out).ravel()


def jax_hessian(case, x):
    with jax.enable_x64(True):
        return np.asarray(jax.hessian(lambda v: case(jnp, v))(jnp.asarray(x)))


def estimate(engine, case, x, operator, v=None, **options):
    compiled = engine.compile(problem(case, x), operator=operator, **options)
    assert compiled.operator == operator
    args = (x,) if v is None else (x, v)
    fast = compiled.gradient(*args)
    found = compiled.estimate(*args)
    np.testing.assert_array_equal(fast, found.gradient)  # the fast path is the same value
    return found


def relative(found, truth):
    return np.linalg.norm(found - truth) / np.linalg.norm(truth)


def bounded(found, truth):
    """The error estimate bounds the true error (truth's own rounding allowed for)."""
    gap = np.linalg.norm(found.gradient - truth)
    return gap <= found.error_estimate + 4 * EPS * np.linalg.norm(truth)


# --- hand-derived truth -------------------------------------------------------------------------

def polar(xp, x):
    return xp.stack([x[0] * xp.cos(x[1]), x[0] * xp.sin(x[1])])


def polar_jacobian(x):
    r, t = x
    return np.array([[np.cos(t), -r * np.sin(t)], [np.sin(t), r * np.cos(t)]])


def trig_exp(xp, x):
    return xp.sin(x[0]) * xp.exp(x[0] * x[1])


def trig_exp_hessian(x):
    a, b = x
    s, c, e = np.sin(a), np.cos(a), np.exp(a * b)
    return np.array([[(-s + 2 * b * c + b * b * s) * e, (a * c + s + a * b * s) * e],
                     [(a * c + s + a * b * s) * e, a * a * s * e]])


def test_hand_derived_jacobian_and_hessian():
    x = np.array([1.3, 0.4])
    dual = estimate(DualNumbers(), polar, x, "jacobian").gradient
    np.testing.assert_allclose(dual, polar_jacobian(x), rtol=1e-15, atol=0)
    central = estimate(FiniteDiff(), polar, x, "jacobian").gradient
    np.testing.assert_allclose(central, polar_jacobian(x), rtol=1e-9, atol=0)
    hessian = trig_exp_hessian(x)
    for method, limit in (("central", 1e-7), ("richardson", 1e-10)):
        found = estimate(FiniteDiff(), trig_exp, x, "hessian", method=method)
        assert relative(found.gradient, hessian) < limit
        assert bounded(found, hessian)
    assert relative(estimate(NumpyGradient(), trig_exp, x, "hessian").gradient, hessian) < 1e-7


# --- dual: exact ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(ARRAY))
@pytest.mark.parametrize("chunk", [1, 2, 64])
def test_dual_jacobian_is_exact(name, chunk):
    case = ARRAY[name]
    for x in POINTS:
        found = estimate(DualNumbers(), case, x, "jacobian", chunk=chunk).gradient
        np.testing.assert_allclose(found, jax_jacobian(case, x), rtol=1e-12, atol=0)


@pytest.mark.parametrize("name", list(ARRAY))
def test_dual_jvp_is_exact(name):
    case = ARRAY[name]
    for x in POINTS:
        found = estimate(DualNumbers(), case, x, "jvp", V).gradient
        np.testing.assert_allclose(found, jax_jvp(case, x, V), rtol=1e-12, atol=0)


def test_dual_jacobian_of_a_scalar_and_a_constant_output():
    x = POINTS[0]
    found = estimate(DualNumbers(), SCALAR["trig_exp"], x, "jacobian").gradient
    assert found.shape == (1, 3)
    np.testing.assert_allclose(found, jax_jacobian(SCALAR["trig_exp"], x), rtol=1e-12, atol=0)
    constant = estimate(DualNumbers(), lambda xp, x: np.ones(2), x, "jacobian").gradient
    np.testing.assert_array_equal(constant, np.zeros((2, 3)))


@pytest.mark.parametrize("name", list(SCALAR))
def test_dual_hessian_and_hvp_are_exact(name):
    case = SCALAR[name]
    for x in POINTS:
        truth = jax_hessian(case, x)
        for chunk in (1, 2, 64):
            found = estimate(DualNumbers(), case, x, "hessian", chunk=chunk).gradient
            np.testing.assert_allclose(found, truth, rtol=1e-12, atol=0)
        product = estimate(DualNumbers(), case, x, "hvp", V).gradient
        with jax.enable_x64(True):
            grad = jax.grad(lambda p: case(jnp, p))
            want = np.asarray(jax.jvp(grad, (jnp.asarray(x),), (jnp.asarray(V),))[1])
        np.testing.assert_allclose(product, want, rtol=1e-12, atol=0)


# --- finite differences: accuracy at each method's limit, honest error estimates -------------

JACOBIAN_LIMITS = {"central": 1e-9, "forward": 1e-6, "richardson": 1e-12, "complex-step": 1e-14}


@pytest.mark.parametrize("method", list(JACOBIAN_LIMITS))
def test_finite_diff_jacobian_and_jvp(method):
    held = []
    for name, case in ARRAY.items():
        for x in POINTS:
            truth = jax_jacobian(case, x)
            found = estimate(FiniteDiff(), case, x, "jacobian", method=method)
            assert found.gradient.shape == truth.shape
            assert relative(found.gradient, truth) < JACOBIAN_LIMITS[method], name
            along = estimate(FiniteDiff(), case, x, "jvp", V, method=method)
            assert relative(along.gradient, truth @ V) < JACOBIAN_LIMITS[method], name
            held += [bounded(found, truth), bounded(along, truth @ V)]
    assert np.mean(held) >= 0.95


HESSIAN_LIMITS = {"central": 1e-6, "richardson": 1e-9}


@pytest.mark.parametrize("method", list(HESSIAN_LIMITS))
def test_finite_diff_hessian_and_hvp(method):
    held, errors = [], []
    for name, case in SCALAR.items():
        for x in POINTS:
            truth = jax_hessian(case, x)
            found = estimate(FiniteDiff(), case, x, "hessian", method=method)
            np.testing.assert_array_equal(found.gradient, found.gradient.T)
            errors.append(relative(found.gradient, truth))
            assert errors[-1] < HESSIAN_LIMITS[method], name
            product = estimate(FiniteDiff(), case, x, "hvp", V, method=method)
            assert relative(product.gradient, truth @ V) < HESSIAN_LIMITS[method], name
            held += [bounded(found, truth), bounded(product, truth @ V)]
    assert np.mean(held) >= 0.95
    if method == "richardson":  # better than central, not merely within the same limit
        assert np.median(errors) < 1e-10


def test_numpy_jacobian_and_hessian():
    held = []
    for case in ARRAY.values():
        for x in POINTS:
            truth = jax_jacobian(case, x)
            found = estimate(NumpyGradient(), case, x, "jacobian")
            assert relative(found.gradient, truth) < 1e-9
            held.append(bounded(found, truth))
    for case in SCALAR.values():
        for x in POINTS:
            truth = jax_hessian(case, x)
            for edge_order in (1, 2):
                found = estimate(NumpyGradient(), case, x, "hessian", edge_order=edge_order)
                assert "numpy.gradient applied twice" in found.notes[0]
                assert relative(found.gradient, truth) < 1e-6
                held.append(bounded(found, truth))
    assert np.mean(held) >= 0.95


def test_batches_chunks_and_direct_calls_agree(monkeypatch):
    case, x = SCALAR["rosenbrock"], points(7, 1, seed=3)[0]
    whole = estimate(FiniteDiff(), case, x, "hessian").gradient
    monkeypatch.setattr(evaluator, "CHUNK_ELEMENTS", 20)  # chunks of 2 points
    np.testing.assert_array_equal(estimate(FiniteDiff(), case, x, "hessian").gradient, whole)
    unbatched = estimate(FiniteDiff(), case, x, "hessian", batch=False).gradient
    np.testing.assert_allclose(unbatched, whole, rtol=1e-12, atol=1e-12)
    assert relative(whole, jax_hessian(case, x)) < 1e-6


def test_user_step_and_zero_direction():
    case, x = SCALAR["trig_exp"], POINTS[0]
    wide = estimate(FiniteDiff(), case, x, "hessian", step=1e-2)
    assert wide.step == 1e-2
    assert relative(wide.gradient, jax_hessian(case, x)) > 1e-7  # h**2 truncation shows
    assert bounded(wide, jax_hessian(case, x))
    for engine, operator in ((FiniteDiff(), "hvp"), (FiniteDiff(), "jvp"),
                             (DualNumbers(), "jvp")):
        zero = estimate(engine, case, x, operator, np.zeros(3)).gradient
        np.testing.assert_array_equal(zero, np.zeros_like(zero))


# --- what an engine cannot do it says -----------------------------------------------------------

@pytest.mark.parametrize("engine,operator,options", [
    (DualNumbers(), "vjp", {}),
    (FiniteDiff(), "hessian", {"method": "forward"}),
    (FiniteDiff(), "hvp", {"method": "complex-step"}),
    (FiniteDiff(), "jacobian", {"method": "scipy"}),
    (NumpyGradient(), "hvp", {}), (NumpyGradient(), "jvp", {}),
    (NumpyGradient(), "hessian", {"position": "edge"}),
])
def test_unsupported_operators_are_refused(engine, operator, options):
    with pytest.raises(OperatorUnsupported):  # a "not supported" row in a comparison
        engine.compile(problem(SCALAR["trig_exp"], POINTS[0]), operator=operator,
                       **options).gradient(POINTS[0])


def test_declared_operators():
    assert DualNumbers.operators == {"gradient", "jacobian", "hessian", "hvp", "jvp"}
    assert FiniteDiff.operators == {"gradient", "jacobian", "hessian", "hvp", "jvp"}
    assert NumpyGradient.operators == {"gradient", "jacobian", "hessian"}


def test_hessian_of_an_array_function_is_refused():
    with pytest.raises(BackendError, match="one real output"):
        estimate(FiniteDiff(), ARRAY["mixed"], POINTS[0], "hessian")


def test_complex_step_jacobian_refuses_a_function_that_is_not_complex_analytic():
    def kinked(xp, x):
        return xp.stack([xp.abs(x[0]) * x[1], x[2]])

    with pytest.raises(BackendError, match="not complex-analytic"):
        estimate(FiniteDiff(), kinked, np.array([-0.5, 1.0, 2.0]), "jacobian",
                 method="complex-step")


def test_dual_hessian_refuses_loudly_where_nesting_is_not_supported():
    # cumprod's dual version writes into an array: nested dual numbers cannot go there
    def case(xp, x):
        return xp.sum(xp.sin(xp.cumprod(x.reshape(2, 3), axis=1)))

    with pytest.raises(BackendError, match="nested dual numbers"):
        estimate(DualNumbers(), case, points(6, 1)[0], "hessian")


def test_compare_rows_carry_the_operators_and_their_error_estimates():
    import gradlab as gl

    case, x = SCALAR["hyperbolic"], POINTS[1]
    truth = jax_hessian(case, x)
    rows = gl.compare(lambda x: case(np, x), x, derivative="hessian", timing=False,
                      backends=["dual", "finite-diff", "finite-diff:richardson",
                                "finite-diff:forward", "numpy"]).to_frame()
    assert rows.loc["finite-diff:forward", "status"] == "not supported"
    assert "central and richardson" in rows.loc["finite-diff:forward", "error"]
    for spec, limit in (("dual", 1e-12), ("finite-diff", 1e-6),
                        ("finite-diff:richardson", 1e-9), ("numpy", 1e-6)):
        found = np.asarray(rows.loc[spec, "value"], dtype=float).reshape(3, 3)
        assert rows.loc[spec, "status"] == "ok"
        assert relative(found, truth) < limit, spec
