"""Hypothesis strategies for programs: one operation under test, or a random composition."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from .builder import Builder
from .catalogue import CATALOGUE
from .elementwise import BINARY, MATH_IN_DOMAIN, UNARY
from .program import Program
from .reductions import catalogue as reduction_catalogue
from .structure import PRODUCTS

# small shapes: SymPy differentiates every element symbolically
CONFORMANCE_SHAPES = ((), (1,), (2,), (3,), (4,), (1, 3), (3, 1), (2, 2), (2, 3), (3, 3),
                      (2, 2, 2), (1, 2, 3))
GENERATOR_SHAPES = ((2,), (3,), (4,), (2, 2), (1, 3), (3, 1), (2, 3), (3, 2))

# operations no engine but jax is expected to map: in programs they would only get refused
NOT_MAPPED = ("np.sort", "flip/roll", "np.kron", "np.einsum", "np.tensordot",
              "np.linalg.slogdet", "np.cumprod", "math.erf")
CATEGORIES = {  # the generator's mix: products and reductions are where shapes go wrong
    "unary": [n for n in (*UNARY, *MATH_IN_DOMAIN) if n not in NOT_MAPPED],
    "binary": [*BINARY, "** int", "number ** value"],
    "reduction": [n for n in reduction_catalogue() if n not in NOT_MAPPED],
    "product": [n for n in PRODUCTS if n not in NOT_MAPPED] + ["np.linalg.det", "np.linalg.inv",
                                                              "np.linalg.solve", "np.trace"],
    "structure": ["reshape", "ravel", "transpose", "swapaxes", "new axis", "squeeze",
                  "indexing", "boolean mask", "join", "np.array"],
}
WEIGHTS = {"unary": 3, "binary": 3, "reduction": 3, "product": 2, "structure": 2}


@st.composite
def points(draw: st.DrawFn, shapes: tuple[tuple[int, ...], ...]) -> np.ndarray:
    shape = draw(st.sampled_from(shapes))
    size = math.prod(shape)
    values = draw(st.lists(st.floats(-1.5, 1.5, allow_nan=False), min_size=size,
                           max_size=size))
    return np.array(values, dtype=np.float64).round(2).reshape(shape)


@st.composite
def single_operation(draw: st.DrawFn, name: str, forced: dict | None = None,
                     shapes: tuple[tuple[int, ...], ...] = CONFORMANCE_SHAPES) -> Program:
    """x -> (into the domain) -> the operation ``name`` -> a weighted sum.

    ``forced`` pins arguments (axis kind, keepdims, ord); hypothesis draws the rest."""
    builder = Builder(draw, draw(points(shapes)), forced)
    result = CATALOGUE[name](builder, builder.values[0])
    assume(result is not None and builder.ops[-1] != "domain")
    return builder.finish(result)


@st.composite
def compositions(draw: st.DrawFn, shapes: tuple[tuple[int, ...], ...] = GENERATOR_SHAPES,
                 min_ops: int = 3, max_ops: int = 6) -> Program:
    """A random program of ``min_ops`` to ``max_ops`` operations (plus domain mappings)."""
    builder = composed(draw, shapes, min_ops, max_ops)
    return builder.finish(builder.values[-1])


def composed(draw: st.DrawFn, shapes: tuple[tuple[int, ...], ...], min_ops: int,
             max_ops: int) -> Builder:
    """A builder holding a random composition of ``min_ops`` to ``max_ops`` operations."""
    builder = Builder(draw, draw(points(shapes)))
    wanted = draw(st.integers(min_ops, max_ops))
    categories = [c for c, weight in WEIGHTS.items() for _ in range(weight)]
    for _ in range(4 * max_ops):
        if _operations(builder) >= wanted:
            break
        name = draw(st.sampled_from(CATEGORIES[draw(st.sampled_from(categories))]))
        CATALOGUE[name](builder, builder.pick())
    assume(_operations(builder) >= min_ops)
    return builder


def _operations(builder: Builder) -> int:
    return sum(op != "domain" for op in builder.ops)
