"""The sympy engine follows numpy's semantics for what it maps, or refuses by name.

Truth is jax.grad in float64 on the same function written with jax.numpy. SymPy's gradient is
also gradlab's 50-digit reference, so both its float64 value and its reference are checked.
"""

import math

import jax
import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np
import pytest
import scipy.special as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gradlab as gl
from gradlab.comparison.runner import compile_for
from gradlab.errors import BackendError
from gradlab.problem import make_problem

RTOL = 1e-12
EXAMPLES = settings(derandomize=True, max_examples=12, deadline=None)


def jax_truth(make, x):
    with jax.enable_x64(True):
        return np.asarray(jax.grad(make(jnp, jsp))(jnp.asarray(x, dtype=jnp.float64)))


def sympy_both(make, x):
    """(float64 gradient, 50-digit reference gradient) from the sympy engine."""
    f = make(np, sp)
    gradient = gl.gradient(f, x, backend="sympy")
    compiled, _, _ = compile_for("sympy", make_problem(f, x))  # cached: the same compile
    return gradient, compiled.reference(np.asarray(x, dtype=np.float64))


def assert_matches_jax(make, x):
    truth = jax_truth(make, x)
    gradient, reference = sympy_both(make, x)
    np.testing.assert_allclose(gradient, truth, rtol=RTOL, atol=0)
    np.testing.assert_allclose(reference, truth, rtol=RTOL, atol=0)


def point(size, seed):
    """Distinct values away from 0 (no ties, no kinks) of both signs."""
    rng = np.random.default_rng(seed)
    magnitudes = 0.3 + rng.permutation(size) / size + rng.uniform(0, 0.01, size)
    return magnitudes * rng.choice([-1.0, 1.0], size)


shapes = st.lists(st.integers(1, 3), min_size=1, max_size=3).map(tuple)


@st.composite
def shape_and_axis(draw):
    shape = draw(shapes)
    ndim = len(shape)
    axis = draw(st.one_of(
        st.none(), st.integers(-ndim, ndim - 1),
        st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True).map(
            lambda axes: tuple(a - ndim if i % 2 else a for i, a in enumerate(axes)))))
    return shape, axis


REDUCTIONS = ["sum", "mean", "prod", "max", "min", "amax", "amin", "std", "var", "ptp"]
FUNCTION_ONLY = ("amax", "amin", "ptp")  # numpy 2 arrays have no .ptp() method


@EXAMPLES
@given(shape_and_axis(), st.sampled_from(REDUCTIONS), st.booleans(), st.booleans(),
       st.integers(0, 10**6))
def test_reductions_honour_axis_and_keepdims(case, name, keepdims, as_method, seed):
    shape, axis = case
    count = np.prod(shape) / np.size(np.sum(np.zeros(shape), axis=axis))
    assume(name != "std" or count > 1)  # the std of one number is 0: jax's sqrt'(0) gives nan
    reduced = getattr(np, name)(np.zeros(shape), axis=axis, keepdims=keepdims)
    weights = np.abs(point(max(reduced.size, 1), seed + 1)).reshape(np.shape(reduced))

    def make(xp, _):
        def f(x):
            a = x.reshape(shape)
            if as_method and name not in FUNCTION_ONLY:
                r = getattr(a, name)(axis=axis, keepdims=keepdims)
            else:
                r = getattr(xp, name)(a, axis=axis, keepdims=keepdims)
            return xp.sum(weights * xp.sin(r)) + xp.ndim(r) * x[0]  # kept dimensions count
        return f

    assert_matches_jax(make, point(int(np.prod(shape)), seed))


@EXAMPLES
@given(shapes, st.sampled_from(["cumsum", "cumprod"]), st.integers(0, 10**6), st.data())
def test_accumulations_honour_axis(shape, name, seed, data):
    axis = data.draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1)))
    size = int(np.prod(shape))
    weights = np.abs(point(size, seed + 1))  # no cancellation: jax's float64 truth stays exact

    def make(xp, _):
        return lambda x: xp.sum(weights * getattr(xp, name)(x.reshape(shape), axis=axis).ravel())

    assert_matches_jax(make, point(size, seed))


VECTOR_ORDS = [None, 1, 2, np.inf, -np.inf, 3, 0.5, -1.5]
MATRIX_ORDS = [None, "fro", 1, -1, np.inf, -np.inf]


@EXAMPLES
@given(st.booleans(), st.sampled_from([None, 0, -1, 1, (0, 1), (1, 0), (-1, 0)]),
       st.booleans(), st.integers(0, 10**6), st.data())
def test_norm_ord_axis_keepdims(vector, axis, keepdims, seed, data):
    shape = (12,) if vector else (3, 4)
    if vector and axis not in (None, 0, -1):
        axis = None
    matrix_case = not vector and (axis is None or isinstance(axis, tuple))
    order = data.draw(st.sampled_from(MATRIX_ORDS if matrix_case else VECTOR_ORDS))
    weights = point(12, seed + 1).reshape(shape)

    def make(xp, _):
        return lambda x: xp.sum(weights * xp.linalg.norm(x.reshape(shape), order, axis,
                                                          keepdims))

    assert_matches_jax(make, point(12, seed))


def test_norm_ord_1_is_the_reference_not_the_two_norm():
    x = np.array([0.3, -1.2, 0.8, 1.5, -0.4])
    cmp = gl.compare(lambda x: np.linalg.norm(x, 1), x, backends=["sympy", "jax"],
                     timing=False)
    assert cmp.reference_source.startswith("sympy")
    np.testing.assert_array_equal(cmp.reference, np.sign(x))
    np.testing.assert_array_equal(cmp.results[0].gradient, np.sign(x))


@pytest.mark.parametrize("order, axis", [("nuc", None), (2, None), (-2, (1, 0)), (0, 0),
                                         (0, None)])
def test_norms_without_a_symbolic_form_are_refused_by_name(order, axis):
    shape = (4,) if order == 0 else (2, 2)
    with pytest.raises(BackendError, match=r"np\.linalg\.norm\(ord="):
        gl.gradient(lambda x: np.linalg.norm(x.reshape(shape), order, axis), np.arange(1.0, 5.0),
                    backend="sympy")


def test_softmax_cross_entropy_row_wise_keepdims():
    targets = np.abs(point(9, 8)).reshape(3, 3)  # a permutation matrix hides a wrong axis

    def make(xp, _):
        def f(z):
            e = xp.exp(z.reshape(3, 3))
            return -xp.sum(targets * xp.log(e / xp.sum(e, axis=1, keepdims=True)))
        return f

    assert_matches_jax(make, point(9, 7))


ELEMENTWISE = {
    "sin": lambda xp, sp, x: xp.sin(x), "arctan2": lambda xp, sp, x: xp.arctan2(x, x[::-1]),
    "hypot": lambda xp, sp, x: xp.hypot(x, 2 * x[::-1]), "cbrt": lambda xp, sp, x: xp.cbrt(x),
    "sign": lambda xp, sp, x: xp.sign(x) * x**3, "floor": lambda xp, sp, x: xp.floor(3 * x) * x,
    "ceil": lambda xp, sp, x: xp.ceil(3 * x) * x, "trunc": lambda xp, sp, x: xp.trunc(3 * x) * x,
    "abs": lambda xp, sp, x: xp.abs(x) ** 1.5, "log1p": lambda xp, sp, x: xp.log1p(x**2),
    "expm1": lambda xp, sp, x: xp.expm1(x), "exp2": lambda xp, sp, x: xp.exp2(x),
    "log10": lambda xp, sp, x: xp.log10(x**2), "log2": lambda xp, sp, x: xp.log2(x**2),
    "maximum": lambda xp, sp, x: xp.maximum(x, x[::-1] * 0.9),
    "minimum": lambda xp, sp, x: xp.minimum(x, 0.1), "fmax": lambda xp, sp, x: xp.fmax(x, -x**2),
    "logaddexp": lambda xp, sp, x: xp.logaddexp(x, 2 * x[::-1]),
    "where": lambda xp, sp, x: xp.where(x > 0, x**2, xp.sin(x)),
    "where-equal": lambda xp, sp, x: xp.where(x == x[0], 5 * x, x**3),
    "comparison-and": lambda xp, sp, x: xp.where((x > -0.5) & (x < 0.9), x, -x),
    "clip-low": lambda xp, sp, x: xp.clip(x, -0.5, None),
    "clip-high": lambda xp, sp, x: xp.clip(x, None, 0.5) ** 2,
    "clip-both": lambda xp, sp, x: xp.clip(x, -0.5, 0.7) * x,
    "remainder": lambda xp, sp, x: xp.remainder(x, 0.35) * x,
    "fmod": lambda xp, sp, x: xp.fmod(x, 0.35) * x,
    "copysign": lambda xp, sp, x: xp.copysign(x**2, x[::-1]),
    "erf": lambda xp, sp, x: sp.erf(x), "expit": lambda xp, sp, x: sp.expit(x),
    "gammaln": lambda xp, sp, x: sp.gammaln(x**2), "xlogy": lambda xp, sp, x: sp.xlogy(x, x**2),
}


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_functions(name):
    weights = point(6, 11)

    def make(xp, special):
        return lambda x: xp.sum(weights * ELEMENTWISE[name](xp, special, x))

    assert_matches_jax(make, point(6, 3))


LINEAR_ALGEBRA = {
    "dot-matrices": lambda xp, x: xp.dot(x[:6].reshape(2, 3), x[6:].reshape(3, 2) ** 2).sum(),
    "dot-3d-2d": lambda xp, x: xp.sum(xp.dot(x[:12].reshape(2, 3, 2), x[:6].reshape(2, 3)) ** 2),
    "matmul": lambda xp, x: xp.sum((x.reshape(3, 4).T @ x.reshape(3, 4)) ** 2),
    "inner": lambda xp, x: xp.sum(xp.inner(x[:6].reshape(2, 3), x[6:].reshape(2, 3)) ** 2),
    "outer": lambda xp, x: xp.sum(xp.outer(x[:3], x[3:7]) ** 2),
    "transpose-axes": lambda xp, x: xp.sum(xp.transpose(x.reshape(2, 3, 2), (2, 0, 1))
                                           .reshape(-1) * xp.arange(12.0) ** 2),
    "x.T": lambda xp, x: xp.sum(x.reshape(3, 4).T * xp.arange(12.0).reshape(4, 3)),
    "diff": lambda xp, x: xp.sum(xp.diff(x.reshape(3, 4), n=2, axis=-1) ** 2)
    + xp.sum(xp.diff(x.reshape(3, 4), axis=0) ** 3),
    "trace": lambda xp, x: xp.trace(x[:9].reshape(3, 3) ** 2) + xp.trace(x[:9].reshape(3, 3), 1),
    "broadcast": lambda xp, x: xp.sum(x.reshape(3, 1, 4) * x[:8].reshape(2, 4) ** 2),
    "det-inv-solve": lambda xp, x: xp.linalg.det(x[:4].reshape(2, 2)) + xp.sum(
        xp.linalg.inv(x[:4].reshape(2, 2))) + xp.sum(xp.linalg.solve(x[:4].reshape(2, 2),
                                                                     x[4:6])),
    "array-of-parts": lambda xp, x: xp.sum(xp.array([x[0] * x[1], xp.sin(x[2])]) ** 2),
}


@pytest.mark.parametrize("name", sorted(LINEAR_ALGEBRA))
def test_linear_algebra_and_shapes(name):
    assert_matches_jax(lambda xp, _: lambda x: LINEAR_ALGEBRA[name](xp, x), point(12, 5))


def test_logsumexp_axis_keepdims_and_b():
    weights = np.array([1.0, 2.0, 0.5])

    def make(xp, special):
        return lambda x: xp.sum(special.logsumexp(x.reshape(2, 3), axis=1, b=weights,
                                                  keepdims=True) * xp.array([[1.0], [3.0]]))

    assert_matches_jax(make, point(6, 2))


def test_math_hypot_with_three_coordinates():
    def make(xp, _):
        hypot = math.hypot if xp is np else lambda *v: jnp.sqrt(sum(c * c for c in v))
        return lambda x: hypot(x[0], x[1], x[2])

    assert_matches_jax(make, point(3, 9))


@pytest.mark.parametrize("f, construct", [
    (lambda x: np.sort(x)[0], "np.sort"),
    (lambda x: x[np.argmax(x)], "np.argmax"),
    (lambda x: np.sum(x[x > 0]), "mask"),
    (lambda x: np.where(x > 0)[0].sum() * x[0], r"np.where\(condition\)"),
    (lambda x: np.sum(x, out=np.zeros(())), r"sum\(out="),
    (lambda x: np.sum(x, where=x > 0), r"sum\(where="),
    (lambda x: np.round(x).sum(), "np.round"),
    (lambda x: np.median(x), "np.median"),
    (lambda x: np.var(x, mean=0.0), r"var\(mean="),
])
def test_refusals_name_function_and_argument(f, construct):
    with pytest.raises(BackendError, match=construct):
        gl.gradient(f, point(4, 1), backend="sympy")


def test_known_failures_are_fast_and_right():
    """sign gave NameError: DiracDelta; max took 20 s then failed; floor could not print."""
    x = point(64, 4)
    import time

    start = time.perf_counter()
    np.testing.assert_array_equal(gl.gradient(lambda x: np.max(x), x, backend="sympy"),
                                  (x == x.max()).astype(float))
    assert time.perf_counter() - start < 10
    np.testing.assert_array_equal(gl.gradient(lambda x: np.sum(np.sign(x)), x, backend="sympy"),
                                  np.zeros(64))
    np.testing.assert_array_equal(gl.gradient(lambda x: np.sum(np.floor(x) * x), x[:5],
                                              backend="sympy"), np.floor(x[:5]))


def test_where_and_max_are_not_described_as_a_python_if():
    row = gl.compare(lambda x: np.sum(np.where(x > 0, x, 0.0)) + x.max(), point(4, 2),
                     backends=["sympy"], timing=False).results[0]
    assert row.ok, row.error
    if_row = gl.compare(lambda x: x[0] if x[0] > 0 else -x[0], point(4, 2), backends=["sympy"],
                        timing=False).results[0]
    assert not if_row.ok and "if" in if_row.error


def test_functions_refused_on_variables_still_work_on_constants():
    gradient = gl.gradient(lambda x: np.round(2.6) * x[0] + np.sort(np.array([3.0, 1.0]))[0]
                           * x[1] + np.zeros(3).argmax() * x[2] + math.floor(3.5) * x[2],
                           point(3, 1), backend="sympy")
    np.testing.assert_array_equal(gradient, [3.0, 1.0, 3.0])


def test_xlogy_at_zero_has_derivative_log_b():
    x = np.array([0.0, 0.5])
    gradient = gl.gradient(lambda x: np.sum(sp.xlogy(x, 0.2)), x, backend="sympy")
    np.testing.assert_allclose(gradient, [np.log(0.2)] * 2, rtol=RTOL, atol=0)


def test_reference_outside_the_real_domain_is_nan_like_numpy():
    """mpmath's sqrt(-2) is complex; its real part (0) would be a wrong reference."""
    compiled, _, _ = compile_for("sympy", make_problem(lambda x: x[0] ** 0.5 + x[1], [-2.0, 1.0]))
    reference = compiled.reference(np.array([-2.0, 1.0]))
    assert np.isnan(reference[0]) and reference[1] == 1.0


def test_plain_data_gets_numpy_own_functions():
    """Reductions of the user's data stay numpy's float64 (np.where(c) is fine on data)."""
    data = np.array([[0.1, 0.7], [0.3, 0.2]])

    def f(x):
        scale = np.std(data, axis=0, ddof=1).sum() + np.where(data > 0.25)[0].sum()
        assert type(scale) is np.float64
        return scale * x[0] + np.linalg.norm(data, 1) * x[1]

    gradient = gl.gradient(f, point(2, 1), backend="sympy")
    np.testing.assert_array_equal(gradient, [np.std(data, axis=0, ddof=1).sum() + 1,
                                             np.linalg.norm(data, 1)])


def test_copysign_with_a_zero_sign_argument_is_not_a_guess():
    """numpy reads the sign bit of -0.0 (0.0 * -1.0); SymPy's zero has none: no number."""
    def f(x):
        return np.sum(np.sin(np.copysign(x**2 + 0.5, np.prod(x))))

    at_zero = gl.gradient(f, np.array([0.0, -1.0]), backend="sympy")
    assert np.all(np.isnan(at_zero))
    x = np.array([0.3, -1.0])  # prod < 0: -sin(x^2 + 0.5), derivative -2x cos(x^2 + 0.5)
    np.testing.assert_allclose(gl.gradient(f, x, backend="sympy"),
                               -2 * x * np.cos(x**2 + 0.5), rtol=1e-13, atol=0)


@pytest.mark.parametrize("make,x", [
    # exp(x_i) / sum(exp(x)) overflows in float64 at x ~ 710 while its value is below 1; some
    # entries came back NaN, others 0 (finite, and wrong)
    (lambda xp, sps: lambda X: xp.sum(sps.logsumexp(X.reshape(3, 4), axis=1)),
     np.linspace(700.0, 712.0, 12)),
    (lambda xp, sps: lambda x: xp.sum(xp.logaddexp(0.0, x)), np.array([800.0, -3.0, 2.0]))])
def test_a_formula_that_overflows_in_float64_is_evaluated_beyond_it(make, x):
    gradient, reference = sympy_both(make, x)
    truth = jax_truth(make, x)
    np.testing.assert_allclose(gradient, truth, rtol=RTOL, atol=0)
    np.testing.assert_allclose(reference, truth, rtol=RTOL, atol=0)
    with jax.enable_x64(True):
        hessian = np.asarray(jax.hessian(make(jnp, jsp))(jnp.asarray(x, dtype=jnp.float64)))
    got = gl.hess(make(np, sp), "sympy")(x)
    np.testing.assert_allclose(got, hessian, rtol=1e-10, atol=1e-300)


def test_a_singular_derivative_stays_infinite_where_mpmath_refuses_too():
    gradient = gl.gradient(lambda x: np.sum(np.sqrt(x)), np.array([0.0, 4.0]), backend="sympy")
    assert gradient[0] == np.inf and gradient[1] == 0.25


def test_copysign_at_a_zero_sign_argument_is_not_finite_rather_than_wrong():
    # prod(x) = +0.0 at x = [0, 1]: numpy takes the sign bit, SymPy has none. The zero branch's
    # NaN was a constant whose derivative is 0: the gradient came back 1 off, as finite numbers
    def f(x):
        return np.sum(np.copysign(x**2 + 0.5, np.prod(x, keepdims=True)) * 0.5)

    gradient = gl.gradient(f, np.array([0.0, 1.0]), backend="sympy")
    assert not np.isfinite(gradient).any()
    away = np.array([0.3, 1.0])  # a positive sign argument: the derivative of |a|
    np.testing.assert_allclose(gl.gradient(f, away, backend="sympy"), away, rtol=RTOL, atol=0)
