"""The dual engine follows numpy's semantics for every function it maps, or refuses the call.

Truth is jax.grad in float64 (each function is written once against a numpy-like module ``xp``
and run with numpy on dual numbers and with jax.numpy under jax.grad), or derived by hand.
"""

import jax.numpy as jnp
import jax.scipy.special as jsp
import numpy as np
import pytest
from dual_truth import agree, dual_gradient, jax_gradient, point, refusal, scalar
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import logsumexp

import gradlab as gl

FEW = settings(derandomize=True, max_examples=6, deadline=None)
shapes = st.lists(st.integers(1, 3), min_size=1, max_size=3).map(tuple)


def axes_for(ndim):
    return st.one_of(
        st.none(), st.integers(-ndim, ndim - 1),
        st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim).flatmap(
            lambda axes: st.tuples(*(st.sampled_from([a, a - ndim]) for a in axes))))


# products of two variable arrays -----------------------------------------------------------------

def test_norm_of_x_dot_x_has_the_value_once():
    got = dual_gradient(lambda x: np.sqrt(x @ x), [3.0, 4.0])
    np.testing.assert_allclose(got, [0.6, 0.8], rtol=1e-15, atol=0)
    row = gl.compare(lambda x: np.sqrt(x @ x), np.array([3.0, 4.0]), backends=["dual"],
                     timing=False, reference="none")["dual"]
    assert row.status == "ok"
    np.testing.assert_allclose(row.gradient, [0.6, 0.8], rtol=1e-15, atol=0)


@pytest.mark.parametrize("name,case", [
    ("x @ x", lambda xp, x: xp.sqrt(x @ x)),
    ("np.dot(x, x)", lambda xp, x: xp.sqrt(xp.dot(x, x))),
    ("x.dot(x)", lambda xp, x: xp.sqrt(x.dot(x))),
    ("np.inner(x, x)", lambda xp, x: xp.sqrt(xp.inner(x, x))),
    ("W @ v", lambda xp, x: scalar(xp, x[:4].reshape(2, 2) @ x[4:6])),
    ("M @ M", lambda xp, x: scalar(xp, x[:9].reshape(3, 3) @ x[:9].reshape(3, 3))),
    ("np.matmul", lambda xp, x: scalar(xp, xp.matmul(x[:4].reshape(2, 2), x[4:8].reshape(2, 2)))),
    ("np.inner(M, N)", lambda xp, x: scalar(xp, xp.inner(x[:6].reshape(2, 3),
                                                        x[3:9].reshape(2, 3)))),
    ("np.outer", lambda xp, x: xp.sum(xp.outer(x, x) ** 2)),
    ("np.vdot", lambda xp, x: xp.vdot(x[:4].reshape(2, 2), x[5:9].reshape(2, 2)) ** 2),
    ("np.dot N-d", lambda xp, x: scalar(xp, xp.dot(x[:12].reshape(2, 3, 2),
                                                   x[:12].reshape(3, 2, 2)))),
    ("scalar dot", lambda xp, x: scalar(xp, xp.dot(x[0], x[1:4]))),
    ("np.kron", lambda xp, x: scalar(xp, xp.kron(x[:6].reshape(2, 3), x[6:12].reshape(3, 1, 2)))
     + scalar(xp, xp.kron(x[:3], x[3:5]))),
    ("einsum explicit", lambda xp, x: scalar(xp, xp.einsum("ij,jk->ik", x[:4].reshape(2, 2),
                                                           x[4:10].reshape(2, 3)))),
    ("einsum implicit", lambda xp, x: scalar(xp, xp.einsum("bA,cb", x[:6].reshape(2, 3),
                                                           x[:6].reshape(3, 2)))),
    ("einsum trace, ellipsis", lambda xp, x: xp.einsum("ii", x[:9].reshape(3, 3)) ** 2
     + scalar(xp, xp.einsum("...i,...i->...", x[:6].reshape(2, 3), x[6:12].reshape(2, 3)))),
    ("tensordot", lambda xp, x: scalar(xp, xp.tensordot(x[:12].reshape(2, 3, 2),
                                                        x[:6].reshape(3, 2), 2))
     + scalar(xp, xp.tensordot(x[:12].reshape(2, 3, 2), x[:6].reshape(2, 3), ([0, -2], [0, 1])))
     + scalar(xp, xp.tensordot(x[:6].reshape(2, 3), x[6:12].reshape(3, 2), (1, 0)))),
])
def test_products_of_two_variable_arrays(name, case):
    agree(case, point(12, seed=1))


def test_inner_contracts_the_last_axes_by_hand():
    # f = sum(inner(M, N)) with N = M: sum over i, j of M_i . M_j = |sum of rows|^2
    got = dual_gradient(lambda x: np.sum(np.inner(x.reshape(2, 2), x.reshape(2, 2))),
                        [1.0, 2.0, 3.0, 4.0])
    column_sums = np.array([4.0, 6.0])
    np.testing.assert_allclose(got, np.tile(2 * column_sums, 2), rtol=1e-15, atol=0)


@FEW
@given(st.data())
def test_matmul_and_dot_follow_numpy_shape_rules(data):
    batch_a = data.draw(st.lists(st.integers(1, 2), max_size=2).map(tuple))
    batch_b = data.draw(st.sampled_from([(), batch_a[-1:], batch_a]))
    a_vector, b_vector = data.draw(st.booleans()), data.draw(st.booleans())
    p, n, m = data.draw(st.tuples(*[st.integers(1, 3)] * 3))
    shape_a = (n,) if a_vector else batch_a + (p, n)
    shape_b = (n,) if b_vector else batch_b + (n, m)
    size_a = int(np.prod(shape_a))
    both = data.draw(st.booleans())
    constant = np.linspace(-1.0, 2.0, int(np.prod(shape_b))).reshape(shape_b)

    def case(xp, x):
        a = x[:size_a].reshape(shape_a)
        b = x[size_a:].reshape(shape_b) if both else constant
        return scalar(xp, a @ b) + scalar(xp, xp.matmul(a, b))

    agree(case, point(size_a + (int(np.prod(shape_b)) if both else 0), seed=2))
    if len(shape_a) <= 2 and len(shape_b) <= 2 or b_vector:
        agree(lambda xp, x: scalar(xp, xp.dot(x[:size_a].reshape(shape_a), constant)),
              point(size_a))


# norm --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("order", [None, 1, 2, np.inf, -np.inf, 3, 0.5, -1.5, 0])
@settings(derandomize=True, max_examples=2, deadline=None)
@given(data=st.data())
def test_vector_norms_along_an_axis(order, data):
    shape = data.draw(shapes)
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    keepdims = data.draw(st.booleans())
    agree(lambda xp, x: scalar(xp, xp.linalg.norm(x.reshape(shape), order, axis, keepdims)),
          point(int(np.prod(shape)), seed=3))


@pytest.mark.parametrize("order", [None, "fro", 1, -1, np.inf, -np.inf, 2, -2, "nuc"])
@settings(derandomize=True, max_examples=2, deadline=None)
@given(data=st.data())
def test_matrix_norms_over_two_axes(order, data):
    shape = data.draw(st.lists(st.integers(2, 3), min_size=2, max_size=3).map(tuple))
    axes = data.draw(st.lists(st.integers(0, len(shape) - 1), min_size=2, max_size=2,
                              unique=True))
    axes = tuple(a - len(shape) if data.draw(st.booleans()) else a for a in axes)
    keepdims = data.draw(st.booleans())
    agree(lambda xp, x: scalar(xp, xp.linalg.norm(x.reshape(shape), order, axes, keepdims)),
          point(int(np.prod(shape)), seed=4))


@pytest.mark.parametrize("shape,order", [((4,), None), ((4,), 1), ((2, 2), None), ((2, 2), 1),
                                         ((2, 2), "fro"), ((2, 2), np.inf), ((2, 1, 2), None)])
def test_norm_without_axis(shape, order):
    agree(lambda xp, x: xp.linalg.norm(x.reshape(shape), order) ** 2, point(4, seed=5))


@pytest.mark.parametrize("at,order,words", [
    ([1.0, 0.0, 0.0, 1.0], 2, ["numpy.linalg.norm", "ord=2", "repeated or zero"]),
    ([1.0, 2.0, 2.0, 4.0], "nuc", ["numpy.linalg.norm", "ord='nuc'", "repeated or zero"]),
    ([1.0, 2.0, 2.0, 4.0], -2, ["numpy.linalg.norm", "ord=-2", "repeated or zero"]),
])
def test_norm_refuses_where_singular_values_have_no_derivative(at, order, words):
    refusal(lambda x: np.linalg.norm(x.reshape(2, 2), order), at, *words)


def test_numpy2_vector_norm_and_matrix_norm():
    agree(lambda xp, x: scalar(xp, xp.linalg.vector_norm(x.reshape(2, 3, 2), axis=(0, -1),
                                                         keepdims=True, ord=3))
          + xp.linalg.vector_norm(x, ord=1) + scalar(xp, xp.linalg.matrix_norm(
              x.reshape(3, 2, 2), ord="nuc")), point(12, seed=25))


# keepdims ----------------------------------------------------------------------------------------

def test_row_softmax_cross_entropy_keeps_dims():
    labels = np.eye(3)[[0, 2]]

    def case(xp, x):
        e = xp.exp(x.reshape(2, 3))
        return -xp.sum(labels * xp.log(e / xp.sum(e, axis=1, keepdims=True)))

    got = agree(case, point(6, seed=6))
    softmax = np.exp(point(6, seed=6).reshape(2, 3))
    softmax /= softmax.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(got, (softmax - labels).ravel(), rtol=1e-12, atol=0)


@FEW
@given(st.data())
def test_sum_mean_prod_max_min_over_any_axes(data):
    shape = data.draw(shapes)
    axis = data.draw(axes_for(len(shape)))
    keepdims = data.draw(st.booleans())
    name = data.draw(st.sampled_from(["sum", "mean", "prod", "max", "min", "amax", "amin",
                                      "std", "var"]))
    method = data.draw(st.booleans()) and name in ("sum", "mean", "prod", "max", "min",
                                                    "std", "var")

    def case(xp, x):
        a = x.reshape(shape)
        r = getattr(a, name)(axis=axis, keepdims=keepdims) if method else \
            getattr(xp, name)(a, axis=axis, keepdims=keepdims)
        return scalar(xp, r)

    agree(case, point(int(np.prod(shape)), seed=7))


@pytest.mark.parametrize("ddof", [0, 1])
def test_std_and_var_with_ddof(ddof):
    agree(lambda xp, x: xp.std(x.reshape(2, 3), axis=1, ddof=ddof).sum()
          + xp.var(x, ddof=ddof), point(6, seed=8))


def test_initial_of_sum_prod_max_min():
    agree(lambda xp, x: scalar(xp, xp.prod(x.reshape(2, 2), axis=0, initial=2.5))
          + xp.sum(x, initial=3.0) ** 2 + scalar(xp, xp.max(x.reshape(2, 2), 1, initial=0.0))
          + scalar(xp, xp.min(x.reshape(2, 2), initial=0.1, keepdims=True)), point(4, seed=19))


def test_where_of_sum_and_mean():
    mask = np.array([[True, False, True], [False, False, True]])
    agree(lambda xp, x: scalar(xp, xp.sum(x.reshape(2, 3), axis=0, where=mask))
          + scalar(xp, xp.mean(x.reshape(2, 3), axis=1, where=mask, keepdims=True))
          + xp.mean(x.reshape(2, 3), where=mask[1]) ** 2, point(6, seed=27))


def test_prod_with_a_zero_by_hand():
    got = dual_gradient(lambda x: np.prod(x.reshape(2, 2), axis=0).sum(), [1.0, 0.0, 3.0, 4.0])
    np.testing.assert_array_equal(got, [3.0, 4.0, 1.0, 0.0])
    got = dual_gradient(lambda x: np.prod(x), [2.0, 0.0, 3.0])
    np.testing.assert_array_equal(got, [0.0, 6.0, 0.0])


def test_max_and_min_share_the_slope_between_ties_as_jax_does():
    got = dual_gradient(lambda x: np.max(x.reshape(2, 3), axis=1).sum() + np.min(x),
                        [1.0, 3.0, 3.0, 0.0, 0.0, 2.0])
    np.testing.assert_array_equal(got, [0.0, 0.5, 0.5, 0.5, 0.5, 1.0])
    agree(lambda xp, x: xp.max(x.reshape(2, 3), axis=1).sum() + xp.min(x),
          [1.0, 3.0, 3.0, 0.0, 0.0, 2.0])


def test_cumprod_with_a_zero_by_hand():
    got = dual_gradient(lambda x: np.cumprod(x).sum(), [1.0, 2.0, 0.0, 4.0])
    np.testing.assert_array_equal(got, [3.0, 1.0, 10.0, 0.0])


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_cumsum_and_cumprod(axis):
    agree(lambda xp, x: scalar(xp, xp.cumsum(x.reshape(2, 3), axis=axis))
          + scalar(xp, xp.cumprod(x.reshape(2, 3), axis=axis)), point(6, seed=9))


# inner and diff ----------------------------------------------------------------------------------

@pytest.mark.parametrize("n,axis", [(1, -1), (1, 0), (2, 1), (0, 0), (3, -1)])
def test_diff_follows_n_and_axis(n, axis):
    agree(lambda xp, x: scalar(xp, xp.diff(x.reshape(3, 4), n=n, axis=axis)),
          point(12, seed=10))


def test_diff_prepend_and_append():
    agree(lambda xp, x: scalar(xp, xp.diff(x.reshape(3, 2), axis=0, prepend=1.5, append=x[:2]
                                           .reshape(1, 2))), point(6, seed=11))


# the other mapped functions ----------------------------------------------------------------------

@pytest.mark.parametrize("name,case", [
    ("trace", lambda xp, x: xp.trace(x.reshape(3, 3)) ** 2),
    ("trace offset", lambda xp, x: xp.trace(x.reshape(3, 3), offset=-1) ** 2),
    ("trace axes", lambda xp, x: scalar(xp, xp.trace(x[:8].reshape(2, 2, 2), 1, -1, 0))),
    ("clip", lambda xp, x: scalar(xp, xp.clip(x, -1.0, 1.0))),
    ("clip keywords", lambda xp, x: scalar(xp, xp.clip(x, min=-1.0))
     + scalar(xp, xp.clip(x, max=0.9))),
    ("clip upper only", lambda xp, x: scalar(xp, xp.clip(x, None, 0.7))),
    ("clip by arrays", lambda xp, x: scalar(xp, xp.clip(x[:3], x[3:6], 1.5))),
    ("concatenate axis=None", lambda xp, x: scalar(xp, xp.concatenate(
        [x[:4].reshape(2, 2), x[4:]], axis=None))),
    ("concatenate axis=-1", lambda xp, x: scalar(xp, xp.concatenate(
        [x[:4].reshape(2, 2), x[5:9].reshape(2, 2)], axis=-1))),
    ("stack axis=-1", lambda xp, x: scalar(xp, xp.stack([x[:3], 2 * x[3:6], xp.ones(3)], -1))),
    ("hstack/vstack", lambda xp, x: scalar(xp, xp.vstack([xp.hstack([x[:2], x[2:4]]), x[4:8]]))),
    ("transpose axes", lambda xp, x: scalar(xp, xp.transpose(x[:6].reshape(1, 2, 3),
                                                             (2, -3, 1)))),
    ("x.T", lambda xp, x: scalar(xp, x[:6].reshape(2, 3).T @ xp.arange(2.0))),
    ("reshape order=F", lambda xp, x: scalar(xp, xp.reshape(x, (3, 3), order="F"))),
    ("method reshape order=F", lambda xp, x: scalar(xp, x.reshape(3, 3, order="F")[0])),
    ("ravel order=F", lambda xp, x: scalar(xp, xp.ravel(x.reshape(3, 3), order="F")[:4])),
    ("where broadcast", lambda xp, x: scalar(xp, xp.where(x[:3] > 0, x[:3, None], x[3:6]))),
    ("where constant", lambda xp, x: scalar(xp, xp.where(x > 0, x ** 2, 0.5))),
    ("where of constants", lambda xp, x: xp.sum(x * xp.where(x - 1.0, 2.0, 0.5))),
    ("getitem advanced", lambda xp, x: scalar(xp, x.reshape(3, 3)[[0, 2], 1:][:, [1, 0]])),
    ("getitem mixed", lambda xp, x: scalar(xp, x[:8].reshape(2, 2, 2)[[0, 1], :, [1, 0]])),
    ("sort", lambda xp, x: scalar(xp, xp.sort(x.reshape(3, 3), axis=0))),
    ("flip/roll/tile", lambda xp, x: scalar(xp, xp.tile(xp.roll(xp.flip(x[:4]), 1), 2))),
    ("triu/diag", lambda xp, x: scalar(xp, xp.triu(x.reshape(3, 3), 1) + xp.diag(x[:3]))),
    ("squeeze/expand_dims", lambda xp, x: scalar(xp, xp.expand_dims(
        xp.squeeze(x[:3].reshape(1, 3, 1)), 0))),
    ("broadcast_to", lambda xp, x: scalar(xp, xp.broadcast_to(x[:3], (2, 3)))),
    ("np.array of duals", lambda xp, x: scalar(xp, xp.array([[x[0], 1.0], [x[1], x[2]]]))),
    ("np.asarray/asanyarray", lambda xp, x: scalar(xp, xp.asarray(x) * getattr(
        xp, "asanyarray", xp.asarray)(x[::-1]))),
    ("add.reduce/accumulate", lambda xp, x: scalar(xp, xp.add.reduce(x.reshape(3, 3)))
     + scalar(xp, xp.add.accumulate(x.reshape(3, 3), axis=1))),
    ("multiply.outer", lambda xp, x: scalar(xp, xp.multiply.outer(x[:2], x[2:5]))),
    ("multiply/maximum/minimum.reduce", lambda xp, x: scalar(xp, xp.multiply.reduce(
        x.reshape(3, 3), axis=1)) + scalar(xp, xp.maximum.reduce(x.reshape(3, 3)))
     + scalar(xp, xp.minimum.reduce(x.reshape(3, 3), axis=-1))),
    ("multiply.accumulate", lambda xp, x: scalar(xp, xp.multiply.accumulate(x.reshape(3, 3)))),
    ("round has zero slope", lambda xp, x: xp.sum(xp.round(x, 1) * x)),
    ("real/imag/conj", lambda xp, x: scalar(xp, xp.real(x) * x.real + xp.conj(x) * x.conj()
                                            + xp.imag(x) + x.imag)),
])
def test_mapped_functions(name, case):
    agree(case, point(9, seed=12))


@pytest.mark.parametrize("axis,keepdims,with_b", [(None, False, False), (1, True, False),
                                                  (-1, False, True), ((0, 1), True, True)])
def test_logsumexp(axis, keepdims, with_b):
    weights = np.array([[1.0, 2.0, 0.5], [0.3, 1.0, 4.0]]) if with_b else None
    got = dual_gradient(lambda x: np.sum(np.sin(logsumexp(x.reshape(2, 3), axis=axis,
                                                          b=weights, keepdims=keepdims))),
                        point(6, seed=13))
    want = jax_gradient(lambda x: jnp.sum(jnp.sin(jsp.logsumexp(x.reshape(2, 3), axis=axis,
                                                                b=weights, keepdims=keepdims))),
                        point(6, seed=13))
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)


def test_logsumexp_return_sign():
    weights = np.array([1.0, -2.0, 0.5])

    def signed(x, lse):
        out, sign = lse(x, b=weights, return_sign=True)
        return out * sign

    got = dual_gradient(lambda x: signed(x, logsumexp), point(3, seed=14))
    want = jax_gradient(lambda x: signed(x, jsp.logsumexp), point(3, seed=14))
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)


def test_slogdet():
    agree(lambda xp, x: xp.linalg.slogdet(x[:9].reshape(3, 3))[1] * xp.linalg.slogdet(
        x[:9].reshape(3, 3)).sign, point(9, seed=20))


def test_solve_inv_det():
    agree(lambda xp, x: scalar(xp, xp.linalg.solve(x[:4].reshape(2, 2) + 3 * xp.eye(2), x[4:6]))
          + xp.linalg.det(x[:4].reshape(2, 2)) + scalar(xp, xp.linalg.inv(x[5:9].reshape(2, 2))),
          point(9, seed=15))
