"""Central differences made once per comparison.

The central-differences row and the checks of complex step and of an autodiff gradient traced
without compiling all evaluate f at the same 6n points (x +- h, x +- 2h, x +- h/4). Within
one comparison (``sharing()``) those differences are computed once and handed to each that
asks again; the time they took is counted for every row that used them (``Shared.saved_s``),
so a row's per-call time stays what the method costs on its own.

Only inside ``sharing()``: outside one comparison f may read data the user has changed since,
and a gradient computed before would be stale.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..backends.base import Estimate


class Shared:
    """The differences computed so far in one comparison, and what reusing them saved."""

    def __init__(self) -> None:
        self.found: dict[Hashable, tuple[Estimate, float]] = {}
        self.saved_s = 0.0  # seconds the reused differences took when first computed
        self.saved_evals = 0  # evaluations of f they made

    def get_or_compute(self, key: Hashable, compute: Callable[[], Estimate]) -> Estimate:
        if key in self.found:
            estimate, seconds = self.found[key]
            self.saved_s += seconds
            self.saved_evals += estimate.n_evals or 0
        else:
            start = time.perf_counter()
            estimate = compute()
            self.found[key] = (estimate, time.perf_counter() - start)
        return _copy(estimate)


_current: ContextVar[Shared | None] = ContextVar("gradlab_shared_differences", default=None)


@contextmanager
def sharing() -> Iterator[Shared]:
    """Within this block (one comparison), equal requests for central differences are
    computed once."""
    token = _current.set(Shared())
    try:
        yield _current.get()  # type: ignore[misc]
    finally:
        _current.reset(token)


@contextmanager
def not_sharing() -> Iterator[None]:
    """Within this block every request computes again (timing a row's calls)."""
    token = _current.set(None)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> Shared | None:
    """The comparison's shared differences, None outside ``sharing()``."""
    return _current.get()


def once(key: Hashable, compute: Callable[[], Estimate]) -> Estimate:
    """``compute()``, or, inside ``sharing()``, its result for an equal ``key`` made before."""
    shared = _current.get()
    return compute() if shared is None else shared.get_or_compute(key, compute)


def _copy(estimate: Estimate) -> Estimate:
    """Each caller gets its own Estimate (rows set notes and replace the gradient)."""
    return dataclasses.replace(estimate, gradient=estimate.gradient.copy())
