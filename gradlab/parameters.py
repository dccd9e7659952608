"""Which value of the point goes to which parameter of f, and which of them are variables.

``lay_out`` checks the point against f's signature (names, arity, numbers) and gives one
``Slot`` per parameter: a variable, with its offset and shape in the flat vector of
variables, or a value held fixed (``wrt`` leaves it out).
"""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import InputError
from .expression import Expression

__all__ = ["Slot", "as_numbers", "lay_out"]


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


def lay_out(func: Any, label: str, at: Any, wrt: Sequence[str] | None
            ) -> tuple[tuple[Slot, ...], np.ndarray, tuple[str, ...]]:
    """f's parameters as slots, the flat float64 vector of the variables' values, and the
    variables' names (``x``, ``w[0, 1]``...); InputError with a clear message."""
    values = _assign(func, label, _parameters(func), at)
    slots = _layout(label, values, wrt)
    flat = [np.ravel(v) for s, (v, _) in zip(slots, values.values()) if not s.is_fixed]
    if not flat:
        raise InputError("wrt names no variable; give at least one variable to differentiate")
    return tuple(slots), np.concatenate(flat).astype(np.float64), _variable_names(slots)


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
    array = as_numbers(at, "the point")
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
    return {name: (as_numbers(at[name], repr(name)), params is None or _is_keyword(params, name))
            for name in order}


def _is_keyword(params: list[inspect.Parameter], name: str) -> bool:
    kinds = {p.name: p.kind for p in params}
    return kinds.get(name, inspect.Parameter.KEYWORD_ONLY) != inspect.Parameter.POSITIONAL_ONLY


def as_numbers(value: Any, what: str) -> np.ndarray:
    """``value`` as a float64 array; InputError naming ``what`` unless finite real numbers."""
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
