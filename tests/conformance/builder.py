"""Builds a program one statement at a time, knowing every intermediate value at the point.

Each candidate statement is evaluated with numpy at the point before it is kept, so the builder
knows shapes and values: an operation whose argument is outside its domain, near a kink or a
tie, or not defined for the shape is not emitted (the caller picks another).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.special
from hypothesis import strategies as st

from .program import Program, literal

MAX_ABS = 1e4  # intermediate values stay moderate, so float64 rounding stays far below 1e-12
MAX_SIZE = 16  # elements per intermediate array (SymPy's cost grows with it)


@dataclass(frozen=True)
class Value:
    name: str
    array: np.ndarray
    raw: Any = None  # what the program holds there: an array, a numpy scalar or a float

    @property
    def shape(self) -> tuple[int, ...]:
        return self.array.shape

    @property
    def ndim(self) -> int:
        return self.array.ndim


class Builder:
    def __init__(self, draw: Any, x: np.ndarray, forced: dict[str, Any] | None = None):
        self.draw = draw
        self.forced = forced or {}  # arguments a test pins (axis kind, keepdims, ord)
        self.x = x
        self.constants: dict[str, np.ndarray] = {}
        self.lines: list[str] = []
        self.values: list[Value] = [Value("x", x, x)]
        self.ops: list[str] = []

    # choices ---------------------------------------------------------------------------
    def choice(self, options: list[Any] | tuple[Any, ...]) -> Any:
        return self.draw(st.sampled_from(options))

    def flag(self) -> bool:
        return self.draw(st.booleans())

    def integer(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))

    def number(self, low: float = -1.0, high: float = 1.0) -> float:
        """A short decimal in [low, high]: readable in a shrunk program."""
        return round(self.draw(st.floats(low, high, allow_nan=False)), 2)

    def axis(self, ndim: int, allow_none: bool = True, allow_tuple: bool = True) -> Any:
        """None, an int (negative too) or a tuple of distinct axes, as numpy accepts."""
        kinds = (["none"] if allow_none else []) + ["int"] + (
            ["tuple"] if allow_tuple and ndim >= 1 else [])
        kind = self.forced.get("axis") or self.choice(kinds)
        if kind == "none" or ndim == 0:
            return None
        if kind == "int":
            return self.integer(-ndim, ndim - 1)
        picked = self.draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim,
                                    unique=True))
        if self.forced.get("axis") == "tuple" and len(picked) < 2 <= ndim:
            picked.append(next(a for a in range(ndim) if a not in picked))
        return tuple(a - ndim if self.flag() else a for a in picked)

    # values ----------------------------------------------------------------------------
    def constant(self, shape: tuple[int, ...], low: float = -1.0, high: float = 1.0) -> str:
        """A module-level constant array (a plain literal for shape ())."""
        values = np.array(self.draw(st.lists(st.floats(low, high, allow_nan=False),
                                             min_size=math.prod(shape),
                                             max_size=math.prod(shape)))).round(2)
        values = np.where(values == 0, 0.5, values).reshape(shape)
        if shape == ():
            return literal(float(values))
        name = f"c{len(self.constants)}"
        self.constants[name] = values
        return name

    def pick(self, condition: Any = None) -> Value:
        """A value computed so far (the latest ones are likelier, for deep compositions)."""
        pool = [v for v in self.values if condition is None or condition(v)]
        if not pool:
            return self.values[-1]
        index = self.integer(0, len(pool) - 1)
        return pool[-1 - index] if self.flag() else pool[-1]

    def evaluate(self, expr: str) -> Any:
        """``expr`` computed by numpy at the point, or None where it is not usable."""
        env: dict[str, Any] = {"np": np, "math": math, "special": scipy.special,
                               **self.constants, **{v.name: v.raw for v in self.values}}
        try:
            with np.errstate(all="raise"):
                raw = eval(expr, env)  # noqa: S307
                result = np.asarray(raw, dtype=np.float64)
        except Exception:
            return None
        if result.size == 0 or result.size > MAX_SIZE or not np.all(np.isfinite(result)):
            return None
        if np.max(np.abs(result)) > MAX_ABS or isinstance(raw, (bool, np.bool_)):
            return None
        return raw

    def emit(self, expr: str, op: str) -> Value | None:
        """Keep ``name = expr`` if numpy computes a usable value for it at the point."""
        raw = self.evaluate(expr)
        if raw is None:
            return None
        value = Value(f"v{len(self.lines)}", np.asarray(raw, dtype=np.float64), raw)
        self.lines.append(f"    {value.name} = {expr}")
        self.values.append(value)
        self.ops.append(op)
        return value

    # the end ---------------------------------------------------------------------------
    def finish(self, result: Value) -> Program:
        """Return a scalar: weighted sums (weights expose swapped elements) of ``result`` and of
        every other value no later statement reads, so that no statement is dead code."""
        unused = [v for v in self.values[1:-1] if not self._read_later(v.name)]
        terms = [self._weighted(v) for v in unused + [result]]
        head = "".join(f"{name} = np.array({literal(values)})\n"
                       for name, values in self.constants.items())
        body = "\n".join(self.lines + [f"    return {' + '.join(terms)}"])
        return Program(f"{head}\ndef f(x):\n{body}\n", self.x, tuple(self.ops))

    def _weighted(self, value: Value) -> str:
        if value.ndim == 0:
            return value.name if value is self.values[-1] else f"{value.name} * {self.number()}"
        return f"np.sum({value.name} * {self.constant(value.shape)})"

    def _read_later(self, name: str) -> bool:
        index = int(name[1:])
        return any(re.search(rf"\b{name}\b", line) for line in self.lines[index + 1:])


def distinct(values: np.ndarray, margin: float = 1e-3) -> bool:
    """No two of ``values`` within ``margin`` (a max/min/sort has no tie)."""
    flat = np.sort(np.ravel(values))
    return flat.size < 2 or bool(np.min(np.diff(flat)) > margin)


def away_from(values: np.ndarray, points: Any, margin: float = 1e-3) -> bool:
    """Every value at least ``margin`` from every kink in ``points``."""
    values = np.ravel(values)
    return all(np.all(np.abs(values - p) > margin) for p in np.ravel(points))
