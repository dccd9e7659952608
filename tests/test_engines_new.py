"""The engines wrapping other libraries: autograd (exact), numdifftools and scipy.differentiate
(numerical, with their own error estimates), every operator each computes, against
hand-derived derivatives and jax in float64 (never another gradlab engine)."""

import contextlib
import io
import math

import numpy as np
import pytest
from smooth_functions import CASES

import gradlab as gl
from gradlab import backends
from gradlab.errors import BackendError, InputError
from gradlab.problem import make_problem

pytest.importorskip("autograd")
pytest.importorskip("numdifftools")
pytest.importorskip("scipy.differentiate")
jax = pytest.importorskip("jax")
jnp = jax.numpy

NEW = ("autograd", "numdifftools", "scipy-differentiate")
NUMERICAL = ("numdifftools", "scipy-differentiate")
NUMERICAL_RTOL = {"numdifftools": 1e-10, "scipy-differentiate": 1e-9}  # measured worst ~1e-11


def scalar_f(x):  # written the way users write it: numpy and math
    return math.sin(x[0]) * np.exp(x[1] * x[2]) + x[0] ** 2 * x[2]


def scalar_f_jax(x):
    return jnp.sin(x[0]) * jnp.exp(x[1] * x[2]) + x[0] ** 2 * x[2]


def scalar_gradient(x):
    s, c, e = math.sin(x[0]), math.cos(x[0]), math.exp(x[1] * x[2])
    return np.array([c * e + 2 * x[0] * x[2], s * x[2] * e, s * x[1] * e + x[0] ** 2])


def scalar_hessian(x):
    s, c, e = math.sin(x[0]), math.cos(x[0]), math.exp(x[1] * x[2])
    a, b = x[1], x[2]
    return np.array([
        [-s * e + 2 * b, c * b * e, c * a * e + 2 * x[0]],
        [c * b * e, s * b * b * e, s * e * (1 + a * b)],
        [c * a * e + 2 * x[0], s * e * (1 + a * b), s * a * a * e],
    ])


def vector_f(x):
    return np.array([x[0] * x[1], np.sin(x[2]) * x[0], np.exp(x[1])])


def vector_f_jax(x):
    return jnp.stack([x[0] * x[1], jnp.sin(x[2]) * x[0], jnp.exp(x[1])])


def vector_jacobian(x):
    return np.array([[x[1], x[0], 0.0],
                     [math.sin(x[2]), 0.0, x[0] * math.cos(x[2])],
                     [0.0, math.exp(x[1]), 0.0]])


POINT = np.array([0.4, -0.7, 1.3])
V = np.array([0.5, -1.0, 2.0])
U = np.array([1.5, 0.25, -2.0])


def truths():
    """Every operator at POINT from jax in float64 (checked against the hand-derived ones)."""
    with jax.enable_x64(True):
        x, v, u = (jnp.asarray(a) for a in (POINT, V, U))
        values = {
            "gradient": jax.grad(scalar_f_jax)(x), "hessian": jax.hessian(scalar_f_jax)(x),
            "hvp": jax.jvp(jax.grad(scalar_f_jax), (x,), (v,))[1],
            "jacobian": jax.jacfwd(vector_f_jax)(x),
            "jvp": jax.jvp(vector_f_jax, (x,), (v,))[1],
            "vjp": jax.vjp(vector_f_jax, x)[1](u)[0],
        }
        return {key: np.asarray(value, dtype=np.float64) for key, value in values.items()}


TRUTH = truths()


def test_the_jax_truths_match_the_hand_derived_derivatives():
    np.testing.assert_allclose(TRUTH["gradient"], scalar_gradient(POINT), rtol=1e-14, atol=0)
    np.testing.assert_allclose(TRUTH["hessian"], scalar_hessian(POINT), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(TRUTH["jacobian"], vector_jacobian(POINT), rtol=1e-14, atol=0)


ARRAY_OPERATORS = ("jacobian", "jvp", "vjp")


def compiled(engine, operator, f=None, **options):
    array = operator in ARRAY_OPERATORS
    problem = make_problem(f or (vector_f if array else scalar_f), POINT,
                           outputs="array" if array else "scalar")
    return backends.get(engine).compile(problem, operator=operator, **options)


def direction(operator):
    return {"hvp": (V,), "jvp": (V,), "vjp": (U,)}.get(operator, ())


def estimate(engine, operator, **options):
    """The engine's Estimate for ``operator`` at POINT."""
    result = compiled(engine, operator, **options)
    return result.estimator(POINT, *direction(operator))


def native(engine):
    return [op for op in backends.OPERATORS if op in backends.get(engine).operators]


# --- exact: autograd ---------------------------------------------------------------------------

@pytest.mark.parametrize("operator", backends.OPERATORS)
def test_autograd_is_exact_for_every_operator(operator):
    got = compiled("autograd", operator).gradient(POINT, *direction(operator))
    np.testing.assert_allclose(got, TRUTH[operator], rtol=1e-13, atol=0)
    assert got.dtype == np.float64 and got.shape == TRUTH[operator].shape


@pytest.mark.parametrize("name, f, at, exact", CASES, ids=[c[0] for c in CASES])
def test_autograd_gradient_of_the_smooth_set(name, f, at, exact):
    problem = make_problem(f, at)
    result = backends.get("autograd").compile(problem)
    np.testing.assert_allclose(result.gradient(problem.x0), np.ravel(exact), rtol=1e-13, atol=0)
    assert result.notes == ()


def test_autograd_reads_the_triangle_numpy_reads():
    a = np.array([[2.0, 0.3, -0.4], [0.1, 3.0, 0.2], [0.5, -0.6, 4.0]])

    def lower(a):  # eigvalsh reads the lower triangle: sum of squared eigenvalues = |S|_F^2
        return np.sum(np.linalg.eigvalsh(a) ** 2)

    def upper(a):
        return np.sum(np.linalg.eigh(a, UPLO="U")[0] ** 2)

    want_lower = 2 * np.tril(a) + 2 * np.tril(a, -1)  # off-diagonal entries count twice
    want_upper = 2 * np.triu(a) + 2 * np.triu(a, 1)
    for f, want in ((lower, want_lower), (upper, want_upper)):
        problem = make_problem(f, a)
        got = backends.get("autograd").compile(problem).gradient(problem.x0)
        np.testing.assert_allclose(got.reshape(3, 3), want, rtol=1e-12, atol=1e-14)


WEIGHTS = np.array([[1.0, 0.0], [2.0, 3.0]])


@pytest.mark.parametrize("upper", [False, True])
def test_autograd_cholesky_reads_one_triangle(upper):
    a = np.array([[4.0, 0.7], [1.0, 3.0]])  # not symmetric: numpy reads one triangle

    def f(a):
        return np.sum(np.linalg.cholesky(a, upper=upper) * (WEIGHTS.T if upper else WEIGHTS))

    def f_jax(a):
        s = jnp.triu(a) + jnp.triu(a, 1).T if upper else jnp.tril(a) + jnp.tril(a, -1).T
        return jnp.sum(jnp.linalg.cholesky(s) * WEIGHTS)  # the upper factor is L^T

    with jax.enable_x64(True):
        want = np.asarray(jax.grad(f_jax)(jnp.asarray(a)), dtype=np.float64).ravel()
    problem = make_problem(f, a)
    got = backends.get("autograd").compile(problem).gradient(problem.x0)
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)
    assert got[1 if not upper else 2] == 0.0  # the triangle numpy does not read


@pytest.mark.parametrize("f, construct", [
    (lambda x: np.mean(x, where=np.array([True, False, True])), "np.mean(where="),
    (lambda x: np.sum(x, where=np.array([True, False, True])), "np.sum(where="),
    (lambda x: np.var(x, where=np.array([True, False, True])), "np.var(where="),
    (lambda x: np.max(x, initial=5.0), "np.max(initial="),
    (lambda x: np.prod(x, 0, None, None, False, 2.0), "np.prod(initial="),
    (lambda x: np.linalg.norm(x, ord=np.inf), "np.linalg.norm(ord=inf"),
    (lambda x: np.linalg.norm(x, ord=1), "np.linalg.norm(ord=1"),
    (lambda x: np.sum(np.linalg.norm(x.reshape(1, 3), axis=1, keepdims=True)),
     "np.linalg.norm(keepdims="),
])
def test_autograd_refuses_arguments_its_rules_ignore(f, construct):
    problem = make_problem(f, np.array([1.0, 2.0, 3.0]))
    with pytest.raises(BackendError, match=f"autograd: {construct}".replace("(", r"\(")):
        backends.get("autograd").compile(problem)


def test_autograd_refuses_a_method_whose_argument_escapes_its_rules():
    def f(x):  # an ArrayBox method: not the rebound namespace; caught by the central check
        return x.mean(where=np.array([True, False, True]))

    with pytest.raises(BackendError, match="disagrees with central differences"):
        backends.get("autograd").compile(make_problem(f, np.array([1.0, 2.0, 3.0])))


def test_autograd_names_what_it_cannot_differentiate():
    with pytest.raises(BackendError, match="autograd: .*cumprod"):
        backends.get("autograd").compile(make_problem(lambda x: np.sum(np.cumprod(x)), POINT))
    with pytest.raises(BackendError, match="autograd: .*float"):
        backends.get("autograd").compile(make_problem(lambda x: float(x[0]) * x[1], POINT))


def test_autograd_branches_on_values():
    def f(x):
        return x[0] ** 2 if x[0] > 0 else -x[0]

    got = backends.get("autograd").compile(make_problem(f, np.array([0.5]))).gradient
    assert got(np.array([0.5]))[0] == 1.0 and got(np.array([-2.0]))[0] == -1.0


# --- numerical: numdifftools, scipy.differentiate -----------------------------------------------

NUMERICAL_OPERATORS = [(e, op) for e in NUMERICAL for op in native(e)]


def test_the_numerical_engines_declare_what_their_libraries_compute():
    assert native("numdifftools") == ["gradient", "jacobian", "hessian", "jvp"]
    assert native("scipy-differentiate") == ["gradient", "jacobian", "hessian"]
    assert native("autograd") == list(backends.OPERATORS)
    assert backends.get("autograd").exact
    assert not any(backends.get(e).exact for e in NUMERICAL)
    assert all(backends.get(e).takes_step for e in NUMERICAL)
    assert not backends.get("autograd").takes_step


@pytest.mark.parametrize("engine, operator", NUMERICAL_OPERATORS)
def test_numerical_operators_are_accurate_and_bounded_by_their_error_estimate(engine, operator):
    result = estimate(engine, operator)
    want = TRUTH[operator]
    assert result.gradient.shape == want.shape
    error = float(np.linalg.norm(result.gradient - want))
    assert error <= NUMERICAL_RTOL[engine] * np.linalg.norm(want), (error, result)
    assert error <= result.error_estimate, (error, result.error_estimate)
    assert result.n_evals and result.n_evals > 0


@pytest.mark.parametrize("engine", NUMERICAL)
@pytest.mark.parametrize("name, f, at, exact", CASES, ids=[c[0] for c in CASES])
def test_numerical_gradients_of_the_smooth_set(engine, name, f, at, exact):
    problem = make_problem(f, at)
    result = backends.get(engine).compile(problem).estimate(problem.x0)
    error = float(np.linalg.norm(result.gradient - np.ravel(exact)))
    assert error <= NUMERICAL_RTOL[engine] * max(1.0, float(np.linalg.norm(exact))), error
    assert error <= result.error_estimate, (error, result.error_estimate)


def test_numdifftools_jvp_is_along_v_not_its_unit_vector():
    result = estimate("numdifftools", "jvp")
    assert result.n_evals > 10
    np.testing.assert_allclose(result.gradient, vector_jacobian(POINT) @ V, rtol=1e-10, atol=0)
    zero = compiled("numdifftools", "jvp").estimator(POINT, np.zeros(3))
    assert np.array_equal(zero.gradient, np.zeros(3)) and zero.error_estimate == 0


def test_numdifftools_variants_and_step():
    for method in ("forward", "backward"):
        result = estimate("numdifftools", "gradient", method=method)
        error = float(np.linalg.norm(result.gradient - TRUTH["gradient"]))
        assert error <= 1e-9 and error <= result.error_estimate
    fixed = estimate("numdifftools", "gradient", step=1e-2)
    assert fixed.step == pytest.approx(1e-2, rel=1e-12)  # x + h - x, as numdifftools takes it
    error = float(np.linalg.norm(fixed.gradient - TRUTH["gradient"]))
    assert 1e-8 < error <= fixed.error_estimate  # one fixed step: less accurate, still bounded


def test_scipy_differentiate_reports_a_non_converged_entry_as_untrusted():
    result = estimate("scipy-differentiate", "gradient", maxiter=1)
    assert result.error_estimate == math.inf
    assert any("did not converge for 3 of 3 entries" in note and "status -2" in note
               for note in result.notes), result.notes


def test_scipy_differentiate_status_reaches_the_comparison():
    cmp = gl.compare(scalar_f, POINT, backends=["scipy-differentiate", "jax"],
                     options={"scipy-differentiate": {"maxiter": 1}})
    row = cmp["scipy-differentiate"]
    assert row.status != "ok" and "did not converge" in " ".join(row.notes)


def test_scipy_differentiate_zero_entries_need_an_absolute_tolerance():
    cmp = gl.compare(vector_f, POINT, backends=["scipy-differentiate", "jax", "numdifftools"])
    row = cmp["scipy-differentiate"]
    assert row.status == "inaccurate", row.error
    assert "did not converge for 4 of 9 entries" in " ".join(row.notes)
    assert "give an absolute one, atol=" in " ".join(row.notes)
    result = estimate("scipy-differentiate", "jacobian", atol=1e-12)
    assert result.error_estimate < 1e-9 and not any("converge" in n for n in result.notes)


def test_scipy_differentiate_counts_the_points_it_evaluates():
    calls = []

    def f(x):
        calls.append(1)
        return scalar_f(x)

    problem = make_problem(f, POINT)
    compiled_ = backends.get("scipy-differentiate").compile(problem, operator="hessian")
    calls.clear()
    result = compiled_.estimate(POINT)
    assert result.n_evals >= len(calls) > 0  # batched calls count every point they hold
    assert any("nfev" in note for note in result.notes)


@pytest.mark.parametrize("engine, options, message", [
    ("numdifftools", {"method": "complex"}, "no method 'complex'"),
    ("numdifftools", {"order": 3}, "even order"),
    ("numdifftools", {"order": 0}, "positive integer"),
    ("numdifftools", {"order": 2.0}, "positive integer"),
    ("numdifftools", {"step": -1.0}, "step must be a positive"),
    ("scipy-differentiate", {"order": 7}, "positive even integer"),
    ("scipy-differentiate", {"maxiter": 0}, "maxiter must be a positive integer"),
    ("scipy-differentiate", {"atol": -1.0}, "atol must be a finite number >= 0"),
    ("scipy-differentiate", {"rtol": math.nan}, "rtol must be a finite number >= 0"),
    ("scipy-differentiate", {"step": 0.0}, "step must be a positive"),
])
def test_options_are_checked_never_ignored(engine, options, message):
    with pytest.raises(InputError, match=message):
        compiled(engine, "gradient", **options)


def test_numdifftools_hessian_refuses_an_order_it_would_change():
    with pytest.raises(InputError, match="order 2 only"):
        compiled("numdifftools", "hessian", order=4)


def test_options_change_the_result():
    loose = estimate("scipy-differentiate", "gradient", order=2, rtol=1e-3)
    tight = estimate("scipy-differentiate", "gradient")
    assert loose.error_estimate > 1e3 * tight.error_estimate
    assert "nfev 9 to 11" in loose.notes[0] and "nfev 11 to 11" in tight.notes[0]
    step = estimate("scipy-differentiate", "gradient", step=0.1)
    assert step.step == 0.1 and not np.array_equal(step.gradient, tight.gradient)


@pytest.mark.parametrize("engine, operator", [("numdifftools", "hvp"), ("numdifftools", "vjp"),
                                              ("scipy-differentiate", "jvp"),
                                              ("scipy-differentiate", "hvp")])
def test_an_operator_the_library_lacks_is_refused(engine, operator):
    with pytest.raises(BackendError, match=f"computes no {operator} itself"):
        compiled(engine, operator)


@pytest.mark.parametrize("engine", NEW)
def test_an_unknown_operator_is_an_input_error(engine):
    with pytest.raises(InputError, match="operator must be one of"):
        compiled(engine, "laplacian")


@pytest.mark.parametrize("engine", NEW)
def test_a_gradient_of_an_array_function_is_refused(engine):
    with pytest.raises((BackendError, InputError), match="one real output|returns 3 values"):
        problem = make_problem(vector_f, POINT)
        result = backends.get(engine).compile(problem)
        result.estimate(POINT)


# --- the snippets: the library's own idiom, runnable, giving the same numbers ------------------

@pytest.mark.parametrize("engine, operator", [(e, op) for e in NEW for op in native(e)])
def test_snippets_run_and_give_the_operator(engine, operator):
    array = operator in ARRAY_OPERATORS
    problem = make_problem(vector_f if array else scalar_f, POINT,
                           outputs="array" if array else "scalar")
    code = backends.get(engine).code(problem, operator=operator)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        exec(compile(code, f"<{engine} snippet>", "exec"), namespace)  # noqa: S102
    assert printed.getvalue().strip()
    x = namespace["x"]
    directions = {"hvp": "v", "jvp": "v", "vjp": "u"}
    if operator in directions:  # the snippet's own direction: the truth for it, by hand
        d = namespace[directions[operator]]
        want = {"hvp": scalar_hessian(x) @ d, "jvp": vector_jacobian(x) @ d,
                "vjp": d @ vector_jacobian(x)}[operator]
    else:
        want = {"gradient": scalar_gradient(x), "hessian": scalar_hessian(x),
                "jacobian": vector_jacobian(x)}[operator]
    rtol = 1e-13 if engine == "autograd" else 1e-8
    np.testing.assert_allclose(np.asarray(namespace[operator]), want, rtol=rtol, atol=1e-12)


def test_snippets_write_the_options():
    problem = make_problem(scalar_f, POINT)
    code = backends.get("numdifftools").code(problem, method="forward", step=0.01, order=4)
    assert "nd.Gradient(F, method='forward', step=0.01, order=4)(x)" in code
    code = backends.get("scipy-differentiate").code(problem, operator="hessian", order=4,
                                                     atol=1e-12)
    assert "differentiate.hessian(F_columns, x, order=4, tolerances={'atol': 1e-12})" in code


# --- compare -----------------------------------------------------------------------------------

def test_compare_runs_them_only_when_named():
    assert not set(NEW) & {s.partition(":")[0] for s in backends.default_specs()}
    cmp = gl.compare(scalar_f, POINT, backends=list(NEW) + ["jax", "sympy"])
    for engine in NEW:
        row = cmp[engine]
        assert row.status == "ok", (engine, row.error)
        np.testing.assert_allclose(np.ravel(row.gradient), TRUTH["gradient"], rtol=1e-9, atol=0)
    assert cmp["numdifftools"].error_estimate > 0 and cmp["scipy-differentiate"].n_evals > 0


@pytest.mark.parametrize("operator", backends.OPERATORS)
def test_compare_every_operator_with_the_new_engines(operator):
    array = operator in ARRAY_OPERATORS
    f = vector_f if array else scalar_f
    d = {"hvp": V, "jvp": V, "vjp": U}.get(operator)
    options = {"scipy-differentiate": {"atol": 1e-12}} if array else None  # J has zeros
    cmp = gl.compare(f, POINT, backends=list(NEW) + ["jax"], derivative=operator, direction=d,
                     options=options)
    for engine in NEW:
        row = cmp[engine]
        assert row.status == "ok", (engine, operator, row.error)
        rtol = 1e-13 if engine == "autograd" else 1e-8
        got = np.asarray(row.gradient)
        assert np.linalg.norm(got - TRUTH[operator]) <= rtol * np.linalg.norm(TRUTH[operator])
        derived = any("derived from the engine's own" in note for note in row.notes)
        assert derived == (operator not in backends.get(engine).operators), (engine, row.notes)


def test_the_api_takes_them_by_name():
    np.testing.assert_allclose(gl.hessian(scalar_f, POINT, backend="autograd"), TRUTH["hessian"],
                               rtol=1e-13, atol=0)
    jac = gl.jacobian(vector_f, POINT, backend="numdifftools")
    assert np.linalg.norm(jac - TRUTH["jacobian"]) <= 1e-10 * np.linalg.norm(TRUTH["jacobian"])
    hvp = gl.hvp(scalar_f, POINT, V, backend="scipy-differentiate")  # from its hessian
    assert np.linalg.norm(hvp - TRUTH["hvp"]) <= 1e-8 * np.linalg.norm(TRUTH["hvp"])
