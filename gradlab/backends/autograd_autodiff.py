"""``autograd``: HIPS autograd, reverse and forward mode on the user's numpy code.

The user's function runs with ``autograd.numpy`` in place of numpy (rebound, never edited).
autograd traces each call afresh, so Python branches on values work; where autograd's own
derivative rules would ignore a numpy argument (``where=``, ``initial=``, a ``keepdims`` norm)
the call is refused here instead, and the gradient is checked once against central differences
(an ``ArrayBox`` method such as ``x.mean(where=...)`` bypasses the rebound namespace).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import BackendError
from ..numerics import UNVERIFIED, Evaluator, against_central
from ..problem import Problem
from .base import (
    DIRECTED,
    OPERATORS,
    SCALAR_ONLY,
    Compiled,
    Engine,
    describe_failure,
    scalar_output,
)
from .library_engines import check_operator, library_snippet, make_compiled
from .rebind import Namespace, rebind, translation_for
from .semantics import check_arguments, unsupported

NAME = "autograd"


class AutogradAutodiff(Engine):
    """autograd.grad / jacobian / hessian / hessian_vector_product / make_jvp / make_vjp."""

    name = NAME
    description = "HIPS autograd: reverse and forward mode on numpy code, traced per call"
    requires = "autograd"
    extra = "all"
    exact = True
    operators = frozenset(OPERATORS)
    namespace = "autograd.numpy"

    def compile(self, problem: Problem, operator: str = "gradient") -> Compiled:
        check_operator(self, operator)
        autograd = self.require()
        func = rebind(problem.func, translation_for(NAME, _namespace()))
        scalar, vector = _scalar(func, problem), _vector(func, problem)
        derivative = _DERIVATIVES[operator](autograd, scalar, vector)
        value = _first_call(derivative, operator, problem)
        if operator == "gradient":
            notes = _check_gradient(problem, value, problem.func, "the gradient")
        elif operator in SCALAR_ONLY:  # a wrong first derivative makes a wrong second one
            gradient = _first_call(_DERIVATIVES["gradient"](autograd, scalar, vector),
                                   "gradient", problem)
            notes = _check_gradient(problem, gradient, problem.func, "its gradient")
        else:  # u^T J against central differences of u . f, for one fixed u
            u = np.random.default_rng(0).standard_normal(problem.m)
            product = _first_call(_DERIVATIVES["vjp"](autograd, scalar, vector), "vjp",
                                  problem, u)
            notes = _check_gradient(problem, product, _weighted(problem, u), "u^T J")
        return make_compiled(derivative, operator, notes)

    def code(self, problem: Problem, operator: str = "gradient",
             direction: np.ndarray | None = None) -> str:
        check_operator(self, operator)
        call = _SNIPPET_CALLS[operator]
        return library_snippet(problem, ["import autograd"], "autograd.numpy", operator, call,
                               direction=direction)


# the derivative functions, flat float64 in and out: g(x) or g(x, direction)
_DERIVATIVES: dict[str, Callable[..., Callable[..., np.ndarray]]] = {
    "gradient": lambda ag, s, _: _floats(ag.grad(s)),
    "hessian": lambda ag, s, _: _floats(ag.hessian(s)),
    "hvp": lambda ag, s, _: _floats(ag.hessian_vector_product(s)),
    "jacobian": lambda ag, _, f: _floats(ag.jacobian(f), matrix=True),
    "jvp": lambda ag, _, f: _floats(lambda x, v: ag.make_jvp(f)(x)(v)[1]),
    "vjp": lambda ag, _, f: _floats(lambda x, u: ag.make_vjp(f)(x)[0](u)),
}
_SNIPPET_CALLS = {
    "gradient": "autograd.grad(F)(x)",
    "jacobian": "autograd.jacobian(F)(x)",
    "hessian": "autograd.hessian(F)(x)",
    "hvp": "autograd.hessian_vector_product(F)(x, v)",
    "jvp": "autograd.make_jvp(F)(x)(v)[1]  # make_jvp gives (f(x), J v)",
    "vjp": "autograd.make_vjp(F)(x)[0](u)  # make_vjp gives (the pullback, f(x))",
}


def _scalar(func: Callable[..., Any], problem: Problem) -> Callable[[Any], Any]:
    def scalar(flat: Any) -> Any:
        return scalar_output(problem.call(func, flat), NAME, problem)

    return scalar


def _vector(func: Callable[..., Any], problem: Problem) -> Callable[[Any], Any]:
    import autograd.numpy as anp

    def vector(flat: Any) -> Any:
        return anp.reshape(anp.array(problem.call(func, flat)), (-1,))

    return vector


def _floats(derivative: Callable[..., Any], matrix: bool = False) -> Callable[..., np.ndarray]:
    def call(x: np.ndarray, *direction: np.ndarray) -> np.ndarray:
        value = np.asarray(derivative(x, *direction), dtype=np.float64)
        return value.reshape(value.shape[0], -1) if matrix else value

    return call


def _first_call(derivative: Callable[..., np.ndarray], operator: str, problem: Problem,
                direction: np.ndarray | None = None) -> np.ndarray:
    """Run once at the point now: a function autograd cannot differentiate fails here, with
    the cause and the user's line."""
    if direction is None and operator in DIRECTED:
        direction = np.ones(problem.m if operator == "vjp" else problem.n)
    try:
        return derivative(problem.x0, *(() if direction is None else (direction,)))
    except Exception as err:
        raise describe_failure(NAME, err) from None


def _weighted(problem: Problem, u: np.ndarray) -> Callable[..., float]:
    """u . f, a scalar function with f's parameters."""

    def weighted(*args: Any, **kwargs: Any) -> float:
        return float(u @ np.asarray(problem.func(*args, **kwargs), dtype=np.float64).ravel())

    return weighted


def _check_gradient(problem: Problem, gradient: np.ndarray, func: Callable[..., Any],
                    what: str) -> tuple[str, ...]:
    """A value turned into a plain number out of autograd's sight (an ArrayBox method given an
    argument autograd's rule ignores) gives a wrong derivative: refuse it where central
    differences of ``func`` disagree with ``gradient``; say it is unverified where they cannot
    tell. f runs point by point here (a batched call may mix points)."""
    agreement = against_central(gradient, problem.x0, Evaluator(problem, func, batch=False))
    if agreement.verdict == "disagrees":
        raise BackendError(NAME, f"{what} {np.round(gradient, 6).tolist()} disagrees with "
                           f"central differences {agreement.central}: part of the function "
                           "escapes autograd's derivative rules (an argument its rule ignores, "
                           "or a value turned into a plain number)")
    if agreement.verdict in ("not finite", "too weak"):
        return (f"{UNVERIFIED}the central differences that check autograd's {what} are "
                f"{'not finite' if agreement.verdict == 'not finite' else 'too inaccurate'} "
                "here",)
    return ()


# --- autograd.numpy where it computes what numpy computes ----------------------------------

_REDUCTIONS = {  # numpy reduction -> the arguments autograd's derivative rule honours
    "sum": ("axis", "keepdims", "dtype", "initial"),
    "mean": ("axis", "keepdims", "dtype"),
    "prod": ("axis", "keepdims", "dtype"),
    "max": ("axis", "keepdims"), "min": ("axis", "keepdims"),
    "amax": ("axis", "keepdims"), "amin": ("axis", "keepdims"),
    "var": ("axis", "keepdims", "dtype", "ddof"), "std": ("axis", "keepdims", "dtype", "ddof"),
}


def _namespace() -> Namespace:
    import autograd.numpy as anp
    import autograd.scipy.special as special

    table: dict[str, Any] = {name: _checked(getattr(np, name), getattr(anp, name), f"np.{name}",
                                            supported) for name, supported in _REDUCTIONS.items()}
    table |= {name: getattr(special, name)
              for name in ("erf", "erfc", "expit", "logsumexp", "gammaln")}
    table["linalg"] = _linalg()
    table["vdot"] = _vdot  # autograd has no derivative rule for vdot; dot of the flat arrays
    return Namespace(NAME, np, table, anp)


def _vdot(a: Any, b: Any, /) -> Any:
    """numpy's vdot: the dot product of the flattened arrays, the first one conjugated."""
    import autograd.numpy as anp

    a, b = anp.ravel(anp.conj(a)), anp.ravel(b)
    if anp.size(a) != anp.size(b):
        raise ValueError("cannot reshape array: vdot needs arrays of the same size")
    return anp.dot(a, b)


def _checked(original: Callable[..., Any], function: Callable[..., Any], label: str,
             supported: tuple[str, ...]) -> Callable[..., Any]:
    """``function`` called with numpy's arguments, each one autograd ignores refused."""
    signature = inspect.signature(original)

    def call(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs).arguments
        first = next(iter(bound))
        check_arguments(NAME, label, {k: v for k, v in bound.items() if k != first}, supported)
        return function(*args, **kwargs)

    return call


def _linalg() -> Namespace:
    """autograd.numpy.linalg, with numpy's one-triangle reading for cholesky (autograd's rule
    spreads the derivative over both triangles; its eigh rule reads numpy's triangle, and
    eigvalsh has none: the eigenvalues of eigh), cholesky's ``upper=``, and norm's unsupported
    cases refused (autograd gives NaN for ord=inf and a shape error for keepdims)."""
    import autograd.numpy as anp
    import autograd.numpy.linalg as alg

    def from_triangle(a: Any, lower: bool) -> Any:
        if lower:
            return anp.tril(a) + anp.swapaxes(anp.tril(a, -1), -1, -2)
        return anp.triu(a) + anp.swapaxes(anp.triu(a, 1), -1, -2)

    def eigvalsh(a: Any, UPLO: str = "L") -> Any:  # noqa: N803 (numpy's name)
        return alg.eigh(a, UPLO=UPLO)[0]

    def cholesky(a: Any, /, *, upper: bool = False) -> Any:
        lower = alg.cholesky(from_triangle(a, lower=not upper))
        return anp.swapaxes(lower, -1, -2) if upper else lower

    def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A002
        if keepdims:
            raise unsupported(NAME, "np.linalg.norm", "keepdims", keepdims)
        if ord is not None and not isinstance(ord, str) and not (1 < ord < np.inf):
            raise unsupported(NAME, "np.linalg.norm", "ord", ord)
        return alg.norm(x, ord, axis)

    table = {"eigvalsh": eigvalsh, "cholesky": cholesky, "norm": norm}
    return Namespace(NAME, np.linalg, table, alg)
