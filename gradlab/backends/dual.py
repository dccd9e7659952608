"""``dual``: forward-mode automatic differentiation with dual numbers, in pure Python + numpy."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import BackendError
from ..problem import Problem, check_one_output
from . import dual_second
from .base import Compiled, Engine, OperatorUnsupported
from .dual_number import Dual, array, logsumexp
from .rebind import Namespace, rebind, translation_for

CHUNK = 64  # seed directions per pass: n <= CHUNK takes one pass


class DualNumbers(Engine):
    """Forward-mode autodiff with dual numbers, ``chunk`` derivative directions at a time."""

    name = "dual"
    description = "forward-mode dual numbers (the autodiff recipe, no dependency)"
    exact = True
    # forward mode gives J v natively and the Jacobian by columns; nested dual numbers (forward
    # over forward) give the Hessian by columns and H v in one pass
    operators = frozenset({"gradient", "jacobian", "hessian", "hvp", "jvp"})
    options = ("chunk",)
    reference_rank = 1
    check_rank = 1  # no compilation: the cheapest exact opinion

    def compile(self, problem: Problem, operator: str = "gradient",
                chunk: int = CHUNK) -> Compiled:
        if operator not in self.operators:
            raise OperatorUnsupported(self, operator)
        table = {"logsumexp": logsumexp, "array": array, "asarray": array,
                 "asanyarray": array, **{name: _special(name) for name in _SPECIAL}}
        translation = translation_for("dual", Namespace("dual", np, table, np))
        func = rebind(problem.func, translation)
        n = problem.n
        passes = math.ceil(n / chunk)

        def gradient(x: np.ndarray) -> np.ndarray:
            out = np.empty(n)
            for start in range(0, n, chunk):
                stop = min(start + chunk, n)
                seed = np.zeros((stop - start, n))
                seed[np.arange(stop - start), np.arange(start, stop)] = 1.0
                out[start:stop] = _tangent(problem.call(func, Dual(x.copy(), seed)),
                                           stop - start, problem)
            return out

        notes = (f"{passes} forward passes of {min(chunk, n)} directions",) if passes > 1 else ()
        nested = ("forward over forward: nested dual numbers",)
        if operator == "jvp":
            return Compiled(lambda x, v: _jvp(problem, func, x, v), operator=operator)
        if operator == "jacobian":
            return Compiled(lambda x: _jacobian(problem, func, x, chunk), notes,
                            operator=operator)
        if operator == "hessian":
            return Compiled(lambda x: dual_second.hessian(problem, func, x, chunk), nested,
                            operator=operator)
        if operator == "hvp":
            return Compiled(lambda x, v: dual_second.hvp(problem, func, x, v), nested,
                            operator=operator)
        return Compiled(gradient, notes)

    def code(self, problem: Problem, operator: str = "gradient", direction: Any = None,
             chunk: int = CHUNK) -> str | None:
        from .numeric_operator_snippets import dual_operator_snippet
        from .snippets import dual_snippet

        if operator != "gradient":  # None for the Hessian and hvp (nested duals: too long)
            return dual_operator_snippet(problem, self.namespace, operator, direction)
        return dual_snippet(problem, self.namespace)


_SPECIAL = ("erf", "erfc", "gammaln")  # math.erf, math.erfc, math.lgamma reach these


def _special(name: str) -> Any:
    """scipy.special's ufunc ``name``, imported at its first call (scipy is optional)."""
    def call(*args: Any, **kwargs: Any) -> Any:
        from scipy import special

        return getattr(special, name)(*args, **kwargs)
    call.__name__ = name
    return call


def _jvp(problem: Problem, func: Any, x: np.ndarray, v: np.ndarray) -> np.ndarray:
    """J v: one forward pass seeded with v."""
    seed = np.asarray(v, dtype=np.float64).reshape(1, problem.n)
    return _tangents(problem.call(func, Dual(x.copy(), seed)), 1)[0]


def _jacobian(problem: Problem, func: Any, x: np.ndarray, chunk: int) -> np.ndarray:
    """The (m, n) Jacobian, ``chunk`` columns per forward pass."""
    n = problem.n
    columns = []
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        seed = np.zeros((stop - start, n))
        seed[np.arange(stop - start), np.arange(start, stop)] = 1.0
        columns.append(_tangents(problem.call(func, Dual(x.copy(), seed)), stop - start))
    return np.concatenate(columns).T.copy()


def _tangents(result: Any, k: int) -> np.ndarray:
    """The tangents of an array result, shape (k, m); zeros for outputs that are constants."""
    if isinstance(result, Dual):
        return np.asarray(result.tangent, dtype=np.float64).reshape(k, -1)
    if isinstance(result, (list, tuple)) or (
            isinstance(result, np.ndarray) and result.dtype == object):
        result = array(result)
        if isinstance(result, Dual):
            return np.asarray(result.tangent, dtype=np.float64).reshape(k, -1)
    try:
        values = np.asarray(result, dtype=np.float64)
    except (TypeError, ValueError):
        raise BackendError("dual", f"the function returned {type(result).__name__}") from None
    return np.zeros((k, values.size))  # the function does not depend on its variables


def _tangent(result: Any, k: int, problem: Problem) -> np.ndarray:
    if isinstance(result, np.ndarray) and result.dtype == object and result.size == 1:
        result = result.reshape(()).item()
    if isinstance(result, Dual):
        check_one_output(np.shape(result.value), problem.label, "dual")
        return np.asarray(result.tangent, dtype=np.float64).reshape(k)
    if np.ndim(result) == 0:
        return np.zeros(k)  # the function does not depend on its variables
    raise BackendError("dual", f"{problem.label} returned {type(result).__name__}")
