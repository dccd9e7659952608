"""Run the user's function unchanged on an engine's values by rebinding what it refers to.

A user writes ``np.sin(x)``, ``math.exp(y)``, ``from numpy import sin``, calls a helper or a
closure. :func:`rebind` returns a copy of the function whose globals and closure cells point
``numpy``/``math`` (the modules, their submodules and the names imported from them) at an
engine's namespace, and whose user-defined helpers are rebound the same way, recursively.
The user's own function object and module are never modified.

This is public API for engine authors. An autodiff engine whose values numpy cannot take
(tracers, graph nodes, dual numbers) makes the user's ``np.sin`` reach its own ``sin``::

    import numpy as np
    from gradlab.backends import Namespace, rebind, translation_for

    numpy_ns = Namespace("mine", np, {"sin": my_sin, "cos": my_cos}, my_module)
    func = rebind(problem.func, translation_for("mine", numpy_ns))
    func(*my_values)  # np.sin, math.sin and `from numpy import sin` all call my_sin

``Namespace(engine, original, table, module)`` looks a name up in ``table``, then ``module``,
then ``original`` (so ``np.pi`` keeps working); an original function used on the engine's values
raises a BackendError naming it. ``translation_for`` adds the matching stand-in for ``math``.
``rebind`` also works on a parsed string expression (``problem.func`` may be either).
``gradlab.backends.rebind`` (the package's attribute) is the function; import the module's other
names with ``from gradlab.backends.rebind import ...``.
"""

from __future__ import annotations

import math
import sys
import types
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import BackendError
from ..expression import Expression
from ..user_code import is_user_code, is_user_file, referenced_names
from .rebind_objects import Rebinder

__all__ = ["DataArguments", "MATH_TO_NUMPY", "Namespace", "Translation", "is_user_code",
           "is_user_file", "rebind", "referenced_names", "translation_for"]


class Namespace:
    """A numpy-like (or math-like) module for one engine: ``Namespace(engine, original, table,
    module=None, submodules=None)``; ``engine`` names it in error messages, ``original`` is the
    module it stands in for (numpy), ``submodules`` maps e.g. ``"linalg"`` to a Namespace.

    Attributes come from ``table`` first, then from ``module``; anything else falls back to the
    original module (constants such as ``np.pi`` or ``np.newaxis`` keep working) wrapped so that
    a failure names the function the engine has no counterpart for.
    """

    def __init__(self, engine: str, original: types.ModuleType, table: dict[str, Any],
                 module: Any = None, submodules: dict[str, Namespace] | None = None,
                 opaque: type | tuple[type, ...] = ()):
        self._engine = engine
        self._original = original
        self._table = table
        self._module = module
        self._submodules = submodules or {}
        self._opaque = opaque
        self.__name__ = f"gradlab[{engine}].{original.__name__}"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = self._lookup(name)
        setattr(self, name, value)  # found once: later lookups are plain attribute reads
        return value

    def _lookup(self, name: str) -> Any:
        if name in self._submodules:
            return self._submodules[name]
        if name in self._table:
            return self._table[name]
        if self._module is not None:
            try:
                return getattr(self._module, name)
            except AttributeError:
                pass
        value = getattr(self._original, name)
        if callable(value) and not isinstance(value, type):
            return _Unsupported(self._engine, f"{self._original.__name__}.{name}", value,
                                self._opaque)
        return value


class _Unsupported:
    """An original numpy/math function the engine has no counterpart for.

    It still works on plain numbers (constants in the user's code); on an engine's values it
    raises a clear error naming the construct instead of numpy's own obscure one. Values of an
    ``opaque`` type are refused before numpy sees them: numpy takes such an object (a PyTensor
    variable) for one opaque element, so ``np.nanmax(x)`` would return x unreduced, no error.
    """

    def __init__(self, engine: str, qualname: str, original: Callable[..., Any],
                 opaque: type | tuple[type, ...] = ()):
        self.engine, self.qualname, self.original = engine, qualname, original
        self.opaque = opaque

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.opaque and _holds(self.opaque, (args, kwargs)):
            raise BackendError(self.engine, f"{self.qualname} has no {self.engine} counterpart "
                               "in gradlab; use the jax engine", f"{self.qualname}(...)")
        try:
            return self.original(*args, **kwargs)
        except Exception as err:
            raise BackendError(
                self.engine, f"{self.qualname} has no {self.engine} counterpart in gradlab "
                f"({type(err).__name__}: {err})", f"{self.qualname}(...)") from None


def _holds(kind: type | tuple[type, ...], value: Any) -> bool:
    """Whether ``value`` is, or (through lists, tuples, dicts, object arrays) contains, one."""
    if isinstance(value, kind):
        return True
    if isinstance(value, (list, tuple)):
        return any(_holds(kind, item) for item in value)
    if isinstance(value, dict):
        return any(_holds(kind, item) for item in value.values())
    if isinstance(value, np.ndarray) and value.dtype == object:
        return any(_holds(kind, item) for item in value.flat)
    return False


class Translation:
    """The pair of namespaces that replace ``numpy`` and ``math`` for one engine."""

    def __init__(self, numpy: Namespace, math_ns: Namespace):
        self.numpy = numpy
        self.math = math_ns

    def replacement(self, value: Any) -> Any:
        """What ``value`` (a global or a closure cell of user code) becomes, or ``value``."""
        if value is np:
            return self.numpy
        if value is math:
            return self.math
        if isinstance(value, types.ModuleType):
            if value.__name__ == "scipy.special":
                return _SpecialModule(value, self)
            if value.__name__.startswith("numpy."):
                return _submodule(self.numpy, value.__name__)
            return value
        name = getattr(value, "__name__", None)
        if isinstance(name, str) and callable(value) and not isinstance(value, type):
            return self._function(value, name)
        return value

    def _function(self, value: Any, name: str) -> Any:
        """The engine's counterpart of a function imported by name from numpy (or one of its
        submodules), math or scipy.special; ``value`` itself for any other callable."""
        for dotted in _NUMPY_MODULES:
            if getattr(sys.modules.get(dotted), name, None) is value:
                return getattr(_submodule(self.numpy, dotted), name)
        if getattr(math, name, None) is value:
            return getattr(self.math, name)
        if name in SPECIAL_FUNCTIONS and _is_scipy_special(value, name):
            try:  # the engine's own erf/erfc/expit, where it has one
                return getattr(self.numpy, name)
            except AttributeError:
                return value
        return value


# numpy's modules whose functions user code may import by name (``from numpy.linalg import norm``)
_NUMPY_MODULES = ("numpy", "numpy.linalg", "numpy.fft")
# from scipy.special, rebound per engine
SPECIAL_FUNCTIONS = ("erf", "erfc", "expit", "logsumexp", "gammaln", "xlogy")
# numpy functions whose leading positional arguments are data (not shapes, axes or sequences)
_DATA_ARGUMENTS = {
    **dict.fromkeys(("dot", "outer", "inner", "vdot", "matmul", "cross", "kron"), 2),
    **dict.fromkeys(("sum", "prod", "mean", "max", "min", "amax", "amin", "std", "var", "trace",
                     "cumsum", "cumprod", "diff", "clip", "ravel", "transpose", "diag"), 1),
}


def data_arguments(name: str) -> int:
    """How many leading positional arguments of numpy's ``name`` are array data."""
    function = getattr(np, name, None)
    if isinstance(function, np.ufunc):
        return function.nin
    return _DATA_ARGUMENTS.get(name, 0)


class DataArguments:
    """A numpy-like module whose functions convert Python numbers/lists in their data arguments.

    jax.numpy refuses lists (``np.outer([x, y], w)``); PyTensor makes int8 constants of Python
    ints (``pt.log(2)`` then computes in float32). Shapes, axes and sequences pass untouched.
    """

    def __init__(self, module: Any, convert: Callable[[Any], Any]):
        self._module, self._convert = module, convert

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._module, name)
        count = data_arguments(name)
        if not count or not callable(value) or isinstance(value, type):
            return value
        return _ConvertedCall(value, count, self._convert)

    def __dir__(self) -> list[str]:
        return dir(self._module)


class _ConvertedCall:
    """A function whose first ``count`` positional arguments are converted; its attributes
    (a ufunc's ``outer``, ``reduce``, ``accumulate``) are the function's own."""

    def __init__(self, function: Callable[..., Any], count: int,
                 convert: Callable[[Any], Any]):
        self._function, self._count, self._convert = function, count, convert

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        count, convert = self._count, self._convert
        args = tuple(convert(a) if i < count else a for i, a in enumerate(args))
        return self._function(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._function, name)


class _SpecialModule:
    """scipy.special as seen by an engine: erf/erfc/expit rebound, the rest as it is."""

    def __init__(self, module: types.ModuleType, translation: Translation):
        self._module, self._translation = module, translation

    def __getattr__(self, name: str) -> Any:
        return self._translation.replacement(getattr(self._module, name))


def _is_scipy_special(value: Any, name: str) -> bool:
    special = sys.modules.get("scipy.special")
    return special is not None and getattr(special, name, None) is value


def _submodule(namespace: Namespace, dotted: str) -> Any:
    target: Any = namespace
    for part in dotted.split(".")[1:]:
        target = getattr(target, part)
    return target


def rebind(func: Callable[..., Any], translation: Translation) -> Callable[..., Any]:
    """A copy of ``func`` that reaches ``translation``'s namespaces wherever it used numpy/math."""
    if isinstance(func, Expression):
        return func.bind(translation.numpy)
    return Rebinder(translation).function(func)


# math name -> numpy name, for engines whose numpy namespace replaces math as well
MATH_TO_NUMPY = {
    "sin": "sin", "cos": "cos", "tan": "tan", "asin": "arcsin", "acos": "arccos",
    "atan": "arctan", "atan2": "arctan2", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh",
    "asinh": "arcsinh", "acosh": "arccosh", "atanh": "arctanh", "exp": "exp", "exp2": "exp2",
    "expm1": "expm1", "log2": "log2", "log10": "log10", "log1p": "log1p", "sqrt": "sqrt",
    "cbrt": "cbrt", "pow": "power", "fabs": "abs", "hypot": "hypot", "floor": "floor",
    "ceil": "ceil", "copysign": "copysign", "degrees": "degrees", "radians": "radians",
}


# math name -> numpy name, where the engine's numpy namespace may have it
MATH_EXTRAS = {"erf": "erf", "erfc": "erfc", "lgamma": "gammaln"}
_NUMBERS = (int, float, np.integer, np.floating)


def math_namespace(engine: str, numpy_ns: Any) -> Namespace:
    """A stand-in for ``math`` whose functions take engine values as ``numpy_ns``'s do, and
    plain numbers as ``math``'s do (``math.floor(2.5)`` stays the int 2)."""

    def log(x: Any, base: Any = None) -> Any:
        return numpy_ns.log(x) if base is None else numpy_ns.log(x) / numpy_ns.log(base)

    def hypot(*values: Any) -> Any:  # math.hypot takes any number of coordinates
        if len(values) == 2:
            return numpy_ns.hypot(*values)
        return numpy_ns.sqrt(sum(v * v for v in values))

    engine_functions = {m: getattr(numpy_ns, n) for m, n in MATH_TO_NUMPY.items()}
    for m, n in MATH_EXTRAS.items():
        try:
            engine_functions[m] = getattr(numpy_ns, n)
        except AttributeError:
            pass  # the engine has none: math's own, refused on engine values
    engine_functions |= {"log": log, "hypot": hypot}
    table = {m: _numbers_to_math(getattr(math, m), f) for m, f in engine_functions.items()}
    return Namespace(engine, math, table)


def _numbers_to_math(original: Callable[..., Any], engine: Callable[..., Any]
                     ) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        if all(isinstance(a, _NUMBERS) for a in args):
            return original(*args)
        return engine(*args)

    return call


def translation_for(engine: str, numpy_ns: Namespace) -> Translation:
    """What :func:`rebind` needs: ``numpy_ns`` for numpy, and a math stand-in built from it
    (``math.exp(x)`` calls ``numpy_ns.exp`` on the engine's values, math's own on numbers)."""
    return Translation(numpy_ns, math_namespace(engine, numpy_ns))
