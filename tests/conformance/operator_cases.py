"""Programs for the derivative operators: each case is a scalar program (hessian, hvp) and an
array-valued twin built from the same statements (jacobian, jvp, vjp), with directions.

The twin drops the final weighted reduction of the last value: it returns ``result * c`` (the
constant's distinct weights expose swapped elements) plus the scalar weighted sums of the
values no later statement reads. Where the result is a scalar the twin stacks it with those
sums, ``np.array([...])``, so that every twin has an output with at least one axis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from .builder import Builder, Value
from .catalogue import CATALOGUE
from .generator import CONFORMANCE_SHAPES, GENERATOR_SHAPES, composed, points
from .program import Program, literal


@dataclass(frozen=True)
class OperatorCase:
    """``scalar`` for hessian/hvp, ``array`` for jacobian/jvp/vjp; ``v`` is shaped like the point,
    ``u`` like the array program's output."""

    scalar: Program
    array: Program
    v: np.ndarray
    u: np.ndarray

    def __repr__(self) -> str:
        return (f"scalar:\n{self.scalar.text()}array:\n{self.array.text()}"
                f"v = np.array({self.v.tolist()!r})\nu = np.array({self.u.tolist()!r})\n")


def finish_array(builder: Builder, result: Value) -> Program:
    """The array-valued twin of ``builder.finish(result)``."""
    unused = [v for v in builder.values[1:-1] if not builder._read_later(v.name)]
    sums = [builder._weighted(v) for v in unused]
    if result.ndim == 0:
        body = f"np.array([{', '.join([result.name, *sums, f'{result.name} * 2.0'])}])"
    else:
        body = " + ".join([f"{result.name} * {builder.constant(result.shape)}", *sums])
    head = "".join(f"{name} = np.array({literal(values)})\n"
                   for name, values in builder.constants.items())
    lines = "\n".join(builder.lines + [f"    return {body}"])
    return Program(f"{head}\ndef f(x):\n{lines}\n", builder.x, tuple(builder.ops))


def _direction(draw: st.DrawFn, shape: tuple[int, ...]) -> np.ndarray:
    """Short decimals, none zero: every component of the direction is exercised."""
    size = int(np.prod(shape, dtype=int))
    values = draw(st.lists(st.floats(-1.0, 1.0, allow_nan=False), min_size=size, max_size=size))
    values = np.array(values, dtype=np.float64).round(2)
    return np.where(values == 0, 0.5, values).reshape(shape)


def _case(draw: st.DrawFn, builder: Builder, result: Value) -> OperatorCase:
    scalar = builder.finish(result)
    array = finish_array(builder, result)
    with np.errstate(all="ignore"):
        output = np.asarray(array.function()(array.x.copy()), dtype=np.float64)
    assume(output.ndim >= 1 and np.all(np.isfinite(output)))
    return OperatorCase(scalar, array, _direction(draw, builder.x.shape),
                        _direction(draw, output.shape))


@st.composite
def operation_case(draw: st.DrawFn, name: str, forced: dict | None = None) -> OperatorCase:
    """x -> (into the domain) -> the operation ``name``; see ``generator.single_operation``."""
    builder = Builder(draw, draw(points(CONFORMANCE_SHAPES)), forced)
    result = CATALOGUE[name](builder, builder.values[0])
    assume(result is not None and builder.ops[-1] != "domain")
    return _case(draw, builder, result)


@st.composite
def composition_case(draw: st.DrawFn, min_ops: int = 3, max_ops: int = 6) -> OperatorCase:
    """A random composition of 3 to 6 operations; see ``generator.compositions``."""
    builder = composed(draw, GENERATOR_SHAPES, min_ops, max_ops)
    return _case(draw, builder, builder.values[-1])
