"""The small protocol every engine implements, and the pieces engines share."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import BackendError, BackendUnavailable, InputError
from ..problem import OPERATORS, Problem, check_one_output


@dataclass
class Estimate:
    """One derivative (``gradient`` holds the operator's value, flat) with what it cost and how
    far it can be trusted (numerical engines): ``error_estimate`` bounds the Euclidean
    (Frobenius, for a matrix) norm of its error."""

    gradient: np.ndarray
    step: float | None = None
    error_estimate: float | None = None
    n_evals: int | None = None
    notes: tuple[str, ...] = ()


@dataclass
class Compiled:
    """A derivative operator prepared for one problem.

    ``gradient`` is the derivative function, flat float64 in and out: ``g(x)`` for the
    gradient (n,), jacobian (m, n) and hessian (n, n); ``g(x, v)`` for hvp (n,) and jvp (m,)
    with a flat direction v of n values; ``g(x, u)`` for vjp (n,) with a flat u of m values.
    Numerical engines also give ``estimate(x[, v])``, the same with step, error estimate and
    cost. ``reference`` (high-precision engines) has the same signature. ``operator`` says which
    operator it computes (one of :data:`OPERATORS`).
    """

    gradient: Callable[..., np.ndarray]
    notes: tuple[str, ...] = ()
    estimator: Callable[..., Estimate] | None = None
    reference: Callable[..., np.ndarray] | None = None  # high-precision value
    details: dict[str, Any] = field(default_factory=dict)  # e.g. symbolic expressions
    operator: str = "gradient"
    estimated: bool = False  # ``gradient`` is ``estimate``'s value: the estimate costs nothing
    estimate_skipped: bool = False  # ``gradient`` is a fast path without ``estimate``'s extra
    # evaluations (central differences, approx_fprime): gl.grad estimates its first call only

    @classmethod
    def by_estimates(cls, estimator: Callable[..., Estimate], operator: str = "gradient"
                     ) -> Compiled:
        """A derivative each of whose values comes with its error estimate."""
        return cls(lambda *args: estimator(*args).gradient, estimator=estimator,
                   operator=operator, estimated=True)

    def estimate(self, x: np.ndarray, *direction: np.ndarray) -> Estimate:
        if self.estimator is not None:
            return self.estimator(x, *direction)
        return Estimate(self.gradient(x, *direction), notes=self.notes)


DIRECTED = ("hvp", "jvp", "vjp")  # the operators that take a direction (v, or u for vjp)
SCALAR_ONLY = ("gradient", "hessian", "hvp")  # the operators of a scalar f only
# An operator an engine does not compute natively, computed by gradlab from one it does
# (gradlab.comparison.operators), in order of preference: jvp = J v and vjp = u^T J from the
# jacobian, hvp = H v from the hessian, the jacobian from jvp columns or vjp rows, the hessian
# from hvp columns. Nothing is derived from a derived operator.
DERIVATIONS: dict[str, tuple[str, ...]] = {
    "gradient": (), "jacobian": ("jvp", "vjp"), "hessian": ("hvp",), "hvp": ("hessian",),
    "jvp": ("jacobian",), "vjp": ("jacobian",),
}
DTYPES = ("float64", "float32")  # the precisions an engine's dtype= option may take
DECLARATIONS = ("name", "description", "requires", "distribution", "extra", "exact", "operators",
                "variants", "options", "takes_step", "fixed_step_variants", "dtypes",
                "reference_rank", "check_rank", "check_variant", "high_precision", "namespace",
                "samples_grid")


class Engine:
    """An engine: a way to compute derivatives, declared with class attributes.

    Write a subclass, set the class attributes that describe it, implement :meth:`compile` and
    register it (``gl.register_backend("name", MyEngine)`` or a ``gradlab.backends`` entry
    point). Every front-end (compare, check, step_sweep, the explorer, the magic, the CLI) asks
    these declarations; none lists engine names. Declarations are checked when the engine is
    registered or first loaded, and a wrong one is an :class:`~gradlab.InputError`.

    Declarations (all optional except ``compile``):

    ``name``: the registry name (filled in by ``register`` when empty). ``description``: one
    line for ``gradlab backends``. ``requires`` / ``distribution`` / ``extra``: the module that
    must be importable, its pip name when it differs, gradlab's extra that installs it.

    ``exact``: True for autodiff or symbolic engines (judged against round-off), False for
    numerical estimates (judged against their error estimate, see :class:`Estimate`).

    ``operators``: the derivative operators the engine computes natively, a subset of
    :data:`OPERATORS`. For any operator but the gradient gradlab calls
    ``compile(problem, operator=<op>, **options)`` (see :class:`Compiled` for what each
    returns); an operator not declared but derivable from a declared one
    (:data:`DERIVATIONS`) is computed by gradlab, see :meth:`computes`.

    ``variants``: named flavours such as ``("central", "forward")``, spelled
    ``"engine:variant"``; the first is the default. ``compile`` receives ``method=<variant>``
    (``"method"`` need not be listed in ``options``).

    ``options``: the keyword options ``compile`` takes (``compile(problem, **options)``).
    ``takes_step``: ``compile`` takes ``step=`` (a float, or None for its own rule); it follows
    from ``"step"`` being in ``options`` and need not be written. Front-ends then offer a step
    control (the explorer's slider) and ``step_sweep`` sweeps the engine.
    ``fixed_step_variants``: variants that take ``step=`` but whose own rule should stand (a
    step control leaves them alone), e.g. complex step, which no round-off limits.
    ``dtypes``: the precisions the ``dtype=`` option takes, from :data:`DTYPES`, float64 first;
    more than one needs ``"dtype"`` in ``options`` (the explorer's and magic's precision toggle).

    ``reference_rank``: exact engines only: preference as the reference value among engines that
    agree (lower first); None: after every ranked engine.
    ``check_rank``: order (lower first) in which gradlab runs the engine itself as an
    independent opinion when the compared rows cannot settle the reference (one numerical and
    one exact check at most); None: never. ``check_variant``: the variant run then.
    ``high_precision``: ``Compiled.reference`` gives a high-precision (50-digit) gradient.
    ``namespace``: the module that stands in for numpy in the engine's code (``"jax.numpy"``).
    ``samples_grid``: the engine differentiates a whole sampled grid at once
    (:meth:`grid_gradient`), as plot_field needs.

    Keywords given to ``__init__`` override the class attributes for that one instance (an
    engine parametrised at construction); unknown keywords are a TypeError.
    """

    name: str = ""
    description: str = ""
    requires: str | None = None  # the module that must be importable
    distribution: str | None = None  # its pip name, when it differs
    extra: str | None = None  # gradlab's extra that installs it
    exact: bool = True
    operators: frozenset[str] = frozenset({"gradient"})
    variants: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    takes_step: bool | None = None  # None: whether "step" is in options
    fixed_step_variants: tuple[str, ...] = ()
    dtypes: tuple[str, ...] = ("float64",)
    reference_rank: int | None = None
    check_rank: int | None = None
    check_variant: str | None = None
    high_precision: bool = False
    namespace: str = "numpy"
    samples_grid: bool = False

    def __init__(self, **declarations: Any) -> None:
        for key, value in declarations.items():
            if key not in DECLARATIONS:
                raise TypeError(f"{type(self).__name__}() got an unknown declaration {key!r}; "
                                f"declarations are: {', '.join(DECLARATIONS)}")
            setattr(self, key, value)
        if self.takes_step is None:  # not declared: it follows from the options
            self.takes_step = "step" in self.options

    def __repr__(self) -> str:
        return f"<gradlab engine {self.name or type(self).__name__!r}>"

    # --- what a subclass implements ----------------------------------------------------------

    # `*args: Any, **options: Any` is the typing spec's "any signature": each engine declares
    # its own keyword options (gradlab passes keywords only) without breaking the override rule.
    def compile(self, problem: Problem, *args: Any, **options: Any) -> Compiled:
        """Prepare the derivative of ``problem`` once; return a :class:`Compiled`.

        ``problem.evaluate(x)`` calls the user's function at a flat float64 point ``x``;
        ``problem.func``, ``problem.names``, ``problem.x0`` describe it. ``options`` are the
        declared ``options`` (plus ``method=`` when the engine has variants) with values the
        user chose; leave out what the user did not set. Do the expensive work here (tracing,
        symbolic differentiation, compiling) and import the engine's library here too:
        ``import gradlab`` loads no engine. Raise :class:`~gradlab.errors.BackendError` with a
        sentence the user can act on when the function cannot be handled.
        """
        raise NotImplementedError(f"{type(self).__name__} does not implement compile()")

    def code(self, problem: Problem, *args: Any, **options: Any) -> str | None:
        """The code a user would write to get this gradient with the engine's library, or None
        (the comparison then says there is no code snippet). Same arguments as compile."""
        return None

    def grid_gradient(self, f_grid: Callable[..., np.ndarray], axes: list[np.ndarray],
                      **options: Any) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        """Engines declaring ``samples_grid``: f on the ``indexing="ij"`` grid of ``axes``
        (``f_grid(*meshgrid)``) and its partial derivatives on that grid."""
        raise NotImplementedError(f"{self.name} does not differentiate a sampled grid")

    def runs_user_code_at_call_time(self, options: dict[str, Any]) -> bool:
        """Whether the compiled gradient calls the user's function (and so reads the objects it
        reaches) at each call, rather than a trace or graph that baked their values in.

        Such gradients are cached per object, not only per content. Engines that trace or build
        a graph return False; the safe default is True.
        """
        return True

    # --- what every engine shares --------------------------------------------------------------

    def computes(self, operator: str) -> str | None:
        """How the engine computes ``operator``: "native" (declared in ``operators``),
        "derived" (gradlab computes it from a native operator, :data:`DERIVATIONS`) or None
        (neither: the comparison's row says "not supported")."""
        if operator not in OPERATORS:
            raise InputError(f"unknown derivative {operator!r}; choose one of "
                             f"{', '.join(OPERATORS)}")
        if operator in self.operators:
            return "native"
        return "derived" if self.derived_from(operator) else None

    def derived_from(self, operator: str) -> str | None:
        """The native operator gradlab derives ``operator`` from (the first in
        :data:`DERIVATIONS` order), or None."""
        return next((source for source in DERIVATIONS.get(operator, ())
                     if source in self.operators), None)

    def available(self) -> bool:
        """Whether the engine's library is importable here (without importing it)."""
        return self.requires is None or importlib.util.find_spec(self.requires) is not None

    def version(self) -> str | None:
        """The installed version of the engine's library, or None."""
        import importlib.metadata  # not at import time: it costs 50 ms

        if self.requires is None:
            return None
        try:
            return importlib.metadata.version(self.distribution or self.requires)
        except importlib.metadata.PackageNotFoundError:
            return None

    def require(self) -> Any:
        """Import and return the engine's module, or raise BackendUnavailable."""
        if self.requires is None:
            return None
        if not self.available():
            raise BackendUnavailable(self.name, self.distribution or self.requires, self.extra)
        return importlib.import_module(self.requires)

    def steps_with_control(self, variant: str | None = None) -> bool:
        """Whether a step control (the explorer's slider) sets ``step=`` for this variant."""
        variant = variant or (self.variants[0] if self.variants else None)
        return bool(self.takes_step) and variant not in self.fixed_step_variants

    def takes_dtype(self, dtype: str) -> bool:
        """Whether the ``dtype=`` option takes ``dtype`` (float64 is every engine's own)."""
        return dtype in self.dtypes and (dtype == "float64" or "dtype" in self.options)

    def spec_of(self, variant: str | None = None) -> str:
        """``"name:variant"`` (or ``"name"`` for an engine without variants)."""
        return f"{self.name}:{variant}" if variant else self.name


class OperatorUnsupported(BackendError):
    """The engine computes the operator neither natively nor from one it computes natively."""

    def __init__(self, engine: Engine, operator: str):
        native = ", ".join(o for o in OPERATORS if o in engine.operators)
        sources = " or ".join(DERIVATIONS.get(operator, ())) or "nothing"
        super().__init__(engine.name, f"does not compute the {operator}: it computes the "
                         f"{native} natively, and gradlab derives the {operator} only from "
                         f"{sources}")
        self.operator = operator


Backend = Engine  # the public API's name (gl.register_backend, gradlab.backends.Backend)


def check_options(backend: Engine, options: dict[str, Any]) -> None:
    """Raise InputError when ``options`` (as compile will get them) do not suit ``backend``."""
    allowed = tuple(backend.options) + (("method",) if backend.variants else ())
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        listed = ", ".join(allowed) or "none"
        raise InputError(f"{backend.name} has no option {unknown[0]!r}; its options are: {listed}")
    method = options.get("method")
    if backend.variants and method is not None and method not in backend.variants:
        raise InputError(f"{backend.name} has no method {method!r}; choose from "
                         + ", ".join(backend.variants))
    dtype = options.get("dtype", "float64")
    if dtype not in backend.dtypes:
        raise InputError(f"{backend.name}: dtype must be one of "
                         f"{', '.join(map(repr, backend.dtypes))}, not {dtype!r}")


def scalar_output(value: Any, backend: str, problem: Problem) -> Any:
    """Check an engine's traced output is a single value, raising BackendError otherwise."""
    shape = getattr(value, "shape", ())
    if not isinstance(shape, tuple):  # a symbolic shape (PyTensor): use the static one
        shape = tuple(value.type.shape)
    check_one_output(shape, problem.label, backend)
    return value.reshape(()) if shape else value



_CAUSES = (
    ("TracerBoolConversionError", "Python `if`/`while`/`and`/`or` on a traced value"),
    ("ConcretizationTypeError", "a Python `if`, float(), int() or .item() on a traced value"),
    ("truth value of Relational", "Python `if` on a symbolic value (SymPy cannot decide it)"),
    ("convert expression to float", "float() or a math function on a symbolic value"),
    ("drop its derivative", "float() or int() on a dual number drops its derivative"),
    ("TracerArrayConversionError", "a numpy function gradlab does not map received a traced "
     "value (numpy cannot hold one)"),
)


def describe_failure(engine: str, err: BaseException) -> BackendError:
    """One BackendError for an exception raised while an engine ran the user's code.

    The cause is said in one sentence; the construct is the user's source line where it
    happened, when the traceback reaches user code.
    """
    if isinstance(err, BackendError):
        return err
    text = f"{type(err).__name__}: {err}"
    cause = next((c for key, c in _CAUSES if key in text), None)
    if cause is None:
        first = str(err).strip().splitlines()[0] if str(err).strip() else ""
        cause = f"{type(err).__name__}: {first[:200]}" if first else type(err).__name__
    return BackendError(engine, cause, _user_line(err))


def _user_line(err: BaseException) -> str | None:
    import linecache

    from .rebind import is_user_file

    line = None
    tb = err.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if is_user_file(code.co_filename):
            text = linecache.getline(code.co_filename, tb.tb_lineno).strip()
            line = text or line
        tb = tb.tb_next
    return line
