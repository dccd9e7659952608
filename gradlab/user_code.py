"""Which code is the user's (scripts, notebooks, their own modules) and which is a library's."""

from __future__ import annotations

import functools
import os
import sysconfig
import types
from typing import Any

_GRADLAB_DIR = os.path.dirname(os.path.abspath(__file__))
_LIBRARY_DIRS = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
) + (_GRADLAB_DIR,)


@functools.lru_cache(maxsize=4096)
def referenced_names(code: types.CodeType) -> frozenset[str]:
    """Global names a code object (and the lambdas/comprehensions nested in it) may load."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= referenced_names(const)
    return frozenset(names)


def is_user_code(func: types.FunctionType) -> bool:
    """True for functions the user wrote (scripts, notebooks), False for installed libraries."""
    return is_user_file(func.__code__.co_filename)


def is_gradlab_code(func: types.FunctionType) -> bool:
    """gradlab's own wrappers around the user's function (``grad(f)(x, *args)``)."""
    return func.__code__.co_filename.startswith(_GRADLAB_DIR)


def is_user_file(filename: str) -> bool:
    return not filename.startswith(_LIBRARY_DIRS)


def is_user_module(value: Any) -> bool:
    """A module the user wrote (``import mymodel``): one loaded from a file outside libraries."""
    if not isinstance(value, types.ModuleType):
        return False
    filename = getattr(value, "__file__", None)
    return isinstance(filename, str) and is_user_file(os.path.abspath(filename))


def user_functions(cls: type) -> dict[str, Any]:
    """The user-written functions (plain, static, class methods, properties) a class reaches,
    by attribute name, the first along the method resolution order winning."""
    found: dict[str, Any] = {}
    seen: set[str] = set()
    for klass in cls.__mro__:
        for name, attribute in vars(klass).items():
            if name not in seen and wraps_user_code(attribute):
                found[name] = attribute
            seen.add(name)
    return found


def wraps_user_code(attribute: Any) -> bool:
    if isinstance(attribute, (staticmethod, classmethod)):
        attribute = attribute.__func__
    elif isinstance(attribute, property):
        attribute = attribute.fget
    return isinstance(attribute, types.FunctionType) and is_user_code(attribute)
