"""What a function really is, as a hashable key: its code and the *contents* of what it reads.

Compiled gradients (a JAX trace, a PyTensor graph, SymPy expressions) bake in the values a
function reads from globals, closures, defaults, its own attributes, ``self`` and the user's
modules and classes. The key therefore holds those values by content — numbers by value,
arrays (numpy, pandas, anything with ``__array__``) by a digest of their bytes, containers and
objects item by item, helpers by their code and what *they* read — so ``A[0] = 10``,
``mydata.K = 5`` or ``Model.SCALE = 4`` in a notebook recompiles, while re-running an
unchanged cell reuses the compile. What cannot be read by content is never equal to anything
(the gradient is recompiled, never stale); library functions, modules and classes, which the
user does not edit, are held by identity (and kept alive by the key, so an id is never reused).
"""

from __future__ import annotations

import collections
import functools
import hashlib
import pickle
import sys
import types
from collections.abc import Hashable
from typing import Any

import numpy as np

from .user_code import is_gradlab_code, is_user_code, is_user_module, referenced_names
from .watch import DataWatch, IgnoredReads

MAX_ITEMS = 10_000  # longer containers of non-numbers are not keyed item by item
MAX_DEPTH = 12  # nesting of containers and objects
_SCALARS = (type(None), bool, int, float, complex, str, bytes)
# keyed by what they are, never by identity: code (a bound method is a new object at each
# access) and immutable containers (their items are keyed by identity themselves)
_IMMUTABLE = (types.FunctionType, types.MethodType, types.ModuleType, type, staticmethod,
              classmethod, property, functools.partial, tuple, frozenset, range, slice)
_LIBRARY_PARTS = (types.BuiltinFunctionType, types.MemberDescriptorType,
                  types.GetSetDescriptorType, types.WrapperDescriptorType, np.ufunc)


class Same:
    """Hashable identity wrapper that keeps its object alive."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any):
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.obj is self.obj


class Unreadable:
    """A value whose contents cannot be keyed: equal only to itself, so never a cache hit."""

    __slots__ = ("what",)

    def __init__(self, what: str):
        self.what = what

    def __repr__(self) -> str:
        return f"Unreadable({self.what})"


def function_key(func: Any, identity: bool = False) -> Hashable:
    """The key of any callable the user hands to gradlab.

    With ``identity``, the data and objects it reaches are held by identity as well as by
    content: for a gradient that runs the user's code at call time (dual numbers, finite
    differences), which reads the very objects it was built with, an equal copy is not the same.
    """
    return _Keyer(identity).key(func)


def content_key(value: Any, identity: bool = False) -> Hashable:
    """A hashable stand-in for ``value`` that changes when its contents change."""
    return _Keyer(identity).key(value)


def watch_reads(func: Any) -> DataWatch:
    """Where ``func`` reads its data from, and what it found there (``watch``): one walk of
    its key, recording each global, cell, attribute, container and array it reaches."""
    watch = DataWatch()
    _Keyer(watch=watch).key(func)
    return watch


def array_digest(array: np.ndarray) -> tuple[Any, ...]:
    """dtype, shape and a digest of the bytes of a numeric array (no copy when contiguous)."""
    raw = np.ascontiguousarray(array).reshape(-1).view(np.uint8)  # any dtype, 0-d, empty
    digest = hashlib.sha256(raw.data).digest()  # hardware-accelerated on current CPUs: 2x blake2b
    return ("ndarray", array.dtype, array.shape, digest)


class _Keyer:
    """One walk over what a value reaches; a value met again is keyed by its first visit."""

    def __init__(self, identity: bool = False, watch: IgnoredReads | None = None) -> None:
        self.identity = identity
        self.watch = watch or IgnoredReads()  # told every place data is read from
        self.visits: dict[int, int] = {}
        self.keep: list[Any] = []  # visited values stay alive while their ids are remembered

    def key(self, value: Any, depth: int = 0, held: bool = True) -> Hashable:
        """``value``'s key; ``held=False`` for a value gradlab derived (a state dict, a column)
        or one its owner never hands out, which has no identity of its own to keep."""
        if not held and self.identity:
            self.identity = False
            try:
                return self.key(value, depth)
            finally:
                self.identity = True
        if isinstance(value, _SCALARS):
            return (type(value), value)
        if isinstance(value, np.generic):
            return (type(value), value.item())
        if id(value) in self.visits:
            return ("again", self.visits[id(value)])
        self.visits[id(value)] = len(self.visits)
        self.keep.append(value)
        if isinstance(value, np.ndarray) and value.dtype != object:
            self.watch.array(value)
            return self._held(value, array_digest(value))
        if depth > MAX_DEPTH:
            return Unreadable("nested too deep")
        try:
            return self._held(value, self._compound(value, depth + 1))
        except Exception as err:  # a property or __array__ that raises: never a stale hit
            return Unreadable(f"{type(value).__name__}: {type(err).__name__}")

    def _held(self, value: Any, content: Hashable) -> Hashable:
        """``content``, plus the value's identity when data is keyed by identity too."""
        if not self.identity or isinstance(value, _IMMUTABLE):
            return content
        return ("same", Same(value), content)

    def _compound(self, value: Any, depth: int) -> Hashable:
        if isinstance(value, types.FunctionType):
            keyed = is_user_code(value) or is_gradlab_code(value)
            return self._function(value) if keyed else Same(value)
        if isinstance(value, types.MethodType):
            return ("method", self.key(value.__func__, depth), self.key(value.__self__, depth))
        if isinstance(value, types.ModuleType):
            return self._module(value, depth) if is_user_module(value) else Same(value)
        if isinstance(value, type):
            return self._class(value, depth) if _is_user_class(value) else Same(value)
        if isinstance(value, (staticmethod, classmethod)):
            return (type(value), self.key(value.__func__, depth))
        if isinstance(value, property):
            return ("property", self.key(value.fget, depth), self.key(value.fset, depth))
        if isinstance(value, functools.partial):
            return ("partial", self.key(value.func, depth), self.key(value.args, depth),
                    self.key(value.keywords, depth, held=False))
        if isinstance(value, _LIBRARY_PARTS):
            return Same(value)
        if _is_user_class(type(value)):
            self._watch_state(value)
            return ("object", self.key(type(value), depth),
                    self.key(_state(value), depth, held=False))
        return self._data(value, depth)

    def _function(self, func: types.FunctionType) -> Hashable:
        names = sorted(referenced_names(func.__code__))
        imported = tuple((n, self.key(sys.modules[n])) for n in names  # import written inside
                         if n not in func.__globals__ and is_user_module(sys.modules.get(n)))
        self.watch.code_names(names)
        names = [n for n in names if n in func.__globals__]
        for name in names:
            self.watch.name(func.__globals__, name)
        cells = []
        for cell in func.__closure__ or ():
            self.watch.cell(cell)
            try:
                cells.append(self.key(cell.cell_contents))
            except ValueError:  # an empty cell (not assigned yet)
                cells.append(("empty",))
        return ("function", func.__code__,
                tuple((n, self.key(func.__globals__[n])) for n in names), imported, tuple(cells),
                self.key(func.__defaults__), self.key(func.__kwdefaults__, held=False),
                self.key(func.__dict__, held=False))

    def _module(self, module: types.ModuleType, depth: int) -> Hashable:
        """A module of the user's: everything in it (what its functions read is in it too)."""
        items = sorted((item for item in vars(module).items() if not item[0].startswith("__")),
                       key=_name)
        self.watch.namespace(vars(module))
        return ("module", module.__name__, tuple((n, self.key(v, depth)) for n, v in items))

    def _class(self, cls: type, depth: int) -> Hashable:
        """A class of the user's: its methods and class attributes, along its bases."""
        layers: list[Hashable] = []
        for klass in cls.__mro__:
            if klass is object or not _is_user_class(klass):
                layers.append(Same(klass))
                continue
            items = sorted((item for item in vars(klass).items() if _class_content(*item)),
                           key=_name)
            for name, _ in items:
                self.watch.name(vars(klass), name)
            layers.append(tuple((n, self.key(v, depth)) for n, v in items))
        return ("class", cls.__qualname__, tuple(layers))

    def _data(self, value: Any, depth: int) -> Hashable:
        if isinstance(value, np.ndarray):  # of objects
            return self._items(value.ravel().tolist(), depth, ("objects", value.shape))
        if isinstance(value, (list, collections.deque, dict, set)):
            self.watch.items(value)
        if isinstance(value, (list, tuple, collections.deque)):
            return self._items(value, depth, type(value))
        if isinstance(value, dict):
            return self._items(list(value.items()), depth, type(value))
        if isinstance(value, (set, frozenset)):
            if len(value) > MAX_ITEMS:
                return Unreadable("long set")
            return ("set", type(value), frozenset(self.key(v, depth) for v in value))
        if isinstance(value, (range, slice)):
            return (type(value), repr(value))
        if hasattr(value, "__array__") and not callable(value):
            return self._array_like(value, depth)
        state = _state(value)
        if state is not None:  # a library's object: its attributes
            self._watch_state(value)
            return ("object", self.key(type(value), depth), self.key(state, depth, held=False))
        if callable(value):  # a builtin function, a ufunc: the library's, not edited
            return Same(value)
        return _pickled(value)

    def _watch_state(self, value: Any) -> None:
        """An object's attributes, as ``_state`` reads them, for the watch."""
        if isinstance(getattr(value, "__dict__", None), dict):
            self.watch.items(value.__dict__)
        for klass in type(value).__mro__:
            slots = vars(klass).get("__slots__", ())
            for name in (slots,) if isinstance(slots, str) else slots:
                if name not in ("__dict__", "__weakref__"):
                    self.watch.attribute(value, name)

    def _items(self, items: Any, depth: int, tag: Any) -> Hashable:
        if len(items) > MAX_ITEMS:
            numeric = _numeric_array(items)
            return (tag, array_digest(numeric)) if numeric is not None else Unreadable("long")
        return (tag, tuple(self.key(v, depth) for v in items))

    def _array_like(self, value: Any, depth: int) -> Hashable:
        """pandas Series/DataFrame/Index, xarray, jax arrays...: their values, column by
        column for a table (mixed dtypes), with their labels (watched by this content: an edit
        in place may replace the arrays it hands out; what it hands out to key it is not
        watched on its own)."""
        self.watch.array_like(value, lambda: _Keyer().key(value))
        watch, self.watch = self.watch, IgnoredReads()
        try:
            return self._array_like_key(value, depth)
        finally:
            self.watch = watch

    def _array_like_key(self, value: Any, depth: int) -> Hashable:
        columns = getattr(value, "columns", None)
        if columns is not None and hasattr(value, "__getitem__"):
            try:
                parts = [self.key(np.asarray(value[c]), depth, held=False) for c in columns]
            except Exception:
                return Unreadable(type(value).__name__)
            data: Hashable = tuple(parts)
        else:
            data = self.key(np.asarray(value), depth, held=False)
        labels = tuple(self.key(getattr(value, name, None), depth)
                       for name in ("index", "columns", "name"))
        return ("array-like", Same(type(value)), data, labels)


def _name(item: tuple[str, Any]) -> str:
    return item[0]


def _class_content(name: str, value: Any) -> bool:
    """Whether a class attribute is the user's content: methods and data, not internals."""
    if isinstance(value, (types.FunctionType, staticmethod, classmethod, property)):
        return True
    return not (name.startswith("__") and name.endswith("__")) and not name.startswith("_abc_")


def _is_user_class(cls: type) -> bool:
    module = sys.modules.get(cls.__module__)
    if cls.__module__ == "__main__" or is_user_module(module):
        return True
    return any(isinstance(v, types.FunctionType) and is_user_code(v) for v in vars(cls).values())


def _state(value: Any) -> Any:
    """An object's attributes (``__dict__`` and ``__slots__``), or None when it has none."""
    state: dict[str, Any] = dict(getattr(value, "__dict__", None) or {})
    for klass in type(value).__mro__:
        slots = vars(klass).get("__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if name not in ("__dict__", "__weakref__") and hasattr(value, name):
                state[name] = getattr(value, name)
    if state or hasattr(value, "__dict__"):
        return state
    return None


def _numeric_array(items: Any) -> np.ndarray | None:
    try:
        array = np.asarray(items)
    except (TypeError, ValueError):
        return None
    return array if array.dtype.kind in "biufc" else None


def _pickled(value: Any) -> Hashable:
    """Objects with neither attributes nor items (a random Generator...): their pickled
    state; never equal when they cannot be pickled."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return Unreadable(type(value).__name__)
    return ("pickled", Same(type(value)), hashlib.blake2b(data, digest_size=16).digest())
