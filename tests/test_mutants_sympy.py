"""SymPy mutants that survived (mutation testing): norms, array methods, clip's keywords, the
refusal of bitwise operators on numbers and the code snippet, against hand-derived values."""

import numpy as np
import pytest
import sympy

import gradlab as gl
from gradlab.backends import sympy_functions
from gradlab.errors import BackendError


def sympy_gradient(f, x):
    return gl.gradient(f, np.asarray(x, dtype=float), backend="sympy")


def test_sympy_frobenius_norm():
    # ||X||_F of [[1, 2], [2, 4]] is 5; its gradient is X / 5
    got = sympy_gradient(lambda x: np.linalg.norm(x.reshape(2, 2), "fro"), [1.0, 2.0, 2.0, 4.0])
    np.testing.assert_allclose(got, [0.2, 0.4, 0.4, 0.8], rtol=1e-15, atol=0)


def test_sympy_clip_method_and_keyword_bounds():
    # clip passes the derivative 1 inside its bounds and 0 outside
    got = sympy_gradient(lambda x: np.sum(x.clip(0.5, 2.0)), [0.2, 1.0, 3.0])
    np.testing.assert_allclose(got, [0.0, 1.0, 0.0], rtol=0, atol=0)
    got = sympy_gradient(lambda x: np.sum(np.clip(x, max=2.0)), [1.0, 3.0])
    np.testing.assert_allclose(got, [1.0, 0.0], rtol=0, atol=0)


def test_sympy_prod_method():
    # d(x0 x1 x2) = (x1 x2, x0 x2, x0 x1) = (12, 8, 6) at (2, 3, 4)
    got = sympy_gradient(lambda x: x.prod(), [2.0, 3.0, 4.0])
    np.testing.assert_allclose(got, [12.0, 8.0, 6.0], rtol=1e-15, atol=0)


def test_sympy_bitwise_operator_on_numbers_is_refused():
    with pytest.raises(BackendError) as caught:
        sympy_functions._logical("&", sympy.And)(3, 1)
    assert str(caught.value).startswith(
        "sympy: the operator & on numbers (not conditions) has no SymPy counterpart here")


def test_sympy_code_snippet_differentiates_the_function():
    cmp = gl.compare("x**2", {"x": 1.5}, backends=["sympy"], timing=False, reference="none")
    code = cmp["sympy"].code
    assert "def f(x):\n    return x ** 2" in code and "sp.diff(expr, s)" in code


def test_sympy_max_and_min_methods_take_initial():
    # the initial value wins over every entry: the result is a constant
    for f in (lambda x: x.max(initial=5.0), lambda x: x.min(initial=0.5)):
        np.testing.assert_allclose(sympy_gradient(f, [1.0, 2.0]), [0.0, 0.0], rtol=0, atol=0)


def test_sympy_cumsum_refusal_names_cumsum():
    from gradlab.backends.sympy_array import wrap

    array = wrap(np.array(sympy.symbols("a b"), dtype=object))
    with pytest.raises(BackendError, match=r"^sympy: cumsum"):
        array.cumsum(axis=3)


def test_sympy_refuses_more_variables_than_allowed_saying_how_many():
    cmp = gl.compare(lambda x: np.sum(x**2), {"x": np.ones(3)}, backends=["sympy"],
                     options={"sympy": {"max_variables": 2}}, timing=False, reference="none")
    assert cmp["sympy"].status == "failed"
    assert cmp["sympy"].error.startswith(
        "sympy: 3 variables is more than gradlab lets SymPy differentiate symbolically (2)")


def test_sympy_asarray_with_an_order_is_refused_naming_it():
    cmp = gl.compare(lambda x: np.sum(np.asarray(x, float, "C") ** 2), {"x": np.ones(2)},
                     backends=["sympy"], timing=False, reference="none")
    assert cmp["sympy"].error.startswith(
        "sympy: np.asarray with more than a dtype as positional arguments")


def test_sympy_gradient_expressions_are_kept():
    cmp = gl.compare("x**2", {"x": 1.5}, backends=["sympy"], timing=False, reference="none")
    assert [str(g) for g in cmp.symbolic] == ["2*x"]


def test_sympy_elementwise_refusal_names_the_function():
    cmp = gl.compare(lambda x: np.sin(x, dtype=np.float32), {"x": 1.0}, backends=["sympy"],
                     timing=False, reference="none")
    assert cmp["sympy"].error.startswith("sympy: np.sin(dtype=")


def test_sympy_asarray_refuses_positionals_past_dtype_naming_itself():
    # np.asarray(a, dtype, order): sympy's mapping takes a dtype only, and says so
    with pytest.raises(BackendError, match=r"^sympy: np\.asarray with more than a dtype as "
                                           r"positional arguments"):
        sympy_gradient(lambda x: np.sum(np.asarray(x, float, "C") ** 2), [1.0, 2.0])


def test_sympy_special_function_refuses_a_keyword_naming_the_function():
    import scipy.special

    with pytest.raises(BackendError, match=r"^sympy: erf\(casting='unsafe'\) is not supported"):
        sympy_gradient(lambda x: np.sum(scipy.special.erf(x, casting="unsafe")), [0.5])
