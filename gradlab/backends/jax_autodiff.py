"""``jax``: reverse-mode autodiff with ``jax.grad`` (and jacfwd/jacrev, jvp, vjp for the other
operators), jitted when the function allows it.

64-bit mode is switched on only around gradlab's own trace and calls (``jax.enable_x64`` as
a context manager), never in the user's global config.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import BackendError
from ..numerics import UNVERIFIED, Evaluator, against_central
from ..problem import Problem
from .arguments import ExtraArguments
from .base import DIRECTED, OPERATORS, Compiled, Engine, describe_failure, scalar_output
from .jax_calls import BatchedCompiled, batched, in_float32, scoped
from .rebind import DataArguments, Namespace, rebind, translation_for

_BRANCH_ERRORS = ("TracerBoolConversionError", "ConcretizationTypeError",
                  "TracerIntegerConversionError")


class JaxAutodiff(Engine):
    """jax.grad of the user's function traced with jax.numpy in place of numpy; every other
    operator natively: jacfwd or jacrev by shape, forward-over-reverse Hessian, jvp, vjp, and
    the hvp as the jvp of the gradient."""

    name = "jax"
    description = "jax.grad (reverse mode), jit-compiled with XLA"
    requires = extra = "jax"
    exact = True
    operators = frozenset(OPERATORS)
    options = ("jit", "dtype")
    dtypes = ("float64", "float32")
    reference_rank = 0  # the most widely trusted autodiff: the reference among exact engines
    check_rank = 2
    namespace = "jax.numpy"

    def compile(self, problem: Problem, operator: str = "gradient", jit: bool = True,
                dtype: str = "float64") -> Compiled:
        jax = self.require()
        import jax.numpy as jnp

        x64 = dtype == "float64"
        numpy_like = DataArguments(jnp, _lists_as_arrays)
        translation = translation_for("jax", Namespace("jax", np, _extras(jax), numpy_like))
        func = rebind(problem.func, translation)

        def scalar(flat: Any) -> Any:
            return scalar_output(jnp.asarray(problem.call(func, flat)), self.name, problem)

        def vector(flat: Any) -> Any:
            return jnp.ravel(jnp.asarray(problem.call(func, flat)))

        derivative, how = _derivative(jax, operator, scalar, vector, problem)
        x0 = problem.x0 if x64 else problem.x0.astype(np.float32)
        args = (x0,) + _warm_up_direction(problem, operator, x0.dtype)
        notes: tuple[str, ...] = ()
        with jax.enable_x64(x64):
            compiled = None
            if jit:
                try:
                    compiled = jax.jit(derivative)
                    compiled(*args)  # trace and compile now: this is setup, not the first call
                except Exception as err:
                    compiled = None
                    if type(err).__name__ not in _BRANCH_ERRORS:
                        raise describe_failure(self.name, err) from None
                    notes = ("ran without jit: the function branches on a traced value "
                             f"({type(err).__name__})",)
            if compiled is None:
                notes += _unjitted_check(jax, problem, operator, scalar, derivative, args)
                compiled = derivative
        details = {"jax": how} if how else {}
        batch = None  # vmap cannot take what jit could not: such a function runs point by point
        if compiled is not derivative and operator not in DIRECTED:
            batch = batched(jax, derivative, x64, problem.result_shape(operator))
        return _wrapped(jax, compiled, x64, operator, notes, details, batch)

    def compile_with_arguments(self, problem: Problem, arguments: ExtraArguments,
                               operator: str = "gradient", jit: bool = True,
                               dtype: str = "float64") -> Compiled | None:
        """``operator`` of ``problem``, whose function reads ``arguments`` (see
        :mod:`.arguments`), jitted with the traced arguments as inputs: its functions take
        ``(x, *arguments.traced_values())``, and new values of the same shapes and dtypes reuse
        the compile. None where they cannot be traced (without jit, or where f needs their
        values, e.g. as a shape or in an ``if``): the caller then bakes them in."""
        if not jit or operator in DIRECTED:
            return None
        jax = self.require()
        import jax.numpy as jnp

        x64 = dtype == "float64"
        func = rebind(problem.func, translation_for("jax", Namespace(
            "jax", np, _extras(jax), DataArguments(jnp, _lists_as_arrays))))

        def scalar(flat: Any, *traced: Any) -> Any:
            with arguments.tracing(traced):
                return scalar_output(jnp.asarray(problem.call(func, flat)), self.name, problem)

        def vector(flat: Any, *traced: Any) -> Any:
            with arguments.tracing(traced):
                return jnp.ravel(jnp.asarray(problem.call(func, flat)))

        derivative, how = _derivative(jax, operator, scalar, vector, problem)
        values = arguments.traced_values()
        compiled = jax.jit(derivative)
        wrapped = _wrapped(jax, compiled, x64, operator, (), {"jax": how} if how else {},
                           batched(jax, derivative, x64, problem.result_shape(operator),
                                   len(values)))
        try:
            wrapped.gradient(problem.x0, *values)  # trace and compile now
        except Exception:
            return None
        return wrapped

    def code(self, problem: Problem, operator: str = "gradient", direction: Any = None,
             jit: bool = True, dtype: str = "float64") -> str | None:
        from .operator_snippets import jax_operator_snippet
        from .snippets import jax_snippet

        if dtype != "float64":
            return None  # the snippets compute in float64: other numbers than this row's
        if operator != "gradient":
            return jax_operator_snippet(problem, self.namespace, operator, direction)
        return jax_snippet(problem, self.namespace)


def _derivative(jax: Any, operator: str, scalar: Any, vector: Any, problem: Problem
                ) -> tuple[Any, str]:
    """The jax function computing ``operator`` (flat), and how it is computed."""
    if operator == "gradient":
        return jax.grad(scalar), ""
    if operator == "jacobian":  # forward mode costs n passes, reverse mode m
        if problem.m >= problem.n:
            return jax.jacfwd(vector), "jacfwd (forward mode: m >= n)"
        return jax.jacrev(vector), "jacrev (reverse mode: m < n)"
    if operator == "hessian":
        return jax.jacfwd(jax.jacrev(scalar)), "jacfwd(jacrev(f)): forward over reverse"
    if operator == "hvp":
        gradient = jax.grad(scalar)
        return (lambda x, v: jax.jvp(gradient, (x,), (v,))[1]), "jvp of grad"
    if operator == "jvp":
        return (lambda x, v: jax.jvp(vector, (x,), (v,))[1]), "jax.jvp"
    if operator == "vjp":
        return (lambda x, u: jax.vjp(vector, x)[1](u)[0]), "jax.vjp"
    raise BackendError("jax", f"has no operator {operator!r}")


def _warm_up_direction(problem: Problem, operator: str, dtype: Any) -> tuple[np.ndarray, ...]:
    """A direction to trace a directed operator with (its values do not matter)."""
    if operator not in DIRECTED:
        return ()
    return (np.zeros(problem.m if operator == "vjp" else problem.n, dtype=dtype),)


def _unjitted_check(jax: Any, problem: Problem, operator: str, scalar: Any, derivative: Any,
                    args: tuple[np.ndarray, ...]) -> tuple[str, ...]:
    """Run the un-jitted derivative once (its errors are the engine's), and check what can be
    checked: the gradient of a scalar f against central differences (a tracer turned into a
    plain number is a constant to every operator)."""
    try:
        first = np.asarray(derivative(*args), dtype=np.float64)
        gradient = first if operator == "gradient" else (
            np.asarray(jax.grad(scalar)(args[0]), dtype=np.float64) if problem.m == 1 else None)
    except Exception as err:
        raise describe_failure("jax", err) from None
    if gradient is None:
        return (f"{UNVERIFIED}ran without jit, and nothing checks that no part of the function "
                "became a plain number (only a scalar function's gradient is checked)",)
    return _check_against_central(problem, gradient)


def _wrapped(jax: Any, compiled: Any, x64: bool, operator: str, notes: tuple[str, ...],
             details: dict[str, Any], batch: Any = None) -> Compiled:
    """Flat float64 numpy in and out, JAX's precision switched only around the call."""
    if not x64:
        return BatchedCompiled(in_float32(jax, compiled),
                               notes + ("float32: JAX's default precision",), details=details,
                               operator=operator, batched=batch)
    return BatchedCompiled(scoped(jax, compiled, True), notes, details=details,
                           operator=operator, batched=batch)


def _lists_as_arrays(value: Any) -> Any:
    import jax.numpy as jnp

    return jnp.asarray(value) if isinstance(value, (list, tuple)) else value


def _extras(jax: Any) -> dict[str, Any]:
    import jax.numpy as jnp
    import jax.scipy.special as special

    histograms = {name: _numpy_order(getattr(jnp, name), leading)
                  for name, leading in (("histogram", 1), ("histogram2d", 2), ("histogramdd", 1))}
    return {"erf": special.erf, "erfc": special.erfc, "expit": special.expit,
            "logsumexp": special.logsumexp, "gammaln": special.gammaln, "xlogy": special.xlogy,
            "linalg": _linalg(), **histograms}


_HISTOGRAM_ORDER = ("bins", "range", "density", "weights")


def _numpy_order(function: Any, leading: int) -> Any:
    """numpy's histograms take (..., bins, range, density, weights) and jnp's take weights
    before density: pass numpy's positional arguments by name."""

    def call(*args: Any, **kwargs: Any) -> Any:
        data, rest = args[:leading], args[leading:]
        if len(rest) > len(_HISTOGRAM_ORDER):
            raise TypeError(f"{function.__name__}() takes at most {leading + 4} positional "
                            "arguments")
        return function(*data, **dict(zip(_HISTOGRAM_ORDER, rest)), **kwargs)

    return call


def _linalg() -> Namespace:
    """jnp.linalg where it computes what numpy.linalg computes.

    For eigh, eigvalsh and cholesky numpy reads one triangle of the matrix (``UPLO``, ``upper``)
    while jnp.linalg averages ``a`` with its transpose: on a matrix that is not symmetric both
    the values and the gradient would differ. The mapping builds the symmetric matrix numpy
    reads, from the triangle numpy reads. lstsq returns numpy's residuals; pinv and
    matrix_rank take numpy's cut-offs (jnp's differ in default and in meaning).
    """
    import jax.numpy as jnp

    def from_triangle(a: Any, lower: bool) -> Any:
        a = jnp.asarray(a)
        if lower:
            return jnp.tril(a) + jnp.swapaxes(jnp.tril(a, -1), -1, -2).conj()
        return jnp.triu(a) + jnp.swapaxes(jnp.triu(a, 1), -1, -2).conj()

    def eigh(a: Any, UPLO: str = "L") -> Any:  # noqa: N803 (numpy's name)
        return jnp.linalg.eigh(from_triangle(a, _is_lower(UPLO)))

    def eigvalsh(a: Any, UPLO: str = "L") -> Any:  # noqa: N803
        return jnp.linalg.eigvalsh(from_triangle(a, _is_lower(UPLO)))

    def cholesky(a: Any, /, *, upper: bool = False) -> Any:
        return jnp.linalg.cholesky(from_triangle(a, not upper), upper=upper)

    def lstsq(a: Any, b: Any, rcond: Any = None) -> Any:
        return jnp.linalg.lstsq(a, b, rcond, numpy_resid=True)

    def pinv(a: Any, rcond: Any = None, hermitian: bool = False, *, rtol: Any = _UNSET) -> Any:
        a = jnp.asarray(a)
        if rcond is not None and rtol is not _UNSET:
            raise ValueError("`rtol` and `rcond` can't be both set.")
        if rcond is None:  # numpy's default cut-off is 1e-15, jnp's 10 * max(M, N) * eps
            rcond = 1e-15 if rtol is _UNSET else rtol
        if rcond is None:
            rcond = max(a.shape[-2:]) * jnp.finfo(a.dtype).eps
        return jnp.linalg.pinv(a, rtol=rcond, hermitian=hermitian)

    def matrix_rank(a: Any, tol: Any = None, hermitian: bool = False, *, rtol: Any = None
                    ) -> Any:  # numpy's tol is absolute; jnp's second argument is relative
        a = jnp.asarray(a)
        if a.ndim < 2:
            return jnp.any(a != 0).astype(int)
        s = (jnp.abs(jnp.linalg.eigvalsh(from_triangle(a, True))) if hermitian
             else jnp.linalg.svd(a, compute_uv=False))
        if tol is None:
            scale = max(a.shape[-2:]) * jnp.finfo(s.dtype).eps if rtol is None else (
                jnp.asarray(rtol)[..., None])
            tol = jnp.max(s, axis=-1, keepdims=True, initial=0.0) * scale
        else:
            tol = jnp.asarray(tol)[..., None]
        return jnp.count_nonzero(s > tol, axis=-1)

    table = {"eigh": eigh, "eigvalsh": eigvalsh, "cholesky": cholesky, "lstsq": lstsq,
             "pinv": pinv, "matrix_rank": matrix_rank}
    return Namespace("jax", np.linalg, table, jnp.linalg)


_UNSET = object()  # an argument not given (numpy's pinv tells rtol=None from no rtol)


def _is_lower(uplo: str) -> bool:
    if uplo not in ("L", "U"):
        raise ValueError(f"UPLO argument must be 'L' or 'U', not {uplo!r}")
    return uplo == "L"


def _check_against_central(problem: Problem, gradient: np.ndarray) -> tuple[str, ...]:
    """Un-jitted, a tracer turned into a number (``.item()``, ``float()``) silently becomes a
    constant: the gradient is then wrong. Refuse unless central differences agree; where they
    are not finite or too inaccurate, an "unverified: " note (the comparison then checks it
    against the consensus)."""
    agreement = against_central(gradient, problem.x0, Evaluator(problem, problem.func))
    if agreement.verdict == "not finite":
        return (f"{UNVERIFIED}ran without jit, and the central differences that check it are "
                f"not finite here ({agreement.central})",)
    if agreement.verdict == "too weak":
        return (f"{UNVERIFIED}ran without jit, and the central differences that check it are "
                f"too inaccurate here (error estimate {agreement.check.error_estimate:.1e})",)
    if agreement.verdict == "disagrees":
        raise BackendError(
            "jax", "without jit, part of the function was turned into a plain number "
            "(.item(), float(), int() or numpy on a traced value), so jax.grad treats it as a "
            f"constant: {np.round(gradient, 6).tolist()} disagrees with central differences "
            f"{agreement.central}")
    return ()
