"""Dual-number mutants that survived (mutation testing): the engine's options and notes, the
refusals it names, and gradients derived by hand."""

import numpy as np
import pytest
from dual_truth import dual_gradient, refusal

import gradlab as gl
from gradlab.backends import dual, dual_core, dual_norms, dual_reduce, dual_shape
from gradlab.errors import BackendError


def exact(got, want):
    np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)


def test_dual_engine_is_exact_with_a_chunk_option():
    engine = dual.DualNumbers()  # built here, not taken from the registry's cache
    assert engine.exact is True and engine.options == ("chunk",) and engine.name == "dual"


def test_dual_chunks_are_noted_on_the_row():
    # 5 variables in chunks of 2: ceil(5 / 2) = 3 forward passes of 2 directions
    cmp = gl.compare(lambda x: np.sum(x**2), {"x": np.arange(1.0, 6.0)}, backends=["dual"],
                     timing=False, reference="none", options={"dual": {"chunk": 2}})
    row = cmp["dual"]
    exact(row.gradient, 2 * np.arange(1.0, 6.0))
    assert "3 forward passes of 2 directions" in row.notes


def test_dual_refuses_a_ufunc_method_it_has_no_rule_for():
    message = refusal(lambda x: np.sum(np.add.reduceat(x, [0, 1])), [1.0, 2.0, 3.0])
    assert message.startswith("dual: numpy.add.reduceat: this ufunc method is not supported")


def test_dual_refuses_a_ufunc_argument_naming_the_engine():
    message = refusal(lambda x: np.sum(np.sin(x, dtype=np.float32)), [1.0, 2.0])
    assert message.startswith("dual: numpy.sin(dtype=")


def test_dual_cumprod_refuses_dtype():
    message = refusal(lambda x: np.sum(np.cumprod(x, dtype=np.float32)), [1.0, 2.0])
    assert message.startswith("dual: numpy.cumprod(dtype=")


def test_dual_refusals_of_non_dual_arguments_name_the_function():
    # numpy dispatches to these only through a dual number, so they are called here directly
    cases = [
        (lambda: dual_core.directions(1.0, np.ones(2)),
         "dual: a dual number only in an argument that carries no derivative (a condition, "
         "a shape) is not supported"),
        (lambda: dual_norms.vector_norm(np.ones(3)),
         "dual: numpy.linalg.vector_norm: a dual number in ord or axis is not supported"),
        (lambda: dual_shape.where(np.ones(2) > 0, np.ones(2)),
         "dual: numpy.where: one of x and y without the other is not supported"),
        (lambda: dual_reduce.handlers()[np.var](np.ones(3)),
         "dual: numpy.var: a dual number in an argument other than the array is not supported"),
    ]
    for call, message in cases:
        with pytest.raises(BackendError) as caught:
            call()
        assert str(caught.value).startswith(message)


def test_dual_reversed_remainder():
    # 7 % x = 7 - x floor(7 / x): derivative -floor(7 / x) = -2 at x = 2.5
    exact(dual_gradient(lambda x: 7.0 % x[0], [2.5]), [-2.0])


def test_dual_power_zero_at_zero():
    # d/dx (x**0 + x) = 0 + 1, also at x = 0 where b * x**(b - 1) would be 0 * inf
    exact(dual_gradient(lambda x: x[0] ** 0.0 + x[0], [0.0]), [1.0])


def test_dual_prod_with_keepdims():
    # rows (x0, x1), (x2, x3) weighted 1 and 10: (x1, x0, 10 x3, 10 x2)
    f = lambda x: np.sum(np.prod(x.reshape(2, 2), axis=1, keepdims=True)  # noqa: E731
                         * np.array([[1.0], [10.0]]))
    exact(dual_gradient(f, [1.0, 2.0, 3.0, 4.0]), [2.0, 1.0, 40.0, 30.0])


def test_dual_index_with_a_zero_dim_integer_array_and_a_list():
    # x[1, :, [0, 1]] (advanced indices split by a slice: their axis goes first) is the (2, 3)
    # array r[c, j] = x[1, j, c]; the sum weighted by w[c, j] has derivative w[c, j] there
    w = np.arange(1.0, 7.0).reshape(2, 3)
    f = lambda x: np.sum(x.reshape(2, 3, 2)[np.array(1), :, [0, 1]] * w)  # noqa: E731
    want = np.zeros((2, 3, 2))
    want[1] = w.T
    exact(dual_gradient(f, np.arange(12.0)), want.ravel())


def test_dual_einsum_implicit_output_keeps_the_ellipsis():
    # '...ij,...jk' is '...ij,...jk->...ik': out[b, i, k] = sum_j x[b, i, j] c[b, j, k], and
    # the sum weighted by w[b, i, k] has derivative sum_k w[b, i, k] c[b, j, k] at x[b, i, j]
    c = np.arange(8.0).reshape(2, 2, 2)
    w = np.arange(1.0, 9.0).reshape(2, 2, 2)
    f = lambda x: np.sum(np.einsum("...ij,...jk", x.reshape(2, 2, 2), c) * w)  # noqa: E731
    want = np.array([[[sum(w[b, i, k] * c[b, j, k] for k in range(2)) for j in range(2)]
                      for i in range(2)] for b in range(2)])
    exact(dual_gradient(f, np.arange(1.0, 9.0)), want.ravel())


def test_dual_solve_with_a_matrix_right_hand_side():
    # A = diag(x, 2), B = [[1, 2], [3, 4]]: A^-1 B = [[1/x, 2/x], [3/2, 2]], sum' = -3 / x**2
    b = np.array([[1.0, 2.0], [3.0, 4.0]])
    f = lambda x: np.sum(np.linalg.solve(np.diag([1.0, 0.0]) * x[0]  # noqa: E731
                                         + np.diag([0.0, 2.0]), b))
    np.testing.assert_allclose(dual_gradient(f, [1.5]), [-3 / 1.5**2], rtol=1e-14, atol=0)


def test_dual_logsumexp_squeezes_only_the_reduced_axis():
    # logsumexp of a (1, 3) row over axis 1 has shape (1,); its derivative is the softmax,
    # exp(x) / sum(exp(x)) = (1, 2, 3) / 6 at x = log(1, 2, 3)
    from scipy.special import logsumexp

    got = dual_gradient(lambda x: logsumexp(x.reshape(1, 3), axis=1)[0], np.log([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(got, [1 / 6, 2 / 6, 3 / 6], rtol=1e-14, atol=0)


def test_dual_var_and_std():
    # the handlers are built here too, so mutation testing maps their code to this test
    table = dual_reduce.handlers()
    assert np.var in table and np.std in table
    # x = (1, 2, 3): var = 2/3 with gradient 2 (x - 2) / 3; std = sqrt(2/3) with gradient
    # (x - 2) / (3 std)
    std = np.sqrt(2 / 3)
    want = 2 * np.array([-1.0, 0.0, 1.0]) / 3 + np.array([-1.0, 0.0, 1.0]) / (3 * std)
    got = dual_gradient(lambda x: np.var(x) + np.std(x), [1.0, 2.0, 3.0])
    np.testing.assert_allclose(got, want, rtol=1e-14, atol=1e-15)
