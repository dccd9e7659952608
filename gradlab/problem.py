"""What to differentiate: the user's function, the point, and how to call one with the other.

Every engine builds a flat input of its own kind (floats, tracers, symbols, dual numbers, a
batch of perturbed points) with one entry per scalar variable and calls :meth:`Problem.call`,
which hands each parameter its scalar, or its slice reshaped to the parameter's shape.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import InputError
from .expression import Expression, parse_expression
from .fingerprint import content_key, function_key
from .outputs import check_array_output, check_one_output, check_scalar_output
from .parameters import Slot, as_numbers, lay_out

__all__ = ["OPERATORS", "OUTPUTS", "Problem", "Slot", "check_array_output", "check_one_output",
           "check_scalar_output", "make_problem", "problem_key"]

OUTPUTS = ("scalar", "array")  # make_problem's outputs=
OPERATORS = ("gradient", "jacobian", "hessian", "hvp", "jvp", "vjp")  # derivative operators


@dataclass(frozen=True, eq=False)
class Problem:
    func: Callable[..., Any]
    slots: tuple[Slot, ...]
    x0: np.ndarray
    label: str
    names: tuple[str, ...] = field(default=())
    outputs: str = "scalar"  # "scalar": f returns one number; "array": any array of numbers
    _output_shape: list[tuple[int, ...]] = field(default_factory=list, init=False, repr=False)

    @functools.cached_property
    def cache_key(self) -> tuple[Any, ...]:
        """What the function is and how it is called; computed once (it hashes data)."""
        return problem_key(self)

    @functools.cached_property
    def values_seen(self) -> dict[bytes, Any]:
        """f's values at the flat points ``evaluate`` ran it at, by the points' bytes."""
        return {}

    @functools.cached_property
    def live_cache_key(self) -> tuple[Any, ...]:
        """The key for gradients that run the function at call time: the objects it reaches
        by identity as well as content (an equal copy of them is not what the gradient reads)."""
        return problem_key(self, identity=True)

    @property
    def n(self) -> int:
        return self.x0.size

    @property
    def is_expression(self) -> bool:
        return isinstance(self.func, Expression)

    @property
    def variable_slots(self) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if not s.is_fixed)

    @property
    def gradient_shape(self) -> tuple[int, ...]:
        """(n,) for scalar variables; the array's shape for a single array parameter."""
        variables = self.variable_slots
        if len(variables) == 1 and variables[0].shape:
            return variables[0].shape
        return (self.n,)

    def shape_gradient(self, flat: np.ndarray) -> np.ndarray:
        return np.asarray(flat, dtype=np.float64).reshape(self.gradient_shape)

    @property
    def output_shape(self) -> tuple[int, ...]:
        """The shape of f's value: () for a scalar problem; an array problem's is learnt by
        evaluating f (at the point, the first time it is asked)."""
        if self.outputs == "scalar":
            return ()
        if not self._output_shape:
            self.evaluate()
        return self._output_shape[0]

    @property
    def m(self) -> int:
        """The number of output values (1 for a scalar f)."""
        return math.prod(self.output_shape)

    def result_shape(self, operator: str) -> tuple[int, ...]:
        """The flat shape of ``operator``'s value: (n,), (m, n), (n, n) or (m,)."""
        n, shapes = self.n, {"gradient": 1, "hvp": 1, "vjp": 1, "hessian": 2}
        if operator in shapes:
            return (n,) * shapes[operator]
        if operator == "jacobian":
            return (self.m, n)
        if operator == "jvp":
            return (self.m,)
        raise InputError(f"unknown derivative {operator!r}; choose one of {', '.join(OPERATORS)}")

    def shape_result(self, operator: str, flat: Any) -> np.ndarray:
        """A flat ``operator`` value shaped as the user sees it: the gradient's shape (gradient,
        hvp, vjp), output shape + gradient shape (jacobian), the gradient's shape twice
        (hessian), the output's shape (jvp)."""
        return np.asarray(flat, dtype=np.float64).reshape(self.user_shape(operator))

    def user_shape(self, operator: str) -> tuple[int, ...]:
        """The shape :meth:`shape_result` gives ``operator``'s value."""
        self.result_shape(operator)  # an unknown operator is an InputError
        return {"jacobian": self.output_shape + self.gradient_shape,
                "hessian": self.gradient_shape * 2, "jvp": self.output_shape}.get(
            operator, self.gradient_shape)

    def call(self, func: Callable[..., Any], flat: Any) -> Any:
        """Call ``func`` with the parameters cut out of ``flat`` (any array-like of n entries).

        A trailing batch axis on ``flat`` (shape (n, m)) passes through to every parameter.
        """
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for slot in self.slots:
            if slot.is_fixed:
                value = slot.fixed
            elif slot.shape is None:
                value = flat[slot.offset]
            elif slot.size == self.n and slot.shape == (self.n,):
                value = flat  # the whole vector: no slice for autodiff to differentiate through
            else:
                part = flat[slot.offset: slot.offset + slot.size]
                value = part.reshape(slot.shape + tuple(getattr(flat, "shape", ())[1:]))
            if slot.keyword:
                kwargs[slot.name] = value
            else:
                args.append(value)
        return func(*args, **kwargs)

    def evaluate(self, x: np.ndarray | None = None) -> Any:
        """f at ``x`` (default: the point) in plain float64: one real number (a float) for a
        scalar problem, a float64 array for an array problem; refused when not finite."""
        x = self.x0 if x is None else x
        try:
            with np.errstate(all="ignore"):
                value = self.call(self.func, x)
                self.values_seen[np.asarray(x).tobytes()] = value  # ``comparison.witness``
        except Exception as err:  # the user's own code failed: say so, with its message
            raise InputError(
                f"{self.label} raised {type(err).__name__} at the point: {err}. "
                f"{self._one_value_arrays()}Fix the function or choose another point."
            ) from err
        if self.outputs == "array":
            return self._checked_array(value)
        return self._finite_scalar(check_scalar_output(value, self.label))

    def _finite_scalar(self, value: float) -> float:
        if not math.isfinite(value):
            raise InputError(f"{self.label} is {value} at the point; a gradient needs a finite "
                             "value there. Choose another point.")
        return value

    def _checked_array(self, value: Any) -> np.ndarray:
        array = check_array_output(value, self.label)
        if not self._output_shape:
            self._output_shape.append(array.shape)
        elif array.shape != self._output_shape[0]:
            raise InputError(f"{self.label} returns shape {array.shape} here and "
                             f"{self._output_shape[0]} at the point; its output must keep one "
                             "shape")
        if array.size == 1 and not np.isfinite(array).all():
            self._finite_scalar(float(array.reshape(())))
        if not np.all(np.isfinite(array)):
            raise InputError(f"{self.label} is not finite at the point "
                             f"({np.array2string(array, threshold=6)}); a derivative needs "
                             "finite values there. Choose another point.")
        return array

    def _one_value_arrays(self) -> str:
        """A hint when the point gave a variable as an array of one value (``(2.3,)`` or
        ``[2.3]`` for ``f(x)``): the function may have expected a plain number."""
        ones = [s.name for s in self.variable_slots if s.shape == (1,)]
        if not ones:
            return ""
        return (f"({', '.join(ones)} got an array of one value from the point; give a plain "
                "number, e.g. 2.3 rather than (2.3,), to pass a scalar.) ")

    def point(self, x: np.ndarray | None = None) -> dict[str, Any]:
        """The point ``x`` (default: the problem's) as {parameter: value}, arrays reshaped."""
        flat = self.x0 if x is None else x
        return {s.name: _slot_value(s, flat) for s in self.variable_slots}

    def flatten(self, at: Any, what: str = "the point") -> np.ndarray:
        """A new point of the same structure as a flat float64 vector (the fast path of grad);
        also a direction v like the point (hvp, jvp), with ``what="v"``."""
        if isinstance(at, Mapping):
            missing = [s.name for s in self.variable_slots if s.name not in at]
            if missing:
                raise InputError(f"{what} has no value for {missing[0]!r}")
            parts = [as_numbers(at[s.name], repr(s.name)).ravel() for s in self.variable_slots]
            x = np.concatenate(parts) if len(parts) > 1 else parts[0]
        else:
            x = as_numbers(at, what).ravel()
        if x.size != self.n:
            raise InputError(f"{what} has {x.size} values; {self.label} has {self.n} variables")
        return x

    def flatten_output(self, u: Any) -> np.ndarray:
        """A weight ``u`` like f's output (for vjp) as a flat float64 vector of m values."""
        flat = as_numbers(u, "u").ravel()
        if flat.size != self.m:
            raise InputError(f"u has {flat.size} values; {self.label} returns {self.m} "
                             f"(shape {self.output_shape})")
        return flat


def _slot_value(slot: Slot, flat: np.ndarray) -> Any:
    if slot.shape is None:
        return float(flat[slot.offset])
    return flat[slot.offset: slot.offset + slot.size].reshape(slot.shape)


def problem_key(problem: Problem, identity: bool = False) -> tuple[Any, ...]:
    """The function (by content), how its parameters are laid out, and the held values (by
    content: ``repr`` abbreviates arrays past 1000 elements). With ``identity``, the objects
    the function reaches are held by identity too (see ``fingerprint.function_key``)."""
    func = problem.func
    what = (("expression", func.text) if isinstance(func, Expression)
            else function_key(func, identity))
    layout = tuple((s.name, s.keyword, s.offset, s.shape, s.is_fixed,
                    content_key(s.fixed) if s.is_fixed else None) for s in problem.slots)
    return what, layout


def make_problem(func: Any, at: Any, wrt: Sequence[str] | None = None,
                 outputs: str = "scalar") -> Problem:
    """Check ``func`` and ``at`` and lay out the variables; InputError with a clear message.

    ``outputs``: "scalar" (f returns one number: gradient, hessian, hvp) or "array" (f may
    return an array: jacobian, jvp, vjp; its shape is learnt when it is first evaluated)."""
    if outputs not in OUTPUTS:
        raise InputError(f"outputs must be one of {', '.join(map(repr, OUTPUTS))}, not "
                         f"{outputs!r}")
    if isinstance(func, str):
        names = tuple(at) if isinstance(at, Mapping) else None
        func = parse_expression(func, names)
    if not callable(func):
        raise InputError(
            f"f must be a function or an expression string, not {type(func).__name__}"
        )
    label = function_label(func)
    slots, x0, names = lay_out(func, label, at, wrt)
    return Problem(func, slots, x0, label, names, outputs)


def function_label(func: Any) -> str:
    """How tables name the user's function: the expression, `name()` or "the lambda"."""
    if isinstance(func, Expression):
        return repr(func.text)
    if isinstance(func, str):
        return repr(func)
    if isinstance(getattr(func, "__gradlab_label__", None), str):
        return func.__gradlab_label__
    name = getattr(func, "__name__", None) or type(func).__name__
    return f"{name}()" if name != "<lambda>" else "the lambda"
