"""Calling a compiled JAX derivative from float64 numpy: at one point or at many (``jax.vmap``),
with JAX's 64-bit mode set for gradlab's own call only.

The mode is switched for the calling thread alone, around each call, the way
``jax.enable_x64`` does as a context manager, without the context manager's object and
method calls on the hot path (they cost about 1 µs of a 7 µs call); the user's global setting
is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .base import Compiled

BATCH_BYTES = 64 * 2**20  # the results of one chunk of points at most (and 1 point at least)
MAX_CHUNK = 2**14  # points in one vmapped call


@dataclass
class BatchedCompiled(Compiled):
    """A Compiled whose ``batched(xs, *arguments)`` computes the operator at the k points of
    ``xs`` (k, n) at once: shape (k, *the flat shape of one value)."""

    batched: Callable[..., np.ndarray] | None = None


def scoped(jax: Any, function: Callable[..., Any], x64: bool) -> Callable[..., np.ndarray]:
    """``function`` called with 64-bit mode ``x64`` in this thread only, its value as numpy."""
    state, asarray = jax.enable_x64, np.asarray
    swap, restore = getattr(state, "swap_local", None), getattr(state, "set_local", None)
    if swap is None or restore is None or getattr(state, "_update_thread_local_hook", None):

        def in_context(*args: Any) -> np.ndarray:  # what jax.enable_x64(x64) does, as it does it
            with state(x64):
                return asarray(function(*args))

        return in_context

    def call(*args: Any) -> np.ndarray:  # the hot path: keep it lean
        previous = swap(x64)
        try:
            return asarray(function(*args))
        finally:
            restore(previous)

    return call


def in_float32(jax: Any, function: Callable[..., Any]) -> Callable[..., np.ndarray]:
    """``function`` on float32 copies of its arguments (JAX's default precision), float64 out."""
    call = scoped(jax, function, False)

    def float32(*args: np.ndarray) -> np.ndarray:
        return np.asarray(call(*(np.asarray(a, dtype=np.float32) for a in args)),
                          dtype=np.float64)

    return float32


def batched(jax: Any, derivative: Any, x64: bool, value_shape: tuple[int, ...],
            arguments: int = 0) -> Callable[..., np.ndarray]:
    """``derivative`` (of a flat point, then ``arguments`` more inputs; its value of shape
    ``value_shape``) at k points at once: jit(vmap) over the points, in chunks whose sizes are
    powers of two (one padded with copies of its last point where that saves a call), so that
    any k compiles a few shapes only."""
    vmapped = jax.jit(jax.vmap(derivative, in_axes=(0,) + (None,) * arguments))
    call = scoped(jax, vmapped, x64) if x64 else in_float32(jax, vmapped)
    value_bytes = 8 * int(np.prod(value_shape))

    def at_points(xs: np.ndarray, *values: Any) -> np.ndarray:
        k = xs.shape[0]
        largest = _largest_chunk(value_bytes)
        out = np.empty((k,) + tuple(value_shape), dtype=np.float64)
        start = 0
        while start < k:
            count, size = _next_chunk(k - start, largest)
            part = _padded(xs[start:start + count], size)
            out[start:start + count] = call(part, *values)[:count]
            start += count
        return out

    return at_points


def _largest_chunk(value_bytes: int) -> int:
    """The largest power of two of points whose values fit BATCH_BYTES (and MAX_CHUNK)."""
    fits = max(1, min(MAX_CHUNK, BATCH_BYTES // max(value_bytes, 1)))
    return 1 << (fits.bit_length() - 1)


def _next_chunk(remaining: int, largest: int) -> tuple[int, int]:
    """(points, padded size) of the next chunk: sizes are powers of two, so that few shapes
    compile; a chunk is padded by at most a quarter of its points, else split in two."""
    if remaining >= largest:
        return largest, largest
    above = 1 << (remaining - 1).bit_length()
    if 4 * above <= 5 * remaining:
        return remaining, above
    return above // 2, above // 2


def _padded(xs: np.ndarray, size: int) -> np.ndarray:
    if xs.shape[0] == size:
        return xs
    return np.concatenate([xs, np.repeat(xs[-1:], size - xs.shape[0], axis=0)])
