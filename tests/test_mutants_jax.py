"""The jax engine's surviving mutants (mutation testing): its listing, its refusals and their
messages, lists handed to numpy functions, and the un-jitted path's check against central
differences. Expected values are derived by hand."""

import math

import numpy as np
import pytest

import gradlab as gl
from gradlab import backends
from gradlab.backends.jax_autodiff import JaxAutodiff


def test_jax_engine_is_listed_as_exact_with_its_options():
    assert isinstance(backends.get("jax"), JaxAutodiff)
    engine = JaxAutodiff()  # built here, not taken from the registry's cache
    assert (engine.name, engine.requires, engine.extra, engine.exact) == ("jax", "jax", "jax",
                                                                         True)
    assert engine.options == ("jit", "dtype")
    assert engine.description == "jax.grad (reverse mode), jit-compiled with XLA"


def assign_in_place(x):
    a = np.zeros(2)
    a[0] = x
    return a.sum() * x


@pytest.mark.parametrize("jit", [True, False])
def test_jax_failure_while_tracing_is_a_backend_error_naming_jax(jit):
    with pytest.raises(gl.BackendError, match=r"^jax: TypeError: JAX arrays are immutable"):
        gl.gradient(assign_in_place, {"x": 2.0}, "jax", jit=jit)


def test_jax_math_function_without_counterpart_is_refused_naming_jax():
    with pytest.raises(gl.BackendError, match="math.gamma has no jax counterpart in gradlab"):
        gl.gradient(lambda x: math.gamma(x), {"x": 2.5}, "jax")


def test_jax_lists_given_to_numpy_functions_become_arrays():
    # d/dx (xy + x) = y + 1, d/dy = x
    got = gl.gradient(lambda x, y: np.sum([x * y, x]), {"x": 2.0, "y": 3.0}, "jax")
    assert got.tolist() == [4.0, 2.0]


def cubic_or_line(x):
    if x > 0:  # branches on the value: jax runs without jit
        return x**3
    return -x


def test_jax_without_jit_keeps_a_gradient_central_differences_confirm():
    assert gl.gradient(cubic_or_line, {"x": 2.0}, "jax").tolist() == [12.0]
    assert gl.gradient(cubic_or_line, {"x": -2.0}, "jax").tolist() == [-1.0]


def item_times_x(x):
    return x.item() * x  # x.item() becomes a constant: jax.grad gives x instead of 2x


def test_jax_without_jit_refuses_a_value_turned_into_a_number_with_both_gradients():
    with pytest.raises(gl.BackendError) as info:
        gl.gradient(item_times_x, {"x": 1 / 3}, "jax")
    assert str(info.value) == (
        "jax: without jit, part of the function was turned into a plain number (.item(), "
        "float(), int() or numpy on a traced value), so jax.grad treats it as a constant: "
        "[0.333333] disagrees with central differences [0.666667]")


def sqrt_past_one(x):
    if x > 0:
        return np.sqrt(x - 1.0)
    return x


def test_jax_without_jit_where_central_differences_are_not_finite_is_unverified():
    cmp = gl.compare(sqrt_past_one, {"x": 1.0}, backends=["jax"], timing=False)
    assert ("unverified: ran without jit, and the central differences that check it are not "
            "finite here ([nan])") in cmp["jax"].notes


def test_jax_float32_stays_float32_when_the_user_has_64_bit_mode_on():
    import jax

    tenth = np.array([0.1, 0.2])  # float64 data the function reads
    was = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)  # the user's setting, restored below
    try:
        got = gl.gradient(lambda x: np.sum(x * tenth), {"x": np.ones(2)}, "jax", dtype="float32")
        assert jax.config.jax_enable_x64 is True
    finally:
        jax.config.update("jax_enable_x64", was)
    assert got.tolist() == [float(np.float32(0.1)), float(np.float32(0.2))]


def test_jax_float32_row_says_so():
    cmp = gl.compare("x*x", {"x": 1.5}, backends=["jax"], timing=False,
                     options={"jax": {"dtype": "float32"}})
    assert "float32: JAX's default precision" in cmp["jax"].notes
    assert cmp["jax"].gradient.tolist() == [3.0]


XD, YD = np.array([0.1, 0.6, 0.2]), np.array([0.2, 0.7, 0.4])


def test_jax_histogram2d_takes_numpys_positional_arguments():
    # two of the three points fall in the lower-left of the 2 x 2 bins over the unit square
    def weighted_count(w):
        counts, _, _ = np.histogram2d(XD, YD, 2, [[0.0, 1.0], [0.0, 1.0]])
        return w * counts[0, 0]

    assert gl.gradient(weighted_count, {"w": 1.0}, "jax").tolist() == [2.0]


# numpy.linalg on jax, with numpy's meaning (hand-derived values)
A = np.array([[1.0, 2.0], [5.0, 3.0]])  # not symmetric: the triangle read matters


def test_jax_eigvalsh_reads_the_triangle_numpy_reads():
    # sum(eig(w S)**2) = w**2 |S|_F**2: S from the upper triangle [[1, 2], [2, 3]] has
    # |S|_F**2 = 18, from the lower [[1, 5], [5, 3]] 60; d/dw at w = 1 is 2 |S|_F**2
    def upper(w):
        return np.sum(np.linalg.eigvalsh(w * A, UPLO="U") ** 2)

    def lower(w):
        return np.sum(np.linalg.eigvalsh(w * A) ** 2)

    np.testing.assert_allclose(gl.gradient(upper, {"w": 1.0}, "jax"), [36.0], rtol=1e-12, atol=0)
    np.testing.assert_allclose(gl.gradient(lower, {"w": 1.0}, "jax"), [120.0], rtol=1e-12, atol=0)


def test_jax_lstsq_solves_for_the_right_hand_side():
    # A x = b with A = diag(2, 4): sum(x) = b0 / 2 + b1 / 4
    def total(b0, b1):
        return np.sum(np.linalg.lstsq(np.diag([2.0, 4.0]), np.array([b0, b1]), rcond=None)[0])

    np.testing.assert_allclose(gl.gradient(total, {"b0": 1.0, "b1": 1.0}, "jax"), [0.5, 0.25],
                               rtol=1e-12, atol=0)


def test_jax_pinv_takes_a_relative_cut_off():
    # pinv(w diag(1, 0.01), rtol=0.1) drops the small singular value: sum = 1 / w
    def total(w):
        return np.sum(np.linalg.pinv(w * np.diag([1.0, 0.01]), rtol=0.1))

    np.testing.assert_allclose(gl.gradient(total, {"w": 1.0}, "jax"), [-1.0], rtol=1e-12, atol=0)


@pytest.mark.parametrize("matrix,hermitian,rank", [
    (np.zeros((2, 2)), False, 0),  # no singular value above a zero cut-off
    (np.array([[0.0, 1.0], [0.0, 0.0]]), True, 0),  # hermitian: numpy reads the lower triangle
    (np.array([[0.0, 1.0], [0.0, 0.0]]), False, 1),
])
def test_jax_matrix_rank_counts_as_numpy_does(matrix, hermitian, rank):
    def scaled_rank(w):
        return w * np.linalg.matrix_rank(matrix, hermitian=hermitian)

    assert gl.gradient(scaled_rank, {"w": 1.0}, "jax").tolist() == [float(rank)]


def test_jax_notes_a_function_that_branches_on_a_traced_value():
    # x**2 for x > 0: 2x = 3 at 1.5, computed without jit
    def f(x):
        return x**2 if x > 0 else -x

    row = gl.compare(f, {"x": 1.5}, backends=["jax"], timing=False, reference="none")["jax"]
    np.testing.assert_allclose(row.gradient, [3.0], rtol=1e-15, atol=0)
    assert row.notes[0] == ("ran without jit: the function branches on a traced value "
                            "(TracerBoolConversionError)")


def test_jax_pinv_default_cut_off_of_a_stack_is_over_the_matrix_size():
    # numpy's cut-off for rtol=None is max(M, N) eps s_max = 2 eps (4.4e-16) for 2 x 2
    # matrices, whatever the stack's length: 8e-16 is kept, so d/dx1 sum(1 / x) = -5 / x1**2
    def f(x):
        return np.sum(np.linalg.pinv(np.stack([np.diag(x)] * 5), rtol=None))

    x = np.array([1.0, 8e-16])
    np.testing.assert_allclose(gl.gradient(f, x, "jax"), -5 / x**2, rtol=1e-12, atol=0)


def test_jax_float32_matrix_rank_cuts_at_float32_precision():
    # numpy's cut-off is max(M, N) eps s_max in the singular values' precision: in float32
    # (eps 1.2e-7) the singular value 1e-8 of diag(1, 1e-8) is cut, so the rank is 1 and
    # d(x0 rank) = (rank, 0) = (1, 0)
    assert np.linalg.matrix_rank(np.diag(np.float32([1.0, 1e-8]))) == 1
    cmp = gl.compare(lambda x: x[0] * np.linalg.matrix_rank(np.diag(x)),
                     {"x": np.array([1.0, 1e-8])}, backends=["jax"], timing=False,
                     reference="none", options={"jax": {"dtype": "float32"}})
    assert cmp["jax"].gradient.tolist() == [1.0, 0.0]
