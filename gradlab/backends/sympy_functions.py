"""numpy's elementwise functions (ufuncs) as SymPy functions, with numpy's meaning.

Each entry matches numpy for real arguments: ``cbrt`` is the real cube root, ``remainder`` takes
the divisor's sign, ``fmod`` the dividend's, comparisons give SymPy relations (``Eq``, not
Python's structural ``==``). ``max_of``/``min_of`` replace SymPy's ``Max``/``Min``, whose
simplification is quadratic in the arguments (seconds for 64) and whose derivative (a
``Heaviside`` of a ``Max``) prints as a huge piecewise expression.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ..errors import BackendError

ENGINE = "sympy"


def ufunc_function(name: str) -> Callable[..., Any] | None:
    """The SymPy function for numpy's ufunc ``name``, or None where gradlab has none."""
    return _table().get(name)


def extreme(name: str, *args: Any) -> Any:
    """max/min of ``args`` (``name`` is "max" or "min"): an expression differentiable in each."""
    return _extremes()[name](*args)


def refuse(function: str, why: str) -> BackendError:
    return BackendError(ENGINE, f"{function} {why}")


def where(condition: Any, a: Any, b: Any) -> Any:
    import sympy

    if isinstance(condition, (bool, int)) or type(condition).__module__ == "numpy":
        return a if bool(condition) else b
    return sympy.Piecewise((a, condition), (b, True))


@functools.cache
def _table() -> dict[str, Callable[..., Any]]:
    import sympy

    def cbrt(x: Any) -> Any:
        return sympy.sign(x) * sympy.Abs(x) ** sympy.Rational(1, 3)

    def log_base(base: int) -> Callable[[Any], Any]:
        return lambda x: sympy.log(x) / sympy.log(base)

    def heaviside(x: Any, h0: Any) -> Any:
        return sympy.Piecewise((0, x < 0), (h0, sympy.Eq(x, 0)), (1, True))

    def rounding(name: str) -> Callable[..., Any]:
        def refuse_rounding(*args: Any) -> Any:
            raise refuse(f"np.{name}", "rounds to an integer, which SymPy has no function for "
                         "with numpy's meaning here")

        return refuse_rounding

    maximum, minimum = _extremes()["max"], _extremes()["min"]
    return {
        "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "arcsin": sympy.asin,
        "arccos": sympy.acos, "arctan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh,
        "tanh": sympy.tanh, "arcsinh": sympy.asinh, "arccosh": sympy.acosh,
        "arctanh": sympy.atanh, "exp": sympy.exp, "exp2": lambda x: 2**x,
        "expm1": lambda x: sympy.exp(x) - 1, "log": sympy.log, "log2": log_base(2),
        "log10": log_base(10), "log1p": lambda x: sympy.log(1 + x), "sqrt": sympy.sqrt,
        "cbrt": cbrt, "absolute": sympy.Abs, "fabs": sympy.Abs, "sign": sympy.sign,
        "square": lambda x: x * x, "reciprocal": lambda x: 1 / x, "negative": lambda x: -x,
        "positive": lambda x: x, "conjugate": sympy.conjugate,
        "floor": sympy.floor, "ceil": sympy.ceiling,
        "trunc": lambda x: sympy.sign(x) * sympy.floor(sympy.Abs(x)),
        "rint": rounding("rint"),
        "deg2rad": lambda x: x * sympy.pi / 180, "rad2deg": lambda x: x * 180 / sympy.pi,
        "degrees": lambda x: x * 180 / sympy.pi, "radians": lambda x: x * sympy.pi / 180,
        "add": lambda a, b: a + b, "subtract": lambda a, b: a - b,
        "multiply": lambda a, b: a * b, "true_divide": lambda a, b: a / b,
        "divide": lambda a, b: a / b, "power": lambda a, b: a**b,
        "float_power": lambda a, b: a**b,
        "arctan2": sympy.atan2, "hypot": lambda a, b: sympy.sqrt(a * a + b * b),
        "maximum": maximum, "minimum": minimum, "fmax": maximum, "fmin": minimum,
        "logaddexp": lambda a, b: sympy.log(sympy.exp(a) + sympy.exp(b)),
        "logaddexp2": lambda a, b: sympy.log(2**a + 2**b) / sympy.log(2),
        # a zero sign argument has a sign bit numpy reads and SymPy has no counterpart for:
        # NaN there, as a factor of |a|, so that the derivative is NaN there too (a NaN branch
        # of its own would be a constant, of derivative 0)
        "copysign": lambda a, b: sympy.Abs(a) * sympy.Piecewise((1, b > 0), (-1, b < 0),
                                                                (sympy.nan, True)),
        "floor_divide": lambda a, b: sympy.floor(a / b),
        "remainder": lambda a, b: a - b * sympy.floor(a / b),
        "mod": lambda a, b: a - b * sympy.floor(a / b),
        "fmod": lambda a, b: a - b * (sympy.sign(a / b) * sympy.floor(sympy.Abs(a / b))),
        "heaviside": heaviside,
        "greater": lambda a, b: sympy.Gt(a, b), "greater_equal": lambda a, b: sympy.Ge(a, b),
        "less": lambda a, b: sympy.Lt(a, b), "less_equal": lambda a, b: sympy.Le(a, b),
        "equal": lambda a, b: sympy.Eq(a, b), "not_equal": lambda a, b: sympy.Ne(a, b),
        "logical_and": sympy.And, "logical_or": sympy.Or, "logical_not": sympy.Not,
        "logical_xor": sympy.Xor,
        "bitwise_and": _logical("&", sympy.And), "bitwise_or": _logical("|", sympy.Or),
        "bitwise_xor": _logical("^", sympy.Xor), "invert": _logical("~", sympy.Not),
    }


def _logical(operator: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``&``, ``|``, ``^``, ``~`` on conditions (``(x > 0) & (x < 1)``), not on integers."""
    import sympy

    def combine(*args: Any) -> Any:
        if not all(isinstance(a, (bool, sympy.logic.boolalg.Boolean)) or
                   type(a).__name__ == "bool" for a in args):
                    raise refuse(f"the operator {operator}", "on numbers (not conditions) has no "
                         "SymPy counterpart here")
        return function(*(bool(a) if not isinstance(a, sympy.Basic) else a for a in args))

    return combine


@functools.cache
def _extremes() -> dict[str, Any]:
    import sympy

    def indicator(args: tuple[Any, ...], index: int, beats: Callable[..., Any],
                  ties: Callable[..., Any]) -> Any:
        """1 where ``args[index]`` is the chosen extreme (the first one on a tie), else 0."""
        chosen = args[index]
        conditions = [beats(chosen, a, evaluate=False) for a in args[:index]]
        conditions += [ties(chosen, a, evaluate=False) for a in args[index + 1:]]
        # unevaluated: SymPy's simplification of 63 conditions takes seconds and changes nothing
        condition = sympy.And(*conditions, evaluate=False) if len(conditions) > 1 else (
            conditions[0])
        return sympy.Piecewise((1, condition), (0, True), evaluate=False)

    class max_of(sympy.Function):  # noqa: N801 (the name users see in expressions)
        @classmethod
        def eval(cls, *args: Any) -> Any:
            if len(args) == 1:
                return args[0]
            if all(a.is_number and a.is_extended_real for a in args):
                return sympy.Max(*args)
            return None

        def fdiff(self, argindex: int = 1) -> Any:
            return indicator(self.args, argindex - 1, sympy.Gt, sympy.Ge)

    class min_of(sympy.Function):  # noqa: N801
        @classmethod
        def eval(cls, *args: Any) -> Any:
            if len(args) == 1:
                return args[0]
            if all(a.is_number and a.is_extended_real for a in args):
                return sympy.Min(*args)
            return None

        def fdiff(self, argindex: int = 1) -> Any:
            return indicator(self.args, argindex - 1, sympy.Lt, sympy.Le)

    return {"max": max_of, "min": min_of}
