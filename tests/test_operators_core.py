"""Operators beyond the gradient: shapes, jax's native operators, gradlab's derived operators,
"not supported" rows, the comparison of matrices, and gl.jac / gl.hess inside scipy.optimize.

Truth is hand-derived (Jacobians and Hessians written out below), never another engine.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.optimize

import gradlab as gl
from gradlab import backends
from gradlab.backends import Compiled, Engine, Estimate
from gradlab.backends.base import DERIVATIONS, OPERATORS
from gradlab.comparison.operators import DIRECTION_SEED, default_direction
from gradlab.comparison.results import STATUSES
from gradlab.comparison.runner import compile_for
from gradlab.problem import make_problem

EXACT = {"atol": 0, "rtol": 1e-12}


# --- functions and their hand-derived derivatives ---------------------------------------------

def three(x, y):
    return [x * y, np.sin(x) + y ** 2, np.exp(x * y)]


def three_jacobian(x, y):
    e = np.exp(x * y)
    return np.array([[y, x], [np.cos(x), 2 * y], [y * e, x * e]])


def wide(x):  # R^3 -> R^2: fewer outputs than inputs (reverse mode)
    return np.array([x[0] * x[1] * x[2], x[0] + x[1] ** 2])


def wide_jacobian(x):
    return np.array([[x[1] * x[2], x[0] * x[2], x[0] * x[1]], [1.0, 2 * x[1], 0.0]])


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def rosen_hessian(x):
    n = x.size
    h = np.zeros((n, n))
    for i in range(n - 1):
        h[i, i] += 1200 * x[i] ** 2 - 400 * x[i + 1] + 2
        h[i + 1, i + 1] += 200
        h[i, i + 1] = h[i + 1, i] = -400 * x[i]
    return h


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def softmax_jacobian(z):
    s = softmax(z)
    return np.diag(s) - np.outer(s, s)


POINT = np.array([0.7, -1.3])
ROSEN_AT = np.array([1.2, 1.0, 0.8, -0.5])
SOFT_AT = np.array([0.3, -1.1, 2.0, 0.5])


# --- the problem layer -------------------------------------------------------------------------

def test_array_problem_learns_its_output_shape_and_shapes_every_operator():
    problem = make_problem(three, POINT, outputs="array")
    np.testing.assert_allclose(problem.evaluate(), [0.7 * -1.3, np.sin(0.7) + 1.69,
                                                    np.exp(-0.91)], **EXACT)
    assert (problem.output_shape, problem.m, problem.n) == ((3,), 3, 2)
    expected = {"jacobian": (3, 2), "jvp": (3,), "vjp": (2,), "gradient": (2,),
                "hessian": (2, 2), "hvp": (2,)}
    for operator, shape in expected.items():
        assert problem.result_shape(operator) == shape
        assert problem.shape_result(operator, np.zeros(shape)).shape == shape


def test_one_array_variable_and_a_matrix_output_shape_results_like_the_user_sees_them():
    def f(w):
        return np.outer(w[0], w[1])  # (2, 2) output of a (2, 2) variable

    problem = make_problem(f, np.ones((2, 2)), outputs="array")
    assert (problem.output_shape, problem.m, problem.n) == ((2, 2), 4, 4)
    assert problem.user_shape("jacobian") == (2, 2, 2, 2)
    assert problem.user_shape("hessian") == (2, 2, 2, 2)
    assert problem.user_shape("jvp") == (2, 2)
    assert problem.user_shape("vjp") == (2, 2)
    np.testing.assert_array_equal(problem.flatten_output([[1, 2], [3, 4]]), [1, 2, 3, 4])
    with pytest.raises(gl.InputError, match="u has 3 values.*returns 4"):
        problem.flatten_output([1, 2, 3])
    with pytest.raises(gl.InputError, match="v has 3 values"):
        problem.flatten([1, 2, 3], "v")


def test_a_scalar_problem_has_output_shape_empty_and_a_one_row_jacobian():
    problem = make_problem(rosen, ROSEN_AT)
    assert (problem.output_shape, problem.m) == ((), 1)
    assert problem.result_shape("jacobian") == (1, 4)
    assert problem.user_shape("jacobian") == (4,)
    assert isinstance(problem.evaluate(), float)


def test_array_outputs_are_refused_when_not_finite_or_when_their_shape_changes():
    with pytest.raises(gl.InputError, match="not finite at the point"):
        make_problem(lambda x, y: [x, np.log(y)], [1.0, -1.0], outputs="array").evaluate()
    problem = make_problem(lambda x: x[: int(x[0])], np.array([2.0, 1.0, 1.0]), outputs="array")
    problem.evaluate()
    with pytest.raises(gl.InputError, match="must keep one shape"):
        problem.evaluate(np.array([3.0, 1.0, 1.0]))
    with pytest.raises(gl.InputError, match="outputs must be one of"):
        make_problem(rosen, ROSEN_AT, outputs="vector")


def test_a_gradient_of_an_array_valued_function_points_to_the_jacobian():
    with pytest.raises(gl.InputError, match=r"returns an array of shape \(2,\).*gl\.jacobian"):
        gl.compare(lambda x, y: np.array([x, y]), (1.0, 2.0), derivative="gradient",
                   timing=False)
    with pytest.raises(gl.InputError, match="returns an array"):
        gl.hessian(three, POINT)


# --- jax's native operators against hand-derived values -------------------------------------

def test_jax_jacobian_forward_mode_when_outputs_outnumber_inputs():
    np.testing.assert_allclose(gl.jacobian(three, POINT), three_jacobian(*POINT), **EXACT)
    compiled, _, _ = compile_for("jax", make_problem(three, POINT, outputs="array"),
                                 operator="jacobian")
    assert compiled.operator == "jacobian" and "jacfwd" in compiled.details["jax"]


def test_jax_jacobian_reverse_mode_when_inputs_outnumber_outputs():
    x = np.array([0.5, -2.0, 3.0])
    np.testing.assert_allclose(gl.jacobian(wide, x), wide_jacobian(x), **EXACT)
    compiled, _, _ = compile_for("jax", make_problem(wide, x, outputs="array"),
                                 operator="jacobian")
    assert "jacrev" in compiled.details["jax"]


def test_jax_softmax_jacobian():
    np.testing.assert_allclose(gl.jacobian(softmax, SOFT_AT), softmax_jacobian(SOFT_AT),
                               atol=0, rtol=1e-12)


def test_jax_hessian_and_hvp_of_rosenbrock():
    np.testing.assert_allclose(gl.hessian(rosen, ROSEN_AT), rosen_hessian(ROSEN_AT), **EXACT)
    v = np.array([1.0, -2.0, 0.5, 3.0])
    np.testing.assert_allclose(gl.hvp(rosen, ROSEN_AT, v), rosen_hessian(ROSEN_AT) @ v, **EXACT)


def test_jax_jvp_and_vjp():
    v, u = np.array([0.25, -4.0]), np.array([1.0, -2.0, 0.5])
    jacobian = three_jacobian(*POINT)
    np.testing.assert_allclose(gl.jvp(three, POINT, v), jacobian @ v, **EXACT)
    np.testing.assert_allclose(gl.vjp(three, POINT, u), u @ jacobian, **EXACT)


def test_jax_hessian_of_a_matrix_variable_has_its_shape_twice():
    def f(w):
        return np.sum(w ** 3) + w[0, 0] * w[1, 1]

    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    want = np.diag(6 * w.ravel())
    want[0, 3] = want[3, 0] = 1.0
    np.testing.assert_allclose(gl.hessian(f, w), want.reshape(2, 2, 2, 2), **EXACT)


def test_jac_and_hess_compile_once_and_follow_the_point():
    hess = gl.hess(rosen)
    for x in (ROSEN_AT, ROSEN_AT + 0.5, ROSEN_AT * -2):
        np.testing.assert_allclose(hess(x), rosen_hessian(x), **EXACT)
    jac = gl.jac(softmax)
    for z in (SOFT_AT, SOFT_AT[::-1].copy()):
        np.testing.assert_allclose(jac(z), softmax_jacobian(z), atol=0, rtol=1e-12)
    assert "hess" in repr(hess) and "jac" in repr(jac)


def test_jax_float32_hessian_is_a_float32_value():
    got = gl.hessian(rosen, ROSEN_AT, dtype="float32")
    np.testing.assert_allclose(got, rosen_hessian(ROSEN_AT), rtol=1e-5, atol=1e-3)
    assert not np.array_equal(got, rosen_hessian(ROSEN_AT))


# --- gl.jac / gl.hess / gl.hvp in scipy.optimize ---------------------------------------------

def test_least_squares_with_gl_jac():
    t = np.linspace(0.0, 2.0, 9)
    data = 2.5 * np.exp(-1.3 * t)

    def residuals(p, t, data):
        return p[0] * np.exp(p[1] * t) - data

    jac = gl.jac(residuals)
    p = np.array([1.0, -0.5])
    e = np.exp(p[1] * t)
    np.testing.assert_allclose(jac(p, t, data), np.stack([e, p[0] * t * e], axis=1), **EXACT)
    fit = scipy.optimize.least_squares(residuals, p, jac=jac, args=(t, data))
    np.testing.assert_allclose(fit.x, [2.5, -1.3], rtol=1e-8)


@pytest.mark.parametrize("method", ["trust-exact", "Newton-CG"])
def test_minimize_with_gl_hess(method):
    result = scipy.optimize.minimize(rosen, np.array([-1.2, 1.0, 0.5]), method=method,
                                     jac=gl.grad(rosen), hess=gl.hess(rosen),
                                     options={"gtol": 1e-10} if method == "trust-exact" else {})
    np.testing.assert_allclose(result.x, np.ones(3), rtol=1e-6)


def test_newton_cg_with_hessp_from_gl_hvp():
    result = scipy.optimize.minimize(rosen, np.array([-1.2, 1.0]), method="Newton-CG",
                                     jac=gl.grad(rosen),
                                     hessp=lambda x, p: gl.hvp(rosen, x, p),
                                     options={"xtol": 1e-10})
    np.testing.assert_allclose(result.x, np.ones(2), rtol=1e-6)


# --- derived operators, through plug-in engines with hand-written derivatives ---------------

def _hand(problem):
    return problem.func.hand  # the test functions carry their own derivatives


class HandMatrices(Engine):
    """Natively: gradient, jacobian and hessian (hand-written, carried by the function)."""

    operators = frozenset({"gradient", "jacobian", "hessian"})

    def compile(self, problem, operator="gradient"):
        return Compiled(_hand(problem)[operator], operator=operator)


class HandProducts(Engine):
    """Natively: gradient, jvp, vjp and hvp, with an error estimate of 1e-9 per product."""

    exact = False
    operators = frozenset({"gradient", "jvp", "vjp", "hvp"})

    def compile(self, problem, operator="gradient"):
        value = _hand(problem)[operator]
        calls = []

        def estimate(x, *direction):
            calls.append(direction)
            return Estimate(value(x, *direction), step=1e-3, error_estimate=1e-9, n_evals=2)

        compiled = Compiled(value, estimator=estimate, operator=operator)
        compiled.details = {"calls": calls}
        return compiled


class GradientOnly(Engine):
    """Declares the gradient alone (the default)."""

    def compile(self, problem):
        return Compiled(_hand(problem)["gradient"])


class Mislabelled(Engine):
    """Declares the hessian but hands back a gradient."""

    operators = frozenset({"gradient", "hessian"})

    def compile(self, problem, operator="gradient"):
        return Compiled(_hand(problem)["gradient"])


def cubic(x):
    return x[0] ** 2 * x[1] + np.sin(x[2]) * x[0]


def _cubic_hessian(x):
    return np.array([[2 * x[1], 2 * x[0], np.cos(x[2])], [2 * x[0], 0.0, 0.0],
                     [np.cos(x[2]), 0.0, -np.sin(x[2]) * x[0]]])


cubic.hand = {
    "gradient": lambda x: np.array([2 * x[0] * x[1] + np.sin(x[2]), x[0] ** 2,
                                    np.cos(x[2]) * x[0]]),
    "jacobian": lambda x: cubic.hand["gradient"](x)[None, :],
    "hessian": _cubic_hessian,
    "hvp": lambda x, v: _cubic_hessian(x) @ v,
    "jvp": lambda x, v: np.array([cubic.hand["gradient"](x) @ v]),
    "vjp": lambda x, u: u[0] * cubic.hand["gradient"](x),
}


def _wide_hand():
    def f(x):
        return wide(x)

    f.hand = {"gradient": None, "jacobian": wide_jacobian,
              "jvp": lambda x, v: wide_jacobian(x) @ v, "vjp": lambda x, u: u @ wide_jacobian(x)}
    return f


def _tall_hand():
    def f(x, y):
        return three(x, y)

    def jacobian(x):
        return three_jacobian(*x)

    f.hand = {"gradient": None, "jacobian": jacobian,
              "jvp": lambda x, v: jacobian(x) @ v, "vjp": lambda x, u: u @ jacobian(x)}
    return f


@pytest.fixture
def engines():
    names = {"hand-matrices": HandMatrices, "hand-products": HandProducts,
             "gradient-only": GradientOnly, "mislabelled": Mislabelled}
    for name, engine in names.items():
        backends.register(name, engine)
    yield names
    for name in names:
        backends.unregister(name)


def test_computes_says_native_derived_or_none(engines):
    matrices, products = backends.get("hand-matrices"), backends.get("hand-products")
    only = backends.get("gradient-only")
    assert [matrices.computes(op) for op in OPERATORS] == [
        "native", "native", "native", "derived", "derived", "derived"]
    assert [products.computes(op) for op in OPERATORS] == [
        "native", "derived", "derived", "native", "native", "native"]
    assert [only.computes(op) for op in OPERATORS] == ["native"] + [None] * 5
    assert set(DERIVATIONS) == set(OPERATORS)
    with pytest.raises(gl.InputError, match="unknown derivative"):
        only.computes("laplacian")


def test_products_derived_from_native_matrices(engines):
    x, v = np.array([0.4, -1.5, 2.2]), np.array([1.0, 2.0, -3.0])
    np.testing.assert_allclose(gl.hvp(cubic, x, v, backend="hand-matrices"),
                               _cubic_hessian(x) @ v, **EXACT)
    w = np.array([0.5, -2.0, 3.0])
    f = _wide_hand()
    np.testing.assert_allclose(gl.jvp(f, w, [1.0, 0.5, -1.0], backend="hand-matrices"),
                               wide_jacobian(w) @ [1.0, 0.5, -1.0], **EXACT)
    np.testing.assert_allclose(gl.vjp(f, w, [2.0, -1.0], backend="hand-matrices"),
                               [2.0, -1.0] @ wide_jacobian(w), **EXACT)


def test_matrices_derived_from_native_products_by_columns_or_rows(engines):
    x = np.array([0.4, -1.5, 2.2])
    np.testing.assert_allclose(gl.hessian(cubic, x, backend="hand-products"),
                               _cubic_hessian(x), **EXACT)
    w = np.array([0.5, -2.0, 3.0])
    wide_f = _wide_hand()  # m=2 < n=3: two vjp rows
    np.testing.assert_allclose(gl.jacobian(wide_f, w, backend="hand-products"),
                               wide_jacobian(w), **EXACT)
    problem = make_problem(wide_f, w, outputs="array")
    compiled, _, _ = compile_for("hand-products", problem, operator="jacobian")
    estimate = compiled.estimate(w)
    assert [len(d[0]) for d in compiled.details["calls"]] == [2, 2]  # rows: u has m values
    assert estimate.n_evals == 4 and estimate.step == 1e-3
    np.testing.assert_allclose(estimate.error_estimate, np.sqrt(2) * 1e-9, rtol=1e-15)
    tall_f = _tall_hand()  # m=3 > n=2: two jvp columns
    np.testing.assert_allclose(gl.jacobian(tall_f, POINT, backend="hand-products"),
                               three_jacobian(*POINT), **EXACT)
    compiled, _, _ = compile_for("hand-products", make_problem(tall_f, POINT, outputs="array"),
                                 operator="jacobian")
    compiled.estimate(POINT)
    assert [len(d[0]) for d in compiled.details["calls"]] == [2, 2]  # columns: v has n values
    assert any("derived from the engine's own jvp" in note for note in compiled.notes)


def test_a_derived_product_scales_the_error_estimate_by_the_direction(engines):
    class NoisyHessian(Engine):
        exact = False
        operators = frozenset({"gradient", "hessian"})

        def compile(self, problem, operator="gradient"):
            def estimate(x):
                return Estimate(_cubic_hessian(x), error_estimate=1e-6, n_evals=7)

            return Compiled(lambda x: estimate(x).gradient, estimator=estimate,
                            operator=operator)

    backends.register("noisy-hessian", NoisyHessian)
    try:
        problem = make_problem(cubic, np.array([0.4, -1.5, 2.2]))
        compiled, _, _ = compile_for("noisy-hessian", problem, operator="hvp")
        estimate = compiled.estimate(problem.x0, np.array([3.0, 0.0, 4.0]))
        assert estimate.error_estimate == pytest.approx(5e-6, rel=1e-15)
        assert estimate.n_evals == 7
    finally:
        backends.unregister("noisy-hessian")


def test_an_engine_computing_neither_natively_nor_derived_is_a_not_supported_row(engines):
    x = np.array([0.4, -1.5, 2.2])
    comparison = gl.compare(cubic, x, backends=["gradient-only", "hand-matrices", "jax"],
                            derivative="hessian", timing=False)
    row = comparison["gradient-only"]
    assert row.status == "not supported" and row.gradient is None
    assert "does not compute the hessian" in row.error and "hvp" in row.error
    assert "not supported" in STATUSES
    for name in ("hand-matrices", "jax"):
        assert comparison[name].status == "ok"
        np.testing.assert_allclose(comparison[name].gradient, _cubic_hessian(x), **EXACT)
    with pytest.raises(gl.BackendError, match="does not compute the jacobian"):
        gl.jacobian(cubic, x, backend="gradient-only")


def test_an_engine_returning_another_operator_is_refused(engines):
    x = np.array([0.4, -1.5, 2.2])
    with pytest.raises(gl.BackendError, match="asked for the hessian.*returned the gradient"):
        gl.hessian(cubic, x, backend="mislabelled")


# --- the comparison of operators ------------------------------------------------------------

def test_compare_defaults_to_the_jacobian_for_an_array_valued_function():
    comparison = gl.compare(three, POINT, backends=["jax"], timing=False)
    assert comparison.derivative == "jacobian" and comparison.direction is None
    np.testing.assert_allclose(comparison["jax"].gradient, three_jacobian(*POINT), **EXACT)
    assert gl.compare(rosen, ROSEN_AT, backends=["jax"], timing=False).derivative == "gradient"


def test_compare_finds_the_consensus_on_a_matrix_and_flags_a_wrong_one(engines):
    x = np.array([0.4, -1.5, 2.2])

    class WrongHessian(Engine):
        operators = frozenset({"gradient", "hessian"})

        def compile(self, problem, operator="gradient"):
            return Compiled(lambda x: _cubic_hessian(x) + np.eye(3) * 1e-6, operator=operator)

    backends.register("wrong-hessian", WrongHessian)
    try:
        comparison = gl.compare(cubic, x, backends=[
            "jax", "hand-matrices", "wrong-hessian", "hand-products"], derivative="hessian",
            timing=False)  # hand-products: a precise numerical row, which settles the camps
    finally:
        backends.unregister("wrong-hessian")
    np.testing.assert_allclose(comparison.reference, _cubic_hessian(x).ravel(), **EXACT)
    statuses = [comparison[n].status for n in ("jax", "hand-matrices", "wrong-hessian",
                                               "hand-products")]
    assert statuses == ["ok", "ok", "disagrees", "ok"], comparison.reference_source
    wrong = comparison["wrong-hessian"]
    np.testing.assert_allclose(wrong.abs_error, np.sqrt(3) * 1e-6, rtol=1e-6)  # Frobenius


def test_compare_directed_operators_use_the_documented_default_direction(engines):
    x = np.array([0.4, -1.5, 2.2])
    comparison = gl.compare(cubic, x, backends=["jax", "hand-matrices", "hand-products"],
                            derivative="hvp", timing=False)
    values = np.random.default_rng(DIRECTION_SEED).standard_normal(3)
    np.testing.assert_allclose(comparison.direction, values / np.linalg.norm(values), **EXACT)
    np.testing.assert_allclose(default_direction(3), comparison.direction, **EXACT)
    want = _cubic_hessian(x) @ comparison.direction
    for row in comparison:
        assert row.status == "ok", row.error
        np.testing.assert_allclose(row.gradient, want, atol=0, rtol=1e-12)
    u = [1.0, 0.0, -2.0]
    comparison = gl.compare(three, POINT, backends=["jax"], derivative="vjp", direction=u,
                            timing=False)
    np.testing.assert_allclose(comparison["jax"].gradient, u @ three_jacobian(*POINT), **EXACT)
    np.testing.assert_array_equal(comparison.direction, u)


def test_compare_refuses_a_direction_an_operator_does_not_take_and_unknown_operators():
    with pytest.raises(gl.InputError, match="direction= is for hvp, jvp, vjp"):
        gl.compare(rosen, ROSEN_AT, derivative="hessian", direction=[1, 0, 0, 0])
    with pytest.raises(gl.InputError, match="derivative must be one of"):
        gl.compare(rosen, ROSEN_AT, derivative="laplacian")
    with pytest.raises(gl.InputError, match="has 3 values.*4 variables"):
        gl.compare(rosen, ROSEN_AT, derivative="hvp", direction=[1, 0, 0])


def test_an_engine_declaring_operators_needs_an_operator_keyword():
    class NoKeyword(Engine):
        operators = frozenset({"gradient", "hessian"})

        def compile(self, problem):
            return Compiled(lambda x: x)

    with pytest.raises(gl.InputError, match="compile\\(\\) takes no operator= keyword"):
        backends.register("no-keyword", NoKeyword)


def test_jax_operators_of_a_branching_function_run_without_jit_and_say_so():
    def branching(x):
        if x[0] > 0:
            return x[0] ** 3 * x[1]
        return x[1]

    x = np.array([2.0, 3.0])
    problem = make_problem(branching, x)
    compiled, _, _ = compile_for("jax", problem, operator="hessian")
    np.testing.assert_allclose(compiled.gradient(x), [[36.0, 12.0], [12.0, 0.0]], **EXACT)
    assert any("ran without jit" in note for note in compiled.notes)
    assert not any(note.startswith("unverified") for note in compiled.notes)  # checked

    def branching_vector(x):
        return np.array([x[0] * x[1], x[1]]) if x[0] > 0 else x

    compiled, _, _ = compile_for("jax", make_problem(branching_vector, x, outputs="array"),
                                 operator="jacobian")
    np.testing.assert_allclose(compiled.gradient(x), [[3.0, 2.0], [0.0, 1.0]], **EXACT)
    assert any(note.startswith("unverified") for note in compiled.notes)


def test_jax_operators_of_a_matrix_function_of_a_matrix_keep_both_shapes():
    def outer(w):  # f[i, j] = w[0, i] * w[1, j]
        return np.outer(w[0], w[1])

    w = np.array([[1.0, 2.0], [3.0, -4.0]])
    want = np.zeros((2, 2, 2, 2))  # d f[i, j] / d w[k, l]
    for i in range(2):
        for j in range(2):
            want[i, j, 0, i] += w[1, j]
            want[i, j, 1, j] += w[0, i]
    np.testing.assert_allclose(gl.jacobian(outer, w), want, **EXACT)
    v = np.array([[0.5, -1.0], [2.0, 0.25]])
    np.testing.assert_allclose(gl.jvp(outer, w, v), np.einsum("ijkl,kl->ij", want, v),
                               **EXACT)
    u = np.array([[1.0, 0.0], [-3.0, 2.0]])
    np.testing.assert_allclose(gl.vjp(outer, w, u), np.einsum("ij,ijkl->kl", u, want), **EXACT)
    jac = gl.jac(outer)
    assert jac(w).shape == (2, 2, 2, 2) and jac(w + 1).shape == (2, 2, 2, 2)


def test_compare_calls_f_once_at_the_point_to_tell_a_gradient_from_a_jacobian():
    calls = []

    def counted(x, y):
        if isinstance(x, float):  # the float64 calls (engines also call it with tracers)
            calls.append((x, y))
        return x * y ** 2

    comparison = gl.compare(counted, [3.0, 2.0], backends=["jax"], timing=False,
                            reference="none")  # no extra check that calls f elsewhere
    assert comparison.derivative == "gradient" and comparison.problem.outputs == "scalar"
    assert comparison.value == 12.0 and isinstance(comparison.value, float)
    np.testing.assert_allclose(comparison["jax"].gradient, [4.0, 12.0], **EXACT)
    assert calls == [(3.0, 2.0)]
