"""The engines wrapping other libraries: autograd (exact) for every operator, the refusals of
all three, their code snippets, and gl.compare / the API with them (numdifftools and
scipy.differentiate in detail: test_engines_new_numerical.py). Truth: new_engines_truth.py."""

import contextlib
import io

import numpy as np
import pytest
from new_engines_truth import (
    ARRAY_OPERATORS,
    NEW,
    POINT,
    TRUTH,
    U,
    V,
    compiled,
    direction,
    jax,
    jnp,
    native,
    scalar_f,
    scalar_gradient,
    scalar_hessian,
    vector_f,
    vector_jacobian,
)
from optional_engines import require
from smooth_functions import CASES

import gradlab as gl
from gradlab import backends
from gradlab.errors import BackendError, InputError
from gradlab.problem import make_problem

require("autograd", "numdifftools", "scipy.differentiate")



def test_the_jax_truths_match_the_hand_derived_derivatives():
    np.testing.assert_allclose(TRUTH["gradient"], scalar_gradient(POINT), rtol=1e-14, atol=0)
    np.testing.assert_allclose(TRUTH["hessian"], scalar_hessian(POINT), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(TRUTH["jacobian"], vector_jacobian(POINT), rtol=1e-14, atol=0)


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


MASK = np.array([True, False, True])


@pytest.mark.parametrize("operator", ["hessian", "hvp"])
def test_autograd_checks_the_gradient_behind_a_second_derivative(operator):
    def f(x):
        return x.mean(where=MASK) ** 2

    with pytest.raises(BackendError, match="its gradient .* disagrees with central"):
        compiled("autograd", operator, f)


@pytest.mark.parametrize("operator", ["jacobian", "jvp", "vjp"])
def test_autograd_checks_an_array_function_through_a_weighted_sum(operator):
    def f(x):
        return np.array([x[0] * x[1], x.mean(where=MASK)])

    with pytest.raises(BackendError, match=r"u\^T J .* disagrees with central"):
        compiled("autograd", operator, f)


def test_autograd_names_what_it_cannot_differentiate():
    with pytest.raises(BackendError, match="autograd: .*cumprod"):
        backends.get("autograd").compile(make_problem(lambda x: np.sum(np.cumprod(x)), POINT))
    with pytest.raises(BackendError, match="autograd: .*float"):
        backends.get("autograd").compile(make_problem(lambda x: float(x[0]) * x[1], POINT))


def test_autograd_vdot_flattens_both_arrays():
    def f(x):
        return np.vdot(x, x * np.arange(1.0, 7.0).reshape(2, 3))

    x = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -2.0]])
    got = backends.get("autograd").compile(make_problem(f, x)).gradient(x.ravel())
    np.testing.assert_allclose(got, 2 * x.ravel() * np.arange(1.0, 7.0), rtol=1e-15, atol=0)


def test_autograd_branches_on_values():
    def f(x):
        return x[0] ** 2 if x[0] > 0 else -x[0]

    got = backends.get("autograd").compile(make_problem(f, np.array([0.5]))).gradient
    assert got(np.array([0.5]))[0] == 1.0 and got(np.array([-2.0]))[0] == -1.0


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
