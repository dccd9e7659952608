"""Copy the user's code so that it reaches an engine's namespaces wherever it reached numpy/math.

Functions are copied with new globals, closure cells and defaults; helpers they call are copied
the same way, recursively, wherever they are found: in globals, closures, defaults, containers
(``OPS = {"f": lambda x: np.sin(x)}``), the user's own modules (``mymodel.energy(x)``), bound
methods and callable objects (their class's methods, with the object's state shared). The
user's own functions, objects and modules are never modified.
"""

from __future__ import annotations

import abc
import builtins
import functools
import types
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from ..user_code import (
    is_user_code,
    is_user_module,
    referenced_names,
    user_functions,
    wraps_user_code,
)

MAX_ITEMS = 10_000  # containers longer than this are not searched for functions
MAX_DEPTH = 4
_PLAIN = (int, float, complex, str, bytes, type(None), np.ndarray, np.generic)


class EngineTranslation(Protocol):
    numpy: Any

    def replacement(self, value: Any) -> Any: ...


class ModuleView(types.ModuleType):
    """A module as the engine sees it: each attribute read goes through ``resolve``."""

    def __init__(self, module: types.ModuleType, resolve: Callable[[Any], Any]):
        super().__init__(module.__name__, module.__doc__)
        vars(self)["_gradlab_view"] = (module, resolve)

    def __getattr__(self, name: str) -> Any:
        module, resolve = vars(self)["_gradlab_view"]
        return resolve(getattr(module, name))


class _CopiedClass(type):
    """The metaclass of class copies: ``isinstance(obj, Copy)`` answers for the original
    class, so that the user's isinstance checks branch as they do in numpy."""

    _gradlab_original: type

    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, cls._gradlab_original) or type.__instancecheck__(cls, obj)

    def __subclasscheck__(cls, subclass: type) -> bool:
        return issubclass(subclass, cls._gradlab_original) or type.__subclasscheck__(cls, subclass)


class _CopiedAbstractClass(_CopiedClass, abc.ABCMeta):
    pass


# the metaclass of a user's class -> the metaclass of its copy (other metaclasses: no copy)
_COPY_METACLASSES: dict[type, type] = {type: _CopiedClass, abc.ABCMeta: _CopiedAbstractClass}


class Rebinder:
    """Copies made for one engine, memoised so that shared and recursive references stay so."""

    def __init__(self, translation: EngineTranslation):
        self.translation = translation
        self.memo: dict[int, Any] = {}
        self.keep: list[Any] = []  # originals stay alive while the memo holds their ids
        self.builtins = self._builtins()

    def value(self, value: Any, depth: int = 0) -> Any:
        """What ``value`` (a global, a cell, a default, an attribute) becomes for the engine."""
        if id(value) in self.memo:
            return self.memo[id(value)]
        if isinstance(value, types.FunctionType):
            return self.function(value) if is_user_code(value) else self._replace(value)
        if isinstance(value, types.MethodType):
            return self._method(value)
        if isinstance(value, functools.partial):
            return functools.partial(self.value(value.func), *value.args, **value.keywords)
        if _is_cached_user_function(value):  # functools.cache: engine values are not numbers
            return self.function(value.__wrapped__)
        if is_user_module(value) or (isinstance(value, types.ModuleType)
                                     and value.__name__ == "scipy"):
            return self._remember(value, ModuleView(value, self.value))
        if isinstance(value, (list, tuple, dict)) and depth < MAX_DEPTH:
            return self._container(value, depth)
        if isinstance(value, type):
            return self._class(value) or value
        if _is_user_object(value):
            return self._object(value)
        return self._replace(value)

    def function(self, func: Any) -> Any:
        """A copy of the user's function ``func`` reaching the engine's namespaces."""
        if not isinstance(func, types.FunctionType):
            return self.value(func)
        if id(func) in self.memo:
            return self.memo[id(func)]
        names = referenced_names(func.__code__)
        new_globals = dict(func.__globals__) if "globals" in names else {}  # globals()["A"]
        new_globals.update(__builtins__=self.builtins, __name__=func.__globals__.get("__name__"))
        cells = tuple(types.CellType() for _ in func.__closure__ or ()) or None
        copy = types.FunctionType(func.__code__, new_globals, func.__name__, None, cells)
        self._remember(func, copy)  # first: helpers (and the function itself) may recurse
        for name in names:
            if name in func.__globals__:
                new_globals[name] = self.value(func.__globals__[name])
        for new, old in zip(cells or (), func.__closure__ or ()):
            try:
                new.cell_contents = self.value(old.cell_contents)
            except ValueError:  # an empty cell (not assigned yet) stays empty
                pass
        if func.__defaults__ is not None:
            copy.__defaults__ = tuple(self.value(v) for v in func.__defaults__)
        if func.__kwdefaults__ is not None:
            copy.__kwdefaults__ = {k: self.value(v) for k, v in func.__kwdefaults__.items()}
        copy.__dict__ = func.__dict__  # attributes the function reads from itself, shared
        copy.__qualname__ = func.__qualname__
        return copy

    def _replace(self, value: Any) -> Any:
        return self.translation.replacement(value)

    def _remember(self, original: Any, copy: Any) -> Any:
        self.memo[id(original)] = copy
        self.keep.append(original)
        return copy

    def _method(self, method: types.MethodType) -> Any:
        func = method.__func__
        if not (isinstance(func, types.FunctionType) and is_user_code(func)):
            return method
        return types.MethodType(self.function(func), self.value(method.__self__))

    def _container(self, value: Any, depth: int) -> Any:
        """A copy holding rebound functions, or ``value`` itself when nothing in it changes."""
        if len(value) > MAX_ITEMS or not _rebuildable(value):
            return value
        items = value.items() if isinstance(value, dict) else enumerate(value)
        changed = {k: new for k, v in items if (new := self.value(v, depth + 1)) is not v}
        if not changed:
            return value
        if isinstance(value, dict):
            return self._remember(value, {**value, **changed})
        rebuilt = [changed.get(i, v) for i, v in enumerate(value)]
        if isinstance(value, list):
            return self._remember(value, rebuilt)
        return self._remember(value, type(value)._make(rebuilt) if hasattr(value, "_make")
                              else tuple(rebuilt))

    def _object(self, obj: Any) -> Any:
        """The object as an instance of a copy of its class whose methods are rebound; its
        attributes are the original's (the same ``__dict__``), so state is shared."""
        cls = self._class(type(obj))
        if cls is None:
            return obj
        try:
            copy: object = object.__new__(cls)
            object.__setattr__(copy, "__dict__", obj.__dict__)
        except (TypeError, AttributeError):
            return obj
        return self._remember(obj, copy)

    def _class(self, cls: type) -> type | None:
        """A copy of the user's class ``cls`` whose methods are rebound, its user-written bases
        copied too (so that ``super()`` reaches rebound methods); None to keep ``cls``."""
        if id(cls) in self.memo:
            return self.memo[id(cls)]
        if not user_functions(cls) or not _copyable(cls):
            return None
        bases = tuple(self._class(b) if user_functions(b) else b for b in cls.__bases__)
        if None in bases:
            return None
        namespace = {k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__")}
        namespace |= {"__qualname__": cls.__qualname__, "_gradlab_original": cls}
        if not any("__getattribute__" in vars(k) for k in cls.__mro__[:-1]):
            namespace["__getattribute__"] = self._attribute_reader()
        copy = _COPY_METACLASSES[type(cls)](cls.__name__, bases, namespace)
        self._remember(cls, copy)  # first: methods may name their own class
        for name, attribute in vars(cls).items():
            if wraps_user_code(attribute):
                setattr(copy, name, self._attribute(attribute))
        return copy

    def _attribute_reader(self) -> Callable[[Any, str], Any]:
        """``__getattribute__`` of class copies: what an object holds (``self.part``, a
        function in ``self.ops``) is rebound as it is read."""
        value = self.value

        def __getattribute__(obj: Any, name: str) -> Any:  # noqa: N807 (the special method)
            found = object.__getattribute__(obj, name)
            if name in object.__getattribute__(obj, "__dict__") and not isinstance(found, _PLAIN):
                return value(found)
            return found

        return __getattribute__

    def _attribute(self, attribute: Any) -> Any:
        if isinstance(attribute, staticmethod):
            return staticmethod(self.function(attribute.__func__))
        if isinstance(attribute, classmethod):
            return classmethod(self.function(attribute.__func__))
        if isinstance(attribute, property):
            return property(self.function(attribute.fget), attribute.fset, attribute.fdel,
                            attribute.__doc__)
        return self.function(attribute)

    def _builtins(self) -> dict[str, Any]:
        """Builtins whose ``__import__`` hands out the engine's namespaces (``import numpy as
        np`` or ``from mymodel import energy`` written inside a function), and whose ``max``
        and ``min`` of two engine values are the engine's elementwise maximum and minimum."""
        value = self.value

        def gradlab_import(*args: Any, **kwargs: Any) -> Any:
            return value(builtins.__import__(*args, **kwargs))

        return {**vars(builtins), "__import__": gradlab_import,
                "max": self._pairwise("maximum", builtins.max),
                "min": self._pairwise("minimum", builtins.min)}

    def _pairwise(self, numpy_name: str, python: Callable[..., Any]) -> Callable[..., Any]:
        numpy = self.translation.numpy

        def choose(*args: Any, **kwargs: Any) -> Any:  # max(x, 0) on a symbol, tracer, ...
            if len(args) == 2 and not kwargs and not all(
                    isinstance(a, (int, float, np.number)) for a in args):
                return getattr(numpy, numpy_name)(*args)
            return python(*args, **kwargs)

        return choose


def _copyable(cls: type) -> bool:
    """A class whose copy behaves as it does: a plain (or abstract) class with no slots, no
    subclass hook and no exception behaviour to preserve."""
    user_classes = [k for k in cls.__mro__ if user_functions(k)]
    return (type(cls) in _COPY_METACLASSES and not issubclass(cls, BaseException)
            and not any("__init_subclass__" in vars(k) for k in cls.__mro__[:-1])
            and not any("__slots__" in vars(k) for k in user_classes))


def _is_cached_user_function(value: Any) -> bool:
    wrapped = getattr(value, "__wrapped__", None)
    return (hasattr(value, "cache_info") and isinstance(wrapped, types.FunctionType)
            and is_user_code(wrapped))


def _rebuildable(value: Any) -> bool:
    kind = type(value)
    return kind in (list, dict, tuple) or (isinstance(value, tuple) and hasattr(value, "_make"))


def _is_user_object(value: Any) -> bool:
    """An instance of a class the user wrote, with methods to rebind."""
    return not isinstance(value, types.ModuleType) and hasattr(value, "__dict__") and bool(
        user_functions(type(value)))
