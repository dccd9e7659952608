"""Tests that kill known plausible bugs (mutants) in the parser, numerics, reference, engines
and cache keys. Every expected value is derived by hand. Each test name carries the words
``make mutation``'s groups select on (expression, finite, reference, dual/sympy, cache)."""

import numpy as np
import pytest

import gradlab as gl
from gradlab.expression import parse_expression

EPS = np.finfo(np.float64).eps


@pytest.mark.parametrize("text", ["_x + 1", "__builtins__", "sin(_hidden)"])
def test_expression_leading_underscore_is_refused_by_its_own_rule(text):
    # without the rule '_x' would parse as a plain variable: the message shows which rule fired
    with pytest.raises(gl.ExpressionError, match=r"names starting with '_' are not allowed \('_"):
        parse_expression(text)


def test_finite_diff_central_fast_path_takes_scipys_cube_root_step():
    # x**3: (f(x+h) - f(x-h)) / 2h = 3 x**2 + h**2 exactly, with h = eps**(1/3) * max(1, |x|)
    h0, h4 = EPS ** (1 / 3), EPS ** (1 / 3) * 4.0
    at_zero = gl.gradient(lambda x: x**3, [0.0], "finite-diff:central")
    np.testing.assert_allclose(at_zero, [h0**2], rtol=1e-12, atol=0)
    at_four = gl.gradient(lambda x: x**3, [4.0], "finite-diff:central")
    np.testing.assert_allclose(at_four - 48.0, [h4**2], rtol=1e-2, atol=0)


def test_finite_diff_central_error_is_at_the_cube_root_optimum():
    # exp at 1.5: truncation h**2/6 ~ 6e-12 and round-off eps/h ~ 4e-11 (relative) at the
    # optimal step; a square-root step would leave round-off near 1e-8
    got = gl.gradient(lambda x: np.exp(x), [1.5], "finite-diff:central")
    np.testing.assert_allclose(got, [np.exp(1.5)], rtol=2e-10, atol=0)


def test_compare_reference_is_evaluated_at_50_digits_not_float64():
    # d/dx (x**3 - 3x**2 + 3x) = 3x**2 - 6x + 3 = 3 (x-1)**2: in float64 the first form cancels
    # to ~1e-16 absolute error on a value of 3e-12; x - 1 is exact here (Sterbenz)
    x = 1.0 + 1e-6
    cmp = gl.compare("x**3 - 3*x**2 + 3*x", {"x": x}, backends=["finite-diff:central"],
                     timing=False)
    assert cmp.reference_source.startswith("sympy")
    np.testing.assert_allclose(cmp.reference, [3.0 * (x - 1.0) ** 2], rtol=1e-13, atol=0)


A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
COLUMNS = A.sum(axis=0)  # [5, 7, 9]
ROWS = A.sum(axis=1)  # [6, 15]

# f(a) -> its gradient at A, derived by hand
REDUCTIONS = {
    "sum axis=0": (lambda a: np.sum(np.sum(a, axis=0) ** 2), 2 * np.tile(COLUMNS, (2, 1))),
    "sum axis=1": (lambda a: np.sum(np.sum(a, axis=1) ** 2), 2 * np.repeat(ROWS[:, None], 3, 1)),
    "sum axis=-1": (lambda a: np.sum(np.sum(a, axis=-1) ** 2),
                    2 * np.repeat(ROWS[:, None], 3, 1)),
    "sum axis=(0,1)": (lambda a: np.sum(a, axis=(0, 1)) ** 2, 2 * A.sum() * np.ones((2, 3))),
    "sum axis=0 keepdims": (lambda a: np.sum(np.sum(a, axis=0, keepdims=True) ** 2),
                            2 * np.tile(COLUMNS, (2, 1))),
    "mean axis=0": (lambda a: np.sum(np.mean(a, axis=0) ** 2), np.tile(COLUMNS / 2, (2, 1))),
    "weighted axis=0": (lambda a: np.sum(np.array([1.0, 2.0, 3.0]) * np.sum(a, axis=0)),
                        np.tile([1.0, 2.0, 3.0], (2, 1))),
}


@pytest.mark.parametrize("engine", ["dual", "sympy"])
@pytest.mark.parametrize("case", list(REDUCTIONS))
def test_dual_and_sympy_reductions_follow_the_axis(engine, case):
    f, want = REDUCTIONS[case]
    got = gl.gradient(f, {"a": A}, engine)
    assert got.shape == (2, 3)
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=0)


SCALE = np.array([2.0])


def scaled(t):
    return SCALE[0] * t


def squares_a_helper(x):
    return scaled(x) ** 2  # gradient 2 SCALE**2 x: SCALE is read by the helper only


@pytest.mark.parametrize("engine", ["jax", "sympy"])
def test_cache_fingerprint_follows_data_a_helper_reads(engine):
    assert gl.gradient(squares_a_helper, [1.0], engine).tolist() == [8.0]
    SCALE[0] = 3.0
    try:
        assert gl.gradient(squares_a_helper, [1.0], engine).tolist() == [18.0]
    finally:
        SCALE[0] = 2.0
    assert gl.gradient(squares_a_helper, [1.0], engine).tolist() == [8.0]


@pytest.mark.parametrize("engine", ["sympy", "jax", "dual"])
def test_cache_key_holds_the_values_of_variables_held_fixed(engine):
    # d/dchi (q chi delta) = q delta: the held q and delta must reach the compiled gradient
    for q, delta in [(5.0, 3.0), (3.0, 3.0), (3.0, 7.0)]:
        got = gl.gradient("q*chi*delta", {"q": q, "chi": 2.0, "delta": delta}, engine,
                          wrt=["chi"])
        assert got.tolist() == [q * delta]
