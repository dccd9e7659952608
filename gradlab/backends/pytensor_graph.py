"""``pytensor``: a symbolic graph, ``pytensor.grad``, and a compiled ``pytensor.function``.

The compile mode is chosen per graph (``pytensor_modes``): PyTensor's default (the Numba linker)
compiles on the first call and costs 0.5-7 s cold; gradlab uses the C virtual machine (``CVM``),
or Python's VM without rewrites for graphs whose rewrites would take seconds, and refuses graphs
too big or too deep to differentiate in time. A ``mode=`` given is used as given. Modes are
passed to ``pytensor.function``; the user's ``pytensor.config`` is never touched.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..errors import BackendError
from ..problem import Problem
from .arguments import ExtraArguments
from .base import DIRECTED, OPERATORS, Compiled, Engine, describe_failure
from .pytensor_modes import CVM, LIGHT, choose_mode, graph_size, light_mode, refusal
from .pytensor_operators import derivative_graph
from .rebind import rebind, translation_for

DEFAULT_MODE = None  # chosen per graph: CVM, or the light mode for big graphs
# Graph rewrites that give wrong numbers in the PyTensor versions gradlab supports, left out of
# every mode: det_of_matrix_factorized_elsewhere takes det(X) from an LU factorisation of X
# found elsewhere in the graph (the gradient of inv(X) makes one) without the permutation's
# sign, so the gradient of det(X) + inv(X)[0, 1] came out wrong (PyTensor 3.0.7).
UNSAFE_REWRITES = ("det_of_matrix_factorized_elsewhere",)


class PytensorGraph(Engine):
    """pytensor.grad on a symbolic graph built by running f on tensor variables."""

    name = "pytensor"
    description = "pytensor.grad on a symbolic graph, compiled with pytensor.function"
    requires = extra = "pytensor"
    exact = True
    operators = frozenset(OPERATORS)
    options = ("mode", "dtype")
    dtypes = ("float64", "float32")
    reference_rank = 2
    check_rank = 3  # compiling a graph costs more than the others
    namespace = "pytensor.tensor"

    def runs_user_code_at_call_time(self, options: dict[str, Any]) -> bool:
        return False  # the values f reads are baked into the expressions/graph at compile time

    def compile(self, problem: Problem, mode: Any = DEFAULT_MODE, dtype: str = "float64",
                operator: str = "gradient") -> Compiled:
        return self._compile(problem, mode, dtype, operator)

    def compile_with_arguments(self, problem: Problem, arguments: ExtraArguments,
                               operator: str = "gradient", mode: Any = DEFAULT_MODE,
                               dtype: str = "float64") -> Compiled | None:
        """``operator`` of ``problem``, whose function reads ``arguments`` (see
        :mod:`.arguments`), with the traced arguments as inputs of the compiled function: its
        functions take ``(x, *arguments.traced_values())``, and new values of the same shapes
        and dtypes reuse the compile. None where f needs their values (an ``if`` on one,
        ``float()`` of one) and for the operators that take a direction: the caller then
        bakes them in."""
        if operator in DIRECTED or str(mode).upper() == "JAX":
            return None
        self.require()
        import pytensor.tensor as pt

        values = tuple(np.asarray(v) for v in arguments.traced_values())
        symbols = tuple(_argument_symbol(pt, value, dtype, index)
                        for index, value in enumerate(values))
        try:
            with arguments.tracing(symbols):
                return self._compile(problem, mode, dtype, operator, tuple(zip(symbols, values)))
        except Exception:  # noqa: BLE001 - f needs the values themselves: they are baked in
            return None

    def _compile(self, problem: Problem, mode: Any, dtype: str, operator: str,
                 extra: tuple[tuple[Any, np.ndarray], ...] = ()) -> Compiled:
        """The compile; ``extra``: (symbol, value) of each traced argument, inputs after x."""
        self.require()
        import pytensor.tensor as pt

        from .pytensor_methods import numpy_style_methods
        from .pytensor_namespace import pytensor_namespace

        if operator not in self.operators:
            raise BackendError(self.name, f"has no derivative operator {operator!r}")
        x = pt.tensor("x", dtype=dtype, shape=(problem.n,))
        x.__class__ = _with_static_shape(type(x))  # len(x), range(x.shape[0]) work on it
        func = rebind(problem.func, translation_for("pytensor", pytensor_namespace()))
        try:
            with numpy_style_methods():
                traced = problem.call(func, x)
            _refuse_too_big(traced, problem)
            compiled, chosen = _compiled_operator(operator, traced, x, problem, mode, extra)
        except RecursionError:
            raise BackendError(self.name, f"the graph of {problem.label} is too deep for "
                               "PyTensor (it recursed past Python's recursion limit); write "
                               "Python loops over elements with array operations") from None
        except Exception as err:
            raise describe_failure(self.name, err) from None
        derivative = _in_float64(compiled, np.dtype(dtype))
        if str(mode).upper() == "JAX":  # JAX-linked graphs need 64-bit mode, scoped per call
            derivative = _in_jax_x64(derivative)
        return Compiled(derivative, notes=(f"mode={chosen}",), operator=operator)

    def code(self, problem: Problem, mode: Any = DEFAULT_MODE, operator: str = "gradient",
             direction: Any = None, dtype: str = "float64") -> str | None:
        from .operator_snippets import pytensor_operator_snippet
        from .snippets import pytensor_snippet

        mode = CVM if mode is None else mode
        if dtype != "float64":
            return None  # the snippets compute in float64: other numbers than this row's
        if operator != "gradient":
            return pytensor_operator_snippet(problem, self.namespace, operator, direction, mode)
        return pytensor_snippet(problem, self.namespace, mode)


def _refuse_too_big(traced: Any, problem: Problem) -> None:
    """Raise the refusal for a graph too big or too deep to differentiate in time."""
    import pytensor.tensor as pt

    try:
        output = pt.as_tensor_variable(traced)
    except Exception:  # noqa: BLE001 (not a graph: derivative_graph says why)
        return
    refused = refusal(graph_size([output]), problem.label)
    if refused is not None:
        raise refused


def _compiled_operator(operator: str, traced: Any, x: Any, problem: Problem, mode: Any,
                       extra: tuple[tuple[Any, np.ndarray], ...] = ()) -> tuple[Any, str]:
    """The compiled ``pytensor.function`` of ``operator``, called once at the point (Numba and
    JAX compile then), and the mode's name. A Jacobian or Hessian is vectorised where PyTensor
    can vectorise its graph, and falls back to PyTensor's scan over the rows where it cannot.
    ``extra``: (symbol, value) of each traced argument, inputs after x."""
    import pytensor

    def build(vectorize: bool) -> tuple[Any, str]:
        inputs, output = derivative_graph(operator, traced, x, problem, vectorize)
        inputs = inputs[:1] + [symbol for symbol, _ in extra] + inputs[1:]
        chosen = mode if mode is not None else choose_mode(graph_size([output], inputs).nodes)
        with warnings.catch_warnings(), _jax_x64_kept():
            # a pip install has no BLAS; gradients don't need it
            warnings.filterwarnings("ignore", message=".*could not link to a BLAS")
            compiled = pytensor.function(inputs, output, mode=_safe(chosen),
                                         on_unused_input="ignore")
            compiled.trust_input = True
            point = problem.x0.astype(x.dtype)
            values = [value.astype(x.dtype) for _, value in extra]
            directions = [np.ones(i.type.shape[0], dtype=x.dtype)
                          for i in inputs[1 + len(extra):]]
            compiled(point, *values, *directions)
        return compiled, str(chosen)

    if operator not in ("jacobian", "hessian"):
        return build(vectorize=False)
    try:
        return build(vectorize=True)
    except BackendError:
        raise
    except Exception:  # noqa: BLE001 (the scan over rows is PyTensor's other way)
        return build(vectorize=False)


def _in_float64(compiled: Any, cast: np.dtype) -> Callable[..., np.ndarray]:
    """The compiled function on float64 points (and arguments, directions), answering float64.

    The function trusts its inputs (no checks: 7 µs a call), so the shapes are checked here: a
    point or direction is flat, an argument has the shape it was compiled for. A float64 graph
    of the point alone called with a float64 vector of its size is called as it is: the
    conversions cost as much as a small graph's whole call."""
    shapes = [tuple(int(n) for n in i.variable.type.shape) for i in compiled.maker.inputs]

    def derivative(*arrays: np.ndarray) -> np.ndarray:
        args = [_input(a, shape, cast) for a, shape in zip(arrays, shapes)]
        if len(arrays) != len(shapes) or [a.shape for a in args] != shapes:
            raise ValueError(f"the derivative takes arrays of shapes {shapes}, not "
                             f"{[np.shape(a) for a in arrays]}")
        return np.asarray(compiled(*args), dtype=np.float64)

    if cast != np.float64:
        return derivative
    float64 = np.dtype(np.float64)
    if len(shapes) == 1:
        shape = shapes[0]

        def float64_derivative(point: np.ndarray, *direction: np.ndarray) -> np.ndarray:
            if type(point) is np.ndarray and point.dtype == float64 and point.shape == shape:
                return compiled(point)  # a float64 graph's output is a float64 array
            return derivative(point, *direction)

        return float64_derivative

    def float64_inputs(*arrays: np.ndarray) -> np.ndarray:
        if len(arrays) == len(shapes) and all(
                type(a) is np.ndarray and a.dtype == float64 and a.shape == shape
                and a.flags.c_contiguous for a, shape in zip(arrays, shapes)):
            return compiled(*arrays)
        return derivative(*arrays)

    return float64_inputs


def _input(array: Any, shape: tuple[int, ...], cast: np.dtype) -> np.ndarray:
    """``array`` as the compiled function's input: ``cast``, contiguous, flat for a vector."""
    values = np.asarray(np.asarray(array, dtype=np.float64), dtype=cast, order="C")
    return values.reshape(-1) if len(shape) == 1 else values


def _argument_symbol(pt: Any, value: np.ndarray, dtype: str, index: int) -> Any:
    """A symbolic input for a traced argument, of its (static) shape."""
    symbol = pt.tensor(f"argument{index}", dtype=dtype, shape=value.shape)
    if value.ndim:
        variable_class: type = type(symbol)
        symbol.__class__ = _with_static_shape(variable_class)
    return symbol


def _in_jax_x64(derivative: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    import jax

    def in_jax(*args: np.ndarray) -> np.ndarray:
        with jax.enable_x64(True):
            return derivative(*args)

    return in_jax


@functools.cache
def _with_static_shape(variable_class: type) -> type:
    """The input variable's class, with Python ints for its (static) length and shape.

    User code loops with ``for i in range(len(x))`` or sizes arrays with ``x.shape[0]``;
    PyTensor's symbolic shape refuses both. Only gradlab's own input gets this class.
    """

    class StaticShape(variable_class):
        def __len__(self) -> int:
            return int(self.type.shape[0])

        def __iter__(self) -> Iterator[Any]:
            return (self[i] for i in range(len(self)))

        @property
        def shape(self) -> tuple[int, ...]:
            return tuple(int(n) for n in self.type.shape)

    return StaticShape


@contextlib.contextmanager
def _jax_x64_kept() -> Iterator[None]:
    """PyTensor's JAX mode turns JAX's global x64 flag on: put the user's value back."""
    before = _jax_x64()
    try:
        yield
    finally:
        if before is not None and _jax_x64() != before:
            import jax

            jax.config.update("jax_enable_x64", before)


def _jax_x64() -> bool | None:
    jax = sys.modules.get("jax")
    return None if jax is None else bool(jax.config.jax_enable_x64)


def _safe(mode: Any) -> Any:
    """``mode`` (a name or a Mode) without the rewrites known to give wrong numbers."""
    from pytensor.compile.mode import get_mode

    if mode == LIGHT:
        return light_mode()  # no rewrites to leave out
    safe = get_mode(mode)
    for rewrite in UNSAFE_REWRITES:
        safe = safe.excluding(rewrite)
    return safe
