"""The unchanged-function mechanism: numpy/math calls, imports, helpers, closures, vector code."""

import math
from math import sqrt as msqrt

import numpy as np
import pytest
from numpy import exp, sin
from tolerances import EXACT_RTOL, assert_gradient

import gradlab as gl

ENGINES = ["sympy", "jax", "pytensor", "dual", "finite-diff:complex-step"]
SCALE = 3.0


def square(t):
    return t * t


def twice_removed(t):
    return square(t) + np.cos(t)


def recursive_power(t, k):
    return 1.0 if k == 0 else t * recursive_power(t, k - 1)


def attribute_calls(x, y):
    return np.sin(x) * np.exp(y) + math.log(x) + math.sqrt(y)


def bare_imports(x, y):
    return sin(x) * exp(y) + msqrt(x * y)


def helpers(x, y):
    return twice_removed(x) * SCALE + recursive_power(y, 3)


def make_closure(a):
    def inner(x, y):
        return a * np.sin(x) + square(y)

    return inner


def vector_code(x):
    n = x.shape[0]
    weights = np.arange(1, n)
    return np.sum(weights * x[1:] ** 2) / len(x) + x @ np.eye(n)[0] + x[-1] * x[0]


def test_attribute_calls_on_np_and_math():
    want = [np.cos(0.5) * np.exp(1.5) + 1 / 0.5, np.sin(0.5) * np.exp(1.5) + 0.5 / np.sqrt(1.5)]
    for engine in ENGINES:
        assert_gradient(gl.gradient(attribute_calls, (0.5, 1.5), engine), want, engine)


def test_names_imported_from_numpy_and_math():
    x, y = 0.5, 1.5
    want = [np.cos(x) * np.exp(y) + 0.5 * y / np.sqrt(x * y),
            np.sin(x) * np.exp(y) + 0.5 * x / np.sqrt(x * y)]
    for engine in ENGINES:
        assert_gradient(gl.gradient(bare_imports, (x, y), engine), want, engine)


def test_helpers_recursion_and_module_constants():
    x, y = 0.4, 1.2
    want = [(2 * x - np.sin(x)) * SCALE, 3 * y**2]
    for engine in ENGINES:
        assert_gradient(gl.gradient(helpers, (x, y), engine), want, engine)


def test_closures_and_lambdas():
    f = make_closure(2.5)
    g = lambda x, y: f(x, y) + np.tanh(x)  # noqa: E731
    want = [2.5 * np.cos(0.3) + 1 - np.tanh(0.3) ** 2, 2 * 0.7]
    for engine in ENGINES:
        assert_gradient(gl.gradient(g, {"x": 0.3, "y": 0.7}, engine), want, engine)


@pytest.mark.parametrize("engine", ["sympy", "jax", "dual", "finite-diff:central"])
def test_vector_code(engine):
    x = np.array([1.0, 2.0, 3.0, 4.0])
    n = x.size
    want = np.zeros(n)
    want[1:] = 2 * np.arange(1, n) * x[1:] / n
    want[0] += 1 + x[-1]
    want[-1] += x[0]
    assert_gradient(gl.gradient(vector_code, x, engine), want, engine)


def test_the_users_function_and_module_are_untouched():
    before = dict(globals())
    gl.compare(helpers, (0.4, 1.2), timing=False)
    assert helpers.__globals__ is globals()
    assert np is before["np"] and sin is np.sin and math.sqrt is msqrt
    assert twice_removed.__globals__["square"] is square
    assert helpers(0.4, 1.2) == pytest.approx(twice_removed(0.4) * SCALE + 1.2**3, rel=1e-15)


def test_unsupported_numpy_call_names_the_construct():
    def uses_fft(x):
        return np.real(np.fft.fft(np.array([x, x]))[0])

    with pytest.raises(gl.BackendError) as info:
        gl.gradient(uses_fft, [0.5], backend="sympy")
    message = str(info.value)
    assert message.startswith("sympy") and "np.fft.fft" in message, message


def test_python_branch_on_value_is_explained_per_engine():
    def branch(x):
        if x > 0:
            return x * x
        return -x

    cmp = gl.compare(branch, [0.5], timing=False)
    assert "if x > 0" in cmp["sympy"].error and "symbolic" in cmp["sympy"].error
    assert cmp["jax"].ok and "without jit" in " ".join(cmp["jax"].notes)
    assert cmp["dual"].gradient.tolist() == [1.0]
    assert "if x > 0" in cmp["pytensor"].error


def local_imports(x, y):
    import math as m

    import numpy as onp
    from numpy import cosh

    return onp.sum(onp.array([x, y]) ** 2) + m.exp(x) + cosh(y)


def test_imports_inside_the_function_are_reached():
    want = [2 * 0.5 + np.exp(0.5), 2 * 1.5 + np.sinh(1.5)]
    for engine in ["sympy", "jax", "pytensor", "dual"]:
        got = gl.gradient(local_imports, (0.5, 1.5), engine)
        assert_gradient(got, want, engine)


def uses_scipy_special(x, y):
    from scipy.special import erf, expit

    return erf(x) * y + expit(y) + np.trace(np.outer([x, y], [1.0, 2.0])) + np.cumsum([x, y])[-1]


def test_scipy_special_erf_and_expit_reach_every_engine():
    x, y = 0.4, -0.3
    s = 1 / (1 + np.exp(-y))
    want = [2 / np.sqrt(np.pi) * np.exp(-x * x) * y + 1 + 1,
            math.erf(x) + s * (1 - s) + 2 + 1]
    for engine in ["sympy", "jax", "pytensor", "dual", "finite-diff:richardson"]:
        got = gl.gradient(uses_scipy_special, (x, y), engine)
        assert_gradient(got, want, engine)


def test_math_hypot_with_three_coordinates():
    f = lambda x, y, z: math.hypot(x, y, z)  # noqa: E731
    cmp = gl.compare(f, {"x": 1.0, "y": 2.0, "z": 2.0}, timing=False)
    for row in cmp.results:
        assert row.ok, row
        assert_gradient(row.gradient, [1 / 3, 2 / 3, 2 / 3], row.backend)


def shapes_and_indices(x):
    base = np.zeros(3) + np.full((2, 2), 0.5).sum() + np.ones(2)[0]
    return np.sum(base * x) + np.sum(x * x * np.arange(3)[np.arange(2)].sum())


@pytest.mark.parametrize("engine", ["jax", "pytensor", "dual", "sympy"])
def test_shape_and_index_arguments_stay_integers(engine):
    np.testing.assert_allclose(gl.gradient(shapes_and_indices, [0.5], engine), [9.0 + 1.0],
                               rtol=EXACT_RTOL, atol=0)


def test_jax_refuses_a_tracer_turned_into_a_number():
    def item(x):
        return x.item() * x

    cmp = gl.compare(item, {"x": 1.5}, timing=False)
    assert cmp["jax"].status == "failed" and ".item()" in cmp["jax"].error
    assert "(numerical estimate)" in cmp.reference_source
    assert "no SymPy reference" in cmp.reference_source
    # a numerical reference must be the best estimate there is: Richardson's accuracy or better
    assert_gradient(cmp.reference, [3.0], "finite-diff:richardson")


def log_likelihood(w, b):
    from scipy.special import gammaln, logsumexp, xlogy

    logits = np.array([w, 2.0 * w + b, b])
    return logsumexp(logits) - logits[0] + gammaln(w + 3.0) + xlogy(b, w)


PYTENSOR_C_PSI = pytest.mark.xfail(
    strict=True, reason="PyTensor's C (CVM) digamma, used for gammaln's gradient, is off by "
    "1e-10 relative at 3.7 (its Numba digamma is exact); gl.compare flags the row against the "
    "50-digit reference. Strict: a fixed PyTensor fails this mark so it gets removed")


@pytest.mark.parametrize("engine", ["sympy", "jax", pytest.param("pytensor", marks=PYTENSOR_C_PSI),
                                    "dual", "finite-diff:central"])
def test_logsumexp_gammaln_xlogy_reach_the_autodiff_engines(engine):
    from scipy.special import digamma

    w, b = 0.7, 1.3
    z = np.array([w, 2 * w + b, b])
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    want = [p[0] + 2 * p[1] - 1 + digamma(w + 3.0) + b / w, p[1] + p[2] + np.log(w)]
    assert_gradient(gl.gradient(log_likelihood, (w, b), engine), want, engine)


def hinge(x, y):
    return max(x * y, 0.0) + min(x, 2.0) ** 2 + np.clip(y, -1.0, 0.5) + np.max(np.array([x, y]))


@pytest.mark.parametrize("engine", ["sympy", "jax", "pytensor", "dual", "finite-diff:central"])
def test_builtin_max_min_and_clip(engine):
    # at (1.5, 0.8): x*y > 0, x < 2, y clipped at 0.5, max is x
    want = [0.8 + 2 * 1.5 + 1.0, 1.5]
    assert_gradient(gl.gradient(hinge, (1.5, 0.8), engine), want, engine)


def linear_algebra(x):
    a = np.array([[2.0 + x[0], 1.0], [1.0, 3.0 + x[1] ** 2]])
    b = np.array([1.0, x[0]])
    return np.linalg.det(a) + b @ np.linalg.solve(a, b) + np.sum(np.linalg.inv(a))


def linear_algebra_grad(x):
    """By hand: d det = det tr(A^-1 dA), d(b'A^-1 b) = 2 db'A^-1 b - b'A^-1 dA A^-1 b,
    d sum(A^-1) = -1'A^-1 dA A^-1 1, with dA/dx0 = E00, dA/dx1 = 2 x1 E11, db/dx0 = e1."""
    a = np.array([[2.0 + x[0], 1.0], [1.0, 3.0 + x[1] ** 2]])
    b, ones = np.array([1.0, x[0]]), np.ones(2)
    ainv_b, ainv_1 = np.linalg.solve(a, b), np.linalg.solve(a, ones)
    d_det = [a[1, 1], 2 * x[1] * a[0, 0]]
    d_quad = [2 * ainv_b[1] - ainv_b[0] ** 2, -2 * x[1] * ainv_b[1] ** 2]
    d_sum = [-ainv_1[0] ** 2, -2 * x[1] * ainv_1[1] ** 2]
    return np.add(np.add(d_det, d_quad), d_sum)


@pytest.mark.parametrize("engine", ["sympy", "jax", "pytensor", "dual"])
def test_det_inv_solve(engine):
    x = np.array([0.3, -0.7])
    assert_gradient(gl.gradient(linear_algebra, x, engine), linear_algebra_grad(x), engine)


def python_loop(x):
    total = 0.0
    for i in range(len(x)):
        total = total + (i + 1) * x[i] ** 2
    return total + np.sum(np.arange(x.shape[0]) * x)


@pytest.mark.parametrize("engine", ["sympy", "jax", "pytensor", "dual"])
def test_python_loops_over_a_vector(engine):
    x = np.array([1.0, 2.0, 3.0])
    want = 2 * np.arange(1, 4) * x + np.arange(3)
    assert_gradient(gl.gradient(python_loop, x, engine), want, engine)
