"""What a function really is, as a hashable key: its code and the *contents* of what it reads.

Compiled gradients (a JAX trace, a PyTensor graph, SymPy expressions) bake in the values a
function reads from globals, closures, defaults and ``self``. The key therefore holds those
values by content — numbers by value, numpy arrays by a digest of their bytes, lists, dicts and
plain objects item by item — so changing ``A[0] = 10`` in a notebook recompiles, while
re-running an unchanged cell reuses the compile. Modules, classes and other callables are held
by identity (and kept alive by the key, so an id is never reused while the key lives).
"""

from __future__ import annotations

import functools
import hashlib
import types
from typing import Any

import numpy as np

from .translate import is_user_code, referenced_names

MAX_ITEMS = 10_000  # longer containers are keyed by identity
MAX_DEPTH = 4


class Same:
    """Hashable identity wrapper that keeps its object alive."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any):
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.obj is self.obj


def function_key(func: Any) -> tuple[Any, ...]:
    """The key of any callable the user hands to gradlab."""
    seen: dict[int, Any] = {}
    _function(func, seen)
    return tuple(seen.values())


def _function(func: Any, seen: dict[int, Any]) -> None:
    if id(func) in seen:
        return
    if isinstance(func, types.MethodType):
        seen[id(func)] = ("self", content_key(func.__self__))
        _function(func.__func__, seen)
    elif isinstance(func, functools.partial):
        seen[id(func)] = ("partial", content_key(func.args), content_key(func.keywords))
        _function(func.func, seen)
    elif isinstance(func, types.FunctionType):
        _plain_function(func, seen)
    elif isinstance(getattr(func, "__dict__", None), dict) and not isinstance(func, type):
        seen[id(func)] = (Same(type(func)), content_key(vars(func)))  # a callable object
        call = vars(type(func)).get("__call__")
        if isinstance(call, types.FunctionType):
            _function(call, seen)
    else:  # a builtin, a ufunc
        seen[id(func)] = Same(func)


def _plain_function(func: types.FunctionType, seen: dict[int, Any]) -> None:
    seen[id(func)] = func.__code__  # by value: re-running an unchanged cell reuses the compile
    values = [func.__globals__[n] for n in sorted(referenced_names(func.__code__))
              if n in func.__globals__]
    for cell in func.__closure__ or ():
        try:
            values.append(cell.cell_contents)
        except ValueError:
            values.append(None)
    values.extend(func.__defaults__ or ())
    values.extend((func.__kwdefaults__ or {}).values())
    for value in values:
        if isinstance(value, (types.FunctionType, types.MethodType)) and is_user_code(
                getattr(value, "__func__", value)):
            _function(value, seen)
        else:
            seen[-len(seen) - 1] = content_key(value)


def content_key(value: Any, depth: int = 0) -> Any:
    """A hashable stand-in for ``value`` that changes when its contents change."""
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        return (type(value), value)
    if isinstance(value, np.generic):
        return (type(value), value.item())
    if isinstance(value, np.ndarray) and value.dtype != object:
        digest = hashlib.blake2b(np.ascontiguousarray(value).tobytes(), digest_size=16)
        return ("ndarray", value.shape, value.dtype.str, digest.digest())
    if isinstance(value, (types.ModuleType, type)) or callable(value) or depth >= MAX_DEPTH:
        return Same(value)
    if isinstance(value, (list, tuple, np.ndarray)) and len(value) <= MAX_ITEMS:
        return (type(value), tuple(content_key(v, depth + 1) for v in value))
    if isinstance(value, dict) and len(value) <= MAX_ITEMS:
        return ("dict", tuple((repr(k), content_key(v, depth + 1)) for k, v in value.items()))
    if hasattr(value, "__dict__"):
        return (Same(type(value)), content_key(vars(value), depth + 1))
    return Same(value)
