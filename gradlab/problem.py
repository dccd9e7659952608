"""What to differentiate: the user's function, the point, and how to call one with the other.

Every engine builds a flat input of its own kind (floats, tracers, symbols, dual numbers, a
batch of perturbed points) with one entry per scalar variable and calls :meth:`Problem.call`,
which hands each parameter its scalar, or its slice reshaped to the parameter's shape.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import InputError
from .expression import Expression, parse_expression
from .fingerprint import content_key, function_key
from .outputs import check_array_output, check_one_output, check_scalar_output

__all__ = ["OPERATORS", "OUTPUTS", "Problem", "Slot", "check_array_output", "check_one_output",
           "check_scalar_output", "make_problem", "problem_key"]

OUTPUTS = ("scalar", "array")  # make_problem's outputs=
OPERATORS = ("gradient", "jacobian", "hessian", "hvp", "jvp", "vjp")  # derivative operators


@dataclass(frozen=True)
class Slot:
    """One parameter of the function: a variable (part of the flat vector) or a fixed value."""

    name: str
    keyword: bool = False
    offset: int = 0
    shape: tuple[int, ...] | None = None  # None: a scalar variable
    fixed: Any = None
    is_fixed: bool = False

    @property
    def size(self) -> int:
        return 0 if self.is_fixed else math.prod(self.shape or ())


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
            parts = [_numeric(at[s.name], repr(s.name)).ravel() for s in self.variable_slots]
            x = np.concatenate(parts) if len(parts) > 1 else parts[0]
        else:
            x = _numeric(at, what).ravel()
        if x.size != self.n:
            raise InputError(f"{what} has {x.size} values; {self.label} has {self.n} variables")
        return x

    def flatten_output(self, u: Any) -> np.ndarray:
        """A weight ``u`` like f's output (for vjp) as a flat float64 vector of m values."""
        flat = _numeric(u, "u").ravel()
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
    params = _parameters(func)
    values = _assign(func, label, params, at)
    slots = _layout(label, values, wrt)
    flat = [np.ravel(v) for s, (v, _) in zip(slots, values.values()) if not s.is_fixed]
    if not flat:
        raise InputError("wrt names no variable; give at least one variable to differentiate")
    x0 = np.concatenate(flat).astype(np.float64)
    names = _variable_names(slots)
    return Problem(func, tuple(slots), x0, label, names, outputs)


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


def _parameters(func: Any) -> list[inspect.Parameter] | None:
    """The positional-or-keyword parameters, or None when the signature accepts *args."""
    if isinstance(func, Expression):
        return [inspect.Parameter(v, inspect.Parameter.POSITIONAL_ONLY) for v in func.variables]
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return None
    kinds = [p.kind for p in signature.parameters.values()]
    if inspect.Parameter.VAR_POSITIONAL in kinds:
        return None
    return list(signature.parameters.values())


def _assign(func: Any, label: str, params: list[inspect.Parameter] | None,
            at: Any) -> dict[str, tuple[Any, bool]]:
    """Map each parameter to (value, is_keyword), checking names and arity."""
    if isinstance(at, Mapping):
        return _assign_mapping(label, params, at)
    if isinstance(at, (str, bytes)):
        raise InputError("the point must be numbers (a dict, a sequence or an array), not text")
    required = [p for p in (params or []) if p.default is inspect.Parameter.empty
                and p.kind not in (p.VAR_KEYWORD, p.KEYWORD_ONLY)]
    array = _numeric(at, "the point")
    if params is not None and len(required) == 1 and (array.ndim > 0 or len(params) == 1):
        return {required[0].name: (array, False)}
    if array.ndim != 1:
        raise InputError(f"{label} takes separate numbers; give the point as a list of numbers")
    if params is not None:
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if not len(required) <= array.size <= len(positional):
            names = ", ".join(p.name for p in positional)
            raise InputError(
                f"{label} takes {len(required)} argument(s) ({names}); the point has "
                f"{array.size} values"
            )
        return {p.name: (array[i], False) for i, p in enumerate(positional[: array.size])}
    return {f"x{i}": (array[i], False) for i in range(array.size)}


def _assign_mapping(label: str, params: list[inspect.Parameter] | None,
                    at: Mapping[str, Any]) -> dict[str, tuple[Any, bool]]:
    if params is not None:
        known = {p.name: p for p in params}
        takes_any = any(p.kind == p.VAR_KEYWORD for p in params)
        listed = ", ".join(p.name for p in params if p.kind != p.VAR_KEYWORD)
        for name in at:
            if name not in known and not takes_any:
                raise InputError(
                    f"the point names {name!r}, which is not a parameter of {label}; "
                    f"its parameters are: {listed}"
                )
        for p in params:
            if p.name not in at and p.default is p.empty and p.kind not in (
                    p.VAR_KEYWORD, p.VAR_POSITIONAL):
                raise InputError(
                    f"{label} needs a value for {p.name!r}; add {p.name}=... to the point"
                )
        order = [p.name for p in params if p.name in at] + [n for n in at if n not in known]
    else:
        order = list(at)
    return {name: (_numeric(at[name], repr(name)), params is None or _is_keyword(params, name))
            for name in order}


def _is_keyword(params: list[inspect.Parameter], name: str) -> bool:
    kinds = {p.name: p.kind for p in params}
    return kinds.get(name, inspect.Parameter.KEYWORD_ONLY) != inspect.Parameter.POSITIONAL_ONLY


def _numeric(value: Any, what: str) -> np.ndarray:
    if value is None:
        raise InputError(f"the value of {what} is None; give a number")
    if isinstance(value, (str, bytes)):
        raise InputError(f"the value of {what} is text ({value!r:.20}); give a number")
    if isinstance(value, (bool, np.bool_)):
        raise InputError(f"the value of {what} is a bool; give a number")
    if (isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real)) or \
            np.iscomplexobj(value):
        raise InputError(f"the value of {what} is complex; give real numbers (gradlab "
                         "differentiates real functions of real variables)")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(
            f"the value of {what} is {type(value).__name__}, not a number or array of numbers"
        ) from None
    if array.size == 0:
        raise InputError(f"the value of {what} is empty")
    if not np.all(np.isfinite(array)):
        raise InputError(f"the value of {what} is not finite ({value!r:.40}); give finite numbers")
    return array


def _layout(label: str, values: dict[str, tuple[np.ndarray, bool]],
            wrt: Sequence[str] | None) -> list[Slot]:
    if wrt is not None:
        missing = [w for w in wrt if w not in values]
        if missing:
            raise InputError(
                f"wrt names {missing[0]!r}, which is not in the point; choose from "
                + ", ".join(values)
            )
    slots, offset = [], 0
    for name, (array, keyword) in values.items():
        if wrt is not None and name not in wrt:
            fixed = float(array) if array.ndim == 0 else array
            slots.append(Slot(name, keyword, fixed=fixed, is_fixed=True))
            continue
        shape = None if array.ndim == 0 else array.shape
        slot = Slot(name, keyword, offset, shape)
        slots.append(slot)
        offset += max(slot.size, 1)
    return slots


def _variable_names(slots: list[Slot]) -> tuple[str, ...]:
    names: list[str] = []
    for slot in slots:
        if slot.is_fixed:
            continue
        if slot.shape is None:
            names.append(slot.name)
        else:
            names.extend(f"{slot.name}[{', '.join(map(str, idx))}]"
                         for idx in np.ndindex(*slot.shape))
    return tuple(names)
