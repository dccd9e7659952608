"""Functions linear in the dual argument (indexing, reshaping, joining, sums, products with a
constant): direction j of the result's tangent must equal the function applied to direction j
of the argument's tangent, with numpy itself as the truth."""

import numpy as np
import pytest

from gradlab.backends.dual_number import Dual


def linear_agrees(f, shape, k=3, seed=21):
    rng = np.random.default_rng(seed)
    value = rng.uniform(0.5, 2.0, shape)
    tangent = rng.uniform(0.5, 2.0, (k,) + tuple(shape))
    got = f(Dual(value, tangent))
    np.testing.assert_array_equal(got.value, f(value))
    assert got.tangent.shape == (k,) + np.shape(f(value))
    for j in range(k):
        np.testing.assert_allclose(got.tangent[j], f(tangent[j]), rtol=1e-14, atol=0)


MASK = np.array([[True, False, True, False]] * 3)
INDICES = [(0,), (slice(None), 1), (Ellipsis, 0), ([0, 1],), ([1, 0], slice(None), [2, 3]),
           (0, slice(None), [1, 2]), (None, 1), (slice(None), MASK), (slice(None), [0, 2], 1),
           (np.array([[0, 1], [1, 0]]),), (True,), ([0, 1], [1, 2]), (1, -1, slice(None, None, -2)),
           (np.int64(1), [0, 0, 2]), (slice(1, None), None, Ellipsis, [3, 0])]


@pytest.mark.parametrize("index", INDICES, ids=[repr(i) for i in INDICES])
def test_indexing_follows_numpy(index):
    linear_agrees(lambda a: a[index], (2, 3, 4))


CONSTANT = np.linspace(0.5, 1.5, 12)
LINEAR = {
    "reshape F": lambda a: np.reshape(a, (4, 6), order="F"),
    "reshape A of a transpose": lambda a: a.T.reshape(-1, order="A"),
    "reshape A of a strided view": lambda a: a.T[::2].reshape(-1, order="A")
    + np.ravel(a[:, :, ::2].T, order="A"),
    "ravel F": lambda a: np.ravel(a, "F"),
    "transpose": lambda a: np.transpose(a, (1, -1, 0)),
    "swapaxes/moveaxis": lambda a: np.moveaxis(np.swapaxes(a, 0, 2), 0, -1),
    "flip/roll/rot90": lambda a: np.rot90(np.roll(np.flip(a, 1), 2, axis=-1), 1, (0, 2)),
    "tile/repeat": lambda a: np.repeat(np.tile(a, (1, 2, 1)), [1, 2], axis=0),
    "broadcast_to": lambda a: np.broadcast_to(a, (2, 2, 3, 4)),
    "fliplr/flipud/diagflat": lambda a: np.fliplr(a[0]) + np.flipud(a[1])
    + np.diagflat(a[0, 0, :3], 1)[:3],
    "diagonal/trace": lambda a: np.diagonal(a, 1, 2, 1) + np.trace(a, -1, 1, 2)[:, None],
    "diag/triu/tril": lambda a: np.diag(a[0, 0, :3]) + np.triu(a[0], 1)[:, :3] + np.tril(a[1], -1)[
        :, :3],
    "take/take_along_axis": lambda a: np.take(a, [3, 0], axis=-1) + np.take_along_axis(
        a, np.zeros((2, 3, 2), dtype=int), 2),
    "concatenate None/stack": lambda a: np.concatenate([a, a[0]], axis=None)[:24].reshape(
        2, 3, 4) + np.stack([a[0], a[1]], axis=-2).reshape(2, 3, 4),
    "hstack/vstack/dstack/column_stack": lambda a: np.hstack([a[0], a[1]]).sum()
    + np.vstack([a[0, 0], a[1, 1]]) @ np.ones(4) + np.dstack([a[0], a[1]]).sum()
    + np.column_stack([a[0, 0], a[1, 1]]).sum(),
    "squeeze/expand_dims": lambda a: np.squeeze(np.expand_dims(a, (0, -1)), axis=0),
    "sum/mean keepdims": lambda a: np.sum(a, axis=(0, -1), keepdims=True)
    + np.mean(a, axis=1, keepdims=True),
    "cumsum/diff": lambda a: np.cumsum(a, -2) + np.diff(a, 2, 1, prepend=0.0, append=0.0),
    "products with a constant": lambda a: np.dot(a, CONSTANT[:4]) + np.matmul(
        CONSTANT[:6].reshape(3, 2), a[:, :2, :3])[..., 0]
    + np.inner(a, CONSTANT[4:8]) + np.einsum("ijk,k->ji", a, CONSTANT[:4]).T
    + np.tensordot(a, CONSTANT[:12].reshape(3, 4), 2)[:, None],
    "solve with a constant matrix": lambda a: np.linalg.solve(
        np.eye(4) + np.outer(CONSTANT[:4], CONSTANT[4:8]), a[..., None])[..., 0],
    "ufunc methods": lambda a: np.add.reduce(a, axis=1) + np.add.accumulate(a, axis=2)[:, 0],
}


@pytest.mark.parametrize("name", list(LINEAR))
def test_linear_functions_follow_numpy(name):
    linear_agrees(LINEAR[name], (2, 3, 4))
