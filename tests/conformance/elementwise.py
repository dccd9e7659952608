"""Elementwise operations: numpy/scipy ufuncs, operators and ``math`` functions.

Each op is ``op(builder, value) -> Value | None``; arguments outside the function's domain are
first mapped into it by a smooth, mapped function (``np.exp``, ``np.tanh``, ``v**2 + c``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .builder import Builder, Value, away_from

Op = Callable[[Builder, Value], "Value | None"]


# domains ----------------------------------------------------------------------------------
def positive(b: Builder, v: Value) -> Value | None:
    if np.all(v.array > 0.05):
        return v
    expr = f"np.exp({v.name})" if np.max(np.abs(v.array)) <= 4 else f"{v.name} ** 2 + 1.0"
    return b.emit(expr, "domain")


def unit(b: Builder, v: Value) -> Value | None:
    if np.all(np.abs(v.array) < 0.9):
        return v
    return b.emit(f"np.sin({v.name}) * 0.9", "domain")


def above_one(b: Builder, v: Value) -> Value | None:
    if np.all(v.array > 1.05):
        return v
    return b.emit(f"{v.name} ** 2 + 1.5", "domain")


def nonzero(b: Builder, v: Value) -> Value | None:
    if np.all(np.abs(v.array) > 0.05):
        return v
    return b.emit(f"{v.name} ** 2 + 0.5", "domain")


def bounded(limit: float) -> Callable[[Builder, Value], Value | None]:
    """Inputs within ``limit``: no overflow, and no saturation (tanh'(x) = 1 - tanh(x)**2
    loses every digit far out, in any implementation, truth included)."""

    def prepare(b: Builder, v: Value) -> Value | None:
        if np.max(np.abs(v.array)) <= limit:
            return v  # sin of a large value would be ill-conditioned: scale it below 1 first
        return b.emit(f"np.sin({v.name} / {_power_of_ten_above(v, 1.0):g}) * {limit}", "domain")

    return prepare


def moderate(limit: float) -> Callable[[Builder, Value], Value | None]:
    """Periodic functions of large values are ill-conditioned (cos(2428) carries the rounding
    of 2428 into every digit past the 12th, in any implementation, truth included): divide
    large inputs by a power of ten first."""

    def prepare(b: Builder, v: Value) -> Value | None:
        if np.max(np.abs(v.array)) <= limit:
            return v
        return b.emit(f"{v.name} / {_power_of_ten_above(v, limit):g}", "domain")

    return prepare


def _power_of_ten_above(v: Value, limit: float) -> float:
    return float(10.0 ** np.ceil(np.log10(np.max(np.abs(v.array)) / limit)))


def then(*steps: Callable[[Builder, Value], Value | None]
         ) -> Callable[[Builder, Value], Value | None]:
    def prepare(b: Builder, v: Value) -> Value | None:
        for step in steps:
            if v is None:
                return None
            v = step(b, v)
        return v

    return prepare


def anything(b: Builder, v: Value) -> Value | None:
    return v


def off_integers(b: Builder, v: Value) -> Value | None:
    """floor/ceil jump at integers; the builder stays clear of them."""
    return v if away_from(v.array - np.round(v.array), 0.0, 0.01) else None


def off_half_integers(b: Builder, v: Value) -> Value | None:
    return v if away_from(v.array - np.floor(v.array), 0.5, 0.01) else None


def scalar(b: Builder, v: Value) -> Value | None:
    """``math`` functions take one number: reduce an array first."""
    return v if v.ndim == 0 else b.emit(f"np.sum({v.name})", "np.sum")


# unary ------------------------------------------------------------------------------------
UNARY: dict[str, tuple[str, Callable[[Builder, Value], Value | None]]] = {
    "np.sin": ("np.sin({})", moderate(20)), "np.cos": ("np.cos({})", moderate(20)),
    "np.tan": ("np.tan({})", bounded(1.2)), "np.arcsin": ("np.arcsin({})", unit),
    "np.arccos": ("np.arccos({})", unit), "np.arctan": ("np.arctan({})", anything),
    "np.sinh": ("np.sinh({})", bounded(4)), "np.cosh": ("np.cosh({})", bounded(4)),
    "np.tanh": ("np.tanh({})", bounded(3)), "np.arcsinh": ("np.arcsinh({})", anything),
    "np.arccosh": ("np.arccosh({})", above_one), "np.arctanh": ("np.arctanh({})", unit),
    "np.exp": ("np.exp({})", bounded(4)), "np.exp2": ("np.exp2({})", bounded(4)),
    "np.expm1": ("np.expm1({})", bounded(4)), "np.log": ("np.log({})", positive),
    "np.log2": ("np.log2({})", positive), "np.log10": ("np.log10({})", positive),
    "np.log1p": ("np.log1p({})", positive), "np.sqrt": ("np.sqrt({})", positive),
    "np.cbrt": ("np.cbrt({})", nonzero), "np.square": ("np.square({})", anything),
    "np.reciprocal": ("np.reciprocal({})", nonzero), "np.negative": ("np.negative({})", anything),
    "np.positive": ("np.positive({})", anything), "np.abs": ("np.abs({})", nonzero),
    "np.absolute": ("np.absolute({})", nonzero), "np.fabs": ("np.fabs({})", nonzero),
    "abs()": ("abs({})", nonzero), "unary -": ("-{}", anything),
    "np.sign": ("np.sign({}) * {}", nonzero), "np.floor": ("np.floor({})", off_integers),
    "np.ceil": ("np.ceil({})", off_integers), "np.rint": ("np.rint({})", off_half_integers),
    "np.deg2rad": ("np.deg2rad({})", anything), "np.rad2deg": ("np.rad2deg({})", anything),
    "np.degrees": ("np.degrees({})", anything), "np.radians": ("np.radians({})", anything),
    "special.erf": ("special.erf({})", anything), "special.erfc": ("special.erfc({})", bounded(4)),
    "special.expit": ("special.expit({})", bounded(6)),
    "special.gammaln": ("special.gammaln({})", positive),
    "math.sin": ("math.sin({})", then(scalar, moderate(20))),
    "math.cos": ("math.cos({})", then(scalar, moderate(20))),
    "math.tanh": ("math.tanh({})", bounded(3)), "math.atan": ("math.atan({})", scalar),
    "math.erf": ("math.erf({})", scalar),
}
MATH_IN_DOMAIN = {  # math functions with a domain: reduce to a number, then map into it
    "math.exp": ("math.exp({})", bounded(4)), "math.log": ("math.log({})", positive),
    "math.sqrt": ("math.sqrt({})", positive), "math.fabs": ("math.fabs({})", nonzero),
    "math.log1p": ("math.log1p({})", positive), "math.expm1": ("math.expm1({})", bounded(4)),
    "math.log base 2": ("math.log({}, 2.0)", positive),
}


def unary(template: str, domain: Callable[[Builder, Value], Value | None], name: str) -> Op:
    def op(b: Builder, v: Value) -> Value | None:
        if name.startswith("math.") and v.ndim:
            v = scalar(b, v)
        v = domain(b, v) if v is not None else None
        if v is None:
            return None
        return b.emit(template.format(v.name, v.name), name)

    return op


# binary -----------------------------------------------------------------------------------
def partner_shape(b: Builder, shape: tuple[int, ...]) -> tuple[int, ...]:
    """A shape that broadcasts with ``shape`` (same, a suffix, ones, or one more axis)."""
    kind = b.choice(["same", "suffix", "ones", "scalar", "extend"])
    if kind == "same" or not shape:
        return shape if kind != "extend" else (2,) + shape
    if kind == "suffix":
        return shape[b.integer(1, len(shape)):]
    if kind == "ones":
        axis = b.integer(0, len(shape) - 1)
        return shape[:axis] + (1,) + shape[axis + 1:]
    if kind == "scalar":
        return ()
    return ((2,) + shape) if len(shape) < 2 else (1,) + shape[1:]


def operand(b: Builder, shape: tuple[int, ...], low: float = -1.0, high: float = 1.0) -> str:
    """A second operand: a value computed so far with ``shape``, or a constant."""
    same = [v for v in b.values if v.shape == shape and low <= np.min(v.array, initial=low)
            and np.max(v.array, initial=high) <= high]
    if same and b.flag():
        return b.pick(lambda v: v in same).name
    return b.constant(shape, low, high)


BINARY: dict[str, str] = {
    "+": "{} + {}", "-": "{} - {}", "*": "{} * {}", "/": "{} / {}",
    "np.add": "np.add({}, {})", "np.subtract": "np.subtract({}, {})",
    "np.multiply": "np.multiply({}, {})", "np.divide": "np.divide({}, {})",
    "np.true_divide": "np.true_divide({}, {})", "np.arctan2": "np.arctan2({}, {})",
    "np.hypot": "np.hypot({}, {})", "np.maximum": "np.maximum({}, {})",
    "np.minimum": "np.minimum({}, {})", "np.fmax": "np.fmax({}, {})",
    "np.fmin": "np.fmin({}, {})", "np.copysign": "np.copysign({}, {})",
    "np.power": "np.power({}, {})", "**": "{} ** {}", "special.xlogy": "special.xlogy({}, {})",
    "max()": "max({}, {})", "min()": "min({}, {})", "math.hypot": "math.hypot({}, {})",
    "math.atan2": "math.atan2({}, {})", "math.pow": "math.pow({}, {})",
}
_DENOMINATOR_SECOND = {"/", "np.divide", "np.true_divide"}
_SINGULAR_AT_ORIGIN = {"np.hypot", "math.hypot", "np.arctan2", "math.atan2"}
_TIES = {"np.maximum", "np.minimum", "np.fmax", "np.fmin", "max()", "min()"}
_POSITIVE_FIRST = {"np.power", "**", "math.pow"}
_SCALARS_ONLY = {"max()", "min()", "math.hypot", "math.atan2", "math.pow"}
# the first argument is the one kept away from its kink or domain edge: never swapped
_KINK_IN_FIRST = {"special.xlogy", "np.copysign"}


def binary(name: str) -> Op:
    template = BINARY[name]

    def op(b: Builder, v: Value) -> Value | None:
        if name in _SCALARS_ONLY and v.ndim:
            v = scalar(b, v)
        if name in _POSITIVE_FIRST or name in ("np.copysign", "np.hypot", "np.arctan2"):
            v = positive(b, v) if name in _POSITIVE_FIRST else nonzero(b, v)
        if v is None:
            return None
        shape = () if name in _SCALARS_ONLY else partner_shape(b, v.shape)
        low, high = (0.2, 1.5) if name in _DENOMINATOR_SECOND | {"special.xlogy"} else (-1, 1)
        other = operand(b, shape, low, high)
        first, second = (v.name, other)
        if name in _DENOMINATOR_SECOND and b.flag():  # a value in the denominator
            v = nonzero(b, v)
            if v is None:
                return None
            first, second = operand(b, shape), v.name
        elif name not in _DENOMINATOR_SECOND | _POSITIVE_FIRST | _KINK_IN_FIRST and b.flag():
            first, second = second, first
        if name in _TIES and not _untied(b, first, second):
            return None
        if name in _SINGULAR_AT_ORIGIN and not _off_origin(b, first, second):
            return None
        return b.emit(template.format(first, second), name)

    return op


def _off_origin(b: Builder, first: str, second: str) -> bool:
    """hypot has a kink and arctan2 a singularity where both arguments are 0."""
    a, c = b.evaluate(first), b.evaluate(second)
    return a is not None and c is not None and bool(np.all(
        np.hypot(np.asarray(a, dtype=float), np.asarray(c, dtype=float)) > 0.05))


def _untied(b: Builder, first: str, second: str) -> bool:
    a, c = b.evaluate(first), b.evaluate(second)
    return a is not None and c is not None and away_from(
        np.subtract(np.asarray(a, dtype=float), np.asarray(c, dtype=float)), 0.0, 1e-3)


def integer_power(b: Builder, v: Value) -> Value | None:
    exponent = b.choice([2, 3, -1, -2])
    if exponent < 0:
        v = nonzero(b, v)
    return None if v is None else b.emit(f"{v.name} ** {exponent}", "** int")


def power_of_value(b: Builder, v: Value) -> Value | None:
    v = bounded(2)(b, v)
    base = b.choice(["2.0", "np.e", "0.5"])
    return None if v is None else b.emit(f"{base} ** {v.name}", "number ** value")


def catalogue() -> dict[str, Op]:
    ops: dict[str, Op] = {name: unary(t, d, name) for name, (t, d) in UNARY.items()}
    ops |= {name: unary(t, d, name) for name, (t, d) in MATH_IN_DOMAIN.items()}
    ops |= {name: binary(name) for name in BINARY}
    ops["** int"] = integer_power
    ops["number ** value"] = power_of_value
    return ops
