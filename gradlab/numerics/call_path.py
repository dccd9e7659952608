"""f at a reused buffer with as little as possible between the loop and f: the arguments
``Problem.call`` would cut out of a flat point, bound once to the buffer.

An array parameter gets a read-only view of the buffer, made once: the loop writes the next
point into the buffer and the views see it, so no flag is toggled and nothing is sliced per
call (f that writes into its input still fails on the read-only view). A scalar parameter gets
``buffer[offset]`` at each call (a numpy float64, as ``Problem.call`` gives). ``keeping()`` gives
the check that f kept a reference to its input (a memo of the last x, a history list): the
buffer must not move under it then.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from operator import itemgetter
from typing import Any

import numpy as np

from ..problem import Problem


class BoundCall:
    """``call()`` is ``problem.call(func, buffer)`` at the buffer's current contents."""

    views: list[np.ndarray]
    vector: np.ndarray | None

    def __init__(self, problem: Problem, func: Callable[..., Any], buffer: np.ndarray):
        self.buffer, self.views, self.func = buffer, [], func
        args, kwargs, scalars = self._arguments(problem, buffer)
        self.shares = bool(self.views)  # f sees the buffer itself (through its views)
        only_view = self.views and not kwargs and not scalars and len(args) == 1
        self.vector = self.views[0] if only_view else None  # f(x): f's one argument, a view
        self.call = _caller(func, buffer, args, kwargs, scalars)
        self.watched = [buffer, *self.views]  # a view f keeps, or one f cuts from it, counts

    def _arguments(self, problem: Problem, buffer: np.ndarray
                   ) -> tuple[list[Any], dict[str, Any], list[tuple[int | str, int]]]:
        """The arguments with every fixed value and array view in place, and the (position or
        name, offset) of each scalar parameter to read from the buffer at each call."""
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        scalars: list[tuple[int | str, int]] = []
        for slot in problem.slots:
            where: int | str = slot.name if slot.keyword else len(args)
            if slot.is_fixed:
                value = slot.fixed
            elif slot.shape is None:
                value = None
                scalars.append((where, slot.offset))
            else:
                value = self._view(buffer, slot.offset, slot.size, slot.shape)
            if slot.keyword:
                kwargs[slot.name] = value
            else:
                args.append(value)
        return args, kwargs, scalars

    def _view(self, buffer: np.ndarray, offset: int, size: int, shape: tuple[int, ...]
              ) -> np.ndarray:
        view = buffer[offset: offset + size].reshape(shape)
        view.flags.writeable = False
        self.views.append(view)
        return view

    def keeping(self) -> Callable[[], bool]:
        """A check, after a call, that f holds a new reference to its input (the buffer or a
        view: numpy makes any view f cuts from them refer to the buffer). Made when every
        reference of the caller's own is in place: they are counted as the baseline."""
        if not self.shares:
            return lambda: False
        count = sys.getrefcount
        if len(self.watched) == 2:  # one array parameter: the usual f(x)
            buffer, view = self.watched
            references = count(buffer) + count(view)  # the closure's own hold counted
            return lambda: count(buffer) + count(view) > references
        watched = self.watched
        references = sum(map(count, watched))
        return lambda: sum(map(count, watched)) > references


def _caller(func: Callable[..., Any], buffer: np.ndarray, args: list[Any],
            kwargs: dict[str, Any], scalars: list[tuple[int | str, int]]
            ) -> Callable[[], Any]:
    """The fastest zero-argument call for the parameters' layout."""
    if not kwargs and not scalars:
        fixed = tuple(args)
        if len(fixed) == 1:
            only = fixed[0]
            return lambda: func(only)
        return lambda: func(*fixed)
    if not kwargs and all(where == index for index, (where, _) in enumerate(scalars)) \
            and len(scalars) == len(args):
        if len(scalars) == 1:
            offset = scalars[0][1]
            return lambda: func(buffer[offset])
        cut = itemgetter(*[offset for _, offset in scalars])  # one tuple of numpy scalars
        return lambda: func(*cut(buffer))
    positional = [(where, offset) for where, offset in scalars if isinstance(where, int)]
    named = [(where, offset) for where, offset in scalars if isinstance(where, str)]

    def call() -> Any:
        for index, offset in positional:
            args[index] = buffer[offset]
        for name, offset in named:
            kwargs[name] = buffer[offset]
        return func(*args, **kwargs)

    return call
