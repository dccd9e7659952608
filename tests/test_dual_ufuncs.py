"""The dual engine's elementwise functions (ufuncs): every derivative rule against jax.grad,
broadcasting, and the keywords and functions it refuses with a BackendError."""

import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np
import pytest
import scipy.special as sps
from dual_truth import agree, dual_gradient, jax_gradient, point, refusal, scalar

# ufunc keywords and unmapped functions are refused -----------------------------------------------

@pytest.mark.parametrize("f,words", [
    (lambda x: np.sum(np.sin(x, where=x > 0)), ["numpy.sin", "where="]),
    (lambda x: np.sum(np.exp(x, dtype=np.float32)), ["numpy.exp", "dtype="]),
    (lambda x: np.sum(np.add(x, 1.0, out=np.empty(3))), ["numpy.add", "out="]),
    (lambda x: np.std(x, where=x > 0), ["numpy.std", "where="]),
    (lambda x: np.prod(x, where=x > 0), ["numpy.prod", "where="]),
    (lambda x: np.max(x, where=x > 0, initial=0.0), ["numpy.max", "where="]),
    (lambda x: np.mean(x, dtype=np.float32), ["numpy.mean", "dtype="]),
    (lambda x: np.std(x, mean=np.zeros(1)), ["numpy.std", "mean="]),
    (lambda x: np.concatenate([x, x], dtype=np.float32).sum(), ["numpy.concatenate", "dtype="]),
    (lambda x: np.ravel(x, order="K").sum(), ["numpy.ravel", "order='K'"]),
    (lambda x: np.fft.fft(x).real.sum(), ["numpy.fft.fft", "not supported"]),
    (lambda x: np.linalg.eigh(np.outer(x, x))[0].sum(), ["numpy.linalg.eigh"]),
    (lambda x: np.sum(np.spacing(x)), ["numpy.spacing"]),
    (lambda x: np.add.reduceat(x, [0, 1]).sum(), ["numpy.add.reduceat"]),
    (lambda x: np.linalg.det(np.outer(x, x)), ["numpy.linalg.det", "singular"]),
])
@pytest.mark.filterwarnings("ignore:'where' used without 'out'")
def test_refusals_name_function_and_argument(f, words):
    refusal(f, [0.5, 1.0, 2.0], *words)


# broadcasting ------------------------------------------------------------------------------------

@pytest.mark.parametrize("op", ["add", "subtract", "multiply", "divide", "power", "arctan2",
                                "hypot", "maximum", "minimum", "logaddexp"])
def test_binary_ufuncs_broadcast_3x1_with_4(op):
    def case(xp, x):
        a, b = x[:3].reshape(3, 1), x[3:7]
        if op == "power":
            a, b = xp.abs(a) + 0.5, xp.abs(b) + 0.5
        return scalar(xp, getattr(xp, op)(a, b)) + scalar(xp, getattr(xp, op)(b, a))

    agree(case, point(7, seed=16))


def test_outer_product_by_broadcasting():
    agree(lambda xp, x: scalar(xp, x[None, :3] * x[3:, None]), point(5, seed=17))
    agree(lambda xp, x: scalar(xp, x.reshape(2, 1, 2) - x[:2]), point(4, seed=18))


def test_an_infinite_slope_stays_in_its_own_direction():
    got = dual_gradient(lambda x: np.sqrt(x[0]) + x[1], [0.0, 2.0])
    np.testing.assert_array_equal(got, [np.inf, 1.0])


UNARY_CASES = [  # (name, argument made valid for it)
    *[(name, lambda xp, x: x) for name in [
        "sin", "cos", "tan", "arctan", "sinh", "cosh", "tanh", "arcsinh", "exp", "exp2", "expm1",
        "cbrt", "square", "reciprocal", "sign", "floor", "ceil", "rint", "trunc", "deg2rad",
        "rad2deg", "degrees", "radians", "absolute", "fabs", "negative", "positive"]],
    *[(name, lambda xp, x: x / 3) for name in ["arcsin", "arccos", "arctanh"]],
    *[(name, lambda xp, x: xp.abs(x) + 0.1) for name in ["log", "log2", "log10", "log1p",
                                                          "sqrt"]],
    ("arccosh", lambda xp, x: xp.abs(x) + 1.5),
]


def test_every_unary_ufunc():
    def case(xp, x):
        return sum(xp.sum(getattr(xp, name)(valid(xp, x)) * (i + 1))
                   for i, (name, valid) in enumerate(UNARY_CASES))

    agree(case, point(5, seed=22) * 1.3)


def test_math_erf_erfc_lgamma():
    import math

    got = dual_gradient(lambda x: math.erf(x[0]) + math.erfc(x[1]) * math.lgamma(x[2]),
                        [0.3, 0.7, 2.5])
    want = jax_gradient(lambda x: jsp.erf(x[0]) + jsp.erfc(x[1]) * jsp.gammaln(x[2]),
                        [0.3, 0.7, 2.5])
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)


def test_scipy_special_ufuncs():
    def case(special, xp, x):
        return xp.sum(special.erf(x) + 2 * special.erfc(x) + 3 * special.expit(x)
                      + 4 * special.gammaln(xp.abs(x) + 0.5) + 5 * special.xlogy(x, x * x))

    got = dual_gradient(lambda x: case(sps, np, x), point(5, seed=23))
    want = jax_gradient(lambda x: case(jsp, jnp, x), point(5, seed=23))
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)


def test_every_binary_ufunc():
    names = ["copysign", "remainder", "fmod", "floor_divide", "fmax", "fmin", "logaddexp2",
             "float_power", "arctan2", "hypot", "logaddexp"]

    def case(xp, x):
        a, b = x[:3].reshape(3, 1), x[3:7]
        total = 0.0
        for i, name in enumerate(names):
            left, right = (xp.abs(a) + 0.5, xp.abs(b) + 0.5) if name == "float_power" else (a, b)
            total = total + (i + 1) * xp.sum(xp.sin(getattr(xp, name)(left, right)))
            total = total + (i + 1) * xp.sum(xp.cos(getattr(xp, name)(2 * right, left)))
        return total + xp.sum(a % b) + xp.sum(a // b)

    agree(case, point(7, seed=24) * 1.7)


def test_lists_holding_dual_numbers_are_read_as_arrays():
    agree(lambda xp, x: xp.sum(xp.add(x[:2], xp.stack([x[2], x[3]])) ** 2)
          + xp.dot(x[:2], xp.stack([x[2], x[3]])) ** 2, point(4, seed=26))
    got = dual_gradient(lambda x: np.sum(np.add(x[:2], [x[2], x[3]]) ** 2)
                        + np.dot(x[:2], [x[2], x[3]]) ** 2 + np.sum((x[:2] * [x[2], 1.0]) ** 2)
                        + np.sum(np.where(x > 2, [x[0]] * 4, x) ** 2), [1.0, 2.0, 3.0, 4.0])
    by_hand = np.array([8.0, 12.0, 8.0, 12.0]) + np.array([66.0, 88.0, 22.0, 44.0]) \
        + np.array([18.0, 4.0, 6.0, 0.0]) + np.array([6.0, 4.0, 0.0, 0.0])
    np.testing.assert_array_equal(got, by_hand)
